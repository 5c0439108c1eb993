/* test-group-call.c: the group-call model and its update algorithm, on a fake clock.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "group-call-test-util.h"

#define CALL_ID 100

typedef struct
{
  guint position;
  guint removed;
  guint added;
} Change;

typedef struct
{
  CvnClock     *clock;
  CvnGroupCall *call;
  GListModel   *list;
  TestFetcher   fetcher;
  GArray       *changes;     /* Change */
  GHashTable   *notifies;    /* property name -> count, on the call */
} Fixture;

static void
items_changed_cb (GListModel *list,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  Change change = { position, removed, added };

  g_array_append_val (f->changes, change);
}

static void
count_notify_cb (GObject    *object,
                 GParamSpec *pspec,
                 GHashTable *counts)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, pspec->name));

  g_hash_table_insert (counts, (gpointer) pspec->name, GUINT_TO_POINTER (n + 1));
}

static guint
notify_count (GHashTable *counts,
              const char *name)
{
  return GPOINTER_TO_UINT (g_hash_table_lookup (counts, name));
}

static guint
notify_total (GHashTable *counts)
{
  GHashTableIter iter;
  gpointer value;
  guint total = 0;

  g_hash_table_iter_init (&iter, counts);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    total += GPOINTER_TO_UINT (value);
  return total;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->clock = cvn_clock_new_fake ();
  f->call = cvn_group_call_new (f->clock);
  f->list = cvn_group_call_get_participants (f->call);
  test_fetcher_install (&f->fetcher, f->call);
  f->changes = g_array_new (FALSE, FALSE, sizeof (Change));
  f->notifies = g_hash_table_new (g_str_hash, g_str_equal);
  g_signal_connect (f->list, "items-changed", G_CALLBACK (items_changed_cb), f);
  g_signal_connect (f->call, "notify", G_CALLBACK (count_notify_cb), f->notifies);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_signal_handlers_disconnect_by_data (f->list, f);
  g_signal_handlers_disconnect_by_data (f->call, f->notifies);
  g_assert_finalize_object (f->call);
  g_assert_finalize_object (f->clock);
  g_array_unref (f->changes);
  g_hash_table_unref (f->notifies);
  test_fetcher_clear (&f->fetcher);
}

static void
reset_records (Fixture *f)
{
  g_array_set_size (f->changes, 0);
  g_hash_table_remove_all (f->notifies);
}

static void
assert_changes (Fixture     *f,
                const Change *expected,
                guint         n)
{
  g_assert_cmpuint (f->changes->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      Change *c = &g_array_index (f->changes, Change, i);

      g_assert_cmpuint (c->position, ==, expected[i].position);
      g_assert_cmpuint (c->removed, ==, expected[i].removed);
      g_assert_cmpuint (c->added, ==, expected[i].added);
    }
}

static CvnGroupCallParticipant *
lookup (Fixture *f,
        gint64   user_id)
{
  return cvn_group_call_participant_list_lookup (CVN_GROUP_CALL_PARTICIPANT_LIST (f->list),
                                                 CVN_PEER_TYPE_USER, user_id);
}

static guint
position_of (Fixture *f,
             gint64   user_id)
{
  CvnGroupCallParticipant *p = lookup (f, user_id);

  g_assert_nonnull (p);
  return cvn_group_call_participant_list_get_position (CVN_GROUP_CALL_PARTICIPANT_LIST (f->list), p);
}

/* Loads the call at @version with participants 1..@n (date = 1000 + id) through a snapshot. */
static void
load_call (Fixture *f,
           gint32   version,
           guint    n)
{
  CvnGroupCallInfo info = test_call_info (CALL_ID, version, 0);
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (CvnParticipantInfo));

  for (guint i = 1; i <= n; i++)
    {
      CvnParticipantInfo p = test_participant (i, 1000 + i, CVN_PARTICIPANT_FLAG_MUTED | CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE);

      g_array_append_val (parts, p);
    }
  info.participants_count = n;
  _cvn_group_call_apply_snapshot (f->call, &info, (CvnParticipantInfo *) (gpointer) parts->data,
                                  parts->len, "", version);
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, version);
  g_assert_cmpuint (g_list_model_get_n_items (f->list), ==, n);
  g_assert_false (cvn_group_call_get_syncing (f->call));
  reset_records (f);
}

static void
send_participant (Fixture *f,
                  gint64   user_id,
                  gint32   date,
                  guint32  flags,
                  gint32   version)
{
  CvnParticipantInfo p = test_participant (user_id, date, flags);

  _cvn_group_call_handle_update_participants (f->call, &p, 1, version);
}

static void
send_call (Fixture *f,
           gint32   version,
           guint32  flags,
           gint32   participants_count)
{
  CvnGroupCallInfo info = test_call_info (CALL_ID, version, flags);

  info.participants_count = participants_count;
  _cvn_group_call_handle_update_group_call (f->call, &info);
}

/* --- updateGroupCall ------------------------------------------------------------------- */

static void
test_call_no_cache (Fixture       *f,
                    gconstpointer  data)
{
  CvnGroupCallInfo info = test_call_info (CALL_ID, 5, CVN_GROUP_CALL_FLAG_MIN);

  g_assert_cmpint (cvn_group_call_get_state (f->call), ==, CVN_GROUP_CALL_STATE_UNKNOWN);

  /* min and nothing cached: discarded */
  _cvn_group_call_handle_update_group_call (f->call, &info);
  g_assert_cmpint (cvn_group_call_get_state (f->call), ==, CVN_GROUP_CALL_STATE_UNKNOWN);
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 0);
  g_assert_cmpuint (notify_total (f->notifies), ==, 0);

  /* full and nothing cached: applied, whatever the version */
  info.flags = CVN_GROUP_CALL_FLAG_JOIN_MUTED | CVN_GROUP_CALL_FLAG_HAS_TITLE;
  info.title = (char *) "Standup";
  info.participants_count = 3;
  _cvn_group_call_handle_update_group_call (f->call, &info);
  g_assert_cmpint (cvn_group_call_get_state (f->call), ==, CVN_GROUP_CALL_STATE_LIVE);
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 5);
  g_assert_cmpint (cvn_group_call_get_id (f->call), ==, CALL_ID);
  g_assert_cmpint (cvn_group_call_get_participants_count (f->call), ==, 3);
  g_assert_cmpstr (cvn_group_call_get_title (f->call), ==, "Standup");
  g_assert_true (cvn_group_call_get_join_muted (f->call));
  g_assert_cmpuint (notify_count (f->notifies, "state"), ==, 1);
  g_assert_cmpuint (notify_count (f->notifies, "title"), ==, 1);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 0);
}

static void
test_call_versions (Fixture       *f,
                    gconstpointer  data)
{
  load_call (f, 5, 0);

  /* smaller than cached+1 (and equal to cached): skipped */
  send_call (f, 4, CVN_GROUP_CALL_FLAG_JOIN_MUTED, 9);
  send_call (f, 5, CVN_GROUP_CALL_FLAG_JOIN_MUTED, 9);
  g_assert_false (cvn_group_call_get_join_muted (f->call));
  g_assert_cmpint (cvn_group_call_get_participants_count (f->call), ==, 0);
  g_assert_cmpuint (notify_total (f->notifies), ==, 0);
  g_assert_cmpuint (_cvn_group_call_get_n_pending (f->call), ==, 0);

  /* cached+1: applied */
  send_call (f, 6, CVN_GROUP_CALL_FLAG_JOIN_MUTED, 9);
  g_assert_true (cvn_group_call_get_join_muted (f->call));
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 6);
  g_assert_cmpint (cvn_group_call_get_participants_count (f->call), ==, 9);
  g_assert_cmpuint (notify_count (f->notifies, "version"), ==, 1);
  g_assert_cmpuint (notify_count (f->notifies, "join-muted"), ==, 1);
  g_assert_cmpuint (notify_count (f->notifies, "participants-count"), ==, 1);
  g_assert_cmpuint (notify_total (f->notifies), ==, 3);

  /* larger: waits, not applied, gap timer armed */
  send_call (f, 8, 0, 11);
  g_assert_true (cvn_group_call_get_join_muted (f->call));
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 6);
  g_assert_cmpuint (_cvn_group_call_get_n_pending (f->call), ==, 1);
  g_assert_true (_cvn_group_call_has_gap_timer (f->call));
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 0);
}

static void
test_call_gap_filled (Fixture       *f,
                      gconstpointer  data)
{
  load_call (f, 5, 0);

  send_call (f, 8, 0, 8);
  send_call (f, 7, 0, 7);
  cvn_clock_advance (f->clock, 999);
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 5);
  send_call (f, 6, 0, 6);     /* fills the gap within 1 s */
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 8);
  g_assert_cmpint (cvn_group_call_get_participants_count (f->call), ==, 8);
  g_assert_false (_cvn_group_call_has_gap_timer (f->call));
  g_assert_cmpuint (_cvn_group_call_get_n_pending (f->call), ==, 0);

  cvn_clock_advance (f->clock, 5000);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 0);
  g_assert_cmpuint (cvn_clock_get_n_pending (f->clock), ==, 0);
}

static void
test_call_gap_refetch (Fixture       *f,
                       gconstpointer  data)
{
  CvnGroupCallInfo snapshot = test_call_info (CALL_ID, 9, CVN_GROUP_CALL_FLAG_CREATOR);

  load_call (f, 5, 2);

  send_call (f, 7, 0, 7);
  cvn_clock_advance (f->clock, 999);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 0);
  cvn_clock_advance (f->clock, 1);
  /* not filled in 1 s: skipped, refetch */
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 1);
  g_assert_true (cvn_group_call_get_syncing (f->call));
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 5);
  g_assert_cmpint (cvn_group_call_get_participants_count (f->call), ==, 2);

  /* the snapshot: call at 9, participant 2 gone, 3 new */
  {
    CvnParticipantInfo parts[2] = {
      test_participant (1, 1001, 0),
      test_participant (3, 1003, 0),
    };

    snapshot.participants_count = 2;
    _cvn_group_call_apply_snapshot (f->call, &snapshot, parts, 2, NULL, 9);
  }
  g_assert_false (cvn_group_call_get_syncing (f->call));
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 9);
  g_assert_true (cvn_group_call_get_creator (f->call));
  g_assert_null (lookup (f, 2));
  g_assert_nonnull (lookup (f, 3));
  g_assert_cmpuint (_cvn_group_call_get_n_pending (f->call), ==, 0);  /* v7 covered, dropped */

  /* later updates apply */
  send_call (f, 10, CVN_GROUP_CALL_FLAG_JOIN_MUTED, 2);
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 10);
  g_assert_true (cvn_group_call_get_join_muted (f->call));
  send_participant (f, 4, 1004, CVN_PARTICIPANT_FLAG_JUST_JOINED, 11);
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 11);
  g_assert_nonnull (lookup (f, 4));
  g_assert_cmpint (cvn_group_call_get_participants_count (f->call), ==, 3);

  cvn_clock_advance (f->clock, 5000);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 1);
}

static void
test_call_min (Fixture       *f,
               gconstpointer  data)
{
  CvnGroupCallInfo full = test_call_info (CALL_ID, 5,
                                          CVN_GROUP_CALL_FLAG_JOIN_MUTED | CVN_GROUP_CALL_FLAG_CAN_CHANGE_JOIN_MUTED
                                          | CVN_GROUP_CALL_FLAG_JOIN_DATE_ASC | CVN_GROUP_CALL_FLAG_SCHEDULE_START_SUBSCRIBED
                                          | CVN_GROUP_CALL_FLAG_CAN_START_VIDEO | CVN_GROUP_CALL_FLAG_CREATOR
                                          | CVN_GROUP_CALL_FLAG_CAN_CHANGE_MESSAGES_ENABLED
                                          | CVN_GROUP_CALL_FLAG_HAS_UNMUTED_VIDEO_COUNT | CVN_GROUP_CALL_FLAG_HAS_STREAM_DC_ID
                                          | CVN_GROUP_CALL_FLAG_HAS_INVITE_LINK | CVN_GROUP_CALL_FLAG_HAS_DEFAULT_SEND_AS
                                          | CVN_GROUP_CALL_FLAG_HAS_TITLE);
  CvnGroupCallInfo min = test_call_info (CALL_ID, 6,
                                         CVN_GROUP_CALL_FLAG_MIN | CVN_GROUP_CALL_FLAG_CONFERENCE
                                         | CVN_GROUP_CALL_FLAG_RTMP_STREAM | CVN_GROUP_CALL_FLAG_LISTENERS_HIDDEN
                                         | CVN_GROUP_CALL_FLAG_MESSAGES_ENABLED | CVN_GROUP_CALL_FLAG_HAS_TITLE
                                         | CVN_GROUP_CALL_FLAG_HAS_RECORD_START_DATE | CVN_GROUP_CALL_FLAG_RECORD_VIDEO_ACTIVE
                                         | CVN_GROUP_CALL_FLAG_HAS_SCHEDULE_DATE
                                         | CVN_GROUP_CALL_FLAG_HAS_SEND_PAID_MESSAGES_STARS
                                         | CVN_GROUP_CALL_FLAG_HAS_STREAM_DC_ID | CVN_GROUP_CALL_FLAG_HAS_INVITE_LINK);

  full.title = (char *) "old";
  full.unmuted_video_count = 3;
  full.unmuted_video_limit = 30;
  full.stream_dc_id = 2;
  full.invite_link = (char *) "https://t.me/old";
  full.default_send_as.type = CVN_PEER_TYPE_CHANNEL;
  full.default_send_as.id = 77;
  full.participants_count = 10;
  _cvn_group_call_handle_update_group_call (f->call, &full);
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 5);

  /* min: everything "cannot be applied" is different or absent here */
  min.access_hash = 4242;
  min.participants_count = 12;
  min.title = (char *) "new";
  min.record_start_date = 1700;
  min.schedule_date = 1800;
  min.send_paid_messages_stars = 5;
  min.unmuted_video_count = 9;
  min.unmuted_video_limit = 99;
  min.stream_dc_id = 4;
  min.invite_link = (char *) "https://t.me/new";
  _cvn_group_call_handle_update_group_call (f->call, &min);

  /* may be applied */
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 6);
  g_assert_cmpint (cvn_group_call_get_access_hash (f->call), ==, 4242);
  g_assert_cmpint (cvn_group_call_get_participants_count (f->call), ==, 12);
  g_assert_true (cvn_group_call_get_conference (f->call));
  g_assert_true (cvn_group_call_get_rtmp_stream (f->call));
  g_assert_true (cvn_group_call_get_listeners_hidden (f->call));
  g_assert_true (cvn_group_call_get_messages_enabled (f->call));
  g_assert_cmpstr (cvn_group_call_get_title (f->call), ==, "new");
  g_assert_cmpint (cvn_group_call_get_record_start_date (f->call), ==, 1700);
  g_assert_true (cvn_group_call_get_record_video_active (f->call));
  g_assert_cmpint (cvn_group_call_get_schedule_date (f->call), ==, 1800);
  g_assert_cmpint (cvn_group_call_get_send_paid_messages_stars (f->call), ==, 5);
  g_assert_cmpint (cvn_group_call_get_state (f->call), ==, CVN_GROUP_CALL_STATE_SCHEDULED);
  g_assert_cmpint (cvn_group_call_get_kind (f->call), ==, CVN_GROUP_CALL_KIND_CONFERENCE);

  /* kept from the cache */
  g_assert_true (cvn_group_call_get_join_muted (f->call));
  g_assert_true (cvn_group_call_get_can_change_join_muted (f->call));
  g_assert_true (cvn_group_call_get_join_date_asc (f->call));
  g_assert_true (cvn_group_call_get_schedule_start_subscribed (f->call));
  g_assert_true (cvn_group_call_get_can_start_video (f->call));
  g_assert_true (cvn_group_call_get_creator (f->call));
  g_assert_true (cvn_group_call_get_can_change_messages_enabled (f->call));
  g_assert_cmpint (cvn_group_call_get_unmuted_video_count (f->call), ==, 3);
  g_assert_cmpint (cvn_group_call_get_unmuted_video_limit (f->call), ==, 30);
  g_assert_cmpint (cvn_group_call_get_stream_dc_id (f->call), ==, 2);
  g_assert_cmpstr (cvn_group_call_get_invite_link (f->call), ==, "https://t.me/old");
  g_assert_true (cvn_group_call_get_has_default_send_as (f->call));
  g_assert_cmpint (cvn_group_call_get_default_send_as_type (f->call), ==, CVN_PEER_TYPE_CHANNEL);
  g_assert_cmpint (cvn_group_call_get_default_send_as_id (f->call), ==, 77);

  /* a min without a title keeps the cached one; a smaller min version is skipped */
  min.version = 7;
  min.flags &= ~CVN_GROUP_CALL_FLAG_HAS_TITLE;
  min.title = NULL;
  _cvn_group_call_handle_update_group_call (f->call, &min);
  g_assert_cmpstr (cvn_group_call_get_title (f->call), ==, "new");
  min.version = 7;
  min.participants_count = 1;
  _cvn_group_call_handle_update_group_call (f->call, &min);
  g_assert_cmpint (cvn_group_call_get_participants_count (f->call), ==, 12);

  /* a full update applies everything again */
  full.version = 8;
  full.flags &= ~CVN_GROUP_CALL_FLAG_JOIN_MUTED;
  _cvn_group_call_handle_update_group_call (f->call, &full);
  g_assert_false (cvn_group_call_get_join_muted (f->call));
  g_assert_false (cvn_group_call_get_conference (f->call));
  g_assert_cmpstr (cvn_group_call_get_title (f->call), ==, "old");
}

static void
test_call_discarded (Fixture       *f,
                     gconstpointer  data)
{
  CvnGroupCallInfo discarded = { 0 };

  load_call (f, 5, 3);
  send_call (f, 8, 0, 3);    /* waiting */
  g_assert_true (_cvn_group_call_has_gap_timer (f->call));

  discarded.discarded = TRUE;
  discarded.id = CALL_ID;
  discarded.access_hash = CALL_ID * 7;
  discarded.duration = 3600;
  _cvn_group_call_handle_update_group_call (f->call, &discarded);

  g_assert_cmpint (cvn_group_call_get_state (f->call), ==, CVN_GROUP_CALL_STATE_DISCARDED);
  g_assert_cmpint (cvn_group_call_get_duration (f->call), ==, 3600);
  g_assert_cmpuint (g_list_model_get_n_items (f->list), ==, 0);
  g_assert_false (_cvn_group_call_has_gap_timer (f->call));
  g_assert_cmpuint (_cvn_group_call_get_n_pending (f->call), ==, 0);
  g_assert_cmpuint (notify_count (f->notifies, "state"), ==, 1);
  g_assert_cmpuint (notify_count (f->notifies, "duration"), ==, 1);
  {
    const Change expected[] = { { 0, 3, 0 } };
    assert_changes (f, expected, G_N_ELEMENTS (expected));
  }

  /* nothing applies after the end */
  send_call (f, 6, 0, 3);
  send_participant (f, 9, 1009, CVN_PARTICIPANT_FLAG_JUST_JOINED, 6);
  g_assert_cmpint (cvn_group_call_get_state (f->call), ==, CVN_GROUP_CALL_STATE_DISCARDED);
  g_assert_cmpuint (g_list_model_get_n_items (f->list), ==, 0);
  cvn_clock_advance (f->clock, 3000);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 0);
}

static void
test_call_kind (Fixture       *f,
                gconstpointer  data)
{
  CvnGroupCallInfo info = test_call_info (CALL_ID, 1, 0);

  _cvn_group_call_handle_update_group_call (f->call, &info);
  g_assert_cmpint (cvn_group_call_get_kind (f->call), ==, CVN_GROUP_CALL_KIND_VIDEO_CHAT);

  _cvn_group_call_set_broadcast (f->call, TRUE);
  g_assert_cmpint (cvn_group_call_get_kind (f->call), ==, CVN_GROUP_CALL_KIND_LIVESTREAM);
  g_assert_cmpuint (notify_count (f->notifies, "kind"), ==, 1);
  _cvn_group_call_set_broadcast (f->call, TRUE);
  g_assert_cmpuint (notify_count (f->notifies, "kind"), ==, 1);

  send_call (f, 2, CVN_GROUP_CALL_FLAG_RTMP_STREAM, 0);
  g_assert_cmpint (cvn_group_call_get_kind (f->call), ==, CVN_GROUP_CALL_KIND_RTMP_LIVESTREAM);

  info = test_call_info (CALL_ID, 3, 0);
  info.live_story = TRUE;
  info.has_peer = TRUE;
  info.peer.type = CVN_PEER_TYPE_USER;
  info.peer.id = 55;
  _cvn_group_call_handle_update_group_call (f->call, &info);
  g_assert_cmpint (cvn_group_call_get_kind (f->call), ==, CVN_GROUP_CALL_KIND_LIVE_STORY);
  g_assert_true (cvn_group_call_get_live_story (f->call));
  g_assert_cmpint (cvn_group_call_get_peer_id (f->call), ==, 55);

  send_call (f, 4, CVN_GROUP_CALL_FLAG_CONFERENCE, 0);
  g_assert_cmpint (cvn_group_call_get_kind (f->call), ==, CVN_GROUP_CALL_KIND_CONFERENCE);
  g_assert_cmpint (cvn_group_call_get_peer_id (f->call), ==, 55);   /* envelope kept */

  {
    GEnumClass *klass = g_type_class_ref (CVN_TYPE_GROUP_CALL_KIND);

    g_assert_cmpstr (g_enum_get_value (klass, CVN_GROUP_CALL_KIND_RTMP_LIVESTREAM)->value_nick, ==, "rtmp-livestream");
    g_type_class_unref (klass);
  }
}

/* --- updateGroupCallParticipants ------------------------------------------------------- */

static void
test_participants_versions (Fixture       *f,
                            gconstpointer  data)
{
  load_call (f, 5, 2);

  /* equal to cached and the first updateGroupCallParticipants: applied, version unchanged */
  send_participant (f, 11, 2000, CVN_PARTICIPANT_FLAG_VERSIONED, 5);
  g_assert_nonnull (lookup (f, 11));
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 5);

  /* smaller than cached: skipped */
  send_participant (f, 10, 2000, CVN_PARTICIPANT_FLAG_JUST_JOINED, 4);
  g_assert_null (lookup (f, 10));

  /* equal again, not the first any more: skipped */
  send_participant (f, 12, 2000, CVN_PARTICIPANT_FLAG_VERSIONED, 5);
  g_assert_null (lookup (f, 12));

  /* cached+1: applied, version bumped */
  send_participant (f, 13, 2000, CVN_PARTICIPANT_FLAG_JUST_JOINED, 6);
  g_assert_nonnull (lookup (f, 13));
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 6);
  g_assert_cmpuint (notify_count (f->notifies, "version"), ==, 1);

  /* larger: waits */
  send_participant (f, 14, 2000, CVN_PARTICIPANT_FLAG_JUST_JOINED, 8);
  g_assert_null (lookup (f, 14));
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 6);
  g_assert_true (_cvn_group_call_has_gap_timer (f->call));
  g_assert_cmpuint (_cvn_group_call_get_n_pending (f->call), ==, 1);
}

static void
test_participants_equal_first_only_once (Fixture       *f,
                                         gconstpointer  data)
{
  load_call (f, 5, 0);

  /* the first update is a smaller one: skipped, but it was received, so a later one at the
   * cached version is no longer the first */
  send_participant (f, 10, 2000, CVN_PARTICIPANT_FLAG_VERSIONED, 4);
  send_participant (f, 11, 2000, CVN_PARTICIPANT_FLAG_VERSIONED, 5);
  g_assert_null (lookup (f, 10));
  g_assert_null (lookup (f, 11));
}

static void
test_participants_gap_filled (Fixture       *f,
                              gconstpointer  data)
{
  load_call (f, 5, 0);

  send_participant (f, 3, 2003, CVN_PARTICIPANT_FLAG_JUST_JOINED, 8);
  send_participant (f, 2, 2002, CVN_PARTICIPANT_FLAG_JUST_JOINED, 7);
  cvn_clock_advance (f->clock, 500);
  g_assert_cmpuint (g_list_model_get_n_items (f->list), ==, 0);
  /* an updateGroupCall fills the shared sequence too */
  send_call (f, 6, 0, 1);
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 8);
  g_assert_cmpuint (g_list_model_get_n_items (f->list), ==, 2);
  g_assert_cmpint (cvn_group_call_get_participants_count (f->call), ==, 3);
  g_assert_false (_cvn_group_call_has_gap_timer (f->call));
  cvn_clock_advance (f->clock, 2000);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 0);
}

static void
test_participants_gap_refetch (Fixture       *f,
                               gconstpointer  data)
{
  CvnGroupCallInfo info = test_call_info (CALL_ID, 8, 0);
  CvnParticipantInfo parts[3] = {
    test_participant (1, 1001, 0),
    test_participant (2, 1002, 0),
    test_participant (7, 2007, 0),
  };

  load_call (f, 5, 2);

  send_participant (f, 7, 2007, CVN_PARTICIPANT_FLAG_JUST_JOINED, 8);
  cvn_clock_advance (f->clock, 1000);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 1);
  g_assert_null (lookup (f, 7));

  /* a snapshot in two pages */
  _cvn_group_call_apply_snapshot (f->call, &info, parts, 2, "page2", 8);
  g_assert_cmpuint (f->fetcher.n_fetch_participants, ==, 1);
  g_assert_cmpstr (f->fetcher.last_offset, ==, "page2");
  g_assert_true (cvn_group_call_get_syncing (f->call));
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 5);   /* not committed yet */
  _cvn_group_call_apply_snapshot (f->call, NULL, &parts[2], 1, "", 8);
  g_assert_false (cvn_group_call_get_syncing (f->call));
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 8);
  g_assert_nonnull (lookup (f, 7));
  g_assert_cmpuint (g_list_model_get_n_items (f->list), ==, 3);
  g_assert_cmpuint (_cvn_group_call_get_n_pending (f->call), ==, 0);

  send_participant (f, 7, 2007, CVN_PARTICIPANT_FLAG_LEFT | CVN_PARTICIPANT_FLAG_VERSIONED, 9);
  g_assert_null (lookup (f, 7));
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 9);
}

static void
test_participants_left (Fixture       *f,
                        gconstpointer  data)
{
  load_call (f, 5, 3);

  g_assert_cmpuint (position_of (f, 2), ==, 1);
  send_participant (f, 2, 1002, CVN_PARTICIPANT_FLAG_LEFT, 6);
  g_assert_null (lookup (f, 2));
  g_assert_cmpint (cvn_group_call_get_participants_count (f->call), ==, 2);
  {
    const Change expected[] = { { 1, 1, 0 } };
    assert_changes (f, expected, G_N_ELEMENTS (expected));
  }

  /* left about someone unknown: nothing to remove, the version still advances */
  reset_records (f);
  send_participant (f, 99, 1099, CVN_PARTICIPANT_FLAG_LEFT, 7);
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 7);
  g_assert_cmpuint (f->changes->len, ==, 0);
}

static void
test_participants_min_volume (Fixture       *f,
                              gconstpointer  data)
{
  CvnParticipantInfo p = test_participant (1, 1001, CVN_PARTICIPANT_FLAG_HAS_VOLUME | CVN_PARTICIPANT_FLAG_MUTED_BY_YOU
                                                    | CVN_PARTICIPANT_FLAG_VERSIONED);
  CvnGroupCallParticipant *participant;
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  load_call (f, 5, 0);

  p.volume = 5000;
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 6);
  participant = lookup (f, 1);
  g_assert_nonnull (participant);
  g_assert_cmpint (cvn_group_call_participant_get_volume (participant), ==, 5000);
  g_assert_true (cvn_group_call_participant_get_muted_by_you (participant));
  g_signal_connect (participant, "notify", G_CALLBACK (count_notify_cb), counts);

  /* min, volume_by_admin in neither: volume and muted_by_you stay cached */
  p.flags = CVN_PARTICIPANT_FLAG_MIN | CVN_PARTICIPANT_FLAG_HAS_VOLUME | CVN_PARTICIPANT_FLAG_VERSIONED;
  p.volume = 100;
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 7);
  g_assert_cmpint (cvn_group_call_participant_get_volume (participant), ==, 5000);
  g_assert_true (cvn_group_call_participant_get_muted_by_you (participant));
  g_assert_cmpuint (notify_total (counts), ==, 0);

  /* min, volume_by_admin only in the received constructor: still cached */
  p.flags |= CVN_PARTICIPANT_FLAG_VOLUME_BY_ADMIN;
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 8);
  g_assert_cmpint (cvn_group_call_participant_get_volume (participant), ==, 5000);
  g_assert_true (cvn_group_call_participant_get_volume_by_admin (participant));
  g_assert_cmpuint (notify_count (counts, "volume-by-admin"), ==, 1);

  /* min, volume_by_admin in the cache and in the received constructor: volume applies,
   * muted_by_you still does not */
  p.volume = 200;
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 9);
  g_assert_cmpint (cvn_group_call_participant_get_volume (participant), ==, 200);
  g_assert_true (cvn_group_call_participant_get_muted_by_you (participant));
  g_assert_cmpuint (notify_count (counts, "volume"), ==, 1);

  /* not min: both overwrite */
  p.flags = CVN_PARTICIPANT_FLAG_VERSIONED;
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 10);
  g_assert_false (cvn_group_call_participant_get_has_volume (participant));
  g_assert_cmpint (cvn_group_call_participant_get_volume (participant), ==, 10000);
  g_assert_false (cvn_group_call_participant_get_muted_by_you (participant));
  g_assert_false (cvn_group_call_participant_get_volume_by_admin (participant));
  g_assert_cmpuint (notify_count (counts, "volume"), ==, 2);
  g_assert_cmpuint (notify_count (counts, "muted-by-you"), ==, 1);

  g_signal_handlers_disconnect_by_data (participant, counts);
}

static void
test_participants_min_unknown (Fixture       *f,
                               gconstpointer  data)
{
  CvnParticipantInfo update[2] = {
    test_participant (1, 1001, CVN_PARTICIPANT_FLAG_MIN | CVN_PARTICIPANT_FLAG_VERSIONED | CVN_PARTICIPANT_FLAG_HAS_VOLUME),
    test_participant (50, 1050, CVN_PARTICIPANT_FLAG_MIN | CVN_PARTICIPANT_FLAG_VERSIONED),
  };
  CvnParticipantInfo fetched = test_participant (50, 1050, CVN_PARTICIPANT_FLAG_HAS_VOLUME | CVN_PARTICIPANT_FLAG_MUTED_BY_YOU);

  load_call (f, 5, 1);
  update[0].volume = 300;

  /* 50 is unknown and min: fetched by id first, nothing applied meanwhile */
  _cvn_group_call_handle_update_participants (f->call, update, 2, 6);
  g_assert_cmpuint (f->fetcher.n_fetch_by_id, ==, 1);
  g_assert_cmpuint (f->fetcher.last_peers->len, ==, 1);
  g_assert_cmpint (g_array_index (f->fetcher.last_peers, CvnPeer, 0).id, ==, 50);
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 5);
  g_assert_null (lookup (f, 50));

  fetched.volume = 4000;
  _cvn_group_call_apply_participants_by_id (f->call, &fetched, 1, 5);
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 6);
  g_assert_nonnull (lookup (f, 50));
  /* the min update was merged over the fetched state: muted_by_you and volume kept */
  g_assert_true (cvn_group_call_participant_get_muted_by_you (lookup (f, 50)));
  g_assert_cmpint (cvn_group_call_participant_get_volume (lookup (f, 50)), ==, 4000);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 0);

  /* still unknown after the fetch: refetch the whole call */
  update[1].peer.id = 51;
  _cvn_group_call_handle_update_participants (f->call, &update[1], 1, 7);
  g_assert_cmpuint (f->fetcher.n_fetch_by_id, ==, 2);
  _cvn_group_call_apply_participants_by_id (f->call, NULL, 0, 7);
  g_assert_null (lookup (f, 51));
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 1);
}

/* A join sent as `min` about someone unknown: fetched by id, then inserted by the join
 * itself, which counts in participants_count whichever way the participant became known. */
static void
test_participants_min_join_counted (Fixture       *f,
                                    gconstpointer  data)
{
  CvnParticipantInfo fetched = test_participant (70, 1070, 0);

  load_call (f, 5, 3);
  g_assert_cmpint (cvn_group_call_get_participants_count (f->call), ==, 3);

  send_participant (f, 70, 1070, CVN_PARTICIPANT_FLAG_MIN | CVN_PARTICIPANT_FLAG_JUST_JOINED
                                 | CVN_PARTICIPANT_FLAG_VERSIONED, 6);
  g_assert_cmpuint (f->fetcher.n_fetch_by_id, ==, 1);
  g_assert_null (lookup (f, 70));

  /* the server answers at a newer version than the join: still the join counts it */
  _cvn_group_call_apply_participants_by_id (f->call, &fetched, 1, 8);
  g_assert_nonnull (lookup (f, 70));
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 6);
  g_assert_cmpint (cvn_group_call_get_participants_count (f->call), ==, 4);

  /* a duplicate of the join changes nothing */
  send_participant (f, 70, 1070, CVN_PARTICIPANT_FLAG_MIN | CVN_PARTICIPANT_FLAG_JUST_JOINED
                                 | CVN_PARTICIPANT_FLAG_VERSIONED, 6);
  g_assert_cmpint (cvn_group_call_get_participants_count (f->call), ==, 4);
  g_assert_cmpuint (g_list_model_get_n_items (f->list), ==, 4);
}

/* The pages of a snapshot read at different versions (someone left between them): the list
 * is committed, but participants_count (from the first page) cannot be trusted: refetched. */
static void
test_refetch_torn_pages (Fixture       *f,
                         gconstpointer  data)
{
  CvnGroupCallInfo info = test_call_info (CALL_ID, 5, 0);
  CvnParticipantInfo first[2] = { test_participant (1, 1001, 0), test_participant (2, 1002, 0) };

  load_call (f, 4, 0);
  _cvn_group_call_request_refetch (f->call);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 1);

  info.participants_count = 3;
  _cvn_group_call_apply_snapshot (f->call, &info, first, 2, "2", 5);
  g_assert_cmpuint (f->fetcher.n_fetch_participants, ==, 1);
  /* participant 3 left (version 6) before its page was read: an empty last page */
  _cvn_group_call_apply_snapshot (f->call, NULL, NULL, 0, "", 6);
  g_assert_cmpuint (g_list_model_get_n_items (f->list), ==, 2);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 2);
  g_assert_true (cvn_group_call_get_syncing (f->call));

  /* the leave (version 6) applies meanwhile; the new snapshot settles the count */
  send_participant (f, 3, 1003, CVN_PARTICIPANT_FLAG_LEFT, 6);
  info.version = 6;
  info.participants_count = 2;
  _cvn_group_call_apply_snapshot (f->call, &info, first, 2, "", 6);
  g_assert_false (cvn_group_call_get_syncing (f->call));
  g_assert_cmpint (cvn_group_call_get_participants_count (f->call), ==, 2);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 2);
}

/* An update about someone nobody could place waits for a refetch; a snapshot older than the
 * update does not settle it: fetched again, not dropped. */
static void
test_refetch_parked_newer_than_snapshot (Fixture       *f,
                                         gconstpointer  data)
{
  CvnGroupCallInfo info = test_call_info (CALL_ID, 6, 0);
  CvnParticipantInfo parts[2] = { test_participant (1, 1001, 0), test_participant (80, 1080, 0) };

  load_call (f, 6, 1);
  send_participant (f, 80, 1080, CVN_PARTICIPANT_FLAG_MIN | CVN_PARTICIPANT_FLAG_JUST_JOINED
                                 | CVN_PARTICIPANT_FLAG_VERSIONED, 7);
  _cvn_group_call_fetch_participants_by_id_failed (f->call);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 1);

  /* the refetch was read before the join: version 6, without 80 */
  info.participants_count = 1;
  _cvn_group_call_apply_snapshot (f->call, &info, parts, 1, "", 6);
  g_assert_null (lookup (f, 80));
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 2);

  info.version = 7;
  info.participants_count = 2;
  _cvn_group_call_apply_snapshot (f->call, &info, parts, 2, "", 7);
  g_assert_nonnull (lookup (f, 80));
  g_assert_cmpint (cvn_group_call_get_participants_count (f->call), ==, 2);
  g_assert_false (cvn_group_call_get_syncing (f->call));
}

/* A call known only by id and access hash (an InputGroupCall) until fetched. */
static void
test_refetch_input_only (Fixture       *f,
                         gconstpointer  data)
{
  _cvn_group_call_request_refetch (f->call);
  g_assert_true (cvn_group_call_get_syncing (f->call));
  /* the fetcher cannot ask without an id: postponed, no retry timer */
  _cvn_group_call_fetch_postponed (f->call);
  g_assert_false (cvn_group_call_get_syncing (f->call));
  g_assert_cmpuint (cvn_clock_get_n_pending (f->clock), ==, 0);

  _cvn_group_call_set_input (f->call, CALL_ID, 4242);
  g_assert_cmpint (cvn_group_call_get_id (f->call), ==, CALL_ID);
  g_assert_cmpint (cvn_group_call_get_access_hash (f->call), ==, 4242);
  g_assert_cmpint (cvn_group_call_get_state (f->call), ==, CVN_GROUP_CALL_STATE_UNKNOWN);

  load_call (f, 3, 2);
  /* once cached, the input is the call's own */
  _cvn_group_call_set_input (f->call, CALL_ID + 1, 1);
  g_assert_cmpint (cvn_group_call_get_id (f->call), ==, CALL_ID);
}

static void
test_participants_min_fetch_failed (Fixture       *f,
                                    gconstpointer  data)
{
  load_call (f, 5, 1);

  send_participant (f, 60, 1060, CVN_PARTICIPANT_FLAG_MIN | CVN_PARTICIPANT_FLAG_VERSIONED, 6);
  g_assert_cmpuint (f->fetcher.n_fetch_by_id, ==, 1);
  g_assert_cmpuint (_cvn_group_call_get_n_pending (f->call), ==, 1);   /* parked */

  _cvn_group_call_fetch_participants_by_id_failed (f->call);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 1);
  g_assert_true (cvn_group_call_get_syncing (f->call));
  g_assert_cmpuint (_cvn_group_call_get_n_pending (f->call), ==, 1);   /* waits for the refetch */

  /* the refetch knows 60: the parked update is merged over it (min: volume kept) */
  {
    CvnGroupCallInfo info = test_call_info (CALL_ID, 6, 0);
    CvnParticipantInfo parts[2] = {
      test_participant (1, 1001, 0),
      test_participant (60, 1060, CVN_PARTICIPANT_FLAG_HAS_VOLUME),
    };

    parts[1].volume = 777;
    _cvn_group_call_apply_snapshot (f->call, &info, parts, 2, "", 6);
  }
  g_assert_cmpuint (_cvn_group_call_get_n_pending (f->call), ==, 0);
  g_assert_nonnull (lookup (f, 60));
  g_assert_cmpint (cvn_group_call_participant_get_volume (lookup (f, 60)), ==, 777);

  /* unknown again and the refetch does not know it either: dropped, no endless refetching */
  send_participant (f, 61, 1061, CVN_PARTICIPANT_FLAG_MIN, 6);
  g_assert_cmpuint (f->fetcher.n_fetch_by_id, ==, 2);
  _cvn_group_call_apply_participants_by_id (f->call, NULL, 0, 6);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 2);
  {
    CvnGroupCallInfo info = test_call_info (CALL_ID, 6, 0);
    CvnParticipantInfo parts[1] = { test_participant (1, 1001, 0) };

    _cvn_group_call_apply_snapshot (f->call, &info, parts, 1, "", 6);
  }
  g_assert_null (lookup (f, 61));
  g_assert_null (lookup (f, 60));
  g_assert_cmpuint (_cvn_group_call_get_n_pending (f->call), ==, 0);
  g_assert_false (cvn_group_call_get_syncing (f->call));
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 2);
}

static void
test_participants_nonversioned (Fixture       *f,
                                gconstpointer  data)
{
  CvnParticipantInfo p = test_participant (1, 1001, CVN_PARTICIPANT_FLAG_HAS_ACTIVE_DATE);
  CvnGroupCallParticipant *participant;

  load_call (f, 5, 3);
  participant = lookup (f, 1);
  g_assert_cmpint (_cvn_group_call_participant_get_version (participant), ==, 5);

  /* version <= cached: applied at once, the version stays */
  p.active_date = 5000;
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 5);
  g_assert_cmpint (cvn_group_call_participant_get_active_date (participant), ==, 5000);
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 5);

  /* older than the participant's own version: outdated, ignored */
  p.active_date = 4000;
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 4);
  g_assert_cmpint (cvn_group_call_participant_get_active_date (participant), ==, 5000);

  /* version > cached: waits for the version to get there */
  p.active_date = 6000;
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 6);
  g_assert_cmpint (cvn_group_call_participant_get_active_date (participant), ==, 5000);
  g_assert_cmpuint (_cvn_group_call_get_n_pending (f->call), ==, 1);
  g_assert_true (_cvn_group_call_has_gap_timer (f->call));

  /* a versioned update at 6 arrives (after the non-versioned one): both apply, versioned
   * first */
  send_participant (f, 9, 3000, CVN_PARTICIPANT_FLAG_JUST_JOINED, 6);
  g_assert_cmpint (cvn_group_call_participant_get_active_date (participant), ==, 6000);
  g_assert_nonnull (lookup (f, 9));
  g_assert_cmpuint (_cvn_group_call_get_n_pending (f->call), ==, 0);
  g_assert_false (_cvn_group_call_has_gap_timer (f->call));

  /* a non-versioned update about someone unknown, older than the cache: they left since */
  p = test_participant (77, 1077, 0);
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 5);
  g_assert_null (lookup (f, 77));
  /* at the cached version and not min: it is the current state, added */
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 6);
  g_assert_nonnull (lookup (f, 77));

  /* a waiting non-versioned update alone triggers the refetch after 1 s (TDLib) */
  p.flags = CVN_PARTICIPANT_FLAG_HAS_ACTIVE_DATE;
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 9);
  cvn_clock_advance (f->clock, 1000);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 1);
}

static void
test_participants_no_call_yet (Fixture       *f,
                               gconstpointer  data)
{
  CvnGroupCallInfo info = test_call_info (CALL_ID, 5, 0);

  send_participant (f, 1, 1001, CVN_PARTICIPANT_FLAG_JUST_JOINED, 6);
  send_participant (f, 2, 1002, CVN_PARTICIPANT_FLAG_JUST_JOINED, 5);
  g_assert_cmpuint (g_list_model_get_n_items (f->list), ==, 0);
  g_assert_false (_cvn_group_call_has_gap_timer (f->call));

  _cvn_group_call_handle_update_group_call (f->call, &info);
  /* 6 = cached+1 applies; 5 is not above the cached version: skipped */
  g_assert_nonnull (lookup (f, 1));
  g_assert_null (lookup (f, 2));
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 6);
}

/* --- refetch ---------------------------------------------------------------------------- */

static void
test_refetch_race (Fixture       *f,
                   gconstpointer  data)
{
  CvnGroupCallInfo info = test_call_info (CALL_ID, 9, 0);
  CvnParticipantInfo parts[2] = {
    test_participant (1, 1001, 0),
    test_participant (8, 1008, 0),
  };

  load_call (f, 5, 1);

  send_participant (f, 7, 1007, CVN_PARTICIPANT_FLAG_JUST_JOINED, 7);
  cvn_clock_advance (f->clock, 1000);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 1);

  /* updates arriving while the refetch is in flight: 10 and 11 (above the snapshot), and 6
   * which fills the old gap */
  send_participant (f, 10, 1010, CVN_PARTICIPANT_FLAG_JUST_JOINED, 10);
  send_participant (f, 8, 1008, CVN_PARTICIPANT_FLAG_LEFT, 11);
  g_assert_false (_cvn_group_call_has_gap_timer (f->call));   /* no timer while syncing */
  send_participant (f, 6, 1006, CVN_PARTICIPANT_FLAG_JUST_JOINED, 6);
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 7);
  g_assert_nonnull (lookup (f, 6));
  g_assert_nonnull (lookup (f, 7));

  /* the snapshot at 9: 6 and 7 left by then, 8 joined */
  _cvn_group_call_apply_snapshot (f->call, &info, parts, 2, "", 9);
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 11);
  g_assert_null (lookup (f, 6));
  g_assert_null (lookup (f, 7));
  g_assert_null (lookup (f, 8));        /* left at 11, applied on top */
  g_assert_nonnull (lookup (f, 10));    /* joined at 10, applied on top */
  g_assert_nonnull (lookup (f, 1));
  g_assert_cmpuint (_cvn_group_call_get_n_pending (f->call), ==, 0);

  /* an older snapshot (a late answer) is ignored */
  info.version = 10;
  _cvn_group_call_apply_snapshot (f->call, &info, parts, 2, "", 10);
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 11);
  g_assert_null (lookup (f, 8));
  g_assert_nonnull (lookup (f, 10));
}

static void
test_refetch_first_load_race (Fixture       *f,
                              gconstpointer  data)
{
  CvnGroupCallInfo info = test_call_info (CALL_ID, 5, 0);
  CvnParticipantInfo part = test_participant (1, 1001, 0);

  /* the first fetch is in flight when an updateGroupCall caches the call at 7 */
  _cvn_group_call_request_refetch (f->call);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 1);
  send_call (f, 7, 0, 1);
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 7);

  /* the snapshot at 5 is older than the cache, but the list was never loaded: fetch again */
  _cvn_group_call_apply_snapshot (f->call, &info, &part, 1, "", 5);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (f->list), ==, 0);

  info.version = 7;
  _cvn_group_call_apply_snapshot (f->call, &info, &part, 1, "", 7);
  g_assert_cmpuint (g_list_model_get_n_items (f->list), ==, 1);
  g_assert_false (cvn_group_call_get_syncing (f->call));

  /* once loaded, an older snapshot is simply ignored */
  info.version = 6;
  _cvn_group_call_apply_snapshot (f->call, &info, NULL, 0, "", 6);
  g_assert_cmpuint (g_list_model_get_n_items (f->list), ==, 1);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 2);
}

static void
test_refetch_coalesce (Fixture       *f,
                       gconstpointer  data)
{
  CvnGroupCallInfo info = test_call_info (CALL_ID, 20, 0);

  load_call (f, 5, 0);

  _cvn_group_call_request_refetch (f->call);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 1);
  _cvn_group_call_request_refetch (f->call);
  _cvn_group_call_request_refetch (f->call);
  send_participant (f, 1, 1001, CVN_PARTICIPANT_FLAG_JUST_JOINED, 30);
  cvn_clock_advance (f->clock, 5000);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 1);   /* one in flight */

  _cvn_group_call_apply_snapshot (f->call, &info, NULL, 0, NULL, 20);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 2);   /* "again": exactly one more */
  g_assert_true (cvn_group_call_get_syncing (f->call));
  _cvn_group_call_apply_snapshot (f->call, &info, NULL, 0, NULL, 20);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 2);
  g_assert_false (cvn_group_call_get_syncing (f->call));

  /* the update at 30 still waits: the timer is armed again */
  g_assert_true (_cvn_group_call_has_gap_timer (f->call));
  cvn_clock_advance (f->clock, 1000);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 3);
}

static void
test_refetch_failure (Fixture       *f,
                      gconstpointer  data)
{
  CvnGroupCallInfo info = test_call_info (CALL_ID, 8, 0);

  load_call (f, 5, 0);
  send_participant (f, 1, 1001, CVN_PARTICIPANT_FLAG_JUST_JOINED, 8);
  cvn_clock_advance (f->clock, 1000);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 1);

  _cvn_group_call_fetch_failed (f->call);
  g_assert_false (cvn_group_call_get_syncing (f->call));
  cvn_clock_advance (f->clock, 999);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 1);
  cvn_clock_advance (f->clock, 1);
  g_assert_cmpuint (f->fetcher.n_fetch_call, ==, 2);

  _cvn_group_call_apply_snapshot (f->call, &info, NULL, 0, NULL, 7);
  /* the snapshot at 7 is below the waiting update at 8: it applies on top */
  g_assert_cmpint (cvn_group_call_get_version (f->call), ==, 8);
  g_assert_nonnull (lookup (f, 1));
}

/* --- list order and items-changed ------------------------------------------------------- */

static void
set_state (Fixture *f,
           gint64   user_id,
           gint32   date,
           gint64   rating,
           gint32   active_date,
           guint32  extra_flags,
           gint32   version)
{
  CvnParticipantInfo p = test_participant (user_id, date, CVN_PARTICIPANT_FLAG_VERSIONED | extra_flags);

  if (rating)
    {
      p.flags |= CVN_PARTICIPANT_FLAG_HAS_RAISE_HAND_RATING;
      p.raise_hand_rating = rating;
    }
  if (active_date)
    {
      p.flags |= CVN_PARTICIPANT_FLAG_HAS_ACTIVE_DATE;
      p.active_date = active_date;
    }
  _cvn_group_call_handle_update_participants (f->call, &p, 1, version);
}

static gint64
id_at (Fixture *f,
       guint    position)
{
  g_autoptr(CvnGroupCallParticipant) p = g_list_model_get_item (f->list, position);

  return cvn_group_call_participant_get_peer_id (p);
}

static void
test_list_order (Fixture       *f,
                 gconstpointer  data)
{
  CvnGroupCallInfo asc;

  load_call (f, 1, 0);

  /* dates: newest first by default */
  set_state (f, 1, 100, 0, 0, 0, 2);
  set_state (f, 2, 300, 0, 0, 0, 3);
  set_state (f, 3, 200, 0, 0, 0, 4);
  g_assert_cmpint (id_at (f, 0), ==, 2);
  g_assert_cmpint (id_at (f, 1), ==, 3);
  g_assert_cmpint (id_at (f, 2), ==, 1);
  {
    const Change expected[] = { { 0, 0, 1 }, { 0, 0, 1 }, { 1, 0, 1 } };
    assert_changes (f, expected, G_N_ELEMENTS (expected));
  }

  /* activity before join date */
  reset_records (f);
  set_state (f, 1, 100, 0, 500, 0, 5);
  g_assert_cmpint (id_at (f, 0), ==, 1);
  {
    const Change expected[] = { { 2, 1, 0 }, { 0, 0, 1 } };
    assert_changes (f, expected, G_N_ELEMENTS (expected));
  }

  /* raised hands first, by rating */
  reset_records (f);
  set_state (f, 3, 200, 10, 0, 0, 6);
  set_state (f, 2, 300, 20, 0, 0, 7);
  g_assert_cmpint (id_at (f, 0), ==, 2);
  g_assert_cmpint (id_at (f, 1), ==, 3);
  g_assert_cmpint (id_at (f, 2), ==, 1);
  {
    /* 1 2 3 -> 3 moves from 2 to 0 -> 3 1 2 -> 2 moves from 2 to 0 -> 2 3 1 */
    const Change expected[] = { { 2, 1, 0 }, { 0, 0, 1 }, { 2, 1, 0 }, { 0, 0, 1 } };
    assert_changes (f, expected, G_N_ELEMENTS (expected));
  }

  /* a sort key change that keeps the position: no items-changed, just notify */
  reset_records (f);
  set_state (f, 2, 300, 30, 0, 0, 8);
  g_assert_cmpint (id_at (f, 0), ==, 2);
  g_assert_cmpuint (f->changes->len, ==, 0);

  /* a property-only change: no items-changed */
  set_state (f, 1, 100, 0, 500, CVN_PARTICIPANT_FLAG_MUTED, 9);
  g_assert_true (cvn_group_call_participant_get_muted (lookup (f, 1)));
  g_assert_cmpuint (f->changes->len, ==, 0);

  /* speaking counts as activity now (fake wall clock 1,700,000,000 s) */
  cvn_group_call_participant_set_speaking (lookup (f, 1), TRUE);
  g_assert_cmpint (id_at (f, 2), ==, 1);   /* hands stay above */
  set_state (f, 2, 300, 0, 0, 0, 10);
  set_state (f, 3, 200, 0, 0, 0, 11);
  g_assert_cmpint (id_at (f, 0), ==, 1);
  g_assert_cmpint (id_at (f, 1), ==, 2);
  g_assert_cmpint (id_at (f, 2), ==, 3);

  /* join_date_asc: one reset of the whole range */
  reset_records (f);
  asc = test_call_info (CALL_ID, 12, CVN_GROUP_CALL_FLAG_JOIN_DATE_ASC);
  _cvn_group_call_handle_update_group_call (f->call, &asc);
  g_assert_cmpint (id_at (f, 0), ==, 1);
  g_assert_cmpint (id_at (f, 1), ==, 3);
  g_assert_cmpint (id_at (f, 2), ==, 2);
  {
    const Change expected[] = { { 0, 3, 3 } };
    assert_changes (f, expected, G_N_ELEMENTS (expected));
  }
  g_assert_null (g_list_model_get_item (f->list, 3));
  g_assert_true (g_list_model_get_item_type (f->list) == CVN_TYPE_GROUP_CALL_PARTICIPANT);
}


/* Many participants, so the list's blocks split, empty and compact: after random moves, joins,
 * leaves and order flips, the list is sorted, positions agree, and a mirror kept only from
 * items-changed equals it. */
typedef struct
{
  gint64 id;
  gint64 rating;
  gint32 active;
  gint32 date;
} RefItem;

static gboolean ref_asc;

static int
ref_compare (gconstpointer a,
             gconstpointer b)
{
  const RefItem *x = a;
  const RefItem *y = b;

  if (x->rating != y->rating)
    return x->rating > y->rating ? -1 : 1;
  if (x->active != y->active)
    return x->active > y->active ? -1 : 1;
  if (x->date != y->date)
    return (ref_asc ? x->date < y->date : x->date > y->date) ? -1 : 1;
  return x->id < y->id ? -1 : (x->id > y->id);
}

static void
mirror_cb (GListModel *list,
           guint       position,
           guint       removed,
           guint       added,
           GPtrArray  *mirror)
{
  g_assert_cmpuint (position + removed, <=, mirror->len);
  g_ptr_array_remove_range (mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror, position + i, g_list_model_get_item (list, position + i));
  /* Each signal describes the list as it is when emitted (list widgets read it then). */
  g_assert_cmpuint (mirror->len, ==, g_list_model_get_n_items (list));
}

static void
check_large (Fixture   *f,
             GArray    *ref,
             GPtrArray *mirror)
{
  g_autoptr(GArray) sorted = g_array_copy (ref);
  guint n = g_list_model_get_n_items (f->list);

  g_array_sort (sorted, ref_compare);
  g_assert_cmpuint (n, ==, sorted->len);
  g_assert_cmpuint (mirror->len, ==, n);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CvnGroupCallParticipant) p = g_list_model_get_item (f->list, i);

      g_assert_cmpint (cvn_group_call_participant_get_peer_id (p), ==, g_array_index (sorted, RefItem, i).id);
      g_assert_true (g_ptr_array_index (mirror, i) == (gpointer) p);
      g_assert_cmpuint (cvn_group_call_participant_list_get_position (CVN_GROUP_CALL_PARTICIPANT_LIST (f->list), p), ==, i);
    }
}

static void
test_list_large (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);
  g_autoptr(GArray) ref = g_array_new (FALSE, FALSE, sizeof (RefItem));
  g_autoptr(GPtrArray) mirror = g_ptr_array_new_with_free_func (g_object_unref);
  gint32 version = 1;
  gint64 next_id = 1;

  load_call (f, version, 0);
  ref_asc = FALSE;

  g_signal_connect (f->list, "items-changed", G_CALLBACK (mirror_cb), mirror);

  /* fewer under valgrind, where this test would otherwise take a minute */
  guint n_ops = g_getenv ("CVN_UNDER_VALGRIND") ? 4000 : 30000;

  for (guint op = 0; op < n_ops; op++)
    {
      guint r = g_rand_int_range (rand, 0, 100);

      if (ref->len < 100 || (r < 30 && ref->len < 5000))
        {
          RefItem item = { next_id++, 0, 0, g_rand_int_range (rand, 0, 1000) };

          g_array_append_val (ref, item);
          set_state (f, item.id, item.date, 0, 0, CVN_PARTICIPANT_FLAG_JUST_JOINED, ++version);
        }
      else if (r < 40)
        {
          guint i = g_rand_int_range (rand, 0, ref->len);

          send_participant (f, g_array_index (ref, RefItem, i).id, 0, CVN_PARTICIPANT_FLAG_LEFT, ++version);
          g_array_remove_index_fast (ref, i);
        }
      else if (r < 99)
        {
          RefItem *item = &g_array_index (ref, RefItem, g_rand_int_range (rand, 0, ref->len));

          if (r < 50)
            item->rating = g_rand_boolean (rand) ? g_rand_int_range (rand, 1, 50) : 0;
          else if (r < 90)
            item->active = g_rand_int_range (rand, 1, 3000);   /* mostly moves to the top */
          else
            item->active = 0;
          set_state (f, item->id, item->date, item->rating, item->active, 0, ++version);
        }
      else
        {
          CvnGroupCallInfo info = test_call_info (CALL_ID, ++version, ref_asc ? 0 : CVN_GROUP_CALL_FLAG_JOIN_DATE_ASC);

          ref_asc = !ref_asc;
          _cvn_group_call_handle_update_group_call (f->call, &info);
        }

      if (op % 1000 == 999)
        check_large (f, ref, mirror);
    }
  check_large (f, ref, mirror);

  /* everybody leaves: blocks empty and get compacted */
  while (ref->len > 0)
    {
      send_participant (f, g_array_index (ref, RefItem, ref->len - 1).id, 0, CVN_PARTICIPANT_FLAG_LEFT, ++version);
      g_array_set_size (ref, ref->len - 1);
      if (ref->len % 500 == 0)
        check_large (f, ref, mirror);
    }
  g_assert_cmpuint (g_list_model_get_n_items (f->list), ==, 0);

  /* and the list works again afterwards */
  set_state (f, 1, 5, 0, 0, CVN_PARTICIPANT_FLAG_JUST_JOINED, ++version);
  set_state (f, 2, 6, 0, 0, CVN_PARTICIPANT_FLAG_JUST_JOINED, ++version);
  g_assert_cmpuint (g_list_model_get_n_items (f->list), ==, 2);
  g_assert_cmpint (id_at (f, 0), ==, ref_asc ? 1 : 2);

  g_signal_handlers_disconnect_by_data (f->list, mirror);
}

static void
test_list_snapshot_changes (Fixture       *f,
                            gconstpointer  data)
{
  CvnGroupCallInfo info = test_call_info (CALL_ID, 9, 0);
  CvnParticipantInfo parts[3] = {
    test_participant (1, 1001, CVN_PARTICIPANT_FLAG_MUTED | CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE),
    test_participant (3, 1003, CVN_PARTICIPANT_FLAG_MUTED | CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE),
    test_participant (4, 1000, 0),
  };

  load_call (f, 5, 3);   /* order: 3 2 1 */

  _cvn_group_call_apply_snapshot (f->call, &info, parts, 3, NULL, 9);
  /* 2 removed from 1; 4 added at the end; 1 and 3 unchanged */
  {
    const Change expected[] = { { 1, 1, 0 }, { 2, 0, 1 } };
    assert_changes (f, expected, G_N_ELEMENTS (expected));
  }
  g_assert_cmpint (id_at (f, 0), ==, 3);
  g_assert_cmpint (id_at (f, 1), ==, 1);
  g_assert_cmpint (id_at (f, 2), ==, 4);
}

/* --- notifications ---------------------------------------------------------------------- */

static void
test_notify_counts (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  CvnGroupCallParticipant *participant;
  CvnParticipantInfo p;
  CvnParticipantVideoInfo video = { 0 };
  gint32 sources[2] = { 11, 12 };
  CvnSourceGroup group = { (char *) "SIM", sources, 2 };

  load_call (f, 5, 1);
  participant = lookup (f, 1);
  g_signal_connect (participant, "notify", G_CALLBACK (count_notify_cb), counts);

  /* the same value again: nothing */
  cvn_group_call_participant_set_speaking (participant, FALSE);
  g_assert_cmpuint (notify_total (counts), ==, 0);
  cvn_group_call_participant_set_speaking (participant, TRUE);
  cvn_group_call_participant_set_speaking (participant, TRUE);
  g_assert_cmpuint (notify_count (counts, "speaking"), ==, 1);
  g_object_set (participant, "speaking", FALSE, NULL);
  g_assert_cmpuint (notify_count (counts, "speaking"), ==, 2);

  /* the same state again: nothing */
  g_hash_table_remove_all (counts);
  p = test_participant (1, 1001, CVN_PARTICIPANT_FLAG_MUTED | CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE);
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 5);
  g_assert_cmpuint (notify_total (counts), ==, 0);

  /* one field: one notify */
  p.flags |= CVN_PARTICIPANT_FLAG_HAS_ABOUT;
  p.about = (char *) "hello";
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 5);
  g_assert_cmpuint (notify_count (counts, "about"), ==, 1);
  g_assert_cmpuint (notify_total (counts), ==, 1);
  g_assert_cmpstr (cvn_group_call_participant_get_about (participant), ==, "hello");

  /* video with a source group; the same video again: nothing */
  g_hash_table_remove_all (counts);
  video.endpoint = (char *) "endpoint-1";
  video.source_groups = &group;
  video.n_source_groups = 1;
  video.flags = CVN_PARTICIPANT_VIDEO_FLAG_PAUSED | CVN_PARTICIPANT_VIDEO_FLAG_HAS_AUDIO_SOURCE;
  video.audio_source = 99;
  p.flags |= CVN_PARTICIPANT_FLAG_HAS_VIDEO | CVN_PARTICIPANT_FLAG_VIDEO_JOINED;
  p.video = &video;
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 5);
  g_assert_cmpuint (notify_count (counts, "video"), ==, 1);
  g_assert_cmpuint (notify_count (counts, "video-joined"), ==, 1);
  g_assert_cmpuint (notify_total (counts), ==, 2);
  {
    CvnGroupCallParticipantVideo *v = cvn_group_call_participant_get_video (participant);
    const gint32 *got;
    guint n = 0;

    g_assert_nonnull (v);
    g_assert_cmpstr (cvn_group_call_participant_video_get_endpoint (v), ==, "endpoint-1");
    g_assert_true (cvn_group_call_participant_video_get_paused (v));
    g_assert_true (cvn_group_call_participant_video_get_has_audio_source (v));
    g_assert_cmpint (cvn_group_call_participant_video_get_audio_source (v), ==, 99);
    g_assert_cmpuint (cvn_group_call_participant_video_get_n_source_groups (v), ==, 1);
    g_assert_cmpstr (cvn_group_call_participant_video_get_source_group_semantics (v, 0), ==, "SIM");
    got = cvn_group_call_participant_video_get_source_group_sources (v, 0, &n);
    g_assert_cmpuint (n, ==, 2);
    g_assert_cmpint (got[1], ==, 12);
  }
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 5);
  g_assert_cmpuint (notify_total (counts), ==, 2);
  sources[1] = 13;   /* a changed source replaces the video object */
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 5);
  g_assert_cmpuint (notify_count (counts, "video"), ==, 2);
  g_assert_null (cvn_group_call_participant_get_presentation (participant));

  /* raise hand: rating and hand-raised */
  g_hash_table_remove_all (counts);
  p.flags |= CVN_PARTICIPANT_FLAG_HAS_RAISE_HAND_RATING;
  p.raise_hand_rating = 5;
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 5);
  p.raise_hand_rating = 6;
  _cvn_group_call_handle_update_participants (f->call, &p, 1, 5);
  g_assert_cmpuint (notify_count (counts, "raise-hand-rating"), ==, 2);
  g_assert_cmpuint (notify_count (counts, "hand-raised"), ==, 1);
  g_assert_true (cvn_group_call_participant_get_hand_raised (participant));

  /* the call: an update with the same fields notifies version only */
  reset_records (f);
  send_call (f, 6, 0, 1);
  g_assert_cmpuint (notify_count (f->notifies, "version"), ==, 1);
  g_assert_cmpuint (notify_total (f->notifies), ==, 1);

  g_signal_handlers_disconnect_by_data (participant, counts);
}

/* --- optimistic local changes ----------------------------------------------------------- */

static void
test_local_muted (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);
  CvnGroupCallParticipant *participant;
  guint64 g1, g2;

  load_call (f, 5, 1);
  participant = lookup (f, 1);
  g_assert_true (cvn_group_call_participant_get_muted (participant));
  g_signal_connect (participant, "notify", G_CALLBACK (count_notify_cb), counts);

  /* unmute locally: shown at once */
  g1 = cvn_group_call_set_local_muted (f->call, participant, FALSE);
  g_assert_false (cvn_group_call_participant_get_muted (participant));
  g_assert_cmpuint (notify_count (counts, "muted"), ==, 1);

  /* a server state from before the change does not flip it back while pending */
  send_participant (f, 1, 1001, CVN_PARTICIPANT_FLAG_MUTED | CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE, 5);
  g_assert_false (cvn_group_call_participant_get_muted (participant));

  /* a second change supersedes the first; finishing the first does nothing */
  g2 = cvn_group_call_set_local_muted (f->call, participant, TRUE);
  g_assert_cmpuint (g2, >, g1);
  g_assert_true (cvn_group_call_participant_get_muted (participant));
  cvn_group_call_set_local_muted (f->call, participant, FALSE);
  _cvn_group_call_finish_local_muted (f->call, participant, g2, TRUE);
  g_assert_false (cvn_group_call_participant_get_muted (participant));

  /* the server's echo of the last change at 6, then the request finishes */
  g1 = cvn_group_call_set_local_muted (f->call, participant, FALSE);
  send_participant (f, 1, 1001, CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE | CVN_PARTICIPANT_FLAG_VERSIONED, 6);
  _cvn_group_call_finish_local_muted (f->call, participant, g1, TRUE);
  g_assert_false (cvn_group_call_participant_get_muted (participant));

  /* a stale non-versioned echo (version 5, muted) arriving late: ignored */
  send_participant (f, 1, 1001, CVN_PARTICIPANT_FLAG_MUTED | CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE, 5);
  g_assert_false (cvn_group_call_participant_get_muted (participant));

  /* a newer server state wins */
  send_participant (f, 1, 1001, CVN_PARTICIPANT_FLAG_MUTED | CVN_PARTICIPANT_FLAG_VERSIONED, 7);
  g_assert_true (cvn_group_call_participant_get_muted (participant));

  /* a failed change falls back to the server's state */
  g1 = cvn_group_call_set_local_muted (f->call, participant, FALSE);
  g_assert_false (cvn_group_call_participant_get_muted (participant));
  _cvn_group_call_finish_local_muted (f->call, participant, g1, FALSE);
  g_assert_true (cvn_group_call_participant_get_muted (participant));

  g_signal_handlers_disconnect_by_data (participant, counts);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/model/group-call/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("update-call/no-cache", test_call_no_cache);
  ADD ("update-call/versions", test_call_versions);
  ADD ("update-call/gap-filled", test_call_gap_filled);
  ADD ("update-call/gap-refetch", test_call_gap_refetch);
  ADD ("update-call/min", test_call_min);
  ADD ("update-call/discarded", test_call_discarded);
  ADD ("update-call/kind", test_call_kind);
  ADD ("participants/versions", test_participants_versions);
  ADD ("participants/equal-first-only-once", test_participants_equal_first_only_once);
  ADD ("participants/gap-filled", test_participants_gap_filled);
  ADD ("participants/gap-refetch", test_participants_gap_refetch);
  ADD ("participants/left", test_participants_left);
  ADD ("participants/min-volume", test_participants_min_volume);
  ADD ("participants/min-unknown", test_participants_min_unknown);
  ADD ("participants/min-fetch-failed", test_participants_min_fetch_failed);
  ADD ("participants/min-join-counted", test_participants_min_join_counted);
  ADD ("participants/nonversioned", test_participants_nonversioned);
  ADD ("participants/no-call-yet", test_participants_no_call_yet);
  ADD ("refetch/race", test_refetch_race);
  ADD ("refetch/first-load-race", test_refetch_first_load_race);
  ADD ("refetch/coalesce", test_refetch_coalesce);
  ADD ("refetch/failure", test_refetch_failure);
  ADD ("refetch/torn-pages", test_refetch_torn_pages);
  ADD ("refetch/parked-newer-than-snapshot", test_refetch_parked_newer_than_snapshot);
  ADD ("refetch/input-only", test_refetch_input_only);
  ADD ("list/order", test_list_order);
  ADD ("list/snapshot-changes", test_list_snapshot_changes);
  ADD ("list/large", test_list_large);
  ADD ("notify/counts", test_notify_counts);
  ADD ("local/muted", test_local_muted);
#undef ADD

  return g_test_run ();
}
