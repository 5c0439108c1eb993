/* cvn-media-version.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gst/gst.h>

#include "cvn-media-version.h"
#include "cvn-version-info.h"

void
cvn_media_append_versions (GString *out)
{
  g_autofree char *compiled = g_strdup_printf ("%d.%d.%d", GST_VERSION_MAJOR,
                                               GST_VERSION_MINOR, GST_VERSION_MICRO);
  guint major, minor, micro, nano;
  g_autofree char *running = NULL;

  gst_version (&major, &minor, &micro, &nano);
  running = g_strdup_printf ("%u.%u.%u", major, minor, micro);
  cvn_version_info_append (out, "GStreamer", compiled, running);
}
