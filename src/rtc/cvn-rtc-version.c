/* cvn-rtc-version.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <srtp2/srtp.h>

#include "cvn-rtc-version.h"
#include "cvn-version-info.h"

void
cvn_rtc_append_versions (GString *out)
{
  /* libnice has no run-time version call; its pkg-config version is what we built with. */
  cvn_version_info_append (out, "libnice", CVN_NICE_VERSION, NULL);
  /* srtp_get_version_string() answers "libsrtp2 2.5.0": keep only the number. */
  const char *running = srtp_get_version_string ();
  if (running != NULL && g_str_has_prefix (running, "libsrtp2 "))
    running += strlen ("libsrtp2 ");
  cvn_version_info_append (out, "libsrtp2", CVN_SRTP_VERSION, running);
}
