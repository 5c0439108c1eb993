/* cvn-group-call-private.h: the entry points a TL glue file (and the tests) use to feed a
 * CvnGroupCall, and the fetcher it calls back for refetches.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-group-call-info-private.h"
#include "cvn-group-call.h"

G_BEGIN_DECLS

/* Asynchronous fetches the model asks for. Each must eventually be answered on the call's
 * main context with the matching _cvn_group_call_apply_*() or _cvn_group_call_fetch_failed()
 * (possibly from within the callback). */
typedef struct
{
  /* phone.getGroupCall: answer with _cvn_group_call_apply_snapshot (call, call_info, ...). */
  void (*fetch_call)              (CvnGroupCall  *call,
                                   gpointer       user_data);
  /* phone.getGroupParticipants with @offset: answer with _cvn_group_call_apply_snapshot
   * (call, NULL, ...). */
  void (*fetch_participants)      (CvnGroupCall  *call,
                                   const char    *offset,
                                   gpointer       user_data);
  /* phone.getGroupParticipants with ids: answer with
   * _cvn_group_call_apply_participants_by_id(). */
  void (*fetch_participants_by_id) (CvnGroupCall  *call,
                                    const CvnPeer *peers,
                                    guint          n_peers,
                                    gpointer       user_data);
} CvnGroupCallFetcher;

/* @fetcher is copied; @user_data must outlive the call or be replaced. */
void     _cvn_group_call_set_fetcher                (CvnGroupCall              *self,
                                                     const CvnGroupCallFetcher *fetcher,
                                                     gpointer                   user_data);

/* The chat is a broadcast channel (its call is a livestream, not a video chat). */
void     _cvn_group_call_set_broadcast              (CvnGroupCall              *self,
                                                     gboolean                   broadcast);

/* The chat the call belongs to, when it is learnt from the chat (its full info names the
 * call) rather than from an updateGroupCall envelope. */
void     _cvn_group_call_set_peer                   (CvnGroupCall              *self,
                                                     CvnPeerType                type,
                                                     gint64                     id);

/* updateGroupCall (info->live_story/has_peer/peer from its envelope). */
void     _cvn_group_call_handle_update_group_call   (CvnGroupCall              *self,
                                                     const CvnGroupCallInfo    *info);

/* updateGroupCallParticipants. */
void     _cvn_group_call_handle_update_participants (CvnGroupCall              *self,
                                                     const CvnParticipantInfo  *participants,
                                                     guint                      n_participants,
                                                     gint32                     version);

/* A page of a (re)fetch: @call_info is phone.groupCall.call for the first page (starting a
 * new snapshot) and NULL for the phone.groupParticipants pages that follow; @next_offset
 * empty or NULL ends the snapshot. @version is phone.groupCall.call.version or
 * phone.groupParticipants.version. The model fetches the next page itself. */
void     _cvn_group_call_apply_snapshot             (CvnGroupCall              *self,
                                                     const CvnGroupCallInfo    *call_info,
                                                     const CvnParticipantInfo  *participants,
                                                     guint                      n_participants,
                                                     const char                *next_offset,
                                                     gint32                     version);

/* The answer to fetch_participants_by_id. */
void     _cvn_group_call_apply_participants_by_id   (CvnGroupCall              *self,
                                                     const CvnParticipantInfo  *participants,
                                                     guint                      n_participants,
                                                     gint32                     version);

/* fetch_call or fetch_participants failed: the model retries the refetch after 1 s (at once
 * when another one was asked for meanwhile). */
void     _cvn_group_call_fetch_failed               (CvnGroupCall              *self);

/* fetch_participants_by_id failed: the updates waiting for it are dropped and the whole call
 * is refetched. */
void     _cvn_group_call_fetch_participants_by_id_failed (CvnGroupCall         *self);

/* Asks for a refetch now (coalesced with one in flight). */
void     _cvn_group_call_request_refetch            (CvnGroupCall              *self);

/* The request carrying the local mute of @generation finished: the participant shows the
 * server's state again; after a success, server states older than the current version no
 * longer change its `muted`. A stale generation is ignored. */
void     _cvn_group_call_finish_local_muted         (CvnGroupCall              *self,
                                                     CvnGroupCallParticipant   *participant,
                                                     guint64                    generation,
                                                     gboolean                   success);

/* The call's id and access hash before anything else is known of it (a call named by an
 * InputGroupCall: full chat info, a service message, a link): the fetcher can then ask for
 * it. Ignored once the call is cached. */
void     _cvn_group_call_set_input                  (CvnGroupCall              *self,
                                                     gint64                     id,
                                                     gint64                     access_hash);

/* phone.toggleGroupCallStartSubscription succeeded: the flag is the viewer's own and the
 * server's updateGroupCall about it keeps the version (skipped by the algorithm), so it is set
 * here, as TDLib does. */
void     _cvn_group_call_set_schedule_start_subscribed (CvnGroupCall           *self,
                                                        gboolean                subscribed);

/* fetch_call cannot be sent yet (the call's id is not known): the refetch ends without a
 * retry; the next _cvn_group_call_request_refetch() starts again. */
void     _cvn_group_call_fetch_postponed            (CvnGroupCall              *self);

/* For tests and debugging. */
guint    _cvn_group_call_get_n_pending              (CvnGroupCall              *self);
gboolean _cvn_group_call_has_gap_timer              (CvnGroupCall              *self);

G_END_DECLS
