/* cvn-group-call-sync-private.h: the TL glue of the group-call model.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * CvnGroupCallSync turns what the server sends (groupCall, groupCallDiscarded,
 * groupCallParticipant, phone.groupCall, phone.groupParticipants, updateGroupCall,
 * updateGroupCallParticipants) into the plain structs of cvn-group-call-info-private.h and
 * feeds the CvnGroupCall it tracks for that call id; it is every tracked call's fetcher
 * (phone.getGroupCall, then phone.getGroupParticipants pages, and by ids). Requests and
 * updates go through a CvnCallRpc, so the same code runs over MTProto and in-process.
 *
 * Access hashes of the users and channels it sees (the users/chats of every Updates and
 * fetch result) are kept, to build the InputPeers of fetches by id and of the call
 * session's requests.
 *
 * Signals, for the call session: ::connection (updateGroupCallConnection: params JSON,
 * presentation), ::self-participant (an entry about the logged-in user in a tracked call,
 * before the model applies it), ::call-message (updateGroupCallMessage) and
 * ::call-messages-deleted (updateDeleteGroupCallMessages).
 */
#pragma once

#include "cvn-call-rpc-private.h"
#include "cvn-group-call-private.h"

G_BEGIN_DECLS

#define CVN_TYPE_GROUP_CALL_SYNC (_cvn_group_call_sync_get_type ())

G_DECLARE_FINAL_TYPE (CvnGroupCallSync, _cvn_group_call_sync, CVN, GROUP_CALL_SYNC, GObject)

CvnGroupCallSync *_cvn_group_call_sync_new              (CvnCallRpc        *rpc,
                                                         CvnClock          *clock);
CvnCallRpc       *_cvn_group_call_sync_get_rpc          (CvnGroupCallSync  *self);
CvnClock         *_cvn_group_call_sync_get_clock        (CvnGroupCallSync  *self);

/* Participants asked for per page (phone.getGroupCall limit and
 * phone.getGroupParticipants limit); default 100. */
void              _cvn_group_call_sync_set_page_size    (CvnGroupCallSync  *self,
                                                         guint              page_size);

/* The model of call @id (created, empty, on first use; transfer none: the sync keeps it
 * until untracked). @access_hash is used for its requests until the call's own is known. */
CvnGroupCall     *_cvn_group_call_sync_track            (CvnGroupCallSync  *self,
                                                         gint64             id,
                                                         gint64             access_hash);
CvnGroupCall     *_cvn_group_call_sync_lookup           (CvnGroupCallSync  *self,
                                                         gint64             id);
void              _cvn_group_call_sync_untrack          (CvnGroupCallSync  *self,
                                                         gint64             id);
/* Feeds and fetches for @call, made elsewhere (CvnClient's calls); its id may still be 0
 * (see _cvn_group_call_set_input()). */
void              _cvn_group_call_sync_adopt            (CvnGroupCallSync  *self,
                                                         CvnGroupCall      *call);

/* Where calls made elsewhere are found by id (CvnClient's): an update about an adopted call
 * whose id was not known yet names it (see _cvn_group_call_set_input()). */
typedef CvnGroupCall *(*CvnGroupCallLookupFunc) (gint64   id,
                                                 gpointer user_data);
void              _cvn_group_call_sync_set_lookup       (CvnGroupCallSync       *self,
                                                         CvnGroupCallLookupFunc  lookup,
                                                         gpointer                user_data);
/* Where _cvn_group_call_sync_track() gets the object of a call it does not track yet (the
 * client's, so that one call has one object); without it the sync makes its own. */
typedef CvnGroupCall *(*CvnGroupCallEnsureFunc) (gint64   id,
                                                 gint64   access_hash,
                                                 gpointer user_data);
void              _cvn_group_call_sync_set_ensure       (CvnGroupCallSync       *self,
                                                         CvnGroupCallEnsureFunc  ensure,
                                                         gpointer                user_data);

/* Feeds one decoded Updates object (updates, updatesCombined, updateShort; others are
 * ignored) as if the rpc had emitted it. */
void              _cvn_group_call_sync_handle_updates   (CvnGroupCallSync  *self,
                                                         const CvnTlObject *updates);

/* Remembers the access hashes of a users and a chats vector (either may be NULL). */
void              _cvn_group_call_sync_remember_peers   (CvnGroupCallSync  *self,
                                                         const CvnTlVector *users,
                                                         const CvnTlVector *chats);

/* inputPeerSelf for the logged-in user, else inputPeerUser/Chat/Channel with the known
 * access hash (0 when unknown). */
CvnTlObject      *_cvn_group_call_sync_input_peer       (CvnGroupCallSync  *self,
                                                         CvnTlArena        *arena,
                                                         const CvnPeer     *peer);
/* inputUser for a user id (inputUserSelf for the logged-in user). */
CvnTlObject      *_cvn_group_call_sync_input_user       (CvnGroupCallSync  *self,
                                                         CvnTlArena        *arena,
                                                         gint64             user_id);
/* inputGroupCall of a tracked call. */
CvnTlObject      *_cvn_group_call_sync_input_call       (CvnGroupCallSync  *self,
                                                         CvnTlArena        *arena,
                                                         CvnGroupCall      *call);

/* Counts of what was refused (bad constructors, updates for calls of other ids). */
guint64           _cvn_group_call_sync_get_n_rejected   (CvnGroupCallSync  *self);

/* TL → plain structs. FALSE (and @out cleared) for an object of another constructor.
 * Clear @out with _cvn_group_call_info_clear() / _cvn_participant_info_clear(). */
gboolean          _cvn_group_call_info_from_tl          (const CvnTlObject  *call,
                                                         CvnGroupCallInfo   *out);
gboolean          _cvn_participant_info_from_tl         (const CvnTlObject  *participant,
                                                         CvnParticipantInfo *out);
gboolean          _cvn_peer_from_tl                     (const CvnTlObject  *peer,
                                                         CvnPeer            *out);

G_END_DECLS
