/* test-curve25519.c: Ed25519, X25519 (RFC vectors) and the DTLS certificate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "crypto-test-util.h"
#include "cvn-certificate.h"
#include "cvn-crypto-error.h"
#include "cvn-curve25519.h"
#include "cvn-hash.h"

/* RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 (one byte 0x72) */
static void
test_ed25519_rfc8032 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) priv1 = hex_bytes ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  g_autoptr(GBytes) priv2 = hex_bytes ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
  guint8 pub[32], sig[64];
  const guint8 msg2 = 0x72;

  g_assert_true (cvn_ed25519_public_from_private (BYTES_DATA (priv1), pub, &error));
  g_assert_no_error (error);
  assert_hex (pub, 32, "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  g_assert_true (cvn_ed25519_sign (BYTES_DATA (priv1), NULL, 0, sig, &error));
  assert_hex (sig, 64,
              "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
              "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  g_assert_true (cvn_ed25519_verify (pub, NULL, 0, sig, &error));
  g_assert_no_error (error);

  g_assert_true (cvn_ed25519_public_from_private (BYTES_DATA (priv2), pub, &error));
  assert_hex (pub, 32, "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c");
  g_assert_true (cvn_ed25519_sign (BYTES_DATA (priv2), &msg2, 1, sig, &error));
  assert_hex (sig, 64,
              "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
              "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00");
  g_assert_true (cvn_ed25519_verify (pub, &msg2, 1, sig, &error));
  g_assert_no_error (error);

  /* another message, or a flipped signature bit, does not verify */
  g_assert_false (cvn_ed25519_verify (pub, (const guint8 *) "s", 1, sig, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INTEGRITY);
  g_clear_error (&error);
  sig[10] ^= 1;
  g_assert_false (cvn_ed25519_verify (pub, &msg2, 1, sig, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INTEGRITY);
}

static void
test_ed25519_generated (void)
{
  g_autoptr(GError) error = NULL;
  guint8 priv[32], pub[32], pub2[32], sig[64];

  g_assert_true (cvn_ed25519_generate (priv, pub, &error));
  g_assert_true (cvn_ed25519_public_from_private (priv, pub2, &error));
  g_assert_cmpmem (pub, 32, pub2, 32);
  g_assert_true (cvn_ed25519_sign (priv, (const guint8 *) "block", 5, sig, &error));
  g_assert_true (cvn_ed25519_verify (pub, (const guint8 *) "block", 5, sig, &error));
  g_assert_no_error (error);
}

/* RFC 7748 section 6.1 */
static void
test_x25519_rfc7748 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) alice = hex_bytes ("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  g_autoptr(GBytes) bob = hex_bytes ("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
  guint8 alice_pub[32], bob_pub[32], k1[32], k2[32];
  guint8 zero_point[32] = { 0 };

  g_assert_true (cvn_x25519_public_from_private (BYTES_DATA (alice), alice_pub, &error));
  g_assert_true (cvn_x25519_public_from_private (BYTES_DATA (bob), bob_pub, &error));
  g_assert_no_error (error);
  assert_hex (alice_pub, 32, "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  assert_hex (bob_pub, 32, "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");

  g_assert_true (cvn_x25519_derive (BYTES_DATA (alice), bob_pub, k1, &error));
  g_assert_true (cvn_x25519_derive (BYTES_DATA (bob), alice_pub, k2, &error));
  g_assert_no_error (error);
  assert_hex (k1, 32, "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
  g_assert_cmpmem (k1, 32, k2, 32);

  /* a small-order peer key gives the all-zero secret: refused */
  g_assert_false (cvn_x25519_derive (BYTES_DATA (alice), zero_point, k1, &error));
  g_assert_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_CHECK_FAILED);
}

static void
test_x25519_generated (void)
{
  g_autoptr(GError) error = NULL;
  guint8 a[32], a_pub[32], b[32], b_pub[32], k1[32], k2[32];

  g_assert_true (cvn_x25519_generate (a, a_pub, &error));
  g_assert_true (cvn_x25519_generate (b, b_pub, &error));
  g_assert_true (cvn_x25519_derive (a, b_pub, k1, &error));
  g_assert_true (cvn_x25519_derive (b, a_pub, k2, &error));
  g_assert_no_error (error);
  g_assert_cmpmem (k1, 32, k2, 32);
}

static void
test_certificate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnCertificate) cert = cvn_certificate_new_self_signed ("convene", 30, &error);
  g_autoptr(CvnCertificate) other = cvn_certificate_new_self_signed ("convene", 30, &error);
  g_autofree char *again = NULL;
  g_autofree char *pem = NULL;
  const char *fp;
  unsigned char *der = NULL;
  int der_len;
  guint8 digest[32];
  g_autofree char *expected = NULL;

  g_assert_no_error (error);
  fp = cvn_certificate_get_fingerprint (cert);

  /* 32 uppercase hex pairs joined by colons */
  g_assert_cmpuint (strlen (fp), ==, 32 * 3 - 1);
  for (int i = 0; i < 95; i++)
    {
      if (i % 3 == 2)
        g_assert_cmpint (fp[i], ==, ':');
      else
        g_assert_true (g_ascii_isdigit (fp[i]) || (fp[i] >= 'A' && fp[i] <= 'F'));
    }

  /* it is SHA-256 of the DER encoding */
  der_len = i2d_X509 (cvn_certificate_get_x509 (cert), &der);
  g_assert_cmpint (der_len, >, 0);
  cvn_sha256 (der, (gsize) der_len, digest);
  OPENSSL_free (der);
  expected = cvn_certificate_format_fingerprint (digest, 32);
  g_assert_cmpstr (fp, ==, expected);

  again = cvn_certificate_fingerprint_of_x509 (cvn_certificate_get_x509 (cert), &error);
  g_assert_cmpstr (fp, ==, again);
  g_assert_cmpstr (fp, !=, cvn_certificate_get_fingerprint (other));

  /* ECDSA P-256, and the certificate is signed by its own key */
  g_assert_true (EVP_PKEY_is_a (cvn_certificate_get_private_key (cert), "EC"));
  g_assert_cmpint (EVP_PKEY_get_bits (cvn_certificate_get_private_key (cert)), ==, 256);
  g_assert_cmpint (X509_verify (cvn_certificate_get_x509 (cert), cvn_certificate_get_private_key (cert)), ==, 1);
  g_assert_cmpint (X509_verify (cvn_certificate_get_x509 (cert), cvn_certificate_get_private_key (other)), !=, 1);

  pem = cvn_certificate_get_pem (cert, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (pem, "-----BEGIN CERTIFICATE-----"));

  {
    const guint8 sample[3] = { 0x0a, 0xbc, 0xff };
    g_autofree char *formatted = cvn_certificate_format_fingerprint (sample, 3);

    g_assert_cmpstr (formatted, ==, "0A:BC:FF");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/crypto/ed25519/rfc8032", test_ed25519_rfc8032);
  g_test_add_func ("/crypto/ed25519/generated", test_ed25519_generated);
  g_test_add_func ("/crypto/x25519/rfc7748", test_x25519_rfc7748);
  g_test_add_func ("/crypto/x25519/generated", test_x25519_generated);
  g_test_add_func ("/crypto/certificate/self-signed", test_certificate);

  return g_test_run ();
}
