/* test-chat-list.c: the chats with calls of a CvnClient logged into the in-process sandbox
 * over loopback: the list after login, a call created and one discarded by another user,
 * and link resolution (malformed links included).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "client-test-util.h"

#include <string.h>

#include "cvn-chat-list-private.h"
#include "cvn-chat-private.h"
#include "cvn-client.h"

static CvnChat *
chat_at (GListModel *chats,
         guint       position)
{
  g_autoptr(CvnChat) chat = g_list_model_get_item (chats, position);

  return chat;   /* the list keeps it */
}

typedef struct
{
  GListModel *chats;
  guint       n;
} ListWait;

/* The list has @n chats and every call's state is known. */
static gboolean
list_settled (gpointer user_data)
{
  ListWait *wait = user_data;
  guint n = g_list_model_get_n_items (wait->chats);

  if (n != wait->n)
    return FALSE;
  for (guint i = 0; i < n; i++)
    {
      CvnChat *chat = chat_at (wait->chats, i);

      if (cvn_chat_get_call_state (chat) == CVN_GROUP_CALL_STATE_UNKNOWN)
        return FALSE;
    }
  return TRUE;
}

static void
wait_list (GListModel *chats,
           guint       n)
{
  ListWait wait = { chats, n };

  cvn_test_assert_wait (NULL, list_settled, &wait, WAIT_MS);
}

typedef struct
{
  guint changes;
  guint max_removed;
  guint max_added;
} ItemsChanged;

static void
on_items_changed (GListModel   *model,
                  guint         position,
                  guint         removed,
                  guint         added,
                  ItemsChanged *seen)
{
  seen->changes++;
  seen->max_removed = MAX (seen->max_removed, removed);
  seen->max_added = MAX (seen->max_added, added);
  g_assert_cmpuint (position + added, <=, g_list_model_get_n_items (model));
}

static void
test_after_login (Fixture       *f,
                  gconstpointer  data)
{
  CvnClient *client = make_client (f, NULL);
  GListModel *chats = cvn_client_get_chats (client);
  ItemsChanged seen = { 0 };
  CvnChat *lounge, *book_club, *big_stage, *radio;
  gint64 now;

  g_assert_true (g_type_is_a (g_list_model_get_item_type (chats), CVN_TYPE_CHAT));
  g_assert_cmpuint (g_list_model_get_n_items (chats), ==, 0);
  g_signal_connect (chats, "items-changed", G_CALLBACK (on_items_changed), &seen);

  login (client, ADA_PHONE);
  wait_list (chats, 4);
  /* one chat at a time, never a reset of the whole list */
  g_assert_cmpuint (seen.max_removed, <=, 4);
  g_assert_cmpuint (seen.max_added, <=, 4);

  /* live calls first, by participants; the scheduled one last */
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (cvn_chat_get_call_state (chat_at (chats, i)), ==, CVN_GROUP_CALL_STATE_LIVE);
  for (guint i = 0; i + 1 < 3; i++)
    g_assert_cmpint (cvn_chat_get_participants_count (chat_at (chats, i)), >=,
                     cvn_chat_get_participants_count (chat_at (chats, i + 1)));
  book_club = chat_at (chats, 3);
  g_assert_cmpstr (cvn_chat_get_title (book_club), ==, "Book Club");
  g_assert_cmpint (cvn_chat_get_call_state (book_club), ==, CVN_GROUP_CALL_STATE_SCHEDULED);
  now = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_cmpint (cvn_chat_get_schedule_date (book_club), >, now);
  g_assert_cmpint (cvn_chat_get_schedule_date (book_club), <=, now + 300);
  g_assert_cmpint (cvn_chat_get_peer_type (book_club), ==, CVN_PEER_TYPE_CHAT);
  g_assert_cmpint (cvn_chat_get_id (book_club), ==, BOOK_CLUB);

  big_stage = cvn_chat_list_lookup (CVN_CHAT_LIST (chats), CVN_PEER_TYPE_CHANNEL, BIG_STAGE);
  lounge = cvn_chat_list_lookup (CVN_CHAT_LIST (chats), CVN_PEER_TYPE_CHANNEL, LOUNGE);
  radio = cvn_chat_list_lookup (CVN_CHAT_LIST (chats), CVN_PEER_TYPE_CHANNEL, RADIO);
  g_assert_nonnull (big_stage);
  g_assert_nonnull (lounge);
  g_assert_nonnull (radio);
  g_assert_true (chat_at (chats, 0) == big_stage);   /* 5,000 listeners */
  g_assert_null (cvn_chat_list_lookup (CVN_CHAT_LIST (chats), CVN_PEER_TYPE_CHANNEL, 42));

  g_assert_cmpstr (cvn_chat_get_title (lounge), ==, "Convene Lounge");
  g_assert_cmpstr (cvn_chat_get_username (lounge), ==, "convene_lounge");
  g_assert_false (cvn_chat_get_broadcast (lounge));
  g_assert_true (cvn_chat_get_is_creator (lounge));
  g_assert_true (cvn_chat_get_is_admin (lounge));
  g_assert_true (cvn_chat_get_can_manage_call (lounge));
  g_assert_true (cvn_chat_get_is_member (lounge));
  g_assert_true (cvn_chat_get_has_call (lounge));
  g_assert_cmpint (cvn_chat_get_participants_count (lounge), ==, 8);
  g_assert_nonnull (cvn_chat_get_group_call (lounge));
  g_assert_cmpstr (cvn_group_call_get_title (cvn_chat_get_group_call (lounge)), ==, "Friday stand-up");
  g_assert_cmpint (cvn_group_call_get_kind (cvn_chat_get_group_call (lounge)), ==, CVN_GROUP_CALL_KIND_VIDEO_CHAT);

  g_assert_true (cvn_chat_get_broadcast (big_stage));
  g_assert_false (cvn_chat_get_is_creator (big_stage));   /* Brian's; Ada is an admin there */
  g_assert_true (cvn_chat_get_is_admin (big_stage));
  g_assert_true (cvn_chat_get_can_manage_call (big_stage));
  g_assert_cmpint (cvn_group_call_get_kind (cvn_chat_get_group_call (big_stage)), ==,
                   CVN_GROUP_CALL_KIND_LIVESTREAM);
  g_assert_cmpint (cvn_group_call_get_kind (cvn_chat_get_group_call (radio)), ==,
                   CVN_GROUP_CALL_KIND_RTMP_LIVESTREAM);

  /* every group and channel of the dialogs, for starting calls */
  g_assert_cmpuint (g_list_model_get_n_items (cvn_client_get_all_chats (client)), ==, 4);

  /* names of peers */
  {
    g_autofree char *brian = cvn_client_dup_peer_title (client, CVN_PEER_TYPE_USER, BRIAN);
    g_autofree char *stage = cvn_client_dup_peer_title (client, CVN_PEER_TYPE_CHANNEL, BIG_STAGE);
    g_autofree char *nobody = cvn_client_dup_peer_title (client, CVN_PEER_TYPE_USER, 77);

    g_assert_cmpstr (brian, ==, "Brian Second");
    g_assert_cmpstr (stage, ==, "Big Stage");
    g_assert_null (nobody);
  }

  /* refreshing changes nothing */
  {
    g_autoptr(GAsyncResult) result = NULL;
    g_autoptr(GError) error = NULL;
    guint changes = seen.changes;

    cvn_client_refresh_chats_async (client, NULL, store_result, &result);
    WAIT_RESULT (result);
    g_assert_true (cvn_client_refresh_chats_finish (client, result, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (chats), ==, 4);
    g_assert_cmpuint (seen.changes, ==, changes);
  }

  g_signal_handlers_disconnect_by_func (chats, on_items_changed, &seen);
}

typedef struct
{
  GListModel *chats;
  gint64      channel_id;
  gboolean    present;
  gint64      old_call_id;
} PresenceWait;

static gboolean
presence_reached (gpointer user_data)
{
  PresenceWait *wait = user_data;
  CvnChat *chat = cvn_chat_list_lookup (CVN_CHAT_LIST (wait->chats), CVN_PEER_TYPE_CHANNEL, wait->channel_id);

  if (!wait->present)
    return chat == NULL;
  return chat != NULL && cvn_chat_get_group_call (chat) != NULL &&
         cvn_chat_get_call_state (chat) == CVN_GROUP_CALL_STATE_LIVE &&
         cvn_group_call_get_id (cvn_chat_get_group_call (chat)) != wait->old_call_id;
}

static gboolean
peer_known (gpointer user_data)
{
  CvnClient *client = user_data;
  CvnPeer peer = { CVN_PEER_TYPE_CHANNEL, BIG_STAGE };
  const CvnPeerEntry *entry = _cvn_peer_cache_lookup (_cvn_client_get_peer_cache (client), &peer);

  return entry != NULL && entry->has_access_hash;
}

static void
test_calls_come_and_go (Fixture       *f,
                        gconstpointer  data)
{
  CvnClient *ada = make_client (f, NULL);
  CvnClient *brian = make_client (f, NULL);
  GListModel *chats = cvn_client_get_chats (ada);
  CvnPeer stage_peer = { CVN_PEER_TYPE_CHANNEL, BIG_STAGE };
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) discarded = NULL;
  g_autoptr(CvnMtprotoResult) created = NULL;
  CvnGroupCall *old_call;
  CvnChat *stage;
  PresenceWait wait = { chats, BIG_STAGE, FALSE, 0 };

  login (ada, ADA_PHONE);
  login (brian, BRIAN_PHONE);
  wait_list (chats, 4);
  cvn_test_assert_wait (NULL, peer_known, brian, WAIT_MS);

  stage = cvn_chat_list_lookup (CVN_CHAT_LIST (chats), CVN_PEER_TYPE_CHANNEL, BIG_STAGE);
  old_call = cvn_chat_get_group_call (stage);
  g_assert_nonnull (old_call);
  wait.old_call_id = cvn_group_call_get_id (old_call);

  /* Brian ends Big Stage's livestream: it leaves Ada's list */
  discarded = invoke_json (brian, &error, "{\"_\":\"phone.discardGroupCall\",\"call\":{\"_\":\"inputGroupCall\","
                                          "\"id\":\"%" G_GINT64_FORMAT "\",\"access_hash\":\"%" G_GINT64_FORMAT "\"}}",
                           cvn_group_call_get_id (old_call), cvn_group_call_get_access_hash (old_call));
  g_assert_no_error (error);
  cvn_test_assert_wait (NULL, presence_reached, &wait, WAIT_MS);
  g_assert_cmpuint (g_list_model_get_n_items (chats), ==, 3);
  g_assert_false (cvn_chat_get_has_call (stage));
  g_assert_null (cvn_chat_get_group_call (stage));

  /* and starts a new one: it comes back, live, with the new call */
  {
    const CvnPeerEntry *entry = _cvn_peer_cache_lookup (_cvn_client_get_peer_cache (brian), &stage_peer);

    created = invoke_json (brian, &error, "{\"_\":\"phone.createGroupCall\",\"peer\":{\"_\":\"inputPeerChannel\","
                                          "\"channel_id\":\"%d\",\"access_hash\":\"%" G_GINT64_FORMAT "\"},"
                                          "\"random_id\":4242,\"title\":\"Encore\"}",
                           BIG_STAGE, entry->access_hash);
    g_assert_no_error (error);
  }
  wait.present = TRUE;
  cvn_test_assert_wait (NULL, presence_reached, &wait, WAIT_MS);
  wait_list (chats, 4);
  g_assert_cmpstr (cvn_group_call_get_title (cvn_chat_get_group_call (stage)), ==, "Encore");
  g_assert_true (cvn_chat_get_has_call (stage));
}

/* --- links --------------------------------------------------------------------------------- */

static CvnGroupCall *
resolve_link (CvnClient  *client,
              const char *text,
              CvnChat   **chat,
              GError    **error)
{
  g_autoptr(CvnCallLink) link = cvn_call_link_parse (text, error);
  g_autoptr(GAsyncResult) result = NULL;

  if (link == NULL)
    return NULL;
  cvn_client_resolve_link_async (client, link, NULL, store_result, &result);
  WAIT_RESULT (result);
  return cvn_client_resolve_link_finish (client, result, chat, error);
}

static CvnChat *
resolve_username (CvnClient  *client,
                  const char *name,
                  GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cvn_client_resolve_username_async (client, name, NULL, store_result, &result);
  WAIT_RESULT (result);
  return cvn_client_resolve_username_finish (client, result, error);
}

static gboolean
call_live (gpointer user_data)
{
  return cvn_group_call_get_state (CVN_GROUP_CALL (user_data)) == CVN_GROUP_CALL_STATE_LIVE;
}

static void
test_links (Fixture       *f,
            gconstpointer  data)
{
  CvnClient *client = make_client (f, NULL);
  GListModel *chats = cvn_client_get_chats (client);
  g_autoptr(GError) error = NULL;

  /* before the login: refused without asking */
  {
    g_autoptr(CvnChat) chat = resolve_username (client, "convene_lounge", &error);

    g_assert_null (chat);
    g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_NOT_LOGGED_IN);
    g_clear_error (&error);
  }

  login (client, ADA_PHONE);
  wait_list (chats, 4);

  /* a video chat link gives the chat and the very call object of the list */
  {
    g_autoptr(CvnChat) chat = NULL;
    g_autoptr(CvnGroupCall) call = resolve_link (client, "https://t.me/convene_lounge?videochat", &chat, &error);
    CvnChat *listed = cvn_chat_list_lookup (CVN_CHAT_LIST (chats), CVN_PEER_TYPE_CHANNEL, LOUNGE);

    g_assert_no_error (error);
    g_assert_nonnull (call);
    g_assert_true (chat == listed);
    g_assert_true (call == cvn_chat_get_group_call (listed));
  }
  {
    g_autoptr(CvnChat) chat = NULL;
    g_autoptr(CvnGroupCall) call = resolve_link (client, "tg://resolve?domain=big_stage&livestream", &chat, &error);

    g_assert_no_error (error);
    g_assert_nonnull (chat);
    g_assert_cmpint (cvn_chat_get_id (chat), ==, BIG_STAGE);
    g_assert_nonnull (call);
    g_assert_cmpint (cvn_group_call_get_kind (call), ==, CVN_GROUP_CALL_KIND_LIVESTREAM);
  }

  /* a conference by slug: a call without a chat */
  {
    g_autoptr(CvnChat) chat = NULL;
    g_autoptr(CvnGroupCall) call = resolve_link (client, "https://t.me/call/convene-demo", &chat, &error);

    g_assert_no_error (error);
    g_assert_null (chat);
    g_assert_nonnull (call);
    cvn_test_assert_wait (NULL, call_live, call, WAIT_MS);
    g_assert_true (cvn_group_call_get_conference (call));
    g_assert_cmpint (cvn_group_call_get_kind (call), ==, CVN_GROUP_CALL_KIND_CONFERENCE);
  }
  {
    g_autoptr(CvnChat) chat = NULL;
    g_autoptr(CvnGroupCall) call = resolve_link (client, "tg://call?slug=no-such-call", &chat, &error);

    g_assert_null (call);
    g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }

  /* unknown names, people, and malformed links are errors, never a guess */
  {
    g_autoptr(CvnChat) chat = NULL;
    g_autoptr(CvnGroupCall) call = resolve_link (client, "https://t.me/nobody_here_at_all?videochat", &chat, &error);

    g_assert_null (call);
    g_assert_null (chat);
    g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
  {
    g_autoptr(CvnGroupCall) call = resolve_link (client, "https://t.me/brian_second?videochat", NULL, &error);

    g_assert_null (call);
    g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, "brian_second"));
    g_clear_error (&error);
  }
  {
    const char *malformed[] = { "https://t.me/", "tg://call?slug=", "https://t.me/call/", "tg://resolve?videochat",
                                "https://example.com/convene_lounge?videochat", "t.me/convene_lounge?videochat=%%",
                                "convene_lounge" };

    for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
      {
        g_autoptr(GError) parse_error = NULL;
        g_autoptr(CvnGroupCall) call = resolve_link (client, malformed[i], NULL, &parse_error);

        g_test_message ("%s", malformed[i]);
        g_assert_null (call);
        g_assert_error (parse_error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_INVALID_LINK);
      }
  }

  /* usernames */
  {
    g_autoptr(CvnChat) radio = resolve_username (client, "@convene_radio", &error);
    g_autoptr(CvnChat) bad = NULL;

    g_assert_no_error (error);
    g_assert_cmpint (cvn_chat_get_id (radio), ==, RADIO);
    g_assert_true (radio == cvn_chat_list_lookup (CVN_CHAT_LIST (chats), CVN_PEER_TYPE_CHANNEL, RADIO));
    bad = resolve_username (client, "not a name!", &error);
    g_assert_null (bad);
    g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_INVALID_LINK);
    g_clear_error (&error);
  }
}

/* --- the list alone, with calls fed by hand ---------------------------------------------------- */

typedef struct
{
  guint position, removed, added;
} Change;

static void
record_change (GListModel *model,
               guint       position,
               guint       removed,
               guint       added,
               GArray     *changes)
{
  Change change = { position, removed, added };

  g_array_append_val (changes, change);
}

static CvnChat *
make_chat (gint64      id,
           const char *title)
{
  CvnPeer peer = { CVN_PEER_TYPE_CHANNEL, id };
  CvnPeerEntry entry = { 0 };
  CvnChat *chat = _cvn_chat_new (&peer);

  entry.peer = peer;
  entry.title = (char *) title;
  entry.has_access_hash = TRUE;
  entry.call_active = TRUE;
  _cvn_chat_update_from_entry (chat, &entry);
  return chat;
}

static void
feed_call (CvnGroupCall *call,
           gint64        id,
           gint32        version,
           int           participants,
           int           schedule_date,
           gboolean      discarded)
{
  CvnGroupCallInfo info = { 0 };

  info.id = id;
  info.access_hash = id * 3;
  info.version = version;
  info.participants_count = participants;
  info.unmuted_video_limit = 30;
  info.discarded = discarded;
  if (schedule_date != 0)
    {
      info.flags |= CVN_GROUP_CALL_FLAG_HAS_SCHEDULE_DATE;
      info.schedule_date = schedule_date;
    }
  _cvn_group_call_handle_update_group_call (call, &info);
}

static const char *
title_at (GListModel *model,
          guint       position)
{
  return cvn_chat_get_title (chat_at (model, position));
}

static void
test_order_and_changes (void)
{
  g_autoptr(CvnClock) clock = cvn_clock_new_fake ();
  g_autoptr(CvnChatList) list = _cvn_chat_list_new ();
  GListModel *model = G_LIST_MODEL (list);
  g_autoptr(GArray) changes = g_array_new (FALSE, FALSE, sizeof (Change));
  g_autoptr(CvnChat) a = make_chat (1, "Alpha");
  g_autoptr(CvnChat) b = make_chat (2, "Bravo");
  g_autoptr(CvnChat) c = make_chat (3, "Charlie");
  g_autoptr(CvnChat) d = make_chat (4, "Delta");
  g_autoptr(CvnGroupCall) ca = cvn_group_call_new (clock);
  g_autoptr(CvnGroupCall) cb = cvn_group_call_new (clock);
  g_autoptr(CvnGroupCall) cc = cvn_group_call_new (clock);
  Change *last;

  g_signal_connect (list, "items-changed", G_CALLBACK (record_change), changes);
  feed_call (ca, 11, 1, 5, 0, FALSE);
  feed_call (cb, 12, 1, 3, 0, FALSE);
  feed_call (cc, 13, 1, 0, 1700003600, FALSE);
  _cvn_chat_set_group_call (a, ca);
  _cvn_chat_set_group_call (b, cb);
  _cvn_chat_set_group_call (c, cc);
  /* d: call_active, call not fetched yet */
  _cvn_chat_list_track (list, c);
  _cvn_chat_list_track (list, b);
  _cvn_chat_list_track (list, a);
  _cvn_chat_list_track (list, d);
  _cvn_chat_list_track (list, d);   /* twice is once */

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 4);
  g_assert_cmpstr (title_at (model, 0), ==, "Alpha");     /* live, 5 */
  g_assert_cmpstr (title_at (model, 1), ==, "Bravo");     /* live, 3 */
  g_assert_cmpstr (title_at (model, 2), ==, "Delta");     /* not fetched yet */
  g_assert_cmpstr (title_at (model, 3), ==, "Charlie");   /* scheduled */
  g_assert_cmpuint (changes->len, ==, 4);
  for (guint i = 0; i < changes->len; i++)
    {
      g_assert_cmpuint (g_array_index (changes, Change, i).removed, ==, 0);
      g_assert_cmpuint (g_array_index (changes, Change, i).added, ==, 1);
    }
  g_assert_null (g_list_model_get_item (model, 4));

  /* Bravo grows past Alpha: one range over the two places */
  g_array_set_size (changes, 0);
  feed_call (cb, 12, 2, 9, 0, FALSE);
  g_assert_cmpuint (changes->len, ==, 1);
  last = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (last->position, ==, 0);
  g_assert_cmpuint (last->removed, ==, 2);
  g_assert_cmpuint (last->added, ==, 2);
  g_assert_cmpstr (title_at (model, 0), ==, "Bravo");
  g_assert_cmpstr (title_at (model, 1), ==, "Alpha");

  /* a change that keeps the order changes nothing */
  g_array_set_size (changes, 0);
  feed_call (ca, 11, 2, 6, 0, FALSE);
  g_assert_cmpuint (changes->len, ==, 0);

  /* the scheduled call starts: live, between Bravo (9) and Alpha (6) */
  feed_call (cc, 13, 2, 7, 0, FALSE);
  g_assert_cmpstr (title_at (model, 1), ==, "Charlie");
  g_assert_cmpint (cvn_chat_get_call_state (c), ==, CVN_GROUP_CALL_STATE_LIVE);

  /* Bravo's call ends: it leaves, alone */
  g_array_set_size (changes, 0);
  feed_call (cb, 12, 3, 0, 0, TRUE);
  g_assert_false (cvn_chat_get_has_call (b));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  g_assert_cmpuint (changes->len, ==, 1);
  last = &g_array_index (changes, Change, 0);
  g_assert_cmpuint (last->position, ==, 0);
  g_assert_cmpuint (last->removed, ==, 1);
  g_assert_cmpuint (last->added, ==, 0);
  g_assert_null (cvn_chat_list_lookup (list, CVN_PEER_TYPE_CHANNEL, 2));
  g_assert_true (cvn_chat_list_lookup (list, CVN_PEER_TYPE_CHANNEL, 3) == c);

  /* forgetting the call object, then a new one */
  _cvn_chat_set_group_call (b, NULL);
  g_assert_null (cvn_chat_get_group_call (b));
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);

  _cvn_chat_list_clear (list);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  /* cleared chats are not followed any more */
  feed_call (ca, 11, 3, 50, 0, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);
  g_signal_handlers_disconnect_by_func (list, record_change, changes);
}

/* --- the peer cache ------------------------------------------------------------------------------ */

static CvnTlObject *
tl_channel (CvnTlArena *arena,
            gint64      id,
            gint64      access_hash,
            gboolean    min,
            const char *title)
{
  CvnTlApiChannel *channel = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_CHANNEL_CTOR);

  channel->id = id;
  channel->access_hash = access_hash;
  channel->flags = CVN_TL_API_CHANNEL_ACCESS_HASH_FLAG;
  channel->min = min;
  channel->megagroup = TRUE;
  cvn_tl_string_set (arena, &channel->title, title);
  return &channel->parent;
}

static void
count_changes (CvnPeerCache *cache,
               CvnPeerType   type,
               gint64        id,
               guint        *n)
{
  (*n)++;
}

static void
test_peer_cache (void)
{
  g_autoptr(CvnPeerCache) cache = _cvn_peer_cache_new ();
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  CvnPeer channel = { CVN_PEER_TYPE_CHANNEL, 77 };
  CvnPeer other = { CVN_PEER_TYPE_CHANNEL, 78 };
  CvnPeer group = { CVN_PEER_TYPE_CHAT, 5 };
  CvnPeer me = { CVN_PEER_TYPE_USER, 9 };
  const CvnPeerEntry *entry;
  CvnTlApiUpdates *updates;
  CvnTlApiUser *user;
  CvnTlApiChat *chat;
  CvnTlObject *input;
  guint n_changes = 0;

  g_signal_connect (cache, "peer-changed", G_CALLBACK (count_changes), &n_changes);

  /* users and chats of an Updates, whatever else it holds */
  updates = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_UPDATES_CTOR);
  updates->users = cvn_tl_vector_new (arena, CVN_TL_KIND_OBJECT, 2);
  updates->chats = cvn_tl_vector_new (arena, CVN_TL_KIND_OBJECT, 4);
  user = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_USER_CTOR);
  user->id = 9;
  user->self = TRUE;
  user->flags = CVN_TL_API_USER_ACCESS_HASH_FLAG;
  user->access_hash = 99;
  cvn_tl_string_set (arena, &user->first_name, "Me");
  updates->users->objects[0] = &user->parent;
  updates->users->objects[1] = cvn_tl_object_new (arena, CVN_TL_API_USER_EMPTY_CTOR);
  updates->chats->objects[0] = tl_channel (arena, 77, 1234, FALSE, "Full");
  updates->chats->objects[1] = tl_channel (arena, 78, 5678, TRUE, "Seen through a message");
  chat = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_CHAT_CTOR);
  chat->id = 5;
  chat->call_active = TRUE;
  cvn_tl_string_set (arena, &chat->title, "Group");
  updates->chats->objects[2] = &chat->parent;
  updates->chats->objects[3] = NULL;   /* never trusted to be there */
  updates->updates = cvn_tl_vector_new (arena, CVN_TL_KIND_OBJECT, 0);
  g_assert_cmpuint (_cvn_peer_cache_add_from (cache, &updates->parent), ==, 4);
  g_assert_cmpuint (n_changes, ==, 4);
  g_assert_cmpuint (_cvn_peer_cache_get_n_peers (cache), ==, 4);
  /* the same again changes nothing */
  g_assert_cmpuint (_cvn_peer_cache_add_from (cache, &updates->parent), ==, 0);
  g_assert_cmpuint (n_changes, ==, 4);

  entry = _cvn_peer_cache_lookup (cache, &channel);
  g_assert_true (entry->has_access_hash);
  g_assert_cmpint (entry->access_hash, ==, 1234);
  g_assert_cmpstr (entry->title, ==, "Full");
  g_assert_true (entry->megagroup);

  /* a min channel's access hash is not ours: no input peer from it ... */
  entry = _cvn_peer_cache_lookup (cache, &other);
  g_assert_false (entry->has_access_hash);
  g_assert_true (entry->min);
  input = _cvn_peer_cache_make_input_peer (cache, &other, arena, &error);
  g_assert_null (input);
  g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  /* ... and it never replaces a full one */
  _cvn_peer_cache_add_chat (cache, tl_channel (arena, 77, 4321, TRUE, "Full"));
  g_assert_cmpint (_cvn_peer_cache_lookup (cache, &channel)->access_hash, ==, 1234);

  input = _cvn_peer_cache_make_input_peer (cache, &channel, arena, &error);
  g_assert_no_error (error);
  g_assert_cmphex (input->ctor->id, ==, CVN_TL_API_INPUT_PEER_CHANNEL_ID);
  g_assert_cmpint (((CvnTlApiInputPeerChannel *) input)->access_hash, ==, 1234);
  input = _cvn_peer_cache_make_input_channel (cache, 77, arena, &error);
  g_assert_cmphex (input->ctor->id, ==, CVN_TL_API_INPUT_CHANNEL_ID);
  input = _cvn_peer_cache_make_input_peer (cache, &group, arena, &error);
  g_assert_cmphex (input->ctor->id, ==, CVN_TL_API_INPUT_PEER_CHAT_ID);
  g_assert_true (_cvn_peer_cache_lookup (cache, &group)->call_active);
  input = _cvn_peer_cache_make_input_peer (cache, &me, arena, &error);
  g_assert_cmphex (input->ctor->id, ==, CVN_TL_API_INPUT_PEER_SELF_ID);
  input = _cvn_peer_cache_make_input_user (cache, 9, arena, &error);
  g_assert_cmphex (input->ctor->id, ==, CVN_TL_API_INPUT_USER_SELF_ID);
  g_assert_no_error (error);
  g_assert_null (_cvn_peer_cache_make_input_user (cache, 10, arena, &error));
  g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Peer objects */
  {
    CvnTlApiPeerChannel *tl_peer = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_PEER_CHANNEL_CTOR);
    CvnPeer peer;

    tl_peer->channel_id = 77;
    g_assert_true (_cvn_peer_cache_peer_from_tl (&tl_peer->parent, &peer));
    g_assert_true (_cvn_peer_equal (&peer, &channel));
    g_assert_false (_cvn_peer_cache_peer_from_tl (NULL, &peer));
    g_assert_false (_cvn_peer_cache_peer_from_tl (&user->parent, &peer));
  }

  _cvn_peer_cache_clear (cache);
  g_assert_cmpuint (_cvn_peer_cache_get_n_peers (cache), ==, 0);
  g_signal_handlers_disconnect_by_func (cache, count_changes, &n_changes);
}

/* --- odd updates ---------------------------------------------------------------------------------- */

static void
test_odd_updates (Fixture       *f,
                  gconstpointer  data)
{
  CvnClient *client = make_client (f, NULL);
  GListModel *chats = cvn_client_get_chats (client);
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiUpdates *updates;
  CvnTlApiUpdateGroupCall *group_call;
  CvnTlApiUpdateNewChannelMessage *new_message;
  CvnTlApiMessageService *service;
  CvnTlApiMessageActionGroupCall *action;
  CvnTlApiUpdateChannel *update_channel;
  CvnTlApiPeerUser *user_peer;
  CvnTlApiUpdateShort *short_update;
  CvnChat *lounge;
  CvnGroupCall *call;

  login (client, ADA_PHONE);
  wait_list (chats, 4);
  lounge = cvn_chat_list_lookup (CVN_CHAT_LIST (chats), CVN_PEER_TYPE_CHANNEL, LOUNGE);
  call = cvn_chat_get_group_call (lounge);

  updates = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_UPDATES_CTOR);
  updates->users = cvn_tl_vector_new (arena, CVN_TL_KIND_OBJECT, 0);
  updates->chats = cvn_tl_vector_new (arena, CVN_TL_KIND_OBJECT, 0);
  updates->updates = cvn_tl_vector_new (arena, CVN_TL_KIND_OBJECT, 7);
  /* a call update for a user, and one without a call */
  group_call = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_UPDATE_GROUP_CALL_CTOR);
  user_peer = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_PEER_USER_CTOR);
  user_peer->user_id = BRIAN;
  group_call->peer = &user_peer->parent;
  group_call->call = cvn_tl_object_new (arena, CVN_TL_API_INPUT_GROUP_CALL_CTOR);
  updates->updates->objects[0] = &group_call->parent;
  group_call = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_UPDATE_GROUP_CALL_CTOR);
  group_call->peer = &user_peer->parent;
  updates->updates->objects[1] = &group_call->parent;
  /* a service message without a call, one with a user peer, one with no message at all */
  new_message = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_UPDATE_NEW_CHANNEL_MESSAGE_CTOR);
  service = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_MESSAGE_SERVICE_CTOR);
  action = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_MESSAGE_ACTION_GROUP_CALL_CTOR);
  service->action = &action->parent;
  {
    CvnTlApiPeerChannel *channel_peer = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_PEER_CHANNEL_CTOR);

    channel_peer->channel_id = LOUNGE;
    service->peer_id = &channel_peer->parent;
  }
  new_message->message = &service->parent;
  updates->updates->objects[2] = &new_message->parent;
  new_message = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_UPDATE_NEW_CHANNEL_MESSAGE_CTOR);
  updates->updates->objects[3] = &new_message->parent;
  /* a channel nobody knows, and a hole */
  update_channel = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_UPDATE_CHANNEL_CTOR);
  update_channel->channel_id = 424242;
  updates->updates->objects[4] = &update_channel->parent;
  updates->updates->objects[5] = NULL;
  updates->updates->objects[6] = cvn_tl_object_new (arena, CVN_TL_API_UPDATE_LOGIN_TOKEN_CTOR);
  _cvn_client_handle_updates (client, &updates->parent);

  short_update = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_UPDATE_SHORT_CTOR);
  _cvn_client_handle_updates (client, &short_update->parent);   /* no update inside */
  _cvn_client_handle_updates (client, cvn_tl_object_new (arena, CVN_TL_API_UPDATES_TOO_LONG_CTOR));
  _cvn_client_handle_updates (client, cvn_tl_object_new (arena, CVN_TL_API_BOOL_TRUE_CTOR));

  /* nothing changed that should not have */
  wait_list (chats, 4);
  g_assert_true (cvn_chat_list_lookup (CVN_CHAT_LIST (chats), CVN_PEER_TYPE_CHANNEL, LOUNGE) == lounge);
  g_assert_true (cvn_chat_get_group_call (lounge) == call);
  g_assert_cmpint (cvn_account_get_state (cvn_client_get_account (client)), ==, CVN_ACCOUNT_STATE_LOGGED_IN);
  {
    CvnPeer brian = { CVN_PEER_TYPE_USER, BRIAN };
    g_assert_null (_cvn_client_lookup_chat (client, &brian));
  }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  test_init_server_key ();

  g_test_add_func ("/model/chat-list/order-and-changes", test_order_and_changes);
  g_test_add_func ("/model/peer-cache/min-and-input", test_peer_cache);
  g_test_add ("/model/chat-list/after-login", Fixture, NULL, fixture_setup, test_after_login, fixture_teardown);
  g_test_add ("/model/chat-list/calls-come-and-go", Fixture, NULL, fixture_setup, test_calls_come_and_go,
              fixture_teardown);
  g_test_add ("/model/chat-list/odd-updates", Fixture, NULL, fixture_setup, test_odd_updates, fixture_teardown);
  g_test_add ("/model/chat-list/links", Fixture, NULL, fixture_setup, test_links, fixture_teardown);

  status = g_test_run ();
  cvn_mtproto_key_store_disconnect_service ();
  g_clear_pointer (&test_server_key, cvn_rsa_key_free);
  return status;
}
