/* test-aes.c: AES-IGE, AES-CTR and AES-CBC of src/crypto against published vectors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <openssl/evp.h>

#include "crypto-test-util.h"
#include "cvn-aes.h"
#include "cvn-crypto-error.h"
#include "cvn-hash.h"
#include "telegram-samples.h"

/* FIPS-197 appendix C.3 (AES-256): one block through CBC with a zero IV is ECB. */
static void
test_aes256_fips197 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = hex_bytes ("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  g_autoptr(GBytes) plain = hex_bytes ("00112233445566778899aabbccddeeff");
  guint8 iv[16] = { 0 };
  guint8 out[16], back[16];

  g_assert_true (cvn_aes_cbc_encrypt (BYTES_DATA (key), iv, BYTES_DATA (plain), out, 16, &error));
  g_assert_no_error (error);
  assert_hex (out, 16, "8ea2b7ca516745bfeafc49904b496089");
  g_assert_true (cvn_aes_cbc_decrypt (BYTES_DATA (key), iv, out, back, 16, &error));
  assert_hex (back, 16, "00112233445566778899aabbccddeeff");
}

#define SP800_38A_KEY256 "603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4"
#define SP800_38A_PLAIN \
  "6bc1bee22e409f96e93d7e117393172a" "ae2d8a571e03ac9c9eb76fac45af8e51" \
  "30c81c46a35ce411e5fbc1191a0a52ef" "f69f2445df4f9b17ad2b417be66c3710"

/* NIST SP 800-38A F.2.5 CBC-AES256.Encrypt */
static void
test_aes256_cbc_sp800_38a (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = hex_bytes (SP800_38A_KEY256);
  g_autoptr(GBytes) iv = hex_bytes ("000102030405060708090a0b0c0d0e0f");
  g_autoptr(GBytes) plain = hex_bytes (SP800_38A_PLAIN);
  guint8 out[64];

  g_assert_true (cvn_aes_cbc_encrypt (BYTES_DATA (key), BYTES_DATA (iv), BYTES_DATA (plain), out, 64, &error));
  g_assert_no_error (error);
  assert_hex (out, 64,
              "f58c4c04d6e5f1ba779eabfb5f7bfbd6" "9cfc4e967edb808d679f777bc6702c7d"
              "39f23369a9d9bacfa530e26304231461" "b2eb05e2c39be9fcda6c19078c6a9d1b");
  g_assert_false (cvn_aes_cbc_encrypt (BYTES_DATA (key), BYTES_DATA (iv), BYTES_DATA (plain), out, 15, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT);
}

#define SP800_38A_CTR256 \
  "601ec313775789a5b7a7f504bbf3d228" "f443e3ca4d62b59aca84e990cacaf5c5" \
  "2b0930daa23de94ce87017ba2d84988d" "dfc9c58db67aada613c2dd08457941a6"

/* NIST SP 800-38A F.5.5 CTR-AES256.Encrypt, fed in uneven pieces: the stream position
 * must carry across calls. */
static void
test_aes256_ctr_sp800_38a (void)
{
  static const gsize pieces[] = { 1, 15, 17, 3, 28 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = hex_bytes (SP800_38A_KEY256);
  g_autoptr(GBytes) iv = hex_bytes ("f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff");
  g_autoptr(GBytes) plain = hex_bytes (SP800_38A_PLAIN);
  g_autoptr(CvnAesCtr) enc = NULL;
  g_autoptr(CvnAesCtr) dec = NULL;
  guint8 out[64], back[64];
  gsize off = 0;

  enc = cvn_aes_ctr_new (BYTES_DATA (key), BYTES_DATA (iv), &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < G_N_ELEMENTS (pieces); i++)
    {
      g_assert_true (cvn_aes_ctr_process (enc, BYTES_DATA (plain) + off, out + off, pieces[i], &error));
      off += pieces[i];
    }
  g_assert_cmpuint (off, ==, 64);
  assert_hex (out, 64, SP800_38A_CTR256);

  /* Decryption is the same operation; one call, in place. */
  dec = cvn_aes_ctr_new (BYTES_DATA (key), BYTES_DATA (iv), &error);
  memcpy (back, out, 64);
  g_assert_true (cvn_aes_ctr_process (dec, back, back, 64, &error));
  assert_hex (back, 64, SP800_38A_PLAIN);
}

/* The two AES-128 IGE vectors published with OpenSSL's IGE implementation
 * (test/igetest.c, from Ben Laurie's IGE notes), which Telegram's clients also test. */
static void
test_ige_openssl_vectors (void)
{
  static const struct {
    const char *key, *iv, *plain, *cipher;
  } vectors[] = {
    { "000102030405060708090a0b0c0d0e0f",
      "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f",
      "0000000000000000000000000000000000000000000000000000000000000000",
      "1a8519a6557be652e9da8e43da4ef4453cf456b4ca488aa383c79c98b34797cb" },
    { "5468697320697320616e20696d706c65",
      "6d656e746174696f6e206f6620494745206d6f646520666f72204f70656e5353",
      "99706487a1cde613bc6de0b6f24b1c7aa448c8b9c3403e3467a8cad89340f53b",
      "4c2e204c6574277320686f70652042656e20676f74206974207269676874210a" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (vectors); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) key = hex_bytes (vectors[i].key);
      g_autoptr(GBytes) iv = hex_bytes (vectors[i].iv);
      g_autoptr(GBytes) plain = hex_bytes (vectors[i].plain);
      g_autoptr(GBytes) cipher = hex_bytes (vectors[i].cipher);
      g_autoptr(CvnAesIgeContext) ctx = NULL;
      guint8 out[32];

      ctx = cvn_aes_ige_context_new (BYTES_DATA (key), 16, &error);
      g_assert_no_error (error);
      g_assert_true (cvn_aes_ige_context_encrypt (ctx, BYTES_DATA (iv), BYTES_DATA (plain), out, 32, &error));
      assert_hex (out, 32, vectors[i].cipher);
      g_assert_true (cvn_aes_ige_context_decrypt (ctx, BYTES_DATA (iv), BYTES_DATA (cipher), out, 32, &error));
      assert_hex (out, 32, vectors[i].plain);
    }
}

/* AES-256-IGE, vector computed by tests/crypto/gen-ige-vectors.py (IGE written block by
 * block over python3-cryptography's AES; output in gen-ige-vectors.out). */
#define IGE256_PLAIN \
  "030a11181f262d343b424950575e656c737a81888f969da4abb2b9c0c7ced5dce3eaf1f8ff060d141b22" \
  "2930373e454c535a61686f767d848b9299a0a7aeb5bcc3cad1d8dfe6edf4fb020910171e252c333a4148" \
  "4f565d646b727980878e959c"
#define IGE256_CIPHER \
  "62dde7a435afbc7bc6b16a3b7de42d3eaeb02459b457bf8ea35b5a86e0fb4e5893593375f49ab3b91e6e" \
  "1cff638a85f9500b4eacc2a0f85ad429fa84c07271c24ca7f7d6aad0ac2cf52f6a3a59521af682c03b97" \
  "2aa1ed49eb531f31e1ecf783"

static void
test_ige256_vector (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) key = hex_bytes ("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  g_autoptr(GBytes) iv = hex_bytes ("202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f");
  g_autoptr(GBytes) plain = hex_bytes (IGE256_PLAIN);
  guint8 buf[96];

  g_assert_cmpuint (g_bytes_get_size (plain), ==, 96);
  g_assert_true (cvn_aes_ige_encrypt (BYTES_DATA (key), BYTES_DATA (iv), BYTES_DATA (plain), buf, 96, &error));
  g_assert_no_error (error);
  assert_hex (buf, 96, IGE256_CIPHER);
  /* in place */
  g_assert_true (cvn_aes_ige_decrypt (BYTES_DATA (key), BYTES_DATA (iv), buf, buf, 96, &error));
  assert_hex (buf, 96, IGE256_PLAIN);

  g_assert_false (cvn_aes_ige_encrypt (BYTES_DATA (key), BYTES_DATA (iv), buf, buf, 40, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT);
  g_clear_error (&error);
  g_assert_null (cvn_aes_ige_context_new (BYTES_DATA (key), 20, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT);
}

/* The sample exchange of Telegram's documentation: tmp_aes_key and tmp_aes_iv derive
 * from new_nonce and server_nonce with SHA1 (over several buffers), and AES-256-IGE
 * decryption of encrypted_answer gives SHA1 (answer) | answer | padding. Encrypting that
 * again must give the published encrypted_answer byte for byte. */
static void
test_ige256_telegram_sample (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) new_nonce = hex_bytes (SAMPLE_NEW_NONCE);
  g_autoptr(GBytes) server_nonce = hex_bytes (SAMPLE_SERVER_NONCE);
  g_autoptr(GBytes) encrypted = hex_bytes (SAMPLE_ENCRYPTED_ANSWER);
  g_autoptr(GBytes) answer = hex_bytes (SAMPLE_ANSWER);
  const guint8 *nn = BYTES_DATA (new_nonce), *sn = BYTES_DATA (server_nonce);
  guint8 h1[20], h2[20], h3[20], key[32], iv[32], digest[20];
  gsize len = g_bytes_get_size (encrypted), answer_len = g_bytes_get_size (answer);
  g_autofree guint8 *plain = g_malloc (len);
  g_autofree guint8 *again = g_malloc (len);

  g_assert_cmpuint (len, ==, 592);
  g_assert_cmpuint (answer_len, ==, 564);

  /* tmp_aes_key = SHA1 (new_nonce + server_nonce) + substr (SHA1 (server_nonce + new_nonce), 0, 12)
   * tmp_aes_iv = substr (SHA1 (server_nonce + new_nonce), 12, 8) + SHA1 (new_nonce + new_nonce)
   *              + substr (new_nonce, 0, 4) */
  cvn_sha1_v (h1, nn, (gsize) 32, sn, (gsize) 16, NULL);
  cvn_sha1_v (h2, sn, (gsize) 16, nn, (gsize) 32, NULL);
  cvn_sha1_v (h3, nn, (gsize) 32, nn, (gsize) 32, NULL);
  memcpy (key, h1, 20);
  memcpy (key + 20, h2, 12);
  memcpy (iv, h2 + 12, 8);
  memcpy (iv + 8, h3, 20);
  memcpy (iv + 28, nn, 4);
  assert_hex (key, 32, SAMPLE_TMP_AES_KEY);
  assert_hex (iv, 32, SAMPLE_TMP_AES_IV);

  g_assert_true (cvn_aes_ige_decrypt (key, iv, BYTES_DATA (encrypted), plain, len, &error));
  g_assert_no_error (error);
  cvn_sha1 (BYTES_DATA (answer), answer_len, digest);
  g_assert_cmpmem (plain, 20, digest, 20);
  g_assert_cmpmem (plain + 20, answer_len, BYTES_DATA (answer), answer_len);

  g_assert_true (cvn_aes_ige_encrypt (key, iv, plain, again, len, &error));
  g_assert_cmpmem (again, len, BYTES_DATA (encrypted), len);
}

/* The textbook definition, one EVP ECB call per block, independent of cvn-aes.c. */
static void
reference_ige_encrypt (const guint8 *key,
                       const guint8 *iv,
                       const guint8 *in,
                       guint8       *out,
                       gsize         len)
{
  EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new ();
  guint8 c_prev[16], m_prev[16];
  int n;

  g_assert_true (EVP_EncryptInit_ex (ctx, EVP_aes_256_ecb (), NULL, key, NULL));
  EVP_CIPHER_CTX_set_padding (ctx, 0);
  memcpy (c_prev, iv, 16);
  memcpy (m_prev, iv + 16, 16);
  for (gsize i = 0; i < len; i += 16)
    {
      guint8 x[16];

      for (int j = 0; j < 16; j++)
        x[j] = in[i + j] ^ c_prev[j];
      g_assert_true (EVP_EncryptUpdate (ctx, x, &n, x, 16));
      for (int j = 0; j < 16; j++)
        out[i + j] = x[j] ^ m_prev[j];
      memcpy (m_prev, in + i, 16);
      memcpy (c_prev, out + i, 16);
    }
  EVP_CIPHER_CTX_free (ctx);
}

/* The chunked CBC reduction against the definition, across chunk boundaries (4096),
 * for lengths of one and two blocks, in place and out of place. */
static void
test_ige256_matches_definition (void)
{
  static const gsize lengths[] = { 16, 32, 48, 4080, 4096, 4112, 4128, 8192, 8208, 12304, 65536 + 48 };
  g_autoptr(GError) error = NULL;
  guint8 key[32], iv[32];
  g_autoptr(CvnAesIgeContext) ctx = NULL;

  g_assert_true (cvn_random_bytes (key, sizeof key, &error));
  ctx = cvn_aes_ige_context_new (key, 32, &error);
  g_assert_no_error (error);

  for (gsize i = 0; i < G_N_ELEMENTS (lengths); i++)
    {
      gsize len = lengths[i];
      g_autofree guint8 *plain = g_malloc (len);
      g_autofree guint8 *expected = g_malloc (len);
      g_autofree guint8 *got = g_malloc (len);

      g_assert_true (cvn_random_bytes (plain, len, &error));
      g_assert_true (cvn_random_bytes (iv, sizeof iv, &error));
      reference_ige_encrypt (key, iv, plain, expected, len);

      g_assert_true (cvn_aes_ige_context_encrypt (ctx, iv, plain, got, len, &error));
      g_assert_cmpmem (got, len, expected, len);

      memcpy (got, plain, len);
      g_assert_true (cvn_aes_ige_context_encrypt (ctx, iv, got, got, len, &error));
      g_assert_cmpmem (got, len, expected, len);

      g_assert_true (cvn_aes_ige_context_decrypt (ctx, iv, got, got, len, &error));
      g_assert_cmpmem (got, len, plain, len);
      g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crypto/aes/fips197", test_aes256_fips197);
  g_test_add_func ("/crypto/aes/cbc-sp800-38a", test_aes256_cbc_sp800_38a);
  g_test_add_func ("/crypto/aes/ctr-sp800-38a", test_aes256_ctr_sp800_38a);
  g_test_add_func ("/crypto/aes/ige-openssl-vectors", test_ige_openssl_vectors);
  g_test_add_func ("/crypto/aes/ige256-vector", test_ige256_vector);
  g_test_add_func ("/crypto/aes/ige256-telegram-sample", test_ige256_telegram_sample);
  g_test_add_func ("/crypto/aes/ige256-matches-definition", test_ige256_matches_definition);

  return g_test_run ();
}
