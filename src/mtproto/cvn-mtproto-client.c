/* cvn-mtproto-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-client.h"
#include "cvn-mtproto-client-private.h"

#include "cvn-hash.h"
#include "cvn-mtproto-auth-key.h"
#include "cvn-mtproto-connection.h"
#include "cvn-mtproto-error.h"

#include <string.h>

#define MAX_INFLATED (16 * 1024 * 1024)
#define GZIP_THRESHOLD 4096
#define MAX_BATCH 64
#define MAX_BACKOFF_MS 5000
#define PING_INTERVAL_S 60
#define PING_DISCONNECT_S 75

/* --- results ------------------------------------------------------------------------ */

struct _CvnMtprotoResult
{
  gint        ref_count;
  CvnTlArena *arena;
  CvnTlValue  value;
};

G_DEFINE_BOXED_TYPE (CvnMtprotoResult, cvn_mtproto_result, cvn_mtproto_result_ref,
                     cvn_mtproto_result_unref)

static CvnMtprotoResult *
result_new (CvnTlArena *arena)
{
  CvnMtprotoResult *result = g_new0 (CvnMtprotoResult, 1);

  result->ref_count = 1;
  result->arena = arena;
  return result;
}

CvnMtprotoResult *
cvn_mtproto_result_ref (CvnMtprotoResult *result)
{
  g_atomic_int_inc (&result->ref_count);
  return result;
}

void
cvn_mtproto_result_unref (CvnMtprotoResult *result)
{
  if (result == NULL || !g_atomic_int_dec_and_test (&result->ref_count))
    return;
  cvn_tl_arena_free (result->arena);
  g_free (result);
}

const CvnTlValue *
cvn_mtproto_result_get_value (CvnMtprotoResult *result)
{
  return &result->value;
}

CvnTlObject *
cvn_mtproto_result_get_object (CvnMtprotoResult *result)
{
  return result->value.kind == CVN_TL_KIND_OBJECT || result->value.kind == CVN_TL_KIND_BARE ?
           result->value.object : NULL;
}

/* --- client ------------------------------------------------------------------------- */

typedef enum
{
  STATE_IDLE,
  STATE_CONNECTING,
  STATE_HANDSHAKE,
  STATE_READY,
  STATE_CLOSED,
} State;

typedef struct
{
  CvnMtprotoClient *client;    /* unowned */
  GTask            *task;
  CvnTlArena       *arena;     /* holds call */
  CvnTlObject      *call;      /* a copy of the query, for decoding the result */
  GBytes           *query;     /* serialised query */
  GBytes           *body;      /* what is sent under msg_id (maybe wrapped) */
  gint64            msg_id;    /* 0: not yet sent */
  gint32            seqno;
  gboolean          in_flight; /* sent on the current connection */
  gulong            cancel_id;
  gint64            not_before; /* monotonic µs: FLOOD_WAIT retry time */
  guint             retry_id;
} Request;

struct _CvnMtprotoClient
{
  GObject               parent_instance;

  char                 *host;
  guint16               port;
  gint32                dc_id;
  GPtrArray            *keys;
  CvnMtprotoFraming     framing;
  gboolean              obfuscated;

  gint32                api_id;
  char                 *device_model;
  char                 *system_version;
  char                 *app_version;
  char                 *system_lang_code;
  char                 *lang_pack;
  char                 *lang_code;

  State                 state;
  CvnMtprotoConnection *conn;
  GCancellable         *connect_cancellable;
  CvnMtprotoHandshake  *handshake;
  gint64                handshake_start;
  gint64                key_exchange_time;
  gboolean              have_key;
  CvnMtprotoAuthKey     key;
  CvnMtprotoSession    *session;
  gboolean              init_sent;   /* on the current connection */

  GQueue                queue;       /* Request, in order of invocation */
  GHashTable           *by_msg_id;   /* msg_id -> Request */
  GArray               *acks;        /* gint64 */
  GList                *connect_tasks;

  guint                 flush_id;
  guint                 ack_timer_id;
  guint                 reconnect_id;
  guint                 ping_id;
  guint                 backoff_ms;
  guint                 flood_wait_threshold;
  guint                 ping_interval;
  guint                 ping_disconnect;
  guint                 n_connects;
  guint64               n_flood_retries;
  guint64               n_resent;
  guint64               rejections[CVN_MTPROTO_N_REJECT];

  gint64                user_id;
  gboolean              aux;          /* a connection owned by another client */
  GPtrArray            *dc_options;   /* CvnMtprotoDcOption, from the last config */
  GHashTable           *aux_clients;  /* (kind << 16 | dc) -> CvnMtprotoClient */
  guint64               n_migrations;
};

enum
{
  PROP_0,
  PROP_DC_ID,
  PROP_USER_ID,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CvnMtprotoClient, cvn_mtproto_client, G_TYPE_OBJECT)

enum
{
  SIGNAL_UPDATE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_connect (CvnMtprotoClient *self);
static void schedule_flush (CvnMtprotoClient *self);

static void
replace_str (char       **target,
             const char  *value)
{
  g_free (*target);
  *target = g_strdup (value != NULL ? value : "");
}

static guint32
read_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint64
read_le64 (const guint8 *p)
{
  return (guint64) read_le32 (p) | (guint64) read_le32 (p + 4) << 32;
}

static void
request_free (Request *req)
{
  g_clear_handle_id (&req->retry_id, g_source_remove);
  if (req->cancel_id != 0)
    g_cancellable_disconnect (g_task_get_cancellable (req->task), req->cancel_id);
  g_clear_object (&req->task);
  g_clear_pointer (&req->arena, cvn_tl_arena_free);
  g_clear_pointer (&req->query, g_bytes_unref);
  g_clear_pointer (&req->body, g_bytes_unref);
  g_free (req);
}

/* Removes @req from the client's tables; the caller completes and frees it. */
static void
request_detach (CvnMtprotoClient *self,
                Request          *req)
{
  if (req->msg_id != 0)
    g_hash_table_remove (self->by_msg_id, &req->msg_id);
  g_queue_remove (&self->queue, req);
}

static void
request_fail (CvnMtprotoClient *self,
              Request          *req,
              GError           *error)
{
  request_detach (self, req);
  g_task_return_error (req->task, error);
  request_free (req);
}

static void
fail_all (CvnMtprotoClient *self,
          const GError     *error)
{
  while (!g_queue_is_empty (&self->queue))
    request_fail (self, g_queue_peek_head (&self->queue), g_error_copy (error));
  while (self->connect_tasks != NULL)
    {
      GTask *task = self->connect_tasks->data;

      self->connect_tasks = g_list_delete_link (self->connect_tasks, self->connect_tasks);
      g_task_return_error (task, g_error_copy (error));
      g_object_unref (task);
    }
}

static void
drop_connection (CvnMtprotoClient *self)
{
  g_clear_handle_id (&self->ping_id, g_source_remove);
  if (self->connect_cancellable != NULL)
    {
      g_cancellable_cancel (self->connect_cancellable);
      g_clear_object (&self->connect_cancellable);
    }
  if (self->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->conn, self);
      cvn_mtproto_connection_close (self->conn);
      g_clear_object (&self->conn);
    }
  g_clear_pointer (&self->handshake, cvn_mtproto_handshake_free);
  self->init_sent = FALSE;
  /* Everything unanswered goes again on the next connection, under its msg_id; pings
   * belong to the connection that is gone. */
  for (GList *l = self->queue.head; l != NULL;)
    {
      Request *req = l->data;

      l = l->next;
      req->in_flight = FALSE;
      if (req->call == NULL)
        {
          request_detach (self, req);
          g_task_return_boolean (req->task, FALSE);
          request_free (req);
        }
    }
}

static void
cvn_mtproto_client_dispose (GObject *object)
{
  CvnMtprotoClient *self = CVN_MTPROTO_CLIENT (object);

  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_handle_id (&self->ack_timer_id, g_source_remove);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  drop_connection (self);
  if (self->aux_clients != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->aux_clients);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        cvn_mtproto_client_close (value);
      g_clear_pointer (&self->aux_clients, g_hash_table_unref);
    }
  if (!g_queue_is_empty (&self->queue) || self->connect_tasks != NULL)
    {
      g_autoptr(GError) error = g_error_new_literal (CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_CLOSED,
                                                     "The client was disposed");

      fail_all (self, error);
    }

  G_OBJECT_CLASS (cvn_mtproto_client_parent_class)->dispose (object);
}

static void
cvn_mtproto_client_finalize (GObject *object)
{
  CvnMtprotoClient *self = CVN_MTPROTO_CLIENT (object);

  g_free (self->host);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_free (self->device_model);
  g_free (self->system_version);
  g_free (self->app_version);
  g_free (self->system_lang_code);
  g_free (self->lang_pack);
  g_free (self->lang_code);
  g_clear_pointer (&self->session, cvn_mtproto_session_free);
  g_clear_pointer (&self->by_msg_id, g_hash_table_unref);
  g_clear_pointer (&self->acks, g_array_unref);
  g_clear_pointer (&self->dc_options, g_ptr_array_unref);
  cvn_mtproto_auth_key_clear (&self->key);

  G_OBJECT_CLASS (cvn_mtproto_client_parent_class)->finalize (object);
}

static void
cvn_mtproto_client_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CvnMtprotoClient *self = CVN_MTPROTO_CLIENT (object);

  switch (prop_id)
    {
    case PROP_DC_ID:
      g_value_set_int (value, self->dc_id);
      break;
    case PROP_USER_ID:
      g_value_set_int64 (value, self->user_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_mtproto_client_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CvnMtprotoClient *self = CVN_MTPROTO_CLIENT (object);

  switch (prop_id)
    {
    case PROP_USER_ID:
      cvn_mtproto_client_set_user_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_mtproto_client_class_init (CvnMtprotoClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cvn_mtproto_client_dispose;
  object_class->finalize = cvn_mtproto_client_finalize;
  object_class->get_property = cvn_mtproto_client_get_property;
  object_class->set_property = cvn_mtproto_client_set_property;

  properties[PROP_DC_ID] =
    g_param_spec_int ("dc-id", NULL, NULL, 0, G_MAXINT16, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_ID] =
    g_param_spec_int64 ("user-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::update (CvnMtprotoResult *update): a message that answers no request. */
  signals[SIGNAL_UPDATE] =
    g_signal_new ("update", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CVN_TYPE_MTPROTO_RESULT);
}

static void
cvn_mtproto_client_init (CvnMtprotoClient *self)
{
  g_queue_init (&self->queue);
  self->by_msg_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  self->acks = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->framing = CVN_MTPROTO_FRAMING_INTERMEDIATE;
  self->flood_wait_threshold = 5;
  self->ping_interval = PING_INTERVAL_S;
  self->ping_disconnect = PING_DISCONNECT_S;
  self->api_id = 0;
  self->device_model = g_strdup ("Convene");
  self->system_version = g_strdup ("Linux");
  self->app_version = g_strdup (PACKAGE_VERSION);
  self->system_lang_code = g_strdup ("en");
  self->lang_pack = g_strdup ("");
  self->lang_code = g_strdup ("en");
  self->aux_clients = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_object_unref);
}

CvnMtprotoClient *
cvn_mtproto_client_new (const char *host,
                        guint16     port,
                        gint32      dc_id,
                        GPtrArray  *keys)
{
  CvnMtprotoClient *self;

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (keys != NULL, NULL);

  self = g_object_new (CVN_TYPE_MTPROTO_CLIENT, NULL);
  self->host = g_strdup (host);
  self->port = port;
  self->dc_id = dc_id;
  self->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rsa_key_free);
  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (self->keys, cvn_rsa_key_copy (keys->pdata[i]));
  return self;
}

void
cvn_mtproto_client_set_transport (CvnMtprotoClient  *self,
                                  CvnMtprotoFraming  framing,
                                  gboolean           obfuscated)
{
  g_return_if_fail (CVN_IS_MTPROTO_CLIENT (self));

  self->framing = framing;
  self->obfuscated = obfuscated;
}

void
cvn_mtproto_client_set_init_params (CvnMtprotoClient *self,
                                    gint32            api_id,
                                    const char       *device_model,
                                    const char       *system_version,
                                    const char       *app_version,
                                    const char       *system_lang_code,
                                    const char       *lang_pack,
                                    const char       *lang_code)
{
  g_return_if_fail (CVN_IS_MTPROTO_CLIENT (self));

  self->api_id = api_id;
  replace_str (&self->device_model, device_model);
  replace_str (&self->system_version, system_version);
  replace_str (&self->app_version, app_version);
  replace_str (&self->system_lang_code, system_lang_code);
  replace_str (&self->lang_pack, lang_pack);
  replace_str (&self->lang_code, lang_code);
}

gboolean
cvn_mtproto_client_get_connected (CvnMtprotoClient *self)
{
  return self->state == STATE_READY;
}

const CvnMtprotoAuthKey *
cvn_mtproto_client_get_auth_key (CvnMtprotoClient *self)
{
  return self->have_key ? &self->key : NULL;
}

CvnMtprotoSession *
cvn_mtproto_client_get_session (CvnMtprotoClient *self)
{
  return self->session;
}

guint
cvn_mtproto_client_get_n_pending (CvnMtprotoClient *self)
{
  return self->queue.length;
}

guint
cvn_mtproto_client_get_n_connects (CvnMtprotoClient *self)
{
  return self->n_connects;
}

guint64
cvn_mtproto_client_get_n_resent (CvnMtprotoClient *self)
{
  return self->n_resent;
}

guint64
cvn_mtproto_client_get_rejections (CvnMtprotoClient    *self,
                                   CvnMtprotoRejection  rejection)
{
  g_return_val_if_fail (rejection < CVN_MTPROTO_N_REJECT, 0);
  return self->rejections[rejection] +
         (self->session != NULL ? cvn_mtproto_session_get_rejections (self->session, rejection) : 0);
}

void
cvn_mtproto_client_set_auth_key (CvnMtprotoClient        *self,
                                 const CvnMtprotoAuthKey *key,
                                 gint64                   salt)
{
  gint64 session_id = 0;

  g_return_if_fail (CVN_IS_MTPROTO_CLIENT (self));
  g_return_if_fail (key != NULL);
  g_return_if_fail (self->state == STATE_IDLE && self->conn == NULL);

  self->key = *key;
  self->have_key = TRUE;
  cvn_random_bytes (&session_id, sizeof session_id, NULL);
  g_clear_pointer (&self->session, cvn_mtproto_session_free);
  self->session = cvn_mtproto_session_new (CVN_MTPROTO_ROLE_CLIENT, &self->key, session_id, salt);
}

void
cvn_mtproto_client_set_keepalive (CvnMtprotoClient *self,
                                  guint             interval_s,
                                  guint             disconnect_delay_s)
{
  g_return_if_fail (CVN_IS_MTPROTO_CLIENT (self));
  self->ping_interval = interval_s;
  self->ping_disconnect = disconnect_delay_s;
}

void
cvn_mtproto_client_set_flood_wait_threshold (CvnMtprotoClient *self,
                                             guint             seconds)
{
  g_return_if_fail (CVN_IS_MTPROTO_CLIENT (self));
  self->flood_wait_threshold = seconds;
}

guint64
cvn_mtproto_client_get_n_flood_retries (CvnMtprotoClient *self)
{
  return self->n_flood_retries;
}

gint64
cvn_mtproto_client_get_key_exchange_time (CvnMtprotoClient *self)
{
  return self->key_exchange_time;
}

/* --- connection life ---------------------------------------------------------------- */

static void
complete_connect_tasks (CvnMtprotoClient *self)
{
  while (self->connect_tasks != NULL)
    {
      GTask *task = self->connect_tasks->data;

      self->connect_tasks = g_list_delete_link (self->connect_tasks, self->connect_tasks);
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
    }
}

static gboolean
reconnect_cb (gpointer data)
{
  CvnMtprotoClient *self = data;

  self->reconnect_id = 0;
  if (self->state == STATE_IDLE)
    start_connect (self);
  return G_SOURCE_REMOVE;
}

/* A broken connection: try again later if anything waits for it. */
static void
connection_lost (CvnMtprotoClient *self,
                 const GError     *error)
{
  drop_connection (self);
  self->state = STATE_IDLE;
  if (g_queue_is_empty (&self->queue) && self->connect_tasks == NULL)
    return;
  self->backoff_ms = self->backoff_ms == 0 ? 20 : MIN (self->backoff_ms * 2, MAX_BACKOFF_MS);
  g_debug ("Client: connection lost (%s); reconnecting in %u ms",
           error != NULL ? error->message : "closed", self->backoff_ms);
  if (self->reconnect_id == 0)
    self->reconnect_id = g_timeout_add (self->backoff_ms, reconnect_cb, self);
}

/* Errors no reconnect can fix: fail everything. */
static void
connection_failed (CvnMtprotoClient *self,
                   const GError     *error)
{
  drop_connection (self);
  self->state = STATE_IDLE;
  fail_all (self, error);
}

/* A service query of the client's own (ping, rpc_drop_answer): no caller waits for it;
 * its answer (pong, rpc_result) removes it, and it is not resent on a new connection. */
static void
queue_service (CvnMtprotoClient *self,
               GBytes           *body)
{
  Request *req = g_new0 (Request, 1);

  req->client = self;
  req->task = g_task_new (self, NULL, NULL, NULL);
  req->query = body;
  req->body = g_bytes_ref (body);
  g_queue_push_tail (&self->queue, req);
  schedule_flush (self);
}

static GBytes *
rpc_drop_answer_body (gint64 req_msg_id)
{
  CvnTlWriter writer;

  cvn_tl_writer_init (&writer);
  cvn_tl_writer_put_int (&writer, (gint32) CVN_TL_MT_RPC_DROP_ANSWER_ID);
  cvn_tl_writer_put_long (&writer, req_msg_id);
  return cvn_tl_writer_free_to_bytes (&writer);
}

static gboolean
ping_cb (gpointer data)
{
  CvnMtprotoClient *self = data;
  CvnTlWriter writer;
  gint64 ping_id = 0;
  if (self->ping_interval == 0)
    {
      self->ping_id = 0;
      return G_SOURCE_REMOVE;
    }
  /* ping_delay_disconnect: the server closes the connection if no ping follows in time. */
  cvn_random_bytes (&ping_id, sizeof ping_id, NULL);
  cvn_tl_writer_init (&writer);
  cvn_tl_writer_put_int (&writer, (gint32) CVN_TL_MT_PING_DELAY_DISCONNECT_ID);
  cvn_tl_writer_put_long (&writer, ping_id);
  cvn_tl_writer_put_int (&writer, (gint32) self->ping_disconnect);
  /* A pong ends it. */
  queue_service (self, cvn_tl_writer_free_to_bytes (&writer));
  return G_SOURCE_CONTINUE;
}

static void
session_ready (CvnMtprotoClient *self)
{
  self->state = STATE_READY;
  self->backoff_ms = 0;
  if (self->ping_interval > 0)
    self->ping_id = g_timeout_add_seconds (self->ping_interval, ping_cb, self);
  complete_connect_tasks (self);
  schedule_flush (self);
}

static void handle_frame (CvnMtprotoClient *self,
                          GBytes           *payload);

static void
conn_frame_cb (CvnMtprotoConnection *conn,
               GBytes               *payload,
               gboolean              quick_ack,
               CvnMtprotoClient     *self)
{
  g_object_ref (self);
  handle_frame (self, payload);
  g_object_unref (self);
}

static void
conn_closed_cb (CvnMtprotoConnection *conn,
                const GError         *error,
                CvnMtprotoClient     *self)
{
  if (error != NULL && error->domain == CVN_MTPROTO_ERROR &&
      error->code == CVN_MTPROTO_ERROR_TRANSPORT_NOT_FOUND && self->have_key &&
      self->state == STATE_READY)
    {
      /* The server does not know our key: make a new one. */
      g_debug ("Client: the server forgot the auth key");
      self->have_key = FALSE;
      g_clear_pointer (&self->session, cvn_mtproto_session_free);
      for (GList *l = self->queue.head; l != NULL; l = l->next)
        {
          Request *req = l->data;

          if (req->msg_id != 0)
            g_hash_table_remove (self->by_msg_id, &req->msg_id);
          req->msg_id = 0;
        }
    }
  connection_lost (self, error);
}

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  CvnMtprotoClient *self = user_data;
  g_autoptr(GError) error = NULL;
  CvnMtprotoConnection *conn;

  conn = cvn_mtproto_connection_connect_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_object_unref (self);
      return;
    }
  g_clear_object (&self->connect_cancellable);
  if (conn == NULL)
    {
      connection_lost (self, error);
      g_object_unref (self);
      return;
    }
  self->conn = conn;
  self->n_connects++;
  g_signal_connect (conn, "frame", G_CALLBACK (conn_frame_cb), self);
  g_signal_connect (conn, "closed", G_CALLBACK (conn_closed_cb), self);
  cvn_mtproto_connection_start (conn);

  if (self->have_key)
    session_ready (self);
  else
    {
      g_autoptr(GBytes) first = NULL;

      self->state = STATE_HANDSHAKE;
      self->handshake = cvn_mtproto_handshake_new_client (self->keys, self->dc_id);
      self->handshake_start = g_get_monotonic_time ();
      first = cvn_mtproto_handshake_start (self->handshake, g_get_real_time (), &error);
      if (first == NULL || !cvn_mtproto_connection_send (conn, first, FALSE, &error))
        connection_failed (self, error);
    }
  g_object_unref (self);
}

static void
start_connect (CvnMtprotoClient *self)
{
  if (self->state != STATE_IDLE)
    return;
  self->state = STATE_CONNECTING;
  self->connect_cancellable = g_cancellable_new ();
  cvn_mtproto_connection_connect_async (self->host, self->port, self->framing, self->obfuscated,
                                        (gint16) self->dc_id, self->connect_cancellable,
                                        connect_cb, g_object_ref (self));
}

void
cvn_mtproto_client_connect_async (CvnMtprotoClient    *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CVN_IS_MTPROTO_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_mtproto_client_connect_async);
  if (self->state == STATE_READY)
    {
      g_task_return_boolean (task, TRUE);
      g_object_unref (task);
      return;
    }
  self->connect_tasks = g_list_append (self->connect_tasks, task);
  if (self->state == STATE_CLOSED)
    self->state = STATE_IDLE;
  start_connect (self);
}

gboolean
cvn_mtproto_client_connect_finish (CvnMtprotoClient  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cvn_mtproto_client_close (CvnMtprotoClient *self)
{
  g_autoptr(GError) error = g_error_new_literal (CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_CLOSED,
                                                 "The client was closed");

  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_clear_handle_id (&self->ack_timer_id, g_source_remove);
  drop_connection (self);
  self->state = STATE_CLOSED;
  fail_all (self, error);
  if (self->aux_clients != NULL)
    {
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, self->aux_clients);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        cvn_mtproto_client_close (value);
    }
}

void
cvn_mtproto_client_cut_connection (CvnMtprotoClient *self)
{
  g_autoptr(GError) error = g_error_new_literal (CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_CLOSED,
                                                 "Connection cut");

  if (self->conn != NULL)
    connection_lost (self, error);
}

/* --- sending ------------------------------------------------------------------------ */

/* invokeWithLayer (223, initConnection (..., query)) around an already serialised query. */
static GBytes *
wrap_init_connection (CvnMtprotoClient *self,
                      GBytes           *query)
{
  CvnTlWriter writer;

  cvn_tl_writer_init (&writer);
  cvn_tl_writer_put_int (&writer, (gint32) CVN_TL_API_INVOKE_WITH_LAYER_ID);
  cvn_tl_writer_put_int (&writer, CVN_MTPROTO_LAYER);
  cvn_tl_writer_put_int (&writer, (gint32) CVN_TL_API_INIT_CONNECTION_ID);
  cvn_tl_writer_put_int (&writer, 0);  /* flags: no proxy, no params */
  cvn_tl_writer_put_int (&writer, self->api_id);
  cvn_tl_writer_put_bytes (&writer, self->device_model, strlen (self->device_model));
  cvn_tl_writer_put_bytes (&writer, self->system_version, strlen (self->system_version));
  cvn_tl_writer_put_bytes (&writer, self->app_version, strlen (self->app_version));
  cvn_tl_writer_put_bytes (&writer, self->system_lang_code, strlen (self->system_lang_code));
  cvn_tl_writer_put_bytes (&writer, self->lang_pack, strlen (self->lang_pack));
  cvn_tl_writer_put_bytes (&writer, self->lang_code, strlen (self->lang_code));
  cvn_tl_writer_put_raw (&writer, g_bytes_get_data (query, NULL), g_bytes_get_size (query));
  return cvn_tl_writer_free_to_bytes (&writer);
}

static GBytes *
encode_acks (GArray *acks)
{
  CvnTlWriter writer;

  cvn_tl_writer_init (&writer);
  cvn_tl_writer_put_int (&writer, (gint32) CVN_TL_MT_MSGS_ACK_ID);
  cvn_tl_writer_put_int (&writer, (gint32) CVN_TL_VECTOR_ID);
  cvn_tl_writer_put_int (&writer, (gint32) acks->len);
  for (guint i = 0; i < acks->len; i++)
    cvn_tl_writer_put_long (&writer, g_array_index (acks, gint64, i));
  return cvn_tl_writer_free_to_bytes (&writer);
}

static gboolean
flush_cb (gpointer data)
{
  CvnMtprotoClient *self = data;
  gint64 now;

  self->flush_id = 0;
  if (self->state != STATE_READY || self->conn == NULL)
    return G_SOURCE_REMOVE;
  g_clear_handle_id (&self->ack_timer_id, g_source_remove);
  now = g_get_real_time ();

  for (;;)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_in_message_free);
      g_autoptr(GPtrArray) reqs = g_ptr_array_new ();
      g_autoptr(GBytes) packed = NULL;
      g_autoptr(GError) error = NULL;
      gsize size = 0;

      for (GList *l = self->queue.head; l != NULL && reqs->len < MAX_BATCH && size < 256 * 1024; l = l->next)
        {
          Request *req = l->data;
          CvnMtprotoInMessage *m;

          if (req->in_flight || req->not_before > g_get_monotonic_time ())
            continue;
          if (req->msg_id == 0)
            {
              if (!self->init_sent && req->call != NULL)
                {
                  g_clear_pointer (&req->body, g_bytes_unref);
                  req->body = wrap_init_connection (self, req->query);
                  self->init_sent = TRUE;
                }
              else if (req->body == NULL)
                req->body = g_bytes_ref (req->query);
              req->msg_id = cvn_mtproto_session_next_msg_id (self->session, now, FALSE);
              req->seqno = cvn_mtproto_session_next_seqno (self->session, TRUE);
              g_hash_table_insert (self->by_msg_id, &req->msg_id, req);
            }
          else
            self->n_resent++;
          m = g_new0 (CvnMtprotoInMessage, 1);
          m->msg_id = req->msg_id;
          m->seqno = req->seqno;
          m->body = g_bytes_ref (req->body);
          size += g_bytes_get_size (m->body) + 16;
          g_ptr_array_add (batch, m);
          g_ptr_array_add (reqs, req);
        }
      if (self->acks->len > 0)
        {
          CvnMtprotoInMessage *m = g_new0 (CvnMtprotoInMessage, 1);

          m->msg_id = cvn_mtproto_session_next_msg_id (self->session, now, FALSE);
          m->seqno = cvn_mtproto_session_next_seqno (self->session, FALSE);
          m->body = encode_acks (self->acks);
          g_array_set_size (self->acks, 0);
          g_ptr_array_add (batch, m);
        }
      if (batch->len == 0)
        break;

      packed = cvn_mtproto_session_pack (self->session, batch, now, NULL, &error);
      if (packed == NULL || !cvn_mtproto_connection_send (self->conn, packed, FALSE, &error))
        {
          g_debug ("Client: cannot send: %s", error->message);
          break;
        }
      for (guint i = 0; i < reqs->len; i++)
        ((Request *) reqs->pdata[i])->in_flight = TRUE;
      if (reqs->len == 0)
        break;
    }
  return G_SOURCE_REMOVE;
}

/* Acks alone wait a little, to go out with the next request or together. */
static gboolean
ack_timer_cb (gpointer data)
{
  CvnMtprotoClient *self = data;

  self->ack_timer_id = 0;
  schedule_flush (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_flush (CvnMtprotoClient *self)
{
  if (self->state == STATE_IDLE)
    {
      start_connect (self);
      return;
    }
  if (self->state == STATE_READY && self->flush_id == 0)
    self->flush_id = g_idle_add (flush_cb, self);
}

static gboolean
cancel_idle_cb (gpointer data)
{
  GTask *task = data;
  CvnMtprotoClient *self = g_task_get_source_object (task);

  for (GList *l = self->queue.head; l != NULL; l = l->next)
    {
      Request *req = l->data;

      if (req->task == task)
        {
          GError *error = NULL;
          gint64 sent_as = req->msg_id;

          req->cancel_id = 0;
          g_cancellable_set_error_if_cancelled (g_task_get_cancellable (task), &error);
          request_fail (self, req, error);
          if (sent_as != 0)
            queue_service (self, rpc_drop_answer_body (sent_as));
          break;
        }
    }
  return G_SOURCE_REMOVE;
}

static void
task_cancelled_cb (GCancellable *cancellable,
                   GTask        *task)
{
  g_idle_add_full (G_PRIORITY_DEFAULT, cancel_idle_cb, g_object_ref (task), g_object_unref);
}

static Request *request_new (CvnMtprotoClient  *self,
                             const CvnTlObject *query,
                             GTask             *task);

void
cvn_mtproto_client_invoke_async (CvnMtprotoClient    *self,
                                 const CvnTlObject   *query,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Request *req;

  g_return_if_fail (CVN_IS_MTPROTO_CLIENT (self));
  g_return_if_fail (query != NULL && query->ctor->is_method);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_mtproto_client_invoke_async);
  req = request_new (self, query, g_steal_pointer (&task));
  if (req == NULL)
    return;
  g_queue_push_tail (&self->queue, req);
  schedule_flush (self);
}

/* Takes @task; NULL when it was completed with an error. */
static Request *
request_new (CvnMtprotoClient  *self,
             const CvnTlObject *query,
             GTask             *task_in)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = task_in;
  GCancellable *cancellable = g_task_get_cancellable (task);
  Request *req;

  if (self->state == STATE_CLOSED)
    {
      g_task_return_new_error (task, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_CLOSED,
                               "The client is closed");
      return NULL;
    }

  req = g_new0 (Request, 1);
  req->client = self;
  req->query = cvn_tl_encode (query, &error);
  if (req->query == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      request_free (req);
      return NULL;
    }
  /* A copy of the query in our arena: its result type decodes the answer. */
  req->arena = cvn_tl_arena_new ();
  req->call = cvn_tl_decode (g_bytes_get_data (req->query, NULL), g_bytes_get_size (req->query),
                             req->arena, &error);
  if (req->call == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      request_free (req);
      return NULL;
    }
  if (g_bytes_get_size (req->query) > GZIP_THRESHOLD)
    {
      g_autoptr(GBytes) packed = cvn_mtproto_gzip_pack (g_bytes_get_data (req->query, NULL),
                                                        g_bytes_get_size (req->query));

      if (g_bytes_get_size (packed) < g_bytes_get_size (req->query))
        {
          g_bytes_unref (req->query);
          req->query = g_steal_pointer (&packed);
        }
    }
  req->task = g_steal_pointer (&task);
  if (cancellable != NULL)
    req->cancel_id = g_cancellable_connect (cancellable, G_CALLBACK (task_cancelled_cb),
                                            req->task, NULL);
  return req;
}

CvnMtprotoResult *
cvn_mtproto_client_invoke_finish (CvnMtprotoClient  *self,
                                  GAsyncResult      *result,
                                  GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- receiving ---------------------------------------------------------------------- */

static void
count_rejection (CvnMtprotoClient    *self,
                 CvnMtprotoRejection  rejection)
{
  self->rejections[rejection]++;
}

/* Sends @req again under a new msg_id (the server did not take the old one). */
static void
resend_new_id (CvnMtprotoClient *self,
               Request          *req)
{
  if (req->msg_id != 0)
    g_hash_table_remove (self->by_msg_id, &req->msg_id);
  req->msg_id = 0;
  req->in_flight = FALSE;
  self->n_resent++;
}

/* bad_msg_id names one request, or a container of several. */
static void
resend_for_bad_msg (CvnMtprotoClient *self,
                    gint64            bad_msg_id)
{
  Request *req = g_hash_table_lookup (self->by_msg_id, &bad_msg_id);

  if (req != NULL)
    resend_new_id (self, req);
  else
    for (GList *l = self->queue.head; l != NULL; l = l->next)
      {
        Request *r = l->data;

        /* Not answered and sent: it may have been in the container. */
        if (r->in_flight && r->msg_id != 0 && r->msg_id < bad_msg_id)
          resend_new_id (self, r);
      }
  schedule_flush (self);
}

static void
new_session (CvnMtprotoClient *self)
{
  gint64 sid = 0;

  cvn_random_bytes (&sid, sizeof sid, NULL);
  cvn_mtproto_session_reset (self->session, sid);
  for (GList *l = self->queue.head; l != NULL; l = l->next)
    resend_new_id (self, l->data);
  schedule_flush (self);
}

/* Takes the server's clock from @server_msg_id and sends @bad_msg_id again. */
static void
clock_sync (CvnMtprotoClient *self,
            gint64            server_msg_id,
            gint64            bad_msg_id)
{
  if (cvn_mtproto_session_sync_time (self->session, g_get_real_time (), server_msg_id))
    {
      /* The clock went back: msg_ids must grow within a session, so start a new one. */
      g_debug ("Client: the clock went back; new session");
      new_session (self);
    }
  else
    resend_for_bad_msg (self, bad_msg_id);
}

static gboolean
flood_retry_cb (gpointer data)
{
  Request *req = data;

  req->retry_id = 0;
  req->not_before = 0;
  schedule_flush (req->client);
  return G_SOURCE_REMOVE;
}

/* FLOOD_WAIT_X (and the like) of at most the threshold: the request goes again after X
 * seconds, under a new msg_id; the caller sees only the delay. */
static gboolean
maybe_retry_flood (CvnMtprotoClient *self,
                   Request          *req,
                   const GError     *error)
{
  guint wait = cvn_mtproto_rpc_error_get_wait_seconds (error);

  if (cvn_mtproto_rpc_error_get_code (error) != 420 || wait > self->flood_wait_threshold)
    return FALSE;
  g_debug ("Client: %s, retrying in %u s", cvn_mtproto_rpc_error_get_message (error), wait);
  g_hash_table_remove (self->by_msg_id, &req->msg_id);
  req->msg_id = 0;
  req->in_flight = FALSE;
  req->not_before = g_get_monotonic_time () + (gint64) MAX (wait, 1) * G_USEC_PER_SEC;
  g_clear_handle_id (&req->retry_id, g_source_remove);
  req->retry_id = g_timeout_add (MAX (wait, 1) * 1000, flood_retry_cb, req);
  self->n_flood_retries++;
  return TRUE;
}

static void learn_from_result (CvnMtprotoClient  *self,
                               const CvnTlObject *object);
static gboolean maybe_migrate (CvnMtprotoClient *self,
                               Request          *req,
                               const GError     *error);

static void
handle_rpc_result (CvnMtprotoClient *self,
                   const guint8     *data,
                   gsize             len)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) unpacked = NULL;
  gint64 req_msg_id;
  Request *req;
  CvnTlArena *arena;
  CvnMtprotoResult *result;

  if (len < 16)
    {
      count_rejection (self, CVN_MTPROTO_REJECT_MALFORMED);
      return;
    }
  req_msg_id = (gint64) read_le64 (data + 4);
  req = g_hash_table_lookup (self->by_msg_id, &req_msg_id);
  if (req != NULL && req->call == NULL)
    {
      /* The answer to a service query of ours (rpc_drop_answer). */
      request_detach (self, req);
      g_task_return_boolean (req->task, TRUE);
      request_free (req);
      return;
    }
  if (req == NULL)
    {
      /* An answer to something already answered (a resend) or unknown. */
      g_debug ("Client: rpc_result for unknown msg_id %" G_GINT64_FORMAT, req_msg_id);
      return;
    }
  data += 12;
  len -= 12;
  if (read_le32 (data) == CVN_TL_MT_GZIP_PACKED_ID)
    {
      unpacked = cvn_mtproto_gzip_unpack (data, len, MAX_INFLATED, &error);
      if (unpacked == NULL)
        {
          request_fail (self, req, g_steal_pointer (&error));
          return;
        }
      data = g_bytes_get_data (unpacked, &len);
    }
  arena = cvn_tl_arena_new ();
  if (read_le32 (data) == CVN_TL_MT_RPC_ERROR_ID)
    {
      CvnTlObject *object = cvn_tl_decode (data, len, arena, &error);

      if (object != NULL)
        {
          CvnTlMtRpcError *rpc = (CvnTlMtRpcError *) object;

          error = cvn_mtproto_rpc_error_new (rpc->error_code,
                                             rpc->error_message.str != NULL ? rpc->error_message.str : "");
        }
      cvn_tl_arena_free (arena);
      if (error != NULL && maybe_retry_flood (self, req, error))
        return;
      if (error != NULL && maybe_migrate (self, req, error))
        return;
      request_fail (self, req, g_steal_pointer (&error));
      return;
    }
  result = result_new (arena);
  if (!cvn_tl_decode_result (req->call, data, len, arena, &result->value, &error))
    {
      cvn_mtproto_result_unref (result);
      count_rejection (self, CVN_MTPROTO_REJECT_MALFORMED);
      request_fail (self, req, g_steal_pointer (&error));
      return;
    }
  learn_from_result (self, cvn_mtproto_result_get_object (result));
  request_detach (self, req);
  g_task_return_pointer (req->task, result, (GDestroyNotify) cvn_mtproto_result_unref);
  request_free (req);
}

static void
handle_body (CvnMtprotoClient    *self,
             CvnMtprotoInMessage *m,
             GBytes              *body,
             guint                depth)
{
  g_autoptr(GError) error = NULL;
  const guint8 *data;
  gsize len;
  guint32 id;

  data = g_bytes_get_data (body, &len);
  id = read_le32 (data);
  switch (id)
    {
    case CVN_TL_MT_RPC_RESULT_ID:
      handle_rpc_result (self, data, len);
      return;

    case CVN_TL_MT_GZIP_PACKED_ID:
      if (depth < 2)
        {
          g_autoptr(GBytes) inner = cvn_mtproto_gzip_unpack (data, len, MAX_INFLATED, &error);

          if (inner != NULL)
            handle_body (self, m, inner, depth + 1);
          else
            count_rejection (self, CVN_MTPROTO_REJECT_MALFORMED);
        }
      return;

    default:
      break;
    }

  {
    CvnTlArena *arena = cvn_tl_arena_new ();
    CvnTlObject *object = cvn_tl_decode (data, len, arena, &error);

    if (object == NULL)
      {
        g_debug ("Client: undecodable message: %s", error->message);
        count_rejection (self, CVN_MTPROTO_REJECT_MALFORMED);
        cvn_tl_arena_free (arena);
        return;
      }
    switch (object->ctor->id)
      {
      case CVN_TL_MT_MSGS_ACK_ID:
      case CVN_TL_MT_PONG_ID:
      case CVN_TL_MT_DESTROY_SESSION_OK_ID:
      case CVN_TL_MT_DESTROY_SESSION_NONE_ID:
      case CVN_TL_MT_MSGS_STATE_INFO_ID:
      case CVN_TL_MT_MSGS_ALL_INFO_ID:
      case CVN_TL_MT_FUTURE_SALTS_ID:
        if (object->ctor->id == CVN_TL_MT_PONG_ID)
          {
            gint64 ping_msg = ((CvnTlMtPong *) object)->msg_id;
            Request *req = g_hash_table_lookup (self->by_msg_id, &ping_msg);

            if (req != NULL && req->call == NULL)
              {
                request_detach (self, req);
                g_task_return_boolean (req->task, TRUE);
                request_free (req);
              }
          }
        break;

      case CVN_TL_MT_NEW_SESSION_CREATED_ID:
        cvn_mtproto_session_set_salt (self->session,
                                      ((CvnTlMtNewSessionCreated *) object)->server_salt);
        break;

      case CVN_TL_MT_BAD_SERVER_SALT_ID:
        {
          CvnTlMtBadServerSalt *bad = (CvnTlMtBadServerSalt *) object;

          cvn_mtproto_session_set_salt (self->session, bad->new_server_salt);
          resend_for_bad_msg (self, bad->bad_msg_id);
          break;
        }

      case CVN_TL_MT_BAD_MSG_NOTIFICATION_ID:
        {
          CvnTlMtBadMsgNotification *bad = (CvnTlMtBadMsgNotification *) object;

          g_debug ("Client: bad_msg_notification %d for %" G_GINT64_FORMAT, bad->error_code,
                   bad->bad_msg_id);
          switch (bad->error_code)
            {
            case 16:
            case 17:
              /* Our clock is off: take the server's from this message's msg_id. */
              clock_sync (self, m->msg_id, bad->bad_msg_id);
              break;
            case 18:
            case 19:
            case 20:
            case 48:
              resend_for_bad_msg (self, bad->bad_msg_id);
              break;
            case 32:
            case 33:
              /* seqno out of step: start a new session and send everything again. */
              new_session (self);
              break;
            default:
              {
                Request *req = g_hash_table_lookup (self->by_msg_id, &bad->bad_msg_id);

                if (req != NULL)
                  request_fail (self, req,
                                g_error_new (CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL,
                                             "The server refused the message (bad_msg_notification %d)",
                                             bad->error_code));
                break;
              }
            }
          break;
        }

      case CVN_TL_MT_MSG_DETAILED_INFO_ID:
      case CVN_TL_MT_MSG_NEW_DETAILED_INFO_ID:
        {
          gint64 answer = object->ctor->id == CVN_TL_MT_MSG_DETAILED_INFO_ID ?
                            ((CvnTlMtMsgDetailedInfo *) object)->answer_msg_id :
                            ((CvnTlMtMsgNewDetailedInfo *) object)->answer_msg_id;

          g_array_append_val (self->acks, answer);
          break;
        }

      default:
        {
          CvnMtprotoResult *update = result_new (arena);

          update->value.kind = CVN_TL_KIND_OBJECT;
          update->value.object = object;
          arena = NULL;
          g_signal_emit (self, signals[SIGNAL_UPDATE], 0, update);
          cvn_mtproto_result_unref (update);
          break;
        }
      }
    if (arena != NULL)
      cvn_tl_arena_free (arena);
  }
}

/* A message outside our time window can still be the server telling us that our clock
 * is wrong: a bad_msg_notification 16/17 about a request we have in flight (it passed
 * msg_key, so it comes from the server). Only that is taken from it. */
static void
time_sync_from_rejected (CvnMtprotoClient        *self,
                         const CvnMtprotoMessage *message)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (message->body, &len);
  gsize pos = 0, end = len;
  guint32 count = 1;
  gboolean container = len >= 8 && read_le32 (data) == CVN_TL_MT_MSG_CONTAINER_ID;

  if (container)
    {
      count = MIN (read_le32 (data + 4), CVN_MTPROTO_MAX_CONTAINER);
      pos = 8;
    }
  for (guint32 i = 0; i < count; i++)
    {
      const guint8 *body;
      gsize size;
      gint64 msg_id = message->msg_id;

      if (container)
        {
          if (end - pos < 16)
            return;
          msg_id = (gint64) read_le64 (data + pos);
          size = read_le32 (data + pos + 12);
          if (size > end - pos - 16)
            return;
          body = data + pos + 16;
          pos += 16 + size;
        }
      else
        {
          body = data;
          size = len;
        }
      if (size == 20 && read_le32 (body) == CVN_TL_MT_BAD_MSG_NOTIFICATION_ID)
        {
          gint64 bad_msg_id = (gint64) read_le64 (body + 4);
          gint32 code = (gint32) read_le32 (body + 16);
          gboolean ours = g_hash_table_contains (self->by_msg_id, &bad_msg_id);

          if (!ours)
            for (GList *l = self->queue.head; l != NULL && !ours; l = l->next)
              ours = ((Request *) l->data)->in_flight && bad_msg_id > ((Request *) l->data)->msg_id;
          if ((code == 16 || code == 17) && ours && (msg_id & 1) == 1)
            {
              g_debug ("Client: clock corrected by bad_msg_notification %d", code);
              clock_sync (self, msg_id, bad_msg_id);
            }
        }
    }
}

static void
handle_encrypted (CvnMtprotoClient *self,
                  GBytes           *payload)
{
  g_auto(CvnMtprotoMessage) message = { 0 };
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  CvnMtprotoRejection rejection;
  gboolean padded = self->framing == CVN_MTPROTO_FRAMING_PADDED_INTERMEDIATE;

  if (!cvn_mtproto_message_decrypt (&self->key, CVN_MTPROTO_ROLE_SERVER,
                                    g_bytes_get_data (payload, NULL), g_bytes_get_size (payload),
                                    padded, &message, &error))
    {
      g_debug ("Client: refused a message: %s", error->message);
      count_rejection (self, CVN_MTPROTO_REJECT_DECRYPT);
      return;
    }
  messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_in_message_free);
  if (!cvn_mtproto_session_accept (self->session, &message, g_get_real_time (), messages,
                                   &rejection, &error))
    {
      if (rejection == CVN_MTPROTO_REJECT_MSG_ID_TOO_LOW ||
          rejection == CVN_MTPROTO_REJECT_MSG_ID_TOO_HIGH)
        time_sync_from_rejected (self, &message);
      return;
    }

  for (guint i = 0; i < messages->len; i++)
    {
      CvnMtprotoInMessage *m = messages->pdata[i];

      if (cvn_mtproto_body_is_content_related (m->body))
        g_array_append_val (self->acks, m->msg_id);
      handle_body (self, m, m->body, 0);
      if (self->session == NULL)
        return;
    }
  if (self->acks->len >= 16 || !g_queue_is_empty (&self->queue))
    schedule_flush (self);
  else if (self->acks->len > 0 && self->ack_timer_id == 0 && self->state == STATE_READY)
    self->ack_timer_id = g_timeout_add (100, ack_timer_cb, self);
}

static void
handle_frame (CvnMtprotoClient *self,
              GBytes           *payload)
{
  g_autoptr(GError) error = NULL;
  guint64 key_id = 0;
  gboolean padded = self->framing == CVN_MTPROTO_FRAMING_PADDED_INTERMEDIATE;

  if (!cvn_mtproto_message_peek_auth_key_id (g_bytes_get_data (payload, NULL),
                                             g_bytes_get_size (payload), &key_id))
    {
      count_rejection (self, CVN_MTPROTO_REJECT_MALFORMED);
      return;
    }

  if (self->state == STATE_HANDSHAKE)
    {
      g_autoptr(GBytes) reply = NULL;

      if (key_id != 0)
        {
          count_rejection (self, CVN_MTPROTO_REJECT_DECRYPT);
          return;
        }
      if (!cvn_mtproto_handshake_receive (self->handshake, g_bytes_get_data (payload, NULL),
                                          g_bytes_get_size (payload), padded, g_get_real_time (),
                                          &reply, &error))
        {
          connection_failed (self, error);
          return;
        }
      if (reply != NULL && !cvn_mtproto_connection_send (self->conn, reply, FALSE, &error))
        {
          connection_lost (self, error);
          return;
        }
      if (cvn_mtproto_handshake_is_done (self->handshake))
        {
          gint64 session_id = 0;

          self->key = *cvn_mtproto_handshake_get_auth_key (self->handshake);
          self->have_key = TRUE;
          self->key_exchange_time = g_get_monotonic_time () - self->handshake_start;
          cvn_random_bytes (&session_id, sizeof session_id, NULL);
          g_clear_pointer (&self->session, cvn_mtproto_session_free);
          self->session = cvn_mtproto_session_new (CVN_MTPROTO_ROLE_CLIENT, &self->key, session_id,
                                                   cvn_mtproto_handshake_get_server_salt (self->handshake));
          cvn_mtproto_session_set_time_offset (self->session,
                                               cvn_mtproto_handshake_get_time_offset (self->handshake));
          g_clear_pointer (&self->handshake, cvn_mtproto_handshake_free);
          session_ready (self);
        }
      return;
    }
  if (self->state != STATE_READY || key_id == 0)
    {
      count_rejection (self, CVN_MTPROTO_REJECT_DECRYPT);
      return;
    }
  handle_encrypted (self, payload);
}

CvnMtprotoConnection *
cvn_mtproto_client_attach_stream (CvnMtprotoClient        *self,
                                  GIOStream               *stream,
                                  const CvnMtprotoAuthKey *key,
                                  gint64                   session_id,
                                  gint64                   salt)
{
  g_return_val_if_fail (CVN_IS_MTPROTO_CLIENT (self), NULL);
  g_return_val_if_fail (self->state == STATE_IDLE, NULL);

  self->key = *key;
  self->have_key = TRUE;
  g_clear_pointer (&self->session, cvn_mtproto_session_free);
  self->session = cvn_mtproto_session_new (CVN_MTPROTO_ROLE_CLIENT, key, session_id, salt);
  self->conn = cvn_mtproto_connection_new (stream,
                                           cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_CLIENT, self->framing,
                                                                  self->obfuscated, (gint16) self->dc_id, 0));
  self->n_connects++;
  g_signal_connect (self->conn, "frame", G_CALLBACK (conn_frame_cb), self);
  g_signal_connect (self->conn, "closed", G_CALLBACK (conn_closed_cb), self);
  cvn_mtproto_connection_start (self->conn);
  session_ready (self);
  return self->conn;
}

/* --- data centres ------------------------------------------------------------------- */

gint32
cvn_mtproto_client_get_dc_id (CvnMtprotoClient *self)
{
  g_return_val_if_fail (CVN_IS_MTPROTO_CLIENT (self), 0);
  return self->dc_id;
}

gint64
cvn_mtproto_client_get_user_id (CvnMtprotoClient *self)
{
  g_return_val_if_fail (CVN_IS_MTPROTO_CLIENT (self), 0);
  return self->user_id;
}

void
cvn_mtproto_client_set_user_id (CvnMtprotoClient *self,
                                gint64            user_id)
{
  g_return_if_fail (CVN_IS_MTPROTO_CLIENT (self));

  if (self->user_id == user_id)
    return;
  self->user_id = user_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_ID]);
}

guint64
cvn_mtproto_client_get_n_migrations (CvnMtprotoClient *self)
{
  return self->n_migrations;
}

GPtrArray *
cvn_mtproto_client_get_dc_options (CvnMtprotoClient *self)
{
  g_return_val_if_fail (CVN_IS_MTPROTO_CLIENT (self), NULL);
  return self->dc_options;
}

const CvnMtprotoDcOption *
cvn_mtproto_client_lookup_dc (CvnMtprotoClient *self,
                              gint32            dc_id,
                              gboolean          media)
{
  g_return_val_if_fail (CVN_IS_MTPROTO_CLIENT (self), NULL);
  return cvn_mtproto_dc_options_lookup (self->dc_options, dc_id, media);
}

/* A config replaces the DC table; an auth.authorization names the user. */
static void
learn_from_result (CvnMtprotoClient  *self,
                   const CvnTlObject *object)
{
  if (object == NULL)
    return;
  if (object->ctor->id == CVN_TL_API_CONFIG_ID)
    {
      const CvnTlApiConfig *config = (const CvnTlApiConfig *) object;
      g_autoptr(GPtrArray) options = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_dc_option_free);

      for (guint i = 0; config->dc_options != NULL && i < config->dc_options->len; i++)
        {
          const CvnTlObject *o = config->dc_options->objects[i];
          CvnMtprotoDcOption *option;

          if (o == NULL || o->ctor->id != CVN_TL_API_DC_OPTION_ID)
            continue;
          option = cvn_mtproto_dc_option_new_from_tl ((const CvnTlApiDcOption *) o);
          if (option != NULL)
            g_ptr_array_add (options, option);
        }
      g_debug ("Client: DC table of %u addresses (this DC: %d)", options->len, config->this_dc);
      g_clear_pointer (&self->dc_options, g_ptr_array_unref);
      self->dc_options = g_steal_pointer (&options);
    }
  else if (object->ctor->id == CVN_TL_API_AUTH_AUTHORIZATION_ID)
    {
      const CvnTlObject *user = ((const CvnTlApiAuthAuthorization *) object)->user;

      if (user != NULL && user->ctor->id == CVN_TL_API_USER_ID)
        cvn_mtproto_client_set_user_id (self, ((const CvnTlApiUser *) user)->id);
    }
}

static void
fetch_config_cb (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(CvnMtprotoResult) result = NULL;
  GError *error = NULL;
  CvnTlObject *object;

  result = cvn_mtproto_client_invoke_finish (CVN_MTPROTO_CLIENT (source), res, &error);
  if (result == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  object = cvn_mtproto_result_get_object (result);
  if (object == NULL || object->ctor->id != CVN_TL_API_CONFIG_ID)
    g_task_return_new_error (task, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL,
                             "help.getConfig did not answer a config");
  else
    g_task_return_boolean (task, TRUE);
}

void
cvn_mtproto_client_fetch_config_async (CvnMtprotoClient    *self,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  GTask *task;

  g_return_if_fail (CVN_IS_MTPROTO_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_mtproto_client_fetch_config_async);
  cvn_mtproto_client_invoke_async (self, cvn_tl_object_new (arena, CVN_TL_API_HELP_GET_CONFIG_CTOR),
                                   cancellable, fetch_config_cb, task);
}

gboolean
cvn_mtproto_client_fetch_config_finish (CvnMtprotoClient  *self,
                                        GAsyncResult      *result,
                                        GError           **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- other connections and other DCs ------------------------------------------------ */

static gpointer
aux_key (CvnMtprotoConnectionKind kind,
         gint32                   dc_id)
{
  return GINT_TO_POINTER (((gint) kind << 16) | (dc_id & 0xffff));
}

CvnMtprotoClient *
cvn_mtproto_client_get_connection (CvnMtprotoClient         *self,
                                   CvnMtprotoConnectionKind  kind,
                                   gint32                    dc_id)
{
  g_return_val_if_fail (CVN_IS_MTPROTO_CLIENT (self), NULL);

  if (dc_id == 0)
    dc_id = self->dc_id;
  if (kind == CVN_MTPROTO_CONNECTION_MAIN && dc_id == self->dc_id)
    return self;
  return g_hash_table_lookup (self->aux_clients, aux_key (kind, dc_id));
}

static void
aux_update_cb (CvnMtprotoClient *aux,
               CvnMtprotoResult *update,
               CvnMtprotoClient *self)
{
  g_signal_emit (self, signals[SIGNAL_UPDATE], 0, update);
}

/* The client for (@kind, @dc_id), made if needed at @host:@port. One for the home DC
 * shares the home auth key (a session of its own) and the user. */
static CvnMtprotoClient *
ensure_aux (CvnMtprotoClient         *self,
            CvnMtprotoConnectionKind  kind,
            gint32                    dc_id,
            const char               *host,
            guint16                   port)
{
  CvnMtprotoClient *aux = g_hash_table_lookup (self->aux_clients, aux_key (kind, dc_id));

  if (aux != NULL)
    return aux;
  aux = cvn_mtproto_client_new (host, port, dc_id, self->keys);
  aux->aux = TRUE;
  cvn_mtproto_client_set_transport (aux, self->framing, self->obfuscated);
  cvn_mtproto_client_set_init_params (aux, self->api_id, self->device_model, self->system_version,
                                      self->app_version, self->system_lang_code, self->lang_pack,
                                      self->lang_code);
  cvn_mtproto_client_set_keepalive (aux, self->ping_interval, self->ping_disconnect);
  cvn_mtproto_client_set_flood_wait_threshold (aux, self->flood_wait_threshold);
  if (dc_id == self->dc_id && self->have_key)
    {
      cvn_mtproto_client_set_auth_key (aux, &self->key, cvn_mtproto_session_get_salt (self->session));
      aux->user_id = self->user_id;
    }
  /* Updates that come on it are the client's. */
  g_signal_connect_object (aux, "update", G_CALLBACK (aux_update_cb), self, 0);
  g_hash_table_insert (self->aux_clients, aux_key (kind, dc_id), aux);
  return aux;
}

/* A request on its way to another connection or DC: the address (fetching the config if
 * needed), the home auth key (for a connection that shares it), the exported
 * authorization, then either a new home DC or the other connection. */
typedef struct
{
  CvnMtprotoClient         *self;      /* owned */
  Request                  *req;       /* owned, in no queue */
  CvnMtprotoConnectionKind  kind;
  gint32                    dc_id;
  gboolean                  move_home;
  gboolean                  config_fetched;
  GError                   *error;     /* the 303 that started it, or NULL */
  CvnMtprotoResult         *exported;  /* auth.exportedAuthorization */
} Route;

static void route_step (Route *route);

static void
route_free (Route *route)
{
  if (route->req != NULL)
    request_free (route->req);
  g_clear_error (&route->error);
  g_clear_pointer (&route->exported, cvn_mtproto_result_unref);
  g_object_unref (route->self);
  g_free (route);
}

static void
route_fail (Route  *route,
            GError *error)
{
  Request *req = g_steal_pointer (&route->req);

  g_task_return_error (req->task, error);
  request_free (req);
  route_free (route);
}

static void
route_config_cb (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  Route *route = user_data;
  g_autoptr(GError) error = NULL;

  if (!cvn_mtproto_client_fetch_config_finish (route->self, res, &error))
    g_debug ("Client: no config for DC %d: %s", route->dc_id, error->message);
  route_step (route);
}

static void
route_connect_cb (GObject      *source,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  Route *route = user_data;
  GError *error = NULL;

  if (!cvn_mtproto_client_connect_finish (route->self, res, &error))
    {
      route_fail (route, error);
      return;
    }
  route_step (route);
}

static void
route_export_cb (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  Route *route = user_data;
  GError *error = NULL;
  CvnMtprotoResult *result = cvn_mtproto_client_invoke_finish (route->self, res, &error);
  CvnTlObject *object;

  if (result == NULL)
    {
      route_fail (route, error);
      return;
    }
  object = cvn_mtproto_result_get_object (result);
  if (object == NULL || object->ctor->id != CVN_TL_API_AUTH_EXPORTED_AUTHORIZATION_ID)
    {
      cvn_mtproto_result_unref (result);
      route_fail (route, g_error_new_literal (CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL,
                                              "auth.exportAuthorization did not answer an auth.exportedAuthorization"));
      return;
    }
  route->exported = result;
  route_step (route);
}

static void
route_forward_cb (GObject      *source,
                  GAsyncResult *res,
                  gpointer      user_data)
{
  Route *route = user_data;
  Request *req = g_steal_pointer (&route->req);
  GError *error = NULL;
  CvnMtprotoResult *result = cvn_mtproto_client_invoke_finish (CVN_MTPROTO_CLIENT (source), res, &error);

  if (result != NULL)
    g_task_return_pointer (req->task, result, (GDestroyNotify) cvn_mtproto_result_unref);
  else
    g_task_return_error (req->task, error);
  request_free (req);
  route_free (route);
}

/* Hands the request to @target, or back to the home queue when it moved home. */
static void
route_deliver (Route            *route,
               CvnMtprotoClient *target)
{
  if (target == route->self)
    {
      Request *req = g_steal_pointer (&route->req);

      if (route->self->state == STATE_CLOSED)
        {
          route->req = req;
          route_fail (route, g_error_new_literal (CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_CLOSED,
                                                  "The client was closed"));
          return;
        }
      g_queue_push_tail (&route->self->queue, req);
      schedule_flush (route->self);
      route_free (route);
      return;
    }
  cvn_mtproto_client_invoke_async (target, route->req->call, g_task_get_cancellable (route->req->task),
                                   route_forward_cb, route);
}

static void
route_import_cb (GObject      *source,
                 GAsyncResult *res,
                 gpointer      user_data)
{
  Route *route = user_data;
  GError *error = NULL;
  g_autoptr(CvnMtprotoResult) result = cvn_mtproto_client_invoke_finish (CVN_MTPROTO_CLIENT (source),
                                                                         res, &error);

  if (result == NULL)
    {
      route_fail (route, error);
      return;
    }
  route_deliver (route, CVN_MTPROTO_CLIENT (source));
}

/* The home DC becomes @option's: new connection, new auth key, new session; what waits
 * in the queue goes there under new msg_ids. */
static void
switch_home (CvnMtprotoClient         *self,
             const CvnMtprotoDcOption *option)
{
  g_debug ("Client: home DC %d -> %d (%s:%u)", self->dc_id, option->id, option->ip_address, option->port);
  g_clear_handle_id (&self->reconnect_id, g_source_remove);
  drop_connection (self);
  if (self->state != STATE_CLOSED)
    self->state = STATE_IDLE;
  self->backoff_ms = 0;
  g_free (self->host);
  self->host = g_strdup (option->ip_address);
  self->port = option->port;
  self->dc_id = option->id;
  self->have_key = FALSE;
  cvn_mtproto_auth_key_clear (&self->key);
  g_clear_pointer (&self->session, cvn_mtproto_session_free);
  for (GList *l = self->queue.head; l != NULL; l = l->next)
    {
      Request *r = l->data;

      if (r->msg_id != 0)
        g_hash_table_remove (self->by_msg_id, &r->msg_id);
      r->msg_id = 0;
      g_clear_pointer (&r->body, g_bytes_unref);
    }
  /* The new DC knows the user once the authorization is imported there. */
  cvn_mtproto_client_set_user_id (self, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DC_ID]);
  if (!g_queue_is_empty (&self->queue))
    schedule_flush (self);
}

static void
route_step (Route *route)
{
  CvnMtprotoClient *self = route->self;
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  const CvnMtprotoDcOption *option = NULL;
  CvnMtprotoClient *target;
  gboolean home_dc = route->dc_id == self->dc_id && !route->move_home;

  if (self->state == STATE_CLOSED)
    {
      route_fail (route, g_error_new_literal (CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_CLOSED,
                                              "The client was closed"));
      return;
    }
  {
    GError *error = NULL;

    if (g_cancellable_set_error_if_cancelled (g_task_get_cancellable (route->req->task), &error))
      {
        route_fail (route, error);
        return;
      }
  }

  /* 1. The address. */
  if (!home_dc)
    {
      option = cvn_mtproto_dc_options_lookup (self->dc_options, route->dc_id, FALSE);
      if (option == NULL && !route->config_fetched)
        {
          route->config_fetched = TRUE;
          cvn_mtproto_client_fetch_config_async (self, NULL, route_config_cb, route);
          return;
        }
      if (option == NULL)
        {
          route_fail (route, route->error != NULL ? g_steal_pointer (&route->error) :
                               g_error_new (CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_FAILED,
                                            "No address known for DC %d", route->dc_id));
          return;
        }
    }
  else if (!self->have_key)
    {
      /* 2. A connection sharing the home key needs the key first. */
      cvn_mtproto_client_connect_async (self, NULL, route_connect_cb, route);
      return;
    }

  /* 3. The authorization, exported from home for another DC. */
  target = route->move_home ? NULL : ensure_aux (self, route->kind, route->dc_id,
                                                 home_dc ? self->host : option->ip_address,
                                                 home_dc ? self->port : option->port);
  if (!home_dc && self->user_id != 0 && route->exported == NULL &&
      (target == NULL || target->user_id == 0))
    {
      CvnTlApiAuthExportAuthorization *export =
        (CvnTlApiAuthExportAuthorization *) cvn_tl_object_new (arena, CVN_TL_API_AUTH_EXPORT_AUTHORIZATION_CTOR);

      export->dc_id = route->dc_id;
      cvn_mtproto_client_invoke_async (self, &export->parent, NULL, route_export_cb, route);
      return;
    }

  /* 4. Move home, import, send. */
  if (route->move_home)
    {
      switch_home (self, option);
      target = self;
    }
  if (route->exported != NULL)
    {
      const CvnTlApiAuthExportedAuthorization *exported =
        (const CvnTlApiAuthExportedAuthorization *) cvn_mtproto_result_get_object (route->exported);
      CvnTlApiAuthImportAuthorization *import =
        (CvnTlApiAuthImportAuthorization *) cvn_tl_object_new (arena, CVN_TL_API_AUTH_IMPORT_AUTHORIZATION_CTOR);

      import->id = exported->id;
      import->bytes = exported->bytes;
      /* Serialised here, before the exported bytes go. */
      cvn_mtproto_client_invoke_async (target, &import->parent, NULL, route_import_cb, route);
      g_clear_pointer (&route->exported, cvn_mtproto_result_unref);
      return;
    }
  route_deliver (route, target);
}

static Route *
route_new (CvnMtprotoClient         *self,
           Request                  *req,
           CvnMtprotoConnectionKind  kind,
           gint32                    dc_id)
{
  Route *route = g_new0 (Route, 1);

  route->self = g_object_ref (self);
  route->req = req;
  route->kind = kind;
  route->dc_id = dc_id;
  return route;
}

static gboolean
route_idle_cb (gpointer data)
{
  route_step (data);
  return G_SOURCE_REMOVE;
}

/* rpc_error 303 *_MIGRATE_X: the request goes to DC X (and home moves there, but for
 * FILE/STATS_MIGRATE). */
static gboolean
maybe_migrate (CvnMtprotoClient *self,
               Request          *req,
               const GError     *error)
{
  gint32 dc = cvn_mtproto_rpc_error_get_migrate_dc (error);
  const char *message = cvn_mtproto_rpc_error_get_message (error);
  gboolean move_home;
  Route *route;

  if (self->aux || cvn_mtproto_rpc_error_get_code (error) != 303 || dc <= 0 || dc > G_MAXINT16 ||
      dc == self->dc_id || req->call == NULL)
    return FALSE;
  move_home = !g_str_has_prefix (message, "FILE_MIGRATE_") && !g_str_has_prefix (message, "STATS_MIGRATE_");
  g_debug ("Client: %s: %s", message, move_home ? "moving home" : "sending it there");

  request_detach (self, req);
  req->msg_id = 0;
  req->in_flight = FALSE;
  g_clear_pointer (&req->body, g_bytes_unref);
  self->n_migrations++;

  route = route_new (self, req, CVN_MTPROTO_CONNECTION_MAIN, dc);
  route->move_home = move_home;
  route->error = g_error_copy (error);
  /* Not from inside the connection's frame handler: moving home closes that connection. */
  g_idle_add (route_idle_cb, route);
  return TRUE;
}

void
cvn_mtproto_client_invoke_on_async (CvnMtprotoClient         *self,
                                    CvnMtprotoConnectionKind  kind,
                                    gint32                    dc_id,
                                    const CvnTlObject        *query,
                                    GCancellable             *cancellable,
                                    GAsyncReadyCallback       callback,
                                    gpointer                  user_data)
{
  GTask *task;
  Request *req;

  g_return_if_fail (CVN_IS_MTPROTO_CLIENT (self));
  g_return_if_fail (query != NULL && query->ctor->is_method);
  g_return_if_fail (dc_id >= 0 && dc_id <= G_MAXINT16);

  if (dc_id == 0)
    dc_id = self->dc_id;
  if (kind == CVN_MTPROTO_CONNECTION_MAIN && dc_id == self->dc_id)
    {
      cvn_mtproto_client_invoke_async (self, query, cancellable, callback, user_data);
      return;
    }
  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_mtproto_client_invoke_async);
  req = request_new (self, query, task);
  if (req == NULL)
    return;
  route_step (route_new (self, req, kind, dc_id));
}
