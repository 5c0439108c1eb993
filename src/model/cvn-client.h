/* cvn-client.h: one connection to Telegram (or to a sandbox data centre) and the model
 * built over it: the account, the peers, the chats with calls.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   client = cvn_client_new_sandbox ("127.0.0.1", 4430, "server-key.pem.pub", state_path, &error);
 *   account = cvn_client_get_account (client);        follow CvnAccount:state
 *   cvn_account_restore_async (account, ...);          a stored session, if any
 *   chats = cvn_client_get_chats (client);             CvnChat with a live or scheduled call
 *
 * The client connects on its first request. Telegram itself needs an api_id and api_hash
 * given at build time (meson options api_id, api_hash); without them only sandboxes are
 * offered and cvn_client_get_telegram_unavailable_reason() says why.
 */
#pragma once

#include <gio/gio.h>

#include "cvn-account.h"
#include "cvn-call-link.h"
#include "cvn-chat.h"
#include "cvn-chat-list.h"
#include "cvn-group-call.h"
#include "cvn-model-enums.h"

G_BEGIN_DECLS

#define CVN_TYPE_CLIENT (cvn_client_get_type ())

G_DECLARE_FINAL_TYPE (CvnClient, cvn_client, CVN, CLIENT, GObject)

/* TRUE when this build can reach Telegram (api_id and api_hash were configured). */
gboolean      cvn_client_telegram_available              (void);
/* A translated sentence saying why Telegram cannot be reached, or NULL when it can. */
const char   *cvn_client_get_telegram_unavailable_reason (void);

/* A sandbox data centre at @host:@port (loopback) trusting the RSA public key in
 * @public_key_path (PEM). @state_path: where the auth state is kept (encrypted, see
 * CvnMtprotoKeyStore), or NULL to keep nothing. Fails if the key file cannot be read. */
CvnClient    *cvn_client_new_sandbox          (const char          *host,
                                               guint16              port,
                                               const char          *public_key_path,
                                               const char          *state_path,
                                               GError             **error);
/* Telegram's production data centres. Fails with CVN_MODEL_ERROR_UNAVAILABLE when
 * cvn_client_telegram_available() is FALSE. */
CvnClient    *cvn_client_new_telegram         (const char          *state_path,
                                               GError             **error);

/* "is-sandbox" */
gboolean      cvn_client_get_is_sandbox       (CvnClient           *self);
/* "state": the connection (DISCONNECTED, CONNECTING, CONNECTED). */
CvnClientState cvn_client_get_state           (CvnClient           *self);
/* "connected": state == CONNECTED. */
gboolean      cvn_client_get_connected        (CvnClient           *self);
/* "description": "Sandbox at 127.0.0.1:4430" or "Telegram", for display. */
const char   *cvn_client_get_description      (CvnClient           *self);
/* "secret-service-available": FALSE when auth keys are protected by file permissions only. */
gboolean      cvn_client_get_secret_service_available (CvnClient   *self);

/* "account" (transfer none) */
CvnAccount   *cvn_client_get_account          (CvnClient           *self);
/* "chats" (transfer none): a CvnChatList of the chats that have a live or scheduled call. */
GListModel   *cvn_client_get_chats            (CvnClient           *self);
/* (transfer none): a GListModel of every CvnChat of the dialogs that are groups or channels
 * (for starting a call), by title. */
GListModel   *cvn_client_get_all_chats        (CvnClient           *self);

/* Fetches the dialogs and the calls of the chats again (also done at login). */
void          cvn_client_refresh_chats_async  (CvnClient           *self,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
gboolean      cvn_client_refresh_chats_finish (CvnClient           *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* A peer's display name (user: first and last name; chat/channel: title), or NULL when
 * the peer was never seen. ::peer-changed (type, id) is emitted when it changes. */
char         *cvn_client_dup_peer_title       (CvnClient           *self,
                                               CvnPeerType          type,
                                               gint64               id);

/* @username (with or without '@') → its chat or channel (transfer full). A user, an
 * unknown name or a malformed one is a CVN_MODEL_ERROR_NOT_FOUND / _INVALID_LINK error. */
void          cvn_client_resolve_username_async  (CvnClient           *self,
                                                  const char          *username,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data);
CvnChat      *cvn_client_resolve_username_finish (CvnClient           *self,
                                                  GAsyncResult        *result,
                                                  GError             **error);

/* Resolves a parsed link (cvn_call_link_parse()): a chat link gives the chat and its call,
 * a conference link (slug) its call. Returns the call (transfer full), or NULL with no
 * error when the chat has no call now; *@chat (transfer full, optional) is the chat, NULL
 * for conferences. The link's invite hash is for joining (cvn_call_link_get_invite_hash()). */
void          cvn_client_resolve_link_async   (CvnClient           *self,
                                               CvnCallLink         *link,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
CvnGroupCall *cvn_client_resolve_link_finish  (CvnClient           *self,
                                               GAsyncResult        *result,
                                               CvnChat            **chat,
                                               GError             **error);

/* Closes the connection (pending operations fail); the client can be dropped afterwards. */
void          cvn_client_close                (CvnClient           *self);

G_END_DECLS
