/* cvn-rtc-version.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* libnice and libsrtp2. */
void cvn_rtc_append_versions (GString *out);

G_END_DECLS
