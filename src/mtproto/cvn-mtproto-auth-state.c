/* cvn-mtproto-auth-state.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-auth-state.h"

#include "cvn-aes.h"
#include "cvn-hash.h"
#include "cvn-mtproto-error.h"

#include <gio/gio.h>

#include <errno.h>
#include <string.h>

#define MAGIC "CVNAUTH1"
#define HEADER_LEN 16
#define RECORD_LEN (4 + CVN_MTPROTO_AUTH_KEY_LEN + 8 + 8)
#define IV_LEN 32
#define TAG_LEN 32
#define FLAG_ENCRYPTED 1u

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

/* Records, zero-padded to whole AES blocks. */
static gsize
records_len (guint n)
{
  gsize len = (gsize) n * RECORD_LEN;

  return len + (16 - len % 16) % 16;
}

static void
tag_of (const guint8 *file_key,
        const guint8 *data,
        gsize         len,
        guint8        tag[TAG_LEN])
{
  if (file_key != NULL)
    cvn_hmac_sha256 (file_key, CVN_MTPROTO_STATE_KEY_LEN, data, len, tag);
  else
    cvn_sha256 (data, len, tag);
}

gboolean
cvn_mtproto_auth_state_save (const char                *path,
                             const CvnMtprotoAuthState *states,
                             guint                      n_states,
                             const guint8              *file_key,
                             GError                   **error)
{
  gsize body = records_len (n_states);
  gsize total = HEADER_LEN + (file_key != NULL ? IV_LEN : 0) + body + TAG_LEN;
  g_autofree guint8 *buf = NULL;
  g_autofree char *dir = NULL;
  guint8 *iv, *records;
  gboolean ok;

  g_return_val_if_fail (path != NULL, FALSE);
  g_return_val_if_fail (n_states <= CVN_MTPROTO_STATE_MAX_DCS, FALSE);

  buf = g_malloc0 (total);
  memcpy (buf, MAGIC, 8);
  put_le32 (buf + 8, file_key != NULL ? FLAG_ENCRYPTED : 0);
  put_le32 (buf + 12, n_states);
  iv = buf + HEADER_LEN;
  records = iv + (file_key != NULL ? IV_LEN : 0);
  for (guint i = 0; i < n_states; i++)
    {
      guint8 *r = records + (gsize) i * RECORD_LEN;

      put_le32 (r, (guint32) states[i].dc_id);
      memcpy (r + 4, states[i].key.key, CVN_MTPROTO_AUTH_KEY_LEN);
      put_le64 (r + 4 + CVN_MTPROTO_AUTH_KEY_LEN, (guint64) states[i].salt);
      put_le64 (r + 12 + CVN_MTPROTO_AUTH_KEY_LEN, (guint64) states[i].user_id);
    }
  if (file_key != NULL)
    {
      guint8 iv_copy[IV_LEN];

      if (!cvn_random_bytes (iv, IV_LEN, error))
        return FALSE;
      memcpy (iv_copy, iv, IV_LEN);
      if (body > 0 && !cvn_aes_ige_encrypt (file_key, iv_copy, records, records, body, error))
        return FALSE;
    }
  tag_of (file_key, buf, total - TAG_LEN, buf + total - TAG_LEN);

  dir = g_path_get_dirname (path);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "Cannot create %s: %s",
                   dir, g_strerror (errno));
      cvn_crypto_wipe (buf, total);
      return FALSE;
    }
  ok = g_file_set_contents_full (path, (const char *) buf, total,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                 0600, error);
  cvn_crypto_wipe (buf, total);
  return ok;
}

static gboolean
corrupt (GError    **error,
         const char *path,
         const char *why)
{
  g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_STATE_CORRUPT,
               "The auth state in %s is not usable: %s", path, why);
  return FALSE;
}

gboolean
cvn_mtproto_auth_state_load (const char           *path,
                             const guint8         *file_key,
                             CvnMtprotoAuthState **states,
                             guint                *n_states,
                             GError              **error)
{
  g_autofree guint8 *buf = NULL;
  gsize len = 0, body, expected;
  guint32 flags, n;
  guint8 tag[TAG_LEN];
  guint8 *records;
  CvnMtprotoAuthState *out;

  g_return_val_if_fail (path != NULL && states != NULL && n_states != NULL, FALSE);

  if (!g_file_get_contents (path, (char **) &buf, &len, error))
    return FALSE;
  if (len < HEADER_LEN + TAG_LEN || memcmp (buf, MAGIC, 8) != 0)
    return corrupt (error, path, "not an auth state file");
  flags = read_le32 (buf + 8);
  n = read_le32 (buf + 12);
  if ((flags & ~FLAG_ENCRYPTED) != 0 || n > CVN_MTPROTO_STATE_MAX_DCS)
    return corrupt (error, path, "unknown version");
  if (((flags & FLAG_ENCRYPTED) != 0) != (file_key != NULL))
    return corrupt (error, path, file_key != NULL ? "stored without encryption"
                                                  : "encrypted, and no key is available");
  body = records_len (n);
  expected = HEADER_LEN + (file_key != NULL ? IV_LEN : 0) + body + TAG_LEN;
  if (len != expected)
    return corrupt (error, path, "truncated or extended");
  tag_of (file_key, buf, len - TAG_LEN, tag);
  if (!cvn_crypto_equal (tag, buf + len - TAG_LEN, TAG_LEN))
    return corrupt (error, path, file_key != NULL ? "damaged, or encrypted with another key"
                                                  : "checksum mismatch");

  records = buf + HEADER_LEN + (file_key != NULL ? IV_LEN : 0);
  if (file_key != NULL && body > 0 &&
      !cvn_aes_ige_decrypt (file_key, buf + HEADER_LEN, records, records, body, error))
    {
      cvn_crypto_wipe (buf, len);
      return FALSE;
    }

  out = g_new0 (CvnMtprotoAuthState, MAX (n, 1));
  for (guint i = 0; i < n; i++)
    {
      const guint8 *r = records + (gsize) i * RECORD_LEN;

      out[i].dc_id = (gint32) read_le32 (r);
      cvn_mtproto_auth_key_init (&out[i].key, r + 4);
      out[i].salt = (gint64) read_le64 (r + 4 + CVN_MTPROTO_AUTH_KEY_LEN);
      out[i].user_id = (gint64) read_le64 (r + 12 + CVN_MTPROTO_AUTH_KEY_LEN);
    }
  cvn_crypto_wipe (buf, len);
  *states = out;
  *n_states = n;
  return TRUE;
}

void
cvn_mtproto_auth_state_free (CvnMtprotoAuthState *states,
                             guint                n_states)
{
  if (states == NULL)
    return;
  cvn_crypto_wipe (states, sizeof *states * MAX (n_states, 1));
  g_free (states);
}
