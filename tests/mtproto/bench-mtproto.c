/* bench-mtproto.c: loopback MTProto numbers: key exchange time, sequential RPC round
 * trips per second, pipelined RPCs per second (client and server roles in one process).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-client.h"
#include "cvn-mtproto-server.h"
#include "cvn-test-wait.h"

#include <stdio.h>

#define WAIT_MS 60000

static void
handler (CvnMtprotoServer        *server,
         CvnMtprotoServerRequest *request,
         gpointer                 user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiNearestDc *dc = (CvnTlApiNearestDc *) cvn_tl_object_new (arena, CVN_TL_API_NEAREST_DC_CTOR);

  cvn_tl_string_set (arena, &dc->country, "XX");
  dc->this_dc = 2;
  dc->nearest_dc = 2;
  cvn_mtproto_server_request_return_object (request, &dc->parent, NULL);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static guint done;

static void
count_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CvnMtprotoResult) r = cvn_mtproto_client_invoke_finish (CVN_MTPROTO_CLIENT (source), result, NULL);

  g_assert (r != NULL);
  done++;
}

static gboolean
all_done (gpointer data)
{
  return done >= GPOINTER_TO_UINT (data);
}

static CvnMtprotoClient *
new_client (CvnMtprotoServer *server,
            CvnRsaKey        *key,
            CvnMtprotoFraming framing,
            gboolean          obfuscated)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rsa_key_free);
  CvnMtprotoClient *client;

  g_ptr_array_add (keys, cvn_rsa_key_copy (key));
  client = cvn_mtproto_client_new ("127.0.0.1", cvn_mtproto_server_get_port (server), 2, keys);
  cvn_mtproto_client_set_transport (client, framing, obfuscated);
  return client;
}

static void
connect_client (CvnMtprotoClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cvn_mtproto_client_connect_async (client, NULL, store_result, &result);
  g_assert (cvn_test_wait_for_result (NULL, &result, WAIT_MS, &error));
  g_assert (cvn_mtproto_client_connect_finish (client, result, &error));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnRsaKey) key = cvn_rsa_key_generate (2048, &error);
  g_autoptr(CvnMtprotoServer) server = NULL;
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlObject *query = cvn_tl_object_new (arena, CVN_TL_API_HELP_GET_NEAREST_DC_CTOR);
  const guint n_kx = 10, n_seq = 3000, n_pipe = 10000;
  double kx_total = 0, kx_min = G_MAXDOUBLE, kx_max = 0, kx_first = 0;
  gint64 start;
  double secs;

  g_assert (key != NULL);
  server = cvn_mtproto_server_new (key, 2);
  cvn_mtproto_server_set_handler (server, handler, NULL, NULL);
  g_assert (cvn_mtproto_server_listen (server, "127.0.0.1", 0, &error));

  /* Key exchange, over a fresh connection each time (DH prime checks cached after the
   * first, as in a real client). */
  for (guint i = 0; i < n_kx; i++)
    {
      g_autoptr(CvnMtprotoClient) client = new_client (server, key, CVN_MTPROTO_FRAMING_INTERMEDIATE,
                                                       i % 2 == 1);
      double ms;

      connect_client (client);
      ms = cvn_mtproto_client_get_key_exchange_time (client) / 1000.0;
      kx_total += ms;
      if (i == 0)
        kx_first = ms;
      kx_min = MIN (kx_min, ms);
      kx_max = MAX (kx_max, ms);
      cvn_mtproto_client_close (client);
    }
  printf ("key exchange: first %.1f ms (proves the DH prime), then %.1f ms mean; %.1f min, %.1f max "
          "(%u exchanges, loopback, both roles in one process)\n",
          kx_first, (kx_total - kx_first) / (n_kx - 1), kx_min, kx_max, n_kx);

  for (int obfuscated = 0; obfuscated < 2; obfuscated++)
    {
      g_autoptr(CvnMtprotoClient) client = new_client (server, key, CVN_MTPROTO_FRAMING_INTERMEDIATE,
                                                       obfuscated);
      const char *name = obfuscated ? "obfuscated intermediate" : "intermediate";

      connect_client (client);

      /* One request at a time: round trips. */
      done = 0;
      start = g_get_monotonic_time ();
      for (guint i = 0; i < n_seq; i++)
        {
          cvn_mtproto_client_invoke_async (client, query, NULL, count_cb, NULL);
          g_assert (cvn_test_wait_until (NULL, all_done, GUINT_TO_POINTER (i + 1), WAIT_MS, NULL));
        }
      secs = (g_get_monotonic_time () - start) / 1e6;
      printf ("%s: %.0f sequential RPC round trips/s (%u in %.2f s)\n", name, n_seq / secs, n_seq, secs);

      /* All at once: throughput with containers. */
      done = 0;
      start = g_get_monotonic_time ();
      for (guint i = 0; i < n_pipe; i++)
        cvn_mtproto_client_invoke_async (client, query, NULL, count_cb, NULL);
      g_assert (cvn_test_wait_until (NULL, all_done, GUINT_TO_POINTER (n_pipe), WAIT_MS, NULL));
      secs = (g_get_monotonic_time () - start) / 1e6;
      printf ("%s: %.0f pipelined RPCs/s (%u in %.2f s)\n", name, n_pipe / secs, n_pipe, secs);
      cvn_mtproto_client_close (client);
    }
  return 0;
}
