/* test-login.c: logging in through the login page against the in-process sandbox: with a
 * code (a wrong one first), with two-step verification (a wrong password first), and with
 * --sandbox-login; the calls list appears populated from the sandbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui-test-util.h"

#include "cvn-call-row.h"
#include "cvn-calls-sidebar.h"
#include "cvn-login-page.h"
#include "cvn-test-wait.h"

static CvnLoginPage *
login_page (UiTest *test)
{
  return CVN_LOGIN_PAGE (cvn_window_get_login_page (test->window));
}

static gboolean
login_has_error (gpointer user_data)
{
  return cvn_login_page_get_error (login_page (user_data)) != NULL;
}

static GtkLabel *
find_label_containing (GtkWidget  *widget,
                       const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
      strstr (gtk_label_get_label (GTK_LABEL (widget)), text) != NULL)
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *found = find_label_containing (child, text);
      if (found != NULL)
        return found;
    }
  return NULL;
}

typedef struct
{
  UiTest *test;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer user_data)
{
  LabelWait *wait = user_data;

  return find_label_containing (GTK_WIDGET (wait->test->window), wait->text) != NULL;
}

static CvnCallsSidebar *
sidebar (UiTest *test)
{
  return CVN_CALLS_SIDEBAR (cvn_window_get_sidebar (test->window));
}

static gboolean
calls_listed (gpointer user_data)
{
  GListModel *model = cvn_calls_sidebar_get_model (sidebar (user_data));

  /* The default world: Convene Lounge, Big Stage, Convene Radio (live), Book Club
   * (scheduled). */
  return model != NULL && g_list_model_get_n_items (model) >= 4;
}

static CvnCallRow *
row_for_title (UiTest     *test,
               const char *title)
{
  GtkListBox *list = cvn_calls_sidebar_get_list_box (sidebar (test));
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_strcmp0 (cvn_chat_get_title (cvn_call_row_get_chat (CVN_CALL_ROW (row))), title) == 0)
      return CVN_CALL_ROW (row);
  return NULL;
}

typedef struct
{
  UiTest *test;
  const char *title;
  const char *prefix;
} RowWait;

static gboolean
row_subtitle_starts_with (gpointer user_data)
{
  RowWait *wait = user_data;
  CvnCallRow *row = row_for_title (wait->test, wait->title);

  return row != NULL && g_str_has_prefix (cvn_call_row_get_subtitle (row), wait->prefix);
}

static void
check_row (UiTest     *test,
           const char *title,
           const char *prefix)
{
  RowWait wait = { test, title, prefix };
  g_autoptr(GError) error = NULL;
  CvnCallRow *row;

  if (cvn_test_wait_until (NULL, row_subtitle_starts_with, &wait, UI_TEST_WAIT_MS, &error))
    return;
  row = row_for_title (test, title);
  g_error ("The row of %s reads \"%s\", not \"%s…\"", title,
           row != NULL ? cvn_call_row_get_subtitle (row) : "(no row)", prefix);
}

/* The calls list of the demo account, as the sandbox's default world has it. */
static void
check_calls_list (UiTest *test)
{
  ui_test_wait (calls_listed, test);
  check_row (test, "Convene Lounge", "Live · ");
  check_row (test, "Big Stage", "Livestream · 5,0");
  check_row (test, "Book Club", "Starts in ");
  /* Live calls come before the scheduled one. */
  g_assert_true (row_for_title (test, "Book Club") ==
                 CVN_CALL_ROW (gtk_list_box_get_row_at_index (cvn_calls_sidebar_get_list_box (sidebar (test)),
                                                               (int) g_list_model_get_n_items (cvn_calls_sidebar_get_model (sidebar (test))) - 1)));
}

static void
log_in_with_code (UiTest *test)
{
  g_autofree char *png = NULL;

  ui_test_wait_login_page (test, "phone");
  png = ui_test_snapshot (GTK_WIDGET (test->window), "login.png");

  /* The sandbox is offered with its test numbers: +999 is the country picked. */
  cvn_login_page_submit (login_page (test), "661 0001");
  ui_test_wait_login_page (test, "code");
  /* The code the sandbox accepts is shown as a hint. */
  {
    LabelWait wait = { test, "11111" };
    ui_test_wait (label_shown, &wait);
  }
  g_free (png);
  png = ui_test_snapshot (GTK_WIDGET (test->window), "login-code.png");

  /* A wrong code: an inline error, still on the code page. */
  cvn_login_page_submit (login_page (test), "12345");
  ui_test_wait (login_has_error, test);
  g_assert_cmpstr (cvn_login_page_get_page_name (login_page (test)), ==, "code");
  g_test_message ("Wrong code: %s", cvn_login_page_get_error (login_page (test)));

  cvn_login_page_submit (login_page (test), "11111");
  ui_test_wait_page (test, "calls");

  check_calls_list (test);
  g_free (png);
  png = ui_test_snapshot (GTK_WIDGET (test->window), "calls.png");
}

static void
test_login_code (void)
{
  ui_test_run (log_in_with_code, NULL);
}

static gboolean
qr_code_shown (gpointer user_data)
{
  return cvn_login_page_get_qr_code (login_page (user_data)) != NULL;
}

/* QR login: the page shows a QR code of the token the sandbox exported; back returns to
 * the phone number. */
static void
qr_code (UiTest *test)
{
  g_autofree char *png = NULL;
  GdkPaintable *code;

  ui_test_wait_login_page (test, "phone");
  cvn_login_page_start_qr (login_page (test));
  ui_test_wait_login_page (test, "qr");
  ui_test_wait (qr_code_shown, test);
  code = cvn_login_page_get_qr_code (login_page (test));
  /* Square, dark on light, at least 21 modules of a few pixels plus the quiet zone. */
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (code), ==, gdk_paintable_get_intrinsic_height (code));
  g_assert_cmpint (gdk_paintable_get_intrinsic_width (code), >=, 29 * 2);
  png = ui_test_snapshot (GTK_WIDGET (test->window), "login-qr.png");

  cvn_login_page_go_back (login_page (test));
  ui_test_wait_login_page (test, "phone");
}

static void
test_login_qr (void)
{
  ui_test_run (qr_code, NULL);
}

/* A test number without an account: the sign-up page asks for a name. */
static void
sign_up (UiTest *test)
{
  ui_test_wait_login_page (test, "phone");
  cvn_login_page_submit (login_page (test), "+999 664 0004");
  ui_test_wait_login_page (test, "code");
  cvn_login_page_submit (login_page (test), "44444");
  ui_test_wait_login_page (test, "sign-up");
  /* An empty name is refused before asking the server. */
  cvn_login_page_submit (login_page (test), "  ");
  g_assert_nonnull (cvn_login_page_get_error (login_page (test)));
  cvn_login_page_submit (login_page (test), "Dora");
  ui_test_wait_page (test, "calls");
}

static void
test_login_sign_up (void)
{
  ui_test_run (sign_up, NULL);
}

static void
log_in_two_step (UiTest *test)
{
  g_autofree char *png = NULL;

  ui_test_wait_login_page (test, "phone");
  /* A number typed with its + ignores the country picker. */
  cvn_login_page_submit (login_page (test), "+999 663 0003");
  ui_test_wait_login_page (test, "code");
  cvn_login_page_submit (login_page (test), "33333");
  ui_test_wait_login_page (test, "password");
  /* The hint the account chose is shown (account.getPassword answers after the page). */
  {
    LabelWait wait = { test, "lower case" };
    ui_test_wait (label_shown, &wait);
  }

  cvn_login_page_submit (login_page (test), "not the password");
  ui_test_wait (login_has_error, test);
  g_assert_cmpstr (cvn_login_page_get_page_name (login_page (test)), ==, "password");
  png = ui_test_snapshot (GTK_WIDGET (test->window), "login-password.png");

  cvn_login_page_submit (login_page (test), "convene");
  ui_test_wait_page (test, "calls");
}

static void
test_login_two_step (void)
{
  ui_test_run (log_in_two_step, NULL);
}

static void
demo_login (UiTest *test)
{
  ui_test_wait_page (test, "calls");
  check_calls_list (test);
}

static void
restored (UiTest *test)
{
  /* No login page: the stored session is restored and checked with the server. */
  ui_test_wait_page (test, "calls");
  check_calls_list (test);
}

static void
test_login_sandbox_option (void)
{
  /* --sandbox-login, then a second start without it: logged in by the session kept. */
  ui_test_run_twice (demo_login, restored, "--sandbox-login", NULL);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/login/code", test_login_code);
  g_test_add_func ("/ui/login/two-step", test_login_two_step);
  g_test_add_func ("/ui/login/sandbox-login-option", test_login_sandbox_option);
  g_test_add_func ("/ui/login/qr", test_login_qr);
  g_test_add_func ("/ui/login/sign-up", test_login_sign_up);

  return g_test_run ();
}
