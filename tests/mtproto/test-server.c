/* test-server.c: the server role's service messages and refusals, against a scripted
 * client on loopback (messages built by hand with a client-role session).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-hash.h"
#include "cvn-mtproto-error.h"
#include "cvn-mtproto-server.h"
#include "cvn-test-wait.h"

#include <string.h>

#define WAIT_MS 10000
#define SALT G_GINT64_CONSTANT (0x0a0b0c0d01020304)

static CvnRsaKey *server_key;

typedef struct
{
  CvnMtprotoServer  *server;
  CvnMtprotoAuthKey  key;
  CvnMtprotoSession *session;   /* client role */
  GSocketConnection *socket;
  CvnMtprotoCodec   *codec;     /* client side */
  GPtrArray         *inbox;     /* GBytes: received, not yet looked for */
  guint              n_handled;
} Fixture;

static void
handler (CvnMtprotoServer        *server,
         CvnMtprotoServerRequest *request,
         gpointer                 user_data)
{
  Fixture *f = user_data;

  f->n_handled++;
  cvn_mtproto_server_request_return_error (request, 400, "TEST");
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  guint8 raw[CVN_MTPROTO_AUTH_KEY_LEN];

  f->server = cvn_mtproto_server_new (server_key, 2);
  cvn_mtproto_server_set_handler (f->server, handler, f, NULL);
  g_assert_true (cvn_mtproto_server_listen (f->server, "127.0.0.1", 0, &error));
  for (gsize i = 0; i < sizeof raw; i++)
    raw[i] = (guint8) (i * 11 + 5);
  cvn_mtproto_auth_key_init (&f->key, raw);
  cvn_mtproto_server_add_auth_key (f->server, &f->key, SALT);
  f->session = cvn_mtproto_session_new (CVN_MTPROTO_ROLE_CLIENT, &f->key, 4242, SALT);
  f->socket = g_socket_client_connect_to_host (client, "127.0.0.1", cvn_mtproto_server_get_port (f->server),
                                               NULL, &error);
  g_assert_no_error (error);
  f->codec = cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_CLIENT, CVN_MTPROTO_FRAMING_INTERMEDIATE, FALSE, 2, 0);
  f->inbox = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_io_stream_close (G_IO_STREAM (f->socket), NULL, NULL);
  g_clear_object (&f->socket);
  g_clear_object (&f->server);
  cvn_mtproto_session_free (f->session);
  cvn_mtproto_codec_free (f->codec);
  g_ptr_array_unref (f->inbox);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
send_payload (Fixture *f,
              GBytes  *payload)
{
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (cvn_mtproto_codec_encode (f->codec, g_bytes_get_data (payload, NULL),
                                           g_bytes_get_size (payload), FALSE, wire, &error));
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (f->socket)),
                                            wire->data, wire->len, NULL, NULL, &error));
}

/* Sends @body as a message of its own; returns its msg_id. */
static gint64
send_body (Fixture *f,
           GBytes  *body,
           gboolean content_related)
{
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_in_message_free);
  CvnMtprotoInMessage *m = g_new0 (CvnMtprotoInMessage, 1);
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GError) error = NULL;
  gint64 msg_id;

  m->msg_id = msg_id = cvn_mtproto_session_next_msg_id (f->session, g_get_real_time (), FALSE);
  m->seqno = cvn_mtproto_session_next_seqno (f->session, content_related);
  m->body = g_bytes_ref (body);
  g_ptr_array_add (batch, m);
  payload = cvn_mtproto_session_pack (f->session, batch, g_get_real_time (), NULL, &error);
  g_assert_no_error (error);
  send_payload (f, payload);
  return msg_id;
}

typedef struct
{
  Fixture  *f;
  guint32   want;
  GBytes   *found;
  GError   *closed;
} Reader;

/* Reads until a message whose constructor is @want (containers unpacked). */
static GBytes *
receive (Fixture *f,
         guint32  want)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (f->socket));
  gint64 deadline = g_get_monotonic_time () + WAIT_MS * 1000;

  while (g_get_monotonic_time () < deadline)
    {
      for (guint i = 0; want != 0 && i < f->inbox->len; i++)
        if (cvn_mtproto_body_get_id (f->inbox->pdata[i]) == want)
          return g_ptr_array_steal_index (f->inbox, i);

      guint8 buf[65536];
      gssize n;
      g_autoptr(GError) error = NULL;
      CvnMtprotoFrame frame;

      g_main_context_iteration (NULL, FALSE);
      n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (in), buf, sizeof buf, NULL, &error);
      if (n < 0)
        {
          g_assert_true (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK));
          g_usleep (1000);
          continue;
        }
      if (n == 0)
        return NULL;
      g_assert_true (cvn_mtproto_codec_feed (f->codec, buf, n, &error));
      while (cvn_mtproto_codec_next (f->codec, &frame, &error))
        {
          g_auto(CvnMtprotoMessage) message = { 0 };
          g_autoptr(GPtrArray) msgs = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_in_message_free);
          CvnMtprotoRejection rejection;

          if (frame.kind == CVN_MTPROTO_FRAME_TRANSPORT_ERROR)
            {
              GBytes *code = g_bytes_new (&frame.error_code, 4);

              cvn_mtproto_frame_clear (&frame);
              return want == 0 ? code : (g_bytes_unref (code), NULL);
            }
          g_assert_true (cvn_mtproto_message_decrypt (&f->key, CVN_MTPROTO_ROLE_SERVER,
                                                      g_bytes_get_data (frame.payload, NULL),
                                                      g_bytes_get_size (frame.payload), FALSE, &message, &error));
          cvn_mtproto_frame_clear (&frame);
          g_assert_true (cvn_mtproto_session_accept (f->session, &message, g_get_real_time (), msgs,
                                                     &rejection, &error));
          for (guint i = 0; i < msgs->len; i++)
            g_ptr_array_add (f->inbox, g_bytes_ref (((CvnMtprotoInMessage *) msgs->pdata[i])->body));
        }
    }
  g_assert_not_reached ();
}

static GBytes *
words (guint32 id,
       ...)
{
  CvnTlWriter w;
  va_list args;
  int kind;

  cvn_tl_writer_init (&w);
  cvn_tl_writer_put_int (&w, (gint32) id);
  va_start (args, id);
  /* pairs: 4 (int) or 8 (long), value; 0 ends */
  while ((kind = va_arg (args, int)) != 0)
    {
      if (kind == 4)
        cvn_tl_writer_put_int (&w, va_arg (args, gint32));
      else
        cvn_tl_writer_put_long (&w, va_arg (args, gint64));
    }
  va_end (args);
  return cvn_tl_writer_free_to_bytes (&w);
}

static guint64
read_le64 (const guint8 *p)
{
  guint64 v = 0;

  for (int i = 7; i >= 0; i--)
    v = v << 8 | p[i];
  return v;
}

static void
test_service (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GBytes) ping = words (CVN_TL_MT_PING_ID, 8, (gint64) 777, 0);
  g_autoptr(GBytes) salts = words (CVN_TL_MT_GET_FUTURE_SALTS_ID, 4, (gint32) 3, 0);
  g_autoptr(GBytes) destroy = words (CVN_TL_MT_DESTROY_SESSION_ID, 8, (gint64) 999, 0);
  g_autoptr(GBytes) drop = words (CVN_TL_MT_RPC_DROP_ANSWER_ID, 8, (gint64) 5, 0);
  g_autoptr(GBytes) request = words (CVN_TL_API_HELP_GET_NEAREST_DC_ID, 0);
  g_autoptr(GBytes) reply = NULL;
  const guint8 *b;
  gint64 ping_msg, req_msg;

  /* new_session_created first, with the salt. */
  ping_msg = send_body (f, ping, TRUE);
  reply = receive (f, CVN_TL_MT_NEW_SESSION_CREATED_ID);
  b = g_bytes_get_data (reply, NULL);
  g_assert_cmpint ((gint64) read_le64 (b + 4), ==, ping_msg);
  g_assert_cmpint ((gint64) read_le64 (b + 20), ==, SALT);
  g_clear_pointer (&reply, g_bytes_unref);
  reply = receive (f, CVN_TL_MT_PONG_ID);
  b = g_bytes_get_data (reply, NULL);
  g_assert_cmpint ((gint64) read_le64 (b + 4), ==, ping_msg);
  g_assert_cmpint ((gint64) read_le64 (b + 12), ==, 777);
  g_clear_pointer (&reply, g_bytes_unref);

  /* future_salts as a message of its own (mtcute expects that). */
  send_body (f, salts, TRUE);
  reply = receive (f, CVN_TL_MT_FUTURE_SALTS_ID);
  b = g_bytes_get_data (reply, NULL);
  g_assert_cmpuint (b[16] | b[17] << 8, ==, 3);  /* bare vector<future_salt> after req_msg_id, now */
  g_clear_pointer (&reply, g_bytes_unref);

  send_body (f, destroy, TRUE);
  reply = receive (f, CVN_TL_MT_DESTROY_SESSION_NONE_ID);
  g_clear_pointer (&reply, g_bytes_unref);

  send_body (f, drop, TRUE);
  reply = receive (f, CVN_TL_MT_RPC_RESULT_ID);
  b = g_bytes_get_data (reply, NULL);
  g_assert_cmphex (b[12] | b[13] << 8 | b[14] << 16 | (guint32) b[15] << 24, ==, CVN_TL_MT_RPC_ANSWER_UNKNOWN_ID);
  g_clear_pointer (&reply, g_bytes_unref);

  /* A request; then msgs_state_req about it and about something unknown. */
  req_msg = send_body (f, request, TRUE);
  reply = receive (f, CVN_TL_MT_RPC_RESULT_ID);
  g_assert_cmpint ((gint64) read_le64 ((const guint8 *) g_bytes_get_data (reply, NULL) + 4), ==, req_msg);
  g_clear_pointer (&reply, g_bytes_unref);
  {
    CvnTlWriter w;
    g_autoptr(GBytes) state = NULL;

    cvn_tl_writer_init (&w);
    cvn_tl_writer_put_int (&w, (gint32) CVN_TL_MT_MSGS_STATE_REQ_ID);
    cvn_tl_writer_put_int (&w, (gint32) CVN_TL_VECTOR_ID);
    cvn_tl_writer_put_int (&w, 2);
    cvn_tl_writer_put_long (&w, req_msg);
    cvn_tl_writer_put_long (&w, 12345);
    state = cvn_tl_writer_free_to_bytes (&w);
    send_body (f, state, TRUE);
    reply = receive (f, CVN_TL_MT_MSGS_STATE_INFO_ID);
    b = g_bytes_get_data (reply, NULL);
    /* req_msg_id, then bytes: length 2, answered (4 + 32 + 64), unknown (1) */
    g_assert_cmpuint (b[12], ==, 2);
    g_assert_cmpuint (b[13], ==, 4 + 32 + 64);
    g_assert_cmpuint (b[14], ==, 1);
    g_clear_pointer (&reply, g_bytes_unref);
  }

  /* A request with an even seqno: bad_msg_notification 35, not run. */
  {
    guint before = f->n_handled;

    send_body (f, request, FALSE);
    reply = receive (f, CVN_TL_MT_BAD_MSG_NOTIFICATION_ID);
    b = g_bytes_get_data (reply, NULL);
    g_assert_cmpint (b[16], ==, 35);
    g_assert_cmpuint (f->n_handled, ==, before);
    g_clear_pointer (&reply, g_bytes_unref);
  }

  /* An unknown constructor as a request: rpc_error 400. */
  {
    g_autoptr(GBytes) junk = words (0x12345678, 4, (gint32) 1, 0);

    send_body (f, junk, TRUE);
    reply = receive (f, CVN_TL_MT_RPC_RESULT_ID);
    b = g_bytes_get_data (reply, NULL);
    g_assert_cmphex (b[12] | b[13] << 8 | b[14] << 16 | (guint32) b[15] << 24, ==, CVN_TL_MT_RPC_ERROR_ID);
    g_assert_cmpuint (cvn_mtproto_server_get_rejections (f->server, CVN_MTPROTO_REJECT_MALFORMED), >=, 1);
    g_clear_pointer (&reply, g_bytes_unref);
  }
  g_assert_cmpuint (f->n_handled, ==, 1);
}

/* A tampered message is refused without an answer; an unknown auth key gets -404. */
static void
test_refusals (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GBytes) ping = words (CVN_TL_MT_PING_ID, 8, (gint64) 1, 0);
  g_autoptr(GPtrArray) batch = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_in_message_free);
  CvnMtprotoInMessage *m = g_new0 (CvnMtprotoInMessage, 1);
  g_autoptr(GBytes) payload = NULL;
  g_autoptr(GBytes) reply = NULL;
  g_autofree guint8 *tampered = NULL;
  gsize len;

  m->msg_id = cvn_mtproto_session_next_msg_id (f->session, g_get_real_time (), FALSE);
  m->seqno = cvn_mtproto_session_next_seqno (f->session, TRUE);
  m->body = g_bytes_ref (ping);
  g_ptr_array_add (batch, m);
  payload = cvn_mtproto_session_pack (f->session, batch, g_get_real_time (), NULL, NULL);
  tampered = g_bytes_unref_to_data (g_steal_pointer (&payload), &len);
  tampered[len - 5] ^= 0x20;
  payload = g_bytes_new (tampered, len);
  send_payload (f, payload);
  /* A good ping after it is answered; the tampered one was dropped and counted. */
  send_body (f, ping, TRUE);
  reply = receive (f, CVN_TL_MT_PONG_ID);
  g_assert_cmpuint (cvn_mtproto_server_get_rejections (f->server, CVN_MTPROTO_REJECT_DECRYPT), ==, 1);
  g_clear_pointer (&reply, g_bytes_unref);

  /* The damaged message again: refused again... */
  send_payload (f, payload);
  /* ...and a message under a key the server does not know: transport error -404. */
  {
    CvnMtprotoAuthKey other;
    guint8 raw[CVN_MTPROTO_AUTH_KEY_LEN];
    g_autoptr(CvnMtprotoSession) s = NULL;
    g_autoptr(GPtrArray) b2 = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_in_message_free);
    CvnMtprotoInMessage *m2 = g_new0 (CvnMtprotoInMessage, 1);
    g_autoptr(GBytes) p2 = NULL;
    const gint32 *code;

    memset (raw, 0x33, sizeof raw);
    cvn_mtproto_auth_key_init (&other, raw);
    s = cvn_mtproto_session_new (CVN_MTPROTO_ROLE_CLIENT, &other, 1, 1);
    m2->msg_id = cvn_mtproto_session_next_msg_id (s, g_get_real_time (), FALSE);
    m2->seqno = 1;
    m2->body = g_bytes_ref (ping);
    g_ptr_array_add (b2, m2);
    p2 = cvn_mtproto_session_pack (s, b2, g_get_real_time (), NULL, NULL);
    send_payload (f, p2);
    reply = receive (f, 0);
    g_assert_nonnull (reply);
    code = g_bytes_get_data (reply, NULL);
    g_assert_cmpint (*code, ==, -404);
    /* Two damaged messages and one for an unknown key. */
    g_assert_cmpuint (cvn_mtproto_server_get_rejections (f->server, CVN_MTPROTO_REJECT_DECRYPT), ==, 3);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);
  server_key = cvn_rsa_key_generate (2048, &error);
  g_assert_no_error (error);

  g_test_add ("/mtproto/server/service-messages", Fixture, NULL, fixture_setup, test_service, fixture_teardown);
  g_test_add ("/mtproto/server/refusals", Fixture, NULL, fixture_setup, test_refusals, fixture_teardown);

  ret = g_test_run ();
  cvn_rsa_key_free (server_key);
  return ret;
}
