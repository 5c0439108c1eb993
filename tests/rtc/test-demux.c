/* test-demux.c: RFC 7983 classification and RTP/RTCP header fields.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cvn-rtc-demux.h"

/* A STUN binding request with an empty body. */
static const guint8 stun[] = {
  0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42,
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
};

/* A DTLS 1.2 handshake record header with 3 bytes of body. */
static const guint8 dtls[] = {
  22, 0xfe, 0xfd, 0, 0, 0, 0, 0, 0, 0, 1, 0, 3, 0xaa, 0xbb, 0xcc,
};

/* RTP: V=2, X=1, CC=1, PT 111 with marker, seq 0x1234, ts, SSRC 0xdeadbeef, 1 CSRC,
 * an extension of one word, 2 bytes of payload. */
static const guint8 rtp[] = {
  0x91, 0xef, 0x12, 0x34, 0, 0, 0, 1, 0xde, 0xad, 0xbe, 0xef,
  0, 0, 0, 9,
  0xbe, 0xde, 0x00, 0x01, 0x10, 0x7f, 0, 0,
  0x55, 0x66,
};

/* RTCP: a receiver report from SSRC 1 with one block about SSRC 0x01020304,
 * then a PLI from SSRC 1 about SSRC 0x0a0b0c0d. */
static const guint8 rtcp[] = {
  0x81, 201, 0, 7, 0, 0, 0, 1,
  1, 2, 3, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0x81, 206, 0, 2, 0, 0, 0, 1, 0x0a, 0x0b, 0x0c, 0x0d,
};

static void
test_classify (void)
{
  g_assert_cmpint (cvn_rtc_demux_classify (stun, sizeof stun), ==, CVN_RTC_PACKET_STUN);
  g_assert_cmpint (cvn_rtc_demux_classify (dtls, sizeof dtls), ==, CVN_RTC_PACKET_DTLS);
  g_assert_cmpint (cvn_rtc_demux_classify (rtp, sizeof rtp), ==, CVN_RTC_PACKET_RTP);
  g_assert_cmpint (cvn_rtc_demux_classify (rtcp, sizeof rtcp), ==, CVN_RTC_PACKET_RTCP);

  g_assert_cmpstr (cvn_rtc_packet_kind_to_string (CVN_RTC_PACKET_DTLS), ==, "DTLS");
  g_assert_cmpint (cvn_rtc_demux_classify (NULL, 0), ==, CVN_RTC_PACKET_INVALID);
  g_assert_cmpint (cvn_rtc_demux_classify (rtp, 0), ==, CVN_RTC_PACKET_INVALID);
  {
    static const guint8 zrtp[12] = { 0x10 };
    static const guint8 turn[4] = { 0x40, 0, 0, 0 };
    static const guint8 other[16] = { 0x50 };
    static const guint8 high[16] = { 0xc0 };

    g_assert_cmpint (cvn_rtc_demux_classify (zrtp, sizeof zrtp), ==, CVN_RTC_PACKET_ZRTP);
    g_assert_cmpint (cvn_rtc_demux_classify (turn, sizeof turn), ==, CVN_RTC_PACKET_TURN_CHANNEL);
    g_assert_cmpint (cvn_rtc_demux_classify (other, sizeof other), ==, CVN_RTC_PACKET_INVALID);
    g_assert_cmpint (cvn_rtc_demux_classify (high, sizeof high), ==, CVN_RTC_PACKET_INVALID);
  }
}

/* Every truncation of a valid packet is rejected rather than read past its end. */
static void
test_truncations (void)
{
  for (gsize i = 0; i < sizeof stun; i++)
    g_assert_cmpint (cvn_rtc_demux_classify (stun, i), ==, CVN_RTC_PACKET_INVALID);
  for (gsize i = 0; i < sizeof dtls; i++)
    g_assert_cmpint (cvn_rtc_demux_classify (dtls, i), ==, CVN_RTC_PACKET_INVALID);
  /* The RTP header with its CSRC and extension is 24 bytes; the payload may be empty. */
  for (gsize i = 0; i < 24; i++)
    {
      g_autofree guint8 *copy = g_memdup2 (rtp, MAX (i, 1));

      g_assert_cmpint (cvn_rtc_demux_classify (copy, i), ==, CVN_RTC_PACKET_INVALID);
    }
  g_assert_cmpint (cvn_rtc_demux_classify (rtp, 24), ==, CVN_RTC_PACKET_RTP);
  /* The first RTCP packet is 32 bytes. */
  for (gsize i = 0; i < 32; i++)
    g_assert_cmpint (cvn_rtc_demux_classify (rtcp, i), ==, CVN_RTC_PACKET_INVALID);
}

static void
test_malformed_headers (void)
{
  guint8 copy[64];

  /* STUN without the magic cookie, with a body length that is not the datagram's. */
  memcpy (copy, stun, sizeof stun);
  copy[4] = 0;
  g_assert_cmpint (cvn_rtc_demux_classify (copy, sizeof stun), ==, CVN_RTC_PACKET_INVALID);
  memcpy (copy, stun, sizeof stun);
  copy[3] = 4;
  g_assert_cmpint (cvn_rtc_demux_classify (copy, sizeof stun), ==, CVN_RTC_PACKET_INVALID);
  /* DTLS with a TLS version byte, or a record longer than the datagram. */
  memcpy (copy, dtls, sizeof dtls);
  copy[1] = 0x03;
  g_assert_cmpint (cvn_rtc_demux_classify (copy, sizeof dtls), ==, CVN_RTC_PACKET_INVALID);
  memcpy (copy, dtls, sizeof dtls);
  copy[12] = 4;
  g_assert_cmpint (cvn_rtc_demux_classify (copy, sizeof dtls), ==, CVN_RTC_PACKET_INVALID);
  /* RTP whose extension claims more words than there are. */
  memcpy (copy, rtp, sizeof rtp);
  copy[19] = 9;
  g_assert_cmpint (cvn_rtc_demux_classify (copy, sizeof rtp), ==, CVN_RTC_PACKET_INVALID);
  /* RTP claiming 15 CSRCs. */
  memcpy (copy, rtp, sizeof rtp);
  copy[0] = 0x8f;
  g_assert_cmpint (cvn_rtc_demux_classify (copy, sizeof rtp), ==, CVN_RTC_PACKET_INVALID);
  /* RTCP whose length runs past the datagram. */
  memcpy (copy, rtcp, sizeof rtcp);
  copy[3] = 40;
  g_assert_cmpint (cvn_rtc_demux_classify (copy, sizeof rtcp), ==, CVN_RTC_PACKET_INVALID);
}

static void
test_fields (void)
{
  guint32 ssrc = 0;

  g_assert_cmphex (cvn_rtc_rtp_get_ssrc (rtp), ==, 0xdeadbeef);
  g_assert_cmpuint (cvn_rtc_rtp_get_payload_type (rtp), ==, 111);
  g_assert_cmphex (cvn_rtc_rtp_get_seq (rtp), ==, 0x1234);
  g_assert_cmpuint (cvn_rtc_rtcp_get_packet_type (rtcp), ==, 201);
  g_assert_cmpuint (cvn_rtc_rtcp_get_sender_ssrc (rtcp), ==, 1);

  g_assert_true (cvn_rtc_rtcp_find_media_ssrc (rtcp, sizeof rtcp, &ssrc));
  g_assert_cmphex (ssrc, ==, 0x01020304);
  /* Only the PLI: its media source. */
  g_assert_true (cvn_rtc_rtcp_find_media_ssrc (rtcp + 32, sizeof rtcp - 32, &ssrc));
  g_assert_cmphex (ssrc, ==, 0x0a0b0c0d);
  /* A receiver report without blocks says nothing about a media source. */
  {
    static const guint8 empty_rr[] = { 0x80, 201, 0, 1, 0, 0, 0, 1 };

    g_assert_false (cvn_rtc_rtcp_find_media_ssrc (empty_rr, sizeof empty_rr, &ssrc));
  }
  for (gsize i = 0; i < 32; i++)
    g_assert_false (cvn_rtc_rtcp_find_media_ssrc (rtcp, i, &ssrc));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rtc/demux/classify", test_classify);
  g_test_add_func ("/rtc/demux/truncations", test_truncations);
  g_test_add_func ("/rtc/demux/malformed-headers", test_malformed_headers);
  g_test_add_func ("/rtc/demux/fields", test_fields);

  return g_test_run ();
}
