/* cvn-participant-tile.h: one participant of a live call as a tile of the call grid
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-group-call-participant.h"

G_BEGIN_DECLS

#define CVN_TYPE_PARTICIPANT_TILE (cvn_participant_tile_get_type ())

G_DECLARE_FINAL_TYPE (CvnParticipantTile, cvn_participant_tile, CVN, PARTICIPANT_TILE, AdwBin)

GtkWidget               *cvn_participant_tile_new             (void);

/* The participant shown (nullable); the tile follows its muted, hand-raised, speaking and
 * video properties. */
CvnGroupCallParticipant *cvn_participant_tile_get_participant (CvnParticipantTile      *self);
void                     cvn_participant_tile_set_participant (CvnParticipantTile      *self,
                                                               CvnGroupCallParticipant *participant);

/* The display name (the model knows peers, not names); also gives the avatar's initials. */
const char              *cvn_participant_tile_get_name        (CvnParticipantTile      *self);
void                     cvn_participant_tile_set_name        (CvnParticipantTile      *self,
                                                               const char              *name);

/* TRUE while the speaking ring is shown (the participant speaks and is not muted). */
gboolean                 cvn_participant_tile_get_ring_visible (CvnParticipantTile     *self);

G_END_DECLS
