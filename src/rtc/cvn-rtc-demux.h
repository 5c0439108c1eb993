/* cvn-rtc-demux.h: what a datagram on the ICE component is (RFC 7983), and the few RTP/RTCP
 * header fields the transport and the router read.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure functions over bytes: no allocation, every read bounds-checked. They look at headers
 * only, so they work on SRTP/SRTCP as well as on plain RTP/RTCP.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CVN_RTC_PACKET_INVALID,       /* too short, or a header that does not hold together */
  CVN_RTC_PACKET_STUN,          /* first byte 0..3 */
  CVN_RTC_PACKET_ZRTP,          /* 16..19 (recognised, never used) */
  CVN_RTC_PACKET_DTLS,          /* 20..63 */
  CVN_RTC_PACKET_TURN_CHANNEL,  /* 64..79 (recognised, never used) */
  CVN_RTC_PACKET_RTP,           /* 128..191, not an RTCP packet type */
  CVN_RTC_PACKET_RTCP,          /* 128..191, second byte 192..223 (RFC 5761) */
} CvnRtcPacketKind;

CvnRtcPacketKind cvn_rtc_demux_classify        (const guint8 *data,
                                                gsize         len);
const char      *cvn_rtc_packet_kind_to_string (CvnRtcPacketKind kind);

/* RTP: the SSRC, payload type and sequence number (the packet must classify as RTP). */
guint32          cvn_rtc_rtp_get_ssrc          (const guint8 *data);
guint8           cvn_rtc_rtp_get_payload_type  (const guint8 *data);
guint16          cvn_rtc_rtp_get_seq           (const guint8 *data);

/* RTCP: the packet type and sender SSRC of the first packet of a compound packet (the
 * packet must classify as RTCP). */
guint8           cvn_rtc_rtcp_get_packet_type  (const guint8 *data);
guint32          cvn_rtc_rtcp_get_sender_ssrc  (const guint8 *data);

/* The SSRC a (decrypted) compound RTCP packet is about: the media source of the first
 * transport or payload-specific feedback (RTPFB 205, PSFB 206) or the first report block
 * of a receiver/sender report. FALSE when there is none. */
gboolean         cvn_rtc_rtcp_find_media_ssrc  (const guint8 *data,
                                                gsize         len,
                                                guint32      *out);

G_END_DECLS
