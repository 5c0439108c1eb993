/* cvn-chat-list-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-chat-list.h"

G_BEGIN_DECLS

CvnChatList *_cvn_chat_list_new    (void);
/* The list follows @chat from now on: it is in the list while CvnChat:has-call is TRUE, and
 * moves when its call state, participants count, schedule date or title change. */
void         _cvn_chat_list_track  (CvnChatList *self,
                                    CvnChat     *chat);
/* Forgets every chat (log out). */
void         _cvn_chat_list_clear  (CvnChatList *self);

G_END_DECLS
