/* test-window.c: the application starts without a data centre (no sandbox given, no
 * api_id built in), maps its main window with the login page saying why and offering a
 * sandbox, adapts to 360 px, and writes PNG snapshots of it to the build directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "cvn-application.h"
#include "cvn-login-page.h"
#include "cvn-test-wait.h"
#include "cvn-window.h"

typedef struct
{
  CvnApplication *app;
  GtkWindow *window;
  gboolean checked;
} Fixture;

static gboolean
window_is_narrow (gpointer user_data)
{
  Fixture *fixture = user_data;

  return gtk_widget_get_width (GTK_WIDGET (fixture->window)) <= 400;
}

static gboolean
window_is_drawn (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->window != NULL &&
         gtk_widget_get_mapped (GTK_WIDGET (fixture->window)) &&
         gtk_widget_get_width (GTK_WIDGET (fixture->window)) > 0;
}

static GtkWidget *
find_descendant_of_type (GtkWidget *widget,
                         GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant_of_type (child, type);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

static void
save_snapshot (GtkWidget  *widget,
               const char *path)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  gboolean settled = FALSE;

  /* A page switch lays out and draws on the next frames. */
  g_timeout_add_once (300, set_flag, &settled);
  g_assert_true (cvn_test_wait_for_flag (NULL, &settled, 10000, NULL));
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
}

static void
on_activate_cb (GApplication *app,
                Fixture      *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *png = NULL;
  g_autofree char *narrow_png = NULL;
  CvnLoginPage *login;

  fixture->window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (CVN_IS_WINDOW (fixture->window));
  g_object_add_weak_pointer (G_OBJECT (fixture->window), (gpointer *) &fixture->window);

  g_assert_true (cvn_test_wait_until (NULL, window_is_drawn, fixture, 10000, &error));
  g_assert_no_error (error);

  /* Nothing to connect to: the login page says Telegram is unavailable in this build and
   * offers to connect to a sandbox. The calls (a leaflet of sidebar and content) wait. */
  g_assert_nonnull (find_descendant_of_type (GTK_WIDGET (fixture->window), ADW_TYPE_LEAFLET));
  g_assert_null (cvn_application_get_client (fixture->app));
  g_assert_cmpstr (cvn_window_get_page_name (CVN_WINDOW (fixture->window)), ==, "login");
  login = CVN_LOGIN_PAGE (cvn_window_get_login_page (CVN_WINDOW (fixture->window)));
  g_assert_cmpstr (cvn_login_page_get_page_name (login), ==, "unavailable");

  /* A sandbox address that is not one: an inline error, no client. */
  cvn_login_page_submit (login, "not an address");
  g_assert_nonnull (cvn_login_page_get_error (login));
  g_assert_null (cvn_application_get_client (fixture->app));

  png = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                          "window.png", NULL);
  save_snapshot (GTK_WIDGET (fixture->window), png);
  g_test_message ("Snapshot written to %s", png);
  g_assert_true (g_file_test (png, G_FILE_TEST_IS_REGULAR));

  /* About: the debug information names every library with its versions. */
  {
    g_autofree char *info = cvn_application_dup_debug_info (fixture->app);
    const char *libraries[] = { "GLib", "GTK", "libadwaita", "GStreamer", "OpenSSL", "libnice", "libsrtp2" };

    for (guint i = 0; i < G_N_ELEMENTS (libraries); i++)
      {
        g_autofree char *needle = g_strdup_printf ("- %s: ", libraries[i]);
        g_assert_nonnull (strstr (info, needle));
      }
  }

  /* Adaptive down to 360 px. */
  gtk_window_set_default_size (fixture->window, 360, 640);
  g_assert_true (cvn_test_wait_until (NULL, window_is_narrow, fixture, 10000, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 400);

  narrow_png = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                                 "window-narrow.png", NULL);
  save_snapshot (GTK_WIDGET (fixture->window), narrow_png);

  fixture->checked = TRUE;
  gtk_window_close (fixture->window);
}

static void
on_startup_cb (GApplication *app)
{
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE,
                "gtk-cursor-blink", FALSE, NULL);
}

static void
test_window_shows (void)
{
  Fixture fixture = { 0 };
  int status;

  fixture.app = cvn_application_new ("io.github.convene.Convene.Test");
  /* Snapshots show settled layouts, not the middle of a fold animation. */
  g_signal_connect (fixture.app, "startup", G_CALLBACK (on_startup_cb), NULL);
  g_application_set_flags (G_APPLICATION (fixture.app), G_APPLICATION_NON_UNIQUE);
  /* Our handler runs after the class handler has created and presented the window. */
  g_signal_connect_after (fixture.app, "activate", G_CALLBACK (on_activate_cb), &fixture);

  status = g_application_run (G_APPLICATION (fixture.app), 0, NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (fixture.checked);

  g_assert_finalize_object (fixture.app);
  /* The window went away with the application. */
  g_assert_null (fixture.window);

  /* It saved its last size for the next start (GSETTINGS_BACKEND=memory in tests). */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.convene.Convene");

    g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 360);
    g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
    g_assert_false (g_settings_get_boolean (settings, "window-maximized"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* This test is about the app without a data centre. */
  g_unsetenv ("CONVENE_SANDBOX_ADDRESS");
  g_unsetenv ("CONVENE_SANDBOX_KEY");

  g_test_add_func ("/ui/window/shows", test_window_shows);

  return g_test_run ();
}
