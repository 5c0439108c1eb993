/* cvn-participant-row.h: one participant in the participants panel, with its menu
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-group-call-participant.h"

G_BEGIN_DECLS

#define CVN_TYPE_PARTICIPANT_ROW (cvn_participant_row_get_type ())

G_DECLARE_FINAL_TYPE (CvnParticipantRow, cvn_participant_row, CVN, PARTICIPANT_ROW, AdwBin)

/* The menu activates these actions of an ancestor (CvnCallView installs them); the
 * parameter names the participant as (peer type, peer id):
 *   call.participant-mute (ix), call.participant-allow (ix), call.participant-remove (ix),
 *   call.participant-mute-for-me (ixb), call.participant-volume (ixi: percent 0..200). */

GtkWidget               *cvn_participant_row_new             (void);

CvnGroupCallParticipant *cvn_participant_row_get_participant (CvnParticipantRow       *self);
void                     cvn_participant_row_set_participant (CvnParticipantRow       *self,
                                                              CvnGroupCallParticipant *participant);
const char              *cvn_participant_row_get_name        (CvnParticipantRow       *self);
void                     cvn_participant_row_set_name        (CvnParticipantRow       *self,
                                                              const char              *name);
/* The local user may mute, unmute and remove others (manage_call). */
gboolean                 cvn_participant_row_get_can_manage  (CvnParticipantRow       *self);
void                     cvn_participant_row_set_can_manage  (CvnParticipantRow       *self,
                                                              gboolean                 can_manage);

G_END_DECLS
