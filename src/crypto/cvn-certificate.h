/* cvn-certificate.h: the self-signed ECDSA P-256 certificate of a DTLS endpoint.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   cert = cvn_certificate_new_self_signed ("convene", 30, &error);
 *   fp = cvn_certificate_get_fingerprint (cert);      "AB:CD:...:EF", SHA-256 of the DER
 *   x509 = cvn_certificate_get_x509 (cert);          borrowed, for SSL_CTX_use_certificate
 *   pkey = cvn_certificate_get_private_key (cert);   borrowed, for SSL_CTX_use_PrivateKey
 *
 * The fingerprint is what the join payload carries ("sha-256" in the fingerprints of the
 * transport). cvn_certificate_fingerprint_of_x509 () computes the same for the peer's
 * certificate, to compare with the one announced; cvn_certificate_format_fingerprint ()
 * formats any digest as uppercase hex pairs separated by colons.
 */
#pragma once

#include <glib.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

G_BEGIN_DECLS

typedef struct _CvnCertificate CvnCertificate;

CvnCertificate *cvn_certificate_new_self_signed     (const char      *common_name,
                                                     guint            valid_days,
                                                     GError         **error);
void            cvn_certificate_free                (CvnCertificate  *self);

X509           *cvn_certificate_get_x509            (CvnCertificate  *self);
EVP_PKEY       *cvn_certificate_get_private_key     (CvnCertificate  *self);
const char     *cvn_certificate_get_fingerprint     (CvnCertificate  *self);
char           *cvn_certificate_get_pem             (CvnCertificate  *self,
                                                     GError         **error);

char           *cvn_certificate_fingerprint_of_x509 (X509            *x509,
                                                     GError         **error);
char           *cvn_certificate_format_fingerprint  (const guint8    *digest,
                                                     gsize            len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnCertificate, cvn_certificate_free)

G_END_DECLS
