/* cvn-sandbox-calls-private.h: call changes shared by the dispatcher and the simulation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-sandbox-private.h"

G_BEGIN_DECLS

typedef enum
{
  CVN_SANDBOX_CHANGE_JUST_JOINED = 1 << 0,
  CVN_SANDBOX_CHANGE_LEFT        = 1 << 1,
  CVN_SANDBOX_CHANGE_UNVERSIONED = 1 << 2,   /* speaking: active_date only, no new version */
} CvnSandboxChangeFlags;

gboolean               cvn_sandbox_resolve_call         (CvnSandboxCtx         *ctx,
                                                         const CvnTlObject     *input,
                                                         gboolean               allow_discarded,
                                                         CvnSandboxCall       **call,
                                                         GError               **error);
/* The call itself changed: bumps the version, pushes updateGroupCall to everyone concerned
 * but @except, returns the copy for @viewer (in @arena). */
CvnTlObject           *cvn_sandbox_call_changed         (CvnSandboxWorld       *world,
                                                         CvnTlArena            *arena,
                                                         CvnSandboxCall        *call,
                                                         CvnSandboxSession     *except,
                                                         gint64                 viewer);
/* @participant changed (the change is applied): bumps the version unless UNVERSIONED, pushes
 * updateGroupCallParticipants, returns @viewer's copy with @extra first (NULL if @arena is
 * NULL). */
CvnTlObject           *cvn_sandbox_participants_changed (CvnSandboxWorld       *world,
                                                         CvnTlArena            *arena,
                                                         CvnSandboxCall        *call,
                                                         CvnSandboxSession     *except,
                                                         gint64                 viewer,
                                                         CvnSandboxParticipant *participant,
                                                         CvnSandboxChangeFlags  flags,
                                                         GPtrArray             *extra);
/* Removes and frees @participant, announcing `left`. */
CvnTlObject           *cvn_sandbox_call_leave           (CvnSandboxWorld       *world,
                                                         CvnTlArena            *arena,
                                                         CvnSandboxCall        *call,
                                                         CvnSandboxSession     *except,
                                                         gint64                 viewer,
                                                         CvnSandboxParticipant *participant);
CvnSandboxParticipant *cvn_sandbox_participant_new      (CvnSandboxWorld       *world,
                                                         const CvnSandboxPeer  *peer,
                                                         gint64                 user_id);
gint64                 cvn_sandbox_world_next_hand_rating (CvnSandboxWorld     *world);
/* updates.getDifference: appends to @updates the latest updateGroupCall (@viewer's copy) of
 * each call @viewer receives updates of that changed at or after @since, adding their chats'
 * ids to @chat_ids. */
void                   cvn_sandbox_calls_difference     (CvnSandboxWorld       *world,
                                                         CvnTlArena            *arena,
                                                         gint64                 viewer,
                                                         gint32                 since,
                                                         GPtrArray             *updates,
                                                         GHashTable            *chat_ids);

G_END_DECLS
