/* cvn-version-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-version-info.h"

void
cvn_version_info_append (GString    *out,
                         const char *name,
                         const char *compiled,
                         const char *running)
{
  g_return_if_fail (out != NULL);
  g_return_if_fail (name != NULL);

  if (running == NULL || g_strcmp0 (compiled, running) == 0)
    g_string_append_printf (out, "- %s: %s\n", name, compiled ? compiled : "unknown");
  else
    g_string_append_printf (out, "- %s: compiled against %s, running %s\n",
                            name, compiled ? compiled : "unknown", running);
}

void
cvn_core_append_versions (GString *out)
{
  g_autofree char *compiled = g_strdup_printf ("%d.%d.%d", GLIB_MAJOR_VERSION,
                                               GLIB_MINOR_VERSION, GLIB_MICRO_VERSION);
  g_autofree char *running = g_strdup_printf ("%u.%u.%u", glib_major_version,
                                              glib_minor_version, glib_micro_version);

  cvn_version_info_append (out, "GLib", compiled, running);
}
