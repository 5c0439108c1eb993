/* cvn-rtc-data-channel.h: the SCTP association over a transport's DTLS and the data
 * channel "data" on stream 0 (DCEP, RFC 8832), text messages only.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Make one per transport, at any time before or after it is connected-secure; the SCTP
 * association starts when the transport is. On the client the channel is opened by us
 * (DATA_CHANNEL_OPEN, label "data", stream 0) and, once it is open, the receiver video
 * constraints are sent at once, on every change, and every 5 s. On the SFU the channel is
 * accepted when the client opens it. Everything runs on the transport's GMainContext.
 */
#pragma once

#include <gio/gio.h>

#include "cvn-rtc-colibri.h"
#include "cvn-rtc-transport.h"

G_BEGIN_DECLS

typedef enum
{
  CVN_RTC_DATA_CHANNEL_STATE_CONNECTING,
  CVN_RTC_DATA_CHANNEL_STATE_OPEN,
  CVN_RTC_DATA_CHANNEL_STATE_CLOSED,
  CVN_RTC_DATA_CHANNEL_STATE_FAILED,
} CvnRtcDataChannelState;

GType cvn_rtc_data_channel_state_get_type (void) G_GNUC_CONST;
#define CVN_TYPE_RTC_DATA_CHANNEL_STATE (cvn_rtc_data_channel_state_get_type ())

#define CVN_TYPE_RTC_DATA_CHANNEL (cvn_rtc_data_channel_get_type ())
G_DECLARE_FINAL_TYPE (CvnRtcDataChannel, cvn_rtc_data_channel, CVN, RTC_DATA_CHANNEL, GObject)

/* The label Telegram's SFU expects. */
#define CVN_RTC_DATA_CHANNEL_LABEL "data"

/* How often the client repeats its receiver constraints while the channel is open, by
 * default (tgcalls and tweb: every 5 s). */
#define CVN_RTC_CONSTRAINTS_INTERVAL_MS 5000

CvnRtcDataChannel      *cvn_rtc_data_channel_new              (CvnRtcTransport    *transport,
                                                               GError            **error);
CvnRtcDataChannelState  cvn_rtc_data_channel_get_state        (CvnRtcDataChannel  *self);
/* The reason when :state is failed. */
const GError           *cvn_rtc_data_channel_get_error        (CvnRtcDataChannel  *self);
gboolean                cvn_rtc_data_channel_send_text        (CvnRtcDataChannel  *self,
                                                               const char         *text,
                                                               GError            **error);

/* Client: the ReceiverVideoConstraints JSON to keep the SFU informed with (see
 * cvn_rtc_receiver_video_constraints_to_json()); sent now if open. Until set, the client
 * sends "no video" constraints. See cvn-rtc-colibri.h for building and parsing messages. */
void                    cvn_rtc_data_channel_set_receiver_constraints (CvnRtcDataChannel *self,
                                                                       const char        *json);
/* The repeat interval of the constraints (CVN_RTC_CONSTRAINTS_INTERVAL_MS by default). */
void                    cvn_rtc_data_channel_set_constraints_interval (CvnRtcDataChannel *self,
                                                                       guint              interval_ms);

G_END_DECLS
