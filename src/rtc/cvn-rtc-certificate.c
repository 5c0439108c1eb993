/* cvn-rtc-certificate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include "cvn-rtc-certificate-private.h"
#include "cvn-rtc-error.h"
#include "cvn-hash.h"

struct _CvnRtcCertificate
{
  EVP_PKEY *key;
  X509     *x509;
  char     *fingerprint;
};

static gboolean
set_openssl_error (GError     **error,
                   const char  *what)
{
  unsigned long code = ERR_get_error ();
  char buf[256] = "";

  if (code != 0)
    ERR_error_string_n (code, buf, sizeof buf);
  ERR_clear_error ();
  g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_CERTIFICATE,
               "%s failed%s%s", what, buf[0] ? ": " : "", buf);
  return FALSE;
}

gboolean
cvn_rtc_x509_digest (X509   *cert,
                     guint8  out[32])
{
  unsigned int len = 0;

  if (cert == NULL || !X509_digest (cert, EVP_sha256 (), out, &len) || len != 32)
    {
      ERR_clear_error ();
      return FALSE;
    }
  return TRUE;
}

char *
cvn_rtc_fingerprint_format (const guint8 digest[32])
{
  static const char hex[] = "0123456789ABCDEF";
  char *out = g_malloc (CVN_RTC_FINGERPRINT_LEN + 1);

  for (guint i = 0; i < 32; i++)
    {
      out[i * 3] = hex[digest[i] >> 4];
      out[i * 3 + 1] = hex[digest[i] & 0xf];
      if (i < 31)
        out[i * 3 + 2] = ':';
    }
  out[CVN_RTC_FINGERPRINT_LEN] = '\0';
  return out;
}

gboolean
cvn_rtc_fingerprint_parse (const char *text,
                           guint8      out[32])
{
  guint8 digest[32];

  if (text == NULL || strlen (text) != CVN_RTC_FINGERPRINT_LEN)
    return FALSE;
  for (guint i = 0; i < 32; i++)
    {
      int hi = g_ascii_xdigit_value (text[i * 3]);
      int lo = g_ascii_xdigit_value (text[i * 3 + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      if (i < 31 && text[i * 3 + 2] != ':')
        return FALSE;
      digest[i] = (guint8) (hi << 4 | lo);
    }
  if (out != NULL)
    memcpy (out, digest, 32);
  return TRUE;
}

CvnRtcCertificate *
cvn_rtc_certificate_new (GError **error)
{
  g_autoptr(CvnRtcCertificate) self = g_new0 (CvnRtcCertificate, 1);
  guint8 serial[8];
  guint8 digest[32];
  BIGNUM *bn;
  X509_NAME *name;

  self->key = EVP_EC_gen ("P-256");
  if (self->key == NULL)
    return set_openssl_error (error, "EC P-256 key generation"), NULL;

  self->x509 = X509_new ();
  if (self->x509 == NULL)
    return set_openssl_error (error, "X509_new"), NULL;

  if (!cvn_random_bytes (serial, sizeof serial, error))
    return NULL;
  serial[0] &= 0x7f; /* a positive serial number */
  bn = BN_bin2bn (serial, sizeof serial, NULL);
  if (bn == NULL || BN_to_ASN1_INTEGER (bn, X509_get_serialNumber (self->x509)) == NULL)
    {
      BN_free (bn);
      return set_openssl_error (error, "certificate serial"), NULL;
    }
  BN_free (bn);

  name = X509_get_subject_name (self->x509);
  if (!X509_set_version (self->x509, 2) ||
      !X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_ASC, (const unsigned char *) "Convene", -1, -1, 0) ||
      !X509_set_issuer_name (self->x509, name) ||
      X509_gmtime_adj (X509_getm_notBefore (self->x509), -24 * 3600) == NULL ||
      X509_gmtime_adj (X509_getm_notAfter (self->x509), 30 * 24 * 3600) == NULL ||
      !X509_set_pubkey (self->x509, self->key) ||
      !X509_sign (self->x509, self->key, EVP_sha256 ()))
    return set_openssl_error (error, "self-signed certificate"), NULL;

  if (!cvn_rtc_x509_digest (self->x509, digest))
    return set_openssl_error (error, "certificate digest"), NULL;
  self->fingerprint = cvn_rtc_fingerprint_format (digest);

  return g_steal_pointer (&self);
}

const char *
cvn_rtc_certificate_get_fingerprint (const CvnRtcCertificate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->fingerprint;
}

EVP_PKEY *
cvn_rtc_certificate_get_key (const CvnRtcCertificate *self)
{
  return self->key;
}

X509 *
cvn_rtc_certificate_get_x509 (const CvnRtcCertificate *self)
{
  return self->x509;
}

void
cvn_rtc_certificate_free (CvnRtcCertificate *self)
{
  if (self == NULL)
    return;
  X509_free (self->x509);
  EVP_PKEY_free (self->key);
  g_free (self->fingerprint);
  g_free (self);
}
