/* ui-test-util.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui-test-util.h"

#include <glib/gstdio.h>
#include <stdlib.h>

#include "cvn-clock.h"
#include "cvn-login-page.h"
#include "cvn-rsa.h"
#include "cvn-test-wait.h"

static CvnRsaKey *server_key;
static char *private_home;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    while ((name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *child = g_build_filename (path, name, NULL);
        remove_tree (child);
      }
  g_remove (path);
}

static void
remove_private_home (void)
{
  if (private_home != NULL)
    remove_tree (private_home);
  g_clear_pointer (&private_home, g_free);
}

void
ui_test_init (int    *argc,
              char ***argv)
{
  static const char *const vars[] = { "XDG_STATE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME",
                                      "XDG_CACHE_HOME" };
  g_autoptr(GError) error = NULL;

  g_test_init (argc, argv, NULL);

  private_home = g_dir_make_tmp ("convene-ui-test-XXXXXX", &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (vars); i++)
    {
      g_autofree char *dir = g_build_filename (private_home, vars[i], NULL);
      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_setenv (vars[i], dir, TRUE);
    }
  atexit (remove_private_home);

  /* No session bus for the app under test: no Secret Service prompt (a locked keyring waits
   * for a password nobody types), so the session is kept in the 0600 key file beside its
   * state, as on a desktop without a keyring. GApplication runs without a bus when it is
   * non-unique. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/convene-ui-test-no-bus", TRUE);
}

static gboolean
iterate_done (gpointer user_data)
{
  return *(gboolean *) user_data;
}

static void
set_flag (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
}

void
ui_test_iterate (guint ms)
{
  gboolean done = FALSE;
  g_autoptr(GError) error = NULL;

  g_timeout_add_once (ms, set_flag, &done);
  g_assert_true (cvn_test_wait_until (NULL, iterate_done, &done, ms + 10000, &error));
  g_assert_no_error (error);
}

void
ui_test_wait (gboolean (*condition) (gpointer user_data),
              gpointer   user_data)
{
  g_autoptr(GError) error = NULL;

  cvn_test_wait_until (NULL, condition, user_data, UI_TEST_WAIT_MS, &error);
  g_assert_no_error (error);
}

typedef struct
{
  UiTest *test;
  const char *page;
} PageWait;

static gboolean
page_is (gpointer user_data)
{
  PageWait *wait = user_data;

  return g_strcmp0 (cvn_window_get_page_name (wait->test->window), wait->page) == 0;
}

void
ui_test_wait_page (UiTest     *test,
                   const char *page)
{
  PageWait wait = { test, page };
  g_autoptr(GError) error = NULL;

  if (!cvn_test_wait_until (NULL, page_is, &wait, UI_TEST_WAIT_MS, &error))
    g_error ("The window shows \"%s\", not \"%s\": %s",
             cvn_window_get_page_name (test->window), page, error->message);
}

static gboolean
login_page_is (gpointer user_data)
{
  PageWait *wait = user_data;
  CvnLoginPage *login = CVN_LOGIN_PAGE (cvn_window_get_login_page (wait->test->window));

  return g_strcmp0 (cvn_window_get_page_name (wait->test->window), "login") == 0 &&
         g_strcmp0 (cvn_login_page_get_page_name (login), wait->page) == 0;
}

void
ui_test_wait_login_page (UiTest     *test,
                         const char *page)
{
  PageWait wait = { test, page };
  g_autoptr(GError) error = NULL;

  if (!cvn_test_wait_until (NULL, login_page_is, &wait, UI_TEST_WAIT_MS, &error))
    {
      CvnLoginPage *login = CVN_LOGIN_PAGE (cvn_window_get_login_page (test->window));

      g_error ("The login shows \"%s\" (window: \"%s\", error: %s), not \"%s\": %s",
               cvn_login_page_get_page_name (login), cvn_window_get_page_name (test->window),
               cvn_login_page_get_error (login), page, error->message);
    }
}

static gboolean
widget_is_drawn (gpointer user_data)
{
  GtkWidget *widget = user_data;

  return gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0;
}

char *
ui_test_snapshot (GtkWidget  *widget,
                  const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer;
  const char *dir = g_getenv ("G_TEST_BUILDDIR");
  char *path = g_build_filename (dir != NULL ? dir : ".", name, NULL);

  /* Let pending layout and animations settle first. */
  ui_test_wait (widget_is_drawn, widget);
  ui_test_iterate (300);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Snapshot written to %s", path);
  return path;
}

GtkWidget *
ui_test_find_descendant (GtkWidget *widget,
                         GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_test_find_descendant (child, type);
      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
window_is_drawn (gpointer user_data)
{
  UiTest *test = user_data;

  return test->window != NULL && gtk_widget_get_mapped (GTK_WIDGET (test->window)) &&
         gtk_widget_get_width (GTK_WIDGET (test->window)) > 0;
}

static void
startup_cb (GApplication *app)
{
  /* Snapshots show settled layouts, not the middle of a transition. */
  /* No cursor blinking either: GTK 4.8 warns when a test sets the text of a focused
   * entry while its cursor blinks. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE,
                "gtk-cursor-blink", FALSE, NULL);
}

static void
activate_cb (GApplication *app,
             UiTest       *test)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (test->window != NULL)
    return;
  g_assert_true (CVN_IS_WINDOW (window));
  test->window = CVN_WINDOW (window);
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &test->window);
  gtk_window_set_default_size (window, 1000, 700);
  ui_test_wait (window_is_drawn, test);

  test->func (test);
  test->done = TRUE;

  /* Close every window (dialogs too): the application then quits. */
  {
    GList *windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (app)));
    for (GList *l = windows; l != NULL; l = l->next)
      gtk_window_destroy (l->data);
    g_list_free (windows);
  }
}

static void
open_cb (GApplication  *app,
         GFile        **files,
         int            n_files,
         const char    *hint,
         UiTest        *test)
{
  activate_cb (app, test);
}

static void
run_app (UiTest    *test,
         GPtrArray *args)
{
  int status;

  test->done = FALSE;
  test->app = cvn_application_new ("io.github.convene.Convene.Test");
  g_application_set_flags (G_APPLICATION (test->app),
                           g_application_get_flags (G_APPLICATION (test->app)) | G_APPLICATION_NON_UNIQUE);
  g_signal_connect (test->app, "startup", G_CALLBACK (startup_cb), NULL);
  g_signal_connect_after (test->app, "activate", G_CALLBACK (activate_cb), test);
  g_signal_connect_after (test->app, "open", G_CALLBACK (open_cb), test);

  status = g_application_run (G_APPLICATION (test->app), (int) args->len - 1, (char **) args->pdata);
  g_assert_cmpint (status, ==, 0);
  g_assert_true (test->done);

  g_assert_finalize_object (test->app);
  test->app = NULL;
  g_assert_null (test->window);
}

static void
run_test (UiTestFunc  func,
          UiTestFunc  second_func,
          va_list     ap)
{
  UiTest test = { 0 };
  g_autoptr(CvnClock) clock = cvn_clock_new_system ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *pem = NULL;
  g_autofree char *dir = NULL;

  /* No stored session of an earlier test: every test starts logged out. */
  {
    g_autofree char *sessions = g_build_filename (g_get_user_state_dir (), "convene", NULL);
    remove_tree (sessions);
  }

  if (server_key == NULL)
    {
      /* One key for every test of the process: generating one takes a moment. */
      server_key = cvn_rsa_key_generate (2048, &error);
      g_assert_no_error (error);
    }

  test.world = cvn_sandbox_world_new (clock, 42);
  cvn_sandbox_world_load_default (test.world);
  test.server = cvn_sandbox_server_new (test.world, server_key);
  g_assert_true (cvn_sandbox_server_listen (test.server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  cvn_sandbox_world_set_listen_port (test.world, cvn_sandbox_server_get_port (test.server));

  pem = cvn_rsa_key_get_public_pem (server_key, &error);
  g_assert_no_error (error);
  dir = g_dir_make_tmp ("convene-ui-test-XXXXXX", &error);
  g_assert_no_error (error);
  test.key_path = g_build_filename (dir, "server-key.pem.pub", NULL);
  g_assert_true (g_file_set_contents (test.key_path, pem, -1, &error));

  g_ptr_array_add (args, g_strdup ("convene"));
  g_ptr_array_add (args, g_strdup ("--sandbox-address"));
  g_ptr_array_add (args, g_strdup_printf ("127.0.0.1:%u", cvn_sandbox_server_get_port (test.server)));
  g_ptr_array_add (args, g_strdup ("--sandbox-key"));
  g_ptr_array_add (args, g_strdup (test.key_path));
  for (const char *arg = va_arg (ap, const char *); arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, g_strdup (arg));
  g_ptr_array_add (args, NULL);

  test.func = func;
  run_app (&test, args);
  if (second_func != NULL)
    {
      /* The same data centre, the stored session kept: a second start of the app, without
       * the extra arguments. */
      g_ptr_array_set_size (args, 5);
      g_ptr_array_add (args, NULL);
      test.func = second_func;
      run_app (&test, args);
    }

  cvn_sandbox_server_stop (test.server);
  g_clear_object (&test.server);
  g_clear_object (&test.world);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_unlink (test.key_path);
  g_rmdir (dir);
  g_free (test.key_path);
}

void
ui_test_run (UiTestFunc func,
             ...)
{
  va_list ap;

  va_start (ap, func);
  run_test (func, NULL, ap);
  va_end (ap);
}

void
ui_test_run_twice (UiTestFunc first,
                   UiTestFunc second,
                   ...)
{
  va_list ap;

  va_start (ap, second);
  run_test (first, second, ap);
  va_end (ap);
}
