/* cvn-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* From the model (src/model/cvn-client.h); main.c sees only this header. */
typedef struct _CvnClient CvnClient;

#define CVN_TYPE_APPLICATION (cvn_application_get_type ())

G_DECLARE_FINAL_TYPE (CvnApplication, cvn_application, CVN, APPLICATION, AdwApplication)

CvnApplication *cvn_application_new              (const char     *application_id);
char           *cvn_application_dup_debug_info   (CvnApplication *self);

/* "client" (transfer none, nullable): the connection the app uses. NULL when neither a
 * sandbox was given (--sandbox-address, CONVENE_SANDBOX_ADDRESS) nor Telegram is built in;
 * the login page then offers to connect to a sandbox. */
CvnClient      *cvn_application_get_client       (CvnApplication *self);
/* Replaces the client by one for the sandbox at @address ("HOST:PORT", loopback) trusting
 * the PEM public key in @key_path, and restores its stored session. */
gboolean        cvn_application_connect_sandbox  (CvnApplication *self,
                                                  const char     *address,
                                                  const char     *key_path,
                                                  GError        **error);
/* Why the app has no client (a translated sentence), or NULL. */
const char     *cvn_application_get_client_error (CvnApplication *self);

/* The code the sandbox accepts for a test number 99966XYYYY (XXXXX), or NULL for other
 * numbers (src/sandbox/README.md). Free with g_free(). */
char           *cvn_application_dup_sandbox_code (const char     *phone_number);

#define CVN_SANDBOX_DEMO_PHONE "9996610001"

G_END_DECLS
