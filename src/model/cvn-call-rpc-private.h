/* cvn-call-rpc-private.h: where the group-call code sends its requests and gets its updates
 * from.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The group-call sync and the call session need two things of the network: invoke a TL
 * method and get its decoded result, and hear about the Updates the server pushes. This
 * interface is exactly that, so the same code runs over a CvnMtprotoClient (the app:
 * cvn_call_mtproto_rpc_new()) and over an in-process sandbox world with a fake clock (the
 * randomized property test, which runs a thousand schedules in seconds).
 *
 * _cvn_call_rpc_invoke_async() also emits ::updates with a result that is an Updates (the
 * requesting session gets its own changes in the result, not pushed), before the caller's
 * callback runs: the model is updated when the server answers.
 */
#pragma once

#include <gio/gio.h>

#include "cvn-tl.h"

G_BEGIN_DECLS

/* A decoded result and what keeps it alive. */
typedef struct _CvnCallReply CvnCallReply;

/* @owner keeps @value alive (an arena or a result object); freed with @owner_free. */
CvnCallReply     *_cvn_call_reply_new      (const CvnTlValue *value,
                                            gpointer          owner,
                                            GDestroyNotify    owner_free);
CvnCallReply     *_cvn_call_reply_ref      (CvnCallReply     *reply);
void              _cvn_call_reply_unref    (CvnCallReply     *reply);
const CvnTlValue *_cvn_call_reply_get_value  (CvnCallReply   *reply);
/* The object of a boxed result, else NULL. */
CvnTlObject      *_cvn_call_reply_get_object (CvnCallReply   *reply);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnCallReply, _cvn_call_reply_unref)

#define CVN_TYPE_CALL_RPC (_cvn_call_rpc_get_type ())

G_DECLARE_INTERFACE (CvnCallRpc, _cvn_call_rpc, CVN, CALL_RPC, GObject)

struct _CvnCallRpcInterface
{
  GTypeInterface parent_iface;

  /* Sends @query (serialised before returning); the callback runs later on the caller's
   * thread-default main context. rpc_error answers are GErrors in CVN_MTPROTO_RPC_ERROR. */
  void          (*invoke_async)  (CvnCallRpc          *self,
                                  const CvnTlObject   *query,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
  CvnCallReply *(*invoke_finish) (CvnCallRpc          *self,
                                  GAsyncResult        *result,
                                  GError             **error);
  /* The logged-in user, 0 if none. */
  gint64        (*get_user_id)   (CvnCallRpc          *self);
  /* Optional: InputPeer / InputUser of a peer from a cache of access hashes the
   * implementation keeps (NULL: unknown, the caller uses its own). */
  CvnTlObject  *(*make_input_peer) (CvnCallRpc        *self,
                                    CvnTlArena        *arena,
                                    int                peer_type,
                                    gint64             peer_id);
};

/* Implementations emit ::updates (const CvnTlObject *updates: any constructor of the
 * Updates type, valid during the emission) for what the server pushes. */
void          _cvn_call_rpc_emit_updates   (CvnCallRpc          *self,
                                            const CvnTlObject   *updates);

void          _cvn_call_rpc_invoke_async   (CvnCallRpc          *self,
                                            const CvnTlObject   *query,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
CvnCallReply *_cvn_call_rpc_invoke_finish  (CvnCallRpc          *self,
                                            GAsyncResult        *result,
                                            GError             **error);
gint64        _cvn_call_rpc_get_user_id    (CvnCallRpc          *self);

G_END_DECLS
