/* test-core.c: the utilities of src/core.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-core-error.h"
#include "cvn-log.h"
#include "cvn-test-wait.h"
#include "cvn-version-info.h"

static gboolean
set_flag_cb (gpointer user_data)
{
  gboolean *flag = user_data;

  *flag = TRUE;
  return G_SOURCE_REMOVE;
}

static void
test_wait_reaches_condition (void)
{
  g_autoptr(GError) error = NULL;
  gboolean flag = FALSE;
  gint64 start = g_get_monotonic_time ();

  g_timeout_add (20, set_flag_cb, &flag);
  g_assert_true (cvn_test_wait_for_flag (NULL, &flag, 5000, &error));
  g_assert_no_error (error);
  g_assert_true (flag);
  /* It returned because the condition held, not because the bound ran out. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);
}

static void
test_wait_fails_after_bound (void)
{
  g_autoptr(GError) error = NULL;
  gboolean flag = FALSE;
  gint64 start = g_get_monotonic_time ();
  gint64 elapsed;

  g_assert_false (cvn_test_wait_for_flag (NULL, &flag, 100, &error));
  g_assert_error (error, CVN_CORE_ERROR, CVN_CORE_ERROR_TIMED_OUT);
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpint (elapsed, >=, 90 * 1000);
  g_assert_cmpint (elapsed, <, 3 * G_USEC_PER_SEC);
}

static void
on_ready_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static void
test_wait_for_result (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GTask) task = g_task_new (NULL, NULL, on_ready_cb, &result);

  g_task_return_boolean (task, TRUE);
  g_assert_true (cvn_test_wait_for_result (NULL, &result, 2000, &error));
  g_assert_no_error (error);
  g_assert_true (g_task_propagate_boolean (G_TASK (result), NULL));
}

static void
test_wait_on_other_context (void)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSource) source = g_timeout_source_new (10);
  g_autoptr(GError) error = NULL;
  gboolean flag = FALSE;

  g_source_set_callback (source, set_flag_cb, &flag, NULL);
  g_source_attach (source, context);
  g_assert_true (cvn_test_wait_for_flag (context, &flag, 2000, &error));
  g_assert_no_error (error);
}

static gpointer
set_flag_later_thread (gpointer user_data)
{
  gint *flag = user_data;

  g_usleep (30 * 1000);
  g_atomic_int_set (flag, 1);
  return NULL;
}

static gboolean
atomic_flag_is_set (gpointer user_data)
{
  return g_atomic_int_get ((gint *) user_data) != 0;
}

static void
test_wait_sees_other_threads (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GThread) thread = NULL;
  gint flag = 0;

  /* Nothing wakes the main context when the thread sets the flag. */
  thread = g_thread_new ("setter", set_flag_later_thread, &flag);
  g_assert_true (cvn_test_wait_until (NULL, atomic_flag_is_set, &flag, 5000, &error));
  g_assert_no_error (error);
  g_thread_join (g_steal_pointer (&thread));
}

static void
test_log_domains (void)
{
  const char * const *domains = cvn_log_get_layer_domains ();

  g_assert_cmpuint (g_strv_length ((char **) domains), ==, 10);
  g_assert_true (cvn_log_is_layer_domain ("cvn-mtproto"));
  g_assert_true (cvn_log_is_layer_domain ("cvn-ui"));
  g_assert_false (cvn_log_is_layer_domain ("cvn-test"));
  g_assert_false (cvn_log_is_layer_domain ("Gtk"));
}

static void
test_version_info (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  cvn_version_info_append (out, "Lib", "1.0", "1.0");
  cvn_version_info_append (out, "Other", "1.0", "1.2");
  cvn_version_info_append (out, "Compiled", "2.0", NULL);
  g_assert_cmpstr (out->str, ==,
                   "- Lib: 1.0\n"
                   "- Other: compiled against 1.0, running 1.2\n"
                   "- Compiled: 2.0\n");

  g_string_truncate (out, 0);
  cvn_core_append_versions (out);
  g_assert_true (g_str_has_prefix (out->str, "- GLib: 2."));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/wait/reaches-condition", test_wait_reaches_condition);
  g_test_add_func ("/core/wait/fails-after-bound", test_wait_fails_after_bound);
  g_test_add_func ("/core/wait/result", test_wait_for_result);
  g_test_add_func ("/core/wait/other-context", test_wait_on_other_context);
  g_test_add_func ("/core/wait/other-thread", test_wait_sees_other_threads);
  g_test_add_func ("/core/log/domains", test_log_domains);
  g_test_add_func ("/core/version-info", test_version_info);

  return g_test_run ();
}
