/* test-transport.c: client and SFU transports on loopback UDP (suite 'integration').
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test makes a client (full, controlling ICE) and an SFU (ICE-lite) transport bound
 * to 127.0.0.1, passes the join payload and the answer between them as JSON text, exactly
 * as they travel through Telegram, and waits (bounded) for the outcome.
 */
#include "config.h"

#include <string.h>

#include "cvn-rtc-answer.h"
#include "cvn-rtc-data-channel.h"
#include "cvn-rtc-demux.h"
#include "cvn-rtc-error.h"
#include "cvn-rtc-join-payload.h"
#include "cvn-rtc-router.h"
#include "cvn-rtc-transport-private.h"
#include "cvn-rtc-transport.h"
#include "cvn-test-wait.h"

#define WAIT_MS 10000

typedef struct
{
  CvnRtcTransport *client;
  CvnRtcTransport *sfu;
  GPtrArray       *client_rtp;   /* of GBytes received by the client */
  GPtrArray       *sfu_rtp;
  GPtrArray       *client_rtcp;
  GPtrArray       *sfu_rtcp;
  GArray          *client_states;
  CvnRtcJoinPayload *payload;    /* as the SFU received it */
  gint64           started_at;
  gint64           secure_at;
} Pair;

static void
on_packet (CvnRtcTransport *transport,
           GBytes          *bytes,
           gpointer         user_data)
{
  g_ptr_array_add (user_data, g_bytes_ref (bytes));
}

static void
on_client_state (GObject    *object,
                 GParamSpec *pspec,
                 gpointer    user_data)
{
  Pair *pair = user_data;
  CvnRtcTransportState state = cvn_rtc_transport_get_state (pair->client);

  g_array_append_val (pair->client_states, state);
  if (state == CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE)
    pair->secure_at = g_get_monotonic_time ();
}

/* @client_address NULL: the client on every address, as the app runs it. */
static void
pair_init_addresses (Pair       *pair,
                     const char *client_address,
                     const char *sfu_address)
{
  g_autoptr(GError) error = NULL;

  memset (pair, 0, sizeof *pair);
  pair->client = cvn_rtc_transport_new (CVN_RTC_ROLE_CLIENT, NULL, client_address, &error);
  g_assert_no_error (error);
  pair->sfu = cvn_rtc_transport_new (CVN_RTC_ROLE_SFU, NULL, sfu_address, &error);
  g_assert_no_error (error);
  pair->client_rtp = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  pair->sfu_rtp = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  pair->client_rtcp = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  pair->sfu_rtcp = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  pair->client_states = g_array_new (FALSE, FALSE, sizeof (CvnRtcTransportState));
  g_signal_connect (pair->client, "rtp-received", G_CALLBACK (on_packet), pair->client_rtp);
  g_signal_connect (pair->sfu, "rtp-received", G_CALLBACK (on_packet), pair->sfu_rtp);
  g_signal_connect (pair->client, "rtcp-received", G_CALLBACK (on_packet), pair->client_rtcp);
  g_signal_connect (pair->sfu, "rtcp-received", G_CALLBACK (on_packet), pair->sfu_rtcp);
  g_signal_connect (pair->client, "notify::state", G_CALLBACK (on_client_state), pair);
}

static void
pair_init_at (Pair       *pair,
              const char *address)
{
  pair_init_addresses (pair, address, address);
}

static void
pair_init (Pair *pair)
{
  pair_init_at (pair, "127.0.0.1");
}

static void
pair_clear (Pair *pair)
{
  g_clear_object (&pair->client);
  g_clear_object (&pair->sfu);
  g_clear_pointer (&pair->client_rtp, g_ptr_array_unref);
  g_clear_pointer (&pair->sfu_rtp, g_ptr_array_unref);
  g_clear_pointer (&pair->client_rtcp, g_ptr_array_unref);
  g_clear_pointer (&pair->sfu_rtcp, g_ptr_array_unref);
  g_clear_pointer (&pair->client_states, g_array_unref);
  g_clear_pointer (&pair->payload, cvn_rtc_join_payload_free);
  /* Let libnice's pending idle callbacks for the freed agents run out. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

typedef void (*TamperFunc) (CvnRtcJoinPayload *payload,
                            CvnRtcAnswer      *answer);

/* Payload -> JSON -> SFU, answer -> JSON -> client, as through Telegram. */
static void
pair_start (Pair       *pair,
            TamperFunc  tamper_payload,
            TamperFunc  tamper_answer)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnRtcJoinPayload) payload = NULL;
  g_autoptr(CvnRtcJoinPayload) received_payload = NULL;
  g_autoptr(CvnRtcAnswer) answer = NULL;
  g_autoptr(CvnRtcAnswer) received_answer = NULL;
  g_autofree char *payload_json = NULL;
  g_autofree char *answer_json = NULL;

  pair->started_at = g_get_monotonic_time ();
  payload = cvn_rtc_transport_create_join_payload (pair->client, CVN_RTC_VIDEO_NONE, &error);
  g_assert_no_error (error);
  payload_json = cvn_rtc_join_payload_to_json (payload);
  received_payload = cvn_rtc_join_payload_parse (payload_json, -1, &error);
  g_assert_no_error (error);
  if (tamper_payload != NULL)
    tamper_payload (received_payload, NULL);
  g_assert_true (cvn_rtc_transport_start_sfu (pair->sfu, received_payload, &error));
  g_assert_no_error (error);
  pair->payload = cvn_rtc_join_payload_copy (received_payload);

  answer = cvn_rtc_transport_create_answer (pair->sfu, NULL);
  g_assert_cmpuint (answer->candidates->len, >=, 1);
  answer_json = cvn_rtc_answer_to_json (answer);
  received_answer = cvn_rtc_answer_parse (answer_json, -1, &error);
  g_assert_no_error (error);
  if (tamper_answer != NULL)
    tamper_answer (NULL, received_answer);
  g_assert_true (cvn_rtc_transport_start_client (pair->client, received_answer, &error));
  g_assert_no_error (error);
}

static gboolean
both_secure_or_failed (gpointer user_data)
{
  Pair *pair = user_data;
  CvnRtcTransportState c = cvn_rtc_transport_get_state (pair->client);
  CvnRtcTransportState s = cvn_rtc_transport_get_state (pair->sfu);

  if (c == CVN_RTC_TRANSPORT_STATE_FAILED || s == CVN_RTC_TRANSPORT_STATE_FAILED)
    return TRUE;
  return c == CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE && s == CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE;
}

static void
assert_no_failure (CvnRtcTransport *transport)
{
  const GError *error = cvn_rtc_transport_get_error (transport);

  if (error != NULL)
    g_error ("transport failed: %s", error->message);
}

static void
pair_wait_secure (Pair *pair)
{
  cvn_test_assert_wait (NULL, both_secure_or_failed, pair, WAIT_MS);
  assert_no_failure (pair->client);
  assert_no_failure (pair->sfu);
  g_assert_cmpint (cvn_rtc_transport_get_state (pair->client), ==, CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE);
  g_assert_cmpint (cvn_rtc_transport_get_state (pair->sfu), ==, CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE);
  g_test_message ("connected-secure after %.1f ms",
                  (pair->secure_at - pair->started_at) / 1000.0);
}

static GBytes *
make_rtp (guint32 ssrc,
          guint16 seq,
          guint8  fill,
          gsize   payload_len)
{
  guint8 *p = g_malloc0 (12 + payload_len);

  p[0] = 0x80;
  p[1] = 111;
  p[2] = seq >> 8;
  p[3] = seq & 0xff;
  p[4] = 0; p[5] = 0; p[6] = seq >> 8; p[7] = seq & 0xff;
  p[8] = ssrc >> 24; p[9] = ssrc >> 16; p[10] = ssrc >> 8; p[11] = ssrc;
  memset (p + 12, fill, payload_len);
  return g_bytes_new_take (p, 12 + payload_len);
}

/* A receiver report without blocks. */
static GBytes *
make_rtcp (guint32 ssrc)
{
  guint8 p[8] = { 0x80, 201, 0, 1, ssrc >> 24, ssrc >> 16, ssrc >> 8, ssrc };

  return g_bytes_new (p, sizeof p);
}

typedef struct
{
  GPtrArray *packets;
  guint      count;
} CountWait;

static gboolean
has_count (gpointer user_data)
{
  CountWait *wait = user_data;

  return wait->packets->len >= wait->count;
}

static void
send_and_check_from (CvnRtcTransport *from,
                     GPtrArray       *received,
                     guint32          ssrc,
                     guint16          first_seq,
                     guint            count)
{
  CountWait wait = { received, received->len + count };
  guint first = received->len;

  for (guint i = 0; i < count; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) rtp = make_rtp (ssrc, first_seq + i, (guint8) i, 160);
      gboolean ok = cvn_rtc_transport_send_rtp (from, g_bytes_get_data (rtp, NULL), g_bytes_get_size (rtp), &error);

      g_assert_no_error (error);
      g_assert_true (ok);
    }
  cvn_test_assert_wait (NULL, has_count, &wait, WAIT_MS);
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(GBytes) expected = make_rtp (ssrc, first_seq + i, (guint8) i, 160);

      /* Decrypted back to exactly what was sent, in order on loopback. */
      g_assert_true (g_bytes_equal (g_ptr_array_index (received, first + i), expected));
    }
}

static void
send_and_check (CvnRtcTransport *from,
                GPtrArray       *received,
                guint32          ssrc,
                guint            count)
{
  send_and_check_from (from, received, ssrc, 0, count);
}

static void
send_rtcp_and_check (CvnRtcTransport *from,
                     GPtrArray       *received,
                     guint32          ssrc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) rtcp = make_rtcp (ssrc);
  CountWait wait = { received, received->len + 1 };

  g_assert_true (cvn_rtc_transport_send_rtcp (from, g_bytes_get_data (rtcp, NULL), g_bytes_get_size (rtcp), &error));
  g_assert_no_error (error);
  cvn_test_assert_wait (NULL, has_count, &wait, WAIT_MS);
  g_assert_true (g_bytes_equal (g_ptr_array_index (received, received->len - 1), rtcp));
}

static void
check_client_states (Pair *pair)
{
  static const CvnRtcTransportState expected[] = {
    CVN_RTC_TRANSPORT_STATE_CHECKING,
    CVN_RTC_TRANSPORT_STATE_CONNECTED,
    CVN_RTC_TRANSPORT_STATE_DTLS_CONNECTING,
    CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE,
  };

  g_assert_cmpuint (pair->client_states->len, ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpint (g_array_index (pair->client_states, CvnRtcTransportState, i), ==, expected[i]);
}

static void
run_profile_test (CvnRtcSrtpProfiles sfu_profiles,
                  CvnRtcSrtpProfile  expected)
{
  Pair pair;

  pair_init (&pair);
  cvn_rtc_transport_set_srtp_profiles (pair.sfu, sfu_profiles);
  pair_start (&pair, NULL, NULL);
  pair_wait_secure (&pair);
  check_client_states (&pair);

  g_assert_cmpint (cvn_rtc_transport_get_srtp_profile (pair.client), ==, expected);
  /* UDP is preferred when the answer offers both. */
  g_assert_cmpstr (cvn_rtc_transport_get_selected_protocol (pair.client), ==, "udp");
  g_assert_cmpint (cvn_rtc_transport_get_srtp_profile (pair.sfu), ==, expected);

  send_and_check (pair.client, pair.sfu_rtp, 0x11111111, 20);
  send_and_check (pair.sfu, pair.client_rtp, 0x22222222, 20);
  send_rtcp_and_check (pair.client, pair.sfu_rtcp, 0x11111111);
  send_rtcp_and_check (pair.sfu, pair.client_rtcp, 0x22222222);
  g_assert_cmpuint (cvn_rtc_transport_get_rejected_count (pair.client), ==, 0);
  g_assert_cmpuint (cvn_rtc_transport_get_rejected_count (pair.sfu), ==, 0);

  cvn_rtc_transport_close (pair.client);
  g_assert_cmpint (cvn_rtc_transport_get_state (pair.client), ==, CVN_RTC_TRANSPORT_STATE_CLOSED);
  pair_clear (&pair);
}

static void
test_aead_aes_128_gcm (void)
{
  run_profile_test (CVN_RTC_SRTP_PROFILES_AEAD_AES_128_GCM, CVN_RTC_SRTP_PROFILE_AEAD_AES_128_GCM);
}

static void
test_aes128_cm_sha1_80 (void)
{
  run_profile_test (CVN_RTC_SRTP_PROFILES_AES128_CM_SHA1_80, CVN_RTC_SRTP_PROFILE_AES128_CM_SHA1_80);
}

/* Nothing forced: the client offers both and GCM, offered first, is chosen. */
static void
test_default_profiles (void)
{
  run_profile_test (CVN_RTC_SRTP_PROFILES_ALL, CVN_RTC_SRTP_PROFILE_AEAD_AES_128_GCM);
}

static gboolean
ipv6_loopback_works (void)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV6, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, NULL);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV6);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

  return socket != NULL && g_socket_bind (socket, address, FALSE, NULL);
}

/* The same over IPv6 loopback: the answer carries an IPv6 candidate. */
static void
test_ipv6 (void)
{
  g_autoptr(CvnRtcAnswer) answer = NULL;
  const CvnRtcCandidate *candidate;
  Pair pair;

  if (!ipv6_loopback_works ())
    {
      g_test_skip ("no IPv6 loopback here");
      return;
    }
  pair_init_at (&pair, "::1");
  pair_start (&pair, NULL, NULL);
  answer = cvn_rtc_transport_create_answer (pair.sfu, NULL);
  candidate = g_ptr_array_index (answer->candidates, 0);
  g_assert_cmpstr (candidate->ip, ==, "::1");
  pair_wait_secure (&pair);
  send_and_check (pair.client, pair.sfu_rtp, 0x12345678, 5);
  send_and_check (pair.sfu, pair.client_rtp, 0x87654321, 5);
  pair_clear (&pair);
}

/* A client not pinned to an address (the app's default) reaches an SFU on this host's
 * loopback, as the sandbox's is: libnice alone would not gather on loopback. */
static void
test_unpinned_client_reaches_loopback_sfu (void)
{
  Pair pair;

  pair_init_addresses (&pair, NULL, "127.0.0.1");
  pair_start (&pair, NULL, NULL);
  pair_wait_secure (&pair);
  send_and_check (pair.client, pair.sfu_rtp, 0x13572468, 5);
  send_and_check (pair.sfu, pair.client_rtp, 0x24681357, 5);
  pair_clear (&pair);
}

/* Lost flights are sent again by the DTLS retransmission timer: the client's ClientHello,
 * then the SFU's first flight. */
static void
test_dtls_retransmission (void)
{
  Pair pair;
  double ms;

  pair_init (&pair);
  cvn_rtc_transport_drop_outgoing_dtls (pair.client, 1);
  cvn_rtc_transport_drop_outgoing_dtls (pair.sfu, 1);
  pair_start (&pair, NULL, NULL);
  pair_wait_secure (&pair);
  ms = (pair.secure_at - pair.started_at) / 1000.0;
  /* Two losses, each recovered by a timer that starts at 1 s and doubles. */
  g_assert_cmpfloat (ms, >=, 1900.0);
  g_assert_cmpfloat (ms, <, 8000.0);
  send_and_check (pair.client, pair.sfu_rtp, 0x01010101, 3);
  send_and_check (pair.sfu, pair.client_rtp, 0x02020202, 3);
  pair_clear (&pair);
}

static void
keep_only_tcp (CvnRtcJoinPayload *payload,
               CvnRtcAnswer      *answer)
{
  for (guint i = answer->candidates->len; i > 0; i--)
    {
      const CvnRtcCandidate *c = g_ptr_array_index (answer->candidates, i - 1);

      if (g_strcmp0 (c->protocol, "tcp") != 0)
        g_ptr_array_remove_index (answer->candidates, i - 1);
    }
  g_assert_cmpuint (answer->candidates->len, >=, 1);
}

/* ICE-TCP: the SFU's answer has a passive TCP candidate and the client can use it alone. */
static void
test_ice_tcp (void)
{
  Pair pair;

  pair_init (&pair);
  pair_start (&pair, NULL, keep_only_tcp);
  pair_wait_secure (&pair);
  g_assert_cmpstr (cvn_rtc_transport_get_selected_protocol (pair.client), ==, "tcp");
  send_and_check (pair.client, pair.sfu_rtp, 0x0a0a0a0a, 10);
  send_and_check (pair.sfu, pair.client_rtp, 0x0b0b0b0b, 10);
  pair_clear (&pair);
}

static void
on_wait_ready (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The _async/_finish form of the same wait: success, failure and cancellation. */
static void
test_wait_secure_async (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  Pair pair;

  pair_init (&pair);
  pair_start (&pair, NULL, NULL);
  cvn_rtc_transport_wait_secure_async (pair.client, NULL, on_wait_ready, &result);
  g_assert_true (cvn_test_wait_for_result (NULL, &result, WAIT_MS, &error));
  g_assert_no_error (error);
  g_assert_true (cvn_rtc_transport_wait_secure_finish (pair.client, result, &error));
  g_assert_no_error (error);
  g_clear_object (&result);

  /* Already secure: completes (in a later iteration) with TRUE. */
  cvn_rtc_transport_wait_secure_async (pair.sfu, NULL, on_wait_ready, &result);
  g_assert_true (cvn_test_wait_for_result (NULL, &result, WAIT_MS, &error));
  g_assert_true (cvn_rtc_transport_wait_secure_finish (pair.sfu, result, &error));
  g_clear_object (&result);

  /* Closed: the reason comes back. */
  cvn_rtc_transport_close (pair.client);
  cvn_rtc_transport_wait_secure_async (pair.client, NULL, on_wait_ready, &result);
  g_assert_true (cvn_test_wait_for_result (NULL, &result, WAIT_MS, &error));
  g_assert_false (cvn_rtc_transport_wait_secure_finish (pair.client, result, &error));
  g_assert_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_CLOSED);
  g_clear_error (&error);
  g_clear_object (&result);
  pair_clear (&pair);

  /* Never started, then cancelled. */
  {
    g_autoptr(CvnRtcTransport) idle = cvn_rtc_transport_new (CVN_RTC_ROLE_CLIENT, NULL, "127.0.0.1", &error);
    g_autoptr(GCancellable) cancellable = g_cancellable_new ();

    g_assert_no_error (error);
    cvn_rtc_transport_wait_secure_async (idle, cancellable, on_wait_ready, &result);
    g_cancellable_cancel (cancellable);
    g_assert_true (cvn_test_wait_for_result (NULL, &result, WAIT_MS, &error));
    g_assert_false (cvn_rtc_transport_wait_secure_finish (idle, result, &error));
    g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
    g_clear_error (&error);
    g_clear_object (&result);
  }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
make_client_passive (CvnRtcJoinPayload *payload,
                     CvnRtcAnswer      *answer)
{
  CvnRtcFingerprint *fp = g_ptr_array_index (payload->fingerprints, 0);

  fp->setup = CVN_RTC_SETUP_PASSIVE;
}

/* A client that declares "passive" (as tgcalls does) is the DTLS server; the SFU mirrors. */
static void
test_reversed_dtls_roles (void)
{
  g_autoptr(GError) error = NULL;
  Pair pair;

  pair_init (&pair);
  pair_start (&pair, make_client_passive, NULL);
  pair_wait_secure (&pair);
  send_and_check (pair.client, pair.sfu_rtp, 0x33333333, 5);
  send_and_check (pair.sfu, pair.client_rtp, 0x44444444, 5);
  pair_clear (&pair);
}

static void
flip_fingerprint (GPtrArray *fingerprints)
{
  CvnRtcFingerprint *fp = g_ptr_array_index (fingerprints, 0);

  /* Same shape, different value. */
  fp->fingerprint[0] = fp->fingerprint[0] == 'A' ? 'B' : 'A';
}

static void
tamper_answer_fingerprint (CvnRtcJoinPayload *payload,
                           CvnRtcAnswer      *answer)
{
  flip_fingerprint (answer->fingerprints);
}

static void
tamper_payload_fingerprint (CvnRtcJoinPayload *payload,
                            CvnRtcAnswer      *answer)
{
  flip_fingerprint (payload->fingerprints);
}

static gboolean
both_final (gpointer user_data)
{
  Pair *pair = user_data;
  CvnRtcTransportState c = cvn_rtc_transport_get_state (pair->client);
  CvnRtcTransportState s = cvn_rtc_transport_get_state (pair->sfu);

  return c == CVN_RTC_TRANSPORT_STATE_FAILED && s == CVN_RTC_TRANSPORT_STATE_FAILED;
}

/* The SFU's certificate does not match the answer: the client refuses it. */
static void
test_wrong_sfu_fingerprint (void)
{
  const GError *error;
  Pair pair;

  pair_init (&pair);
  pair_start (&pair, NULL, tamper_answer_fingerprint);
  cvn_test_assert_wait (NULL, both_final, &pair, WAIT_MS);

  error = cvn_rtc_transport_get_error (pair.client);
  g_assert_error ((GError *) error, CVN_RTC_ERROR, CVN_RTC_ERROR_FINGERPRINT_MISMATCH);
  g_test_message ("client: %s", error->message);
  /* The SFU learns of it from the alert and fails too; nothing was ever keyed. */
  error = cvn_rtc_transport_get_error (pair.sfu);
  g_assert_error ((GError *) error, CVN_RTC_ERROR, CVN_RTC_ERROR_DTLS);
  g_test_message ("sfu: %s", error->message);
  g_assert_cmpint (cvn_rtc_transport_get_srtp_profile (pair.client), ==, CVN_RTC_SRTP_PROFILE_NONE);
  g_assert_cmpint (cvn_rtc_transport_get_srtp_profile (pair.sfu), ==, CVN_RTC_SRTP_PROFILE_NONE);
  pair_clear (&pair);
}

/* The client's certificate does not match its join payload: the SFU refuses it. */
static void
test_wrong_client_fingerprint (void)
{
  const GError *error;
  Pair pair;

  pair_init (&pair);
  pair_start (&pair, tamper_payload_fingerprint, NULL);
  cvn_test_assert_wait (NULL, both_final, &pair, WAIT_MS);

  error = cvn_rtc_transport_get_error (pair.sfu);
  g_assert_error ((GError *) error, CVN_RTC_ERROR, CVN_RTC_ERROR_FINGERPRINT_MISMATCH);
  error = cvn_rtc_transport_get_error (pair.client);
  g_assert_error ((GError *) error, CVN_RTC_ERROR, CVN_RTC_ERROR_DTLS);
  g_assert_cmpint (cvn_rtc_transport_get_srtp_profile (pair.client), ==, CVN_RTC_SRTP_PROFILE_NONE);
  pair_clear (&pair);
}

static gboolean
client_failed (gpointer user_data)
{
  return cvn_rtc_transport_get_state (user_data) == CVN_RTC_TRANSPORT_STATE_FAILED;
}

static guint16
closed_udp_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  guint16 port;

  g_assert_no_error (error);
  g_assert_true (g_socket_bind (socket, address, FALSE, &error));
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_socket_close (socket, NULL);
  return port;
}

/* Nobody listens where the answer points: the client fails within its bound, saying ICE. */
static void
test_closed_port (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnRtcTransport) client = cvn_rtc_transport_new (CVN_RTC_ROLE_CLIENT, NULL, "127.0.0.1", &error);
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rtc_candidate_free);
  g_autoptr(CvnRtcAnswer) answer = NULL;
  const GError *failure;
  gint64 start, elapsed;

  g_assert_no_error (error);
  g_ptr_array_add (candidates, cvn_rtc_candidate_new ("1", 2130706431u, "127.0.0.1", closed_udp_port ()));
  answer = cvn_rtc_answer_new_sfu ("sfu0", "0123456789abcdefghijklmn",
                                   "3A:9F:12:C4:5B:E0:77:1D:AA:08:6E:4F:91:2B:C3:D5:60:0A:BE:7C:19:F2:84:3D:5E:6A:0B:C1:D7:22:9E:4F",
                                   CVN_RTC_SETUP_PASSIVE, candidates, NULL);
  cvn_rtc_transport_set_connect_timeout (client, 3000);

  start = g_get_monotonic_time ();
  g_assert_true (cvn_rtc_transport_start_client (client, answer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_rtc_transport_get_state (client), ==, CVN_RTC_TRANSPORT_STATE_CHECKING);
  cvn_test_assert_wait (NULL, client_failed, client, 6000);
  elapsed = g_get_monotonic_time () - start;

  failure = cvn_rtc_transport_get_error (client);
  g_assert_nonnull (failure);
  g_assert_true (failure->domain == CVN_RTC_ERROR);
  g_assert_true (failure->code == CVN_RTC_ERROR_ICE || failure->code == CVN_RTC_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (failure->message, "ICE"));
  g_assert_cmpint (elapsed, <=, 3500 * 1000);
  g_test_message ("failed after %.0f ms: %s", elapsed / 1000.0, failure->message);

  /* Nothing can be sent on a failed transport. */
  {
    g_autoptr(GBytes) rtp = make_rtp (1, 1, 1, 10);

    g_assert_false (cvn_rtc_transport_send_rtp (client, g_bytes_get_data (rtp, NULL), g_bytes_get_size (rtp), &error));
    g_assert_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_CLOSED);
  }
  g_clear_object (&client);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_rejects_stream_answer (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnRtcTransport) client = cvn_rtc_transport_new (CVN_RTC_ROLE_CLIENT, NULL, "127.0.0.1", &error);
  g_autoptr(CvnRtcAnswer) answer = cvn_rtc_answer_new_stream (FALSE);

  g_assert_no_error (error);
  g_assert_false (cvn_rtc_transport_start_client (client, answer, &error));
  g_assert_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_INVALID_ANSWER);
  g_assert_cmpint (cvn_rtc_transport_get_state (client), ==, CVN_RTC_TRANSPORT_STATE_NEW);
}

typedef struct
{
  CvnRtcTransport *transport;
  guint64          count;
} RejectWait;

static gboolean
rejected_reached (gpointer user_data)
{
  RejectWait *wait = user_data;

  return cvn_rtc_transport_get_rejected_count (wait->transport) >= wait->count;
}

/* What a broken or hostile peer may send after the handshake: each datagram is dropped and
 * counted, nothing is delivered, the transport stays up and still carries good packets. */
static void
test_rejects_bad_datagrams (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) plain_rtp = make_rtp (0x55555555, 7, 0x42, 100);
  g_autoptr(GBytes) plain_rtcp = make_rtcp (0x55555555);
  static const guint8 junk[] = { 0x50, 1, 2, 3, 4, 5, 6, 7 };
  static const guint8 short_rtp[] = { 0x80, 111, 0, 1 };
  /* A DTLS application data record of epoch 1 that no key produced. */
  static const guint8 bad_record[] = {
    23, 0xfe, 0xfd, 0, 1, 0, 0, 0, 0, 0, 9, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8,
  };
  const struct { const guint8 *data; gsize len; } bad[] = {
    { junk, sizeof junk },
    { short_rtp, sizeof short_rtp },
    { g_bytes_get_data (plain_rtp, NULL), g_bytes_get_size (plain_rtp) },    /* fails SRTP auth */
    { g_bytes_get_data (plain_rtcp, NULL), g_bytes_get_size (plain_rtcp) },  /* fails SRTCP auth */
  };
  RejectWait wait;
  Pair pair;

  pair_init (&pair);
  pair_start (&pair, NULL, NULL);
  pair_wait_secure (&pair);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_true (cvn_rtc_transport_send_datagram (pair.client, bad[i].data, bad[i].len, &error));
      g_assert_no_error (error);
    }
  /* DTLS ignores records it cannot authenticate (RFC 6347 4.1.2.7): not counted, no harm. */
  g_assert_true (cvn_rtc_transport_send_datagram (pair.client, bad_record, sizeof bad_record, &error));
  g_assert_no_error (error);

  wait.transport = pair.sfu;
  wait.count = G_N_ELEMENTS (bad);
  cvn_test_assert_wait (NULL, rejected_reached, &wait, WAIT_MS);
  /* Good traffic still flows, both ways, after the bad. */
  send_and_check_from (pair.client, pair.sfu_rtp, 0x66666666, 0, 3);
  send_and_check_from (pair.sfu, pair.client_rtp, 0x77777777, 0, 3);
  g_assert_cmpuint (pair.sfu_rtp->len, ==, 3);
  g_assert_cmpuint (pair.sfu_rtcp->len, ==, 0);
  g_assert_cmpuint (cvn_rtc_transport_get_rejected_count (pair.sfu), ==, G_N_ELEMENTS (bad));
  g_assert_cmpint (cvn_rtc_transport_get_state (pair.sfu), ==, CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE);

  /* The same SRTP packet twice is a replay: the second is dropped. */
  {
    g_autoptr(GBytes) rtp = make_rtp (0x66666666, 1, 1, 160);

    g_assert_false (cvn_rtc_transport_send_rtp (pair.client, g_bytes_get_data (rtp, NULL), g_bytes_get_size (rtp), &error));
    g_assert_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_SRTP);
    g_clear_error (&error);
  }
  /* Sending something that is not RTP as RTP is refused locally. */
  g_assert_false (cvn_rtc_transport_send_rtp (pair.client, junk, sizeof junk, &error));
  g_assert_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_INVALID_PACKET);
  pair_clear (&pair);
}

static gboolean
transport_failed (gpointer user_data)
{
  return cvn_rtc_transport_get_state (user_data) == CVN_RTC_TRANSPORT_STATE_FAILED;
}

/* The client leaves cleanly: the SFU hears close_notify and says so. */
static void
test_peer_closes (void)
{
  const GError *error;
  Pair pair;

  pair_init (&pair);
  pair_start (&pair, NULL, NULL);
  pair_wait_secure (&pair);
  cvn_rtc_transport_close (pair.client);
  g_assert_cmpint (cvn_rtc_transport_get_state (pair.client), ==, CVN_RTC_TRANSPORT_STATE_CLOSED);
  g_assert_null (cvn_rtc_transport_get_error (pair.client));
  cvn_test_assert_wait (NULL, transport_failed, pair.sfu, WAIT_MS);
  error = cvn_rtc_transport_get_error (pair.sfu);
  g_assert_error ((GError *) error, CVN_RTC_ERROR, CVN_RTC_ERROR_CLOSED);
  pair_clear (&pair);
}

/* The SFU hears nothing after the handshake (the client sends no media and has no data
 * channel; its ICE keepalives are STUN, which libnice answers): it gives up after its bound. */
static void
test_sfu_inactivity (void)
{
  const GError *error;
  gint64 secure;
  Pair pair;

  pair_init (&pair);
  g_assert_cmpuint (cvn_rtc_transport_get_inactivity_timeout (pair.sfu), ==, 30000);
  g_assert_cmpuint (cvn_rtc_transport_get_inactivity_timeout (pair.client), ==, 0);
  cvn_rtc_transport_set_inactivity_timeout (pair.sfu, 400);
  pair_start (&pair, NULL, NULL);
  pair_wait_secure (&pair);
  secure = g_get_monotonic_time ();
  cvn_test_assert_wait (NULL, transport_failed, pair.sfu, 5000);
  error = cvn_rtc_transport_get_error (pair.sfu);
  g_assert_error ((GError *) error, CVN_RTC_ERROR, CVN_RTC_ERROR_TIMED_OUT);
  g_assert_nonnull (strstr (error->message, "nothing was received"));
  /* Not before its bound: the SFU's clock started at its own connected-secure, which is
   * after the start and at or before the moment both were seen secure. */
  g_assert_cmpint (g_get_monotonic_time () - pair.started_at, >=, 400 * 1000);
  g_assert_cmpint (g_get_monotonic_time () - secure, <, 4000 * 1000);
  /* The client is not affected. */
  g_assert_cmpint (cvn_rtc_transport_get_state (pair.client), ==, CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE);
  pair_clear (&pair);
}

/* --- the data channel ------------------------------------------------------------------ */

typedef struct
{
  CvnRtcDataChannel *client;
  CvnRtcDataChannel *sfu;
  GPtrArray         *client_messages;  /* of char * */
  GPtrArray         *sfu_messages;
} Channels;

static void
on_message (CvnRtcDataChannel *channel,
            const char        *text,
            gpointer           user_data)
{
  g_ptr_array_add (user_data, g_strdup (text));
}

static gboolean
channels_open_with_message (gpointer user_data)
{
  Channels *channels = user_data;

  if (cvn_rtc_data_channel_get_state (channels->client) == CVN_RTC_DATA_CHANNEL_STATE_FAILED ||
      cvn_rtc_data_channel_get_state (channels->sfu) == CVN_RTC_DATA_CHANNEL_STATE_FAILED)
    return TRUE;
  return cvn_rtc_data_channel_get_state (channels->client) == CVN_RTC_DATA_CHANNEL_STATE_OPEN &&
         cvn_rtc_data_channel_get_state (channels->sfu) == CVN_RTC_DATA_CHANNEL_STATE_OPEN &&
         channels->sfu_messages->len >= 1;
}

static void
test_data_channel (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *klass = NULL;
  g_autofree char *constraints = NULL;
  const CvnRtcEndpointConstraint wanted[] = { { "9b03f1d2", 360, 720 }, { "44ac01e7", 180, 180 } };
  const char *const on_stage[] = { "9b03f1d2", NULL };
  Channels channels;
  Pair pair;
  gint64 opened;

  pair_init (&pair);
  channels.client = cvn_rtc_data_channel_new (pair.client, &error);
  g_assert_no_error (error);
  channels.sfu = cvn_rtc_data_channel_new (pair.sfu, &error);
  g_assert_no_error (error);
  channels.client_messages = g_ptr_array_new_with_free_func (g_free);
  channels.sfu_messages = g_ptr_array_new_with_free_func (g_free);
  g_signal_connect (channels.client, "message-received", G_CALLBACK (on_message), channels.client_messages);
  g_signal_connect (channels.sfu, "message-received", G_CALLBACK (on_message), channels.sfu_messages);
  g_assert_cmpint (cvn_rtc_data_channel_get_state (channels.client), ==, CVN_RTC_DATA_CHANNEL_STATE_CONNECTING);
  g_assert_false (cvn_rtc_data_channel_send_text (channels.client, "early", &error));
  g_assert_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_SCTP);
  g_clear_error (&error);

  pair_start (&pair, NULL, NULL);
  pair_wait_secure (&pair);
  cvn_test_assert_wait (NULL, channels_open_with_message, &channels, WAIT_MS);
  opened = g_get_monotonic_time ();
  g_assert_null (cvn_rtc_data_channel_get_error (channels.client));
  g_assert_null (cvn_rtc_data_channel_get_error (channels.sfu));
  g_test_message ("data channel open and constraints received %.1f ms after start",
                  (opened - pair.started_at) / 1000.0);

  /* The client's first words on the channel: its receiver constraints. */
  klass = cvn_rtc_colibri_message_get_class (g_ptr_array_index (channels.sfu_messages, 0));
  g_assert_cmpstr (klass, ==, "ReceiverVideoConstraints");
  g_assert_nonnull (strstr (g_ptr_array_index (channels.sfu_messages, 0), "\"defaultConstraints\":{\"maxHeight\":0}"));

  /* A change goes out at once, exactly as given. */
  constraints = cvn_rtc_receiver_video_constraints_to_json (0, on_stage, wanted, G_N_ELEMENTS (wanted));
  g_assert_nonnull (strstr (constraints, "\"9b03f1d2\":{\"minHeight\":360,\"maxHeight\":720}"));
  {
    CountWait wait = { channels.sfu_messages, channels.sfu_messages->len + 1 };

    cvn_rtc_data_channel_set_receiver_constraints (channels.client, constraints);
    cvn_test_assert_wait (NULL, has_count, &wait, WAIT_MS);
    g_assert_cmpstr (g_ptr_array_index (channels.sfu_messages, channels.sfu_messages->len - 1), ==, constraints);
  }
  /* What the SFU makes of them. */
  {
    g_autoptr(CvnRtcReceiverVideoConstraints) parsed =
      cvn_rtc_receiver_video_constraints_parse (g_ptr_array_index (channels.sfu_messages, channels.sfu_messages->len - 1), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (parsed->on_stage_endpoints[0], ==, "9b03f1d2");
    g_assert_cmpuint (cvn_rtc_receiver_video_constraints_lookup (parsed, "9b03f1d2")->max_height, ==, 720);
  }

  /* The SFU's messages reach the client. */
  {
    const char *sender = "{\"colibriClass\":\"SenderVideoConstraints\",\"videoConstraints\":{\"idealHeight\":360}}";
    CountWait wait = { channels.client_messages, 1 };
    g_autofree char *sender_class = NULL;

    g_assert_true (cvn_rtc_data_channel_send_text (channels.sfu, sender, &error));
    g_assert_no_error (error);
    cvn_test_assert_wait (NULL, has_count, &wait, WAIT_MS);
    g_assert_cmpstr (g_ptr_array_index (channels.client_messages, 0), ==, sender);
    sender_class = cvn_rtc_colibri_message_get_class (g_ptr_array_index (channels.client_messages, 0));
    g_assert_cmpstr (sender_class, ==, "SenderVideoConstraints");
  }

  /* A message larger than one DTLS record crosses intact. */
  {
    g_autofree char *big = g_strnfill (100000, 'x');
    CountWait wait = { channels.client_messages, 2 };

    g_assert_true (cvn_rtc_data_channel_send_text (channels.sfu, big, &error));
    g_assert_no_error (error);
    cvn_test_assert_wait (NULL, has_count, &wait, WAIT_MS);
    g_assert_cmpstr (g_ptr_array_index (channels.client_messages, 1), ==, big);
  }

  /* Repeated while open: with a 100 ms interval, three more copies of the same come soon. */
  {
    CountWait wait = { channels.sfu_messages, channels.sfu_messages->len + 3 };
    guint first = channels.sfu_messages->len;

    cvn_rtc_data_channel_set_constraints_interval (channels.client, 100);
    cvn_test_assert_wait (NULL, has_count, &wait, WAIT_MS);
    for (guint i = first; i < first + 3; i++)
      g_assert_cmpstr (g_ptr_array_index (channels.sfu_messages, i), ==, constraints);
  }

  g_assert_null (cvn_rtc_colibri_message_get_class ("not json"));
  g_assert_null (cvn_rtc_colibri_message_get_class ("{\"colibriClass\":5}"));

  g_clear_object (&channels.client);
  g_clear_object (&channels.sfu);
  g_ptr_array_unref (channels.client_messages);
  g_ptr_array_unref (channels.sfu_messages);
  pair_clear (&pair);
}

/* --- the router ------------------------------------------------------------------------ */

static guint64 router_dropped_target;

static gboolean
router_dropped_reached (gpointer user_data)
{
  return cvn_rtc_router_get_dropped_count (user_data) >= router_dropped_target;
}

static guint64 router_outcomes_target;

static gboolean
router_outcomes_reached (gpointer user_data)
{
  return cvn_rtc_router_get_dropped_count (user_data) + cvn_rtc_router_get_forwarded_count (user_data) >= router_outcomes_target;
}

typedef struct
{
  GPtrArray *packets;
  GBytes    *expected;
} LastWait;

static gboolean
last_is (gpointer user_data)
{
  LastWait *wait = user_data;

  return wait->packets->len > 0 && g_bytes_equal (g_ptr_array_index (wait->packets, wait->packets->len - 1), wait->expected);
}

static GBytes *
make_pli (guint32 sender,
          guint32 media)
{
  guint8 p[12] = { 0x81, 206, 0, 2,
                   sender >> 24, sender >> 16, sender >> 8, sender,
                   media >> 24, media >> 16, media >> 8, media };

  return g_bytes_new (p, sizeof p);
}

/* A sender report without report blocks. */
static GBytes *
make_sr (guint32 sender)
{
  guint8 p[28] = { 0x80, 200, 0, 6, sender >> 24, sender >> 16, sender >> 8, sender };

  return g_bytes_new (p, sizeof p);
}

static void
send_rtcp (CvnRtcTransport *from,
           GBytes          *rtcp)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (cvn_rtc_transport_send_rtcp (from, g_bytes_get_data (rtcp, NULL), g_bytes_get_size (rtcp), &error));
  g_assert_no_error (error);
}

static void
test_router_three_participants (void)
{
  g_autoptr(CvnRtcRouter) router = cvn_rtc_router_new ();
  g_autoptr(GError) error = NULL;
  Pair pairs[3];
  guint32 ssrc[3];

  for (guint i = 0; i < 3; i++)
    {
      pair_init (&pairs[i]);
      pair_start (&pairs[i], NULL, NULL);
      ssrc[i] = pairs[i].payload->ssrc;
      g_assert_true (cvn_rtc_router_add_transport (router, pairs[i].sfu, pairs[i].payload, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < 3; i++)
    pair_wait_secure (&pairs[i]);
  g_assert_cmpuint (cvn_rtc_router_get_n_transports (router), ==, 3);
  g_assert_true (cvn_rtc_router_lookup_ssrc (router, ssrc[1]) == pairs[1].sfu);

  /* A speaks: B and C hear A on A's SSRC; A hears nothing of itself. */
  send_and_check_from (pairs[0].client, pairs[1].client_rtp, ssrc[0], 0, 10);
  {
    CountWait c_has_10 = { pairs[2].client_rtp, 10 };

    cvn_test_assert_wait (NULL, has_count, &c_has_10, WAIT_MS);
  }
  send_and_check_from (pairs[0].client, pairs[2].client_rtp, ssrc[0], 10, 10);
  {
    CountWait b_has_20 = { pairs[1].client_rtp, 20 };

    cvn_test_assert_wait (NULL, has_count, &b_has_20, WAIT_MS);
  }
  /* Both have A's 20 packets, in order, and nothing else. */
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(GBytes) expected = make_rtp (ssrc[0], i, (guint8) (i % 10), 160);

      g_assert_true (g_bytes_equal (g_ptr_array_index (pairs[1].client_rtp, i), expected));
      g_assert_true (g_bytes_equal (g_ptr_array_index (pairs[2].client_rtp, i), expected));
    }
  g_assert_cmpuint (pairs[0].client_rtp->len, ==, 0);
  /* B speaks. */
  send_and_check (pairs[1].client, pairs[0].client_rtp, ssrc[1], 5);
  g_assert_cmpuint (pairs[2].client_rtp->len, >=, 20);
  {
    CountWait wait = { pairs[2].client_rtp, 25 };

    cvn_test_assert_wait (NULL, has_count, &wait, WAIT_MS);
    g_assert_cmphex (cvn_rtc_rtp_get_ssrc (g_bytes_get_data (g_ptr_array_index (pairs[2].client_rtp, 24), NULL)), ==, ssrc[1]);
  }
  g_assert_cmpuint (pairs[0].client_rtp->len, ==, 5);

  /* C asks A for a key frame: only A gets the PLI. Then A's sender report reaches B and C. */
  {
    g_autoptr(GBytes) pli = make_pli (ssrc[2], ssrc[0]);
    g_autoptr(GBytes) sr = make_sr (ssrc[0]);
    CountWait to_a = { pairs[0].client_rtcp, 1 };
    CountWait to_b = { pairs[1].client_rtcp, 1 };
    CountWait to_c = { pairs[2].client_rtcp, 1 };

    send_rtcp (pairs[2].client, pli);
    cvn_test_assert_wait (NULL, has_count, &to_a, WAIT_MS);
    g_assert_true (g_bytes_equal (g_ptr_array_index (pairs[0].client_rtcp, 0), pli));
    send_rtcp (pairs[0].client, sr);
    cvn_test_assert_wait (NULL, has_count, &to_b, WAIT_MS);
    cvn_test_assert_wait (NULL, has_count, &to_c, WAIT_MS);
    g_assert_cmpuint (pairs[1].client_rtcp->len, ==, 1);
    g_assert_true (g_bytes_equal (g_ptr_array_index (pairs[1].client_rtcp, 0), sr));
    g_assert_cmpuint (pairs[2].client_rtcp->len, ==, 1);
    g_assert_cmpuint (pairs[0].client_rtcp->len, ==, 1);
  }

  /* B pretends to be A: dropped at the router, nobody receives it. */
  {
    g_autoptr(GBytes) spoof = make_rtp (ssrc[0], 999, 0xee, 20);
    guint a_before = pairs[0].client_rtp->len;
    guint c_before = pairs[2].client_rtp->len;

    router_dropped_target = cvn_rtc_router_get_dropped_count (router) + 1;
    g_assert_true (cvn_rtc_transport_send_rtp (pairs[1].client, g_bytes_get_data (spoof, NULL), g_bytes_get_size (spoof), &error));
    g_assert_no_error (error);
    cvn_test_assert_wait (NULL, router_dropped_reached, router, WAIT_MS);
    /* One more of B's own packets proves the path is still open and ordered after it. */
    send_and_check_from (pairs[1].client, pairs[2].client_rtp, ssrc[1], 100, 1);
    g_assert_cmpuint (pairs[2].client_rtp->len, ==, c_before + 1);
    g_assert_cmpuint (pairs[0].client_rtp->len, <=, a_before + 1);
  }

  /* A join payload reusing A's SSRC is refused. */
  {
    g_autoptr(CvnRtcTransport) extra = cvn_rtc_transport_new (CVN_RTC_ROLE_SFU, NULL, "127.0.0.1", &error);

    g_assert_no_error (error);
    g_assert_false (cvn_rtc_router_add_transport (router, extra, pairs[0].payload, &error));
    g_assert_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_INVALID_PAYLOAD);
    g_clear_error (&error);
    g_assert_cmpuint (cvn_rtc_router_get_n_transports (router), ==, 3);
  }
  /* Injected loss: about half of 200 packets from A reach B (the generator is seeded, so the
   * count is the same every run), the rest are counted as dropped. Then loss off again. */
  {
    g_autoptr(GError) send_error = NULL;
    guint64 outcomes_before = cvn_rtc_router_get_dropped_count (router) + cvn_rtc_router_get_forwarded_count (router);
    guint b_before = pairs[1].client_rtp->len;
    guint received;

    cvn_rtc_router_set_loss (router, 0.5, 42);
    for (guint i = 0; i < 200; i++)
      {
        g_autoptr(GBytes) rtp = make_rtp (ssrc[0], 1000 + i, 1, 40);

        g_assert_true (cvn_rtc_transport_send_rtp (pairs[0].client, g_bytes_get_data (rtp, NULL), g_bytes_get_size (rtp), &send_error));
        g_assert_no_error (send_error);
      }
    /* 200 to B and 200 to C were each either forwarded or dropped. */
    router_outcomes_target = outcomes_before + 400;
    cvn_test_assert_wait (NULL, router_outcomes_reached, router, WAIT_MS);
    cvn_rtc_router_set_loss (router, 0, 0);
    {
      g_autoptr(GBytes) marker = make_rtp (ssrc[0], 2000, 9, 40);
      LastWait last = { pairs[1].client_rtp, marker };

      g_assert_true (cvn_rtc_transport_send_rtp (pairs[0].client, g_bytes_get_data (marker, NULL), g_bytes_get_size (marker), &send_error));
      cvn_test_assert_wait (NULL, last_is, &last, WAIT_MS);
    }
    received = pairs[1].client_rtp->len - b_before - 1;
    g_test_message ("with 50 %% loss, B got %u of 200", received);
    g_assert_cmpuint (received, >, 60);
    g_assert_cmpuint (received, <, 140);
  }

  g_test_message ("router forwarded %" G_GUINT64_FORMAT ", dropped %" G_GUINT64_FORMAT,
                  cvn_rtc_router_get_forwarded_count (router), cvn_rtc_router_get_dropped_count (router));

  cvn_rtc_router_remove_transport (router, pairs[2].sfu);
  g_assert_cmpuint (cvn_rtc_router_get_n_transports (router), ==, 2);
  g_assert_null (cvn_rtc_router_lookup_ssrc (router, ssrc[2]));
  g_clear_object (&router);
  for (guint i = 0; i < 3; i++)
    pair_clear (&pairs[i]);
}

/* A source inside the SFU (the sandbox's simulated voices): its packets reach every
 * connected participant, its SSRC is reserved against participants, feedback about it goes
 * nowhere. */
static void
test_router_local_source (void)
{
  g_autoptr(CvnRtcRouter) router = cvn_rtc_router_new ();
  g_autoptr(GError) error = NULL;
  const guint32 voice = 0x0c0ffee0;
  Pair pairs[2];

  for (guint i = 0; i < 2; i++)
    {
      pair_init (&pairs[i]);
      pair_start (&pairs[i], NULL, NULL);
      g_assert_true (cvn_rtc_router_add_transport (router, pairs[i].sfu, pairs[i].payload, &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < 2; i++)
    pair_wait_secure (&pairs[i]);

  /* a participant's SSRC cannot be a local source, and a local one is not a participant's */
  g_assert_false (cvn_rtc_router_add_local_source (router, pairs[0].payload->ssrc, &error));
  g_assert_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_INVALID_PAYLOAD);
  g_clear_error (&error);
  g_assert_true (cvn_rtc_router_add_local_source (router, voice, &error));
  g_assert_no_error (error);
  g_assert_null (cvn_rtc_router_lookup_ssrc (router, voice));

  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(GBytes) rtp = make_rtp (voice, i, 7, 80);

      g_assert_cmpuint (cvn_rtc_router_send_local_rtp (router, g_bytes_get_data (rtp, NULL), g_bytes_get_size (rtp)), ==, 2);
    }
  {
    CountWait a = { pairs[0].client_rtp, 10 }, b = { pairs[1].client_rtp, 10 };
    g_autoptr(GBytes) last = make_rtp (voice, 9, 7, 80);

    cvn_test_assert_wait (NULL, has_count, &a, WAIT_MS);
    cvn_test_assert_wait (NULL, has_count, &b, WAIT_MS);
    g_assert_true (g_bytes_equal (g_ptr_array_index (pairs[1].client_rtp, 9), last));
  }

  /* a participant sending on the voice's SSRC is dropped; a PLI about it goes nowhere */
  {
    g_autoptr(GBytes) spoof = make_rtp (voice, 100, 1, 20);
    g_autoptr(GBytes) pli = make_pli (pairs[1].payload->ssrc, voice);
    guint b_before = pairs[1].client_rtp->len;

    router_dropped_target = cvn_rtc_router_get_dropped_count (router) + 2;
    g_assert_true (cvn_rtc_transport_send_rtp (pairs[0].client, g_bytes_get_data (spoof, NULL), g_bytes_get_size (spoof), &error));
    send_rtcp (pairs[1].client, pli);
    cvn_test_assert_wait (NULL, router_dropped_reached, router, WAIT_MS);
    g_assert_cmpuint (pairs[1].client_rtp->len, ==, b_before);
    g_assert_cmpuint (pairs[0].client_rtcp->len, ==, 0);
  }

  /* a packet of an SSRC that is not a local source is not sent */
  {
    g_autoptr(GBytes) other = make_rtp (0x0badcafe, 1, 1, 20);

    g_assert_cmpuint (cvn_rtc_router_send_local_rtp (router, g_bytes_get_data (other, NULL), g_bytes_get_size (other)), ==, 0);
    cvn_rtc_router_remove_local_source (router, voice);
    g_assert_cmpuint (cvn_rtc_router_send_local_rtp (router, g_bytes_get_data (other, NULL), 3), ==, 0);
  }
  g_clear_object (&router);
  for (guint i = 0; i < 2; i++)
    pair_clear (&pairs[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rtc/transport/srtp-aead-aes-128-gcm", test_aead_aes_128_gcm);
  g_test_add_func ("/rtc/transport/srtp-aes128-cm-sha1-80", test_aes128_cm_sha1_80);
  g_test_add_func ("/rtc/transport/srtp-default", test_default_profiles);
  g_test_add_func ("/rtc/transport/reversed-dtls-roles", test_reversed_dtls_roles);
  g_test_add_func ("/rtc/transport/wait-secure-async", test_wait_secure_async);
  g_test_add_func ("/rtc/transport/ipv6", test_ipv6);
  g_test_add_func ("/rtc/transport/unpinned-client", test_unpinned_client_reaches_loopback_sfu);
  g_test_add_func ("/rtc/transport/ice-tcp", test_ice_tcp);
  g_test_add_func ("/rtc/transport/dtls-retransmission", test_dtls_retransmission);
  g_test_add_func ("/rtc/transport/wrong-sfu-fingerprint", test_wrong_sfu_fingerprint);
  g_test_add_func ("/rtc/transport/wrong-client-fingerprint", test_wrong_client_fingerprint);
  g_test_add_func ("/rtc/transport/closed-port", test_closed_port);
  g_test_add_func ("/rtc/transport/rejects-stream-answer", test_rejects_stream_answer);
  g_test_add_func ("/rtc/transport/rejects-bad-datagrams", test_rejects_bad_datagrams);
  g_test_add_func ("/rtc/transport/peer-closes", test_peer_closes);
  g_test_add_func ("/rtc/transport/sfu-inactivity", test_sfu_inactivity);
  g_test_add_func ("/rtc/data-channel/open-and-constraints", test_data_channel);
  g_test_add_func ("/rtc/router/three-participants", test_router_three_participants);
  g_test_add_func ("/rtc/router/local-source", test_router_local_source);

  return g_test_run ();
}
