/* cvn-chat.h: a group, supergroup or channel as the client knows it, with its call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "cvn-group-call.h"
#include "cvn-model-enums.h"

G_BEGIN_DECLS

#define CVN_TYPE_CHAT (cvn_chat_get_type ())

G_DECLARE_FINAL_TYPE (CvnChat, cvn_chat, CVN, CHAT, GObject)

/* Read-only, notifying properties. */
/* "peer-type": CHAT (basic group) or CHANNEL (supergroup or broadcast channel); "id" the
 * peer id (chat.id / channel.id, positive). */
CvnPeerType       cvn_chat_get_peer_type          (CvnChat *self);
gint64            cvn_chat_get_id                 (CvnChat *self);
const char       *cvn_chat_get_title              (CvnChat *self);
/* Public username without '@', or NULL. */
const char       *cvn_chat_get_username           (CvnChat *self);
/* "broadcast": a channel (its calls are livestreams); FALSE for groups and supergroups. */
gboolean          cvn_chat_get_broadcast          (CvnChat *self);
/* "is-creator": the user owns the chat. "is-admin": the user is an administrator (or the
 * creator). "can-manage-call": may start, schedule, end and administer the chat's calls
 * (creator, or admin with manage_call). */
gboolean          cvn_chat_get_is_creator         (CvnChat *self);
gboolean          cvn_chat_get_is_admin           (CvnChat *self);
gboolean          cvn_chat_get_can_manage_call    (CvnChat *self);
/* "is-member": the user is in the chat (FALSE for a public chat only resolved by name, or
 * one left); the list of chats with calls shows members' chats only. */
gboolean          cvn_chat_get_is_member          (CvnChat *self);
/* Members (participants_count of the full chat), 0 if unknown. */
int               cvn_chat_get_members_count      (CvnChat *self);

/* "has-call": the chat has a live or scheduled call (chat/channel call_active flag, or a
 * call in its full info). */
gboolean          cvn_chat_get_has_call           (CvnChat *self);
/* "group-call" (transfer none): the call once known (full info or updateGroupCall), else
 * NULL. Its state, participants and schedule come from the call object. */
CvnGroupCall     *cvn_chat_get_group_call         (CvnChat *self);
/* Mirrors of the call for binding (UNKNOWN / 0 without a call): "call-state",
 * "participants-count", "schedule-date" (Unix seconds, 0 if not scheduled). */
CvnGroupCallState cvn_chat_get_call_state         (CvnChat *self);
int               cvn_chat_get_participants_count (CvnChat *self);
int               cvn_chat_get_schedule_date      (CvnChat *self);

/* groupcall_default_join_as of the full chat (chatFull / channelFull); FALSE if none. */
gboolean          cvn_chat_get_default_join_as    (CvnChat     *self,
                                                   CvnPeerType *type,
                                                   gint64      *id);

G_END_DECLS
