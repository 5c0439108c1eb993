/* fuzz-message.c: libFuzzer target for what follows decryption, in both roles: the
 * session checks, containers, gzip_packed, rpc_result/rpc_error, service messages and
 * requests, through the real client and server objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: byte 0 picks the receiver (bit 0: server, else client) and whether the msg_id
 * comes from the input (bit 1) or is fresh and valid; byte 1..4 the seqno; then, with
 * bit 1, eight bytes of msg_id; the rest is the message body. The harness builds the
 * plaintext around it, encrypts it with the shared auth key as the peer would, and hands
 * it to the receiver as a frame from its connection (a socketpair whose other end is
 * drained). Client and server are made afresh for every input (only the RSA key is
 * kept), so that runs are independent and leak checks meaningful.
 */
#include "config.h"

#include "cvn-mtproto-client-private.h"
#include "cvn-mtproto-message-private.h"
#include "cvn-mtproto-server.h"

#include <fcntl.h>
#include <gio/gio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

#define SESSION_ID G_GINT64_CONSTANT (0x1122334455667788)
#define SALT       G_GINT64_CONSTANT (0x0102030405060708)

static CvnMtprotoAuthKey key;
static CvnRsaKey *rsa;
static CvnMtprotoServer *server;
static CvnMtprotoClient *client;
static CvnMtprotoConnection *server_conn;
static CvnMtprotoConnection *client_conn;
static int server_peer = -1;
static int client_peer = -1;
static CvnMtprotoMsgIdGen client_ids;
static CvnMtprotoMsgIdGen server_ids;

static GIOStream *
socket_stream (int *peer)
{
  int fds[2];
  GSocket *socket;
  GSocketConnection *conn;

  g_assert (socketpair (AF_UNIX, SOCK_STREAM, 0, fds) == 0);
  fcntl (fds[1], F_SETFL, fcntl (fds[1], F_GETFL) | O_NONBLOCK);
  *peer = fds[1];
  socket = g_socket_new_from_fd (fds[0], NULL);
  g_assert (socket != NULL);
  conn = g_socket_connection_factory_create_connection (socket);
  g_object_unref (socket);
  return G_IO_STREAM (conn);
}

static void
drain (void)
{
  guint8 buf[65536];

  while (read (server_peer, buf, sizeof buf) > 0)
    ;
  while (read (client_peer, buf, sizeof buf) > 0)
    ;
}

static void
handler (CvnMtprotoServer        *s,
         CvnMtprotoServerRequest *request,
         gpointer                 user_data)
{
  cvn_mtproto_server_request_return_error (request, 400, "FUZZ");
}

static void
setup (void)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rsa_key_free);
  g_autoptr(GIOStream) s = NULL;
  g_autoptr(GIOStream) c = NULL;
  const guint8 tag[4] = { 0xee, 0xee, 0xee, 0xee };

  if (rsa == NULL)
    {
      guint8 raw[CVN_MTPROTO_AUTH_KEY_LEN];

      for (gsize i = 0; i < sizeof raw; i++)
        raw[i] = (guint8) (i * 13 + 7);
      cvn_mtproto_auth_key_init (&key, raw);
      rsa = cvn_rsa_key_generate (2048, NULL);
      g_assert (rsa != NULL);
    }

  server = cvn_mtproto_server_new (rsa, 2);
  cvn_mtproto_server_set_handler (server, handler, NULL, NULL);
  cvn_mtproto_server_add_auth_key (server, &key, SALT);
  s = socket_stream (&server_peer);
  server_conn = g_object_ref (cvn_mtproto_server_add_connection (server, s));
  /* The client's transport header, so that the server can answer. */
  g_assert (write (server_peer, tag, 4) == 4);
  for (int i = 0; i < 100 && !cvn_mtproto_codec_get_header_done (cvn_mtproto_connection_get_codec (server_conn)); i++)
    g_main_context_iteration (NULL, FALSE);

  g_ptr_array_add (keys, cvn_rsa_key_copy (rsa));
  client = cvn_mtproto_client_new ("127.0.0.1", 1, 2, keys);
  c = socket_stream (&client_peer);
  client_conn = g_object_ref (cvn_mtproto_client_attach_stream (client, c, &key, SESSION_ID, SALT));
}

static void
teardown (void)
{
  cvn_mtproto_client_close (client);
  g_clear_object (&client);
  g_clear_object (&client_conn);
  cvn_mtproto_server_close_connections (server);
  g_clear_object (&server_conn);
  g_clear_object (&server);
  close (server_peer);
  close (client_peer);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static guint32
read_le32 (const guint8 *p)
{
  return (guint32) p[0] | (guint32) p[1] << 8 | (guint32) p[2] << 16 | (guint32) p[3] << 24;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  gboolean to_server;
  gint64 msg_id;
  gint32 seqno;
  gsize body_len, plain_len, padding;
  g_autofree guint8 *plain = NULL;
  g_autoptr(GBytes) payload = NULL;
  CvnMtprotoConnection *conn;
  gint64 now = g_get_real_time ();

  if (size < 5)
    return 0;
  to_server = (data[0] & 1) != 0;
  seqno = (gint32) read_le32 (data + 1);
  data += 5;
  size -= 5;
  if ((data[-5] & 2) != 0 && size >= 8)
    {
      msg_id = (gint64) ((guint64) read_le32 (data) | (guint64) read_le32 (data + 4) << 32);
      data += 8;
      size -= 8;
    }
  else
    msg_id = to_server ? cvn_mtproto_msg_id_next (&client_ids, now, CVN_MTPROTO_ROLE_CLIENT, FALSE)
                       : cvn_mtproto_msg_id_next (&server_ids, now, CVN_MTPROTO_ROLE_SERVER, TRUE);
  body_len = size & ~(gsize) 3;
  if (body_len == 0 || body_len > 64 * 1024)
    return 0;

  padding = 12 + (16 - (32 + body_len + 12) % 16) % 16;
  plain_len = 32 + body_len + padding;
  plain = g_malloc0 (plain_len);
  for (int i = 0; i < 8; i++)
    {
      plain[i] = (guint8) ((guint64) SALT >> (8 * i));
      plain[8 + i] = (guint8) ((guint64) SESSION_ID >> (8 * i));
      plain[16 + i] = (guint8) ((guint64) msg_id >> (8 * i));
    }
  for (int i = 0; i < 4; i++)
    {
      plain[24 + i] = (guint8) ((guint32) seqno >> (8 * i));
      plain[28 + i] = (guint8) (body_len >> (8 * i));
    }
  memcpy (plain + 32, data, body_len);
  payload = cvn_mtproto_message_encrypt_raw (&key, to_server ? CVN_MTPROTO_ROLE_CLIENT : CVN_MTPROTO_ROLE_SERVER,
                                             plain, plain_len, NULL);
  g_assert (payload != NULL);

  setup ();
  conn = to_server ? server_conn : client_conn;
  if (!cvn_mtproto_connection_get_closed (conn))
    g_signal_emit_by_name (conn, "frame", payload, FALSE);
  for (int i = 0; i < 4 && g_main_context_iteration (NULL, FALSE); i++)
    drain ();
  drain ();
  teardown ();
  return 0;
}
