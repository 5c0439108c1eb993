/* test-call-views.c: the call views over a CvnGroupCall fed through the model's private API
 * (no network): tiles reflow with the width, the speaking ring follows `speaking`, the
 * participants panel sorts into sections and follows mutes and hands, toasts announce joins
 * and raised hands, the scheduled countdown runs on the call's clock and "Notify Me" fires
 * when the call starts, the view picks its page by kind and state, camera and screen share
 * say why they are off, the livestream and conference pages show their data. Each main view
 * is saved as a PNG in the build directory (widget-*.png; test-call-flows writes the ones
 * populated from the sandbox).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "call-views-test-util.h"
#include "cvn-call-controls.h"
#include "cvn-call-view.h"
#include "cvn-conference-view.h"
#include "cvn-livestream-view.h"
#include "cvn-participant-grid.h"
#include "cvn-participant-panel.h"
#include "cvn-participant-tile.h"
#include "cvn-scheduled-view.h"

typedef struct
{
  CvnClock *clock;
  CvnGroupCall *call;
  CvnCallView *view;
  GtkWindow *window;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  test_ui_init ();
  f->clock = cvn_clock_new_fake ();
  f->view = CVN_CALL_VIEW (cvn_call_view_new ());
  cvn_call_view_set_peer_name_func (f->view, test_peer_name, NULL, NULL);
  f->window = test_ui_window_new (GTK_WIDGET (f->view), 1000, 700);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  test_ui_settle (50);
  g_assert_null (f->window);
  g_clear_object (&f->call);
  g_clear_object (&f->clock);
}

static void
show_call (Fixture      *f,
           CvnGroupCall *call)
{
  g_set_object (&f->call, call);
  cvn_call_view_set_call (f->view, call);
}

typedef struct
{
  GtkWidget *root;
  guint min_tiles;
} TileWait;

static guint
count_tiles (GtkWidget *root)
{
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();
  guint n = 0;

  test_ui_collect (root, CVN_TYPE_PARTICIPANT_TILE, tiles);
  for (guint i = 0; i < tiles->len; i++)
    if (gtk_widget_get_mapped (tiles->pdata[i]) &&
        cvn_participant_tile_get_participant (tiles->pdata[i]) != NULL)
      n++;
  return n;
}

static gboolean
tiles_shown (gpointer user_data)
{
  TileWait *wait = user_data;

  return count_tiles (wait->root) >= wait->min_tiles;
}

/* The distinct x positions of the mapped tiles: the number of columns. */
static guint
count_columns (GtkWidget *root)
{
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));

  test_ui_collect (root, CVN_TYPE_PARTICIPANT_TILE, tiles);
  for (guint i = 0; i < tiles->len; i++)
    {
      graphene_rect_t bounds;
      double x;
      gboolean known = FALSE;

      if (!gtk_widget_get_mapped (tiles->pdata[i]))
        continue;
      g_assert_true (gtk_widget_compute_bounds (tiles->pdata[i], root, &bounds));
      x = bounds.origin.x;
      for (guint j = 0; j < xs->len; j++)
        if (ABS (g_array_index (xs, double, j) - x) < 1)
          known = TRUE;
      if (!known)
        g_array_append_val (xs, x);
    }

  return xs->len;
}

static CvnParticipantTile *
find_tile (GtkWidget *root,
           gint64     user_id)
{
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();

  test_ui_collect (root, CVN_TYPE_PARTICIPANT_TILE, tiles);
  for (guint i = 0; i < tiles->len; i++)
    {
      CvnGroupCallParticipant *p = cvn_participant_tile_get_participant (tiles->pdata[i]);

      if (p != NULL && cvn_group_call_participant_get_peer_id (p) == user_id)
        return tiles->pdata[i];
    }
  return NULL;
}

typedef struct
{
  GtkWidget *root;
  guint max_columns;
  guint min_columns;
} ColumnWait;

static gboolean
columns_between (gpointer user_data)
{
  ColumnWait *wait = user_data;
  guint columns = count_columns (wait->root);

  return columns >= wait->min_columns && columns <= wait->max_columns;
}

static void
test_live_tiles_reflow (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CvnGroupCall) call = test_ui_new_live_call (f->clock, 8, 0);
  GtkWidget *grid;
  TileWait tiles = { NULL, 8 };
  ColumnWait wide = { NULL, 8, 4 };
  ColumnWait narrow = { NULL, 2, 1 };

  show_call (f, call);
  g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_LIVE);
  grid = cvn_call_view_get_page_widget (f->view, CVN_CALL_VIEW_PAGE_LIVE);
  tiles.root = wide.root = narrow.root = grid;

  /* Wide: the eight tiles in at least four columns. */
  test_ui_resize (f->window, 1000, 700);
  cvn_test_assert_wait (NULL, tiles_shown, &tiles, 10000);
  cvn_test_assert_wait (NULL, columns_between, &wide, 10000);
  g_test_message ("%u columns at 1000 px", count_columns (grid));

  /* 360 px (a phone): one or two columns, and the panel folds away. */
  test_ui_resize (f->window, 360, 700);
  if (!cvn_test_wait_until (NULL, columns_between, &narrow, 10000, NULL))
    g_error ("%u columns at %d px, grid %d px", count_columns (grid), gtk_widget_get_width (GTK_WIDGET (f->window)),
             gtk_widget_get_width (grid));
  g_test_message ("%u columns at 360 px", count_columns (grid));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, 376);

  /* Back to wide: it reflows again. */
  test_ui_resize (f->window, 1000, 700);
  cvn_test_assert_wait (NULL, columns_between, &wide, 10000);
}

typedef struct
{
  CvnParticipantTile *tile;
  gboolean visible;
} RingWait;

static gboolean
ring_is (gpointer user_data)
{
  RingWait *wait = user_data;

  return cvn_participant_tile_get_ring_visible (wait->tile) == wait->visible;
}

static void
test_live_speaking_ring (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(CvnGroupCall) call = test_ui_new_live_call (f->clock, 8, 0);
  GListModel *list = cvn_group_call_get_participants (call);
  CvnGroupCallParticipant *speaker, *listener;
  GtkWidget *grid;
  TileWait tiles = { NULL, 8 };
  RingWait ring = { NULL, FALSE };

  show_call (f, call);
  grid = cvn_call_view_get_page_widget (f->view, CVN_CALL_VIEW_PAGE_LIVE);
  tiles.root = grid;
  cvn_test_assert_wait (NULL, tiles_shown, &tiles, 10000);

  speaker = cvn_group_call_participant_list_lookup (CVN_GROUP_CALL_PARTICIPANT_LIST (list), CVN_PEER_TYPE_USER, 3);
  listener = cvn_group_call_participant_list_lookup (CVN_GROUP_CALL_PARTICIPANT_LIST (list), CVN_PEER_TYPE_USER, 6);
  g_assert_nonnull (speaker);
  g_assert_nonnull (listener);

  /* An unmuted participant speaking: the ring shows, on the tile bound to it (which may
   * move: speaking is activity and re-sorts the list). */
  cvn_group_call_participant_set_speaking (speaker, TRUE);
  test_ui_settle (50);
  ring.tile = find_tile (grid, 3);
  g_assert_nonnull (ring.tile);
  ring.visible = TRUE;
  cvn_test_assert_wait (NULL, ring_is, &ring, 5000);
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_first_child (GTK_WIDGET (ring.tile)), "speaking"));

  /* Stops speaking: the ring goes. */
  cvn_group_call_participant_set_speaking (speaker, FALSE);
  ring.tile = find_tile (grid, 3);
  ring.visible = FALSE;
  cvn_test_assert_wait (NULL, ring_is, &ring, 5000);

  /* A muted participant's `speaking` (noise on a muted line) shows no ring. */
  cvn_group_call_participant_set_speaking (listener, TRUE);
  test_ui_settle (50);
  g_assert_false (cvn_participant_tile_get_ring_visible (find_tile (grid, 6)));

  test_ui_resize (f->window, 1000, 700);
  cvn_group_call_participant_set_speaking (speaker, TRUE);
  test_ui_settle (300);
  test_ui_save_png (GTK_WIDGET (f->window), "widget-call-live.png");

  /* The dark style, and a phone's width (the panel folds away, one column). */
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_FORCE_DARK);
  test_ui_settle (200);
  test_ui_save_png (GTK_WIDGET (f->window), "widget-call-live-dark.png");
  test_ui_resize (f->window, 360, 700);
  test_ui_settle (300);
  test_ui_save_png (GTK_WIDGET (f->window), "widget-call-live-narrow-dark.png");
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_live_panel_sections (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CvnGroupCall) call = test_ui_new_live_call (f->clock, 8, 0);
  CvnParticipantPanel *panel;
  CvnParticipantInfo update;

  show_call (f, call);
  cvn_call_view_set_can_manage (f->view, TRUE);
  panel = CVN_PARTICIPANT_PANEL (cvn_call_view_get_participant_panel (f->view));

  /* User 2 has a raised hand; 1, 3, 4 are unmuted; 5..8 are muted listeners. */
  g_assert_cmpuint (cvn_participant_panel_get_section_size (panel, CVN_PARTICIPANT_SECTION_RAISED_HANDS), ==, 1);
  g_assert_cmpuint (cvn_participant_panel_get_section_size (panel, CVN_PARTICIPANT_SECTION_SPEAKERS), ==, 3);
  g_assert_cmpuint (cvn_participant_panel_get_section_size (panel, CVN_PARTICIPANT_SECTION_LISTENERS), ==, 4);
  /* Three headers and eight participants. */
  g_assert_cmpuint (g_list_model_get_n_items (cvn_participant_panel_get_rows (panel)), ==, 11);

  /* An admin mutes user 3 (the server's update): it moves to the listeners. */
  update = test_ui_participant (3, TEST_WALL_TIME - 597, CVN_PARTICIPANT_FLAG_MUTED | CVN_PARTICIPANT_FLAG_VERSIONED);
  _cvn_group_call_handle_update_participants (call, &update, 1, 11);
  g_assert_cmpuint (cvn_participant_panel_get_section_size (panel, CVN_PARTICIPANT_SECTION_SPEAKERS), ==, 2);
  g_assert_cmpuint (cvn_participant_panel_get_section_size (panel, CVN_PARTICIPANT_SECTION_LISTENERS), ==, 5);

  /* User 7 raises a hand. */
  update = test_ui_participant (7, TEST_WALL_TIME - 593, CVN_PARTICIPANT_FLAG_MUTED | CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE |
                                CVN_PARTICIPANT_FLAG_VERSIONED | CVN_PARTICIPANT_FLAG_HAS_RAISE_HAND_RATING);
  update.raise_hand_rating = 2000;
  _cvn_group_call_handle_update_participants (call, &update, 1, 12);
  g_assert_cmpuint (cvn_participant_panel_get_section_size (panel, CVN_PARTICIPANT_SECTION_RAISED_HANDS), ==, 2);
  g_assert_cmpuint (cvn_participant_panel_get_section_size (panel, CVN_PARTICIPANT_SECTION_LISTENERS), ==, 4);
}

static gboolean
has_toast (CvnCallView *view,
           const char  *title)
{
  const char * const *history = cvn_call_view_get_toast_history (view);

  return g_strv_contains (history, title);
}

static void
test_live_toasts (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(CvnGroupCall) call = test_ui_new_live_call (f->clock, 8, 0);
  CvnParticipantInfo update;
  TileWait tiles = { NULL, 9 };

  show_call (f, call);
  test_ui_settle (50);
  /* What was there when the call opened is not news. */
  g_assert_false (has_toast (f->view, "Brian Second raised their hand"));

  /* User 9 joins: a toast and a ninth tile. */
  update = test_ui_participant (9, TEST_WALL_TIME, CVN_PARTICIPANT_FLAG_MUTED | CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE |
                                CVN_PARTICIPANT_FLAG_JUST_JOINED);
  _cvn_group_call_handle_update_participants (call, &update, 1, 11);
  g_assert_cmpuint (g_list_model_get_n_items (cvn_group_call_get_participants (call)), ==, 9);
  if (!has_toast (f->view, "Ivo Lark joined"))
    g_error ("toasts: %s", g_strjoinv ("|", (char **) cvn_call_view_get_toast_history (f->view)));
  tiles.root = cvn_call_view_get_page_widget (f->view, CVN_CALL_VIEW_PAGE_LIVE);
  cvn_test_assert_wait (NULL, tiles_shown, &tiles, 10000);

  /* User 5 raises a hand. */
  update = test_ui_participant (5, TEST_WALL_TIME - 595, CVN_PARTICIPANT_FLAG_MUTED | CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE |
                                CVN_PARTICIPANT_FLAG_VERSIONED | CVN_PARTICIPANT_FLAG_HAS_RAISE_HAND_RATING);
  update.raise_hand_rating = 3000;
  _cvn_group_call_handle_update_participants (call, &update, 1, 12);
  g_assert_true (has_toast (f->view, "Eli Rivers raised their hand"));
}

static void
test_controls_video_unavailable (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(CvnGroupCall) call = test_ui_new_live_call (f->clock, 8, 0);
  CvnCallControls *controls;
  GtkWidget *camera, *screen;

  show_call (f, call);
  cvn_call_view_set_can_manage (f->view, TRUE);
  controls = CVN_CALL_CONTROLS (cvn_call_view_get_controls (f->view));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (controls)));

  /* Camera and screen sharing cannot work yet: insensitive, and the tooltip says why. */
  cvn_call_controls_set_joined (controls, TRUE);
  test_ui_settle (50);
  camera = cvn_call_controls_get_button (controls, "camera");
  screen = cvn_call_controls_get_button (controls, "screen");
  g_assert_false (gtk_widget_is_sensitive (camera));
  g_assert_false (gtk_widget_is_sensitive (screen));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (camera), "audio only"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (screen), "audio only"));

  /* Every icon button has a tooltip. */
  {
    const char *names[] = { "mic", "camera", "screen", "hand", "menu", "leave", "end" };

    for (guint i = 0; i < G_N_ELEMENTS (names); i++)
      g_assert_nonnull (gtk_widget_get_tooltip_text (cvn_call_controls_get_button (controls, names[i])));
  }
  g_assert_true (gtk_widget_get_visible (cvn_call_controls_get_button (controls, "end")));
  cvn_call_view_set_can_manage (f->view, FALSE);
  g_assert_false (gtk_widget_get_visible (cvn_call_controls_get_button (controls, "end")));
}

static void
test_pages_by_kind_and_state (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(CvnGroupCall) call = cvn_group_call_new (f->clock);
  CvnGroupCallInfo info;

  show_call (f, call);
  g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_LOADING);

  info = test_ui_call_info (7, 1, CVN_GROUP_CALL_FLAG_HAS_SCHEDULE_DATE, 0);
  info.schedule_date = TEST_WALL_TIME + 300;
  _cvn_group_call_apply_snapshot (call, &info, NULL, 0, "", 1);
  g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_SCHEDULED);

  info = test_ui_call_info (7, 2, 0, 0);
  _cvn_group_call_handle_update_group_call (call, &info);
  g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_LIVE);

  info = test_ui_call_info (7, 3, CVN_GROUP_CALL_FLAG_RTMP_STREAM, 0);
  _cvn_group_call_handle_update_group_call (call, &info);
  g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_LIVESTREAM);

  info = test_ui_call_info (7, 4, 0, 0);
  info.discarded = TRUE;
  info.duration = 1800;
  _cvn_group_call_handle_update_group_call (call, &info);
  g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_ENDED);
  g_assert_cmpstr (adw_status_page_get_description (ADW_STATUS_PAGE (cvn_call_view_get_page_widget (f->view, CVN_CALL_VIEW_PAGE_ENDED))),
                   ==, "The call lasted 30 minutes");

  {
    g_autoptr(CvnGroupCall) conference = cvn_group_call_new (f->clock);

    info = test_ui_call_info (8, 1, CVN_GROUP_CALL_FLAG_CONFERENCE, 1);
    _cvn_group_call_apply_snapshot (conference, &info, NULL, 0, "", 1);
    show_call (f, conference);
    g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_CONFERENCE);
  }
}

static void
test_connection_bar (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(CvnGroupCall) call = test_ui_new_live_call (f->clock, 3, 0);
  GtkWidget *label;

  show_call (f, call);
  cvn_call_view_set_connection (f->view, CVN_CALL_VIEW_CONNECTION_RECONNECTING, NULL);
  g_assert_cmpint (cvn_call_view_get_connection (f->view), ==, CVN_CALL_VIEW_CONNECTION_RECONNECTING);
  cvn_call_view_set_connection (f->view, CVN_CALL_VIEW_CONNECTION_FAILED, "The call has ended");
  label = test_ui_find (GTK_WIDGET (f->view), GTK_TYPE_REVEALER);
  g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (label)));
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    gboolean found = FALSE;

    test_ui_collect (label, GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      if (g_strcmp0 (gtk_label_get_label (labels->pdata[i]), "Could not join the call: The call has ended") == 0)
        found = TRUE;
    g_assert_true (found);
  }
  cvn_call_view_set_connection (f->view, CVN_CALL_VIEW_CONNECTION_NONE, NULL);
  g_assert_false (gtk_revealer_get_reveal_child (GTK_REVEALER (label)));
}

static void
test_scheduled_countdown_and_notify (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(CvnGroupCall) call = cvn_group_call_new (f->clock);
  CvnScheduledView *scheduled;
  CvnGroupCallInfo info;

  info = test_ui_call_info (11, 1, CVN_GROUP_CALL_FLAG_HAS_SCHEDULE_DATE | CVN_GROUP_CALL_FLAG_HAS_TITLE, 0);
  info.schedule_date = TEST_WALL_TIME + 300;
  info.title = (char *) "Book Club";
  _cvn_group_call_apply_snapshot (call, &info, NULL, 0, "", 1);
  show_call (f, call);
  cvn_call_view_set_can_manage (f->view, TRUE);
  g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_SCHEDULED);
  scheduled = CVN_SCHEDULED_VIEW (cvn_call_view_get_page_widget (f->view, CVN_CALL_VIEW_PAGE_SCHEDULED));

  /* The countdown runs on the call's (fake) clock, second by second. */
  g_assert_cmpstr (cvn_scheduled_view_get_countdown (scheduled), ==, "05:00");
  cvn_clock_advance (f->clock, 1000);
  g_assert_cmpstr (cvn_scheduled_view_get_countdown (scheduled), ==, "04:59");
  cvn_clock_advance (f->clock, 59 * 1000);
  g_assert_cmpstr (cvn_scheduled_view_get_countdown (scheduled), ==, "04:00");

  /* "Notify Me": the subscription comes back from the server as the call's flag. */
  info = test_ui_call_info (11, 2, CVN_GROUP_CALL_FLAG_HAS_SCHEDULE_DATE | CVN_GROUP_CALL_FLAG_HAS_TITLE |
                            CVN_GROUP_CALL_FLAG_SCHEDULE_START_SUBSCRIBED, 0);
  info.schedule_date = TEST_WALL_TIME + 300;
  info.title = (char *) "Book Club";
  _cvn_group_call_handle_update_group_call (call, &info);
  {
    /* The Notify Me toggle follows the state of its action, which follows the call. */
    GtkWidget *toggle = test_ui_find (GTK_WIDGET (scheduled), GTK_TYPE_TOGGLE_BUTTON);

    g_assert_nonnull (toggle);
    test_ui_settle (50);
    g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
  }
  test_ui_resize (f->window, 1000, 700);
  test_ui_settle (200);
  test_ui_save_png (GTK_WIDGET (f->window), "widget-call-scheduled.png");

  /* Past the start time it still waits for the server to start it. */
  cvn_clock_advance (f->clock, 240 * 1000);
  g_assert_cmpstr (cvn_scheduled_view_get_countdown (scheduled), ==, "Starting soon…");
  g_assert_false (cvn_scheduled_view_get_start_notified (scheduled));

  /* The call starts: the notification is raised, and the view shows the live call. */
  info = test_ui_call_info (11, 3, CVN_GROUP_CALL_FLAG_HAS_TITLE, 1);
  info.title = (char *) "Book Club";
  _cvn_group_call_handle_update_group_call (call, &info);
  g_assert_true (cvn_scheduled_view_get_start_notified (scheduled));
  g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_LIVE);
  /* The countdown timer is gone with the schedule. */
  g_assert_cmpuint (cvn_clock_get_n_pending (f->clock), ==, 0);
}

static void
test_scheduled_without_subscription_does_not_notify (Fixture       *f,
                                                     gconstpointer  data)
{
  g_autoptr(CvnGroupCall) call = cvn_group_call_new (f->clock);
  CvnScheduledView *scheduled;
  CvnGroupCallInfo info;

  info = test_ui_call_info (12, 1, CVN_GROUP_CALL_FLAG_HAS_SCHEDULE_DATE, 0);
  info.schedule_date = TEST_WALL_TIME + 3 * 86400;
  _cvn_group_call_apply_snapshot (call, &info, NULL, 0, "", 1);
  show_call (f, call);
  scheduled = CVN_SCHEDULED_VIEW (cvn_call_view_get_page_widget (f->view, CVN_CALL_VIEW_PAGE_SCHEDULED));
  g_assert_cmpstr (cvn_scheduled_view_get_countdown (scheduled), ==, "3 days");

  info = test_ui_call_info (12, 2, 0, 1);
  _cvn_group_call_handle_update_group_call (call, &info);
  g_assert_false (cvn_scheduled_view_get_start_notified (scheduled));
}

static void
test_livestream (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CvnGroupCall) call = cvn_group_call_new (f->clock);
  CvnLivestreamView *livestream;
  CvnGroupCallInfo info;

  _cvn_group_call_set_broadcast (call, TRUE);
  info = test_ui_call_info (13, 1, CVN_GROUP_CALL_FLAG_HAS_TITLE, 5000);
  info.title = (char *) "Big Stage";
  _cvn_group_call_apply_snapshot (call, &info, NULL, 0, "", 1);
  show_call (f, call);
  cvn_call_view_set_can_manage (f->view, TRUE);
  g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_LIVESTREAM);
  livestream = CVN_LIVESTREAM_VIEW (cvn_call_view_get_page_widget (f->view, CVN_CALL_VIEW_PAGE_LIVESTREAM));

  g_assert_cmpstr (cvn_livestream_view_get_viewers_text (livestream), ==, "5000 watching");
  g_assert_false (cvn_livestream_view_get_comments_visible (livestream));

  /* Messages enabled: the comments panel is offered. */
  info = test_ui_call_info (13, 2, CVN_GROUP_CALL_FLAG_HAS_TITLE | CVN_GROUP_CALL_FLAG_MESSAGES_ENABLED, 5001);
  info.title = (char *) "Big Stage";
  _cvn_group_call_handle_update_group_call (call, &info);
  g_assert_true (cvn_livestream_view_get_comments_visible (livestream));
  g_assert_cmpstr (cvn_livestream_view_get_viewers_text (livestream), ==, "5001 watching");

  cvn_livestream_view_set_rtmp_credentials (livestream, "rtmps://dc4-1.rtmp.t.me/s/", "1234567890:abcdefgh");
  test_ui_resize (f->window, 1000, 700);
  test_ui_settle (200);
  test_ui_save_png (GTK_WIDGET (f->window), "widget-livestream.png");
}

static void
test_conference (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CvnGroupCall) call = cvn_group_call_new (f->clock);
  CvnConferenceView *conference;
  CvnGroupCallInfo info;
  CvnParticipantInfo parts[3];

  info = test_ui_call_info (14, 1, CVN_GROUP_CALL_FLAG_CONFERENCE | CVN_GROUP_CALL_FLAG_CREATOR, 3);
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    parts[i] = test_ui_participant (i + 1, TEST_WALL_TIME - 60, i == 0 ? CVN_PARTICIPANT_FLAG_SELF : CVN_PARTICIPANT_FLAG_MUTED);
  _cvn_group_call_apply_snapshot (call, &info, parts, G_N_ELEMENTS (parts), "", 1);
  show_call (f, call);
  g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_CONFERENCE);
  conference = CVN_CONFERENCE_VIEW (cvn_call_view_get_page_widget (f->view, CVN_CALL_VIEW_PAGE_CONFERENCE));

  /* No link yet: nothing to copy. */
  g_assert_null (cvn_conference_view_get_shown_link (conference));
  g_assert_false (cvn_conference_view_get_has_qr_code (conference));

  /* The link it was created with, with its QR code. */
  cvn_call_view_set_conference_link (f->view, "https://t.me/call/convene-demo");
  g_assert_cmpstr (cvn_conference_view_get_shown_link (conference), ==, "https://t.me/call/convene-demo");
  g_assert_true (cvn_conference_view_get_has_qr_code (conference));

  /* The call's own invite link wins. */
  info = test_ui_call_info (14, 2, CVN_GROUP_CALL_FLAG_CONFERENCE | CVN_GROUP_CALL_FLAG_CREATOR |
                            CVN_GROUP_CALL_FLAG_HAS_INVITE_LINK, 3);
  info.invite_link = (char *) "https://t.me/call/other-slug";
  _cvn_group_call_handle_update_group_call (call, &info);
  g_assert_cmpstr (cvn_conference_view_get_shown_link (conference), ==, "https://t.me/call/other-slug");

  test_ui_resize (f->window, 1000, 700);
  test_ui_settle (200);
  test_ui_save_png (GTK_WIDGET (f->window), "widget-conference.png");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/ui/call-views/" path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("live/tiles-reflow", test_live_tiles_reflow);
  ADD ("live/speaking-ring", test_live_speaking_ring);
  ADD ("live/panel-sections", test_live_panel_sections);
  ADD ("live/toasts", test_live_toasts);
  ADD ("live/video-unavailable", test_controls_video_unavailable);
  ADD ("pages", test_pages_by_kind_and_state);
  ADD ("connection-bar", test_connection_bar);
  ADD ("scheduled/countdown-and-notify", test_scheduled_countdown_and_notify);
  ADD ("scheduled/no-subscription", test_scheduled_without_subscription_does_not_notify);
  ADD ("livestream", test_livestream);
  ADD ("conference", test_conference);
#undef ADD

  return g_test_run ();
}
