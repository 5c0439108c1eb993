/* cvn-chat-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-chat.h"
#include "cvn-peer-cache-private.h"

G_BEGIN_DECLS

CvnChat       *_cvn_chat_new                 (const CvnPeer      *peer);
const CvnPeer *_cvn_chat_get_peer            (CvnChat            *self);
/* Title, username, rights, call_active from the cache entry of the chat. */
void           _cvn_chat_update_from_entry   (CvnChat            *self,
                                              const CvnPeerEntry *entry);
/* The chat's call (from full info, updateGroupCall or a service message); NULL: none. A
 * discarded call is let go of. */
void           _cvn_chat_set_group_call      (CvnChat            *self,
                                              CvnGroupCall       *call);
void           _cvn_chat_set_members_count   (CvnChat            *self,
                                              int                 count);
/* NULL: none. */
void           _cvn_chat_set_default_join_as (CvnChat            *self,
                                              const CvnPeer      *peer);

G_END_DECLS
