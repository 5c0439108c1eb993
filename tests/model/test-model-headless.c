/* test-model-headless.c: the whole model without a UI, against the in-process sandbox data
 * centre on loopback with its SFU: log in (CvnAccount), list the chats with calls
 * (CvnClient's chats), join the live video chat (CvnCallSession, media through the SFU), see
 * simulated participants join, speak (heard: :speaking comes from the voices' audio levels)
 * and leave in the model, raise a hand, leave.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "client-test-util.h"

#include "cvn-call-client-rpc-private.h"
#include "cvn-call-session-private.h"

static void
sfu_fixture_setup (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture_setup (f, data);
  g_assert_true (cvn_sandbox_world_start_sfu (f->world, "127.0.0.1", &error));
  g_assert_no_error (error);
}

typedef struct
{
  GListModel *list;
  guint       n;
} CountWait;

static gboolean
has_at_least (gpointer user_data)
{
  CountWait *wait = user_data;

  return g_list_model_get_n_items (wait->list) >= wait->n;
}

static CvnChat *
find_chat (GListModel *chats,
           gint64      id)
{
  for (guint i = 0; i < g_list_model_get_n_items (chats); i++)
    {
      g_autoptr(CvnChat) chat = g_list_model_get_item (chats, i);

      if (cvn_chat_get_id (chat) == id)
        return chat;
    }
  return NULL;
}

typedef struct
{
  CvnGroupCall *call;
  CvnPeerType   type;
  gint64        id;
  gboolean      present;
  int           speaking;    /* -1: any */
  int           hand;        /* -1: any */
} ParticipantWait;

static CvnGroupCallParticipant *
lookup (CvnGroupCall *call,
        CvnPeerType   type,
        gint64        id)
{
  return cvn_group_call_participant_list_lookup (CVN_GROUP_CALL_PARTICIPANT_LIST (cvn_group_call_get_participants (call)),
                                                 type, id);
}

static gboolean
participant_as_wanted (gpointer user_data)
{
  ParticipantWait *wait = user_data;
  CvnGroupCallParticipant *p = lookup (wait->call, wait->type, wait->id);

  if (!wait->present)
    return p == NULL;
  return p != NULL
         && (wait->speaking < 0 || cvn_group_call_participant_get_speaking (p) == wait->speaking)
         && (wait->hand < 0 || cvn_group_call_participant_get_hand_raised (p) == wait->hand);
}

static void
wait_participant (CvnGroupCall *call,
                  CvnPeerType   type,
                  gint64        id,
                  gboolean      present,
                  int           speaking,
                  int           hand)
{
  ParticipantWait wait = { call, type, id, present, speaking, hand };

  cvn_test_assert_wait (NULL, participant_as_wanted, &wait, WAIT_MS);
}

static gboolean
call_loaded (gpointer user_data)
{
  CvnGroupCall *call = user_data;

  return cvn_group_call_get_state (call) == CVN_GROUP_CALL_STATE_LIVE && !cvn_group_call_get_syncing (call);
}

static gboolean
session_joined (gpointer user_data)
{
  return cvn_call_session_get_state (user_data) == CVN_CALL_SESSION_STATE_JOINED;
}

static void
test_headless (Fixture       *f,
               gconstpointer  data)
{
  CvnClient *client = make_client (f, NULL);
  GListModel *chats = cvn_client_get_chats (client);
  g_autoptr(CvnCallAudio) audio = g_object_new (CVN_TYPE_CALL_AUDIO, "source", "audiotestsrc wave=silence is-live=true",
                                                "sink", "fakesink sync=false", "local-address", "127.0.0.1", NULL);
  g_autoptr(CvnCallSession) session = NULL;
  g_autoptr(GError) error = NULL;
  CountWait chats_wait = { chats, 4 };
  CvnSandboxCall *server;
  CvnSandboxParticipant *speaker = NULL;
  CvnGroupCall *call;
  CvnChat *lounge;
  gint64 call_id, guest;
  guint n_before;

  _cvn_group_call_sync_for_client (client);

  /* log in */
  login (client, ADA_PHONE);
  g_assert_cmpint (cvn_account_get_user_id (cvn_client_get_account (client)), ==, ADA);

  /* the chats with calls: the Lounge's is live */
  cvn_test_assert_wait (NULL, has_at_least, &chats_wait, WAIT_MS);
  lounge = find_chat (chats, LOUNGE);
  g_assert_nonnull (lounge);
  g_assert_true (cvn_chat_get_has_call (lounge));

  /* join it */
  session = _cvn_call_session_new_for_chat_full (client, lounge, audio);
  call = cvn_call_session_get_call (session);
  cvn_test_assert_wait (NULL, call_loaded, call, WAIT_MS);
  g_assert_cmpint (cvn_chat_get_call_state (lounge), ==, CVN_GROUP_CALL_STATE_LIVE);
  {
    g_autoptr(GAsyncResult) result = NULL;

    cvn_call_session_join_async (session, CVN_PEER_TYPE_USER, 0, CVN_CALL_JOIN_MUTED, NULL, NULL, store_result, &result);
    WAIT_RESULT (result);
    g_assert_true (cvn_call_session_operation_finish (session, result, &error));
    g_assert_no_error (error);
  }
  cvn_test_assert_wait (NULL, session_joined, session, WAIT_MS);
  wait_participant (call, CVN_PEER_TYPE_USER, ADA, TRUE, -1, -1);

  /* a simulated participant joins */
  call_id = cvn_group_call_get_id (call);
  server = cvn_sandbox_world_get_call (f->world, call_id);
  n_before = server->participants->len;
  g_assert_true (cvn_sandbox_world_sim_join (f->world, call_id, 0, FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (server->participants->len, ==, n_before + 1);
  guest = ((CvnSandboxParticipant *) server->participants->pdata[n_before])->peer.id;
  wait_participant (call, CVN_PEER_TYPE_USER, guest, TRUE, -1, -1);

  /* an unmuted simulated participant speaks: its voice comes through the SFU, and the
   * model hears it */
  for (guint i = 0; i < server->participants->len && speaker == NULL; i++)
    {
      CvnSandboxParticipant *p = server->participants->pdata[i];

      if (p->simulated && !p->muted && p->peer.type == CVN_SANDBOX_PEER_USER)
        speaker = p;
    }
  g_assert_nonnull (speaker);
  g_assert_true (cvn_sandbox_world_sim_speak (f->world, call_id, speaker->peer.id, &error));
  g_assert_no_error (error);
  wait_participant (call, CVN_PEER_TYPE_USER, speaker->peer.id, TRUE, TRUE, -1);

  /* and leaves */
  g_assert_true (cvn_sandbox_world_sim_leave (f->world, call_id, guest, &error));
  g_assert_no_error (error);
  wait_participant (call, CVN_PEER_TYPE_USER, guest, FALSE, -1, -1);

  /* raise a hand */
  {
    g_autoptr(GAsyncResult) result = NULL;

    cvn_call_session_set_hand_raised_async (session, TRUE, NULL, store_result, &result);
    WAIT_RESULT (result);
    g_assert_true (cvn_call_session_operation_finish (session, result, &error));
    g_assert_no_error (error);
  }
  wait_participant (call, CVN_PEER_TYPE_USER, ADA, TRUE, -1, TRUE);
  g_assert_cmpint (server->participants->len, ==, g_list_model_get_n_items (cvn_group_call_get_participants (call)));

  /* leave */
  {
    g_autoptr(GAsyncResult) result = NULL;

    cvn_call_session_leave_async (session, NULL, store_result, &result);
    g_assert_cmpint (cvn_call_session_get_state (session), ==, CVN_CALL_SESSION_STATE_LEFT);
    WAIT_RESULT (result);
    g_assert_true (cvn_call_session_operation_finish (session, result, &error));
    g_assert_no_error (error);
  }
  wait_participant (call, CVN_PEER_TYPE_USER, ADA, FALSE, -1, -1);
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

  g_test_add ("/model/headless", Fixture, NULL, sfu_fixture_setup, test_headless, fixture_teardown);

  return g_test_run ();
}
