/* cvn-participant-status.h: the words the call views use for a participant's state
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-group-call-participant.h"

G_BEGIN_DECLS

/* Resolves a peer to a display name (transfer full, or NULL when unknown): the views get one
 * from whoever knows users and chats (the shell, from the client). */
typedef char *(*CvnPeerNameFunc) (CvnPeerType peer_type,
                                  gint64      peer_id,
                                  gpointer    user_data);

/* The name of @participant through @func, or a fallback (transfer full). */
char       *cvn_participant_status_dup_name     (CvnGroupCallParticipant *participant,
                                                 CvnPeerNameFunc          func,
                                                 gpointer                 user_data);

/* "Speaking", "Wants to speak", "Listening", ... (translated; static). */
const char *cvn_participant_status_describe     (CvnGroupCallParticipant *participant);

/* A name for a peer the caller could not resolve ("User 42", "Channel 7"); free it. */
char       *cvn_participant_status_fallback_name (CvnPeerType peer_type,
                                                  gint64      peer_id);

/* TRUE when @participant is heard now: speaking and not muted. */
gboolean    cvn_participant_status_is_heard     (CvnGroupCallParticipant *participant);

G_END_DECLS
