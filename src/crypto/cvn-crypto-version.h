/* cvn-crypto-version.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* OpenSSL, compiled and running. */
void cvn_crypto_append_versions (GString *out);

G_END_DECLS
