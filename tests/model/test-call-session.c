/* test-call-session.c: CvnCallSession against the in-process sandbox data centre over
 * loopback: join the Lounge's video chat (media through the sandbox's SFU), the operations
 * reflected in the model, a lost source found by phone.checkGroupCall, an SSRC clash, the
 * call discarded, the RTMP credentials of Convene Radio.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "client-test-util.h"

#include "cvn-call-client-rpc-private.h"
#include "cvn-call-session-private.h"
#include "cvn-sandbox-calls-private.h"

#define SILENT "audiotestsrc wave=silence is-live=true"

/* The default world with the sandbox's SFU on loopback: media really flows. */
static void
sfu_fixture_setup (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture_setup (f, data);
  g_assert_true (cvn_sandbox_world_start_sfu (f->world, "127.0.0.1", &error));
  g_assert_no_error (error);
}

static CvnCallAudio *
make_audio (void)
{
  return g_object_new (CVN_TYPE_CALL_AUDIO, "source", SILENT, "sink", "fakesink sync=false",
                       "local-address", "127.0.0.1", NULL);
}

static CvnChat *
find_chat (GListModel *chats,
           gint64      id)
{
  for (guint i = 0; i < g_list_model_get_n_items (chats); i++)
    {
      g_autoptr(CvnChat) chat = g_list_model_get_item (chats, i);

      if (cvn_chat_get_id (chat) == id)
        return chat;   /* the list keeps it */
    }
  return NULL;
}

typedef struct
{
  GListModel *chats;
  gint64      id;
} ChatWait;

static gboolean
chat_listed (gpointer user_data)
{
  ChatWait *wait = user_data;

  return find_chat (wait->chats, wait->id) != NULL;
}

typedef struct
{
  CvnCallSession      *session;
  CvnCallSessionState  state;
} StateWait;

static gboolean
state_reached (gpointer user_data)
{
  StateWait *wait = user_data;

  return cvn_call_session_get_state (wait->session) == wait->state;
}

static void
wait_state (CvnCallSession      *session,
            CvnCallSessionState  state)
{
  StateWait wait = { session, state };
  g_autoptr(GError) error = NULL;

  if (!cvn_test_wait_until (NULL, state_reached, &wait, WAIT_MS, &error))
    g_error ("session state %d, waited for %d (%s)", cvn_call_session_get_state (session), state,
             cvn_call_session_get_error (session) ? cvn_call_session_get_error (session)->message : "no error");
}

static gboolean
call_live (gpointer user_data)
{
  CvnGroupCall *call = user_data;

  return cvn_group_call_get_state (call) == CVN_GROUP_CALL_STATE_LIVE && !cvn_group_call_get_syncing (call);
}

/* Logs in as Ada and makes a session for the Lounge's call, loaded. */
static CvnCallSession *
lounge_session (Fixture    *f,
                CvnClient **client_out)
{
  CvnClient *client = make_client (f, NULL);
  g_autoptr(CvnCallAudio) audio = make_audio ();
  ChatWait chat_wait = { cvn_client_get_chats (client), LOUNGE };
  CvnCallSession *session;

  /* the group-call glue from the start, as the app has it */
  _cvn_group_call_sync_for_client (client);
  login (client, ADA_PHONE);
  cvn_test_assert_wait (NULL, chat_listed, &chat_wait, WAIT_MS);

  session = _cvn_call_session_new_for_chat_full (client, find_chat (chat_wait.chats, LOUNGE), audio);
  g_assert_nonnull (session);
  cvn_test_assert_wait (NULL, call_live, cvn_call_session_get_call (session), WAIT_MS);
  *client_out = client;
  return session;
}

static void
join (CvnCallSession   *session,
      CvnCallJoinFlags  flags)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  cvn_call_session_join_async (session, CVN_PEER_TYPE_USER, 0, flags, NULL, NULL, store_result, &result);
  g_assert_cmpint (cvn_call_session_get_state (session), ==, CVN_CALL_SESSION_STATE_JOINING);
  WAIT_RESULT (result);
  g_assert_true (cvn_call_session_operation_finish (session, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_call_session_get_state (session), >=, CVN_CALL_SESSION_STATE_CONNECTING);
}

#define OPERATION(session, call) \
  G_STMT_START { \
    g_autoptr(GAsyncResult) _result = NULL; \
    g_autoptr(GError) _error = NULL; \
    call; \
    WAIT_RESULT (_result); \
    g_assert_true (cvn_call_session_operation_finish ((session), _result, &_error)); \
    g_assert_no_error (_error); \
  } G_STMT_END

static CvnGroupCallParticipant *
me_in (CvnCallSession *session)
{
  GListModel *list = cvn_group_call_get_participants (cvn_call_session_get_call (session));

  return cvn_group_call_participant_list_lookup (CVN_GROUP_CALL_PARTICIPANT_LIST (list), CVN_PEER_TYPE_USER, ADA);
}

static gboolean
me_present (gpointer user_data)
{
  CvnGroupCallParticipant *me = me_in (user_data);

  return me != NULL && (guint32) cvn_group_call_participant_get_source (me) == cvn_call_session_get_source (user_data);
}

static gboolean
me_absent (gpointer user_data)
{
  return me_in (user_data) == NULL;
}

static gboolean
my_hand_raised (gpointer user_data)
{
  CvnGroupCallParticipant *me = me_in (user_data);

  return me != NULL && cvn_group_call_participant_get_hand_raised (me);
}

static gboolean
me_unmuted (gpointer user_data)
{
  CvnGroupCallParticipant *me = me_in (user_data);

  return me != NULL && !cvn_group_call_participant_get_muted (me);
}

static void
test_join_and_operations (Fixture       *f,
                          gconstpointer  data)
{
  CvnClient *client = NULL;
  g_autoptr(CvnCallSession) session = lounge_session (f, &client);
  CvnGroupCall *call = cvn_call_session_get_call (session);
  CvnSandboxCall *server = cvn_sandbox_world_get_call (f->world, cvn_sandbox_world_find_call (f->world, LOUNGE));
  int count = cvn_group_call_get_participants_count (call);
  g_autofree char *link = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CvnGroupCallParticipant *other;

  g_assert_cmpint (cvn_group_call_get_id (call), ==, server->id);
  g_assert_cmpint (count, ==, 8);
  g_assert_cmpuint (g_list_model_get_n_items (cvn_group_call_get_participants (call)), ==, 8);

  /* joined: the server accepted us, and the media went through the sandbox's SFU */
  join (session, CVN_CALL_JOIN_MUTED);
  g_assert_cmpuint (cvn_call_session_get_source (session), !=, 0);
  cvn_test_assert_wait (NULL, me_present, session, WAIT_MS);
  g_assert_cmpint (cvn_group_call_get_participants_count (call), ==, count + 1);
  g_assert_true (cvn_group_call_participant_get_muted (me_in (session)));
  g_assert_true (cvn_group_call_participant_get_is_self (me_in (session)));
  wait_state (session, CVN_CALL_SESSION_STATE_JOINED);

  /* the operations, each seen in the model when the server answers */
  OPERATION (session, cvn_call_session_set_title_async (session, "Renamed", NULL, store_result, &_result));
  g_assert_cmpstr (cvn_group_call_get_title (call), ==, "Renamed");
  g_assert_cmpstr (server->title, ==, "Renamed");

  OPERATION (session, cvn_call_session_set_hand_raised_async (session, TRUE, NULL, store_result, &_result));
  cvn_test_assert_wait (NULL, my_hand_raised, session, WAIT_MS);

  OPERATION (session, cvn_call_session_set_muted_async (session, FALSE, NULL, store_result, &_result));
  g_assert_false (cvn_call_session_get_muted (session));
  cvn_test_assert_wait (NULL, me_unmuted, session, WAIT_MS);

  OPERATION (session, cvn_call_session_set_setting_async (session, CVN_CALL_SETTING_JOIN_MUTED, TRUE, NULL,
                                                          store_result, &_result));
  g_assert_true (cvn_group_call_get_join_muted (call));

  OPERATION (session, cvn_call_session_set_recording_async (session, TRUE, "Minutes", TRUE, FALSE, NULL,
                                                            store_result, &_result));
  g_assert_cmpint (cvn_group_call_get_record_start_date (call), !=, 0);
  g_assert_true (cvn_group_call_get_record_video_active (call));
  OPERATION (session, cvn_call_session_set_recording_async (session, FALSE, NULL, FALSE, FALSE, NULL,
                                                            store_result, &_result));
  g_assert_cmpint (cvn_group_call_get_record_start_date (call), ==, 0);

  /* an admin mutes someone else */
  other = cvn_group_call_participant_list_lookup (CVN_GROUP_CALL_PARTICIPANT_LIST (cvn_group_call_get_participants (call)),
                                                  CVN_PEER_TYPE_USER, ((CvnSandboxParticipant *) server->participants->pdata[0])->peer.id);
  if (other != NULL && !cvn_group_call_participant_get_muted (other))
    {
      OPERATION (session, cvn_call_session_set_participant_muted_async (session, other, TRUE, NULL,
                                                                         store_result, &_result));
      g_assert_true (cvn_group_call_participant_get_muted (other));
    }

  /* a per-participant volume, by an admin */
  if (other != NULL)
    {
      OPERATION (session, cvn_call_session_set_participant_volume_async (session, other, 5000, NULL,
                                                                          store_result, &_result));
      g_assert_cmpint (cvn_group_call_participant_get_volume (other), ==, 5000);
    }

  /* our camera is off (we joined without one) */
  OPERATION (session, cvn_call_session_set_video_flag_async (session, CVN_CALL_VIDEO_STOPPED, TRUE, NULL,
                                                             store_result, &_result));

  /* an invitation */
  {
    gint64 brian = BRIAN;

    OPERATION (session, cvn_call_session_invite_users_async (session, &brian, 1, NULL, store_result, &_result));
  }

  /* the peers we may join as, and saving one as the default */
  {
    g_autoptr(GAsyncResult) listed = NULL;
    g_autofree CvnPeerType *types = NULL;
    g_autofree gint64 *ids = NULL;
    guint n = 0;
    gboolean self_listed = FALSE;

    cvn_call_session_fetch_join_as_async (session, NULL, store_result, &listed);
    WAIT_RESULT (listed);
    g_assert_true (cvn_call_session_fetch_join_as_finish (session, listed, &types, &ids, &n, &error));
    g_assert_no_error (error);
    for (guint i = 0; i < n; i++)
      self_listed |= types[i] == CVN_PEER_TYPE_USER && ids[i] == ADA;
    g_assert_true (self_listed);
    g_assert_cmpuint (n, >, 1);   /* Ada owns channels too */
    OPERATION (session, cvn_call_session_save_default_join_as_async (session, types[0], ids[0], NULL,
                                                                     store_result, &_result));
  }

  cvn_call_session_export_invite_async (session, TRUE, NULL, store_result, &result);
  WAIT_RESULT (result);
  link = cvn_call_session_export_invite_finish (session, result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (link);
  g_assert_true (strstr (link, "voicechat=") != NULL || strstr (link, "videochat=") != NULL
                 || strstr (link, "livestream=") != NULL);

  OPERATION (session, cvn_call_session_send_message_async (session, "hello, call", NULL, store_result, &_result));
  g_assert_cmpuint (g_list_model_get_n_items (cvn_call_session_get_messages (session)), ==, 1);
  {
    g_autoptr(CvnCallMessage) message = g_list_model_get_item (cvn_call_session_get_messages (session), 0);
    int id = cvn_call_message_get_id (message);

    g_assert_cmpstr (cvn_call_message_get_text (message), ==, "hello, call");
    g_assert_cmpint (cvn_call_message_get_from_id (message), ==, ADA);
    OPERATION (session, cvn_call_session_delete_messages_async (session, &id, 1, NULL, store_result, &_result));
    g_assert_cmpuint (g_list_model_get_n_items (cvn_call_session_get_messages (session)), ==, 0);
  }

  /* leaving: out at once, and out of the list when the server answers */
  OPERATION (session, cvn_call_session_leave_async (session, NULL, store_result, &_result));
  g_assert_cmpint (cvn_call_session_get_state (session), ==, CVN_CALL_SESSION_STATE_LEFT);
  cvn_test_assert_wait (NULL, me_absent, session, WAIT_MS);
}

static void
test_missing_source_rejoins (Fixture       *f,
                             gconstpointer  data)
{
  CvnClient *client = NULL;
  g_autoptr(CvnCallSession) session = lounge_session (f, &client);
  CvnSandboxCall *server = cvn_sandbox_world_get_call (f->world, cvn_sandbox_world_find_call (f->world, LOUNGE));
  CvnSandboxParticipant *mine = NULL;
  guint32 first_source;

  join (session, CVN_CALL_JOIN_MUTED);
  wait_state (session, CVN_CALL_SESSION_STATE_JOINED);
  first_source = cvn_call_session_get_source (session);

  /* the server forgets us without telling: only phone.checkGroupCall can find out */
  for (guint i = 0; i < server->participants->len; i++)
    if (((CvnSandboxParticipant *) server->participants->pdata[i])->source == first_source)
      mine = server->participants->pdata[i];
  g_assert_nonnull (mine);
  cvn_sandbox_call_remove_participant (server, mine);
  cvn_sandbox_participant_free (mine);

  _cvn_call_session_set_check_interval (session, 200);
  wait_state (session, CVN_CALL_SESSION_STATE_REJOINING);
  wait_state (session, CVN_CALL_SESSION_STATE_JOINED);
  g_assert_cmpuint (_cvn_call_session_get_n_rejoins (session), ==, 1);
  g_assert_cmpuint (cvn_call_session_get_source (session), !=, first_source);
  cvn_test_assert_wait (NULL, me_present, session, WAIT_MS);
}

static void
test_sfu_restart_rejoins (Fixture       *f,
                          gconstpointer  data)
{
  CvnClient *client = NULL;
  g_autoptr(CvnCallSession) session = lounge_session (f, &client);
  guint32 first_source;

  join (session, CVN_CALL_JOIN_MUTED);
  wait_state (session, CVN_CALL_SESSION_STATE_JOINED);
  first_source = cvn_call_session_get_source (session);

  /* a crashed SFU: every transport dropped, the clients must join again */
  g_assert_cmpuint (cvn_sandbox_world_restart_sfu (f->world), >=, 1);
  wait_state (session, CVN_CALL_SESSION_STATE_REJOINING);
  wait_state (session, CVN_CALL_SESSION_STATE_JOINED);
  g_assert_cmpuint (_cvn_call_session_get_n_rejoins (session), ==, 1);
  g_assert_cmpuint (cvn_call_session_get_source (session), !=, first_source);
  cvn_test_assert_wait (NULL, me_present, session, WAIT_MS);
}

typedef struct
{
  CvnSandboxCall        *server;
  CvnSandboxParticipant *owner;
  guint32                taken;
} Clash;

/* The first payload's SSRC is made someone else's before the server sees it. */
static void
take_first_source (CvnCallSession *session,
                   GParamSpec     *pspec,
                   Clash          *clash)
{
  if (clash->taken != 0 || cvn_call_session_get_source (session) == 0)
    return;
  clash->taken = cvn_call_session_get_source (session);
  g_hash_table_insert (clash->server->by_source, GUINT_TO_POINTER (clash->taken), clash->owner);
}

static void
test_ssrc_duplicate_retried (Fixture       *f,
                             gconstpointer  data)
{
  CvnClient *client = NULL;
  g_autoptr(CvnCallSession) session = lounge_session (f, &client);
  Clash clash = { 0 };

  clash.server = cvn_sandbox_world_get_call (f->world, cvn_sandbox_world_find_call (f->world, LOUNGE));
  clash.owner = clash.server->participants->pdata[0];
  g_signal_connect (session, "notify::source", G_CALLBACK (take_first_source), &clash);

  join (session, CVN_CALL_JOIN_MUTED);
  g_signal_handlers_disconnect_by_data (session, &clash);
  g_hash_table_remove (clash.server->by_source, GUINT_TO_POINTER (clash.taken));

  g_assert_cmpuint (clash.taken, !=, 0);
  g_assert_cmpuint (_cvn_call_session_get_n_join_attempts (session), ==, 2);
  g_assert_cmpuint (cvn_call_session_get_source (session), !=, clash.taken);
  cvn_test_assert_wait (NULL, me_present, session, WAIT_MS);
  wait_state (session, CVN_CALL_SESSION_STATE_JOINED);
}

static void
test_discard_ends (Fixture       *f,
                   gconstpointer  data)
{
  CvnClient *client = NULL;
  g_autoptr(CvnCallSession) session = lounge_session (f, &client);
  CvnGroupCall *call = cvn_call_session_get_call (session);

  join (session, CVN_CALL_JOIN_MUTED);
  OPERATION (session, cvn_call_session_end_async (session, NULL, store_result, &_result));
  g_assert_cmpint (cvn_group_call_get_state (call), ==, CVN_GROUP_CALL_STATE_DISCARDED);
  g_assert_cmpint (cvn_call_session_get_state (session), ==, CVN_CALL_SESSION_STATE_ENDED);
  g_assert_cmpuint (g_list_model_get_n_items (cvn_group_call_get_participants (call)), ==, 0);
}

static gboolean
call_scheduled (gpointer user_data)
{
  return cvn_group_call_get_state (user_data) == CVN_GROUP_CALL_STATE_SCHEDULED;
}

static void
test_create_scheduled_and_start (Fixture       *f,
                                 gconstpointer  data)
{
  CvnClient *client = NULL;
  g_autoptr(CvnCallSession) old = lounge_session (f, &client);
  g_autoptr(CvnCallSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 when = g_get_real_time () / G_USEC_PER_SEC + 3600;
  CvnChat *lounge = find_chat (cvn_client_get_chats (client), LOUNGE);
  CvnGroupCall *call;

  /* one call per chat: the live one ends first */
  OPERATION (old, cvn_call_session_end_async (old, NULL, store_result, &_result));
  g_assert_cmpint (cvn_call_session_get_state (old), ==, CVN_CALL_SESSION_STATE_ENDED);

  cvn_call_session_create_async (client, lounge, CVN_CALL_CREATE_VIDEO_CHAT, "Later", when, NULL,
                                 store_result, &result);
  WAIT_RESULT (result);
  session = cvn_call_session_create_finish (result, &error);
  g_assert_no_error (error);
  g_assert_nonnull (session);
  call = cvn_call_session_get_call (session);
  g_assert_true (call != cvn_call_session_get_call (old));
  cvn_test_assert_wait (NULL, call_scheduled, call, WAIT_MS);
  g_assert_cmpint (cvn_group_call_get_schedule_date (call), ==, when);
  g_assert_cmpstr (cvn_group_call_get_title (call), ==, "Later");

  OPERATION (session, cvn_call_session_set_start_subscribed_async (session, TRUE, NULL, store_result, &_result));
  g_assert_true (cvn_group_call_get_schedule_start_subscribed (call));

  OPERATION (session, cvn_call_session_start_scheduled_async (session, NULL, store_result, &_result));
  g_assert_cmpint (cvn_group_call_get_state (call), ==, CVN_GROUP_CALL_STATE_LIVE);
  g_assert_cmpint (cvn_group_call_get_schedule_date (call), ==, 0);
  /* (joining is tested above; this session's audio uses every interface, not only loopback) */
}

static void
test_joined_elsewhere (Fixture       *f,
                       gconstpointer  data)
{
  CvnClient *client = NULL;
  g_autoptr(CvnCallSession) session = lounge_session (f, &client);
  CvnClient *other_client = NULL;
  g_autoptr(CvnCallSession) other = lounge_session (f, &other_client);

  join (session, CVN_CALL_JOIN_MUTED);
  wait_state (session, CVN_CALL_SESSION_STATE_JOINED);

  /* the same account joins from another device: this session gives way */
  join (other, CVN_CALL_JOIN_MUTED);
  wait_state (session, CVN_CALL_SESSION_STATE_LEFT);
  g_assert_error (cvn_call_session_get_error (session), CVN_MODEL_ERROR, CVN_MODEL_ERROR_JOINED_ELSEWHERE);
  wait_state (other, CVN_CALL_SESSION_STATE_JOINED);
  g_assert_cmpuint (_cvn_call_session_get_n_rejoins (other), ==, 0);
}

static void
test_conference (Fixture       *f,
                 gconstpointer  data)
{
  CvnClient *client = make_client (f, NULL);
  g_autoptr(CvnCallAudio) audio = make_audio ();
  g_autoptr(CvnCallSession) created = NULL;
  g_autoptr(CvnCallSession) session = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) declined = NULL;
  g_autoptr(GError) error = NULL;

  _cvn_group_call_sync_for_client (client);
  login (client, ADA_PHONE);

  /* a new conference */
  cvn_call_session_create_conference_async (client, NULL, store_result, &result);
  WAIT_RESULT (result);
  created = cvn_call_session_create_finish (result, &error);
  g_assert_no_error (error);
  g_assert_true (cvn_group_call_get_conference (cvn_call_session_get_call (created)));
  g_assert_cmpint (cvn_group_call_get_kind (cvn_call_session_get_call (created)), ==, CVN_GROUP_CALL_KIND_CONFERENCE);
  g_clear_object (&result);

  /* the default world's conference, by the slug of its link, joined */
  cvn_call_session_new_for_slug_async (client, "convene-demo", NULL, store_result, &result);
  WAIT_RESULT (result);
  session = cvn_call_session_create_finish (result, &error);
  g_assert_no_error (error);
  cvn_test_assert_wait (NULL, call_live, cvn_call_session_get_call (session), WAIT_MS);
  g_assert_true (cvn_group_call_get_conference (cvn_call_session_get_call (session)));
  _cvn_call_session_set_audio (session, audio);
  join (session, CVN_CALL_JOIN_MUTED);
  wait_state (session, CVN_CALL_SESSION_STATE_JOINED);
  cvn_test_assert_wait (NULL, me_present, session, WAIT_MS);

  /* declining an invitation that does not exist: the server's error comes back */
  cvn_call_session_decline_conference_invite_async (client, 424242, NULL, store_result, &declined);
  WAIT_RESULT (declined);
  g_assert_false (cvn_call_session_decline_finish (declined, &error));
  g_assert_error (error, CVN_MTPROTO_RPC_ERROR, 400);
  g_assert_cmpstr (cvn_mtproto_rpc_error_get_message (error), ==, "MESSAGE_ID_INVALID");
}

/* Logs in with @phone and makes a session for the call of @chat_id, not joined. */
static CvnCallSession *
chat_session (Fixture    *f,
              const char *phone,
              gint64      chat_id)
{
  CvnClient *client = make_client (f, NULL);
  g_autoptr(CvnCallAudio) audio = make_audio ();
  ChatWait chat_wait = { cvn_client_get_chats (client), chat_id };
  CvnCallSession *session;

  _cvn_group_call_sync_for_client (client);
  login (client, phone);
  cvn_test_assert_wait (NULL, chat_listed, &chat_wait, WAIT_MS);
  session = _cvn_call_session_new_for_chat_full (client, find_chat (chat_wait.chats, chat_id), audio);
  g_assert_nonnull (session);
  return session;
}

static gboolean
fetch_rtmp_credentials (CvnCallSession  *session,
                        gboolean         revoke,
                        char           **url,
                        char           **key,
                        GError         **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cvn_call_session_fetch_rtmp_credentials_async (session, revoke, NULL, store_result, &result);
  WAIT_RESULT (result);
  return cvn_call_session_fetch_rtmp_credentials_finish (session, result, url, key, error);
}

static void
test_rtmp_credentials (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(CvnCallSession) owner = chat_session (f, ADA_PHONE, RADIO);
  g_autoptr(CvnCallSession) member = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;
  g_autofree char *same_key = NULL;
  g_autofree char *new_url = NULL;
  g_autofree char *new_key = NULL;

  /* Ada owns Convene Radio: the URL and a key, the same key when asked again */
  g_assert_true (fetch_rtmp_credentials (owner, FALSE, &url, &key, &error));
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (url, "rtmp://"));
  g_assert_cmpstr (key, !=, "");
  g_assert_true (fetch_rtmp_credentials (owner, FALSE, NULL, &same_key, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (same_key, ==, key);

  /* revoked: a new key, the same URL */
  g_assert_true (fetch_rtmp_credentials (owner, TRUE, &new_url, &new_key, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (new_url, ==, url);
  g_assert_cmpstr (new_key, !=, "");
  g_assert_cmpstr (new_key, !=, key);

  /* Brian is a member, not the owner: CHAT_ADMIN_REQUIRED, in the user's words */
  member = chat_session (f, BRIAN_PHONE, RADIO);
  g_assert_false (fetch_rtmp_credentials (member, FALSE, NULL, NULL, &error));
  g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_FAILED);
  g_assert_cmpstr (error->message, ==, "Only the owner of the chat can see its stream key.");
}

int
main (int   argc,
      char *argv[])
{
  /* sessions made without a CvnCallAudio of the test's (created calls) use these devices */
  g_setenv ("CVN_AUDIOSRC", "audiotestsrc wave=silence is-live=true", TRUE);
  g_setenv ("CVN_AUDIOSINK", "fakesink sync=false", TRUE);
  g_test_init (&argc, &argv, NULL);
  test_init_server_key ();

  g_test_add ("/model/call-session/join-and-operations", Fixture, NULL, sfu_fixture_setup, test_join_and_operations,
              fixture_teardown);
  g_test_add ("/model/call-session/missing-source-rejoins", Fixture, NULL, sfu_fixture_setup,
              test_missing_source_rejoins, fixture_teardown);
  g_test_add ("/model/call-session/sfu-restart-rejoins", Fixture, NULL, sfu_fixture_setup, test_sfu_restart_rejoins,
              fixture_teardown);
  g_test_add ("/model/call-session/ssrc-duplicate-retried", Fixture, NULL, sfu_fixture_setup,
              test_ssrc_duplicate_retried, fixture_teardown);
  g_test_add ("/model/call-session/discard-ends", Fixture, NULL, sfu_fixture_setup, test_discard_ends, fixture_teardown);
  g_test_add ("/model/call-session/create-scheduled-and-start", Fixture, NULL, sfu_fixture_setup,
              test_create_scheduled_and_start, fixture_teardown);
  g_test_add ("/model/call-session/conference", Fixture, NULL, sfu_fixture_setup, test_conference, fixture_teardown);
  g_test_add ("/model/call-session/rtmp-credentials", Fixture, NULL, fixture_setup, test_rtmp_credentials,
              fixture_teardown);
  g_test_add ("/model/call-session/joined-elsewhere", Fixture, NULL, sfu_fixture_setup, test_joined_elsewhere,
              fixture_teardown);

  return g_test_run ();
}
