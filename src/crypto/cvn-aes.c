/* cvn-aes.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cvn-aes.h"
#include "cvn-crypto-error.h"
#include "cvn-crypto-private.h"
#include "cvn-hash.h"

/* Plaintext processed per CBC call when encrypting IGE: small enough for the stack and
 * the L1 cache, large enough that the per-call cost of EVP vanishes. */
#define IGE_CHUNK 4096

struct _CvnAesIgeContext
{
  EVP_CIPHER_CTX *cbc_encrypt;  /* chains the blocks of IGE encryption */
  EVP_CIPHER_CTX *ecb_decrypt;  /* one block at a time for IGE decryption */
};

struct _CvnAesCtr
{
  EVP_CIPHER_CTX *ctx;
};

static inline void
xor_block (guint8       *out,
           const guint8 *a,
           const guint8 *b)
{
  guint64 a0, a1, b0, b1;

  memcpy (&a0, a, 8);
  memcpy (&a1, a + 8, 8);
  memcpy (&b0, b, 8);
  memcpy (&b1, b + 8, 8);
  a0 ^= b0;
  a1 ^= b1;
  memcpy (out, &a0, 8);
  memcpy (out + 8, &a1, 8);
}

static const EVP_CIPHER *
aes_cipher (gsize       key_len,
            const char *mode,
            GError    **error)
{
  const EVP_CIPHER *cipher = NULL;

  if (g_str_equal (mode, "ECB"))
    cipher = key_len == 16 ? EVP_aes_128_ecb () : key_len == 24 ? EVP_aes_192_ecb () :
             key_len == 32 ? EVP_aes_256_ecb () : NULL;
  else if (g_str_equal (mode, "CBC"))
    cipher = key_len == 16 ? EVP_aes_128_cbc () : key_len == 24 ? EVP_aes_192_cbc () :
             key_len == 32 ? EVP_aes_256_cbc () : NULL;

  if (cipher == NULL)
    g_set_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT,
                 "AES key of %" G_GSIZE_FORMAT " bytes", key_len);
  return cipher;
}

static gboolean
check_block_length (gsize    len,
                    GError **error)
{
  if (len % CVN_AES_BLOCK_LEN != 0 || len > G_MAXINT)
    {
      g_set_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT,
                   "AES input of %" G_GSIZE_FORMAT " bytes is not whole blocks", len);
      return FALSE;
    }
  return TRUE;
}

CvnAesIgeContext *
cvn_aes_ige_context_new (const guint8  *key,
                         gsize          key_len,
                         GError       **error)
{
  g_autoptr(CvnAesIgeContext) self = NULL;
  const EVP_CIPHER *ecb, *cbc;
  static const guint8 zero_iv[16] = { 0 };

  g_return_val_if_fail (key != NULL, NULL);

  if ((ecb = aes_cipher (key_len, "ECB", error)) == NULL ||
      (cbc = aes_cipher (key_len, "CBC", error)) == NULL)
    return NULL;

  self = g_new0 (CvnAesIgeContext, 1);
  self->cbc_encrypt = EVP_CIPHER_CTX_new ();
  self->ecb_decrypt = EVP_CIPHER_CTX_new ();
  if (self->cbc_encrypt == NULL || self->ecb_decrypt == NULL ||
      !EVP_EncryptInit_ex (self->cbc_encrypt, cbc, NULL, key, zero_iv) ||
      !EVP_CIPHER_CTX_set_padding (self->cbc_encrypt, 0) ||
      !EVP_DecryptInit_ex (self->ecb_decrypt, ecb, NULL, key, NULL) ||
      !EVP_CIPHER_CTX_set_padding (self->ecb_decrypt, 0))
    {
      cvn_crypto_set_openssl_error (error, "AES-IGE key setup");
      return NULL;
    }
  return g_steal_pointer (&self);
}

void
cvn_aes_ige_context_free (CvnAesIgeContext *self)
{
  if (self == NULL)
    return;
  /* EVP_CIPHER_CTX_free cleanses the key schedule. */
  EVP_CIPHER_CTX_free (self->cbc_encrypt);
  EVP_CIPHER_CTX_free (self->ecb_decrypt);
  g_free (self);
}

/* IGE encryption: c[i] = E(m[i] ^ c[i-1]) ^ m[i-1], with c[0], m[0] from the IV.
 * Let y[i] = E(m[i] ^ c[i-1]), so c[i] = y[i] ^ m[i-1]. Then
 * m[i] ^ c[i-1] = m[i] ^ m[i-2] ^ y[i-1]: y is exactly the CBC encryption of
 * x[i] = m[i] ^ m[i-2] with IV y[0] = c[0] (x[1] = m[1]: the term m[-1] is absent).
 * All XORs are independent of each other; only CBC itself is serial. */
gboolean
cvn_aes_ige_context_encrypt (CvnAesIgeContext  *self,
                             const guint8       iv[CVN_AES_IGE_IV_LEN],
                             const guint8      *in,
                             guint8            *out,
                             gsize              len,
                             GError           **error)
{
  guint8 buf[IGE_CHUNK];
  guint8 prev2[CVN_AES_BLOCK_LEN];  /* m[i-2] for the first block of a chunk */
  guint8 prev1[CVN_AES_BLOCK_LEN];  /* m[i-1] */
  gboolean first = TRUE;
  gsize done = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!check_block_length (len, error))
    return FALSE;

  if (!EVP_EncryptInit_ex (self->cbc_encrypt, NULL, NULL, NULL, iv))
    return cvn_crypto_set_openssl_error (error, "AES-IGE");
  memcpy (prev1, iv + CVN_AES_BLOCK_LEN, CVN_AES_BLOCK_LEN);
  memset (prev2, 0, sizeof prev2);

  while (done < len)
    {
      gsize n = MIN (len - done, (gsize) IGE_CHUNK);
      const guint8 *m = in + done;
      int out_len = 0;
      gsize i;

      /* x[i] = m[i] ^ m[i-2] */
      if (first)
        memcpy (buf, m, CVN_AES_BLOCK_LEN);
      else
        xor_block (buf, m, prev2);
      if (n > CVN_AES_BLOCK_LEN)
        {
          if (first)
            xor_block (buf + 16, m + 16, iv + CVN_AES_BLOCK_LEN);
          else
            xor_block (buf + 16, m + 16, prev1);
        }
      for (i = 32; i < n; i += CVN_AES_BLOCK_LEN)
        xor_block (buf + i, m + i, m + i - 32);

      /* The next chunk needs m[i-2] and m[i-1] of this one: keep them before @out
       * (which may be @in) is written. */
      if (n >= 32)
        memcpy (prev2, m + n - 32, CVN_AES_BLOCK_LEN);
      else
        memcpy (prev2, prev1, CVN_AES_BLOCK_LEN);

      if (!EVP_EncryptUpdate (self->cbc_encrypt, buf, &out_len, buf, (int) n) ||
          (gsize) out_len != n)
        {
          cvn_crypto_wipe (buf, sizeof buf);
          return cvn_crypto_set_openssl_error (error, "AES-IGE");
        }

      /* c[i] = y[i] ^ m[i-1], walking forward with a copy of m[i-1]. */
      for (i = 0; i < n; i += CVN_AES_BLOCK_LEN)
        {
          guint8 cur[CVN_AES_BLOCK_LEN];

          memcpy (cur, m + i, CVN_AES_BLOCK_LEN);
          xor_block (out + done + i, buf + i, prev1);
          memcpy (prev1, cur, CVN_AES_BLOCK_LEN);
        }

      done += n;
      first = FALSE;
    }

  cvn_crypto_wipe (buf, sizeof buf);
  cvn_crypto_wipe (prev1, sizeof prev1);
  cvn_crypto_wipe (prev2, sizeof prev2);
  return TRUE;
}

/* IGE decryption: m[i] = D(c[i] ^ m[i-1]) ^ c[i-1]. The input of D depends on the
 * previous output, so this is serial, one block per call of the reused ECB context. */
gboolean
cvn_aes_ige_context_decrypt (CvnAesIgeContext  *self,
                             const guint8       iv[CVN_AES_IGE_IV_LEN],
                             const guint8      *in,
                             guint8            *out,
                             gsize              len,
                             GError           **error)
{
  guint8 c_prev[CVN_AES_BLOCK_LEN];
  guint8 m_prev[CVN_AES_BLOCK_LEN];
  gsize i;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!check_block_length (len, error))
    return FALSE;

  memcpy (c_prev, iv, CVN_AES_BLOCK_LEN);
  memcpy (m_prev, iv + CVN_AES_BLOCK_LEN, CVN_AES_BLOCK_LEN);

  for (i = 0; i < len; i += CVN_AES_BLOCK_LEN)
    {
      guint8 c_cur[CVN_AES_BLOCK_LEN];
      guint8 block[CVN_AES_BLOCK_LEN];

      memcpy (c_cur, in + i, CVN_AES_BLOCK_LEN);
      xor_block (block, c_cur, m_prev);
      if (EVP_Cipher (self->ecb_decrypt, block, block, CVN_AES_BLOCK_LEN) <= 0)
        {
          cvn_crypto_wipe (m_prev, sizeof m_prev);
          cvn_crypto_wipe (block, sizeof block);
          return cvn_crypto_set_openssl_error (error, "AES-IGE");
        }
      xor_block (m_prev, block, c_prev);
      memcpy (out + i, m_prev, CVN_AES_BLOCK_LEN);
      memcpy (c_prev, c_cur, CVN_AES_BLOCK_LEN);
    }

  cvn_crypto_wipe (m_prev, sizeof m_prev);
  return TRUE;
}

gboolean
cvn_aes_ige_encrypt (const guint8  key[CVN_AES256_KEY_LEN],
                     const guint8  iv[CVN_AES_IGE_IV_LEN],
                     const guint8 *in,
                     guint8       *out,
                     gsize         len,
                     GError      **error)
{
  g_autoptr(CvnAesIgeContext) ctx = cvn_aes_ige_context_new (key, CVN_AES256_KEY_LEN, error);

  return ctx != NULL && cvn_aes_ige_context_encrypt (ctx, iv, in, out, len, error);
}

gboolean
cvn_aes_ige_decrypt (const guint8  key[CVN_AES256_KEY_LEN],
                     const guint8  iv[CVN_AES_IGE_IV_LEN],
                     const guint8 *in,
                     guint8       *out,
                     gsize         len,
                     GError      **error)
{
  g_autoptr(CvnAesIgeContext) ctx = cvn_aes_ige_context_new (key, CVN_AES256_KEY_LEN, error);

  return ctx != NULL && cvn_aes_ige_context_decrypt (ctx, iv, in, out, len, error);
}

CvnAesCtr *
cvn_aes_ctr_new (const guint8  key[CVN_AES256_KEY_LEN],
                 const guint8  iv[CVN_AES_CTR_IV_LEN],
                 GError      **error)
{
  g_autoptr(EVP_CIPHER_CTX) ctx = EVP_CIPHER_CTX_new ();
  CvnAesCtr *self;

  if (ctx == NULL || !EVP_EncryptInit_ex (ctx, EVP_aes_256_ctr (), NULL, key, iv))
    {
      cvn_crypto_set_openssl_error (error, "AES-256-CTR key setup");
      return NULL;
    }
  self = g_new0 (CvnAesCtr, 1);
  self->ctx = g_steal_pointer (&ctx);
  return self;
}

gboolean
cvn_aes_ctr_process (CvnAesCtr    *self,
                     const guint8 *in,
                     guint8       *out,
                     gsize         len,
                     GError      **error)
{
  g_return_val_if_fail (self != NULL, FALSE);

  while (len > 0)
    {
      int n = (int) MIN (len, (gsize) (G_MAXINT / 2));
      int out_len = 0;

      if (!EVP_EncryptUpdate (self->ctx, out, &out_len, in, n) || out_len != n)
        return cvn_crypto_set_openssl_error (error, "AES-256-CTR");
      in += n;
      out += n;
      len -= (gsize) n;
    }
  return TRUE;
}

void
cvn_aes_ctr_free (CvnAesCtr *self)
{
  if (self == NULL)
    return;
  EVP_CIPHER_CTX_free (self->ctx);
  g_free (self);
}

static gboolean
aes_cbc (gboolean      encrypt,
         const guint8 *key,
         const guint8 *iv,
         const guint8 *in,
         guint8       *out,
         gsize         len,
         GError      **error)
{
  g_autoptr(EVP_CIPHER_CTX) ctx = NULL;
  int out_len = 0;

  if (!check_block_length (len, error))
    return FALSE;
  if (len == 0)
    return TRUE;

  ctx = EVP_CIPHER_CTX_new ();
  if (ctx == NULL ||
      !EVP_CipherInit_ex (ctx, EVP_aes_256_cbc (), NULL, key, iv, encrypt ? 1 : 0) ||
      !EVP_CIPHER_CTX_set_padding (ctx, 0) ||
      !EVP_CipherUpdate (ctx, out, &out_len, in, (int) len) ||
      (gsize) out_len != len)
    return cvn_crypto_set_openssl_error (error, "AES-256-CBC");
  return TRUE;
}

gboolean
cvn_aes_cbc_encrypt (const guint8  key[CVN_AES256_KEY_LEN],
                     const guint8  iv[CVN_AES_CBC_IV_LEN],
                     const guint8 *in,
                     guint8       *out,
                     gsize         len,
                     GError      **error)
{
  return aes_cbc (TRUE, key, iv, in, out, len, error);
}

gboolean
cvn_aes_cbc_decrypt (const guint8  key[CVN_AES256_KEY_LEN],
                     const guint8  iv[CVN_AES_CBC_IV_LEN],
                     const guint8 *in,
                     guint8       *out,
                     gsize         len,
                     GError      **error)
{
  return aes_cbc (FALSE, key, iv, in, out, len, error);
}
