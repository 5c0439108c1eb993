/* cvn-crypto-version.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <openssl/crypto.h>
#include <openssl/opensslv.h>

#include "cvn-crypto-version.h"
#include "cvn-version-info.h"

void
cvn_crypto_append_versions (GString *out)
{
  cvn_version_info_append (out, "OpenSSL", OPENSSL_VERSION_STR, OpenSSL_version (OPENSSL_VERSION_STRING));
}
