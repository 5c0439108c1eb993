/* cvn-sandbox-server.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-sandbox-server.h"
#include "cvn-sandbox-dispatch.h"
#include "cvn-sandbox-error.h"

struct _CvnSandboxServer
{
  GObject           parent_instance;

  CvnSandboxWorld  *world;
  CvnMtprotoServer *server;
  GHashTable       *sessions;   /* CvnMtprotoServerSession* -> CvnSandboxSession* (strong) */
  GHashTable       *logins;     /* auth key id (guint64*) -> user id (gint64*) */
  GPtrArray        *links;      /* Link* (owned) */
};

G_DEFINE_FINAL_TYPE (CvnSandboxServer, cvn_sandbox_server, G_TYPE_OBJECT)

typedef struct
{
  CvnSandboxServer        *server;
  CvnMtprotoServerSession *mt_session;
} Link;

static void
on_update (CvnSandboxSession *session,
           GBytes            *updates,
           gpointer           user_data)
{
  Link *link = user_data;
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (updates, &len);
  CvnTlObject *object = cvn_tl_decode (data, len, arena, &error);

  if (object == NULL || !cvn_mtproto_server_session_push (link->mt_session, object, &error))
    g_debug ("sandbox: a pushed update was not sent: %s", error != NULL ? error->message : "?");
}

static void
on_cut (CvnSandboxSession *session,
        gpointer           user_data)
{
  Link *link = user_data;

  /* only this session's connection: clients of other sessions stay connected */
  cvn_mtproto_server_session_close_connection (link->mt_session);
}

static CvnSandboxSession *
session_for (CvnSandboxServer        *self,
             CvnMtprotoServerSession *mt_session)
{
  CvnSandboxSession *session = g_hash_table_lookup (self->sessions, mt_session);
  guint64 key_id = cvn_mtproto_server_session_get_auth_key_id (mt_session);
  gint64 *user_id;
  Link *link;

  if (session != NULL)
    return session;
  session = cvn_sandbox_world_open_session (self->world);
  cvn_sandbox_session_set_queueing (session, FALSE);
  user_id = g_hash_table_lookup (self->logins, &key_id);
  if (user_id != NULL)
    cvn_sandbox_session_set_user_id (session, *user_id);
  link = g_new0 (Link, 1);
  link->server = self;
  link->mt_session = mt_session;
  g_ptr_array_add (self->links, link);
  g_signal_connect (session, "update", G_CALLBACK (on_update), link);
  g_signal_connect (session, "cut", G_CALLBACK (on_cut), link);
  g_hash_table_insert (self->sessions, mt_session, g_object_ref (session));
  return session;
}

static void
handle_request (CvnMtprotoServer        *server,
                CvnMtprotoServerRequest *request,
                gpointer                 user_data)
{
  CvnSandboxServer *self = user_data;
  CvnMtprotoServerSession *mt_session = cvn_mtproto_server_request_get_session (request);
  CvnSandboxSession *session = session_for (self, mt_session);
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  CvnTlValue result;
  guint64 key_id = cvn_mtproto_server_session_get_auth_key_id (mt_session);
  gint64 user_id;

  if (!cvn_sandbox_dispatch (self->world, session, cvn_mtproto_server_request_get_query (request),
                             arena, &result, &error))
    {
      cvn_mtproto_server_request_return_error (request, error->code, error->message);
    }
  else if (result.kind == CVN_TL_KIND_OBJECT)
    {
      if (!cvn_mtproto_server_request_return_object (request, result.object, &error))
        cvn_mtproto_server_request_return_error (request, 500, "INTERNAL");
    }
  else
    {
      g_autoptr(GBytes) bytes = cvn_sandbox_encode_result (&result, &error);

      if (bytes != NULL)
        cvn_mtproto_server_request_return_bytes (request, bytes);
      else
        cvn_mtproto_server_request_return_error (request, 500, "INTERNAL");
    }

  /* the login belongs to the auth key */
  user_id = cvn_sandbox_session_get_user_id (session);
  if (user_id != 0)
    g_hash_table_replace (self->logins, g_memdup2 (&key_id, sizeof key_id), g_memdup2 (&user_id, sizeof user_id));
  else
    g_hash_table_remove (self->logins, &key_id);
  /* every other session of the key follows a login or log out */
  {
    GHashTableIter iter;
    gpointer k, v;

    g_hash_table_iter_init (&iter, self->sessions);
    while (g_hash_table_iter_next (&iter, &k, &v))
      if (cvn_mtproto_server_session_get_auth_key_id (k) == key_id)
        cvn_sandbox_session_set_user_id (v, user_id);
  }
}

static void
close_session (gpointer data,
               gpointer user_data)
{
  CvnSandboxServer *self = user_data;

  cvn_sandbox_world_close_session (self->world, data);
}

void
cvn_sandbox_server_stop (CvnSandboxServer *self)
{
  g_return_if_fail (CVN_IS_SANDBOX_SERVER (self));
  if (self->server != NULL)
    cvn_mtproto_server_stop (self->server);
}

static void
cvn_sandbox_server_dispose (GObject *object)
{
  CvnSandboxServer *self = CVN_SANDBOX_SERVER (object);

  if (self->server != NULL)
    cvn_mtproto_server_stop (self->server);
  if (self->sessions != NULL)
    {
      g_autoptr(GList) sessions = g_hash_table_get_values (self->sessions);

      for (GList *l = sessions; l != NULL; l = l->next)
        {
          g_signal_handlers_destroy (l->data);
          close_session (l->data, self);
        }
      g_clear_pointer (&self->sessions, g_hash_table_unref);
    }
  g_clear_object (&self->server);
  g_clear_object (&self->world);

  G_OBJECT_CLASS (cvn_sandbox_server_parent_class)->dispose (object);
}

static void
cvn_sandbox_server_finalize (GObject *object)
{
  CvnSandboxServer *self = CVN_SANDBOX_SERVER (object);

  g_hash_table_unref (self->logins);
  g_ptr_array_unref (self->links);

  G_OBJECT_CLASS (cvn_sandbox_server_parent_class)->finalize (object);
}

static void
cvn_sandbox_server_class_init (CvnSandboxServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cvn_sandbox_server_dispose;
  object_class->finalize = cvn_sandbox_server_finalize;
}

static void
cvn_sandbox_server_init (CvnSandboxServer *self)
{
  self->sessions = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_object_unref);
  self->logins = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  self->links = g_ptr_array_new_with_free_func (g_free);
}

CvnSandboxServer *
cvn_sandbox_server_new (CvnSandboxWorld *world,
                        CvnRsaKey       *key)
{
  CvnSandboxServer *self;

  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (world), NULL);
  g_return_val_if_fail (key != NULL, NULL);

  self = g_object_new (CVN_TYPE_SANDBOX_SERVER, NULL);
  self->world = g_object_ref (world);
  self->server = cvn_mtproto_server_new (key, 2);
  cvn_mtproto_server_set_handler (self->server, handle_request, self, NULL);
  return self;
}

gboolean
cvn_sandbox_server_listen (CvnSandboxServer *self,
                           const char       *address,
                           guint16           port,
                           GError          **error)
{
  g_autoptr(GInetAddress) inet = NULL;

  g_return_val_if_fail (CVN_IS_SANDBOX_SERVER (self), FALSE);
  inet = g_inet_address_new_from_string (address);
  if (inet == NULL || !g_inet_address_get_is_loopback (inet))
    {
      g_set_error (error, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_FAILED,
                   "the sandbox listens on loopback addresses only, not \"%s\"", address);
      return FALSE;
    }
  if (!cvn_mtproto_server_listen (self->server, address, port, error))
    return FALSE;
  cvn_sandbox_world_set_listen_port (self->world, cvn_mtproto_server_get_port (self->server));
  return TRUE;
}

guint16
cvn_sandbox_server_get_port (CvnSandboxServer *self)
{
  g_return_val_if_fail (CVN_IS_SANDBOX_SERVER (self), 0);
  return cvn_mtproto_server_get_port (self->server);
}

CvnMtprotoServer *
cvn_sandbox_server_get_mtproto (CvnSandboxServer *self)
{
  g_return_val_if_fail (CVN_IS_SANDBOX_SERVER (self), NULL);
  return self->server;
}

CvnSandboxWorld *
cvn_sandbox_server_get_world (CvnSandboxServer *self)
{
  g_return_val_if_fail (CVN_IS_SANDBOX_SERVER (self), NULL);
  return self->world;
}
