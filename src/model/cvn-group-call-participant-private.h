/* cvn-group-call-participant-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-group-call-info-private.h"
#include "cvn-group-call-participant.h"

G_BEGIN_DECLS

typedef struct _CvnGroupCallParticipantList CvnGroupCallParticipantList;

/* The order of the list (see cvn-group-call-participant-list.c). */
typedef struct
{
  gint64  raise_hand_rating;
  gint32  active;               /* MAX (active_date, local activity) */
  gint32  date;
} CvnParticipantSortKey;

CvnGroupCallParticipant *_cvn_group_call_participant_new            (const CvnParticipantInfo *info,
                                                                     gint32                    version);
const CvnPeer           *_cvn_group_call_participant_get_peer       (CvnGroupCallParticipant  *self);
const CvnParticipantSortKey *
                         _cvn_group_call_participant_get_sort_key   (CvnGroupCallParticipant  *self);

/* The version of the last update applied to this participant (TDLib: updates older than it
 * are "outdated" and ignored). */
gint32                   _cvn_group_call_participant_get_version    (CvnGroupCallParticipant  *self);

/* Applies @info received at @version over the cached state, with the groupCallParticipant
 * page's `min` rules. Notifies each changed property. Returns TRUE when the sort key changed. */
gboolean                 _cvn_group_call_participant_apply_info     (CvnGroupCallParticipant  *self,
                                                                     const CvnParticipantInfo *info,
                                                                     gint32                    version);

/* Fills @info (cleared by the caller) with the cached server state. */
void                     _cvn_group_call_participant_to_info        (CvnGroupCallParticipant  *self,
                                                                     CvnParticipantInfo       *info);

/* Where the participant sits in its list: set and cleared by the list only. */
void                     _cvn_group_call_participant_set_list       (CvnGroupCallParticipant     *self,
                                                                     CvnGroupCallParticipantList *list,
                                                                     gpointer                     iter);
gpointer                 _cvn_group_call_participant_get_iter       (CvnGroupCallParticipant     *self);

/* Local activity (wall-clock seconds) from speaking; returns TRUE when the sort key changed. */
gboolean                 _cvn_group_call_participant_set_local_active (CvnGroupCallParticipant *self,
                                                                       gint32                   when);

/* Optimistic local mute: the displayed `muted` is @muted until finished with the same
 * @generation. A later generation supersedes an earlier one. */
void                     _cvn_group_call_participant_set_pending_muted    (CvnGroupCallParticipant *self,
                                                                           gboolean                 muted,
                                                                           guint64                  generation);
/* Ends the pending change of @generation (no-op for a stale generation; returns FALSE then).
 * Server states received at a version below @guard_version no longer change `muted`. */
gboolean                 _cvn_group_call_participant_finish_pending_muted (CvnGroupCallParticipant *self,
                                                                           guint64                  generation,
                                                                           gint32                   guard_version);
gboolean                 _cvn_group_call_participant_get_server_muted     (CvnGroupCallParticipant *self);
gboolean                 _cvn_group_call_participant_has_pending_muted    (CvnGroupCallParticipant *self);

/* A volume the server accepted from us (phone.editGroupCallParticipant): its own copy of the
 * change comes as `min`, whose volume is not applied over the cache (groupCallParticipant
 * page), so it is set here. */
void                     _cvn_group_call_participant_set_volume     (CvnGroupCallParticipant *self,
                                                                     gint32                   volume,
                                                                     gboolean                 by_admin);

G_END_DECLS
