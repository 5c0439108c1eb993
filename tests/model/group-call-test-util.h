/* group-call-test-util.h: helpers shared by the group-call tests and benchmark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-clock.h"
#include "cvn-group-call-private.h"
#include "cvn-group-call-participant-list-private.h"

/* A groupCall with the given version and flags (no strings). */
static inline CvnGroupCallInfo
test_call_info (gint64  id,
                gint32  version,
                guint32 flags)
{
  CvnGroupCallInfo info = { 0 };

  info.id = id;
  info.access_hash = id * 7;
  info.version = version;
  info.flags = flags;
  info.unmuted_video_limit = 30;
  return info;
}

static inline CvnParticipantInfo
test_participant (gint64  user_id,
                  gint32  date,
                  guint32 flags)
{
  CvnParticipantInfo info = { 0 };

  info.peer.type = CVN_PEER_TYPE_USER;
  info.peer.id = user_id;
  info.date = date;
  info.source = (gint32) (user_id * 3 + 1);
  info.flags = flags;
  return info;
}

/* A fetcher that records what it is asked. */
typedef struct
{
  guint      n_fetch_call;
  guint      n_fetch_participants;
  guint      n_fetch_by_id;
  char      *last_offset;
  GArray    *last_peers;   /* CvnPeer */
} TestFetcher;

static inline void
test_fetcher_fetch_call (CvnGroupCall *call,
                         gpointer      user_data)
{
  TestFetcher *f = user_data;

  f->n_fetch_call++;
}

static inline void
test_fetcher_fetch_participants (CvnGroupCall *call,
                                 const char   *offset,
                                 gpointer      user_data)
{
  TestFetcher *f = user_data;

  f->n_fetch_participants++;
  g_free (f->last_offset);
  f->last_offset = g_strdup (offset);
}

static inline void
test_fetcher_fetch_by_id (CvnGroupCall  *call,
                          const CvnPeer *peers,
                          guint          n_peers,
                          gpointer       user_data)
{
  TestFetcher *f = user_data;

  f->n_fetch_by_id++;
  if (f->last_peers == NULL)
    f->last_peers = g_array_new (FALSE, FALSE, sizeof (CvnPeer));
  g_array_set_size (f->last_peers, 0);
  g_array_append_vals (f->last_peers, peers, n_peers);
}

static inline void
test_fetcher_install (TestFetcher  *f,
                      CvnGroupCall *call)
{
  static const CvnGroupCallFetcher vtable = {
    test_fetcher_fetch_call,
    test_fetcher_fetch_participants,
    test_fetcher_fetch_by_id,
  };

  _cvn_group_call_set_fetcher (call, &vtable, f);
}

static inline void
test_fetcher_clear (TestFetcher *f)
{
  g_clear_pointer (&f->last_offset, g_free);
  g_clear_pointer (&f->last_peers, g_array_unref);
}
