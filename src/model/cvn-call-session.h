/* cvn-call-session.h: being in a group call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One CvnCallSession per joined call. :state goes idle → joining → connecting → joined; a
 * source the server lost (phone.checkGroupCall, or a `left` entry about our source) goes
 * through rejoining; leaving gives left, a discarded call ended, an error failed (see
 * cvn_call_session_get_error()). The voice runs over a CvnCallAudio: its join payload is
 * what phone.joinGroupCall sends, updateGroupCallConnection's answer starts it, and the
 * levels it measures per source set the participants' :speaking.
 *
 * Operations are cancellable async calls; the model (the CvnGroupCall and its
 * participants) changes when the server answers, through the same updates everyone gets.
 * Unless said otherwise they finish with cvn_call_session_operation_finish().
 */
#pragma once

#include <gio/gio.h>

#include "cvn-call-message.h"
#include "cvn-chat.h"
#include "cvn-client.h"
#include "cvn-group-call.h"
#include "cvn-model-enums.h"

G_BEGIN_DECLS

#define CVN_TYPE_CALL_SESSION (cvn_call_session_get_type ())

G_DECLARE_FINAL_TYPE (CvnCallSession, cvn_call_session, CVN, CALL_SESSION, GObject)

/* A session for @call, a call of @client (a chat's, or one a link resolved to). */
CvnCallSession      *cvn_call_session_new                (CvnClient       *client,
                                                          CvnGroupCall    *call);
/* A session for the call of @chat; the call is looked up (full chat info) if the chat
 * only knows it by id. */
CvnCallSession      *cvn_call_session_new_for_chat       (CvnClient       *client,
                                                          CvnChat         *chat);

CvnGroupCall        *cvn_call_session_get_call           (CvnCallSession  *self);
CvnCallSessionState  cvn_call_session_get_state          (CvnCallSession  *self);
/* Why :state is failed (or left when moved out): NULL otherwise. */
const GError        *cvn_call_session_get_error          (CvnCallSession  *self);
/* Our audio source (SSRC) in the call; 0 before joining. */
guint32              cvn_call_session_get_source         (CvnCallSession  *self);
/* Why the microphone or the speaker cannot be used (properties "microphone-error" /
 * "speaker-error"), NULL while it works. Either costs only its direction: the call goes on,
 * listen-only or without sound. */
const GError        *cvn_call_session_get_microphone_error (CvnCallSession *self);
const GError        *cvn_call_session_get_speaker_error    (CvnCallSession *self);
/* Whether we send no audio ("muted"). */
gboolean             cvn_call_session_get_muted          (CvnCallSession  *self);
/* The peer we joined as. */
CvnPeerType          cvn_call_session_get_join_as_type   (CvnCallSession  *self);
gint64               cvn_call_session_get_join_as_id     (CvnCallSession  *self);
/* CvnCallMessage, oldest first. */
GListModel          *cvn_call_session_get_messages       (CvnCallSession  *self);

/* Finishes every operation below that has no finish function of its own. */
gboolean             cvn_call_session_operation_finish   (CvnCallSession  *self,
                                                          GAsyncResult    *result,
                                                          GError         **error);

typedef enum
{
  CVN_CALL_JOIN_NONE          = 0,
  CVN_CALL_JOIN_MUTED         = 1 << 0,
  CVN_CALL_JOIN_VIDEO_STOPPED = 1 << 1,
} CvnCallJoinFlags;

/* Joins as @join_as_type/@join_as_id (id 0: the saved default, else ourselves), with
 * @invite_hash (NULL: none). Finishes when the server accepted (state connecting); the
 * state goes on to joined when media flows. GROUPCALL_SSRC_DUPLICATE_MUCH is retried with
 * a new payload. */
void                 cvn_call_session_join_async         (CvnCallSession      *self,
                                                          CvnPeerType          join_as_type,
                                                          gint64               join_as_id,
                                                          CvnCallJoinFlags     flags,
                                                          const char          *invite_hash,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* phone.leaveGroupCall; state left. */
void                 cvn_call_session_leave_async        (CvnCallSession      *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* phone.discardGroupCall: ends the call for everyone; state ended. */
void                 cvn_call_session_end_async          (CvnCallSession      *self,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);

/* phone.getGroupCallJoinAs for the call's chat: the peers we may join as. */
void                 cvn_call_session_fetch_join_as_async  (CvnCallSession      *self,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
/* Arrays of @n_peers types and ids (free both with g_free). */
gboolean             cvn_call_session_fetch_join_as_finish (CvnCallSession      *self,
                                                            GAsyncResult        *result,
                                                            CvnPeerType        **types,
                                                            gint64             **ids,
                                                            guint               *n_peers,
                                                            GError             **error);
/* phone.saveDefaultGroupCallJoinAs; later joins with id 0 use it. */
void                 cvn_call_session_save_default_join_as_async (CvnCallSession      *self,
                                                                  CvnPeerType          type,
                                                                  gint64               id,
                                                                  GCancellable        *cancellable,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);

/* Our own mute: the outgoing audio stops at once, our participant shows it at once, and
 * the server is told (phone.editGroupCallParticipant). */
void                 cvn_call_session_set_muted_async    (CvnCallSession      *self,
                                                          gboolean             muted,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* An admin muting someone (or, for a non-admin, muting them for us only). */
void                 cvn_call_session_set_participant_muted_async  (CvnCallSession          *self,
                                                                    CvnGroupCallParticipant *participant,
                                                                    gboolean                 muted,
                                                                    GCancellable            *cancellable,
                                                                    GAsyncReadyCallback      callback,
                                                                    gpointer                 user_data);
/* 1..20000 (10000 is 100 %). */
void                 cvn_call_session_set_participant_volume_async (CvnCallSession          *self,
                                                                    CvnGroupCallParticipant *participant,
                                                                    int                      volume,
                                                                    GCancellable            *cancellable,
                                                                    GAsyncReadyCallback      callback,
                                                                    gpointer                 user_data);
void                 cvn_call_session_set_hand_raised_async (CvnCallSession      *self,
                                                             gboolean             raised,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);

typedef enum
{
  CVN_CALL_VIDEO_STOPPED,
  CVN_CALL_VIDEO_PAUSED,
  CVN_CALL_PRESENTATION_PAUSED,
} CvnCallVideoFlag;

void                 cvn_call_session_set_video_flag_async (CvnCallSession      *self,
                                                            CvnCallVideoFlag     flag,
                                                            gboolean             value,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);

void                 cvn_call_session_set_title_async    (CvnCallSession      *self,
                                                          const char          *title,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);

typedef enum
{
  CVN_CALL_SETTING_JOIN_MUTED,
  CVN_CALL_SETTING_MESSAGES_ENABLED,
  CVN_CALL_SETTING_RESET_INVITE_HASH,   /* @value ignored */
} CvnCallSetting;

void                 cvn_call_session_set_setting_async  (CvnCallSession      *self,
                                                          CvnCallSetting       setting,
                                                          gboolean             value,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);

void                 cvn_call_session_invite_users_async (CvnCallSession      *self,
                                                          const gint64        *user_ids,
                                                          guint                n_user_ids,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);

/* phone.exportGroupCallInvite: a link for listeners, or speakers (@can_self_unmute). */
void                 cvn_call_session_export_invite_async  (CvnCallSession      *self,
                                                            gboolean             can_self_unmute,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
char                *cvn_call_session_export_invite_finish (CvnCallSession      *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/* phone.getGroupCallStreamRtmpUrl for the call's chat: where streaming software sends an
 * RTMP livestream, and its secret key. @revoke: a new key (the old one stops working).
 * Only the chat's owner may ask; others get CVN_MODEL_ERROR_FAILED. */
void                 cvn_call_session_fetch_rtmp_credentials_async  (CvnCallSession      *self,
                                                                     gboolean             revoke,
                                                                     GCancellable        *cancellable,
                                                                     GAsyncReadyCallback  callback,
                                                                     gpointer             user_data);
/* @url and @key: free with g_free (either may be NULL). */
gboolean             cvn_call_session_fetch_rtmp_credentials_finish (CvnCallSession      *self,
                                                                     GAsyncResult        *result,
                                                                     char               **url,
                                                                     char               **key,
                                                                     GError             **error);

/* phone.toggleGroupCallRecord: start (with @title, video and its orientation) or stop. */
void                 cvn_call_session_set_recording_async (CvnCallSession      *self,
                                                           gboolean             start,
                                                           const char          *title,
                                                           gboolean             video,
                                                           gboolean             portrait,
                                                           GCancellable        *cancellable,
                                                           GAsyncReadyCallback  callback,
                                                           gpointer             user_data);

/* A scheduled call: start it now; be notified (or not) when it starts. */
void                 cvn_call_session_start_scheduled_async (CvnCallSession      *self,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);
void                 cvn_call_session_set_start_subscribed_async (CvnCallSession      *self,
                                                                  gboolean             subscribed,
                                                                  GCancellable        *cancellable,
                                                                  GAsyncReadyCallback  callback,
                                                                  gpointer             user_data);

/* In-call messages: sent messages appear in :messages when the server answers; deleted
 * ones leave it. */
void                 cvn_call_session_send_message_async (CvnCallSession      *self,
                                                          const char          *text,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
void                 cvn_call_session_delete_messages_async (CvnCallSession      *self,
                                                             const int           *ids,
                                                             guint                n_ids,
                                                             GCancellable        *cancellable,
                                                             GAsyncReadyCallback  callback,
                                                             gpointer             user_data);

typedef enum
{
  CVN_CALL_CREATE_VIDEO_CHAT,       /* a group's video chat (a channel's livestream) */
  CVN_CALL_CREATE_RTMP_STREAM,      /* a channel's livestream fed over RTMP */
} CvnCallCreateKind;

/* phone.createGroupCall in @chat: now, or scheduled at @schedule_date (unix time, 0:
 * now), titled @title (NULL: none). Finish with cvn_call_session_create_finish(): a new
 * session for the created call (not joined). */
void                 cvn_call_session_create_async       (CvnClient           *client,
                                                          CvnChat             *chat,
                                                          CvnCallCreateKind    kind,
                                                          const char          *title,
                                                          gint64               schedule_date,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
CvnCallSession      *cvn_call_session_create_finish      (GAsyncResult        *result,
                                                          GError             **error);

/* Conference calls (phone.createConferenceCall, not joined; the E2E key and block come with
 * the E2E layer). Finish with cvn_call_session_create_finish(). */
void                 cvn_call_session_create_conference_async (CvnClient           *client,
                                                               GCancellable        *cancellable,
                                                               GAsyncReadyCallback  callback,
                                                               gpointer             user_data);
/* The call of a link's slug (t.me/call/SLUG: phone.getGroupCall with inputGroupCallSlug),
 * loaded, in a session not joined yet. Finish with cvn_call_session_create_finish(). */
void                 cvn_call_session_new_for_slug_async (CvnClient           *client,
                                                          const char          *slug,
                                                          GCancellable        *cancellable,
                                                          GAsyncReadyCallback  callback,
                                                          gpointer             user_data);
/* phone.declineConferenceCallInvite for the invitation message @msg_id. Finish with
 * cvn_call_session_decline_finish(). */
void                 cvn_call_session_decline_conference_invite_async (CvnClient           *client,
                                                                       int                  msg_id,
                                                                       GCancellable        *cancellable,
                                                                       GAsyncReadyCallback  callback,
                                                                       gpointer             user_data);
gboolean             cvn_call_session_decline_finish     (GAsyncResult        *result,
                                                          GError             **error);

G_END_DECLS
