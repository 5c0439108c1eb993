/* fuzz-rtc-demux.c: libFuzzer target for the packet demultiplexer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The input is copied into a buffer of exactly its size, so ASan sees any read past it.
 */
#include "config.h"

#include <string.h>

#include "cvn-rtc-demux.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree guint8 *copy = g_malloc (MAX (size, 1));
  CvnRtcPacketKind kind;
  guint32 ssrc;

  memcpy (copy, data, size);
  kind = cvn_rtc_demux_classify (copy, size);
  switch (kind)
    {
    case CVN_RTC_PACKET_RTP:
      ssrc = cvn_rtc_rtp_get_ssrc (copy) ^ cvn_rtc_rtp_get_payload_type (copy) ^ cvn_rtc_rtp_get_seq (copy);
      break;
    case CVN_RTC_PACKET_RTCP:
      ssrc = cvn_rtc_rtcp_get_sender_ssrc (copy) ^ cvn_rtc_rtcp_get_packet_type (copy);
      cvn_rtc_rtcp_find_media_ssrc (copy, size, &ssrc);
      break;
    default:
      ssrc = 0;
      break;
    }
  (void) ssrc;
  /* Feedback parsing is also reached on any input, not only on valid RTCP. */
  cvn_rtc_rtcp_find_media_ssrc (copy, size, &ssrc);
  return 0;
}
