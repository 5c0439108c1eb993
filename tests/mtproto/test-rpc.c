/* test-rpc.c: client against server on loopback: key exchange, RPCs, pipelining, errors,
 * socket cuts, clock skew, wrong keys, tampering.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-client.h"
#include "cvn-mtproto-error.h"
#include "cvn-mtproto-server.h"
#include "cvn-test-wait.h"

#include <string.h>

#define WAIT_MS 20000

static CvnRsaKey *server_key;
static CvnRsaKey *other_key;

typedef struct
{
  CvnMtprotoServer *server;
  CvnMtprotoClient *client;
  GHashTable       *executions;   /* msg_id -> count */
  guint             n_executed;
  guint             n_init_connection;
  gint32            last_layer;
  guint             cut_at;       /* cut every connection when this request arrives (1-based) */
  gboolean          answer_later; /* answer from an idle after the cut */
  gboolean          flood_once;   /* answer FLOOD_WAIT_1 to the next request */
  gboolean          hold;         /* keep requests unanswered in held */
  GPtrArray        *held;         /* requests to answer later */

  /* proxy */
  GSocketService   *proxy;
  guint16           proxy_port;
  guint             tamper_frame; /* server -> client frame to damage, 0: none */
  GPtrArray        *pipes;
} Fixture;

static void
answer_nearest (CvnMtprotoServerRequest *request,
                guint                    n)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  CvnTlApiNearestDc *dc = (CvnTlApiNearestDc *) cvn_tl_object_new (arena, CVN_TL_API_NEAREST_DC_CTOR);

  cvn_tl_string_set (arena, &dc->country, "XX");
  dc->this_dc = 2;
  dc->nearest_dc = (gint32) n;
  g_assert_true (cvn_mtproto_server_request_return_object (request, &dc->parent, &error));
  g_assert_no_error (error);
}

static gboolean
answer_held_cb (gpointer data)
{
  Fixture *f = data;

  for (guint i = 0; i < f->held->len; i++)
    answer_nearest (f->held->pdata[i], 0);
  g_ptr_array_set_size (f->held, 0);
  return G_SOURCE_REMOVE;
}

static void
handler (CvnMtprotoServer        *server,
         CvnMtprotoServerRequest *request,
         gpointer                 user_data)
{
  Fixture *f = user_data;
  const CvnTlObject *query = cvn_mtproto_server_request_get_query (request);
  gint64 msg_id = cvn_mtproto_server_request_get_msg_id (request);
  guint count = GPOINTER_TO_UINT (g_hash_table_lookup (f->executions, &msg_id));

  g_hash_table_insert (f->executions, g_memdup2 (&msg_id, sizeof msg_id), GUINT_TO_POINTER (count + 1));
  f->n_executed++;
  if (cvn_mtproto_server_request_get_init_connection (request) != NULL)
    {
      f->n_init_connection++;
      f->last_layer = cvn_mtproto_server_request_get_layer (request);
    }

  switch (query->ctor->id)
    {
    case CVN_TL_API_HELP_GET_NEAREST_DC_ID:
      if (f->hold)
        {
          g_ptr_array_add (f->held, cvn_mtproto_server_request_ref (request));
          return;
        }
      if (f->flood_once)
        {
          f->flood_once = FALSE;
          cvn_mtproto_server_request_return_error (request, 420, "FLOOD_WAIT_1");
          return;
        }
      if (f->cut_at != 0 && f->n_executed == f->cut_at)
        {
          /* The socket dies while the request runs. */
          cvn_mtproto_server_close_connections (server);
          if (f->answer_later)
            {
              g_ptr_array_add (f->held, cvn_mtproto_server_request_ref (request));
              g_timeout_add (50, answer_held_cb, f);
              return;
            }
        }
      answer_nearest (request, f->n_executed);
      return;
    case CVN_TL_API_HELP_GET_CONFIG_ID:
      cvn_mtproto_server_request_return_error (request, 420, "FLOOD_WAIT_7");
      return;
    case CVN_TL_API_HELP_GET_SUPPORT_NAME_ID:
      {
        /* An update pushed to the session before the answer. */
        g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
        g_autoptr(GError) error = NULL;

        g_assert_true (cvn_mtproto_server_session_push (cvn_mtproto_server_request_get_session (request),
                                                        cvn_tl_object_new (arena, CVN_TL_API_UPDATES_TOO_LONG_CTOR),
                                                        &error));
        g_assert_no_error (error);
        {
          CvnTlApiHelpSupportName *name = (CvnTlApiHelpSupportName *) cvn_tl_object_new (arena, CVN_TL_API_HELP_SUPPORT_NAME_CTOR);

          cvn_tl_string_set (arena, &name->name, "convene");
          g_assert_true (cvn_mtproto_server_request_return_object (request, &name->parent, &error));
        }
        return;
      }
    case CVN_TL_API_HELP_GET_CDN_CONFIG_ID:
      cvn_mtproto_server_request_return_error (request, 303, "PHONE_MIGRATE_4");
      return;
    default:
      cvn_mtproto_server_request_return_error (request, 400, "METHOD_NOT_IMPLEMENTED");
      return;
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->executions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  f->held = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_server_request_unref);
  f->pipes = g_ptr_array_new_with_free_func (g_object_unref);
  f->server = cvn_mtproto_server_new (server_key, 2);
  cvn_mtproto_server_set_handler (f->server, handler, f, NULL);
  g_assert_true (cvn_mtproto_server_listen (f->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->client != NULL)
    cvn_mtproto_client_close (f->client);
  g_clear_object (&f->client);
  if (f->proxy != NULL)
    {
      g_socket_service_stop (f->proxy);
      g_socket_listener_close (G_SOCKET_LISTENER (f->proxy));
      g_clear_object (&f->proxy);
    }
  for (guint i = 0; i < f->pipes->len; i++)
    g_io_stream_close (f->pipes->pdata[i], NULL, NULL);
  g_clear_pointer (&f->pipes, g_ptr_array_unref);
  g_clear_pointer (&f->held, g_ptr_array_unref);
  g_clear_object (&f->server);
  g_clear_pointer (&f->executions, g_hash_table_unref);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static CvnMtprotoClient *
make_client (Fixture   *f,
             CvnRsaKey *trusted,
             guint16    port)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rsa_key_free);

  g_ptr_array_add (keys, cvn_rsa_key_copy (trusted));
  return cvn_mtproto_client_new ("127.0.0.1", port != 0 ? port : cvn_mtproto_server_get_port (f->server),
                                 2, keys);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static CvnMtprotoResult *
invoke_sync (CvnMtprotoClient *client,
             guint32           method_index_id,
             GError          **error)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) wait_error = NULL;
  CvnTlObject *query = cvn_tl_object_new (arena, cvn_tl_lookup_id (method_index_id));

  cvn_mtproto_client_invoke_async (client, query, NULL, store_result, &result);
  g_assert_true (cvn_test_wait_for_result (NULL, &result, WAIT_MS, &wait_error));
  return cvn_mtproto_client_invoke_finish (client, result, error);
}

static void
assert_nearest (CvnMtprotoResult *result)
{
  CvnTlObject *object = cvn_mtproto_result_get_object (result);

  g_assert_nonnull (object);
  g_assert_cmphex (object->ctor->id, ==, CVN_TL_API_NEAREST_DC_ID);
  g_assert_cmpstr (((CvnTlApiNearestDc *) object)->country.str, ==, "XX");
}

static void
connect_sync (CvnMtprotoClient *client,
              GError          **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) wait_error = NULL;

  cvn_mtproto_client_connect_async (client, NULL, store_result, &result);
  g_assert_true (cvn_test_wait_for_result (NULL, &result, WAIT_MS, &wait_error));
  cvn_mtproto_client_connect_finish (client, result, error);
}

static void
test_key_exchange (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;

  f->client = make_client (f, server_key, 0);
  cvn_mtproto_client_set_transport (f->client, GPOINTER_TO_UINT (data) % 3, GPOINTER_TO_UINT (data) >= 3);
  connect_sync (f->client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (cvn_mtproto_client_get_auth_key (f->client));
  g_assert_cmpuint (cvn_mtproto_server_get_n_auth_keys (f->server), ==, 1);
  g_test_message ("key exchange: %.1f ms",
                  cvn_mtproto_client_get_key_exchange_time (f->client) / 1000.0);

  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_no_error (error);
  assert_nearest (result);
  /* The first request came in invokeWithLayer (223, initConnection (...)). */
  g_assert_cmpuint (f->n_init_connection, ==, 1);
  g_assert_cmpint (f->last_layer, ==, 223);
  g_clear_pointer (&result, cvn_mtproto_result_unref);
  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (f->n_init_connection, ==, 1);
  g_assert_cmpuint (f->n_executed, ==, 2);
}

typedef struct
{
  guint done;
  guint failed;
} Counter;

static void
count_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Counter *c = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) r = cvn_mtproto_client_invoke_finish (CVN_MTPROTO_CLIENT (source),
                                                                     result, &error);

  if (r != NULL)
    {
      assert_nearest (r);
      c->done++;
    }
  else
    c->failed++;
}

static gboolean
counter_reached (gpointer data)
{
  Counter *c = data;

  return c->done + c->failed >= 1000;
}

static gboolean
every_execution_once (Fixture *f)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, f->executions);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (GPOINTER_TO_UINT (value) != 1)
      return FALSE;
  return TRUE;
}

static void
test_pipelined (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  CvnTlObject *query = cvn_tl_object_new (arena, CVN_TL_API_HELP_GET_NEAREST_DC_CTOR);
  Counter c = { 0 };
  gint64 start;
  double elapsed;

  f->client = make_client (f, server_key, 0);
  connect_sync (f->client, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < 1000; i++)
    cvn_mtproto_client_invoke_async (f->client, query, NULL, count_cb, &c);
  cvn_test_assert_wait (NULL, counter_reached, &c, WAIT_MS);
  elapsed = (g_get_monotonic_time () - start) / 1e6;
  g_test_message ("1000 pipelined RPCs in %.3f s: %.0f RPC/s", elapsed, 1000 / elapsed);
  g_assert_cmpuint (c.done, ==, 1000);
  g_assert_cmpuint (f->n_executed, ==, 1000);
  g_assert_true (every_execution_once (f));
  g_assert_cmpuint (cvn_mtproto_client_get_n_pending (f->client), ==, 0);
}

static void
test_rpc_errors (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;

  f->client = make_client (f, server_key, 0);
  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_CONFIG_ID, &error);
  g_assert_null (result);
  g_assert_error (error, CVN_MTPROTO_RPC_ERROR, 420);
  g_assert_cmpstr (cvn_mtproto_rpc_error_get_message (error), ==, "FLOOD_WAIT_7");
  g_assert_cmpuint (cvn_mtproto_rpc_error_get_wait_seconds (error), ==, 7);
  g_assert_cmpint (cvn_mtproto_rpc_error_get_migrate_dc (error), ==, 0);
  g_clear_error (&error);

  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_CDN_CONFIG_ID, &error);
  g_assert_error (error, CVN_MTPROTO_RPC_ERROR, 303);
  g_assert_cmpint (cvn_mtproto_rpc_error_get_migrate_dc (error), ==, 4);
  g_assert_cmpint (cvn_mtproto_rpc_error_get_code (error), ==, 303);
  g_clear_error (&error);

  /* A GError of another domain has no rpc fields. */
  error = g_error_new_literal (CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_FAILED, "x");
  g_assert_null (cvn_mtproto_rpc_error_get_message (error));
  g_assert_cmpuint (cvn_mtproto_rpc_error_get_wait_seconds (error), ==, 0);
}

/* A second client with the first one's auth key (as if loaded from disk): no new key
 * exchange, a new session, and the server tells it the salt if it is stale. */
static void
test_known_key (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;
  g_autoptr(CvnMtprotoClient) second = NULL;
  CvnMtprotoAuthKey key;

  f->client = make_client (f, server_key, 0);
  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_no_error (error);
  key = *cvn_mtproto_client_get_auth_key (f->client);
  cvn_mtproto_client_close (f->client);

  second = make_client (f, other_key, 0);  /* no trusted key: an exchange would fail */
  cvn_mtproto_client_set_auth_key (second, &key, 0x1234);
  g_clear_pointer (&result, cvn_mtproto_result_unref);
  result = invoke_sync (second, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_no_error (error);
  assert_nearest (result);
  g_assert_cmpuint (cvn_mtproto_server_get_n_auth_keys (f->server), ==, 1);
  g_assert_cmpuint (cvn_mtproto_server_get_rejections (f->server, CVN_MTPROTO_REJECT_SALT), ==, 1);
  g_assert_cmpint (cvn_mtproto_client_get_key_exchange_time (second), ==, 0);
  cvn_mtproto_client_close (second);
}

static gboolean
no_server_connection (gpointer data)
{
  return cvn_mtproto_server_get_n_connections (data) == 0;
}

/* ping_delay_disconnect: pings in time keep the connection; without them the server
 * closes it after the delay. */
static void
test_keepalive (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;
  gint64 until;

  f->client = make_client (f, server_key, 0);
  cvn_mtproto_client_set_keepalive (f->client, 1, 2);
  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_no_error (error);
  /* 3.5 s: beyond the 2 s delay, but pings come every second. */
  until = g_get_monotonic_time () + 3500 * 1000;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
  g_assert_cmpuint (cvn_mtproto_server_get_n_connections (f->server), ==, 1);
  g_assert_cmpuint (cvn_mtproto_client_get_n_connects (f->client), ==, 1);
  cvn_mtproto_client_close (f->client);
  g_clear_object (&f->client);

  /* One ping asking for 1 s, then silence: the server hangs up. */
  f->client = make_client (f, server_key, 0);
  cvn_mtproto_client_set_keepalive (f->client, 1, 1);
  g_clear_pointer (&result, cvn_mtproto_result_unref);
  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_no_error (error);
  /* Second-granularity timers: the first ping goes out within 2 s. */
  until = g_get_monotonic_time () + 2500 * 1000;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE), g_usleep (2000);
  cvn_mtproto_client_set_keepalive (f->client, 0, 1);
  cvn_test_assert_wait (NULL, no_server_connection, f->server, 10000);
}

static void
update_cb (CvnMtprotoClient *client,
           CvnMtprotoResult *update,
           guint            *n)
{
  g_assert_cmphex (cvn_mtproto_result_get_object (update)->ctor->id, ==, CVN_TL_API_UPDATES_TOO_LONG_ID);
  (*n)++;
}

static gboolean
count_reached_one (gpointer data)
{
  return *(guint *) data >= 1;
}

/* The server pushes an update to the session; the client emits ::update. */
static void
test_push_update (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;
  guint n = 0;

  f->client = make_client (f, server_key, 0);
  g_signal_connect (f->client, "update", G_CALLBACK (update_cb), &n);
  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_SUPPORT_NAME_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (((CvnTlApiHelpSupportName *) cvn_mtproto_result_get_object (result))->name.str, ==, "convene");
  cvn_test_assert_wait (NULL, count_reached_one, &n, WAIT_MS);
  g_assert_cmpuint (n, ==, 1);
}

static gboolean
executed_one (gpointer data)
{
  return ((Fixture *) data)->n_executed >= 1;
}

static gboolean
nothing_pending (gpointer data)
{
  return cvn_mtproto_client_get_n_pending (data) == 0;
}

/* Cancelling a request that the server runs: the caller gets G_IO_ERROR_CANCELLED, the
 * server an rpc_drop_answer, and the late answer is ignored. */
static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) value = NULL;

  f->client = make_client (f, server_key, 0);
  f->hold = TRUE;
  cvn_mtproto_client_invoke_async (f->client, cvn_tl_object_new (arena, CVN_TL_API_HELP_GET_NEAREST_DC_CTOR),
                                   cancellable, store_result, &result);
  cvn_test_assert_wait (NULL, executed_one, f, WAIT_MS);
  g_cancellable_cancel (cancellable);
  g_assert_true (cvn_test_wait_for_result (NULL, &result, WAIT_MS, &error));
  value = cvn_mtproto_client_invoke_finish (f->client, result, &error);
  g_assert_null (value);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  /* The rpc_drop_answer is answered, and nothing stays queued. */
  cvn_test_assert_wait (NULL, nothing_pending, f->client, WAIT_MS);
  g_assert_cmpuint (cvn_mtproto_server_get_n_drop_answers (f->server), ==, 1);
  /* The held request's answer comes late and is dropped. */
  answer_held_cb (f);
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (cvn_mtproto_client_get_n_pending (f->client), ==, 0);
}

/* A short FLOOD_WAIT is waited out and the request retried; a long one fails. */
static void
test_flood_wait (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;
  gint64 start;

  f->client = make_client (f, server_key, 0);
  f->flood_once = TRUE;
  start = g_get_monotonic_time ();
  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_no_error (error);
  assert_nearest (result);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC - 50000);
  g_assert_cmpuint (f->n_executed, ==, 2);
  g_assert_cmpuint (cvn_mtproto_client_get_n_flood_retries (f->client), ==, 1);

  /* Threshold 0: the error comes through. */
  cvn_mtproto_client_set_flood_wait_threshold (f->client, 0);
  f->flood_once = TRUE;
  g_clear_pointer (&result, cvn_mtproto_result_unref);
  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_error (error, CVN_MTPROTO_RPC_ERROR, 420);
  g_assert_cmpuint (cvn_mtproto_rpc_error_get_wait_seconds (error), ==, 1);
}

/* The server loses the socket while the request runs; the client reconnects, resends it
 * under the same msg_id, and it completes exactly once. */
static void
test_cut_mid_request (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;

  f->answer_later = GPOINTER_TO_UINT (data);
  f->client = make_client (f, server_key, 0);
  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_no_error (error);
  g_clear_pointer (&result, cvn_mtproto_result_unref);

  f->cut_at = 2;
  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_no_error (error);
  assert_nearest (result);
  g_assert_cmpuint (f->n_executed, ==, 2);
  g_assert_true (every_execution_once (f));
  g_assert_cmpuint (cvn_mtproto_client_get_n_connects (f->client), ==, 2);
  g_assert_cmpuint (cvn_mtproto_client_get_n_resent (f->client), >=, 1);
  g_assert_cmpuint (cvn_mtproto_server_get_n_duplicates (f->server), >=, 1);

  /* And the client side cutting with many requests in flight. */
  {
    g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
    CvnTlObject *query = cvn_tl_object_new (arena, CVN_TL_API_HELP_GET_NEAREST_DC_CTOR);
    Counter c = { 0 };

    f->cut_at = 0;
    for (guint i = 0; i < 1000; i++)
      {
        cvn_mtproto_client_invoke_async (f->client, query, NULL, count_cb, &c);
        if (i == 500)
          {
            /* Let some go out, then cut. */
            for (int k = 0; k < 20; k++)
              g_main_context_iteration (NULL, FALSE);
            cvn_mtproto_client_cut_connection (f->client);
          }
      }
    cvn_test_assert_wait (NULL, counter_reached, &c, WAIT_MS);
    g_assert_cmpuint (c.done, ==, 1000);
    g_assert_cmpuint (f->n_executed, ==, 1002);
    g_assert_true (every_execution_once (f));
  }
}

/* The server's clock is ±10 minutes off: the key exchange teaches the client. Then the
 * server's clock jumps another 10 minutes: bad_msg_notification 16/17, resync, resend. */
static void
test_clock_skew (Fixture       *f,
                 gconstpointer  data)
{
  gint64 skew = (GPOINTER_TO_INT (data) ? 600 : -600) * G_USEC_PER_SEC;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;
  CvnMtprotoRejection expected = skew > 0 ? CVN_MTPROTO_REJECT_MSG_ID_TOO_LOW
                                          : CVN_MTPROTO_REJECT_MSG_ID_TOO_HIGH;

  cvn_mtproto_server_set_clock_offset (f->server, skew);
  f->client = make_client (f, server_key, 0);
  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_no_error (error);
  assert_nearest (result);
  g_assert_cmpint (ABS (cvn_mtproto_session_get_time_offset (cvn_mtproto_client_get_session (f->client)) - skew),
                   <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (cvn_mtproto_server_get_rejections (f->server, expected), ==, 0);

  cvn_mtproto_server_set_clock_offset (f->server, 2 * skew);
  g_clear_pointer (&result, cvn_mtproto_result_unref);
  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_no_error (error);
  assert_nearest (result);
  g_assert_cmpuint (cvn_mtproto_server_get_rejections (f->server, expected), >=, 1);
  g_assert_cmpint (ABS (cvn_mtproto_session_get_time_offset (cvn_mtproto_client_get_session (f->client)) - 2 * skew),
                   <, 2 * G_USEC_PER_SEC);
  g_assert_cmpuint (f->n_executed, ==, 2);
}

/* New salts on the server: bad_server_salt, then the request goes again. */
static void
test_bad_salt (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;

  f->client = make_client (f, server_key, 0);
  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_no_error (error);
  g_clear_pointer (&result, cvn_mtproto_result_unref);
  cvn_mtproto_server_rotate_salts (f->server);
  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_no_error (error);
  assert_nearest (result);
  g_assert_cmpuint (cvn_mtproto_server_get_rejections (f->server, CVN_MTPROTO_REJECT_SALT), ==, 1);
  g_assert_cmpuint (f->n_executed, ==, 2);
}

static void
test_wrong_fingerprint (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;

  f->client = make_client (f, other_key, 0);
  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_null (result);
  g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_AUTH_KEY);
  g_assert_nonnull (strstr (error->message, "no RSA key we trust"));
  g_assert_cmpuint (f->n_executed, ==, 0);
  g_assert_cmpuint (cvn_mtproto_server_get_n_auth_keys (f->server), ==, 0);
}

/* --- a proxy that damages one server -> client frame (intermediate framing) --------- */

typedef struct
{
  Fixture      *f;
  GIOStream    *from;
  GIOStream    *to;
  gboolean      down;   /* server -> client */
  guint8        buf[65536];
  /* frame parser for the downstream */
  guint         frame;
  guint32       need;   /* bytes left in the current frame */
  guint8        head[4];
  guint         head_len;
} Pipe;

static void pipe_read (Pipe *pipe);

static void
pipe_free (Pipe *pipe)
{
  g_io_stream_close (pipe->to, NULL, NULL);
  g_object_unref (pipe->from);
  g_object_unref (pipe->to);
  g_free (pipe);
}

static void
pipe_written (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pipe *pipe = user_data;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL))
    {
      pipe_free (pipe);
      return;
    }
  pipe_read (pipe);
}

static void
damage (Pipe   *pipe,
        guint8 *data,
        gsize   len)
{
  for (gsize i = 0; i < len; i++)
    {
      if (pipe->need == 0)
        {
          pipe->head[pipe->head_len++] = data[i];
          if (pipe->head_len == 4)
            {
              pipe->need = (guint32) pipe->head[0] | (guint32) pipe->head[1] << 8 |
                           (guint32) pipe->head[2] << 16 | (guint32) (pipe->head[3] & 0x7f) << 24;
              pipe->head_len = 0;
              pipe->frame++;
            }
          continue;
        }
      /* A byte deep in the encrypted part of the chosen frame. */
      if (pipe->frame == pipe->f->tamper_frame && pipe->need == 8)
        data[i] ^= 0x01;
      pipe->need--;
    }
}

static void
pipe_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Pipe *pipe = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, NULL);

  if (n <= 0)
    {
      pipe_free (pipe);
      return;
    }
  if (pipe->down)
    damage (pipe, pipe->buf, n);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (pipe->to), pipe->buf, n,
                                   G_PRIORITY_DEFAULT, NULL, pipe_written, pipe);
}

static void
pipe_read (Pipe *pipe)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (pipe->from), pipe->buf, sizeof pipe->buf,
                             G_PRIORITY_DEFAULT, NULL, pipe_read_cb, pipe);
}

static gboolean
proxy_incoming (GSocketService    *service,
                GSocketConnection *conn,
                GObject           *source,
                Fixture           *f)
{
  g_autoptr(GSocketClient) sc = g_socket_client_new ();
  g_autoptr(GError) error = NULL;
  GSocketConnection *up = g_socket_client_connect_to_host (sc, "127.0.0.1",
                                                           cvn_mtproto_server_get_port (f->server),
                                                           NULL, &error);
  Pipe *a, *b;

  g_assert_no_error (error);
  g_ptr_array_add (f->pipes, g_object_ref (conn));
  g_ptr_array_add (f->pipes, up);
  a = g_new0 (Pipe, 1);
  a->f = f;
  a->from = g_object_ref (G_IO_STREAM (conn));
  a->to = g_object_ref (G_IO_STREAM (up));
  b = g_new0 (Pipe, 1);
  b->f = f;
  b->from = g_object_ref (G_IO_STREAM (up));
  b->to = g_object_ref (G_IO_STREAM (conn));
  b->down = TRUE;
  pipe_read (a);
  pipe_read (b);
  return TRUE;
}

static void
start_proxy (Fixture *f)
{
  g_autoptr(GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  f->proxy = g_socket_service_new ();
  g_assert_true (g_socket_listener_add_address (G_SOCKET_LISTENER (f->proxy), addr,
                                                G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                                                NULL, &effective, &error));
  f->proxy_port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (f->proxy, "incoming", G_CALLBACK (proxy_incoming), f);
  g_socket_service_start (f->proxy);
}

typedef struct
{
  CvnMtprotoClient *client;
  guint64           before;
} RejectWait;

static gboolean
client_rejected (gpointer data)
{
  RejectWait *w = data;

  return cvn_mtproto_client_get_rejections (w->client, CVN_MTPROTO_REJECT_DECRYPT) > w->before;
}

/* A server message changed on the wire is refused (msg_key); the request is not answered
 * with it, and completes once after the client reconnects and resends. */
static void
test_tampered (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CvnMtprotoResult) value = NULL;
  g_autoptr(GError) error = NULL;
  CvnTlObject *query = cvn_tl_object_new (arena, CVN_TL_API_HELP_GET_NEAREST_DC_CTOR);
  RejectWait w;

  start_proxy (f);
  f->client = make_client (f, server_key, f->proxy_port);
  connect_sync (f->client, &error);
  g_assert_no_error (error);
  /* resPQ, server_DH_params_ok, dh_gen_ok, then the first encrypted frame. */
  f->tamper_frame = 4;
  w.client = f->client;
  w.before = cvn_mtproto_client_get_rejections (f->client, CVN_MTPROTO_REJECT_DECRYPT);
  cvn_mtproto_client_invoke_async (f->client, query, NULL, store_result, &result);
  cvn_test_assert_wait (NULL, client_rejected, &w, WAIT_MS);
  g_assert_cmpuint (cvn_mtproto_client_get_rejections (f->client, CVN_MTPROTO_REJECT_DECRYPT),
                    ==, w.before + 1);

  /* The answer was in that frame or comes next; either way exactly one execution. */
  if (result == NULL)
    {
      for (int i = 0; i < 50 && result == NULL; i++)
        g_main_context_iteration (NULL, FALSE);
      if (result == NULL)
        cvn_mtproto_client_cut_connection (f->client);
    }
  g_assert_true (cvn_test_wait_for_result (NULL, &result, WAIT_MS, &error));
  value = cvn_mtproto_client_invoke_finish (f->client, result, &error);
  g_assert_no_error (error);
  assert_nearest (value);
  g_assert_cmpuint (f->n_executed, ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  static const char *framings[] = {
    "abridged", "intermediate", "padded-intermediate",
    "obfuscated-abridged", "obfuscated-intermediate", "obfuscated-padded-intermediate",
  };
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  server_key = cvn_rsa_key_generate (2048, &error);
  g_assert_no_error (error);
  other_key = cvn_rsa_key_generate (2048, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (framings); i++)
    {
      g_autofree char *path = g_strdup_printf ("/mtproto/rpc/key-exchange/%s", framings[i]);

      g_test_add (path, Fixture, GUINT_TO_POINTER (i), fixture_setup, test_key_exchange, fixture_teardown);
    }
  g_test_add ("/mtproto/rpc/pipelined-1000", Fixture, NULL, fixture_setup, test_pipelined, fixture_teardown);
  g_test_add ("/mtproto/rpc/rpc-errors", Fixture, NULL, fixture_setup, test_rpc_errors, fixture_teardown);
  g_test_add ("/mtproto/rpc/known-auth-key", Fixture, NULL, fixture_setup, test_known_key, fixture_teardown);
  g_test_add ("/mtproto/rpc/keepalive", Fixture, NULL, fixture_setup, test_keepalive, fixture_teardown);
  g_test_add ("/mtproto/rpc/push-update", Fixture, NULL, fixture_setup, test_push_update, fixture_teardown);
  g_test_add ("/mtproto/rpc/cancel", Fixture, NULL, fixture_setup, test_cancel, fixture_teardown);
  g_test_add ("/mtproto/rpc/flood-wait", Fixture, NULL, fixture_setup, test_flood_wait, fixture_teardown);
  g_test_add ("/mtproto/rpc/cut-mid-request/answered", Fixture, GUINT_TO_POINTER (0),
              fixture_setup, test_cut_mid_request, fixture_teardown);
  g_test_add ("/mtproto/rpc/cut-mid-request/running", Fixture, GUINT_TO_POINTER (1),
              fixture_setup, test_cut_mid_request, fixture_teardown);
  g_test_add ("/mtproto/rpc/clock-skew/ahead", Fixture, GINT_TO_POINTER (1),
              fixture_setup, test_clock_skew, fixture_teardown);
  g_test_add ("/mtproto/rpc/clock-skew/behind", Fixture, GINT_TO_POINTER (0),
              fixture_setup, test_clock_skew, fixture_teardown);
  g_test_add ("/mtproto/rpc/bad-server-salt", Fixture, NULL, fixture_setup, test_bad_salt, fixture_teardown);
  g_test_add ("/mtproto/rpc/wrong-fingerprint", Fixture, NULL, fixture_setup, test_wrong_fingerprint,
              fixture_teardown);
  g_test_add ("/mtproto/rpc/tampered", Fixture, NULL, fixture_setup, test_tampered, fixture_teardown);

  ret = g_test_run ();
  cvn_rsa_key_free (server_key);
  cvn_rsa_key_free (other_key);
  return ret;
}
