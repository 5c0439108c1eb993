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
#define IGE_CHUNK 8192

struct _CvnAesIgeContext
{
  /* Created on first use: a message key usually only encrypts or only decrypts. */
  EVP_CIPHER_CTX *cbc_encrypt;  /* chains the blocks of IGE encryption */
  EVP_CIPHER_CTX *ecb_decrypt;  /* one block at a time for IGE decryption */
  const EVP_CIPHER *cbc;
  const EVP_CIPHER *ecb;
  gsize key_len;
  guint8 key[32];
};

struct _CvnAesCtr
{
  EVP_CIPHER_CTX *ctx;
};

#if defined(__GNUC__) || defined(__clang__)
/* One SSE2/NEON register per block where the compiler has them. */
typedef guint64 Block __attribute__ ((vector_size (16)));

static inline void
xor_block (guint8       *out,
           const guint8 *a,
           const guint8 *b)
{
  Block x, y;

  memcpy (&x, a, sizeof x);
  memcpy (&y, b, sizeof y);
  x ^= y;
  memcpy (out, &x, sizeof x);
}
#else
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
#endif

/* Ciphers fetched once per process: an implicit fetch (EVP_aes_256_cbc () passed to an
 * init call) looks the algorithm up in the provider on every call, which costs more than
 * encrypting a short message. */
static const EVP_CIPHER *
fetch_cipher (gsize      *slot,
              const char *name)
{
  if (g_once_init_enter (slot))
    {
      EVP_CIPHER *cipher = EVP_CIPHER_fetch (NULL, name, NULL);

      if (cipher == NULL)
        g_error ("OpenSSL has no %s cipher", name);
      g_once_init_leave (slot, (gsize) cipher);
    }
  return (const EVP_CIPHER *) *slot;
}

static const EVP_CIPHER *
aes_cipher (gsize       key_len,
            const char *mode,
            GError    **error)
{
  static gsize slots[3][3];
  static const char * const names[3][3] = {
    { "AES-128-ECB", "AES-192-ECB", "AES-256-ECB" },
    { "AES-128-CBC", "AES-192-CBC", "AES-256-CBC" },
    { "AES-128-CTR", "AES-192-CTR", "AES-256-CTR" },
  };
  int m, k;

  m = g_str_equal (mode, "ECB") ? 0 : g_str_equal (mode, "CBC") ? 1 : 2;
  k = key_len == 16 ? 0 : key_len == 24 ? 1 : key_len == 32 ? 2 : -1;
  if (k < 0)
    {
      g_set_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT,
                   "AES key of %" G_GSIZE_FORMAT " bytes", key_len);
      return NULL;
    }
  return fetch_cipher (&slots[m][k], names[m][k]);
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
  CvnAesIgeContext *self;
  const EVP_CIPHER *ecb, *cbc;

  g_return_val_if_fail (key != NULL, NULL);

  if ((ecb = aes_cipher (key_len, "ECB", error)) == NULL ||
      (cbc = aes_cipher (key_len, "CBC", error)) == NULL)
    return NULL;

  self = g_new0 (CvnAesIgeContext, 1);
  self->ecb = ecb;
  self->cbc = cbc;
  self->key_len = key_len;
  memcpy (self->key, key, key_len);
  return self;
}

static gboolean
ensure_encrypt (CvnAesIgeContext  *self,
                GError           **error)
{
  static const guint8 zero_iv[16] = { 0 };

  if (self->cbc_encrypt != NULL)
    return TRUE;
  self->cbc_encrypt = EVP_CIPHER_CTX_new ();
  if (self->cbc_encrypt == NULL ||
      !EVP_EncryptInit_ex (self->cbc_encrypt, self->cbc, NULL, self->key, zero_iv) ||
      !EVP_CIPHER_CTX_set_padding (self->cbc_encrypt, 0))
    {
      g_clear_pointer (&self->cbc_encrypt, EVP_CIPHER_CTX_free);
      return cvn_crypto_set_openssl_error (error, "AES-IGE key setup");
    }
  return TRUE;
}

static gboolean
ensure_decrypt (CvnAesIgeContext  *self,
                GError           **error)
{
  if (self->ecb_decrypt != NULL)
    return TRUE;
  self->ecb_decrypt = EVP_CIPHER_CTX_new ();
  if (self->ecb_decrypt == NULL ||
      !EVP_DecryptInit_ex (self->ecb_decrypt, self->ecb, NULL, self->key, NULL) ||
      !EVP_CIPHER_CTX_set_padding (self->ecb_decrypt, 0))
    {
      g_clear_pointer (&self->ecb_decrypt, EVP_CIPHER_CTX_free);
      return cvn_crypto_set_openssl_error (error, "AES-IGE key setup");
    }
  return TRUE;
}

void
cvn_aes_ige_context_free (CvnAesIgeContext *self)
{
  if (self == NULL)
    return;
  /* EVP_CIPHER_CTX_free cleanses the key schedule. */
  EVP_CIPHER_CTX_free (self->cbc_encrypt);
  EVP_CIPHER_CTX_free (self->ecb_decrypt);
  cvn_crypto_wipe (self->key, sizeof self->key);
  g_free (self);
}

/* IGE encryption: c[i] = E(m[i] ^ c[i-1]) ^ m[i-1], with c[0], m[0] from the IV.
 * Let y[i] = E(m[i] ^ c[i-1]), so c[i] = y[i] ^ m[i-1]. Then
 * m[i] ^ c[i-1] = m[i] ^ m[i-2] ^ y[i-1]: y is exactly the CBC encryption of
 * x[i] = m[i] ^ m[i-2] with IV y[0] = c[0] (x[1] = m[1] ^ m[-1] with m[-1] = 0).
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
  /* m[i-2] and m[i-1] for the first block of the next chunk */
  guint8 prev[2 * CVN_AES_BLOCK_LEN];
  gsize done = 0;

  g_return_val_if_fail (self != NULL, FALSE);

  if (!check_block_length (len, error) || !ensure_encrypt (self, error))
    return FALSE;

  if (!EVP_EncryptInit_ex (self->cbc_encrypt, NULL, NULL, NULL, iv))
    return cvn_crypto_set_openssl_error (error, "AES-IGE");
  memset (prev, 0, CVN_AES_BLOCK_LEN);
  memcpy (prev + CVN_AES_BLOCK_LEN, iv + CVN_AES_BLOCK_LEN, CVN_AES_BLOCK_LEN);

  while (done < len)
    {
      gsize n = MIN (len - done, (gsize) IGE_CHUNK);
      const guint8 *m = in + done;
      guint8 *c = out + done;
      int out_len = 0;
      gsize i;

      /* x[i] = m[i] ^ m[i-2]: the first two blocks take m[i-2] from @prev */
      xor_block (buf, m, prev);
      if (n > CVN_AES_BLOCK_LEN)
        xor_block (buf + 16, m + 16, prev + 16);
      for (i = 32; i < n; i += CVN_AES_BLOCK_LEN)
        xor_block (buf + i, m + i, m + i - 32);

      if (!EVP_EncryptUpdate (self->cbc_encrypt, buf, &out_len, buf, (int) n) ||
          (gsize) out_len != n)
        {
          cvn_crypto_wipe (buf, sizeof buf);
          return cvn_crypto_set_openssl_error (error, "AES-IGE");
        }

      /* c[i] = y[i] ^ m[i-1], walking backwards so that writing c[i] over m[i] (in
       * place) never clobbers an m[i-1] still to be read. Keep this chunk's last two
       * plaintext blocks for the next chunk first. */
      {
        guint8 first_prev[CVN_AES_BLOCK_LEN];

        memcpy (first_prev, prev + 16, CVN_AES_BLOCK_LEN);
        if (n >= 32)
          memcpy (prev, m + n - 32, 32);
        else
          {
            memcpy (prev, prev + 16, CVN_AES_BLOCK_LEN);
            memcpy (prev + 16, m, CVN_AES_BLOCK_LEN);
          }
        for (i = n - CVN_AES_BLOCK_LEN; i > 0; i -= CVN_AES_BLOCK_LEN)
          xor_block (c + i, buf + i, m + i - CVN_AES_BLOCK_LEN);
        xor_block (c, buf, first_prev);
        cvn_crypto_wipe (first_prev, sizeof first_prev);
      }

      done += n;
    }

  cvn_crypto_wipe (buf, sizeof buf);
  cvn_crypto_wipe (prev, sizeof prev);
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

  if (!check_block_length (len, error) || !ensure_decrypt (self, error))
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

  if (ctx == NULL || !EVP_EncryptInit_ex (ctx, aes_cipher (32, "CTR", NULL), NULL, key, iv))
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
      !EVP_CipherInit_ex (ctx, aes_cipher (32, "CBC", NULL), NULL, key, iv, encrypt ? 1 : 0) ||
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
