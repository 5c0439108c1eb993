/* test-srp.c: two-step verification, client and server.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "crypto-test-util.h"
#include "cvn-crypto-error.h"
#include "cvn-dh.h"
#include "cvn-srp.h"

/* Known answer: test "check_calculations_2" of grammers-crypto
 * (github.com/Lonami/grammers, lib/grammers-crypto/src/two_factor_auth.rs), the inputs of
 * a real account.password answer (p is Telegram's 2048-bit prime, g = 3), password
 * "234567". Recomputed independently by tests/crypto/srp-kat.py (hashlib and pow,
 * following core.telegram.org/api/srp), which also gives x and v: srp-kat.out. */
#define KAT_SALT1 "5f483c38bd0986e7cdc95ae138ef4f49b951c1f81c713fecdef3af692cec4b4716ac9b770a195ebe"
#define KAT_SALT2 "b616fc6bbedf511119c5ed34629527f1"
#define KAT_A \
  "bf31574f34fce1e53891c59b7f62468a0ca682da8585df8de0a18873359755fbb1818878a9ee919bb1e94d20" \
  "c5f0607e02a33176199bf3220256c9ea1a69f395a515d20539d88cda750a5252fb864f573f2b032f3b467d08" \
  "b34fd9c89d1c5d06278e113e51d4e893c1c027455af4653f096607a4156d94fb8e1dc7cee5bfe32850982f94" \
  "1ae4414e83bf22df56270b43b7ccc44c26d40886464da8e344a8540795b8f69b8f508552a723cd6931e1d692" \
  "04e8e9dc056f0a2a10a0d7951e355f3edef5a5e18a9091295a51eb9db10b8b0d30489c8d29bc0cd86e97781f" \
  "5e30c5b6bfe7caf4aae81b282e653ac48aa1a8fde789722bc04f4320cd9f86849fe05ca4"
#define KAT_G_B \
  "93f70ebd50f6426aca2568769599f91f24d01284cc51a449e62dcc1527dfe50126b2aa44238e4fb2331419ed" \
  "4aebf1a0ae15e03abd18bfc52ca6baec564c13b5a1d2e357799897757bb736fdc2ceb1b56aacf19ab3548d6d" \
  "922a522f0b51f40124c3bc9936aff3e1dcfbea39ac9ad2addc6af0ad30783278bbb84cab0ed8464b0ffeb2b0" \
  "c93a39a5d97dba0105672ca5475373d8d23e54a6ac9bed9519e8bef4f00719f5ad56151be5537648df2f8e3e" \
  "7265cb57fb94a054ce2a82b8cc664ad060e0d6c6df1879345440eb977fa0f2d36f31a253d8917732f133d400" \
  "33a34b6152969b600d59cdabfea2ab2393ad659e56d66e13605b1f61e48e3cd65c0f58ac"
#define KAT_G_A \
  "0fa12bc655b1187a28296a69ae565d682782e0ceb05a089c0c41c1dce983dc7f4a53434ea78e065d9e1cb60e" \
  "427b4468a4780609feba2f55654ee2efe0aeb72edafde2652e26ed5b4d4baad9d2a381806af63416bf6263df" \
  "45a43d85be5401bc223ebfac09421caddd7e260bd6b86542133c048d6cd54b38d8e2ccdf6b550e875b1353a4" \
  "acfe3292ffb56a0f58b2a39027c9bfdd91fd4c531d23c77d6e8f7d583eaeea316dedded69935296ce7ea34e9" \
  "be6ef2fbd829eac4c9bd646dc1563e47f77b91431ca002cf79fc149d968272835c15ca1c6b2c5e03712a2e1b" \
  "5d52f5e4faa1c16cb177fafd96a6aa5b4b3f4c649915644b63855cfb38561ff17fedfb8a"
#define KAT_M1 "4d7af412c5a2e7b15467376bd118b853604e687b31f51c4980c4d7c1876613e3"
#define KAT_X "ef792704447d41b8c41eaae6a9e4f8d50b5cd6a6ba71b7da5cc43de58bb7fa11"
#define KAT_V \
  "5c6a703044a44c22babe5f578e00badcba2e34edbc75ff161976c9bd164a231ba6f842633a7aa6be742ed2a6" \
  "7ae999cfa4ff9bbf9bb0825ec45fcc4c87544b01d66fe67fc8e07f16bc3bf63c93f7f6d193147e0567dae8e2" \
  "fa7f25e335d7d2199186496df55490c371373c312055368796a3a649c39b66075ae2d57f559641a1c8a0cbf2" \
  "15ec02739ec16e9eb09c7c91bc89db027f5abfc55af50dbbf3eeacecd2c248966541cc75de0b063e9c437abd" \
  "e2f4212e2c7282c7c32c2c79ac8ec72ab73011e0e77f1214228be6f72c9df40776ed9b6b1215aa3ffbe71516" \
  "8ff7a4b9d841e2a0ef4647e7153809776ee08fd882d64e3e56f20bc78923252e22804dbf"

typedef struct
{
  GBytes *salt1;
  GBytes *salt2;
  CvnSrpParams params;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  gsize p_len;

  f->salt1 = hex_bytes (KAT_SALT1);
  f->salt2 = hex_bytes (KAT_SALT2);
  f->params.salt1 = BYTES_DATA (f->salt1);
  f->params.salt1_len = g_bytes_get_size (f->salt1);
  f->params.salt2 = BYTES_DATA (f->salt2);
  f->params.salt2_len = g_bytes_get_size (f->salt2);
  f->params.g = 3;
  f->params.p = cvn_dh_get_default_prime (&p_len);
  f->params.p_len = p_len;
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_bytes_unref (f->salt1);
  g_bytes_unref (f->salt2);
}

static void
test_srp_known_answer (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) a = hex_bytes (KAT_A);
  g_autoptr(GBytes) g_b = hex_bytes (KAT_G_B);
  guint8 x[32], v[256], A[256], M1[32];

  g_assert_true (cvn_srp_compute_x (&f->params, "234567", 6, x, &error));
  g_assert_no_error (error);
  assert_hex (x, 32, KAT_X);
  g_assert_true (cvn_srp_compute_verifier (&f->params, "234567", 6, v, &error));
  assert_hex (v, 256, KAT_V);

  g_assert_true (cvn_srp_compute_check (&f->params, "234567", 6, BYTES_DATA (g_b), 256,
                                        BYTES_DATA (a), 256, A, M1, &error));
  g_assert_no_error (error);
  assert_hex (A, 256, KAT_G_A);
  assert_hex (M1, 32, KAT_M1);
}

static void
test_srp_round_trip (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint8 v[256], b[256], B[256], A[256], M1[32], A2[256], M1_wrong[32];

  /* the server's record, then a login with the right password */
  g_assert_true (cvn_srp_compute_verifier (&f->params, "correct horse", 13, v, &error));
  g_assert_true (cvn_srp_server_generate (&f->params, v, b, B, &error));
  g_assert_no_error (error);
  g_assert_true (cvn_srp_compute_check (&f->params, "correct horse", 13, B, 256, NULL, 0, A, M1, &error));
  g_assert_no_error (error);
  g_assert_true (cvn_srp_server_verify (&f->params, v, b, B, A, 256, M1, 32, &error));
  g_assert_no_error (error);

  /* a wrong password fails, and so does a tampered M1 or a short one */
  g_assert_true (cvn_srp_compute_check (&f->params, "correct horsf", 13, B, 256, NULL, 0, A2, M1_wrong, &error));
  g_assert_false (cvn_srp_server_verify (&f->params, v, b, B, A2, 256, M1_wrong, 32, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INTEGRITY);
  g_clear_error (&error);

  M1[31] ^= 0x01;
  g_assert_false (cvn_srp_server_verify (&f->params, v, b, B, A, 256, M1, 32, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INTEGRITY);
  g_clear_error (&error);
  M1[31] ^= 0x01;
  g_assert_false (cvn_srp_server_verify (&f->params, v, b, B, A, 256, M1, 31, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INTEGRITY);
  g_clear_error (&error);

  /* the right M1 with A from another attempt does not verify either */
  g_assert_false (cvn_srp_server_verify (&f->params, v, b, B, A2, 256, M1, 32, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INTEGRITY);
}

static void
test_srp_rejections (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GBytes) g_b = hex_bytes (KAT_G_B);
  guint8 bad[256], A[256], M1[32], v[256] = { 0 }, b[256] = { 0 };
  CvnSrpParams params = f->params;
  GError *error = NULL;

  /* srp_B of 0, 1 and p - 1 (the last byte of p is odd) */
  memset (bad, 0, sizeof bad);
  g_assert_false (cvn_srp_compute_check (&params, "x", 1, bad, 256, NULL, 0, A, M1, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_CHECK_FAILED);
  g_clear_error (&error);
  bad[255] = 1;
  g_assert_false (cvn_srp_compute_check (&params, "x", 1, bad, 256, NULL, 0, A, M1, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_CHECK_FAILED);
  g_clear_error (&error);
  memcpy (bad, params.p, 256);
  bad[255] -= 1;
  g_assert_false (cvn_srp_compute_check (&params, "x", 1, bad, 256, NULL, 0, A, M1, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_CHECK_FAILED);
  g_clear_error (&error);

  /* g that does not fit p (p mod 8 = 3, so g = 2 is refused) */
  params.g = 2;
  g_assert_false (cvn_srp_compute_check (&params, "x", 1, BYTES_DATA (g_b), 256, NULL, 0, A, M1, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_CHECK_FAILED);
  g_clear_error (&error);

  /* p of the wrong size */
  params = f->params;
  params.p_len = 255;
  g_assert_false (cvn_srp_compute_check (&params, "x", 1, BYTES_DATA (g_b), 256, NULL, 0, A, M1, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_CHECK_FAILED);
  g_clear_error (&error);

  /* the server refuses an A outside the range (A = 1) */
  params = f->params;
  memset (bad, 0, sizeof bad);
  bad[255] = 1;
  g_assert_false (cvn_srp_server_verify (&params, v, b, BYTES_DATA (g_b), bad, 256, M1, 32, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_CHECK_FAILED);
  g_clear_error (&error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/crypto/srp/known-answer", Fixture, NULL, fixture_setup, test_srp_known_answer, fixture_teardown);
  g_test_add ("/crypto/srp/round-trip", Fixture, NULL, fixture_setup, test_srp_round_trip, fixture_teardown);
  g_test_add ("/crypto/srp/rejections", Fixture, NULL, fixture_setup, test_srp_rejections, fixture_teardown);

  return g_test_run ();
}
