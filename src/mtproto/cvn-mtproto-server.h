/* cvn-mtproto-server.h: the server role: accepts connections, creates auth keys, runs
 * sessions, hands decoded requests to a handler, answers them and pushes updates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   key = cvn_mtproto_server_load_or_create_key (path, &error);   0600 PEM, made if missing
 *   server = cvn_mtproto_server_new (key, 2);
 *   cvn_mtproto_server_set_handler (server, handle_request, data, NULL);
 *   cvn_mtproto_server_listen (server, "127.0.0.1", 0, &error);
 *   port = cvn_mtproto_server_get_port (server);
 *
 * The handler gets each request once (a request the client resends after a reconnect,
 * under the same msg_id, is answered from the stored answer or, while it runs, not at
 * all), with the query unwrapped from invokeWithLayer/initConnection/invokeWithoutUpdates
 * and gzip_packed; it answers now or later with cvn_mtproto_server_request_return_*().
 * MTProto's service messages (ping, ping_delay_disconnect, get_future_salts, msgs_ack,
 * msgs_state_req, msg_resend_req, destroy_session, rpc_drop_answer) are handled here.
 *
 * Every refused message is counted (cvn_mtproto_server_get_rejections()) and logged at
 * debug level; the client gets bad_msg_notification (16, 17, 18, 35, 64),
 * bad_server_salt (48) or, for an unknown auth key, transport error -404.
 */
#pragma once

#include <gio/gio.h>

#include "cvn-mtproto-connection.h"
#include "cvn-mtproto-dc.h"
#include "cvn-mtproto-session.h"
#include "cvn-rsa.h"
#include "cvn-tl.h"

G_BEGIN_DECLS

#define CVN_TYPE_MTPROTO_SERVER (cvn_mtproto_server_get_type ())

G_DECLARE_FINAL_TYPE (CvnMtprotoServer, cvn_mtproto_server, CVN, MTPROTO_SERVER, GObject)

typedef struct _CvnMtprotoServerSession CvnMtprotoServerSession;
typedef struct _CvnMtprotoServerRequest CvnMtprotoServerRequest;

typedef void (*CvnMtprotoServerHandler) (CvnMtprotoServer        *server,
                                         CvnMtprotoServerRequest *request,
                                         gpointer                 user_data);

/* Reads the PEM key pair at @path, or generates a 2048-bit key, writes it there (0600,
 * directories made as needed) and prints its public PEM and fingerprint on stderr. */
CvnRsaKey        *cvn_mtproto_server_load_or_create_key (const char  *path,
                                                         GError     **error);

CvnMtprotoServer *cvn_mtproto_server_new            (CvnRsaKey               *key,
                                                     gint32                   dc_id);
void              cvn_mtproto_server_set_handler    (CvnMtprotoServer        *self,
                                                     CvnMtprotoServerHandler  handler,
                                                     gpointer                 user_data,
                                                     GDestroyNotify           destroy);
gboolean          cvn_mtproto_server_listen         (CvnMtprotoServer        *self,
                                                     const char              *address,
                                                     guint16                  port,
                                                     GError                 **error);
guint16           cvn_mtproto_server_get_port       (CvnMtprotoServer        *self);
void              cvn_mtproto_server_stop           (CvnMtprotoServer        *self);
CvnRsaKey        *cvn_mtproto_server_get_key        (CvnMtprotoServer        *self);

/* Serves a connection accepted elsewhere (or a socketpair in tests); returns it. */
CvnMtprotoConnection *cvn_mtproto_server_add_connection (CvnMtprotoServer    *self,
                                                         GIOStream           *stream);
/* Knows @key (made earlier, e.g. loaded from disk) with @salt. */
void              cvn_mtproto_server_add_auth_key   (CvnMtprotoServer        *self,
                                                     const CvnMtprotoAuthKey *key,
                                                     gint64                   salt);

/* @options (CvnMtprotoDcOption *, copied; NULL: none): the server then answers
 * help.getConfig itself with them (this_dc: the server's DC) instead of handing it to the
 * handler. */
void              cvn_mtproto_server_set_dc_options (CvnMtprotoServer        *self,
                                                     GPtrArray               *options);
/* A config as the server answers it, in @arena (for handlers that add to it). */
CvnTlApiConfig   *cvn_mtproto_server_build_config   (CvnMtprotoServer        *self,
                                                     CvnTlArena              *arena);

/* Tests: the server's clock runs @offset_us ahead of the real one. */
void              cvn_mtproto_server_set_clock_offset (CvnMtprotoServer      *self,
                                                       gint64                 offset_us);
/* Tests: cut every open connection now. */
void              cvn_mtproto_server_close_connections (CvnMtprotoServer     *self);
/* Tests: give new auth keys this salt first, then have clients learn a new one through
 * bad_server_salt (0: keep the key exchange's salt). */
void              cvn_mtproto_server_rotate_salts   (CvnMtprotoServer        *self);

/* Counters, summed over every session and connection. */
guint64           cvn_mtproto_server_get_rejections (CvnMtprotoServer        *self,
                                                     CvnMtprotoRejection      rejection);
guint             cvn_mtproto_server_get_n_auth_keys (CvnMtprotoServer       *self);
guint             cvn_mtproto_server_get_n_connections (CvnMtprotoServer     *self);
guint64           cvn_mtproto_server_get_n_requests (CvnMtprotoServer        *self);
guint64           cvn_mtproto_server_get_n_duplicates (CvnMtprotoServer      *self);
guint64           cvn_mtproto_server_get_n_drop_answers (CvnMtprotoServer    *self);

/* --- requests --------------------------------------------------------------------- */

CvnMtprotoServerRequest *cvn_mtproto_server_request_ref   (CvnMtprotoServerRequest *request);
void                     cvn_mtproto_server_request_unref (CvnMtprotoServerRequest *request);
/* The method object, unwrapped; it lives as long as the request. */
const CvnTlObject       *cvn_mtproto_server_request_get_query   (CvnMtprotoServerRequest *request);
/* The initConnection wrapper it came in, or NULL; the layer of invokeWithLayer, or 0. */
const CvnTlObject       *cvn_mtproto_server_request_get_init_connection (CvnMtprotoServerRequest *request);
gint32                   cvn_mtproto_server_request_get_layer   (CvnMtprotoServerRequest *request);
gint64                   cvn_mtproto_server_request_get_msg_id  (CvnMtprotoServerRequest *request);
CvnMtprotoServerSession *cvn_mtproto_server_request_get_session (CvnMtprotoServerRequest *request);
/* Exactly one of these, once. */
gboolean                 cvn_mtproto_server_request_return_object (CvnMtprotoServerRequest *request,
                                                                   const CvnTlObject       *result,
                                                                   GError                 **error);
void                     cvn_mtproto_server_request_return_bytes  (CvnMtprotoServerRequest *request,
                                                                   GBytes                  *result);
void                     cvn_mtproto_server_request_return_error  (CvnMtprotoServerRequest *request,
                                                                   gint32                   code,
                                                                   const char              *message);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnMtprotoServerRequest, cvn_mtproto_server_request_unref)

/* --- sessions --------------------------------------------------------------------- */

gint64   cvn_mtproto_server_session_get_id          (CvnMtprotoServerSession *session);
guint64  cvn_mtproto_server_session_get_auth_key_id (CvnMtprotoServerSession *session);
/* Sends @update (any boxed object, e.g. an Updates) as a message of its own. */
gboolean cvn_mtproto_server_session_push            (CvnMtprotoServerSession *session,
                                                     const CvnTlObject       *update,
                                                     GError                 **error);
/* Tests, fault injection: cuts the connection @session's messages go over now (other
 * connections stay); the session lives on and resumes when its client reconnects.  Returns
 * FALSE when the session has no connection. */
gboolean cvn_mtproto_server_session_close_connection (CvnMtprotoServerSession *session);

G_END_DECLS
