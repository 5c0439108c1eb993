/* cvn-peer-cache-private.h: the users, chats and channels the client has seen, with their
 * access hashes, and the Input* objects built from them. Private to src/model (TL inside).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Fed with the users/chats vectors of every result and update (_cvn_peer_cache_add_from()).
 * `min` constructors (user.min, channel.min: seen through someone else's message or call) do
 * not carry an access hash usable by us: they never replace what a full constructor gave,
 * and a peer known only from them has has_access_hash FALSE.
 */
#pragma once

#include "cvn-group-call-info-private.h"
#include "cvn-tl.h"

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct
{
  CvnPeer   peer;
  gint64    access_hash;
  gboolean  has_access_hash;
  gboolean  min;               /* known only from min constructors */
  char     *title;             /* users: first and last name; chats/channels: title */
  char     *first_name;        /* users */
  char     *last_name;         /* users */
  char     *username;          /* NULL if none */
  gboolean  is_self;           /* user.self */
  gboolean  bot;
  gboolean  broadcast;         /* channel.broadcast */
  gboolean  megagroup;         /* channel.megagroup */
  gboolean  creator;           /* chat/channel creator */
  gboolean  admin;             /* creator, or admin_rights present */
  gboolean  manage_call;       /* creator, or admin_rights.manage_call */
  gboolean  left;              /* chat/channel left or kicked/forbidden */
  gboolean  call_active;       /* chat/channel call_active */
  gboolean  call_not_empty;
  gint32    participants_count;
  CvnPeer   migrated_to;       /* chat.migrated_to (a channel), id 0 if none */
} CvnPeerEntry;

#define CVN_TYPE_PEER_CACHE (cvn_peer_cache_get_type ())

G_DECLARE_FINAL_TYPE (CvnPeerCache, cvn_peer_cache, CVN, PEER_CACHE, GObject)

/* ::peer-changed (CvnPeerType type, gint64 id) after an entry was added or changed. */
CvnPeerCache       *_cvn_peer_cache_new          (void);

/* Adds the users and chats of @object: a User or Chat itself, or any constructor with
 * `users`/`chats` vectors (Updates, messages.Dialogs, messages.ChatFull, ...), or a
 * CvnTlApiAuthAuthorization's user. Returns the number of entries added or changed. */
guint               _cvn_peer_cache_add_from     (CvnPeerCache      *self,
                                                  const CvnTlObject *object);
/* A single user / chat / channel constructor (userEmpty, chatForbidden, ... included). */
void                _cvn_peer_cache_add_user     (CvnPeerCache      *self,
                                                  const CvnTlObject *user);
void                _cvn_peer_cache_add_chat     (CvnPeerCache      *self,
                                                  const CvnTlObject *chat);

const CvnPeerEntry *_cvn_peer_cache_lookup       (CvnPeerCache      *self,
                                                  const CvnPeer     *peer);
guint               _cvn_peer_cache_get_n_peers  (CvnPeerCache      *self);
void                _cvn_peer_cache_clear        (CvnPeerCache      *self);

/* inputPeerUser/Chat/Channel (inputPeerSelf when @peer is the user marked self), or NULL
 * with CVN_MODEL_ERROR_NOT_FOUND when no usable access hash is known. Built in @arena. */
CvnTlObject        *_cvn_peer_cache_make_input_peer    (CvnPeerCache  *self,
                                                        const CvnPeer *peer,
                                                        CvnTlArena    *arena,
                                                        GError       **error);
/* inputUser / inputUserSelf. */
CvnTlObject        *_cvn_peer_cache_make_input_user    (CvnPeerCache  *self,
                                                        gint64         user_id,
                                                        CvnTlArena    *arena,
                                                        GError       **error);
/* inputChannel. */
CvnTlObject        *_cvn_peer_cache_make_input_channel (CvnPeerCache  *self,
                                                        gint64         channel_id,
                                                        CvnTlArena    *arena,
                                                        GError       **error);

/* Peer (peerUser/peerChat/peerChannel) → CvnPeer; FALSE for anything else. */
gboolean            _cvn_peer_cache_peer_from_tl       (const CvnTlObject *tl_peer,
                                                        CvnPeer           *peer);

G_END_DECLS
