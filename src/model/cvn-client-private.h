/* cvn-client-private.h: what the rest of src/model (the call session, the group-call glue,
 * tests) uses of a CvnClient. TL inside.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Updates. The client handles every Updates its CvnMtprotoClient emits — peers into the
 * peer cache, chats, calls of chats, login tokens — and then emits its own ::update
 * (const CvnTlObject *updates, valid during the emission) signal, so a handler connected
 * there sees names and access hashes of the peers of that update already cached. An
 * Updates that is the result of a request made with _cvn_client_invoke_async() is handled
 * the same way before the request's callback runs, but not emitted as ::update.
 *
 * Group calls. The client keeps one CvnGroupCall per call id (a chat's call and the call a
 * session joins are the same object). _cvn_client_ensure_group_call() creates it with
 * cvn_group_call_new(), names it (_cvn_group_call_set_input()) and emits
 * ::group-call-added (CvnGroupCall *): the client's CvnGroupCallSync adopts it and feeds
 * it (cvn-call-client-rpc-private.h).
 */
#pragma once

#include "cvn-client.h"
#include "cvn-group-call-private.h"
#include "cvn-mtproto-client.h"
#include "cvn-peer-cache-private.h"
#include "cvn-tl.h"

G_BEGIN_DECLS

/* For tests: @keys (CvnRsaKey *) instead of a key file; @clock for the group calls. */
CvnClient        *_cvn_client_new_with_keys       (const char          *host,
                                                   guint16              port,
                                                   gint32               dc_id,
                                                   GPtrArray           *keys,
                                                   const char          *state_path,
                                                   gboolean             sandbox,
                                                   CvnClock            *clock);

CvnMtprotoClient *_cvn_client_get_mtproto         (CvnClient           *self);
CvnPeerCache     *_cvn_client_get_peer_cache      (CvnClient           *self);
CvnClock         *_cvn_client_get_clock           (CvnClient           *self);
/* The logged in user, 0 if none. */
gint64            _cvn_client_get_self_id         (CvnClient           *self);

/* Input objects for @peer from the peer cache, built in @arena; NULL with
 * CVN_MODEL_ERROR_NOT_FOUND if no usable access hash is known. The logged in user gives
 * inputPeerSelf / inputUserSelf. */
CvnTlObject      *_cvn_client_make_input_peer     (CvnClient           *self,
                                                   const CvnPeer       *peer,
                                                   CvnTlArena          *arena,
                                                   GError             **error);
CvnTlObject      *_cvn_client_make_input_user     (CvnClient           *self,
                                                   gint64               user_id,
                                                   CvnTlArena          *arena,
                                                   GError             **error);
CvnTlObject      *_cvn_client_make_input_channel  (CvnClient           *self,
                                                   gint64               channel_id,
                                                   CvnTlArena          *arena,
                                                   GError             **error);
/* inputGroupCall (id, access_hash) of @call. */
CvnTlObject      *_cvn_client_make_input_group_call (CvnClient         *self,
                                                     CvnGroupCall      *call,
                                                     CvnTlArena        *arena);

/* The chat object for a chat or channel (transfer none), created on first use; NULL for
 * users or peers never seen. */
CvnChat          *_cvn_client_lookup_chat         (CvnClient           *self,
                                                   const CvnPeer       *peer);

/* The call with @call_id (transfer none), or NULL. */
CvnGroupCall     *_cvn_client_lookup_group_call   (CvnClient           *self,
                                                   gint64               call_id);
/* The call with @call_id (transfer none), created if new (::group-call-added) and named
 * with @access_hash (0 if unknown). */
CvnGroupCall     *_cvn_client_ensure_group_call   (CvnClient           *self,
                                                   gint64               call_id,
                                                   gint64               access_hash);

/* Handles @updates as if pushed (without ::update): for tests. */
void              _cvn_client_handle_updates      (CvnClient           *self,
                                                   const CvnTlObject   *updates);

/* invoke through the client's connection: the peers of the result are cached before
 * the callback runs; errors are those of CvnMtprotoClient (see
 * _cvn_model_error_from_mtproto() for the user's words). */
void              _cvn_client_invoke_async        (CvnClient           *self,
                                                   const CvnTlObject   *query,
                                                   GCancellable        *cancellable,
                                                   GAsyncReadyCallback  callback,
                                                   gpointer             user_data);
CvnMtprotoResult *_cvn_client_invoke_finish       (CvnClient           *self,
                                                   GAsyncResult        *result,
                                                   GError             **error);

/* An error of CvnMtprotoClient (rpc_error, connection) as a CVN_MODEL_ERROR with a
 * translated message: FLOOD_WAIT with the wait, network down, the login errors. Others
 * become CVN_MODEL_ERROR_FAILED with the server's words. */
GError           *_cvn_model_error_from_mtproto   (const GError        *error);

/* Called by CvnAccount. */
void              _cvn_client_logged_in           (CvnClient           *self,
                                                   gint64               user_id);
void              _cvn_client_logged_out          (CvnClient           *self);
/* Saves the auth state of every DC to the key store (no-op without a state path). */
void              _cvn_client_save_auth_state_async  (CvnClient           *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean          _cvn_client_save_auth_state_finish (CvnClient           *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);
/* Loads the stored state into the connection (before it connects); TRUE and *@user_id
 * when a logged in state was found. */
void              _cvn_client_load_auth_state_async  (CvnClient           *self,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean          _cvn_client_load_auth_state_finish (CvnClient           *self,
                                                      GAsyncResult        *result,
                                                      gint64              *user_id,
                                                      GError             **error);
/* auth.loginTokenMigrateTo: the connection moves to DC @dc_id (a new connection and auth
 * key there; done during a QR login, before anything else uses the connection). */
gboolean          _cvn_client_move_to_dc          (CvnClient           *self,
                                                   gint32               dc_id);
/* api_id/api_hash for auth.sendCode and exportLoginToken (the sandbox accepts any). */
gint32            _cvn_client_get_api_id          (CvnClient           *self);
const char       *_cvn_client_get_api_hash        (CvnClient           *self);

G_END_DECLS
