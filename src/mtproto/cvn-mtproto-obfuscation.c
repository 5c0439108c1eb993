/* cvn-mtproto-obfuscation.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-obfuscation.h"

#include "cvn-aes.h"
#include "cvn-hash.h"
#include "cvn-mtproto-error.h"

#include <string.h>

struct _CvnMtprotoObfuscation
{
  CvnAesCtr *send;
  CvnAesCtr *recv;
};

static guint32
read_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

gboolean
cvn_mtproto_obfuscation_header_allowed (const guint8 *header)
{
  static const guint32 reserved[] = {
    0x44414548u, /* "HEAD" */
    0x54534f50u, /* "POST" */
    0x20544547u, /* "GET " */
    0x4954504fu, /* "OPTI" */
    0x02010316u, /* TLS record */
    CVN_MTPROTO_TAG_PADDED_INTERMEDIATE,
    CVN_MTPROTO_TAG_INTERMEDIATE,
  };
  guint32 first = read_le32 (header);

  if (header[0] == 0xef)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (reserved); i++)
    if (first == reserved[i])
      return FALSE;
  if (read_le32 (header + 4) == 0)
    return FALSE;
  return TRUE;
}

static gboolean
tag_valid (guint32 tag)
{
  return tag == CVN_MTPROTO_TAG_ABRIDGED ||
         tag == CVN_MTPROTO_TAG_INTERMEDIATE ||
         tag == CVN_MTPROTO_TAG_PADDED_INTERMEDIATE;
}

/* @forward: key/iv at bytes 8..55 of @header as they are; the other direction uses them
 * reversed. */
static CvnMtprotoObfuscation *
obfuscation_new (const guint8 *header,
                 gboolean      client,
                 GError      **error)
{
  g_autoptr(CvnMtprotoObfuscation) self = g_new0 (CvnMtprotoObfuscation, 1);
  guint8 reversed[48];
  CvnAesCtr *forward, *backward;

  for (gsize i = 0; i < 48; i++)
    reversed[i] = header[55 - i];

  forward = cvn_aes_ctr_new (header + 8, header + 40, error);
  if (forward == NULL)
    return NULL;
  backward = cvn_aes_ctr_new (reversed, reversed + 32, error);
  cvn_crypto_wipe (reversed, sizeof reversed);
  if (backward == NULL)
    {
      cvn_aes_ctr_free (forward);
      return NULL;
    }
  /* The client sends with the forward key; the server receives with it. */
  self->send = client ? forward : backward;
  self->recv = client ? backward : forward;
  return g_steal_pointer (&self);
}

CvnMtprotoObfuscation *
cvn_mtproto_obfuscation_new_client_from (const guint8   random[CVN_MTPROTO_OBFUSCATION_HEADER_LEN],
                                         guint32        tag,
                                         gint16         dc_id,
                                         guint8         header[CVN_MTPROTO_OBFUSCATION_HEADER_LEN],
                                         GError       **error)
{
  g_autoptr(CvnMtprotoObfuscation) self = NULL;
  guint8 plain[CVN_MTPROTO_OBFUSCATION_HEADER_LEN];
  guint16 dc = (guint16) dc_id;

  if (!tag_valid (tag))
    {
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT,
                   "Unknown transport tag 0x%08x", tag);
      return NULL;
    }
  if (!cvn_mtproto_obfuscation_header_allowed (random))
    {
      g_set_error_literal (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT,
                           "Obfuscation header starts with reserved bytes");
      return NULL;
    }

  memcpy (plain, random, sizeof plain);
  plain[56] = tag & 0xff;
  plain[57] = (tag >> 8) & 0xff;
  plain[58] = (tag >> 16) & 0xff;
  plain[59] = (tag >> 24) & 0xff;
  plain[60] = dc & 0xff;
  plain[61] = dc >> 8;

  self = obfuscation_new (plain, TRUE, error);
  if (self == NULL)
    return NULL;

  /* The whole header goes through the sending stream; only its last 8 bytes are sent
   * encrypted. */
  memcpy (header, plain, sizeof plain);
  if (!cvn_aes_ctr_process (self->send, plain, plain, sizeof plain, error))
    return NULL;
  memcpy (header + 56, plain + 56, 8);
  cvn_crypto_wipe (plain, sizeof plain);
  return g_steal_pointer (&self);
}

CvnMtprotoObfuscation *
cvn_mtproto_obfuscation_new_client (guint32        tag,
                                    gint16         dc_id,
                                    guint8         header[CVN_MTPROTO_OBFUSCATION_HEADER_LEN],
                                    GError       **error)
{
  guint8 random[CVN_MTPROTO_OBFUSCATION_HEADER_LEN];
  CvnMtprotoObfuscation *self;

  do
    {
      if (!cvn_random_bytes (random, sizeof random, error))
        return NULL;
    }
  while (!cvn_mtproto_obfuscation_header_allowed (random));

  self = cvn_mtproto_obfuscation_new_client_from (random, tag, dc_id, header, error);
  cvn_crypto_wipe (random, sizeof random);
  return self;
}

CvnMtprotoObfuscation *
cvn_mtproto_obfuscation_new_server (const guint8   header[CVN_MTPROTO_OBFUSCATION_HEADER_LEN],
                                    guint32       *tag,
                                    gint16        *dc_id,
                                    GError       **error)
{
  g_autoptr(CvnMtprotoObfuscation) self = NULL;
  guint8 plain[CVN_MTPROTO_OBFUSCATION_HEADER_LEN];
  guint32 t;

  if (!cvn_mtproto_obfuscation_header_allowed (header))
    {
      g_set_error_literal (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT,
                           "Obfuscation header starts with reserved bytes");
      return NULL;
    }

  self = obfuscation_new (header, FALSE, error);
  if (self == NULL)
    return NULL;
  if (!cvn_aes_ctr_process (self->recv, header, plain, sizeof plain, error))
    return NULL;

  t = read_le32 (plain + 56);
  if (!tag_valid (t))
    {
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT,
                   "Obfuscation header carries no known protocol tag (0x%08x)", t);
      return NULL;
    }
  if (tag != NULL)
    *tag = t;
  if (dc_id != NULL)
    *dc_id = (gint16) (guint16) (plain[60] | plain[61] << 8);
  cvn_crypto_wipe (plain, sizeof plain);
  return g_steal_pointer (&self);
}

gboolean
cvn_mtproto_obfuscation_encrypt (CvnMtprotoObfuscation *self,
                                 guint8                *buf,
                                 gsize                  len,
                                 GError               **error)
{
  if (len == 0)
    return TRUE;
  return cvn_aes_ctr_process (self->send, buf, buf, len, error);
}

gboolean
cvn_mtproto_obfuscation_decrypt (CvnMtprotoObfuscation *self,
                                 guint8                *buf,
                                 gsize                  len,
                                 GError               **error)
{
  if (len == 0)
    return TRUE;
  return cvn_aes_ctr_process (self->recv, buf, buf, len, error);
}

void
cvn_mtproto_obfuscation_free (CvnMtprotoObfuscation *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->send, cvn_aes_ctr_free);
  g_clear_pointer (&self->recv, cvn_aes_ctr_free);
  g_free (self);
}
