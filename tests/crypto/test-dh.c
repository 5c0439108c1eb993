/* test-dh.c: the DH checks of the security guidelines, one by one, and the exchange.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <openssl/bn.h>

#include "crypto-test-util.h"
#include "cvn-crypto-error.h"
#include "cvn-dh.h"
#include "telegram-samples.h"

/* dh_prime of the sample server_DH_inner_data at
 * https://core.telegram.org/mtproto/samples-auth_key (g = 3 there). */
#define SAMPLE_DH_PRIME \
  "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f48198a0aa7c14058229493d2" \
  "2530f4dbfa336f6e0ac925139543aed44cce7c3720fd51f69458705ac68cd4fe6b6b13abdc97465129693284" \
  "54f18faf8c595f642477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4a4a69581" \
  "1051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754fd17ed950d5965b4b9dd46582db1178d" \
  "169c6bc465b0d6ff9ca3928fef5b9ae4e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850c" \
  "e929851f0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b"

/* A 2048-bit prime that is not safe ((q - 1) / 2 is composite), from
 * `openssl prime -generate -bits 2048`; q mod 3 = 1, so it is tried with g = 4. */
#define UNSAFE_PRIME \
  "c77e072ab9167d078e57d31ca6735df759545c307f450734833f65c7e67080391c2182000f7366db0136833c" \
  "052e3d2dacecf356634f73fb3a8d420476e3b7171dc27fee59aad2febd6a6ff6a9f07f87c7a4662533da426a" \
  "ff2a407944d23058d676907e7e6f4f4f43359825845daf9d3212a1b3bd17af68be311fcbba87e4de8dc59857" \
  "815e958dee335cf4b236bd9c144768703c834cc7549078b3cde4a67fa10e05c56e804b081de9e8aefce4f603" \
  "32ca77bea552ffb22e776ae6300c8b3fbb6fa472da0f13ac27e3fa44f1e5c9173ce3aa0b160f07fcaeaf6099" \
  "752dcbb04e9655d6e66ad9c9e1d0b4e4a57c7e32b9cc5ed4884893c792fe1d9efd5bcd07"

static void
assert_check_fails (const guint8 *p,
                    gsize         len,
                    gint32        g)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cvn_dh_check_params (p, len, g, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_CHECK_FAILED);
}

static void
test_sample_prime_accepted_and_cached (void)
{
  g_autoptr(GBytes) prime = hex_bytes (SAMPLE_DH_PRIME);
  g_autoptr(GError) error = NULL;
  const guint8 *p = BYTES_DATA (prime);
  gsize default_len;

  g_assert_cmpmem (p, 256, cvn_dh_get_default_prime (&default_len), 256);
  g_assert_cmpuint (default_len, ==, 256);

  cvn_dh_prime_cache_clear ();
  g_assert_false (cvn_dh_prime_is_cached (p, 256));
  g_assert_true (cvn_dh_check_params (p, 256, 3, &error));
  g_assert_no_error (error);
  g_assert_true (cvn_dh_prime_is_cached (p, 256));

  /* Cached: the generators this prime admits pass, the others still fail
   * (sample p mod 8 = 3, mod 3 = 2, mod 5 = 3, mod 24 = 11, mod 7 = 6). */
  g_assert_true (cvn_dh_check_params (p, 256, 4, &error));
  g_assert_true (cvn_dh_check_params (p, 256, 7, &error));
  g_assert_no_error (error);
  assert_check_fails (p, 256, 2);
  assert_check_fails (p, 256, 5);
  assert_check_fails (p, 256, 6);

  cvn_dh_prime_cache_clear ();
  g_assert_false (cvn_dh_prime_is_cached (p, 256));
}

static void
test_params_rejections (void)
{
  g_autoptr(GBytes) prime = hex_bytes (SAMPLE_DH_PRIME);
  g_autoptr(GBytes) unsafe = hex_bytes (UNSAFE_PRIME);
  const guint8 *p = BYTES_DATA (prime);
  guint8 buf[257];

  /* g outside 2..7 */
  assert_check_fails (p, 256, 1);
  assert_check_fails (p, 256, 8);
  assert_check_fails (p, 256, -3);

  /* not 2048 bits: one byte short, one byte long, top bit clear */
  assert_check_fails (p + 1, 255, 3);
  buf[0] = 0;
  memcpy (buf + 1, p, 256);
  assert_check_fails (buf, 257, 3);
  memcpy (buf, p, 256);
  buf[0] &= 0x7f;
  assert_check_fails (buf, 256, 4);

  /* composite: p + 2, with g = 4 (no congruence condition: only the primality test can
   * refuse it) */
  cvn_dh_prime_cache_clear ();
  memcpy (buf, p, 256);
  buf[255] += 2;
  g_assert_cmpuint (buf[255], ==, 0x5d);
  assert_check_fails (buf, 256, 4);
  g_assert_false (cvn_dh_prime_is_cached (buf, 256));

  /* prime, but not a safe prime */
  assert_check_fails (BYTES_DATA (unsafe), 256, 4);
  g_assert_false (cvn_dh_prime_is_cached (BYTES_DATA (unsafe), 256));
}

/* The g_a of the documentation's sample server_DH_inner_data is inside the safe range.
 * That sample announces g = 2 with this prime, but p mod 8 = 3, so g = 2 does not
 * generate the subgroup of order (p - 1) / 2 and the guidelines' condition refuses it;
 * Telegram's servers send g = 3 with the same prime. */
static void
test_sample_answer (void)
{
  g_autoptr(GBytes) prime = hex_bytes (SAMPLE_DH_PRIME);
  g_autoptr(GBytes) g_a = hex_bytes (SAMPLE_G_A);
  g_autoptr(GBytes) answer = hex_bytes (SAMPLE_ANSWER);
  g_autoptr(GError) error = NULL;
  const guint8 *inner = BYTES_DATA (answer);

  /* server_DH_inner_data: id, nonce, server_nonce, g, dh_prime (fe 00 01 00 | 256), g_a */
  g_assert_cmpuint (inner[36], ==, 2);
  g_assert_cmpmem (inner + 44, 256, BYTES_DATA (prime), 256);
  g_assert_cmpmem (inner + 304, 256, BYTES_DATA (g_a), 256);

  g_assert_true (cvn_dh_check_public (BYTES_DATA (g_a), 256, BYTES_DATA (prime), 256, &error));
  g_assert_no_error (error);
  assert_check_fails (BYTES_DATA (prime), 256, 2);
}

static void
bn_to_256 (const BIGNUM *bn,
           guint8        out[256])
{
  g_assert_true (BN_bn2binpad (bn, out, 256) == 256);
}

static void
assert_public_fails (const guint8 *g_x,
                     gsize         len,
                     const guint8 *p)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cvn_dh_check_public (g_x, len, p, 256, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_CHECK_FAILED);
}

static void
assert_public_passes (const guint8 *g_x,
                      gsize         len,
                      const guint8 *p)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cvn_dh_check_public (g_x, len, p, 256, &error));
  g_assert_no_error (error);
}

static void
test_public_value_range (void)
{
  g_autoptr(GBytes) prime = hex_bytes (SAMPLE_DH_PRIME);
  const guint8 *p = BYTES_DATA (prime);
  BIGNUM *p_bn = BN_bin2bn (p, 256, NULL);
  BIGNUM *bound = BN_new ();
  BIGNUM *x = BN_new ();
  guint8 v[256];
  guint8 big[300];

  BN_set_bit (bound, 2048 - 64);

  /* 0, 1, 2: not above 1 / far below 2^1984 */
  for (int i = 0; i <= 2; i++)
    {
      BN_set_word (x, (BN_ULONG) i);
      bn_to_256 (x, v);
      assert_public_fails (v, 256, p);
    }
  /* p - 1, p, p - 2 */
  BN_sub (x, p_bn, BN_value_one ());
  bn_to_256 (x, v);
  assert_public_fails (v, 256, p);
  assert_public_fails (p, 256, p);
  BN_sub_word (x, 1);
  bn_to_256 (x, v);
  assert_public_fails (v, 256, p);

  /* the edges of [2^1984, p - 2^1984] */
  bn_to_256 (bound, v);
  assert_public_passes (v, 256, p);
  BN_sub (x, bound, BN_value_one ());
  bn_to_256 (x, v);
  assert_public_fails (v, 256, p);
  BN_sub (x, p_bn, bound);
  bn_to_256 (x, v);
  assert_public_passes (v, 256, p);
  BN_add_word (x, 1);
  bn_to_256 (x, v);
  assert_public_fails (v, 256, p);

  /* a short encoding of a good value passes; an oversized one does not */
  BN_rshift1 (x, p_bn);
  bn_to_256 (x, v);
  assert_public_passes (v + 1, 255, p);
  memset (big, 0xff, sizeof big);
  assert_public_fails (big, sizeof big, p);

  BN_free (p_bn);
  BN_free (bound);
  BN_free (x);
}

static void
test_exchange (void)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *p = cvn_dh_get_default_prime (&len);
  guint8 a[256], g_a[256], b[256], g_b[256], key_a[256], key_b[256];
  guint8 zero[256] = { 0 };

  g_assert_true (cvn_dh_generate (p, len, CVN_DH_DEFAULT_G, a, g_a, &error));
  g_assert_true (cvn_dh_generate (p, len, CVN_DH_DEFAULT_G, b, g_b, &error));
  g_assert_no_error (error);
  g_assert_true (cvn_dh_check_public (g_a, 256, p, len, NULL));
  g_assert_false (memcmp (g_a, g_b, 256) == 0);

  g_assert_true (cvn_dh_compute_shared (p, len, a, g_b, 256, key_a, &error));
  g_assert_true (cvn_dh_compute_shared (p, len, b, g_a, 256, key_b, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (key_a, 256, key_b, 256);
  g_assert_false (memcmp (key_a, zero, 256) == 0);

  /* a peer value outside the range is refused before any exponentiation */
  g_assert_false (cvn_dh_compute_shared (p, len, a, zero, 256, key_a, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_CHECK_FAILED);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crypto/dh/sample-prime", test_sample_prime_accepted_and_cached);
  g_test_add_func ("/crypto/dh/params-rejections", test_params_rejections);
  g_test_add_func ("/crypto/dh/sample-answer", test_sample_answer);
  g_test_add_func ("/crypto/dh/public-value-range", test_public_value_range);
  g_test_add_func ("/crypto/dh/exchange", test_exchange);

  return g_test_run ();
}
