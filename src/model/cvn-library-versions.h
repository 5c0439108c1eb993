/* cvn-library-versions.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The compile-time and run-time versions of every library below the UI: GLib, GStreamer,
 * OpenSSL, libnice, libsrtp2, one per line, for the About window's debug information. */
char *cvn_library_versions_dup_text (void);

G_END_DECLS
