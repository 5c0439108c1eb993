/* cvn-login-page.h: logging in, page by page as CvnAccount:state goes: phone number (with a
 * country picker), code, two-step password, sign-up name, QR code; or, without a client,
 * why Telegram is unavailable and a form to connect to a sandbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-client.h"

G_BEGIN_DECLS

#define CVN_TYPE_LOGIN_PAGE (cvn_login_page_get_type ())

G_DECLARE_FINAL_TYPE (CvnLoginPage, cvn_login_page, CVN, LOGIN_PAGE, AdwBin)

void        cvn_login_page_set_client             (CvnLoginPage *self,
                                                   CvnClient    *client);
/* Shown, with the sandbox form, while there is no client. */
void        cvn_login_page_set_unavailable_reason (CvnLoginPage *self,
                                                   const char   *reason);
/* "phone", "code", "password", "sign-up", "qr" or "unavailable". */
const char *cvn_login_page_get_page_name          (CvnLoginPage *self);
/* The error shown under the form, or NULL. */
const char *cvn_login_page_get_error              (CvnLoginPage *self);
/* What the primary button of the page shown does, with @text typed into its first field
 * (phone: the number as typed, code, password, sign-up: the first name). For tests and
 * --sandbox-login-like automation. */
void        cvn_login_page_submit                 (CvnLoginPage *self,
                                                   const char   *text);
/* What "Log In with a QR Code" does; the code shown (NULL before the first token). */
void        cvn_login_page_start_qr               (CvnLoginPage *self);
GdkPaintable *cvn_login_page_get_qr_code          (CvnLoginPage *self);
/* What the back button does: back to the phone number. */
void        cvn_login_page_go_back                (CvnLoginPage *self);
/* The full international number the phone page would send, digits only (free it). */
char       *cvn_login_page_dup_phone_number       (CvnLoginPage *self);

G_END_DECLS
