/* cvn-rtc-demux.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-rtc-demux.h"

#define STUN_MAGIC_COOKIE 0x2112A442u

static inline guint16
read16 (const guint8 *p)
{
  return (guint16) (p[0] << 8 | p[1]);
}

static inline guint32
read32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static CvnRtcPacketKind
classify_stun (const guint8 *data,
               gsize         len)
{
  guint16 body;

  /* 20-byte header, top two bits zero, the magic cookie, a body of whole words that
   * fills the datagram. */
  if (len < 20 || (data[0] & 0xc0) != 0 || read32 (data + 4) != STUN_MAGIC_COOKIE)
    return CVN_RTC_PACKET_INVALID;
  body = read16 (data + 2);
  if (body % 4 != 0 || (gsize) body + 20 != len)
    return CVN_RTC_PACKET_INVALID;
  return CVN_RTC_PACKET_STUN;
}

static CvnRtcPacketKind
classify_dtls (const guint8 *data,
               gsize         len)
{
  /* Record header: type, version (254.x for DTLS), epoch, sequence (6), length. */
  if (len < 13 || data[1] != 0xfe)
    return CVN_RTC_PACKET_INVALID;
  if ((gsize) read16 (data + 11) + 13 > len)
    return CVN_RTC_PACKET_INVALID;
  return CVN_RTC_PACKET_DTLS;
}

static CvnRtcPacketKind
classify_rtcp (const guint8 *data,
               gsize         len)
{
  gsize words;

  if (len < 8)
    return CVN_RTC_PACKET_INVALID;
  words = read16 (data + 2);
  if ((words + 1) * 4 > len)
    return CVN_RTC_PACKET_INVALID;
  return CVN_RTC_PACKET_RTCP;
}

static CvnRtcPacketKind
classify_rtp (const guint8 *data,
              gsize         len)
{
  gsize header = 12 + 4 * (gsize) (data[0] & 0x0f);

  if (len < 12 || header > len)
    return CVN_RTC_PACKET_INVALID;
  if (data[0] & 0x10)
    {
      if (header + 4 > len)
        return CVN_RTC_PACKET_INVALID;
      header += 4 + 4 * (gsize) read16 (data + header + 2);
      if (header > len)
        return CVN_RTC_PACKET_INVALID;
    }
  return CVN_RTC_PACKET_RTP;
}

CvnRtcPacketKind
cvn_rtc_demux_classify (const guint8 *data,
                        gsize         len)
{
  guint8 b;

  if (data == NULL || len == 0)
    return CVN_RTC_PACKET_INVALID;
  b = data[0];
  if (b <= 3)
    return classify_stun (data, len);
  if (b >= 16 && b <= 19)
    return len >= 12 ? CVN_RTC_PACKET_ZRTP : CVN_RTC_PACKET_INVALID;
  if (b >= 20 && b <= 63)
    return classify_dtls (data, len);
  if (b >= 64 && b <= 79)
    return len >= 4 ? CVN_RTC_PACKET_TURN_CHANNEL : CVN_RTC_PACKET_INVALID;
  if (b >= 128 && b <= 191)
    {
      if (len < 2)
        return CVN_RTC_PACKET_INVALID;
      if (data[1] >= 192 && data[1] <= 223)
        return classify_rtcp (data, len);
      return classify_rtp (data, len);
    }
  return CVN_RTC_PACKET_INVALID;
}

const char *
cvn_rtc_packet_kind_to_string (CvnRtcPacketKind kind)
{
  switch (kind)
    {
    case CVN_RTC_PACKET_INVALID:
      return "invalid";
    case CVN_RTC_PACKET_STUN:
      return "STUN";
    case CVN_RTC_PACKET_ZRTP:
      return "ZRTP";
    case CVN_RTC_PACKET_DTLS:
      return "DTLS";
    case CVN_RTC_PACKET_TURN_CHANNEL:
      return "TURN channel";
    case CVN_RTC_PACKET_RTP:
      return "RTP";
    case CVN_RTC_PACKET_RTCP:
      return "RTCP";
    default:
      return "unknown";
    }
}

guint32
cvn_rtc_rtp_get_ssrc (const guint8 *data)
{
  return read32 (data + 8);
}

guint8
cvn_rtc_rtp_get_payload_type (const guint8 *data)
{
  return data[1] & 0x7f;
}

guint16
cvn_rtc_rtp_get_seq (const guint8 *data)
{
  return read16 (data + 2);
}

guint8
cvn_rtc_rtcp_get_packet_type (const guint8 *data)
{
  return data[1];
}

guint32
cvn_rtc_rtcp_get_sender_ssrc (const guint8 *data)
{
  return read32 (data + 4);
}

gboolean
cvn_rtc_rtcp_find_media_ssrc (const guint8 *data,
                              gsize         len,
                              guint32      *out)
{
  gsize offset = 0;

  while (offset + 8 <= len)
    {
      const guint8 *p = data + offset;
      gsize size = ((gsize) read16 (p + 2) + 1) * 4;
      guint8 type = p[1];
      guint count = p[0] & 0x1f;

      if ((p[0] >> 6) != 2 || offset + size > len)
        return FALSE;
      if ((type == 205 || type == 206) && size >= 12)
        {
          *out = read32 (p + 8);
          return TRUE;
        }
      if (type == 201 && count > 0 && size >= 8 + 24)
        {
          *out = read32 (p + 8);
          return TRUE;
        }
      if (type == 200 && count > 0 && size >= 28 + 24)
        {
          *out = read32 (p + 28);
          return TRUE;
        }
      offset += size;
    }
  return FALSE;
}
