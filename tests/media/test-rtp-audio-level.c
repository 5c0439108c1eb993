/* test-rtp-audio-level.c: the packet reader, the level, the voice detector and the
 * speaking hysteresis of src/media (no pipelines).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-audio-level.h"
#include "cvn-rtp-audio-level.h"

#include <math.h>
#include <string.h>

/* V=2, X=1, PT 111, seq 0x1234, ts 0x01020304, ssrc 0xdeadbeef, one-byte extension block
 * with a padding byte, id 3 (2 bytes), id 1 (level 0x85 = V + 5), then the payload. */
static const guint8 one_byte_packet[] = {
  0x90, 0x6f, 0x12, 0x34, 0x01, 0x02, 0x03, 0x04, 0xde, 0xad, 0xbe, 0xef,
  0xbe, 0xde, 0x00, 0x02,
  0x00, 0x31, 0xaa, 0xbb, 0x10, 0x85, 0x00, 0x00,
  0xf8, 0xff, 0xfe,
};

static void
test_parse_one_byte (void)
{
  CvnRtpAudioInfo info;

  g_assert_cmpint (cvn_rtp_audio_parse (one_byte_packet, sizeof one_byte_packet, 1, &info),
                   ==, CVN_RTP_PACKET_RTP);
  g_assert_cmpuint (info.ssrc, ==, 0xdeadbeef);
  g_assert_cmpuint (info.sequence, ==, 0x1234);
  g_assert_cmpuint (info.timestamp, ==, 0x01020304);
  g_assert_cmpuint (info.payload_type, ==, 111);
  g_assert_false (info.marker);
  g_assert_true (info.has_audio_level);
  g_assert_cmpuint (info.level, ==, 5);
  g_assert_true (info.voice_activity);
  g_assert_cmpuint (info.payload_offset, ==, 24);
  g_assert_cmpuint (info.payload_length, ==, 3);

  /* Another id: no level, still a good packet. */
  g_assert_cmpint (cvn_rtp_audio_parse (one_byte_packet, sizeof one_byte_packet, 2, &info),
                   ==, CVN_RTP_PACKET_RTP);
  g_assert_false (info.has_audio_level);
}

static void
test_parse_two_byte (void)
{
  /* Two-byte form (0x1000), padding byte, id 1 length 1 (level 127, no V), CSRC count 1. */
  static const guint8 packet[] = {
    0x91, 0xef, 0x00, 0x01, 0x00, 0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x02,
    0x00, 0x00, 0x00, 0x09,
    0x10, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x01, 0x7f,
    0x01,
  };
  CvnRtpAudioInfo info;

  g_assert_cmpint (cvn_rtp_audio_parse (packet, sizeof packet, 1, &info), ==, CVN_RTP_PACKET_RTP);
  g_assert_true (info.marker);
  g_assert_true (info.has_audio_level);
  g_assert_cmpuint (info.level, ==, 127);
  g_assert_false (info.voice_activity);
  g_assert_cmpuint (info.payload_length, ==, 1);
}

static void
test_parse_padding_and_rtcp (void)
{
  /* P bit, 2 payload bytes + 2 padding bytes. */
  static const guint8 padded[] = {
    0xa0, 0x6f, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0x11, 0x22, 0x00, 0x02,
  };
  /* An RTCP receiver report with no blocks. */
  static const guint8 rtcp[] = { 0x80, 201, 0x00, 0x01, 0x12, 0x34, 0x56, 0x78 };
  CvnRtpAudioInfo info;

  g_assert_cmpint (cvn_rtp_audio_parse (padded, sizeof padded, 1, &info), ==, CVN_RTP_PACKET_RTP);
  g_assert_cmpuint (info.payload_length, ==, 2);
  g_assert_cmpint (cvn_rtp_audio_parse (rtcp, sizeof rtcp, 1, NULL), ==, CVN_RTP_PACKET_RTCP);
}

static void
test_parse_rejects (void)
{
  guint8 buf[64];

  g_assert_cmpint (cvn_rtp_audio_parse (NULL, 0, 1, NULL), ==, CVN_RTP_PACKET_INVALID);
  g_assert_cmpint (cvn_rtp_audio_parse (one_byte_packet, 1, 1, NULL), ==, CVN_RTP_PACKET_INVALID);
  /* Every truncation of the extension packet inside its header and extension. */
  for (gsize len = 2; len < 24; len++)
    g_assert_cmpint (cvn_rtp_audio_parse (one_byte_packet, len, 1, NULL), ==,
                     CVN_RTP_PACKET_INVALID);

  /* Version 1. */
  memcpy (buf, one_byte_packet, sizeof one_byte_packet);
  buf[0] = 0x50;
  g_assert_cmpint (cvn_rtp_audio_parse (buf, sizeof one_byte_packet, 1, NULL), ==,
                   CVN_RTP_PACKET_INVALID);
  /* CSRC count beyond the packet. */
  memcpy (buf, one_byte_packet, sizeof one_byte_packet);
  buf[0] = 0x9f;
  g_assert_cmpint (cvn_rtp_audio_parse (buf, 20, 1, NULL), ==, CVN_RTP_PACKET_INVALID);
  /* Extension length beyond the packet. */
  memcpy (buf, one_byte_packet, sizeof one_byte_packet);
  buf[15] = 0x40;
  g_assert_cmpint (cvn_rtp_audio_parse (buf, sizeof one_byte_packet, 1, NULL), ==,
                   CVN_RTP_PACKET_INVALID);
  /* Padding larger than the payload, and zero padding. */
  memcpy (buf, one_byte_packet, sizeof one_byte_packet);
  buf[0] |= 0x20;
  buf[sizeof one_byte_packet - 1] = 4;
  g_assert_cmpint (cvn_rtp_audio_parse (buf, sizeof one_byte_packet, 1, NULL), ==,
                   CVN_RTP_PACKET_INVALID);
  buf[sizeof one_byte_packet - 1] = 0;
  g_assert_cmpint (cvn_rtp_audio_parse (buf, sizeof one_byte_packet, 1, NULL), ==,
                   CVN_RTP_PACKET_INVALID);
  /* An element claiming more bytes than its block has: no level, packet still fine. */
  memcpy (buf, one_byte_packet, sizeof one_byte_packet);
  buf[20] = 0x1f;
  {
    CvnRtpAudioInfo info;

    g_assert_cmpint (cvn_rtp_audio_parse (buf, sizeof one_byte_packet, 1, &info), ==,
                     CVN_RTP_PACKET_RTP);
    g_assert_false (info.has_audio_level);
  }
  /* RTCP whose length field runs past the end. */
  {
    static const guint8 rtcp[] = { 0x80, 200, 0x00, 0x06, 0x12, 0x34, 0x56, 0x78 };

    g_assert_cmpint (cvn_rtp_audio_parse (rtcp, sizeof rtcp, 1, NULL), ==,
                     CVN_RTP_PACKET_INVALID);
    g_assert_cmpint (cvn_rtp_audio_parse (rtcp, 7, 1, NULL), ==, CVN_RTP_PACKET_INVALID);
  }
}

static void
test_level_from_samples (void)
{
  gint16 samples[960];

  memset (samples, 0, sizeof samples);
  g_assert_cmpuint (cvn_audio_level_from_s16 (samples, G_N_ELEMENTS (samples)), ==, 127);
  g_assert_cmpuint (cvn_audio_level_from_s16 (NULL, 0), ==, 127);

  /* A full-scale square wave is 0 dBov; half scale is -6. */
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    samples[i] = (i / 24) % 2 ? -32767 : 32767;
  g_assert_cmpuint (cvn_audio_level_from_s16 (samples, G_N_ELEMENTS (samples)), ==, 0);
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    samples[i] /= 2;
  g_assert_cmpuint (cvn_audio_level_from_s16 (samples, G_N_ELEMENTS (samples)), ==, 6);

  /* A sine of amplitude 0.01: RMS -43 dBov. */
  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    samples[i] = (gint16) (327.68 * sin (2 * G_PI * 440 * i / 48000.0));
  g_assert_cmpuint (cvn_audio_level_from_s16 (samples, G_N_ELEMENTS (samples)), ==, 43);
}

static void
test_voice_detector (void)
{
  CvnVoiceDetector detector;
  guint voiced = 0;

  cvn_voice_detector_reset (&detector);
  /* Silence is never voice. */
  for (guint i = 0; i < 50; i++)
    g_assert_false (cvn_voice_detector_update (&detector, 127, 20));
  /* A loud frame is, and the decision holds for the hangover. */
  g_assert_true (cvn_voice_detector_update (&detector, 20, 20));
  for (guint i = 0; i < CVN_VOICE_HANGOVER_MS / 20 - 1; i++)
    g_assert_true (cvn_voice_detector_update (&detector, 127, 20));
  g_assert_true (cvn_voice_detector_update (&detector, 127, 20) == FALSE);
  /* Quiet background noise at -60 dBov is not voice. */
  for (guint i = 0; i < 100; i++)
    voiced += cvn_voice_detector_update (&detector, 60, 20);
  g_assert_cmpuint (voiced, ==, 0);
  /* A steady sound becomes background after a while (the floor rises ~1 dB/s). */
  cvn_voice_detector_reset (&detector);
  for (guint i = 0; i < 50 * 60; i++)
    voiced = cvn_voice_detector_update (&detector, 30, 20);
  g_assert_false (voiced);
}

static void
test_speaking_tracker (void)
{
  CvnSpeakingTracker tracker = { 0 };
  gint64 t = 1000000;

  /* Too quiet, or no V bit: not speaking. */
  g_assert_false (cvn_speaking_tracker_update (&tracker, t, 0.15, TRUE));
  g_assert_false (cvn_speaking_tracker_update (&tracker, t += 100000, 0.9, FALSE));
  g_assert_false (tracker.speaking);
  /* Starts at once. */
  g_assert_true (cvn_speaking_tracker_update (&tracker, t += 100000, 0.5, TRUE));
  g_assert_true (tracker.speaking);
  /* Kept by a quieter voice above the lower threshold. */
  g_assert_false (cvn_speaking_tracker_update (&tracker, t += 100000, 0.15, TRUE));
  /* Held through a short pause, ended after the hold time. */
  g_assert_false (cvn_speaking_tracker_update (&tracker, t += 100000, 0.0, FALSE));
  g_assert_false (cvn_speaking_tracker_tick (&tracker, t += 200000));
  g_assert_true (tracker.speaking);
  g_assert_true (cvn_speaking_tracker_tick (&tracker, t += 100000));
  g_assert_false (tracker.speaking);
  g_assert_false (cvn_speaking_tracker_tick (&tracker, t += 100000));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/rtp/one-byte", test_parse_one_byte);
  g_test_add_func ("/media/rtp/two-byte", test_parse_two_byte);
  g_test_add_func ("/media/rtp/padding-rtcp", test_parse_padding_and_rtcp);
  g_test_add_func ("/media/rtp/rejects", test_parse_rejects);
  g_test_add_func ("/media/level/samples", test_level_from_samples);
  g_test_add_func ("/media/level/voice-detector", test_voice_detector);
  g_test_add_func ("/media/level/speaking", test_speaking_tracker);

  return g_test_run ();
}
