/* media-test-util.h: a loopback harness for the media tests and the benchmark: senders'
 * packets handed in-process to a receiver (optionally dropping some), the receiver's
 * decoded output captured from an appsink, and a Goertzel tone detector.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-audio-receiver-private.h"
#include "cvn-audio-sender.h"
#include "cvn-rtp-audio-level.h"
#include "cvn-test-wait.h"

#include <gst/app/gstappsink.h>
#include <math.h>
#include <string.h>

typedef struct
{
  CvnAudioReceiver *receiver;
  GMutex lock;
  GRand *rand;
  double drop_ratio;
  guint forwarded;
  guint dropped;
  GArray *captured;       /* gint16, first channel of the receiver's output */
} Loopback;

/* The packet function of a sender: to the receiver, minus the dropped ones. */
static inline void
loopback_forward (GBytes   *packet,
                  gboolean  is_rtcp,
                  gpointer  user_data)
{
  Loopback *loop = user_data;
  gboolean drop;

  g_mutex_lock (&loop->lock);
  drop = loop->drop_ratio > 0 && g_rand_double (loop->rand) < loop->drop_ratio;
  if (drop)
    loop->dropped++;
  else
    loop->forwarded++;
  g_mutex_unlock (&loop->lock);

  if (!drop && loop->receiver != NULL)
    cvn_audio_receiver_push_packet (loop->receiver, packet);
}

static inline GstFlowReturn
loopback_on_output_cb (GstAppSink *sink,
                       gpointer    user_data)
{
  Loopback *loop = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  GstBuffer *buffer;
  GstMapInfo map;

  if (sample == NULL)
    return GST_FLOW_EOS;
  buffer = gst_sample_get_buffer (sample);
  if (gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      const gint16 *frames = (const gint16 *) map.data;
      gsize n = map.size / (2 * sizeof (gint16));   /* S16LE stereo */

      g_mutex_lock (&loop->lock);
      for (gsize i = 0; i < n; i++)
        g_array_append_val (loop->captured, frames[2 * i]);
      g_mutex_unlock (&loop->lock);
      gst_buffer_unmap (buffer, &map);
    }
  return GST_FLOW_OK;
}

static inline void
loopback_init (Loopback *loop,
               guint32   seed)
{
  memset (loop, 0, sizeof *loop);
  g_mutex_init (&loop->lock);
  loop->rand = g_rand_new_with_seed (seed);
  loop->captured = g_array_new (FALSE, FALSE, sizeof (gint16));
}

static inline void
loopback_clear (Loopback *loop)
{
  g_clear_object (&loop->receiver);
  g_clear_pointer (&loop->rand, g_rand_free);
  g_clear_pointer (&loop->captured, g_array_unref);
  g_mutex_clear (&loop->lock);
}

/* Starts a receiver whose sink is an appsink feeding loop->captured. */
static inline void
loopback_start_receiver (Loopback *loop)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GstElement) out = NULL;
  GstAppSinkCallbacks callbacks = { NULL, NULL, loopback_on_output_cb };

  loop->receiver = g_object_new (CVN_TYPE_AUDIO_RECEIVER,
                                 "local-ssrc", 0x0badcafe,
                                 /* Generous, so a loaded machine (sanitizers, parallel
                                  * tests) does not make buffers late at the mixer. */
                                 "latency", 300,
                                 "sink", "appsink name=out sync=false",
                                 NULL);
  g_assert_true (cvn_audio_receiver_start (loop->receiver, &error));
  g_assert_no_error (error);
  out = gst_bin_get_by_name (GST_BIN (cvn_audio_receiver_get_pipeline (loop->receiver)), "out");
  g_assert_nonnull (out);
  gst_app_sink_set_callbacks (GST_APP_SINK (out), &callbacks, loop, NULL);
}

static inline CvnAudioSender *
loopback_start_sender (Loopback   *loop,
                       guint32     ssrc,
                       const char *source)
{
  g_autoptr(GError) error = NULL;
  CvnAudioSender *sender = g_object_new (CVN_TYPE_AUDIO_SENDER,
                                         "ssrc", ssrc, "source", source, NULL);

  cvn_audio_sender_set_packet_func (sender, loopback_forward, loop, NULL);
  g_assert_true (cvn_audio_sender_start (sender, &error));
  g_assert_no_error (error);
  return sender;
}

static inline guint
loopback_n_captured (Loopback *loop)
{
  guint n;

  g_mutex_lock (&loop->lock);
  n = loop->captured->len;
  g_mutex_unlock (&loop->lock);
  return n;
}

static inline void
loopback_reset_capture (Loopback *loop)
{
  g_mutex_lock (&loop->lock);
  g_array_set_size (loop->captured, 0);
  g_mutex_unlock (&loop->lock);
}

/* A copy of the last @n captured samples. */
static inline gint16 *
loopback_take_last (Loopback *loop,
                    guint     n)
{
  gint16 *out;

  g_mutex_lock (&loop->lock);
  g_assert_cmpuint (loop->captured->len, >=, n);
  out = g_memdup2 (&g_array_index (loop->captured, gint16, loop->captured->len - n),
                   n * sizeof (gint16));
  g_mutex_unlock (&loop->lock);
  return out;
}

/* The power of @freq in @samples (Goertzel), normalized by the number of samples. */
static inline double
goertzel_power (const gint16 *samples,
                guint         n,
                double        freq,
                double        rate)
{
  double coeff = 2.0 * cos (2.0 * G_PI * freq / rate);
  double s1 = 0, s2 = 0;

  for (guint i = 0; i < n; i++)
    {
      double s = samples[i] / 32768.0 + coeff * s1 - s2;

      s2 = s1;
      s1 = s;
    }
  return (s1 * s1 + s2 * s2 - coeff * s1 * s2) / ((double) n * n);
}

/* The frequency between 100 and 2000 Hz (10 Hz steps) with the most power. */
static inline double
dominant_frequency (const gint16 *samples,
                    guint         n)
{
  double best = 0, best_power = -1;

  for (double f = 100; f <= 2000; f += 10)
    {
      double p = goertzel_power (samples, n, f, 48000);

      if (p > best_power)
        {
          best_power = p;
          best = f;
        }
    }
  return best;
}
