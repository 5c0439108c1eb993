/* test-rsa.c: RSA keys, the MTProto fingerprint, RSA_PAD both ways.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "crypto-test-util.h"
#include "cvn-aes.h"
#include "cvn-crypto-error.h"
#include "cvn-hash.h"
#include "cvn-rsa.h"

/* Telegram's production key and its documented fingerprint 0xd09d1d85de64fd85
 * (https://core.telegram.org/mtproto/auth_key, "server public RSA keys"). */
static const char telegram_production_key[] =
  "-----BEGIN RSA PUBLIC KEY-----\n"
  "MIIBCgKCAQEA6LszBcC1LGzyr992NzE0ieY+BSaOW622Aa9Bd4ZHLl+TuFQ4lo4g\n"
  "5nKaMBwK/BIb9xUfg0Q29/2mgIR6Zr9krM7HjuIcCzFvDtr+L0GQjae9H0pRB2OO\n"
  "62cECs5HKhT5DZ98K33vmWiLowc621dQuwKWSQKjWf50XYFw42h21P2KXUGyp2y/\n"
  "+aEyZ+uVgLLQbRA1dEjSDZ2iGRy12Mk5gpYc397aYp438fsJoHIgJ2lgMv5h7WY9\n"
  "t6N/byY9Nw9p21Og3AoXSL2q/2IJ1WRUhebgAdGVMlV1fkuOQoEzR7EdpqtQD9Cs\n"
  "5+bfo3Nhmcyvk5ftB0WkJ9z6bNZ7yxrP8wIDAQAB\n"
  "-----END RSA PUBLIC KEY-----\n";

static CvnRsaKey *server_key;  /* generated once for the whole test program */

static void
test_production_fingerprint (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnRsaKey) key = cvn_rsa_key_new_from_pem (telegram_production_key, -1, &error);
  guint8 out[256];

  g_assert_no_error (error);
  g_assert_nonnull (key);
  g_assert_cmphex (cvn_rsa_key_get_fingerprint (key), ==, G_GUINT64_CONSTANT (0xd09d1d85de64fd85));
  g_assert_cmpuint (cvn_rsa_key_get_size (key), ==, 256);
  g_assert_false (cvn_rsa_key_has_private (key));

  /* A public key encrypts but cannot decrypt. */
  g_assert_true (cvn_rsa_pad_encrypt (key, (const guint8 *) "hello", 5, out, &error));
  g_assert_no_error (error);
  g_assert_false (cvn_rsa_pad_decrypt (key, out, 256, out, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_BAD_KEY);
}

static void
test_pem_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pub_pem = cvn_rsa_key_get_public_pem (server_key, &error);
  g_autofree char *priv_pem = cvn_rsa_key_get_private_pem (server_key, &error);
  g_autoptr(CvnRsaKey) pub = NULL;
  g_autoptr(CvnRsaKey) priv = NULL;
  g_autoptr(CvnRsaKey) copy = cvn_rsa_key_copy (server_key);

  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (pub_pem, "-----BEGIN RSA PUBLIC KEY-----\n"));
  g_assert_nonnull (strstr (priv_pem, "PRIVATE KEY-----"));

  pub = cvn_rsa_key_new_from_pem (pub_pem, -1, &error);
  g_assert_no_error (error);
  priv = cvn_rsa_key_new_from_pem (priv_pem, -1, &error);
  g_assert_no_error (error);
  g_assert_false (cvn_rsa_key_has_private (pub));
  g_assert_true (cvn_rsa_key_has_private (priv));
  g_assert_true (cvn_rsa_key_has_private (copy));
  g_assert_cmphex (cvn_rsa_key_get_fingerprint (pub), ==, cvn_rsa_key_get_fingerprint (server_key));
  g_assert_cmphex (cvn_rsa_key_get_fingerprint (priv), ==, cvn_rsa_key_get_fingerprint (server_key));
  g_assert_cmphex (cvn_rsa_key_get_fingerprint (copy), ==, cvn_rsa_key_get_fingerprint (server_key));
  g_assert_null (cvn_rsa_key_get_private_pem (pub, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_BAD_KEY);
}

static void
test_bad_pem (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_null (cvn_rsa_key_new_from_pem ("-----BEGIN RSA PUBLIC KEY-----\nAAAA\n-----END RSA PUBLIC KEY-----\n", -1, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_BAD_KEY);
  g_clear_error (&error);
  g_assert_null (cvn_rsa_key_new_from_pem ("not a key", -1, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_BAD_KEY);
}

/* The server side of the documentation, written out with plain OpenSSL calls, to check
 * the client's output independently of cvn_rsa_pad_decrypt (). Returns data_with_padding. */
static void
doc_decrypt (const guint8 *encrypted,
             guint8        padded[192])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pem = cvn_rsa_key_get_private_pem (server_key, &error);
  BIO *bio = BIO_new_mem_buf (pem, -1);
  EVP_PKEY *pkey = PEM_read_bio_PrivateKey (bio, NULL, NULL, NULL);
  EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new (pkey, NULL);
  guint8 key_aes[256], temp_key[32], digest[32], with_hash[224];
  static const guint8 zero_iv[32] = { 0 };
  size_t len = sizeof key_aes;

  g_assert_true (EVP_PKEY_decrypt_init (ctx) > 0);
  g_assert_true (EVP_PKEY_CTX_set_rsa_padding (ctx, RSA_NO_PADDING) > 0);
  g_assert_true (EVP_PKEY_decrypt (ctx, key_aes, &len, encrypted, 256) > 0);
  g_assert_cmpuint (len, ==, 256);

  /* key_aes_encrypted = temp_key_xor (32) | aes_encrypted (224) */
  cvn_sha256 (key_aes + 32, 224, digest);
  for (int i = 0; i < 32; i++)
    temp_key[i] = key_aes[i] ^ digest[i];
  g_assert_true (cvn_aes_ige_decrypt (temp_key, zero_iv, key_aes + 32, with_hash, 224, &error));
  /* data_with_hash = data_pad_reversed (192) | SHA256 (temp_key | data_with_padding) */
  for (int i = 0; i < 192; i++)
    padded[i] = with_hash[191 - i];
  cvn_sha256_v (digest, temp_key, (gsize) 32, padded, (gsize) 192, NULL);
  g_assert_cmpmem (digest, 32, with_hash + 192, 32);

  EVP_PKEY_CTX_free (ctx);
  EVP_PKEY_free (pkey);
  BIO_free (bio);
}

static void
test_rsa_pad_round_trip (void)
{
  /* Many rounds: a good part of the temp_keys give a number above the modulus and must be
   * redrawn, so the retry path runs too. */
  for (int round = 0; round < 24; round++)
    {
      g_autoptr(GError) error = NULL;
      gsize len = (gsize) (round * 6) % 145;
      guint8 data[144], encrypted[256], padded[192], padded2[192];

      g_assert_true (cvn_random_bytes (data, sizeof data, &error));
      g_assert_true (cvn_rsa_pad_encrypt (server_key, data, len, encrypted, &error));
      g_assert_no_error (error);

      g_assert_true (cvn_rsa_pad_decrypt (server_key, encrypted, 256, padded, &error));
      g_assert_no_error (error);
      g_assert_cmpmem (padded, len, data, len);

      doc_decrypt (encrypted, padded2);
      g_assert_cmpmem (padded, 192, padded2, 192);
    }
}

static void
test_rsa_pad_rejections (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnRsaKey) small = NULL;
  guint8 data[145] = { 0 }, encrypted[256], padded[192];

  g_assert_false (cvn_rsa_pad_encrypt (server_key, data, 145, encrypted, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* a flipped bit anywhere in the ciphertext breaks the hash */
  g_assert_true (cvn_rsa_pad_encrypt (server_key, data, 144, encrypted, &error));
  encrypted[200] ^= 0x10;
  g_assert_false (cvn_rsa_pad_decrypt (server_key, encrypted, 256, padded, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INTEGRITY);
  g_clear_error (&error);

  /* wrong length; a number not below the modulus */
  g_assert_false (cvn_rsa_pad_decrypt (server_key, encrypted, 255, padded, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  memset (encrypted, 0xff, sizeof encrypted);
  g_assert_false (cvn_rsa_pad_decrypt (server_key, encrypted, 256, padded, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT);
  g_clear_error (&error);

  /* RSA_PAD is defined for 2048-bit keys only */
  small = cvn_rsa_key_generate (1024, &error);
  g_assert_no_error (error);
  g_assert_false (cvn_rsa_pad_encrypt (small, data, 10, encrypted, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_BAD_KEY);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  server_key = cvn_rsa_key_generate (2048, &error);
  g_assert_no_error (error);

  g_test_add_func ("/crypto/rsa/production-fingerprint", test_production_fingerprint);
  g_test_add_func ("/crypto/rsa/pem-round-trip", test_pem_round_trip);
  g_test_add_func ("/crypto/rsa/bad-pem", test_bad_pem);
  g_test_add_func ("/crypto/rsa/pad-round-trip", test_rsa_pad_round_trip);
  g_test_add_func ("/crypto/rsa/pad-rejections", test_rsa_pad_rejections);

  ret = g_test_run ();
  cvn_rsa_key_free (server_key);
  return ret;
}
