/* bench-sandbox-sfu.c: the sandbox SFU and a client on loopback, measured.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * 1. Join to first decoded audio: Brian is in the Lounge's call sending a 440 Hz tone; Ada
 *    joins through phone.joinGroupCall and the sandbox SFU, again and again (a new
 *    CvnCallAudio transport each round, as a rejoin). The clock starts at
 *    cvn_call_audio_start() and stops at the first audible buffer out of her receiver.
 * 2. SFU forwarding cost: plain client transports run on a thread of their own, the SFU on
 *    the main thread, so the main thread's CPU time is the SFU's alone (SRTP unprotect of the
 *    speaker's packet, routing, SRTP protect and send for each listener). From it: audio
 *    participants per core, everyone talking (50 packets/s each, N-1 copies of each) and one
 *    talking to many.
 * 3. Client CPU with 1 outgoing and 8 incoming voices: a CvnCallAudio on its own thread (tone
 *    in, fakesink out in real time) in the Lounge with all 8 simulated participants talking;
 *    the process's CPU minus the main thread's (the sandbox) is the client's.
 *
 * Run: meson test -C BUILD --benchmark --verbose sandbox-sfu
 */
#include "config.h"

#include "call-audio-test-util.h"

#include "cvn-sandbox-dispatch.h"
#include "cvn-sandbox-private.h"
#include "cvn-sandbox-sfu.h"
#include "cvn-sandbox-voice.h"

#include "cvn-tl-json.h"

#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#define LOUNGE 1000000001
#define WAIT_MS 15000
#define ROUNDS 7

static double
process_cpu (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static double
thread_cpu (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

/* --- a world with its SFU, joins through the API ---------------------------------------- */

typedef struct
{
  CvnClock          *clock;
  CvnSandboxWorld   *world;
  CvnSandboxSfu     *sfu;
  CvnSandboxCall    *call;
  CvnSandboxSession *sessions[3];  /* Ada, Brian, Cleo */
} World;

static void
world_init (World *w)
{
  g_autoptr(GError) error = NULL;

  w->clock = cvn_clock_new_fake ();
  w->world = cvn_sandbox_world_new (w->clock, 7);
  cvn_sandbox_world_load_default (w->world);
  if (!cvn_sandbox_world_start_sfu (w->world, "127.0.0.1", &error))
    g_error ("SFU: %s", error->message);
  w->sfu = cvn_sandbox_world_get_sfu (w->world);
  w->call = cvn_sandbox_world_get_call (w->world, cvn_sandbox_world_find_call (w->world, LOUNGE));
  for (guint i = 0; i < G_N_ELEMENTS (w->sessions); i++)
    {
      w->sessions[i] = cvn_sandbox_world_open_session (w->world);
      cvn_sandbox_session_set_user_id (w->sessions[i], CVN_SANDBOX_DEMO_USER_ID + i);
    }
}

static void
world_set_voices (World    *w,
                  gboolean  talking)
{
  for (guint i = 0; i < w->call->participants->len; i++)
    {
      CvnSandboxParticipant *p = g_ptr_array_index (w->call->participants, i);
      gint64 id = p->peer.type == CVN_SANDBOX_PEER_USER ? p->peer.id : -p->peer.id;

      if (!p->simulated)
        continue;
      if (talking)
        {
          p->can_self_unmute = TRUE;
          cvn_sandbox_world_sim_speak (w->world, w->call->id, id, NULL);   /* unmutes, speaks */
        }
      else
        cvn_sandbox_world_sim_edit (w->world, w->call->id, id, "mute", TRUE, NULL);
    }
}

static void
world_clear (World *w)
{
  g_clear_object (&w->world);
  g_clear_object (&w->clock);
}

/* phone.joinGroupCall as session @who with @payload_json: the answer's JSON. */
static char *
world_join (World      *w,
            guint       who,
            const char *payload_json)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, w->call->id);
  g_autofree char *hash = g_strdup_printf ("%" G_GINT64_FORMAT, w->call->access_hash);
  g_autofree char *json = NULL;
  CvnTlObject *request;
  CvnTlApiUpdates *updates;
  CvnTlValue value;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "_");
  json_builder_add_string_value (b, "phone.joinGroupCall");
  json_builder_set_member_name (b, "call");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "_");
  json_builder_add_string_value (b, "inputGroupCall");
  json_builder_set_member_name (b, "id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "access_hash");
  json_builder_add_string_value (b, hash);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "join_as");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "_");
  json_builder_add_string_value (b, "inputPeerSelf");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "params");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "_");
  json_builder_add_string_value (b, "dataJSON");
  json_builder_set_member_name (b, "data");
  json_builder_add_string_value (b, payload_json);
  json_builder_end_object (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  json = json_generator_to_data (generator, NULL);

  request = cvn_tl_object_from_json (json, -1, CVN_TL_SCHEMA_API, arena, &error);
  if (request == NULL || !cvn_sandbox_dispatch (w->world, w->sessions[who], request, arena, &value, &error))
    g_error ("joinGroupCall: %s", error->message);
  updates = (CvnTlApiUpdates *) value.object;
  for (guint i = 0; i < updates->updates->len; i++)
    if (updates->updates->objects[i]->ctor->id == CVN_TL_API_UPDATE_GROUP_CALL_CONNECTION_ID)
      return g_strdup (((CvnTlApiDataJSON *) ((CvnTlApiUpdateGroupCallConnection *) updates->updates->objects[i])->params)->data.str);
  g_error ("no updateGroupCallConnection");
}

/* --- a thread with its own main context ------------------------------------------------ */

typedef struct
{
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
} Worker;

static gpointer
worker_main (gpointer user_data)
{
  Worker *worker = user_data;

  g_main_context_push_thread_default (worker->context);
  g_main_loop_run (worker->loop);
  g_main_context_pop_thread_default (worker->context);
  return NULL;
}

static void
worker_start (Worker *worker)
{
  worker->context = g_main_context_new ();
  worker->loop = g_main_loop_new (worker->context, FALSE);
  worker->thread = g_thread_new ("bench-client", worker_main, worker);
}

static void
worker_stop (Worker *worker)
{
  g_main_loop_quit (worker->loop);
  g_thread_join (worker->thread);
  g_main_loop_unref (worker->loop);
  g_main_context_unref (worker->context);
}

typedef struct
{
  GSourceFunc func;
  gpointer    data;
  gint        done;
} Call;

static gboolean
call_cb (gpointer user_data)
{
  Call *call = user_data;

  call->func (call->data);
  g_atomic_int_set (&call->done, 1);
  g_main_context_wakeup (NULL);
  return G_SOURCE_REMOVE;
}

static gboolean
call_done_cb (gpointer user_data)
{
  return g_atomic_int_get (&((Call *) user_data)->done);
}

/* Runs @func on the worker and waits (the main context keeps running: the SFU is there). */
static void
worker_run (Worker      *worker,
            GSourceFunc  func,
            gpointer     data)
{
  Call call = { func, data, 0 };

  g_main_context_invoke (worker->context, call_cb, &call);
  cvn_test_assert_wait (NULL, call_done_cb, &call, WAIT_MS);
}

/* --- 1. join to first decoded audio ------------------------------------------------------ */

static gboolean
heard_cb (gpointer user_data)
{
  Client *client = user_data;

  return g_atomic_pointer_get (&client->first_audio_at) != 0;
}

static void
client_join_world (Client *client,
                   World  *w,
                   guint   who,
                   gint64 *started_at)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = cvn_call_audio_create_join_payload (client->audio, &error);
  g_autofree char *answer = NULL;
  g_autoptr(GstElement) out = NULL;
  GstAppSinkCallbacks callbacks = { NULL, NULL, client_on_output_cb };

  g_assert_no_error (error);
  answer = world_join (w, who, payload);
  g_atomic_pointer_set (&client->first_audio_at, 0);
  if (started_at != NULL)
    *started_at = g_get_monotonic_time ();
  if (!cvn_call_audio_start (client->audio, answer, &error))
    g_error ("start: %s", error->message);
  out = gst_bin_get_by_name (GST_BIN (cvn_audio_receiver_get_pipeline (cvn_call_audio_get_receiver (client->audio))), "out");
  gst_app_sink_set_callbacks (GST_APP_SINK (out), &callbacks, client, NULL);
}

static void
bench_join_latency (void)
{
  World w = { 0 };
  g_autoptr(GError) error = NULL;
  Client a, b;
  double total[ROUNDS], secure[ROUNDS];

  world_init (&w);
  world_set_voices (&w, FALSE);
  client_init (&a, "audiotestsrc wave=silence is-live=true", 100);
  client_init (&b, "audiotestsrc freq=440 is-live=true", 100);
  client_join_world (&b, &w, 1, NULL);
  if (!cvn_test_wait_until (NULL, client_connected_cb, &b, WAIT_MS, &error))
    g_error ("Brian did not connect: %s", error->message);

  for (guint i = 0; i < ROUNDS; i++)
    {
      gint64 started_at = 0, secure_at;

      client_join_world (&a, &w, 0, &started_at);
      if (!cvn_test_wait_until (NULL, client_connected_cb, &a, WAIT_MS, &error))
        g_error ("Ada did not connect: %s", error->message);
      secure_at = g_get_monotonic_time ();
      if (!cvn_test_wait_until (NULL, heard_cb, &a, WAIT_MS, &error))
        g_error ("Ada heard nothing: %s", error->message);
      secure[i] = (secure_at - started_at) / 1000.0;
      total[i] = (g_atomic_pointer_get (&a.first_audio_at) - started_at) / 1000.0;
      g_print ("# round %u: connected %.1f ms, first decoded audio %.1f ms\n", i + 1, secure[i], total[i]);
    }
  qsort (total, ROUNDS, sizeof (double), compare_double);
  qsort (secure, ROUNDS, sizeof (double), compare_double);
  g_print ("join through the sandbox SFU (loopback, receiver latency 100 ms, %d joins):\n", ROUNDS);
  g_print ("  %-30s %7.1f ms median (min %.1f, max %.1f)\n", "start to connected-secure",
           secure[ROUNDS / 2], secure[0], secure[ROUNDS - 1]);
  g_print ("  %-30s %7.1f ms median (min %.1f, max %.1f)\n", "start to first decoded audio",
           total[ROUNDS / 2], total[0], total[ROUNDS - 1]);
  client_clear (&a, NULL);
  client_clear (&b, NULL);
  world_clear (&w);
  drain_context ();
}

/* --- 2. SFU forwarding cost ------------------------------------------------------------- */

typedef struct
{
  Worker          *worker;
  World           *world;
  guint            index;
  CvnRtcTransport *client;
  char            *payload_json;
  char            *answer_json;
  guint32          ssrc;
  gint             received;
} Leg;

static void
on_leg_rtp (CvnRtcTransport *transport,
            GBytes          *bytes,
            gpointer         user_data)
{
  g_atomic_int_inc (&((Leg *) user_data)->received);
}

static gboolean
leg_create_cb (gpointer user_data)
{
  Leg *leg = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnRtcJoinPayload) payload = NULL;

  leg->client = cvn_rtc_transport_new (CVN_RTC_ROLE_CLIENT, NULL, "127.0.0.1", &error);
  g_assert_no_error (error);
  g_signal_connect (leg->client, "rtp-received", G_CALLBACK (on_leg_rtp), leg);
  payload = cvn_rtc_transport_create_join_payload (leg->client, CVN_RTC_VIDEO_NONE, &error);
  g_assert_no_error (error);
  leg->payload_json = cvn_rtc_join_payload_to_json (payload);
  leg->ssrc = payload->ssrc;
  return G_SOURCE_REMOVE;
}

static gboolean
leg_start_cb (gpointer user_data)
{
  Leg *leg = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnRtcAnswer) answer = cvn_rtc_answer_parse (leg->answer_json, -1, &error);

  g_assert_no_error (error);
  g_assert_true (cvn_rtc_transport_start_client (leg->client, answer, &error));
  return G_SOURCE_REMOVE;
}

static gboolean
leg_free_cb (gpointer user_data)
{
  Leg *leg = user_data;

  cvn_rtc_transport_close (leg->client);
  g_clear_object (&leg->client);
  while (g_main_context_iteration (leg->worker->context, FALSE))
    ;
  return G_SOURCE_REMOVE;
}

typedef struct
{
  Leg     *speaker;
  guint    first;
  guint    count;
} Burst;

static gboolean
burst_cb (gpointer user_data)
{
  Burst *burst = user_data;
  guint32 ssrc = burst->speaker->ssrc;

  for (guint i = burst->first; i < burst->first + burst->count; i++)
    {
      guint8 rtp[12 + 100] = { 0x80, 111, i >> 8, i & 0xff, i >> 24, i >> 16, i >> 8, i,
                               ssrc >> 24, ssrc >> 16, ssrc >> 8, ssrc };

      cvn_rtc_transport_send_rtp (burst->speaker->client, rtp, sizeof rtp, NULL);
    }
  return G_SOURCE_REMOVE;
}

static gboolean
legs_secure_cb (gpointer user_data)
{
  World *w = user_data;
  CvnSandboxSfuCallStats stats;

  cvn_sandbox_sfu_get_call_stats (w->sfu, w->call->id, &stats);
  return stats.n_secure == stats.n_transports;
}

typedef struct
{
  GPtrArray *legs;
  guint      target;
} ReceivedWait;

static gboolean
legs_received_cb (gpointer user_data)
{
  ReceivedWait *wait = user_data;

  for (guint i = 1; i < wait->legs->len; i++)
    if ((guint) g_atomic_int_get (&((Leg *) g_ptr_array_index (wait->legs, i))->received) < wait->target)
      return FALSE;
  return TRUE;
}

static void
bench_forwarding (guint listeners)
{
  World w = { 0 };
  Worker worker;
  g_autoptr(GPtrArray) legs = g_ptr_array_new ();
  const guint packets = 3000;
  guint64 forwarded_before;
  CvnSandboxSfuCallStats stats;
  ReceivedWait wait;
  double cpu_start, cpu, per_packet, n_all_talking, n_one_talking;
  gint64 wall_start;

  world_init (&w);
  world_set_voices (&w, FALSE);
  worker_start (&worker);
  for (guint i = 0; i <= listeners; i++)
    {
      Leg *leg = g_new0 (Leg, 1);
      g_autoptr(GError) error = NULL;

      leg->worker = &worker;
      leg->world = &w;
      leg->index = i;
      worker_run (&worker, leg_create_cb, leg);
      /* each leg its own user: the SFU API directly, as joinGroupCall does */
      if (!cvn_sandbox_sfu_connect (w.sfu, w.call->id, 900000 + i, FALSE, leg->payload_json,
                                    strlen (leg->payload_json), &error))
        g_error ("connect: %s", error->message);
      leg->answer_json = cvn_sandbox_sfu_create_answer (w.sfu, w.call->id, 900000 + i, FALSE, NULL);
      worker_run (&worker, leg_start_cb, leg);
      g_ptr_array_add (legs, leg);
    }
  cvn_test_assert_wait (NULL, legs_secure_cb, &w, 20000);

  cvn_sandbox_sfu_get_call_stats (w.sfu, w.call->id, &stats);
  forwarded_before = stats.n_forwarded;
  wait.legs = legs;
  wall_start = g_get_monotonic_time ();
  cpu_start = thread_cpu ();
  for (guint sent = 0; sent < packets; sent += 50)
    {
      Burst burst = { g_ptr_array_index (legs, 0), sent, 50 };

      worker_run (&worker, burst_cb, &burst);
      /* the SFU forwards this burst before the next comes: no socket buffer overflows */
      wait.target = sent + 50;
      cvn_test_assert_wait (NULL, legs_received_cb, &wait, WAIT_MS);
    }
  cpu = thread_cpu () - cpu_start;
  cvn_sandbox_sfu_get_call_stats (w.sfu, w.call->id, &stats);
  per_packet = cpu / (stats.n_forwarded - forwarded_before);
  /* everyone talking: 50 packets/s in from each of N, N-1 copies out of each */
  n_all_talking = 0.5 + sqrt (0.25 + 1.0 / (50 * per_packet));
  n_one_talking = 1.0 / (50 * per_packet);
  g_print ("SFU forwarding, 1 speaker to %u listeners, %u packets (%.0f packets/s out): "
           "%.1f us SFU CPU per forwarded packet (unprotect share, route, protect, send)\n",
           listeners, packets, (stats.n_forwarded - forwarded_before) / ((g_get_monotonic_time () - wall_start) / 1e6),
           per_packet * 1e6);
  g_print ("  audio participants per core: %.0f all talking (N-way), %.0f listening to one speaker\n",
           floor (n_all_talking), floor (n_one_talking));

  for (guint i = 0; i < legs->len; i++)
    {
      Leg *leg = g_ptr_array_index (legs, i);

      worker_run (&worker, leg_free_cb, leg);
      g_free (leg->payload_json);
      g_free (leg->answer_json);
      g_free (leg);
    }
  worker_stop (&worker);
  world_clear (&w);
  drain_context ();
}

/* --- 3. client CPU, 1 out and 8 in ------------------------------------------------------ */

typedef struct
{
  World        *world;
  CvnCallAudio *audio;
  char         *payload;
  char         *answer;
  GHashTable   *levels;   /* SSRC -> reports (worker thread only) */
  gint          n_sources;
} Listener;

static void
listener_level_cb (CvnCallAudio *audio,
                   guint         ssrc,
                   double        level,
                   gboolean      voice,
                   gpointer      user_data)
{
  Listener *l = user_data;

  g_hash_table_add (l->levels, GUINT_TO_POINTER (ssrc));
  g_atomic_int_set (&l->n_sources, g_hash_table_size (l->levels));
}

static gboolean
listener_create_cb (gpointer user_data)
{
  Listener *l = user_data;
  g_autoptr(GError) error = NULL;

  l->levels = g_hash_table_new (NULL, NULL);
  l->audio = g_object_new (CVN_TYPE_CALL_AUDIO,
                           "source", "audiotestsrc freq=440 is-live=true",
                           "sink", "fakesink sync=true",
                           "local-address", "127.0.0.1",
                           NULL);
  g_signal_connect (l->audio, "audio-level", G_CALLBACK (listener_level_cb), l);
  l->payload = cvn_call_audio_create_join_payload (l->audio, &error);
  g_assert_no_error (error);
  return G_SOURCE_REMOVE;
}

static gboolean
listener_start_cb (gpointer user_data)
{
  Listener *l = user_data;
  g_autoptr(GError) error = NULL;

  if (!cvn_call_audio_start (l->audio, l->answer, &error))
    g_error ("start: %s", error->message);
  return G_SOURCE_REMOVE;
}

static gboolean
listener_free_cb (gpointer user_data)
{
  Listener *l = user_data;

  cvn_call_audio_stop (l->audio);
  g_clear_object (&l->audio);
  g_clear_pointer (&l->levels, g_hash_table_unref);
  return G_SOURCE_REMOVE;
}

static gboolean
hears_eight_cb (gpointer user_data)
{
  return g_atomic_int_get (&((Listener *) user_data)->n_sources) >= 8;
}

static gboolean
stop_loop_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

static void
bench_client_cpu (void)
{
  World w = { 0 };
  Worker worker;
  Listener l = { &w };
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  const double seconds = 10;
  double process_start, main_start, process_used, main_used;
  guint64 voice_packets;

  world_init (&w);
  world_set_voices (&w, TRUE);
  worker_start (&worker);
  worker_run (&worker, listener_create_cb, &l);
  l.answer = world_join (&w, 0, l.payload);
  worker_run (&worker, listener_start_cb, &l);
  cvn_test_assert_wait (NULL, hears_eight_cb, &l, WAIT_MS);

  voice_packets = cvn_sandbox_voice_get_n_packets (cvn_sandbox_world_get_voice (w.world));
  process_start = process_cpu ();
  main_start = thread_cpu ();
  g_timeout_add (seconds * 1000, stop_loop_cb, loop);
  g_main_loop_run (loop);
  process_used = process_cpu () - process_start;
  main_used = thread_cpu () - main_start;
  voice_packets = cvn_sandbox_voice_get_n_packets (cvn_sandbox_world_get_voice (w.world)) - voice_packets;
  g_print ("client with 1 outgoing and 8 incoming voices (Opus encode, 8 decodes, mixer, fakesink in real time), "
           "%.0f s: %.1f %% of one core\n", seconds, 100 * (process_used - main_used) / seconds);
  g_print ("  the sandbox meanwhile (8 voices, %.0f packets/s, and the SFU): %.1f %% of one core\n",
           voice_packets / seconds, 100 * main_used / seconds);

  worker_run (&worker, listener_free_cb, &l);
  g_free (l.payload);
  g_free (l.answer);
  worker_stop (&worker);
  world_clear (&w);
  drain_context ();
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_timeout_add (5, client_poll_cb, NULL);
  bench_join_latency ();
  bench_forwarding (8);
  bench_client_cpu ();
  return 0;
}
