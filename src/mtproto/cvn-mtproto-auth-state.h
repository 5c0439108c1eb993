/* cvn-mtproto-auth-state.h: auth keys, salts and user ids on disk.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One file holds the state of every DC: its auth key, the last server salt and the user
 * id logged in there (0 if none). The file is written atomically with mode 0600. With a
 * @file_key (32 bytes, kept elsewhere, e.g. in the Secret Service by the model layer) the
 * records are encrypted with AES-256-IGE under a random IV and the whole file is
 * authenticated with HMAC-SHA256; without one they are stored plain behind a SHA-256
 * checksum. Either way a truncated, damaged or foreign file is refused with
 * CVN_MTPROTO_ERROR_STATE_CORRUPT and nothing of it is returned.
 *
 * Layout: "CVNAUTH1", flags:u32 (1: encrypted), count:u32, [iv:32], records, tag:32.
 * A record: dc_id:i32, auth_key:256, salt:i64, user_id:i64 (little-endian).
 */
#pragma once

#include <glib.h>

#include "cvn-mtproto-message.h"

G_BEGIN_DECLS

#define CVN_MTPROTO_STATE_KEY_LEN 32
#define CVN_MTPROTO_STATE_MAX_DCS 64

typedef struct
{
  gint32            dc_id;
  CvnMtprotoAuthKey key;
  gint64            salt;
  gint64            user_id;
} CvnMtprotoAuthState;

gboolean cvn_mtproto_auth_state_save (const char                *path,
                                      const CvnMtprotoAuthState *states,
                                      guint                      n_states,
                                      const guint8              *file_key,
                                      GError                   **error);
/* On success *@states (g_free it after wiping, or use cvn_mtproto_auth_state_free) and
 * *@n_states are set; on failure they are left alone. */
gboolean cvn_mtproto_auth_state_load (const char                *path,
                                      const guint8              *file_key,
                                      CvnMtprotoAuthState      **states,
                                      guint                     *n_states,
                                      GError                   **error);
void     cvn_mtproto_auth_state_free (CvnMtprotoAuthState       *states,
                                      guint                      n_states);

G_END_DECLS
