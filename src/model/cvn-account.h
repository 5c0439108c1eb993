/* cvn-account.h: the login of a CvnClient and the logged in user.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * States (CvnAccount:state, CvnAccountState):
 *
 *   RESTORING ──restore──> LOGGED_IN | LOGGED_OUT
 *   LOGGED_OUT ──send_code──> WAITING_CODE ──submit_code──> LOGGED_IN
 *                                          └─> WAITING_PASSWORD ──submit_password──> LOGGED_IN
 *                                          └─> WAITING_SIGN_UP ──sign_up──> LOGGED_IN
 *   LOGGED_OUT ──start_qr──> WAITING_QR ──(accepted elsewhere)──> LOGGED_IN | WAITING_PASSWORD
 *   LOGGED_IN ──log_out──> LOGGED_OUT;      cancel_login: back to LOGGED_OUT from any WAITING_*
 *
 * Every operation sets "busy" while it runs. Failures are CVN_MODEL_ERROR errors whose
 * message is a translated sentence for the user (wrong code, expired code, wrong password,
 * invalid number, too many attempts with the wait, network down); a failure that the user
 * can fix leaves the state where it was.
 */
#pragma once

#include <gio/gio.h>

#include "cvn-model-enums.h"

G_BEGIN_DECLS

#define CVN_TYPE_ACCOUNT (cvn_account_get_type ())

G_DECLARE_FINAL_TYPE (CvnAccount, cvn_account, CVN, ACCOUNT, GObject)

/* Properties, all read-only and notifying. */
CvnAccountState cvn_account_get_state          (CvnAccount *self);
gboolean        cvn_account_get_busy           (CvnAccount *self);
/* The number the code was sent to (as given to send_code). */
const char     *cvn_account_get_phone_number   (CvnAccount *self);
CvnCodeType     cvn_account_get_code_type      (CvnAccount *self);
/* Digits of the code, 0 if unknown. */
int             cvn_account_get_code_length    (CvnAccount *self);
/* How the code will come on resend (UNKNOWN: no other way) and after how many seconds. */
CvnCodeType     cvn_account_get_next_code_type (CvnAccount *self);
int             cvn_account_get_code_timeout   (CvnAccount *self);
/* The 2FA password hint, NULL if none. */
const char     *cvn_account_get_password_hint  (CvnAccount *self);
/* "qr-url": tg://login?token=<base64url>, NULL unless WAITING_QR; replaced before it
 * expires. "qr-expires": its expiry, Unix seconds. */
const char     *cvn_account_get_qr_url         (CvnAccount *self);
gint64          cvn_account_get_qr_expires     (CvnAccount *self);
/* The logged in user; 0 / NULL otherwise. */
gint64          cvn_account_get_user_id        (CvnAccount *self);
const char     *cvn_account_get_first_name     (CvnAccount *self);
const char     *cvn_account_get_last_name      (CvnAccount *self);
const char     *cvn_account_get_username       (CvnAccount *self);
/* First and last name joined. */
const char     *cvn_account_get_display_name   (CvnAccount *self);

/* Looks for a stored session (the client's state path): LOGGED_IN at once when there is
 * one (offline too; the user's names come when the server answers), else LOGGED_OUT. The
 * session is then checked with the server: if it has ended (logged out elsewhere), the
 * state moves to LOGGED_OUT. A damaged state file counts as none. */
void      cvn_account_restore_async          (CvnAccount          *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean  cvn_account_restore_finish         (CvnAccount          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* auth.sendCode (LOGGED_OUT or WAITING_CODE → WAITING_CODE). @phone_number: digits, with
 * or without '+', spaces and dashes. */
void      cvn_account_send_code_async        (CvnAccount          *self,
                                              const char          *phone_number,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean  cvn_account_send_code_finish       (CvnAccount          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* auth.resendCode (WAITING_CODE). */
void      cvn_account_resend_code_async      (CvnAccount          *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean  cvn_account_resend_code_finish     (CvnAccount          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* auth.signIn (WAITING_CODE → LOGGED_IN, WAITING_PASSWORD or WAITING_SIGN_UP). */
void      cvn_account_submit_code_async      (CvnAccount          *self,
                                              const char          *code,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean  cvn_account_submit_code_finish     (CvnAccount          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* account.getPassword + auth.checkPassword with SRP (WAITING_PASSWORD → LOGGED_IN). */
void      cvn_account_submit_password_async  (CvnAccount          *self,
                                              const char          *password,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean  cvn_account_submit_password_finish (CvnAccount          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* auth.signUp (WAITING_SIGN_UP → LOGGED_IN). @last_name may be NULL or empty. */
void      cvn_account_sign_up_async          (CvnAccount          *self,
                                              const char          *first_name,
                                              const char          *last_name,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean  cvn_account_sign_up_finish         (CvnAccount          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* auth.exportLoginToken (LOGGED_OUT → WAITING_QR). Finishes as soon as the first QR URL is
 * there; from then on the token is exported again before it expires, and when another
 * device accepts it (updateLoginToken) the login completes by itself (importing the token
 * on another DC if the server says so): the state moves to LOGGED_IN, or to
 * WAITING_PASSWORD for accounts with a 2FA password. cancel_login stops it. */
void      cvn_account_start_qr_async         (CvnAccount          *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean  cvn_account_start_qr_finish        (CvnAccount          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

/* Back to LOGGED_OUT from WAITING_* (a different number, or QR instead of a code). */
void      cvn_account_cancel_login           (CvnAccount          *self);

/* auth.logOut, forgets the stored session and the chats (→ LOGGED_OUT). */
void      cvn_account_log_out_async          (CvnAccount          *self,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean  cvn_account_log_out_finish         (CvnAccount          *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
