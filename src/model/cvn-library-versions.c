/* cvn-library-versions.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-crypto-version.h"
#include "cvn-library-versions.h"
#include "cvn-media-version.h"
#include "cvn-rtc-version.h"
#include "cvn-version-info.h"

char *
cvn_library_versions_dup_text (void)
{
  GString *out = g_string_new (NULL);

  cvn_core_append_versions (out);
  cvn_media_append_versions (out);
  cvn_crypto_append_versions (out);
  cvn_rtc_append_versions (out);

  return g_string_free (out, FALSE);
}
