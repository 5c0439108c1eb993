/* bench-sandbox-fanout.c: 1,000 participants in one call, 200 connected sessions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Measures, in process (no sockets), the update fan-out latency: from the start of a change
 * to the moment each session has its encoded Updates (p50, p99, max over every session of
 * every change), and the heap per participant (mallinfo2 before and after the joins).
 * Run with `meson test --benchmark sandbox-fanout` or directly.
 */
#include "config.h"

#include "cvn-sandbox-private.h"

#include <malloc.h>

#define N_PARTICIPANTS 1000
#define N_SESSIONS 200
#define N_CHANGES 200

static GArray *latencies;
static gint64 change_start;

static void
on_update (CvnSandboxSession *session,
           GBytes            *updates,
           gpointer           user_data)
{
  gint64 dt = g_get_monotonic_time () - change_start;

  g_array_append_val (latencies, dt);
}

static int
cmp (gconstpointer a,
     gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CvnClock) clock = cvn_clock_new_fake ();
  g_autoptr(CvnSandboxWorld) world = cvn_sandbox_world_new (clock, 7);
  CvnSandboxChat *chat;
  CvnSandboxCall *call;
  struct mallinfo2 before, after;
  gint64 t0;
  double total_ms;

  latencies = g_array_new (FALSE, FALSE, sizeof (gint64));
  cvn_sandbox_world_add_user (world, 1, "9996610001", "Owner", NULL, NULL);
  chat = cvn_sandbox_world_add_chat (world, CVN_SANDBOX_CHAT_SUPERGROUP, 1000000001, "Bench", 1);
  call = cvn_sandbox_world_add_call (world, chat, 1);

  /* 200 logged-in sessions of 200 members */
  for (int i = 0; i < N_SESSIONS; i++)
    {
      g_autofree char *phone = g_strdup_printf ("99966%d%04d", 1 + i % 9, i);
      CvnSandboxUser *user = cvn_sandbox_world_add_user (world, 0, phone, "Member", NULL, NULL);
      CvnSandboxSession *session = cvn_sandbox_world_open_session (world);

      cvn_sandbox_chat_add_member (chat, user->id, 0);
      cvn_sandbox_session_set_user_id (session, user->id);
      cvn_sandbox_session_set_queueing (session, FALSE);
      g_signal_connect (session, "update", G_CALLBACK (on_update), NULL);
    }

  before = mallinfo2 ();
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < N_PARTICIPANTS; i++)
    if (!cvn_sandbox_world_sim_join (world, call->id, 0, FALSE, NULL))
      g_error ("join %d failed", i);
  after = mallinfo2 ();
  g_print ("joins: %d participants, %d sessions: %.1f ms in all, %.0f us per join (with fan-out)\n",
           N_PARTICIPANTS, N_SESSIONS, (g_get_monotonic_time () - t0) / 1000.0,
           (double) (g_get_monotonic_time () - t0) / N_PARTICIPANTS);
  g_print ("heap per participant (user + participant + indexes): %.0f bytes\n",
           (double) (after.uordblks - before.uordblks) / N_PARTICIPANTS);

  g_array_set_size (latencies, 0);
  t0 = g_get_monotonic_time ();
  for (int i = 0; i < N_CHANGES; i++)
    {
      CvnSandboxParticipant *p = g_ptr_array_index (call->participants, i % call->participants->len);
      gint64 id = p->peer.id;

      change_start = g_get_monotonic_time ();
      if (!cvn_sandbox_world_sim_edit (world, call->id, id, "hand", TRUE, NULL))
        g_error ("edit failed");
    }
  total_ms = (g_get_monotonic_time () - t0) / 1000.0;
  g_array_sort (latencies, cmp);
  g_print ("fan-out: %d versioned changes x %d sessions = %u deliveries in %.1f ms\n",
           N_CHANGES, N_SESSIONS, latencies->len, total_ms);
  g_print ("latency from change to a session's delivery: p50 %.0f us, p99 %.0f us, max %.0f us\n",
           (double) g_array_index (latencies, gint64, latencies->len / 2),
           (double) g_array_index (latencies, gint64, latencies->len * 99 / 100),
           (double) g_array_index (latencies, gint64, latencies->len - 1));
  if (latencies->len != N_CHANGES * N_SESSIONS)
    g_error ("expected %d deliveries", N_CHANGES * N_SESSIONS);
  g_array_unref (latencies);
  return 0;
}
