/* sandbox-rpc-test-util.h: a CvnCallRpc served by an in-process sandbox world, for tests
 * that run the group-call code against the real server logic without sockets or threads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Requests go to cvn_sandbox_dispatch(); results and pushed updates take the wire form
 * (encoded, then decoded again), as over MTProto. Results arrive after a random delay of
 * 0..max_delay_ms on the world's clock (a fake clock in tests), so they race the updates
 * the world pushes meanwhile. Include it from one file per executable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-call-rpc-private.h"
#include "cvn-mtproto-error.h"
#include "cvn-sandbox-dispatch.h"
#include "cvn-sandbox-error.h"

#define TEST_TYPE_SANDBOX_RPC (test_sandbox_rpc_get_type ())

G_DECLARE_FINAL_TYPE (TestSandboxRpc, test_sandbox_rpc, TEST, SANDBOX_RPC, GObject)

struct _TestSandboxRpc
{
  GObject            parent_instance;

  CvnSandboxWorld   *world;
  CvnSandboxSession *session;
  CvnClock          *clock;
  GRand             *rand;
  guint              max_delay_ms;
  guint              n_invoked;
  GHashTable        *in_flight;     /* clock timeout id -> Answer* */
  /* methods answered with an error instead of being run: ctor id -> "CODE MESSAGE" */
  GHashTable        *fail_once;
};

typedef struct
{
  TestSandboxRpc *rpc;
  GTask          *task;
  CvnCallReply   *reply;
  GError         *error;
  guint           id;
} Answer;

static void test_sandbox_rpc_iface_init (CvnCallRpcInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TestSandboxRpc, test_sandbox_rpc, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (CVN_TYPE_CALL_RPC, test_sandbox_rpc_iface_init))

static void
answer_free (gpointer data)
{
  Answer *answer = data;

  g_clear_object (&answer->task);
  g_clear_pointer (&answer->reply, _cvn_call_reply_unref);
  g_clear_error (&answer->error);
  g_free (answer);
}

static void
answer_fire (gpointer data)
{
  Answer *answer = data;
  GTask *task = g_steal_pointer (&answer->task);

  if (answer->reply != NULL)
    g_task_return_pointer (task, g_steal_pointer (&answer->reply), (GDestroyNotify) _cvn_call_reply_unref);
  else
    g_task_return_error (task, g_steal_pointer (&answer->error));
  g_object_unref (task);
  g_hash_table_remove (answer->rpc->in_flight, GUINT_TO_POINTER (answer->id));
}

static void
test_sandbox_rpc_invoke_async (CvnCallRpc          *rpc,
                               const CvnTlObject   *query,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  TestSandboxRpc *self = TEST_SANDBOX_RPC (rpc);
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) rpc_error = NULL;
  Answer *answer = g_new0 (Answer, 1);
  const char *fail;
  CvnTlValue result = { 0 };
  guint delay;

  self->n_invoked++;
  answer->rpc = self;
  answer->task = g_task_new (self, cancellable, callback, user_data);

  fail = g_hash_table_lookup (self->fail_once, GUINT_TO_POINTER (query->ctor->id));
  if (fail != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (fail, " ", 2);

      answer->error = cvn_mtproto_rpc_error_new (atoi (parts[0]), parts[1]);
      g_hash_table_remove (self->fail_once, GUINT_TO_POINTER (query->ctor->id));
    }
  else if (cvn_sandbox_dispatch (self->world, self->session, query, arena, &result, &rpc_error))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = cvn_sandbox_encode_result (&result, &error);
      CvnTlArena *wire_arena = cvn_tl_arena_new ();
      CvnTlValue decoded = { 0 };
      gsize len;
      const guint8 *data;

      g_assert_no_error (error);
      data = g_bytes_get_data (bytes, &len);
      if (!cvn_tl_decode_result (query, data, len, wire_arena, &decoded, &error))
        g_error ("the sandbox's answer does not decode: %s", error->message);
      answer->reply = _cvn_call_reply_new (&decoded, wire_arena, (GDestroyNotify) cvn_tl_arena_free);
    }
  else
    {
      g_assert_true (rpc_error->domain == CVN_SANDBOX_RPC_ERROR);
      answer->error = cvn_mtproto_rpc_error_new (rpc_error->code, rpc_error->message);
    }

  delay = self->max_delay_ms > 0 ? (guint) g_rand_int_range (self->rand, 0, (gint32) self->max_delay_ms + 1) : 0;
  answer->id = cvn_clock_add_timeout (self->clock, delay, answer_fire, answer);
  g_hash_table_insert (self->in_flight, GUINT_TO_POINTER (answer->id), answer);
}

static CvnCallReply *
test_sandbox_rpc_invoke_finish (CvnCallRpc    *rpc,
                                GAsyncResult  *result,
                                GError       **error)
{
  return g_task_propagate_pointer (G_TASK (result), error);
}

static gint64
test_sandbox_rpc_get_user_id (CvnCallRpc *rpc)
{
  return cvn_sandbox_session_get_user_id (TEST_SANDBOX_RPC (rpc)->session);
}

static void
test_sandbox_rpc_iface_init (CvnCallRpcInterface *iface)
{
  iface->invoke_async = test_sandbox_rpc_invoke_async;
  iface->invoke_finish = test_sandbox_rpc_invoke_finish;
  iface->get_user_id = test_sandbox_rpc_get_user_id;
}

static void
test_sandbox_rpc_session_update_cb (CvnSandboxSession *session,
                                    GBytes            *bytes,
                                    gpointer           user_data)
{
  TestSandboxRpc *self = user_data;
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  CvnTlObject *updates = cvn_tl_decode (data, len, arena, &error);

  g_assert_no_error (error);
  _cvn_call_rpc_emit_updates (CVN_CALL_RPC (self), updates);
}

static void
test_sandbox_rpc_dispose (GObject *object)
{
  TestSandboxRpc *self = TEST_SANDBOX_RPC (object);
  GHashTableIter iter;
  gpointer value;

  /* answers never delivered: their timeouts go with the clock's owner */
  if (self->in_flight != NULL)
    {
      g_hash_table_iter_init (&iter, self->in_flight);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        cvn_clock_remove_timeout (self->clock, ((Answer *) value)->id);
      g_clear_pointer (&self->in_flight, g_hash_table_unref);
    }
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      cvn_sandbox_world_close_session (self->world, self->session);
    }
  g_clear_object (&self->session);
  g_clear_object (&self->world);
  g_clear_object (&self->clock);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->fail_once, g_hash_table_unref);

  G_OBJECT_CLASS (test_sandbox_rpc_parent_class)->dispose (object);
}

static void
test_sandbox_rpc_class_init (TestSandboxRpcClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = test_sandbox_rpc_dispose;
}

static void
test_sandbox_rpc_init (TestSandboxRpc *self)
{
  self->in_flight = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, answer_free);
  self->fail_once = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_free);
}

/* A session of @world logged in as @user_id. */
static inline TestSandboxRpc *
test_sandbox_rpc_new (CvnSandboxWorld *world,
                      gint64           user_id,
                      guint64          seed,
                      guint            max_delay_ms)
{
  TestSandboxRpc *self = g_object_new (TEST_TYPE_SANDBOX_RPC, NULL);

  self->world = g_object_ref (world);
  self->clock = g_object_ref (cvn_sandbox_world_get_clock (world));
  self->session = g_object_ref (cvn_sandbox_world_open_session (world));
  cvn_sandbox_session_set_user_id (self->session, user_id);
  cvn_sandbox_session_set_queueing (self->session, FALSE);
  g_signal_connect (self->session, "update", G_CALLBACK (test_sandbox_rpc_session_update_cb), self);
  self->rand = g_rand_new_with_seed ((guint32) (seed ^ (seed >> 32)));
  self->max_delay_ms = max_delay_ms;

  return self;
}

/* The next request of constructor @ctor_id is answered with rpc_error @code @message. */
static inline void
test_sandbox_rpc_fail_once (TestSandboxRpc *self,
                            guint32         ctor_id,
                            int             code,
                            const char     *message)
{
  g_hash_table_insert (self->fail_once, GUINT_TO_POINTER (ctor_id), g_strdup_printf ("%d %s", code, message));
}
