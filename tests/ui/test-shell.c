/* test-shell.c: the logged-in shell against the in-process sandbox: choosing a call in the
 * list shows its view, join by link (conference slug, chat links with an invite hash, a link
 * given on the command line before login, a bad link with its inline error), preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui-test-util.h"

#include "cvn-call-row.h"
#include "cvn-call-view.h"
#include "cvn-calls-sidebar.h"
#include "cvn-join-link-dialog.h"
#include "cvn-test-wait.h"

static CvnCallsSidebar *
sidebar (UiTest *test)
{
  return CVN_CALLS_SIDEBAR (cvn_window_get_sidebar (test->window));
}

static gboolean
calls_listed (gpointer user_data)
{
  GListModel *model = cvn_calls_sidebar_get_model (sidebar (user_data));

  return model != NULL && g_list_model_get_n_items (model) >= 4;
}

static CvnJoinLinkDialog *
find_join_dialog (UiTest *test)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (test->app));

  for (GList *l = windows; l != NULL; l = l->next)
    if (CVN_IS_JOIN_LINK_DIALOG (l->data))
      return l->data;
  return NULL;
}

static gboolean
no_join_dialog (gpointer user_data)
{
  return find_join_dialog (user_data) == NULL;
}

typedef struct
{
  UiTest *test;
  const char *title;
} ChatWait;

static gboolean
chat_shown (gpointer user_data)
{
  ChatWait *wait = user_data;
  CvnChat *chat = cvn_window_get_shown_chat (wait->test->window);

  return chat != NULL && g_strcmp0 (cvn_chat_get_title (chat), wait->title) == 0 &&
         CVN_IS_CALL_VIEW (cvn_window_get_content (wait->test->window));
}

static void
wait_chat_shown (UiTest     *test,
                 const char *title)
{
  ChatWait wait = { test, title };
  g_autoptr(GError) error = NULL;

  if (!cvn_test_wait_until (NULL, chat_shown, &wait, UI_TEST_WAIT_MS, &error))
    {
      CvnChat *chat = cvn_window_get_shown_chat (test->window);
      CvnJoinLinkDialog *dialog = find_join_dialog (test);

      g_error ("%s is not shown (shown: %s; join dialog error: %s): %s", title,
               chat != NULL ? cvn_chat_get_title (chat) : "nothing",
               dialog != NULL ? cvn_join_link_dialog_get_error (dialog) : "no dialog",
               error->message);
    }
}

static gboolean
join_dialog_done (gpointer user_data)
{
  CvnJoinLinkDialog *dialog = user_data;

  return !cvn_join_link_dialog_get_busy (dialog) && cvn_join_link_dialog_get_error (dialog) != NULL;
}

static gboolean
conference_shown (gpointer user_data)
{
  UiTest *test = user_data;
  GtkWidget *view = cvn_window_get_content (test->window);

  return CVN_IS_CALL_VIEW (view) &&
         cvn_call_view_get_page (CVN_CALL_VIEW (view)) == CVN_CALL_VIEW_PAGE_CONFERENCE;
}

static void
select_and_links (UiTest *test)
{
  GtkListBoxRow *row;
  CvnJoinLinkDialog *dialog;
  g_autofree char *png = NULL;

  ui_test_wait_page (test, "calls");
  ui_test_wait (calls_listed, test);

  /* Activating the Lounge's row shows its call view. */
  for (int i = 0; (row = gtk_list_box_get_row_at_index (cvn_calls_sidebar_get_list_box (sidebar (test)), i)) != NULL; i++)
    if (g_strcmp0 (cvn_chat_get_title (cvn_call_row_get_chat (CVN_CALL_ROW (row))), "Convene Lounge") == 0)
      break;
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  wait_chat_shown (test, "Convene Lounge");
  g_assert_true (gtk_list_box_get_selected_row (cvn_calls_sidebar_get_list_box (sidebar (test))) == row);

  /* The Join by Link dialog: a link that is no call link is refused inline. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (test->window), "win.join-link", NULL));
  dialog = find_join_dialog (test);
  g_assert_nonnull (dialog);
  cvn_join_link_dialog_set_link (dialog, "https://example.com/not-a-call");
  cvn_join_link_dialog_join (dialog);
  g_assert_nonnull (cvn_join_link_dialog_get_error (dialog));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dialog)));
  png = ui_test_snapshot (GTK_WIDGET (dialog), "join-link.png");

  /* A public username that does not exist: the server's answer, inline. */
  cvn_join_link_dialog_set_link (dialog, "tg://resolve?domain=nobody_here&videochat");
  cvn_join_link_dialog_join (dialog);
  ui_test_wait (join_dialog_done, dialog);
  g_test_message ("Unknown username: %s", cvn_join_link_dialog_get_error (dialog));

  /* A chat link with an invite hash: the chat's call is shown and the hash kept for joining. */
  cvn_join_link_dialog_set_link (dialog, "https://t.me/big_stage?livestream");
  cvn_join_link_dialog_join (dialog);
  wait_chat_shown (test, "Big Stage");
  ui_test_wait (no_join_dialog, test);
  g_assert_null (cvn_window_get_invite_hash (test->window));

  cvn_window_open_link (test->window, "tg://resolve?domain=convene_lounge&videochat=sp3aker");
  wait_chat_shown (test, "Convene Lounge");
  ui_test_wait (no_join_dialog, test);
  g_assert_cmpstr (cvn_window_get_invite_hash (test->window), ==, "sp3aker");

  /* A conference by its link: no chat, the conference view. */
  cvn_window_open_link (test->window, "https://t.me/call/convene-demo");
  ui_test_wait (conference_shown, test);
  ui_test_wait (no_join_dialog, test);
  g_assert_null (cvn_window_get_shown_chat (test->window));
}

static void
test_shell_links (void)
{
  ui_test_run (select_and_links, "--sandbox-login", NULL);
}

static void
link_before_login (UiTest *test)
{
  /* The link given on the command line waits for the (demo) login, then opens. */
  ui_test_wait_page (test, "calls");
  wait_chat_shown (test, "Convene Radio");
}

static void
test_shell_command_line_link (void)
{
  ui_test_run (link_before_login, "--sandbox-login", "tg://resolve?domain=convene_radio&livestream", NULL);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/shell/select-and-links", test_shell_links);
  g_test_add_func ("/ui/shell/command-line-link", test_shell_command_line_link);

  return g_test_run ();
}
