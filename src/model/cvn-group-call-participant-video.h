/* cvn-group-call-participant-video.h: a participant's camera or screen-sharing stream
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CVN_TYPE_GROUP_CALL_PARTICIPANT_VIDEO (cvn_group_call_participant_video_get_type ())

G_DECLARE_FINAL_TYPE (CvnGroupCallParticipantVideo, cvn_group_call_participant_video,
                      CVN, GROUP_CALL_PARTICIPANT_VIDEO, GObject)

/* Immutable: a change of the stream replaces the whole object on the participant. */
const char   *cvn_group_call_participant_video_get_endpoint            (CvnGroupCallParticipantVideo *self);
gboolean      cvn_group_call_participant_video_get_paused              (CvnGroupCallParticipantVideo *self);
gboolean      cvn_group_call_participant_video_get_has_audio_source    (CvnGroupCallParticipantVideo *self);
int           cvn_group_call_participant_video_get_audio_source        (CvnGroupCallParticipantVideo *self);
guint         cvn_group_call_participant_video_get_n_source_groups     (CvnGroupCallParticipantVideo *self);
const char   *cvn_group_call_participant_video_get_source_group_semantics (CvnGroupCallParticipantVideo *self,
                                                                           guint                         index);
const gint32 *cvn_group_call_participant_video_get_source_group_sources   (CvnGroupCallParticipantVideo *self,
                                                                           guint                         index,
                                                                           guint                        *n_sources);

G_END_DECLS
