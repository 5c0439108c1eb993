/* cvn-hash.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdarg.h>

#include <openssl/crypto.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "cvn-crypto-error.h"
#include "cvn-crypto-private.h"
#include "cvn-hash.h"

struct _CvnDigest
{
  EVP_MD_CTX *ctx;
};

static const EVP_MD *
md_for_type (CvnDigestType type)
{
  switch (type)
    {
    case CVN_DIGEST_SHA1:
      return cvn_crypto_md_sha1 ();
    case CVN_DIGEST_SHA256:
      return cvn_crypto_md_sha256 ();
    case CVN_DIGEST_SHA512:
      return cvn_crypto_md_sha512 ();
    default:
      g_assert_not_reached ();
    }
}

static void
digest_once (const EVP_MD *md,
             const void   *data,
             gsize         len,
             guint8       *out)
{
  if (!EVP_Digest (data, len, out, NULL, md, NULL))
    g_error ("EVP_Digest failed");
}

void
cvn_sha1 (const void *data,
          gsize       len,
          guint8      out[CVN_SHA1_LEN])
{
  digest_once (cvn_crypto_md_sha1 (), data, len, out);
}

void
cvn_sha256 (const void *data,
            gsize       len,
            guint8      out[CVN_SHA256_LEN])
{
  digest_once (cvn_crypto_md_sha256 (), data, len, out);
}

void
cvn_sha512 (const void *data,
            gsize       len,
            guint8      out[CVN_SHA512_LEN])
{
  digest_once (cvn_crypto_md_sha512 (), data, len, out);
}

static void
digest_valist (CvnDigestType  type,
               guint8        *out,
               const void    *data,
               gsize          len,
               va_list        args)
{
  g_autoptr(CvnDigest) digest = cvn_digest_new (type);

  while (data != NULL)
    {
      cvn_digest_update (digest, data, len);
      data = va_arg (args, const void *);
      if (data != NULL)
        len = va_arg (args, gsize);
    }
  cvn_digest_finish (digest, out);
}

void
cvn_sha1_v (guint8      out[CVN_SHA1_LEN],
            const void *data,
            gsize       len,
            ...)
{
  va_list args;

  va_start (args, len);
  digest_valist (CVN_DIGEST_SHA1, out, data, len, args);
  va_end (args);
}

void
cvn_sha256_v (guint8      out[CVN_SHA256_LEN],
              const void *data,
              gsize       len,
              ...)
{
  va_list args;

  va_start (args, len);
  digest_valist (CVN_DIGEST_SHA256, out, data, len, args);
  va_end (args);
}

CvnDigest *
cvn_digest_new (CvnDigestType type)
{
  CvnDigest *self = g_new0 (CvnDigest, 1);

  self->ctx = EVP_MD_CTX_new ();
  if (self->ctx == NULL || !EVP_DigestInit_ex (self->ctx, md_for_type (type), NULL))
    g_error ("EVP_DigestInit_ex failed");
  return self;
}

void
cvn_digest_update (CvnDigest  *self,
                   const void *data,
                   gsize       len)
{
  g_return_if_fail (self != NULL);

  if (len > 0 && !EVP_DigestUpdate (self->ctx, data, len))
    g_error ("EVP_DigestUpdate failed");
}

gsize
cvn_digest_finish (CvnDigest *self,
                   guint8    *out)
{
  unsigned int len = 0;

  g_return_val_if_fail (self != NULL, 0);

  if (!EVP_DigestFinal_ex (self->ctx, out, &len))
    g_error ("EVP_DigestFinal_ex failed");
  return len;
}

void
cvn_digest_free (CvnDigest *self)
{
  if (self == NULL)
    return;
  EVP_MD_CTX_free (self->ctx);
  g_free (self);
}

void
cvn_hmac_sha256 (const void *key,
                 gsize       key_len,
                 const void *data,
                 gsize       len,
                 guint8      out[CVN_SHA256_LEN])
{
  unsigned int out_len = CVN_SHA256_LEN;

  g_return_if_fail (key_len <= G_MAXINT);

  if (HMAC (cvn_crypto_md_sha256 (), key, (int) key_len, data, len, out, &out_len) == NULL)
    g_error ("HMAC-SHA256 failed");
}

gboolean
cvn_pbkdf2_hmac_sha512 (const void *password,
                        gsize       password_len,
                        const void *salt,
                        gsize       salt_len,
                        guint       iterations,
                        guint8     *out,
                        gsize       out_len,
                        GError    **error)
{
  if (password_len > G_MAXINT || salt_len > G_MAXINT || out_len > G_MAXINT ||
      iterations == 0 || iterations > G_MAXINT)
    {
      g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT,
                           "PBKDF2 parameters out of range");
      return FALSE;
    }

  if (!PKCS5_PBKDF2_HMAC (password, (int) password_len, salt, (int) salt_len,
                          (int) iterations, cvn_crypto_md_sha512 (), (int) out_len, out))
    return cvn_crypto_set_openssl_error (error, "PBKDF2-HMAC-SHA512");
  return TRUE;
}

gboolean
cvn_crypto_equal (const void *a,
                  const void *b,
                  gsize       len)
{
  return CRYPTO_memcmp (a, b, len) == 0;
}

gboolean
cvn_random_bytes (void    *buf,
                  gsize    len,
                  GError **error)
{
  guint8 *p = buf;

  while (len > 0)
    {
      int chunk = (int) MIN (len, (gsize) G_MAXINT);

      if (RAND_bytes (p, chunk) != 1)
        return cvn_crypto_set_openssl_error (error, "RAND_bytes");
      p += chunk;
      len -= (gsize) chunk;
    }
  return TRUE;
}

void
cvn_crypto_wipe (void  *buf,
                 gsize  len)
{
  if (buf != NULL && len > 0)
    OPENSSL_cleanse (buf, len);
}
