/* cvn-mtproto-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_MTPROTO_ERROR (cvn_mtproto_error_quark ())

/* CVN_MTPROTO_ERROR_FAILED: anything else.
 * CVN_MTPROTO_ERROR_TRANSPORT: malformed framing, a frame over the bound, an unknown
 *   transport header, or a transport error code without a code of its own below.
 * CVN_MTPROTO_ERROR_PROTOCOL: a well framed message that breaks MTProto's rules.
 * CVN_MTPROTO_ERROR_AUTH_KEY: key exchange failed, or no usable auth key.
 * CVN_MTPROTO_ERROR_SECURITY: a check that protects against an attacker failed
 *   (msg_key, auth_key_id, session_id, msg_id window, replay, padding bounds).
 * CVN_MTPROTO_ERROR_TIMEOUT, CVN_MTPROTO_ERROR_CLOSED: the connection.
 * CVN_MTPROTO_ERROR_TRANSPORT_NOT_FOUND: transport error -404 (the server does not know
 *   the auth key, or the request is unknown to it).
 * CVN_MTPROTO_ERROR_TRANSPORT_FLOOD: transport error -429 (too many connections or
 *   transport level flood).
 * CVN_MTPROTO_ERROR_TRANSPORT_INVALID_DC: transport error -444 (the DC id of an
 *   obfuscated header is unknown to the server).
 * CVN_MTPROTO_ERROR_STATE_CORRUPT: a stored auth state file is truncated, damaged, of
 *   an unknown version or encrypted with another key. */
typedef enum
{
  CVN_MTPROTO_ERROR_FAILED,
  CVN_MTPROTO_ERROR_TRANSPORT,
  CVN_MTPROTO_ERROR_PROTOCOL,
  CVN_MTPROTO_ERROR_AUTH_KEY,
  CVN_MTPROTO_ERROR_SECURITY,
  CVN_MTPROTO_ERROR_TIMEOUT,
  CVN_MTPROTO_ERROR_CLOSED,
  CVN_MTPROTO_ERROR_TRANSPORT_NOT_FOUND,
  CVN_MTPROTO_ERROR_TRANSPORT_FLOOD,
  CVN_MTPROTO_ERROR_TRANSPORT_INVALID_DC,
  CVN_MTPROTO_ERROR_STATE_CORRUPT,
} CvnMtprotoError;

GQuark cvn_mtproto_error_quark (void);

/* rpc_error from the server: the GError code is the error_code (303, 400, 401, 403, 420,
 * 500, ...), the message the error_message ("FLOOD_WAIT_30"); the helpers read the
 * fields, parsed. */
#define CVN_MTPROTO_RPC_ERROR (cvn_mtproto_rpc_error_quark ())

GQuark      cvn_mtproto_rpc_error_quark             (void);
GError     *cvn_mtproto_rpc_error_new               (gint32        code,
                                                     const char   *message);
/* The error_message ("PHONE_MIGRATE_2"), or NULL if @error is not an rpc_error. */
const char *cvn_mtproto_rpc_error_get_message       (const GError *error);
gint32      cvn_mtproto_rpc_error_get_code          (const GError *error);
/* Seconds of FLOOD_WAIT_X, FLOOD_PREMIUM_WAIT_X, SLOWMODE_WAIT_X, TAKEOUT_INIT_DELAY_X;
 * 0 otherwise. */
guint       cvn_mtproto_rpc_error_get_wait_seconds  (const GError *error);
/* The DC of PHONE/USER/NETWORK/FILE/STATS_MIGRATE_X; 0 otherwise. */
gint32      cvn_mtproto_rpc_error_get_migrate_dc    (const GError *error);

G_END_DECLS
