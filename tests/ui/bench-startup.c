/* bench-startup.c: time from the start of the process to the first frame the main window
 * draws (the frame clock's after-paint), the login page of an app without a data centre.
 * Each sample is a fresh process (GTK's and the app's start-up is what is measured); prints
 * every sample and the median. Run under a display:
 *
 *   xvfb-run -a _build/tests/ui/bench-startup [RUNS]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <stdlib.h>

#include "cvn-application.h"

static gint64 process_start_us;
static gint64 first_frame_us;

static void
after_paint_cb (GdkFrameClock *clock,
                GApplication  *app)
{
  if (first_frame_us != 0)
    return;
  first_frame_us = g_get_monotonic_time ();
  g_application_quit (app);
}

static void
window_realized_cb (GtkWidget    *window,
                    GApplication *app)
{
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), app);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window)
{
  if (gtk_widget_get_realized (GTK_WIDGET (window)))
    window_realized_cb (GTK_WIDGET (window), G_APPLICATION (app));
  else
    g_signal_connect (window, "realize", G_CALLBACK (window_realized_cb), app);
}

static int
run_once (void)
{
  g_autoptr(CvnApplication) app = NULL;
  int status;

  g_unsetenv ("CONVENE_SANDBOX_ADDRESS");
  g_unsetenv ("CONVENE_SANDBOX_KEY");
  app = cvn_application_new ("io.github.convene.Convene.Bench");
  g_application_set_flags (G_APPLICATION (app),
                           g_application_get_flags (G_APPLICATION (app)) | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), NULL);
  status = g_application_run (G_APPLICATION (app), 0, NULL);
  if (status != 0 || first_frame_us == 0)
    return 1;
  g_print ("%.1f\n", (first_frame_us - process_start_us) / 1000.0);
  return 0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GArray) samples = g_array_new (FALSE, FALSE, sizeof (double));
  int runs;

  process_start_us = g_get_monotonic_time ();

  if (argc > 1 && g_str_equal (argv[1], "--once"))
    return run_once ();

  runs = argc > 1 ? MAX (1, atoi (argv[1])) : 5;
  for (int i = 0; i < runs; i++)
    {
      const char *child_argv[] = { argv[0], "--once", NULL };
      g_autofree char *out = NULL;
      g_autoptr(GError) error = NULL;
      int wait_status;
      double ms;

      /* The child's own clock starts at its main(); the exec before it is left out. */
      if (!g_spawn_sync (NULL, (char **) child_argv, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                         &out, NULL, &wait_status, &error) ||
          !g_spawn_check_wait_status (wait_status, &error))
        {
          g_printerr ("bench-startup: run %d failed: %s\n", i + 1, error->message);
          return 1;
        }
      ms = g_ascii_strtod (out, NULL);
      g_array_append_val (samples, ms);
      g_print ("run %d: %.1f ms from main() to the first drawn frame\n", i + 1, ms);
    }

  g_array_sort (samples, compare_doubles);
  g_print ("start to first drawn frame of the main window: median %.1f ms, min %.1f ms, max %.1f ms (%u runs)\n",
           g_array_index (samples, double, samples->len / 2), g_array_index (samples, double, 0),
           g_array_index (samples, double, samples->len - 1), samples->len);
  return 0;
}
