/* cvn-call-client-rpc.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-call-client-rpc-private.h"

struct _CvnCallClientRpc
{
  GObject    parent_instance;

  CvnClient *client;   /* weak: the client owns the sync that owns this */
};

static void cvn_call_client_rpc_iface_init (CvnCallRpcInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CvnCallClientRpc, _cvn_call_client_rpc, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CVN_TYPE_CALL_RPC, cvn_call_client_rpc_iface_init))

static void
client_update_cb (CvnClient         *client,
                  const CvnTlObject *updates,
                  gpointer           user_data)
{
  if (updates != NULL
      && cvn_tl_constructor_get_type (updates->ctor) == cvn_tl_constructor_get_type (CVN_TL_API_UPDATES_CTOR))
    _cvn_call_rpc_emit_updates (CVN_CALL_RPC (user_data), updates);
}

static void
invoke_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  CvnMtprotoResult *answer;

  answer = _cvn_client_invoke_finish (CVN_CLIENT (source), result, &error);
  if (answer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task,
                           _cvn_call_reply_new (cvn_mtproto_result_get_value (answer), answer,
                                                (GDestroyNotify) cvn_mtproto_result_unref),
                           (GDestroyNotify) _cvn_call_reply_unref);
}

static void
cvn_call_client_rpc_invoke_async (CvnCallRpc          *rpc,
                                  const CvnTlObject   *query,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  CvnCallClientRpc *self = CVN_CALL_CLIENT_RPC (rpc);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  if (self->client == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CLOSED, "the client is gone");
      g_object_unref (task);
      return;
    }
  _cvn_client_invoke_async (self->client, query, cancellable, invoke_cb, task);
}

static CvnCallReply *
cvn_call_client_rpc_invoke_finish (CvnCallRpc    *rpc,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gint64
cvn_call_client_rpc_get_user_id (CvnCallRpc *rpc)
{
  CvnCallClientRpc *self = CVN_CALL_CLIENT_RPC (rpc);

  return self->client != NULL ? _cvn_client_get_self_id (self->client) : 0;
}

static CvnTlObject *
cvn_call_client_rpc_make_input_peer (CvnCallRpc *rpc,
                                     CvnTlArena *arena,
                                     int         peer_type,
                                     gint64      peer_id)
{
  CvnCallClientRpc *self = CVN_CALL_CLIENT_RPC (rpc);
  CvnPeer peer = { peer_type, peer_id };

  if (self->client == NULL)
    return NULL;
  return _cvn_client_make_input_peer (self->client, &peer, arena, NULL);
}

static void
cvn_call_client_rpc_iface_init (CvnCallRpcInterface *iface)
{
  iface->invoke_async = cvn_call_client_rpc_invoke_async;
  iface->invoke_finish = cvn_call_client_rpc_invoke_finish;
  iface->get_user_id = cvn_call_client_rpc_get_user_id;
  iface->make_input_peer = cvn_call_client_rpc_make_input_peer;
}

static void
cvn_call_client_rpc_dispose (GObject *object)
{
  CvnCallClientRpc *self = CVN_CALL_CLIENT_RPC (object);

  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      g_object_remove_weak_pointer (G_OBJECT (self->client), (gpointer *) &self->client);
      self->client = NULL;
    }

  G_OBJECT_CLASS (_cvn_call_client_rpc_parent_class)->dispose (object);
}

static void
_cvn_call_client_rpc_class_init (CvnCallClientRpcClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cvn_call_client_rpc_dispose;
}

static void
_cvn_call_client_rpc_init (CvnCallClientRpc *self)
{
}

CvnCallClientRpc *
_cvn_call_client_rpc_new (CvnClient *client)
{
  CvnCallClientRpc *self;

  g_return_val_if_fail (CVN_IS_CLIENT (client), NULL);

  self = g_object_new (CVN_TYPE_CALL_CLIENT_RPC, NULL);
  self->client = client;
  g_object_add_weak_pointer (G_OBJECT (client), (gpointer *) &self->client);
  g_signal_connect (client, "update", G_CALLBACK (client_update_cb), self);

  return self;
}

CvnClient *
_cvn_call_client_rpc_get_client (CvnCallClientRpc *self)
{
  g_return_val_if_fail (CVN_IS_CALL_CLIENT_RPC (self), NULL);
  return self->client;
}

static void
group_call_added_cb (CvnClient    *client,
                     CvnGroupCall *call,
                     gpointer      user_data)
{
  _cvn_group_call_sync_adopt (CVN_GROUP_CALL_SYNC (user_data), call);
}

static CvnGroupCall *
lookup_cb (gint64   id,
           gpointer user_data)
{
  return _cvn_client_lookup_group_call (CVN_CLIENT (user_data), id);
}

static CvnGroupCall *
ensure_cb (gint64   id,
           gint64   access_hash,
           gpointer user_data)
{
  return _cvn_client_ensure_group_call (CVN_CLIENT (user_data), id, access_hash);
}

#define SYNC_KEY "cvn-group-call-sync"

CvnGroupCallSync *
_cvn_group_call_sync_for_client (CvnClient *client)
{
  CvnGroupCallSync *sync;
  g_autoptr(CvnCallClientRpc) rpc = NULL;

  g_return_val_if_fail (CVN_IS_CLIENT (client), NULL);

  sync = g_object_get_data (G_OBJECT (client), SYNC_KEY);
  if (sync != NULL)
    return sync;

  rpc = _cvn_call_client_rpc_new (client);
  sync = _cvn_group_call_sync_new (CVN_CALL_RPC (rpc), _cvn_client_get_clock (client));
  g_signal_connect_object (client, "group-call-added", G_CALLBACK (group_call_added_cb), sync, 0);
  _cvn_group_call_sync_set_lookup (sync, lookup_cb, client);
  _cvn_group_call_sync_set_ensure (sync, ensure_cb, client);
  g_object_set_data_full (G_OBJECT (client), SYNC_KEY, sync, g_object_unref);

  return sync;
}
