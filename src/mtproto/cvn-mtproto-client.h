/* cvn-mtproto-client.h: the client role: one DC, one auth key, one session, RPCs.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   client = cvn_mtproto_client_new ("127.0.0.1", port, 2, rsa_keys);
 *   cvn_mtproto_client_invoke_async (client, query, cancellable, done, data);
 *   ...
 *   result = cvn_mtproto_client_invoke_finish (client, res, &error);
 *   object = cvn_mtproto_result_get_object (result);
 *
 * invoke connects when needed, creates the auth key on the first connection, and wraps
 * the first request of every connection in invokeWithLayer (223, initConnection (...)).
 * Requests are queued, pipelined and sent in containers with the pending acks. When the
 * connection breaks, the client reconnects with backoff and resends every unanswered
 * request under its msg_id, so the server answers it from what it stored instead of
 * running it again. bad_server_salt, bad_msg_notification (time: resync from the
 * server's msg_id; seqno: new session) and new_session_created are handled; rpc_error
 * becomes a GError in CVN_MTPROTO_RPC_ERROR (cvn-mtproto-error.h), except short
 * FLOOD_WAITs, which are waited out and retried. Messages that are not answers are
 * emitted as ::update.
 */
#pragma once

#include <gio/gio.h>

#include "cvn-mtproto-session.h"
#include "cvn-mtproto-transport.h"
#include "cvn-rsa.h"
#include "cvn-tl.h"

G_BEGIN_DECLS

/* A decoded value with the arena it lives in. */
typedef struct _CvnMtprotoResult CvnMtprotoResult;

#define CVN_TYPE_MTPROTO_RESULT (cvn_mtproto_result_get_type ())

GType             cvn_mtproto_result_get_type   (void) G_GNUC_CONST;
CvnMtprotoResult *cvn_mtproto_result_ref        (CvnMtprotoResult *result);
void              cvn_mtproto_result_unref      (CvnMtprotoResult *result);
const CvnTlValue *cvn_mtproto_result_get_value  (CvnMtprotoResult *result);
/* The object for boxed results, else NULL. */
CvnTlObject      *cvn_mtproto_result_get_object (CvnMtprotoResult *result);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnMtprotoResult, cvn_mtproto_result_unref)

#define CVN_TYPE_MTPROTO_CLIENT (cvn_mtproto_client_get_type ())

G_DECLARE_FINAL_TYPE (CvnMtprotoClient, cvn_mtproto_client, CVN, MTPROTO_CLIENT, GObject)

/* @keys: CvnRsaKey * the client trusts for this DC. */
CvnMtprotoClient *cvn_mtproto_client_new            (const char          *host,
                                                     guint16              port,
                                                     gint32               dc_id,
                                                     GPtrArray           *keys);
void              cvn_mtproto_client_set_transport  (CvnMtprotoClient    *self,
                                                     CvnMtprotoFraming    framing,
                                                     gboolean             obfuscated);
void              cvn_mtproto_client_set_init_params (CvnMtprotoClient   *self,
                                                      gint32              api_id,
                                                      const char         *device_model,
                                                      const char         *system_version,
                                                      const char         *app_version,
                                                      const char         *system_lang_code,
                                                      const char         *lang_pack,
                                                      const char         *lang_code);

/* Every @interval_s (default 60; 0: never) the client sends ping_delay_disconnect asking
 * the server to close the connection if no ping follows within @disconnect_delay_s
 * (default 75): a dead link is noticed by both sides. A new interval applies from the
 * next connection; 0 stops the pings at the next tick. */
void              cvn_mtproto_client_set_keepalive  (CvnMtprotoClient    *self,
                                                     guint                interval_s,
                                                     guint                disconnect_delay_s);

/* rpc_error 420 FLOOD_WAIT_X with X at most @seconds (default 5) is retried after X
 * seconds instead of failing; 0 turns this off. */
void              cvn_mtproto_client_set_flood_wait_threshold (CvnMtprotoClient *self,
                                                               guint             seconds);
guint64           cvn_mtproto_client_get_n_flood_retries      (CvnMtprotoClient *self);

/* Uses an auth key made before (e.g. loaded with cvn_mtproto_auth_state_load()) instead
 * of creating one; a new session starts with @salt. Only before the first connection. */
void              cvn_mtproto_client_set_auth_key   (CvnMtprotoClient        *self,
                                                     const CvnMtprotoAuthKey *key,
                                                     gint64                   salt);

/* Connects and creates the auth key if there is none yet. */
void              cvn_mtproto_client_connect_async  (CvnMtprotoClient    *self,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
gboolean          cvn_mtproto_client_connect_finish (CvnMtprotoClient    *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* @query: a method object; it is serialised before this returns. */
void              cvn_mtproto_client_invoke_async   (CvnMtprotoClient    *self,
                                                     const CvnTlObject   *query,
                                                     GCancellable        *cancellable,
                                                     GAsyncReadyCallback  callback,
                                                     gpointer             user_data);
CvnMtprotoResult *cvn_mtproto_client_invoke_finish  (CvnMtprotoClient    *self,
                                                     GAsyncResult        *result,
                                                     GError             **error);

/* Closes the connection; pending requests fail with CVN_MTPROTO_ERROR_CLOSED. */
void              cvn_mtproto_client_close          (CvnMtprotoClient    *self);
/* Tests: drops the connection as a network failure would (the client reconnects). */
void              cvn_mtproto_client_cut_connection (CvnMtprotoClient    *self);

gboolean          cvn_mtproto_client_get_connected  (CvnMtprotoClient    *self);
/* NULL before the key exchange. */
const CvnMtprotoAuthKey *cvn_mtproto_client_get_auth_key (CvnMtprotoClient *self);
CvnMtprotoSession *cvn_mtproto_client_get_session   (CvnMtprotoClient    *self);
guint             cvn_mtproto_client_get_n_pending  (CvnMtprotoClient    *self);
guint             cvn_mtproto_client_get_n_connects (CvnMtprotoClient    *self);
guint64           cvn_mtproto_client_get_n_resent   (CvnMtprotoClient    *self);
/* Refused incoming messages, summed (decryption failures included). */
guint64           cvn_mtproto_client_get_rejections (CvnMtprotoClient    *self,
                                                     CvnMtprotoRejection  rejection);
/* Microseconds the last key exchange took. */
gint64            cvn_mtproto_client_get_key_exchange_time (CvnMtprotoClient *self);

G_END_DECLS
