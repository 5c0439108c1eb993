/* cvn-rtc-transport.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <nice/agent.h>
#include <nice/interfaces.h>

#include "cvn-rtc-certificate.h"
#include "cvn-rtc-demux.h"
#include "cvn-rtc-dtls-private.h"
#include "cvn-rtc-error.h"
#include "cvn-rtc-srtp-private.h"
#include "cvn-rtc-transport-private.h"
#include "cvn-rtc-transport.h"

#define DEFAULT_CONNECT_TIMEOUT_MS 15000
#define DEFAULT_SFU_INACTIVITY_TIMEOUT_MS 30000
#define MAX_DATAGRAM               65536
#define MAX_PENDING_DTLS           16

G_DEFINE_ENUM_TYPE (CvnRtcRole, cvn_rtc_role,
  G_DEFINE_ENUM_VALUE (CVN_RTC_ROLE_CLIENT, "client"),
  G_DEFINE_ENUM_VALUE (CVN_RTC_ROLE_SFU, "sfu"))

G_DEFINE_ENUM_TYPE (CvnRtcTransportState, cvn_rtc_transport_state,
  G_DEFINE_ENUM_VALUE (CVN_RTC_TRANSPORT_STATE_NEW, "new"),
  G_DEFINE_ENUM_VALUE (CVN_RTC_TRANSPORT_STATE_CHECKING, "checking"),
  G_DEFINE_ENUM_VALUE (CVN_RTC_TRANSPORT_STATE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (CVN_RTC_TRANSPORT_STATE_DTLS_CONNECTING, "dtls-connecting"),
  G_DEFINE_ENUM_VALUE (CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE, "connected-secure"),
  G_DEFINE_ENUM_VALUE (CVN_RTC_TRANSPORT_STATE_FAILED, "failed"),
  G_DEFINE_ENUM_VALUE (CVN_RTC_TRANSPORT_STATE_CLOSED, "closed"))

G_DEFINE_ENUM_TYPE (CvnRtcSrtpProfile, cvn_rtc_srtp_profile,
  G_DEFINE_ENUM_VALUE (CVN_RTC_SRTP_PROFILE_NONE, "none"),
  G_DEFINE_ENUM_VALUE (CVN_RTC_SRTP_PROFILE_AES128_CM_SHA1_80, "aes128-cm-sha1-80"),
  G_DEFINE_ENUM_VALUE (CVN_RTC_SRTP_PROFILE_AEAD_AES_128_GCM, "aead-aes-128-gcm"))

G_DEFINE_FLAGS_TYPE (CvnRtcSrtpProfiles, cvn_rtc_srtp_profiles,
  G_DEFINE_ENUM_VALUE (CVN_RTC_SRTP_PROFILES_AES128_CM_SHA1_80, "aes128-cm-sha1-80"),
  G_DEFINE_ENUM_VALUE (CVN_RTC_SRTP_PROFILES_AEAD_AES_128_GCM, "aead-aes-128-gcm"))

struct _CvnRtcTransport
{
  GObject                  parent_instance;

  CvnRtcRole               role;
  GMainContext            *context;
  char                    *local_address;
  CvnRtcTransportState     state;
  GError                  *error;
  CvnRtcSrtpProfiles       offered_profiles;
  CvnRtcSrtpProfile        srtp_profile;
  guint                    connect_timeout_ms;

  CvnRtcCertificate       *certificate;
  char                    *ufrag;
  char                    *pwd;

  NiceAgent               *agent;
  guint                    stream_id;
  gboolean                 started;
  gboolean                 ice_connected;

  CvnRtcDtls              *dtls;
  gboolean                 dtls_client;
  GPtrArray               *dtls_pending;  /* GBytes written before ICE could send */
  guint                    dtls_drop;     /* fault injection */
  guint8                   peer_fingerprint[32];
  CvnRtcSrtp              *srtp;

  GSource                 *connect_timer;
  GSource                 *dtls_timer;
  GSource                 *inactivity_timer;
  guint                    inactivity_timeout_ms;
  gint64                   last_received;

  CvnRtcTransportDataFunc  data_func;
  gpointer                 data_func_user_data;

  guint64                  rejected;
};

G_DEFINE_FINAL_TYPE (CvnRtcTransport, cvn_rtc_transport, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ROLE,
  PROP_CONTEXT,
  PROP_LOCAL_ADDRESS,
  PROP_STATE,
  PROP_ERROR,
  PROP_SRTP_PROFILE,
  PROP_SRTP_PROFILES,
  PROP_CONNECT_TIMEOUT,
  PROP_INACTIVITY_TIMEOUT,
  N_PROPS
};

enum {
  SIGNAL_RTP_RECEIVED,
  SIGNAL_RTCP_RECEIVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void arm_dtls_timer (CvnRtcTransport *self);

/* --- state ---------------------------------------------------------------------------- */

static const char *
state_name (CvnRtcTransportState state)
{
  GEnumClass *klass = g_type_class_peek (CVN_TYPE_RTC_TRANSPORT_STATE);
  GEnumValue *value = klass != NULL ? g_enum_get_value (klass, state) : NULL;

  return value != NULL ? value->value_nick : "?";
}

static void
clear_timers (CvnRtcTransport *self)
{
  if (self->connect_timer != NULL)
    {
      g_source_destroy (self->connect_timer);
      g_clear_pointer (&self->connect_timer, g_source_unref);
    }
  if (self->dtls_timer != NULL)
    {
      g_source_destroy (self->dtls_timer);
      g_clear_pointer (&self->dtls_timer, g_source_unref);
    }
}

static void
clear_inactivity_timer (CvnRtcTransport *self)
{
  if (self->inactivity_timer != NULL)
    {
      g_source_destroy (self->inactivity_timer);
      g_clear_pointer (&self->inactivity_timer, g_source_unref);
    }
}

static void
set_state (CvnRtcTransport      *self,
           CvnRtcTransportState  state)
{
  if (self->state == state)
    return;
  /* failed and closed are final. */
  if (self->state == CVN_RTC_TRANSPORT_STATE_FAILED || self->state == CVN_RTC_TRANSPORT_STATE_CLOSED)
    return;
  g_debug ("transport %p (%s): %s -> %s", self, self->role == CVN_RTC_ROLE_CLIENT ? "client" : "sfu",
           state_name (self->state), state_name (state));
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

/* Takes @error. */
static void
fail (CvnRtcTransport *self,
      GError          *error)
{
  if (self->state == CVN_RTC_TRANSPORT_STATE_FAILED || self->state == CVN_RTC_TRANSPORT_STATE_CLOSED)
    {
      g_error_free (error);
      return;
    }
  g_debug ("transport %p failed: %s", self, error->message);
  clear_timers (self);
  clear_inactivity_timer (self);
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  set_state (self, CVN_RTC_TRANSPORT_STATE_FAILED);
}

static gboolean
is_final (CvnRtcTransport *self)
{
  return self->state == CVN_RTC_TRANSPORT_STATE_FAILED || self->state == CVN_RTC_TRANSPORT_STATE_CLOSED;
}

/* --- DTLS ------------------------------------------------------------------------------- */

static void
dtls_send_cb (const guint8 *data,
              gsize         len,
              gpointer      user_data)
{
  CvnRtcTransport *self = user_data;

  if (self->agent == NULL || is_final (self))
    return;
  /* An ICE-lite SFU may see the ClientHello before libnice has selected its pair: keep
   * the answer until ICE is connected rather than wait for a retransmission. */
  if (!self->ice_connected)
    {
      if (self->dtls_pending->len < MAX_PENDING_DTLS)
        g_ptr_array_add (self->dtls_pending, g_bytes_new (data, len));
      return;
    }
  if (self->dtls_drop > 0)
    {
      self->dtls_drop--;
      g_debug ("transport %p: dropping a DTLS datagram of %" G_GSIZE_FORMAT " bytes (fault injection)", self, len);
      return;
    }
  if (nice_agent_send (self->agent, self->stream_id, 1, len, (const char *) data) < 0)
    g_debug ("transport %p: a DTLS datagram of %" G_GSIZE_FORMAT " bytes was not sent", self, len);
}

static void
flush_pending_dtls (CvnRtcTransport *self)
{
  g_autoptr(GPtrArray) pending = g_steal_pointer (&self->dtls_pending);

  self->dtls_pending = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  for (guint i = 0; i < pending->len; i++)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (pending, i), &len);

      dtls_send_cb (data, len, self);
    }
}

static void
dtls_data_cb (const guint8 *data,
              gsize         len,
              gpointer      user_data)
{
  CvnRtcTransport *self = user_data;

  if (self->data_func != NULL)
    self->data_func (data, len, self->data_func_user_data);
}

static gboolean
inactivity_cb (gpointer user_data)
{
  CvnRtcTransport *self = user_data;
  gint64 silent_ms = (g_get_monotonic_time () - self->last_received) / 1000;

  if (silent_ms < self->inactivity_timeout_ms)
    return G_SOURCE_CONTINUE;
  g_clear_pointer (&self->inactivity_timer, g_source_unref);
  fail (self, g_error_new (CVN_RTC_ERROR, CVN_RTC_ERROR_TIMED_OUT,
                           "nothing was received from the peer for %u ms", self->inactivity_timeout_ms));
  return G_SOURCE_REMOVE;
}

static void
start_inactivity_timer (CvnRtcTransport *self)
{
  clear_inactivity_timer (self);
  if (self->inactivity_timeout_ms == 0)
    return;
  self->last_received = g_get_monotonic_time ();
  self->inactivity_timer = g_timeout_source_new (CLAMP (self->inactivity_timeout_ms / 4, 10, 1000));
  g_source_set_callback (self->inactivity_timer, inactivity_cb, self, NULL);
  g_source_set_static_name (self->inactivity_timer, "cvn-rtc-inactivity");
  g_source_attach (self->inactivity_timer, self->context);
}

static void
dtls_connected (CvnRtcTransport *self)
{
  g_autoptr(GError) error = NULL;
  CvnRtcSrtpProfile profile;
  guint8 local_key[64];
  guint8 remote_key[64];

  if (!cvn_rtc_dtls_export_srtp (self->dtls, &profile, local_key, remote_key, &error))
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  self->srtp = cvn_rtc_srtp_new (profile, local_key, remote_key, &error);
  memset (local_key, 0, sizeof local_key);
  memset (remote_key, 0, sizeof remote_key);
  if (self->srtp == NULL)
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  clear_timers (self);
  start_inactivity_timer (self);
  self->srtp_profile = profile;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SRTP_PROFILE]);
  set_state (self, CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE);
}

static void
handle_dtls_result (CvnRtcTransport  *self,
                    CvnRtcDtlsResult  result,
                    GError           *error)
{
  switch (result)
    {
    case CVN_RTC_DTLS_CONTINUE:
      arm_dtls_timer (self);
      break;
    case CVN_RTC_DTLS_CONNECTED:
      dtls_connected (self);
      break;
    case CVN_RTC_DTLS_FAILED:
      fail (self, error != NULL ? error : g_error_new_literal (CVN_RTC_ERROR, CVN_RTC_ERROR_DTLS, "DTLS failed"));
      return;
    case CVN_RTC_DTLS_CLOSED:
      fail (self, g_error_new_literal (CVN_RTC_ERROR, CVN_RTC_ERROR_CLOSED, "the peer closed the DTLS association"));
      break;
    default:
      break;
    }
  if (error != NULL)
    g_error_free (error);
}

static gboolean
dtls_timer_cb (gpointer user_data)
{
  CvnRtcTransport *self = user_data;
  GError *error = NULL;
  CvnRtcDtlsResult result;

  g_clear_pointer (&self->dtls_timer, g_source_unref);
  if (self->dtls == NULL || is_final (self))
    return G_SOURCE_REMOVE;
  result = cvn_rtc_dtls_handle_timeout (self->dtls, &error);
  handle_dtls_result (self, result, error);
  return G_SOURCE_REMOVE;
}

static void
arm_dtls_timer (CvnRtcTransport *self)
{
  gint64 ms;

  if (self->dtls_timer != NULL)
    {
      g_source_destroy (self->dtls_timer);
      g_clear_pointer (&self->dtls_timer, g_source_unref);
    }
  if (self->dtls == NULL || is_final (self))
    return;
  ms = cvn_rtc_dtls_get_timeout_ms (self->dtls);
  if (ms < 0)
    return;
  self->dtls_timer = g_timeout_source_new ((guint) MIN (ms, 60000));
  g_source_set_callback (self->dtls_timer, dtls_timer_cb, self, NULL);
  g_source_set_static_name (self->dtls_timer, "cvn-rtc-dtls-retransmit");
  g_source_attach (self->dtls_timer, self->context);
}

static void
start_dtls (CvnRtcTransport *self)
{
  GError *error = NULL;
  CvnRtcDtlsResult result;

  set_state (self, CVN_RTC_TRANSPORT_STATE_DTLS_CONNECTING);
  result = cvn_rtc_dtls_start (self->dtls, &error);
  handle_dtls_result (self, result, error);
}

/* --- receiving ------------------------------------------------------------------------- */

static void
reject (CvnRtcTransport *self,
        const char      *why,
        gsize            len)
{
  self->rejected++;
  g_debug ("transport %p: dropped a datagram of %" G_GSIZE_FORMAT " bytes (%s); %" G_GUINT64_FORMAT " so far",
           self, len, why, self->rejected);
}

static void
receive_media (CvnRtcTransport  *self,
               CvnRtcPacketKind  kind,
               const guint8     *data,
               gsize             len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  guint8 *copy;
  gsize n = len;
  gboolean ok;

  if (self->srtp == NULL)
    {
      reject (self, "media before DTLS-SRTP", len);
      return;
    }
  copy = g_malloc (len);
  memcpy (copy, data, len);
  if (kind == CVN_RTC_PACKET_RTP)
    ok = cvn_rtc_srtp_unprotect_rtp (self->srtp, copy, &n, &error);
  else
    ok = cvn_rtc_srtp_unprotect_rtcp (self->srtp, copy, &n, &error);
  if (!ok)
    {
      g_free (copy);
      reject (self, error->message, len);
      return;
    }
  bytes = g_bytes_new_take (copy, n);
  g_signal_emit (self, signals[kind == CVN_RTC_PACKET_RTP ? SIGNAL_RTP_RECEIVED : SIGNAL_RTCP_RECEIVED], 0, bytes);
}

static void
nice_recv_cb (NiceAgent *agent,
              guint      stream_id,
              guint      component_id,
              guint      len,
              gchar     *buf,
              gpointer   user_data)
{
  CvnRtcTransport *self = user_data;
  const guint8 *data = (const guint8 *) buf;
  CvnRtcPacketKind kind;

  if (is_final (self) || len > MAX_DATAGRAM)
    return;
  self->last_received = g_get_monotonic_time ();

  g_object_ref (self);
  kind = cvn_rtc_demux_classify (data, len);
  switch (kind)
    {
    case CVN_RTC_PACKET_DTLS:
      if (self->dtls != NULL)
        {
          GError *error = NULL;
          CvnRtcDtlsResult result = cvn_rtc_dtls_receive (self->dtls, data, len, &error);

          handle_dtls_result (self, result, error);
        }
      else
        reject (self, "DTLS before start", len);
      break;
    case CVN_RTC_PACKET_RTP:
    case CVN_RTC_PACKET_RTCP:
      receive_media (self, kind, data, len);
      break;
    default:
      /* STUN is consumed by libnice; anything else has no business here. */
      reject (self, cvn_rtc_packet_kind_to_string (kind), len);
      break;
    }
  g_object_unref (self);
}

/* --- ICE -------------------------------------------------------------------------------- */

static void
component_state_changed_cb (NiceAgent *agent,
                            guint      stream_id,
                            guint      component_id,
                            guint      nice_state,
                            gpointer   user_data)
{
  CvnRtcTransport *self = user_data;

  if (stream_id != self->stream_id || is_final (self))
    return;
  g_debug ("transport %p: ICE component %s", self, nice_component_state_to_string (nice_state));

  switch (nice_state)
    {
    case NICE_COMPONENT_STATE_CONNECTED:
    case NICE_COMPONENT_STATE_READY:
      if (!self->ice_connected)
        {
          self->ice_connected = TRUE;
          set_state (self, CVN_RTC_TRANSPORT_STATE_CONNECTED);
          start_dtls (self);
          flush_pending_dtls (self);
        }
      break;
    case NICE_COMPONENT_STATE_FAILED:
      fail (self, g_error_new (CVN_RTC_ERROR, CVN_RTC_ERROR_ICE,
                               self->ice_connected ? "ICE connectivity was lost" :
                                                     "ICE connectivity checks failed: no candidate pair works"));
      break;
    default:
      break;
    }
}

static gboolean
connect_timeout_cb (gpointer user_data)
{
  CvnRtcTransport *self = user_data;

  g_clear_pointer (&self->connect_timer, g_source_unref);
  if (self->state == CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE || is_final (self))
    return G_SOURCE_REMOVE;
  if (!self->ice_connected)
    fail (self, g_error_new (CVN_RTC_ERROR, CVN_RTC_ERROR_TIMED_OUT,
                             "ICE did not connect within %u ms", self->connect_timeout_ms));
  else
    fail (self, g_error_new (CVN_RTC_ERROR, CVN_RTC_ERROR_TIMED_OUT,
                             "the DTLS handshake did not complete within %u ms", self->connect_timeout_ms));
  return G_SOURCE_REMOVE;
}

/* libnice gathers on every interface except loopback unless told which addresses to use; a
 * client must also reach an SFU on this very host (the sandbox, a local test SFU), so it is
 * given every address, loopback included. The candidates stay local: the join payload carries
 * none, the ICE-lite SFU learns the client's address from its checks. */
static void
add_every_local_address (NiceAgent *agent)
{
  GList *ips = nice_interfaces_get_local_ips (TRUE);

  for (GList *l = ips; l != NULL; l = l->next)
    {
      NiceAddress address;

      if (!nice_address_set_from_string (&address, l->data))
        continue;
      nice_address_set_port (&address, 0);
      nice_agent_add_local_address (agent, &address);
    }
  g_list_free_full (ips, g_free);
}

static gboolean
setup_agent (CvnRtcTransport  *self,
             GError          **error)
{
  NiceAgentOption options = NICE_AGENT_OPTION_NONE;
  gboolean client = self->role == CVN_RTC_ROLE_CLIENT;

  if (!client)
    options |= NICE_AGENT_OPTION_LITE_MODE;
  self->agent = nice_agent_new_full (self->context, NICE_COMPATIBILITY_RFC5245, options);
  if (self->agent == NULL)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_ICE, "could not create the ICE agent");
      return FALSE;
    }
  g_object_set (self->agent,
                "controlling-mode", client,
                "ice-tcp", TRUE,
                "ice-udp", TRUE,
                "upnp", FALSE,
                /* Binding requests as keepalives: a dead path fails instead of lingering. */
                "keepalive-conncheck", client,
                "stun-max-retransmissions", 5,
                NULL);

  if (self->local_address != NULL)
    {
      NiceAddress address;

      if (!nice_address_set_from_string (&address, self->local_address))
        {
          g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_ICE, "“%s” is not an IP address", self->local_address);
          return FALSE;
        }
      nice_address_set_port (&address, 0);
      if (!nice_agent_add_local_address (self->agent, &address))
        {
          g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_ICE, "cannot use the local address %s", self->local_address);
          return FALSE;
        }
    }
  else if (client)
    add_every_local_address (self->agent);

  self->stream_id = nice_agent_add_stream (self->agent, 1);
  if (self->stream_id == 0)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_ICE, "could not add an ICE stream");
      return FALSE;
    }
  nice_agent_set_stream_name (self->agent, self->stream_id, "application");
  if (!nice_agent_set_local_credentials (self->agent, self->stream_id, self->ufrag, self->pwd))
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_ICE, "could not set the ICE credentials");
      return FALSE;
    }
  g_signal_connect_object (self->agent, "component-state-changed",
                           G_CALLBACK (component_state_changed_cb), self, 0);
  nice_agent_attach_recv (self->agent, self->stream_id, 1, self->context, nice_recv_cb, self);
  if (!nice_agent_gather_candidates (self->agent, self->stream_id))
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_ICE, "could not gather local ICE candidates");
      return FALSE;
    }
  return TRUE;
}

/* Common to both roles once the peer's parameters are known. */
static gboolean
start_common (CvnRtcTransport  *self,
              const char       *remote_ufrag,
              const char       *remote_pwd,
              const char       *remote_fingerprint,
              gboolean          dtls_client,
              GError          **error)
{
  if (self->started || is_final (self))
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_FAILED, "the transport was already started");
      return FALSE;
    }
  if (!cvn_rtc_fingerprint_parse (remote_fingerprint, self->peer_fingerprint))
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_FAILED, "the peer's fingerprint is malformed");
      return FALSE;
    }
  self->dtls_client = dtls_client;
  self->dtls = cvn_rtc_dtls_new (self->certificate, dtls_client, self->peer_fingerprint,
                                 self->offered_profiles, dtls_send_cb, dtls_data_cb, self, error);
  if (self->dtls == NULL)
    return FALSE;
  if (!nice_agent_set_remote_credentials (self->agent, self->stream_id, remote_ufrag, remote_pwd))
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_ICE, "the peer's ICE credentials were refused");
      return FALSE;
    }
  self->started = TRUE;

  self->connect_timer = g_timeout_source_new (self->connect_timeout_ms);
  g_source_set_callback (self->connect_timer, connect_timeout_cb, self, NULL);
  g_source_set_static_name (self->connect_timer, "cvn-rtc-connect-timeout");
  g_source_attach (self->connect_timer, self->context);
  set_state (self, CVN_RTC_TRANSPORT_STATE_CHECKING);
  return TRUE;
}

/* TCP candidates of an SFU are passive (it listens) unless they say otherwise. */
static NiceCandidateTransport
candidate_transport (const CvnRtcCandidate *c)
{
  if (g_strcmp0 (c->protocol, "tcp") != 0)
    return NICE_CANDIDATE_TRANSPORT_UDP;
  if (g_strcmp0 (c->tcptype, "active") == 0)
    return NICE_CANDIDATE_TRANSPORT_TCP_ACTIVE;
  if (g_strcmp0 (c->tcptype, "so") == 0)
    return NICE_CANDIDATE_TRANSPORT_TCP_SO;
  return NICE_CANDIDATE_TRANSPORT_TCP_PASSIVE;
}

gboolean
cvn_rtc_transport_start_client (CvnRtcTransport     *self,
                                const CvnRtcAnswer  *answer,
                                GError             **error)
{
  const CvnRtcFingerprint *fp;
  GSList *candidates = NULL;
  int added;

  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), FALSE);
  g_return_val_if_fail (answer != NULL, FALSE);
  g_return_val_if_fail (self->role == CVN_RTC_ROLE_CLIENT, FALSE);

  if (answer->mode != CVN_RTC_ANSWER_MODE_RTC)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_INVALID_ANSWER, "a stream-mode answer has no transport");
      return FALSE;
    }
  fp = cvn_rtc_fingerprints_find (answer->fingerprints, "sha-256");
  if (fp == NULL)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_INVALID_ANSWER, "the answer has no sha-256 fingerprint");
      return FALSE;
    }
  /* We declared "active": the SFU answers "passive" and we are the DTLS client. An SFU
   * that insists on "active" makes us the DTLS server. */
  if (!start_common (self, answer->ufrag, answer->pwd, fp->fingerprint,
                     fp->setup != CVN_RTC_SETUP_ACTIVE, error))
    return FALSE;

  for (guint i = 0; i < answer->candidates->len; i++)
    {
      const CvnRtcCandidate *c = g_ptr_array_index (answer->candidates, i);
      NiceCandidate *nc;
      NiceCandidateType type = NICE_CANDIDATE_TYPE_HOST;

      if (c->component != 1)
        {
          g_debug ("transport %p: skipping candidate %s:%u of component %u", self, c->ip, c->port, c->component);
          continue;
        }
      if (g_strcmp0 (c->type, "srflx") == 0)
        type = NICE_CANDIDATE_TYPE_SERVER_REFLEXIVE;
      else if (g_strcmp0 (c->type, "prflx") == 0)
        type = NICE_CANDIDATE_TYPE_PEER_REFLEXIVE;
      else if (g_strcmp0 (c->type, "relay") == 0)
        type = NICE_CANDIDATE_TYPE_RELAYED;
      nc = nice_candidate_new (type);
      nc->stream_id = self->stream_id;
      nc->component_id = 1;
      nc->transport = candidate_transport (c);
      nc->priority = c->priority;
      g_strlcpy (nc->foundation, c->foundation, sizeof nc->foundation);
      if (!nice_address_set_from_string (&nc->addr, c->ip))
        {
          nice_candidate_free (nc);
          continue;
        }
      nice_address_set_port (&nc->addr, c->port);
      candidates = g_slist_append (candidates, nc);
    }
  added = candidates != NULL ? nice_agent_set_remote_candidates (self->agent, self->stream_id, 1, candidates) : 0;
  g_slist_free_full (candidates, (GDestroyNotify) nice_candidate_free);
  if (added <= 0)
    {
      GError *local = g_error_new (CVN_RTC_ERROR, CVN_RTC_ERROR_ICE, "none of the answer's candidates is usable");

      if (error != NULL)
        *error = g_error_copy (local);
      fail (self, local);
      return FALSE;
    }
  return TRUE;
}

gboolean
cvn_rtc_transport_start_sfu (CvnRtcTransport          *self,
                             const CvnRtcJoinPayload  *payload,
                             GError                  **error)
{
  const CvnRtcFingerprint *fp;

  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);
  g_return_val_if_fail (self->role == CVN_RTC_ROLE_SFU, FALSE);

  fp = cvn_rtc_fingerprints_find (payload->fingerprints, "sha-256");
  if (!cvn_rtc_join_payload_has_transport (payload) || fp == NULL)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_INVALID_PAYLOAD, "the join payload has no transport");
      return FALSE;
    }
  /* Mirror the client: "active" makes us the DTLS server, anything else the client. */
  return start_common (self, payload->ufrag, payload->pwd, fp->fingerprint,
                       fp->setup != CVN_RTC_SETUP_ACTIVE, error);
}

CvnRtcAnswer *
cvn_rtc_transport_create_answer (CvnRtcTransport *self,
                                 const char      *video_endpoint)
{
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rtc_candidate_free);
  GSList *local;

  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), NULL);
  g_return_val_if_fail (self->role == CVN_RTC_ROLE_SFU && self->started, NULL);

  local = nice_agent_get_local_candidates (self->agent, self->stream_id, 1);
  for (GSList *l = local; l != NULL; l = l->next)
    {
      NiceCandidate *nc = l->data;
      char ip[NICE_ADDRESS_STRING_LEN];
      CvnRtcCandidate *c;

      /* UDP, and TCP where we listen; active TCP candidates have no port to give. */
      if (nc->transport != NICE_CANDIDATE_TRANSPORT_UDP && nc->transport != NICE_CANDIDATE_TRANSPORT_TCP_PASSIVE)
        continue;
      nice_address_to_string (&nc->addr, ip);
      c = cvn_rtc_candidate_new (nc->foundation, nc->priority, ip, nice_address_get_port (&nc->addr));
      if (nc->transport == NICE_CANDIDATE_TRANSPORT_TCP_PASSIVE)
        {
          g_free (c->protocol);
          c->protocol = g_strdup ("tcp");
          c->tcptype = g_strdup ("passive");
        }
      g_ptr_array_add (candidates, c);
    }
  g_slist_free_full (local, (GDestroyNotify) nice_candidate_free);

  return cvn_rtc_answer_new_sfu (self->ufrag, self->pwd, cvn_rtc_certificate_get_fingerprint (self->certificate),
                                 self->dtls_client ? CVN_RTC_SETUP_ACTIVE : CVN_RTC_SETUP_PASSIVE,
                                 candidates, video_endpoint);
}

CvnRtcJoinPayload *
cvn_rtc_transport_create_join_payload (CvnRtcTransport    *self,
                                       CvnRtcVideoLayout   video,
                                       GError            **error)
{
  guint32 ssrc;

  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), NULL);
  if (!cvn_rtc_ssrc_generate (&ssrc, error))
    return NULL;
  return cvn_rtc_join_payload_new (self->ufrag, self->pwd, cvn_rtc_certificate_get_fingerprint (self->certificate),
                                   CVN_RTC_SETUP_ACTIVE, ssrc, video);
}

/* --- waiting ---------------------------------------------------------------------------- */

typedef struct
{
  gulong   notify_id;
  GSource *cancel_source;
} WaitData;

static void
wait_data_free (WaitData *data)
{
  g_assert (data->notify_id == 0 && data->cancel_source == NULL);
  g_free (data);
}

/* Takes @error (may be NULL: success) and the task's reference. */
static void
wait_complete (GTask  *task,
               GError *error)
{
  CvnRtcTransport *self = g_task_get_source_object (task);
  WaitData *data = g_task_get_task_data (task);

  g_clear_signal_handler (&data->notify_id, self);
  if (data->cancel_source != NULL)
    {
      g_source_destroy (data->cancel_source);
      g_clear_pointer (&data->cancel_source, g_source_unref);
    }
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
  g_object_unref (task);
}

static gboolean
wait_check (GTask *task)
{
  CvnRtcTransport *self = g_task_get_source_object (task);

  switch (self->state)
    {
    case CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE:
      wait_complete (task, NULL);
      return TRUE;
    case CVN_RTC_TRANSPORT_STATE_FAILED:
      wait_complete (task, self->error != NULL ? g_error_copy (self->error) :
                                                 g_error_new_literal (CVN_RTC_ERROR, CVN_RTC_ERROR_FAILED, "failed"));
      return TRUE;
    case CVN_RTC_TRANSPORT_STATE_CLOSED:
      wait_complete (task, g_error_new_literal (CVN_RTC_ERROR, CVN_RTC_ERROR_CLOSED, "the transport was closed"));
      return TRUE;
    default:
      return FALSE;
    }
}

static void
wait_state_cb (CvnRtcTransport *self,
               GParamSpec      *pspec,
               GTask           *task)
{
  wait_check (task);
}

static gboolean
wait_cancelled_cb (GCancellable *cancellable,
                   gpointer      user_data)
{
  GTask *task = user_data;
  GError *error = NULL;

  g_cancellable_set_error_if_cancelled (cancellable, &error);
  wait_complete (task, error);
  return G_SOURCE_REMOVE;
}

void
cvn_rtc_transport_wait_secure_async (CvnRtcTransport     *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  GTask *task;
  WaitData *data;

  g_return_if_fail (CVN_IS_RTC_TRANSPORT (self));
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_rtc_transport_wait_secure_async);
  data = g_new0 (WaitData, 1);
  g_task_set_task_data (task, data, (GDestroyNotify) wait_data_free);
  if (wait_check (task))
    return;
  data->notify_id = g_signal_connect (self, "notify::state", G_CALLBACK (wait_state_cb), task);
  if (cancellable != NULL)
    {
      data->cancel_source = g_cancellable_source_new (cancellable);
      g_source_set_callback (data->cancel_source, (GSourceFunc) (void (*) (void)) wait_cancelled_cb, task, NULL);
      g_source_attach (data->cancel_source, g_task_get_context (task));
    }
}

gboolean
cvn_rtc_transport_wait_secure_finish (CvnRtcTransport  *self,
                                      GAsyncResult     *result,
                                      GError          **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- sending ---------------------------------------------------------------------------- */

static gboolean
send_media (CvnRtcTransport  *self,
            gboolean          rtcp,
            const guint8     *data,
            gsize             len,
            GError          **error)
{
  g_autofree guint8 *buf = NULL;
  gsize n = len;
  CvnRtcPacketKind kind;
  int sent;

  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), FALSE);

  if (self->state != CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE || self->srtp == NULL)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_CLOSED, "the transport is %s, not connected-secure",
                   state_name (self->state));
      return FALSE;
    }
  kind = cvn_rtc_demux_classify (data, len);
  if (kind != (rtcp ? CVN_RTC_PACKET_RTCP : CVN_RTC_PACKET_RTP) || len > 1500)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_INVALID_PACKET, "not an %s packet of at most 1500 bytes",
                   rtcp ? "RTCP" : "RTP");
      return FALSE;
    }
  buf = g_malloc (len + CVN_RTC_SRTP_MAX_OVERHEAD);
  memcpy (buf, data, len);
  if (!(rtcp ? cvn_rtc_srtp_protect_rtcp (self->srtp, buf, &n, error) :
               cvn_rtc_srtp_protect_rtp (self->srtp, buf, &n, error)))
    return FALSE;
  sent = nice_agent_send (self->agent, self->stream_id, 1, n, (const char *) buf);
  if (sent != (int) n)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_ICE, "the ICE component did not take the packet");
      return FALSE;
    }
  return TRUE;
}

gboolean
cvn_rtc_transport_send_rtp (CvnRtcTransport  *self,
                            const guint8     *data,
                            gsize             len,
                            GError          **error)
{
  return send_media (self, FALSE, data, len, error);
}

gboolean
cvn_rtc_transport_send_rtcp (CvnRtcTransport  *self,
                             const guint8     *data,
                             gsize             len,
                             GError          **error)
{
  return send_media (self, TRUE, data, len, error);
}

void
cvn_rtc_transport_set_application_data_func (CvnRtcTransport         *self,
                                             CvnRtcTransportDataFunc  func,
                                             gpointer                 user_data)
{
  g_return_if_fail (CVN_IS_RTC_TRANSPORT (self));
  self->data_func = func;
  self->data_func_user_data = user_data;
}

gboolean
cvn_rtc_transport_send_application_data (CvnRtcTransport  *self,
                                         const guint8     *data,
                                         gsize             len,
                                         GError          **error)
{
  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), FALSE);
  if (self->state != CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_CLOSED, "the transport is %s, not connected-secure",
                   state_name (self->state));
      return FALSE;
    }
  return cvn_rtc_dtls_send (self->dtls, data, len, error);
}

gboolean
cvn_rtc_transport_send_datagram (CvnRtcTransport  *self,
                                 const guint8     *data,
                                 gsize             len,
                                 GError          **error)
{
  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), FALSE);

  if (!self->ice_connected || is_final (self) || self->agent == NULL)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_CLOSED, "ICE is not connected");
      return FALSE;
    }
  if (nice_agent_send (self->agent, self->stream_id, 1, len, (const char *) data) != (int) len)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_ICE, "the ICE component did not take the datagram");
      return FALSE;
    }
  return TRUE;
}

void
cvn_rtc_transport_drop_outgoing_dtls (CvnRtcTransport *self,
                                      guint            count)
{
  g_return_if_fail (CVN_IS_RTC_TRANSPORT (self));
  self->dtls_drop = count;
}

GMainContext *
cvn_rtc_transport_get_context (CvnRtcTransport *self)
{
  return self->context;
}

gboolean
cvn_rtc_transport_is_dtls_client (CvnRtcTransport *self)
{
  return self->dtls_client;
}

/* --- closing ---------------------------------------------------------------------------- */

static void
teardown (CvnRtcTransport *self)
{
  clear_timers (self);
  clear_inactivity_timer (self);
  if (self->dtls != NULL)
    cvn_rtc_dtls_shutdown (self->dtls);
  if (self->agent != NULL)
    {
      nice_agent_attach_recv (self->agent, self->stream_id, 1, self->context, NULL, NULL);
      g_signal_handlers_disconnect_by_data (self->agent, self);
      nice_agent_remove_stream (self->agent, self->stream_id);
      g_clear_object (&self->agent);
    }
  g_clear_pointer (&self->srtp, cvn_rtc_srtp_free);
  g_clear_pointer (&self->dtls, cvn_rtc_dtls_free);
}

void
cvn_rtc_transport_close (CvnRtcTransport *self)
{
  g_return_if_fail (CVN_IS_RTC_TRANSPORT (self));

  if (self->state == CVN_RTC_TRANSPORT_STATE_CLOSED)
    return;
  teardown (self);
  /* A failed transport stays failed (its error says why); anything else is closed. */
  if (self->state != CVN_RTC_TRANSPORT_STATE_FAILED)
    set_state (self, CVN_RTC_TRANSPORT_STATE_CLOSED);
}

/* --- GObject ---------------------------------------------------------------------------- */

CvnRtcTransport *
cvn_rtc_transport_new (CvnRtcRole     role,
                       GMainContext  *context,
                       const char    *local_address,
                       GError       **error)
{
  g_autoptr(CvnRtcTransport) self = g_object_new (CVN_TYPE_RTC_TRANSPORT,
                                                  "role", role,
                                                  "context", context,
                                                  "local-address", local_address,
                                                  NULL);

  self->certificate = cvn_rtc_certificate_new (error);
  if (self->certificate == NULL)
    return NULL;
  if (!cvn_rtc_ice_credentials_generate (&self->ufrag, &self->pwd, error))
    return NULL;
  if (!setup_agent (self, error))
    return NULL;
  /* An ICE-lite SFU sends no checks of its own and cannot tell a vanished client from a
   * quiet one by ICE: it watches what arrives instead (tgcalls gives up after 20 s). */
  if (role == CVN_RTC_ROLE_SFU)
    self->inactivity_timeout_ms = DEFAULT_SFU_INACTIVITY_TIMEOUT_MS;
  return g_steal_pointer (&self);
}

static void
cvn_rtc_transport_dispose (GObject *object)
{
  CvnRtcTransport *self = CVN_RTC_TRANSPORT (object);

  teardown (self);
  G_OBJECT_CLASS (cvn_rtc_transport_parent_class)->dispose (object);
}

static void
cvn_rtc_transport_finalize (GObject *object)
{
  CvnRtcTransport *self = CVN_RTC_TRANSPORT (object);

  g_clear_pointer (&self->certificate, cvn_rtc_certificate_free);
  g_clear_pointer (&self->dtls_pending, g_ptr_array_unref);
  g_clear_error (&self->error);
  g_free (self->ufrag);
  g_free (self->pwd);
  g_free (self->local_address);
  g_clear_pointer (&self->context, g_main_context_unref);
  G_OBJECT_CLASS (cvn_rtc_transport_parent_class)->finalize (object);
}

static void
cvn_rtc_transport_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CvnRtcTransport *self = CVN_RTC_TRANSPORT (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;
    case PROP_CONTEXT:
      g_value_set_boxed (value, self->context);
      break;
    case PROP_LOCAL_ADDRESS:
      g_value_set_string (value, self->local_address);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_SRTP_PROFILE:
      g_value_set_enum (value, self->srtp_profile);
      break;
    case PROP_SRTP_PROFILES:
      g_value_set_flags (value, self->offered_profiles);
      break;
    case PROP_CONNECT_TIMEOUT:
      g_value_set_uint (value, self->connect_timeout_ms);
      break;
    case PROP_INACTIVITY_TIMEOUT:
      g_value_set_uint (value, self->inactivity_timeout_ms);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_rtc_transport_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CvnRtcTransport *self = CVN_RTC_TRANSPORT (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      self->role = g_value_get_enum (value);
      break;
    case PROP_CONTEXT:
      {
        GMainContext *context = g_value_get_boxed (value);

        self->context = context != NULL ? g_main_context_ref (context) : g_main_context_ref_thread_default ();
      }
      break;
    case PROP_LOCAL_ADDRESS:
      self->local_address = g_value_dup_string (value);
      break;
    case PROP_SRTP_PROFILES:
      cvn_rtc_transport_set_srtp_profiles (self, g_value_get_flags (value));
      break;
    case PROP_CONNECT_TIMEOUT:
      cvn_rtc_transport_set_connect_timeout (self, g_value_get_uint (value));
      break;
    case PROP_INACTIVITY_TIMEOUT:
      cvn_rtc_transport_set_inactivity_timeout (self, g_value_get_uint (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_rtc_transport_class_init (CvnRtcTransportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cvn_rtc_transport_dispose;
  object_class->finalize = cvn_rtc_transport_finalize;
  object_class->get_property = cvn_rtc_transport_get_property;
  object_class->set_property = cvn_rtc_transport_set_property;

  properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL, CVN_TYPE_RTC_ROLE, CVN_RTC_ROLE_CLIENT,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONTEXT] =
    g_param_spec_boxed ("context", NULL, NULL, G_TYPE_MAIN_CONTEXT,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOCAL_ADDRESS] =
    g_param_spec_string ("local-address", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CVN_TYPE_RTC_TRANSPORT_STATE, CVN_RTC_TRANSPORT_STATE_NEW,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SRTP_PROFILE] =
    g_param_spec_enum ("srtp-profile", NULL, NULL, CVN_TYPE_RTC_SRTP_PROFILE, CVN_RTC_SRTP_PROFILE_NONE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SRTP_PROFILES] =
    g_param_spec_flags ("srtp-profiles", NULL, NULL, CVN_TYPE_RTC_SRTP_PROFILES, CVN_RTC_SRTP_PROFILES_ALL,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CONNECT_TIMEOUT] =
    g_param_spec_uint ("connect-timeout", NULL, NULL, 100, 600000, DEFAULT_CONNECT_TIMEOUT_MS,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INACTIVITY_TIMEOUT] =
    g_param_spec_uint ("inactivity-timeout", NULL, NULL, 0, 600000, 0,
                       G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CvnRtcTransport::rtp-received:
   * @bytes: one decrypted RTP packet
   */
  signals[SIGNAL_RTP_RECEIVED] =
    g_signal_new ("rtp-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BYTES);
  /**
   * CvnRtcTransport::rtcp-received:
   * @bytes: one decrypted (compound) RTCP packet
   */
  signals[SIGNAL_RTCP_RECEIVED] =
    g_signal_new ("rtcp-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BYTES);
}

static void
cvn_rtc_transport_init (CvnRtcTransport *self)
{
  self->offered_profiles = CVN_RTC_SRTP_PROFILES_ALL;
  self->dtls_pending = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  self->connect_timeout_ms = DEFAULT_CONNECT_TIMEOUT_MS;
}

/* --- accessors -------------------------------------------------------------------------- */

CvnRtcRole
cvn_rtc_transport_get_role (CvnRtcTransport *self)
{
  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), CVN_RTC_ROLE_CLIENT);
  return self->role;
}

CvnRtcTransportState
cvn_rtc_transport_get_state (CvnRtcTransport *self)
{
  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), CVN_RTC_TRANSPORT_STATE_FAILED);
  return self->state;
}

const GError *
cvn_rtc_transport_get_error (CvnRtcTransport *self)
{
  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), NULL);
  return self->error;
}

const char *
cvn_rtc_transport_get_local_ufrag (CvnRtcTransport *self)
{
  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), NULL);
  return self->ufrag;
}

const char *
cvn_rtc_transport_get_local_pwd (CvnRtcTransport *self)
{
  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), NULL);
  return self->pwd;
}

const char *
cvn_rtc_transport_get_local_fingerprint (CvnRtcTransport *self)
{
  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), NULL);
  return cvn_rtc_certificate_get_fingerprint (self->certificate);
}

CvnRtcSrtpProfile
cvn_rtc_transport_get_srtp_profile (CvnRtcTransport *self)
{
  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), CVN_RTC_SRTP_PROFILE_NONE);
  return self->srtp_profile;
}

void
cvn_rtc_transport_set_srtp_profiles (CvnRtcTransport    *self,
                                     CvnRtcSrtpProfiles  profiles)
{
  g_return_if_fail (CVN_IS_RTC_TRANSPORT (self));
  g_return_if_fail ((profiles & CVN_RTC_SRTP_PROFILES_ALL) != 0);
  g_return_if_fail (!self->started);

  profiles &= CVN_RTC_SRTP_PROFILES_ALL;
  if (self->offered_profiles == profiles)
    return;
  self->offered_profiles = profiles;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SRTP_PROFILES]);
}

void
cvn_rtc_transport_set_connect_timeout (CvnRtcTransport *self,
                                       guint            timeout_ms)
{
  g_return_if_fail (CVN_IS_RTC_TRANSPORT (self));
  g_return_if_fail (timeout_ms >= 100);

  if (self->connect_timeout_ms == timeout_ms)
    return;
  self->connect_timeout_ms = timeout_ms;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECT_TIMEOUT]);
}

guint
cvn_rtc_transport_get_connect_timeout (CvnRtcTransport *self)
{
  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), 0);
  return self->connect_timeout_ms;
}

void
cvn_rtc_transport_set_inactivity_timeout (CvnRtcTransport *self,
                                          guint            timeout_ms)
{
  g_return_if_fail (CVN_IS_RTC_TRANSPORT (self));

  if (self->inactivity_timeout_ms == timeout_ms)
    return;
  self->inactivity_timeout_ms = timeout_ms;
  if (self->state == CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE)
    start_inactivity_timer (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_INACTIVITY_TIMEOUT]);
}

guint
cvn_rtc_transport_get_inactivity_timeout (CvnRtcTransport *self)
{
  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), 0);
  return self->inactivity_timeout_ms;
}

const char *
cvn_rtc_transport_get_selected_protocol (CvnRtcTransport *self)
{
  NiceCandidate *local = NULL;
  NiceCandidate *remote = NULL;

  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), NULL);

  if (self->agent == NULL || !self->ice_connected ||
      !nice_agent_get_selected_pair (self->agent, self->stream_id, 1, &local, &remote))
    return NULL;
  return local->transport == NICE_CANDIDATE_TRANSPORT_UDP ? "udp" : "tcp";
}

guint64
cvn_rtc_transport_get_rejected_count (CvnRtcTransport *self)
{
  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (self), 0);
  return self->rejected;
}
