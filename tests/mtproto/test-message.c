/* test-message.c: MTProto 2.0 message encryption, unencrypted messages, msg_id, seqno and
 * replay checks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-aes.h"
#include "cvn-hash.h"
#include "cvn-mtproto-error.h"
#include "cvn-mtproto-message.h"
#include "cvn-mtproto-message-private.h"

#include <string.h>

static void
make_key (CvnMtprotoAuthKey *key,
          guint8             seed)
{
  guint8 data[CVN_MTPROTO_AUTH_KEY_LEN];

  for (gsize i = 0; i < sizeof data; i++)
    data[i] = (guint8) (i * 7 + seed);
  cvn_mtproto_auth_key_init (key, data);
}

/* auth_key_id and aux_hash are the low and high 64 bits of SHA1 (key). */
static void
test_auth_key_id (void)
{
  CvnMtprotoAuthKey key;
  guint8 sha[20];
  guint64 lo = 0, hi = 0;

  make_key (&key, 1);
  cvn_sha1 (key.key, 256, sha);
  for (int i = 7; i >= 0; i--)
    {
      lo = lo << 8 | sha[12 + i];
      hi = hi << 8 | sha[i];
    }
  g_assert_cmphex (key.id, ==, lo);
  g_assert_cmphex (key.aux_hash, ==, hi);
  cvn_mtproto_auth_key_clear (&key);
  g_assert_cmphex (key.id, ==, 0);
}

/* The KDF and msg_key, recomputed here from the documentation for one message. */
static void
test_kdf (void)
{
  g_autoptr(GError) error = NULL;
  CvnMtprotoAuthKey key;
  guint8 body[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
  g_autoptr(GBytes) msg = NULL;
  const guint8 *wire;
  gsize len;

  make_key (&key, 9);
  for (int role = 0; role < 2; role++)
    {
      int x = role == CVN_MTPROTO_ROLE_CLIENT ? 0 : 8;
      guint8 a[32], b[32], aes_key[32], aes_iv[32], large[32];
      g_autofree guint8 *plain = NULL;

      g_clear_pointer (&msg, g_bytes_unref);
      msg = cvn_mtproto_message_encrypt (&key, role, 0x1122334455667788, 42, 0x5000000000000004,
                                         1, body, sizeof body, NULL, &error);
      g_assert_no_error (error);
      wire = g_bytes_get_data (msg, &len);
      g_assert_cmpuint ((len - 24) % 16, ==, 0);

      cvn_sha256_v (a, wire + 8, (gsize) 16, key.key + x, (gsize) 36, NULL);
      cvn_sha256_v (b, key.key + 40 + x, (gsize) 36, wire + 8, (gsize) 16, NULL);
      memcpy (aes_key, a, 8);
      memcpy (aes_key + 8, b + 8, 16);
      memcpy (aes_key + 24, a + 24, 8);
      memcpy (aes_iv, b, 8);
      memcpy (aes_iv + 8, a + 8, 16);
      memcpy (aes_iv + 24, b + 24, 8);
      plain = g_malloc (len - 24);
      g_assert_true (cvn_aes_ige_decrypt (aes_key, aes_iv, wire + 24, plain, len - 24, &error));
      /* salt, session_id, msg_id, seqno, length, body */
      g_assert_cmpuint (plain[0], ==, 0x88);
      g_assert_cmpuint (plain[8], ==, 42);
      g_assert_cmpuint (plain[23], ==, 0x50);
      g_assert_cmpuint (plain[24], ==, 1);
      g_assert_cmpuint (plain[28], ==, 8);
      g_assert_cmpmem (plain + 32, 8, body, 8);
      g_assert_cmpuint (len - 24 - 40, >=, 12);
      g_assert_cmpuint (len - 24 - 40, <=, 1024);
      cvn_sha256_v (large, key.key + 88 + x, (gsize) 32, plain, len - 24, NULL);
      g_assert_cmpmem (large + 8, 16, wire + 8, 16);
    }
}

static void
test_roundtrip (void)
{
  CvnMtprotoAuthKey key;

  make_key (&key, 3);
  for (gsize len = 4; len < 3000; len += 52)
    for (int role = 0; role < 2; role++)
      {
        g_autoptr(GError) error = NULL;
        g_autofree guint8 *body = g_malloc (len);
        g_autoptr(GBytes) msg = NULL;
        g_auto(CvnMtprotoMessage) out = { 0 };
        guint32 token = 0;

        for (gsize i = 0; i < len; i++)
          body[i] = (guint8) (i ^ len);
        msg = cvn_mtproto_message_encrypt (&key, role, -5, G_MININT64 + 1, 0x6000000000000000 + len * 4,
                                           (gint32) len, body, len, &token, &error);
        g_assert_no_error (error);
        g_assert_true (cvn_mtproto_message_decrypt (&key, role, g_bytes_get_data (msg, NULL),
                                                    g_bytes_get_size (msg), FALSE, &out, &error));
        g_assert_no_error (error);
        g_assert_cmpint (out.salt, ==, -5);
        g_assert_cmpint (out.session_id, ==, G_MININT64 + 1);
        g_assert_cmpint (out.msg_id, ==, 0x6000000000000000 + len * 4);
        g_assert_cmpint (out.seqno, ==, (gint32) len);
        g_assert_cmpmem (g_bytes_get_data (out.body, NULL), g_bytes_get_size (out.body), body, len);
        g_assert_cmphex (out.quick_ack_token, ==, token);
        g_assert_cmphex (token & 0x80000000u, !=, 0);

        /* The other role's x: msg_key does not match. */
        cvn_mtproto_message_clear (&out);
        g_assert_false (cvn_mtproto_message_decrypt (&key, !role, g_bytes_get_data (msg, NULL),
                                                     g_bytes_get_size (msg), FALSE, &out, &error));
        g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY);
      }
}

/* Every single bit flip anywhere in the message is refused. */
static void
test_tamper (void)
{
  CvnMtprotoAuthKey key;
  g_autoptr(GError) error = NULL;
  guint8 body[64];
  g_autoptr(GBytes) msg = NULL;
  g_autofree guint8 *copy = NULL;
  gsize len;

  make_key (&key, 4);
  memset (body, 0x42, sizeof body);
  msg = cvn_mtproto_message_encrypt (&key, CVN_MTPROTO_ROLE_SERVER, 1, 2, 3, 4, body, sizeof body,
                                     NULL, &error);
  copy = g_bytes_unref_to_data (g_steal_pointer (&msg), &len);
  for (gsize i = 0; i < len * 8; i += 3)
    {
      g_auto(CvnMtprotoMessage) out = { 0 };

      copy[i / 8] ^= 1 << (i % 8);
      g_assert_false (cvn_mtproto_message_decrypt (&key, CVN_MTPROTO_ROLE_SERVER, copy, len,
                                                   FALSE, &out, &error));
      g_assert_true (g_error_matches (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY));
      g_clear_error (&error);
      copy[i / 8] ^= 1 << (i % 8);
    }
  /* Truncated, and with transport padding when not allowed. */
  {
    g_auto(CvnMtprotoMessage) out = { 0 };
    g_autofree guint8 *longer = g_malloc0 (len + 5);

    g_assert_false (cvn_mtproto_message_decrypt (&key, CVN_MTPROTO_ROLE_SERVER, copy, len - 16,
                                                 FALSE, &out, &error));
    g_assert_nonnull (error);
    g_clear_error (&error);
    g_assert_false (cvn_mtproto_message_decrypt (&key, CVN_MTPROTO_ROLE_SERVER, copy, 20,
                                                 FALSE, &out, &error));
    g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL);
    g_clear_error (&error);
    memcpy (longer, copy, len);
    g_assert_false (cvn_mtproto_message_decrypt (&key, CVN_MTPROTO_ROLE_SERVER, longer, len + 5,
                                                 FALSE, &out, &error));
    g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL);
    g_clear_error (&error);
    g_assert_true (cvn_mtproto_message_decrypt (&key, CVN_MTPROTO_ROLE_SERVER, longer, len + 5,
                                                TRUE, &out, &error));
    g_assert_no_error (error);
  }
  /* Another key. */
  {
    CvnMtprotoAuthKey other;
    g_auto(CvnMtprotoMessage) out = { 0 };

    make_key (&other, 5);
    g_assert_false (cvn_mtproto_message_decrypt (&other, CVN_MTPROTO_ROLE_SERVER, copy, len,
                                                 FALSE, &out, &error));
    g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY);
    g_assert_nonnull (strstr (error->message, "auth key"));
  }
}

static GBytes *
raw_message (const CvnMtprotoAuthKey *key,
             gsize                    data_len_field,
             gsize                    total)
{
  g_autofree guint8 *plain = g_malloc0 (total);
  GBytes *msg;

  plain[28] = data_len_field & 0xff;
  plain[29] = (data_len_field >> 8) & 0xff;
  msg = cvn_mtproto_message_encrypt_raw (key, CVN_MTPROTO_ROLE_CLIENT, plain, total, NULL);
  g_assert_nonnull (msg);
  return msg;
}

/* Correct msg_key, wrong inner lengths: padding bounds and message_data_length. */
static void
test_padding_bounds (void)
{
  static const struct { gsize field, total; gboolean ok; } cases[] = {
    { 4, 48, TRUE },       /* 12 bytes of padding */
    { 8, 48, FALSE },      /* 8 */
    { 4, 32 + 4 + 1024, FALSE }, /* total not whole blocks: adjusted below */
    { 16, 32 + 16 + 1024, TRUE },
    { 16, 32 + 16 + 1040, FALSE },
    { 6, 48, FALSE },      /* not a multiple of 4 */
    { 4000, 48, FALSE },   /* longer than the message */
    { 0, 48, FALSE },      /* empty */
  };
  CvnMtprotoAuthKey key;

  make_key (&key, 6);
  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) msg = NULL;
      g_auto(CvnMtprotoMessage) out = { 0 };
      gsize total = cases[i].total & ~(gsize) 15;

      if (i == 2)
        total = 32 + 4 + 1036;  /* 1036 bytes of padding, whole blocks */
      g_assert_cmpuint (total % 16, ==, 0);
      msg = raw_message (&key, cases[i].field, total);
      g_assert_cmpint (cvn_mtproto_message_decrypt (&key, CVN_MTPROTO_ROLE_CLIENT,
                                                    g_bytes_get_data (msg, NULL),
                                                    g_bytes_get_size (msg), FALSE, &out, &error),
                       ==, cases[i].ok);
      if (!cases[i].ok)
        g_assert_nonnull (error);
    }
}

static void
test_plain (void)
{
  g_autoptr(GError) error = NULL;
  guint8 body[12] = { 0xf1, 0x8e, 0x7e, 0xbe, 1, 2, 3, 4, 5, 6, 7, 8 };
  g_autoptr(GBytes) msg = cvn_mtproto_plain_encode (0x51e57ac42770964a, body, sizeof body);
  g_autoptr(GBytes) out = NULL;
  const guint8 *wire = g_bytes_get_data (msg, NULL);
  guint8 padded[64];
  gint64 msg_id = 0;

  /* Layout of the documentation's example: zero key id, msg_id, length, body. */
  g_assert_cmpuint (g_bytes_get_size (msg), ==, 32);
  for (int i = 0; i < 8; i++)
    g_assert_cmpuint (wire[i], ==, 0);
  g_assert_cmpuint (wire[8], ==, 0x4a);
  g_assert_cmpuint (wire[15], ==, 0x51);
  g_assert_cmpuint (wire[16], ==, 12);

  g_assert_true (cvn_mtproto_plain_decode (wire, 32, FALSE, &msg_id, &out, &error));
  g_assert_cmpint (msg_id, ==, 0x51e57ac42770964a);
  g_assert_cmpmem (g_bytes_get_data (out, NULL), g_bytes_get_size (out), body, sizeof body);

  memset (padded, 0xaa, sizeof padded);
  memcpy (padded, wire, 32);
  g_assert_false (cvn_mtproto_plain_decode (padded, 35, FALSE, NULL, NULL, &error));
  g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL);
  g_clear_error (&error);
  g_assert_true (cvn_mtproto_plain_decode (padded, 35, TRUE, NULL, NULL, &error));
  g_assert_false (cvn_mtproto_plain_decode (padded, 48, TRUE, NULL, NULL, &error));
  g_clear_error (&error);
  g_assert_false (cvn_mtproto_plain_decode (wire, 31, FALSE, NULL, NULL, &error));
  g_clear_error (&error);
  padded[3] = 1;  /* a key id */
  g_assert_false (cvn_mtproto_plain_decode (padded, 32, FALSE, NULL, NULL, &error));
  g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL);
}

static void
test_msg_id (void)
{
  CvnMtprotoMsgIdGen client = { 0 }, server = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 now = G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC + 123456;
  gint64 prev = 0;

  for (int i = 0; i < 1000; i++)
    {
      gint64 id = cvn_mtproto_msg_id_next (&client, now, CVN_MTPROTO_ROLE_CLIENT, FALSE);

      g_assert_cmpint (id % 4, ==, 0);
      g_assert_cmpint (id, >, prev);
      g_assert_cmpint (cvn_mtproto_msg_id_get_time (id), ==, 1700000000);
      prev = id;
    }
  for (int i = 0; i < 100; i++)
    {
      gint64 r = cvn_mtproto_msg_id_next (&server, now, CVN_MTPROTO_ROLE_SERVER, TRUE);
      gint64 o = cvn_mtproto_msg_id_next (&server, now, CVN_MTPROTO_ROLE_SERVER, FALSE);

      g_assert_cmpint (r % 4, ==, 1);
      g_assert_cmpint (o % 4, ==, 3);
      g_assert_cmpint (o, >, r);
      g_assert_true (cvn_mtproto_msg_id_check (r, CVN_MTPROTO_ROLE_SERVER, now, 0, &error));
      g_assert_true (cvn_mtproto_msg_id_check (o, CVN_MTPROTO_ROLE_SERVER, now, 0, &error));
    }
  /* Parity. */
  g_assert_false (cvn_mtproto_msg_id_check (prev + 1, CVN_MTPROTO_ROLE_CLIENT, now, 0, &error));
  g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY);
  g_clear_error (&error);
  g_assert_false (cvn_mtproto_msg_id_check (prev, CVN_MTPROTO_ROLE_SERVER, now, 0, &error));
  g_clear_error (&error);
  /* The window: 300 s back, 30 s ahead. */
  g_assert_true (cvn_mtproto_msg_id_check (prev, CVN_MTPROTO_ROLE_CLIENT,
                                           now + 299 * G_USEC_PER_SEC, 0, &error));
  g_assert_false (cvn_mtproto_msg_id_check (prev, CVN_MTPROTO_ROLE_CLIENT,
                                            now + 302 * G_USEC_PER_SEC, 0, &error));
  g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY);
  g_clear_error (&error);
  g_assert_true (cvn_mtproto_msg_id_check (prev, CVN_MTPROTO_ROLE_CLIENT,
                                           now - 29 * G_USEC_PER_SEC, 0, &error));
  g_assert_false (cvn_mtproto_msg_id_check (prev, CVN_MTPROTO_ROLE_CLIENT,
                                            now - 32 * G_USEC_PER_SEC, 0, &error));
  g_clear_error (&error);

  /* A client ten minutes slow syncs to the server and then generates server time. */
  {
    CvnMtprotoMsgIdGen skewed = { 0 };
    gint64 local = now - 600 * G_USEC_PER_SEC;
    gint64 sid = cvn_mtproto_msg_id_next (&server, now, CVN_MTPROTO_ROLE_SERVER, TRUE);
    gint64 id;

    id = cvn_mtproto_msg_id_next (&skewed, local, CVN_MTPROTO_ROLE_CLIENT, FALSE);
    g_assert_false (cvn_mtproto_msg_id_check (id, CVN_MTPROTO_ROLE_CLIENT, now, 0, &error));
    g_clear_error (&error);
    cvn_mtproto_msg_id_sync (&skewed, local, sid);
    g_assert_cmpint (ABS (skewed.offset_us - 600 * G_USEC_PER_SEC), <, 2000);
    id = cvn_mtproto_msg_id_next (&skewed, local + 1000, CVN_MTPROTO_ROLE_CLIENT, FALSE);
    g_assert_cmpint (id % 4, ==, 0);
    g_assert_true (cvn_mtproto_msg_id_check (id, CVN_MTPROTO_ROLE_CLIENT, now, 0, &error));
    g_assert_cmpint (ABS (cvn_mtproto_msg_id_get_time (id) - 1700000000), <=, 1);
  }
}

static void
test_seqno (void)
{
  guint32 count = 0;

  g_assert_cmpint (cvn_mtproto_seqno_next (&count, FALSE), ==, 0);
  g_assert_cmpint (cvn_mtproto_seqno_next (&count, TRUE), ==, 1);
  g_assert_cmpint (cvn_mtproto_seqno_next (&count, TRUE), ==, 3);
  g_assert_cmpint (cvn_mtproto_seqno_next (&count, FALSE), ==, 4);
  g_assert_cmpint (cvn_mtproto_seqno_next (&count, TRUE), ==, 5);
  g_assert_cmpuint (count, ==, 3);
}

static void
test_replay (void)
{
  g_autoptr(CvnMtprotoReplayGuard) guard = cvn_mtproto_replay_guard_new (16);
  g_autoptr(GError) error = NULL;

  for (gint64 id = 100; id < 200; id += 4)
    {
      g_assert_true (cvn_mtproto_replay_guard_check (guard, id, &error));
      g_assert_false (cvn_mtproto_replay_guard_check (guard, id, &error));
      g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY);
      g_clear_error (&error);
    }
  g_assert_cmpuint (cvn_mtproto_replay_guard_get_size (guard), ==, 16);
  /* Forgotten ids are refused as too old, and so is anything below them. */
  g_assert_false (cvn_mtproto_replay_guard_check (guard, 100, &error));
  g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY);
  g_clear_error (&error);
  g_assert_false (cvn_mtproto_replay_guard_check (guard, 101, &error));
  g_clear_error (&error);
  /* Out of order but newer than what was forgotten: accepted once. */
  g_assert_true (cvn_mtproto_replay_guard_check (guard, 198, &error));
  g_assert_false (cvn_mtproto_replay_guard_check (guard, 198, &error));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mtproto/message/auth-key-id", test_auth_key_id);
  g_test_add_func ("/mtproto/message/kdf", test_kdf);
  g_test_add_func ("/mtproto/message/roundtrip", test_roundtrip);
  g_test_add_func ("/mtproto/message/tamper", test_tamper);
  g_test_add_func ("/mtproto/message/padding-bounds", test_padding_bounds);
  g_test_add_func ("/mtproto/message/plain", test_plain);
  g_test_add_func ("/mtproto/message/msg-id", test_msg_id);
  g_test_add_func ("/mtproto/message/seqno", test_seqno);
  g_test_add_func ("/mtproto/message/replay", test_replay);

  return g_test_run ();
}
