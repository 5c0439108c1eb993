/* cvn-call-rpc.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-call-rpc-private.h"

struct _CvnCallReply
{
  gatomicrefcount ref;
  CvnTlValue      value;
  gpointer        owner;
  GDestroyNotify  owner_free;
};

CvnCallReply *
_cvn_call_reply_new (const CvnTlValue *value,
                     gpointer          owner,
                     GDestroyNotify    owner_free)
{
  CvnCallReply *reply = g_new0 (CvnCallReply, 1);

  g_atomic_ref_count_init (&reply->ref);
  reply->value = *value;
  reply->owner = owner;
  reply->owner_free = owner_free;

  return reply;
}

CvnCallReply *
_cvn_call_reply_ref (CvnCallReply *reply)
{
  g_atomic_ref_count_inc (&reply->ref);
  return reply;
}

void
_cvn_call_reply_unref (CvnCallReply *reply)
{
  if (reply == NULL || !g_atomic_ref_count_dec (&reply->ref))
    return;

  if (reply->owner_free != NULL)
    reply->owner_free (reply->owner);
  g_free (reply);
}

const CvnTlValue *
_cvn_call_reply_get_value (CvnCallReply *reply)
{
  return &reply->value;
}

CvnTlObject *
_cvn_call_reply_get_object (CvnCallReply *reply)
{
  return reply->value.kind == CVN_TL_KIND_OBJECT ? reply->value.object : NULL;
}

enum {
  SIGNAL_UPDATES,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_INTERFACE (CvnCallRpc, _cvn_call_rpc, G_TYPE_OBJECT)

static void
_cvn_call_rpc_default_init (CvnCallRpcInterface *iface)
{
  /**
   * CvnCallRpc::updates:
   * @updates: (type gpointer): a decoded Updates object, valid during the emission
   */
  signals[SIGNAL_UPDATES] =
    g_signal_new ("updates", G_TYPE_FROM_INTERFACE (iface), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

void
_cvn_call_rpc_emit_updates (CvnCallRpc        *self,
                            const CvnTlObject *updates)
{
  g_return_if_fail (CVN_IS_CALL_RPC (self));
  g_return_if_fail (updates != NULL);

  g_signal_emit (self, signals[SIGNAL_UPDATES], 0, updates);
}

static gboolean
is_updates (const CvnTlObject *object)
{
  return object != NULL
         && cvn_tl_constructor_get_type (object->ctor) == cvn_tl_constructor_get_type (CVN_TL_API_UPDATES_CTOR);
}

static void
invoke_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  CvnCallRpc *self = CVN_CALL_RPC (source);
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  CvnCallReply *reply;

  reply = CVN_CALL_RPC_GET_IFACE (self)->invoke_finish (self, result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  /* The answer is in the model before the caller hears of it. */
  if (is_updates (_cvn_call_reply_get_object (reply)))
    _cvn_call_rpc_emit_updates (self, _cvn_call_reply_get_object (reply));

  g_task_return_pointer (task, reply, (GDestroyNotify) _cvn_call_reply_unref);
}

void
_cvn_call_rpc_invoke_async (CvnCallRpc          *self,
                            const CvnTlObject   *query,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CVN_IS_CALL_RPC (self));
  g_return_if_fail (query != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _cvn_call_rpc_invoke_async);
  CVN_CALL_RPC_GET_IFACE (self)->invoke_async (self, query, cancellable, invoke_cb, task);
}

CvnCallReply *
_cvn_call_rpc_invoke_finish (CvnCallRpc    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

gint64
_cvn_call_rpc_get_user_id (CvnCallRpc *self)
{
  g_return_val_if_fail (CVN_IS_CALL_RPC (self), 0);

  return CVN_CALL_RPC_GET_IFACE (self)->get_user_id (self);
}
