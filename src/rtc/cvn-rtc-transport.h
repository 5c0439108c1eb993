/* cvn-rtc-transport.h: one ICE + DTLS-SRTP transport, in the client or the SFU role.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Client: a full, controlling libnice agent toward an ICE-lite SFU.
 *   transport = cvn_rtc_transport_new (CVN_RTC_ROLE_CLIENT, context, NULL, &error);
 *   payload = cvn_rtc_transport_create_join_payload (transport, CVN_RTC_VIDEO_NONE, &error);
 *   ... phone.joinGroupCall (params = JSON of payload) ... answer arrives ...
 *   cvn_rtc_transport_start_client (transport, answer, &error);
 * SFU: a lite, controlled libnice agent (full-mode FALSE).
 *   transport = cvn_rtc_transport_new (CVN_RTC_ROLE_SFU, context, "127.0.0.1", &error);
 *   cvn_rtc_transport_start_sfu (transport, payload, &error);
 *   answer = cvn_rtc_transport_create_answer (transport, endpoint);
 *
 * The transport then walks :state through checking, connected (ICE), dtls-connecting and
 * connected-secure, or ends in failed with :error saying why (ICE failure, a bound that
 * ran out, a fingerprint mismatch, a DTLS error). Every callback and signal runs on the
 * GMainContext given at construction. SRTP/SRTCP is applied inside: send plain RTP/RTCP,
 * receive plain RTP/RTCP in ::rtp-received and ::rtcp-received.
 */
#pragma once

#include <gio/gio.h>

#include "cvn-rtc-answer.h"
#include "cvn-rtc-join-payload.h"

G_BEGIN_DECLS

typedef enum
{
  CVN_RTC_ROLE_CLIENT,
  CVN_RTC_ROLE_SFU,
} CvnRtcRole;

typedef enum
{
  CVN_RTC_TRANSPORT_STATE_NEW,
  CVN_RTC_TRANSPORT_STATE_CHECKING,
  CVN_RTC_TRANSPORT_STATE_CONNECTED,
  CVN_RTC_TRANSPORT_STATE_DTLS_CONNECTING,
  CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE,
  CVN_RTC_TRANSPORT_STATE_FAILED,
  CVN_RTC_TRANSPORT_STATE_CLOSED,
} CvnRtcTransportState;

typedef enum
{
  CVN_RTC_SRTP_PROFILE_NONE,
  CVN_RTC_SRTP_PROFILE_AES128_CM_SHA1_80,
  CVN_RTC_SRTP_PROFILE_AEAD_AES_128_GCM,
} CvnRtcSrtpProfile;

typedef enum /*< flags >*/
{
  CVN_RTC_SRTP_PROFILES_AES128_CM_SHA1_80 = 1 << 0,
  CVN_RTC_SRTP_PROFILES_AEAD_AES_128_GCM  = 1 << 1,
} CvnRtcSrtpProfiles;

#define CVN_RTC_SRTP_PROFILES_ALL (CVN_RTC_SRTP_PROFILES_AES128_CM_SHA1_80 | CVN_RTC_SRTP_PROFILES_AEAD_AES_128_GCM)

GType cvn_rtc_role_get_type            (void) G_GNUC_CONST;
GType cvn_rtc_transport_state_get_type (void) G_GNUC_CONST;
GType cvn_rtc_srtp_profile_get_type    (void) G_GNUC_CONST;
GType cvn_rtc_srtp_profiles_get_type   (void) G_GNUC_CONST;

#define CVN_TYPE_RTC_ROLE            (cvn_rtc_role_get_type ())
#define CVN_TYPE_RTC_TRANSPORT_STATE (cvn_rtc_transport_state_get_type ())
#define CVN_TYPE_RTC_SRTP_PROFILE    (cvn_rtc_srtp_profile_get_type ())
#define CVN_TYPE_RTC_SRTP_PROFILES   (cvn_rtc_srtp_profiles_get_type ())

#define CVN_TYPE_RTC_TRANSPORT (cvn_rtc_transport_get_type ())
G_DECLARE_FINAL_TYPE (CvnRtcTransport, cvn_rtc_transport, CVN, RTC_TRANSPORT, GObject)

/* @context: where everything runs (NULL: the thread-default context at construction).
 * @local_address: the only local address ICE uses (NULL: every interface). */
CvnRtcTransport      *cvn_rtc_transport_new                 (CvnRtcRole               role,
                                                             GMainContext            *context,
                                                             const char              *local_address,
                                                             GError                 **error);

CvnRtcRole            cvn_rtc_transport_get_role            (CvnRtcTransport         *self);
CvnRtcTransportState  cvn_rtc_transport_get_state           (CvnRtcTransport         *self);
/* Why the transport failed; NULL unless :state is failed. */
const GError         *cvn_rtc_transport_get_error           (CvnRtcTransport         *self);
const char           *cvn_rtc_transport_get_local_ufrag     (CvnRtcTransport         *self);
const char           *cvn_rtc_transport_get_local_pwd       (CvnRtcTransport         *self);
const char           *cvn_rtc_transport_get_local_fingerprint (CvnRtcTransport       *self);
/* The negotiated profile once connected-secure. */
CvnRtcSrtpProfile     cvn_rtc_transport_get_srtp_profile    (CvnRtcTransport         *self);

/* Which profiles DTLS offers (client) or accepts (SFU); both by default. Before start. */
void                  cvn_rtc_transport_set_srtp_profiles   (CvnRtcTransport         *self,
                                                             CvnRtcSrtpProfiles       profiles);
/* The bound from start to connected-secure, in milliseconds (default 15000). */
void                  cvn_rtc_transport_set_connect_timeout (CvnRtcTransport         *self,
                                                             guint                    timeout_ms);
guint                 cvn_rtc_transport_get_connect_timeout (CvnRtcTransport         *self);
/* Once connected-secure, fail (CVN_RTC_ERROR_TIMED_OUT) when no datagram arrives for this
 * long; 0 turns it off. Default: 30000 for the SFU (an ICE-lite agent sends no checks and
 * cannot see a vanished client otherwise), 0 for the client (its ICE keepalives are
 * binding requests, so libnice fails a dead path). */
void                  cvn_rtc_transport_set_inactivity_timeout (CvnRtcTransport      *self,
                                                                guint                 timeout_ms);
guint                 cvn_rtc_transport_get_inactivity_timeout (CvnRtcTransport      *self);

/* Client: a join payload with this transport's ICE credentials and fingerprint, setup
 * "active" and a fresh audio SSRC (and video groups per @video). */
CvnRtcJoinPayload    *cvn_rtc_transport_create_join_payload (CvnRtcTransport         *self,
                                                             CvnRtcVideoLayout        video,
                                                             GError                 **error);
/* Client: connects to the SFU of @answer (an RTC answer). */
gboolean              cvn_rtc_transport_start_client        (CvnRtcTransport         *self,
                                                             const CvnRtcAnswer      *answer,
                                                             GError                 **error);
/* SFU: accepts the client of @payload; the DTLS role mirrors the payload's setup. */
gboolean              cvn_rtc_transport_start_sfu           (CvnRtcTransport         *self,
                                                             const CvnRtcJoinPayload *payload,
                                                             GError                 **error);
/* SFU, after start: the answer for the client (credentials, fingerprint, setup,
 * candidates, codec table). @video_endpoint may be NULL. */
CvnRtcAnswer         *cvn_rtc_transport_create_answer       (CvnRtcTransport         *self,
                                                             const char              *video_endpoint);

/* Completes when the transport is connected-secure (TRUE), or with the reason it failed or
 * closed, or G_IO_ERROR_CANCELLED. Does not start anything: call it after start. */
void                  cvn_rtc_transport_wait_secure_async   (CvnRtcTransport         *self,
                                                             GCancellable            *cancellable,
                                                             GAsyncReadyCallback      callback,
                                                             gpointer                 user_data);
gboolean              cvn_rtc_transport_wait_secure_finish  (CvnRtcTransport         *self,
                                                             GAsyncResult            *result,
                                                             GError                 **error);

/* Plain RTP / RTCP out; protected here. CVN_RTC_ERROR_CLOSED-ish errors when not
 * connected-secure. */
gboolean              cvn_rtc_transport_send_rtp            (CvnRtcTransport         *self,
                                                             const guint8            *data,
                                                             gsize                    len,
                                                             GError                 **error);
gboolean              cvn_rtc_transport_send_rtcp           (CvnRtcTransport         *self,
                                                             const guint8            *data,
                                                             gsize                    len,
                                                             GError                 **error);

/* "udp" or "tcp": the transport of the candidate pair ICE selected, NULL before. */
const char           *cvn_rtc_transport_get_selected_protocol (CvnRtcTransport       *self);

/* Datagrams dropped: not classifiable, or failing SRTP/SRTCP authentication. */
guint64               cvn_rtc_transport_get_rejected_count  (CvnRtcTransport         *self);

/* Sends DTLS close_notify, stops ICE; :state becomes closed. */
void                  cvn_rtc_transport_close               (CvnRtcTransport         *self);

G_END_DECLS
