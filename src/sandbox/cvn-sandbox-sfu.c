/* cvn-sandbox-sfu.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-sandbox-sfu.h"
#include "cvn-sandbox-error.h"

#include "cvn-rtc-answer.h"
#include "cvn-rtc-colibri.h"
#include "cvn-rtc-data-channel.h"
#include "cvn-rtc-error.h"
#include "cvn-rtc-join-payload.h"

#include <string.h>

typedef struct _SfuCall SfuCall;

typedef struct
{
  SfuCall           *call;
  char              *key;
  gint64             user_id;
  gboolean           presentation;
  CvnRtcTransport   *transport;
  CvnRtcDataChannel *channel;
  gulong             state_handler;
  gulong             message_handler;
  guint              remove_source;    /* idle: remove after a failure */
  guint64            n_constraints;
  char              *last_constraints;
} Connection;

struct _SfuCall
{
  CvnSandboxSfu *sfu;
  gint64         id;
  CvnRtcRouter  *router;
  GHashTable    *connections;   /* key -> Connection* (owned) */
  guint64        n_joins;
  guint64        n_failed;
  guint64        n_constraints;
  guint64        n_data_messages;
};

struct _CvnSandboxSfu
{
  GObject             parent_instance;

  char               *address;
  GMainContext       *context;
  GHashTable         *calls;    /* gint64* call id -> SfuCall* (owned) */
  CvnRtcSrtpProfiles  profiles;
  guint               connect_ms;
  guint               inactivity_ms;
  double              loss;
  guint32             loss_seed;
};

G_DEFINE_FINAL_TYPE (CvnSandboxSfu, cvn_sandbox_sfu, G_TYPE_OBJECT)

static char *
connection_key (gint64   user_id,
                gboolean presentation)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT "%s", user_id, presentation ? "/presentation" : "");
}

static void
connection_free (Connection *connection)
{
  if (connection->remove_source != 0)
    {
      GSource *source = g_main_context_find_source_by_id (connection->call->sfu->context,
                                                          connection->remove_source);

      if (source != NULL)
        g_source_destroy (source);
    }
  g_clear_signal_handler (&connection->message_handler, connection->channel);
  g_clear_signal_handler (&connection->state_handler, connection->transport);
  cvn_rtc_router_remove_transport (connection->call->router, connection->transport);
  g_clear_object (&connection->channel);
  cvn_rtc_transport_close (connection->transport);
  g_clear_object (&connection->transport);
  g_free (connection->last_constraints);
  g_free (connection->key);
  g_free (connection);
}

static void
sfu_call_free (SfuCall *call)
{
  g_clear_pointer (&call->connections, g_hash_table_unref);
  g_clear_object (&call->router);
  g_free (call);
}

static SfuCall *
lookup_call (CvnSandboxSfu *self,
             gint64         call_id,
             gboolean       create)
{
  SfuCall *call = g_hash_table_lookup (self->calls, &call_id);

  if (call == NULL && create)
    {
      call = g_new0 (SfuCall, 1);
      call->sfu = self;
      call->id = call_id;
      call->router = cvn_rtc_router_new ();
      if (self->loss > 0)
        cvn_rtc_router_set_loss (call->router, self->loss, self->loss_seed);
      call->connections = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                                 (GDestroyNotify) connection_free);
      g_hash_table_insert (self->calls, g_memdup2 (&call_id, sizeof call_id), call);
    }
  return call;
}

static Connection *
lookup_connection (CvnSandboxSfu *self,
                   gint64         call_id,
                   gint64         user_id,
                   gboolean       presentation)
{
  SfuCall *call = lookup_call (self, call_id, FALSE);
  g_autofree char *key = connection_key (user_id, presentation);

  return call != NULL ? g_hash_table_lookup (call->connections, key) : NULL;
}

static gboolean
remove_failed_cb (gpointer user_data)
{
  Connection *connection = user_data;
  SfuCall *call = connection->call;

  connection->remove_source = 0;
  call->n_failed++;
  g_hash_table_remove (call->connections, connection->key);
  return G_SOURCE_REMOVE;
}

static void
transport_state_cb (CvnRtcTransport *transport,
                    GParamSpec      *pspec,
                    Connection      *connection)
{
  CvnRtcTransportState state = cvn_rtc_transport_get_state (transport);
  const GError *error;
  GSource *source;

  if (state != CVN_RTC_TRANSPORT_STATE_FAILED || connection->remove_source != 0)
    return;
  error = cvn_rtc_transport_get_error (transport);
  g_message ("SFU: call %" G_GINT64_FORMAT ", connection %s failed: %s; removed",
             connection->call->id, connection->key, error != NULL ? error->message : "?");
  /* Not from inside the transport's own signal emission. */
  source = g_idle_source_new ();
  g_source_set_callback (source, remove_failed_cb, connection, NULL);
  connection->remove_source = g_source_attach (source, connection->call->sfu->context);
  g_source_unref (source);
}

static void
message_received_cb (CvnRtcDataChannel *channel,
                     const char        *text,
                     Connection        *connection)
{
  g_autofree char *klass = cvn_rtc_colibri_message_get_class (text);
  g_autoptr(CvnRtcReceiverVideoConstraints) constraints = NULL;
  g_autoptr(GError) error = NULL;

  connection->call->n_data_messages++;
  if (g_strcmp0 (klass, "ReceiverVideoConstraints") != 0)
    {
      g_debug ("SFU: call %" G_GINT64_FORMAT ", connection %s: data channel message %s ignored",
               connection->call->id, connection->key, klass != NULL ? klass : "(no colibriClass)");
      return;
    }
  constraints = cvn_rtc_receiver_video_constraints_parse (text, &error);
  if (constraints == NULL)
    {
      g_message ("SFU: call %" G_GINT64_FORMAT ", connection %s: bad ReceiverVideoConstraints: %s",
                 connection->call->id, connection->key, error->message);
      return;
    }
  connection->n_constraints++;
  connection->call->n_constraints++;
  g_free (connection->last_constraints);
  connection->last_constraints = g_strdup (text);
}

gboolean
cvn_sandbox_sfu_connect (CvnSandboxSfu  *self,
                         gint64          call_id,
                         gint64          user_id,
                         gboolean        presentation,
                         const char     *payload_json,
                         gsize           payload_len,
                         GError        **error)
{
  g_autoptr(CvnRtcJoinPayload) payload = NULL;
  g_autoptr(CvnRtcTransport) transport = NULL;
  g_autoptr(CvnRtcDataChannel) channel = NULL;
  g_autoptr(GError) local_error = NULL;
  SfuCall *call;
  Connection *connection;
  char *key;

  g_return_val_if_fail (CVN_IS_SANDBOX_SFU (self), FALSE);

  payload = cvn_rtc_join_payload_parse (payload_json, payload_len, &local_error);
  if (payload == NULL || !cvn_rtc_join_payload_has_transport (payload))
    {
      g_message ("SFU: call %" G_GINT64_FORMAT ": join payload refused: %s", call_id,
                 local_error != NULL ? local_error->message : "no transport");
      g_set_error_literal (error, CVN_SANDBOX_RPC_ERROR, 400, "DATA_JSON_INVALID");
      return FALSE;
    }

  call = lookup_call (self, call_id, TRUE);
  key = connection_key (user_id, presentation);
  /* a rejoin: the previous transport goes first, its sources with it */
  g_hash_table_remove (call->connections, key);

  transport = cvn_rtc_transport_new (CVN_RTC_ROLE_SFU, self->context, self->address, &local_error);
  if (transport != NULL)
    {
      cvn_rtc_transport_set_srtp_profiles (transport, self->profiles);
      if (self->connect_ms != 0)
        cvn_rtc_transport_set_connect_timeout (transport, self->connect_ms);
      if (self->inactivity_ms != 0)
        cvn_rtc_transport_set_inactivity_timeout (transport, self->inactivity_ms);
      if (!cvn_rtc_transport_start_sfu (transport, payload, &local_error) ||
          (channel = cvn_rtc_data_channel_new (transport, &local_error)) == NULL)
        g_clear_object (&transport);
    }
  if (transport == NULL)
    {
      g_warning ("SFU: call %" G_GINT64_FORMAT ": no transport: %s", call_id, local_error->message);
      g_free (key);
      g_set_error_literal (error, CVN_SANDBOX_RPC_ERROR, 500, "INTERNAL");
      return FALSE;
    }
  if (!cvn_rtc_router_add_transport (call->router, transport, payload, &local_error))
    {
      g_message ("SFU: call %" G_GINT64_FORMAT ": %s", call_id, local_error->message);
      cvn_rtc_transport_close (transport);
      g_free (key);
      g_set_error_literal (error, CVN_SANDBOX_RPC_ERROR, 400, "GROUPCALL_SSRC_DUPLICATE_MUCH");
      return FALSE;
    }

  connection = g_new0 (Connection, 1);
  connection->call = call;
  connection->key = key;
  connection->user_id = user_id;
  connection->presentation = presentation;
  connection->transport = g_steal_pointer (&transport);
  connection->channel = g_steal_pointer (&channel);
  connection->state_handler = g_signal_connect (connection->transport, "notify::state",
                                                G_CALLBACK (transport_state_cb), connection);
  connection->message_handler = g_signal_connect (connection->channel, "message-received",
                                                  G_CALLBACK (message_received_cb), connection);
  g_hash_table_insert (call->connections, connection->key, connection);
  call->n_joins++;
  g_debug ("SFU: call %" G_GINT64_FORMAT ": connection %s, source %u", call_id, key, payload->ssrc);
  return TRUE;
}

char *
cvn_sandbox_sfu_create_answer (CvnSandboxSfu *self,
                               gint64         call_id,
                               gint64         user_id,
                               gboolean       presentation,
                               const char    *video_endpoint)
{
  Connection *connection;
  g_autoptr(CvnRtcAnswer) answer = NULL;

  g_return_val_if_fail (CVN_IS_SANDBOX_SFU (self), NULL);

  connection = lookup_connection (self, call_id, user_id, presentation);
  if (connection == NULL)
    return NULL;
  answer = cvn_rtc_transport_create_answer (connection->transport, video_endpoint);
  if (presentation)
    g_clear_pointer (&answer->audio, cvn_rtc_media_description_free);
  return cvn_rtc_answer_to_json (answer);
}

void
cvn_sandbox_sfu_disconnect (CvnSandboxSfu *self,
                            gint64         call_id,
                            gint64         user_id,
                            gboolean       presentation)
{
  SfuCall *call;
  g_autofree char *key = connection_key (user_id, presentation);

  g_return_if_fail (CVN_IS_SANDBOX_SFU (self));
  call = lookup_call (self, call_id, FALSE);
  if (call != NULL)
    g_hash_table_remove (call->connections, key);
}

void
cvn_sandbox_sfu_end_call (CvnSandboxSfu *self,
                          gint64         call_id)
{
  g_return_if_fail (CVN_IS_SANDBOX_SFU (self));
  g_hash_table_remove (self->calls, &call_id);
}

guint
cvn_sandbox_sfu_restart (CvnSandboxSfu *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_return_val_if_fail (CVN_IS_SANDBOX_SFU (self), 0);
  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SfuCall *call = value;

      n += g_hash_table_size (call->connections);
      g_hash_table_remove_all (call->connections);
    }
  g_message ("SFU: restarted, %u transports dropped", n);
  return n;
}

CvnRtcRouter *
cvn_sandbox_sfu_get_router (CvnSandboxSfu *self,
                            gint64         call_id)
{
  SfuCall *call;

  g_return_val_if_fail (CVN_IS_SANDBOX_SFU (self), NULL);
  call = lookup_call (self, call_id, FALSE);
  return call != NULL ? call->router : NULL;
}

static gint
compare_ids (gconstpointer a,
             gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

GArray *
cvn_sandbox_sfu_get_call_ids (CvnSandboxSfu *self)
{
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (CVN_IS_SANDBOX_SFU (self), ids);
  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    g_array_append_val (ids, *(gint64 *) key);
  g_array_sort (ids, compare_ids);
  return ids;
}

gboolean
cvn_sandbox_sfu_get_call_stats (CvnSandboxSfu          *self,
                                gint64                  call_id,
                                CvnSandboxSfuCallStats *stats)
{
  SfuCall *call;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (CVN_IS_SANDBOX_SFU (self), FALSE);
  memset (stats, 0, sizeof *stats);
  call = lookup_call (self, call_id, FALSE);
  if (call == NULL)
    return FALSE;
  stats->n_transports = g_hash_table_size (call->connections);
  g_hash_table_iter_init (&iter, call->connections);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      Connection *connection = value;

      if (cvn_rtc_transport_get_state (connection->transport) == CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE)
        stats->n_secure++;
    }
  stats->n_joins = call->n_joins;
  stats->n_failed = call->n_failed;
  stats->n_forwarded = cvn_rtc_router_get_forwarded_count (call->router);
  stats->n_dropped = cvn_rtc_router_get_dropped_count (call->router);
  stats->n_constraints = call->n_constraints;
  stats->n_data_messages = call->n_data_messages;
  return TRUE;
}

CvnRtcTransport *
cvn_sandbox_sfu_get_transport (CvnSandboxSfu *self,
                               gint64         call_id,
                               gint64         user_id,
                               gboolean       presentation)
{
  Connection *connection;

  g_return_val_if_fail (CVN_IS_SANDBOX_SFU (self), NULL);
  connection = lookup_connection (self, call_id, user_id, presentation);
  return connection != NULL ? connection->transport : NULL;
}

const char *
cvn_sandbox_sfu_get_last_constraints (CvnSandboxSfu *self,
                                      gint64         call_id,
                                      gint64         user_id,
                                      guint64       *n_constraints)
{
  Connection *connection;

  g_return_val_if_fail (CVN_IS_SANDBOX_SFU (self), NULL);
  connection = lookup_connection (self, call_id, user_id, FALSE);
  if (n_constraints != NULL)
    *n_constraints = connection != NULL ? connection->n_constraints : 0;
  return connection != NULL ? connection->last_constraints : NULL;
}

void
cvn_sandbox_sfu_set_srtp_profiles (CvnSandboxSfu      *self,
                                   CvnRtcSrtpProfiles  profiles)
{
  g_return_if_fail (CVN_IS_SANDBOX_SFU (self));
  g_return_if_fail (profiles != 0);
  self->profiles = profiles;
}

void
cvn_sandbox_sfu_set_timeouts (CvnSandboxSfu *self,
                              guint          connect_ms,
                              guint          inactivity_ms)
{
  g_return_if_fail (CVN_IS_SANDBOX_SFU (self));
  self->connect_ms = connect_ms;
  self->inactivity_ms = inactivity_ms;
}

void
cvn_sandbox_sfu_set_loss (CvnSandboxSfu *self,
                          double         fraction,
                          guint32        seed)
{
  GHashTableIter iter;
  gpointer value;

  g_return_if_fail (CVN_IS_SANDBOX_SFU (self));
  g_return_if_fail (fraction >= 0 && fraction <= 1);
  self->loss = fraction;
  self->loss_seed = seed;
  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    cvn_rtc_router_set_loss (((SfuCall *) value)->router, fraction, seed);
}

char *
cvn_sandbox_sfu_describe (CvnSandboxSfu *self)
{
  g_autoptr(GArray) ids = cvn_sandbox_sfu_get_call_ids (self);
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < ids->len; i++)
    {
      CvnSandboxSfuCallStats stats;
      gint64 id = g_array_index (ids, gint64, i);

      cvn_sandbox_sfu_get_call_stats (self, id, &stats);
      g_string_append_printf (text, "%scall %" G_GINT64_FORMAT " transports %u/%u joins %" G_GUINT64_FORMAT
                              " failed %" G_GUINT64_FORMAT " forwarded %" G_GUINT64_FORMAT
                              " dropped %" G_GUINT64_FORMAT " constraints %" G_GUINT64_FORMAT,
                              i > 0 ? "; " : "", id, stats.n_secure, stats.n_transports, stats.n_joins,
                              stats.n_failed, stats.n_forwarded, stats.n_dropped, stats.n_constraints);
    }
  return g_string_free (text, FALSE);
}

const char *
cvn_sandbox_sfu_get_address (CvnSandboxSfu *self)
{
  g_return_val_if_fail (CVN_IS_SANDBOX_SFU (self), NULL);
  return self->address;
}

CvnSandboxSfu *
cvn_sandbox_sfu_new (const char  *address,
                     GError     **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  CvnSandboxSfu *self;

  g_return_val_if_fail (address != NULL, NULL);
  if (g_ascii_strcasecmp (address, "localhost") == 0)
    address = "127.0.0.1";
  inet = g_inet_address_new_from_string (address);
  if (inet == NULL || !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_FAILED,
                   "the SFU serves loopback addresses only, not \"%s\"", address);
      return NULL;
    }
  self = g_object_new (CVN_TYPE_SANDBOX_SFU, NULL);
  self->address = g_strdup (address);
  return self;
}

static void
cvn_sandbox_sfu_dispose (GObject *object)
{
  CvnSandboxSfu *self = CVN_SANDBOX_SFU (object);

  if (self->calls != NULL)
    g_hash_table_remove_all (self->calls);
  G_OBJECT_CLASS (cvn_sandbox_sfu_parent_class)->dispose (object);
}

static void
cvn_sandbox_sfu_finalize (GObject *object)
{
  CvnSandboxSfu *self = CVN_SANDBOX_SFU (object);

  g_clear_pointer (&self->calls, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self->address);
  G_OBJECT_CLASS (cvn_sandbox_sfu_parent_class)->finalize (object);
}

static void
cvn_sandbox_sfu_class_init (CvnSandboxSfuClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cvn_sandbox_sfu_dispose;
  object_class->finalize = cvn_sandbox_sfu_finalize;
}

static void
cvn_sandbox_sfu_init (CvnSandboxSfu *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->calls = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, (GDestroyNotify) sfu_call_free);
  self->profiles = CVN_RTC_SRTP_PROFILES_ALL;
}
