/* cvn-group-call.h: a group call as the server last described it (groupCall), with its
 * participants
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cvn-clock.h"
#include "cvn-group-call-participant.h"
#include "cvn-group-call-participant-list.h"
#include "cvn-model-enums.h"

G_BEGIN_DECLS

#define CVN_TYPE_GROUP_CALL (cvn_group_call_get_type ())

G_DECLARE_FINAL_TYPE (CvnGroupCall, cvn_group_call, CVN, GROUP_CALL, GObject)

/* An empty call (state UNKNOWN) that fills from updates and fetches; @clock times the 1 s
 * gap wait. */
CvnGroupCall       *cvn_group_call_new                          (CvnClock     *clock);

CvnClock           *cvn_group_call_get_clock                    (CvnGroupCall *self);

/* Every field of groupCall#efb2b617 is a read-only, notifying property. Optional fields read
 * 0 or NULL when absent. */
gint64              cvn_group_call_get_id                       (CvnGroupCall *self);
gint64              cvn_group_call_get_access_hash              (CvnGroupCall *self);
int                 cvn_group_call_get_participants_count       (CvnGroupCall *self);
const char         *cvn_group_call_get_title                    (CvnGroupCall *self);
int                 cvn_group_call_get_stream_dc_id             (CvnGroupCall *self);
int                 cvn_group_call_get_record_start_date        (CvnGroupCall *self);
int                 cvn_group_call_get_schedule_date            (CvnGroupCall *self);
int                 cvn_group_call_get_unmuted_video_count      (CvnGroupCall *self);
int                 cvn_group_call_get_unmuted_video_limit      (CvnGroupCall *self);
int                 cvn_group_call_get_version                  (CvnGroupCall *self);
const char         *cvn_group_call_get_invite_link              (CvnGroupCall *self);
gint64              cvn_group_call_get_send_paid_messages_stars (CvnGroupCall *self);
gboolean            cvn_group_call_get_has_default_send_as      (CvnGroupCall *self);
CvnPeerType         cvn_group_call_get_default_send_as_type     (CvnGroupCall *self);
gint64              cvn_group_call_get_default_send_as_id       (CvnGroupCall *self);
gboolean            cvn_group_call_get_join_muted               (CvnGroupCall *self);
gboolean            cvn_group_call_get_can_change_join_muted    (CvnGroupCall *self);
gboolean            cvn_group_call_get_join_date_asc            (CvnGroupCall *self);
gboolean            cvn_group_call_get_schedule_start_subscribed (CvnGroupCall *self);
gboolean            cvn_group_call_get_can_start_video          (CvnGroupCall *self);
gboolean            cvn_group_call_get_record_video_active      (CvnGroupCall *self);
gboolean            cvn_group_call_get_rtmp_stream              (CvnGroupCall *self);
gboolean            cvn_group_call_get_listeners_hidden         (CvnGroupCall *self);
gboolean            cvn_group_call_get_conference               (CvnGroupCall *self);
gboolean            cvn_group_call_get_creator                  (CvnGroupCall *self);
gboolean            cvn_group_call_get_messages_enabled         (CvnGroupCall *self);
gboolean            cvn_group_call_get_can_change_messages_enabled (CvnGroupCall *self);

/* From updateGroupCall: live_story and the peer the call belongs to. */
gboolean            cvn_group_call_get_live_story               (CvnGroupCall *self);
gboolean            cvn_group_call_get_has_peer                 (CvnGroupCall *self);
CvnPeerType         cvn_group_call_get_peer_type                (CvnGroupCall *self);
gint64              cvn_group_call_get_peer_id                  (CvnGroupCall *self);

CvnGroupCallKind    cvn_group_call_get_kind                     (CvnGroupCall *self);
CvnGroupCallState   cvn_group_call_get_state                    (CvnGroupCall *self);
/* groupCallDiscarded.duration; 0 before the call is discarded. */
int                 cvn_group_call_get_duration                 (CvnGroupCall *self);
/* TRUE while a refetch (phone.getGroupCall, then pages) is in flight. */
gboolean            cvn_group_call_get_syncing                  (CvnGroupCall *self);

/* A CvnGroupCallParticipantList (transfer none). */
GListModel         *cvn_group_call_get_participants             (CvnGroupCall *self);

/* Optimistic local mute (self mute, or an admin muting someone): @participant shows @muted
 * at once, until the request that carries it finishes (see the private
 * _cvn_group_call_finish_local_muted()). Returns the generation of this change. */
guint64             cvn_group_call_set_local_muted              (CvnGroupCall            *self,
                                                                 CvnGroupCallParticipant *participant,
                                                                 gboolean                 muted);

G_END_DECLS
