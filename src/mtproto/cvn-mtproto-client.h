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
 *
 * Data centres. The client keeps the DC table of the last config it got
 * (cvn_mtproto_client_fetch_config_async(), or any help.getConfig invoked through it) and
 * looks addresses up in it (cvn_mtproto_client_lookup_dc()). An rpc_error 303
 * PHONE/USER/NETWORK_MIGRATE_X moves the client's home DC ("dc-id") to X: a new
 * connection and a new auth key there, and the request is sent again there.
 * FILE/STATS_MIGRATE_X sends the request to DC X on a connection of its own without
 * moving home. When a user is logged in ("user-id" not 0) the authorization is exported
 * on the home DC (auth.exportAuthorization) and imported on X (auth.importAuthorization)
 * first. The address of X is taken from the DC table, fetched from the home DC first if X
 * is not in it; without one the 303 error is returned as it came.
 *
 * Connections. cvn_mtproto_client_invoke_on_async() sends a request on a connection of
 * its own for (kind, DC): DOWNLOAD and UPLOAD connections to the home DC use the home
 * auth key under a session of their own, so a big upload.getFile answer never holds up
 * the RPCs of the main connection. A connection to another DC has its own auth key and
 * imports the authorization as above. These connections are CvnMtprotoClients owned by
 * this one (cvn_mtproto_client_get_connection()); they do not migrate themselves.
 */
#pragma once

#include <gio/gio.h>

#include "cvn-mtproto-dc.h"
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

typedef enum
{
  CVN_MTPROTO_CONNECTION_MAIN,
  CVN_MTPROTO_CONNECTION_DOWNLOAD,
  CVN_MTPROTO_CONNECTION_UPLOAD,
} CvnMtprotoConnectionKind;

/* Sends @query on the (@kind, @dc_id) connection (@dc_id 0: the home DC); MAIN on the home
 * DC is cvn_mtproto_client_invoke_async(). Finish with cvn_mtproto_client_invoke_finish(). */
void              cvn_mtproto_client_invoke_on_async (CvnMtprotoClient         *self,
                                                      CvnMtprotoConnectionKind  kind,
                                                      gint32                    dc_id,
                                                      const CvnTlObject        *query,
                                                      GCancellable             *cancellable,
                                                      GAsyncReadyCallback       callback,
                                                      gpointer                  user_data);
/* The client serving (@kind, @dc_id) (@dc_id 0: home), or NULL if none was made yet; for
 * MAIN on the home DC, @self. */
CvnMtprotoClient *cvn_mtproto_client_get_connection  (CvnMtprotoClient         *self,
                                                      CvnMtprotoConnectionKind  kind,
                                                      gint32                    dc_id);

/* The home DC ("dc-id"); it changes on PHONE/USER/NETWORK_MIGRATE. */
gint32            cvn_mtproto_client_get_dc_id      (CvnMtprotoClient    *self);
/* The logged in user ("user-id"), 0 if none. Set from every auth.authorization result the
 * client gets (sign in, importAuthorization); set it after loading a stored state. */
gint64            cvn_mtproto_client_get_user_id    (CvnMtprotoClient    *self);
void              cvn_mtproto_client_set_user_id    (CvnMtprotoClient    *self,
                                                     gint64               user_id);
/* Requests sent again to another DC after a *_MIGRATE_X. */
guint64           cvn_mtproto_client_get_n_migrations (CvnMtprotoClient  *self);

/* Invokes help.getConfig on the home DC and keeps its DC table. */
void              cvn_mtproto_client_fetch_config_async  (CvnMtprotoClient    *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
gboolean          cvn_mtproto_client_fetch_config_finish (CvnMtprotoClient    *self,
                                                          GAsyncResult        *result,
                                                          GError             **error);
/* CvnMtprotoDcOption * of the last config, NULL before one came. */
GPtrArray        *cvn_mtproto_client_get_dc_options (CvnMtprotoClient    *self);
/* See cvn_mtproto_dc_options_lookup(). */
const CvnMtprotoDcOption *cvn_mtproto_client_lookup_dc (CvnMtprotoClient *self,
                                                        gint32            dc_id,
                                                        gboolean          media);

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
