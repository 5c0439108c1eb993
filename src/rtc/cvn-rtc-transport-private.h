/* cvn-rtc-transport-private.h: DTLS application data (SCTP) for the data channel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-rtc-transport.h"

G_BEGIN_DECLS

typedef void (*CvnRtcTransportDataFunc) (const guint8 *data,
                                         gsize         len,
                                         gpointer      user_data);

/* One receiver of DTLS application data at a time; NULL @func removes it. */
void     cvn_rtc_transport_set_application_data_func (CvnRtcTransport          *self,
                                                      CvnRtcTransportDataFunc   func,
                                                      gpointer                  user_data);
/* One DTLS record of application data; only when connected-secure. */
gboolean cvn_rtc_transport_send_application_data     (CvnRtcTransport          *self,
                                                      const guint8             *data,
                                                      gsize                     len,
                                                      GError                  **error);
/* One datagram on the ICE component as it is, unprotected: for fault injection and for
 * tests of what a peer may send. Needs ICE connected. */
gboolean cvn_rtc_transport_send_datagram             (CvnRtcTransport          *self,
                                                      const guint8             *data,
                                                      gsize                     len,
                                                      GError                  **error);
/* Fault injection: the next @count DTLS datagrams this side sends are dropped. */
void     cvn_rtc_transport_drop_outgoing_dtls        (CvnRtcTransport          *self,
                                                      guint                     count);
GMainContext *cvn_rtc_transport_get_context          (CvnRtcTransport          *self);
/* TRUE when this side is the DTLS client. Valid after start. */
gboolean cvn_rtc_transport_is_dtls_client            (CvnRtcTransport          *self);

G_END_DECLS
