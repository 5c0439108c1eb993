/* cvn-rtc-router.h: the forwarding core of an SFU.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Holds the SFU-side transports of one call. RTP from a transport is forwarded, unchanged,
 * to every other connected transport of the call; the SSRC is the sender's (announced in
 * its join payload, or learnt from its first packets) and a packet on an SSRC that belongs to
 * another participant is dropped. RTCP feedback (NACK/PLI/FIR, receiver reports) goes back
 * to the transport that sends the media SSRC it is about; other RTCP (sender reports, SDES)
 * goes to every other transport. Everything runs on the transports' GMainContext.
 */
#pragma once

#include <gio/gio.h>

#include "cvn-rtc-join-payload.h"
#include "cvn-rtc-transport.h"

G_BEGIN_DECLS

#define CVN_TYPE_RTC_ROUTER (cvn_rtc_router_get_type ())
G_DECLARE_FINAL_TYPE (CvnRtcRouter, cvn_rtc_router, CVN, RTC_ROUTER, GObject)

CvnRtcRouter *cvn_rtc_router_new              (void);

/* @payload (may be NULL): the participant's join payload; its audio SSRC and video group
 * SSRCs are reserved for @transport. Fails with CVN_RTC_ERROR_INVALID_PAYLOAD if one of
 * them already belongs to another transport of the call. */
gboolean      cvn_rtc_router_add_transport    (CvnRtcRouter            *self,
                                               CvnRtcTransport         *transport,
                                               const CvnRtcJoinPayload *payload,
                                               GError                 **error);
void          cvn_rtc_router_remove_transport (CvnRtcRouter            *self,
                                               CvnRtcTransport         *transport);
guint         cvn_rtc_router_get_n_transports (CvnRtcRouter            *self);

/* The transport that sends @ssrc, or NULL. */
CvnRtcTransport *cvn_rtc_router_lookup_ssrc   (CvnRtcRouter            *self,
                                               guint32                  ssrc);

/* Sources inside the SFU's own process (the sandbox's simulated voices): @ssrc is reserved
 * as add_transport() reserves a participant's (same error on a clash). Their RTP goes to
 * every connected transport with cvn_rtc_router_send_local_rtp() (loss injection applies);
 * RTCP feedback about them ends here (counted as dropped). */
gboolean      cvn_rtc_router_add_local_source    (CvnRtcRouter         *self,
                                                  guint32               ssrc,
                                                  GError              **error);
void          cvn_rtc_router_remove_local_source (CvnRtcRouter         *self,
                                                  guint32               ssrc);
/* Forwards one plain RTP packet of a local source; returns how many transports it went to. */
guint         cvn_rtc_router_send_local_rtp      (CvnRtcRouter         *self,
                                                  const guint8         *data,
                                                  gsize                 len);

/* Fault injection for tests of loss resilience (the sandbox's "10 % loss"): each forwarded
 * RTP packet is dropped with probability @fraction (0 to 1), drawn from a generator seeded
 * with @seed so a run can be repeated. RTCP is never dropped. Dropped packets are counted as
 * dropped. */
void          cvn_rtc_router_set_loss         (CvnRtcRouter            *self,
                                               double                   fraction,
                                               guint32                  seed);

/* Packets sent on to other transports, and packets dropped (foreign SSRC, send errors). */
guint64       cvn_rtc_router_get_forwarded_count (CvnRtcRouter         *self);
guint64       cvn_rtc_router_get_dropped_count   (CvnRtcRouter         *self);

G_END_DECLS
