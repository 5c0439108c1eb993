/* cvn-mtproto-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-session.h"

#include "cvn-hash.h"
#include "cvn-mtproto-error.h"
#include "cvn-tl.h"

#include <string.h>
#include <zlib.h>

#define REPLAY_CAPACITY 4096

struct _CvnMtprotoSession
{
  CvnMtprotoRole         role;
  CvnMtprotoAuthKey      key;
  gint64                 session_id;
  gboolean               session_known;  /* server: adopted from the first message */
  gint64                 salt;
  CvnMtprotoMsgIdGen     ids;
  guint32                content_count;
  CvnMtprotoReplayGuard *replay;
  guint64                rejections[CVN_MTPROTO_N_REJECT];
};

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
cvn_mtproto_in_message_free (CvnMtprotoInMessage *message)
{
  if (message == NULL)
    return;
  g_clear_pointer (&message->body, g_bytes_unref);
  g_free (message);
}

CvnMtprotoSession *
cvn_mtproto_session_new (CvnMtprotoRole           role,
                         const CvnMtprotoAuthKey *key,
                         gint64                   session_id,
                         gint64                   salt)
{
  CvnMtprotoSession *self = g_new0 (CvnMtprotoSession, 1);

  self->role = role;
  self->key = *key;
  self->session_id = session_id;
  self->session_known = role == CVN_MTPROTO_ROLE_CLIENT || session_id != 0;
  self->salt = salt;
  self->replay = cvn_mtproto_replay_guard_new (REPLAY_CAPACITY);
  return self;
}

void
cvn_mtproto_session_free (CvnMtprotoSession *self)
{
  if (self == NULL)
    return;
  cvn_mtproto_replay_guard_free (self->replay);
  cvn_mtproto_auth_key_clear (&self->key);
  g_free (self);
}

const CvnMtprotoAuthKey *
cvn_mtproto_session_get_auth_key (CvnMtprotoSession *self)
{
  return &self->key;
}

gint64
cvn_mtproto_session_get_id (CvnMtprotoSession *self)
{
  return self->session_id;
}

void
cvn_mtproto_session_reset (CvnMtprotoSession *self,
                           gint64             session_id)
{
  self->session_id = session_id;
  self->content_count = 0;
  self->ids.last = 0;
  cvn_mtproto_replay_guard_free (self->replay);
  self->replay = cvn_mtproto_replay_guard_new (REPLAY_CAPACITY);
}

gint64
cvn_mtproto_session_get_salt (CvnMtprotoSession *self)
{
  return self->salt;
}

void
cvn_mtproto_session_set_salt (CvnMtprotoSession *self,
                              gint64             salt)
{
  self->salt = salt;
}

gint64
cvn_mtproto_session_get_time_offset (CvnMtprotoSession *self)
{
  return self->ids.offset_us;
}

void
cvn_mtproto_session_set_time_offset (CvnMtprotoSession *self,
                                     gint64             offset_us)
{
  self->ids.offset_us = offset_us;
}

gboolean
cvn_mtproto_session_sync_time (CvnMtprotoSession *self,
                               gint64             now_us,
                               gint64             server_msg_id)
{
  CvnMtprotoMsgIdGen probe;

  cvn_mtproto_msg_id_sync (&self->ids, now_us, server_msg_id);
  probe = self->ids;
  probe.last = 0;
  return cvn_mtproto_msg_id_next (&probe, now_us, self->role, FALSE) <= self->ids.last;
}

gint64
cvn_mtproto_session_next_msg_id (CvnMtprotoSession *self,
                                 gint64             now_us,
                                 gboolean           response)
{
  return cvn_mtproto_msg_id_next (&self->ids, now_us, self->role, response);
}

gint32
cvn_mtproto_session_next_seqno (CvnMtprotoSession *self,
                                gboolean           content_related)
{
  return cvn_mtproto_seqno_next (&self->content_count, content_related);
}

guint32
cvn_mtproto_body_get_id (GBytes *body)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (body, &len);

  return len >= 4 ? read_le32 (data) : 0;
}

gboolean
cvn_mtproto_body_is_content_related (GBytes *body)
{
  switch (cvn_mtproto_body_get_id (body))
    {
    case CVN_TL_MT_MSGS_ACK_ID:
    case CVN_TL_MT_MSG_CONTAINER_ID:
    case CVN_TL_MT_HTTP_WAIT_ID:
      return FALSE;
    default:
      return TRUE;
    }
}

GBytes *
cvn_mtproto_session_pack (CvnMtprotoSession  *self,
                          GPtrArray          *messages,
                          gint64              now_us,
                          guint32            *quick_ack_token,
                          GError            **error)
{
  g_autoptr(GByteArray) container = NULL;
  CvnMtprotoInMessage *only;
  gint64 msg_id;
  gint32 seqno;

  g_return_val_if_fail (messages != NULL && messages->len > 0, NULL);

  if (messages->len == 1)
    {
      only = messages->pdata[0];
      return cvn_mtproto_message_encrypt (&self->key, self->role, self->salt, self->session_id,
                                          only->msg_id, only->seqno,
                                          g_bytes_get_data (only->body, NULL),
                                          g_bytes_get_size (only->body), quick_ack_token, error);
    }
  if (messages->len > CVN_MTPROTO_MAX_CONTAINER)
    {
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL,
                   "%u messages do not fit a container", messages->len);
      return NULL;
    }

  container = g_byte_array_new ();
  {
    guint8 head[8];

    put_le32 (head, CVN_TL_MT_MSG_CONTAINER_ID);
    put_le32 (head + 4, messages->len);
    g_byte_array_append (container, head, 8);
  }
  for (guint i = 0; i < messages->len; i++)
    {
      CvnMtprotoInMessage *m = messages->pdata[i];
      guint8 head[16];

      put_le64 (head, (guint64) m->msg_id);
      put_le32 (head + 8, (guint32) m->seqno);
      put_le32 (head + 12, (guint32) g_bytes_get_size (m->body));
      g_byte_array_append (container, head, 16);
      g_byte_array_append (container, g_bytes_get_data (m->body, NULL), g_bytes_get_size (m->body));
    }
  /* The container's msg_id is greater than those inside. */
  msg_id = cvn_mtproto_session_next_msg_id (self, now_us, FALSE);
  seqno = cvn_mtproto_session_next_seqno (self, FALSE);
  return cvn_mtproto_message_encrypt (&self->key, self->role, self->salt, self->session_id,
                                      msg_id, seqno, container->data, container->len,
                                      quick_ack_token, error);
}

void
cvn_mtproto_session_count_rejection (CvnMtprotoSession   *self,
                                     CvnMtprotoRejection  rejection)
{
  if (rejection < CVN_MTPROTO_N_REJECT)
    self->rejections[rejection]++;
}

guint64
cvn_mtproto_session_get_rejections (CvnMtprotoSession   *self,
                                    CvnMtprotoRejection  rejection)
{
  g_return_val_if_fail (rejection < CVN_MTPROTO_N_REJECT, 0);
  return self->rejections[rejection];
}

gint32
cvn_mtproto_rejection_to_bad_msg_code (CvnMtprotoRejection rejection)
{
  switch (rejection)
    {
    case CVN_MTPROTO_REJECT_MSG_ID_TOO_LOW:
      return 16;
    case CVN_MTPROTO_REJECT_MSG_ID_TOO_HIGH:
      return 17;
    case CVN_MTPROTO_REJECT_MSG_ID_PARITY:
      return 18;
    case CVN_MTPROTO_REJECT_CONTAINER:
      return 64;
    case CVN_MTPROTO_REJECT_SALT:
      return 48;
    case CVN_MTPROTO_REJECT_NONE:
    case CVN_MTPROTO_REJECT_DECRYPT:
    case CVN_MTPROTO_REJECT_SESSION_ID:
    case CVN_MTPROTO_REJECT_REPLAY:
    case CVN_MTPROTO_REJECT_SEQNO:
    case CVN_MTPROTO_REJECT_MALFORMED:
    case CVN_MTPROTO_N_REJECT:
    default:
      return 0;
    }
}

static gboolean
reject (CvnMtprotoSession   *self,
        CvnMtprotoRejection  why,
        CvnMtprotoRejection *rejection,
        GError             **error,
        const char          *format,
        ...) G_GNUC_PRINTF (5, 6);

static gboolean
reject (CvnMtprotoSession   *self,
        CvnMtprotoRejection  why,
        CvnMtprotoRejection *rejection,
        GError             **error,
        const char          *format,
        ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  self->rejections[why]++;
  if (rejection != NULL)
    *rejection = why;
  g_debug ("Session %016" G_GINT64_MODIFIER "x refused a message: %s",
           (guint64) self->session_id, message);
  g_set_error_literal (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY, message);
  return FALSE;
}

/* Time window and parity, then replay (a server marks a duplicate instead). */
static gboolean
check_msg_id (CvnMtprotoSession   *self,
              gint64               msg_id,
              gint64               now_us,
              gboolean            *duplicate,
              CvnMtprotoRejection *rejection,
              GError             **error)
{
  CvnMtprotoRole sender = self->role == CVN_MTPROTO_ROLE_CLIENT ? CVN_MTPROTO_ROLE_SERVER
                                                                : CVN_MTPROTO_ROLE_CLIENT;
  g_autoptr(GError) local_error = NULL;
  gint64 offset = self->role == CVN_MTPROTO_ROLE_CLIENT ? self->ids.offset_us : 0;

  *duplicate = FALSE;
  if (sender == CVN_MTPROTO_ROLE_CLIENT ? (msg_id & 3) != 0 : (msg_id & 1) == 0)
    return reject (self, CVN_MTPROTO_REJECT_MSG_ID_PARITY, rejection, error,
                   "msg_id %" G_GINT64_FORMAT " has the wrong parity", msg_id);
  if (!cvn_mtproto_msg_id_check (msg_id, sender, now_us, offset, &local_error))
    {
      gint64 now = (now_us + offset) / G_USEC_PER_SEC;

      return reject (self, cvn_mtproto_msg_id_get_time (msg_id) < now ?
                             CVN_MTPROTO_REJECT_MSG_ID_TOO_LOW : CVN_MTPROTO_REJECT_MSG_ID_TOO_HIGH,
                     rejection, error, "%s", local_error->message);
    }
  if (cvn_mtproto_replay_guard_seen (self->replay, msg_id))
    {
      if (self->role == CVN_MTPROTO_ROLE_SERVER)
        {
          *duplicate = TRUE;
          return TRUE;
        }
      return reject (self, CVN_MTPROTO_REJECT_REPLAY, rejection, error,
                     "msg_id %" G_GINT64_FORMAT " was received before", msg_id);
    }
  if (!cvn_mtproto_replay_guard_check (self->replay, msg_id, &local_error))
    return reject (self, CVN_MTPROTO_REJECT_REPLAY, rejection, error, "%s", local_error->message);
  return TRUE;
}

gboolean
cvn_mtproto_session_accept (CvnMtprotoSession       *self,
                            const CvnMtprotoMessage *message,
                            gint64                   now_us,
                            GPtrArray               *out,
                            CvnMtprotoRejection     *rejection,
                            GError                 **error)
{
  const guint8 *body;
  gsize len;
  gboolean duplicate;
  g_autoptr(GPtrArray) inner = NULL;

  if (rejection != NULL)
    *rejection = CVN_MTPROTO_REJECT_NONE;

  if (!self->session_known)
    {
      self->session_id = message->session_id;
      self->session_known = TRUE;
    }
  if (message->session_id != self->session_id)
    return reject (self, CVN_MTPROTO_REJECT_SESSION_ID, rejection, error,
                   "Message for session %016" G_GINT64_MODIFIER "x",
                   (guint64) message->session_id);

  if (!check_msg_id (self, message->msg_id, now_us, &duplicate, rejection, error))
    return FALSE;

  body = g_bytes_get_data (message->body, &len);
  if (len < 4 || read_le32 (body) != CVN_TL_MT_MSG_CONTAINER_ID)
    {
      CvnMtprotoInMessage *m = g_new0 (CvnMtprotoInMessage, 1);

      m->msg_id = message->msg_id;
      m->seqno = message->seqno;
      m->body = g_bytes_ref (message->body);
      m->duplicate = duplicate;
      g_ptr_array_add (out, m);
      return TRUE;
    }
  if (duplicate)
    return reject (self, CVN_MTPROTO_REJECT_REPLAY, rejection, error,
                   "Container %" G_GINT64_FORMAT " was received before", message->msg_id);

  /* msg_container: count, then msg_id:long seqno:int bytes:int body. */
  {
    gsize pos = 8;
    guint32 count;

    if (len < 8)
      return reject (self, CVN_MTPROTO_REJECT_CONTAINER, rejection, error, "Truncated container");
    count = read_le32 (body + 4);
    if (count > CVN_MTPROTO_MAX_CONTAINER)
      return reject (self, CVN_MTPROTO_REJECT_CONTAINER, rejection, error,
                     "Container of %u messages", count);
    inner = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_in_message_free);
    for (guint32 i = 0; i < count; i++)
      {
        CvnMtprotoInMessage *m;
        gint64 msg_id;
        gsize size;

        if (len - pos < 16)
          return reject (self, CVN_MTPROTO_REJECT_CONTAINER, rejection, error,
                         "Container truncated at message %u", i);
        msg_id = (gint64) read_le64 (body + pos);
        size = read_le32 (body + pos + 12);
        if (size < 4 || size % 4 != 0 || size > len - pos - 16)
          return reject (self, CVN_MTPROTO_REJECT_CONTAINER, rejection, error,
                         "Container message %u of %" G_GSIZE_FORMAT " bytes", i, size);
        if (read_le32 (body + pos + 16) == CVN_TL_MT_MSG_CONTAINER_ID)
          return reject (self, CVN_MTPROTO_REJECT_CONTAINER, rejection, error, "Nested container");
        if (msg_id >= message->msg_id)
          return reject (self, CVN_MTPROTO_REJECT_CONTAINER, rejection, error,
                         "Message %" G_GINT64_FORMAT " not older than its container", msg_id);
        m = g_new0 (CvnMtprotoInMessage, 1);
        m->msg_id = msg_id;
        m->seqno = (gint32) read_le32 (body + pos + 8);
        m->body = g_bytes_new (body + pos + 16, size);
        g_ptr_array_add (inner, m);
        pos += 16 + size;
      }
    if (pos != len)
      return reject (self, CVN_MTPROTO_REJECT_CONTAINER, rejection, error,
                     "%" G_GSIZE_FORMAT " bytes after the container", len - pos);
  }

  /* Inner messages: the same checks; one refused drops only itself. */
  for (guint i = 0; i < inner->len; i++)
    {
      CvnMtprotoInMessage *m = inner->pdata[i];
      g_autoptr(GError) local_error = NULL;

      if (!check_msg_id (self, m->msg_id, now_us, &m->duplicate, NULL, &local_error))
        continue;
      g_ptr_array_add (out, g_steal_pointer (&inner->pdata[i]));
    }
  return TRUE;
}

/* --- gzip --------------------------------------------------------------------------- */

GBytes *
cvn_mtproto_gzip_pack (const guint8 *data,
                       gsize         len)
{
  z_stream z = { 0 };
  g_autoptr(GByteArray) out = g_byte_array_new ();
  guint8 head[4];
  guint8 *packed;
  gsize bound;
  int ret;

  ret = deflateInit2 (&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  g_assert (ret == Z_OK);
  bound = deflateBound (&z, len);
  packed = g_malloc (bound);
  z.next_in = (Bytef *) data;
  z.avail_in = (uInt) len;
  z.next_out = packed;
  z.avail_out = (uInt) bound;
  ret = deflate (&z, Z_FINISH);
  g_assert (ret == Z_STREAM_END);

  put_le32 (head, CVN_TL_MT_GZIP_PACKED_ID);
  g_byte_array_append (out, head, 4);
  {
    CvnTlWriter writer;

    cvn_tl_writer_init (&writer);
    cvn_tl_writer_put_bytes (&writer, packed, z.total_out);
    g_byte_array_append (out, writer.data, writer.len);
    cvn_tl_writer_clear (&writer);
  }
  deflateEnd (&z);
  g_free (packed);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

GBytes *
cvn_mtproto_gzip_unpack (const guint8  *packed,
                         gsize          len,
                         gsize          max_len,
                         GError       **error)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GByteArray) out = g_byte_array_new ();
  CvnTlObject *object;
  CvnTlMtGzipPacked *gz;
  z_stream z = { 0 };
  guint8 buf[16384];
  int ret;

  object = cvn_tl_decode (packed, len, arena, error);
  if (object == NULL)
    return NULL;
  if (object->ctor->id != CVN_TL_MT_GZIP_PACKED_ID)
    {
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL,
                   "Expected gzip_packed, got %s", object->ctor->name);
      return NULL;
    }
  gz = (CvnTlMtGzipPacked *) object;
  if (inflateInit2 (&z, 15 + 32) != Z_OK)
    {
      g_set_error_literal (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_FAILED, "inflateInit failed");
      return NULL;
    }
  z.next_in = (Bytef *) gz->packed_data.data;
  z.avail_in = (uInt) gz->packed_data.len;
  do
    {
      z.next_out = buf;
      z.avail_out = sizeof buf;
      ret = inflate (&z, Z_NO_FLUSH);
      if (ret != Z_OK && ret != Z_STREAM_END)
        {
          inflateEnd (&z);
          g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL,
                       "gzip_packed does not inflate (%d)", ret);
          return NULL;
        }
      g_byte_array_append (out, buf, sizeof buf - z.avail_out);
      if (out->len > max_len)
        {
          inflateEnd (&z);
          g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL,
                       "gzip_packed inflates to more than %" G_GSIZE_FORMAT " bytes", max_len);
          return NULL;
        }
    }
  while (ret != Z_STREAM_END);
  inflateEnd (&z);
  if (out->len == 0 || out->len % 4 != 0)
    {
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL,
                   "gzip_packed holds %u bytes", out->len);
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}
