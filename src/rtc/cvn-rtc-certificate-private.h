/* cvn-rtc-certificate-private.h: OpenSSL objects of a CvnRtcCertificate, for the DTLS code.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include "cvn-rtc-certificate.h"

G_BEGIN_DECLS

/* Owned by @self. */
EVP_PKEY *cvn_rtc_certificate_get_key  (const CvnRtcCertificate *self);
X509     *cvn_rtc_certificate_get_x509 (const CvnRtcCertificate *self);

/* SHA-256 of the DER encoding of @cert. */
gboolean  cvn_rtc_x509_digest          (X509                    *cert,
                                        guint8                   out[32]);

G_END_DECLS
