/* test-sandbox-sfu.c: the sandbox's SFU and simulated voices with real clients.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * An in-process world (default world, fake clock) with its SFU started on 127.0.0.1;
 * sessions of Ada and Brian join the Lounge's video chat with phone.joinGroupCall, and the
 * answers in updateGroupCallConnection go to real CvnCallAudio clients (ICE, DTLS-SRTP,
 * Opus, rtpbin; test sources, appsinks). What each hears is checked by its dominant
 * frequency.
 */
#include "config.h"

#include "call-audio-test-util.h"

#include "cvn-sandbox-dispatch.h"
#include "cvn-sandbox-private.h"
#include "cvn-sandbox-sfu.h"
#include "cvn-sandbox-voice.h"

#include "cvn-rtc-colibri.h"
#include "cvn-rtc-error.h"
#include "cvn-tl-json.h"

#include <gio/gio.h>

#define LOUNGE 1000000001
#define TONE_440 "audiotestsrc freq=440 is-live=true"
#define TONE_880 "audiotestsrc freq=880 is-live=true"
#define SILENT "audiotestsrc wave=silence is-live=true"
#define LATENCY_MS 200
#define WAIT_MS 10000

typedef struct
{
  CvnClock          *clock;
  CvnSandboxWorld   *world;
  CvnSandboxSfu     *sfu;
  CvnSandboxSession *ada;
  CvnSandboxSession *brian;
  CvnSandboxCall    *call;
  Client             a;     /* Ada's */
  Client             b;     /* Brian's */
} Fixture;

static void
set_sim_muted (Fixture  *f,
               gint64    user_id,
               gboolean  muted)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cvn_sandbox_world_sim_edit (f->world, f->call->id, user_id, "mute", muted, &error));
  g_assert_no_error (error);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 sims[] = { 2001, 2002, 2007 };

  f->clock = cvn_clock_new_fake ();
  f->world = cvn_sandbox_world_new (f->clock, 42);
  cvn_sandbox_world_load_default (f->world);
  g_assert_true (cvn_sandbox_world_start_sfu (f->world, "127.0.0.1", &error));
  g_assert_no_error (error);
  f->sfu = cvn_sandbox_world_get_sfu (f->world);
  g_assert_nonnull (f->sfu);
  /* bounds short enough for the tests */
  cvn_sandbox_sfu_set_timeouts (f->sfu, 5000, 5000);
  f->ada = cvn_sandbox_world_open_session (f->world);
  f->brian = cvn_sandbox_world_open_session (f->world);
  cvn_sandbox_session_set_user_id (f->ada, CVN_SANDBOX_DEMO_USER_ID);
  cvn_sandbox_session_set_user_id (f->brian, CVN_SANDBOX_SECOND_USER_ID);
  f->call = cvn_sandbox_world_get_call (f->world, cvn_sandbox_world_find_call (f->world, LOUNGE));
  g_assert_nonnull (f->call);
  /* the simulated voices stay out of the tone tests */
  for (guint i = 0; i < G_N_ELEMENTS (sims); i++)
    set_sim_muted (f, sims[i], TRUE);
  client_init (&f->a, TONE_440, LATENCY_MS);
  client_init (&f->b, TONE_880, LATENCY_MS);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  client_clear (&f->a, NULL);
  client_clear (&f->b, NULL);
  g_clear_object (&f->world);
  drain_context ();
  g_clear_object (&f->clock);
}

/* --- joining through the API ------------------------------------------------------------ */

static char *
join_request_json (Fixture    *f,
                   const char *payload_json)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, f->call->id);
  g_autofree char *hash = g_strdup_printf ("%" G_GINT64_FORMAT, f->call->access_hash);
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "_");
  json_builder_add_string_value (builder, "phone.joinGroupCall");
  json_builder_set_member_name (builder, "call");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "_");
  json_builder_add_string_value (builder, "inputGroupCall");
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, id);
  json_builder_set_member_name (builder, "access_hash");
  json_builder_add_string_value (builder, hash);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "join_as");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "_");
  json_builder_add_string_value (builder, "inputPeerSelf");
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "params");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "_");
  json_builder_add_string_value (builder, "dataJSON");
  json_builder_set_member_name (builder, "data");
  json_builder_add_string_value (builder, payload_json);
  json_builder_end_object (builder);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

/* phone.joinGroupCall with @payload_json as @session: the answer's JSON, or NULL with the
 * RPC error. */
static char *
api_join (Fixture            *f,
          CvnSandboxSession  *session,
          const char         *payload_json,
          GError            **error)
{
  g_autofree char *json = join_request_json (f, payload_json);
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) local_error = NULL;
  CvnTlObject *request = cvn_tl_object_from_json (json, -1, CVN_TL_SCHEMA_API, arena, &local_error);
  CvnTlApiUpdates *updates;
  CvnTlValue value;

  g_assert_no_error (local_error);
  if (!cvn_sandbox_dispatch (f->world, session, request, arena, &value, error))
    return NULL;
  g_assert_cmpint (value.kind, ==, CVN_TL_KIND_OBJECT);
  g_assert_cmphex (value.object->ctor->id, ==, CVN_TL_API_UPDATES_ID);
  updates = (CvnTlApiUpdates *) value.object;
  for (guint i = 0; i < updates->updates->len; i++)
    if (updates->updates->objects[i]->ctor->id == CVN_TL_API_UPDATE_GROUP_CALL_CONNECTION_ID)
      {
        CvnTlApiUpdateGroupCallConnection *conn = (gpointer) updates->updates->objects[i];

        g_assert_false (conn->presentation);
        return g_strdup (((CvnTlApiDataJSON *) conn->params)->data.str);
      }
  g_assert_not_reached ();
}

static void
api_leave (Fixture           *f,
           CvnSandboxSession *session,
           guint32            source)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = g_strdup_printf ("{\"_\":\"phone.leaveGroupCall\",\"call\":{\"_\":\"inputGroupCall\","
                                           "\"id\":\"%" G_GINT64_FORMAT "\",\"access_hash\":\"%" G_GINT64_FORMAT "\"},"
                                           "\"source\":%d}", f->call->id, f->call->access_hash, (gint32) source);
  CvnTlObject *request = cvn_tl_object_from_json (json, -1, CVN_TL_SCHEMA_API, arena, &error);
  CvnTlValue value;

  g_assert_no_error (error);
  g_assert_true (cvn_sandbox_dispatch (f->world, session, request, arena, &value, &error));
  g_assert_no_error (error);
}

/* A client joins through the API: its payload to joinGroupCall, the answer (tampered with by
 * @tamper) to cvn_call_audio_start(); its output is captured. Returns the answer as sent. */
static char *
client_api_join (Fixture           *f,
                 Client            *client,
                 CvnSandboxSession *session,
                 AnswerTamperFunc   tamper,
                 gint64            *started_at)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *payload_json = NULL;
  g_autofree char *answer_json = NULL;
  g_autoptr(GstElement) out = NULL;
  GstAppSinkCallbacks callbacks = { NULL, NULL, client_on_output_cb };

  payload_json = cvn_call_audio_create_join_payload (client->audio, &error);
  g_assert_no_error (error);
  answer_json = api_join (f, session, payload_json, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer_json);
  if (tamper != NULL)
    {
      g_autoptr(CvnRtcAnswer) answer = cvn_rtc_answer_parse (answer_json, -1, &error);

      g_assert_no_error (error);
      tamper (answer);
      g_free (answer_json);
      answer_json = cvn_rtc_answer_to_json (answer);
    }
  g_atomic_pointer_set (&client->first_audio_at, 0);
  if (started_at != NULL)
    *started_at = g_get_monotonic_time ();
  g_assert_true (cvn_call_audio_start (client->audio, answer_json, &error));
  g_assert_no_error (error);
  out = gst_bin_get_by_name (GST_BIN (cvn_audio_receiver_get_pipeline (cvn_call_audio_get_receiver (client->audio))), "out");
  g_assert_nonnull (out);
  gst_app_sink_set_callbacks (GST_APP_SINK (out), &callbacks, client, NULL);
  return g_steal_pointer (&answer_json);
}

/* --- listening ------------------------------------------------------------------------ */

typedef struct
{
  Loopback *loop;
  guint     n;
} SampleWait;

static gboolean
has_samples_cb (gpointer user_data)
{
  SampleWait *wait = user_data;

  return loopback_n_captured (wait->loop) >= wait->n;
}

typedef struct
{
  Client  *client;
  guint32  ssrc;
  guint    n;
} LevelWait;

static gboolean
has_levels_cb (gpointer user_data)
{
  LevelWait *wait = user_data;

  return GPOINTER_TO_UINT (g_hash_table_lookup (wait->client->levels, GUINT_TO_POINTER (wait->ssrc))) >= wait->n;
}

/* The dominant frequency of a fresh half second of @listener's output, and the power at
 * @freq against the power at 1.5 @freq. */
static double
listen (Client *listener,
        double  freq,
        double *p_tone,
        double *p_off)
{
  SampleWait samples = { &listener->capture, 24000 };
  g_autofree gint16 *pcm = NULL;

  loopback_reset_capture (&listener->capture);
  cvn_test_assert_wait (NULL, has_samples_cb, &samples, WAIT_MS);
  pcm = loopback_take_last (&listener->capture, 24000);
  *p_tone = goertzel_power (pcm, 24000, freq, 48000);
  *p_off = goertzel_power (pcm, 24000, freq * 1.5, 48000);
  return dominant_frequency (pcm, 24000);
}

/* @listener gets @ssrc's packets and, within a bound, hears the tone @freq clearly. */
static void
assert_hears (Client  *listener,
              guint32  ssrc,
              double   freq)
{
  LevelWait levels = { listener, ssrc, 3 };
  gint64 deadline = g_get_monotonic_time () + 8 * G_USEC_PER_SEC;
  double dominant, p_tone, p_off;

  cvn_test_assert_wait (NULL, has_levels_cb, &levels, WAIT_MS);
  for (;;)
    {
      dominant = listen (listener, freq, &p_tone, &p_off);
      if ((fabs (dominant - freq) <= 10 && p_tone > 0.01 && p_tone > 100 * p_off) ||
          g_get_monotonic_time () > deadline)
        break;
    }
  g_test_message ("%08x heard: dominant %.0f Hz (power at %.0f Hz %.3g, at %.0f Hz %.3g)",
                  ssrc, dominant, freq, p_tone, freq * 1.5, p_off);
  g_assert_cmpfloat (fabs (dominant - freq), <=, 10);
  g_assert_cmpfloat (p_tone, >, 0.01);
  g_assert_cmpfloat (p_tone, >, 100 * p_off);
}

static void
join_both (Fixture *f)
{
  g_autofree char *answer_a = client_api_join (f, &f->a, f->ada, NULL, NULL);
  g_autofree char *answer_b = client_api_join (f, &f->b, f->brian, NULL, NULL);

  cvn_test_assert_wait (NULL, client_connected_cb, &f->a, WAIT_MS);
  cvn_test_assert_wait (NULL, client_connected_cb, &f->b, WAIT_MS);
}

static guint
sfu_secure (Fixture *f)
{
  CvnSandboxSfuCallStats stats;

  cvn_sandbox_sfu_get_call_stats (f->sfu, f->call->id, &stats);
  return stats.n_secure;
}

/* --- tests ----------------------------------------------------------------------------- */

static void
run_tones (Fixture            *f,
           CvnRtcSrtpProfiles  profiles,
           CvnRtcSrtpProfile   expected)
{
  CvnSandboxSfuCallStats stats;

  cvn_sandbox_sfu_set_srtp_profiles (f->sfu, profiles);
  join_both (f);
  g_assert_cmpint (cvn_rtc_transport_get_srtp_profile (cvn_call_audio_get_transport (f->a.audio)), ==, expected);
  g_assert_cmpint (cvn_rtc_transport_get_srtp_profile (cvn_call_audio_get_transport (f->b.audio)), ==, expected);
  g_assert_cmpint (cvn_rtc_transport_get_srtp_profile (cvn_sandbox_sfu_get_transport (f->sfu, f->call->id, CVN_SANDBOX_DEMO_USER_ID, FALSE)),
                   ==, expected);

  assert_hears (&f->b, cvn_call_audio_get_ssrc (f->a.audio), 440);
  assert_hears (&f->a, cvn_call_audio_get_ssrc (f->b.audio), 880);
  /* no echo of one's own source */
  g_assert_false (g_hash_table_contains (f->a.levels, GUINT_TO_POINTER (cvn_call_audio_get_ssrc (f->a.audio))));
  g_assert_false (g_hash_table_contains (f->b.levels, GUINT_TO_POINTER (cvn_call_audio_get_ssrc (f->b.audio))));
  g_assert_cmpuint (cvn_rtc_transport_get_rejected_count (cvn_call_audio_get_transport (f->a.audio)), ==, 0);

  g_assert_true (cvn_sandbox_sfu_get_call_stats (f->sfu, f->call->id, &stats));
  g_assert_cmpuint (stats.n_transports, ==, 2);
  g_assert_cmpuint (stats.n_secure, ==, 2);
  g_assert_cmpuint (stats.n_forwarded, >, 50);
  /* muted simulated participants send nothing */
  g_assert_cmpuint (cvn_sandbox_voice_get_n_voices (cvn_sandbox_world_get_voice (f->world)), ==, 0);

  /* leaving removes the transport */
  api_leave (f, f->brian, cvn_call_audio_get_ssrc (f->b.audio));
  g_assert_true (cvn_sandbox_sfu_get_call_stats (f->sfu, f->call->id, &stats));
  g_assert_cmpuint (stats.n_transports, ==, 1);
  g_assert_null (cvn_sandbox_sfu_get_transport (f->sfu, f->call->id, CVN_SANDBOX_SECOND_USER_ID, FALSE));
}

static void
test_tones_gcm (Fixture       *f,
                gconstpointer  data)
{
  run_tones (f, CVN_RTC_SRTP_PROFILES_AEAD_AES_128_GCM, CVN_RTC_SRTP_PROFILE_AEAD_AES_128_GCM);
}

static void
test_tones_cm (Fixture       *f,
               gconstpointer  data)
{
  run_tones (f, CVN_RTC_SRTP_PROFILES_AES128_CM_SHA1_80, CVN_RTC_SRTP_PROFILE_AES128_CM_SHA1_80);
}

static gboolean
client_failed_cb (gpointer user_data)
{
  Client *client = user_data;

  return cvn_call_audio_get_state (client->audio) == CVN_CALL_AUDIO_STATE_FAILED;
}

static void
tamper_fingerprint (CvnRtcAnswer *answer)
{
  CvnRtcFingerprint *fp = g_ptr_array_index (answer->fingerprints, 0);

  fp->fingerprint[0] = fp->fingerprint[0] == 'A' ? 'B' : 'A';
}

static gboolean
sfu_has_no_transport_cb (gpointer user_data)
{
  Fixture *f = user_data;
  CvnSandboxSfuCallStats stats;

  cvn_sandbox_sfu_get_call_stats (f->sfu, f->call->id, &stats);
  return stats.n_transports == 0;
}

static void
test_wrong_fingerprint (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *answer = client_api_join (f, &f->a, f->ada, tamper_fingerprint, NULL);
  const GError *error;
  CvnSandboxSfuCallStats stats;

  cvn_test_assert_wait (NULL, client_failed_cb, &f->a, WAIT_MS);
  error = cvn_call_audio_get_error (f->a.audio);
  g_test_message ("refused: %s", error->message);
  g_assert_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_FINGERPRINT_MISMATCH);
  /* the SFU's side of it fails too (alert, or its connect bound) and is removed */
  cvn_test_assert_wait (NULL, sfu_has_no_transport_cb, f, WAIT_MS);
  cvn_sandbox_sfu_get_call_stats (f->sfu, f->call->id, &stats);
  g_assert_cmpuint (stats.n_failed, ==, 1);
  g_assert_cmpuint (stats.n_forwarded, ==, 0);
}

static guint16
closed_udp_port (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  g_assert_true (g_socket_bind (socket, any, FALSE, NULL));
  bound = g_socket_get_local_address (socket, NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

static guint16 closed_port;

/* Only a UDP candidate, toward a port where nothing listens. */
static void
tamper_closed_port (CvnRtcAnswer *answer)
{
  for (guint i = answer->candidates->len; i-- > 0;)
    {
      CvnRtcCandidate *candidate = g_ptr_array_index (answer->candidates, i);

      if (g_strcmp0 (candidate->protocol, "udp") != 0)
        g_ptr_array_remove_index (answer->candidates, i);
      else
        candidate->port = closed_port;
    }
  g_assert_cmpuint (answer->candidates->len, >=, 1);
}

static void
test_closed_port (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *payload_json = NULL;
  g_autofree char *answer_json = NULL;
  g_autoptr(CvnRtcAnswer) answer = NULL;
  const GError *failure;
  gint64 start;
  double seconds;

  payload_json = cvn_call_audio_create_join_payload (f->a.audio, &error);
  g_assert_no_error (error);
  cvn_rtc_transport_set_connect_timeout (cvn_call_audio_get_transport (f->a.audio), 3000);
  answer_json = api_join (f, f->ada, payload_json, &error);
  g_assert_no_error (error);
  answer = cvn_rtc_answer_parse (answer_json, -1, &error);
  g_assert_no_error (error);
  closed_port = closed_udp_port ();
  tamper_closed_port (answer);
  g_free (answer_json);
  answer_json = cvn_rtc_answer_to_json (answer);

  start = g_get_monotonic_time ();
  g_assert_true (cvn_call_audio_start (f->a.audio, answer_json, &error));
  g_assert_no_error (error);
  cvn_test_assert_wait (NULL, client_failed_cb, &f->a, WAIT_MS);
  seconds = (g_get_monotonic_time () - start) / 1e6;
  failure = cvn_call_audio_get_error (f->a.audio);
  g_test_message ("failed after %.1f s: %s", seconds, failure->message);
  g_assert_cmpfloat (seconds, <=, 3.0 + 2.0);
  g_assert_true (failure->domain == CVN_RTC_ERROR);
  g_assert_true (g_error_matches (failure, CVN_RTC_ERROR, CVN_RTC_ERROR_TIMED_OUT) ||
                 g_error_matches (failure, CVN_RTC_ERROR, CVN_RTC_ERROR_ICE));
  g_assert_nonnull (strstr (failure->message, "ICE"));
  g_assert_cmpint (cvn_rtc_transport_get_state (cvn_call_audio_get_transport (f->a.audio)), ==,
                   CVN_RTC_TRANSPORT_STATE_FAILED);
}

static gboolean
sfu_has_constraints_cb (gpointer user_data)
{
  Fixture *f = user_data;

  return cvn_sandbox_sfu_get_last_constraints (f->sfu, f->call->id, CVN_SANDBOX_DEMO_USER_ID, NULL) != NULL;
}

static gboolean
data_channel_open_cb (gpointer user_data)
{
  Client *client = user_data;

  return cvn_rtc_data_channel_get_state (cvn_call_audio_get_data_channel (client->audio)) ==
         CVN_RTC_DATA_CHANNEL_STATE_OPEN;
}

static void
test_data_channel (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *answer = client_api_join (f, &f->a, f->ada, NULL, NULL);
  g_autoptr(CvnRtcReceiverVideoConstraints) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wanted = NULL;
  const CvnRtcEndpointConstraint constraint = { "a1b2c3", 180, 720 };
  const char *text;
  guint64 n = 0, before;
  CvnSandboxSfuCallStats stats;

  cvn_test_assert_wait (NULL, client_connected_cb, &f->a, WAIT_MS);
  cvn_test_assert_wait (NULL, data_channel_open_cb, &f->a, WAIT_MS);
  cvn_test_assert_wait (NULL, sfu_has_constraints_cb, f, WAIT_MS);
  text = cvn_sandbox_sfu_get_last_constraints (f->sfu, f->call->id, CVN_SANDBOX_DEMO_USER_ID, &n);
  g_test_message ("the SFU got %" G_GUINT64_FORMAT ": %s", n, text);
  g_assert_cmpuint (n, >=, 1);
  parsed = cvn_rtc_receiver_video_constraints_parse (text, &error);
  g_assert_no_error (error);
  g_clear_pointer (&parsed, cvn_rtc_receiver_video_constraints_free);

  /* a change reaches the SFU at once */
  before = n;
  wanted = cvn_rtc_receiver_video_constraints_to_json (360, NULL, &constraint, 1);
  cvn_rtc_data_channel_set_receiver_constraints (cvn_call_audio_get_data_channel (f->a.audio), wanted);
  for (gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;
       g_get_monotonic_time () < deadline && n == before;)
    {
      g_main_context_iteration (NULL, TRUE);
      cvn_sandbox_sfu_get_last_constraints (f->sfu, f->call->id, CVN_SANDBOX_DEMO_USER_ID, &n);
    }
  text = cvn_sandbox_sfu_get_last_constraints (f->sfu, f->call->id, CVN_SANDBOX_DEMO_USER_ID, &n);
  g_assert_cmpuint (n, >, before);
  parsed = cvn_rtc_receiver_video_constraints_parse (text, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->default_max_height, ==, 360);
  g_assert_nonnull (cvn_rtc_receiver_video_constraints_lookup (parsed, "a1b2c3"));
  g_assert_cmpuint (cvn_rtc_receiver_video_constraints_lookup (parsed, "a1b2c3")->max_height, ==, 720);
  cvn_sandbox_sfu_get_call_stats (f->sfu, f->call->id, &stats);
  g_assert_cmpuint (stats.n_constraints, ==, n);

  /* the client goes away without leaving (its close_notify): the SFU drops the transport */
  cvn_call_audio_stop (f->a.audio);
  cvn_test_assert_wait (NULL, sfu_has_no_transport_cb, f, WAIT_MS);
  cvn_sandbox_sfu_get_call_stats (f->sfu, f->call->id, &stats);
  g_assert_cmpuint (stats.n_failed, ==, 1);
}

static gboolean
sfu_forwarded_400_cb (gpointer user_data)
{
  Fixture *f = user_data;
  CvnSandboxSfuCallStats stats;

  cvn_sandbox_sfu_get_call_stats (f->sfu, f->call->id, &stats);
  return stats.n_forwarded >= 400;
}

static void
test_loss (Fixture       *f,
           gconstpointer  data)
{
  CvnSandboxSfuCallStats stats;

  cvn_sandbox_sfu_set_loss (f->sfu, 0.10, 7);
  join_both (f);
  assert_hears (&f->b, cvn_call_audio_get_ssrc (f->a.audio), 440);
  assert_hears (&f->a, cvn_call_audio_get_ssrc (f->b.audio), 880);
  /* enough packets for the ratio to mean something (RTCP is never dropped) */
  cvn_test_assert_wait (NULL, sfu_forwarded_400_cb, f, WAIT_MS);
  cvn_sandbox_sfu_get_call_stats (f->sfu, f->call->id, &stats);
  g_test_message ("forwarded %" G_GUINT64_FORMAT ", dropped %" G_GUINT64_FORMAT, stats.n_forwarded, stats.n_dropped);
  g_assert_cmpuint (stats.n_dropped * 100, >, (stats.n_forwarded + stats.n_dropped) * 4);
  g_assert_cmpuint (stats.n_dropped * 100, <, (stats.n_forwarded + stats.n_dropped) * 16);
}

static gboolean
client_not_connected_cb (gpointer user_data)
{
  Client *client = user_data;

  return cvn_call_audio_get_state (client->audio) != CVN_CALL_AUDIO_STATE_CONNECTED;
}

static void
test_restart (Fixture       *f,
              gconstpointer  data)
{
  guint32 old_ssrc;
  g_autofree char *answer = NULL;

  join_both (f);
  assert_hears (&f->b, cvn_call_audio_get_ssrc (f->a.audio), 440);
  old_ssrc = cvn_call_audio_get_ssrc (f->a.audio);

  g_assert_cmpuint (cvn_sandbox_world_restart_sfu (f->world), ==, 2);
  g_assert_cmpuint (sfu_secure (f), ==, 0);
  /* the SFU closed the DTLS association: the clients see it */
  cvn_test_assert_wait (NULL, client_not_connected_cb, &f->a, WAIT_MS);
  cvn_test_assert_wait (NULL, client_not_connected_cb, &f->b, WAIT_MS);
  g_test_message ("after the restart: %s", cvn_call_audio_get_error (f->a.audio) != NULL
                                            ? cvn_call_audio_get_error (f->a.audio)->message : "(no error)");

  /* as the model does: a rejoin with a new transport and source */
  answer = client_api_join (f, &f->a, f->ada, NULL, NULL);
  g_clear_pointer (&answer, g_free);
  answer = client_api_join (f, &f->b, f->brian, NULL, NULL);
  cvn_test_assert_wait (NULL, client_connected_cb, &f->a, WAIT_MS);
  cvn_test_assert_wait (NULL, client_connected_cb, &f->b, WAIT_MS);
  g_assert_cmpuint (cvn_call_audio_get_ssrc (f->a.audio), !=, old_ssrc);
  assert_hears (&f->b, cvn_call_audio_get_ssrc (f->a.audio), 440);
  assert_hears (&f->a, cvn_call_audio_get_ssrc (f->b.audio), 880);
  g_assert_cmpuint (sfu_secure (f), ==, 2);
}

static void
test_rejoin_replaces (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *clash = NULL;
  CvnRtcTransport *before;
  CvnSandboxSfuCallStats stats;
  g_autoptr(CvnRtcJoinPayload) payload = NULL;
  g_autofree char *payload_json = NULL;

  first = client_api_join (f, &f->a, f->ada, NULL, NULL);
  before = cvn_sandbox_sfu_get_transport (f->sfu, f->call->id, CVN_SANDBOX_DEMO_USER_ID, FALSE);
  g_assert_nonnull (before);
  /* a rejoin (new source): the previous transport is gone, one remains */
  second = client_api_join (f, &f->a, f->ada, NULL, NULL);
  g_assert_true (cvn_sandbox_sfu_get_transport (f->sfu, f->call->id, CVN_SANDBOX_DEMO_USER_ID, FALSE) != before);
  cvn_sandbox_sfu_get_call_stats (f->sfu, f->call->id, &stats);
  g_assert_cmpuint (stats.n_transports, ==, 1);
  g_assert_cmpuint (stats.n_joins, ==, 2);
  cvn_test_assert_wait (NULL, client_connected_cb, &f->a, WAIT_MS);

  /* Brian with Ada's source: refused, nothing of Brian at the SFU */
  payload_json = cvn_call_audio_create_join_payload (f->b.audio, &error);
  payload = cvn_rtc_join_payload_parse (payload_json, -1, &error);
  g_assert_no_error (error);
  payload->ssrc = cvn_call_audio_get_ssrc (f->a.audio);
  g_free (payload_json);
  payload_json = cvn_rtc_join_payload_to_json (payload);
  clash = api_join (f, f->brian, payload_json, &error);
  g_assert_null (clash);
  g_assert_error (error, CVN_SANDBOX_RPC_ERROR, 400);
  g_assert_cmpstr (error->message, ==, "GROUPCALL_SSRC_DUPLICATE_MUCH");
  g_clear_error (&error);
  g_assert_null (cvn_sandbox_sfu_get_transport (f->sfu, f->call->id, CVN_SANDBOX_SECOND_USER_ID, FALSE));
  /* the SFU's own check, for a source the world does not know (a simulated voice's is) */
  g_assert_false (cvn_sandbox_sfu_connect (f->sfu, f->call->id, 4242, FALSE, payload_json, strlen (payload_json), &error));
  g_assert_error (error, CVN_SANDBOX_RPC_ERROR, 400);
  g_assert_cmpstr (error->message, ==, "GROUPCALL_SSRC_DUPLICATE_MUCH");
  g_clear_error (&error);
  g_assert_false (cvn_sandbox_sfu_connect (f->sfu, f->call->id, 4242, FALSE, "{\"ssrc\":1}", 10, &error));
  g_assert_error (error, CVN_SANDBOX_RPC_ERROR, 400);
  g_assert_cmpstr (error->message, ==, "DATA_JSON_INVALID");
  g_clear_error (&error);

  /* a screen share: its own transport, an answer without audio; leaving it closes it */
  {
    g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
    g_autoptr(CvnRtcTransport) screen = cvn_rtc_transport_new (CVN_RTC_ROLE_CLIENT, NULL, "127.0.0.1", &error);
    g_autoptr(CvnRtcJoinPayload) screen_payload = cvn_rtc_transport_create_join_payload (screen, CVN_RTC_VIDEO_SCREEN, &error);
    g_autofree char *screen_json = cvn_rtc_join_payload_to_json (screen_payload);
    g_autoptr(JsonBuilder) b = json_builder_new ();
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *call_id = g_strdup_printf ("%" G_GINT64_FORMAT, f->call->id);
    g_autofree char *call_hash = g_strdup_printf ("%" G_GINT64_FORMAT, f->call->access_hash);
    g_autofree char *json = NULL;
    g_autofree char *leave = NULL;
    g_autoptr(CvnRtcAnswer) screen_answer = NULL;
    CvnTlObject *request;
    CvnTlApiUpdates *updates;
    CvnTlValue value;
    const char *answer_json = NULL;

    g_assert_no_error (error);
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "_");
    json_builder_add_string_value (b, "phone.joinGroupCallPresentation");
    json_builder_set_member_name (b, "call");
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "_");
    json_builder_add_string_value (b, "inputGroupCall");
    json_builder_set_member_name (b, "id");
    json_builder_add_string_value (b, call_id);
    json_builder_set_member_name (b, "access_hash");
    json_builder_add_string_value (b, call_hash);
    json_builder_end_object (b);
    json_builder_set_member_name (b, "params");
    json_builder_begin_object (b);
    json_builder_set_member_name (b, "_");
    json_builder_add_string_value (b, "dataJSON");
    json_builder_set_member_name (b, "data");
    json_builder_add_string_value (b, screen_json);
    json_builder_end_object (b);
    json_builder_end_object (b);
    root = json_builder_get_root (b);
    json_generator_set_root (generator, root);
    json = json_generator_to_data (generator, NULL);
    request = cvn_tl_object_from_json (json, -1, CVN_TL_SCHEMA_API, arena, &error);
    g_assert_no_error (error);
    g_assert_true (cvn_sandbox_dispatch (f->world, f->ada, request, arena, &value, &error));
    g_assert_no_error (error);
    updates = (CvnTlApiUpdates *) value.object;
    for (guint i = 0; i < updates->updates->len; i++)
      if (updates->updates->objects[i]->ctor->id == CVN_TL_API_UPDATE_GROUP_CALL_CONNECTION_ID &&
          ((CvnTlApiUpdateGroupCallConnection *) updates->updates->objects[i])->presentation)
        answer_json = ((CvnTlApiDataJSON *) ((CvnTlApiUpdateGroupCallConnection *) updates->updates->objects[i])->params)->data.str;
    g_assert_nonnull (answer_json);
    screen_answer = cvn_rtc_answer_parse (answer_json, -1, &error);
    g_assert_no_error (error);
    g_assert_null (screen_answer->audio);
    g_assert_nonnull (cvn_sandbox_sfu_get_transport (f->sfu, f->call->id, CVN_SANDBOX_DEMO_USER_ID, TRUE));
    g_assert_cmpstr (screen_answer->ufrag, ==,
                     cvn_rtc_transport_get_local_ufrag (cvn_sandbox_sfu_get_transport (f->sfu, f->call->id, CVN_SANDBOX_DEMO_USER_ID, TRUE)));
    cvn_sandbox_sfu_get_call_stats (f->sfu, f->call->id, &stats);
    g_assert_cmpuint (stats.n_transports, ==, 2);

    leave = g_strdup_printf ("{\"_\":\"phone.leaveGroupCallPresentation\",\"call\":{\"_\":\"inputGroupCall\","
                             "\"id\":\"%s\",\"access_hash\":\"%s\"}}", call_id, call_hash);
    request = cvn_tl_object_from_json (leave, -1, CVN_TL_SCHEMA_API, arena, &error);
    g_assert_no_error (error);
    g_assert_true (cvn_sandbox_dispatch (f->world, f->ada, request, arena, &value, &error));
    g_assert_no_error (error);
    g_assert_null (cvn_sandbox_sfu_get_transport (f->sfu, f->call->id, CVN_SANDBOX_DEMO_USER_ID, TRUE));
    g_assert_nonnull (cvn_sandbox_sfu_get_transport (f->sfu, f->call->id, CVN_SANDBOX_DEMO_USER_ID, FALSE));
    cvn_rtc_transport_close (screen);
  }

  /* a discarded call has no router left */
  {
    g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
    g_autofree char *json = g_strdup_printf ("{\"_\":\"phone.discardGroupCall\",\"call\":{\"_\":\"inputGroupCall\","
                                             "\"id\":\"%" G_GINT64_FORMAT "\",\"access_hash\":\"%" G_GINT64_FORMAT "\"}}",
                                             f->call->id, f->call->access_hash);
    CvnTlObject *request = cvn_tl_object_from_json (json, -1, CVN_TL_SCHEMA_API, arena, &error);
    CvnTlValue value;

    g_assert_no_error (error);
    g_assert_true (cvn_sandbox_dispatch (f->world, f->ada, request, arena, &value, &error));
    g_assert_no_error (error);
    g_assert_null (cvn_sandbox_sfu_get_router (f->sfu, f->call->id));
  }
}

typedef struct
{
  Client  *client;
  guint32  ssrc;
  gboolean speaking;
} SpeakingWait;

static gboolean
speaking_is_cb (gpointer user_data)
{
  SpeakingWait *wait = user_data;
  gboolean last = FALSE;

  for (guint i = 0; i < wait->client->speaking->len; i++)
    {
      SpeakingEvent *event = &g_array_index (wait->client->speaking, SpeakingEvent, i);

      if (event->ssrc == wait->ssrc)
        last = event->speaking;
    }
  return last == wait->speaking;
}

static void
test_voice (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  CvnSandboxPeer dana = { CVN_SANDBOX_PEER_USER, 2001 };
  CvnSandboxParticipant *p = cvn_sandbox_call_find (f->call, &dana);
  CvnSandboxVoice *voice = cvn_sandbox_world_get_voice (f->world);
  SpeakingWait on = { &f->a, 0, TRUE }, off = { &f->a, 0, FALSE };
  LevelWait levels = { &f->a, 0, 5 };
  guint pitch;
  double dominant, p_tone, p_off;
  gint64 deadline;

  g_assert_nonnull (p);
  on.ssrc = off.ssrc = levels.ssrc = p->source;
  pitch = cvn_sandbox_voice_get_pitch (voice, p->source);
  g_object_unref (f->a.audio);
  f->a.audio = g_object_new (CVN_TYPE_CALL_AUDIO, "source", SILENT, "sink", "appsink name=out sync=false",
                             "latency", LATENCY_MS, "local-address", "127.0.0.1", NULL);
  g_signal_connect (f->a.audio, "audio-level", G_CALLBACK (client_on_audio_level_cb), &f->a);
  g_signal_connect (f->a.audio, "speaking-changed", G_CALLBACK (client_on_speaking_changed_cb), &f->a);

  /* Dana unmutes and speaks (the simulation's speak event) */
  g_assert_true (cvn_sandbox_world_sim_speak (f->world, f->call->id, 2001, &error));
  g_assert_no_error (error);
  g_assert_false (p->muted);
  answer = client_api_join (f, &f->a, f->ada, NULL, NULL);
  cvn_test_assert_wait (NULL, client_connected_cb, &f->a, WAIT_MS);
  cvn_test_assert_wait (NULL, has_levels_cb, &levels, WAIT_MS);
  cvn_test_assert_wait (NULL, speaking_is_cb, &on, WAIT_MS);
  g_assert_true (cvn_sandbox_voice_is_speaking (voice, f->call->id, p->source));
  g_assert_cmpuint (cvn_sandbox_voice_get_n_voices (voice), ==, 1);
  /* it is Dana's voice: her pitch dominates */
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  do
    dominant = listen (&f->a, pitch, &p_tone, &p_off);
  while (fabs (dominant - pitch) > 8 && g_get_monotonic_time () < deadline);
  g_test_message ("Dana's voice: pitch %u Hz, dominant %.0f Hz", pitch, dominant);
  g_assert_cmpfloat (fabs (dominant - pitch), <=, 8);

  /* time passes on the world's clock: she stops speaking, the V bit goes, speaking ends */
  cvn_clock_advance (f->clock, (CVN_SANDBOX_VOICE_TALK_SECONDS + 1) * 1000);
  cvn_test_assert_wait (NULL, speaking_is_cb, &off, WAIT_MS);
  g_assert_false (cvn_sandbox_voice_is_speaking (voice, f->call->id, p->source));
  /* she speaks again */
  g_assert_true (cvn_sandbox_world_sim_speak (f->world, f->call->id, 2001, &error));
  cvn_test_assert_wait (NULL, speaking_is_cb, &on, WAIT_MS);
  /* muted: her voice stops */
  set_sim_muted (f, 2001, TRUE);
  cvn_test_assert_wait (NULL, speaking_is_cb, &off, WAIT_MS);
  g_assert_cmpuint (cvn_sandbox_voice_get_n_voices (voice), ==, 0);
  g_assert_cmpuint (cvn_sandbox_voice_get_n_speaking_packets (voice), >, 25);
}

/* Big Stage: 5,000 simulated listeners and one simulated speaker (the channel). A client with
 * media gets one voice, not 5,001. */
static gboolean
hears_two_sources_cb (gpointer user_data)
{
  Client *client = user_data;
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_hash_table_iter_init (&iter, client->levels);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += GPOINTER_TO_UINT (value) >= 3;
  return n >= 2;
}

static void
test_big_stage (Fixture       *f,
                gconstpointer  data)
{
  CvnSandboxVoice *voice = cvn_sandbox_world_get_voice (f->world);
  g_autofree char *answer_a = NULL;
  g_autofree char *answer_b = NULL;
  CvnSandboxParticipant *speaker = NULL;
  guint unmuted = 0;
  LevelWait levels = { &f->a, 0, 5 };
  gint64 until;

  f->call = cvn_sandbox_world_get_call (f->world, cvn_sandbox_world_find_call (f->world, 1000000003));
  g_assert_nonnull (f->call);
  g_assert_cmpuint (f->call->participants->len, >, 5000);
  for (guint i = 0; i < f->call->participants->len; i++)
    {
      CvnSandboxParticipant *p = g_ptr_array_index (f->call->participants, i);

      if (p->simulated && !p->muted)
        {
          speaker = p;
          unmuted++;
        }
    }
  g_assert_cmpuint (unmuted, ==, 1);
  levels.ssrc = speaker->source;

  answer_a = client_api_join (f, &f->a, f->ada, NULL, NULL);
  cvn_test_assert_wait (NULL, client_connected_cb, &f->a, WAIT_MS);
  cvn_test_assert_wait (NULL, has_levels_cb, &levels, WAIT_MS);
  g_assert_cmpuint (cvn_sandbox_voice_get_n_voices (voice), ==, 1);

  /* a second client: Ada hears its tone's source and the speaker, nothing more */
  answer_b = client_api_join (f, &f->b, f->brian, NULL, NULL);
  cvn_test_assert_wait (NULL, client_connected_cb, &f->b, WAIT_MS);
  cvn_test_assert_wait (NULL, hears_two_sources_cb, &f->a, WAIT_MS);
  /* another second of packets: still two */
  until = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_hash_table_size (f->a.levels), ==, 2);
  g_assert_cmpuint (cvn_sandbox_voice_get_n_voices (voice), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GstElementFactory) opusenc = NULL;

  gst_init (&argc, &argv);
  g_timeout_add (10, client_poll_cb, NULL);
  g_test_init (&argc, &argv, NULL);
  opusenc = gst_element_factory_find ("opusenc");
  if (opusenc == NULL)
    {
      g_test_skip ("GStreamer's Opus elements are missing");
      return g_test_run ();
    }
  g_test_add ("/sandbox/sfu/tones/aead-aes-128-gcm", Fixture, NULL, fixture_setup, test_tones_gcm, fixture_teardown);
  g_test_add ("/sandbox/sfu/tones/aes128-cm-sha1-80", Fixture, NULL, fixture_setup, test_tones_cm, fixture_teardown);
  g_test_add ("/sandbox/sfu/wrong-fingerprint", Fixture, NULL, fixture_setup, test_wrong_fingerprint, fixture_teardown);
  g_test_add ("/sandbox/sfu/closed-port", Fixture, NULL, fixture_setup, test_closed_port, fixture_teardown);
  g_test_add ("/sandbox/sfu/data-channel", Fixture, NULL, fixture_setup, test_data_channel, fixture_teardown);
  g_test_add ("/sandbox/sfu/loss", Fixture, NULL, fixture_setup, test_loss, fixture_teardown);
  g_test_add ("/sandbox/sfu/restart", Fixture, NULL, fixture_setup, test_restart, fixture_teardown);
  g_test_add ("/sandbox/sfu/rejoin-and-clash", Fixture, NULL, fixture_setup, test_rejoin_replaces, fixture_teardown);
  g_test_add ("/sandbox/sfu/voice", Fixture, NULL, fixture_setup, test_voice, fixture_teardown);
  g_test_add ("/sandbox/sfu/big-stage", Fixture, NULL, fixture_setup, test_big_stage, fixture_teardown);
  return g_test_run ();
}
