/* cvn-mtproto-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-message.h"
#include "cvn-mtproto-message-private.h"

#include "cvn-aes.h"
#include "cvn-hash.h"
#include "cvn-mtproto-error.h"

#include <string.h>

static guint32
read_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

static guint64
read_le64 (const guint8 *p)
{
  return (guint64) read_le32 (p) | (guint64) read_le32 (p + 4) << 32;
}

static void
put_le32 (guint8  *p,
          guint32  v)
{
  p[0] = v & 0xff;
  p[1] = (v >> 8) & 0xff;
  p[2] = (v >> 16) & 0xff;
  p[3] = (v >> 24) & 0xff;
}

static void
put_le64 (guint8  *p,
          guint64  v)
{
  put_le32 (p, (guint32) v);
  put_le32 (p + 4, (guint32) (v >> 32));
}

void
cvn_mtproto_auth_key_init (CvnMtprotoAuthKey *key,
                           const guint8       data[CVN_MTPROTO_AUTH_KEY_LEN])
{
  guint8 sha[CVN_SHA1_LEN];

  memcpy (key->key, data, CVN_MTPROTO_AUTH_KEY_LEN);
  cvn_sha1 (data, CVN_MTPROTO_AUTH_KEY_LEN, sha);
  key->id = read_le64 (sha + 12);
  key->aux_hash = read_le64 (sha);
}

void
cvn_mtproto_auth_key_clear (CvnMtprotoAuthKey *key)
{
  cvn_crypto_wipe (key, sizeof *key);
}

void
cvn_mtproto_message_clear (CvnMtprotoMessage *message)
{
  g_clear_pointer (&message->body, g_bytes_unref);
  memset (message, 0, sizeof *message);
}

/* KDF of MTProto 2.0. */
static void
derive (const CvnMtprotoAuthKey *key,
        int                      x,
        const guint8             msg_key[16],
        guint8                   aes_key[32],
        guint8                   aes_iv[32])
{
  guint8 a[CVN_SHA256_LEN], b[CVN_SHA256_LEN];

  cvn_sha256_v (a, msg_key, (gsize) 16, key->key + x, (gsize) 36, NULL);
  cvn_sha256_v (b, key->key + 40 + x, (gsize) 36, msg_key, (gsize) 16, NULL);
  memcpy (aes_key, a, 8);
  memcpy (aes_key + 8, b + 8, 16);
  memcpy (aes_key + 24, a + 24, 8);
  memcpy (aes_iv, b, 8);
  memcpy (aes_iv + 8, a + 8, 16);
  memcpy (aes_iv + 24, b + 24, 8);
  cvn_crypto_wipe (a, sizeof a);
  cvn_crypto_wipe (b, sizeof b);
}

GBytes *
cvn_mtproto_message_encrypt (const CvnMtprotoAuthKey *key,
                             CvnMtprotoRole           sender,
                             gint64                   salt,
                             gint64                   session_id,
                             gint64                   msg_id,
                             gint32                   seqno,
                             const guint8            *body,
                             gsize                    len,
                             guint32                 *quick_ack_token,
                             GError                 **error)
{
  int x = sender == CVN_MTPROTO_ROLE_CLIENT ? 0 : 8;
  guint8 extra = 0;
  gsize padding, plain_len;
  g_autofree guint8 *plain = NULL;
  guint8 *out;
  guint8 msg_key_large[CVN_SHA256_LEN];
  guint8 aes_key[32], aes_iv[32];
  gboolean ok;

  if (len % 4 != 0 || len > G_MAXINT32 - 2048)
    {
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL,
                   "Message body of %" G_GSIZE_FORMAT " bytes is not a multiple of 4", len);
      return NULL;
    }

  /* 12..27 bytes to reach a whole block, then 0..3 more random blocks. */
  padding = CVN_MTPROTO_MIN_PADDING;
  padding += (16 - (CVN_MTPROTO_INNER_HEADER + len + padding) % 16) % 16;
  if (!cvn_random_bytes (&extra, 1, error))
    return NULL;
  padding += (extra & 3) * 16;
  plain_len = CVN_MTPROTO_INNER_HEADER + len + padding;

  plain = g_malloc (plain_len);
  put_le64 (plain, (guint64) salt);
  put_le64 (plain + 8, (guint64) session_id);
  put_le64 (plain + 16, (guint64) msg_id);
  put_le32 (plain + 24, (guint32) seqno);
  put_le32 (plain + 28, (guint32) len);
  if (len > 0)
    memcpy (plain + CVN_MTPROTO_INNER_HEADER, body, len);
  if (!cvn_random_bytes (plain + CVN_MTPROTO_INNER_HEADER + len, padding, error))
    return NULL;

  cvn_sha256_v (msg_key_large, key->key + 88 + x, (gsize) 32, plain, plain_len, NULL);
  if (quick_ack_token != NULL)
    *quick_ack_token = read_le32 (msg_key_large) | 0x80000000u;

  out = g_malloc (CVN_MTPROTO_ENCRYPTED_HEADER + plain_len);
  put_le64 (out, key->id);
  memcpy (out + 8, msg_key_large + 8, 16);
  derive (key, x, out + 8, aes_key, aes_iv);
  ok = cvn_aes_ige_encrypt (aes_key, aes_iv, plain, out + CVN_MTPROTO_ENCRYPTED_HEADER,
                            plain_len, error);
  cvn_crypto_wipe (aes_key, sizeof aes_key);
  cvn_crypto_wipe (aes_iv, sizeof aes_iv);
  cvn_crypto_wipe (plain, plain_len);
  if (!ok)
    {
      g_free (out);
      return NULL;
    }
  return g_bytes_new_take (out, CVN_MTPROTO_ENCRYPTED_HEADER + plain_len);
}

GBytes *
cvn_mtproto_message_encrypt_raw (const CvnMtprotoAuthKey *key,
                                 CvnMtprotoRole           sender,
                                 const guint8            *plain,
                                 gsize                    len,
                                 GError                 **error)
{
  int x = sender == CVN_MTPROTO_ROLE_CLIENT ? 0 : 8;
  guint8 msg_key_large[CVN_SHA256_LEN];
  guint8 aes_key[32], aes_iv[32];
  guint8 *out;

  g_return_val_if_fail (len % 16 == 0, NULL);

  cvn_sha256_v (msg_key_large, key->key + 88 + x, (gsize) 32, plain, len, NULL);
  out = g_malloc (CVN_MTPROTO_ENCRYPTED_HEADER + len);
  put_le64 (out, key->id);
  memcpy (out + 8, msg_key_large + 8, 16);
  derive (key, x, out + 8, aes_key, aes_iv);
  if (!cvn_aes_ige_encrypt (aes_key, aes_iv, plain, out + CVN_MTPROTO_ENCRYPTED_HEADER, len,
                            error))
    {
      g_free (out);
      return NULL;
    }
  return g_bytes_new_take (out, CVN_MTPROTO_ENCRYPTED_HEADER + len);
}

gboolean
cvn_mtproto_message_peek_auth_key_id (const guint8 *data,
                                      gsize         len,
                                      guint64      *auth_key_id)
{
  if (len < 8)
    return FALSE;
  *auth_key_id = read_le64 (data);
  return TRUE;
}

gboolean
cvn_mtproto_message_decrypt (const CvnMtprotoAuthKey *key,
                             CvnMtprotoRole           sender,
                             const guint8            *data,
                             gsize                    len,
                             gboolean                 transport_padding,
                             CvnMtprotoMessage       *message,
                             GError                 **error)
{
  int x = sender == CVN_MTPROTO_ROLE_CLIENT ? 0 : 8;
  gsize enc_len, data_len, padding;
  g_autofree guint8 *plain = NULL;
  guint8 msg_key_large[CVN_SHA256_LEN];
  guint8 aes_key[32], aes_iv[32];
  gboolean ok;

  g_return_val_if_fail (message != NULL, FALSE);

  if (len < CVN_MTPROTO_ENCRYPTED_HEADER)
    {
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL,
                   "Encrypted message of %" G_GSIZE_FORMAT " bytes is too short", len);
      return FALSE;
    }
  enc_len = len - CVN_MTPROTO_ENCRYPTED_HEADER;
  if (enc_len % 16 != 0)
    {
      if (!transport_padding)
        {
          g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL,
                       "Encrypted data of %" G_GSIZE_FORMAT " bytes is not whole blocks", enc_len);
          return FALSE;
        }
      enc_len -= enc_len % 16;
    }
  if (enc_len < CVN_MTPROTO_INNER_HEADER + CVN_MTPROTO_MIN_PADDING + 4)
    {
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL,
                   "Encrypted data of %" G_GSIZE_FORMAT " bytes is too short", enc_len);
      return FALSE;
    }
  if (read_le64 (data) != key->id)
    {
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY,
                   "Message for auth key %016" G_GINT64_MODIFIER "x, not %016"
                   G_GINT64_MODIFIER "x", read_le64 (data), key->id);
      return FALSE;
    }

  plain = g_malloc (enc_len);
  derive (key, x, data + 8, aes_key, aes_iv);
  ok = cvn_aes_ige_decrypt (aes_key, aes_iv, data + CVN_MTPROTO_ENCRYPTED_HEADER, plain,
                            enc_len, error);
  cvn_crypto_wipe (aes_key, sizeof aes_key);
  cvn_crypto_wipe (aes_iv, sizeof aes_iv);
  if (!ok)
    return FALSE;

  /* msg_key first, over everything that was decrypted, in constant time; nothing of the
   * plaintext is looked at before. */
  cvn_sha256_v (msg_key_large, key->key + 88 + x, (gsize) 32, plain, enc_len, NULL);
  if (!cvn_crypto_equal (msg_key_large + 8, data + 8, 16))
    {
      cvn_crypto_wipe (plain, enc_len);
      g_set_error_literal (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY,
                           "msg_key does not match the decrypted message");
      return FALSE;
    }

  data_len = read_le32 (plain + 28);
  if (data_len % 4 != 0 || data_len > enc_len - CVN_MTPROTO_INNER_HEADER)
    {
      cvn_crypto_wipe (plain, enc_len);
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY,
                   "message_data_length %" G_GSIZE_FORMAT " does not fit %" G_GSIZE_FORMAT
                   " bytes", data_len, enc_len);
      return FALSE;
    }
  padding = enc_len - CVN_MTPROTO_INNER_HEADER - data_len;
  if (padding < CVN_MTPROTO_MIN_PADDING || padding > CVN_MTPROTO_MAX_PADDING)
    {
      cvn_crypto_wipe (plain, enc_len);
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY,
                   "Padding of %" G_GSIZE_FORMAT " bytes is outside 12..1024", padding);
      return FALSE;
    }
  if (data_len == 0)
    {
      cvn_crypto_wipe (plain, enc_len);
      g_set_error_literal (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL,
                           "Empty message");
      return FALSE;
    }

  memset (message, 0, sizeof *message);
  message->salt = (gint64) read_le64 (plain);
  message->session_id = (gint64) read_le64 (plain + 8);
  message->msg_id = (gint64) read_le64 (plain + 16);
  message->seqno = (gint32) read_le32 (plain + 24);
  message->body = g_bytes_new (plain + CVN_MTPROTO_INNER_HEADER, data_len);
  message->quick_ack_token = read_le32 (msg_key_large) | 0x80000000u;
  cvn_crypto_wipe (plain, enc_len);
  return TRUE;
}

GBytes *
cvn_mtproto_plain_encode (gint64         msg_id,
                          const guint8  *body,
                          gsize          len)
{
  guint8 *out = g_malloc (20 + len);

  put_le64 (out, 0);
  put_le64 (out + 8, (guint64) msg_id);
  put_le32 (out + 16, (guint32) len);
  if (len > 0)
    memcpy (out + 20, body, len);
  return g_bytes_new_take (out, 20 + len);
}

gboolean
cvn_mtproto_plain_decode (const guint8  *data,
                          gsize          len,
                          gboolean       transport_padding,
                          gint64        *msg_id,
                          GBytes       **body,
                          GError       **error)
{
  gsize body_len;

  if (len < 24)
    {
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL,
                   "Unencrypted message of %" G_GSIZE_FORMAT " bytes is too short", len);
      return FALSE;
    }
  if (read_le64 (data) != 0)
    {
      g_set_error_literal (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL,
                           "Not an unencrypted message (auth_key_id is not 0)");
      return FALSE;
    }
  body_len = read_le32 (data + 16);
  if (body_len == 0 || body_len % 4 != 0 || body_len > len - 20 ||
      (len - 20 - body_len) > (transport_padding ? 15u : 0u))
    {
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL,
                   "Unencrypted message_data_length %" G_GSIZE_FORMAT " does not match "
                   "%" G_GSIZE_FORMAT " bytes", body_len, len - 20);
      return FALSE;
    }
  if (msg_id != NULL)
    *msg_id = (gint64) read_le64 (data + 8);
  if (body != NULL)
    *body = g_bytes_new (data + 20, body_len);
  return TRUE;
}

/* --- msg_id ------------------------------------------------------------------------- */

gint64
cvn_mtproto_msg_id_next (CvnMtprotoMsgIdGen *gen,
                         gint64              now_us,
                         CvnMtprotoRole      role,
                         gboolean            response)
{
  gint64 t = now_us + gen->offset_us;
  gint64 sec = t / G_USEC_PER_SEC;
  gint64 frac = t % G_USEC_PER_SEC;
  gint64 id, rem;

  if (frac < 0)
    {
      frac += G_USEC_PER_SEC;
      sec--;
    }
  /* The fraction of the second, in units of 2^-32 s. */
  id = (gint64) ((guint64) sec << 32 | (guint64) ((frac << 32) / G_USEC_PER_SEC));
  rem = role == CVN_MTPROTO_ROLE_CLIENT ? 0 : response ? 1 : 3;
  id = (id & ~(gint64) 3) | rem;
  if (id <= gen->last)
    id = ((gen->last & ~(gint64) 3) + 4) | rem;
  gen->last = id;
  return id;
}

void
cvn_mtproto_msg_id_sync (CvnMtprotoMsgIdGen *gen,
                         gint64              now_us,
                         gint64              server_msg_id)
{
  gint64 server_us = (gint64) (((guint64) server_msg_id >> 32) * G_USEC_PER_SEC +
                               (((guint64) server_msg_id & 0xffffffffu) * G_USEC_PER_SEC >> 32));

  gen->offset_us = server_us - now_us;
}

gint64
cvn_mtproto_msg_id_get_time (gint64 msg_id)
{
  return (gint64) ((guint64) msg_id >> 32);
}

gboolean
cvn_mtproto_msg_id_check (gint64              msg_id,
                          CvnMtprotoRole      sender,
                          gint64              now_us,
                          gint64              offset_us,
                          GError            **error)
{
  gint64 now = (now_us + offset_us) / G_USEC_PER_SEC;
  gint64 t = cvn_mtproto_msg_id_get_time (msg_id);

  if (sender == CVN_MTPROTO_ROLE_CLIENT ? (msg_id & 3) != 0 : (msg_id & 1) == 0)
    {
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY,
                   "msg_id %" G_GINT64_FORMAT " has the wrong parity for its sender", msg_id);
      return FALSE;
    }
  if (t < now - CVN_MTPROTO_MSG_ID_MAX_PAST)
    {
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY,
                   "msg_id %" G_GINT64_FORMAT " is %" G_GINT64_FORMAT " s in the past",
                   msg_id, now - t);
      return FALSE;
    }
  if (t > now + CVN_MTPROTO_MSG_ID_MAX_FUTURE)
    {
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY,
                   "msg_id %" G_GINT64_FORMAT " is %" G_GINT64_FORMAT " s in the future",
                   msg_id, t - now);
      return FALSE;
    }
  return TRUE;
}

/* --- seqno -------------------------------------------------------------------------- */

gint32
cvn_mtproto_seqno_next (guint32  *content_count,
                        gboolean  content_related)
{
  gint32 seqno = (gint32) (*content_count * 2);

  if (content_related)
    {
      seqno++;
      (*content_count)++;
    }
  return seqno;
}

/* --- replay -------------------------------------------------------------------------- */

struct _CvnMtprotoReplayGuard
{
  guint       capacity;
  GHashTable *seen;   /* gint64 * -> itself */
  GQueue      order;  /* gint64 *, oldest first */
  gint64      floor;  /* the largest id forgotten */
  gboolean    has_floor;
};

CvnMtprotoReplayGuard *
cvn_mtproto_replay_guard_new (guint capacity)
{
  CvnMtprotoReplayGuard *guard = g_new0 (CvnMtprotoReplayGuard, 1);

  guard->capacity = MAX (capacity, 16);
  guard->seen = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_queue_init (&guard->order);
  return guard;
}

void
cvn_mtproto_replay_guard_free (CvnMtprotoReplayGuard *guard)
{
  if (guard == NULL)
    return;
  g_queue_clear (&guard->order);
  g_hash_table_unref (guard->seen);
  g_free (guard);
}

gboolean
cvn_mtproto_replay_guard_seen (CvnMtprotoReplayGuard *guard,
                               gint64                 msg_id)
{
  return g_hash_table_contains (guard->seen, &msg_id);
}

guint
cvn_mtproto_replay_guard_get_size (CvnMtprotoReplayGuard *guard)
{
  return g_hash_table_size (guard->seen);
}

gboolean
cvn_mtproto_replay_guard_check (CvnMtprotoReplayGuard *guard,
                                gint64                 msg_id,
                                GError               **error)
{
  gint64 *key;

  if (g_hash_table_contains (guard->seen, &msg_id))
    {
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY,
                   "msg_id %" G_GINT64_FORMAT " was received before (replay)", msg_id);
      return FALSE;
    }
  if (guard->has_floor && msg_id <= guard->floor)
    {
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY,
                   "msg_id %" G_GINT64_FORMAT " is older than every msg_id remembered",
                   msg_id);
      return FALSE;
    }
  key = g_new (gint64, 1);
  *key = msg_id;
  g_hash_table_add (guard->seen, key);
  g_queue_push_tail (&guard->order, key);
  while (g_hash_table_size (guard->seen) > guard->capacity)
    {
      gint64 *old = g_queue_pop_head (&guard->order);

      if (!guard->has_floor || *old > guard->floor)
        guard->floor = *old;
      guard->has_floor = TRUE;
      g_hash_table_remove (guard->seen, old);
    }
  return TRUE;
}
