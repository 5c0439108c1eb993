/* cvn-group-call-participant-video-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-group-call-info-private.h"
#include "cvn-group-call-participant-video.h"

G_BEGIN_DECLS

/* Copies @info. */
CvnGroupCallParticipantVideo  *_cvn_group_call_participant_video_new      (const CvnParticipantVideoInfo *info);
const CvnParticipantVideoInfo *_cvn_group_call_participant_video_get_info (CvnGroupCallParticipantVideo  *self);

G_END_DECLS
