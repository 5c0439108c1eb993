/* cvn-mtproto-message.h: MTProto 2.0 messages: encryption, unencrypted messages, msg_id,
 * seqno and the receive-side checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Encrypted message (https://core.telegram.org/mtproto/description):
 *
 *   auth_key_id:long  msg_key:int128  encrypted_data
 *   encrypted_data = AES-256-IGE (salt:long session_id:long msg_id:long seq_no:int
 *                                 message_data_length:int message_data padding)
 *
 * with 12..1024 bytes of random padding making the plaintext a multiple of 16,
 * msg_key = bytes 8..23 of SHA256 (auth_key[88+x .. 88+x+32] | plaintext), and
 * aes_key/aes_iv from SHA256 (msg_key | auth_key[x .. x+36]) and
 * SHA256 (auth_key[40+x .. 40+x+36] | msg_key); x = 0 for messages from the client,
 * 8 from the server.
 *
 * Decryption checks, in this order: the length, auth_key_id, msg_key (recomputed over the
 * decrypted plaintext and compared in constant time), message_data_length (a multiple of
 * 4 that leaves 12..1024 bytes of padding). session_id, msg_id and seqno are the
 * session's business (cvn_mtproto_msg_id_check(), CvnMtprotoReplayGuard).
 *
 * Unencrypted messages (key exchange): auth_key_id = 0, msg_id, message_data_length,
 * message_data.
 *
 * @transport_padding: the frame came over padded intermediate and may carry up to 15
 * bytes after the message.
 */
#pragma once

#include <glib.h>

#include "cvn-mtproto-transport.h"

G_BEGIN_DECLS

#define CVN_MTPROTO_AUTH_KEY_LEN     256
#define CVN_MTPROTO_MIN_PADDING      12
#define CVN_MTPROTO_MAX_PADDING      1024
#define CVN_MTPROTO_ENCRYPTED_HEADER 24   /* auth_key_id + msg_key */
#define CVN_MTPROTO_INNER_HEADER     32   /* salt, session_id, msg_id, seq_no, length */

/* msg_ids are accepted from this far in the past and the future (seconds), after the
 * clock correction. */
#define CVN_MTPROTO_MSG_ID_MAX_PAST   300
#define CVN_MTPROTO_MSG_ID_MAX_FUTURE 30

typedef struct
{
  guint8  key[CVN_MTPROTO_AUTH_KEY_LEN];
  guint64 id;        /* lower 64 bits of SHA1 (key), as sent on the wire (little-endian) */
  guint64 aux_hash;  /* higher 64 bits of SHA1 (key) */
} CvnMtprotoAuthKey;

void     cvn_mtproto_auth_key_init  (CvnMtprotoAuthKey *key,
                                     const guint8       data[CVN_MTPROTO_AUTH_KEY_LEN]);
void     cvn_mtproto_auth_key_clear (CvnMtprotoAuthKey *key);

typedef struct
{
  gint64   salt;
  gint64   session_id;
  gint64   msg_id;
  gint32   seqno;
  GBytes  *body;
  guint32  quick_ack_token;  /* what a quick ack for this message carries (top bit set) */
} CvnMtprotoMessage;

void cvn_mtproto_message_clear (CvnMtprotoMessage *message);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CvnMtprotoMessage, cvn_mtproto_message_clear)

/* @sender: who sends the message (picks x). @body: a multiple of 4 bytes. Returns the
 * message to frame; @quick_ack_token (optional) receives the token the receiver's quick
 * ack will carry. */
GBytes  *cvn_mtproto_message_encrypt (const CvnMtprotoAuthKey *key,
                                      CvnMtprotoRole           sender,
                                      gint64                   salt,
                                      gint64                   session_id,
                                      gint64                   msg_id,
                                      gint32                   seqno,
                                      const guint8            *body,
                                      gsize                    len,
                                      guint32                 *quick_ack_token,
                                      GError                 **error);
/* @sender: who sent the message. Errors: CVN_MTPROTO_ERROR_SECURITY for a wrong key id,
 * msg_key or padding; CVN_MTPROTO_ERROR_PROTOCOL for bad lengths. */
gboolean cvn_mtproto_message_decrypt (const CvnMtprotoAuthKey *key,
                                      CvnMtprotoRole           sender,
                                      const guint8            *data,
                                      gsize                    len,
                                      gboolean                 transport_padding,
                                      CvnMtprotoMessage       *message,
                                      GError                 **error);

/* The auth_key_id of a received frame (0 for unencrypted messages); FALSE if the frame is
 * shorter than 8 bytes. */
gboolean cvn_mtproto_message_peek_auth_key_id (const guint8 *data,
                                               gsize         len,
                                               guint64      *auth_key_id);

GBytes  *cvn_mtproto_plain_encode (gint64         msg_id,
                                   const guint8  *body,
                                   gsize          len);
gboolean cvn_mtproto_plain_decode (const guint8  *data,
                                   gsize          len,
                                   gboolean       transport_padding,
                                   gint64        *msg_id,
                                   GBytes       **body,
                                   GError       **error);

/* --- msg_id ------------------------------------------------------------------------- */

/* Generates msg_ids: unixtime * 2^32 plus a fraction, strictly increasing, corrected by
 * the offset between the server's clock and ours. A client's are divisible by 4; a
 * server's are 1 mod 4 for responses and 3 mod 4 otherwise. */
typedef struct
{
  gint64 offset_us;  /* server time minus local time */
  gint64 last;
} CvnMtprotoMsgIdGen;

gint64   cvn_mtproto_msg_id_next        (CvnMtprotoMsgIdGen *gen,
                                         gint64              now_us,
                                         CvnMtprotoRole      role,
                                         gboolean            response);
/* Client: sets the offset from a msg_id the server generated (now_us: when received). */
void     cvn_mtproto_msg_id_sync        (CvnMtprotoMsgIdGen *gen,
                                         gint64              now_us,
                                         gint64              server_msg_id);
/* Unix time (seconds) a msg_id carries. */
gint64   cvn_mtproto_msg_id_get_time    (gint64              msg_id);
/* Checks a received msg_id: its parity for the sender, and its time against @now_us
 * corrected by @offset_us (MAX_PAST seconds back, MAX_FUTURE ahead). */
gboolean cvn_mtproto_msg_id_check       (gint64              msg_id,
                                         CvnMtprotoRole      sender,
                                         gint64              now_us,
                                         gint64              offset_us,
                                         GError            **error);

/* --- seqno -------------------------------------------------------------------------- */

/* Twice the number of content-related messages sent before, plus one if this one is
 * content-related. */
gint32   cvn_mtproto_seqno_next         (guint32            *content_count,
                                         gboolean            content_related);

/* --- replay -------------------------------------------------------------------------- */

/* The msg_ids received lately. A msg_id seen before is a replay; when the guard is full,
 * one older than every kept id is refused too (it may have been forgotten). The guard
 * belongs to a session, not a connection, so it survives reconnects. */
typedef struct _CvnMtprotoReplayGuard CvnMtprotoReplayGuard;

CvnMtprotoReplayGuard *cvn_mtproto_replay_guard_new   (guint                  capacity);
void                   cvn_mtproto_replay_guard_free  (CvnMtprotoReplayGuard *guard);
/* Records @msg_id if it is new; otherwise CVN_MTPROTO_ERROR_SECURITY. */
gboolean               cvn_mtproto_replay_guard_check (CvnMtprotoReplayGuard *guard,
                                                       gint64                 msg_id,
                                                       GError               **error);
gboolean               cvn_mtproto_replay_guard_seen  (CvnMtprotoReplayGuard *guard,
                                                       gint64                 msg_id);
guint                  cvn_mtproto_replay_guard_get_size (CvnMtprotoReplayGuard *guard);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnMtprotoReplayGuard, cvn_mtproto_replay_guard_free)

G_END_DECLS
