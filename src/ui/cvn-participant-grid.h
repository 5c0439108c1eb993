/* cvn-participant-grid.h: the tiles of a live call, reflowing with the width (lazy: only the
 * tiles on screen exist)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-participant-status.h"

G_BEGIN_DECLS

#define CVN_TYPE_PARTICIPANT_GRID (cvn_participant_grid_get_type ())

G_DECLARE_FINAL_TYPE (CvnParticipantGrid, cvn_participant_grid, CVN, PARTICIPANT_GRID, AdwBin)

GtkWidget  *cvn_participant_grid_new                (void);

GListModel *cvn_participant_grid_get_participants   (CvnParticipantGrid *self);
void        cvn_participant_grid_set_participants   (CvnParticipantGrid *self,
                                                     GListModel         *participants);
void        cvn_participant_grid_set_peer_name_func (CvnParticipantGrid *self,
                                                     CvnPeerNameFunc     func,
                                                     gpointer            user_data);

/* The GtkGridView inside (for tests and benchmarks). */
GtkWidget  *cvn_participant_grid_get_view           (CvnParticipantGrid *self);

G_END_DECLS
