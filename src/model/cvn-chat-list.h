/* cvn-chat-list.h: a GListModel of the CvnChats that have a live or scheduled call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Only chats the user is a member of (CvnChat:is-member) are listed.
 * Order: live calls first (more participants first, then by title), then scheduled ones
 * by schedule date (soonest first), then by title; a chat whose call is known
 * only from its call_active flag (full info on its way) sits between the two. A chat joins the list when its call
 * appears (dialogs at login, full chat info, service messages, updateGroupCall) and leaves
 * it when the call is discarded; changes are minimal items-changed ranges.
 */
#pragma once

#include <gio/gio.h>

#include "cvn-chat.h"

G_BEGIN_DECLS

#define CVN_TYPE_CHAT_LIST (cvn_chat_list_get_type ())

G_DECLARE_FINAL_TYPE (CvnChatList, cvn_chat_list, CVN, CHAT_LIST, GObject)

/* The chat (transfer none) with this peer if it is in the list, else NULL. */
CvnChat *cvn_chat_list_lookup (CvnChatList *self,
                               CvnPeerType  type,
                               gint64       id);

G_END_DECLS
