/* cvn-rtc-certificate.h: the per-connection DTLS certificate (ECDSA P-256, self-signed).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A rejoin makes a new transport and with it a new certificate. The fingerprint is the
 * SHA-256 of the DER certificate as 32 uppercase hex pairs joined by colons, the form the
 * join payload and the SFU's answer carry ("hash": "sha-256").
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "AB:CD:..." : 32 pairs, 31 colons. */
#define CVN_RTC_FINGERPRINT_LEN 95

typedef struct _CvnRtcCertificate CvnRtcCertificate;

CvnRtcCertificate *cvn_rtc_certificate_new             (GError                  **error);
const char        *cvn_rtc_certificate_get_fingerprint (const CvnRtcCertificate  *self);
void               cvn_rtc_certificate_free            (CvnRtcCertificate        *self);

/* TRUE when @text is a SHA-256 fingerprint (hex pairs, either case, colon separated);
 * the 32 bytes are written to @out when it is not NULL. */
gboolean           cvn_rtc_fingerprint_parse           (const char               *text,
                                                        guint8                    out[32]);

/* The canonical form of @digest (uppercase, colon separated); free with g_free(). */
char              *cvn_rtc_fingerprint_format          (const guint8              digest[32]);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnRtcCertificate, cvn_rtc_certificate_free)

G_END_DECLS
