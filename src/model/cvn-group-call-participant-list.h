/* cvn-group-call-participant-list.h: the sorted participants of a group call, a GListModel
 * of CvnGroupCallParticipant
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "cvn-group-call-participant.h"

G_BEGIN_DECLS

#define CVN_TYPE_GROUP_CALL_PARTICIPANT_LIST (cvn_group_call_participant_list_get_type ())

G_DECLARE_FINAL_TYPE (CvnGroupCallParticipantList, cvn_group_call_participant_list,
                      CVN, GROUP_CALL_PARTICIPANT_LIST, GObject)

/* Transfer none; NULL when no such participant. */
CvnGroupCallParticipant *cvn_group_call_participant_list_lookup (CvnGroupCallParticipantList *self,
                                                                 CvnPeerType                  peer_type,
                                                                 gint64                       peer_id);

/* The position of @participant, or G_MAXUINT when it is not in the list. O(log n). */
guint                    cvn_group_call_participant_list_get_position (CvnGroupCallParticipantList *self,
                                                                       CvnGroupCallParticipant     *participant);

G_END_DECLS
