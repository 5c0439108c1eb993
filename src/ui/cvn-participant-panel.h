/* cvn-participant-panel.h: the participants of a call in sections (raised hands, speakers,
 * listeners), as a lazy list that stays cheap with thousands of listeners
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-participant-status.h"

G_BEGIN_DECLS

#define CVN_TYPE_PARTICIPANT_PANEL (cvn_participant_panel_get_type ())

G_DECLARE_FINAL_TYPE (CvnParticipantPanel, cvn_participant_panel, CVN, PARTICIPANT_PANEL, AdwBin)

typedef enum
{
  CVN_PARTICIPANT_SECTION_RAISED_HANDS,
  CVN_PARTICIPANT_SECTION_SPEAKERS,
  CVN_PARTICIPANT_SECTION_LISTENERS,
} CvnParticipantSection;

GtkWidget  *cvn_participant_panel_new                (void);

/* A GListModel of CvnGroupCallParticipant (the call's sorted list); nullable. */
GListModel *cvn_participant_panel_get_participants   (CvnParticipantPanel *self);
void        cvn_participant_panel_set_participants   (CvnParticipantPanel *self,
                                                      GListModel          *participants);
gboolean    cvn_participant_panel_get_can_manage     (CvnParticipantPanel *self);
void        cvn_participant_panel_set_can_manage     (CvnParticipantPanel *self,
                                                      gboolean             can_manage);
void        cvn_participant_panel_set_peer_name_func (CvnParticipantPanel *self,
                                                      CvnPeerNameFunc      func,
                                                      gpointer             user_data);

/* The participants in @section now (after pending re-sorting; for tests). */
guint       cvn_participant_panel_get_section_size   (CvnParticipantPanel   *self,
                                                      CvnParticipantSection  section);
/* The flattened list the view shows: GtkStringObject headers and participants. */
GListModel *cvn_participant_panel_get_rows           (CvnParticipantPanel *self);

G_END_DECLS
