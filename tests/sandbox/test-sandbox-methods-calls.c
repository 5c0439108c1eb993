/* test-sandbox-methods-calls.c: every group-call method of the sandbox through the
 * project's own MTProto client over loopback, with its success path and its documented
 * errors; the seeds' pagination example verbatim; scheduling bounds; version sequencing and
 * fan-out to several sessions of different and of the same accounts; streams, live stories,
 * conferences with their chain blocks, and in-call messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sandbox-test-client.h"

#include <string.h>

#define JOIN "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":%s,\"params\":%s}"
#define JOIN_MUTED "{\"_\":\"phone.joinGroupCall\",\"muted\":true,\"video_stopped\":true,\"call\":%s," \
                   "\"join_as\":%s,\"params\":%s}"
#define SELF "{\"_\":\"inputPeerSelf\"}"
#define GET_CALL "{\"_\":\"phone.getGroupCall\",\"call\":%s,\"limit\":%d}"

static const char *
user_peer (SbxFixture *f,
           gint64      user_id)
{
  CvnSandboxUser *user = cvn_sandbox_world_get_user (f->world, user_id);
  char *s = g_strdup_printf ("{\"_\":\"inputPeerUser\",\"user_id\":\"%" G_GINT64_FORMAT "\","
                             "\"access_hash\":\"%" G_GINT64_FORMAT "\"}", user->id, user->access_hash);

  g_ptr_array_add (f->strings, s);
  return s;
}

/* The updates of one call in what @c was pushed since the last clear (updateGroupCall or
 * updateGroupCallParticipants). */
static GPtrArray *
call_updates (SbxClient *c,
              gint64     call_id)
{
  g_autoptr(GPtrArray) all = sbx_pushed (c, NULL);
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < all->len; i++)
    {
      JsonNode *u = all->pdata[i];
      const char *type = jtype (u, NULL);

      if ((g_strcmp0 (type, "updateGroupCall") == 0 || g_strcmp0 (type, "updateGroupCallParticipants") == 0) &&
          jint (u, "call.id") == call_id)
        g_ptr_array_add (out, u);
    }
  return out;
}

static gint64
update_version (JsonNode *u)
{
  return g_strcmp0 (jtype (u, NULL), "updateGroupCall") == 0 ? jint (u, "call.version") : jint (u, "version");
}

/* Each observer got exactly one update for the call since the last check, of @type, with
 * @version; returns the last observer's copy.  Clears what they were pushed. */
static JsonNode *
expect_copies (SbxFixture  *f,
               SbxClient  **observers,
               gint64       call_id,
               const char  *type,
               gint64       version,
               JsonNode   **copies)
{
  JsonNode *last = NULL;

  for (guint i = 0; observers[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) updates = NULL;

      sbx_sync (f, observers[i]);
      updates = call_updates (observers[i], call_id);
      if (updates->len != 1)
        g_error ("observer %u (user %" G_GINT64_FORMAT "): %u updates for the call, expected one %s v%" G_GINT64_FORMAT,
                 i, observers[i]->user_id, updates->len, type, version);
      g_assert_cmpstr (jtype (updates->pdata[0], NULL), ==, type);
      g_assert_cmpint (update_version (updates->pdata[0]), ==, version);
      last = updates->pdata[0];
      json_node_ref (last);
      g_ptr_array_add (f->garbage, last);
      if (copies != NULL)
        copies[i] = last;
      sbx_clear_pushed (observers[i]);
    }
  return last;
}

static JsonNode *
expect_one (SbxFixture  *f,
            SbxClient  **observers,
            gint64       call_id,
            const char  *type,
            gint64       version)
{
  return expect_copies (f, observers, call_id, type, version, NULL);
}

static JsonNode *
participant_of (JsonNode *participants_update,
                gint64    peer_id)
{
  for (guint i = 0; i < jlen (participants_update, "participants"); i++)
    {
      JsonNode *p = jget (participants_update, "participants");

      p = json_array_get_element (json_node_get_array (p), i);
      if (jint (p, g_strcmp0 (jtype (p, "peer"), "peerUser") == 0 ? "peer.user_id" : "peer.channel_id") == peer_id)
        return p;
    }
  return NULL;
}

/* --- InputGroupCall forms ----------------------------------------------------------------------- */

static void
test_input_call_forms (SbxFixture    *f,
                       gconstpointer  data)
{
  SbxClient *ada = sbx_login (f, "9996610001");
  CvnSandboxCall *lounge = sbx_call_of (f, LOUNGE);
  JsonNode *r;

  r = sbx_ok (f, ada, GET_CALL, sbx_input_call (f, lounge), 5);
  g_assert_cmpstr (jtype (r, NULL), ==, "phone.groupCall");
  g_assert_cmpint (jint (r, "call.id"), ==, lounge->id);
  g_assert_cmpint (jint (r, "call.participants_count"), ==, 8);
  sbx_fails (f, ada, 400, "GROUPCALL_INVALID",
             "{\"_\":\"phone.getGroupCall\",\"call\":{\"_\":\"inputGroupCall\",\"id\":\"%" G_GINT64_FORMAT "\","
             "\"access_hash\":\"%" G_GINT64_FORMAT "\"},\"limit\":5}", lounge->id, lounge->access_hash + 1);
  sbx_fails (f, ada, 400, "GROUPCALL_INVALID",
             "{\"_\":\"phone.getGroupCall\",\"call\":{\"_\":\"inputGroupCall\",\"id\":\"1\",\"access_hash\":\"1\"},\"limit\":5}");
  r = sbx_ok (f, ada, "{\"_\":\"phone.getGroupCall\",\"call\":{\"_\":\"inputGroupCallSlug\",\"slug\":\"convene-demo\"},"
                      "\"limit\":5}");
  g_assert_true (jbool (r, "call.conference"));
  g_assert_cmpstr (jstr (r, "call.invite_link"), ==, "https://t.me/call/convene-demo");
  g_assert_cmpint (jint (r, "call.participants_count"), ==, 2);
  sbx_fails (f, ada, 400, "GROUPCALL_INVALID",
             "{\"_\":\"phone.getGroupCall\",\"call\":{\"_\":\"inputGroupCallSlug\",\"slug\":\"no-such-call\"},\"limit\":5}");
  sbx_fails (f, ada, 400, "GROUPCALL_INVALID",
             "{\"_\":\"phone.getGroupCall\",\"call\":{\"_\":\"inputGroupCallInviteMessage\",\"msg_id\":77},\"limit\":5}");
  /* the invite message form after a real invitation: see test_conference */
}

/* --- pagination ------------------------------------------------------------------------------- */

static void
test_pagination (SbxFixture    *f,
                 gconstpointer  data)
{
  SbxClient *ada = sbx_login (f, "9996610001");
  CvnSandboxCall *call, *stage = sbx_call_of (f, BIG_STAGE);
  g_autoptr(GError) error = NULL;
  gint64 ids[5];
  JsonNode *r, *p;
  const char *input, *offset;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *next = NULL;
  guint pages = 0;

  /* a call with exactly five members A..E, in join order */
  r = sbx_ok (f, ada, "{\"_\":\"phone.createGroupCall\",\"peer\":%s,\"random_id\":11}", sbx_channel_peer (f, BOOK_CLUB));
  call = cvn_sandbox_world_get_call (f->world, jint (sbx_update (r, "updateGroupCall"), "call.id"));
  for (guint i = 0; i < 5; i++)
    {
      g_assert_true (cvn_sandbox_world_sim_join (f->world, call->id, 0, FALSE, &error));
      g_assert_no_error (error);
      ids[i] = ((CvnSandboxParticipant *) g_ptr_array_index (call->participants, i))->peer.id;
    }
  input = sbx_input_call (f, call);

  /* the seeds: limit=1 returns A, B, C; the offset passed to getGroupParticipants with
   * limit=10 returns B, C, D, E */
  r = sbx_ok (f, ada, GET_CALL, input, 1);
  g_assert_cmpint (jint (r, "call.participants_count"), ==, 5);
  g_assert_cmpuint (jlen (r, "participants"), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *path = g_strdup_printf ("participants.%u.peer.user_id", i);

      g_assert_cmpint (jint (r, path), ==, ids[i]);
    }
  offset = jstr (r, "participants_next_offset");
  g_assert_nonnull (offset);
  g_assert_cmpstr (offset, !=, "");
  r = sbx_ok (f, ada, "{\"_\":\"phone.getGroupParticipants\",\"call\":%s,\"ids\":[],\"sources\":[],"
                      "\"offset\":\"%s\",\"limit\":10}", input, offset);
  g_assert_cmpint (jint (r, "count"), ==, 5);
  g_assert_cmpuint (jlen (r, "participants"), ==, 4);
  for (guint i = 0; i < 4; i++)
    {
      g_autofree char *path = g_strdup_printf ("participants.%u.peer.user_id", i);

      g_assert_cmpint (jint (r, path), ==, ids[i + 1]);
    }
  g_assert_cmpstr (jstr (r, "next_offset"), ==, "");
  g_assert_cmpint (jint (r, "version"), ==, call->version);

  /* limit 3: A, B, C, and the offset of C gives D, E; limit 10: all five, then nothing */
  r = sbx_ok (f, ada, GET_CALL, input, 3);
  g_assert_cmpuint (jlen (r, "participants"), ==, 3);
  r = sbx_ok (f, ada, "{\"_\":\"phone.getGroupParticipants\",\"call\":%s,\"ids\":[],\"sources\":[],"
                      "\"offset\":\"%s\",\"limit\":10}", input, jstr (r, "participants_next_offset"));
  g_assert_cmpuint (jlen (r, "participants"), ==, 2);
  g_assert_cmpint (jint (r, "participants.0.peer.user_id"), ==, ids[3]);
  r = sbx_ok (f, ada, GET_CALL, input, 10);
  g_assert_cmpuint (jlen (r, "participants"), ==, 5);
  r = sbx_ok (f, ada, "{\"_\":\"phone.getGroupParticipants\",\"call\":%s,\"ids\":[],\"sources\":[],"
                      "\"offset\":\"%s\",\"limit\":10}", input, jstr (r, "participants_next_offset"));
  g_assert_cmpuint (jlen (r, "participants"), ==, 0);
  g_assert_cmpstr (jstr (r, "next_offset"), ==, "");
  /* getGroupParticipants' limit is a real limit; the first page starts at A */
  r = sbx_ok (f, ada, "{\"_\":\"phone.getGroupParticipants\",\"call\":%s,\"ids\":[],\"sources\":[],"
                      "\"offset\":\"\",\"limit\":2}", input);
  g_assert_cmpuint (jlen (r, "participants"), ==, 2);
  g_assert_cmpint (jint (r, "participants.0.peer.user_id"), ==, ids[0]);
  g_assert_cmpstr (jstr (r, "next_offset"), !=, "");

  /* by ids and by sources */
  p = NULL;
  r = sbx_ok (f, ada, "{\"_\":\"phone.getGroupParticipants\",\"call\":%s,\"ids\":[%s],\"sources\":[%u],"
                      "\"offset\":\"\",\"limit\":10}", input, user_peer (f, ids[1]),
              ((CvnSandboxParticipant *) g_ptr_array_index (call->participants, 3))->source);
  g_assert_cmpuint (jlen (r, "participants"), ==, 2);
  p = jget (r, "participants.0");
  g_assert_cmpint (jint (p, "peer.user_id"), ==, ids[1]);
  g_assert_cmpint (jint (r, "participants.1.peer.user_id"), ==, ids[3]);

  /* at scale: the Big Stage's listeners, page by page, each once, until an empty offset */
  next = g_strdup ("");
  do
    {
      r = sbx_ok (f, ada, "{\"_\":\"phone.getGroupParticipants\",\"call\":%s,\"ids\":[],\"sources\":[],"
                          "\"offset\":\"%s\",\"limit\":500}", sbx_input_call (f, stage), next);
      g_assert_cmpint (jint (r, "count"), ==, stage->participants->len);
      g_assert_cmpuint (jlen (r, "participants"), <=, 500);
      g_assert_cmpuint (jlen (r, "users"), >, 0);
      for (guint i = 0; i < jlen (r, "participants"); i++)
        {
          JsonNode *e = json_array_get_element (json_node_get_array (jget (r, "participants")), i);
          g_autofree char *key = json_to_string (jget (e, "peer"), FALSE);

          g_assert_false (g_hash_table_contains (seen, key));
          g_hash_table_add (seen, g_steal_pointer (&key));
        }
      g_free (next);
      next = g_strdup (jstr (r, "next_offset"));
      pages++;
      g_assert_cmpuint (pages, <, 20);
    }
  while (next[0] != '\0');
  g_assert_cmpuint (g_hash_table_size (seen), ==, stage->participants->len);
  g_assert_cmpuint (g_hash_table_size (seen), >=, 5000);
  r = sbx_ok (f, ada, GET_CALL, sbx_input_call (f, stage), 0);
  g_assert_cmpint (jint (r, "call.participants_count"), ==, stage->participants->len);
  g_assert_cmpuint (jlen (r, "participants"), >, 0);
  g_assert_cmpuint (jlen (r, "participants"), <, 500);
}

/* --- creating, scheduling, starting, discarding --------------------------------------------------- */

static void
test_create_schedule_discard (SbxFixture    *f,
                              gconstpointer  data)
{
  SbxClient *ada = sbx_login (f, "9996610001");
  SbxClient *brian = sbx_login (f, "9996620002");
  SbxClient *cleo = sbx_login (f, "9996630003");
  CvnSandboxCall *old_book = sbx_call_of (f, BOOK_CLUB);
  CvnSandboxCall *old_lounge = sbx_call_of (f, LOUNGE);
  gint64 old_book_id = old_book->id, old_lounge_id = old_lounge->id;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *book = sbx_channel_peer (f, BOOK_CLUB);
  JsonNode *r, *u;
  CvnSandboxCall *call;
  const char *input;
  g_autoptr(GPtrArray) pushed = NULL;
  SbxClient *watchers[] = { ada, cleo, NULL };
#define CREATE "{\"_\":\"phone.createGroupCall\",\"peer\":%s,\"random_id\":%d}"
#define CREATE_AT "{\"_\":\"phone.createGroupCall\",\"peer\":%s,\"random_id\":%d,\"schedule_date\":%" G_GINT64_FORMAT "}"

  /* who may create */
  sbx_fails (f, cleo, 400, "CHAT_ADMIN_REQUIRED", CREATE, book, 1);
  sbx_fails (f, ada, 400, "PEER_ID_INVALID", CREATE, SELF, 1);
  sbx_fails (f, cleo, 400, "CHANNEL_PRIVATE", CREATE, sbx_channel_peer (f, RADIO), 1);
  sbx_fails (f, ada, 400, "CHAT_ADMIN_REQUIRED", "{\"_\":\"phone.createGroupCall\",\"rtmp_stream\":true,"
                                                 "\"peer\":%s,\"random_id\":1}", sbx_channel_peer (f, BIG_STAGE));

  /* scheduling bounds: 10 s .. 8 days ahead */
  sbx_fails (f, brian, 400, "SCHEDULE_DATE_INVALID", CREATE_AT, book, 2, now + 5);
  sbx_fails (f, brian, 400, "SCHEDULE_DATE_INVALID", CREATE_AT, book, 2, now - 100);
  sbx_fails (f, brian, 400, "SCHEDULE_DATE_INVALID", CREATE_AT, book, 2, now + 8 * 86400 + 60);
  r = sbx_ok (f, brian, CREATE_AT, book, 2, now + 8 * 86400 - 60);
  u = sbx_update (r, "updateGroupCall");
  g_assert_cmpint (jint (u, "call.schedule_date"), ==, now + 8 * 86400 - 60);
  /* a new call in the chat ends the old one: everyone hears of both */
  g_assert_true (old_book->discarded);
  sbx_wait_pushed (cleo, "updateGroupCall", 2);
  pushed = sbx_pushed (cleo, "updateGroupCall");
  g_assert_cmpstr (jtype (pushed->pdata[0], "call"), ==, "groupCallDiscarded");
  g_assert_cmpint (jint (pushed->pdata[0], "call.id"), ==, old_book_id);
  g_assert_cmpstr (jtype (pushed->pdata[1], "call"), ==, "groupCall");
  g_clear_pointer (&pushed, g_ptr_array_unref);
  g_assert_nonnull (sbx_update (r, "updateNewMessage"));
  g_assert_cmpstr (jtype (sbx_update (r, "updateNewMessage"), "message.action"), ==, "messageActionGroupCallScheduled");

  r = sbx_ok (f, brian, CREATE_AT, book, 3, now + 60);
  u = sbx_update (r, "updateGroupCall");
  call = cvn_sandbox_world_get_call (f->world, jint (u, "call.id"));
  input = sbx_input_call (f, call);
  /* the title defaults to the chat's: no title of its own, the chat comes along */
  g_assert_null (jget (u, "call.title"));
  g_assert_cmpstr (jstr (r, "chats.0.title"), ==, "Book Club");
  g_assert_cmpint (jint (u, "peer.chat_id"), ==, BOOK_CLUB);
  g_assert_true (jbool (u, "call.can_change_join_muted"));

  /* random_id: the same request again is the same call, and nothing new for anyone */
  sbx_sync (f, ada);
  sbx_clear_pushed (ada);
  r = sbx_ok (f, brian, CREATE_AT, book, 3, now + 60);
  g_assert_cmpint (jint (sbx_update (r, "updateGroupCall"), "call.id"), ==, call->id);
  g_assert_null (sbx_update (r, "updateNewMessage"));
  sbx_sync (f, ada);
  g_assert_cmpuint (ada->pushed->len, ==, 0);

  /* subscriptions: only before the start; the start is told by 777000.  The flag is
   * personal: the caller's result carries it, the version stays, nobody else is told */
  {
    gint64 version = call->version;
    SbxClient *others[] = { ada, brian, NULL };

    sbx_sync (f, brian);
    sbx_clear_pushed (brian);
    r = sbx_ok (f, cleo, "{\"_\":\"phone.toggleGroupCallStartSubscription\",\"call\":%s,\"subscribed\":false}", input);
    g_assert_false (jbool (sbx_update (r, "updateGroupCall"), "call.schedule_start_subscribed"));
    r = sbx_ok (f, cleo, "{\"_\":\"phone.toggleGroupCallStartSubscription\",\"call\":%s,\"subscribed\":true}", input);
    u = sbx_update (r, "updateGroupCall");
    g_assert_true (jbool (u, "call.schedule_start_subscribed"));
    g_assert_cmpint (jint (u, "call.version"), ==, version);
    g_assert_cmpint (jint (u, "peer.chat_id"), ==, BOOK_CLUB);
    g_assert_cmpint (call->version, ==, version);
    for (guint i = 0; others[i] != NULL; i++)
      {
        g_autoptr(GPtrArray) theirs = NULL;

        sbx_sync (f, others[i]);
        theirs = call_updates (others[i], call->id);
        g_assert_cmpuint (theirs->len, ==, 0);
      }
    r = sbx_ok (f, cleo, GET_CALL, input, 5);
    g_assert_true (jbool (r, "call.schedule_start_subscribed"));
  }
  r = sbx_ok (f, ada, GET_CALL, input, 5);
  g_assert_false (jbool (r, "call.schedule_start_subscribed"));
  sbx_fails (f, cleo, 400, "CHAT_ADMIN_REQUIRED", "{\"_\":\"phone.startScheduledGroupCall\",\"call\":%s}", input);
  sbx_clear_pushed (cleo);
  sbx_clear_pushed (ada);
  r = sbx_ok (f, brian, "{\"_\":\"phone.startScheduledGroupCall\",\"call\":%s}", input);
  u = sbx_update (r, "updateGroupCall");
  g_assert_null (jget (u, "call.schedule_date"));
  g_assert_cmpint (jint (u, "call.version"), ==, call->version);
  g_assert_cmpstr (jtype (sbx_update (r, "updateNewMessage"), "message.action"), ==, "messageActionGroupCall");
  sbx_wait_pushed (cleo, "updateNewMessage", 2);
  pushed = sbx_pushed (cleo, "updateNewMessage");
  {
    gboolean from_service = FALSE;

    for (guint i = 0; i < pushed->len; i++)
      if ((jget (pushed->pdata[i], "message.from_id.user_id") != NULL &&
           jint (pushed->pdata[i], "message.from_id.user_id") == 777000) ||
          (jget (pushed->pdata[i], "message.peer_id.user_id") != NULL &&
           jint (pushed->pdata[i], "message.peer_id.user_id") == 777000))
        from_service = TRUE;
    g_assert_true (from_service);
  }
  /* Ada did not subscribe: the service message in the chat only */
  sbx_sync (f, ada);
  g_clear_pointer (&pushed, g_ptr_array_unref);
  pushed = sbx_pushed (ada, "updateNewMessage");
  g_assert_cmpuint (pushed->len, ==, 1);
  sbx_fails (f, brian, 403, "GROUPCALL_ALREADY_STARTED", "{\"_\":\"phone.startScheduledGroupCall\",\"call\":%s}", input);
  sbx_fails (f, cleo, 403, "GROUPCALL_ALREADY_STARTED",
             "{\"_\":\"phone.toggleGroupCallStartSubscription\",\"call\":%s,\"subscribed\":false}", input);

  /* discarding: admins only, groupCallDiscarded with the duration to everyone, once */
  sbx_fails (f, cleo, 400, "CHAT_ADMIN_REQUIRED", "{\"_\":\"phone.discardGroupCall\",\"call\":%s}", input);
  sbx_clear_pushed (ada);
  sbx_clear_pushed (cleo);
  r = sbx_ok (f, brian, "{\"_\":\"phone.discardGroupCall\",\"call\":%s}", input);
  u = sbx_update (r, "updateGroupCall");
  g_assert_cmpstr (jtype (u, "call"), ==, "groupCallDiscarded");
  g_assert_cmpint (jint (u, "call.duration"), >=, 0);
  g_assert_cmpstr (jtype (sbx_update (r, "updateNewMessage"), "message.action"), ==, "messageActionGroupCall");
  g_assert_nonnull (jget (sbx_update (r, "updateNewMessage"), "message.action.duration"));
  for (guint i = 0; watchers[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) theirs = NULL;

      sbx_sync (f, watchers[i]);
      theirs = call_updates (watchers[i], call->id);
      g_assert_cmpuint (theirs->len, ==, 1);
      g_assert_cmpstr (jtype (theirs->pdata[0], "call"), ==, "groupCallDiscarded");
    }
  sbx_fails (f, brian, 400, "GROUPCALL_ALREADY_DISCARDED", "{\"_\":\"phone.discardGroupCall\",\"call\":%s}", input);
  r = sbx_ok (f, ada, GET_CALL, input, 5);
  g_assert_cmpstr (jtype (r, "call"), ==, "groupCallDiscarded");
  sbx_fails (f, ada, 403, "GROUPCALL_FORBIDDEN", JOIN, input, SELF, sbx_payload (f, 300, FALSE));
  r = sbx_ok (f, ada, "{\"_\":\"messages.getFullChat\",\"chat_id\":\"%d\"}", BOOK_CLUB);
  g_assert_null (jget (r, "full_chat.call"));

  /* a custom title; one call per chat: the Lounge's running call ends for its members */
  sbx_clear_pushed (brian);
  r = sbx_ok (f, ada, "{\"_\":\"phone.createGroupCall\",\"peer\":%s,\"random_id\":4,\"title\":\"Second round\"}",
              sbx_channel_peer (f, LOUNGE));
  g_assert_cmpstr (jstr (sbx_update (r, "updateGroupCall"), "call.title"), ==, "Second round");
  g_assert_false (jbool (sbx_update (r, "updateGroupCall"), "call.join_muted"));
  sbx_sync (f, brian);
  g_clear_pointer (&pushed, g_ptr_array_unref);
  pushed = call_updates (brian, old_lounge_id);
  g_assert_cmpuint (pushed->len, ==, 1);
  g_assert_cmpstr (jtype (pushed->pdata[0], "call"), ==, "groupCallDiscarded");
  g_assert_cmpint (jint (pushed->pdata[0], "call.duration"), >=, 1800);

  /* RTMP: the owner only (Ada owns Convene Radio); channels' calls start join_muted */
  r = sbx_ok (f, ada, "{\"_\":\"phone.createGroupCall\",\"rtmp_stream\":true,\"peer\":%s,\"random_id\":5}",
              sbx_channel_peer (f, RADIO));
  g_assert_true (jbool (sbx_update (r, "updateGroupCall"), "call.rtmp_stream"));
  g_assert_true (jbool (sbx_update (r, "updateGroupCall"), "call.join_muted"));
  g_assert_cmpint (jint (sbx_update (r, "updateGroupCall"), "call.stream_dc_id"), ==, 2);
#undef CREATE
#undef CREATE_AT
}

/* --- joining and leaving -------------------------------------------------------------------------- */

static void
test_join_and_leave (SbxFixture    *f,
                     gconstpointer  data)
{
  SbxClient *ada = sbx_login (f, "9996610001");
  SbxClient *brian = sbx_login (f, "9996620002");
  SbxClient *cleo = sbx_login (f, "9996630003");
  CvnSandboxCall *lounge = sbx_call_of (f, LOUNGE);
  const char *input = sbx_input_call (f, lounge);
  CvnSandboxParticipant *dana = cvn_sandbox_call_find_user (lounge, 2001);
  JsonNode *r, *u, *p;
  g_autoptr(JsonNode) answer = NULL;
  gint32 v = lounge->version;
  SbxClient *observers[] = { ada, cleo, NULL };

  /* join_as, params and sources are checked */
  sbx_fails (f, brian, 400, "JOIN_AS_PEER_INVALID", JOIN, input, user_peer (f, ADA), sbx_payload (f, 400, FALSE));
  sbx_fails (f, brian, 400, "JOIN_AS_PEER_INVALID", JOIN, input, sbx_channel_peer (f, RADIO), sbx_payload (f, 400, FALSE));
  sbx_fails (f, brian, 400, "DATA_JSON_INVALID", JOIN, input, SELF, "{\"_\":\"dataJSON\",\"data\":\"not json\"}");
  sbx_fails (f, brian, 400, "DATA_JSON_INVALID", JOIN, input, SELF,
             "{\"_\":\"dataJSON\",\"data\":\"{\\\"ssrc\\\":5,\\\"pwd\\\":\\\"p\\\",\\\"fingerprints\\\":[]}\"}");
  sbx_fails (f, brian, 400, "DATA_JSON_INVALID", JOIN, input, SELF,
             "{\"_\":\"dataJSON\",\"data\":\"{\\\"ssrc\\\":0,\\\"ufrag\\\":\\\"u\\\",\\\"pwd\\\":\\\"p\\\","
             "\\\"fingerprints\\\":[{\\\"hash\\\":\\\"sha-256\\\",\\\"fingerprint\\\":\\\"AA\\\"}]}\"}");
  sbx_fails (f, brian, 400, "GROUPCALL_SSRC_DUPLICATE_MUCH", JOIN, input, SELF, sbx_payload (f, dana->source, FALSE));
  sbx_fails (f, brian, 400, "INVITE_HASH_INVALID",
             "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":%s,\"invite_hash\":\"nope\",\"params\":%s}",
             input, SELF, sbx_payload (f, 400, FALSE));
  g_assert_cmpint (lounge->version, ==, v);

  /* Brian joins muted with his camera stopped: the SFU's answer and himself, self + just_joined */
  r = sbx_ok (f, brian, JOIN_MUTED, input, SELF, sbx_payload (f, 400, TRUE));
  u = sbx_update (r, "updateGroupCallConnection");
  g_assert_nonnull (u);
  g_assert_false (jbool (u, "presentation"));
  answer = json_from_string (jstr (u, "params.data"), NULL);
  g_assert_nonnull (answer);
  g_assert_nonnull (jget (answer, "transport"));
  g_assert_nonnull (jstr (answer, "transport.ufrag"));
  u = sbx_update (r, "updateGroupCallParticipants");
  g_assert_cmpint (jint (u, "version"), ==, v + 1);
  g_assert_cmpuint (jlen (u, "participants"), ==, 1);
  p = jget (u, "participants.0");
  g_assert_true (jbool (p, "self"));
  g_assert_false (jbool (p, "min"));
  g_assert_true (jbool (p, "just_joined"));
  g_assert_true (jbool (p, "versioned"));
  g_assert_true (jbool (p, "muted"));
  g_assert_true (jbool (p, "can_self_unmute"));
  g_assert_false (jbool (p, "video_joined"));
  g_assert_null (jget (p, "video"));
  g_assert_cmpint (jint (p, "source"), ==, 400);
  g_assert_cmpint (jint (p, "peer.user_id"), ==, BRIAN);
  u = expect_one (f, observers, lounge->id, "updateGroupCallParticipants", v + 1);
  p = jget (u, "participants.0");
  g_assert_true (jbool (p, "min"));
  g_assert_false (jbool (p, "self"));
  g_assert_true (jbool (p, "just_joined"));
  r = sbx_ok (f, cleo, GET_CALL, input, 3);
  g_assert_cmpint (jint (r, "call.participants_count"), ==, 9);
  g_assert_cmpint (jint (r, "call.version"), ==, v + 1);

  /* checkGroupCall: the sources still joined */
  r = sbx_ok (f, brian, "{\"_\":\"phone.checkGroupCall\",\"call\":%s,\"sources\":[400,12345]}", input);
  g_assert_cmpuint (jlen (r, NULL), ==, 1);
  g_assert_cmpint (jint (r, "0"), ==, 400);
  sbx_fails (f, cleo, 400, "GROUPCALL_JOIN_MISSING", "{\"_\":\"phone.checkGroupCall\",\"call\":%s,\"sources\":[1]}", input);

  /* joining again (a reconnect) with a new source: no just_joined, one version */
  r = sbx_ok (f, brian, JOIN, input, SELF, sbx_payload (f, 410, FALSE));
  u = sbx_update (r, "updateGroupCallParticipants");
  g_assert_cmpint (jint (u, "version"), ==, v + 2);
  g_assert_false (jbool (u, "participants.0.just_joined"));
  g_assert_cmpint (jint (u, "participants.0.source"), ==, 410);
  expect_one (f, observers, lounge->id, "updateGroupCallParticipants", v + 2);
  r = sbx_ok (f, brian, "{\"_\":\"phone.checkGroupCall\",\"call\":%s,\"sources\":[400,410]}", input);
  g_assert_cmpuint (jlen (r, NULL), ==, 1);
  g_assert_cmpint (jint (r, "0"), ==, 410);

  /* Ada joins as her channel: self, as the channel */
  r = sbx_ok (f, ada, JOIN, input, sbx_channel_peer (f, RADIO), sbx_payload (f, 500, FALSE));
  p = jget (sbx_update (r, "updateGroupCallParticipants"), "participants.0");
  g_assert_cmpstr (jtype (p, "peer"), ==, "peerChannel");
  g_assert_cmpint (jint (p, "peer.channel_id"), ==, RADIO);
  g_assert_true (jbool (p, "self"));
  g_assert_false (jbool (p, "muted"));

  /* leaving: a source that is not ours changes nothing; ours: `left`, the count drops */
  sbx_clear_pushed (cleo);
  r = sbx_ok (f, brian, "{\"_\":\"phone.leaveGroupCall\",\"call\":%s,\"source\":%u}", input, dana->source);
  g_assert_cmpuint (sbx_n_updates (r, "updateGroupCallParticipants"), ==, 0);
  v = lounge->version;
  r = sbx_ok (f, brian, "{\"_\":\"phone.leaveGroupCall\",\"call\":%s,\"source\":410}", input);
  u = sbx_update (r, "updateGroupCallParticipants");
  g_assert_cmpint (jint (u, "version"), ==, v + 1);
  g_assert_true (jbool (u, "participants.0.left"));
  g_assert_true (jbool (u, "participants.0.versioned"));
  u = expect_one (f, observers, lounge->id, "updateGroupCallParticipants", v + 1);
  g_assert_true (jbool (u, "participants.0.left"));
  g_assert_cmpint (jint (u, "participants.0.peer.user_id"), ==, BRIAN);
  r = sbx_ok (f, cleo, GET_CALL, input, 3);
  g_assert_cmpint (jint (r, "call.participants_count"), ==, 8);   /* Ada took her channel's place */
  sbx_fails (f, brian, 400, "GROUPCALL_JOIN_MISSING", "{\"_\":\"phone.checkGroupCall\",\"call\":%s,\"sources\":[410]}", input);

  /* a channel's listener gets the stream; an RTMP call says so */
  r = sbx_ok (f, cleo, JOIN_MUTED, sbx_input_call (f, sbx_call_of (f, BIG_STAGE)), SELF, sbx_payload (f, 600, FALSE));
  g_assert_cmpstr (jstr (sbx_update (r, "updateGroupCallConnection"), "params.data"), ==, "{\"stream\":true}");
  p = jget (sbx_update (r, "updateGroupCallParticipants"), "participants.0");
  g_assert_true (jbool (p, "muted"));
  g_assert_false (jbool (p, "can_self_unmute"));
  r = sbx_ok (f, brian, JOIN_MUTED, sbx_input_call (f, sbx_call_of (f, RADIO)), SELF, sbx_payload (f, 700, FALSE));
  g_assert_cmpstr (jstr (sbx_update (r, "updateGroupCallConnection"), "params.data"), ==,
                   "{\"stream\":true,\"rtmp\":true}");
}

/* --- versions and fan-out ---------------------------------------------------------------------- */

/* A sequence of changes in the Lounge seen by Ada (admin, in the call), Ada's second device,
 * Brian (in the call) and Cleo (a member who is not): every change bumps the version by
 * exactly one and reaches each of them once, as the right kind of update, with self on
 * one's own entries and min on the others'. */
static void
test_versions_and_fanout (SbxFixture    *f,
                          gconstpointer  data)
{
  SbxClient *ada = sbx_login (f, "9996610001");
  SbxClient *ada2 = sbx_login (f, "9996610001");
  SbxClient *brian = sbx_login (f, "9996620002");
  SbxClient *cleo = sbx_login (f, "9996630003");
  CvnSandboxCall *lounge = sbx_call_of (f, LOUNGE);
  const char *input = sbx_input_call (f, lounge);
  gint64 v = lounge->version;
  gint64 videos;
  g_autoptr(GError) error = NULL;
  JsonNode *r, *u, *p;
  SbxClient *not_ada[] = { ada2, brian, cleo, NULL };
  SbxClient *not_brian[] = { ada, ada2, cleo, NULL };
  SbxClient *everyone[] = { ada, ada2, brian, cleo, NULL };

  /* 1: Ada joins */
  r = sbx_ok (f, ada, JOIN, input, SELF, sbx_payload (f, 7000, FALSE));
  g_assert_cmpint (jint (sbx_update (r, "updateGroupCallParticipants"), "version"), ==, ++v);
  g_assert_true (jbool (sbx_update (r, "updateGroupCallParticipants"), "participants.0.self"));
  {
    JsonNode *copies[3];

    expect_copies (f, not_ada, lounge->id, "updateGroupCallParticipants", v, copies);
    /* Ada's other device: her own entry, with self; Brian's and Cleo's: min */
    p = participant_of (copies[0], ADA);
    g_assert_true (jbool (p, "self"));
    g_assert_false (jbool (p, "min"));
    g_assert_true (jbool (p, "just_joined"));
    for (guint i = 1; i < 3; i++)
      {
        p = participant_of (copies[i], ADA);
        g_assert_true (jbool (p, "min"));
        g_assert_false (jbool (p, "self"));
        g_assert_true (jbool (p, "versioned"));
      }
  }

  /* 2: Brian joins with a camera: one more unmuted video */
  r = sbx_ok (f, cleo, GET_CALL, input, 3);
  videos = jint (r, "call.unmuted_video_count");
  g_assert_cmpint (jint (r, "call.unmuted_video_limit"), >, 0);
  r = sbx_ok (f, brian, JOIN, input, SELF, sbx_payload (f, 7100, TRUE));
  p = jget (sbx_update (r, "updateGroupCallParticipants"), "participants.0");
  g_assert_cmpint (jint (sbx_update (r, "updateGroupCallParticipants"), "version"), ==, ++v);
  g_assert_true (jbool (p, "video_joined"));
  g_assert_cmpuint (jlen (p, "video.source_groups"), ==, 2);
  g_assert_cmpstr (jstr (p, "video.source_groups.0.semantics"), ==, "SIM");
  u = expect_one (f, not_brian, lounge->id, "updateGroupCallParticipants", v);
  g_assert_true (jbool (u, "participants.0.min"));
  g_assert_false (jbool (u, "participants.0.self"));
  r = sbx_ok (f, cleo, GET_CALL, input, 3);
  g_assert_cmpint (jint (r, "call.unmuted_video_count"), ==, videos + 1);
  g_assert_cmpint (jint (r, "call.participants_count"), ==, 10);

  /* 3: the title: updateGroupCall to everyone else */
  r = sbx_ok (f, ada, "{\"_\":\"phone.editGroupCallTitle\",\"call\":%s,\"title\":\"Standing up\"}", input);
  g_assert_cmpint (jint (sbx_update (r, "updateGroupCall"), "call.version"), ==, ++v);
  u = expect_one (f, not_ada, lounge->id, "updateGroupCall", v);
  g_assert_cmpstr (jstr (u, "call.title"), ==, "Standing up");
  g_assert_cmpint (jint (u, "peer.channel_id"), ==, LOUNGE);
  g_assert_cmpint (jint (u, "call.participants_count"), ==, 10);

  /* 4: Brian raises his hand */
  r = sbx_ok (f, brian, "{\"_\":\"phone.editGroupCallParticipant\",\"call\":%s,\"participant\":%s,\"raise_hand\":true}",
              input, SELF);
  g_assert_cmpint (jint (sbx_update (r, "updateGroupCallParticipants"), "version"), ==, ++v);
  u = expect_one (f, not_brian, lounge->id, "updateGroupCallParticipants", v);
  g_assert_cmpint (jint (u, "participants.0.raise_hand_rating"), >, 0);
  g_assert_true (jbool (u, "participants.0.versioned"));
  g_assert_false (jbool (u, "participants.0.just_joined"));

  /* 5: the admin mutes him (he may not unmute himself then) */
  r = sbx_ok (f, ada, "{\"_\":\"phone.editGroupCallParticipant\",\"call\":%s,\"participant\":%s,\"muted\":true}",
              input, user_peer (f, BRIAN));
  g_assert_cmpint (jint (sbx_update (r, "updateGroupCallParticipants"), "version"), ==, ++v);
  u = expect_one (f, not_ada, lounge->id, "updateGroupCallParticipants", v);
  /* the last observer is Cleo: min; Brian's own copy: self */
  g_assert_true (jbool (u, "participants.0.min"));
  g_assert_false (jbool (u, "participants.0.can_self_unmute"));
  sbx_fails (f, brian, 400, "CHAT_ADMIN_REQUIRED",
             "{\"_\":\"phone.editGroupCallParticipant\",\"call\":%s,\"participant\":%s,\"muted\":false}", input, SELF);

  /* 6: ... then lets him speak: the hand goes down */
  r = sbx_ok (f, ada, "{\"_\":\"phone.editGroupCallParticipant\",\"call\":%s,\"participant\":%s,\"muted\":false}",
              input, user_peer (f, BRIAN));
  g_assert_cmpint (jint (sbx_update (r, "updateGroupCallParticipants"), "version"), ==, ++v);
  u = expect_one (f, not_ada, lounge->id, "updateGroupCallParticipants", v);
  g_assert_true (jbool (u, "participants.0.can_self_unmute"));
  g_assert_true (jbool (u, "participants.0.muted"));
  g_assert_null (jget (u, "participants.0.raise_hand_rating"));

  /* 7, 8: Brian shares his screen and stops */
  r = sbx_ok (f, brian, "{\"_\":\"phone.joinGroupCallPresentation\",\"call\":%s,\"params\":%s}",
              input, sbx_payload (f, 7200, TRUE));
  g_assert_true (jbool (sbx_update (r, "updateGroupCallConnection"), "presentation"));
  g_assert_cmpint (jint (sbx_update (r, "updateGroupCallParticipants"), "version"), ==, ++v);
  u = expect_one (f, not_brian, lounge->id, "updateGroupCallParticipants", v);
  g_assert_nonnull (jget (u, "participants.0.presentation"));
  g_assert_cmpint (jint (u, "participants.0.presentation.audio_source"), ==, 7200);
  r = sbx_ok (f, brian, "{\"_\":\"phone.leaveGroupCallPresentation\",\"call\":%s}", input);
  g_assert_cmpint (jint (sbx_update (r, "updateGroupCallParticipants"), "version"), ==, ++v);
  u = expect_one (f, not_brian, lounge->id, "updateGroupCallParticipants", v);
  g_assert_null (jget (u, "participants.0.presentation"));

  /* 9, 10: settings and recording are changes of the call */
  r = sbx_ok (f, ada, "{\"_\":\"phone.toggleGroupCallSettings\",\"call\":%s,\"join_muted\":true}", input);
  g_assert_cmpint (jint (sbx_update (r, "updateGroupCall"), "call.version"), ==, ++v);
  u = expect_one (f, not_ada, lounge->id, "updateGroupCall", v);
  g_assert_true (jbool (u, "call.join_muted"));
  g_assert_false (jbool (u, "call.can_change_join_muted"));   /* Cleo is no admin */
  r = sbx_ok (f, ada, "{\"_\":\"phone.toggleGroupCallRecord\",\"start\":true,\"call\":%s,\"title\":\"Minutes\"}", input);
  g_assert_cmpint (jint (sbx_update (r, "updateGroupCall"), "call.version"), ==, ++v);
  u = expect_one (f, not_ada, lounge->id, "updateGroupCall", v);
  g_assert_cmpint (jint (u, "call.record_start_date"), >, 0);

  /* speaking is the one unversioned participant update: same version, to everyone */
  g_assert_true (cvn_sandbox_world_sim_speak (f->world, lounge->id, 2001, &error));
  g_assert_no_error (error);
  u = expect_one (f, everyone, lounge->id, "updateGroupCallParticipants", v);
  g_assert_false (jbool (u, "participants.0.versioned"));
  g_assert_cmpint (jint (u, "participants.0.active_date"), >, 0);

  /* a personal mute by someone who is no admin: for him only, muted_by_you, no version */
  r = sbx_ok (f, brian, "{\"_\":\"phone.editGroupCallParticipant\",\"call\":%s,\"participant\":%s,\"muted\":true}",
              input, user_peer (f, 2001));
  u = sbx_update (r, "updateGroupCallParticipants");
  g_assert_cmpint (jint (u, "version"), ==, v);
  g_assert_true (jbool (u, "participants.0.muted_by_you"));
  g_assert_cmpint (lounge->version, ==, v);
  for (guint i = 0; everyone[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) none = NULL;

      sbx_sync (f, everyone[i]);
      none = call_updates (everyone[i], lounge->id);
      g_assert_cmpuint (none->len, ==, 0);
    }
  r = sbx_ok (f, brian, GET_CALL, input, 20);
  g_assert_cmpint (jint (r, "call.version"), ==, v);
  for (guint i = 0; i < jlen (r, "participants"); i++)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (jget (r, "participants")), i);

      if (g_strcmp0 (jtype (e, "peer"), "peerUser") == 0 && jint (e, "peer.user_id") == 2001)
        g_assert_true (jbool (e, "muted_by_you"));
      if (g_strcmp0 (jtype (e, "peer"), "peerUser") == 0 && jint (e, "peer.user_id") == BRIAN)
        g_assert_true (jbool (e, "self"));
      else
        g_assert_false (jbool (e, "self"));
    }
  r = sbx_ok (f, cleo, GET_CALL, input, 20);
  for (guint i = 0; i < jlen (r, "participants"); i++)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (jget (r, "participants")), i);

      g_assert_false (jbool (e, "muted_by_you"));
      g_assert_false (jbool (e, "self"));
    }

  /* 11: Brian leaves; 12: Ada discards: no version on the discarded call, everyone hears */
  r = sbx_ok (f, brian, "{\"_\":\"phone.leaveGroupCall\",\"call\":%s,\"source\":7100}", input);
  g_assert_cmpint (jint (sbx_update (r, "updateGroupCallParticipants"), "version"), ==, ++v);
  u = expect_one (f, not_brian, lounge->id, "updateGroupCallParticipants", v);
  g_assert_true (jbool (u, "participants.0.left"));
  r = sbx_ok (f, ada, "{\"_\":\"phone.discardGroupCall\",\"call\":%s}", input);
  for (guint i = 0; not_ada[i] != NULL; i++)
    {
      g_autoptr(GPtrArray) ended = NULL;

      sbx_sync (f, not_ada[i]);
      ended = call_updates (not_ada[i], lounge->id);
      g_assert_cmpuint (ended->len, ==, 1);
      g_assert_cmpstr (jtype (ended->pdata[0], "call"), ==, "groupCallDiscarded");
    }
}

/* --- managing a call ------------------------------------------------------------------------- */

static void
test_manage_call (SbxFixture    *f,
                  gconstpointer  data)
{
  SbxClient *ada = sbx_login (f, "9996610001");
  SbxClient *brian = sbx_login (f, "9996620002");
  SbxClient *cleo = sbx_login (f, "9996630003");
  CvnSandboxCall *lounge = sbx_call_of (f, LOUNGE);
  const char *input = sbx_input_call (f, lounge);
  const char *dana = user_peer (f, 2001);
  g_autofree char *listener = NULL, *speaker = NULL, *speaker_hash = NULL;
  g_autofree char *long_title = g_strnfill (65, 'x');
  JsonNode *r, *u, *p;
  gint64 v;
#define EDIT "{\"_\":\"phone.editGroupCallParticipant\",\"call\":%s,\"participant\":%s,"

  /* editGroupCallParticipant: who and what */
  sbx_fails (f, ada, 400, "PARTICIPANT_JOIN_MISSING", EDIT "\"muted\":true}", input, user_peer (f, BRIAN));
  sbx_ok (f, brian, JOIN, input, SELF, sbx_payload (f, 800, FALSE));
  sbx_fails (f, ada, 400, "USER_VOLUME_INVALID", EDIT "\"volume\":0}", input, dana);
  sbx_fails (f, ada, 400, "USER_VOLUME_INVALID", EDIT "\"volume\":20001}", input, dana);
  sbx_fails (f, brian, 400, "CHAT_ADMIN_REQUIRED", EDIT "\"raise_hand\":true}", input, dana);
  sbx_fails (f, brian, 400, "CHAT_ADMIN_REQUIRED", EDIT "\"video_stopped\":true}", input, dana);
  sbx_fails (f, brian, 400, "VIDEO_STOP_FORBIDDEN", EDIT "\"video_stopped\":false}", input, SELF);
  sbx_fails (f, brian, 400, "VIDEO_PAUSE_FORBIDDEN", EDIT "\"video_paused\":true}", input, SELF);
  v = lounge->version;
  r = sbx_ok (f, ada, EDIT "\"volume\":5000}", input, dana);
  p = jget (sbx_update (r, "updateGroupCallParticipants"), "participants.0");
  g_assert_cmpint (jint (sbx_update (r, "updateGroupCallParticipants"), "version"), ==, v + 1);
  g_assert_cmpint (jint (p, "volume"), ==, 5000);
  g_assert_true (jbool (p, "volume_by_admin"));
  /* nothing changes: no version */
  r = sbx_ok (f, ada, EDIT "\"volume\":5000}", input, dana);
  g_assert_cmpuint (sbx_n_updates (r, "updateGroupCallParticipants"), ==, 0);
  g_assert_cmpint (lounge->version, ==, v + 1);
  /* the camera of someone who has one: Eli (2002) stops and pauses it himself only */
  sbx_fails (f, ada, 400, "PARTICIPANT_ID_INVALID", EDIT "\"video_paused\":true}", input, user_peer (f, 2002));

  /* editGroupCallTitle */
  sbx_fails (f, brian, 400, "CHAT_ADMIN_REQUIRED", "{\"_\":\"phone.editGroupCallTitle\",\"call\":%s,\"title\":\"x\"}", input);
  sbx_fails (f, ada, 400, "TITLE_INVALID", "{\"_\":\"phone.editGroupCallTitle\",\"call\":%s,\"title\":\"%s\"}", input, long_title);
  r = sbx_ok (f, ada, "{\"_\":\"phone.editGroupCallTitle\",\"call\":%s,\"title\":\"\"}", input);
  g_assert_null (jget (sbx_update (r, "updateGroupCall"), "call.title"));

  /* toggleGroupCallSettings */
  sbx_fails (f, brian, 400, "CHAT_ADMIN_REQUIRED", "{\"_\":\"phone.toggleGroupCallSettings\",\"call\":%s,\"join_muted\":true}", input);
  sbx_fails (f, ada, 400, "GROUPCALL_NOT_MODIFIED", "{\"_\":\"phone.toggleGroupCallSettings\",\"call\":%s,\"join_muted\":false}", input);
  sbx_fails (f, ada, 400, "GROUPCALL_NOT_MODIFIED", "{\"_\":\"phone.toggleGroupCallSettings\",\"call\":%s}", input);

  /* exportGroupCallInvite: listener and speaker links; reset_invite_hash replaces both */
  r = sbx_ok (f, ada, "{\"_\":\"phone.exportGroupCallInvite\",\"call\":%s}", input);
  listener = g_strdup (jstr (r, "link"));
  r = sbx_ok (f, ada, "{\"_\":\"phone.exportGroupCallInvite\",\"can_self_unmute\":true,\"call\":%s}", input);
  speaker = g_strdup (jstr (r, "link"));
  g_assert_true (g_str_has_prefix (listener, "https://t.me/convene_lounge?videochat="));
  g_assert_true (g_str_has_prefix (speaker, "https://t.me/convene_lounge?videochat="));
  g_assert_cmpstr (listener, !=, speaker);
  sbx_fails (f, brian, 400, "CHAT_ADMIN_REQUIRED", "{\"_\":\"phone.exportGroupCallInvite\",\"can_self_unmute\":true,\"call\":%s}", input);
  r = sbx_ok (f, brian, "{\"_\":\"phone.exportGroupCallInvite\",\"call\":%s}", input);
  g_assert_cmpstr (jstr (r, "link"), ==, listener);
  r = sbx_ok (f, ada, "{\"_\":\"phone.toggleGroupCallSettings\",\"reset_invite_hash\":true,\"call\":%s,\"join_muted\":true}", input);
  g_assert_true (jbool (sbx_update (r, "updateGroupCall"), "call.join_muted"));
  r = sbx_ok (f, ada, "{\"_\":\"phone.exportGroupCallInvite\",\"can_self_unmute\":true,\"call\":%s}", input);
  g_assert_cmpstr (jstr (r, "link"), !=, speaker);
  speaker_hash = g_strdup (strchr (jstr (r, "link"), '=') + 1);
  /* a muted call: the speaker link lets Cleo speak */
  r = sbx_ok (f, cleo, "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":%s,\"invite_hash\":\"%s\",\"params\":%s}",
              input, SELF, speaker_hash, sbx_payload (f, 900, FALSE));
  p = jget (sbx_update (r, "updateGroupCallParticipants"), "participants.0");
  g_assert_true (jbool (p, "can_self_unmute"));
  sbx_fails (f, cleo, 400, "INVITE_HASH_INVALID",
             "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":%s,\"invite_hash\":\"%s\",\"params\":%s}",
             input, SELF, strchr (speaker, '=') + 1, sbx_payload (f, 901, FALSE));

  /* toggleGroupCallRecord */
  sbx_fails (f, brian, 400, "CHAT_ADMIN_REQUIRED", "{\"_\":\"phone.toggleGroupCallRecord\",\"start\":true,\"call\":%s}", input);
  sbx_fails (f, ada, 400, "GROUPCALL_NOT_MODIFIED", "{\"_\":\"phone.toggleGroupCallRecord\",\"call\":%s}", input);
  r = sbx_ok (f, ada, "{\"_\":\"phone.toggleGroupCallRecord\",\"start\":true,\"video\":true,\"video_portrait\":false,"
                      "\"call\":%s,\"title\":\"Rec\"}", input);
  u = sbx_update (r, "updateGroupCall");
  g_assert_cmpint (jint (u, "call.record_start_date"), >, 0);
  g_assert_true (jbool (u, "call.record_video_active"));
  sbx_fails (f, ada, 400, "GROUPCALL_NOT_MODIFIED", "{\"_\":\"phone.toggleGroupCallRecord\",\"start\":true,\"call\":%s}", input);
  r = sbx_ok (f, ada, "{\"_\":\"phone.toggleGroupCallRecord\",\"call\":%s}", input);
  g_assert_null (jget (sbx_update (r, "updateGroupCall"), "call.record_start_date"));

  /* inviteToGroupCall */
  sbx_fails (f, ada, 403, "GROUPCALL_FORBIDDEN", "{\"_\":\"phone.inviteToGroupCall\",\"call\":%s,\"users\":[%s]}",
             input, sbx_input_user (f, CLEO));
  sbx_ok (f, ada, JOIN, input, SELF, sbx_payload (f, 1000, FALSE));
  sbx_ok (f, brian, "{\"_\":\"phone.leaveGroupCall\",\"call\":%s,\"source\":800}", input);
  sbx_sync (f, brian);
  sbx_sync (f, cleo);
  sbx_clear_pushed (brian);
  sbx_clear_pushed (cleo);
  v = lounge->version;
  r = sbx_ok (f, ada, "{\"_\":\"phone.inviteToGroupCall\",\"call\":%s,\"users\":[%s]}", input, sbx_input_user (f, BRIAN));
  g_assert_cmpstr (jtype (r, NULL), ==, "updates");
  /* as on Telegram: messageActionInviteToGroupCall from Ada in the chat, in the result and to
   * the members; the call itself does not change */
  u = sbx_update (r, "updateNewChannelMessage");
  g_assert_nonnull (u);
  g_assert_cmpstr (jtype (u, "message"), ==, "messageService");
  g_assert_cmpstr (jtype (u, "message.action"), ==, "messageActionInviteToGroupCall");
  g_assert_cmpint (jint (u, "message.action.call.id"), ==, lounge->id);
  g_assert_cmpint (jint (u, "message.action.call.access_hash"), ==, lounge->access_hash);
  g_assert_cmpuint (jlen (u, "message.action.users"), ==, 1);
  g_assert_cmpint (jint (u, "message.action.users.0"), ==, BRIAN);
  g_assert_cmpint (jint (u, "message.from_id.user_id"), ==, ADA);
  g_assert_cmpint (jint (u, "message.peer_id.channel_id"), ==, LOUNGE);
  g_assert_true (jbool (u, "message.out"));
  g_assert_cmpint (jint (u, "pts"), ==, cvn_sandbox_world_get_chat (f->world, LOUNGE)->pts);
  {
    gboolean brian_along = FALSE;

    for (guint i = 0; i < jlen (r, "users"); i++)
      brian_along |= jint (json_array_get_element (json_node_get_array (jget (r, "users")), i), "id") == BRIAN;
    g_assert_true (brian_along);
  }
  g_assert_null (sbx_update (r, "updateGroupCall"));
  g_assert_cmpint (lounge->version, ==, v);
  {
    SbxClient *members[] = { brian, cleo, NULL };

    for (guint i = 0; members[i] != NULL; i++)
      {
        g_autoptr(GPtrArray) theirs = NULL;
        g_autoptr(GPtrArray) calls = NULL;

        sbx_wait_pushed (members[i], "updateNewChannelMessage", 1);
        theirs = sbx_pushed (members[i], "updateNewChannelMessage");
        g_assert_cmpuint (theirs->len, ==, 1);
        g_assert_cmpstr (jtype (theirs->pdata[0], "message.action"), ==, "messageActionInviteToGroupCall");
        g_assert_cmpint (jint (theirs->pdata[0], "message.action.users.0"), ==, BRIAN);
        g_assert_false (jbool (theirs->pdata[0], "message.out"));
        calls = call_updates (members[i], lounge->id);
        g_assert_cmpuint (calls->len, ==, 0);
      }
  }
  /* and it stays in the history, also across a saved state */
  r = sbx_ok (f, brian, "{\"_\":\"messages.getHistory\",\"peer\":%s,\"offset_id\":0,\"offset_date\":0,"
                        "\"add_offset\":0,\"limit\":1,\"max_id\":0,\"min_id\":0,\"hash\":\"0\"}",
              sbx_channel_peer (f, LOUNGE));
  g_assert_cmpstr (jtype (r, "messages.0.action"), ==, "messageActionInviteToGroupCall");
  {
    g_autofree char *saved = cvn_sandbox_world_to_data (f->world);
    g_autoptr(CvnSandboxWorld) copy = cvn_sandbox_world_new (f->clock, 42);
    g_autoptr(GError) error = NULL;
    CvnSandboxChat *chat;
    CvnSandboxMessage *m;

    g_assert_true (cvn_sandbox_world_load_data (copy, saved, -1, &error));
    g_assert_no_error (error);
    chat = cvn_sandbox_world_get_chat (copy, LOUNGE);
    m = g_ptr_array_index (chat->messages, chat->messages->len - 1);
    g_assert_cmpint (m->action, ==, CVN_SANDBOX_ACTION_INVITE_TO_GROUP_CALL);
    g_assert_nonnull (m->users);
    g_assert_cmpuint (m->users->len, ==, 1);
    g_assert_cmpint (g_array_index (m->users, gint64, 0), ==, BRIAN);
  }
  sbx_fails (f, ada, 400, "USER_ALREADY_INVITED", "{\"_\":\"phone.inviteToGroupCall\",\"call\":%s,\"users\":[%s]}",
             input, sbx_input_user (f, BRIAN));
  sbx_fails (f, ada, 400, "USER_ALREADY_INVITED", "{\"_\":\"phone.inviteToGroupCall\",\"call\":%s,\"users\":[%s]}",
             input, sbx_input_user (f, CLEO));
  sbx_fails (f, ada, 400, "USER_ALREADY_INVITED", "{\"_\":\"phone.inviteToGroupCall\",\"call\":%s,\"users\":[%s]}",
             input, sbx_input_user (f, 2001));
  sbx_fails (f, ada, 400, "USER_ID_INVALID", "{\"_\":\"phone.inviteToGroupCall\",\"call\":%s,\"users\":[]}", input);
  sbx_ok (f, ada, JOIN, input, sbx_channel_peer (f, RADIO), sbx_payload (f, 1002, FALSE));
  sbx_fails (f, ada, 400, "INVITE_FORBIDDEN_WITH_JOINAS", "{\"_\":\"phone.inviteToGroupCall\",\"call\":%s,\"users\":[%s]}",
             input, sbx_input_user (f, 2002));

  /* getGroupCallJoinAs / saveDefaultGroupCallJoinAs */
  r = sbx_ok (f, ada, "{\"_\":\"phone.getGroupCallJoinAs\",\"peer\":%s}", sbx_channel_peer (f, LOUNGE));
  g_assert_cmpuint (jlen (r, "peers"), ==, 2);
  g_assert_cmpint (jint (r, "peers.0.user_id"), ==, ADA);
  g_assert_cmpint (jint (r, "peers.1.channel_id"), ==, RADIO);
  r = sbx_ok (f, brian, "{\"_\":\"phone.getGroupCallJoinAs\",\"peer\":%s}", sbx_channel_peer (f, LOUNGE));
  g_assert_cmpuint (jlen (r, "peers"), ==, 2);
  g_assert_cmpint (jint (r, "peers.1.channel_id"), ==, BIG_STAGE);
  sbx_fails (f, cleo, 400, "CHANNEL_PRIVATE", "{\"_\":\"phone.getGroupCallJoinAs\",\"peer\":%s}", sbx_channel_peer (f, RADIO));
  sbx_fails (f, brian, 400, "JOIN_AS_PEER_INVALID", "{\"_\":\"phone.saveDefaultGroupCallJoinAs\",\"peer\":%s,\"join_as\":%s}",
             sbx_channel_peer (f, LOUNGE), sbx_channel_peer (f, RADIO));
  r = sbx_ok (f, brian, "{\"_\":\"phone.saveDefaultGroupCallJoinAs\",\"peer\":%s,\"join_as\":%s}",
              sbx_channel_peer (f, LOUNGE), sbx_channel_peer (f, BIG_STAGE));
  g_assert_true (jbool (r, NULL));
#undef EDIT
}

/* --- streams and live stories ---------------------------------------------------------------------- */

static void
test_streams_and_live_stories (SbxFixture    *f,
                               gconstpointer  data)
{
  SbxClient *ada = sbx_login (f, "9996610001");
  SbxClient *brian = sbx_login (f, "9996620002");
  SbxClient *cleo = sbx_login (f, "9996630003");
  const char *radio = sbx_input_call (f, sbx_call_of (f, RADIO));
  g_autofree char *key = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) raw = NULL;
  JsonNode *r, *u;
  const char *message;
#define RTMP_URL "{\"_\":\"phone.getGroupCallStreamRtmpUrl\",\"peer\":%s,\"revoke\":%s}"
#define START_LIVE "{\"_\":\"stories.startLive\",\"peer\":%s,\"privacy_rules\":[],\"random_id\":\"%d\"}"

  sbx_fails (f, brian, 400, "GROUPCALL_JOIN_MISSING", "{\"_\":\"phone.getGroupCallStreamChannels\",\"call\":%s}", radio);
  sbx_ok (f, brian, JOIN_MUTED, radio, SELF, sbx_payload (f, 1100, FALSE));
  r = sbx_ok (f, brian, "{\"_\":\"phone.getGroupCallStreamChannels\",\"call\":%s}", radio);
  g_assert_cmpuint (jlen (r, "channels"), ==, 1);
  g_assert_cmpint (jint (r, "channels.0.channel"), ==, 1);
  g_assert_cmpint (jint (r, "channels.0.last_timestamp_ms"), >, 0);
  sbx_ok (f, ada, JOIN, sbx_input_call (f, sbx_call_of (f, LOUNGE)), SELF, sbx_payload (f, 1101, FALSE));
  sbx_fails (f, ada, 400, "GROUPCALL_INVALID", "{\"_\":\"phone.getGroupCallStreamChannels\",\"call\":%s}",
             sbx_input_call (f, sbx_call_of (f, LOUNGE)));

  /* the RTMP URL and key; revoke rotates the key */
  r = sbx_ok (f, ada, RTMP_URL, sbx_channel_peer (f, RADIO), "false");
  g_assert_true (g_str_has_prefix (jstr (r, "url"), "rtmp://"));
  key = g_strdup (jstr (r, "key"));
  g_assert_cmpstr (key, !=, "");
  r = sbx_ok (f, ada, RTMP_URL, sbx_channel_peer (f, RADIO), "false");
  g_assert_cmpstr (jstr (r, "key"), ==, key);
  r = sbx_ok (f, ada, RTMP_URL, sbx_channel_peer (f, RADIO), "true");
  g_assert_cmpstr (jstr (r, "key"), !=, key);
  sbx_fails (f, brian, 400, "CHAT_ADMIN_REQUIRED", RTMP_URL, sbx_channel_peer (f, RADIO), "false");
  sbx_fails (f, ada, 400, "PEER_ID_INVALID", RTMP_URL, SELF, "false");
  r = sbx_ok (f, ada, "{\"_\":\"phone.getGroupCallStreamRtmpUrl\",\"live_story\":true,\"peer\":%s,\"revoke\":false}", SELF);
  g_assert_cmpstr (jstr (r, "key"), !=, "");

  /* stories.startLive: one live story per peer */
  r = sbx_ok (f, ada, START_LIVE, SELF, 1);
  u = sbx_update (r, "updateGroupCall");
  g_assert_true (jbool (u, "live_story"));
  g_assert_cmpint (jint (u, "peer.user_id"), ==, ADA);
  g_assert_true (jbool (u, "call.join_muted"));
  raw = sbx_invoke (f, ada, &error, START_LIVE, SELF, 2);
  g_assert_null (raw);
  g_assert_error (error, CVN_MTPROTO_RPC_ERROR, 400);
  message = cvn_mtproto_rpc_error_get_message (error);
  g_assert_true (g_str_has_prefix (message, "STORY_LIVE_ALREADY_"));
  g_assert_true (g_ascii_isdigit (message[strlen ("STORY_LIVE_ALREADY_")]));
  g_clear_error (&error);
  sbx_fails (f, ada, 400, "PEER_ID_INVALID", START_LIVE, sbx_channel_peer (f, BOOK_CLUB), 3);
  sbx_fails (f, ada, 400, "PEER_ID_INVALID", START_LIVE, user_peer (f, BRIAN), 3);
  sbx_fails (f, brian, 400, "CHAT_ADMIN_REQUIRED", START_LIVE, sbx_channel_peer (f, LOUNGE), 3);
  sbx_fails (f, cleo, 400, "CHANNEL_PRIVATE", START_LIVE, sbx_channel_peer (f, BIG_STAGE), 3);
  /* a channel's live story besides its livestream */
  r = sbx_ok (f, brian, "{\"_\":\"stories.startLive\",\"rtmp_stream\":true,\"peer\":%s,\"privacy_rules\":[],\"random_id\":\"4\"}",
              sbx_channel_peer (f, BIG_STAGE));
  u = sbx_update (r, "updateGroupCall");
  g_assert_true (jbool (u, "call.rtmp_stream"));
  g_assert_cmpint (jint (u, "peer.channel_id"), ==, BIG_STAGE);
  g_assert_false (sbx_call_of (f, BIG_STAGE)->discarded);
  g_assert_false (sbx_call_of (f, BIG_STAGE)->live_story);
#undef RTMP_URL
#undef START_LIVE
}

/* --- conferences ---------------------------------------------------------------------------------- */

static void
test_conference (SbxFixture    *f,
                 gconstpointer  data)
{
  SbxClient *ada = sbx_login (f, "9996610001");
  SbxClient *brian = sbx_login (f, "9996620002");
  SbxClient *cleo = sbx_login (f, "9996630003");
  CvnSandboxCall *call;
  const char *input;
  JsonNode *r, *u;
  gint64 msg_id;
  g_autoptr(GPtrArray) pushed = NULL;
  g_autofree char *slug_input = NULL;
#define BLOCKS "{\"_\":\"phone.getGroupCallChainBlocks\",\"call\":%s,\"sub_chain_id\":%d,\"offset\":%d,\"limit\":%d}"
#define BROADCAST "{\"_\":\"phone.sendConferenceCallBroadcast\",\"call\":%s,\"block\":{\"$hex\":\"%s\"}}"

  /* created without joining: the link comes back */
  r = sbx_ok (f, brian, "{\"_\":\"phone.createConferenceCall\",\"random_id\":5}");
  u = sbx_update (r, "updateGroupCall");
  g_assert_true (jbool (u, "call.conference"));
  g_assert_true (jbool (u, "call.creator"));
  g_assert_true (g_str_has_prefix (jstr (u, "call.invite_link"), "https://t.me/call/"));
  call = cvn_sandbox_world_get_call (f->world, jint (u, "call.id"));
  input = sbx_input_call (f, call);
  r = sbx_ok (f, brian, "{\"_\":\"phone.createConferenceCall\",\"random_id\":5}");
  g_assert_cmpint (jint (sbx_update (r, "updateGroupCall"), "call.id"), ==, call->id);

  /* created and joined at once: the call first, then the join's own updates */
  sbx_fails (f, ada, 400, "DATA_JSON_INVALID",
             "{\"_\":\"phone.createConferenceCall\",\"join\":true,\"random_id\":6,\"public_key\":{\"$hex\":\"%064d\"},"
             "\"block\":{\"$hex\":\"aa\"},\"params\":{\"_\":\"dataJSON\",\"data\":\"{}\"}}", 0);
  r = sbx_ok (f, ada, "{\"_\":\"phone.createConferenceCall\",\"join\":true,\"muted\":true,\"random_id\":6,"
                      "\"public_key\":{\"$hex\":\"%064d\"},\"block\":{\"$hex\":\"a0\"},\"params\":%s}",
              0, sbx_payload (f, 1200, FALSE));
  g_assert_cmpstr (jtype (r, "updates.0"), ==, "updateGroupCall");
  g_assert_nonnull (sbx_update (r, "updateGroupCallConnection"));
  g_assert_true (jbool (sbx_update (r, "updateGroupCallParticipants"), "participants.0.self"));

  /* joining Brian's: by its slug, as oneself only, no invite hashes; blocks kept in order */
  slug_input = g_strdup_printf ("{\"_\":\"inputGroupCallSlug\",\"slug\":\"%s\"}", call->slug);
  sbx_fails (f, ada, 400, "JOIN_AS_PEER_INVALID", JOIN, slug_input, sbx_channel_peer (f, RADIO), sbx_payload (f, 1300, FALSE));
  sbx_fails (f, ada, 400, "INVITE_HASH_INVALID",
             "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":%s,\"invite_hash\":\"x\",\"params\":%s}",
             slug_input, SELF, sbx_payload (f, 1300, FALSE));
  sbx_ok (f, brian, "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":%s,\"public_key\":{\"$hex\":\"%064d\"},"
                    "\"block\":{\"$hex\":\"b1\"},\"params\":%s}", input, SELF, 0, sbx_payload (f, 1301, FALSE));
  sbx_ok (f, ada, "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":%s,\"public_key\":{\"$hex\":\"%064d\"},"
                  "\"block\":{\"$hex\":\"a1\"},\"params\":%s}", slug_input, SELF, 0, sbx_payload (f, 1302, FALSE));
  r = sbx_ok (f, cleo, BLOCKS, input, 0, 0, 10);
  u = sbx_update (r, "updateGroupCallChainBlocks");
  g_assert_cmpuint (jlen (u, "blocks"), ==, 2);
  g_assert_cmpstr (jstr (u, "blocks.0.$hex"), ==, "b1");
  g_assert_cmpstr (jstr (u, "blocks.1.$hex"), ==, "a1");
  g_assert_cmpint (jint (u, "next_offset"), ==, 2);
  sbx_fails (f, cleo, 400, "SUB_CHAIN_ID_INVALID", BLOCKS, input, 2, 0, 10);
  sbx_fails (f, cleo, 400, "GROUPCALL_INVALID", BLOCKS, sbx_input_call (f, sbx_call_of (f, LOUNGE)), 0, 0, 10);

  /* broadcast blocks reach the others in order and stay fetchable */
  sbx_clear_pushed (ada);
  sbx_fails (f, cleo, 403, "GROUPCALL_FORBIDDEN", BROADCAST, input, "c0");
  sbx_fails (f, brian, 400, "BLOCK_INVALID", "{\"_\":\"phone.sendConferenceCallBroadcast\",\"call\":%s,\"block\":{\"$hex\":\"\"}}", input);
  r = sbx_ok (f, brian, BROADCAST, input, "0101");
  g_assert_cmpint (jint (sbx_update (r, "updateGroupCallChainBlocks"), "sub_chain_id"), ==, 1);
  sbx_ok (f, brian, BROADCAST, input, "0202");
  sbx_ok (f, brian, BROADCAST, input, "0303");
  sbx_wait_pushed (ada, "updateGroupCallChainBlocks", 3);
  pushed = sbx_pushed (ada, "updateGroupCallChainBlocks");
  g_assert_cmpstr (jstr (pushed->pdata[0], "blocks.0.$hex"), ==, "0101");
  g_assert_cmpstr (jstr (pushed->pdata[1], "blocks.0.$hex"), ==, "0202");
  g_assert_cmpstr (jstr (pushed->pdata[2], "blocks.0.$hex"), ==, "0303");
  g_assert_cmpint (jint (pushed->pdata[2], "next_offset"), ==, 3);
  r = sbx_ok (f, ada, BLOCKS, input, 1, 1, 10);
  u = sbx_update (r, "updateGroupCallChainBlocks");
  g_assert_cmpuint (jlen (u, "blocks"), ==, 2);
  g_assert_cmpstr (jstr (u, "blocks.0.$hex"), ==, "0202");
  g_assert_cmpstr (jstr (u, "blocks.1.$hex"), ==, "0303");
  r = sbx_ok (f, ada, BLOCKS, input, 1, -1, 10);
  g_assert_cmpstr (jstr (sbx_update (r, "updateGroupCallChainBlocks"), "blocks.0.$hex"), ==, "0303");

  /* inviting: a messageActionConferenceCall to the invitee, usable as inputGroupCallInviteMessage */
  sbx_fails (f, cleo, 403, "GROUPCALL_FORBIDDEN", "{\"_\":\"phone.inviteConferenceCallParticipant\",\"call\":%s,\"user_id\":%s}",
             input, sbx_input_user (f, ADA));
  sbx_fails (f, brian, 400, "USER_ALREADY_PARTICIPANT", "{\"_\":\"phone.inviteConferenceCallParticipant\",\"call\":%s,\"user_id\":%s}",
             input, sbx_input_user (f, ADA));
  sbx_clear_pushed (cleo);
  r = sbx_ok (f, brian, "{\"_\":\"phone.inviteConferenceCallParticipant\",\"video\":true,\"call\":%s,\"user_id\":%s}",
              input, sbx_input_user (f, CLEO));
  sbx_wait_pushed (cleo, "updateNewMessage", 1);
  g_clear_pointer (&pushed, g_ptr_array_unref);
  pushed = sbx_pushed (cleo, "updateNewMessage");
  u = pushed->pdata[0];
  g_assert_cmpstr (jtype (u, "message.action"), ==, "messageActionConferenceCall");
  g_assert_cmpint (jint (u, "message.action.call_id"), ==, call->id);
  g_assert_true (jbool (u, "message.action.video"));
  g_assert_false (jbool (u, "message.action.missed"));
  msg_id = jint (u, "message.id");
  r = sbx_ok (f, cleo, "{\"_\":\"phone.getGroupCall\",\"call\":{\"_\":\"inputGroupCallInviteMessage\",\"msg_id\":%" G_GINT64_FORMAT "},"
                       "\"limit\":5}", msg_id);
  g_assert_cmpint (jint (r, "call.id"), ==, call->id);
  g_assert_cmpint (jint (r, "call.participants_count"), ==, 2);
  /* Ada holds no such message */
  sbx_fails (f, ada, 400, "GROUPCALL_INVALID",
             "{\"_\":\"phone.getGroupCall\",\"call\":{\"_\":\"inputGroupCallInviteMessage\",\"msg_id\":%" G_GINT64_FORMAT "},"
             "\"limit\":5}", msg_id + 1000);
  /* declining marks it missed */
  sbx_fails (f, cleo, 400, "MESSAGE_ID_INVALID", "{\"_\":\"phone.declineConferenceCallInvite\",\"msg_id\":%" G_GINT64_FORMAT "}",
             msg_id + 1000);
  r = sbx_ok (f, cleo, "{\"_\":\"phone.declineConferenceCallInvite\",\"msg_id\":%" G_GINT64_FORMAT "}", msg_id);
  u = sbx_update (r, "updateEditMessage");
  g_assert_cmpint (jint (u, "message.id"), ==, msg_id);
  g_assert_true (jbool (u, "message.action.missed"));

  /* encrypted in-call messages go to the others as they are */
  sbx_clear_pushed (brian);
  sbx_fails (f, cleo, 400, "GROUPCALL_JOIN_MISSING",
             "{\"_\":\"phone.sendGroupCallEncryptedMessage\",\"call\":%s,\"encrypted_message\":{\"$hex\":\"00\"}}", input);
  sbx_fails (f, ada, 400, "GROUPCALL_INVALID",
             "{\"_\":\"phone.sendGroupCallEncryptedMessage\",\"call\":%s,\"encrypted_message\":{\"$hex\":\"00\"}}",
             sbx_input_call (f, sbx_call_of (f, LOUNGE)));
  sbx_fails (f, ada, 400, "MESSAGE_EMPTY",
             "{\"_\":\"phone.sendGroupCallEncryptedMessage\",\"call\":%s,\"encrypted_message\":{\"$hex\":\"\"}}", input);
  r = sbx_ok (f, ada, "{\"_\":\"phone.sendGroupCallEncryptedMessage\",\"call\":%s,\"encrypted_message\":{\"$hex\":\"c0ffee\"}}",
              input);
  g_assert_true (jbool (r, NULL));
  sbx_wait_pushed (brian, "updateGroupCallEncryptedMessage", 1);
  g_clear_pointer (&pushed, g_ptr_array_unref);
  pushed = sbx_pushed (brian, "updateGroupCallEncryptedMessage");
  g_assert_cmpstr (jstr (pushed->pdata[0], "encrypted_message.$hex"), ==, "c0ffee");
  g_assert_cmpint (jint (pushed->pdata[0], "from_id.user_id"), ==, ADA);

  /* no raised hands in conferences */
  sbx_fails (f, ada, 400, "RAISE_HAND_FORBIDDEN",
             "{\"_\":\"phone.editGroupCallParticipant\",\"call\":%s,\"participant\":%s,\"raise_hand\":true}", input, SELF);

  /* removing a participant: the block is kept, `left` goes out */
  sbx_clear_pushed (ada);
  sbx_fails (f, cleo, 403, "GROUPCALL_FORBIDDEN",
             "{\"_\":\"phone.deleteConferenceCallParticipants\",\"call\":%s,\"ids\":[\"%d\"],\"block\":{\"$hex\":\"d0\"}}",
             input, ADA);
  r = sbx_ok (f, brian, "{\"_\":\"phone.deleteConferenceCallParticipants\",\"kick\":true,\"call\":%s,\"ids\":[\"%d\"],"
                        "\"block\":{\"$hex\":\"d1\"}}", input, ADA);
  g_assert_true (jbool (sbx_update (r, "updateGroupCallParticipants"), "participants.0.left"));
  sbx_wait_pushed (ada, "updateGroupCallParticipants", 1);
  r = sbx_ok (f, brian, BLOCKS, input, 0, 0, 10);
  u = sbx_update (r, "updateGroupCallChainBlocks");
  g_assert_cmpuint (jlen (u, "blocks"), ==, 3);
  g_assert_cmpstr (jstr (u, "blocks.2.$hex"), ==, "d1");
  r = sbx_ok (f, brian, GET_CALL, input, 5);
  g_assert_cmpint (jint (r, "call.participants_count"), ==, 1);
#undef BLOCKS
#undef BROADCAST
}

/* --- in-call messages ----------------------------------------------------------------------------- */

static void
test_call_messages (SbxFixture    *f,
                    gconstpointer  data)
{
  SbxClient *ada = sbx_login (f, "9996610001");
  SbxClient *brian = sbx_login (f, "9996620002");
  SbxClient *cleo = sbx_login (f, "9996630003");
  CvnSandboxCall *lounge = sbx_call_of (f, LOUNGE);
  const char *input = sbx_input_call (f, lounge);
  JsonNode *r, *u;
  gint64 ada_msg, brian_msg;
  g_autoptr(GPtrArray) pushed = NULL;
#define SEND "{\"_\":\"phone.sendGroupCallMessage\",\"call\":%s,\"random_id\":\"%d\"," \
             "\"message\":{\"_\":\"textWithEntities\",\"text\":\"%s\",\"entities\":[]}}"

  sbx_fails (f, cleo, 400, "GROUPCALL_JOIN_MISSING", SEND, input, 1, "hello");
  sbx_ok (f, ada, JOIN, input, SELF, sbx_payload (f, 1400, FALSE));
  sbx_ok (f, brian, JOIN, input, SELF, sbx_payload (f, 1500, FALSE));
  if (lounge->messages_enabled)
    sbx_ok (f, ada, "{\"_\":\"phone.toggleGroupCallSettings\",\"call\":%s,\"messages_enabled\":false}", input);
  sbx_fails (f, brian, 403, "CHAT_WRITE_FORBIDDEN", SEND, input, 1, "hello");
  r = sbx_ok (f, ada, "{\"_\":\"phone.toggleGroupCallSettings\",\"call\":%s,\"messages_enabled\":true}", input);
  g_assert_true (jbool (sbx_update (r, "updateGroupCall"), "call.messages_enabled"));
  g_assert_true (jbool (sbx_update (r, "updateGroupCall"), "call.can_change_messages_enabled"));
  sbx_fails (f, brian, 400, "MESSAGE_EMPTY", SEND, input, 1, "");

  sbx_clear_pushed (ada);
  r = sbx_ok (f, brian, SEND, input, 1, "hello");
  u = sbx_update (r, "updateGroupCallMessage");
  g_assert_cmpstr (jstr (u, "message.message.text"), ==, "hello");
  g_assert_cmpint (jint (u, "message.from_id.user_id"), ==, BRIAN);
  g_assert_false (jbool (u, "message.from_admin"));
  brian_msg = jint (u, "message.id");
  sbx_wait_pushed (ada, "updateGroupCallMessage", 1);
  pushed = sbx_pushed (ada, "updateGroupCallMessage");
  g_assert_cmpint (jint (pushed->pdata[0], "message.id"), ==, brian_msg);
  r = sbx_ok (f, ada, SEND, input, 2, "welcome");
  u = sbx_update (r, "updateGroupCallMessage");
  g_assert_true (jbool (u, "message.from_admin"));
  ada_msg = jint (u, "message.id");
  g_assert_cmpint (ada_msg, >, brian_msg);
  /* as her channel */
  r = sbx_ok (f, ada, "{\"_\":\"phone.sendGroupCallMessage\",\"call\":%s,\"random_id\":\"3\",\"message\":"
                      "{\"_\":\"textWithEntities\",\"text\":\"on air\",\"entities\":[]},\"send_as\":%s}",
              input, sbx_channel_peer (f, RADIO));
  g_assert_cmpint (jint (sbx_update (r, "updateGroupCallMessage"), "message.from_id.channel_id"), ==, RADIO);
  sbx_fails (f, brian, 400, "JOIN_AS_PEER_INVALID",
             "{\"_\":\"phone.sendGroupCallMessage\",\"call\":%s,\"random_id\":\"4\",\"message\":"
             "{\"_\":\"textWithEntities\",\"text\":\"x\",\"entities\":[]},\"send_as\":%s}",
             input, sbx_channel_peer (f, RADIO));

  /* deleting: one's own, or anyone's as an admin */
  sbx_fails (f, brian, 403, "MESSAGE_DELETE_FORBIDDEN",
             "{\"_\":\"phone.deleteGroupCallMessages\",\"call\":%s,\"messages\":[%" G_GINT64_FORMAT "]}", input, ada_msg);
  sbx_fails (f, brian, 400, "MESSAGE_ID_INVALID",
             "{\"_\":\"phone.deleteGroupCallMessages\",\"call\":%s,\"messages\":[4242]}", input);
  sbx_clear_pushed (ada);
  r = sbx_ok (f, brian, "{\"_\":\"phone.deleteGroupCallMessages\",\"call\":%s,\"messages\":[%" G_GINT64_FORMAT "]}",
              input, brian_msg);
  g_assert_cmpint (jint (sbx_update (r, "updateDeleteGroupCallMessages"), "messages.0"), ==, brian_msg);
  sbx_wait_pushed (ada, "updateDeleteGroupCallMessages", 1);
  sbx_ok (f, brian, SEND, input, 5, "one");
  sbx_ok (f, brian, SEND, input, 6, "two");
  sbx_fails (f, brian, 400, "CHAT_ADMIN_REQUIRED",
             "{\"_\":\"phone.deleteGroupCallParticipantMessages\",\"call\":%s,\"participant\":%s}", input, SELF);
  r = sbx_ok (f, ada, "{\"_\":\"phone.deleteGroupCallParticipantMessages\",\"report_spam\":true,\"call\":%s,"
                      "\"participant\":%s}", input, user_peer (f, BRIAN));
  g_assert_cmpuint (jlen (sbx_update (r, "updateDeleteGroupCallMessages"), "messages"), ==, 2);

  /* stars and the default send-as peer */
  r = sbx_ok (f, brian, "{\"_\":\"phone.getGroupCallStars\",\"call\":%s}", input);
  g_assert_cmpstr (jtype (r, NULL), ==, "phone.groupCallStars");
  g_assert_cmpint (jint (r, "total_stars"), ==, 0);
  r = sbx_ok (f, ada, "{\"_\":\"phone.saveDefaultSendAs\",\"call\":%s,\"send_as\":%s}", input, sbx_channel_peer (f, RADIO));
  g_assert_true (jbool (r, NULL));
  sbx_fails (f, brian, 400, "JOIN_AS_PEER_INVALID", "{\"_\":\"phone.saveDefaultSendAs\",\"call\":%s,\"send_as\":%s}",
             input, sbx_channel_peer (f, RADIO));
  sbx_fails (f, brian, 400, "GROUPCALL_INVALID", "{\"_\":\"phone.getGroupCallStars\",\"call\":"
                                                 "{\"_\":\"inputGroupCall\",\"id\":\"1\",\"access_hash\":\"2\"}}");
#undef SEND
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  sbx_init ();

#define ADD(path, fn) g_test_add (path, SbxFixture, NULL, sbx_fixture_setup, fn, sbx_fixture_teardown)
  ADD ("/sandbox/methods/calls/input-call-forms", test_input_call_forms);
  ADD ("/sandbox/methods/calls/pagination", test_pagination);
  ADD ("/sandbox/methods/calls/create-schedule-discard", test_create_schedule_discard);
  ADD ("/sandbox/methods/calls/join-and-leave", test_join_and_leave);
  ADD ("/sandbox/methods/calls/versions-and-fanout", test_versions_and_fanout);
  ADD ("/sandbox/methods/calls/manage-call", test_manage_call);
  ADD ("/sandbox/methods/calls/streams-and-live-stories", test_streams_and_live_stories);
  ADD ("/sandbox/methods/calls/conference", test_conference);
  ADD ("/sandbox/methods/calls/call-messages", test_call_messages);
#undef ADD

  status = g_test_run ();
  sbx_shutdown ();
  return status;
}
