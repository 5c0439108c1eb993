/* cvn-mtproto-key-store.h: the auth state file and the key that encrypts it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   store = cvn_mtproto_key_store_new (path);      e.g. $XDG_DATA_HOME/convene/auth-state
 *   cvn_mtproto_key_store_store_async (store, states, n, NULL, done, data);
 *   cvn_mtproto_key_store_load_async (store, NULL, loaded, data);
 *
 * The state (cvn-mtproto-auth-state.h: auth keys, salts, user ids per DC) is written to
 * @path (0600, atomic) encrypted with a random 32-byte key. The key lives in the Secret
 * Service (libsecret, schema "io.github.convene.Convene.AuthState", attribute "path").
 * When no Secret Service answers, the key goes to "@path.key" beside the state (0600) and
 * "secret-service-available" turns FALSE: the UI should say that the keys are protected
 * only by the file permissions. Once the Secret Service answers again, the next store
 * moves the key there and deletes the key file.
 *
 * Loading with no state file gives no states. A state file without its key, a key file
 * of the wrong size, or a damaged state file is CVN_MTPROTO_ERROR_STATE_CORRUPT, and
 * nothing of it is returned.
 */
#pragma once

#include <gio/gio.h>

#include "cvn-mtproto-auth-state.h"

G_BEGIN_DECLS

#define CVN_TYPE_MTPROTO_KEY_STORE (cvn_mtproto_key_store_get_type ())

G_DECLARE_FINAL_TYPE (CvnMtprotoKeyStore, cvn_mtproto_key_store, CVN, MTPROTO_KEY_STORE, GObject)

CvnMtprotoKeyStore *cvn_mtproto_key_store_new          (const char          *path);
const char         *cvn_mtproto_key_store_get_path     (CvnMtprotoKeyStore  *self);
/* The key file used when there is no Secret Service: "@path.key". */
const char         *cvn_mtproto_key_store_get_key_path (CvnMtprotoKeyStore  *self);
/* TRUE until a load or store finds no Secret Service ("secret-service-available"). */
gboolean            cvn_mtproto_key_store_get_secret_service_available (CvnMtprotoKeyStore *self);

void                cvn_mtproto_key_store_load_async   (CvnMtprotoKeyStore  *self,
                                                        GCancellable        *cancellable,
                                                        GAsyncReadyCallback  callback,
                                                        gpointer             user_data);
/* On success *@states (cvn_mtproto_auth_state_free) and *@n_states are set (0 states if
 * there is no file yet); on failure they are left alone. */
gboolean            cvn_mtproto_key_store_load_finish  (CvnMtprotoKeyStore   *self,
                                                        GAsyncResult         *result,
                                                        CvnMtprotoAuthState **states,
                                                        guint                *n_states,
                                                        GError              **error);

/* @states are copied before this returns. */
void                cvn_mtproto_key_store_store_async  (CvnMtprotoKeyStore        *self,
                                                        const CvnMtprotoAuthState *states,
                                                        guint                      n_states,
                                                        GCancellable              *cancellable,
                                                        GAsyncReadyCallback        callback,
                                                        gpointer                   user_data);
gboolean            cvn_mtproto_key_store_store_finish (CvnMtprotoKeyStore   *self,
                                                        GAsyncResult         *result,
                                                        GError              **error);

/* Lets go of libsecret's connection to the Secret Service (at shutdown, or in tests
 * before their private bus goes down). */
void                cvn_mtproto_key_store_disconnect_service (void);

G_END_DECLS
