/* cvn-mtproto-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-server.h"

#include "cvn-hash.h"
#include "cvn-mtproto-auth-key.h"
#include "cvn-mtproto-connection.h"
#include "cvn-mtproto-error.h"

#include <glib/gstdio.h>

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#define MAX_QUEUED 4096
#define GZIP_THRESHOLD 1024
#define MAX_INFLATED (16 * 1024 * 1024)

typedef struct
{
  CvnMtprotoAuthKey key;
  gint64            salt;
} ServerKey;

typedef struct
{
  CvnMtprotoServer     *server;      /* unowned */
  CvnMtprotoConnection *conn;
  CvnMtprotoHandshake  *handshake;
  guint                 disconnect_id;
  gboolean              transport_padding;
} ServerConn;

struct _CvnMtprotoServerSession
{
  gint                  ref_count;
  CvnMtprotoServer     *server;      /* unowned; NULL once the server is gone */
  CvnMtprotoSession    *session;
  guint64               auth_key_id;
  ServerConn           *conn;        /* where answers go; NULL while disconnected */
  GHashTable           *requests;    /* msg_id -> CvnMtprotoServerRequest */
  GQueue                requests_order;
  GPtrArray            *outgoing;    /* CvnMtprotoInMessage */
  GArray               *acks;        /* gint64 */
  guint                 flush_id;
};

struct _CvnMtprotoServerRequest
{
  gint                     ref_count;
  CvnMtprotoServerSession *session;  /* strong */
  gint64                   msg_id;
  CvnTlArena              *arena;
  CvnTlObject             *query;
  CvnTlObject             *init_connection;
  gint32                   layer;
  gboolean                 answered;
  GBytes                   *answer;   /* the rpc_result body, kept for resends */
};

struct _CvnMtprotoServer
{
  GObject                 parent_instance;

  CvnRsaKey              *key;
  gint32                  dc_id;
  GSocketService         *service;
  guint16                 port;
  gint64                  clock_offset;

  CvnMtprotoServerHandler handler;
  gpointer                handler_data;
  GDestroyNotify          handler_destroy;

  GPtrArray              *dc_options; /* CvnMtprotoDcOption, for help.getConfig */

  GHashTable             *keys;       /* guint64 * -> ServerKey */
  GHashTable             *sessions;   /* "keyid:sessionid" -> CvnMtprotoServerSession */
  GPtrArray              *conns;      /* ServerConn */

  guint64                 rejections[CVN_MTPROTO_N_REJECT];
  guint64                 n_requests;
  guint64                 n_duplicates;
  guint64                 n_drop_answers;
};

G_DEFINE_FINAL_TYPE (CvnMtprotoServer, cvn_mtproto_server, G_TYPE_OBJECT)

static void
put_le32 (guint8  *p,
          guint32  v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = (v >> 24) & 0xff;
}

static gint64
server_now (CvnMtprotoServer *self)
{
  return g_get_real_time () + self->clock_offset;
}

static void server_session_unref (CvnMtprotoServerSession *session);
static void session_queue (CvnMtprotoServerSession *session,
                           GBytes                  *body,
                           gboolean                 response);

/* --- key file ----------------------------------------------------------------------- */

CvnRsaKey *
cvn_mtproto_server_load_or_create_key (const char  *path,
                                       GError     **error)
{
  g_autofree char *pem = NULL;
  g_autofree char *public_pem = NULL;
  g_autofree char *dir = NULL;
  g_autoptr(CvnRsaKey) key = NULL;
  g_autoptr(GError) local_error = NULL;

  if (g_file_get_contents (path, &pem, NULL, &local_error))
    {
      key = cvn_rsa_key_new_from_pem (pem, -1, error);
      if (key == NULL)
        return NULL;
      if (!cvn_rsa_key_has_private (key))
        {
          g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_AUTH_KEY,
                       "%s holds no private key", path);
          return NULL;
        }
      return g_steal_pointer (&key);
    }
  if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  key = cvn_rsa_key_generate (2048, error);
  if (key == NULL)
    return NULL;
  g_clear_pointer (&pem, g_free);
  pem = cvn_rsa_key_get_private_pem (key, error);
  if (pem == NULL)
    return NULL;
  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "Cannot create %s: %s", dir, g_strerror (errno));
      return NULL;
    }
  {
    /* Created 0600 before the key is written. */
    int fd = g_open (path, O_WRONLY | O_CREAT | O_EXCL, 0600);
    gsize len = strlen (pem), done = 0;

    if (fd < 0)
      {
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                     "Cannot create %s: %s", path, g_strerror (errno));
        return NULL;
      }
    while (done < len)
      {
        gssize n = write (fd, pem + done, len - done);

        if (n < 0 && errno == EINTR)
          continue;
        if (n <= 0)
          {
            int saved = errno;

            close (fd);
            g_unlink (path);
            g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                         "Cannot write %s: %s", path, g_strerror (saved));
            return NULL;
          }
        done += n;
      }
    if (fsync (fd) != 0 || close (fd) != 0)
      {
        g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                     "Cannot write %s: %s", path, g_strerror (errno));
        return NULL;
      }
  }
  cvn_crypto_wipe (pem, strlen (pem));

  public_pem = cvn_rsa_key_get_public_pem (key, error);
  if (public_pem == NULL)
    return NULL;
  g_printerr ("New MTProto server key in %s\n%sFingerprint: %016" G_GINT64_MODIFIER "x\n",
              path, public_pem, cvn_rsa_key_get_fingerprint (key));
  return g_steal_pointer (&key);
}

/* --- requests ----------------------------------------------------------------------- */

CvnMtprotoServerRequest *
cvn_mtproto_server_request_ref (CvnMtprotoServerRequest *request)
{
  g_atomic_int_inc (&request->ref_count);
  return request;
}

static CvnMtprotoServerSession *
server_session_ref (CvnMtprotoServerSession *session)
{
  session->ref_count++;
  return session;
}

void
cvn_mtproto_server_request_unref (CvnMtprotoServerRequest *request)
{
  if (request == NULL || !g_atomic_int_dec_and_test (&request->ref_count))
    return;
  g_clear_pointer (&request->arena, cvn_tl_arena_free);
  g_clear_pointer (&request->answer, g_bytes_unref);
  g_clear_pointer (&request->session, server_session_unref);
  g_free (request);
}

const CvnTlObject *
cvn_mtproto_server_request_get_query (CvnMtprotoServerRequest *request)
{
  return request->query;
}

const CvnTlObject *
cvn_mtproto_server_request_get_init_connection (CvnMtprotoServerRequest *request)
{
  return request->init_connection;
}

gint32
cvn_mtproto_server_request_get_layer (CvnMtprotoServerRequest *request)
{
  return request->layer;
}

gint64
cvn_mtproto_server_request_get_msg_id (CvnMtprotoServerRequest *request)
{
  return request->msg_id;
}

CvnMtprotoServerSession *
cvn_mtproto_server_request_get_session (CvnMtprotoServerRequest *request)
{
  return request->session;
}

/* rpc_result req_msg_id:long result:Object, gzip_packed when large. */
static void
request_answer (CvnMtprotoServerRequest *request,
                const guint8            *result,
                gsize                    len)
{
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(GBytes) packed = NULL;
  guint8 head[12];

  g_return_if_fail (!request->answered);
  request->answered = TRUE;

  if (len > GZIP_THRESHOLD)
    {
      packed = cvn_mtproto_gzip_pack (result, len);
      if (g_bytes_get_size (packed) < len)
        result = g_bytes_get_data (packed, &len);
    }
  put_le32 (head, CVN_TL_MT_RPC_RESULT_ID);
  put_le32 (head + 4, (guint32) request->msg_id);
  put_le32 (head + 8, (guint32) ((guint64) request->msg_id >> 32));
  g_byte_array_append (body, head, 12);
  g_byte_array_append (body, result, len);
  request->answer = g_byte_array_free_to_bytes (g_steal_pointer (&body));
  /* The parsed query is no longer needed. */
  g_clear_pointer (&request->arena, cvn_tl_arena_free);
  request->query = NULL;
  request->init_connection = NULL;
  if (request->session->server != NULL)
    session_queue (request->session, request->answer, TRUE);
}

gboolean
cvn_mtproto_server_request_return_object (CvnMtprotoServerRequest  *request,
                                          const CvnTlObject        *result,
                                          GError                  **error)
{
  g_autoptr(GBytes) bytes = cvn_tl_encode (result, error);

  if (bytes == NULL)
    return FALSE;
  request_answer (request, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  return TRUE;
}

void
cvn_mtproto_server_request_return_bytes (CvnMtprotoServerRequest *request,
                                         GBytes                  *result)
{
  request_answer (request, g_bytes_get_data (result, NULL), g_bytes_get_size (result));
}

void
cvn_mtproto_server_request_return_error (CvnMtprotoServerRequest *request,
                                         gint32                   code,
                                         const char              *message)
{
  CvnTlWriter writer;

  cvn_tl_writer_init (&writer);
  cvn_tl_writer_put_int (&writer, (gint32) CVN_TL_MT_RPC_ERROR_ID);
  cvn_tl_writer_put_int (&writer, code);
  cvn_tl_writer_put_bytes (&writer, message, strlen (message));
  request_answer (request, writer.data, writer.len);
  cvn_tl_writer_clear (&writer);
}

/* --- sessions ----------------------------------------------------------------------- */

gint64
cvn_mtproto_server_session_get_id (CvnMtprotoServerSession *session)
{
  return cvn_mtproto_session_get_id (session->session);
}

guint64
cvn_mtproto_server_session_get_auth_key_id (CvnMtprotoServerSession *session)
{
  return session->auth_key_id;
}

static void
server_session_unref (CvnMtprotoServerSession *session)
{
  if (--session->ref_count > 0)
    return;
  g_clear_handle_id (&session->flush_id, g_source_remove);
  g_hash_table_unref (session->requests);
  g_queue_clear (&session->requests_order);
  g_ptr_array_unref (session->outgoing);
  g_array_unref (session->acks);
  cvn_mtproto_session_free (session->session);
  g_free (session);
}

static void
conn_send (ServerConn *sc,
           GBytes     *payload)
{
  g_autoptr(GError) error = NULL;

  if (!cvn_mtproto_connection_send (sc->conn, payload, FALSE, &error))
    g_debug ("Server send: %s", error->message);
}

static GBytes *
encode_msgs_ack (GArray *acks)
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
session_flush (gpointer data)
{
  CvnMtprotoServerSession *session = data;
  CvnMtprotoServer *self = session->server;
  gint64 now;

  session->flush_id = 0;
  if (self == NULL || session->conn == NULL)
    return G_SOURCE_REMOVE;
  now = server_now (self);

  if (session->acks->len > 0)
    {
      g_autoptr(GBytes) ack = encode_msgs_ack (session->acks);
      CvnMtprotoInMessage *m = g_new0 (CvnMtprotoInMessage, 1);

      g_array_set_size (session->acks, 0);
      m->msg_id = cvn_mtproto_session_next_msg_id (session->session, now, FALSE);
      m->seqno = cvn_mtproto_session_next_seqno (session->session, FALSE);
      m->body = g_steal_pointer (&ack);
      g_ptr_array_add (session->outgoing, m);
    }

  while (session->outgoing->len > 0)
    {
      g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_in_message_free);
      g_autoptr(GBytes) packed = NULL;
      g_autoptr(GError) error = NULL;
      gsize size = 0;

      while (session->outgoing->len > 0 && batch->len < 100 &&
             (batch->len == 0 || size + g_bytes_get_size (((CvnMtprotoInMessage *) session->outgoing->pdata[0])->body) < 512 * 1024))
        {
          CvnMtprotoInMessage *m = g_ptr_array_steal_index (session->outgoing, 0);

          size += g_bytes_get_size (m->body) + 16;
          g_ptr_array_add (batch, m);
        }
      packed = cvn_mtproto_session_pack (session->session, batch, now, NULL, &error);
      if (packed == NULL)
        {
          g_debug ("Server cannot pack: %s", error->message);
          continue;
        }
      conn_send (session->conn, packed);
    }
  return G_SOURCE_REMOVE;
}

static void
session_schedule_flush (CvnMtprotoServerSession *session)
{
  if (session->flush_id == 0)
    session->flush_id = g_idle_add (session_flush, session);
}

/* Queues one message; @response: msg_id 1 mod 4 (an answer), else 3 mod 4. */
static void
session_queue (CvnMtprotoServerSession *session,
               GBytes                  *body,
               gboolean                 response)
{
  CvnMtprotoInMessage *m;

  if (session->conn == NULL && session->outgoing->len >= MAX_QUEUED)
    {
      /* Answers stay with their requests and go again when the client resends. */
      g_debug ("Session %016" G_GINT64_MODIFIER "x: disconnected, outgoing queue full, message dropped",
               (guint64) cvn_mtproto_session_get_id (session->session));
      return;
    }
  m = g_new0 (CvnMtprotoInMessage, 1);
  m->msg_id = cvn_mtproto_session_next_msg_id (session->session, server_now (session->server),
                                               response);
  m->seqno = cvn_mtproto_session_next_seqno (session->session,
                                             cvn_mtproto_body_is_content_related (body));
  m->body = g_bytes_ref (body);
  g_ptr_array_add (session->outgoing, m);
  if (session->conn != NULL && session->outgoing->len >= 100)
    {
      g_clear_handle_id (&session->flush_id, g_source_remove);
      session_flush (session);
    }
  else
    session_schedule_flush (session);
}

gboolean
cvn_mtproto_server_session_push (CvnMtprotoServerSession  *session,
                                 const CvnTlObject        *update,
                                 GError                  **error)
{
  g_autoptr(GBytes) body = cvn_tl_encode (update, error);

  if (body == NULL)
    return FALSE;
  if (session->server == NULL)
    {
      g_set_error_literal (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_CLOSED,
                           "The server is gone");
      return FALSE;
    }
  session_queue (session, body, FALSE);
  return TRUE;
}

/* --- GObject ------------------------------------------------------------------------ */

static void
server_conn_free (ServerConn *sc)
{
  g_clear_handle_id (&sc->disconnect_id, g_source_remove);
  if (sc->conn != NULL)
    {
      g_signal_handlers_disconnect_by_data (sc->conn, sc);
      cvn_mtproto_connection_close (sc->conn);
      g_clear_object (&sc->conn);
    }
  g_clear_pointer (&sc->handshake, cvn_mtproto_handshake_free);
  g_free (sc);
}

static void
detach_conn (CvnMtprotoServer *self,
             ServerConn       *sc)
{
  GHashTableIter iter;
  CvnMtprotoServerSession *session;

  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &session))
    if (session->conn == sc)
      session->conn = NULL;
}

static void
cvn_mtproto_server_dispose (GObject *object)
{
  CvnMtprotoServer *self = CVN_MTPROTO_SERVER (object);

  cvn_mtproto_server_stop (self);
  if (self->conns != NULL)
    {
      for (guint i = 0; i < self->conns->len; i++)
        detach_conn (self, self->conns->pdata[i]);
      g_clear_pointer (&self->conns, g_ptr_array_unref);
    }
  if (self->sessions != NULL)
    {
      GHashTableIter iter;
      CvnMtprotoServerSession *session;

      g_hash_table_iter_init (&iter, self->sessions);
      while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &session))
        {
          session->server = NULL;
          g_clear_handle_id (&session->flush_id, g_source_remove);
        }
      g_clear_pointer (&self->sessions, g_hash_table_unref);
    }
  if (self->handler_destroy != NULL)
    g_clear_pointer (&self->handler_data, self->handler_destroy);
  self->handler = NULL;

  G_OBJECT_CLASS (cvn_mtproto_server_parent_class)->dispose (object);
}

static void
cvn_mtproto_server_finalize (GObject *object)
{
  CvnMtprotoServer *self = CVN_MTPROTO_SERVER (object);

  g_clear_pointer (&self->key, cvn_rsa_key_free);
  g_clear_pointer (&self->keys, g_hash_table_unref);
  g_clear_pointer (&self->dc_options, g_ptr_array_unref);

  G_OBJECT_CLASS (cvn_mtproto_server_parent_class)->finalize (object);
}

static void
cvn_mtproto_server_class_init (CvnMtprotoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cvn_mtproto_server_dispose;
  object_class->finalize = cvn_mtproto_server_finalize;
}

static void
server_key_free (gpointer data)
{
  cvn_crypto_wipe (data, sizeof (ServerKey));
  g_free (data);
}

static void
session_drop (gpointer data)
{
  CvnMtprotoServerSession *session = data;

  session->server = NULL;
  session->conn = NULL;
  g_clear_handle_id (&session->flush_id, g_source_remove);
  /* Requests hold their session: break the cycle. */
  g_queue_clear (&session->requests_order);
  g_hash_table_remove_all (session->requests);
  server_session_unref (session);
}

static void
cvn_mtproto_server_init (CvnMtprotoServer *self)
{
  self->keys = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, server_key_free);
  self->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, session_drop);
  self->conns = g_ptr_array_new_with_free_func ((GDestroyNotify) server_conn_free);
}

CvnMtprotoServer *
cvn_mtproto_server_new (CvnRsaKey *key,
                        gint32     dc_id)
{
  CvnMtprotoServer *self;

  g_return_val_if_fail (key != NULL && cvn_rsa_key_has_private (key), NULL);

  self = g_object_new (CVN_TYPE_MTPROTO_SERVER, NULL);
  self->key = cvn_rsa_key_copy (key);
  self->dc_id = dc_id;
  return self;
}

void
cvn_mtproto_server_set_handler (CvnMtprotoServer        *self,
                                CvnMtprotoServerHandler  handler,
                                gpointer                 user_data,
                                GDestroyNotify           destroy)
{
  g_return_if_fail (CVN_IS_MTPROTO_SERVER (self));

  if (self->handler_destroy != NULL)
    self->handler_destroy (self->handler_data);
  self->handler = handler;
  self->handler_data = user_data;
  self->handler_destroy = destroy;
}

CvnRsaKey *
cvn_mtproto_server_get_key (CvnMtprotoServer *self)
{
  return self->key;
}

guint16
cvn_mtproto_server_get_port (CvnMtprotoServer *self)
{
  return self->port;
}

void
cvn_mtproto_server_set_clock_offset (CvnMtprotoServer *self,
                                     gint64            offset_us)
{
  self->clock_offset = offset_us;
}

void
cvn_mtproto_server_close_connections (CvnMtprotoServer *self)
{
  while (self->conns->len > 0)
    {
      ServerConn *sc = self->conns->pdata[self->conns->len - 1];

      detach_conn (self, sc);
      g_ptr_array_remove_index (self->conns, self->conns->len - 1);
    }
}

gboolean
cvn_mtproto_server_session_close_connection (CvnMtprotoServerSession *session)
{
  CvnMtprotoServer *self = session->server;
  ServerConn *sc = session->conn;

  if (self == NULL || sc == NULL)
    return FALSE;
  /* every session whose answers went over it loses it, as when the client hangs up */
  detach_conn (self, sc);
  g_ptr_array_remove_fast (self->conns, sc);
  return TRUE;
}

void
cvn_mtproto_server_rotate_salts (CvnMtprotoServer *self)
{
  GHashTableIter iter;
  ServerKey *sk;

  g_hash_table_iter_init (&iter, self->keys);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &sk))
    cvn_random_bytes (&sk->salt, sizeof sk->salt, NULL);
}

guint64
cvn_mtproto_server_get_rejections (CvnMtprotoServer    *self,
                                   CvnMtprotoRejection  rejection)
{
  GHashTableIter iter;
  CvnMtprotoServerSession *session;
  guint64 n;

  g_return_val_if_fail (rejection < CVN_MTPROTO_N_REJECT, 0);
  n = self->rejections[rejection];
  g_hash_table_iter_init (&iter, self->sessions);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &session))
    n += cvn_mtproto_session_get_rejections (session->session, rejection);
  return n;
}

guint
cvn_mtproto_server_get_n_auth_keys (CvnMtprotoServer *self)
{
  return g_hash_table_size (self->keys);
}

guint
cvn_mtproto_server_get_n_connections (CvnMtprotoServer *self)
{
  return self->conns->len;
}

guint64
cvn_mtproto_server_get_n_requests (CvnMtprotoServer *self)
{
  return self->n_requests;
}

guint64
cvn_mtproto_server_get_n_duplicates (CvnMtprotoServer *self)
{
  return self->n_duplicates;
}

guint64
cvn_mtproto_server_get_n_drop_answers (CvnMtprotoServer *self)
{
  return self->n_drop_answers;
}

/* --- messages ----------------------------------------------------------------------- */

static void
count (CvnMtprotoServer    *self,
       CvnMtprotoRejection  rejection)
{
  self->rejections[rejection]++;
}

static GBytes *
encode_bad_msg (gint64  bad_msg_id,
                gint32  bad_seqno,
                gint32  code,
                gint64 *new_salt)
{
  CvnTlWriter writer;

  cvn_tl_writer_init (&writer);
  cvn_tl_writer_put_int (&writer, (gint32) (new_salt != NULL ? CVN_TL_MT_BAD_SERVER_SALT_ID
                                                             : CVN_TL_MT_BAD_MSG_NOTIFICATION_ID));
  cvn_tl_writer_put_long (&writer, bad_msg_id);
  cvn_tl_writer_put_int (&writer, bad_seqno);
  cvn_tl_writer_put_int (&writer, code);
  if (new_salt != NULL)
    cvn_tl_writer_put_long (&writer, *new_salt);
  return cvn_tl_writer_free_to_bytes (&writer);
}

static void
answer_service (CvnMtprotoServerSession *session,
                const CvnTlObject       *object)
{
  g_autoptr(GBytes) body = cvn_tl_encode (object, NULL);

  if (body != NULL)
    session_queue (session, body, TRUE);
}

/* ping_delay_disconnect: no ping in time closes the connection. */
static gboolean
disconnect_cb (gpointer data)
{
  ServerConn *sc = data;

  sc->disconnect_id = 0;
  g_debug ("Server: no ping in time, closing the connection");
  cvn_mtproto_connection_close (sc->conn);  /* may free @sc */
  return G_SOURCE_REMOVE;
}

/* --- help.getConfig ------------------------------------------------------------------ */

CvnTlApiConfig *
cvn_mtproto_server_build_config (CvnMtprotoServer *self,
                                 CvnTlArena       *arena)
{
  CvnTlApiConfig *config = (CvnTlApiConfig *) cvn_tl_object_new (arena, CVN_TL_API_CONFIG_CTOR);
  gint32 now = (gint32) (server_now (self) / G_USEC_PER_SEC);
  guint n = self->dc_options != NULL ? self->dc_options->len : 0;

  config->date = now;
  config->expires = now + 3600;
  config->this_dc = self->dc_id;
  config->dc_options = cvn_tl_vector_new (arena, CVN_TL_KIND_OBJECT, n);
  for (guint i = 0; i < n; i++)
    config->dc_options->objects[i] = &cvn_mtproto_dc_option_to_tl (self->dc_options->pdata[i], arena)->parent;
  cvn_tl_string_set (arena, &config->dc_txt_domain_name, "localhost");
  /* Telegram's published defaults. */
  config->chat_size_max = 200;
  config->megagroup_size_max = 200000;
  config->forwarded_count_max = 100;
  config->online_update_period_ms = 210000;
  config->offline_blur_timeout_ms = 5000;
  config->offline_idle_timeout_ms = 30000;
  config->online_cloud_timeout_ms = 300000;
  config->notify_cloud_delay_ms = 30000;
  config->notify_default_delay_ms = 1500;
  config->push_chat_period_ms = 60000;
  config->push_chat_limit = 2;
  config->edit_time_limit = 172800;
  config->revoke_time_limit = 2147483647;
  config->revoke_pm_time_limit = 2147483647;
  config->rating_e_decay = 2419200;
  config->stickers_recent_limit = 200;
  config->channels_read_media_period = 604800;
  config->call_receive_timeout_ms = 20000;
  config->call_ring_timeout_ms = 90000;
  config->call_connect_timeout_ms = 30000;
  config->call_packet_timeout_ms = 10000;
  cvn_tl_string_set (arena, &config->me_url_prefix, "https://t.me/");
  config->caption_length_max = 1024;
  config->message_length_max = 4096;
  config->webfile_dc_id = self->dc_id;
  return config;
}

static void
answer_config (CvnMtprotoServer        *self,
               CvnMtprotoServerRequest *request)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  CvnTlApiConfig *config = cvn_mtproto_server_build_config (self, arena);

  if (!cvn_mtproto_server_request_return_object (request, &config->parent, &error))
    {
      g_warning ("Server: cannot encode the config: %s", error->message);
      cvn_mtproto_server_request_return_error (request, 500, "CONFIG_ENCODING");
    }
}

void
cvn_mtproto_server_set_dc_options (CvnMtprotoServer *self,
                                   GPtrArray        *options)
{
  g_return_if_fail (CVN_IS_MTPROTO_SERVER (self));

  g_clear_pointer (&self->dc_options, g_ptr_array_unref);
  if (options == NULL)
    return;
  self->dc_options = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_dc_option_free);
  for (guint i = 0; i < options->len; i++)
    g_ptr_array_add (self->dc_options, cvn_mtproto_dc_option_copy (options->pdata[i]));
}

/* Unwraps invokeWithLayer, initConnection, invokeWithoutUpdates and the like. */
static void
handle_request (CvnMtprotoServer        *self,
                CvnMtprotoServerSession *session,
                CvnMtprotoInMessage     *m,
                CvnTlArena              *arena,
                CvnTlObject             *object)
{
  CvnMtprotoServerRequest *request;
  CvnTlObject *init = NULL;
  gint32 layer = 0;

  for (guint depth = 0; depth < 8; depth++)
    {
      if (object->ctor->id == CVN_TL_API_INVOKE_WITH_LAYER_ID)
        {
          layer = ((CvnTlApiInvokeWithLayer *) object)->layer;
          object = ((CvnTlApiInvokeWithLayer *) object)->query;
        }
      else if (object->ctor->id == CVN_TL_API_INIT_CONNECTION_ID)
        {
          init = object;
          object = ((CvnTlApiInitConnection *) object)->query;
        }
      else if (object->ctor->id == CVN_TL_API_INVOKE_WITHOUT_UPDATES_ID)
        object = ((CvnTlApiInvokeWithoutUpdates *) object)->query;
      else
        break;
      if (object == NULL)
        return;
    }

  request = g_new0 (CvnMtprotoServerRequest, 1);
  request->ref_count = 1;
  request->session = server_session_ref (session);
  request->msg_id = m->msg_id;
  request->arena = arena;
  request->query = object;
  request->init_connection = init;
  request->layer = layer;
  g_hash_table_insert (session->requests, &request->msg_id, request);
  g_queue_push_tail (&session->requests_order, request);
  while (session->requests_order.length > 4096)
    {
      CvnMtprotoServerRequest *old = g_queue_pop_head (&session->requests_order);

      g_hash_table_remove (session->requests, &old->msg_id);
    }
  self->n_requests++;

  if (object->ctor->id == CVN_TL_API_HELP_GET_CONFIG_ID && self->dc_options != NULL)
    {
      answer_config (self, request);
      return;
    }
  if (self->handler == NULL)
    {
      cvn_mtproto_server_request_return_error (request, 500, "NO_HANDLER");
      return;
    }
  cvn_mtproto_server_request_ref (request);
  self->handler (self, request, self->handler_data);
  cvn_mtproto_server_request_unref (request);
}

static void
handle_message (CvnMtprotoServer        *self,
                ServerConn              *sc,
                CvnMtprotoServerSession *session,
                CvnMtprotoInMessage     *m,
                guint                    depth)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  CvnTlObject *object;
  guint32 id = cvn_mtproto_body_get_id (m->body);
  gboolean content = cvn_mtproto_body_is_content_related (m->body);

  if (m->duplicate)
    {
      CvnMtprotoServerRequest *known = g_hash_table_lookup (session->requests, &m->msg_id);

      self->n_duplicates++;
      if (known != NULL && known->answered)
        session_queue (session, known->answer, TRUE);
      /* Running: its answer comes when it is done. Anything else: a replay. */
      if (known == NULL)
        count (self, CVN_MTPROTO_REJECT_REPLAY);
      return;
    }

  /* seqno parity: a request needs an odd seqno (35 otherwise). The reverse (34) is not
   * enforced: mtcute, like other clients Telegram accepts, sends msgs_ack with odd
   * seqnos. */
  if (content && (m->seqno & 1) == 0 && depth == 0)
    {
      g_autoptr(GBytes) bad = encode_bad_msg (m->msg_id, m->seqno, 35, NULL);

      g_debug ("Server: request %08x with even seqno %d", id, m->seqno);
      count (self, CVN_MTPROTO_REJECT_SEQNO);
      session_queue (session, bad, FALSE);
      return;
    }
  if (content)
    g_array_append_val (session->acks, m->msg_id);

  if (id == CVN_TL_MT_GZIP_PACKED_ID && depth < 2)
    {
      g_autoptr(GBytes) inner = cvn_mtproto_gzip_unpack (g_bytes_get_data (m->body, NULL),
                                                         g_bytes_get_size (m->body),
                                                         MAX_INFLATED, &error);
      GBytes *outer;

      if (inner == NULL)
        {
          g_debug ("Server: %s", error->message);
          count (self, CVN_MTPROTO_REJECT_MALFORMED);
          return;
        }
      outer = m->body;
      m->body = g_steal_pointer (&inner);
      handle_message (self, sc, session, m, depth + 1);
      g_bytes_unref (m->body);
      m->body = outer;
      return;
    }

  object = cvn_tl_decode (g_bytes_get_data (m->body, NULL), g_bytes_get_size (m->body), arena,
                          &error);
  if (object == NULL)
    {
      g_debug ("Server: undecodable message: %s", error->message);
      count (self, CVN_MTPROTO_REJECT_MALFORMED);
      if (content)
        {
          CvnMtprotoServerRequest request = { .ref_count = 1, .session = session, .msg_id = m->msg_id };
          g_autofree char *text = g_strdup_printf ("INPUT_METHOD_INVALID_%u", id);

          /* Answer so that the client does not wait forever. */
          cvn_mtproto_server_request_return_error (&request, 400, text);
          g_clear_pointer (&request.answer, g_bytes_unref);
        }
      return;
    }

  switch (object->ctor->id)
    {
    case CVN_TL_MT_MSGS_ACK_ID:
      return;

    case CVN_TL_MT_PING_ID:
    case CVN_TL_MT_PING_DELAY_DISCONNECT_ID:
      {
        CvnTlMtPong *pong = (CvnTlMtPong *) cvn_tl_object_new (arena, CVN_TL_MT_PONG_CTOR);

        pong->msg_id = m->msg_id;
        pong->ping_id = object->ctor->id == CVN_TL_MT_PING_ID ?
                          ((CvnTlMtPing *) object)->ping_id :
                          ((CvnTlMtPingDelayDisconnect *) object)->ping_id;
        if (object->ctor->id == CVN_TL_MT_PING_DELAY_DISCONNECT_ID)
          {
            gint32 delay = ((CvnTlMtPingDelayDisconnect *) object)->disconnect_delay;

            g_clear_handle_id (&sc->disconnect_id, g_source_remove);
            if (delay > 0)
              sc->disconnect_id = g_timeout_add_seconds (MIN (delay, 3600), disconnect_cb, sc);
          }
        answer_service (session, &pong->parent);
        return;
      }

    case CVN_TL_MT_GET_FUTURE_SALTS_ID:
      {
        CvnTlMtFutureSalts *fs = (CvnTlMtFutureSalts *) cvn_tl_object_new (arena, CVN_TL_MT_FUTURE_SALTS_CTOR);
        gint32 num = CLAMP (((CvnTlMtGetFutureSalts *) object)->num, 1, 64);
        gint64 now = server_now (self) / G_USEC_PER_SEC;
        ServerKey *sk = g_hash_table_lookup (self->keys, &session->auth_key_id);

        fs->req_msg_id = m->msg_id;
        fs->now = (gint32) now;
        fs->salts = cvn_tl_vector_new (arena, CVN_TL_KIND_BARE, num);
        for (gint32 i = 0; i < num; i++)
          {
            CvnTlMtFutureSalt *salt = (CvnTlMtFutureSalt *) cvn_tl_object_new (arena, CVN_TL_MT_FUTURE_SALT_CTOR);

            /* One salt, valid for the life of the key: the same value for every slot. */
            salt->valid_since = (gint32) (now - 60 + i * 3600);
            salt->valid_until = (gint32) (now + (i + 1) * 3600);
            salt->salt = sk != NULL ? sk->salt : 0;
            fs->salts->objects[i] = &salt->parent;
          }
        /* A message of its own, not an rpc_result. */
        answer_service (session, &fs->parent);
        return;
      }

    case CVN_TL_MT_MSGS_STATE_REQ_ID:
    case CVN_TL_MT_MSG_RESEND_REQ_ID:
      {
        CvnTlVector *ids = object->ctor->id == CVN_TL_MT_MSGS_STATE_REQ_ID ?
                             ((CvnTlMtMsgsStateReq *) object)->msg_ids :
                             ((CvnTlMtMsgResendReq *) object)->msg_ids;
        guint n = ids != NULL ? MIN (ids->len, 8192) : 0;
        CvnTlMtMsgsStateInfo *info = (CvnTlMtMsgsStateInfo *) cvn_tl_object_new (arena, CVN_TL_MT_MSGS_STATE_INFO_CTOR);
        guint8 *states = cvn_tl_arena_alloc (arena, MAX (n, 1));

        for (guint i = 0; i < n; i++)
          {
            CvnMtprotoServerRequest *known = g_hash_table_lookup (session->requests, &ids->longs[i]);

            /* 4: received; +32: the query is processed; +64: its answer exists. 1: unknown. */
            states[i] = known == NULL ? 1 : known->answered ? 4 + 32 + 64 : 4 + 32;
            if (known != NULL && known->answered && object->ctor->id == CVN_TL_MT_MSG_RESEND_REQ_ID)
              session_queue (session, known->answer, TRUE);
          }
        if (object->ctor->id == CVN_TL_MT_MSGS_STATE_REQ_ID)
          {
            info->req_msg_id = m->msg_id;
            info->info.data = states;
            info->info.len = n;
            answer_service (session, &info->parent);
          }
        return;
      }

    case CVN_TL_MT_DESTROY_SESSION_ID:
      {
        gint64 sid = ((CvnTlMtDestroySession *) object)->session_id;
        g_autofree char *key = g_strdup_printf ("%016" G_GINT64_MODIFIER "x:%016" G_GINT64_MODIFIER "x",
                                                session->auth_key_id, (guint64) sid);
        gboolean found = sid != cvn_mtproto_session_get_id (session->session) &&
                         g_hash_table_remove (self->sessions, key);
        CvnTlMtDestroySessionOk *res = (CvnTlMtDestroySessionOk *)
          cvn_tl_object_new (arena, found ? CVN_TL_MT_DESTROY_SESSION_OK_CTOR : CVN_TL_MT_DESTROY_SESSION_NONE_CTOR);

        res->session_id = sid;
        answer_service (session, &res->parent);
        return;
      }

    case CVN_TL_MT_RPC_DROP_ANSWER_ID:
      {
        CvnMtprotoServerRequest request = { .ref_count = 1, .session = session, .msg_id = m->msg_id };
        CvnTlObject *unknown = cvn_tl_object_new (arena, CVN_TL_MT_RPC_ANSWER_UNKNOWN_CTOR);

        /* Requests are answered as they come: there is never one to drop. */
        self->n_drop_answers++;
        cvn_mtproto_server_request_return_object (&request, unknown, NULL);
        g_clear_pointer (&request.answer, g_bytes_unref);
        return;
      }

    case CVN_TL_MT_HTTP_WAIT_ID:
      return;

    default:
      if (!object->ctor->is_method)
        {
          g_debug ("Server: %s is not a request", object->ctor->name);
          count (self, CVN_MTPROTO_REJECT_MALFORMED);
          return;
        }
      handle_request (self, session, m, g_steal_pointer (&arena), object);
      return;
    }
}

static CvnMtprotoServerSession *
find_session (CvnMtprotoServer *self,
              ServerKey        *sk,
              gint64            session_id,
              gboolean         *created)
{
  g_autofree char *name = g_strdup_printf ("%016" G_GINT64_MODIFIER "x:%016" G_GINT64_MODIFIER "x",
                                           sk->key.id, (guint64) session_id);
  CvnMtprotoServerSession *session = g_hash_table_lookup (self->sessions, name);

  *created = FALSE;
  if (session != NULL)
    return session;
  session = g_new0 (CvnMtprotoServerSession, 1);
  session->ref_count = 1;
  session->server = self;
  session->auth_key_id = sk->key.id;
  session->session = cvn_mtproto_session_new (CVN_MTPROTO_ROLE_SERVER, &sk->key, session_id, sk->salt);
  session->requests = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                             (GDestroyNotify) cvn_mtproto_server_request_unref);
  g_queue_init (&session->requests_order);
  session->outgoing = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_in_message_free);
  session->acks = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_hash_table_insert (self->sessions, g_steal_pointer (&name), session);
  *created = TRUE;
  return session;
}

static void
handle_encrypted (CvnMtprotoServer *self,
                  ServerConn       *sc,
                  GBytes           *payload,
                  gboolean          quick_ack)
{
  g_auto(CvnMtprotoMessage) message = { 0 };
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  CvnMtprotoServerSession *session;
  CvnMtprotoRejection rejection = CVN_MTPROTO_REJECT_NONE;
  const guint8 *data;
  gsize len;
  guint64 key_id = 0;
  ServerKey *sk;
  gboolean created;
  gint64 now = server_now (self);

  data = g_bytes_get_data (payload, &len);
  cvn_mtproto_message_peek_auth_key_id (data, len, &key_id);
  sk = g_hash_table_lookup (self->keys, &key_id);
  if (sk == NULL)
    {
      g_debug ("Server: unknown auth key %016" G_GINT64_MODIFIER "x", key_id);
      count (self, CVN_MTPROTO_REJECT_DECRYPT);
      cvn_mtproto_connection_send_transport_error (sc->conn, -404, NULL);
      return;
    }
  if (!cvn_mtproto_message_decrypt (&sk->key, CVN_MTPROTO_ROLE_CLIENT, data, len,
                                    sc->transport_padding, &message, &error))
    {
      /* Nothing of a message that does not decrypt is trusted, not even to answer it. */
      g_debug ("Server: %s", error->message);
      count (self, CVN_MTPROTO_REJECT_DECRYPT);
      return;
    }

  session = find_session (self, sk, message.session_id, &created);
  session->conn = sc;
  if (quick_ack)
    cvn_mtproto_connection_send_quick_ack (sc->conn, message.quick_ack_token, NULL);

  messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_in_message_free);
  if (!cvn_mtproto_session_accept (session->session, &message, now, messages, &rejection, &error))
    {
      gint32 code = cvn_mtproto_rejection_to_bad_msg_code (rejection);

      if (code != 0)
        {
          g_autoptr(GBytes) bad = encode_bad_msg (message.msg_id, message.seqno, code, NULL);

          session_queue (session, bad, FALSE);
        }
      return;
    }

  if (message.salt != sk->salt)
    {
      g_autoptr(GBytes) bad = encode_bad_msg (message.msg_id, message.seqno, 48, &sk->salt);

      cvn_mtproto_session_count_rejection (session->session, CVN_MTPROTO_REJECT_SALT);
      /* The client resends under new msg_ids: forget these. */
      session_queue (session, bad, FALSE);
      return;
    }

  if (created)
    {
      CvnTlWriter writer;
      gint64 unique_id = 0;
      GBytes *body;

      cvn_random_bytes (&unique_id, sizeof unique_id, NULL);
      cvn_tl_writer_init (&writer);
      cvn_tl_writer_put_int (&writer, (gint32) CVN_TL_MT_NEW_SESSION_CREATED_ID);
      cvn_tl_writer_put_long (&writer, message.msg_id);
      cvn_tl_writer_put_long (&writer, unique_id);
      cvn_tl_writer_put_long (&writer, sk->salt);
      body = cvn_tl_writer_free_to_bytes (&writer);
      session_queue (session, body, FALSE);
      g_bytes_unref (body);
    }

  server_session_ref (session);
  for (guint i = 0; i < messages->len; i++)
    handle_message (self, sc, session, messages->pdata[i], 0);
  if (session->acks->len > 0)
    session_schedule_flush (session);
  server_session_unref (session);
}

static void
handle_plain (CvnMtprotoServer *self,
              ServerConn       *sc,
              GBytes           *payload)
{
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) error = NULL;

  if (sc->handshake == NULL)
    {
      sc->handshake = cvn_mtproto_handshake_new_server (self->key, NULL, 0, self->dc_id);
      cvn_mtproto_handshake_set_clock_offset (sc->handshake, self->clock_offset);
    }
  if (!cvn_mtproto_handshake_receive (sc->handshake, g_bytes_get_data (payload, NULL),
                                      g_bytes_get_size (payload), sc->transport_padding,
                                      g_get_real_time (), &reply, &error))
    {
      g_debug ("Server: key exchange refused: %s", error->message);
      count (self, CVN_MTPROTO_REJECT_MALFORMED);
      cvn_mtproto_connection_close (sc->conn);
      return;
    }
  if (reply != NULL)
    conn_send (sc, reply);
  if (cvn_mtproto_handshake_is_done (sc->handshake))
    {
      ServerKey *sk = g_new0 (ServerKey, 1);

      sk->key = *cvn_mtproto_handshake_get_auth_key (sc->handshake);
      sk->salt = cvn_mtproto_handshake_get_server_salt (sc->handshake);
      g_hash_table_replace (self->keys, &sk->key.id, sk);
      g_clear_pointer (&sc->handshake, cvn_mtproto_handshake_free);
      g_debug ("Server: new auth key %016" G_GINT64_MODIFIER "x", sk->key.id);
    }
}

static void
conn_frame_cb (CvnMtprotoConnection *conn,
               GBytes               *payload,
               gboolean              quick_ack,
               ServerConn           *sc)
{
  CvnMtprotoServer *self = sc->server;
  guint64 key_id = 0;

  sc->transport_padding = cvn_mtproto_codec_get_framing (cvn_mtproto_connection_get_codec (conn)) ==
                          CVN_MTPROTO_FRAMING_PADDED_INTERMEDIATE;
  if (!cvn_mtproto_message_peek_auth_key_id (g_bytes_get_data (payload, NULL),
                                             g_bytes_get_size (payload), &key_id))
    {
      count (self, CVN_MTPROTO_REJECT_MALFORMED);
      return;
    }
  if (key_id == 0)
    handle_plain (self, sc, payload);
  else
    handle_encrypted (self, sc, payload, quick_ack);
}

static void
conn_closed_cb (CvnMtprotoConnection *conn,
                const GError         *error,
                ServerConn           *sc)
{
  CvnMtprotoServer *self = sc->server;

  if (error != NULL)
    g_debug ("Server connection closed: %s", error->message);
  detach_conn (self, sc);
  g_ptr_array_remove_fast (self->conns, sc);
}

CvnMtprotoConnection *
cvn_mtproto_server_add_connection (CvnMtprotoServer *self,
                                   GIOStream        *stream)
{
  ServerConn *sc = g_new0 (ServerConn, 1);

  g_return_val_if_fail (CVN_IS_MTPROTO_SERVER (self), NULL);

  sc->server = self;
  sc->conn = cvn_mtproto_connection_new (stream,
                                         cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_SERVER, 0, FALSE, 0, 0));
  g_signal_connect (sc->conn, "frame", G_CALLBACK (conn_frame_cb), sc);
  g_signal_connect (sc->conn, "closed", G_CALLBACK (conn_closed_cb), sc);
  g_ptr_array_add (self->conns, sc);
  cvn_mtproto_connection_start (sc->conn);
  return sc->conn;
}

void
cvn_mtproto_server_add_auth_key (CvnMtprotoServer        *self,
                                 const CvnMtprotoAuthKey *key,
                                 gint64                   salt)
{
  ServerKey *sk = g_new0 (ServerKey, 1);

  sk->key = *key;
  sk->salt = salt;
  g_hash_table_replace (self->keys, &sk->key.id, sk);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *socket,
             GObject           *source,
             CvnMtprotoServer  *self)
{
  cvn_mtproto_server_add_connection (self, G_IO_STREAM (socket));
  return TRUE;
}

gboolean
cvn_mtproto_server_listen (CvnMtprotoServer  *self,
                           const char        *address,
                           guint16            port,
                           GError           **error)
{
  g_autoptr(GInetAddress) inet = NULL;
  g_autoptr(GSocketAddress) addr = NULL;
  g_autoptr(GSocketAddress) effective = NULL;

  g_return_val_if_fail (CVN_IS_MTPROTO_SERVER (self), FALSE);
  g_return_val_if_fail (self->service == NULL, FALSE);

  inet = g_inet_address_new_from_string (address);
  if (inet == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, "Not an address: %s", address);
      return FALSE;
    }
  addr = g_inet_socket_address_new (inet, port);
  self->service = g_socket_service_new ();
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (self->service), addr,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                      &effective, error))
    {
      g_clear_object (&self->service);
      return FALSE;
    }
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (self->service, "incoming", G_CALLBACK (incoming_cb), self);
  g_socket_service_start (self->service);
  return TRUE;
}

void
cvn_mtproto_server_stop (CvnMtprotoServer *self)
{
  if (self->service == NULL)
    return;
  g_socket_service_stop (self->service);
  g_socket_listener_close (G_SOCKET_LISTENER (self->service));
  g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
}
