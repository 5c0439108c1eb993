/* cvn-mtproto-auth-key.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-auth-key.h"

#include "cvn-aes.h"
#include "cvn-dh.h"
#include "cvn-hash.h"
#include "cvn-mtproto-error.h"
#include "cvn-pq.h"
#include "cvn-tl.h"

#include <string.h>

typedef enum
{
  STATE_CLIENT_INIT,
  STATE_CLIENT_WAIT_RES_PQ,
  STATE_CLIENT_WAIT_DH_PARAMS,
  STATE_CLIENT_WAIT_DH_GEN,
  STATE_SERVER_WAIT_REQ_PQ,
  STATE_SERVER_WAIT_REQ_DH,
  STATE_SERVER_WAIT_SET_DH,
  STATE_DONE,
  STATE_FAILED,
} State;

#define MAX_RETRIES 5

struct _CvnMtprotoHandshake
{
  CvnMtprotoRole      role;
  State               state;
  GPtrArray          *keys;        /* client: trusted public keys */
  CvnRsaKey          *server_key;  /* server: the key pair */
  gint32              dc_id;

  guint8              nonce[16];
  guint8              server_nonce[16];
  guint8              new_nonce[32];
  guint64             pq, p, q;

  guint8              dh_prime[CVN_DH_PRIME_LEN];
  gint32              g;
  guint8              g_a[CVN_DH_PRIME_LEN];
  guint8              secret[CVN_DH_PRIME_LEN];
  guint8              tmp_key[32];
  guint8              tmp_iv[32];

  CvnMtprotoAuthKey   auth_key;
  gint64              retry_id;
  guint               retries;
  gint64              time_offset;
  gint64              clock_offset;
  CvnMtprotoMsgIdGen  ids;
};

static gboolean
fail (CvnMtprotoHandshake *self,
      GError             **error,
      const char          *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (CvnMtprotoHandshake *self,
      GError             **error,
      const char          *format,
      ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  self->state = STATE_FAILED;
  g_debug ("Auth key creation failed: %s", message);
  g_set_error_literal (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_AUTH_KEY, message);
  return FALSE;
}

static gboolean
fail_from (CvnMtprotoHandshake *self,
           GError             **error,
           const char          *what,
           GError              *cause)
{
  gboolean ret = fail (self, error, "%s: %s", what, cause != NULL ? cause->message : "failed");

  g_clear_error (&cause);
  return ret;
}

static CvnMtprotoHandshake *
handshake_new (CvnMtprotoRole role,
               gint32         dc_id)
{
  CvnMtprotoHandshake *self = g_new0 (CvnMtprotoHandshake, 1);

  self->role = role;
  self->dc_id = dc_id;
  return self;
}

CvnMtprotoHandshake *
cvn_mtproto_handshake_new_client (GPtrArray *keys,
                                  gint32     dc_id)
{
  CvnMtprotoHandshake *self = handshake_new (CVN_MTPROTO_ROLE_CLIENT, dc_id);

  g_return_val_if_fail (keys != NULL, NULL);

  self->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rsa_key_free);
  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (self->keys, cvn_rsa_key_copy (keys->pdata[i]));
  self->state = STATE_CLIENT_INIT;
  return self;
}

CvnMtprotoHandshake *
cvn_mtproto_handshake_new_server (CvnRsaKey    *key,
                                  const guint8 *dh_prime,
                                  gint32        g,
                                  gint32        dc_id)
{
  CvnMtprotoHandshake *self = handshake_new (CVN_MTPROTO_ROLE_SERVER, dc_id);

  g_return_val_if_fail (key != NULL && cvn_rsa_key_has_private (key), NULL);

  self->server_key = cvn_rsa_key_copy (key);
  if (dh_prime != NULL)
    {
      memcpy (self->dh_prime, dh_prime, CVN_DH_PRIME_LEN);
      self->g = g;
    }
  else
    {
      gsize len = 0;
      const guint8 *p = cvn_dh_get_default_prime (&len);

      g_assert (len == CVN_DH_PRIME_LEN);
      memcpy (self->dh_prime, p, CVN_DH_PRIME_LEN);
      self->g = CVN_DH_DEFAULT_G;
    }
  self->state = STATE_SERVER_WAIT_REQ_PQ;
  return self;
}

void
cvn_mtproto_handshake_free (CvnMtprotoHandshake *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_clear_pointer (&self->server_key, cvn_rsa_key_free);
  cvn_crypto_wipe (self, sizeof *self);
  g_free (self);
}

gboolean
cvn_mtproto_handshake_is_done (CvnMtprotoHandshake *self)
{
  return self->state == STATE_DONE;
}

const CvnMtprotoAuthKey *
cvn_mtproto_handshake_get_auth_key (CvnMtprotoHandshake *self)
{
  g_return_val_if_fail (self->state == STATE_DONE, NULL);
  return &self->auth_key;
}

gint64
cvn_mtproto_handshake_get_server_salt (CvnMtprotoHandshake *self)
{
  guint8 salt[8];
  gint64 v = 0;

  for (int i = 0; i < 8; i++)
    salt[i] = self->new_nonce[i] ^ self->server_nonce[i];
  for (int i = 7; i >= 0; i--)
    v = (gint64) ((guint64) v << 8 | salt[i]);
  return v;
}

gint64
cvn_mtproto_handshake_get_time_offset (CvnMtprotoHandshake *self)
{
  return self->time_offset;
}

void
cvn_mtproto_handshake_set_clock_offset (CvnMtprotoHandshake *self,
                                        gint64               offset_us)
{
  self->clock_offset = offset_us;
}

guint
cvn_mtproto_handshake_get_retries (CvnMtprotoHandshake *self)
{
  return self->retries;
}

/* --- helpers --------------------------------------------------------------- */

static GBytes *
encode_plain (CvnMtprotoHandshake *self,
              const CvnTlObject   *object,
              gint64               now_us,
              GError             **error)
{
  g_autoptr(GBytes) body = cvn_tl_encode (object, error);

  if (body == NULL)
    return NULL;
  return cvn_mtproto_plain_encode (cvn_mtproto_msg_id_next (&self->ids, now_us + self->clock_offset,
                                                            self->role, TRUE),
                                   g_bytes_get_data (body, NULL), g_bytes_get_size (body));
}

static void
set_bytes (CvnTlArena   *arena,
           CvnTlBytes   *bytes,
           const guint8 *data,
           gsize         len)
{
  bytes->data = cvn_tl_arena_memdup (arena, data, MAX (len, 1));
  bytes->len = len;
}

/* Big-endian, without leading zero bytes. */
static void
set_bytes_u64 (CvnTlArena *arena,
               CvnTlBytes *bytes,
               guint64     v)
{
  guint8 be[8];
  gsize skip = 0;

  for (int i = 0; i < 8; i++)
    be[i] = (guint8) (v >> (56 - 8 * i));
  while (skip < 7 && be[skip] == 0)
    skip++;
  set_bytes (arena, bytes, be + skip, 8 - skip);
}

static gboolean
bytes_to_u64 (const CvnTlBytes *bytes,
              guint64          *v)
{
  if (bytes->len == 0 || bytes->len > 8)
    return FALSE;
  *v = 0;
  for (gsize i = 0; i < bytes->len; i++)
    *v = *v << 8 | bytes->data[i];
  return TRUE;
}

/* tmp_aes_key and tmp_aes_iv from new_nonce and server_nonce. */
static void
derive_tmp (CvnMtprotoHandshake *self)
{
  guint8 ns[CVN_SHA1_LEN], sn[CVN_SHA1_LEN], nn[CVN_SHA1_LEN];

  cvn_sha1_v (ns, self->new_nonce, (gsize) 32, self->server_nonce, (gsize) 16, NULL);
  cvn_sha1_v (sn, self->server_nonce, (gsize) 16, self->new_nonce, (gsize) 32, NULL);
  cvn_sha1_v (nn, self->new_nonce, (gsize) 32, self->new_nonce, (gsize) 32, NULL);
  memcpy (self->tmp_key, ns, 20);
  memcpy (self->tmp_key + 20, sn, 12);
  memcpy (self->tmp_iv, sn + 12, 8);
  memcpy (self->tmp_iv + 8, nn, 20);
  memcpy (self->tmp_iv + 28, self->new_nonce, 4);
  cvn_crypto_wipe (ns, sizeof ns);
  cvn_crypto_wipe (sn, sizeof sn);
  cvn_crypto_wipe (nn, sizeof nn);
}

/* SHA1 (data) | data | random padding to 16, encrypted with the temporary key. */
static gboolean
encrypt_with_hash (CvnMtprotoHandshake *self,
                   GBytes              *data,
                   CvnTlArena          *arena,
                   CvnTlBytes          *out,
                   GError             **error)
{
  gsize len = g_bytes_get_size (data);
  gsize total = 20 + len;
  guint8 *buf;

  total += (16 - total % 16) % 16;
  buf = cvn_tl_arena_alloc (arena, total);
  cvn_sha1 (g_bytes_get_data (data, NULL), len, buf);
  memcpy (buf + 20, g_bytes_get_data (data, NULL), len);
  if (!cvn_random_bytes (buf + 20 + len, total - 20 - len, error))
    return FALSE;
  if (!cvn_aes_ige_encrypt (self->tmp_key, self->tmp_iv, buf, buf, total, error))
    return FALSE;
  out->data = buf;
  out->len = total;
  return TRUE;
}

/* Decrypts an answer_with_hash and decodes the object in it, checking the SHA1 and that
 * at most 15 bytes of padding follow the object. */
static CvnTlObject *
decrypt_with_hash (CvnMtprotoHandshake *self,
                   const CvnTlBytes    *encrypted,
                   guint32              expected_id,
                   CvnTlArena          *arena,
                   GError             **error)
{
  guint8 *buf;
  CvnTlReader reader;
  CvnTlObject *object;
  guint8 sha[CVN_SHA1_LEN];
  g_autoptr(GError) local_error = NULL;

  if (encrypted->len < 20 + 16 || encrypted->len % 16 != 0 || encrypted->len > 4096)
    {
      fail (self, error, "Encrypted answer of %" G_GSIZE_FORMAT " bytes", encrypted->len);
      return NULL;
    }
  buf = cvn_tl_arena_alloc (arena, encrypted->len);
  if (!cvn_aes_ige_decrypt (self->tmp_key, self->tmp_iv, encrypted->data, buf, encrypted->len,
                            &local_error))
    {
      fail_from (self, error, "Decrypting the answer", g_steal_pointer (&local_error));
      return NULL;
    }
  cvn_tl_reader_init (&reader, buf + 20, encrypted->len - 20, arena);
  object = cvn_tl_reader_get_object (&reader, CVN_TL_ANY, &local_error);
  if (object == NULL)
    {
      fail_from (self, error, "Decoding the decrypted answer", g_steal_pointer (&local_error));
      return NULL;
    }
  if (object->ctor->id != expected_id)
    {
      fail (self, error, "Decrypted answer is a %s", object->ctor->name);
      return NULL;
    }
  cvn_sha1 (buf + 20, reader.pos, sha);
  if (!cvn_crypto_equal (sha, buf, CVN_SHA1_LEN))
    {
      fail (self, error, "SHA1 of the decrypted answer does not match");
      return NULL;
    }
  if (encrypted->len - 20 - reader.pos >= 16)
    {
      fail (self, error, "Decrypted answer has %" G_GSIZE_FORMAT " bytes of padding",
            encrypted->len - 20 - reader.pos);
      return NULL;
    }
  return object;
}

static void
new_nonce_hash (CvnMtprotoHandshake *self,
                guint8               n,
                guint8               out[16])
{
  guint8 aux[8], sha[CVN_SHA1_LEN];

  for (int i = 0; i < 8; i++)
    aux[i] = (guint8) (self->auth_key.aux_hash >> (8 * i));
  cvn_sha1_v (sha, self->new_nonce, (gsize) 32, &n, (gsize) 1, aux, (gsize) 8, NULL);
  memcpy (out, sha + 4, 16);
}

static gboolean
check_nonces (CvnMtprotoHandshake *self,
              const guint8         nonce[16],
              const guint8        *server_nonce,
              GError             **error)
{
  if (!cvn_crypto_equal (nonce, self->nonce, 16))
    return fail (self, error, "nonce does not match");
  if (server_nonce != NULL && !cvn_crypto_equal (server_nonce, self->server_nonce, 16))
    return fail (self, error, "server_nonce does not match");
  return TRUE;
}

/* --- client ----------------------------------------------------------------- */

GBytes *
cvn_mtproto_handshake_start (CvnMtprotoHandshake  *self,
                             gint64                now_us,
                             GError              **error)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlMtReqPqMulti *req;
  GBytes *msg;

  g_return_val_if_fail (self->role == CVN_MTPROTO_ROLE_CLIENT, NULL);
  g_return_val_if_fail (self->state == STATE_CLIENT_INIT, NULL);

  if (!cvn_random_bytes (self->nonce, sizeof self->nonce, error))
    return NULL;
  req = (CvnTlMtReqPqMulti *) cvn_tl_object_new (arena, CVN_TL_MT_REQ_PQ_MULTI_CTOR);
  memcpy (req->nonce, self->nonce, 16);
  msg = encode_plain (self, &req->parent, now_us, error);
  if (msg != NULL)
    self->state = STATE_CLIENT_WAIT_RES_PQ;
  return msg;
}

static CvnRsaKey *
find_key (CvnMtprotoHandshake *self,
          CvnTlVector         *fingerprints,
          gint64              *fingerprint)
{
  for (guint i = 0; fingerprints != NULL && i < fingerprints->len; i++)
    for (guint k = 0; k < self->keys->len; k++)
      if ((gint64) cvn_rsa_key_get_fingerprint (self->keys->pdata[k]) == fingerprints->longs[i])
        {
          *fingerprint = fingerprints->longs[i];
          return self->keys->pdata[k];
        }
  return NULL;
}

static GBytes *
client_res_pq (CvnMtprotoHandshake *self,
               CvnTlObject         *object,
               gint64               now_us,
               GError             **error)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) inner_bytes = NULL;
  CvnTlMtResPQ *res;
  CvnTlMtPQInnerDataDc *inner;
  CvnTlMtReqDHParams *req;
  CvnRsaKey *key;
  gint64 fingerprint = 0;
  guint8 encrypted[CVN_RSA_PAD_ENCRYPTED_LEN];

  if (object->ctor->id != CVN_TL_MT_RES_PQ_ID)
    {
      fail (self, error, "Expected resPQ, got %s", object->ctor->name);
      return NULL;
    }
  res = (CvnTlMtResPQ *) object;
  if (!check_nonces (self, res->nonce, NULL, error))
    return NULL;
  memcpy (self->server_nonce, res->server_nonce, 16);

  key = find_key (self, res->server_public_key_fingerprints, &fingerprint);
  if (key == NULL)
    {
      GString *list = g_string_new (NULL);

      for (guint i = 0; res->server_public_key_fingerprints != NULL &&
                        i < res->server_public_key_fingerprints->len; i++)
        g_string_append_printf (list, "%s%016" G_GINT64_MODIFIER "x", i > 0 ? ", " : "",
                                (guint64) res->server_public_key_fingerprints->longs[i]);
      fail (self, error, "The server offers no RSA key we trust (fingerprints: %s)",
            list->len > 0 ? list->str : "none");
      g_string_free (list, TRUE);
      return NULL;
    }

  if (!bytes_to_u64 (&res->pq, &self->pq))
    {
      fail (self, error, "pq of %" G_GSIZE_FORMAT " bytes", res->pq.len);
      return NULL;
    }
  if (!cvn_pq_factorize (self->pq, &self->p, &self->q, &local_error))
    {
      fail_from (self, error, "Factorising pq", g_steal_pointer (&local_error));
      return NULL;
    }
  if (!cvn_random_bytes (self->new_nonce, sizeof self->new_nonce, error))
    return NULL;

  inner = (CvnTlMtPQInnerDataDc *) cvn_tl_object_new (arena, CVN_TL_MT_P_Q_INNER_DATA_DC_CTOR);
  set_bytes (arena, &inner->pq, res->pq.data, res->pq.len);
  set_bytes_u64 (arena, &inner->p, self->p);
  set_bytes_u64 (arena, &inner->q, self->q);
  memcpy (inner->nonce, self->nonce, 16);
  memcpy (inner->server_nonce, self->server_nonce, 16);
  memcpy (inner->new_nonce, self->new_nonce, 32);
  inner->dc = self->dc_id;
  inner_bytes = cvn_tl_encode (&inner->parent, error);
  if (inner_bytes == NULL)
    return NULL;
  if (!cvn_rsa_pad_encrypt (key, g_bytes_get_data (inner_bytes, NULL),
                            g_bytes_get_size (inner_bytes), encrypted, &local_error))
    {
      fail_from (self, error, "RSA_PAD", g_steal_pointer (&local_error));
      return NULL;
    }

  req = (CvnTlMtReqDHParams *) cvn_tl_object_new (arena, CVN_TL_MT_REQ_DH_PARAMS_CTOR);
  memcpy (req->nonce, self->nonce, 16);
  memcpy (req->server_nonce, self->server_nonce, 16);
  req->p = inner->p;
  req->q = inner->q;
  req->public_key_fingerprint = fingerprint;
  set_bytes (arena, &req->encrypted_data, encrypted, sizeof encrypted);
  self->state = STATE_CLIENT_WAIT_DH_PARAMS;
  return encode_plain (self, &req->parent, now_us, error);
}

/* set_client_DH_params with a fresh b. */
static GBytes *
client_send_dh (CvnMtprotoHandshake *self,
                gint64               now_us,
                GError             **error)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) inner_bytes = NULL;
  CvnTlMtClientDHInnerData *inner;
  CvnTlMtSetClientDHParams *req;
  guint8 g_b[CVN_DH_PRIME_LEN], key[CVN_DH_PRIME_LEN];

  if (!cvn_dh_generate (self->dh_prime, CVN_DH_PRIME_LEN, self->g, self->secret, g_b, &local_error) ||
      !cvn_dh_compute_shared (self->dh_prime, CVN_DH_PRIME_LEN, self->secret, self->g_a,
                              CVN_DH_PRIME_LEN, key, &local_error))
    {
      fail_from (self, error, "Diffie-Hellman", g_steal_pointer (&local_error));
      return NULL;
    }
  cvn_mtproto_auth_key_init (&self->auth_key, key);
  cvn_crypto_wipe (key, sizeof key);

  inner = (CvnTlMtClientDHInnerData *) cvn_tl_object_new (arena, CVN_TL_MT_CLIENT_DH_INNER_DATA_CTOR);
  memcpy (inner->nonce, self->nonce, 16);
  memcpy (inner->server_nonce, self->server_nonce, 16);
  inner->retry_id = self->retry_id;
  set_bytes (arena, &inner->g_b, g_b, sizeof g_b);
  inner_bytes = cvn_tl_encode (&inner->parent, error);
  if (inner_bytes == NULL)
    return NULL;

  req = (CvnTlMtSetClientDHParams *) cvn_tl_object_new (arena, CVN_TL_MT_SET_CLIENT_DH_PARAMS_CTOR);
  memcpy (req->nonce, self->nonce, 16);
  memcpy (req->server_nonce, self->server_nonce, 16);
  if (!encrypt_with_hash (self, inner_bytes, arena, &req->encrypted_data, error))
    return NULL;
  self->state = STATE_CLIENT_WAIT_DH_GEN;
  return encode_plain (self, &req->parent, now_us, error);
}

static GBytes *
client_dh_params (CvnMtprotoHandshake *self,
                  CvnTlObject         *object,
                  gint64               now_us,
                  GError             **error)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) local_error = NULL;
  CvnTlMtServerDHParamsOk *ok;
  CvnTlMtServerDHInnerData *inner;

  if (object->ctor->id != CVN_TL_MT_SERVER_DH_PARAMS_OK_ID)
    {
      fail (self, error, "Expected server_DH_params_ok, got %s", object->ctor->name);
      return NULL;
    }
  ok = (CvnTlMtServerDHParamsOk *) object;
  if (!check_nonces (self, ok->nonce, ok->server_nonce, error))
    return NULL;

  derive_tmp (self);
  inner = (CvnTlMtServerDHInnerData *) decrypt_with_hash (self, &ok->encrypted_answer,
                                                          CVN_TL_MT_SERVER_DH_INNER_DATA_ID,
                                                          arena, error);
  if (inner == NULL)
    return NULL;
  if (!check_nonces (self, inner->nonce, inner->server_nonce, error))
    return NULL;
  if (inner->dh_prime.len != CVN_DH_PRIME_LEN || inner->g_a.len != CVN_DH_PRIME_LEN)
    {
      fail (self, error, "dh_prime of %" G_GSIZE_FORMAT " bytes, g_a of %" G_GSIZE_FORMAT,
            inner->dh_prime.len, inner->g_a.len);
      return NULL;
    }
  if (!cvn_dh_check_params (inner->dh_prime.data, inner->dh_prime.len, inner->g, &local_error) ||
      !cvn_dh_check_public (inner->g_a.data, inner->g_a.len, inner->dh_prime.data,
                            inner->dh_prime.len, &local_error))
    {
      fail_from (self, error, "Diffie-Hellman parameters", g_steal_pointer (&local_error));
      return NULL;
    }
  memcpy (self->dh_prime, inner->dh_prime.data, CVN_DH_PRIME_LEN);
  memcpy (self->g_a, inner->g_a.data, CVN_DH_PRIME_LEN);
  self->g = inner->g;
  self->time_offset = (gint64) inner->server_time * G_USEC_PER_SEC - now_us;
  self->retry_id = 0;
  return client_send_dh (self, now_us, error);
}

static GBytes *
client_dh_gen (CvnMtprotoHandshake *self,
               CvnTlObject         *object,
               gint64               now_us,
               GError             **error)
{
  guint8 expected[16];
  const guint8 *nonce, *server_nonce, *hash;
  guint8 n;

  switch (object->ctor->id)
    {
    case CVN_TL_MT_DH_GEN_OK_ID:
      nonce = ((CvnTlMtDhGenOk *) object)->nonce;
      server_nonce = ((CvnTlMtDhGenOk *) object)->server_nonce;
      hash = ((CvnTlMtDhGenOk *) object)->new_nonce_hash1;
      n = 1;
      break;
    case CVN_TL_MT_DH_GEN_RETRY_ID:
      nonce = ((CvnTlMtDhGenRetry *) object)->nonce;
      server_nonce = ((CvnTlMtDhGenRetry *) object)->server_nonce;
      hash = ((CvnTlMtDhGenRetry *) object)->new_nonce_hash2;
      n = 2;
      break;
    case CVN_TL_MT_DH_GEN_FAIL_ID:
      nonce = ((CvnTlMtDhGenFail *) object)->nonce;
      server_nonce = ((CvnTlMtDhGenFail *) object)->server_nonce;
      hash = ((CvnTlMtDhGenFail *) object)->new_nonce_hash3;
      n = 3;
      break;
    default:
      fail (self, error, "Expected dh_gen_ok/retry/fail, got %s", object->ctor->name);
      return NULL;
    }
  if (!check_nonces (self, nonce, server_nonce, error))
    return NULL;
  new_nonce_hash (self, n, expected);
  if (!cvn_crypto_equal (expected, hash, 16))
    {
      fail (self, error, "new_nonce_hash%u does not match", n);
      return NULL;
    }
  if (n == 3)
    {
      fail (self, error, "The server refused the key (dh_gen_fail)");
      return NULL;
    }
  if (n == 2)
    {
      if (++self->retries > MAX_RETRIES)
        {
          fail (self, error, "Too many dh_gen_retry");
          return NULL;
        }
      self->retry_id = (gint64) self->auth_key.aux_hash;
      return client_send_dh (self, now_us, error);
    }
  self->state = STATE_DONE;
  return NULL;
}

/* --- server ----------------------------------------------------------------- */

static GBytes *
server_req_pq (CvnMtprotoHandshake *self,
               CvnTlObject         *object,
               gint64               now_us,
               GError             **error)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) local_error = NULL;
  CvnTlMtReqPqMulti *req;
  CvnTlMtResPQ *res;

  if (object->ctor->id != CVN_TL_MT_REQ_PQ_MULTI_ID)
    {
      fail (self, error, "Expected req_pq_multi, got %s", object->ctor->name);
      return NULL;
    }
  req = (CvnTlMtReqPqMulti *) object;
  memcpy (self->nonce, req->nonce, 16);
  if (!cvn_random_bytes (self->server_nonce, 16, error))
    return NULL;
  if (!cvn_pq_generate (&self->pq, &self->p, &self->q, &local_error))
    {
      fail_from (self, error, "Generating pq", g_steal_pointer (&local_error));
      return NULL;
    }

  res = (CvnTlMtResPQ *) cvn_tl_object_new (arena, CVN_TL_MT_RES_PQ_CTOR);
  memcpy (res->nonce, self->nonce, 16);
  memcpy (res->server_nonce, self->server_nonce, 16);
  set_bytes_u64 (arena, &res->pq, self->pq);
  res->server_public_key_fingerprints = cvn_tl_vector_new (arena, CVN_TL_KIND_LONG, 1);
  res->server_public_key_fingerprints->longs[0] = (gint64) cvn_rsa_key_get_fingerprint (self->server_key);
  self->state = STATE_SERVER_WAIT_REQ_DH;
  return encode_plain (self, &res->parent, now_us, error);
}

static GBytes *
server_req_dh (CvnMtprotoHandshake *self,
               CvnTlObject         *object,
               gint64               now_us,
               GError             **error)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) inner_bytes = NULL;
  CvnTlMtReqDHParams *req;
  CvnTlMtPQInnerDataDc *inner;
  CvnTlMtServerDHInnerData *answer;
  CvnTlMtServerDHParamsOk *ok;
  CvnTlObject *decoded;
  CvnTlReader reader;
  guint8 padded[CVN_RSA_PAD_PADDED_LEN];
  guint64 p = 0, q = 0, pq = 0;

  if (object->ctor->id != CVN_TL_MT_REQ_DH_PARAMS_ID)
    {
      fail (self, error, "Expected req_DH_params, got %s", object->ctor->name);
      return NULL;
    }
  req = (CvnTlMtReqDHParams *) object;
  if (!check_nonces (self, req->nonce, req->server_nonce, error))
    return NULL;
  if ((guint64) req->public_key_fingerprint != cvn_rsa_key_get_fingerprint (self->server_key))
    {
      fail (self, error, "Unknown RSA fingerprint %016" G_GINT64_MODIFIER "x",
            (guint64) req->public_key_fingerprint);
      return NULL;
    }
  if (!bytes_to_u64 (&req->p, &p) || !bytes_to_u64 (&req->q, &q) || p != self->p || q != self->q)
    {
      fail (self, error, "p and q do not factorise the pq sent");
      return NULL;
    }
  if (!cvn_rsa_pad_decrypt (self->server_key, req->encrypted_data.data, req->encrypted_data.len,
                            padded, &local_error))
    {
      fail_from (self, error, "RSA_PAD", g_steal_pointer (&local_error));
      return NULL;
    }
  cvn_tl_reader_init (&reader, padded, sizeof padded, arena);
  decoded = cvn_tl_reader_get_object (&reader, CVN_TL_ANY, &local_error);
  if (decoded == NULL)
    {
      fail_from (self, error, "Decoding p_q_inner_data", g_steal_pointer (&local_error));
      return NULL;
    }
  if (decoded->ctor->id != CVN_TL_MT_P_Q_INNER_DATA_DC_ID)
    {
      fail (self, error, "Expected p_q_inner_data_dc, got %s", decoded->ctor->name);
      return NULL;
    }
  inner = (CvnTlMtPQInnerDataDc *) decoded;
  if (!check_nonces (self, inner->nonce, inner->server_nonce, error))
    return NULL;
  if (!bytes_to_u64 (&inner->pq, &pq) || pq != self->pq ||
      !bytes_to_u64 (&inner->p, &p) || p != self->p ||
      !bytes_to_u64 (&inner->q, &q) || q != self->q)
    {
      fail (self, error, "p_q_inner_data does not match resPQ");
      return NULL;
    }
  memcpy (self->new_nonce, inner->new_nonce, 32);
  derive_tmp (self);

  if (!cvn_dh_generate (self->dh_prime, CVN_DH_PRIME_LEN, self->g, self->secret, self->g_a,
                        &local_error))
    {
      fail_from (self, error, "Diffie-Hellman", g_steal_pointer (&local_error));
      return NULL;
    }
  answer = (CvnTlMtServerDHInnerData *) cvn_tl_object_new (arena, CVN_TL_MT_SERVER_DH_INNER_DATA_CTOR);
  memcpy (answer->nonce, self->nonce, 16);
  memcpy (answer->server_nonce, self->server_nonce, 16);
  answer->g = self->g;
  set_bytes (arena, &answer->dh_prime, self->dh_prime, CVN_DH_PRIME_LEN);
  set_bytes (arena, &answer->g_a, self->g_a, CVN_DH_PRIME_LEN);
  answer->server_time = (gint32) ((now_us + self->clock_offset) / G_USEC_PER_SEC);
  inner_bytes = cvn_tl_encode (&answer->parent, error);
  if (inner_bytes == NULL)
    return NULL;

  ok = (CvnTlMtServerDHParamsOk *) cvn_tl_object_new (arena, CVN_TL_MT_SERVER_DH_PARAMS_OK_CTOR);
  memcpy (ok->nonce, self->nonce, 16);
  memcpy (ok->server_nonce, self->server_nonce, 16);
  if (!encrypt_with_hash (self, inner_bytes, arena, &ok->encrypted_answer, error))
    return NULL;
  self->state = STATE_SERVER_WAIT_SET_DH;
  return encode_plain (self, &ok->parent, now_us, error);
}

static GBytes *
server_set_dh (CvnMtprotoHandshake *self,
               CvnTlObject         *object,
               gint64               now_us,
               GError             **error)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) local_error = NULL;
  CvnTlMtSetClientDHParams *req;
  CvnTlMtClientDHInnerData *inner;
  CvnTlMtDhGenOk *ok;
  guint8 key[CVN_DH_PRIME_LEN];

  if (object->ctor->id != CVN_TL_MT_SET_CLIENT_DH_PARAMS_ID)
    {
      fail (self, error, "Expected set_client_DH_params, got %s", object->ctor->name);
      return NULL;
    }
  req = (CvnTlMtSetClientDHParams *) object;
  if (!check_nonces (self, req->nonce, req->server_nonce, error))
    return NULL;
  inner = (CvnTlMtClientDHInnerData *) decrypt_with_hash (self, &req->encrypted_data,
                                                          CVN_TL_MT_CLIENT_DH_INNER_DATA_ID,
                                                          arena, error);
  if (inner == NULL)
    return NULL;
  if (!check_nonces (self, inner->nonce, inner->server_nonce, error))
    return NULL;
  if (inner->retry_id != 0)
    {
      fail (self, error, "retry_id %" G_GINT64_FORMAT " without a dh_gen_retry", inner->retry_id);
      return NULL;
    }
  if (!cvn_dh_compute_shared (self->dh_prime, CVN_DH_PRIME_LEN, self->secret, inner->g_b.data,
                              inner->g_b.len, key, &local_error))
    {
      fail_from (self, error, "g_b", g_steal_pointer (&local_error));
      return NULL;
    }
  cvn_mtproto_auth_key_init (&self->auth_key, key);
  cvn_crypto_wipe (key, sizeof key);

  ok = (CvnTlMtDhGenOk *) cvn_tl_object_new (arena, CVN_TL_MT_DH_GEN_OK_CTOR);
  memcpy (ok->nonce, self->nonce, 16);
  memcpy (ok->server_nonce, self->server_nonce, 16);
  new_nonce_hash (self, 1, ok->new_nonce_hash1);
  self->state = STATE_DONE;
  return encode_plain (self, &ok->parent, now_us, error);
}

gboolean
cvn_mtproto_handshake_receive (CvnMtprotoHandshake  *self,
                               const guint8         *data,
                               gsize                 len,
                               gboolean              transport_padding,
                               gint64                now_us,
                               GBytes              **reply,
                               GError              **error)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local_error = NULL;
  CvnTlObject *object;
  gint64 msg_id = 0;
  GBytes *out = NULL;

  g_return_val_if_fail (reply != NULL, FALSE);
  *reply = NULL;

  if (self->state == STATE_FAILED || self->state == STATE_DONE || self->state == STATE_CLIENT_INIT)
    {
      g_set_error_literal (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_AUTH_KEY,
                           "The key exchange expects no message now");
      return FALSE;
    }
  if (!cvn_mtproto_plain_decode (data, len, transport_padding, &msg_id, &body, &local_error))
    return fail_from (self, error, "Key exchange message", g_steal_pointer (&local_error));
  /* A client's msg_ids are divisible by 4, a server's odd. Their time is not checked here:
   * the key exchange is how a client learns the server's clock. */
  if (self->role == CVN_MTPROTO_ROLE_SERVER ? (msg_id & 3) != 0 : (msg_id & 1) == 0)
    return fail (self, error, "msg_id %" G_GINT64_FORMAT " has the wrong parity", msg_id);

  object = cvn_tl_decode (g_bytes_get_data (body, NULL), g_bytes_get_size (body), arena,
                          &local_error);
  if (object == NULL)
    return fail_from (self, error, "Key exchange message", g_steal_pointer (&local_error));

  switch (self->state)
    {
    case STATE_CLIENT_WAIT_RES_PQ:
      out = client_res_pq (self, object, now_us, error);
      break;
    case STATE_CLIENT_WAIT_DH_PARAMS:
      out = client_dh_params (self, object, now_us, error);
      break;
    case STATE_CLIENT_WAIT_DH_GEN:
      out = client_dh_gen (self, object, now_us, error);
      if (self->state == STATE_DONE)
        return TRUE;
      break;
    case STATE_SERVER_WAIT_REQ_PQ:
      out = server_req_pq (self, object, now_us, error);
      break;
    case STATE_SERVER_WAIT_REQ_DH:
      out = server_req_dh (self, object, now_us, error);
      break;
    case STATE_SERVER_WAIT_SET_DH:
      out = server_set_dh (self, object, now_us, error);
      break;
    case STATE_CLIENT_INIT:
    case STATE_DONE:
    case STATE_FAILED:
    default:
      g_assert_not_reached ();
    }
  if (out == NULL)
    {
      self->state = STATE_FAILED;
      return FALSE;
    }
  *reply = out;
  return TRUE;
}
