/* cvn-call-mtproto-rpc.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-call-mtproto-rpc-private.h"

struct _CvnCallMtprotoRpc
{
  GObject           parent_instance;

  CvnMtprotoClient *client;
};

static void cvn_call_mtproto_rpc_iface_init (CvnCallRpcInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CvnCallMtprotoRpc, _cvn_call_mtproto_rpc, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CVN_TYPE_CALL_RPC, cvn_call_mtproto_rpc_iface_init))

static void
client_update_cb (CvnMtprotoClient *client,
                  CvnMtprotoResult *update,
                  gpointer          user_data)
{
  CvnCallMtprotoRpc *self = user_data;
  CvnTlObject *object = cvn_mtproto_result_get_object (update);

  if (object != NULL
      && cvn_tl_constructor_get_type (object->ctor) == cvn_tl_constructor_get_type (CVN_TL_API_UPDATES_CTOR))
    _cvn_call_rpc_emit_updates (CVN_CALL_RPC (self), object);
}

static void
invoke_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  CvnMtprotoResult *answer;

  answer = cvn_mtproto_client_invoke_finish (CVN_MTPROTO_CLIENT (source), result, &error);
  if (answer == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task,
                           _cvn_call_reply_new (cvn_mtproto_result_get_value (answer), answer,
                                                (GDestroyNotify) cvn_mtproto_result_unref),
                           (GDestroyNotify) _cvn_call_reply_unref);
}

static void
cvn_call_mtproto_rpc_invoke_async (CvnCallRpc          *rpc,
                                   const CvnTlObject   *query,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  CvnCallMtprotoRpc *self = CVN_CALL_MTPROTO_RPC (rpc);
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  cvn_mtproto_client_invoke_async (self->client, query, cancellable, invoke_cb, task);
}

static CvnCallReply *
cvn_call_mtproto_rpc_invoke_finish (CvnCallRpc    *rpc,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gint64
cvn_call_mtproto_rpc_get_user_id (CvnCallRpc *rpc)
{
  return cvn_mtproto_client_get_user_id (CVN_CALL_MTPROTO_RPC (rpc)->client);
}

static void
cvn_call_mtproto_rpc_iface_init (CvnCallRpcInterface *iface)
{
  iface->invoke_async = cvn_call_mtproto_rpc_invoke_async;
  iface->invoke_finish = cvn_call_mtproto_rpc_invoke_finish;
  iface->get_user_id = cvn_call_mtproto_rpc_get_user_id;
}

static void
cvn_call_mtproto_rpc_dispose (GObject *object)
{
  CvnCallMtprotoRpc *self = CVN_CALL_MTPROTO_RPC (object);

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);

  G_OBJECT_CLASS (_cvn_call_mtproto_rpc_parent_class)->dispose (object);
}

static void
_cvn_call_mtproto_rpc_class_init (CvnCallMtprotoRpcClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cvn_call_mtproto_rpc_dispose;
}

static void
_cvn_call_mtproto_rpc_init (CvnCallMtprotoRpc *self)
{
}

CvnCallMtprotoRpc *
_cvn_call_mtproto_rpc_new (CvnMtprotoClient *client)
{
  CvnCallMtprotoRpc *self;

  g_return_val_if_fail (CVN_IS_MTPROTO_CLIENT (client), NULL);

  self = g_object_new (CVN_TYPE_CALL_MTPROTO_RPC, NULL);
  self->client = g_object_ref (client);
  g_signal_connect (client, "update", G_CALLBACK (client_update_cb), self);

  return self;
}

CvnMtprotoClient *
_cvn_call_mtproto_rpc_get_client (CvnCallMtprotoRpc *self)
{
  g_return_val_if_fail (CVN_IS_CALL_MTPROTO_RPC (self), NULL);

  return self->client;
}
