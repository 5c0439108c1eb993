/* cvn-crypto-private.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <openssl/err.h>

#include "cvn-crypto-error.h"
#include "cvn-crypto-private.h"

gboolean
cvn_crypto_set_openssl_error (GError     **error,
                              const char  *what)
{
  unsigned long code = ERR_get_error ();
  char buf[256];

  if (code != 0)
    ERR_error_string_n (code, buf, sizeof buf);
  else
    g_strlcpy (buf, "no OpenSSL error recorded", sizeof buf);
  ERR_clear_error ();

  g_set_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_FAILED, "%s: %s", what, buf);
  return FALSE;
}

static const EVP_MD *
fetch_md (gsize      *slot,
          const char *name)
{
  if (g_once_init_enter (slot))
    {
      EVP_MD *md = EVP_MD_fetch (NULL, name, NULL);

      /* Without the default provider's digests nothing of the protocol can work. */
      if (md == NULL)
        g_error ("OpenSSL has no %s digest", name);
      g_once_init_leave (slot, (gsize) md);
    }
  return (const EVP_MD *) *slot;
}

const EVP_MD *
cvn_crypto_md_sha1 (void)
{
  static gsize md;

  return fetch_md (&md, "SHA1");
}

const EVP_MD *
cvn_crypto_md_sha256 (void)
{
  static gsize md;

  return fetch_md (&md, "SHA256");
}

const EVP_MD *
cvn_crypto_md_sha512 (void)
{
  static gsize md;

  return fetch_md (&md, "SHA512");
}

gboolean
cvn_crypto_bn_to_padded (const BIGNUM *bn,
                         guint8       *out,
                         gsize         len)
{
  if (BN_is_negative (bn) || (gsize) BN_num_bytes (bn) > len)
    return FALSE;
  return BN_bn2binpad (bn, out, (int) len) == (int) len;
}

void
cvn_crypto_tl_append_bytes (GByteArray   *out,
                            const guint8 *data,
                            gsize         len)
{
  static const guint8 zeros[3] = { 0, 0, 0 };
  gsize header;

  g_return_if_fail (len < (1u << 24));

  if (len < 254)
    {
      guint8 b = (guint8) len;

      g_byte_array_append (out, &b, 1);
      header = 1;
    }
  else
    {
      guint8 b[4] = { 254, len & 0xff, (len >> 8) & 0xff, (len >> 16) & 0xff };

      g_byte_array_append (out, b, 4);
      header = 4;
    }
  g_byte_array_append (out, data, len);
  if ((header + len) % 4 != 0)
    g_byte_array_append (out, zeros, 4 - (header + len) % 4);
}
