/* cvn-group-call-participant-list-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-clock.h"
#include "cvn-group-call-info-private.h"
#include "cvn-group-call-participant-list.h"
#include "cvn-group-call-participant-private.h"

G_BEGIN_DECLS

CvnGroupCallParticipantList *_cvn_group_call_participant_list_new            (CvnClock                    *clock);

CvnGroupCallParticipant     *_cvn_group_call_participant_list_lookup_peer    (CvnGroupCallParticipantList *self,
                                                                              const CvnPeer               *peer);
/* Takes a reference; emits items-changed (position, 0, 1). */
void                         _cvn_group_call_participant_list_insert         (CvnGroupCallParticipantList *self,
                                                                              CvnGroupCallParticipant     *participant);
/* Emits items-changed (position, 1, 0). */
void                         _cvn_group_call_participant_list_remove         (CvnGroupCallParticipantList *self,
                                                                              CvnGroupCallParticipant     *participant);
/* After the sort key of @participant changed: moves it, emitting (old, 1, 0) then
 * (new, 0, 1), or nothing when its position stays the same. */
void                         _cvn_group_call_participant_list_reposition     (CvnGroupCallParticipantList *self,
                                                                              CvnGroupCallParticipant     *participant);
/* groupCall.join_date_asc; a change re-sorts everything (one items-changed (0, n, n) when the
 * order changes). */
void                         _cvn_group_call_participant_list_set_join_date_asc (CvnGroupCallParticipantList *self,
                                                                                 gboolean                     join_date_asc);
/* Removes everything (one items-changed). */
void                         _cvn_group_call_participant_list_clear          (CvnGroupCallParticipantList *self);

/* Called by a participant that started speaking: local activity at the clock's wall time. */
void                         _cvn_group_call_participant_list_participant_spoke (CvnGroupCallParticipantList *self,
                                                                                 CvnGroupCallParticipant     *participant);

/* Calls @func on every participant in list order; @func may not change the list. */
void                         _cvn_group_call_participant_list_foreach        (CvnGroupCallParticipantList *self,
                                                                              GFunc                        func,
                                                                              gpointer                     user_data);

G_END_DECLS
