/* call-audio-test-util.h: an in-process SFU (CvnRtcTransport in the SFU role + CvnRtcRouter)
 * on loopback and CvnCallAudio clients joining it, for the integration test and the
 * latency benchmark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-call-audio-private.h"
#include "cvn-rtc-answer.h"
#include "cvn-rtc-router.h"
#include "media-test-util.h"

typedef struct
{
  CvnCallAudio    *audio;
  CvnRtcTransport *sfu;        /* its transport at the SFU */
  Loopback         capture;    /* the decoded output of its receiver; receiver unused */
  GHashTable      *levels;     /* SSRC -> count of audio-level reports */
  GArray          *speaking;   /* of SpeakingEvent */
  gint64           first_audio_at;  /* monotonic µs of the first non-silent output, atomic */
} Client;

typedef struct
{
  guint32  ssrc;
  gboolean speaking;
} SpeakingEvent;

typedef void (*AnswerTamperFunc) (CvnRtcAnswer *answer);

static void
client_on_audio_level_cb (CvnCallAudio *audio,
                          guint         ssrc,
                          double        level,
                          gboolean      voice,
                          gpointer      user_data)
{
  Client *client = user_data;
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (client->levels, GUINT_TO_POINTER (ssrc)));

  g_hash_table_insert (client->levels, GUINT_TO_POINTER (ssrc), GUINT_TO_POINTER (n + 1));
}

static void
client_on_speaking_changed_cb (CvnCallAudio *audio,
                               guint         ssrc,
                               gboolean      speaking,
                               gpointer      user_data)
{
  Client *client = user_data;
  SpeakingEvent event = { ssrc, speaking };

  g_array_append_val (client->speaking, event);
}

static inline void
client_init (Client     *client,
             const char *source,
             guint       latency)
{
  memset (client, 0, sizeof *client);
  loopback_init (&client->capture, 1);
  client->levels = g_hash_table_new (NULL, NULL);
  client->speaking = g_array_new (FALSE, FALSE, sizeof (SpeakingEvent));
  client->audio = g_object_new (CVN_TYPE_CALL_AUDIO,
                                "source", source,
                                "sink", "appsink name=out sync=false",
                                "latency", latency,
                                "local-address", "127.0.0.1",
                                NULL);
  g_signal_connect (client->audio, "audio-level", G_CALLBACK (client_on_audio_level_cb), client);
  g_signal_connect (client->audio, "speaking-changed", G_CALLBACK (client_on_speaking_changed_cb), client);
}

/* The appsink callback: capture, and note when the first non-silent buffer came out. */
static inline GstFlowReturn
client_on_output_cb (GstAppSink *sink,
                     gpointer    user_data)
{
  Client *client = user_data;
  Loopback *loop = &client->capture;
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
      gboolean audible = FALSE;

      g_mutex_lock (&loop->lock);
      for (gsize i = 0; i < n; i++)
        {
          g_array_append_val (loop->captured, frames[2 * i]);
          audible |= ABS (frames[2 * i]) > 1000;
        }
      g_mutex_unlock (&loop->lock);
      gst_buffer_unmap (buffer, &map);
      if (audible && g_atomic_pointer_get (&client->first_audio_at) == 0)
        g_atomic_pointer_set (&client->first_audio_at, g_get_monotonic_time ());
    }
  return GST_FLOW_OK;
}

static inline void
client_remove_from_sfu (Client       *client,
                        CvnRtcRouter *router)
{
  if (client->sfu == NULL)
    return;
  cvn_rtc_router_remove_transport (router, client->sfu);
  cvn_rtc_transport_close (client->sfu);
  g_clear_object (&client->sfu);
}

static inline void
client_clear (Client       *client,
              CvnRtcRouter *router)
{
  cvn_call_audio_stop (client->audio);
  client_remove_from_sfu (client, router);
  g_clear_object (&client->audio);
  loopback_clear (&client->capture);
  g_clear_pointer (&client->levels, g_hash_table_unref);
  g_clear_pointer (&client->speaking, g_array_unref);
}

/* A join through the in-process SFU: payload JSON -> SFU transport (accepting only
 * @profiles) in @router -> answer JSON (tampered with by @tamper) -> cvn_call_audio_start().
 * Returns the payload as the SFU parsed it. */
static inline CvnRtcJoinPayload *
client_join (Client             *client,
             CvnRtcRouter       *router,
             CvnRtcSrtpProfiles  profiles,
             AnswerTamperFunc    tamper,
             gint64             *started_at)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnRtcJoinPayload) payload = NULL;
  g_autoptr(CvnRtcAnswer) answer = NULL;
  g_autofree char *payload_json = NULL;
  g_autofree char *answer_json = NULL;
  g_autoptr(GstElement) out = NULL;
  GstAppSinkCallbacks callbacks = { NULL, NULL, client_on_output_cb };

  payload_json = cvn_call_audio_create_join_payload (client->audio, &error);
  g_assert_no_error (error);
  g_assert_nonnull (payload_json);
  payload = cvn_rtc_join_payload_parse (payload_json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (payload->ssrc, ==, cvn_call_audio_get_ssrc (client->audio));

  g_assert_null (client->sfu);
  client->sfu = cvn_rtc_transport_new (CVN_RTC_ROLE_SFU, NULL, "127.0.0.1", &error);
  g_assert_no_error (error);
  cvn_rtc_transport_set_srtp_profiles (client->sfu, profiles);
  g_assert_true (cvn_rtc_transport_start_sfu (client->sfu, payload, &error));
  g_assert_no_error (error);
  g_assert_true (cvn_rtc_router_add_transport (router, client->sfu, payload, &error));
  g_assert_no_error (error);

  answer = cvn_rtc_transport_create_answer (client->sfu, NULL);
  if (tamper != NULL)
    tamper (answer);
  answer_json = cvn_rtc_answer_to_json (answer);

  g_atomic_pointer_set (&client->first_audio_at, 0);
  if (started_at != NULL)
    *started_at = g_get_monotonic_time ();
  g_assert_true (cvn_call_audio_start (client->audio, answer_json, &error));
  g_assert_no_error (error);

  out = gst_bin_get_by_name (GST_BIN (cvn_audio_receiver_get_pipeline (cvn_call_audio_get_receiver (client->audio))), "out");
  g_assert_nonnull (out);
  gst_app_sink_set_callbacks (GST_APP_SINK (out), &callbacks, client, NULL);
  return g_steal_pointer (&payload);
}

static inline gboolean
client_connected_cb (gpointer user_data)
{
  Client *client = user_data;
  CvnCallAudioState state = cvn_call_audio_get_state (client->audio);

  if (state == CVN_CALL_AUDIO_STATE_FAILED)
    g_error ("call audio failed: %s", cvn_call_audio_get_error (client->audio)->message);
  return state == CVN_CALL_AUDIO_STATE_CONNECTED;
}

/* cvn_test_wait_until() checks its condition when the main context wakes up; conditions
 * here change on streaming threads, so wake it up regularly. */
static inline gboolean
client_poll_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

/* Lets libnice's pending callbacks for freed agents run out. */
static inline void
drain_context (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}
