/* test-call-audio.c: two CvnCallAudio clients in one call through an in-process SFU
 * (CvnRtcTransport in the SFU role + CvnRtcRouter) on loopback: real ICE, DTLS-SRTP,
 * Opus and rtpbin, no sound card (test sources, appsinks).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "call-audio-test-util.h"
#include "cvn-rtc-error.h"

#define TONE_440 "audiotestsrc freq=440 is-live=true"
#define TONE_880 "audiotestsrc freq=880 is-live=true"
/* Generous, so a loaded machine does not make buffers late at the mixer. */
#define LATENCY_MS 200
#define WAIT_MS 10000

typedef struct
{
  CvnRtcRouter *router;
  Client        a;
  Client        b;
} Call;

static void
call_init (Call *call)
{
  call->router = cvn_rtc_router_new ();
  client_init (&call->a, TONE_440, LATENCY_MS);
  client_init (&call->b, TONE_880, LATENCY_MS);
}

static void
call_clear (Call *call)
{
  client_clear (&call->a, call->router);
  client_clear (&call->b, call->router);
  g_assert_cmpuint (cvn_rtc_router_get_n_transports (call->router), ==, 0);
  g_clear_object (&call->router);
  drain_context ();
}

static void
call_join_both (Call               *call,
                CvnRtcSrtpProfiles  profiles)
{
  g_autoptr(CvnRtcJoinPayload) pa = client_join (&call->a, call->router, profiles, NULL, NULL);
  g_autoptr(CvnRtcJoinPayload) pb = client_join (&call->b, call->router, profiles, NULL, NULL);

  g_assert_cmpint (cvn_call_audio_get_state (call->a.audio), ==, CVN_CALL_AUDIO_STATE_CONNECTING);
  cvn_test_assert_wait (NULL, client_connected_cb, &call->a, WAIT_MS);
  cvn_test_assert_wait (NULL, client_connected_cb, &call->b, WAIT_MS);
  g_assert_null (cvn_call_audio_get_error (call->a.audio));
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
  double dominant;
  double p_tone;
  double p_off;
} Analysis;

/* Half a second of @listener's output, fresh. */
static Analysis
analyse_window (Client *listener,
                double  freq)
{
  SampleWait samples = { &listener->capture, 24000 };
  g_autofree gint16 *pcm = NULL;
  Analysis result;

  loopback_reset_capture (&listener->capture);
  cvn_test_assert_wait (NULL, has_samples_cb, &samples, WAIT_MS);
  pcm = loopback_take_last (&listener->capture, 24000);
  result.dominant = dominant_frequency (pcm, 24000);
  result.p_tone = goertzel_power (pcm, 24000, freq, 48000);
  result.p_off = goertzel_power (pcm, 24000, freq * 1.5, 48000);
  return result;
}

/* A clear tone, not a trace of one under noise or silence. */
static gboolean
is_clear_tone (const Analysis *a,
               double          freq)
{
  return fabs (a->dominant - freq) <= 10 && a->p_tone > 0.01 && a->p_tone > 100 * a->p_off;
}

/* Waits until @listener has level reports of @ssrc (its packets arrive), then until its
 * output is the tone @freq (bounded: a new stream may take a moment to reach the mixer on
 * a loaded machine), then checks that the next half second is the tone too. */
static void
assert_hears (Client  *listener,
              guint32  ssrc,
              double   freq)
{
  LevelWait levels = { listener, ssrc, 3 };
  gint64 start = g_get_monotonic_time ();
  gint64 deadline = start + 8 * G_USEC_PER_SEC;
  Analysis a;

  cvn_test_assert_wait (NULL, has_levels_cb, &levels, WAIT_MS);
  for (;;)
    {
      a = analyse_window (listener, freq);
      if (is_clear_tone (&a, freq) || g_get_monotonic_time () > deadline)
        break;
      g_test_message ("%08x not audible yet: dominant %.0f Hz, power at %.0f Hz %.3g",
                      ssrc, a.dominant, freq, a.p_tone);
    }
  g_test_message ("heard %08x after %.1f s of packets: dominant %.0f Hz (power at %.0f Hz %.3g, at %.0f Hz %.3g)",
                  ssrc, (g_get_monotonic_time () - start) / 1e6, a.dominant, freq, a.p_tone,
                  freq * 1.5, a.p_off);
  g_assert_cmpfloat (fabs (a.dominant - freq), <=, 10);
  g_assert_cmpfloat (a.p_tone, >, 0.01);
  g_assert_cmpfloat (a.p_tone, >, 100 * a.p_off);
  /* And it stays: still the tone (silence has no dominant frequency near it). No bound on
   * its power: on an overloaded machine the mixer may drop a late buffer or two. */
  a = analyse_window (listener, freq);
  g_test_message ("then: dominant %.0f Hz, power at %.0f Hz %.3g", a.dominant, freq, a.p_tone);
  g_assert_cmpfloat (fabs (a.dominant - freq), <=, 10);
  g_assert_cmpfloat (a.p_tone, >, 100 * a.p_off);
}

static void
run_tone_test (CvnRtcSrtpProfiles profiles,
               CvnRtcSrtpProfile  expected)
{
  Call call;

  call_init (&call);
  call_join_both (&call, profiles);
  g_assert_cmpint (cvn_rtc_transport_get_srtp_profile (cvn_call_audio_get_transport (call.a.audio)), ==, expected);
  g_assert_cmpint (cvn_rtc_transport_get_srtp_profile (cvn_call_audio_get_transport (call.b.audio)), ==, expected);

  assert_hears (&call.b, cvn_call_audio_get_ssrc (call.a.audio), 440);
  assert_hears (&call.a, cvn_call_audio_get_ssrc (call.b.audio), 880);
  /* Each hears only the other: no echo of its own SSRC came back. */
  g_assert_false (g_hash_table_contains (call.a.levels, GUINT_TO_POINTER (cvn_call_audio_get_ssrc (call.a.audio))));
  g_assert_false (g_hash_table_contains (call.b.levels, GUINT_TO_POINTER (cvn_call_audio_get_ssrc (call.b.audio))));
  g_assert_cmpuint (cvn_rtc_transport_get_rejected_count (cvn_call_audio_get_transport (call.a.audio)), ==, 0);
  g_assert_cmpuint (cvn_rtc_transport_get_rejected_count (cvn_call_audio_get_transport (call.b.audio)), ==, 0);
  g_assert_cmpuint (cvn_rtc_router_get_forwarded_count (call.router), >, 50);
  call_clear (&call);
}

static void
test_tone_aead_aes_128_gcm (void)
{
  run_tone_test (CVN_RTC_SRTP_PROFILES_AEAD_AES_128_GCM, CVN_RTC_SRTP_PROFILE_AEAD_AES_128_GCM);
}

static void
test_tone_aes128_cm_sha1_80 (void)
{
  run_tone_test (CVN_RTC_SRTP_PROFILES_AES128_CM_SHA1_80, CVN_RTC_SRTP_PROFILE_AES128_CM_SHA1_80);
}

static void
tamper_fingerprint (CvnRtcAnswer *answer)
{
  CvnRtcFingerprint *fp = g_ptr_array_index (answer->fingerprints, 0);

  /* Same shape, another certificate's. */
  fp->fingerprint[0] = fp->fingerprint[0] == 'A' ? 'B' : 'A';
}

static gboolean
client_failed_cb (gpointer user_data)
{
  Client *client = user_data;

  return cvn_call_audio_get_state (client->audio) == CVN_CALL_AUDIO_STATE_FAILED;
}

static void
test_wrong_fingerprint (void)
{
  Call call;
  const GError *error;
  g_autoptr(CvnRtcJoinPayload) payload = NULL;

  call_init (&call);
  payload = client_join (&call.a, call.router, CVN_RTC_SRTP_PROFILES_ALL, tamper_fingerprint, NULL);
  cvn_test_assert_wait (NULL, client_failed_cb, &call.a, WAIT_MS);
  error = cvn_call_audio_get_error (call.a.audio);
  g_assert_error ((GError *) error, CVN_RTC_ERROR, CVN_RTC_ERROR_FINGERPRINT_MISMATCH);
  g_test_message ("refused: %s", error->message);
  /* Nothing was keyed, nothing of ours reached the SFU's router. */
  g_assert_cmpint (cvn_rtc_transport_get_srtp_profile (cvn_call_audio_get_transport (call.a.audio)), ==, CVN_RTC_SRTP_PROFILE_NONE);
  g_assert_cmpuint (cvn_rtc_router_get_forwarded_count (call.router), ==, 0);

  /* Stopping clears the failure. */
  cvn_call_audio_stop (call.a.audio);
  g_assert_cmpint (cvn_call_audio_get_state (call.a.audio), ==, CVN_CALL_AUDIO_STATE_IDLE);
  g_assert_null (cvn_call_audio_get_error (call.a.audio));
  call_clear (&call);
}

static void
test_packet_loss (void)
{
  Call call;
  guint64 forwarded, dropped;
  double ratio;

  call_init (&call);
  cvn_rtc_router_set_loss (call.router, 0.10, 7);
  call_join_both (&call, CVN_RTC_SRTP_PROFILES_ALL);
  assert_hears (&call.b, cvn_call_audio_get_ssrc (call.a.audio), 440);
  assert_hears (&call.a, cvn_call_audio_get_ssrc (call.b.audio), 880);

  forwarded = cvn_rtc_router_get_forwarded_count (call.router);
  dropped = cvn_rtc_router_get_dropped_count (call.router);
  ratio = (double) dropped / (double) (forwarded + dropped);
  g_test_message ("router: %" G_GUINT64_FORMAT " forwarded, %" G_GUINT64_FORMAT " dropped (%.1f %%)",
                  forwarded, dropped, 100 * ratio);
  /* The loss really happened while the tones were checked (RTCP is never dropped, so a
   * little under 10 % of all packets). */
  g_assert_cmpuint (dropped, >=, 5);
  g_assert_cmpfloat (ratio, <, 0.2);
  call_clear (&call);
}

static void
test_rejoin (void)
{
  Call call;
  g_autoptr(CvnRtcJoinPayload) first = NULL;
  g_autoptr(CvnRtcJoinPayload) second = NULL;
  g_autoptr(CvnRtcJoinPayload) pb = NULL;
  CvnRtcTransport *old_transport;
  const CvnRtcFingerprint *fp1, *fp2;

  call_init (&call);
  first = client_join (&call.a, call.router, CVN_RTC_SRTP_PROFILES_ALL, NULL, NULL);
  pb = client_join (&call.b, call.router, CVN_RTC_SRTP_PROFILES_ALL, NULL, NULL);
  cvn_test_assert_wait (NULL, client_connected_cb, &call.a, WAIT_MS);
  cvn_test_assert_wait (NULL, client_connected_cb, &call.b, WAIT_MS);
  assert_hears (&call.b, first->ssrc, 440);

  /* The SFU loses A's transport (a restart): A joins again with a new payload. */
  client_remove_from_sfu (&call.a, call.router);
  old_transport = cvn_call_audio_get_transport (call.a.audio);
  second = client_join (&call.a, call.router, CVN_RTC_SRTP_PROFILES_ALL, NULL, NULL);
  g_assert_true (cvn_call_audio_get_transport (call.a.audio) != old_transport);
  g_assert_cmpuint (second->ssrc, !=, first->ssrc);
  g_assert_cmpstr (second->ufrag, !=, first->ufrag);
  g_assert_cmpstr (second->pwd, !=, first->pwd);
  fp1 = cvn_rtc_fingerprints_find (first->fingerprints, "sha-256");
  fp2 = cvn_rtc_fingerprints_find (second->fingerprints, "sha-256");
  g_assert_cmpstr (fp1->fingerprint, !=, fp2->fingerprint);

  cvn_test_assert_wait (NULL, client_connected_cb, &call.a, WAIT_MS);
  /* B hears A again, on A's new SSRC; and A hears B again. */
  assert_hears (&call.b, second->ssrc, 440);
  assert_hears (&call.a, pb->ssrc, 880);
  call_clear (&call);
}

typedef struct
{
  Client   *client;
  guint32   ssrc;
  gboolean  speaking;
} SpeakingWait;

static gboolean
last_speaking_is_cb (gpointer user_data)
{
  SpeakingWait *wait = user_data;

  for (guint i = wait->client->speaking->len; i > 0; i--)
    {
      SpeakingEvent *event = &g_array_index (wait->client->speaking, SpeakingEvent, i - 1);

      if (event->ssrc == wait->ssrc)
        return event->speaking == wait->speaking;
    }
  return FALSE;
}

static void
test_speaking (void)
{
  Call call;
  SpeakingWait wait;
  guint64 sent;

  call_init (&call);
  call_join_both (&call, CVN_RTC_SRTP_PROFILES_ALL);
  wait.client = &call.b;
  wait.ssrc = cvn_call_audio_get_ssrc (call.a.audio);
  wait.speaking = TRUE;
  cvn_test_assert_wait (NULL, last_speaking_is_cb, &wait, WAIT_MS);

  cvn_call_audio_set_muted (call.a.audio, TRUE);
  g_assert_true (cvn_call_audio_get_muted (call.a.audio));
  g_assert_true (cvn_audio_sender_get_muted (cvn_call_audio_get_sender (call.a.audio)));
  wait.speaking = FALSE;
  cvn_test_assert_wait (NULL, last_speaking_is_cb, &wait, WAIT_MS);
  /* Muted: A sends nothing more. */
  sent = cvn_audio_sender_get_packets_sent (cvn_call_audio_get_sender (call.a.audio));
  {
    SampleWait samples = { &call.b.capture, loopback_n_captured (&call.b.capture) + 24000 };

    cvn_test_assert_wait (NULL, has_samples_cb, &samples, WAIT_MS);
  }
  g_assert_cmpuint (cvn_audio_sender_get_packets_sent (cvn_call_audio_get_sender (call.a.audio)), ==, sent);
  /* B was never muted: A sees B speaking. */
  wait.client = &call.a;
  wait.ssrc = cvn_call_audio_get_ssrc (call.b.audio);
  wait.speaking = TRUE;
  cvn_test_assert_wait (NULL, last_speaking_is_cb, &wait, WAIT_MS);
  /* Leaving the call ends B's speaking for A. */
  cvn_call_audio_stop (call.a.audio);
  g_assert_false (last_speaking_is_cb (&wait));
  g_assert_cmpint (cvn_call_audio_get_state (call.a.audio), ==, CVN_CALL_AUDIO_STATE_IDLE);
  call_clear (&call);
}

static gboolean
has_capture_error_cb (gpointer user_data)
{
  return cvn_call_audio_get_capture_error (user_data) != NULL;
}

/* A microphone that cannot be opened costs only the sending direction: A's call stays up,
 * says why, and A still hears B. */
static void
test_no_microphone (void)
{
  Call call;
  g_autoptr(CvnRtcJoinPayload) pa = NULL;
  g_autoptr(CvnRtcJoinPayload) pb = NULL;
  guint notified = 0;

  call.router = cvn_rtc_router_new ();
  client_init (&call.a, "filesrc location=/nonexistent/cvn-test.wav ! wavparse", LATENCY_MS);
  client_init (&call.b, TONE_880, LATENCY_MS);
  g_signal_connect_swapped (call.a.audio, "notify::capture-error", G_CALLBACK (g_atomic_int_inc), &notified);
  pa = client_join (&call.a, call.router, CVN_RTC_SRTP_PROFILES_ALL, NULL, NULL);
  pb = client_join (&call.b, call.router, CVN_RTC_SRTP_PROFILES_ALL, NULL, NULL);
  cvn_test_assert_wait (NULL, has_capture_error_cb, call.a.audio, WAIT_MS);
  cvn_test_assert_wait (NULL, client_connected_cb, &call.a, WAIT_MS);
  cvn_test_assert_wait (NULL, client_connected_cb, &call.b, WAIT_MS);
  g_test_message ("capture: %s", cvn_call_audio_get_capture_error (call.a.audio)->message);
  g_assert_cmpuint (notified, >=, 1);
  g_assert_null (cvn_call_audio_get_playback_error (call.a.audio));
  g_assert_null (cvn_call_audio_get_error (call.a.audio));

  assert_hears (&call.a, pb->ssrc, 880);
  g_assert_cmpint (cvn_call_audio_get_state (call.a.audio), ==, CVN_CALL_AUDIO_STATE_CONNECTED);
  call_clear (&call);
}

int
main (int   argc,
      char *argv[])
{
  gst_init (&argc, &argv);
  g_timeout_add (10, client_poll_cb, NULL);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/integration/call-audio/tone-aead-aes-128-gcm", test_tone_aead_aes_128_gcm);
  g_test_add_func ("/integration/call-audio/tone-aes128-cm-sha1-80", test_tone_aes128_cm_sha1_80);
  g_test_add_func ("/integration/call-audio/wrong-fingerprint", test_wrong_fingerprint);
  g_test_add_func ("/integration/call-audio/packet-loss", test_packet_loss);
  g_test_add_func ("/integration/call-audio/rejoin", test_rejoin);
  g_test_add_func ("/integration/call-audio/speaking", test_speaking);
  g_test_add_func ("/integration/call-audio/no-microphone", test_no_microphone);

  return g_test_run ();
}
