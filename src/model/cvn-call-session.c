/* cvn-call-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The state machine (see cvn-call-session.h) and the requests of a joined call. Rules from
 * the group-calls page of the seeds and TDLib's GroupCallManager:
 *
 * - joining: phone.joinGroupCall with the CvnCallAudio payload; the answer comes as
 *   updateGroupCallConnection (inside the result) and starts the media;
 *   GROUPCALL_SSRC_DUPLICATE_MUCH: a new payload (new SSRC) and again;
 * - while joined, phone.checkGroupCall with our source every 10 s: a result without it (or
 *   GROUPCALL_JOIN_MISSING) means the server forgot us: join again;
 * - updates about ourselves: `left` with our source → join again; a join with another
 *   source, newer than ours → we joined from elsewhere: this session leaves;
 * - groupCallDiscarded → ended.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "cvn-call-client-rpc-private.h"
#include "cvn-call-message-private.h"
#include "cvn-call-session-private.h"
#include "cvn-group-call-participant-private.h"
#include "cvn-group-call-participant-list.h"
#include "cvn-model-error.h"
#include "cvn-mtproto-error.h"

#define DEFAULT_CHECK_INTERVAL_MS 10000
#define MAX_SSRC_RETRIES          5
/* A media failure waits this long for the update that may explain it (another device of
 * ours took our place: the SFU closed our transport first). */
#define MEDIA_FAILURE_GRACE_MS    1000
/* Media lost after it flowed (the SFU restarted, a network change) is joined again this many
 * times in a row before the session fails. */
#define MAX_MEDIA_REJOINS         3

struct _CvnCallSession
{
  GObject              parent_instance;

  CvnGroupCallSync    *sync;
  CvnGroupCall        *call;
  gboolean             has_chat;
  CvnPeer              chat;
  CvnCallAudio        *audio;
  GCancellable        *cancellable;     /* the session's own requests; cancelled on dispose */

  CvnCallSessionState  state;
  GError              *error;

  /* join parameters, kept for rejoins */
  CvnPeer              join_as;
  gboolean             has_default_join_as;
  CvnPeer              default_join_as;
  CvnCallJoinFlags     join_flags;
  char                *invite_hash;

  guint32              ssrc;
  gint32               joined_version;  /* the call's version when the server accepted us */
  GTask               *join_task;
  guint                n_attempts;
  guint                n_rejoins;
  guint                ssrc_retries;
  gboolean             join_in_flight;

  guint                media_grace_timer;
  guint                media_rejoins;   /* in a row, without media connecting in between */
  guint                check_interval;
  guint                check_timer;
  gboolean             check_in_flight;

  GListStore          *messages;
};

enum {
  PROP_0,
  PROP_CALL,
  PROP_STATE,
  PROP_ERROR,
  PROP_SOURCE,
  PROP_MUTED,
  PROP_JOIN_AS_TYPE,
  PROP_JOIN_AS_ID,
  PROP_MESSAGES,
  PROP_MICROPHONE_ERROR,
  PROP_SPEAKER_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CvnCallSession, cvn_call_session, G_TYPE_OBJECT)

static void send_join          (CvnCallSession *self);
static void schedule_check     (CvnCallSession *self);

/* ------------------------------------------------------------------------------------------
 * state
 */

static void
set_state (CvnCallSession      *self,
           CvnCallSessionState  state)
{
  if (self->state == state)
    return;

  g_debug ("call session: %s -> %s",
           g_enum_get_value (g_type_class_peek (CVN_TYPE_CALL_SESSION_STATE), self->state)->value_nick,
           g_enum_get_value (g_type_class_peek (CVN_TYPE_CALL_SESSION_STATE), state)->value_nick);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static gboolean
is_in_call (CvnCallSession *self)
{
  return self->state == CVN_CALL_SESSION_STATE_JOINING || self->state == CVN_CALL_SESSION_STATE_CONNECTING
         || self->state == CVN_CALL_SESSION_STATE_JOINED || self->state == CVN_CALL_SESSION_STATE_REJOINING;
}

static void
stop_media_grace (CvnCallSession *self)
{
  if (self->media_grace_timer != 0)
    {
      cvn_clock_remove_timeout (cvn_group_call_get_clock (self->call), self->media_grace_timer);
      self->media_grace_timer = 0;
    }
}

static void
stop_check (CvnCallSession *self)
{
  if (self->check_timer != 0)
    {
      cvn_clock_remove_timeout (cvn_group_call_get_clock (self->call), self->check_timer);
      self->check_timer = 0;
    }
}

static void
finish_join_task (CvnCallSession *self,
                  const GError   *error)
{
  g_autoptr(GTask) task = g_steal_pointer (&self->join_task);

  if (task == NULL)
    return;
  if (error != NULL)
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_boolean (task, TRUE);
}

/* Out of the call for good: media stopped, checks stopped, @state with @error. */
static void
end_session (CvnCallSession      *self,
             CvnCallSessionState  state,
             GError              *error)
{
  g_autoptr(GError) owned = error;

  stop_check (self);
  stop_media_grace (self);
  cvn_call_audio_stop (self->audio);

  if (owned != NULL)
    {
      g_clear_error (&self->error);
      self->error = g_error_copy (owned);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  finish_join_task (self, owned != NULL ? owned : NULL);
  set_state (self, state);
}

/* ------------------------------------------------------------------------------------------
 * requests
 */

static void
invoke (CvnCallSession      *self,
        const CvnTlObject   *query,
        GCancellable        *cancellable,
        GAsyncReadyCallback  callback,
        gpointer             user_data)
{
  _cvn_call_rpc_invoke_async (_cvn_group_call_sync_get_rpc (self->sync), query, cancellable, callback, user_data);
}

static CvnTlObject *
input_call (CvnCallSession *self,
            CvnTlArena     *arena)
{
  return _cvn_group_call_sync_input_call (self->sync, arena, self->call);
}

static CvnTlObject *
input_peer (CvnCallSession *self,
            CvnTlArena     *arena,
            CvnPeerType     type,
            gint64          id)
{
  CvnPeer peer = { type, id };

  return _cvn_group_call_sync_input_peer (self->sync, arena, &peer);
}

static void
operation_done (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(CvnCallReply) reply = NULL;
  GError *error = NULL;

  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

/* Sends @query; the task finishes with the answer (the model has the Updates by then). */
static void
run_operation (CvnCallSession      *self,
               const CvnTlObject   *query,
               gpointer             source_tag,
               GCancellable        *cancellable,
               GAsyncReadyCallback  callback,
               gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  invoke (self, query, cancellable, operation_done, task);
}

gboolean
cvn_call_session_operation_finish (CvnCallSession  *self,
                                   GAsyncResult    *result,
                                   GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static gboolean
check_call_known (CvnCallSession *self,
                  GTask          *task)
{
  if (cvn_group_call_get_id (self->call) != 0)
    return TRUE;
  g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_WRONG_STATE,
                           _("The call is not loaded yet."));
  return FALSE;
}

/* ------------------------------------------------------------------------------------------
 * joining
 */

static void
join_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CvnCallSession) self = user_data;
  g_autoptr(CvnCallReply) reply = NULL;
  g_autoptr(GError) error = NULL;

  self->join_in_flight = FALSE;
  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  if (self->state != CVN_CALL_SESSION_STATE_JOINING && self->state != CVN_CALL_SESSION_STATE_REJOINING
      && self->state != CVN_CALL_SESSION_STATE_CONNECTING)
    return;   /* left or ended meanwhile */

  if (reply == NULL)
    {
      if (g_strcmp0 (cvn_mtproto_rpc_error_get_message (error), "GROUPCALL_SSRC_DUPLICATE_MUCH") == 0
          && self->ssrc_retries < MAX_SSRC_RETRIES)
        {
          /* "the SSRC is already used in the call": a new payload draws a new one */
          self->ssrc_retries++;
          g_debug ("join: SSRC %u taken; again with a new payload", self->ssrc);
          send_join (self);
          return;
        }
      end_session (self, CVN_CALL_SESSION_STATE_FAILED, g_steal_pointer (&error));
      return;
    }

  self->ssrc_retries = 0;
  self->joined_version = cvn_group_call_get_version (self->call);
  /* The answer (updateGroupCallConnection) came inside the result and started the media;
   * the state is connecting or joined now. */
  if (self->state == CVN_CALL_SESSION_STATE_JOINING || self->state == CVN_CALL_SESSION_STATE_REJOINING)
    set_state (self, CVN_CALL_SESSION_STATE_CONNECTING);
  finish_join_task (self, NULL);
  schedule_check (self);
}

static void
send_join (CvnCallSession *self)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *payload = NULL;
  CvnTlApiPhoneJoinGroupCall *query;
  CvnTlApiDataJSON *params;

  /* a fresh transport every time: new ICE credentials, certificate and SSRC */
  payload = cvn_call_audio_create_join_payload (self->audio, &error);
  if (payload == NULL)
    {
      g_autoptr(GError) media = g_error_new (CVN_MODEL_ERROR, CVN_MODEL_ERROR_MEDIA,
                                             _("Could not set up the call’s audio: %s"), error->message);

      end_session (self, CVN_CALL_SESSION_STATE_FAILED, g_steal_pointer (&media));
      return;
    }
  self->ssrc = cvn_call_audio_get_ssrc (self->audio);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SOURCE]);
  self->n_attempts++;

  query = (CvnTlApiPhoneJoinGroupCall *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_JOIN_GROUP_CALL_CTOR);
  query->call = input_call (self, arena);
  query->join_as = input_peer (self, arena, self->join_as.type, self->join_as.id);
  query->muted = cvn_call_audio_get_muted (self->audio);
  query->video_stopped = (self->join_flags & CVN_CALL_JOIN_VIDEO_STOPPED) != 0;
  if (self->invite_hash != NULL)
    cvn_tl_string_set (arena, &query->invite_hash, self->invite_hash);
  params = (CvnTlApiDataJSON *) cvn_tl_object_new (arena, CVN_TL_API_DATA_JSON_CTOR);
  cvn_tl_string_set (arena, &params->data, payload);
  query->params = &params->parent;

  self->join_in_flight = TRUE;
  invoke (self, &query->parent, self->cancellable, join_cb, g_object_ref (self));
}

static void
rejoin (CvnCallSession *self,
        const char     *why)
{
  if (self->state != CVN_CALL_SESSION_STATE_CONNECTING && self->state != CVN_CALL_SESSION_STATE_JOINED)
    return;
  if (self->join_in_flight)
    return;

  g_debug ("call session: joining again: %s", why);
  self->n_rejoins++;
  stop_check (self);
  set_state (self, CVN_CALL_SESSION_STATE_REJOINING);
  send_join (self);
}

void
cvn_call_session_join_async (CvnCallSession      *self,
                             CvnPeerType          join_as_type,
                             gint64               join_as_id,
                             CvnCallJoinFlags     flags,
                             const char          *invite_hash,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  gint64 me;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_call_session_join_async);

  if (is_in_call (self) || self->state == CVN_CALL_SESSION_STATE_ENDED)
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_WRONG_STATE,
                               self->state == CVN_CALL_SESSION_STATE_ENDED ? _("The call has ended.")
                                                                          : _("Already in the call."));
      return;
    }
  if (!check_call_known (self, task))
    return;

  me = _cvn_call_rpc_get_user_id (_cvn_group_call_sync_get_rpc (self->sync));
  if (join_as_id != 0)
    self->join_as = (CvnPeer) { join_as_type, join_as_id };
  else if (self->has_default_join_as)
    self->join_as = self->default_join_as;
  else
    self->join_as = (CvnPeer) { CVN_PEER_TYPE_USER, me };
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOIN_AS_TYPE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOIN_AS_ID]);

  self->join_flags = flags;
  g_free (self->invite_hash);
  self->invite_hash = g_strdup (invite_hash);
  g_clear_error (&self->error);
  cvn_call_audio_set_muted (self->audio, (flags & CVN_CALL_JOIN_MUTED) != 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);

  self->join_task = g_steal_pointer (&task);
  self->ssrc_retries = 0;
  set_state (self, CVN_CALL_SESSION_STATE_JOINING);
  send_join (self);
}

/* updateGroupCallConnection: the SFU's answer to our payload. */
static void
connection_cb (CvnGroupCallSync *sync,
               const char       *params,
               gboolean          presentation,
               gpointer          user_data)
{
  CvnCallSession *self = user_data;
  g_autoptr(GError) error = NULL;

  if (presentation || !(self->state == CVN_CALL_SESSION_STATE_JOINING
                        || self->state == CVN_CALL_SESSION_STATE_REJOINING))
    return;

  if (!cvn_call_audio_start (self->audio, params, &error))
    {
      g_autoptr(GError) media = g_error_new (CVN_MODEL_ERROR, CVN_MODEL_ERROR_MEDIA,
                                             _("Could not connect to the call: %s"), error->message);

      end_session (self, CVN_CALL_SESSION_STATE_FAILED, g_steal_pointer (&media));
      return;
    }
  set_state (self, cvn_call_audio_get_state (self->audio) == CVN_CALL_AUDIO_STATE_CONNECTED
                   ? CVN_CALL_SESSION_STATE_JOINED : CVN_CALL_SESSION_STATE_CONNECTING);
}

static void
media_failed_cb (gpointer user_data)
{
  CvnCallSession *self = user_data;
  const GError *cause = cvn_call_audio_get_error (self->audio);

  self->media_grace_timer = 0;
  if (self->state != CVN_CALL_SESSION_STATE_CONNECTING && self->state != CVN_CALL_SESSION_STATE_JOINED)
    return;
  if (cvn_call_audio_get_state (self->audio) != CVN_CALL_AUDIO_STATE_FAILED)
    return;
  if (self->state == CVN_CALL_SESSION_STATE_JOINED && self->media_rejoins < MAX_MEDIA_REJOINS)
    {
      /* it worked before: the SFU lost us (a restart drops every transport); join again */
      self->media_rejoins++;
      rejoin (self, cause != NULL ? cause->message : "media connection lost");
      return;
    }
  end_session (self, CVN_CALL_SESSION_STATE_FAILED,
               g_error_new (CVN_MODEL_ERROR, CVN_MODEL_ERROR_MEDIA, _("The call’s connection failed: %s"),
                            cause != NULL ? cause->message : _("unknown error")));
}

static void
audio_device_cb (CvnCallAudio   *audio,
                 GParamSpec     *pspec,
                 CvnCallSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self),
                            properties[g_str_equal (pspec->name, "capture-error") ? PROP_MICROPHONE_ERROR
                                                                                  : PROP_SPEAKER_ERROR]);
}

static void audio_state_cb      (CvnCallAudio *audio, GParamSpec *pspec, CvnCallSession *self);
static void speaking_changed_cb (CvnCallAudio *audio, guint ssrc, gboolean speaking, CvnCallSession *self);

static void
connect_audio (CvnCallSession *self)
{
  g_signal_connect (self->audio, "notify::state", G_CALLBACK (audio_state_cb), self);
  g_signal_connect (self->audio, "speaking-changed", G_CALLBACK (speaking_changed_cb), self);
  g_signal_connect (self->audio, "notify::capture-error", G_CALLBACK (audio_device_cb), self);
  g_signal_connect (self->audio, "notify::playback-error", G_CALLBACK (audio_device_cb), self);
}

static void
audio_state_cb (CvnCallAudio   *audio,
                GParamSpec     *pspec,
                CvnCallSession *self)
{
  switch (cvn_call_audio_get_state (audio))
    {
    case CVN_CALL_AUDIO_STATE_CONNECTED:
      self->media_rejoins = 0;
      if (self->state == CVN_CALL_SESSION_STATE_CONNECTING)
        set_state (self, CVN_CALL_SESSION_STATE_JOINED);
      break;
    case CVN_CALL_AUDIO_STATE_FAILED:
      if ((self->state == CVN_CALL_SESSION_STATE_CONNECTING || self->state == CVN_CALL_SESSION_STATE_JOINED)
          && self->media_grace_timer == 0)
        self->media_grace_timer = cvn_clock_add_timeout (cvn_group_call_get_clock (self->call),
                                                         MEDIA_FAILURE_GRACE_MS, media_failed_cb, self);
      break;
    case CVN_CALL_AUDIO_STATE_IDLE:
    case CVN_CALL_AUDIO_STATE_CONNECTING:
    default:
      break;
    }
}

/* An entry about ourselves, before the model applies it. */
static void
self_participant_cb (CvnGroupCallSync         *sync,
                     CvnGroupCall             *call,
                     const CvnParticipantInfo *info,
                     int                       version,
                     gpointer                  user_data)
{
  CvnCallSession *self = user_data;

  if (call != self->call || (self->state != CVN_CALL_SESSION_STATE_CONNECTING
                             && self->state != CVN_CALL_SESSION_STATE_JOINED))
    return;
  if (info->peer.type != self->join_as.type || info->peer.id != self->join_as.id)
    return;

  if (info->flags & CVN_PARTICIPANT_FLAG_LEFT)
    {
      /* "left" with our own source: the server dropped us */
      if ((guint32) info->source == self->ssrc)
        rejoin (self, "our source left");
    }
  else if ((guint32) info->source != self->ssrc && version > self->joined_version)
    {
      /* the same peer in the call with another source, after our join (TDLib: "joined from
       * another device"): another device of ours took the place */
      end_session (self, CVN_CALL_SESSION_STATE_LEFT,
                   g_error_new_literal (CVN_MODEL_ERROR, CVN_MODEL_ERROR_JOINED_ELSEWHERE,
                                        _("You joined this call from another device.")));
    }
}

static void
call_state_cb (CvnGroupCall   *call,
               GParamSpec     *pspec,
               CvnCallSession *self)
{
  if (cvn_group_call_get_state (call) != CVN_GROUP_CALL_STATE_DISCARDED)
    return;
  if (self->state == CVN_CALL_SESSION_STATE_ENDED)
    return;
  end_session (self, CVN_CALL_SESSION_STATE_ENDED, NULL);
}

/* ------------------------------------------------------------------------------------------
 * checkGroupCall
 */

static void
check_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CvnCallSession) self = user_data;
  g_autoptr(CvnCallReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  const CvnTlValue *value;
  gboolean found = FALSE;

  self->check_in_flight = FALSE;
  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  if (self->state != CVN_CALL_SESSION_STATE_CONNECTING && self->state != CVN_CALL_SESSION_STATE_JOINED)
    return;

  if (reply == NULL)
    {
      if (g_strcmp0 (cvn_mtproto_rpc_error_get_message (error), "GROUPCALL_JOIN_MISSING") == 0)
        rejoin (self, "GROUPCALL_JOIN_MISSING");
      else
        schedule_check (self);
      return;
    }

  /* "Vector<int>: the sources still in the call" */
  value = _cvn_call_reply_get_value (reply);
  if (value->kind == CVN_TL_KIND_VECTOR && value->vector != NULL)
    for (guint i = 0; i < value->vector->len; i++)
      found |= (guint32) value->vector->ints[i] == self->ssrc;

  if (!found)
    rejoin (self, "checkGroupCall: our source is missing");
  else
    schedule_check (self);
}

static void
check_timeout_cb (gpointer user_data)
{
  CvnCallSession *self = user_data;
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiPhoneCheckGroupCall *query;

  self->check_timer = 0;
  if (self->check_in_flight)
    return;

  query = (CvnTlApiPhoneCheckGroupCall *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_CHECK_GROUP_CALL_CTOR);
  query->call = input_call (self, arena);
  query->sources = cvn_tl_vector_new (arena, CVN_TL_KIND_INT, 1);
  query->sources->ints[0] = (gint32) self->ssrc;
  self->check_in_flight = TRUE;
  invoke (self, &query->parent, self->cancellable, check_cb, g_object_ref (self));
}

static void
schedule_check (CvnCallSession *self)
{
  if (self->check_timer != 0 || self->check_interval == 0)
    return;
  self->check_timer = cvn_clock_add_timeout (cvn_group_call_get_clock (self->call), self->check_interval,
                                             check_timeout_cb, self);
}

/* ------------------------------------------------------------------------------------------
 * speaking and messages
 */

static CvnGroupCallParticipant *
find_by_source (CvnCallSession *self,
                guint32         ssrc)
{
  GListModel *list = cvn_group_call_get_participants (self->call);
  guint n = g_list_model_get_n_items (list);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CvnGroupCallParticipant) participant = g_list_model_get_item (list, i);
      CvnGroupCallParticipantVideo *presentation = cvn_group_call_participant_get_presentation (participant);

      if ((guint32) cvn_group_call_participant_get_source (participant) == ssrc
          || (presentation != NULL && cvn_group_call_participant_video_get_has_audio_source (presentation)
              && (guint32) cvn_group_call_participant_video_get_audio_source (presentation) == ssrc))
        return participant;   /* the list holds its own reference */
    }
  return NULL;
}

static void
speaking_changed_cb (CvnCallAudio   *audio,
                     guint           ssrc,
                     gboolean        speaking,
                     CvnCallSession *self)
{
  CvnGroupCallParticipant *participant = find_by_source (self, ssrc);

  if (participant != NULL)
    cvn_group_call_participant_set_speaking (participant, speaking);
}

static void
add_message (CvnCallSession          *self,
             const CvnTlApiGroupCallMessage *message)
{
  g_autoptr(CvnCallMessage) item = NULL;
  CvnPeer from = { CVN_PEER_TYPE_USER, 0 };
  const char *text = "";
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->messages));

  /* the same message again (our own, in the result and pushed): once */
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CvnCallMessage) existing = g_list_model_get_item (G_LIST_MODEL (self->messages), i);

      if (cvn_call_message_get_id (existing) == message->id)
        return;
    }

  _cvn_peer_from_tl (message->from_id, &from);
  if (message->message != NULL && message->message->ctor->id == CVN_TL_API_TEXT_WITH_ENTITIES_ID)
    text = ((const CvnTlApiTextWithEntities *) message->message)->text.str;
  item = _cvn_call_message_new (message->id, from.type, from.id, message->date, text, message->from_admin);
  g_list_store_append (self->messages, item);
}

static void
call_message_cb (CvnGroupCallSync *sync,
                 CvnGroupCall     *call,
                 gconstpointer     message,
                 gpointer          user_data)
{
  CvnCallSession *self = user_data;

  if (call == self->call)
    add_message (self, message);
}

static void
call_messages_deleted_cb (CvnGroupCallSync *sync,
                          CvnGroupCall     *call,
                          gconstpointer     ids,
                          gpointer          user_data)
{
  CvnCallSession *self = user_data;
  const CvnTlVector *vector = ids;

  if (call != self->call)
    return;
  for (guint k = 0; k < vector->len; k++)
    for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->messages)); i++)
      {
        g_autoptr(CvnCallMessage) existing = g_list_model_get_item (G_LIST_MODEL (self->messages), i);

        if (cvn_call_message_get_id (existing) == vector->ints[k])
          {
            g_list_store_remove (self->messages, i);
            break;
          }
      }
}

/* ------------------------------------------------------------------------------------------
 * leaving
 */

static void
leave_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(CvnCallReply) reply = NULL;
  GError *error = NULL;

  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cvn_call_session_leave_async (CvnCallSession      *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  GTask *task;
  CvnTlApiPhoneLeaveGroupCall *query;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_call_session_leave_async);
  if (!is_in_call (self))
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_WRONG_STATE, _("Not in the call."));
      g_object_unref (task);
      return;
    }

  query = (CvnTlApiPhoneLeaveGroupCall *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_LEAVE_GROUP_CALL_CTOR);
  query->call = input_call (self, arena);
  query->source = (gint32) self->ssrc;
  /* out at once: whatever the server says, we are not in the call any more */
  end_session (self, CVN_CALL_SESSION_STATE_LEFT,
               g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, _("Left the call.")));
  g_clear_error (&self->error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  invoke (self, &query->parent, cancellable, leave_cb, task);
}

void
cvn_call_session_end_async (CvnCallSession      *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiPhoneDiscardGroupCall *query;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));

  query = (CvnTlApiPhoneDiscardGroupCall *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_DISCARD_GROUP_CALL_CTOR);
  query->call = input_call (self, arena);
  /* the result carries updateGroupCall (groupCallDiscarded): the call, then the session, end */
  run_operation (self, &query->parent, cvn_call_session_end_async, cancellable, callback, user_data);
}

/* ------------------------------------------------------------------------------------------
 * join as
 */

static void
join_as_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnCallSession *self = g_task_get_source_object (task);
  g_autoptr(CvnCallReply) reply = NULL;
  GError *error = NULL;
  const CvnTlApiPhoneJoinAsPeers *answer;
  GArray *peers;

  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  answer = (const CvnTlApiPhoneJoinAsPeers *) _cvn_call_reply_get_object (reply);
  if (answer == NULL || answer->parent.ctor->id != CVN_TL_API_PHONE_JOIN_AS_PEERS_ID)
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_FAILED, _("Unexpected answer from the server."));
      return;
    }

  _cvn_group_call_sync_remember_peers (self->sync, answer->users, answer->chats);
  peers = g_array_new (FALSE, FALSE, sizeof (CvnPeer));
  for (guint i = 0; answer->peers != NULL && i < answer->peers->len; i++)
    {
      CvnPeer peer;

      if (_cvn_peer_from_tl (answer->peers->objects[i], &peer))
        g_array_append_val (peers, peer);
    }
  g_task_return_pointer (task, peers, (GDestroyNotify) g_array_unref);
}

void
cvn_call_session_fetch_join_as_async (CvnCallSession      *self,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  GTask *task;
  CvnTlApiPhoneGetGroupCallJoinAs *query;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_call_session_fetch_join_as_async);
  if (!self->has_chat)
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_WRONG_STATE,
                               _("This call belongs to no chat."));
      g_object_unref (task);
      return;
    }
  query = (CvnTlApiPhoneGetGroupCallJoinAs *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_GET_GROUP_CALL_JOIN_AS_CTOR);
  query->peer = input_peer (self, arena, self->chat.type, self->chat.id);
  invoke (self, &query->parent, cancellable, join_as_cb, task);
}

gboolean
cvn_call_session_fetch_join_as_finish (CvnCallSession  *self,
                                       GAsyncResult    *result,
                                       CvnPeerType    **types,
                                       gint64         **ids,
                                       guint           *n_peers,
                                       GError         **error)
{
  g_autoptr(GArray) peers = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  peers = g_task_propagate_pointer (G_TASK (result), error);
  if (peers == NULL)
    return FALSE;

  *n_peers = peers->len;
  *types = g_new (CvnPeerType, MAX (peers->len, 1));
  *ids = g_new (gint64, MAX (peers->len, 1));
  for (guint i = 0; i < peers->len; i++)
    {
      (*types)[i] = g_array_index (peers, CvnPeer, i).type;
      (*ids)[i] = g_array_index (peers, CvnPeer, i).id;
    }
  return TRUE;
}

static void
save_join_as_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnCallSession *self = g_task_get_source_object (task);
  CvnPeer *peer = g_task_get_task_data (task);
  g_autoptr(CvnCallReply) reply = NULL;
  GError *error = NULL;

  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  self->has_default_join_as = TRUE;
  self->default_join_as = *peer;
  g_task_return_boolean (task, TRUE);
}

void
cvn_call_session_save_default_join_as_async (CvnCallSession      *self,
                                             CvnPeerType          type,
                                             gint64               id,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  GTask *task;
  CvnTlApiPhoneSaveDefaultGroupCallJoinAs *query;
  CvnPeer *peer;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_call_session_save_default_join_as_async);
  if (!self->has_chat)
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_WRONG_STATE,
                               _("This call belongs to no chat."));
      g_object_unref (task);
      return;
    }
  peer = g_new (CvnPeer, 1);
  *peer = (CvnPeer) { type, id };
  g_task_set_task_data (task, peer, g_free);
  query = (CvnTlApiPhoneSaveDefaultGroupCallJoinAs *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_SAVE_DEFAULT_GROUP_CALL_JOIN_AS_CTOR);
  query->peer = input_peer (self, arena, self->chat.type, self->chat.id);
  query->join_as = input_peer (self, arena, type, id);
  invoke (self, &query->parent, cancellable, save_join_as_cb, task);
}

/* ------------------------------------------------------------------------------------------
 * editGroupCallParticipant
 */

static CvnTlApiPhoneEditGroupCallParticipant *
new_edit (CvnCallSession *self,
          CvnTlArena     *arena,
          CvnPeerType     type,
          gint64          id)
{
  CvnTlApiPhoneEditGroupCallParticipant *query;

  query = (CvnTlApiPhoneEditGroupCallParticipant *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_CTOR);
  query->call = input_call (self, arena);
  query->participant = input_peer (self, arena, type, id);
  return query;
}

typedef struct
{
  CvnGroupCallParticipant *participant;
  guint64                  generation;
} LocalMute;

static void
local_mute_free (LocalMute *mute)
{
  g_clear_object (&mute->participant);
  g_free (mute);
}

static void
mute_done (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnCallSession *self = g_task_get_source_object (task);
  LocalMute *mute = g_task_get_task_data (task);
  g_autoptr(CvnCallReply) reply = NULL;
  GError *error = NULL;

  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  if (mute != NULL && mute->participant != NULL)
    _cvn_group_call_finish_local_muted (self->call, mute->participant, mute->generation, reply != NULL);
  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
send_mute (CvnCallSession          *self,
           CvnPeerType              type,
           gint64                   id,
           gboolean                 muted,
           gpointer                 source_tag,
           GCancellable            *cancellable,
           GAsyncReadyCallback      callback,
           gpointer                 user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  GTask *task = g_task_new (self, cancellable, callback, user_data);
  CvnTlApiPhoneEditGroupCallParticipant *query;
  CvnGroupCallParticipant *participant;
  LocalMute *mute = g_new0 (LocalMute, 1);

  g_task_set_source_tag (task, source_tag);
  if (!check_call_known (self, task))
    {
      g_free (mute);
      g_object_unref (task);
      return;
    }

  /* shown at once, until the server answers */
  participant = cvn_group_call_participant_list_lookup (CVN_GROUP_CALL_PARTICIPANT_LIST (cvn_group_call_get_participants (self->call)),
                                                        type, id);
  if (participant != NULL)
    {
      mute->participant = g_object_ref (participant);
      mute->generation = cvn_group_call_set_local_muted (self->call, participant, muted);
    }
  g_task_set_task_data (task, mute, (GDestroyNotify) local_mute_free);

  query = new_edit (self, arena, type, id);
  query->muted = muted;
  query->flags |= CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_MUTED_FLAG;
  invoke (self, &query->parent, cancellable, mute_done, task);
}

void
cvn_call_session_set_muted_async (CvnCallSession      *self,
                                  gboolean             muted,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_return_if_fail (CVN_IS_CALL_SESSION (self));

  muted = !!muted;
  if (cvn_call_audio_get_muted (self->audio) != muted)
    {
      /* nothing of ours leaves from now on (or again) */
      cvn_call_audio_set_muted (self->audio, muted);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
    }
  send_mute (self, self->join_as.type, self->join_as.id, muted, cvn_call_session_set_muted_async,
             cancellable, callback, user_data);
}

void
cvn_call_session_set_participant_muted_async (CvnCallSession          *self,
                                              CvnGroupCallParticipant *participant,
                                              gboolean                 muted,
                                              GCancellable            *cancellable,
                                              GAsyncReadyCallback      callback,
                                              gpointer                 user_data)
{
  g_return_if_fail (CVN_IS_CALL_SESSION (self));
  g_return_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (participant));

  send_mute (self, cvn_group_call_participant_get_peer_type (participant),
             cvn_group_call_participant_get_peer_id (participant), muted,
             cvn_call_session_set_participant_muted_async, cancellable, callback, user_data);
}

typedef struct
{
  CvnGroupCallParticipant *participant;
  gint32                   volume;
} VolumeData;

static void
volume_data_free (VolumeData *data)
{
  g_clear_object (&data->participant);
  g_free (data);
}

static void
volume_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnCallSession *self = g_task_get_source_object (task);
  VolumeData *data = g_task_get_task_data (task);
  g_autoptr(CvnCallReply) reply = NULL;
  GError *error = NULL;

  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  /* our own copy comes as min (volume not applied over the cache): set it here; it is the
   * admin's volume when we manage the call (the call says can_change_join_muted then) */
  _cvn_group_call_participant_set_volume (data->participant, data->volume,
                                          cvn_group_call_get_can_change_join_muted (self->call));
  g_task_return_boolean (task, TRUE);
}

void
cvn_call_session_set_participant_volume_async (CvnCallSession          *self,
                                               CvnGroupCallParticipant *participant,
                                               int                      volume,
                                               GCancellable            *cancellable,
                                               GAsyncReadyCallback      callback,
                                               gpointer                 user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiPhoneEditGroupCallParticipant *query;
  VolumeData *data;
  GTask *task;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));
  g_return_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (participant));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_call_session_set_participant_volume_async);
  data = g_new0 (VolumeData, 1);
  data->participant = g_object_ref (participant);
  data->volume = CLAMP (volume, 1, 20000);
  g_task_set_task_data (task, data, (GDestroyNotify) volume_data_free);
  query = new_edit (self, arena, cvn_group_call_participant_get_peer_type (participant),
                    cvn_group_call_participant_get_peer_id (participant));
  query->volume = data->volume;
  query->flags |= CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_VOLUME_FLAG;
  invoke (self, &query->parent, cancellable, volume_cb, task);
}

void
cvn_call_session_set_hand_raised_async (CvnCallSession      *self,
                                        gboolean             raised,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiPhoneEditGroupCallParticipant *query;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));

  query = new_edit (self, arena, self->join_as.type, self->join_as.id);
  query->raise_hand = raised;
  query->flags |= CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_RAISE_HAND_FLAG;
  run_operation (self, &query->parent, cvn_call_session_set_hand_raised_async, cancellable, callback, user_data);
}

void
cvn_call_session_set_video_flag_async (CvnCallSession      *self,
                                       CvnCallVideoFlag     flag,
                                       gboolean             value,
                                       GCancellable        *cancellable,
                                       GAsyncReadyCallback  callback,
                                       gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiPhoneEditGroupCallParticipant *query;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));

  query = new_edit (self, arena, self->join_as.type, self->join_as.id);
  switch (flag)
    {
    case CVN_CALL_VIDEO_STOPPED:
      query->video_stopped = value;
      query->flags |= CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_VIDEO_STOPPED_FLAG;
      break;
    case CVN_CALL_VIDEO_PAUSED:
      query->video_paused = value;
      query->flags |= CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_VIDEO_PAUSED_FLAG;
      break;
    case CVN_CALL_PRESENTATION_PAUSED:
    default:
      query->presentation_paused = value;
      query->flags |= CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_PRESENTATION_PAUSED_FLAG;
      break;
    }
  run_operation (self, &query->parent, cvn_call_session_set_video_flag_async, cancellable, callback, user_data);
}

/* ------------------------------------------------------------------------------------------
 * the call's settings
 */

void
cvn_call_session_set_title_async (CvnCallSession      *self,
                                  const char          *title,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiPhoneEditGroupCallTitle *query;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));

  query = (CvnTlApiPhoneEditGroupCallTitle *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_EDIT_GROUP_CALL_TITLE_CTOR);
  query->call = input_call (self, arena);
  cvn_tl_string_set (arena, &query->title, title != NULL ? title : "");
  run_operation (self, &query->parent, cvn_call_session_set_title_async, cancellable, callback, user_data);
}

void
cvn_call_session_set_setting_async (CvnCallSession      *self,
                                    CvnCallSetting       setting,
                                    gboolean             value,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiPhoneToggleGroupCallSettings *query;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));

  query = (CvnTlApiPhoneToggleGroupCallSettings *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_TOGGLE_GROUP_CALL_SETTINGS_CTOR);
  query->call = input_call (self, arena);
  switch (setting)
    {
    case CVN_CALL_SETTING_JOIN_MUTED:
      query->join_muted = value;
      query->flags |= CVN_TL_API_PHONE_TOGGLE_GROUP_CALL_SETTINGS_JOIN_MUTED_FLAG;
      break;
    case CVN_CALL_SETTING_MESSAGES_ENABLED:
      query->messages_enabled = value;
      query->flags |= CVN_TL_API_PHONE_TOGGLE_GROUP_CALL_SETTINGS_MESSAGES_ENABLED_FLAG;
      break;
    case CVN_CALL_SETTING_RESET_INVITE_HASH:
    default:
      query->reset_invite_hash = TRUE;
      break;
    }
  run_operation (self, &query->parent, cvn_call_session_set_setting_async, cancellable, callback, user_data);
}

void
cvn_call_session_invite_users_async (CvnCallSession      *self,
                                     const gint64        *user_ids,
                                     guint                n_user_ids,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiPhoneInviteToGroupCall *query;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));
  g_return_if_fail (user_ids != NULL || n_user_ids == 0);

  query = (CvnTlApiPhoneInviteToGroupCall *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_INVITE_TO_GROUP_CALL_CTOR);
  query->call = input_call (self, arena);
  query->users = cvn_tl_vector_new (arena, CVN_TL_KIND_OBJECT, n_user_ids);
  for (guint i = 0; i < n_user_ids; i++)
    query->users->objects[i] = _cvn_group_call_sync_input_user (self->sync, arena, user_ids[i]);
  run_operation (self, &query->parent, cvn_call_session_invite_users_async, cancellable, callback, user_data);
}

static void
export_invite_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(CvnCallReply) reply = NULL;
  GError *error = NULL;
  const CvnTlApiPhoneExportedGroupCallInvite *answer;

  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  answer = (const CvnTlApiPhoneExportedGroupCallInvite *) _cvn_call_reply_get_object (reply);
  if (answer == NULL || answer->parent.ctor->id != CVN_TL_API_PHONE_EXPORTED_GROUP_CALL_INVITE_ID)
    g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_FAILED, _("Unexpected answer from the server."));
  else
    g_task_return_pointer (task, g_strdup (answer->link.str), g_free);
}

void
cvn_call_session_export_invite_async (CvnCallSession      *self,
                                      gboolean             can_self_unmute,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  GTask *task;
  CvnTlApiPhoneExportGroupCallInvite *query;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_call_session_export_invite_async);
  query = (CvnTlApiPhoneExportGroupCallInvite *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_EXPORT_GROUP_CALL_INVITE_CTOR);
  query->call = input_call (self, arena);
  query->can_self_unmute = can_self_unmute;
  invoke (self, &query->parent, cancellable, export_invite_cb, task);
}

char *
cvn_call_session_export_invite_finish (CvnCallSession  *self,
                                       GAsyncResult    *result,
                                       GError         **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  char *url;
  char *key;
} RtmpCredentials;

static void
rtmp_credentials_free (RtmpCredentials *credentials)
{
  g_free (credentials->url);
  g_free (credentials->key);
  g_free (credentials);
}

static void
rtmp_credentials_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(CvnCallReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  const CvnTlApiPhoneGroupCallStreamRtmpUrl *answer;
  RtmpCredentials *credentials;

  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  if (reply == NULL)
    {
      /* the one refusal a user meets here gets words of its own; the rest the client's */
      if (g_strcmp0 (cvn_mtproto_rpc_error_get_message (error), "CHAT_ADMIN_REQUIRED") == 0)
        g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_FAILED,
                                 _("Only the owner of the chat can see its stream key."));
      else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_error (task, _cvn_model_error_from_mtproto (error));
      return;
    }
  answer = (const CvnTlApiPhoneGroupCallStreamRtmpUrl *) _cvn_call_reply_get_object (reply);
  if (answer == NULL || answer->parent.ctor->id != CVN_TL_API_PHONE_GROUP_CALL_STREAM_RTMP_URL_ID ||
      answer->url.str == NULL || answer->key.str == NULL)
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_FAILED, _("Unexpected answer from the server."));
      return;
    }
  credentials = g_new0 (RtmpCredentials, 1);
  credentials->url = g_strdup (answer->url.str);
  credentials->key = g_strdup (answer->key.str);
  g_task_return_pointer (task, credentials, (GDestroyNotify) rtmp_credentials_free);
}

void
cvn_call_session_fetch_rtmp_credentials_async (CvnCallSession      *self,
                                               gboolean             revoke,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  GTask *task;
  CvnTlApiPhoneGetGroupCallStreamRtmpUrl *query;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_call_session_fetch_rtmp_credentials_async);
  if (!self->has_chat)
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_WRONG_STATE,
                               _("This call belongs to no chat."));
      g_object_unref (task);
      return;
    }
  query = (CvnTlApiPhoneGetGroupCallStreamRtmpUrl *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_GET_GROUP_CALL_STREAM_RTMP_URL_CTOR);
  query->peer = input_peer (self, arena, self->chat.type, self->chat.id);
  query->revoke = revoke;
  invoke (self, &query->parent, cancellable, rtmp_credentials_cb, task);
}

gboolean
cvn_call_session_fetch_rtmp_credentials_finish (CvnCallSession  *self,
                                                GAsyncResult    *result,
                                                char           **url,
                                                char           **key,
                                                GError         **error)
{
  RtmpCredentials *credentials;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  credentials = g_task_propagate_pointer (G_TASK (result), error);
  if (credentials == NULL)
    return FALSE;
  if (url != NULL)
    *url = g_steal_pointer (&credentials->url);
  if (key != NULL)
    *key = g_steal_pointer (&credentials->key);
  rtmp_credentials_free (credentials);
  return TRUE;
}

void
cvn_call_session_set_recording_async (CvnCallSession      *self,
                                      gboolean             start,
                                      const char          *title,
                                      gboolean             video,
                                      gboolean             portrait,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiPhoneToggleGroupCallRecord *query;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));

  query = (CvnTlApiPhoneToggleGroupCallRecord *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_TOGGLE_GROUP_CALL_RECORD_CTOR);
  query->call = input_call (self, arena);
  query->start = start;
  if (start && title != NULL)
    cvn_tl_string_set (arena, &query->title, title);
  if (start && video)
    {
      query->video = TRUE;
      query->video_portrait = portrait;
      query->flags |= CVN_TL_API_PHONE_TOGGLE_GROUP_CALL_RECORD_VIDEO_PORTRAIT_FLAG;
    }
  run_operation (self, &query->parent, cvn_call_session_set_recording_async, cancellable, callback, user_data);
}

void
cvn_call_session_start_scheduled_async (CvnCallSession      *self,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiPhoneStartScheduledGroupCall *query;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));

  query = (CvnTlApiPhoneStartScheduledGroupCall *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_START_SCHEDULED_GROUP_CALL_CTOR);
  query->call = input_call (self, arena);
  run_operation (self, &query->parent, cvn_call_session_start_scheduled_async, cancellable, callback, user_data);
}

static void
subscribed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnCallSession *self = g_task_get_source_object (task);
  g_autoptr(CvnCallReply) reply = NULL;
  GError *error = NULL;

  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  _cvn_group_call_set_schedule_start_subscribed (self->call, GPOINTER_TO_INT (g_task_get_task_data (task)));
  g_task_return_boolean (task, TRUE);
}

void
cvn_call_session_set_start_subscribed_async (CvnCallSession      *self,
                                             gboolean             subscribed,
                                             GCancellable        *cancellable,
                                             GAsyncReadyCallback  callback,
                                             gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiPhoneToggleGroupCallStartSubscription *query;
  GTask *task;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_call_session_set_start_subscribed_async);
  g_task_set_task_data (task, GINT_TO_POINTER (!!subscribed), NULL);
  query = (CvnTlApiPhoneToggleGroupCallStartSubscription *)
    cvn_tl_object_new (arena, CVN_TL_API_PHONE_TOGGLE_GROUP_CALL_START_SUBSCRIPTION_CTOR);
  query->call = input_call (self, arena);
  query->subscribed = subscribed;
  invoke (self, &query->parent, cancellable, subscribed_cb, task);
}

/* ------------------------------------------------------------------------------------------
 * messages
 */

void
cvn_call_session_send_message_async (CvnCallSession      *self,
                                     const char          *text,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiPhoneSendGroupCallMessage *query;
  CvnTlApiTextWithEntities *message;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));
  g_return_if_fail (text != NULL);

  query = (CvnTlApiPhoneSendGroupCallMessage *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_SEND_GROUP_CALL_MESSAGE_CTOR);
  query->call = input_call (self, arena);
  query->random_id = (gint64) (((guint64) g_random_int () << 32) | g_random_int ());
  message = (CvnTlApiTextWithEntities *) cvn_tl_object_new (arena, CVN_TL_API_TEXT_WITH_ENTITIES_CTOR);
  cvn_tl_string_set (arena, &message->text, text);
  message->entities = cvn_tl_vector_new (arena, CVN_TL_KIND_OBJECT, 0);
  query->message = &message->parent;
  run_operation (self, &query->parent, cvn_call_session_send_message_async, cancellable, callback, user_data);
}

void
cvn_call_session_delete_messages_async (CvnCallSession      *self,
                                        const int           *ids,
                                        guint                n_ids,
                                        GCancellable        *cancellable,
                                        GAsyncReadyCallback  callback,
                                        gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiPhoneDeleteGroupCallMessages *query;

  g_return_if_fail (CVN_IS_CALL_SESSION (self));
  g_return_if_fail (ids != NULL || n_ids == 0);

  query = (CvnTlApiPhoneDeleteGroupCallMessages *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_DELETE_GROUP_CALL_MESSAGES_CTOR);
  query->call = input_call (self, arena);
  query->messages = cvn_tl_vector_new (arena, CVN_TL_KIND_INT, n_ids);
  for (guint i = 0; i < n_ids; i++)
    query->messages->ints[i] = ids[i];
  run_operation (self, &query->parent, cvn_call_session_delete_messages_async, cancellable, callback, user_data);
}

/* ------------------------------------------------------------------------------------------
 * creating a call
 */

typedef struct
{
  CvnGroupCallSync *sync;
  CvnPeer           chat;
  CvnCallSession   *session;
} CreateData;

static void
create_data_free (CreateData *data)
{
  g_clear_object (&data->sync);
  g_clear_object (&data->session);
  g_free (data);
}

static void
create_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(CvnCallReply) reply = NULL;
  GError *error = NULL;
  const CvnTlApiUpdates *updates;

  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  /* the new call is in the result's updateGroupCall */
  updates = (const CvnTlApiUpdates *) _cvn_call_reply_get_object (reply);
  if (updates != NULL && updates->parent.ctor->id == CVN_TL_API_UPDATES_ID)
    for (guint i = 0; updates->updates != NULL && i < updates->updates->len; i++)
      {
        const CvnTlObject *update = updates->updates->objects[i];
        CvnGroupCallInfo info;
        CvnGroupCall *call;

        if (update == NULL || update->ctor->id != CVN_TL_API_UPDATE_GROUP_CALL_ID
            || !_cvn_group_call_info_from_tl (((const CvnTlApiUpdateGroupCall *) update)->call, &info))
          continue;
        call = _cvn_group_call_sync_lookup (data->sync, info.id);
        if (call == NULL)
          {
            call = _cvn_group_call_sync_track (data->sync, info.id, info.access_hash);
            _cvn_group_call_handle_update_group_call (call, &info);
          }
        _cvn_group_call_info_clear (&info);
        g_task_return_pointer (task, _cvn_call_session_new_full (data->sync, call, &data->chat, NULL), g_object_unref);
        return;
      }

  g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_FAILED, _("Unexpected answer from the server."));
}

void
cvn_call_session_create_async (CvnClient           *client,
                               CvnChat             *chat,
                               CvnCallCreateKind    kind,
                               const char          *title,
                               gint64               schedule_date,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  GTask *task;
  CreateData *data;
  CvnTlApiPhoneCreateGroupCall *query;

  g_return_if_fail (CVN_IS_CLIENT (client));
  g_return_if_fail (CVN_IS_CHAT (chat));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_call_session_create_async);
  data = g_new0 (CreateData, 1);
  data->sync = g_object_ref (_cvn_group_call_sync_for_client (client));
  data->chat = (CvnPeer) { cvn_chat_get_peer_type (chat), cvn_chat_get_id (chat) };
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);

  query = (CvnTlApiPhoneCreateGroupCall *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_CREATE_GROUP_CALL_CTOR);
  query->peer = _cvn_group_call_sync_input_peer (data->sync, arena, &data->chat);
  query->random_id = (gint32) g_random_int ();
  query->rtmp_stream = kind == CVN_CALL_CREATE_RTMP_STREAM;
  if (title != NULL)
    cvn_tl_string_set (arena, &query->title, title);
  if (schedule_date > 0)
    {
      query->schedule_date = (gint32) schedule_date;
      query->flags |= CVN_TL_API_PHONE_CREATE_GROUP_CALL_SCHEDULE_DATE_FLAG;
    }
  _cvn_call_rpc_invoke_async (_cvn_group_call_sync_get_rpc (data->sync), &query->parent, cancellable, create_cb, task);
}

void
cvn_call_session_create_conference_async (CvnClient           *client,
                                          GCancellable        *cancellable,
                                          GAsyncReadyCallback  callback,
                                          gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  GTask *task;
  CreateData *data;
  CvnTlApiPhoneCreateConferenceCall *query;

  g_return_if_fail (CVN_IS_CLIENT (client));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_call_session_create_conference_async);
  data = g_new0 (CreateData, 1);
  data->sync = g_object_ref (_cvn_group_call_sync_for_client (client));
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);

  query = (CvnTlApiPhoneCreateConferenceCall *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_CREATE_CONFERENCE_CALL_CTOR);
  query->random_id = (gint32) g_random_int ();
  _cvn_call_rpc_invoke_async (_cvn_group_call_sync_get_rpc (data->sync), &query->parent, cancellable, create_cb, task);
}

static void
slug_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CreateData *data = g_task_get_task_data (task);
  g_autoptr(CvnCallReply) reply = NULL;
  GError *error = NULL;
  const CvnTlApiPhoneGroupCall *answer;
  g_autoptr(GArray) participants = NULL;
  CvnGroupCallInfo info;
  CvnGroupCall *call;

  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  if (reply == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  answer = (const CvnTlApiPhoneGroupCall *) _cvn_call_reply_get_object (reply);
  if (answer == NULL || answer->parent.ctor->id != CVN_TL_API_PHONE_GROUP_CALL_ID
      || !_cvn_group_call_info_from_tl (answer->call, &info))
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_FAILED, _("Unexpected answer from the server."));
      return;
    }
  if (info.discarded)
    {
      _cvn_group_call_info_clear (&info);
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_NOT_FOUND, _("This call has ended."));
      return;
    }

  _cvn_group_call_sync_remember_peers (data->sync, answer->users, answer->chats);
  call = _cvn_group_call_sync_lookup (data->sync, info.id);
  if (call == NULL)
    call = _cvn_group_call_sync_track (data->sync, info.id, info.access_hash);
  if (cvn_group_call_get_state (call) == CVN_GROUP_CALL_STATE_UNKNOWN)
    {
      /* this answer is the first page of a snapshot; the model fetches the rest */
      participants = g_array_new (FALSE, TRUE, sizeof (CvnParticipantInfo));
      g_array_set_clear_func (participants, (GDestroyNotify) _cvn_participant_info_clear);
      for (guint i = 0; answer->participants != NULL && i < answer->participants->len; i++)
        {
          CvnParticipantInfo participant;

          if (_cvn_participant_info_from_tl (answer->participants->objects[i], &participant))
            g_array_append_val (participants, participant);
        }
      _cvn_group_call_apply_snapshot (call, &info, (const CvnParticipantInfo *) (gpointer) participants->data,
                                      participants->len, answer->participants_next_offset.str, info.version);
    }
  _cvn_group_call_info_clear (&info);
  g_task_return_pointer (task, _cvn_call_session_new_full (data->sync, call, NULL, NULL), g_object_unref);
}

void
cvn_call_session_new_for_slug_async (CvnClient           *client,
                                     const char          *slug,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  GTask *task;
  CreateData *data;
  CvnTlApiPhoneGetGroupCall *query;
  CvnTlApiInputGroupCallSlug *input;

  g_return_if_fail (CVN_IS_CLIENT (client));
  g_return_if_fail (slug != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_call_session_new_for_slug_async);
  data = g_new0 (CreateData, 1);
  data->sync = g_object_ref (_cvn_group_call_sync_for_client (client));
  g_task_set_task_data (task, data, (GDestroyNotify) create_data_free);

  query = (CvnTlApiPhoneGetGroupCall *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_GET_GROUP_CALL_CTOR);
  input = (CvnTlApiInputGroupCallSlug *) cvn_tl_object_new (arena, CVN_TL_API_INPUT_GROUP_CALL_SLUG_CTOR);
  cvn_tl_string_set (arena, &input->slug, slug);
  query->call = &input->parent;
  query->limit = 100;
  _cvn_call_rpc_invoke_async (_cvn_group_call_sync_get_rpc (data->sync), &query->parent, cancellable, slug_cb, task);
}

static void
decline_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(CvnCallReply) reply = NULL;
  GError *error = NULL;

  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  if (reply == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
cvn_call_session_decline_conference_invite_async (CvnClient           *client,
                                                  int                  msg_id,
                                                  GCancellable        *cancellable,
                                                  GAsyncReadyCallback  callback,
                                                  gpointer             user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  GTask *task;
  CvnTlApiPhoneDeclineConferenceCallInvite *query;
  CvnGroupCallSync *sync;

  g_return_if_fail (CVN_IS_CLIENT (client));

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_call_session_decline_conference_invite_async);
  sync = _cvn_group_call_sync_for_client (client);
  query = (CvnTlApiPhoneDeclineConferenceCallInvite *)
    cvn_tl_object_new (arena, CVN_TL_API_PHONE_DECLINE_CONFERENCE_CALL_INVITE_CTOR);
  query->msg_id = msg_id;
  _cvn_call_rpc_invoke_async (_cvn_group_call_sync_get_rpc (sync), &query->parent, cancellable, decline_cb, task);
}

gboolean
cvn_call_session_decline_finish (GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

CvnCallSession *
cvn_call_session_create_finish (GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ------------------------------------------------------------------------------------------
 * the chat's call
 */

static void
full_chat_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CvnCallSession) self = user_data;
  g_autoptr(CvnCallReply) reply = NULL;
  g_autoptr(GError) error = NULL;
  const CvnTlApiMessagesChatFull *answer;
  const CvnTlObject *tl_call = NULL, *join_as = NULL;

  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  answer = reply != NULL ? (const CvnTlApiMessagesChatFull *) _cvn_call_reply_get_object (reply) : NULL;
  if (answer == NULL || answer->parent.ctor->id != CVN_TL_API_MESSAGES_CHAT_FULL_ID || answer->full_chat == NULL)
    {
      g_debug ("full chat for the call failed: %s", error != NULL ? error->message : "unexpected answer");
      return;
    }
  _cvn_group_call_sync_remember_peers (self->sync, answer->users, answer->chats);
  if (answer->full_chat->ctor->id == CVN_TL_API_CHANNEL_FULL_ID)
    {
      tl_call = ((const CvnTlApiChannelFull *) answer->full_chat)->call;
      join_as = ((const CvnTlApiChannelFull *) answer->full_chat)->groupcall_default_join_as;
    }
  else if (answer->full_chat->ctor->id == CVN_TL_API_CHAT_FULL_ID)
    {
      tl_call = ((const CvnTlApiChatFull *) answer->full_chat)->call;
      join_as = ((const CvnTlApiChatFull *) answer->full_chat)->groupcall_default_join_as;
    }

  if (join_as != NULL && _cvn_peer_from_tl (join_as, &self->default_join_as))
    self->has_default_join_as = TRUE;
  if (tl_call != NULL && tl_call->ctor->id == CVN_TL_API_INPUT_GROUP_CALL_ID)
    {
      const CvnTlApiInputGroupCall *input = (const CvnTlApiInputGroupCall *) tl_call;

      /* an adopted call moves into the sync's table and is fetched (notify::id) */
      _cvn_group_call_set_input (self->call, input->id, input->access_hash);
      _cvn_group_call_sync_adopt (self->sync, self->call);
      if (cvn_group_call_get_state (self->call) == CVN_GROUP_CALL_STATE_UNKNOWN
          && !cvn_group_call_get_syncing (self->call))
        _cvn_group_call_request_refetch (self->call);
    }
}

static void
resolve_chat_call (CvnCallSession *self,
                   CvnClient      *client)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlObject *query;

  if (self->chat.type == CVN_PEER_TYPE_CHANNEL)
    {
      CvnTlApiChannelsGetFullChannel *q = (CvnTlApiChannelsGetFullChannel *) cvn_tl_object_new (arena, CVN_TL_API_CHANNELS_GET_FULL_CHANNEL_CTOR);

      q->channel = _cvn_client_make_input_channel (client, self->chat.id, arena, NULL);
      if (q->channel == NULL)
        return;
      query = &q->parent;
    }
  else if (self->chat.type == CVN_PEER_TYPE_CHAT)
    {
      CvnTlApiMessagesGetFullChat *q = (CvnTlApiMessagesGetFullChat *) cvn_tl_object_new (arena, CVN_TL_API_MESSAGES_GET_FULL_CHAT_CTOR);

      q->chat_id = self->chat.id;
      query = &q->parent;
    }
  else
    return;

  invoke (self, query, self->cancellable, full_chat_cb, g_object_ref (self));
}

/* ------------------------------------------------------------------------------------------
 * object
 */

static void
cvn_call_session_dispose (GObject *object)
{
  CvnCallSession *self = CVN_CALL_SESSION (object);

  g_cancellable_cancel (self->cancellable);
  if (self->call != NULL)
    {
      stop_check (self);
      stop_media_grace (self);
      g_signal_handlers_disconnect_by_data (self->call, self);
    }
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  if (self->audio != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->audio, self);
      cvn_call_audio_stop (self->audio);
    }
  finish_join_task (self, NULL);
  g_clear_object (&self->audio);
  g_clear_object (&self->call);
  g_clear_object (&self->sync);
  g_clear_object (&self->messages);

  G_OBJECT_CLASS (cvn_call_session_parent_class)->dispose (object);
}

static void
cvn_call_session_finalize (GObject *object)
{
  CvnCallSession *self = CVN_CALL_SESSION (object);

  g_clear_object (&self->cancellable);
  g_clear_error (&self->error);
  g_free (self->invite_hash);

  G_OBJECT_CLASS (cvn_call_session_parent_class)->finalize (object);
}

static void
cvn_call_session_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CvnCallSession *self = CVN_CALL_SESSION (object);

  switch (prop_id)
    {
    case PROP_CALL:
      g_value_set_object (value, self->call);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_SOURCE:
      g_value_set_uint (value, self->ssrc);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, cvn_call_session_get_muted (self));
      break;
    case PROP_JOIN_AS_TYPE:
      g_value_set_enum (value, self->join_as.type);
      break;
    case PROP_JOIN_AS_ID:
      g_value_set_int64 (value, self->join_as.id);
      break;
    case PROP_MESSAGES:
      g_value_set_object (value, self->messages);
      break;
    case PROP_MICROPHONE_ERROR:
      g_value_set_boxed (value, cvn_call_session_get_microphone_error (self));
      break;
    case PROP_SPEAKER_ERROR:
      g_value_set_boxed (value, cvn_call_session_get_speaker_error (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_call_session_class_init (CvnCallSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cvn_call_session_dispose;
  object_class->finalize = cvn_call_session_finalize;
  object_class->get_property = cvn_call_session_get_property;

  properties[PROP_CALL] = g_param_spec_object ("call", NULL, NULL, CVN_TYPE_GROUP_CALL, ro);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, CVN_TYPE_CALL_SESSION_STATE,
                                              CVN_CALL_SESSION_STATE_IDLE, ro);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_SOURCE] = g_param_spec_uint ("source", NULL, NULL, 0, G_MAXUINT32, 0, ro);
  properties[PROP_MUTED] = g_param_spec_boolean ("muted", NULL, NULL, FALSE, ro);
  properties[PROP_JOIN_AS_TYPE] = g_param_spec_enum ("join-as-type", NULL, NULL, CVN_TYPE_PEER_TYPE, CVN_PEER_TYPE_USER, ro);
  properties[PROP_JOIN_AS_ID] = g_param_spec_int64 ("join-as-id", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);
  properties[PROP_MESSAGES] = g_param_spec_object ("messages", NULL, NULL, G_TYPE_LIST_MODEL, ro);
  properties[PROP_MICROPHONE_ERROR] = g_param_spec_boxed ("microphone-error", NULL, NULL, G_TYPE_ERROR, ro);
  properties[PROP_SPEAKER_ERROR] = g_param_spec_boxed ("speaker-error", NULL, NULL, G_TYPE_ERROR, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cvn_call_session_init (CvnCallSession *self)
{
  self->cancellable = g_cancellable_new ();
  self->messages = g_list_store_new (CVN_TYPE_CALL_MESSAGE);
  self->check_interval = DEFAULT_CHECK_INTERVAL_MS;
}

CvnCallSession *
_cvn_call_session_new_full (CvnGroupCallSync *sync,
                            CvnGroupCall     *call,
                            const CvnPeer    *chat,
                            CvnCallAudio     *audio)
{
  CvnCallSession *self;

  g_return_val_if_fail (CVN_IS_GROUP_CALL_SYNC (sync), NULL);
  g_return_val_if_fail (CVN_IS_GROUP_CALL (call), NULL);
  g_return_val_if_fail (audio == NULL || CVN_IS_CALL_AUDIO (audio), NULL);

  self = g_object_new (CVN_TYPE_CALL_SESSION, NULL);
  self->sync = g_object_ref (sync);
  self->call = g_object_ref (call);
  if (chat != NULL)
    {
      self->has_chat = TRUE;
      self->chat = *chat;
    }
  else if (cvn_group_call_get_has_peer (call))
    {
      self->has_chat = TRUE;
      self->chat = (CvnPeer) { cvn_group_call_get_peer_type (call), cvn_group_call_get_peer_id (call) };
    }
  self->audio = audio != NULL ? g_object_ref (audio) : cvn_call_audio_new (NULL);

  g_signal_connect (sync, "connection", G_CALLBACK (connection_cb), self);
  g_signal_connect (sync, "self-participant", G_CALLBACK (self_participant_cb), self);
  g_signal_connect (sync, "call-message", G_CALLBACK (call_message_cb), self);
  g_signal_connect (sync, "call-messages-deleted", G_CALLBACK (call_messages_deleted_cb), self);
  g_signal_connect (call, "notify::state", G_CALLBACK (call_state_cb), self);
  connect_audio (self);

  if (cvn_group_call_get_state (call) == CVN_GROUP_CALL_STATE_DISCARDED)
    self->state = CVN_CALL_SESSION_STATE_ENDED;

  return self;
}

CvnCallSession *
cvn_call_session_new (CvnClient    *client,
                      CvnGroupCall *call)
{
  CvnGroupCallSync *sync;

  g_return_val_if_fail (CVN_IS_CLIENT (client), NULL);
  g_return_val_if_fail (CVN_IS_GROUP_CALL (call), NULL);

  sync = _cvn_group_call_sync_for_client (client);
  _cvn_group_call_sync_adopt (sync, call);
  if (cvn_group_call_get_state (call) == CVN_GROUP_CALL_STATE_UNKNOWN && !cvn_group_call_get_syncing (call))
    _cvn_group_call_request_refetch (call);
  return _cvn_call_session_new_full (sync, call, NULL, NULL);
}

CvnCallSession *
cvn_call_session_new_for_chat (CvnClient *client,
                               CvnChat   *chat)
{
  return _cvn_call_session_new_for_chat_full (client, chat, NULL);
}

CvnCallSession *
_cvn_call_session_new_for_chat_full (CvnClient    *client,
                                     CvnChat      *chat,
                                     CvnCallAudio *audio)
{
  CvnGroupCallSync *sync;
  CvnCallSession *self;
  CvnGroupCall *call;
  CvnPeer peer;

  g_return_val_if_fail (CVN_IS_CLIENT (client), NULL);
  g_return_val_if_fail (CVN_IS_CHAT (chat), NULL);

  sync = _cvn_group_call_sync_for_client (client);
  peer = (CvnPeer) { cvn_chat_get_peer_type (chat), cvn_chat_get_id (chat) };
  call = cvn_chat_get_group_call (chat);
  if (call == NULL)
    return NULL;

  _cvn_group_call_sync_adopt (sync, call);
  self = _cvn_call_session_new_full (sync, call, &peer, audio);
  {
    CvnPeerType type;
    gint64 id;

    if (cvn_chat_get_default_join_as (chat, &type, &id))
      {
        self->has_default_join_as = TRUE;
        self->default_join_as = (CvnPeer) { type, id };
      }
  }
  /* the call's id is needed for anything: the full chat info names it */
  if (cvn_group_call_get_id (call) == 0)
    resolve_chat_call (self, client);
  else if (cvn_group_call_get_state (call) == CVN_GROUP_CALL_STATE_UNKNOWN && !cvn_group_call_get_syncing (call))
    _cvn_group_call_request_refetch (call);

  return self;
}

/* ------------------------------------------------------------------------------------------
 * getters
 */

CvnGroupCall *
cvn_call_session_get_call (CvnCallSession *self)
{
  g_return_val_if_fail (CVN_IS_CALL_SESSION (self), NULL);
  return self->call;
}

CvnCallSessionState
cvn_call_session_get_state (CvnCallSession *self)
{
  g_return_val_if_fail (CVN_IS_CALL_SESSION (self), CVN_CALL_SESSION_STATE_IDLE);
  return self->state;
}

const GError *
cvn_call_session_get_error (CvnCallSession *self)
{
  g_return_val_if_fail (CVN_IS_CALL_SESSION (self), NULL);
  return self->error;
}

guint32
cvn_call_session_get_source (CvnCallSession *self)
{
  g_return_val_if_fail (CVN_IS_CALL_SESSION (self), 0);
  return self->ssrc;
}

const GError *
cvn_call_session_get_microphone_error (CvnCallSession *self)
{
  g_return_val_if_fail (CVN_IS_CALL_SESSION (self), NULL);
  return cvn_call_audio_get_capture_error (self->audio);
}

const GError *
cvn_call_session_get_speaker_error (CvnCallSession *self)
{
  g_return_val_if_fail (CVN_IS_CALL_SESSION (self), NULL);
  return cvn_call_audio_get_playback_error (self->audio);
}

gboolean
cvn_call_session_get_muted (CvnCallSession *self)
{
  g_return_val_if_fail (CVN_IS_CALL_SESSION (self), FALSE);
  return cvn_call_audio_get_muted (self->audio);
}

CvnPeerType
cvn_call_session_get_join_as_type (CvnCallSession *self)
{
  g_return_val_if_fail (CVN_IS_CALL_SESSION (self), CVN_PEER_TYPE_USER);
  return self->join_as.type;
}

gint64
cvn_call_session_get_join_as_id (CvnCallSession *self)
{
  g_return_val_if_fail (CVN_IS_CALL_SESSION (self), 0);
  return self->join_as.id;
}

GListModel *
cvn_call_session_get_messages (CvnCallSession *self)
{
  g_return_val_if_fail (CVN_IS_CALL_SESSION (self), NULL);
  return G_LIST_MODEL (self->messages);
}

void
_cvn_call_session_set_audio (CvnCallSession *self,
                             CvnCallAudio   *audio)
{
  g_return_if_fail (CVN_IS_CALL_SESSION (self));
  g_return_if_fail (CVN_IS_CALL_AUDIO (audio));
  g_return_if_fail (!is_in_call (self));

  g_signal_handlers_disconnect_by_data (self->audio, self);
  cvn_call_audio_stop (self->audio);
  g_set_object (&self->audio, audio);
  connect_audio (self);
}

CvnCallAudio *
_cvn_call_session_get_audio (CvnCallSession *self)
{
  g_return_val_if_fail (CVN_IS_CALL_SESSION (self), NULL);
  return self->audio;
}

void
_cvn_call_session_set_check_interval (CvnCallSession *self,
                                      guint           ms)
{
  g_return_if_fail (CVN_IS_CALL_SESSION (self));

  self->check_interval = ms;
  stop_check (self);
  if (self->state == CVN_CALL_SESSION_STATE_CONNECTING || self->state == CVN_CALL_SESSION_STATE_JOINED)
    schedule_check (self);
}

guint
_cvn_call_session_get_n_rejoins (CvnCallSession *self)
{
  g_return_val_if_fail (CVN_IS_CALL_SESSION (self), 0);
  return self->n_rejoins;
}

guint
_cvn_call_session_get_n_join_attempts (CvnCallSession *self)
{
  g_return_val_if_fail (CVN_IS_CALL_SESSION (self), 0);
  return self->n_attempts;
}
