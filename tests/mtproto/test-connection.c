/* test-connection.c: CvnMtprotoConnection over loopback TCP, every framing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-connection.h"
#include "cvn-mtproto-error.h"
#include "cvn-test-wait.h"

#include <string.h>

#define WAIT_MS 10000
#define N_FRAMES 200

typedef struct
{
  GSocketService       *service;
  guint16               port;
  GPtrArray            *server_conns;   /* CvnMtprotoConnection */
  guint                 server_frames;
  gboolean              server_reply_error;
  GError               *server_closed_error;
  gboolean              server_closed;

  CvnMtprotoConnection *client;
  GPtrArray            *client_frames;  /* GBytes */
  guint                 client_acks;
  gboolean              client_closed;
  GError               *client_closed_error;
} Fixture;

static void
server_frame_cb (CvnMtprotoConnection *conn,
                 GBytes               *payload,
                 gboolean              quick_ack,
                 Fixture              *f)
{
  g_autoptr(GError) error = NULL;

  f->server_frames++;
  if (f->server_reply_error)
    {
      g_assert_true (cvn_mtproto_connection_send_transport_error (conn, -404, &error));
      return;
    }
  if (quick_ack)
    g_assert_true (cvn_mtproto_connection_send_quick_ack (conn, f->server_frames, &error));
  /* Echo, with the data reversed in 4-byte words so that it differs. */
  {
    gsize len;
    const guint8 *data = g_bytes_get_data (payload, &len);
    g_autofree guint8 *echo = g_malloc (len);
    g_autoptr(GBytes) bytes = NULL;

    /* The first word carries the real length (padded intermediate adds bytes). */
    g_assert_cmpuint (GUINT32_FROM_LE (*(const guint32 *) data), <=, len);
    len = GUINT32_FROM_LE (*(const guint32 *) data);
    for (gsize i = 0; i < len; i += 4)
      memcpy (echo + i, data + len - 4 - i, 4);
    bytes = g_bytes_new_take (g_steal_pointer (&echo), len);
    g_assert_true (cvn_mtproto_connection_send (conn, bytes, FALSE, &error));
  }
  g_assert_no_error (error);
}

static void
server_closed_cb (CvnMtprotoConnection *conn,
                  const GError         *error,
                  Fixture              *f)
{
  f->server_closed = TRUE;
  if (error != NULL && f->server_closed_error == NULL)
    f->server_closed_error = g_error_copy (error);
}

static gboolean
incoming_cb (GSocketService    *service,
             GSocketConnection *socket,
             GObject           *source,
             Fixture           *f)
{
  CvnMtprotoConnection *conn =
    cvn_mtproto_connection_new (G_IO_STREAM (socket),
                                cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_SERVER, 0, FALSE, 0, 0));

  g_signal_connect (conn, "frame", G_CALLBACK (server_frame_cb), f);
  g_signal_connect (conn, "closed", G_CALLBACK (server_closed_cb), f);
  g_ptr_array_add (f->server_conns, conn);
  cvn_mtproto_connection_start (conn);
  return TRUE;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  f->service = g_socket_service_new ();
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (f->service), addr,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &effective, &error));
  g_assert_no_error (error);
  f->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (f->service, "incoming", G_CALLBACK (incoming_cb), f);
  g_socket_service_start (f->service);
  f->server_conns = g_ptr_array_new_with_free_func (g_object_unref);
  f->client_frames = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->client != NULL)
    cvn_mtproto_connection_close (f->client);
  g_clear_object (&f->client);
  for (guint i = 0; i < f->server_conns->len; i++)
    cvn_mtproto_connection_close (f->server_conns->pdata[i]);
  g_clear_pointer (&f->server_conns, g_ptr_array_unref);
  g_clear_pointer (&f->client_frames, g_ptr_array_unref);
  g_socket_service_stop (f->service);
  g_socket_listener_close (G_SOCKET_LISTENER (f->service));
  g_clear_object (&f->service);
  g_clear_error (&f->server_closed_error);
  g_clear_error (&f->client_closed_error);
  /* Let the closes run. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
client_frame_cb (CvnMtprotoConnection *conn,
                 GBytes               *payload,
                 gboolean              quick_ack,
                 Fixture              *f)
{
  g_ptr_array_add (f->client_frames, g_bytes_ref (payload));
}

static void
client_ack_cb (CvnMtprotoConnection *conn,
               guint                 token,
               Fixture              *f)
{
  g_assert_cmphex (token & 0x80000000u, !=, 0);
  f->client_acks++;
}

static void
client_closed_cb (CvnMtprotoConnection *conn,
                  const GError         *error,
                  Fixture              *f)
{
  f->client_closed = TRUE;
  if (error != NULL)
    f->client_closed_error = g_error_copy (error);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static void
connect_client (Fixture           *f,
                CvnMtprotoFraming  framing,
                gboolean           obfuscated)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cvn_mtproto_connection_connect_async ("127.0.0.1", f->port, framing, obfuscated, 2, NULL,
                                        store_result, &result);
  g_assert_true (cvn_test_wait_for_result (NULL, &result, WAIT_MS, &error));
  f->client = cvn_mtproto_connection_connect_finish (result, &error);
  g_assert_no_error (error);
  g_signal_connect (f->client, "frame", G_CALLBACK (client_frame_cb), f);
  g_signal_connect (f->client, "quick-ack", G_CALLBACK (client_ack_cb), f);
  g_signal_connect (f->client, "closed", G_CALLBACK (client_closed_cb), f);
  cvn_mtproto_connection_start (f->client);
}

static gboolean
all_echoed (gpointer data)
{
  Fixture *f = data;

  return f->client_frames->len >= N_FRAMES && f->client_acks >= N_FRAMES / 2;
}

static void
test_echo (Fixture       *f,
           gconstpointer  data)
{
  guint variant = GPOINTER_TO_UINT (data);
  CvnMtprotoFraming framing = variant % 3;
  gboolean obfuscated = variant >= 3;
  g_autoptr(GError) error = NULL;
  CvnMtprotoCodec *server_codec;

  connect_client (f, framing, obfuscated);
  for (guint i = 0; i < N_FRAMES; i++)
    {
      gsize len = 8 + (i * 52) % 3000;
      guint8 *buf = g_malloc (len);
      g_autoptr(GBytes) bytes = NULL;

      for (gsize j = 0; j < len; j++)
        buf[j] = (guint8) (i + j);
      *(guint32 *) buf = GUINT32_TO_LE (len);
      bytes = g_bytes_new_take (buf, len);
      cvn_mtproto_connection_send (f->client, bytes, i % 2 == 0, &error);
      g_assert_no_error (error);
    }
  cvn_test_assert_wait (NULL, all_echoed, f, WAIT_MS);
  g_assert_cmpuint (f->client_frames->len, ==, N_FRAMES);
  g_assert_cmpuint (f->client_acks, ==, N_FRAMES / 2);
  for (guint i = 0; i < N_FRAMES; i++)
    {
      gsize len = 8 + (i * 52) % 3000, got;
      const guint8 *echo = g_bytes_get_data (f->client_frames->pdata[i], &got);

      if (framing == CVN_MTPROTO_FRAMING_PADDED_INTERMEDIATE)
        g_assert_cmpuint (got, >=, len);
      else
        g_assert_cmpuint (got, ==, len);
      /* The last word of the request comes first. */
      g_assert_cmpuint (echo[0], ==, (guint8) (i + len - 4));
    }
  g_assert_cmpuint (f->server_conns->len, ==, 1);
  server_codec = cvn_mtproto_connection_get_codec (f->server_conns->pdata[0]);
  g_assert_cmpint (cvn_mtproto_codec_get_framing (server_codec), ==, framing);
  g_assert_cmpint (cvn_mtproto_codec_get_obfuscated (server_codec), ==, obfuscated);
  g_assert_cmpuint (cvn_mtproto_connection_get_bytes_sent (f->client), >, 0);
  g_assert_false (f->client_closed);
}

static gboolean
flag_set (gpointer data)
{
  return *(gboolean *) data;
}

/* The server answers with transport error -404 and closes: a clear GError at the client. */
static void
test_transport_error (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  guint8 payload[24] = { 24 };
  g_autoptr(GBytes) bytes = g_bytes_new (payload, sizeof payload);

  f->server_reply_error = TRUE;
  connect_client (f, GPOINTER_TO_UINT (data) % 3, GPOINTER_TO_UINT (data) >= 3);
  g_assert_true (cvn_mtproto_connection_send (f->client, bytes, FALSE, &error));
  cvn_test_assert_wait (NULL, flag_set, &f->client_closed, WAIT_MS);
  g_assert_error (f->client_closed_error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT_NOT_FOUND);
  g_assert_true (cvn_mtproto_connection_get_closed (f->client));
  g_assert_false (cvn_mtproto_connection_send (f->client, bytes, FALSE, &error));
  g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_CLOSED);
}

/* Garbage and an oversized frame close the server side with a transport error. */
static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GSocketClient) sc = g_socket_client_new ();
  g_autoptr(GSocketConnection) raw = NULL;
  g_autoptr(GError) error = NULL;
  const guint8 oversized[] = { 0xee, 0xee, 0xee, 0xee, 0xff, 0xff, 0xff, 0x7f };
  const char *http = "GET / HTTP/1.1\r\n\r\n";
  const guint8 *wire = GPOINTER_TO_UINT (data) == 0 ? (const guint8 *) http : oversized;
  gsize len = GPOINTER_TO_UINT (data) == 0 ? strlen (http) : sizeof oversized;

  raw = g_socket_client_connect_to_host (sc, "127.0.0.1", f->port, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (raw)),
                                            wire, len, NULL, NULL, &error));
  cvn_test_assert_wait (NULL, flag_set, &f->server_closed, WAIT_MS);
  g_assert_error (f->server_closed_error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT);
  g_io_stream_close (G_IO_STREAM (raw), NULL, NULL);
}

int
main (int   argc,
      char *argv[])
{
  static const char *names[] = {
    "abridged", "intermediate", "padded-intermediate",
    "obfuscated-abridged", "obfuscated-intermediate", "obfuscated-padded-intermediate",
  };

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *echo = g_strdup_printf ("/mtproto/connection/%s/echo", names[i]);
      g_autofree char *err = g_strdup_printf ("/mtproto/connection/%s/transport-error", names[i]);

      g_test_add (echo, Fixture, GUINT_TO_POINTER (i), fixture_setup, test_echo, fixture_teardown);
      g_test_add (err, Fixture, GUINT_TO_POINTER (i), fixture_setup, test_transport_error,
                  fixture_teardown);
    }
  g_test_add ("/mtproto/connection/bad-input/http", Fixture, GUINT_TO_POINTER (0),
              fixture_setup, test_bad_input, fixture_teardown);
  g_test_add ("/mtproto/connection/bad-input/oversized", Fixture, GUINT_TO_POINTER (1),
              fixture_setup, test_bad_input, fixture_teardown);

  return g_test_run ();
}
