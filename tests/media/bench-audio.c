/* bench-audio.c: client CPU for 1 outgoing and 8 incoming voices.
 *
 * Eight Opus streams are recorded first (one second each, from live test tones through
 * CvnAudioSender), then replayed into a CvnAudioReceiver at the real rate (one packet per
 * stream every 20 ms, sequence numbers and timestamps continued) while one CvnAudioSender
 * encodes a live test tone. The receiver plays into `fakesink sync=true`, i.e. paced by the
 * clock like a sound card; the sender's packets are counted and discarded. CPU time is
 * getrusage(RUSAGE_SELF) user+system over a fixed wall time, so it includes the replay
 * thread (a memcpy per packet) and GStreamer's own threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-audio-receiver-private.h"
#include "cvn-audio-sender.h"
#include "cvn-core-error.h"
#include "cvn-test-wait.h"

#include <string.h>
#include <sys/resource.h>

#define N_INCOMING 8
#define RECORD_PACKETS 50
#define MEASURE_MS 5000

typedef struct
{
  GMutex lock;
  GPtrArray *packets;
} Recording;

static void
record_packet (GBytes   *packet,
               gboolean  is_rtcp,
               gpointer  user_data)
{
  Recording *recording = user_data;

  if (is_rtcp)
    return;
  g_mutex_lock (&recording->lock);
  if (recording->packets->len < RECORD_PACKETS)
    g_ptr_array_add (recording->packets, g_bytes_ref (packet));
  g_mutex_unlock (&recording->lock);
}

static gboolean
recordings_full_cb (gpointer user_data)
{
  Recording *recordings = user_data;

  for (guint i = 0; i < N_INCOMING; i++)
    {
      gboolean full;

      g_mutex_lock (&recordings[i].lock);
      full = recordings[i].packets->len >= RECORD_PACKETS;
      g_mutex_unlock (&recordings[i].lock);
      if (!full)
        return FALSE;
    }
  return TRUE;
}

typedef struct
{
  CvnAudioReceiver *receiver;
  Recording *recordings;
  gint stop;
  guint64 pushed;
} Replay;

static gpointer
replay_thread (gpointer user_data)
{
  Replay *replay = user_data;
  gint64 next = g_get_monotonic_time ();
  guint8 buf[1500];

  for (guint k = 0; !g_atomic_int_get (&replay->stop); k++)
    {
      for (guint i = 0; i < N_INCOMING; i++)
        {
          GBytes *original = g_ptr_array_index (replay->recordings[i].packets, k % RECORD_PACKETS);
          gsize size;
          const guint8 *data = g_bytes_get_data (original, &size);
          g_autoptr(GBytes) packet = NULL;
          guint16 seq;
          guint32 ts;

          g_assert_cmpuint (size, <=, sizeof buf);
          memcpy (buf, data, size);
          /* Continue the sequence and the timestamp across the loop. */
          seq = (guint16) (((data[2] << 8) | data[3]) + (k / RECORD_PACKETS) * RECORD_PACKETS);
          ts = (((guint32) data[4] << 24) | ((guint32) data[5] << 16) | ((guint32) data[6] << 8) |
                data[7]) + (guint32) (k / RECORD_PACKETS) * RECORD_PACKETS * 960;
          buf[2] = seq >> 8;
          buf[3] = seq & 0xff;
          buf[4] = ts >> 24;
          buf[5] = (ts >> 16) & 0xff;
          buf[6] = (ts >> 8) & 0xff;
          buf[7] = ts & 0xff;
          packet = g_bytes_new (buf, size);
          cvn_audio_receiver_push_packet (replay->receiver, packet);
          replay->pushed++;
        }
      next += 20 * 1000;
      if (next > g_get_monotonic_time ())
        g_usleep (next - g_get_monotonic_time ());
    }
  return NULL;
}

static gboolean
never_cb (gpointer user_data)
{
  return FALSE;
}

static void
run_for (guint ms)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (cvn_test_wait_until (NULL, never_cb, NULL, ms, &error));
  g_assert_error (error, CVN_CORE_ERROR, CVN_CORE_ERROR_TIMED_OUT);
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static void
discard_packet (GBytes   *packet,
                gboolean  is_rtcp,
                gpointer  user_data)
{
  if (!is_rtcp)
    g_atomic_int_inc ((int *) user_data);
}

/* Measures the CPU of whatever runs now over MEASURE_MS of wall time. */
static void
measure (const char *label)
{
  gint64 wall_start;
  double cpu_start, cpu, wall;

  run_for (1000);   /* warm-up: the branches exist, latency settled */
  cpu_start = cpu_seconds ();
  wall_start = g_get_monotonic_time ();
  run_for (MEASURE_MS);
  cpu = cpu_seconds () - cpu_start;
  wall = (g_get_monotonic_time () - wall_start) / 1e6;
  g_print ("%-34s %6.1f ms CPU per second of audio (%5.1f %% of one core)\n",
           label, 1000 * cpu / wall, 100 * cpu / wall);
}

/* cvn_test_wait_until() checks its condition when the main context wakes up; the
 * conditions here change on streaming threads, so wake it up regularly. */
static gboolean
poll_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  Recording recordings[N_INCOMING];
  CvnAudioSender *recorders[N_INCOMING];
  g_autoptr(CvnAudioReceiver) receiver = NULL;
  g_autoptr(CvnAudioSender) sender = NULL;
  g_autoptr(GError) error = NULL;
  Replay replay = { 0 };
  GThread *thread;
  int sent = 0;

  gst_init (&argc, &argv);
  g_timeout_add (10, poll_cb, NULL);

  /* 1. Record eight voices. */
  for (guint i = 0; i < N_INCOMING; i++)
    {
      g_autofree char *source = g_strdup_printf ("audiotestsrc is-live=true freq=%u",
                                                 300 + 100 * i);

      g_mutex_init (&recordings[i].lock);
      recordings[i].packets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
      recorders[i] = g_object_new (CVN_TYPE_AUDIO_SENDER, "ssrc", 0x1000 + i,
                                   "source", source, NULL);
      cvn_audio_sender_set_packet_func (recorders[i], record_packet, &recordings[i], NULL);
      g_assert_true (cvn_audio_sender_start (recorders[i], &error));
    }
  cvn_test_assert_wait (NULL, recordings_full_cb, recordings, 20000);
  for (guint i = 0; i < N_INCOMING; i++)
    {
      cvn_audio_sender_stop (recorders[i]);
      g_object_unref (recorders[i]);
    }

  g_print ("# media-audio: Opus 48 kHz, 20 ms, 32 kbit/s, FEC; receiver sink fakesink sync=true;\n"
           "# CPU = getrusage user+system of the whole process over %u ms wall, %u cores\n",
           MEASURE_MS, g_get_num_processors ());

  /* 2. One outgoing voice alone. */
  sender = g_object_new (CVN_TYPE_AUDIO_SENDER, "ssrc", 0x0badcafe,
                         "source", "audiotestsrc is-live=true freq=440", NULL);
  cvn_audio_sender_set_packet_func (sender, discard_packet, &sent, NULL);
  g_assert_true (cvn_audio_sender_start (sender, &error));
  measure ("1 outgoing");
  cvn_audio_sender_stop (sender);

  /* 3. Eight incoming voices alone. */
  receiver = g_object_new (CVN_TYPE_AUDIO_RECEIVER, "local-ssrc", 0x0badcafe,
                           "sink", "fakesink sync=true", NULL);
  g_assert_true (cvn_audio_receiver_start (receiver, &error));
  replay.receiver = receiver;
  replay.recordings = recordings;
  thread = g_thread_new ("replay", replay_thread, &replay);
  measure ("8 incoming");
  g_assert_cmpuint (cvn_audio_receiver_get_n_streams (receiver), ==, N_INCOMING);

  /* 4. Both: the client of a call with eight other speakers. */
  g_assert_true (cvn_audio_sender_start (sender, &error));
  measure ("1 outgoing + 8 incoming");
  g_assert_cmpuint (cvn_audio_receiver_get_n_streams (receiver), ==, N_INCOMING);
  g_assert_cmpint (cvn_audio_sender_get_state (sender), ==, CVN_MEDIA_STATE_PLAYING);
  g_assert_cmpint (cvn_audio_receiver_get_state (receiver), ==, CVN_MEDIA_STATE_PLAYING);

  g_atomic_int_set (&replay.stop, TRUE);
  g_thread_join (thread);
  g_print ("# replayed %" G_GUINT64_FORMAT " packets; the sender produced %d RTP packets\n",
           replay.pushed, g_atomic_int_get (&sent));

  cvn_audio_sender_stop (sender);
  cvn_audio_receiver_stop (receiver);
  for (guint i = 0; i < N_INCOMING; i++)
    {
      g_ptr_array_unref (recordings[i].packets);
      g_mutex_clear (&recordings[i].lock);
    }
  return 0;
}
