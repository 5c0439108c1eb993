/* cvn-rtc-dtls-private.h: DTLS 1.2 over datagrams handed in and out by the caller
 * (OpenSSL with a memory BIO for input and a datagram-per-write BIO for output).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The peer's certificate is accepted only if its SHA-256 matches the fingerprint given at
 * creation; the check runs inside the handshake, so a mismatch aborts it with an alert.
 * Both SRTP profiles of CvnRtcSrtpProfiles offered are put in the use_srtp extension.
 */
#pragma once

#include <glib.h>

#include "cvn-rtc-certificate.h"
#include "cvn-rtc-transport.h"

G_BEGIN_DECLS

typedef struct _CvnRtcDtls CvnRtcDtls;

typedef void (*CvnRtcDtlsSendFunc) (const guint8 *data,
                                    gsize         len,
                                    gpointer      user_data);
typedef void (*CvnRtcDtlsDataFunc) (const guint8 *data,
                                    gsize         len,
                                    gpointer      user_data);

typedef enum
{
  CVN_RTC_DTLS_CONTINUE,   /* nothing new */
  CVN_RTC_DTLS_CONNECTED,  /* the handshake has just completed */
  CVN_RTC_DTLS_FAILED,     /* fatal: see the error */
  CVN_RTC_DTLS_CLOSED,     /* the peer sent close_notify */
} CvnRtcDtlsResult;

/* The MTU DTLS records are packed into. */
#define CVN_RTC_DTLS_MTU 1200

CvnRtcDtls       *cvn_rtc_dtls_new             (const CvnRtcCertificate  *certificate,
                                                gboolean                  is_client,
                                                const guint8              peer_fingerprint[32],
                                                CvnRtcSrtpProfiles        profiles,
                                                CvnRtcDtlsSendFunc        send_func,
                                                CvnRtcDtlsDataFunc        data_func,
                                                gpointer                  user_data,
                                                GError                  **error);
void              cvn_rtc_dtls_free            (CvnRtcDtls               *self);

/* A client sends its ClientHello; a server only waits. */
CvnRtcDtlsResult  cvn_rtc_dtls_start           (CvnRtcDtls               *self,
                                                GError                  **error);
/* A DTLS datagram from the peer. Application data goes to the data function. */
CvnRtcDtlsResult  cvn_rtc_dtls_receive         (CvnRtcDtls               *self,
                                                const guint8             *data,
                                                gsize                     len,
                                                GError                  **error);
/* Milliseconds until cvn_rtc_dtls_handle_timeout() is due, or -1 for no timer. */
gint64            cvn_rtc_dtls_get_timeout_ms  (CvnRtcDtls               *self);
CvnRtcDtlsResult  cvn_rtc_dtls_handle_timeout  (CvnRtcDtls               *self,
                                                GError                  **error);

gboolean          cvn_rtc_dtls_is_connected    (CvnRtcDtls               *self);
/* After CONNECTED: the negotiated profile and the SRTP master keys (key || salt) of this
 * side and of the peer. */
gboolean          cvn_rtc_dtls_export_srtp     (CvnRtcDtls               *self,
                                                CvnRtcSrtpProfile        *profile,
                                                guint8                    local_key[64],
                                                guint8                    remote_key[64],
                                                GError                  **error);
gboolean          cvn_rtc_dtls_send            (CvnRtcDtls               *self,
                                                const guint8             *data,
                                                gsize                     len,
                                                GError                  **error);
/* Sends close_notify if connected. */
void              cvn_rtc_dtls_shutdown        (CvnRtcDtls               *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnRtcDtls, cvn_rtc_dtls_free)

G_END_DECLS
