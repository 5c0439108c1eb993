/* test-call-flows.c: the call views against the in-process sandbox data centre on loopback
 * with its SFU, through the real model (CvnClient, CvnCallSession): open the Lounge's live
 * call and join it with the Join button, see a simulated participant join as a new tile
 * (within a bound) and a toast, see a simulated speaker's ring, raise a hand with the hand
 * button and find it raised at the sandbox, mute a participant as admin from the
 * participants panel's action and find them muted at the sandbox, leave; the scheduled
 * call's live countdown and Notify Me (the subscription reaches the sandbox, and the
 * notification is raised when an admin starts the call); the 5,000-listener livestream; the
 * demo conference opened by its link, and a new conference, with the link and its QR code.
 * Each view is saved as a PNG in the build directory (call-live.png, call-scheduled.png,
 * livestream.png, conference.png), populated from the sandbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "../model/client-test-util.h"

#include "call-views-test-util.h"
#include "cvn-call-controls.h"
#include "cvn-call-session-private.h"
#include "cvn-call-link.h"
#include "cvn-call-view.h"
#include "cvn-conference-view.h"
#include "cvn-livestream-view.h"
#include "cvn-participant-tile.h"
#include "cvn-scheduled-view.h"

typedef struct
{
  Fixture sandbox;
  CvnClient *client;
  CvnChat *chat;                /* the chat shown */
  CvnCallView *view;
  GtkWindow *window;
} FlowFixture;

static void
flow_setup (FlowFixture   *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  test_ui_init ();
  fixture_setup (&f->sandbox, data);
  g_assert_true (cvn_sandbox_world_start_sfu (f->sandbox.world, "127.0.0.1", &error));
  g_assert_no_error (error);

  f->client = make_client (&f->sandbox, NULL);
  login (f->client, ADA_PHONE);

  f->view = CVN_CALL_VIEW (cvn_call_view_new ());
  cvn_call_view_set_client (f->view, f->client);
  f->window = test_ui_window_new (GTK_WIDGET (f->view), 1000, 700);
  g_object_add_weak_pointer (G_OBJECT (f->window), (gpointer *) &f->window);
}

static void
flow_teardown (FlowFixture   *f,
               gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (f->window);
  test_ui_settle (100);
  g_assert_null (f->window);
  fixture_teardown (&f->sandbox, data);
}

typedef struct
{
  GListModel *chats;
  gint64 id;
  CvnChat *found;
} ChatWait;

static gboolean
chat_listed (gpointer user_data)
{
  ChatWait *wait = user_data;

  for (guint i = 0; i < g_list_model_get_n_items (wait->chats); i++)
    {
      g_autoptr(CvnChat) chat = g_list_model_get_item (wait->chats, i);

      if (cvn_chat_get_id (chat) == wait->id && cvn_chat_get_group_call (chat) != NULL)
        {
          wait->found = chat;
          return TRUE;
        }
    }
  return FALSE;
}

static gboolean
call_loaded (gpointer user_data)
{
  CvnGroupCall *call = user_data;

  return cvn_group_call_get_state (call) != CVN_GROUP_CALL_STATE_UNKNOWN && !cvn_group_call_get_syncing (call);
}

/* Shows the call of chat @id in the view, as the window does when the chat is selected. */
static CvnGroupCall *
show_chat (FlowFixture *f,
           gint64       id)
{
  ChatWait wait = { cvn_client_get_chats (f->client), id, NULL };
  CvnGroupCall *call;

  cvn_test_assert_wait (NULL, chat_listed, &wait, WAIT_MS);
  call = cvn_chat_get_group_call (wait.found);
  cvn_test_assert_wait (NULL, call_loaded, call, WAIT_MS);
  f->chat = wait.found;
  cvn_call_view_set_call (f->view, call);
  cvn_call_view_set_fallback_title (f->view, cvn_chat_get_title (wait.found));
  cvn_call_view_set_can_manage (f->view, cvn_chat_get_can_manage_call (wait.found));
  return call;
}

static gboolean
session_joined (gpointer user_data)
{
  CvnCallView *view = user_data;
  CvnCallSession *session = cvn_call_view_get_session (view);

  return session != NULL && cvn_call_session_get_state (session) == CVN_CALL_SESSION_STATE_JOINED;
}

static gboolean
session_left (gpointer user_data)
{
  CvnCallView *view = user_data;
  CvnCallSession *session = cvn_call_view_get_session (view);

  return session != NULL && cvn_call_session_get_state (session) == CVN_CALL_SESSION_STATE_LEFT;
}

typedef struct
{
  GtkWidget *root;
  guint n;
} TileCount;

static gboolean
tiles_at_least (gpointer user_data)
{
  TileCount *wait = user_data;
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();
  guint n = 0;

  test_ui_collect (wait->root, CVN_TYPE_PARTICIPANT_TILE, tiles);
  for (guint i = 0; i < tiles->len; i++)
    if (gtk_widget_get_mapped (tiles->pdata[i]) && cvn_participant_tile_get_participant (tiles->pdata[i]) != NULL)
      n++;
  return n >= wait->n;
}

typedef struct
{
  GtkWidget *root;
  gint64 user_id;
} TileWait;

static gboolean
tile_ring_shown (gpointer user_data)
{
  TileWait *wait = user_data;
  g_autoptr(GPtrArray) tiles = g_ptr_array_new ();

  test_ui_collect (wait->root, CVN_TYPE_PARTICIPANT_TILE, tiles);
  for (guint i = 0; i < tiles->len; i++)
    {
      CvnGroupCallParticipant *p = cvn_participant_tile_get_participant (tiles->pdata[i]);

      if (p != NULL && cvn_group_call_participant_get_peer_id (p) == wait->user_id)
        return cvn_participant_tile_get_ring_visible (tiles->pdata[i]);
    }
  return FALSE;
}

typedef struct
{
  CvnCallView *view;
  char *title;
} ToastWait;

static gboolean
toast_shown (gpointer user_data)
{
  ToastWait *wait = user_data;

  return g_strv_contains (cvn_call_view_get_toast_history (wait->view), wait->title);
}

typedef struct
{
  CvnSandboxWorld *world;
  gint64 call_id;
  gint64 user_id;
  int muted;          /* -1: any */
  int hand;           /* -1: any */
} SandboxWait;

static gboolean
sandbox_participant_as_wanted (gpointer user_data)
{
  SandboxWait *wait = user_data;
  CvnSandboxCall *call = cvn_sandbox_world_get_call (wait->world, wait->call_id);

  for (guint i = 0; call != NULL && i < call->participants->len; i++)
    {
      CvnSandboxParticipant *p = call->participants->pdata[i];

      if (p->peer.type != CVN_SANDBOX_PEER_USER || p->peer.id != wait->user_id)
        continue;
      return (wait->muted < 0 || p->muted == wait->muted) &&
             (wait->hand < 0 || (p->raise_hand_rating != 0) == wait->hand);
    }
  return FALSE;
}

static gboolean
sandbox_participant_gone (gpointer user_data)
{
  SandboxWait *wait = user_data;

  wait->muted = wait->hand = -1;
  return !sandbox_participant_as_wanted (wait);
}

static void
click (GtkWidget *button)
{
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_activate (button));
}

static GtkWidget *
find_participants_toggle (CvnCallView *view)
{
  g_autoptr(GPtrArray) toggles = g_ptr_array_new ();

  test_ui_collect (GTK_WIDGET (view), GTK_TYPE_TOGGLE_BUTTON, toggles);
  for (guint i = 0; i < toggles->len; i++)
    if (g_strcmp0 (gtk_button_get_icon_name (toggles->pdata[i]), "system-users-symbolic") == 0)
      return toggles->pdata[i];
  return NULL;
}

static gboolean
flap_folded (gpointer user_data)
{
  return adw_flap_get_folded (user_data);
}

static gboolean
flap_revealed (gpointer user_data)
{
  return adw_flap_get_reveal_flap (user_data);
}

static gboolean
flap_hidden (gpointer user_data)
{
  return !adw_flap_get_reveal_flap (user_data);
}

static gboolean
panel_shown (gpointer user_data)
{
  GtkWidget *panel = user_data;

  return gtk_widget_get_mapped (panel) && gtk_widget_get_width (panel) > 0;
}

static void
test_live_call (FlowFixture   *f,
                gconstpointer  data)
{
  CvnGroupCall *call = show_chat (f, LOUNGE);
  CvnCallControls *controls = CVN_CALL_CONTROLS (cvn_call_view_get_controls (f->view));
  GtkWidget *grid = cvn_call_view_get_page_widget (f->view, CVN_CALL_VIEW_PAGE_LIVE);
  gint64 call_id = cvn_group_call_get_id (call);
  CvnSandboxCall *server = cvn_sandbox_world_get_call (f->sandbox.world, call_id);
  CvnSandboxParticipant *guest, *speaker = NULL;
  g_autoptr(GError) error = NULL;
  TileCount tiles = { grid, 0 };
  guint n_before;
  gint64 started;

  g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_LIVE);
  tiles.n = g_list_model_get_n_items (cvn_group_call_get_participants (call));
  g_assert_cmpuint (tiles.n, ==, 8);
  cvn_test_assert_wait (NULL, tiles_at_least, &tiles, WAIT_MS);

  /* Join with the Join button, media through the SFU, as the app does: the view makes its
   * own session with the default CvnCallAudio (devices from CVN_AUDIOSRC/CVN_AUDIOSINK, set
   * in main), whose unpinned transport also gathers on loopback where the SFU listens. */
  g_assert_null (cvn_call_view_get_session (f->view));
  click (cvn_call_controls_get_button (controls, "join"));
  cvn_test_assert_wait (NULL, session_joined, f->view, WAIT_MS);
  g_assert_true (cvn_call_controls_get_joined (controls));
  g_assert_true (cvn_call_controls_get_muted (controls));
  g_assert_cmpint (cvn_call_view_get_connection (f->view), ==, CVN_CALL_VIEW_CONNECTION_NONE);
  tiles.n = 9;
  cvn_test_assert_wait (NULL, tiles_at_least, &tiles, WAIT_MS);

  /* A simulated speaker: its voice comes through the SFU and its tile's ring shows. */
  for (guint i = 0; i < server->participants->len && speaker == NULL; i++)
    {
      CvnSandboxParticipant *p = server->participants->pdata[i];

      if (p->simulated && !p->muted && p->peer.type == CVN_SANDBOX_PEER_USER)
        speaker = p;
    }
  g_assert_nonnull (speaker);
  g_assert_true (cvn_sandbox_world_sim_speak (f->sandbox.world, call_id, speaker->peer.id, &error));
  g_assert_no_error (error);
  {
    TileWait ring = { grid, speaker->peer.id };

    cvn_test_assert_wait (NULL, tile_ring_shown, &ring, WAIT_MS);
  }
  test_ui_resize (f->window, 1000, 700);
  test_ui_settle (300);
  test_ui_save_png (GTK_WIDGET (f->window), "call-live.png");

  /* A phone's width while joined: nothing holds the window wider than 360 px (the joined
   * controls bar fits), the participants panel folds away, and the header's toggle shows it
   * over the grid. */
  {
    AdwFlap *flap = ADW_FLAP (test_ui_find (GTK_WIDGET (f->view), ADW_TYPE_FLAP));
    GtkWidget *panel = cvn_call_view_get_participant_panel (f->view);
    GtkWidget *toggle = find_participants_toggle (f->view);
    int min_width;

    g_assert_nonnull (flap);
    g_assert_nonnull (toggle);
    test_ui_resize (f->window, 360, 700);
    cvn_test_assert_wait (NULL, flap_folded, flap, WAIT_MS);
    gtk_widget_measure (GTK_WIDGET (f->window), GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
    g_test_message ("joined call view: minimum width %d px", min_width);
    g_assert_cmpint (min_width, <=, 360);
    g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (controls)), <=, 360);
    g_assert_false (adw_flap_get_reveal_flap (flap));
    g_assert_false (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (toggle)));
    click (toggle);   /* a button's activation clicks it after a short press */
    cvn_test_assert_wait (NULL, flap_revealed, flap, WAIT_MS);
    cvn_test_assert_wait (NULL, panel_shown, panel, WAIT_MS);
    g_assert_cmpint (gtk_widget_get_width (panel), <=, 360);
    test_ui_settle (300);
    test_ui_save_png (GTK_WIDGET (f->window), "call-live-narrow-panel.png");
    click (toggle);
    cvn_test_assert_wait (NULL, flap_hidden, flap, WAIT_MS);
    test_ui_resize (f->window, 1000, 700);
  }

  /* A simulated participant joins: a new tile within a bound (measured), and a toast. */
  n_before = server->participants->len;
  started = g_get_monotonic_time ();
  g_assert_true (cvn_sandbox_world_sim_join (f->sandbox.world, call_id, 0, FALSE, &error));
  g_assert_no_error (error);
  guest = server->participants->pdata[n_before];
  tiles.n = 10;
  cvn_test_assert_wait (NULL, tiles_at_least, &tiles, 5000);
  g_test_message ("new tile %.1f ms after the simulated join", (g_get_monotonic_time () - started) / 1000.0);
  {
    g_autofree char *name = cvn_client_dup_peer_title (f->client, CVN_PEER_TYPE_USER, guest->peer.id);
    ToastWait toast = { f->view, g_strdup_printf ("%s joined", name) };

    g_assert_nonnull (name);
    if (!cvn_test_wait_until (NULL, toast_shown, &toast, WAIT_MS, NULL))
      g_error ("No toast \"%s\"; toasts: %s", toast.title,
               g_strjoinv (" | ", (char **) cvn_call_view_get_toast_history (f->view)));
    g_free (toast.title);
  }

  /* Raise a hand with the hand button: raised at the sandbox. */
  {
    SandboxWait hand = { f->sandbox.world, call_id, ADA, -1, TRUE };

    click (cvn_call_controls_get_button (controls, "hand"));
    cvn_test_assert_wait (NULL, sandbox_participant_as_wanted, &hand, WAIT_MS);
  }

  /* Mute a participant as admin (the participants panel's action): muted at the sandbox. */
  {
    SandboxWait muted = { f->sandbox.world, call_id, speaker->peer.id, TRUE, -1 };

    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "call.participant-mute", "(ix)",
                                               (gint32) CVN_PEER_TYPE_USER, speaker->peer.id));
    cvn_test_assert_wait (NULL, sandbox_participant_as_wanted, &muted, WAIT_MS);
  }

  /* Leave with the leave button. */
  click (cvn_call_controls_get_button (controls, "leave"));
  cvn_test_assert_wait (NULL, session_left, f->view, WAIT_MS);
  g_assert_false (cvn_call_controls_get_joined (controls));
  {
    SandboxWait gone = { f->sandbox.world, call_id, ADA, -1, -1 };

    cvn_test_assert_wait (NULL, sandbox_participant_gone, &gone, WAIT_MS);
  }
}

static gboolean
countdown_changed (gpointer user_data)
{
  CvnScheduledView *scheduled = user_data;
  const char *first = g_object_get_data (G_OBJECT (scheduled), "first-countdown");

  return g_strcmp0 (first, cvn_scheduled_view_get_countdown (scheduled)) != 0;
}

static gboolean
subscribed (gpointer user_data)
{
  return cvn_group_call_get_schedule_start_subscribed (user_data);
}

static gboolean
notified (gpointer user_data)
{
  return cvn_scheduled_view_get_start_notified (user_data);
}

static void
test_scheduled_call (FlowFixture   *f,
                     gconstpointer  data)
{
  CvnGroupCall *call = show_chat (f, BOOK_CLUB);
  CvnScheduledView *scheduled = CVN_SCHEDULED_VIEW (cvn_call_view_get_page_widget (f->view, CVN_CALL_VIEW_PAGE_SCHEDULED));
  GtkWidget *notify;
  const char *countdown;

  g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_SCHEDULED);

  /* About five minutes, counting down on the real clock. */
  countdown = cvn_scheduled_view_get_countdown (scheduled);
  g_assert_true (g_str_has_prefix (countdown, "04:") || g_str_has_prefix (countdown, "05:"));
  g_object_set_data_full (G_OBJECT (scheduled), "first-countdown", g_strdup (countdown), g_free);
  cvn_test_assert_wait (NULL, countdown_changed, scheduled, 3000);

  /* Notify Me: the subscription reaches the sandbox and comes back as the call's flag. */
  g_assert_false (cvn_group_call_get_schedule_start_subscribed (call));
  notify = test_ui_find (GTK_WIDGET (scheduled), GTK_TYPE_TOGGLE_BUTTON);
  click (notify);
  cvn_test_assert_wait (NULL, subscribed, call, WAIT_MS);
  test_ui_resize (f->window, 1000, 700);
  test_ui_settle (300);
  g_assert_true (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (notify)));
  test_ui_save_png (GTK_WIDGET (f->window), "call-scheduled.png");

  /* Ada administers the Book Club: Start Now. The call goes live, the view follows, and
   * the notification the user asked for is raised. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "call.start-now", NULL));
  cvn_test_assert_wait (NULL, notified, scheduled, WAIT_MS);
  g_assert_cmpint (cvn_group_call_get_state (call), ==, CVN_GROUP_CALL_STATE_LIVE);
  g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_LIVE);
}

static void
test_livestream (FlowFixture   *f,
                 gconstpointer  data)
{
  CvnGroupCall *call = show_chat (f, BIG_STAGE);
  CvnLivestreamView *livestream = CVN_LIVESTREAM_VIEW (cvn_call_view_get_page_widget (f->view, CVN_CALL_VIEW_PAGE_LIVESTREAM));
  g_autofree char *expected = NULL;

  g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_LIVESTREAM);
  g_assert_cmpint (cvn_group_call_get_participants_count (call), >=, 5000);
  expected = g_strdup_printf ("%d watching", cvn_group_call_get_participants_count (call));
  g_assert_cmpstr (cvn_livestream_view_get_viewers_text (livestream), ==, expected);
  test_ui_resize (f->window, 1000, 700);
  test_ui_settle (300);
  test_ui_save_png (GTK_WIDGET (f->window), "livestream.png");
}

static gboolean
has_rtmp_key (gpointer user_data)
{
  return cvn_livestream_view_get_rtmp_key (user_data) != NULL;
}

/* The owner of Convene Radio (an RTMP livestream) shows its stream key, then makes a new one:
 * both come from the sandbox (phone.getGroupCallStreamRtmpUrl, revoke). */
static void
test_rtmp_credentials (FlowFixture   *f,
                       gconstpointer  data)
{
  show_chat (f, RADIO);
  CvnLivestreamView *livestream = CVN_LIVESTREAM_VIEW (cvn_call_view_get_page_widget (f->view, CVN_CALL_VIEW_PAGE_LIVESTREAM));
  g_autofree char *first = NULL;

  g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_LIVESTREAM);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "call.show-rtmp", NULL));
  cvn_test_assert_wait (NULL, has_rtmp_key, livestream, WAIT_MS);
  first = g_strdup (cvn_livestream_view_get_rtmp_key (livestream));
  g_assert_cmpstr (first, !=, "");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->view), "call.rotate-rtmp-key", NULL));
  cvn_test_assert_wait (NULL, has_rtmp_key, livestream, WAIT_MS);
  for (int i = 0; i < 200 && g_strcmp0 (cvn_livestream_view_get_rtmp_key (livestream), first) == 0; i++)
    test_ui_settle (20);
  g_assert_cmpstr (cvn_livestream_view_get_rtmp_key (livestream), !=, first);
}

static void
test_conference_by_link (FlowFixture   *f,
                         gconstpointer  data)
{
  const char *url = "https://t.me/call/convene-demo";
  g_autoptr(CvnCallLink) link = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CvnGroupCall) call = NULL;
  g_autoptr(GError) error = NULL;
  CvnConferenceView *conference;

  link = cvn_call_link_parse (url, &error);
  g_assert_no_error (error);
  cvn_client_resolve_link_async (f->client, link, NULL, store_result, &result);
  WAIT_RESULT (result);
  call = cvn_client_resolve_link_finish (f->client, result, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (call);
  cvn_test_assert_wait (NULL, call_loaded, call, WAIT_MS);

  cvn_call_view_set_call (f->view, call);
  cvn_call_view_set_conference_link (f->view, url);
  g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_CONFERENCE);
  conference = CVN_CONFERENCE_VIEW (cvn_call_view_get_page_widget (f->view, CVN_CALL_VIEW_PAGE_CONFERENCE));
  g_assert_nonnull (cvn_conference_view_get_shown_link (conference));
  g_assert_true (g_str_has_prefix (cvn_conference_view_get_shown_link (conference), "https://t.me/call/"));
  g_assert_true (cvn_conference_view_get_has_qr_code (conference));
  test_ui_resize (f->window, 1000, 700);
  test_ui_settle (300);
  test_ui_save_png (GTK_WIDGET (f->window), "conference.png");
}

static gboolean
conference_link_shown (gpointer user_data)
{
  CvnConferenceView *conference = user_data;

  return cvn_conference_view_get_shown_link (conference) != NULL;
}

static void
test_conference_created (FlowFixture   *f,
                         gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CvnCallSession) session = NULL;
  g_autoptr(GError) error = NULL;
  CvnConferenceView *conference = CVN_CONFERENCE_VIEW (cvn_call_view_get_page_widget (f->view, CVN_CALL_VIEW_PAGE_CONFERENCE));

  /* A new conference (as the New menu makes it), shown with its link and QR code. */
  cvn_call_session_create_conference_async (f->client, NULL, store_result, &result);
  WAIT_RESULT (result);
  session = cvn_call_session_create_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  cvn_call_view_set_session (f->view, session);
  cvn_test_assert_wait (NULL, call_loaded, cvn_call_session_get_call (session), WAIT_MS);
  g_assert_cmpint (cvn_call_view_get_page (f->view), ==, CVN_CALL_VIEW_PAGE_CONFERENCE);
  cvn_test_assert_wait (NULL, conference_link_shown, conference, WAIT_MS);
  g_test_message ("conference link %s", cvn_conference_view_get_shown_link (conference));
  g_assert_true (g_str_has_prefix (cvn_conference_view_get_shown_link (conference), "https://t.me/call/"));
  g_assert_true (cvn_conference_view_get_has_qr_code (conference));
}

int
main (int   argc,
      char *argv[])
{
  /* Sessions the views make use these devices (no sound card in tests). */
  g_setenv ("CVN_AUDIOSRC", "audiotestsrc wave=silence is-live=true", TRUE);
  g_setenv ("CVN_AUDIOSINK", "fakesink sync=false", TRUE);
  g_test_init (&argc, &argv, NULL);
  test_init_server_key ();

#define ADD(path, func) g_test_add ("/ui/call-flows/" path, FlowFixture, NULL, flow_setup, func, flow_teardown)
  ADD ("live", test_live_call);
  ADD ("scheduled", test_scheduled_call);
  ADD ("livestream", test_livestream);
  ADD ("rtmp-credentials", test_rtmp_credentials);
  ADD ("conference-by-link", test_conference_by_link);
  ADD ("conference-created", test_conference_created);
#undef ADD

  return g_test_run ();
}
