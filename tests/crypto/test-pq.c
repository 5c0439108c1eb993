/* test-pq.c: factorization of resPQ's pq.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-crypto-error.h"
#include "cvn-pq.h"
#include "telegram-samples.h"

/* https://core.telegram.org/mtproto/samples-auth_key: pq = 0x17ED48941A08F981
 * = 1724114033281923457, p = 0x494C553B (1229739323), q = 0x53911073 (1402015859). */
static void
test_pq_telegram_sample (void)
{
  g_autoptr(GError) error = NULL;
  guint64 p = 0, q = 0;

  g_assert_true (cvn_pq_factorize (SAMPLE_PQ, &p, &q, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (p, ==, SAMPLE_P);
  g_assert_cmpuint (q, ==, SAMPLE_Q);
}

static void
test_pq_various (void)
{
  static const struct { guint64 p, q; } cases[] = {
    { 3, 5 },
    { 65537, 4294967291u },                                  /* 2^32 - 5 */
    { 2147483647u, 4294967291u },                            /* 2^31 - 1 */
    { 3037000453u, 3037000493u },                            /* close to sqrt(2^63) */
    { 1000000007u, G_GUINT64_CONSTANT (9223372021) },                   /* pq > 2^63 */
    { 4294967279u, 4294967291u },                                       /* pq near 2^64 */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 p = 0, q = 0;

      g_assert_true (cvn_pq_is_prime (cases[i].p) && cvn_pq_is_prime (cases[i].q));
      g_assert_true (cvn_pq_factorize (cases[i].p * cases[i].q, &p, &q, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (p, ==, cases[i].p);
      g_assert_cmpuint (q, ==, cases[i].q);
    }
}

static void
test_pq_generate_round_trip (void)
{
  for (int i = 0; i < 50; i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 pq, p, q, p2, q2;

      g_assert_true (cvn_pq_generate (&pq, &p, &q, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (p, <, q);
      g_assert_cmpuint (p, >=, 1u << 30);
      g_assert_cmpuint (q, <, G_GUINT64_CONSTANT (1) << 31);
      g_assert_true (cvn_pq_is_prime (p) && cvn_pq_is_prime (q));
      g_assert_cmpuint (pq, ==, p * q);
      g_assert_true (cvn_pq_factorize (pq, &p2, &q2, &error));
      g_assert_cmpuint (p2, ==, p);
      g_assert_cmpuint (q2, ==, q);
    }
}

static void
test_pq_rejects (void)
{
  static const guint64 bad[] = {
    0, 1, 4, 15 * 2,                                  /* tiny, even */
    4294967291u,                                      /* prime */
    G_GUINT64_CONSTANT (18446744073709551557),        /* largest 64-bit prime */
    G_GUINT64_CONSTANT (3) * 5 * 7,                   /* three factors */
    G_GUINT64_CONSTANT (65537) * 65537,               /* a square */
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      guint64 p, q;

      g_assert_false (cvn_pq_factorize (bad[i], &p, &q, &error));
      g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT);
    }
}

static void
test_is_prime (void)
{
  g_assert_false (cvn_pq_is_prime (0));
  g_assert_false (cvn_pq_is_prime (1));
  g_assert_true (cvn_pq_is_prime (2));
  g_assert_true (cvn_pq_is_prime (37));
  g_assert_false (cvn_pq_is_prime (561));                   /* Carmichael */
  g_assert_false (cvn_pq_is_prime (G_GUINT64_CONSTANT (3825123056546413051)));  /* strong pseudoprime to bases 2..23 */
  g_assert_true (cvn_pq_is_prime (G_GUINT64_CONSTANT (18446744073709551557)));
  g_assert_false (cvn_pq_is_prime (G_GUINT64_CONSTANT (0x17ED48941A08F981)));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crypto/pq/telegram-sample", test_pq_telegram_sample);
  g_test_add_func ("/crypto/pq/various", test_pq_various);
  g_test_add_func ("/crypto/pq/generate-round-trip", test_pq_generate_round_trip);
  g_test_add_func ("/crypto/pq/rejects", test_pq_rejects);
  g_test_add_func ("/crypto/pq/is-prime", test_is_prime);

  return g_test_run ();
}
