/* test-hash.c: SHA-1/256/512, HMAC-SHA256, PBKDF2, constant-time comparison, random.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "crypto-test-util.h"
#include "cvn-crypto-error.h"
#include "cvn-hash.h"

#define ABC "abc"
#define ABC56 "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"

/* FIPS 180-2 appendix examples */
static void
test_sha_vectors (void)
{
  guint8 d1[CVN_SHA1_LEN], d256[CVN_SHA256_LEN], d512[CVN_SHA512_LEN];

  cvn_sha1 (ABC, 3, d1);
  assert_hex (d1, sizeof d1, "a9993e364706816aba3e25717850c26c9cd0d89d");
  cvn_sha1 (ABC56, strlen (ABC56), d1);
  assert_hex (d1, sizeof d1, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");

  cvn_sha256 (ABC, 3, d256);
  assert_hex (d256, sizeof d256, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  cvn_sha256 (ABC56, strlen (ABC56), d256);
  assert_hex (d256, sizeof d256, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  cvn_sha256 ("", 0, d256);
  assert_hex (d256, sizeof d256, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");

  cvn_sha512 (ABC, 3, d512);
  assert_hex (d512, sizeof d512,
              "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
              "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

/* Several buffers hash as their concatenation; one million 'a' (FIPS 180-2) streamed. */
static void
test_sha_multipart (void)
{
  g_autoptr(CvnDigest) digest = cvn_digest_new (CVN_DIGEST_SHA256);
  g_autofree guint8 *block = g_malloc (1000);
  guint8 d[CVN_SHA256_LEN], d1[CVN_SHA1_LEN];

  cvn_sha256_v (d, "ab", (gsize) 2, "", (gsize) 0, "c", (gsize) 1, NULL);
  assert_hex (d, sizeof d, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  cvn_sha1_v (d1, "abcdbcdecdefdefg", (gsize) 16, ABC56 + 16, strlen (ABC56) - 16, NULL);
  assert_hex (d1, sizeof d1, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");

  memset (block, 'a', 1000);
  for (int i = 0; i < 1000; i++)
    cvn_digest_update (digest, block, 1000);
  g_assert_cmpuint (cvn_digest_finish (digest, d), ==, CVN_SHA256_LEN);
  assert_hex (d, sizeof d, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

/* RFC 4231 test case 2 */
static void
test_hmac_sha256 (void)
{
  guint8 mac[CVN_SHA256_LEN];
  const char *data = "what do ya want for nothing?";

  cvn_hmac_sha256 ("Jefe", 4, data, strlen (data), mac);
  assert_hex (mac, sizeof mac, "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

/* PBKDF2-HMAC-SHA512 ("password", "salt"), the vectors used by RFC 6070's successors and
 * checked against Python's hashlib.pbkdf2_hmac. */
static void
test_pbkdf2_sha512 (void)
{
  g_autoptr(GError) error = NULL;
  guint8 out[64];

  g_assert_true (cvn_pbkdf2_hmac_sha512 ("password", 8, "salt", 4, 1, out, 64, &error));
  g_assert_no_error (error);
  assert_hex (out, 64,
              "867f70cf1ade02cff3752599a3a53dc4af34c7a669815ae5d513554e1c8cf252"
              "c02d470a285a0501bad999bfe943c08f050235d7d68b1da55e63f73b60a57fce");
  g_assert_true (cvn_pbkdf2_hmac_sha512 ("password", 8, "salt", 4, 2, out, 64, &error));
  assert_hex (out, 64,
              "e1d9c16aa681708a45f5c7c4e215ceb66e011a2e9f0040713f18aefdb866d53c"
              "f76cab2868a39b9f7840edce4fef5a82be67335c77a6068e04112754f27ccf4e");
  g_assert_false (cvn_pbkdf2_hmac_sha512 ("password", 8, "salt", 4, 0, out, 64, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT);
}

static void
test_constant_time_equal (void)
{
  guint8 a[64], b[64];

  for (int i = 0; i < 64; i++)
    a[i] = b[i] = (guint8) i;
  g_assert_true (cvn_crypto_equal (a, b, 64));
  g_assert_true (cvn_crypto_equal (a, b, 0));

  /* A difference anywhere, in any bit, is seen. */
  for (int i = 0; i < 64; i++)
    for (int bit = 0; bit < 8; bit++)
      {
        b[i] ^= (guint8) (1 << bit);
        g_assert_false (cvn_crypto_equal (a, b, 64));
        b[i] ^= (guint8) (1 << bit);
      }
  g_assert_true (cvn_crypto_equal (a, b, 64));
  b[63] ^= 1;
  g_assert_true (cvn_crypto_equal (a, b, 63));
}

static void
test_random_and_wipe (void)
{
  g_autoptr(GError) error = NULL;
  guint8 a[32] = { 0 }, b[32] = { 0 }, zero[32] = { 0 };

  g_assert_true (cvn_random_bytes (a, sizeof a, &error));
  g_assert_true (cvn_random_bytes (b, sizeof b, &error));
  g_assert_no_error (error);
  /* 2^-256 chance of a false failure */
  g_assert_false (cvn_crypto_equal (a, b, sizeof a));
  g_assert_false (cvn_crypto_equal (a, zero, sizeof a));
  g_assert_true (cvn_random_bytes (a, 0, &error));

  cvn_crypto_wipe (a, sizeof a);
  g_assert_cmpmem (a, sizeof a, zero, sizeof zero);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crypto/hash/sha-vectors", test_sha_vectors);
  g_test_add_func ("/crypto/hash/sha-multipart", test_sha_multipart);
  g_test_add_func ("/crypto/hash/hmac-sha256", test_hmac_sha256);
  g_test_add_func ("/crypto/hash/pbkdf2-sha512", test_pbkdf2_sha512);
  g_test_add_func ("/crypto/hash/constant-time-equal", test_constant_time_equal);
  g_test_add_func ("/crypto/hash/random-and-wipe", test_random_and_wipe);

  return g_test_run ();
}
