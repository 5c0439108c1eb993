/* test-session.c: sessions (containers, gzip, refusals) and the client's handling of every
 * service message, against a scripted server on a socketpair.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-hash.h"
#include "cvn-mtproto-client-private.h"
#include "cvn-mtproto-error.h"
#include "cvn-mtproto-session.h"
#include "cvn-test-wait.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define WAIT_MS 10000
#define SALT G_GINT64_CONSTANT (0x5555aaaa5555aaaa)

static void
make_key (CvnMtprotoAuthKey *key)
{
  guint8 raw[CVN_MTPROTO_AUTH_KEY_LEN];

  for (gsize i = 0; i < sizeof raw; i++)
    raw[i] = (guint8) (i * 29 + 3);
  cvn_mtproto_auth_key_init (key, raw);
}

static GBytes *
tl_bytes (const CvnTlObject *object)
{
  g_autoptr(GError) error = NULL;
  GBytes *bytes = cvn_tl_encode (object, &error);

  g_assert_no_error (error);
  return bytes;
}

/* --- pure session tests ------------------------------------------------------------ */

static CvnMtprotoInMessage *
in_message (gint64  msg_id,
            gint32  seqno,
            GBytes *body)
{
  CvnMtprotoInMessage *m = g_new0 (CvnMtprotoInMessage, 1);

  m->msg_id = msg_id;
  m->seqno = seqno;
  m->body = g_bytes_ref (body);
  return m;
}

static GBytes *
ping_body (gint64 id)
{
  guint8 b[12];

  b[0] = 0xec; b[1] = 0x77; b[2] = 0xbe; b[3] = 0x7a;
  for (int i = 0; i < 8; i++)
    b[4 + i] = (guint8) (id >> (8 * i));
  return g_bytes_new (b, sizeof b);
}

/* Client packs a container; the server session unpacks it, refuses replays, marks
 * duplicates, and refuses messages for another session. */
static void
test_container_roundtrip (void)
{
  CvnMtprotoAuthKey key;
  g_autoptr(CvnMtprotoSession) client = NULL;
  g_autoptr(CvnMtprotoSession) server = NULL;
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_in_message_free);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_in_message_free);
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(CvnMtprotoMessage) message = { 0 };
  CvnMtprotoRejection rejection;
  gint64 now = g_get_real_time ();

  make_key (&key);
  client = cvn_mtproto_session_new (CVN_MTPROTO_ROLE_CLIENT, &key, 77, SALT);
  server = cvn_mtproto_session_new (CVN_MTPROTO_ROLE_SERVER, &key, 0, SALT);
  for (int i = 0; i < 3; i++)
    {
      g_autoptr(GBytes) body = ping_body (i);

      g_ptr_array_add (batch, in_message (cvn_mtproto_session_next_msg_id (client, now, FALSE),
                                          cvn_mtproto_session_next_seqno (client, TRUE), body));
    }
  packed = cvn_mtproto_session_pack (client, batch, now, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cvn_mtproto_message_decrypt (&key, CVN_MTPROTO_ROLE_CLIENT, g_bytes_get_data (packed, NULL),
                                              g_bytes_get_size (packed), FALSE, &message, &error));
  g_assert_cmpuint (cvn_mtproto_body_get_id (message.body), ==, CVN_TL_MT_MSG_CONTAINER_ID);
  g_assert_cmpint (message.seqno % 2, ==, 0);
  g_assert_true (cvn_mtproto_session_accept (server, &message, now, out, &rejection, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (out->len, ==, 3);
  g_assert_cmpint (cvn_mtproto_session_get_id (server), ==, 77);
  for (guint i = 0; i < 3; i++)
    {
      CvnMtprotoInMessage *m = out->pdata[i];

      g_assert_cmpint (m->msg_id, ==, ((CvnMtprotoInMessage *) batch->pdata[i])->msg_id);
      g_assert_cmpint (m->seqno, ==, 2 * (gint) i + 1);
      g_assert_false (m->duplicate);
    }

  /* The same message again: the container is a replay. */
  g_ptr_array_set_size (out, 0);
  g_assert_false (cvn_mtproto_session_accept (server, &message, now, out, &rejection, &error));
  g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_SECURITY);
  g_assert_cmpint (rejection, ==, CVN_MTPROTO_REJECT_REPLAY);
  g_clear_error (&error);

  /* One inner message sent again alone: a server marks it as a duplicate (a resend). */
  {
    g_auto(CvnMtprotoMessage) single = { 0 };
    CvnMtprotoInMessage *first = batch->pdata[0];
    g_autoptr(GBytes) again = cvn_mtproto_message_encrypt (&key, CVN_MTPROTO_ROLE_CLIENT, SALT, 77,
                                                           first->msg_id, first->seqno,
                                                           g_bytes_get_data (first->body, NULL),
                                                           g_bytes_get_size (first->body), NULL, &error);

    g_assert_true (cvn_mtproto_message_decrypt (&key, CVN_MTPROTO_ROLE_CLIENT, g_bytes_get_data (again, NULL),
                                                g_bytes_get_size (again), FALSE, &single, &error));
    g_assert_true (cvn_mtproto_session_accept (server, &single, now, out, &rejection, &error));
    g_assert_cmpuint (out->len, ==, 1);
    g_assert_true (((CvnMtprotoInMessage *) out->pdata[0])->duplicate);

    /* The same for a client is a replay, refused. */
    {
      g_autoptr(CvnMtprotoSession) c2 = cvn_mtproto_session_new (CVN_MTPROTO_ROLE_CLIENT, &key, 77, SALT);
      g_autoptr(GPtrArray) o2 = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_in_message_free);
      gint64 sid = 0;
      g_autoptr(GBytes) body = ping_body (9);
      g_auto(CvnMtprotoMessage) from_server = { 0 };
      g_autoptr(CvnMtprotoSession) s2 = cvn_mtproto_session_new (CVN_MTPROTO_ROLE_SERVER, &key, 77, SALT);
      g_autoptr(GBytes) enc = NULL;

      sid = cvn_mtproto_session_next_msg_id (s2, now, TRUE);
      enc = cvn_mtproto_message_encrypt (&key, CVN_MTPROTO_ROLE_SERVER, SALT, 77, sid, 1,
                                         g_bytes_get_data (body, NULL), g_bytes_get_size (body), NULL, &error);
      g_assert_true (cvn_mtproto_message_decrypt (&key, CVN_MTPROTO_ROLE_SERVER, g_bytes_get_data (enc, NULL),
                                                  g_bytes_get_size (enc), FALSE, &from_server, &error));
      g_assert_true (cvn_mtproto_session_accept (c2, &from_server, now, o2, &rejection, &error));
      g_assert_false (cvn_mtproto_session_accept (c2, &from_server, now, o2, &rejection, &error));
      g_assert_cmpint (rejection, ==, CVN_MTPROTO_REJECT_REPLAY);
      g_assert_cmpuint (cvn_mtproto_session_get_rejections (c2, CVN_MTPROTO_REJECT_REPLAY), ==, 1);
      g_clear_error (&error);

      /* Another session id. */
      {
        g_autoptr(CvnMtprotoSession) c3 = cvn_mtproto_session_new (CVN_MTPROTO_ROLE_CLIENT, &key, 78, SALT);

        g_assert_false (cvn_mtproto_session_accept (c3, &from_server, now, o2, &rejection, &error));
        g_assert_cmpint (rejection, ==, CVN_MTPROTO_REJECT_SESSION_ID);
        g_clear_error (&error);
      }
      /* Out of the window, and wrong parity. */
      {
        g_autoptr(CvnMtprotoSession) c4 = cvn_mtproto_session_new (CVN_MTPROTO_ROLE_CLIENT, &key, 77, SALT);

        g_assert_false (cvn_mtproto_session_accept (c4, &from_server, now + 400 * G_USEC_PER_SEC, o2,
                                                    &rejection, &error));
        g_assert_cmpint (rejection, ==, CVN_MTPROTO_REJECT_MSG_ID_TOO_LOW);
        g_assert_cmpint (cvn_mtproto_rejection_to_bad_msg_code (rejection), ==, 16);
        g_clear_error (&error);
        g_assert_false (cvn_mtproto_session_accept (c4, &from_server, now - 60 * G_USEC_PER_SEC, o2,
                                                    &rejection, &error));
        g_assert_cmpint (rejection, ==, CVN_MTPROTO_REJECT_MSG_ID_TOO_HIGH);
        g_assert_cmpint (cvn_mtproto_rejection_to_bad_msg_code (rejection), ==, 17);
        g_clear_error (&error);
        from_server.msg_id &= ~(gint64) 3;
        g_assert_false (cvn_mtproto_session_accept (c4, &from_server, now, o2, &rejection, &error));
        g_assert_cmpint (rejection, ==, CVN_MTPROTO_REJECT_MSG_ID_PARITY);
        g_assert_cmpint (cvn_mtproto_rejection_to_bad_msg_code (rejection), ==, 18);
        g_clear_error (&error);
      }
      (void) sid;
    }
  }
}

/* Containers that break the rules. */
static void
test_bad_containers (void)
{
  CvnMtprotoAuthKey key;
  gint64 now = g_get_real_time ();
  CvnMtprotoMsgIdGen ids = { 0 };
  struct { const char *what; int kind; } cases[] = {
    { "nested", 0 }, { "inner newer than the container", 1 }, { "truncated", 2 },
    { "trailing bytes", 3 }, { "huge count", 4 }, { "inner length not a multiple of 4", 5 },
  };

  make_key (&key);
  for (gsize c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(CvnMtprotoSession) server = cvn_mtproto_session_new (CVN_MTPROTO_ROLE_SERVER, &key, 0, SALT);
      g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_in_message_free);
      g_autoptr(GError) error = NULL;
      CvnTlWriter w;
      CvnMtprotoMessage message = { 0 };
      CvnMtprotoRejection rejection;
      gint64 inner_id = cvn_mtproto_msg_id_next (&ids, now, CVN_MTPROTO_ROLE_CLIENT, FALSE);
      gint64 outer_id = cvn_mtproto_msg_id_next (&ids, now, CVN_MTPROTO_ROLE_CLIENT, FALSE);

      cvn_tl_writer_init (&w);
      cvn_tl_writer_put_int (&w, (gint32) CVN_TL_MT_MSG_CONTAINER_ID);
      cvn_tl_writer_put_int (&w, cases[c].kind == 4 ? 100000 : 1);
      cvn_tl_writer_put_long (&w, cases[c].kind == 1 ? outer_id + 4 : inner_id);
      cvn_tl_writer_put_int (&w, 1);
      if (cases[c].kind == 0)
        {
          cvn_tl_writer_put_int (&w, 8);
          cvn_tl_writer_put_int (&w, (gint32) CVN_TL_MT_MSG_CONTAINER_ID);
          cvn_tl_writer_put_int (&w, 0);
        }
      else if (cases[c].kind == 2)
        {
          cvn_tl_writer_put_int (&w, 12);
          cvn_tl_writer_put_int (&w, 0x7abe77ec);
        }
      else if (cases[c].kind == 5)
        {
          cvn_tl_writer_put_int (&w, 6);
          cvn_tl_writer_put_int (&w, 0x7abe77ec);
          cvn_tl_writer_put_int (&w, 0);
        }
      else
        {
          cvn_tl_writer_put_int (&w, 12);
          cvn_tl_writer_put_int (&w, 0x7abe77ec);
          cvn_tl_writer_put_long (&w, 1);
        }
      if (cases[c].kind == 3)
        cvn_tl_writer_put_int (&w, 0);
      message.session_id = 5;
      message.msg_id = outer_id;
      message.body = cvn_tl_writer_free_to_bytes (&w);
      g_assert_false (cvn_mtproto_session_accept (server, &message, now, out, &rejection, &error));
      g_assert_cmpint (rejection, ==, CVN_MTPROTO_REJECT_CONTAINER);
      g_assert_cmpint (cvn_mtproto_rejection_to_bad_msg_code (rejection), ==, 64);
      g_assert_cmpuint (out->len, ==, 0);
      g_test_message ("refused: %s (%s)", cases[c].what, error->message);
      cvn_mtproto_message_clear (&message);
    }
}

static void
test_gzip (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *data = g_malloc (100000);
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(GBytes) back = NULL;

  for (gsize i = 0; i < 100000; i++)
    data[i] = (guint8) (i % 7);
  packed = cvn_mtproto_gzip_pack (data, 100000);
  g_assert_cmpuint (g_bytes_get_size (packed), <, 2000);
  g_assert_cmpuint (cvn_mtproto_body_get_id (packed), ==, CVN_TL_MT_GZIP_PACKED_ID);
  back = cvn_mtproto_gzip_unpack (g_bytes_get_data (packed, NULL), g_bytes_get_size (packed), 1 << 20, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (back, NULL), g_bytes_get_size (back), data, 100000);

  /* A bomb: refused past the bound. */
  g_assert_null (cvn_mtproto_gzip_unpack (g_bytes_get_data (packed, NULL), g_bytes_get_size (packed), 4096, &error));
  g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL);
  g_clear_error (&error);
  /* Damaged stream. */
  {
    g_autofree guint8 *bad = g_memdup2 (g_bytes_get_data (packed, NULL), g_bytes_get_size (packed));

    bad[g_bytes_get_size (packed) / 2] ^= 0xff;
    bad[g_bytes_get_size (packed) / 2 + 1] ^= 0xff;
    g_assert_null (cvn_mtproto_gzip_unpack (bad, g_bytes_get_size (packed), 1 << 20, &error));
    g_assert_nonnull (error);
  }
}

/* --- the client against a scripted server ------------------------------------------ */

typedef struct
{
  CvnMtprotoAuthKey     key;
  CvnMtprotoClient     *client;
  int                   peer;
  CvnMtprotoCodec      *codec;     /* server side of the transport */
  CvnMtprotoSession    *server;    /* for msg_ids and seqnos of what we send */
  GPtrArray            *updates;
} Harness;

typedef struct
{
  gint64  session_id;
  gint64  salt;
  gint64  msg_id;
  GBytes *body;
} Seen;

static void
seen_free (Seen *s)
{
  g_bytes_unref (s->body);
  g_free (s);
}

static void
update_cb (CvnMtprotoClient *client,
           CvnMtprotoResult *update,
           Harness          *h)
{
  g_ptr_array_add (h->updates, cvn_mtproto_result_ref (update));
}

static void
harness_init (Harness *h)
{
  int fds[2];
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  make_key (&h->key);
  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM, 0, fds), ==, 0);
  fcntl (fds[1], F_SETFL, fcntl (fds[1], F_GETFL) | O_NONBLOCK);
  h->peer = fds[1];
  socket = g_socket_new_from_fd (fds[0], NULL);
  conn = g_socket_connection_factory_create_connection (socket);
  h->client = cvn_mtproto_client_new ("127.0.0.1", 1, 2, keys);
  cvn_mtproto_client_attach_stream (h->client, G_IO_STREAM (conn), &h->key, 1000, SALT);
  h->codec = cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_SERVER, 0, FALSE, 0, 0);
  h->server = cvn_mtproto_session_new (CVN_MTPROTO_ROLE_SERVER, &h->key, 1000, SALT);
  h->updates = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_result_unref);
  g_signal_connect (h->client, "update", G_CALLBACK (update_cb), h);
}

static void
harness_clear (Harness *h)
{
  cvn_mtproto_client_close (h->client);
  g_clear_object (&h->client);
  close (h->peer);
  cvn_mtproto_codec_free (h->codec);
  cvn_mtproto_session_free (h->server);
  g_ptr_array_unref (h->updates);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

/* Reads what the client sent until a message that is not only acks arrives; returns the
 * messages (containers unpacked). */
static GPtrArray *
harness_receive (Harness *h)
{
  GPtrArray *seen = g_ptr_array_new_with_free_func ((GDestroyNotify) seen_free);
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      guint8 buf[65536];
      gssize n;
      CvnMtprotoFrame frame;
      g_autoptr(GError) error = NULL;

      g_main_context_iteration (NULL, FALSE);
      n = read (h->peer, buf, sizeof buf);
      if (n <= 0)
        {
          g_assert_true (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK));
          g_usleep (1000);
          continue;
        }
      g_assert_true (cvn_mtproto_codec_feed (h->codec, buf, n, &error));
      while (cvn_mtproto_codec_next (h->codec, &frame, &error))
        {
          g_auto(CvnMtprotoMessage) message = { 0 };
          const guint8 *body;
          gsize len;

          g_assert_true (cvn_mtproto_message_decrypt (&h->key, CVN_MTPROTO_ROLE_CLIENT,
                                                      g_bytes_get_data (frame.payload, NULL),
                                                      g_bytes_get_size (frame.payload), FALSE, &message, &error));
          cvn_mtproto_frame_clear (&frame);
          body = g_bytes_get_data (message.body, &len);
          if (cvn_mtproto_body_get_id (message.body) == CVN_TL_MT_MSG_CONTAINER_ID)
            {
              guint32 count = body[4] | body[5] << 8;
              gsize pos = 8;

              for (guint32 i = 0; i < count; i++)
                {
                  Seen *s = g_new0 (Seen, 1);
                  guint32 size = body[pos + 12] | body[pos + 13] << 8 | body[pos + 14] << 16;

                  s->session_id = message.session_id;
                  s->salt = message.salt;
                  memcpy (&s->msg_id, body + pos, 8);
                  s->body = g_bytes_new (body + pos + 16, size);
                  g_ptr_array_add (seen, s);
                  pos += 16 + size;
                }
            }
          else
            {
              Seen *s = g_new0 (Seen, 1);

              s->session_id = message.session_id;
              s->salt = message.salt;
              s->msg_id = message.msg_id;
              s->body = g_bytes_ref (message.body);
              g_ptr_array_add (seen, s);
            }
        }
      for (guint i = 0; i < seen->len; i++)
        if (cvn_mtproto_body_get_id (((Seen *) seen->pdata[i])->body) != CVN_TL_MT_MSGS_ACK_ID)
          return seen;
    }
  g_assert_not_reached ();
}

/* The first message that is a request. */
static Seen *
find_request (GPtrArray *seen)
{
  for (guint i = 0; i < seen->len; i++)
    if (cvn_mtproto_body_get_id (((Seen *) seen->pdata[i])->body) != CVN_TL_MT_MSGS_ACK_ID)
      return seen->pdata[i];
  return NULL;
}

/* Sends @body from the server; @time_shift moves the clock of its msg_id. */
static void
harness_send (Harness *h,
              GBytes  *body,
              gboolean response,
              gint64   time_shift_us)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_in_message_free);
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now = g_get_real_time () + time_shift_us;
  gsize done = 0;

  g_ptr_array_add (batch, in_message (cvn_mtproto_session_next_msg_id (h->server, now, response),
                                      cvn_mtproto_session_next_seqno (h->server, cvn_mtproto_body_is_content_related (body)),
                                      body));
  packed = cvn_mtproto_session_pack (h->server, batch, now, NULL, &error);
  g_assert_no_error (error);
  if (!cvn_mtproto_codec_get_header_done (h->codec))
    g_assert_not_reached ();
  g_assert_true (cvn_mtproto_codec_encode (h->codec, g_bytes_get_data (packed, NULL), g_bytes_get_size (packed),
                                           FALSE, wire, &error));
  while (done < wire->len)
    {
      gssize n = write (h->peer, wire->data + done, wire->len - done);

      g_assert_cmpint (n, >, 0);
      done += n;
    }
}

static GBytes *
rpc_result_nearest (gint64 req_msg_id)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiNearestDc *dc = (CvnTlApiNearestDc *) cvn_tl_object_new (arena, CVN_TL_API_NEAREST_DC_CTOR);
  g_autoptr(GBytes) result = NULL;
  CvnTlWriter w;

  cvn_tl_string_set (arena, &dc->country, "ZZ");
  result = tl_bytes (&dc->parent);
  cvn_tl_writer_init (&w);
  cvn_tl_writer_put_int (&w, (gint32) CVN_TL_MT_RPC_RESULT_ID);
  cvn_tl_writer_put_long (&w, req_msg_id);
  cvn_tl_writer_put_raw (&w, g_bytes_get_data (result, NULL), g_bytes_get_size (result));
  return cvn_tl_writer_free_to_bytes (&w);
}

static GBytes *
bad_msg (gint64 bad_msg_id,
         gint32 code,
         gint64 new_salt)
{
  CvnTlWriter w;

  cvn_tl_writer_init (&w);
  cvn_tl_writer_put_int (&w, (gint32) (code == 48 ? CVN_TL_MT_BAD_SERVER_SALT_ID : CVN_TL_MT_BAD_MSG_NOTIFICATION_ID));
  cvn_tl_writer_put_long (&w, bad_msg_id);
  cvn_tl_writer_put_int (&w, 1);
  cvn_tl_writer_put_int (&w, code);
  if (code == 48)
    cvn_tl_writer_put_long (&w, new_salt);
  return cvn_tl_writer_free_to_bytes (&w);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
invoke_nearest (Harness       *h,
                GAsyncResult **result)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();

  cvn_mtproto_client_invoke_async (h->client, cvn_tl_object_new (arena, CVN_TL_API_HELP_GET_NEAREST_DC_CTOR),
                                   NULL, store_result, result);
}

/* Each bad_msg_notification code: resent under a new msg_id (16, 17 after a clock fix, 17
 * with the clock going back in a new session;
 * 18, 19, 20; 48 with the new salt; 32, 33 in a new session), or the request fails
 * (34, 35, 64). */
static void
test_bad_msg_codes (gconstpointer data)
{
  gint32 code = GPOINTER_TO_INT (data);
  Harness h = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GError) error = NULL;
  Seen *req;
  gint64 shift = code == 16 ? 200 * G_USEC_PER_SEC : code == 17 ? -200 * G_USEC_PER_SEC : 0;

  harness_init (&h);
  invoke_nearest (&h, &result);
  first = harness_receive (&h);
  req = find_request (first);
  g_assert_nonnull (req);
  {
    g_autoptr(GBytes) bad = bad_msg (req->msg_id, code, 0x4242);

    harness_send (&h, bad, FALSE, shift);
  }

  if (code == 34 || code == 35 || code == 64)
    {
      g_autoptr(CvnMtprotoResult) r = NULL;

      g_assert_true (cvn_test_wait_for_result (NULL, &result, WAIT_MS, NULL));
      r = cvn_mtproto_client_invoke_finish (h.client, result, &error);
      g_assert_null (r);
      g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_PROTOCOL);
    }
  else
    {
      g_autoptr(GPtrArray) second = harness_receive (&h);
      Seen *again = find_request (second);
      g_autoptr(CvnMtprotoResult) r = NULL;

      g_assert_nonnull (again);
      /* 17 here means our clock is ahead: msg_ids cannot go back within a session. */
      if (code != 17)
        g_assert_cmpint (again->msg_id, >, req->msg_id);
      else
        g_assert_cmpint (again->msg_id, !=, req->msg_id);
      g_assert_true (g_bytes_equal (again->body, req->body));
      if (code == 48)
        g_assert_cmpint (again->salt, ==, 0x4242);
      if (code == 32 || code == 33 || code == 17)
        {
          g_assert_cmpint (again->session_id, !=, req->session_id);
          cvn_mtproto_session_free (h.server);
          h.server = cvn_mtproto_session_new (CVN_MTPROTO_ROLE_SERVER, &h.key, again->session_id, SALT);
        }
      else
        g_assert_cmpint (again->session_id, ==, req->session_id);
      if (code == 16 || code == 17)
        {
          /* The new msg_id carries the server's time. */
          gint64 t = cvn_mtproto_msg_id_get_time (again->msg_id);
          gint64 server_now = (g_get_real_time () + shift) / G_USEC_PER_SEC;

          g_assert_cmpint (ABS (t - server_now), <=, 2);
        }
      {
        g_autoptr(GBytes) answer = rpc_result_nearest (again->msg_id);

        harness_send (&h, answer, TRUE, shift);
      }
      g_assert_true (cvn_test_wait_for_result (NULL, &result, WAIT_MS, NULL));
      r = cvn_mtproto_client_invoke_finish (h.client, result, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (((CvnTlApiNearestDc *) cvn_mtproto_result_get_object (r))->country.str, ==, "ZZ");
    }
  harness_clear (&h);
}

/* rpc_result in gzip_packed, new_session_created, updates, and an answer to nothing. */
static void
test_client_messages (void)
{
  Harness h = { 0 };
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) result2 = NULL;
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) r = NULL;
  Seen *req;

  harness_init (&h);
  invoke_nearest (&h, &result);
  first = harness_receive (&h);
  req = find_request (first);
  /* The first request of the connection is wrapped in invokeWithLayer (223, initConnection). */
  g_assert_cmphex (cvn_mtproto_body_get_id (req->body), ==, CVN_TL_API_INVOKE_WITH_LAYER_ID);
  {
    const guint8 *b = g_bytes_get_data (req->body, NULL);

    g_assert_cmpuint (b[4] | b[5] << 8, ==, 223);
    g_assert_cmphex (b[8] | b[9] << 8 | b[10] << 16 | (guint32) b[11] << 24, ==, CVN_TL_API_INIT_CONNECTION_ID);
  }

  {
    CvnTlWriter w;
    g_autoptr(GBytes) created = NULL;
    g_autoptr(GBytes) update = NULL;
    g_autoptr(GBytes) stray = rpc_result_nearest (12345);

    cvn_tl_writer_init (&w);
    cvn_tl_writer_put_int (&w, (gint32) CVN_TL_MT_NEW_SESSION_CREATED_ID);
    cvn_tl_writer_put_long (&w, req->msg_id);
    cvn_tl_writer_put_long (&w, 1);
    cvn_tl_writer_put_long (&w, 0x777);
    created = cvn_tl_writer_free_to_bytes (&w);
    harness_send (&h, created, FALSE, 0);
    cvn_tl_writer_init (&w);
    cvn_tl_writer_put_int (&w, (gint32) CVN_TL_API_UPDATES_TOO_LONG_ID);
    update = cvn_tl_writer_free_to_bytes (&w);
    harness_send (&h, update, FALSE, 0);
    harness_send (&h, stray, TRUE, 0);
  }
  {
    g_autoptr(GBytes) answer = rpc_result_nearest (req->msg_id);
    const guint8 *a = g_bytes_get_data (answer, NULL);
    g_autoptr(GBytes) packed = cvn_mtproto_gzip_pack (a + 12, g_bytes_get_size (answer) - 12);
    CvnTlWriter w;
    g_autoptr(GBytes) body = NULL;

    cvn_tl_writer_init (&w);
    cvn_tl_writer_put_raw (&w, a, 12);
    cvn_tl_writer_put_raw (&w, g_bytes_get_data (packed, NULL), g_bytes_get_size (packed));
    body = cvn_tl_writer_free_to_bytes (&w);
    harness_send (&h, body, TRUE, 0);
  }
  g_assert_true (cvn_test_wait_for_result (NULL, &result, WAIT_MS, NULL));
  r = cvn_mtproto_client_invoke_finish (h.client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((CvnTlApiNearestDc *) cvn_mtproto_result_get_object (r))->country.str, ==, "ZZ");
  g_assert_cmpuint (h.updates->len, ==, 1);
  g_assert_cmphex (cvn_mtproto_result_get_object (h.updates->pdata[0])->ctor->id, ==, CVN_TL_API_UPDATES_TOO_LONG_ID);
  g_assert_cmpint (cvn_mtproto_session_get_salt (cvn_mtproto_client_get_session (h.client)), ==, 0x777);

  /* The content-related messages are acknowledged. */
  {
    g_autoptr(GPtrArray) later = NULL;
    gboolean acked = FALSE;

    invoke_nearest (&h, &result2);
    later = harness_receive (&h);
    for (guint i = 0; i < later->len; i++)
      if (cvn_mtproto_body_get_id (((Seen *) later->pdata[i])->body) == CVN_TL_MT_MSGS_ACK_ID)
        acked = TRUE;
    g_assert_true (acked);
  }
  harness_clear (&h);
  /* Closing failed the second request. */
  g_assert_nonnull (result2);
  g_clear_pointer (&r, cvn_mtproto_result_unref);
  {
    g_autoptr(GObject) source = g_async_result_get_source_object (result2);

    r = cvn_mtproto_client_invoke_finish (CVN_MTPROTO_CLIENT (source), result2, &error);
  }
  g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_CLOSED);
}

int
main (int   argc,
      char *argv[])
{
  static const gint32 codes[] = { 16, 17, 18, 19, 20, 32, 33, 34, 35, 48, 64 };

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/mtproto/session/container-roundtrip", test_container_roundtrip);
  g_test_add_func ("/mtproto/session/bad-containers", test_bad_containers);
  g_test_add_func ("/mtproto/session/gzip", test_gzip);
  g_test_add_func ("/mtproto/session/client-messages", test_client_messages);
  for (gsize i = 0; i < G_N_ELEMENTS (codes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mtproto/session/bad-msg-notification/%d", codes[i]);

      g_test_add_data_func (path, GINT_TO_POINTER (codes[i]), test_bad_msg_codes);
    }
  return g_test_run ();
}
