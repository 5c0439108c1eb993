/* bench-call-views.c: what the call views cost. Prints, as "name: value unit" lines:
 * - the resident memory added by opening a 5,000-listener livestream and then the 8-person
 *   live video chat (and, for scale, a live video chat with 5,000 participants, whose grid
 *   and panel are lazy lists);
 * - the frame time while the speaking rings of 8 tiles animate: the interval between
 *   frames and the time GTK spends producing each one (layout + paint).
 * Run under Xvfb: xvfb-run -a _build/tests/ui/bench-call-views [SECONDS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "call-views-test-util.h"
#include "cvn-call-view.h"

static gint64
resident_kib (void)
{
  g_autofree char *statm = NULL;
  long pages_total = 0, pages_resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%ld %ld", &pages_total, &pages_resident) != 2)
    return -1;

  return (gint64) pages_resident * sysconf (_SC_PAGESIZE) / 1024;
}

static CvnGroupCall *
new_livestream (CvnClock *clock,
                guint     listeners)
{
  CvnGroupCall *call = cvn_group_call_new (clock);
  CvnGroupCallInfo info = test_ui_call_info (500, 5, CVN_GROUP_CALL_FLAG_HAS_TITLE, (int) listeners);
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (CvnParticipantInfo));

  _cvn_group_call_set_broadcast (call, TRUE);
  info.title = (char *) "Big Stage";
  for (guint i = 1; i <= listeners; i++)
    {
      CvnParticipantInfo p = test_ui_participant (1000 + i, TEST_WALL_TIME - 3600 + (gint32) (i % 3600),
                                                  CVN_PARTICIPANT_FLAG_MUTED);
      g_array_append_val (parts, p);
    }
  _cvn_group_call_apply_snapshot (call, &info, (CvnParticipantInfo *) (gpointer) parts->data,
                                  parts->len, "", 5);
  return call;
}

typedef struct
{
  gint64 last_frame;
  gint64 paint_start;
  GArray *intervals;    /* double, ms */
  GArray *work;         /* double, ms */
} FrameStats;

static void
before_paint_cb (GdkFrameClock *clock,
                 FrameStats    *stats)
{
  stats->paint_start = g_get_monotonic_time ();
}

static void
after_paint_cb (GdkFrameClock *clock,
                FrameStats    *stats)
{
  gint64 now = g_get_monotonic_time ();
  double ms;

  if (stats->last_frame != 0)
    {
      ms = (now - stats->last_frame) / 1000.0;
      g_array_append_val (stats->intervals, ms);
    }
  if (stats->paint_start != 0)
    {
      ms = (now - stats->paint_start) / 1000.0;
      g_array_append_val (stats->work, ms);
    }
  stats->last_frame = now;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static void
print_distribution (const char *name,
                    GArray     *values)
{
  double sum = 0;

  if (values->len == 0)
    {
      printf ("%s: no frames\n", name);
      return;
    }
  g_array_sort (values, compare_doubles);
  for (guint i = 0; i < values->len; i++)
    sum += g_array_index (values, double, i);
  printf ("%s mean: %.2f ms\n", name, sum / values->len);
  printf ("%s median: %.2f ms\n", name, g_array_index (values, double, values->len / 2));
  printf ("%s p95: %.2f ms\n", name, g_array_index (values, double, values->len * 95 / 100));
  printf ("%s max: %.2f ms\n", name, g_array_index (values, double, values->len - 1));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CvnClock) clock = NULL;
  g_autoptr(CvnGroupCall) livestream = NULL;
  g_autoptr(CvnGroupCall) live = NULL;
  g_autoptr(CvnGroupCall) big_live = NULL;
  CvnCallView *view;
  GtkWindow *window;
  gint64 base, after_window, after_model, after_livestream, after_live, after_big;
  double seconds = argc > 1 ? g_ascii_strtod (argv[1], NULL) : 5.0;
  FrameStats stats = { 0 };
  GdkFrameClock *frame_clock;
  gint64 end;

  test_ui_init ();
  clock = cvn_clock_new_fake ();
  base = resident_kib ();

  view = CVN_CALL_VIEW (cvn_call_view_new ());
  cvn_call_view_set_peer_name_func (view, test_peer_name, NULL, NULL);
  window = test_ui_window_new (GTK_WIDGET (view), 1000, 700);
  test_ui_resize (window, 1000, 700);
  test_ui_settle (500);
  after_window = resident_kib ();

  livestream = new_livestream (clock, 5000);
  after_model = resident_kib ();
  cvn_call_view_set_call (view, livestream);
  test_ui_settle (1000);
  after_livestream = resident_kib ();

  live = test_ui_new_live_call (clock, 8, 0);
  cvn_call_view_set_call (view, live);
  test_ui_settle (1000);
  after_live = resident_kib ();

  printf ("rss window with an empty call view: %" G_GINT64_FORMAT " KiB (process %" G_GINT64_FORMAT " KiB before)\n",
          after_window - base, base);
  printf ("rss added by the 5000-listener livestream: %" G_GINT64_FORMAT " KiB (model %" G_GINT64_FORMAT
          " KiB, view %" G_GINT64_FORMAT " KiB)\n", after_livestream - after_window, after_model - after_window,
          after_livestream - after_model);
  printf ("rss added by the 8-person live call: %" G_GINT64_FORMAT " KiB\n", after_live - after_livestream);
  printf ("rss total after both: %" G_GINT64_FORMAT " KiB\n", after_live);

  /* Eight tiles, every one speaking: eight rings animate. */
  {
    GListModel *list = cvn_group_call_get_participants (live);

    for (guint i = 0; i < g_list_model_get_n_items (list); i++)
      {
        g_autoptr(CvnGroupCallParticipant) p = g_list_model_get_item (list, i);
        CvnParticipantInfo info = test_ui_participant (cvn_group_call_participant_get_peer_id (p),
                                                       TEST_WALL_TIME - 600, CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE |
                                                       CVN_PARTICIPANT_FLAG_VERSIONED);
        if (cvn_group_call_participant_get_is_self (p))
          info.flags |= CVN_PARTICIPANT_FLAG_SELF;
        _cvn_group_call_handle_update_participants (live, &info, 1, cvn_group_call_get_version (live) + 1);
      }
    for (guint i = 0; i < g_list_model_get_n_items (list); i++)
      {
        g_autoptr(CvnGroupCallParticipant) p = g_list_model_get_item (list, i);
        cvn_group_call_participant_set_speaking (p, TRUE);
      }
  }
  test_ui_settle (300);

  stats.intervals = g_array_new (FALSE, FALSE, sizeof (double));
  stats.work = g_array_new (FALSE, FALSE, sizeof (double));
  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (frame_clock, "before-paint", G_CALLBACK (before_paint_cb), &stats);
  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (after_paint_cb), &stats);
  end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_signal_handlers_disconnect_by_data (frame_clock, &stats);

  printf ("frames while 8 speaking rings animate: %u in %.1f s (%s)\n", stats.intervals->len + 1, seconds,
          G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))));
  print_distribution ("frame interval", stats.intervals);
  print_distribution ("frame work (layout+paint)", stats.work);

  /* For scale: a live video chat of 5,000 (lazy grid and panel). */
  big_live = new_livestream (clock, 5000);
  _cvn_group_call_set_broadcast (big_live, FALSE);
  cvn_call_view_set_call (view, big_live);
  test_ui_settle (1000);
  after_big = resident_kib ();
  printf ("rss added by a 5000-participant live video chat: %" G_GINT64_FORMAT " KiB (view page %d)\n",
          after_big - after_live, cvn_call_view_get_page (view));

  g_array_unref (stats.intervals);
  g_array_unref (stats.work);
  gtk_window_destroy (window);
  test_ui_settle (100);

  return EXIT_SUCCESS;
}
