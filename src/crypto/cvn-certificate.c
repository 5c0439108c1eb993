/* cvn-certificate.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <openssl/pem.h>

#include "cvn-certificate.h"
#include "cvn-crypto-error.h"
#include "cvn-crypto-private.h"
#include "cvn-hash.h"

struct _CvnCertificate
{
  X509 *x509;
  EVP_PKEY *pkey;
  char *fingerprint;
};

G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509, X509_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (X509_NAME, X509_NAME_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIO, BIO_free)

char *
cvn_certificate_format_fingerprint (const guint8 *digest,
                                    gsize         len)
{
  GString *s = g_string_sized_new (len * 3);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, i == 0 ? "%02X" : ":%02X", digest[i]);
  return g_string_free (s, FALSE);
}

char *
cvn_certificate_fingerprint_of_x509 (X509    *x509,
                                     GError **error)
{
  guint8 digest[EVP_MAX_MD_SIZE];
  unsigned int len = 0;

  g_return_val_if_fail (x509 != NULL, NULL);

  if (!X509_digest (x509, cvn_crypto_md_sha256 (), digest, &len))
    {
      cvn_crypto_set_openssl_error (error, "Certificate fingerprint");
      return NULL;
    }
  return cvn_certificate_format_fingerprint (digest, len);
}

CvnCertificate *
cvn_certificate_new_self_signed (const char  *common_name,
                                 guint        valid_days,
                                 GError     **error)
{
  g_autoptr(EVP_PKEY) pkey = NULL;
  g_autoptr(X509) x509 = NULL;
  g_autoptr(X509_NAME) name = NULL;
  CvnCertificate *self;
  guint8 serial[8];
  BIGNUM *serial_bn;
  gboolean ok;

  g_return_val_if_fail (common_name != NULL && *common_name != '\0', NULL);
  g_return_val_if_fail (valid_days > 0 && valid_days < 3650, NULL);

  pkey = EVP_PKEY_Q_keygen (NULL, NULL, "EC", "P-256");
  if (pkey == NULL)
    {
      cvn_crypto_set_openssl_error (error, "Generating the P-256 key");
      return NULL;
    }

  if (!cvn_random_bytes (serial, sizeof serial, error))
    return NULL;
  serial[0] &= 0x7f;  /* positive */

  x509 = X509_new ();
  name = X509_NAME_new ();
  serial_bn = BN_bin2bn (serial, sizeof serial, NULL);
  ok = x509 != NULL && name != NULL && serial_bn != NULL &&
       X509_set_version (x509, X509_VERSION_3) &&
       BN_to_ASN1_INTEGER (serial_bn, X509_get_serialNumber (x509)) != NULL &&
       /* a day back, for peers whose clocks run late */
       X509_gmtime_adj (X509_getm_notBefore (x509), -24 * 60 * 60) != NULL &&
       X509_gmtime_adj (X509_getm_notAfter (x509), (long) valid_days * 24 * 60 * 60) != NULL &&
       X509_NAME_add_entry_by_txt (name, "CN", MBSTRING_UTF8,
                                   (const unsigned char *) common_name, -1, -1, 0) &&
       X509_set_subject_name (x509, name) &&
       X509_set_issuer_name (x509, name) &&
       X509_set_pubkey (x509, pkey) &&
       X509_sign (x509, pkey, cvn_crypto_md_sha256 ()) > 0;
  BN_free (serial_bn);
  if (!ok)
    {
      cvn_crypto_set_openssl_error (error, "Creating the certificate");
      return NULL;
    }

  self = g_new0 (CvnCertificate, 1);
  self->fingerprint = cvn_certificate_fingerprint_of_x509 (x509, error);
  if (self->fingerprint == NULL)
    {
      g_free (self);
      return NULL;
    }
  self->x509 = g_steal_pointer (&x509);
  self->pkey = g_steal_pointer (&pkey);
  return self;
}

void
cvn_certificate_free (CvnCertificate *self)
{
  if (self == NULL)
    return;
  X509_free (self->x509);
  EVP_PKEY_free (self->pkey);
  g_free (self->fingerprint);
  g_free (self);
}

X509 *
cvn_certificate_get_x509 (CvnCertificate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->x509;
}

EVP_PKEY *
cvn_certificate_get_private_key (CvnCertificate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->pkey;
}

const char *
cvn_certificate_get_fingerprint (CvnCertificate *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  return self->fingerprint;
}

char *
cvn_certificate_get_pem (CvnCertificate  *self,
                         GError         **error)
{
  g_autoptr(BIO) bio = BIO_new (BIO_s_mem ());
  char *data = NULL;
  long len;

  g_return_val_if_fail (self != NULL, NULL);

  if (bio == NULL || !PEM_write_bio_X509 (bio, self->x509))
    {
      cvn_crypto_set_openssl_error (error, "Encoding the certificate");
      return NULL;
    }
  len = BIO_get_mem_data (bio, &data);
  return g_strndup (data, (gsize) len);
}
