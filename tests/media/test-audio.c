/* test-audio.c: CvnAudioSender and CvnAudioReceiver in loopback with test sources.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-core-error.h"
#include "cvn-media-error.h"
#include "media-test-util.h"

#include <gst/rtp/rtp.h>
#include <stdlib.h>

#define SSRC_A 0x11223344u
#define SSRC_B 0x55667788u
#define TONE_440 "audiotestsrc freq=440 is-live=true"
#define TONE_880 "audiotestsrc freq=880 is-live=true"
#define SILENCE "audiotestsrc wave=silence is-live=true"

typedef struct
{
  Loopback *loop;
  guint n_streams;
  guint n_samples;
} CaptureWait;

static gboolean
have_streams_and_samples_cb (gpointer user_data)
{
  CaptureWait *wait = user_data;

  return cvn_audio_receiver_get_n_streams (wait->loop->receiver) >= wait->n_streams &&
         loopback_n_captured (wait->loop) >= wait->n_samples;
}

static gboolean
have_samples_cb (gpointer user_data)
{
  CaptureWait *wait = user_data;

  return loopback_n_captured (wait->loop) >= wait->n_samples;
}

static gboolean
have_streams_cb (gpointer user_data)
{
  CaptureWait *wait = user_data;

  return cvn_audio_receiver_get_n_streams (wait->loop->receiver) >= wait->n_streams;
}

/* Waits for @n_streams decoding branches, then captures a fresh second and a half and
 * returns its last second. */
static gint16 *
capture_second (Loopback *loop,
                guint     n_streams)
{
  CaptureWait wait = { loop, n_streams, 0 };

  cvn_test_assert_wait (NULL, have_streams_cb, &wait, 10000);
  /* Let the new stream's first frames (and the jitter buffer) settle. */
  loopback_reset_capture (loop);
  wait.n_samples = 24000;
  cvn_test_assert_wait (NULL, have_samples_cb, &wait, 10000);
  loopback_reset_capture (loop);
  wait.n_samples = 48000;
  cvn_test_assert_wait (NULL, have_streams_and_samples_cb, &wait, 10000);
  return loopback_take_last (loop, 48000);
}

static void
stop_and_unref (CvnAudioSender *sender)
{
  cvn_audio_sender_stop (sender);
  g_object_unref (sender);
}

static void
test_tone_loopback (void)
{
  Loopback loop;
  g_autoptr(CvnAudioSender) a = NULL;
  g_autoptr(CvnAudioSender) b = NULL;
  g_autofree gint16 *one = NULL;
  g_autofree gint16 *two = NULL;
  double f, p440, p880, p660, p1200;

  loopback_init (&loop, 1);
  loopback_start_receiver (&loop);
  a = loopback_start_sender (&loop, SSRC_A, TONE_440);

  one = capture_second (&loop, 1);
  f = dominant_frequency (one, 48000);
  g_test_message ("one sender: dominant %.0f Hz", f);
  g_assert_cmpfloat (fabs (f - 440), <=, 10);
  g_assert_cmpint (cvn_audio_sender_get_state (a), ==, CVN_MEDIA_STATE_PLAYING);
  g_assert_cmpint (cvn_audio_receiver_get_state (loop.receiver), ==, CVN_MEDIA_STATE_PLAYING);

  b = loopback_start_sender (&loop, SSRC_B, TONE_880);
  two = capture_second (&loop, 2);
  p440 = goertzel_power (two, 48000, 440, 48000);
  p880 = goertzel_power (two, 48000, 880, 48000);
  p660 = goertzel_power (two, 48000, 660, 48000);
  p1200 = goertzel_power (two, 48000, 1200, 48000);
  g_test_message ("two senders: 440 Hz %.3g, 880 Hz %.3g, 660 Hz %.3g, 1200 Hz %.3g",
                  p440, p880, p660, p1200);
  g_assert_cmpfloat (p440, >, 100 * p660);
  g_assert_cmpfloat (p880, >, 100 * p660);
  g_assert_cmpfloat (p440, >, 100 * p1200);
  g_assert_cmpfloat (p880, >, 100 * p1200);
  /* Both at a comparable level: neither stream is missing or starved. */
  g_assert_cmpfloat (p440 / p880, >, 0.25);
  g_assert_cmpfloat (p440 / p880, <, 4);

  g_clear_pointer (&a, stop_and_unref);
  g_clear_pointer (&b, stop_and_unref);
  loopback_clear (&loop);
}

static void
count_packet (GBytes   *packet,
              gboolean  is_rtcp,
              gpointer  user_data)
{
  g_atomic_int_inc ((int *) user_data);
}

static gboolean
count_above_cb (gpointer user_data)
{
  return g_atomic_int_get ((int *) user_data) >= 25;
}

static gboolean
sender_playing_cb (gpointer user_data)
{
  return cvn_audio_sender_get_state (user_data) == CVN_MEDIA_STATE_PLAYING;
}

static gboolean
never_cb (gpointer user_data)
{
  return FALSE;
}

/* Iterates the main context for @ms, expecting nothing to end the wait. */
static void
run_for (guint ms)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cvn_test_wait_until (NULL, never_cb, NULL, ms, &error));
  g_assert_error (error, CVN_CORE_ERROR, CVN_CORE_ERROR_TIMED_OUT);
}

static void
test_muted_sends_nothing (void)
{
  g_autoptr(CvnAudioSender) sender = NULL;
  g_autoptr(GError) error = NULL;
  int count = 0;
  int at_mute;

  sender = g_object_new (CVN_TYPE_AUDIO_SENDER, "ssrc", SSRC_A, "source", TONE_440, NULL);
  cvn_audio_sender_set_packet_func (sender, count_packet, &count, NULL);
  cvn_audio_sender_set_muted (sender, TRUE);
  g_assert_true (cvn_audio_sender_start (sender, &error));
  g_assert_no_error (error);
  cvn_test_assert_wait (NULL, sender_playing_cb, sender, 5000);

  /* Muted from the start: not one packet in a second. */
  run_for (1000);
  g_assert_cmpint (g_atomic_int_get (&count), ==, 0);
  g_assert_cmpuint (cvn_audio_sender_get_packets_sent (sender), ==, 0);

  /* Unmuted: about 50 packets a second. */
  cvn_audio_sender_set_muted (sender, FALSE);
  cvn_test_assert_wait (NULL, count_above_cb, &count, 5000);

  /* Muted again: nothing more from the moment set_muted() returns. */
  cvn_audio_sender_set_muted (sender, TRUE);
  at_mute = g_atomic_int_get (&count);
  run_for (1000);
  g_assert_cmpint (g_atomic_int_get (&count), ==, at_mute);
  g_assert_cmpint (cvn_audio_sender_get_state (sender), ==, CVN_MEDIA_STATE_PLAYING);

  cvn_audio_sender_stop (sender);
  g_assert_cmpint (cvn_audio_sender_get_state (sender), ==, CVN_MEDIA_STATE_STOPPED);
}

typedef struct
{
  GMutex lock;
  guint packets;
  guint with_extension;
  guint loud_voiced;       /* level <= 10 with the V bit */
  guint silent_unvoiced;   /* level 127 without the V bit */
  Loopback *loop;
} SentLevels;

static void
check_sent_packet (GBytes   *packet,
                   gboolean  is_rtcp,
                   gpointer  user_data)
{
  SentLevels *sent = user_data;
  GstRTPBuffer rtp = GST_RTP_BUFFER_INIT;
  g_autoptr(GstBuffer) buffer = gst_buffer_new_wrapped_bytes (packet);
  gpointer data;
  guint size;

  if (is_rtcp)
    {
      loopback_forward (packet, is_rtcp, sent->loop);
      return;
    }

  /* Read with GStreamer's own parser, independent of ours. */
  g_assert_true (gst_rtp_buffer_map (buffer, GST_MAP_READ, &rtp));
  g_mutex_lock (&sent->lock);
  sent->packets++;
  g_assert_cmpuint (gst_rtp_buffer_get_payload_type (&rtp), ==, 111);
  if (gst_rtp_buffer_get_extension_onebyte_header (&rtp, 1, 0, &data, &size) && size >= 1)
    {
      guint8 byte = *(guint8 *) data;
      guint level = byte & 0x7f;
      gboolean voice = (byte & 0x80) != 0;

      sent->with_extension++;
      if (gst_rtp_buffer_get_ssrc (&rtp) == SSRC_A && level <= 10 && voice)
        sent->loud_voiced++;
      if (gst_rtp_buffer_get_ssrc (&rtp) == SSRC_B && level == 127 && !voice)
        sent->silent_unvoiced++;
    }
  g_mutex_unlock (&sent->lock);
  gst_rtp_buffer_unmap (&rtp);

  loopback_forward (packet, is_rtcp, sent->loop);
}

typedef struct
{
  guint own_loud_reports;
  guint own_silent_reports;
  guint loud_reports;
  guint silent_reports;
  gboolean a_speaking;
  guint a_speaking_changes;
  gboolean b_ever_speaking;
} ReceivedLevels;

static void
on_audio_level_cb (CvnAudioReceiver *receiver,
                   guint             ssrc,
                   double            level_dbov,
                   gboolean          voice,
                   ReceivedLevels   *received)
{
  if (ssrc == SSRC_A && level_dbov >= -10 && voice)
    received->loud_reports++;
  if (ssrc == SSRC_B && level_dbov <= -127 && !voice)
    received->silent_reports++;
}

static void
on_speaking_changed_cb (CvnAudioReceiver *receiver,
                        guint             ssrc,
                        gboolean          speaking,
                        ReceivedLevels   *received)
{
  if (ssrc == SSRC_A)
    {
      received->a_speaking = speaking;
      received->a_speaking_changes++;
    }
  if (ssrc == SSRC_B && speaking)
    received->b_ever_speaking = TRUE;
}

static void
on_own_level_a_cb (CvnAudioSender *sender,
                   double          level_dbov,
                   gboolean        voice,
                   ReceivedLevels *received)
{
  if (level_dbov >= -10 && voice)
    received->own_loud_reports++;
}

static void
on_own_level_b_cb (CvnAudioSender *sender,
                   double          level_dbov,
                   gboolean        voice,
                   ReceivedLevels *received)
{
  if (level_dbov <= -127 && !voice)
    received->own_silent_reports++;
}

static gboolean
levels_seen_cb (gpointer user_data)
{
  ReceivedLevels *received = user_data;

  return received->loud_reports >= 5 && received->silent_reports >= 5 && received->a_speaking &&
         received->own_loud_reports >= 5 && received->own_silent_reports >= 5;
}

static gboolean
a_stopped_speaking_cb (gpointer user_data)
{
  ReceivedLevels *received = user_data;

  return !received->a_speaking;
}

static void
test_levels_and_speaking (void)
{
  Loopback loop;
  SentLevels sent = { .loop = &loop };
  ReceivedLevels received = { 0 };
  g_autoptr(CvnAudioSender) a = NULL;
  g_autoptr(CvnAudioSender) b = NULL;
  g_autoptr(GError) error = NULL;
  gint64 muted_at;

  g_mutex_init (&sent.lock);
  loopback_init (&loop, 2);
  loopback_start_receiver (&loop);
  g_signal_connect (loop.receiver, "audio-level", G_CALLBACK (on_audio_level_cb), &received);
  g_signal_connect (loop.receiver, "speaking-changed",
                    G_CALLBACK (on_speaking_changed_cb), &received);

  a = g_object_new (CVN_TYPE_AUDIO_SENDER, "ssrc", SSRC_A, "source", TONE_440, NULL);
  b = g_object_new (CVN_TYPE_AUDIO_SENDER, "ssrc", SSRC_B, "source", SILENCE, NULL);
  cvn_audio_sender_set_packet_func (a, check_sent_packet, &sent, NULL);
  cvn_audio_sender_set_packet_func (b, check_sent_packet, &sent, NULL);
  g_signal_connect (a, "audio-level", G_CALLBACK (on_own_level_a_cb), &received);
  g_signal_connect (b, "audio-level", G_CALLBACK (on_own_level_b_cb), &received);
  g_assert_true (cvn_audio_sender_start (a, &error));
  g_assert_true (cvn_audio_sender_start (b, &error));
  g_assert_no_error (error);

  cvn_test_assert_wait (NULL, levels_seen_cb, &received, 10000);
  g_assert_true (cvn_audio_receiver_is_speaking (loop.receiver, SSRC_A));
  g_assert_false (cvn_audio_receiver_is_speaking (loop.receiver, SSRC_B));
  g_assert_false (received.b_ever_speaking);

  g_mutex_lock (&sent.lock);
  g_test_message ("sent %u packets, %u with the level extension, %u loud+V, %u silent",
                  sent.packets, sent.with_extension, sent.loud_voiced, sent.silent_unvoiced);
  g_assert_cmpuint (sent.packets, >, 20);
  g_assert_cmpuint (sent.with_extension, ==, sent.packets);
  g_assert_cmpuint (sent.loud_voiced + sent.silent_unvoiced, >=, sent.packets - 4);
  g_assert_cmpuint (sent.loud_voiced, >, 5);
  g_assert_cmpuint (sent.silent_unvoiced, >, 5);
  g_mutex_unlock (&sent.lock);

  /* A stops (muted): speaking ends after the hold time, within a bound. */
  cvn_audio_sender_set_muted (a, TRUE);
  muted_at = g_get_monotonic_time ();
  cvn_test_assert_wait (NULL, a_stopped_speaking_cb, &received, 5000);
  g_assert_cmpint (g_get_monotonic_time () - muted_at, >=, 300 * 1000);
  g_assert_cmpuint (received.a_speaking_changes, ==, 2);
  g_assert_false (received.b_ever_speaking);

  g_signal_handlers_disconnect_by_data (loop.receiver, &received);
  g_clear_pointer (&a, stop_and_unref);
  g_clear_pointer (&b, stop_and_unref);
  loopback_clear (&loop);
  g_mutex_clear (&sent.lock);
}

static void
test_packet_loss (void)
{
  Loopback loop;
  g_autoptr(CvnAudioSender) a = NULL;
  g_autofree gint16 *second = NULL;
  guint quiet_blocks = 0;
  double f;

  loopback_init (&loop, 3);
  loop.drop_ratio = 0.10;
  loopback_start_receiver (&loop);
  a = loopback_start_sender (&loop, SSRC_A, TONE_440);

  second = capture_second (&loop, 1);
  f = dominant_frequency (second, 48000);

  /* FEC and PLC fill the holes: every 10 ms block still carries sound. */
  for (guint block = 0; block < 100; block++)
    {
      double sum = 0;

      for (guint i = 0; i < 480; i++)
        sum += abs (second[block * 480 + i]);
      if (sum / 480 < 1000)
        quiet_blocks++;
    }

  g_mutex_lock (&loop.lock);
  g_test_message ("dropped %u of %u packets; dominant %.0f Hz; %u quiet 10 ms blocks",
                  loop.dropped, loop.dropped + loop.forwarded, f, quiet_blocks);
  g_assert_cmpuint (loop.dropped, >, 0);
  g_mutex_unlock (&loop.lock);
  g_assert_cmpfloat (fabs (f - 440), <=, 10);
  g_assert_cmpuint (quiet_blocks, <=, 2);

  g_clear_pointer (&a, stop_and_unref);
  loopback_clear (&loop);
}

static GBytes *
bytes_of (const guint8 *data,
          gsize         size)
{
  return g_bytes_new (data, size);
}

static gboolean
receiver_playing_cb (gpointer user_data)
{
  return cvn_audio_receiver_get_state (user_data) == CVN_MEDIA_STATE_PLAYING;
}

static void
test_malformed_packets (void)
{
  static const guint8 good_header[12] = {
    0x80, 0x6f, 0x00, 0x01, 0x00, 0x00, 0x03, 0xc0, 0x0a, 0x0b, 0x0c, 0x0d,
  };
  Loopback loop;
  CvnAudioReceiverStats stats;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(CvnAudioSender) a = NULL;
  g_autofree gint16 *second = NULL;
  guint8 buf[256];
  guint expected_malformed = 0;

  loopback_init (&loop, 4);
  loopback_start_receiver (&loop);
  cvn_test_assert_wait (NULL, receiver_playing_cb, loop.receiver, 5000);

#define PUSH_BAD(data, size) \
  G_STMT_START { \
    g_autoptr(GBytes) _b = bytes_of ((data), (size)); \
    g_assert_false (cvn_audio_receiver_push_packet (loop.receiver, _b)); \
  } G_STMT_END

  /* Empty, one byte, truncated headers. */
  PUSH_BAD (good_header, 0);
  PUSH_BAD (good_header, 1);
  PUSH_BAD (good_header, 11);
  expected_malformed += 3;
  /* Version 0 and 3. */
  memcpy (buf, good_header, 12);
  buf[0] = 0x00;
  PUSH_BAD (buf, 12);
  buf[0] = 0xc0;
  PUSH_BAD (buf, 12);
  expected_malformed += 2;
  /* CSRCs, extension and padding that run past the end. */
  memcpy (buf, good_header, 12);
  buf[0] = 0x8f;
  PUSH_BAD (buf, 12);
  buf[0] = 0x90;
  buf[12] = 0xbe; buf[13] = 0xde; buf[14] = 0xff; buf[15] = 0xff;
  PUSH_BAD (buf, 16);
  buf[0] = 0xa0;
  buf[12] = 0x50;
  PUSH_BAD (buf, 13);
  /* RTCP shorter than its header, and with a length beyond the packet. */
  buf[0] = 0x80; buf[1] = 201; buf[2] = 0; buf[3] = 9;
  PUSH_BAD (buf, 6);
  PUSH_BAD (buf, 12);
  expected_malformed += 5;

  cvn_audio_receiver_get_stats (loop.receiver, &stats);
  g_assert_cmpuint (stats.malformed, ==, expected_malformed);

  /* A payload type other than Opus 111. */
  memcpy (buf, good_header, 12);
  buf[1] = 96;
  PUSH_BAD (buf, 40);
  cvn_audio_receiver_get_stats (loop.receiver, &stats);
  g_assert_cmpuint (stats.unknown_payload, ==, 1);
  g_assert_cmpuint (stats.rtp_packets, ==, 0);
#undef PUSH_BAD

  /* A good RTCP receiver report goes to rtpbin. */
  {
    static const guint8 rr[] = { 0x80, 201, 0x00, 0x01, 0x12, 0x34, 0x56, 0x78 };
    g_autoptr(GBytes) bytes = g_bytes_new (rr, sizeof rr);

    g_assert_true (cvn_audio_receiver_push_packet (loop.receiver, bytes));
    cvn_audio_receiver_get_stats (loop.receiver, &stats);
    g_assert_cmpuint (stats.rtcp_packets, ==, 1);
    g_assert_cmpuint (stats.malformed, ==, expected_malformed);
  }

  /* Random bytes, and well-formed RTP headers on garbage Opus: dropped or survived. */
  for (guint i = 0; i < 2000; i++)
    {
      gsize size = g_rand_int_range (rand, 0, sizeof buf);
      g_autoptr(GBytes) bytes = NULL;

      for (gsize j = 0; j < size; j++)
        buf[j] = g_rand_int (rand) & 0xff;
      if (i % 2 == 0 && size >= 12)
        {
          memcpy (buf, good_header, 12);
          /* Consecutive sequence numbers, so rtpbin validates the source and the
           * garbage reaches the depayloader and the decoder. */
          buf[2] = (i / 2 >> 8) & 0xff;
          buf[3] = (i / 2) & 0xff;
        }
      bytes = g_bytes_new (buf, size);
      cvn_audio_receiver_push_packet (loop.receiver, bytes);
    }
  cvn_audio_receiver_get_stats (loop.receiver, &stats);
  g_test_message ("random: rtp %" G_GUINT64_FORMAT ", rtcp %" G_GUINT64_FORMAT
                  ", malformed %" G_GUINT64_FORMAT ", unknown PT %" G_GUINT64_FORMAT,
                  stats.rtp_packets, stats.rtcp_packets, stats.malformed, stats.unknown_payload);
  g_assert_cmpuint (stats.malformed, >, expected_malformed + 500);
  g_assert_cmpuint (stats.rtp_packets, >=, 900);

  /* The pipeline survived the garbage and still plays a real voice. */
  run_for (300);
  g_assert_cmpint (cvn_audio_receiver_get_state (loop.receiver), ==, CVN_MEDIA_STATE_PLAYING);
  {
    CaptureWait wait = { &loop, 1, 0 };

    /* The source the valid headers announced gets a branch (on a streaming thread). */
    cvn_test_assert_wait (NULL, have_streams_cb, &wait, 5000);
  }
  a = loopback_start_sender (&loop, SSRC_A, TONE_440);
  second = capture_second (&loop, 2);
  /* The garbage stream may still add decoded noise (random Opus frames last up to 120 ms
   * each); the tone must stand far above the noise next to it. */
  {
    double p440 = goertzel_power (second, 48000, 440, 48000);
    double p430 = goertzel_power (second, 48000, 430, 48000);
    double p450 = goertzel_power (second, 48000, 450, 48000);

    g_test_message ("after garbage: 440 Hz %.3g, 430 Hz %.3g, 450 Hz %.3g", p440, p430, p450);
    g_assert_cmpfloat (p440, >, 1e-3);
    g_assert_cmpfloat (p440, >, 20 * MAX (p430, p450));
  }

  g_clear_pointer (&a, stop_and_unref);
  loopback_clear (&loop);
}

typedef struct
{
  GMutex lock;
  guint rtcp_packets;
  gboolean report_about_a;
  gboolean sender_report_from_a;
  CvnAudioSender *sender;
} RtcpSeen;

static void
on_rtcp_out (GBytes   *packet,
             gboolean  is_rtcp,
             gpointer  user_data)
{
  RtcpSeen *seen = user_data;
  gsize size;
  const guint8 *data = g_bytes_get_data (packet, &size);

  g_assert_true (is_rtcp);
  g_mutex_lock (&seen->lock);
  seen->rtcp_packets++;
  /* A receiver report (PT 201) from our SSRC with a report block about SSRC_A. */
  if (size >= 32 && data[1] == 201 && (data[0] & 0x1f) >= 1 &&
      GUINT32_FROM_BE (*(const guint32 *) (data + 4)) == 0x0badcafe &&
      GUINT32_FROM_BE (*(const guint32 *) (data + 8)) == SSRC_A)
    seen->report_about_a = TRUE;
  g_mutex_unlock (&seen->lock);

  /* Back to the sender, as the SFU would route it. */
  g_assert_true (cvn_audio_sender_push_rtcp (seen->sender, packet));
}

/* The sender's packets: RTP to the receiver, and look for its sender report. */
static void
on_sender_packet (GBytes   *packet,
                  gboolean  is_rtcp,
                  gpointer  user_data)
{
  Loopback *loop = user_data;
  RtcpSeen *seen = g_object_get_data (G_OBJECT (loop->receiver), "rtcp-seen");
  gsize size;
  const guint8 *data = g_bytes_get_data (packet, &size);

  if (is_rtcp)
    {
      g_mutex_lock (&seen->lock);
      if (size >= 28 && data[1] == 200 &&
          GUINT32_FROM_BE (*(const guint32 *) (data + 4)) == SSRC_A)
        seen->sender_report_from_a = TRUE;
      g_mutex_unlock (&seen->lock);
    }
  loopback_forward (packet, is_rtcp, loop);
}

static gboolean
report_seen_cb (gpointer user_data)
{
  RtcpSeen *seen = user_data;
  gboolean done;

  g_mutex_lock (&seen->lock);
  done = seen->report_about_a && seen->sender_report_from_a;
  g_mutex_unlock (&seen->lock);
  return done;
}

static void
test_receiver_reports (void)
{
  Loopback loop;
  RtcpSeen seen = { 0 };
  g_autoptr(CvnAudioSender) a = NULL;

  g_mutex_init (&seen.lock);
  loopback_init (&loop, 5);
  loopback_start_receiver (&loop);
  g_object_set_data (G_OBJECT (loop.receiver), "rtcp-seen", &seen);
  a = g_object_new (CVN_TYPE_AUDIO_SENDER, "ssrc", SSRC_A, "source", TONE_440, NULL);
  seen.sender = a;
  cvn_audio_sender_set_packet_func (a, on_sender_packet, &loop, NULL);
  cvn_audio_receiver_set_packet_func (loop.receiver, on_rtcp_out, &seen, NULL);
  g_assert_true (cvn_audio_sender_start (a, NULL));
  /* Not RTCP: refused. */
  {
    static const guint8 rtp[] = { 0x80, 0x6f, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1 };
    g_autoptr(GBytes) bytes = g_bytes_new (rtp, sizeof rtp);

    g_assert_false (cvn_audio_sender_push_rtcp (a, bytes));
  }

  /* rtpbin's RTCP interval is 5 s on average; allow three. */
  cvn_test_assert_wait (NULL, report_seen_cb, &seen, 15000);

  g_clear_pointer (&a, stop_and_unref);
  cvn_audio_receiver_set_packet_func (loop.receiver, NULL, NULL, NULL);
  loopback_clear (&loop);
  g_mutex_clear (&seen.lock);
}

static gboolean
sender_failed_cb (gpointer user_data)
{
  return cvn_audio_sender_get_state (user_data) == CVN_MEDIA_STATE_FAILED;
}

static void
test_sender_errors (void)
{
  g_autoptr(CvnAudioSender) missing = NULL;
  g_autoptr(CvnAudioSender) ending = NULL;
  g_autoptr(GError) error = NULL;

  /* An element that does not exist: start fails with a clear error. */
  missing = g_object_new (CVN_TYPE_AUDIO_SENDER, "ssrc", 1, "source", "nosuchelement", NULL);
  g_assert_false (cvn_audio_sender_start (missing, &error));
  g_assert_error (error, CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_MISSING_ELEMENT);
  g_assert_cmpint (cvn_audio_sender_get_state (missing), ==, CVN_MEDIA_STATE_FAILED);
  g_assert_nonnull (cvn_audio_sender_get_error (missing));

  /* A source that ends: FAILED, reported on the main context. */
  ending = g_object_new (CVN_TYPE_AUDIO_SENDER, "ssrc", 2,
                         "source", "audiotestsrc num-buffers=5 is-live=true", NULL);
  g_assert_true (cvn_audio_sender_start (ending, NULL));
  cvn_test_assert_wait (NULL, sender_failed_cb, ending, 5000);
  g_assert_error (cvn_audio_sender_get_error (ending), CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_DEVICE);
}

typedef struct
{
  int count;            /* first: count_above_cb reads it */
  GMutex lock;
  gboolean have_last;
  guint16 last_sequence;
  guint discontinuities;
} SequenceCheck;

static void
check_sequence (GBytes   *packet,
                gboolean  is_rtcp,
                gpointer  user_data)
{
  SequenceCheck *check = user_data;
  CvnRtpAudioInfo info;
  gsize size;
  const guint8 *data = g_bytes_get_data (packet, &size);

  if (is_rtcp)
    return;
  g_assert_cmpint (cvn_rtp_audio_parse (data, size, 1, &info), ==, CVN_RTP_PACKET_RTP);
  g_mutex_lock (&check->lock);
  if (check->have_last && info.sequence != (guint16) (check->last_sequence + 1))
    check->discontinuities++;
  check->have_last = TRUE;
  check->last_sequence = info.sequence;
  g_mutex_unlock (&check->lock);
  g_atomic_int_inc (&check->count);
}

static void
test_processing_switch (void)
{
  g_autoptr(CvnAudioSender) sender = NULL;
  SequenceCheck check = { 0 };

  if (!cvn_audio_sender_has_processing ())
    {
      g_test_skip ("webrtcdsp is not installed");
      return;
    }

  g_mutex_init (&check.lock);
  sender = g_object_new (CVN_TYPE_AUDIO_SENDER, "ssrc", SSRC_A, "source", TONE_440,
                         "processing-enabled", TRUE, NULL);
  cvn_audio_sender_set_packet_func (sender, check_sequence, &check, NULL);
  g_assert_true (cvn_audio_sender_start (sender, NULL));
  cvn_test_assert_wait (NULL, count_above_cb, &check.count, 5000);

  /* Switching it off restarts the capture; packets keep coming, in sequence. */
  cvn_audio_sender_set_processing_enabled (sender, FALSE);
  g_atomic_int_set (&check.count, 0);
  cvn_test_assert_wait (NULL, count_above_cb, &check.count, 5000);
  g_assert_cmpint (cvn_audio_sender_get_state (sender), !=, CVN_MEDIA_STATE_FAILED);
  cvn_audio_sender_stop (sender);
  g_assert_cmpuint (check.discontinuities, ==, 0);
  g_mutex_clear (&check.lock);
}

/* cvn_test_wait_until() checks its condition when the main context wakes up; the
 * conditions here change on streaming threads, so wake it up regularly. */
static gboolean
poll_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
test_echo_cancellation_wiring (void)
{
  Loopback loop;
  g_autoptr(CvnAudioSender) sender = NULL;
  g_autoptr(CvnAudioReceiver) speaker = NULL;
  g_autoptr(GstElement) probe = NULL;
  g_autoptr(GError) error = NULL;
  int count = 0;

  if (!cvn_audio_sender_has_processing ())
    {
      g_test_skip ("webrtcdsp is not installed");
      return;
    }
#if defined(__SANITIZE_ADDRESS__)
  /* GStreamer 1.22.0's webrtcechoprobe leaks the latency query it makes on every latency
   * event (fixed upstream later); the leak's stack cannot be suppressed with ASan's fast
   * unwinder, so this test runs only in the plain build. */
  g_test_skip ("webrtcechoprobe 1.22 leaks a GstQuery per latency event");
  return;
#endif

  /* The receiver plays through a webrtcechoprobe; the sender's webrtcdsp finds it by name
   * and cancels its echo. The receiver must run first. */
  loopback_init (&loop, 6);
  speaker = g_object_new (CVN_TYPE_AUDIO_RECEIVER, "sink", "fakesink sync=true",
                          "echo-probe-name", "cvn-test-echo", NULL);
  g_assert_true (cvn_audio_receiver_start (speaker, &error));
  g_assert_no_error (error);
  probe = gst_bin_get_by_name (GST_BIN (cvn_audio_receiver_get_pipeline (speaker)),
                               "cvn-test-echo");
  g_assert_nonnull (probe);
  loop.receiver = g_object_ref (speaker);

  sender = g_object_new (CVN_TYPE_AUDIO_SENDER, "ssrc", SSRC_A, "source", TONE_440,
                         "processing-enabled", TRUE, "echo-probe-name", "cvn-test-echo", NULL);
  cvn_audio_sender_set_packet_func (sender, count_packet, &count, NULL);
  g_assert_true (cvn_audio_sender_start (sender, &error));
  g_assert_no_error (error);
  cvn_test_assert_wait (NULL, count_above_cb, &count, 5000);
  g_assert_cmpint (cvn_audio_sender_get_state (sender), ==, CVN_MEDIA_STATE_PLAYING);
  g_assert_cmpint (cvn_audio_receiver_get_state (speaker), ==, CVN_MEDIA_STATE_PLAYING);

  cvn_audio_sender_stop (sender);
  cvn_audio_receiver_stop (speaker);
  loopback_clear (&loop);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_timeout_add (10, poll_cb, NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/media/audio/tone-loopback", test_tone_loopback);
  g_test_add_func ("/media/audio/muted-sends-nothing", test_muted_sends_nothing);
  g_test_add_func ("/media/audio/levels-and-speaking", test_levels_and_speaking);
  g_test_add_func ("/media/audio/packet-loss", test_packet_loss);
  g_test_add_func ("/media/audio/malformed-packets", test_malformed_packets);
  g_test_add_func ("/media/audio/receiver-reports", test_receiver_reports);
  g_test_add_func ("/media/audio/sender-errors", test_sender_errors);
  g_test_add_func ("/media/audio/processing-switch", test_processing_switch);
  g_test_add_func ("/media/audio/echo-cancellation-wiring", test_echo_cancellation_wiring);

  return g_test_run ();
}
