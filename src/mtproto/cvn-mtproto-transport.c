/* cvn-mtproto-transport.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-transport.h"

#include "cvn-hash.h"
#include "cvn-mtproto-error.h"
#include "cvn-mtproto-obfuscation.h"

#include <string.h>

struct _CvnMtprotoCodec
{
  CvnMtprotoRole         role;
  CvnMtprotoFraming      framing;
  gboolean               obfuscated;
  gint16                 dc_id;
  gsize                  max_frame_len;

  gboolean               header_done;  /* client: sent; server: received */
  CvnMtprotoObfuscation *obfuscation;
  guint8                *obfuscation_random;

  GByteArray            *in;           /* received bytes, decrypted once the header is known */
  gsize                  in_pos;
  GError                *failed;       /* sticky */
};

static guint32
read_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
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

void
cvn_mtproto_frame_clear (CvnMtprotoFrame *frame)
{
  g_clear_pointer (&frame->payload, g_bytes_unref);
  memset (frame, 0, sizeof *frame);
}

gboolean
cvn_mtproto_transport_error_set (GError **error,
                                 gint32   code)
{
  switch (code)
    {
    case -404:
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT_NOT_FOUND,
                   "Transport error %d: the server does not know the auth key or the request",
                   code);
      break;
    case -429:
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT_FLOOD,
                   "Transport error %d: too many connections or transport flood", code);
      break;
    case -444:
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT_INVALID_DC,
                   "Transport error %d: invalid DC id", code);
      break;
    default:
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT,
                   "Transport error %d", code);
      break;
    }
  return FALSE;
}

CvnMtprotoCodec *
cvn_mtproto_codec_new (CvnMtprotoRole     role,
                       CvnMtprotoFraming  framing,
                       gboolean           obfuscated,
                       gint16             dc_id,
                       gsize              max_frame_len)
{
  CvnMtprotoCodec *self = g_new0 (CvnMtprotoCodec, 1);

  g_return_val_if_fail (framing <= CVN_MTPROTO_FRAMING_PADDED_INTERMEDIATE, NULL);

  self->role = role;
  self->framing = framing;
  self->obfuscated = role == CVN_MTPROTO_ROLE_CLIENT ? !!obfuscated : FALSE;
  self->dc_id = role == CVN_MTPROTO_ROLE_CLIENT ? dc_id : 0;
  self->max_frame_len = max_frame_len != 0 ? max_frame_len : CVN_MTPROTO_DEFAULT_MAX_FRAME_LEN;
  self->max_frame_len = MIN (self->max_frame_len, 0x7ffffff0u);
  self->in = g_byte_array_new ();
  return self;
}

void
cvn_mtproto_codec_free (CvnMtprotoCodec *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->obfuscation, cvn_mtproto_obfuscation_free);
  if (self->obfuscation_random != NULL)
    cvn_crypto_wipe (self->obfuscation_random, CVN_MTPROTO_OBFUSCATION_HEADER_LEN);
  g_clear_pointer (&self->obfuscation_random, g_free);
  g_clear_pointer (&self->in, g_byte_array_unref);
  g_clear_error (&self->failed);
  g_free (self);
}

gboolean
cvn_mtproto_codec_set_obfuscation_random (CvnMtprotoCodec *self,
                                          const guint8    *random,
                                          GError         **error)
{
  g_return_val_if_fail (self->role == CVN_MTPROTO_ROLE_CLIENT, FALSE);
  g_return_val_if_fail (!self->header_done, FALSE);

  if (!cvn_mtproto_obfuscation_header_allowed (random))
    {
      g_set_error_literal (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT,
                           "Obfuscation header starts with reserved bytes");
      return FALSE;
    }
  g_free (self->obfuscation_random);
  self->obfuscation_random = g_memdup2 (random, CVN_MTPROTO_OBFUSCATION_HEADER_LEN);
  return TRUE;
}

CvnMtprotoRole
cvn_mtproto_codec_get_role (CvnMtprotoCodec *self)
{
  return self->role;
}

gboolean
cvn_mtproto_codec_get_header_done (CvnMtprotoCodec *self)
{
  return self->header_done;
}

CvnMtprotoFraming
cvn_mtproto_codec_get_framing (CvnMtprotoCodec *self)
{
  return self->framing;
}

gboolean
cvn_mtproto_codec_get_obfuscated (CvnMtprotoCodec *self)
{
  return self->obfuscated;
}

gint16
cvn_mtproto_codec_get_dc_id (CvnMtprotoCodec *self)
{
  return self->dc_id;
}

gsize
cvn_mtproto_codec_get_pending (CvnMtprotoCodec *self)
{
  return self->in->len - self->in_pos;
}

static gboolean
fail (CvnMtprotoCodec *self,
      GError         **error,
      const char      *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (CvnMtprotoCodec *self,
      GError         **error,
      const char      *format,
      ...)
{
  va_list args;

  if (self->failed == NULL)
    {
      va_start (args, format);
      self->failed = g_error_new_valist (CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT,
                                         format, args);
      va_end (args);
    }
  if (error != NULL)
    *error = g_error_copy (self->failed);
  return FALSE;
}

static gboolean
check_failed (CvnMtprotoCodec *self,
              GError         **error)
{
  if (self->failed == NULL)
    return TRUE;
  if (error != NULL)
    *error = g_error_copy (self->failed);
  return FALSE;
}

static guint32
framing_tag (CvnMtprotoFraming framing)
{
  switch (framing)
    {
    case CVN_MTPROTO_FRAMING_ABRIDGED:
      return CVN_MTPROTO_TAG_ABRIDGED;
    case CVN_MTPROTO_FRAMING_INTERMEDIATE:
      return CVN_MTPROTO_TAG_INTERMEDIATE;
    case CVN_MTPROTO_FRAMING_PADDED_INTERMEDIATE:
    default:
      return CVN_MTPROTO_TAG_PADDED_INTERMEDIATE;
    }
}

/* Client: the tag or the obfuscation header, before the first frame. The header is
 * already encrypted where it must be, so it is appended after @start. */
static gboolean
write_client_header (CvnMtprotoCodec *self,
                     GByteArray      *out,
                     GError         **error)
{
  if (self->obfuscated)
    {
      guint8 header[CVN_MTPROTO_OBFUSCATION_HEADER_LEN];

      if (self->obfuscation_random != NULL)
        self->obfuscation = cvn_mtproto_obfuscation_new_client_from (self->obfuscation_random,
                                                                     framing_tag (self->framing),
                                                                     self->dc_id, header, error);
      else
        self->obfuscation = cvn_mtproto_obfuscation_new_client (framing_tag (self->framing),
                                                                self->dc_id, header, error);
      if (self->obfuscation == NULL)
        return FALSE;
      g_byte_array_append (out, header, sizeof header);
    }
  else if (self->framing == CVN_MTPROTO_FRAMING_ABRIDGED)
    {
      guint8 tag = 0xef;

      g_byte_array_append (out, &tag, 1);
    }
  else
    {
      guint8 tag[4];

      put_le32 (tag, framing_tag (self->framing));
      g_byte_array_append (out, tag, 4);
    }
  self->header_done = TRUE;
  return TRUE;
}

static gboolean
finish_output (CvnMtprotoCodec *self,
               GByteArray      *out,
               gsize            start,
               GError         **error)
{
  if (self->obfuscation != NULL &&
      !cvn_mtproto_obfuscation_encrypt (self->obfuscation, out->data + start,
                                        out->len - start, error))
    {
      g_byte_array_set_size (out, start);
      return FALSE;
    }
  return TRUE;
}

gboolean
cvn_mtproto_codec_encode (CvnMtprotoCodec   *self,
                          const guint8      *payload,
                          gsize              len,
                          gboolean           quick_ack,
                          GByteArray        *out,
                          GError           **error)
{
  gsize start;
  guint8 pad_len = 0;

  g_return_val_if_fail (out != NULL, FALSE);
  g_return_val_if_fail (payload != NULL || len == 0, FALSE);

  if (len == 0 || len % 4 != 0 || len > self->max_frame_len)
    {
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT,
                   "Cannot frame a payload of %" G_GSIZE_FORMAT " bytes (positive multiple "
                   "of 4 up to %" G_GSIZE_FORMAT ")", len, self->max_frame_len);
      return FALSE;
    }
  if (quick_ack && self->role != CVN_MTPROTO_ROLE_CLIENT)
    {
      g_set_error_literal (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT,
                           "Only a client asks for quick acks");
      return FALSE;
    }
  if (self->role == CVN_MTPROTO_ROLE_SERVER && !self->header_done)
    {
      g_set_error_literal (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT,
                           "The server cannot send before the client's transport header");
      return FALSE;
    }

  if (self->role == CVN_MTPROTO_ROLE_CLIENT && !self->header_done)
    {
      start = out->len;
      if (!write_client_header (self, out, error))
        {
          g_byte_array_set_size (out, start);
          return FALSE;
        }
    }

  start = out->len;
  switch (self->framing)
    {
    case CVN_MTPROTO_FRAMING_ABRIDGED:
      {
        gsize words = len / 4;
        guint8 head[4];

        if (words < 0x7f)
          {
            head[0] = (guint8) words | (quick_ack ? 0x80 : 0);
            g_byte_array_append (out, head, 1);
          }
        else
          {
            head[0] = quick_ack ? 0xff : 0x7f;
            head[1] = words & 0xff;
            head[2] = (words >> 8) & 0xff;
            head[3] = (words >> 16) & 0xff;
            g_byte_array_append (out, head, 4);
          }
        g_byte_array_append (out, payload, len);
        break;
      }
    case CVN_MTPROTO_FRAMING_PADDED_INTERMEDIATE:
      if (!cvn_random_bytes (&pad_len, 1, error))
        return FALSE;
      pad_len &= 15;
      G_GNUC_FALLTHROUGH;
    case CVN_MTPROTO_FRAMING_INTERMEDIATE:
    default:
      {
        guint8 head[4];
        guint8 pad[16];

        put_le32 (head, (guint32) (len + pad_len) | (quick_ack ? 0x80000000u : 0));
        g_byte_array_append (out, head, 4);
        g_byte_array_append (out, payload, len);
        if (pad_len > 0)
          {
            if (!cvn_random_bytes (pad, pad_len, error))
              {
                g_byte_array_set_size (out, start);
                return FALSE;
              }
            g_byte_array_append (out, pad, pad_len);
          }
        break;
      }
    }
  return finish_output (self, out, start, error);
}

gboolean
cvn_mtproto_codec_encode_quick_ack (CvnMtprotoCodec   *self,
                                    guint32            token,
                                    GByteArray        *out,
                                    GError           **error)
{
  gsize start = out->len;
  guint8 word[4];

  if (self->role != CVN_MTPROTO_ROLE_SERVER || !self->header_done)
    {
      g_set_error_literal (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT,
                           "Only a server that has received the transport header sends quick acks");
      return FALSE;
    }
  token |= 0x80000000u;
  if (self->framing == CVN_MTPROTO_FRAMING_ABRIDGED)
    {
      /* Byte-swapped: the first byte on the wire has its top bit set. */
      word[0] = token >> 24;
      word[1] = (token >> 16) & 0xff;
      word[2] = (token >> 8) & 0xff;
      word[3] = token & 0xff;
    }
  else
    put_le32 (word, token);
  g_byte_array_append (out, word, 4);
  return finish_output (self, out, start, error);
}

gboolean
cvn_mtproto_codec_encode_transport_error (CvnMtprotoCodec   *self,
                                          gint32             code,
                                          GByteArray        *out,
                                          GError           **error)
{
  guint8 word[4];

  if (self->role != CVN_MTPROTO_ROLE_SERVER || code >= 0)
    {
      g_set_error_literal (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT,
                           "Only a server sends transport errors, and they are negative");
      return FALSE;
    }
  put_le32 (word, (guint32) code);
  if (self->framing == CVN_MTPROTO_FRAMING_PADDED_INTERMEDIATE)
    {
      /* Unpadded, so that the client sees a 4-byte frame. */
      gsize start = out->len;
      guint8 head[4];

      put_le32 (head, 4);
      g_byte_array_append (out, head, 4);
      g_byte_array_append (out, word, 4);
      return finish_output (self, out, start, error);
    }
  return cvn_mtproto_codec_encode (self, word, 4, FALSE, out, error);
}

static void
compact_input (CvnMtprotoCodec *self)
{
  if (self->in_pos == 0)
    return;
  if (self->in_pos == self->in->len)
    {
      g_byte_array_set_size (self->in, 0);
      self->in_pos = 0;
    }
  else if (self->in_pos > 4096 && self->in_pos * 2 > self->in->len)
    {
      g_byte_array_remove_range (self->in, 0, self->in_pos);
      self->in_pos = 0;
    }
}

/* Server: recognises the transport from the first bytes. Returns FALSE with no error
 * while more bytes are needed. */
static gboolean
parse_server_header (CvnMtprotoCodec *self,
                     GError         **error)
{
  const guint8 *p = self->in->data;
  gsize avail = self->in->len;
  guint32 first;

  if (avail < 1)
    return FALSE;
  if (p[0] == 0xef)
    {
      self->framing = CVN_MTPROTO_FRAMING_ABRIDGED;
      self->in_pos = 1;
      self->header_done = TRUE;
      return TRUE;
    }
  if (avail < 4)
    return FALSE;
  first = read_le32 (p);
  if (first == CVN_MTPROTO_TAG_INTERMEDIATE || first == CVN_MTPROTO_TAG_PADDED_INTERMEDIATE)
    {
      self->framing = first == CVN_MTPROTO_TAG_INTERMEDIATE ?
                        CVN_MTPROTO_FRAMING_INTERMEDIATE :
                        CVN_MTPROTO_FRAMING_PADDED_INTERMEDIATE;
      self->in_pos = 4;
      self->header_done = TRUE;
      return TRUE;
    }
  if (avail >= 8 && !cvn_mtproto_obfuscation_header_allowed (p))
    return fail (self, error, "Unknown transport header %02x%02x%02x%02x%02x%02x%02x%02x",
                 p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7]);
  if (avail < CVN_MTPROTO_OBFUSCATION_HEADER_LEN)
    return FALSE;

  {
    g_autoptr(GError) local_error = NULL;
    guint32 tag = 0;
    gint16 dc_id = 0;

    self->obfuscation = cvn_mtproto_obfuscation_new_server (p, &tag, &dc_id, &local_error);
    if (self->obfuscation == NULL)
      return fail (self, error, "%s", local_error->message);
    self->obfuscated = TRUE;
    self->dc_id = dc_id;
    self->framing = tag == CVN_MTPROTO_TAG_ABRIDGED ? CVN_MTPROTO_FRAMING_ABRIDGED :
                    tag == CVN_MTPROTO_TAG_INTERMEDIATE ? CVN_MTPROTO_FRAMING_INTERMEDIATE :
                    CVN_MTPROTO_FRAMING_PADDED_INTERMEDIATE;
    self->in_pos = CVN_MTPROTO_OBFUSCATION_HEADER_LEN;
    self->header_done = TRUE;
    /* What came after the header arrived encrypted. */
    if (!cvn_mtproto_obfuscation_decrypt (self->obfuscation, self->in->data + self->in_pos,
                                          self->in->len - self->in_pos, &local_error))
      return fail (self, error, "%s", local_error->message);
    return TRUE;
  }
}

gboolean
cvn_mtproto_codec_feed (CvnMtprotoCodec   *self,
                        const guint8      *data,
                        gsize              len,
                        GError           **error)
{
  gsize start;

  if (!check_failed (self, error))
    return FALSE;
  if (len == 0)
    return TRUE;

  compact_input (self);
  start = self->in->len;
  g_byte_array_append (self->in, data, len);

  if (self->role == CVN_MTPROTO_ROLE_SERVER && !self->header_done)
    {
      g_autoptr(GError) local_error = NULL;

      /* Decryption of what follows the header happens when the header is parsed. */
      if (!parse_server_header (self, &local_error) && local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      return TRUE;
    }
  if (self->role == CVN_MTPROTO_ROLE_CLIENT && !self->header_done)
    return fail (self, error, "The server sent data before the client's first frame");

  if (self->obfuscation != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      if (!cvn_mtproto_obfuscation_decrypt (self->obfuscation, self->in->data + start, len,
                                            &local_error))
        return fail (self, error, "%s", local_error->message);
    }
  return TRUE;
}

static gboolean
take_payload (CvnMtprotoCodec *self,
              gsize            head_len,
              gsize            len,
              gboolean         quick_ack,
              CvnMtprotoFrame *frame,
              GError         **error)
{
  const guint8 *p = self->in->data + self->in_pos + head_len;

  if (len == 0)
    return fail (self, error, "Empty transport frame");
  if (len > self->max_frame_len)
    return fail (self, error, "Transport frame of %" G_GSIZE_FORMAT " bytes exceeds the bound "
                 "of %" G_GSIZE_FORMAT, len, self->max_frame_len);
  if (self->framing != CVN_MTPROTO_FRAMING_PADDED_INTERMEDIATE && len % 4 != 0)
    return fail (self, error, "Transport frame of %" G_GSIZE_FORMAT " bytes is not a "
                 "multiple of 4", len);
  if (self->in->len - self->in_pos - head_len < len)
    return FALSE;

  memset (frame, 0, sizeof *frame);
  if (self->role == CVN_MTPROTO_ROLE_CLIENT &&
      (len == 4 || (self->framing == CVN_MTPROTO_FRAMING_PADDED_INTERMEDIATE && len < 8)))
    {
      /* Four bytes are never a message: a transport error code. */
      gint32 code = len >= 4 ? (gint32) read_le32 (p) : 0;

      if (code >= 0)
        return fail (self, error, "Transport frame of %" G_GSIZE_FORMAT " bytes is neither a "
                     "message nor an error code", len);
      frame->kind = CVN_MTPROTO_FRAME_TRANSPORT_ERROR;
      frame->error_code = code;
    }
  else
    {
      frame->kind = CVN_MTPROTO_FRAME_PAYLOAD;
      frame->payload = g_bytes_new (p, len);
      frame->quick_ack = quick_ack;
    }
  self->in_pos += head_len + len;
  compact_input (self);
  return TRUE;
}

gboolean
cvn_mtproto_codec_next (CvnMtprotoCodec   *self,
                        CvnMtprotoFrame   *frame,
                        GError           **error)
{
  const guint8 *p;
  gsize avail;

  g_return_val_if_fail (frame != NULL, FALSE);

  if (!check_failed (self, error))
    return FALSE;
  if (!self->header_done)
    return FALSE;

  p = self->in->data + self->in_pos;
  avail = self->in->len - self->in_pos;
  if (avail == 0)
    return FALSE;

  if (self->framing == CVN_MTPROTO_FRAMING_ABRIDGED)
    {
      gboolean quick_ack = FALSE;
      guint8 b = p[0];

      if (self->role == CVN_MTPROTO_ROLE_CLIENT && (b & 0x80) != 0)
        {
          if (avail < 4)
            return FALSE;
          memset (frame, 0, sizeof *frame);
          frame->kind = CVN_MTPROTO_FRAME_QUICK_ACK;
          frame->quick_ack_token = (guint32) p[0] << 24 | (guint32) p[1] << 16 |
                                   (guint32) p[2] << 8 | p[3];
          self->in_pos += 4;
          compact_input (self);
          return TRUE;
        }
      if (self->role == CVN_MTPROTO_ROLE_SERVER && (b & 0x80) != 0)
        {
          quick_ack = TRUE;
          b &= 0x7f;
        }
      if (b < 0x7f)
        return take_payload (self, 1, (gsize) b * 4, quick_ack, frame, error);
      if (avail < 4)
        return FALSE;
      return take_payload (self, 4, ((gsize) p[1] | (gsize) p[2] << 8 | (gsize) p[3] << 16) * 4,
                           quick_ack, frame, error);
    }
  else
    {
      guint32 word;

      if (avail < 4)
        return FALSE;
      word = read_le32 (p);
      if ((word & 0x80000000u) != 0)
        {
          if (self->role == CVN_MTPROTO_ROLE_CLIENT)
            {
              memset (frame, 0, sizeof *frame);
              frame->kind = CVN_MTPROTO_FRAME_QUICK_ACK;
              frame->quick_ack_token = word;
              self->in_pos += 4;
              compact_input (self);
              return TRUE;
            }
          return take_payload (self, 4, word & 0x7fffffffu, TRUE, frame, error);
        }
      return take_payload (self, 4, word, FALSE, frame, error);
    }
}
