/* cvn-rsa.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/encoder.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "cvn-aes.h"
#include "cvn-crypto-error.h"
#include "cvn-crypto-private.h"
#include "cvn-hash.h"
#include "cvn-rsa.h"

#define TEMP_KEY_LEN 32
#define WITH_HASH_LEN (CVN_RSA_PAD_PADDED_LEN + CVN_SHA256_LEN)  /* 224 */

/* A key whose encryption keeps failing the "below the modulus" test is not a real RSA
 * key (each try succeeds with probability > 1/2 for a proper 2048-bit modulus). */
#define MAX_PAD_ATTEMPTS 64

struct _CvnRsaKey
{
  EVP_PKEY *pkey;
  BIGNUM *n;
  guint64 fingerprint;
  gboolean has_private;
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (OSSL_DECODER_CTX, OSSL_DECODER_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (OSSL_ENCODER_CTX, OSSL_ENCODER_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)

static guint64
compute_fingerprint (const BIGNUM *n,
                     const BIGNUM *e)
{
  g_autoptr(GByteArray) tl = g_byte_array_new ();
  g_autofree guint8 *n_bytes = g_malloc (BN_num_bytes (n));
  g_autofree guint8 *e_bytes = g_malloc (MAX (BN_num_bytes (e), 1));
  int n_len = BN_bn2bin (n, n_bytes);
  int e_len = BN_bn2bin (e, e_bytes);
  guint8 digest[CVN_SHA1_LEN];
  guint64 fp = 0;

  cvn_crypto_tl_append_bytes (tl, n_bytes, (gsize) n_len);
  cvn_crypto_tl_append_bytes (tl, e_bytes, (gsize) e_len);
  cvn_sha1 (tl->data, tl->len, digest);

  for (int i = 7; i >= 0; i--)
    fp = (fp << 8) | digest[CVN_SHA1_LEN - 8 + i];
  return fp;
}

static CvnRsaKey *
key_new_take (EVP_PKEY  *pkey,
              GError   **error)
{
  g_autoptr(EVP_PKEY) owned = pkey;
  g_autoptr(BIGNUM) n = NULL;
  g_autoptr(BIGNUM) e = NULL;
  g_autoptr(BIGNUM) d = NULL;
  CvnRsaKey *self;

  if (!EVP_PKEY_is_a (owned, "RSA"))
    {
      g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_BAD_KEY,
                           "The key is not an RSA key");
      return NULL;
    }
  if (!EVP_PKEY_get_bn_param (owned, OSSL_PKEY_PARAM_RSA_N, &n) ||
      !EVP_PKEY_get_bn_param (owned, OSSL_PKEY_PARAM_RSA_E, &e))
    {
      cvn_crypto_set_openssl_error (error, "Reading the RSA key");
      return NULL;
    }

  self = g_new0 (CvnRsaKey, 1);
  self->fingerprint = compute_fingerprint (n, e);
  self->has_private = EVP_PKEY_get_bn_param (owned, OSSL_PKEY_PARAM_RSA_D, &d) && d != NULL;
  /* A public key has no d: the failed lookup leaves an error behind. */
  ERR_clear_error ();
  self->n = g_steal_pointer (&n);
  self->pkey = g_steal_pointer (&owned);
  return self;
}

CvnRsaKey *
cvn_rsa_key_new_from_pem (const char  *pem,
                          gssize       len,
                          GError     **error)
{
  g_autoptr(OSSL_DECODER_CTX) dctx = NULL;
  EVP_PKEY *pkey = NULL;
  const unsigned char *data = (const unsigned char *) pem;
  size_t data_len;

  g_return_val_if_fail (pem != NULL, NULL);

  data_len = len < 0 ? strlen (pem) : (size_t) len;
  dctx = OSSL_DECODER_CTX_new_for_pkey (&pkey, "PEM", NULL, "RSA", 0, NULL, NULL);
  if (dctx == NULL)
    {
      cvn_crypto_set_openssl_error (error, "Creating a PEM decoder");
      return NULL;
    }
  if (!OSSL_DECODER_from_data (dctx, &data, &data_len) || pkey == NULL)
    {
      ERR_clear_error ();
      g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_BAD_KEY,
                           "Not a PEM-encoded RSA key");
      return NULL;
    }
  return key_new_take (pkey, error);
}

CvnRsaKey *
cvn_rsa_key_generate (guint     bits,
                      GError  **error)
{
  g_autoptr(EVP_PKEY_CTX) ctx = NULL;
  EVP_PKEY *pkey = NULL;

  if (bits < 1024 || bits > 8192)
    {
      g_set_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT,
                   "Unsupported RSA key size %u", bits);
      return NULL;
    }

  ctx = EVP_PKEY_CTX_new_from_name (NULL, "RSA", NULL);
  if (ctx == NULL ||
      EVP_PKEY_keygen_init (ctx) <= 0 ||
      EVP_PKEY_CTX_set_rsa_keygen_bits (ctx, (int) bits) <= 0 ||
      EVP_PKEY_generate (ctx, &pkey) <= 0)
    {
      cvn_crypto_set_openssl_error (error, "Generating an RSA key");
      return NULL;
    }
  return key_new_take (pkey, error);
}

CvnRsaKey *
cvn_rsa_key_copy (CvnRsaKey *self)
{
  CvnRsaKey *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = g_new0 (CvnRsaKey, 1);
  EVP_PKEY_up_ref (self->pkey);
  copy->pkey = self->pkey;
  copy->n = BN_dup (self->n);
  copy->fingerprint = self->fingerprint;
  copy->has_private = self->has_private;
  if (copy->n == NULL)
    g_error ("BN_dup: out of memory");
  return copy;
}

void
cvn_rsa_key_free (CvnRsaKey *self)
{
  if (self == NULL)
    return;
  EVP_PKEY_free (self->pkey);
  BN_free (self->n);
  g_free (self);
}

gboolean
cvn_rsa_key_has_private (CvnRsaKey *self)
{
  g_return_val_if_fail (self != NULL, FALSE);
  return self->has_private;
}

gsize
cvn_rsa_key_get_size (CvnRsaKey *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return (gsize) BN_num_bytes (self->n);
}

guint64
cvn_rsa_key_get_fingerprint (CvnRsaKey *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->fingerprint;
}

char *
cvn_rsa_key_get_public_pem (CvnRsaKey  *self,
                            GError    **error)
{
  g_autoptr(OSSL_ENCODER_CTX) ectx = NULL;
  unsigned char *data = NULL;
  size_t len = 0;
  char *pem;

  g_return_val_if_fail (self != NULL, NULL);

  /* "type-specific" is PKCS#1 RSAPublicKey: "-----BEGIN RSA PUBLIC KEY-----". */
  ectx = OSSL_ENCODER_CTX_new_for_pkey (self->pkey, OSSL_KEYMGMT_SELECT_PUBLIC_KEY,
                                        "PEM", "type-specific", NULL);
  if (ectx == NULL || !OSSL_ENCODER_to_data (ectx, &data, &len))
    {
      cvn_crypto_set_openssl_error (error, "Encoding the RSA public key");
      return NULL;
    }
  pem = g_strndup ((const char *) data, len);
  OPENSSL_free (data);
  return pem;
}

char *
cvn_rsa_key_get_private_pem (CvnRsaKey  *self,
                             GError    **error)
{
  g_autoptr(BIO) bio = NULL;
  char *data = NULL;
  long len;
  char *pem;

  g_return_val_if_fail (self != NULL, NULL);

  if (!self->has_private)
    {
      g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_BAD_KEY,
                           "The RSA key has no private part");
      return NULL;
    }

  bio = BIO_new (BIO_s_secmem ());
  if (bio == NULL || !PEM_write_bio_PrivateKey (bio, self->pkey, NULL, NULL, 0, NULL, NULL))
    {
      cvn_crypto_set_openssl_error (error, "Encoding the RSA private key");
      return NULL;
    }
  len = BIO_get_mem_data (bio, &data);
  pem = g_strndup (data, (gsize) len);
  return pem;
}

static gboolean
check_pad_key (CvnRsaKey  *key,
               GError    **error)
{
  if (BN_num_bits (key->n) != 2048)
    {
      g_set_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_BAD_KEY,
                   "RSA_PAD needs a 2048-bit key, not %d bits", BN_num_bits (key->n));
      return FALSE;
    }
  return TRUE;
}

static gboolean
rsa_raw (CvnRsaKey     *key,
         gboolean       encrypt,
         const guint8  *in,
         guint8        *out,
         GError       **error)
{
  g_autoptr(EVP_PKEY_CTX) ctx = EVP_PKEY_CTX_new_from_pkey (NULL, key->pkey, NULL);
  size_t out_len = CVN_RSA_PAD_ENCRYPTED_LEN;
  guint8 buf[CVN_RSA_PAD_ENCRYPTED_LEN];
  int ok;

  if (ctx == NULL)
    return cvn_crypto_set_openssl_error (error, "RSA");

  if (encrypt)
    ok = EVP_PKEY_encrypt_init (ctx) > 0 &&
         EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_NO_PADDING) > 0 &&
         EVP_PKEY_encrypt (ctx, buf, &out_len, in, CVN_RSA_PAD_ENCRYPTED_LEN) > 0;
  else
    ok = EVP_PKEY_decrypt_init (ctx) > 0 &&
         EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_NO_PADDING) > 0 &&
         EVP_PKEY_decrypt (ctx, buf, &out_len, in, CVN_RSA_PAD_ENCRYPTED_LEN) > 0;
  if (!ok)
    return cvn_crypto_set_openssl_error (error, encrypt ? "RSA encryption" : "RSA decryption");

  /* The result is a number below n, written big-endian in out_len bytes. */
  g_assert (out_len <= CVN_RSA_PAD_ENCRYPTED_LEN);
  memset (out, 0, CVN_RSA_PAD_ENCRYPTED_LEN - out_len);
  memcpy (out + CVN_RSA_PAD_ENCRYPTED_LEN - out_len, buf, out_len);
  cvn_crypto_wipe (buf, sizeof buf);
  return TRUE;
}

/* TRUE if the 256 big-endian bytes at @data are a number below the modulus. */
static gboolean
below_modulus (CvnRsaKey    *key,
               const guint8 *data)
{
  g_autoptr(BIGNUM) value = BN_bin2bn (data, CVN_RSA_PAD_ENCRYPTED_LEN, NULL);

  if (value == NULL)
    g_error ("BN_bin2bn: out of memory");
  return BN_cmp (value, key->n) < 0;
}

gboolean
cvn_rsa_pad_encrypt (CvnRsaKey     *key,
                     const guint8  *data,
                     gsize          len,
                     guint8         out[CVN_RSA_PAD_ENCRYPTED_LEN],
                     GError       **error)
{
  static const guint8 zero_iv[CVN_AES_IGE_IV_LEN] = { 0 };
  guint8 padded[CVN_RSA_PAD_PADDED_LEN];          /* data_with_padding */
  guint8 with_hash[WITH_HASH_LEN];                /* data_pad_reversed | hash */
  guint8 temp_key[TEMP_KEY_LEN];
  guint8 key_aes[CVN_RSA_PAD_ENCRYPTED_LEN];      /* key_aes_encrypted */
  guint8 digest[CVN_SHA256_LEN];
  gboolean ok = FALSE;

  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (!check_pad_key (key, error))
    return FALSE;
  if (len > CVN_RSA_PAD_MAX_DATA_LEN)
    {
      g_set_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT,
                   "RSA_PAD data of %" G_GSIZE_FORMAT " bytes is longer than %d",
                   len, CVN_RSA_PAD_MAX_DATA_LEN);
      return FALSE;
    }

  memcpy (padded, data, len);
  if (!cvn_random_bytes (padded + len, sizeof padded - len, error))
    goto out;

  for (int attempt = 0; attempt < MAX_PAD_ATTEMPTS; attempt++)
    {
      if (!cvn_random_bytes (temp_key, sizeof temp_key, error))
        goto out;

      for (gsize i = 0; i < CVN_RSA_PAD_PADDED_LEN; i++)
        with_hash[i] = padded[CVN_RSA_PAD_PADDED_LEN - 1 - i];
      cvn_sha256_v (with_hash + CVN_RSA_PAD_PADDED_LEN,
                    temp_key, sizeof temp_key, padded, sizeof padded, NULL);

      /* aes_encrypted goes right after the 32 bytes of temp_key_xor */
      if (!cvn_aes_ige_encrypt (temp_key, zero_iv, with_hash, key_aes + TEMP_KEY_LEN,
                                WITH_HASH_LEN, error))
        goto out;
      cvn_sha256 (key_aes + TEMP_KEY_LEN, WITH_HASH_LEN, digest);
      for (gsize i = 0; i < TEMP_KEY_LEN; i++)
        key_aes[i] = temp_key[i] ^ digest[i];

      if (below_modulus (key, key_aes))
        {
          ok = rsa_raw (key, TRUE, key_aes, out, error);
          goto out;
        }
    }
  g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_BAD_KEY,
                       "RSA_PAD: no temp_key gave a value below the modulus");

out:
  cvn_crypto_wipe (padded, sizeof padded);
  cvn_crypto_wipe (with_hash, sizeof with_hash);
  cvn_crypto_wipe (temp_key, sizeof temp_key);
  cvn_crypto_wipe (key_aes, sizeof key_aes);
  return ok;
}

gboolean
cvn_rsa_pad_decrypt (CvnRsaKey     *key,
                     const guint8  *in,
                     gsize          in_len,
                     guint8         out[CVN_RSA_PAD_PADDED_LEN],
                     GError       **error)
{
  static const guint8 zero_iv[CVN_AES_IGE_IV_LEN] = { 0 };
  guint8 key_aes[CVN_RSA_PAD_ENCRYPTED_LEN];
  guint8 temp_key[TEMP_KEY_LEN];
  guint8 with_hash[WITH_HASH_LEN];
  guint8 padded[CVN_RSA_PAD_PADDED_LEN];
  guint8 digest[CVN_SHA256_LEN];
  gboolean ok = FALSE;

  g_return_val_if_fail (key != NULL, FALSE);
  g_return_val_if_fail (in != NULL, FALSE);

  if (!check_pad_key (key, error))
    return FALSE;
  if (!key->has_private)
    {
      g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_BAD_KEY,
                           "RSA_PAD decryption needs the private key");
      return FALSE;
    }
  if (in_len != CVN_RSA_PAD_ENCRYPTED_LEN || !below_modulus (key, in))
    {
      g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT,
                           "RSA_PAD ciphertext is not a 256-byte number below the modulus");
      return FALSE;
    }

  if (!rsa_raw (key, FALSE, in, key_aes, error))
    goto out;

  cvn_sha256 (key_aes + TEMP_KEY_LEN, WITH_HASH_LEN, digest);
  for (gsize i = 0; i < TEMP_KEY_LEN; i++)
    temp_key[i] = key_aes[i] ^ digest[i];
  if (!cvn_aes_ige_decrypt (temp_key, zero_iv, key_aes + TEMP_KEY_LEN, with_hash,
                            WITH_HASH_LEN, error))
    goto out;
  for (gsize i = 0; i < CVN_RSA_PAD_PADDED_LEN; i++)
    padded[i] = with_hash[CVN_RSA_PAD_PADDED_LEN - 1 - i];
  cvn_sha256_v (digest, temp_key, sizeof temp_key, padded, sizeof padded, NULL);
  if (!cvn_crypto_equal (digest, with_hash + CVN_RSA_PAD_PADDED_LEN, CVN_SHA256_LEN))
    {
      g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INTEGRITY,
                           "RSA_PAD hash does not match");
      goto out;
    }

  memcpy (out, padded, CVN_RSA_PAD_PADDED_LEN);
  ok = TRUE;

out:
  cvn_crypto_wipe (key_aes, sizeof key_aes);
  cvn_crypto_wipe (temp_key, sizeof temp_key);
  cvn_crypto_wipe (with_hash, sizeof with_hash);
  cvn_crypto_wipe (padded, sizeof padded);
  return ok;
}
