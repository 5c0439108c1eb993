/* bench-model.c: the group-call model under load. A 100,000-participant call receives
 * 1,000,000 randomized participant updates through the real update algorithm and the sorted
 * list model (with an items-changed listener, as a UI would have). Prints µs per update and
 * memory per participant. Goal (issue 6): < 2 µs/update, < 1 KiB/participant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

#include "group-call-test-util.h"

#define N_PARTICIPANTS 100000
#define N_UPDATES      1000000
#define PAGE           1000
#define CHUNK          10000

static gsize
rss_bytes (void)
{
  g_autofree char *statm = NULL;
  unsigned long size = 0, resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    return 0;
  if (sscanf (statm, "%lu %lu", &size, &resident) != 2)
    return 0;
  return (gsize) resident * (gsize) sysconf (_SC_PAGESIZE);
}

static gint64
cpu_time_us (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

static void
count_cb (GListModel *list,
          guint       position,
          guint       removed,
          guint       added,
          guint64    *n)
{
  *n += removed + added;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CvnClock) clock = cvn_clock_new_fake ();
  g_autoptr(CvnGroupCall) call = cvn_group_call_new (clock);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autofree CvnParticipantInfo *page = g_new0 (CvnParticipantInfo, PAGE);
  g_autofree CvnParticipantInfo *batch = g_new0 (CvnParticipantInfo, CHUNK);
  g_autofree gint32 *batch_versions = g_new0 (gint32, CHUNK);
  g_autofree gint64 *ids = g_new0 (gint64, 2 * N_PARTICIPANTS + 1);
  /* what the "server" knows, so the loop does not ask the model */
  g_autofree gint32 *dates = g_new0 (gint32, 2 * N_PARTICIPANTS + 1);
  g_autofree gboolean *muted = g_new0 (gboolean, 2 * N_PARTICIPANTS + 1);
  GListModel *list = cvn_group_call_get_participants (call);
  CvnGroupCallInfo info = test_call_info (1, 1, 0);
  guint64 n_changes = 0;
  guint n_ids = 0;
  gint64 next_id = N_PARTICIPANTS + 1;
  gint32 version = 1;
  gint32 now = 1700000000;
  gsize rss_before, rss_after;
  gint64 start, elapsed, cpu_start, cpu_elapsed;
  guint n_versioned = 0, n_nonversioned = 0, n_joins = 0, n_leaves = 0;
  TestFetcher fetcher = { 0 };

  /* pages are "fetched" by the loop below */
  test_fetcher_install (&fetcher, call);
  g_signal_connect (list, "items-changed", G_CALLBACK (count_cb), &n_changes);

  /* The call, loaded as a snapshot of 100 pages of 1000 participants. */
  rss_before = rss_bytes ();
  info.participants_count = N_PARTICIPANTS;
  for (guint p = 0; p < N_PARTICIPANTS / PAGE; p++)
    {
      g_autofree char *offset = NULL;

      for (guint i = 0; i < PAGE; i++)
        {
          gint64 id = (gint64) p * PAGE + i + 1;

          dates[id] = now - (gint32) g_rand_int_range (rand, 0, 86400);
          muted[id] = TRUE;
          page[i] = test_participant (id, dates[id], CVN_PARTICIPANT_FLAG_MUTED | CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE);
          ids[n_ids++] = id;
        }
      offset = (p + 1 < N_PARTICIPANTS / PAGE) ? g_strdup_printf ("%u", p + 1) : g_strdup ("");
      _cvn_group_call_apply_snapshot (call, p == 0 ? &info : NULL, page, PAGE, offset, version);
    }
  rss_after = rss_bytes ();
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, N_PARTICIPANTS);

  /* The updates are generated in chunks (the "server" side, not timed), then applied (timed). */
  elapsed = 0;
  cpu_elapsed = 0;
  for (guint chunk = 0; chunk < N_UPDATES / CHUNK; chunk++)
    {
      for (guint u = 0; u < CHUNK; u++)
        {
          guint r = g_rand_int_range (rand, 0, 100);
          guint slot = g_rand_int_range (rand, 0, n_ids);
          gint64 id = ids[slot];
          CvnParticipantInfo *p = &batch[u];

          now += (u % 16 == 0);

          if (r >= 92 && next_id > 2 * N_PARTICIPANTS)
            r = 0;

          if (r < 70)
            {
              /* speaking: a non-versioned active_date change, the participant moves up */
              *p = test_participant (id, dates[id], CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE | CVN_PARTICIPANT_FLAG_HAS_ACTIVE_DATE);
              if (muted[id])
                p->flags |= CVN_PARTICIPANT_FLAG_MUTED;
              p->active_date = now;
              batch_versions[u] = version;
              n_nonversioned++;
            }
          else if (r < 85)
            {
              /* a versioned change: mute toggle, sometimes with a raised hand */
              muted[id] = !muted[id];
              *p = test_participant (id, dates[id], CVN_PARTICIPANT_FLAG_VERSIONED | CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE);
              if (muted[id])
                p->flags |= CVN_PARTICIPANT_FLAG_MUTED;
              if (r < 78)
                {
                  p->flags |= CVN_PARTICIPANT_FLAG_HAS_RAISE_HAND_RATING;
                  p->raise_hand_rating = g_rand_int_range (rand, 1, 1000000);
                }
              batch_versions[u] = ++version;
              n_versioned++;
            }
          else if (r < 92)
            {
              /* leave */
              *p = test_participant (id, dates[id], CVN_PARTICIPANT_FLAG_LEFT);
              batch_versions[u] = ++version;
              ids[slot] = ids[--n_ids];
              n_leaves++;
            }
          else
            {
              /* join */
              dates[next_id] = now;
              muted[next_id] = TRUE;
              *p = test_participant (next_id, now, CVN_PARTICIPANT_FLAG_JUST_JOINED | CVN_PARTICIPANT_FLAG_MUTED
                                                   | CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE);
              batch_versions[u] = ++version;
              ids[n_ids++] = next_id++;
              n_joins++;
            }
        }

      start = g_get_monotonic_time ();
      cpu_start = cpu_time_us ();
      for (guint u = 0; u < CHUNK; u++)
        _cvn_group_call_handle_update_participants (call, &batch[u], 1, batch_versions[u]);
      cpu_elapsed += cpu_time_us () - cpu_start;
      elapsed += g_get_monotonic_time () - start;
    }

  g_assert_cmpint (cvn_group_call_get_version (call), ==, version);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==, n_ids);
  g_assert_cmpuint (_cvn_group_call_get_n_pending (call), ==, 0);
  for (guint i = 0; i < n_ids; i += 97)
    {
      CvnGroupCallParticipant *cur =
        cvn_group_call_participant_list_lookup (CVN_GROUP_CALL_PARTICIPANT_LIST (list), CVN_PEER_TYPE_USER, ids[i]);

      g_assert_nonnull (cur);
      g_assert_cmpint (cvn_group_call_participant_get_muted (cur), ==, muted[ids[i]]);
      g_assert_cmpint (cvn_group_call_participant_get_date (cur), ==, dates[ids[i]]);
    }

  printf ("participants: %u loaded, %u at the end\n", N_PARTICIPANTS, n_ids);
  printf ("updates: %u (%u non-versioned, %u versioned, %u joins, %u leaves), %" G_GUINT64_FORMAT " items-changed items\n",
          N_UPDATES, n_nonversioned, n_versioned, n_joins, n_leaves, n_changes);
  /* CPU time is the figure to compare: wall time also counts whatever else the machine runs. */
  printf ("time per update: %.3f us CPU (%.3f us wall)\n",
          (double) cpu_elapsed / N_UPDATES, (double) elapsed / N_UPDATES);
  printf ("memory per participant: %.0f bytes (RSS delta %.1f MiB for %u)\n",
          (double) (rss_after - rss_before) / N_PARTICIPANTS,
          (double) (rss_after - rss_before) / (1024.0 * 1024.0), N_PARTICIPANTS);

  g_assert_cmpuint (fetcher.n_fetch_participants, ==, N_PARTICIPANTS / PAGE - 1);
  g_assert_cmpuint (fetcher.n_fetch_call, ==, 0);
  g_signal_handlers_disconnect_by_data (list, &n_changes);
  test_fetcher_clear (&fetcher);

  return 0;
}
