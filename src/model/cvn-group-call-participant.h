/* cvn-group-call-participant.h: one participant of a group call (groupCallParticipant)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "cvn-group-call-participant-video.h"
#include "cvn-model-enums.h"

G_BEGIN_DECLS

#define CVN_TYPE_GROUP_CALL_PARTICIPANT (cvn_group_call_participant_get_type ())

G_DECLARE_FINAL_TYPE (CvnGroupCallParticipant, cvn_group_call_participant,
                      CVN, GROUP_CALL_PARTICIPANT, GObject)

/* The server's fields are read-only: they change when the owning CvnGroupCall applies an
 * update. Every property notifies only when its value changes. */
CvnPeerType                   cvn_group_call_participant_get_peer_type          (CvnGroupCallParticipant *self);
gint64                        cvn_group_call_participant_get_peer_id            (CvnGroupCallParticipant *self);
gboolean                      cvn_group_call_participant_get_muted              (CvnGroupCallParticipant *self);
gboolean                      cvn_group_call_participant_get_can_self_unmute    (CvnGroupCallParticipant *self);
gboolean                      cvn_group_call_participant_get_just_joined        (CvnGroupCallParticipant *self);
gboolean                      cvn_group_call_participant_get_muted_by_you       (CvnGroupCallParticipant *self);
gboolean                      cvn_group_call_participant_get_volume_by_admin    (CvnGroupCallParticipant *self);
gboolean                      cvn_group_call_participant_get_is_self            (CvnGroupCallParticipant *self);
gboolean                      cvn_group_call_participant_get_video_joined       (CvnGroupCallParticipant *self);
int                           cvn_group_call_participant_get_date               (CvnGroupCallParticipant *self);
int                           cvn_group_call_participant_get_active_date        (CvnGroupCallParticipant *self);
int                           cvn_group_call_participant_get_source             (CvnGroupCallParticipant *self);
gboolean                      cvn_group_call_participant_get_has_volume         (CvnGroupCallParticipant *self);
int                           cvn_group_call_participant_get_volume             (CvnGroupCallParticipant *self);
const char                   *cvn_group_call_participant_get_about              (CvnGroupCallParticipant *self);
gint64                        cvn_group_call_participant_get_raise_hand_rating  (CvnGroupCallParticipant *self);
gboolean                      cvn_group_call_participant_get_hand_raised        (CvnGroupCallParticipant *self);
CvnGroupCallParticipantVideo *cvn_group_call_participant_get_video              (CvnGroupCallParticipant *self);
CvnGroupCallParticipantVideo *cvn_group_call_participant_get_presentation       (CvnGroupCallParticipant *self);
gint64                        cvn_group_call_participant_get_paid_stars_total   (CvnGroupCallParticipant *self);

/* Set by the media layer from audio levels. Becoming TRUE also counts as activity for the
 * list order (see CvnGroupCallParticipantList). */
gboolean                      cvn_group_call_participant_get_speaking           (CvnGroupCallParticipant *self);
void                          cvn_group_call_participant_set_speaking           (CvnGroupCallParticipant *self,
                                                                                 gboolean                 speaking);

G_END_DECLS
