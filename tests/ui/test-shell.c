/* test-shell.c: the logged-in shell against the in-process sandbox: choosing a call in the
 * list shows its view, join by link (conference slug, chat links with an invite hash, a link
 * given on the command line before login, a bad link with its inline error), preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "ui-test-util.h"

#include "cvn-call-controls.h"
#include "cvn-call-row.h"
#include "cvn-call-view.h"
#include "cvn-calls-sidebar.h"
#include "cvn-join-link-dialog.h"
#include "cvn-new-call-dialog.h"
#include "cvn-preferences-window.h"
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

typedef struct
{
  UiTest *test;
  const char *title;
  const char *subtitle;
} RowWait;

static gboolean
row_subtitle_is (gpointer user_data)
{
  RowWait *wait = user_data;
  GtkListBox *list = cvn_calls_sidebar_get_list_box (sidebar (wait->test));
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    if (g_strcmp0 (cvn_chat_get_title (cvn_call_row_get_chat (CVN_CALL_ROW (row))), wait->title) == 0)
      return g_strcmp0 (cvn_call_row_get_subtitle (CVN_CALL_ROW (row)), wait->subtitle) == 0;
  return FALSE;
}

static gboolean
window_narrow (gpointer user_data)
{
  UiTest *test = user_data;

  return gtk_widget_get_width (GTK_WIDGET (test->window)) <= 400;
}

static gboolean
leaflet_unfolded (gpointer user_data)
{
  return !adw_leaflet_get_folded (ADW_LEAFLET (user_data));
}

static gboolean
leaflet_folded (gpointer user_data)
{
  return adw_leaflet_get_folded (ADW_LEAFLET (user_data));
}

static gboolean
rows_settled (gpointer user_data)
{
  UiTest *test = user_data;
  GtkListBox *list = cvn_calls_sidebar_get_list_box (sidebar (test));
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    {
      const char *subtitle = cvn_call_row_get_subtitle (CVN_CALL_ROW (row));
      if (g_str_equal (subtitle, "Livestream") || g_str_equal (subtitle, "Video chat"))
        return FALSE;
    }
  return TRUE;
}

static gboolean
live_call_shown (gpointer user_data)
{
  UiTest *test = user_data;
  GtkWidget *view = cvn_window_get_content (test->window);
  CvnGroupCall *call;

  if (!CVN_IS_CALL_VIEW (view) || cvn_call_view_get_page (CVN_CALL_VIEW (view)) != CVN_CALL_VIEW_PAGE_LIVE)
    return FALSE;
  call = cvn_call_view_get_call (CVN_CALL_VIEW (view));
  /* The participants are fetched after the call: wait for the tiles to have someone. */
  return call != NULL && g_list_model_get_n_items (cvn_group_call_get_participants (call)) >= 8;
}

static void
select_and_links (UiTest *test)
{
  GtkListBoxRow *row;
  CvnJoinLinkDialog *dialog;
  g_autofree char *png = NULL;

  ui_test_wait_page (test, "calls");
  ui_test_wait (calls_listed, test);

  /* Sandbox mode: the login lands on the live demo call (the Lounge, a video chat Ada
   * manages), selected in the list, its Join button focused. */
  wait_chat_shown (test, "Convene Lounge");
  {
    GtkWidget *view = cvn_window_get_content (test->window);
    GtkWidget *join = cvn_call_controls_get_button (CVN_CALL_CONTROLS (cvn_call_view_get_controls (CVN_CALL_VIEW (view))),
                                                    "join");
    GtkListBoxRow *selected = gtk_list_box_get_selected_row (cvn_calls_sidebar_get_list_box (sidebar (test)));

    g_assert_nonnull (selected);
    g_assert_cmpstr (cvn_chat_get_title (cvn_call_row_get_chat (CVN_CALL_ROW (selected))), ==, "Convene Lounge");
    g_assert_true (gtk_window_get_focus (GTK_WINDOW (test->window)) == join);
  }

  /* 360 px wide: the calls list alone (back from the call), fitting. */
  {
    AdwLeaflet *leaflet = ADW_LEAFLET (ui_test_find_descendant (GTK_WIDGET (test->window), ADW_TYPE_LEAFLET));

    gtk_window_set_default_size (GTK_WINDOW (test->window), 360, 720);
    ui_test_wait (leaflet_folded, leaflet);
    adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_BACK);
    ui_test_wait (window_narrow, test);
    png = ui_test_snapshot (GTK_WIDGET (test->window), "calls-narrow.png");
    g_clear_pointer (&png, g_free);
    gtk_window_set_default_size (GTK_WINDOW (test->window), 1000, 700);
    ui_test_wait (leaflet_unfolded, leaflet);
  }

  /* Search: by title, case and accents aside; nothing found says so. */
  cvn_calls_sidebar_search (sidebar (test), "LOUNGE");
  g_assert_cmpuint (g_list_model_get_n_items (cvn_calls_sidebar_get_model (sidebar (test))), ==, 1);
  cvn_calls_sidebar_search (sidebar (test), "no such call");
  g_assert_cmpuint (g_list_model_get_n_items (cvn_calls_sidebar_get_model (sidebar (test))), ==, 0);
  png = ui_test_snapshot (GTK_WIDGET (test->window), "calls-search.png");
  g_clear_pointer (&png, g_free);
  cvn_calls_sidebar_search (sidebar (test), NULL);
  g_assert_cmpuint (g_list_model_get_n_items (cvn_calls_sidebar_get_model (sidebar (test))), >=, 4);

  /* Live: someone joins the Lounge at the sandbox, and its row counts them. */
  {
    RowWait wait = { test, "Convene Lounge", "Live · 9 participants" };
    g_autoptr(GError) error = NULL;

    g_assert_true (cvn_sandbox_world_sim_join (test->world, 0, 0, FALSE, &error));
    g_assert_no_error (error);
    ui_test_wait (row_subtitle_is, &wait);
  }

  /* Activating the Lounge's row shows its call view. */
  for (int i = 0; (row = gtk_list_box_get_row_at_index (cvn_calls_sidebar_get_list_box (sidebar (test)), i)) != NULL; i++)
    if (g_strcmp0 (cvn_chat_get_title (cvn_call_row_get_chat (CVN_CALL_ROW (row))), "Convene Lounge") == 0)
      break;
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_activate (GTK_WIDGET (row)));
  wait_chat_shown (test, "Convene Lounge");
  g_assert_true (gtk_list_box_get_selected_row (cvn_calls_sidebar_get_list_box (sidebar (test))) == row);
  ui_test_wait (live_call_shown, test);
  /* The 5,000 listeners of Big Stage come in pages: a settled list for the picture. */
  ui_test_wait (rows_settled, test);
  png = ui_test_snapshot (GTK_WIDGET (test->window), "main-window.png");
  g_clear_pointer (&png, g_free);

  /* The dark style. */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  png = ui_test_snapshot (GTK_WIDGET (test->window), "main-window-dark.png");
  g_clear_pointer (&png, g_free);
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);

  /* 360 px wide with a call shown: one pane at a time, the call first (it was chosen). */
  {
    AdwLeaflet *leaflet = ADW_LEAFLET (ui_test_find_descendant (GTK_WIDGET (test->window), ADW_TYPE_LEAFLET));

    gtk_window_set_default_size (GTK_WINDOW (test->window), 360, 720);
    ui_test_wait (leaflet_folded, leaflet);
    g_assert_false (gtk_widget_is_ancestor (cvn_window_get_sidebar (test->window),
                                            adw_leaflet_get_visible_child (leaflet)) ||
                    adw_leaflet_get_visible_child (leaflet) == cvn_window_get_sidebar (test->window));
    png = ui_test_snapshot (GTK_WIDGET (test->window), "call-narrow.png");
    g_clear_pointer (&png, g_free);
    adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_BACK);
    gtk_window_set_default_size (GTK_WINDOW (test->window), 1000, 700);
  }

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

static CvnNewCallDialog *
find_new_call_dialog (UiTest *test)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (test->app));

  for (GList *l = windows; l != NULL; l = l->next)
    if (CVN_IS_NEW_CALL_DIALOG (l->data))
      return l->data;
  return NULL;
}

static gboolean
no_new_call_dialog (gpointer user_data)
{
  return find_new_call_dialog (user_data) == NULL;
}

static CvnNewCallDialog *
open_new_call (UiTest     *test,
               const char *kind)
{
  CvnNewCallDialog *dialog;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (test->window), "win.new-call", "s", kind));
  dialog = find_new_call_dialog (test);
  g_assert_nonnull (dialog);
  return dialog;
}

static GStrv
chat_titles (CvnNewCallDialog *dialog)
{
  GListModel *chats = cvn_new_call_dialog_get_chats (dialog);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < g_list_model_get_n_items (chats); i++)
    {
      g_autoptr(CvnChat) chat = g_list_model_get_item (chats, i);
      g_strv_builder_add (builder, cvn_chat_get_title (chat));
    }
  return g_strv_builder_end (builder);
}

/* Closed (done), or failed with an error. */
static gboolean
new_call_dialog_done (gpointer user_data)
{
  CvnNewCallDialog **dialog = user_data;

  return *dialog == NULL ||
         (!cvn_new_call_dialog_get_busy (*dialog) && cvn_new_call_dialog_get_error (*dialog) != NULL);
}

static CvnChat *
find_chat (GListModel *chats,
           const char *title)
{
  for (guint i = 0; i < g_list_model_get_n_items (chats); i++)
    {
      g_autoptr(CvnChat) chat = g_list_model_get_item (chats, i);
      if (g_strcmp0 (cvn_chat_get_title (chat), title) == 0)
        return chat;   /* the list keeps it alive */
    }
  return NULL;
}

static gboolean
conference_link_shown (gpointer user_data)
{
  CvnNewCallDialog *dialog = user_data;

  if (cvn_new_call_dialog_get_error (dialog) != NULL)
    g_error ("No conference: %s", cvn_new_call_dialog_get_error (dialog));
  return cvn_new_call_dialog_get_link (dialog) != NULL;
}

typedef struct
{
  UiTest *test;
  gint64 schedule_date;
} ScheduleWait;

static gboolean
scheduled_call_shown (gpointer user_data)
{
  ScheduleWait *wait = user_data;
  GtkWidget *view = cvn_window_get_content (wait->test->window);
  CvnGroupCall *call;

  if (!CVN_IS_CALL_VIEW (view))
    return FALSE;
  call = cvn_call_view_get_call (CVN_CALL_VIEW (view));
  return call != NULL && cvn_group_call_get_schedule_date (call) == wait->schedule_date &&
         cvn_call_view_get_page (CVN_CALL_VIEW (view)) == CVN_CALL_VIEW_PAGE_SCHEDULED;
}

static void
new_calls (UiTest *test)
{
  CvnNewCallDialog *dialog;
  g_auto(GStrv) titles = NULL;
  g_autofree char *png = NULL;
  gint64 now, start;
  CvnChat *book_club;

  ui_test_wait_page (test, "calls");
  ui_test_wait (calls_listed, test);

  /* A video chat: the groups whose calls the demo account may manage, no channel. */
  dialog = open_new_call (test, "video-chat");
  titles = chat_titles (dialog);
  g_assert_true (g_strv_contains ((const char * const *) titles, "Convene Lounge"));
  g_assert_true (g_strv_contains ((const char * const *) titles, "Book Club"));
  g_assert_false (g_strv_contains ((const char * const *) titles, "Convene Radio"));
  g_assert_false (g_strv_contains ((const char * const *) titles, "Big Stage"));
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_pointer (&titles, g_strfreev);

  /* A livestream: the channels the account owns (Big Stage is Brian's, Ada only admins it). */
  dialog = open_new_call (test, "livestream");
  titles = chat_titles (dialog);
  g_assert_cmpstrv (titles, ((const char *[]) { "Convene Radio", NULL }));
  gtk_window_destroy (GTK_WINDOW (dialog));

  /* Scheduling: 8 days is the limit, enforced before asking the server. */
  dialog = open_new_call (test, "scheduled");
  book_club = find_chat (cvn_new_call_dialog_get_chats (dialog), "Book Club");
  g_assert_nonnull (book_club);
  cvn_new_call_dialog_select_chat (dialog, book_club);
  now = g_get_real_time () / G_USEC_PER_SEC;
  cvn_new_call_dialog_set_schedule (dialog, now + 9 * 86400);
  cvn_new_call_dialog_create (dialog);
  g_assert_nonnull (cvn_new_call_dialog_get_error (dialog));
  g_assert_false (cvn_new_call_dialog_get_busy (dialog));
  png = ui_test_snapshot (GTK_WIDGET (dialog), "new-call.png");

  /* Two hours ahead, on a whole minute (the pickers have minutes): created at the sandbox,
   * then shown as the Book Club's scheduled call. */
  start = (now + 2 * 3600) / 60 * 60;
  cvn_new_call_dialog_set_schedule (dialog, start);
  g_assert_cmpint (cvn_new_call_dialog_get_schedule (dialog), ==, start);
  g_assert_null (cvn_new_call_dialog_get_error (dialog));
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &dialog);
  cvn_new_call_dialog_create (dialog);
  ui_test_wait (new_call_dialog_done, &dialog);
  if (dialog != NULL)
    g_error ("Not created: %s", cvn_new_call_dialog_get_error (dialog));
  ui_test_wait (no_new_call_dialog, test);
  {
    ScheduleWait wait = { test, start };
    ui_test_wait (scheduled_call_shown, &wait);
  }
  g_assert_cmpstr (cvn_chat_get_title (cvn_window_get_shown_chat (test->window)), ==, "Book Club");

  /* A conference call: created, its link shown (copy, QR), then the call itself. */
  dialog = open_new_call (test, "conference");
  cvn_new_call_dialog_create (dialog);
  ui_test_wait (conference_link_shown, dialog);
  g_test_message ("Conference link: %s", cvn_new_call_dialog_get_link (dialog));
  g_assert_true (g_str_has_prefix (cvn_new_call_dialog_get_link (dialog), "https://t.me/call/"));
  g_clear_pointer (&png, g_free);
  png = ui_test_snapshot (GTK_WIDGET (dialog), "new-conference.png");
  cvn_new_call_dialog_create (dialog);   /* Done */
  ui_test_wait (no_new_call_dialog, test);
  ui_test_wait (conference_shown, test);
  g_assert_null (cvn_window_get_shown_chat (test->window));
}

static gboolean
has_label (GtkWidget  *widget,
           const char *text)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), text) == 0)
    return TRUE;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (has_label (child, text))
      return TRUE;
  return FALSE;
}

typedef struct
{
  GtkWidget *window;
  const char *text;
} LabelWait;

static gboolean
label_present (gpointer user_data)
{
  LabelWait *wait = user_data;

  return has_label (wait->window, wait->text);
}

static void
preferences (UiTest *test)
{
  GtkWidget *preferences = NULL;
  g_autofree char *png = NULL;

  ui_test_wait_page (test, "calls");
  g_action_group_activate_action (G_ACTION_GROUP (test->app), "preferences", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (test->app)); l != NULL; l = l->next)
    if (CVN_IS_PREFERENCES_WINDOW (l->data))
      preferences = l->data;
  g_assert_nonnull (preferences);

  /* The Account page: who is logged in, and where. */
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "account");
  {
    LabelWait wait = { preferences, "Ada Demo" };
    ui_test_wait (label_present, &wait);
  }
  g_assert_true (has_label (preferences, "+9996610001"));
  png = ui_test_snapshot (preferences, "preferences.png");

  /* Logging out goes back to the login page. */
  g_action_group_activate_action (G_ACTION_GROUP (test->app), "log-out", NULL);
  ui_test_wait_login_page (test, "phone");
}

static void
test_shell_preferences (void)
{
  ui_test_run (preferences, "--sandbox-login", NULL);
}

static void
test_shell_new_calls (void)
{
  ui_test_run (new_calls, "--sandbox-login", NULL);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add_func ("/ui/shell/select-and-links", test_shell_links);
  g_test_add_func ("/ui/shell/command-line-link", test_shell_command_line_link);
  g_test_add_func ("/ui/shell/new-calls", test_shell_new_calls);
  g_test_add_func ("/ui/shell/preferences-and-log-out", test_shell_preferences);

  return g_test_run ();
}
