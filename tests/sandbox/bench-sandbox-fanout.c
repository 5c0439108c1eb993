/* bench-sandbox-fanout.c: 1,000 participants in one call, 200 connected sessions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Two measurements of the update fan-out latency (p50, p99, max over every session of every
 * change) and the heap per participant:
 *
 *  - in process: 200 logged-in CvnSandboxSessions, no sockets; latency from the start of a
 *    change to the moment each session has its encoded Updates; heap per participant from
 *    mallinfo2 before and after 1,000 joins;
 *  - over loopback: the same world behind a CvnSandboxServer and 200 of the project's own
 *    CvnMtprotoClients, each logged in as a member of the chat (one auth key and one TCP
 *    connection each, all in this process and thread); latency from the start of a change
 *    to each client's ::update (encryption, TCP, decryption and decoding included).
 *
 * The changes are versioned participant updates (a hand raised or lowered), pushed to every
 * member.  Run with `meson test --benchmark sandbox-fanout` or directly; `--quick` uses 20
 * changes over loopback instead of 100.
 */
#include "config.h"

#include "cvn-sandbox-private.h"
#include "cvn-sandbox-server.h"

#include "cvn-mtproto-client.h"
#include "cvn-rsa.h"
#include "cvn-test-wait.h"
#include "cvn-tl-json.h"

#include <malloc.h>
#include <string.h>

#define N_PARTICIPANTS 1000
#define N_SESSIONS 200
#define N_CHANGES 200
#define WAIT_MS 60000

static GArray *latencies;
static gint64 change_start;
static guint delivered;

static void
on_session_update (CvnSandboxSession *session,
                   GBytes            *updates,
                   gpointer           user_data)
{
  gint64 dt = g_get_monotonic_time () - change_start;

  g_array_append_val (latencies, dt);
}

static void
on_client_update (CvnMtprotoClient *client,
                  CvnMtprotoResult *result,
                  gpointer          user_data)
{
  gint64 dt = g_get_monotonic_time () - change_start;

  g_array_append_val (latencies, dt);
  delivered++;
}

static int
cmp (gconstpointer a,
     gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
report (const char *what,
        guint       n_changes,
        double      total_ms)
{
  g_array_sort (latencies, cmp);
  g_print ("%s: %u versioned changes x %d sessions = %u deliveries in %.1f ms\n",
           what, n_changes, N_SESSIONS, latencies->len, total_ms);
  g_print ("%s: latency from change to a session's delivery: p50 %.0f us, p99 %.0f us, max %.0f us\n", what,
           (double) g_array_index (latencies, gint64, latencies->len / 2),
           (double) g_array_index (latencies, gint64, latencies->len * 99 / 100),
           (double) g_array_index (latencies, gint64, latencies->len - 1));
  if (latencies->len != n_changes * N_SESSIONS)
    g_error ("expected %u deliveries", n_changes * N_SESSIONS);
}

/* A chat of 200 members with one call; @participants joined. */
static CvnSandboxCall *
build_world (CvnSandboxWorld *world,
             guint            participants,
             GArray          *member_ids)
{
  CvnSandboxChat *chat;
  CvnSandboxCall *call;

  cvn_sandbox_world_add_user (world, 1, "9996610001", "Owner", NULL, NULL);
  chat = cvn_sandbox_world_add_chat (world, CVN_SANDBOX_CHAT_SUPERGROUP, 1000000001, "Bench", 1);
  call = cvn_sandbox_world_add_call (world, chat, 1);
  for (int i = 0; i < N_SESSIONS; i++)
    {
      g_autofree char *phone = g_strdup_printf ("99966%d%04d", 1 + i % 9, 1000 + i);
      CvnSandboxUser *user = cvn_sandbox_world_add_user (world, 0, phone, "Member", NULL, NULL);

      cvn_sandbox_chat_add_member (chat, user->id, 0);
      g_array_append_val (member_ids, user->id);
    }
  for (guint i = 0; i < participants; i++)
    if (!cvn_sandbox_world_sim_join (world, call->id, 0, FALSE, NULL))
      g_error ("join %u failed", i);
  return call;
}

static void
change (CvnSandboxWorld *world,
        CvnSandboxCall  *call,
        guint            i)
{
  CvnSandboxParticipant *p = g_ptr_array_index (call->participants, (i / 2) % call->participants->len);

  change_start = g_get_monotonic_time ();
  if (!cvn_sandbox_world_sim_edit (world, call->id, p->peer.id, "hand", i % 2 == 0, NULL))
    g_error ("edit failed");
}

static void
in_process (void)
{
  g_autoptr(CvnClock) clock = cvn_clock_new_fake ();
  g_autoptr(CvnSandboxWorld) world = cvn_sandbox_world_new (clock, 7);
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));
  CvnSandboxCall *call;
  struct mallinfo2 before, after;
  gint64 t0;
  double join_ms;

  call = build_world (world, 0, members);
  for (guint i = 0; i < members->len; i++)
    {
      CvnSandboxSession *session = cvn_sandbox_world_open_session (world);

      cvn_sandbox_session_set_user_id (session, g_array_index (members, gint64, i));
      cvn_sandbox_session_set_queueing (session, FALSE);
      g_signal_connect (session, "update", G_CALLBACK (on_session_update), NULL);
    }

  before = mallinfo2 ();
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < N_PARTICIPANTS; i++)
    if (!cvn_sandbox_world_sim_join (world, call->id, 0, FALSE, NULL))
      g_error ("join %d failed", i);
  join_ms = (g_get_monotonic_time () - t0) / 1000.0;
  after = mallinfo2 ();
  g_print ("in process: %d joins with %d sessions: %.1f ms in all, %.0f us per join (with fan-out)\n",
           N_PARTICIPANTS, N_SESSIONS, join_ms, join_ms * 1000 / N_PARTICIPANTS);
  g_print ("in process: heap per participant (user + participant + indexes): %.0f bytes\n",
           (double) (after.uordblks - before.uordblks) / N_PARTICIPANTS);

  g_array_set_size (latencies, 0);
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < N_CHANGES; i++)
    change (world, call, i);
  report ("in process", N_CHANGES, (g_get_monotonic_time () - t0) / 1000.0);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static CvnMtprotoResult *
invoke (CvnMtprotoClient *client,
        const char       *json)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CvnMtprotoResult *r;
  CvnTlObject *query = cvn_tl_object_from_json (json, -1, CVN_TL_SCHEMA_API, arena, &error);

  g_assert_no_error (error);
  cvn_mtproto_client_invoke_async (client, query, NULL, store_result, &result);
  if (!cvn_test_wait_for_result (NULL, &result, WAIT_MS, &error))
    g_error ("%s: %s", json, error->message);
  r = cvn_mtproto_client_invoke_finish (client, result, &error);
  if (r == NULL)
    g_error ("%s: %s", json, error->message);
  return r;
}

static gboolean
all_delivered (gpointer user_data)
{
  return delivered >= GPOINTER_TO_UINT (user_data);
}

static void
over_loopback (guint n_changes)
{
  g_autoptr(CvnClock) clock = cvn_clock_new_system ();
  g_autoptr(CvnSandboxWorld) world = cvn_sandbox_world_new (clock, 7);
  g_autoptr(GArray) members = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CvnSandboxServer) server = NULL;
  g_autoptr(GError) error = NULL;
  CvnRsaKey *key;
  CvnSandboxCall *call;
  gint64 t0;

  call = build_world (world, N_PARTICIPANTS, members);
  key = cvn_rsa_key_generate (2048, &error);
  g_assert_no_error (error);
  server = cvn_sandbox_server_new (world, key);
  if (!cvn_sandbox_server_listen (server, "127.0.0.1", 0, &error))
    g_error ("%s", error->message);

  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < members->len; i++)
    {
      g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rsa_key_free);
      CvnSandboxUser *user = cvn_sandbox_world_get_user (world, g_array_index (members, gint64, i));
      CvnMtprotoClient *client;
      g_autoptr(CvnMtprotoResult) sent = NULL;
      g_autoptr(CvnMtprotoResult) auth = NULL;
      g_autofree char *json = NULL;
      char code[6];

      g_ptr_array_add (keys, cvn_rsa_key_copy (key));
      client = cvn_mtproto_client_new ("127.0.0.1", cvn_sandbox_server_get_port (server), 2, keys);
      g_ptr_array_add (clients, client);
      json = g_strdup_printf ("{\"_\":\"auth.sendCode\",\"phone_number\":\"%s\",\"api_id\":1,\"api_hash\":\"x\","
                              "\"settings\":{\"_\":\"codeSettings\"}}", user->phone);
      sent = invoke (client, json);
      memset (code, user->phone[5], 5);
      code[5] = '\0';
      g_free (json);
      json = g_strdup_printf ("{\"_\":\"auth.signIn\",\"phone_number\":\"%s\",\"phone_code_hash\":\"%s\","
                              "\"phone_code\":\"%s\"}", user->phone,
                              ((CvnTlApiAuthSentCode *) cvn_mtproto_result_get_object (sent))->phone_code_hash.str, code);
      auth = invoke (client, json);
      g_signal_connect (client, "update", G_CALLBACK (on_client_update), NULL);
    }
  g_print ("over loopback: %d clients connected and logged in (key exchange, sendCode, signIn) in %.1f s\n",
           N_SESSIONS, (g_get_monotonic_time () - t0) / 1e6);

  g_array_set_size (latencies, 0);
  delivered = 0;
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < n_changes; i++)
    {
      change (world, call, i);
      /* one change at a time: every client has it before the next */
      if (!cvn_test_wait_until (NULL, all_delivered, GUINT_TO_POINTER ((i + 1) * N_SESSIONS), WAIT_MS, &error))
        g_error ("change %u: %u of %u delivered: %s", i, delivered, (i + 1) * N_SESSIONS, error->message);
    }
  report ("over loopback", n_changes, (g_get_monotonic_time () - t0) / 1000.0);
  for (guint i = 0; i < clients->len; i++)
    cvn_mtproto_client_close (clients->pdata[i]);
  cvn_sandbox_server_stop (server);
  cvn_rsa_key_free (key);
}

int
main (int   argc,
      char *argv[])
{
  gboolean quick = argc > 1 && g_str_equal (argv[1], "--quick");

  latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  in_process ();
  over_loopback (quick ? 20 : 100);
  g_array_unref (latencies);
  return 0;
}
