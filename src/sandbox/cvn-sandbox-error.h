/* cvn-sandbox-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CVN_SANDBOX_ERROR: the sandbox's own failures (a bad world file, an unreadable state
 * directory).
 *
 * CVN_SANDBOX_RPC_ERROR: what a request is answered with instead of a result; the GError
 * code is Telegram's error code (400, 401, 403, 406, 420, 500) and the message is the error
 * type exactly as Telegram sends it in rpc_error.error_message ("SCHEDULE_DATE_INVALID",
 * "STORY_LIVE_ALREADY_7").
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_SANDBOX_ERROR (cvn_sandbox_error_quark ())
#define CVN_SANDBOX_RPC_ERROR (cvn_sandbox_rpc_error_quark ())

typedef enum
{
  CVN_SANDBOX_ERROR_FAILED,
  CVN_SANDBOX_ERROR_INVALID_WORLD,
  CVN_SANDBOX_ERROR_STATE,
} CvnSandboxError;

GQuark cvn_sandbox_error_quark     (void);
GQuark cvn_sandbox_rpc_error_quark (void);

G_END_DECLS
