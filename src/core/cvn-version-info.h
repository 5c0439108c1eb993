/* cvn-version-info.h: lines for the About window's debug information.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Appends "NAME: compiled against X, running Y\n" (or one version when both agree). */
void cvn_version_info_append (GString    *out,
                              const char *name,
                              const char *compiled,
                              const char *running);

/* GLib, the only library core links. */
void cvn_core_append_versions (GString *out);

G_END_DECLS
