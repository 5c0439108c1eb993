/* cvn-test-wait.h: bounded main loop waits for tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef gboolean (*CvnTestCondition) (gpointer user_data);

/* Iterates @context (NULL: the thread-default one) until @condition returns TRUE, or fails
 * with CVN_CORE_ERROR_TIMED_OUT after @timeout_ms. Never hangs: every wait in a test goes
 * through this. */
gboolean cvn_test_wait_until      (GMainContext     *context,
                                   CvnTestCondition  condition,
                                   gpointer          user_data,
                                   guint             timeout_ms,
                                   GError          **error);

/* Waits until *@flag becomes TRUE. */
gboolean cvn_test_wait_for_flag   (GMainContext     *context,
                                   const gboolean   *flag,
                                   guint             timeout_ms,
                                   GError          **error);

/* Waits until *@result is non-NULL: for _async calls whose callback stores the GAsyncResult. */
gboolean cvn_test_wait_for_result (GMainContext     *context,
                                   GAsyncResult    **result,
                                   guint             timeout_ms,
                                   GError          **error);

/* A test assertion built on cvn_test_wait_until(). */
#define cvn_test_assert_wait(context, condition, user_data, timeout_ms) \
  G_STMT_START { \
    g_autoptr(GError) _cvn_wait_error = NULL; \
    gboolean _cvn_wait_ok = cvn_test_wait_until ((context), (condition), (user_data), \
                                                 (timeout_ms), &_cvn_wait_error); \
    g_assert_no_error (_cvn_wait_error); \
    g_assert_true (_cvn_wait_ok); \
  } G_STMT_END

G_END_DECLS
