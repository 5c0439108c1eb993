/* cvn-group-call.c
 *
 * The update algorithm of the group-calls page ("Applying group call updates"), quoted next
 * to the code that implements each rule, with TDLib's refinements
 * (td/telegram/GroupCallManager.cpp, GroupCallParticipant.cpp):
 *
 * - updateGroupCall and versioned updateGroupCallParticipants share one version sequence
 *   ("The version field of groupCall is the revision number of group call information
 *   (which includes the group call participant list)"), so one queue, ordered by version,
 *   holds both kinds while they wait for a gap to fill;
 * - a participant update is versioned when it has `versioned`, `just_joined` or `left`
 *   (TDLib: "updates about new and left participants must be applied as versioned, even they
 *   don't increase version"); the others (speaking, active_date, ...) go to a second queue
 *   and apply once the cached version has reached theirs (TDLib process_mute_updates:
 *   applied when version <= group_call->version, kept otherwise, and their waiting also arms
 *   the sync timer);
 * - each participant remembers the version of the last state applied to it; an older state
 *   is "outdated" and ignored (TDLib process_group_call_participant);
 * - a `min` participant not in the cache is fetched by id first, then the update is
 *   processed again (TDLib on_update_group_call_participants + GetGroupCallParticipantQuery);
 * - the refetch is one phone.getGroupCall then phone.getGroupParticipants pages; one in
 *   flight at a time, a request meanwhile marks "again" (TDLib syncing_participants /
 *   need_syncing_participants); a failure retries after 1 s;
 * - a snapshot older than the cached version is ignored; otherwise it replaces the cached
 *   call and list, and queued updates above its version are applied on top.
 *
 * One difference from TDLib, to follow the seed to the letter: a versioned participants
 * update with version <= cached_version is skipped (TDLib re-applies non-left participants
 * of such updates), except the first updateGroupCallParticipants at the cached version.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-group-call-private.h"
#include "cvn-group-call-participant-list-private.h"
#include "cvn-group-call-participant-private.h"

/* "wait up to 1 second for another updateGroupCall to arrive" */
#define GAP_TIMEOUT_MS 1000
/* TDLib retries a failed sync after 1 s. */
#define RETRY_TIMEOUT_MS 1000

typedef struct
{
  gint32              version;
  guint64             serial;         /* arrival order among equal versions */
  CvnGroupCallInfo   *call;           /* an updateGroupCall, or NULL */
  GPtrArray          *participants;   /* CvnParticipantInfo*, for participant updates */
} Pending;

typedef struct
{
  gint32     version;
  GPtrArray *participants;            /* CvnParticipantInfo* */
} Parked;

typedef struct
{
  CvnParticipantInfo *info;
  gint32              version;
} Fetched;

struct _CvnGroupCall
{
  GObject                      parent_instance;

  CvnClock                    *clock;
  CvnGroupCallParticipantList *participants;

  CvnGroupCallFetcher          fetcher;
  gpointer                     fetcher_data;

  /* The cached groupCall; valid when has_call. */
  CvnGroupCallInfo             info;
  gboolean                     has_call;
  gboolean                     participants_loaded;   /* a snapshot was committed */
  gboolean                     discarded;
  gboolean                     broadcast;
  gint32                       duration;

  /* "apply the update only if this is the first updateGroupCallParticipants received for
   * this group call" */
  gboolean                     received_participants_update;

  GSequence                   *versioned;       /* Pending*, ordered by (version, serial) */
  GSequence                   *nonversioned;    /* Pending*, ordered by (version, serial) */
  guint64                      next_serial;
  guint                        gap_timer;
  guint                        retry_timer;

  /* refetch */
  gboolean                     syncing;
  gboolean                     sync_again;
  gboolean                     staging_started;
  CvnGroupCallInfo            *staging_call;
  gint32                       staging_version;
  GHashTable                  *staging;         /* CvnPeer* (in info) -> CvnParticipantInfo* */
  GSequence                   *sync_log;        /* Pending*: non-versioned states applied meanwhile */

  /* fetch by id */
  gboolean                     by_id_in_flight;
  GPtrArray                   *parked;          /* Parked* */
  gboolean                     parked_wait_sync; /* parked updates wait for a refetch */
  gboolean                     final_reprocess;  /* reprocessing them after that refetch */
  gint32                       settled_version;  /* the version of the last committed snapshot */
  /* Unknown participants as a fetch by id returned them, until the update that made us ask
   * (a join, usually) applies: it inserts them, so a join counts in participants_count
   * whichever way the participant became known. */
  GHashTable                  *fetched;         /* CvnPeer* (in info) -> Fetched* */
  /* A snapshot's later pages (phone.getGroupParticipants) may be newer than its first:
   * someone listed there may have joined after the snapshot's version, and their join
   * update, applied on top, must still count them. Peer -> the page's version. */
  GHashTable                  *staging_late;    /* CvnPeer* (owned) -> version */
  GHashTable                  *late_joiners;    /* CvnPeer* (owned) -> version */
  gboolean                     staging_torn;    /* pages of the snapshot in progress differ */
  gboolean                     torn;            /* the last committed snapshot was torn */

  guint64                      local_generation;
  gboolean                     in_process;
};

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_ID,
  PROP_ACCESS_HASH,
  PROP_PARTICIPANTS_COUNT,
  PROP_TITLE,
  PROP_STREAM_DC_ID,
  PROP_RECORD_START_DATE,
  PROP_SCHEDULE_DATE,
  PROP_UNMUTED_VIDEO_COUNT,
  PROP_UNMUTED_VIDEO_LIMIT,
  PROP_VERSION,
  PROP_INVITE_LINK,
  PROP_SEND_PAID_MESSAGES_STARS,
  PROP_HAS_DEFAULT_SEND_AS,
  PROP_DEFAULT_SEND_AS_TYPE,
  PROP_DEFAULT_SEND_AS_ID,
  PROP_JOIN_MUTED,
  PROP_CAN_CHANGE_JOIN_MUTED,
  PROP_JOIN_DATE_ASC,
  PROP_SCHEDULE_START_SUBSCRIBED,
  PROP_CAN_START_VIDEO,
  PROP_RECORD_VIDEO_ACTIVE,
  PROP_RTMP_STREAM,
  PROP_LISTENERS_HIDDEN,
  PROP_CONFERENCE,
  PROP_CREATOR,
  PROP_MESSAGES_ENABLED,
  PROP_CAN_CHANGE_MESSAGES_ENABLED,
  PROP_LIVE_STORY,
  PROP_HAS_PEER,
  PROP_PEER_TYPE,
  PROP_PEER_ID,
  PROP_KIND,
  PROP_STATE,
  PROP_DURATION,
  PROP_SYNCING,
  PROP_PARTICIPANTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CvnGroupCall, cvn_group_call, G_TYPE_OBJECT)

static void process_pending (CvnGroupCall *self);
static void request_sync    (CvnGroupCall *self);
static void handle_participants (CvnGroupCall             *self,
                                 const CvnParticipantInfo *participants,
                                 guint                     n,
                                 gint32                    version,
                                 gboolean                  after_fetch);

/* ------------------------------------------------------------------------------------------
 * queues
 */

static void
pending_free (gpointer data)
{
  Pending *pending = data;

  _cvn_group_call_info_free (pending->call);
  g_clear_pointer (&pending->participants, g_ptr_array_unref);
  g_free (pending);
}

static void
fetched_free (gpointer data)
{
  Fetched *fetched = data;

  _cvn_participant_info_free (fetched->info);
  g_free (fetched);
}

static void
parked_free (gpointer data)
{
  Parked *parked = data;

  g_ptr_array_unref (parked->participants);
  g_free (parked);
}

static int
pending_compare (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Pending *pa = a;
  const Pending *pb = b;

  if (pa->version != pb->version)
    return pa->version < pb->version ? -1 : 1;
  if (pa->serial != pb->serial)
    return pa->serial < pb->serial ? -1 : 1;
  return 0;
}

static Pending *
pending_new (CvnGroupCall *self,
             gint32        version)
{
  Pending *pending = g_new0 (Pending, 1);

  pending->version = version;
  pending->serial = self->next_serial++;

  return pending;
}

static Pending *
queue_first (GSequence *queue)
{
  GSequenceIter *iter = g_sequence_get_begin_iter (queue);

  return g_sequence_iter_is_end (iter) ? NULL : g_sequence_get (iter);
}

static void
queue_drop_first (GSequence *queue)
{
  g_sequence_remove (g_sequence_get_begin_iter (queue));
}

static GPtrArray *
copy_participants (const CvnParticipantInfo *const *participants,
                   guint                            n)
{
  GPtrArray *array = g_ptr_array_new_full (n, (GDestroyNotify) _cvn_participant_info_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, _cvn_participant_info_copy (participants[i]));

  return array;
}

/* ------------------------------------------------------------------------------------------
 * properties of the call
 */

static CvnGroupCallKind
compute_kind (CvnGroupCall           *self,
              const CvnGroupCallInfo *info)
{
  if (info->flags & CVN_GROUP_CALL_FLAG_CONFERENCE)
    return CVN_GROUP_CALL_KIND_CONFERENCE;
  if (info->live_story)
    return CVN_GROUP_CALL_KIND_LIVE_STORY;
  if (info->flags & CVN_GROUP_CALL_FLAG_RTMP_STREAM)
    return CVN_GROUP_CALL_KIND_RTMP_LIVESTREAM;
  if (self->broadcast)
    return CVN_GROUP_CALL_KIND_LIVESTREAM;
  return CVN_GROUP_CALL_KIND_VIDEO_CHAT;
}

static CvnGroupCallState
compute_state (CvnGroupCall *self)
{
  if (self->discarded)
    return CVN_GROUP_CALL_STATE_DISCARDED;
  if (!self->has_call)
    return CVN_GROUP_CALL_STATE_UNKNOWN;
  if (self->info.flags & CVN_GROUP_CALL_FLAG_HAS_SCHEDULE_DATE)
    return CVN_GROUP_CALL_STATE_SCHEDULED;
  return CVN_GROUP_CALL_STATE_LIVE;
}

#define OPT(info, FLAG, field) (((info)->flags & CVN_GROUP_CALL_FLAG_##FLAG) ? (info)->field : 0)

static const struct
{
  guint             prop;
  CvnGroupCallFlags flag;
} flag_props[] = {
  { PROP_JOIN_MUTED, CVN_GROUP_CALL_FLAG_JOIN_MUTED },
  { PROP_CAN_CHANGE_JOIN_MUTED, CVN_GROUP_CALL_FLAG_CAN_CHANGE_JOIN_MUTED },
  { PROP_JOIN_DATE_ASC, CVN_GROUP_CALL_FLAG_JOIN_DATE_ASC },
  { PROP_SCHEDULE_START_SUBSCRIBED, CVN_GROUP_CALL_FLAG_SCHEDULE_START_SUBSCRIBED },
  { PROP_CAN_START_VIDEO, CVN_GROUP_CALL_FLAG_CAN_START_VIDEO },
  { PROP_RECORD_VIDEO_ACTIVE, CVN_GROUP_CALL_FLAG_RECORD_VIDEO_ACTIVE },
  { PROP_RTMP_STREAM, CVN_GROUP_CALL_FLAG_RTMP_STREAM },
  { PROP_LISTENERS_HIDDEN, CVN_GROUP_CALL_FLAG_LISTENERS_HIDDEN },
  { PROP_CONFERENCE, CVN_GROUP_CALL_FLAG_CONFERENCE },
  { PROP_CREATOR, CVN_GROUP_CALL_FLAG_CREATOR },
  { PROP_MESSAGES_ENABLED, CVN_GROUP_CALL_FLAG_MESSAGES_ENABLED },
  { PROP_CAN_CHANGE_MESSAGES_ENABLED, CVN_GROUP_CALL_FLAG_CAN_CHANGE_MESSAGES_ENABLED },
  { PROP_HAS_DEFAULT_SEND_AS, CVN_GROUP_CALL_FLAG_HAS_DEFAULT_SEND_AS },
};

/* Replaces the cached call by @next (taking its strings) and notifies what changed. Call
 * with notifications frozen when several things change together. */
static void
set_info (CvnGroupCall     *self,
          CvnGroupCallInfo *next,
          gboolean          has_call,
          gboolean          discarded)
{
  GObject *object = G_OBJECT (self);
  CvnGroupCallInfo old = self->info;
  CvnGroupCallKind old_kind = compute_kind (self, &old);
  CvnGroupCallState old_state = compute_state (self);

  self->info = *next;
  memset (next, 0, sizeof *next);
  self->has_call = has_call;
  self->discarded = discarded;

#define NOTIFY_IF(cond, PROP) G_STMT_START { if (cond) g_object_notify_by_pspec (object, properties[PROP]); } G_STMT_END
  NOTIFY_IF (old.id != self->info.id, PROP_ID);
  NOTIFY_IF (old.access_hash != self->info.access_hash, PROP_ACCESS_HASH);
  NOTIFY_IF (old.participants_count != self->info.participants_count, PROP_PARTICIPANTS_COUNT);
  NOTIFY_IF (g_strcmp0 (OPT (&old, HAS_TITLE, title), OPT (&self->info, HAS_TITLE, title)) != 0, PROP_TITLE);
  NOTIFY_IF (OPT (&old, HAS_STREAM_DC_ID, stream_dc_id) != OPT (&self->info, HAS_STREAM_DC_ID, stream_dc_id), PROP_STREAM_DC_ID);
  NOTIFY_IF (OPT (&old, HAS_RECORD_START_DATE, record_start_date) != OPT (&self->info, HAS_RECORD_START_DATE, record_start_date), PROP_RECORD_START_DATE);
  NOTIFY_IF (OPT (&old, HAS_SCHEDULE_DATE, schedule_date) != OPT (&self->info, HAS_SCHEDULE_DATE, schedule_date), PROP_SCHEDULE_DATE);
  NOTIFY_IF (OPT (&old, HAS_UNMUTED_VIDEO_COUNT, unmuted_video_count) != OPT (&self->info, HAS_UNMUTED_VIDEO_COUNT, unmuted_video_count), PROP_UNMUTED_VIDEO_COUNT);
  NOTIFY_IF (old.unmuted_video_limit != self->info.unmuted_video_limit, PROP_UNMUTED_VIDEO_LIMIT);
  NOTIFY_IF (old.version != self->info.version, PROP_VERSION);
  NOTIFY_IF (g_strcmp0 (OPT (&old, HAS_INVITE_LINK, invite_link), OPT (&self->info, HAS_INVITE_LINK, invite_link)) != 0, PROP_INVITE_LINK);
  NOTIFY_IF (OPT (&old, HAS_SEND_PAID_MESSAGES_STARS, send_paid_messages_stars) != OPT (&self->info, HAS_SEND_PAID_MESSAGES_STARS, send_paid_messages_stars), PROP_SEND_PAID_MESSAGES_STARS);
  NOTIFY_IF (OPT (&old, HAS_DEFAULT_SEND_AS, default_send_as.type) != OPT (&self->info, HAS_DEFAULT_SEND_AS, default_send_as.type), PROP_DEFAULT_SEND_AS_TYPE);
  NOTIFY_IF (OPT (&old, HAS_DEFAULT_SEND_AS, default_send_as.id) != OPT (&self->info, HAS_DEFAULT_SEND_AS, default_send_as.id), PROP_DEFAULT_SEND_AS_ID);
  for (guint i = 0; i < G_N_ELEMENTS (flag_props); i++)
    NOTIFY_IF ((old.flags ^ self->info.flags) & flag_props[i].flag, flag_props[i].prop);
  NOTIFY_IF (old.live_story != self->info.live_story, PROP_LIVE_STORY);
  NOTIFY_IF (old.has_peer != self->info.has_peer, PROP_HAS_PEER);
  NOTIFY_IF ((old.has_peer ? old.peer.type : 0) != (self->info.has_peer ? self->info.peer.type : 0), PROP_PEER_TYPE);
  NOTIFY_IF ((old.has_peer ? old.peer.id : 0) != (self->info.has_peer ? self->info.peer.id : 0), PROP_PEER_ID);
  NOTIFY_IF (old_kind != compute_kind (self, &self->info), PROP_KIND);
  NOTIFY_IF (old_state != compute_state (self), PROP_STATE);
#undef NOTIFY_IF

  _cvn_group_call_info_clear (&old);

  _cvn_group_call_participant_list_set_join_date_asc (self->participants,
                                                      (self->info.flags & CVN_GROUP_CALL_FLAG_JOIN_DATE_ASC) != 0);
}

static void
set_version (CvnGroupCall *self,
             gint32        version)
{
  if (self->info.version == version)
    return;

  self->info.version = version;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VERSION]);
}

static void
add_participants_count (CvnGroupCall *self,
                        int           diff)
{
  if (diff == 0)
    return;

  self->info.participants_count = MAX (0, self->info.participants_count + diff);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARTICIPANTS_COUNT]);
}

static void
set_syncing (CvnGroupCall *self,
             gboolean      syncing)
{
  if (self->syncing == syncing)
    return;

  self->syncing = syncing;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
}

#define COPY_FLAG(dst, src, FLAG) \
  ((dst)->flags = ((dst)->flags & ~(guint32) (FLAG)) | ((src)->flags & (guint32) (FLAG)))

/* Applies @in over the cached call (which must exist when in is min). */
static void
apply_call_info (CvnGroupCall           *self,
                 const CvnGroupCallInfo *in)
{
  CvnGroupCallInfo next;

  if (!(in->flags & CVN_GROUP_CALL_FLAG_MIN) || !self->has_call)
    {
      next = *in;
      next.title = g_strdup (in->title);
      next.invite_link = g_strdup (in->invite_link);
      next.flags &= ~CVN_GROUP_CALL_FLAG_MIN;
      /* The envelope of updateGroupCall is not part of groupCall: keep what we know. */
      if (!in->has_peer)
        {
          next.has_peer = self->info.has_peer;
          next.peer = self->info.peer;
        }
      next.live_story = in->live_story || self->info.live_story;
      set_info (self, &next, TRUE, FALSE);
      return;
    }

  /* groupCall page: "If the min flag is set, this is a partial (min) constructor: only a
   * subset of its fields contains up-to-date information, and it must be merged into a
   * previously cached non-min constructor". */
  next = self->info;
  next.title = g_strdup (self->info.title);
  next.invite_link = g_strdup (self->info.invite_link);

  /* "When min is set, the following mandatory fields may be used: id, access_hash,
   * participants_count and version." */
  next.id = in->id;
  next.access_hash = in->access_hash;
  next.participants_count = in->participants_count;
  next.version = in->version;

  /* "In addition, only the following conditional fields may be used if present, subject to
   * the usual version check: conference, rtmp_stream, listeners_hidden, title,
   * messages_enabled, record_start_date and record_video_active, schedule_date,
   * send_paid_messages_stars". A true flag is present when set; record_video_active goes
   * with record_start_date. Absent ones keep the cached value. */
  next.flags |= in->flags & (CVN_GROUP_CALL_FLAG_CONFERENCE | CVN_GROUP_CALL_FLAG_RTMP_STREAM
                             | CVN_GROUP_CALL_FLAG_LISTENERS_HIDDEN
                             | CVN_GROUP_CALL_FLAG_MESSAGES_ENABLED);
  if (in->flags & CVN_GROUP_CALL_FLAG_HAS_TITLE)
    {
      g_free (next.title);
      next.title = g_strdup (in->title);
      next.flags |= CVN_GROUP_CALL_FLAG_HAS_TITLE;
    }
  if (in->flags & CVN_GROUP_CALL_FLAG_HAS_RECORD_START_DATE)
    {
      next.record_start_date = in->record_start_date;
      next.flags |= CVN_GROUP_CALL_FLAG_HAS_RECORD_START_DATE;
      COPY_FLAG (&next, in, CVN_GROUP_CALL_FLAG_RECORD_VIDEO_ACTIVE);
    }
  if (in->flags & CVN_GROUP_CALL_FLAG_HAS_SCHEDULE_DATE)
    {
      next.schedule_date = in->schedule_date;
      next.flags |= CVN_GROUP_CALL_FLAG_HAS_SCHEDULE_DATE;
    }
  if (in->flags & CVN_GROUP_CALL_FLAG_HAS_SEND_PAID_MESSAGES_STARS)
    {
      next.send_paid_messages_stars = in->send_paid_messages_stars;
      next.flags |= CVN_GROUP_CALL_FLAG_HAS_SEND_PAID_MESSAGES_STARS;
    }

  /* "When min is set, the following fields must be ignored, keeping the values from the
   * previously cached non-min constructor: join_muted, can_change_join_muted,
   * schedule_start_subscribed, can_start_video, creator, can_change_messages_enabled,
   * unmuted_video_count, unmuted_video_limit, stream_dc_id, invite_link, default_send_as.
   * The join_date_asc flag is set only when the call is created and never changes
   * afterwards, so it too is not applied from a min constructor." — all of them stay as
   * copied from the cache above. */

  if (in->has_peer)
    {
      next.has_peer = TRUE;
      next.peer = in->peer;
    }
  next.live_story = in->live_story || self->info.live_story;

  set_info (self, &next, TRUE, FALSE);
}

/* ------------------------------------------------------------------------------------------
 * participants
 */

/* Applies one participant's state received at @version. @versioned: it came through the
 * versioned queue (joins and leaves change participants_count). */
static void
apply_participant (CvnGroupCall             *self,
                   const CvnParticipantInfo *info,
                   gint32                    version,
                   gboolean                  versioned)
{
  CvnGroupCallParticipant *participant =
    _cvn_group_call_participant_list_lookup_peer (self->participants, &info->peer);

  if (info->flags & CVN_PARTICIPANT_FLAG_LEFT)
    {
      /* "left flag is set, this participant left the call, and the local
       * groupCallParticipant should be deleted." */
      g_hash_table_remove (self->fetched, &info->peer);
      g_hash_table_remove (self->late_joiners, &info->peer);
      if (participant != NULL)
        {
          _cvn_group_call_participant_list_remove (self->participants, participant);
          if (versioned)
            add_participants_count (self, -1);
        }
      return;
    }

  if (participant == NULL && (info->flags & CVN_PARTICIPANT_FLAG_MIN))
    {
      Fetched *fetched = g_hash_table_lookup (self->fetched, &info->peer);

      /* (a non-versioned state older than the cache is about an earlier stay in the call:
       * see below) */
      if (fetched != NULL && (versioned || version >= self->info.version))
        {
          /* Known from a fetch by id: the full state from there (at its version, not older
           * than this update's), inserted as this update would have. */
          g_autoptr(CvnGroupCallParticipant) created = _cvn_group_call_participant_new (fetched->info,
                                                                                         MAX (fetched->version, version));

          g_hash_table_remove (self->fetched, &info->peer);
          _cvn_group_call_participant_list_insert (self->participants, created);
          if (versioned)
            add_participants_count (self, 1);
          return;
        }
    }

  if (participant == NULL)
    {
      if (info->flags & CVN_PARTICIPANT_FLAG_MIN)
        {
          Parked *parked;

          /* Only reachable after a fetch by id that did not return it. Older than the cache:
           * they left since. After a refetch that settles it (a snapshot at least as new):
           * dropped. Otherwise the cache cannot be trusted: it waits for a refetch. */
          if ((self->final_reprocess && version <= self->settled_version) || version < self->info.version)
            return;

          g_debug ("min participant %" G_GINT64_FORMAT " still unknown; refetching", info->peer.id);
          parked = g_new0 (Parked, 1);
          parked->version = version;
          parked->participants = g_ptr_array_new_with_free_func ((GDestroyNotify) _cvn_participant_info_free);
          g_ptr_array_add (parked->participants, _cvn_participant_info_copy (info));
          g_ptr_array_add (self->parked, parked);
          self->parked_wait_sync = TRUE;
          request_sync (self);
          return;
        }
      if (!versioned && version < self->info.version)
        {
          /* A non-versioned state older than the cache about someone not in it: they left
           * since (the cache is complete at its version). */
          return;
        }

      {
        g_autoptr(CvnGroupCallParticipant) created = _cvn_group_call_participant_new (info, version);

        _cvn_group_call_participant_list_insert (self->participants, created);
      }
      if (versioned)
        add_participants_count (self, 1);
      return;
    }

  if (versioned && (info->flags & CVN_PARTICIPANT_FLAG_JUST_JOINED))
    {
      gpointer page_version;

      /* listed by a snapshot page newer than the snapshot, and this is their join: it is
       * not in the snapshot's participants_count yet */
      if (g_hash_table_lookup_extended (self->late_joiners, &info->peer, NULL, &page_version)
          && version <= GPOINTER_TO_INT (page_version))
        add_participants_count (self, 1);
      g_hash_table_remove (self->late_joiners, &info->peer);
    }

  if (version < _cvn_group_call_participant_get_version (participant))
    {
      /* TDLib: "Ignore outdated update" */
      return;
    }

  /* "min flag is set, a specific set of groupCallParticipant fields specified in the
   * constructor page » cannot be applied over the locally cached version." — see
   * _cvn_group_call_participant_apply_info(). */
  if (_cvn_group_call_participant_apply_info (participant, info, version))
    _cvn_group_call_participant_list_reposition (self->participants, participant);
}

static void
apply_participant_array (CvnGroupCall *self,
                         GPtrArray    *participants,
                         gint32        version,
                         gboolean      versioned)
{
  for (guint i = 0; i < participants->len; i++)
    apply_participant (self, g_ptr_array_index (participants, i), version, versioned);
}

/* ------------------------------------------------------------------------------------------
 * timers and refetch
 */

/* A non-versioned state applied while a refetch is in flight may be newer than the snapshot
 * at the same version (activity does not bump the version, and the page may have been read
 * before it): kept, and applied again over a snapshot of that version. */
static void
log_if_syncing (CvnGroupCall                    *self,
                const CvnParticipantInfo *const *participants,
                guint                            n,
                gint32                           version)
{
  Pending *pending;

  if (!self->syncing || n == 0)
    return;

  pending = pending_new (self, version);
  pending->participants = copy_participants (participants, n);
  g_sequence_insert_sorted (self->sync_log, pending, pending_compare, NULL);
}

static void
clear_sync_log (CvnGroupCall *self)
{
  g_sequence_remove_range (g_sequence_get_begin_iter (self->sync_log), g_sequence_get_end_iter (self->sync_log));
}

static void
cancel_gap_timer (CvnGroupCall *self)
{
  if (self->gap_timer != 0)
    {
      cvn_clock_remove_timeout (self->clock, self->gap_timer);
      self->gap_timer = 0;
    }
}

static void
gap_timeout_cb (gpointer user_data)
{
  CvnGroupCall *self = user_data;

  self->gap_timer = 0;

  /* "if no such update arrives in time, skip the update, and invalidate and refetch locally
   * cached group call information and the participant list by using phone.getGroupCall."
   * The waiting updates are not applied; the ones the snapshot covers are dropped when it
   * arrives, the newer ones are applied on top of it. */
  g_debug ("gap at version %d not filled in %d ms; refetching", self->info.version, GAP_TIMEOUT_MS);
  request_sync (self);
}

static void
retry_timeout_cb (gpointer user_data)
{
  CvnGroupCall *self = user_data;

  self->retry_timer = 0;
  request_sync (self);
}

static void
staging_reset (CvnGroupCall *self)
{
  self->staging_started = FALSE;
  g_clear_pointer (&self->staging_call, _cvn_group_call_info_free);
  g_hash_table_remove_all (self->staging);
  g_hash_table_remove_all (self->staging_late);
  self->staging_torn = FALSE;
}

static void
request_sync (CvnGroupCall *self)
{
  cancel_gap_timer (self);

  if (self->discarded)
    return;

  /* Concurrent refetches are coalesced: one in flight, a request meanwhile runs another one
   * after it. */
  if (self->syncing)
    {
      self->sync_again = TRUE;
      return;
    }

  if (self->fetcher.fetch_call == NULL)
    {
      g_debug ("no fetcher: cannot refetch group call %" G_GINT64_FORMAT, self->info.id);
      return;
    }

  if (self->retry_timer != 0)
    {
      cvn_clock_remove_timeout (self->clock, self->retry_timer);
      self->retry_timer = 0;
    }

  set_syncing (self, TRUE);
  self->sync_again = FALSE;
  staging_reset (self);
  clear_sync_log (self);
  self->fetcher.fetch_call (self, self->fetcher_data);
}

static void
remove_missing_cb (gpointer data,
                   gpointer user_data)
{
  CvnGroupCallParticipant *participant = data;
  GPtrArray *missing = ((gpointer *) user_data)[0];
  GHashTable *staging = ((gpointer *) user_data)[1];

  gint32 version = GPOINTER_TO_INT (((gpointer *) user_data)[2]);

  /* Someone known at a newer version than the snapshot (fetched by id meanwhile) is not
   * "missing": updates above the snapshot settle them. */
  if (!g_hash_table_contains (staging, _cvn_group_call_participant_get_peer (participant))
      && _cvn_group_call_participant_get_version (participant) <= version)
    g_ptr_array_add (missing, participant);
}

static void
commit_snapshot (CvnGroupCall *self)
{
  g_autoptr(GPtrArray) missing = g_ptr_array_new ();
  gint32 version = self->staging_version;
  gpointer closure[3] = { missing, self->staging, GINT_TO_POINTER (version) };
  GHashTableIter iter;
  gpointer value;

  if (self->has_call && version < self->info.version)
    {
      /* Refetch results older than the current version are ignored: the cache only ever
       * advances by whole versions, so it is consistent at its (newer) version. */
      g_debug ("ignoring snapshot at version %d, cached %d", version, self->info.version);

      /* Unless the list was never loaded (the call was cached from an updateGroupCall that
       * arrived during the first fetch): then it is not consistent, fetch again. */
      if (!self->participants_loaded)
        self->sync_again = TRUE;
      /* Nor when updates about participants it could not place are waiting for a refetch
       * (their version was passed already): an older snapshot does not settle them. */
      if (self->parked_wait_sync || self->torn)
        self->sync_again = TRUE;
      return;
    }

  self->participants_loaded = TRUE;
  self->torn = self->staging_torn;
  self->settled_version = version;
  /* the snapshot knows everyone at its version */
  g_hash_table_remove_all (self->fetched);
  {
    GHashTable *swap = self->late_joiners;

    self->late_joiners = self->staging_late;
    self->staging_late = swap;
    g_hash_table_remove_all (self->staging_late);
  }

  g_object_freeze_notify (G_OBJECT (self));

  /* The snapshot replaces the cached call... */
  {
    g_autoptr(CvnGroupCallInfo) full = _cvn_group_call_info_copy (self->staging_call);

    full->flags &= ~CVN_GROUP_CALL_FLAG_MIN;
    full->version = version;
    apply_call_info (self, full);
  }

  /* ... and the participant list: gone ones removed, the others updated or added. */
  _cvn_group_call_participant_list_foreach (self->participants, remove_missing_cb, closure);
  for (guint i = 0; i < missing->len; i++)
    _cvn_group_call_participant_list_remove (self->participants, g_ptr_array_index (missing, i));

  g_hash_table_iter_init (&iter, self->staging);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      const CvnParticipantInfo *info = value;
      CvnGroupCallParticipant *participant =
        _cvn_group_call_participant_list_lookup_peer (self->participants, &info->peer);

      if (participant == NULL)
        {
          g_autoptr(CvnGroupCallParticipant) created = _cvn_group_call_participant_new (info, version);

          _cvn_group_call_participant_list_insert (self->participants, created);
        }
      else if (_cvn_group_call_participant_get_version (participant) > version)
        {
          /* TDLib: "Ignore outdated update" — known at a newer version (fetched by id). */
        }
      else if (_cvn_group_call_participant_apply_info (participant, info, version))
        {
          _cvn_group_call_participant_list_reposition (self->participants, participant);
        }
    }

  /* Non-versioned states at the snapshot's version received meanwhile, again on top. */
  for (GSequenceIter *it = g_sequence_get_begin_iter (self->sync_log); !g_sequence_iter_is_end (it);
       it = g_sequence_iter_next (it))
    {
      Pending *logged = g_sequence_get (it);

      if (logged->version != version)
        continue;
      /* only over participants now known: the others were handled (or parked) already */
      for (guint i = 0; i < logged->participants->len; i++)
        {
          const CvnParticipantInfo *info = g_ptr_array_index (logged->participants, i);

          if (_cvn_group_call_participant_list_lookup_peer (self->participants, &info->peer) != NULL)
            apply_participant (self, info, logged->version, FALSE);
        }
    }

  g_object_thaw_notify (G_OBJECT (self));
}

/* ------------------------------------------------------------------------------------------
 * the queues
 */

static void
arm_gap_timer (CvnGroupCall *self)
{
  if (self->gap_timer == 0 && !self->syncing)
    self->gap_timer = cvn_clock_add_timeout (self->clock, GAP_TIMEOUT_MS, gap_timeout_cb, self);
}

static void
process_nonversioned (CvnGroupCall *self)
{
  Pending *pending;

  /* TDLib process_mute_updates: non-versioned updates apply once the cached version has
   * reached theirs. */
  while ((pending = queue_first (self->nonversioned)) != NULL && pending->version <= self->info.version)
    {
      apply_participant_array (self, pending->participants, pending->version, FALSE);
      log_if_syncing (self, (const CvnParticipantInfo *const *) pending->participants->pdata,
                      pending->participants->len, pending->version);
      queue_drop_first (self->nonversioned);
    }
}

static void
process_pending (CvnGroupCall *self)
{
  Pending *pending;

  if (!self->has_call || self->discarded || self->in_process)
    return;

  self->in_process = TRUE;

  for (;;)
    {
      gint32 cached_version;

      process_nonversioned (self);

      pending = queue_first (self->versioned);
      if (pending == NULL)
        break;

      cached_version = self->info.version;

      if (pending->version <= cached_version)
        {
          /* updateGroupCall: "If version is smaller than cached_version+1, skip the update";
           * versioned participants: "version is smaller than cached_version, skip the
           * update" (the first update at the cached version was applied on arrival). Here
           * after a snapshot or a gap filled out of order. */
          queue_drop_first (self->versioned);
          continue;
        }

      if (pending->version == cached_version + 1)
        {
          if (pending->call != NULL)
            {
              /* "If version is equal to cached_version+1, apply the update by updating the
               * cached groupCall with the groupCall provided in the update." */
              apply_call_info (self, pending->call);
            }
          else
            {
              /* "version is equal to cached_version+1, apply the update by updating the
               * version of the local groupCall and updating/populating groupCallParticipant
               * info." */
              set_version (self, pending->version);
              apply_participant_array (self, pending->participants, pending->version, TRUE);
            }
          queue_drop_first (self->versioned);
          continue;
        }

      /* A gap: "If version is bigger than cached_version+1, wait up to 1 second for another
       * updateGroupCall[Participants] to arrive for the same group call, filling the gap in
       * the version sequence". */
      break;
    }

  if (queue_first (self->versioned) != NULL || queue_first (self->nonversioned) != NULL)
    arm_gap_timer (self);   /* TDLib arms the same timer for waiting non-versioned updates */
  else
    cancel_gap_timer (self);

  self->in_process = FALSE;
}

/* ------------------------------------------------------------------------------------------
 * GObject
 */

static void
cvn_group_call_dispose (GObject *object)
{
  CvnGroupCall *self = CVN_GROUP_CALL (object);

  cancel_gap_timer (self);
  if (self->retry_timer != 0 && self->clock != NULL)
    cvn_clock_remove_timeout (self->clock, self->retry_timer);
  self->retry_timer = 0;

  G_OBJECT_CLASS (cvn_group_call_parent_class)->dispose (object);
}

static void
cvn_group_call_finalize (GObject *object)
{
  CvnGroupCall *self = CVN_GROUP_CALL (object);

  _cvn_group_call_info_clear (&self->info);
  g_clear_pointer (&self->versioned, g_sequence_free);
  g_clear_pointer (&self->nonversioned, g_sequence_free);
  g_clear_pointer (&self->sync_log, g_sequence_free);
  g_clear_pointer (&self->staging_call, _cvn_group_call_info_free);
  g_clear_pointer (&self->staging, g_hash_table_unref);
  g_clear_pointer (&self->parked, g_ptr_array_unref);
  g_clear_pointer (&self->fetched, g_hash_table_unref);
  g_clear_pointer (&self->staging_late, g_hash_table_unref);
  g_clear_pointer (&self->late_joiners, g_hash_table_unref);
  g_clear_object (&self->participants);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (cvn_group_call_parent_class)->finalize (object);
}

static void
cvn_group_call_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CvnGroupCall *self = CVN_GROUP_CALL (object);

  for (guint i = 0; i < G_N_ELEMENTS (flag_props); i++)
    if (flag_props[i].prop == prop_id)
      {
        g_value_set_boolean (value, (self->info.flags & flag_props[i].flag) != 0);
        return;
      }

  switch (prop_id)
    {
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_ID:
      g_value_set_int64 (value, self->info.id);
      break;
    case PROP_ACCESS_HASH:
      g_value_set_int64 (value, self->info.access_hash);
      break;
    case PROP_PARTICIPANTS_COUNT:
      g_value_set_int (value, self->info.participants_count);
      break;
    case PROP_TITLE:
      g_value_set_string (value, cvn_group_call_get_title (self));
      break;
    case PROP_STREAM_DC_ID:
      g_value_set_int (value, cvn_group_call_get_stream_dc_id (self));
      break;
    case PROP_RECORD_START_DATE:
      g_value_set_int (value, cvn_group_call_get_record_start_date (self));
      break;
    case PROP_SCHEDULE_DATE:
      g_value_set_int (value, cvn_group_call_get_schedule_date (self));
      break;
    case PROP_UNMUTED_VIDEO_COUNT:
      g_value_set_int (value, cvn_group_call_get_unmuted_video_count (self));
      break;
    case PROP_UNMUTED_VIDEO_LIMIT:
      g_value_set_int (value, self->info.unmuted_video_limit);
      break;
    case PROP_VERSION:
      g_value_set_int (value, self->info.version);
      break;
    case PROP_INVITE_LINK:
      g_value_set_string (value, cvn_group_call_get_invite_link (self));
      break;
    case PROP_SEND_PAID_MESSAGES_STARS:
      g_value_set_int64 (value, cvn_group_call_get_send_paid_messages_stars (self));
      break;
    case PROP_DEFAULT_SEND_AS_TYPE:
      g_value_set_enum (value, cvn_group_call_get_default_send_as_type (self));
      break;
    case PROP_DEFAULT_SEND_AS_ID:
      g_value_set_int64 (value, cvn_group_call_get_default_send_as_id (self));
      break;
    case PROP_LIVE_STORY:
      g_value_set_boolean (value, self->info.live_story);
      break;
    case PROP_HAS_PEER:
      g_value_set_boolean (value, self->info.has_peer);
      break;
    case PROP_PEER_TYPE:
      g_value_set_enum (value, cvn_group_call_get_peer_type (self));
      break;
    case PROP_PEER_ID:
      g_value_set_int64 (value, cvn_group_call_get_peer_id (self));
      break;
    case PROP_KIND:
      g_value_set_enum (value, cvn_group_call_get_kind (self));
      break;
    case PROP_STATE:
      g_value_set_enum (value, cvn_group_call_get_state (self));
      break;
    case PROP_DURATION:
      g_value_set_int (value, self->duration);
      break;
    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;
    case PROP_PARTICIPANTS:
      g_value_set_object (value, self->participants);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_group_call_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CvnGroupCall *self = CVN_GROUP_CALL (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_group_call_constructed (GObject *object)
{
  CvnGroupCall *self = CVN_GROUP_CALL (object);

  G_OBJECT_CLASS (cvn_group_call_parent_class)->constructed (object);

  if (self->clock == NULL)
    self->clock = cvn_clock_new_system ();
  self->participants = _cvn_group_call_participant_list_new (self->clock);
}

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
cvn_group_call_class_init (CvnGroupCallClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cvn_group_call_dispose;
  object_class->finalize = cvn_group_call_finalize;
  object_class->get_property = cvn_group_call_get_property;
  object_class->set_property = cvn_group_call_set_property;
  object_class->constructed = cvn_group_call_constructed;

  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, CVN_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  properties[PROP_ACCESS_HASH] = g_param_spec_int64 ("access-hash", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  properties[PROP_PARTICIPANTS_COUNT] = g_param_spec_int ("participants-count", NULL, NULL, 0, G_MAXINT32, 0, RO);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, RO);
  properties[PROP_STREAM_DC_ID] = g_param_spec_int ("stream-dc-id", NULL, NULL, G_MININT32, G_MAXINT32, 0, RO);
  properties[PROP_RECORD_START_DATE] = g_param_spec_int ("record-start-date", NULL, NULL, G_MININT32, G_MAXINT32, 0, RO);
  properties[PROP_SCHEDULE_DATE] = g_param_spec_int ("schedule-date", NULL, NULL, G_MININT32, G_MAXINT32, 0, RO);
  properties[PROP_UNMUTED_VIDEO_COUNT] = g_param_spec_int ("unmuted-video-count", NULL, NULL, G_MININT32, G_MAXINT32, 0, RO);
  properties[PROP_UNMUTED_VIDEO_LIMIT] = g_param_spec_int ("unmuted-video-limit", NULL, NULL, G_MININT32, G_MAXINT32, 0, RO);
  properties[PROP_VERSION] = g_param_spec_int ("version", NULL, NULL, G_MININT32, G_MAXINT32, 0, RO);
  properties[PROP_INVITE_LINK] = g_param_spec_string ("invite-link", NULL, NULL, NULL, RO);
  properties[PROP_SEND_PAID_MESSAGES_STARS] = g_param_spec_int64 ("send-paid-messages-stars", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  properties[PROP_HAS_DEFAULT_SEND_AS] = g_param_spec_boolean ("has-default-send-as", NULL, NULL, FALSE, RO);
  properties[PROP_DEFAULT_SEND_AS_TYPE] = g_param_spec_enum ("default-send-as-type", NULL, NULL, CVN_TYPE_PEER_TYPE, CVN_PEER_TYPE_USER, RO);
  properties[PROP_DEFAULT_SEND_AS_ID] = g_param_spec_int64 ("default-send-as-id", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  properties[PROP_JOIN_MUTED] = g_param_spec_boolean ("join-muted", NULL, NULL, FALSE, RO);
  properties[PROP_CAN_CHANGE_JOIN_MUTED] = g_param_spec_boolean ("can-change-join-muted", NULL, NULL, FALSE, RO);
  properties[PROP_JOIN_DATE_ASC] = g_param_spec_boolean ("join-date-asc", NULL, NULL, FALSE, RO);
  properties[PROP_SCHEDULE_START_SUBSCRIBED] = g_param_spec_boolean ("schedule-start-subscribed", NULL, NULL, FALSE, RO);
  properties[PROP_CAN_START_VIDEO] = g_param_spec_boolean ("can-start-video", NULL, NULL, FALSE, RO);
  properties[PROP_RECORD_VIDEO_ACTIVE] = g_param_spec_boolean ("record-video-active", NULL, NULL, FALSE, RO);
  properties[PROP_RTMP_STREAM] = g_param_spec_boolean ("rtmp-stream", NULL, NULL, FALSE, RO);
  properties[PROP_LISTENERS_HIDDEN] = g_param_spec_boolean ("listeners-hidden", NULL, NULL, FALSE, RO);
  properties[PROP_CONFERENCE] = g_param_spec_boolean ("conference", NULL, NULL, FALSE, RO);
  properties[PROP_CREATOR] = g_param_spec_boolean ("creator", NULL, NULL, FALSE, RO);
  properties[PROP_MESSAGES_ENABLED] = g_param_spec_boolean ("messages-enabled", NULL, NULL, FALSE, RO);
  properties[PROP_CAN_CHANGE_MESSAGES_ENABLED] = g_param_spec_boolean ("can-change-messages-enabled", NULL, NULL, FALSE, RO);
  properties[PROP_LIVE_STORY] = g_param_spec_boolean ("live-story", NULL, NULL, FALSE, RO);
  properties[PROP_HAS_PEER] = g_param_spec_boolean ("has-peer", NULL, NULL, FALSE, RO);
  properties[PROP_PEER_TYPE] = g_param_spec_enum ("peer-type", NULL, NULL, CVN_TYPE_PEER_TYPE, CVN_PEER_TYPE_USER, RO);
  properties[PROP_PEER_ID] = g_param_spec_int64 ("peer-id", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  properties[PROP_KIND] = g_param_spec_enum ("kind", NULL, NULL, CVN_TYPE_GROUP_CALL_KIND, CVN_GROUP_CALL_KIND_VIDEO_CHAT, RO);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, CVN_TYPE_GROUP_CALL_STATE, CVN_GROUP_CALL_STATE_UNKNOWN, RO);
  properties[PROP_DURATION] = g_param_spec_int ("duration", NULL, NULL, 0, G_MAXINT32, 0, RO);
  properties[PROP_SYNCING] = g_param_spec_boolean ("syncing", NULL, NULL, FALSE, RO);
  properties[PROP_PARTICIPANTS] = g_param_spec_object ("participants", NULL, NULL, G_TYPE_LIST_MODEL, RO);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

#undef RO

static void
cvn_group_call_init (CvnGroupCall *self)
{
  self->versioned = g_sequence_new (pending_free);
  self->nonversioned = g_sequence_new (pending_free);
  self->staging = g_hash_table_new_full (_cvn_peer_hash, _cvn_peer_equal, NULL,
                                         (GDestroyNotify) _cvn_participant_info_free);
  self->sync_log = g_sequence_new (pending_free);
  self->parked = g_ptr_array_new_with_free_func (parked_free);
  self->fetched = g_hash_table_new_full (_cvn_peer_hash, _cvn_peer_equal, NULL, fetched_free);
  self->staging_late = g_hash_table_new_full (_cvn_peer_hash, _cvn_peer_equal, g_free, NULL);
  self->late_joiners = g_hash_table_new_full (_cvn_peer_hash, _cvn_peer_equal, g_free, NULL);
}

CvnGroupCall *
cvn_group_call_new (CvnClock *clock)
{
  g_return_val_if_fail (CVN_IS_CLOCK (clock), NULL);

  return g_object_new (CVN_TYPE_GROUP_CALL, "clock", clock, NULL);
}

/* ------------------------------------------------------------------------------------------
 * private entry points
 */

void
_cvn_group_call_set_fetcher (CvnGroupCall              *self,
                             const CvnGroupCallFetcher *fetcher,
                             gpointer                   user_data)
{
  g_return_if_fail (CVN_IS_GROUP_CALL (self));

  if (fetcher != NULL)
    self->fetcher = *fetcher;
  else
    memset (&self->fetcher, 0, sizeof self->fetcher);
  self->fetcher_data = user_data;
}

void
_cvn_group_call_set_broadcast (CvnGroupCall *self,
                               gboolean      broadcast)
{
  CvnGroupCallKind old_kind;

  g_return_if_fail (CVN_IS_GROUP_CALL (self));

  broadcast = !!broadcast;
  if (self->broadcast == broadcast)
    return;

  old_kind = compute_kind (self, &self->info);
  self->broadcast = broadcast;
  if (compute_kind (self, &self->info) != old_kind)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_KIND]);
}

void
_cvn_group_call_set_peer (CvnGroupCall *self,
                          CvnPeerType   type,
                          gint64        id)
{
  g_return_if_fail (CVN_IS_GROUP_CALL (self));

  if (self->info.has_peer && self->info.peer.type == type && self->info.peer.id == id)
    return;
  self->info.has_peer = TRUE;
  self->info.peer.type = type;
  self->info.peer.id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HAS_PEER]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_TYPE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PEER_ID]);
}

static void
handle_discarded (CvnGroupCall           *self,
                  const CvnGroupCallInfo *info)
{
  CvnGroupCallInfo next = { 0 };

  if (self->has_call && info->id != self->info.id)
    {
      g_warning ("groupCallDiscarded for call %" G_GINT64_FORMAT " sent to call %" G_GINT64_FORMAT,
                 info->id, self->info.id);
      return;
    }

  g_object_freeze_notify (G_OBJECT (self));

  cancel_gap_timer (self);
  if (self->retry_timer != 0)
    {
      cvn_clock_remove_timeout (self->clock, self->retry_timer);
      self->retry_timer = 0;
    }
  g_sequence_remove_range (g_sequence_get_begin_iter (self->versioned), g_sequence_get_end_iter (self->versioned));
  g_sequence_remove_range (g_sequence_get_begin_iter (self->nonversioned), g_sequence_get_end_iter (self->nonversioned));
  g_ptr_array_set_size (self->parked, 0);
  self->parked_wait_sync = FALSE;
  g_hash_table_remove_all (self->fetched);
  g_hash_table_remove_all (self->late_joiners);
  staging_reset (self);
  clear_sync_log (self);
  set_syncing (self, FALSE);
  self->sync_again = FALSE;

  /* groupCallDiscarded: the call ended; only id, access_hash and duration remain. */
  next.id = info->id;
  next.access_hash = info->access_hash;
  next.version = self->info.version;
  next.has_peer = self->info.has_peer;
  next.peer = self->info.peer;
  next.live_story = self->info.live_story;
  next.flags = self->info.flags & (CVN_GROUP_CALL_FLAG_CONFERENCE | CVN_GROUP_CALL_FLAG_RTMP_STREAM);
  set_info (self, &next, FALSE, TRUE);

  if (self->duration != info->duration)
    {
      self->duration = info->duration;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
    }

  _cvn_group_call_participant_list_clear (self->participants);

  g_object_thaw_notify (G_OBJECT (self));
}

void
_cvn_group_call_handle_update_group_call (CvnGroupCall           *self,
                                          const CvnGroupCallInfo *info)
{
  gint32 version;
  gint32 cached_version;
  Pending *pending;

  g_return_if_fail (CVN_IS_GROUP_CALL (self));
  g_return_if_fail (info != NULL);

  if (self->discarded)
    return;

  if (info->discarded)
    {
      handle_discarded (self, info);
      return;
    }

  if (self->has_call && info->id != self->info.id)
    {
      g_warning ("updateGroupCall for call %" G_GINT64_FORMAT " sent to call %" G_GINT64_FORMAT,
                 info->id, self->info.id);
      return;
    }

  /* "To apply an incoming updateGroupCall, extract the version from
   * updateGroupCall.call.version" */
  version = info->version;

  if (!self->has_call)
    {
      /* "If there is no locally cached groupCall for this chat, apply the update, caching
       * the groupCall. In this case, do not apply the update if the groupCall.min flag is
       * set." (groupCall page: "If no full (non-min) constructor for this call was cached
       * previously, the min constructor must be discarded.") */
      if (info->flags & CVN_GROUP_CALL_FLAG_MIN)
        return;

      apply_call_info (self, info);
      process_pending (self);
      return;
    }

  cached_version = self->info.version;

  /* "If version is smaller than cached_version+1, skip the update" */
  if (version < cached_version + 1)
    return;

  /* "If version is equal to cached_version+1, apply the update by updating the cached
   * groupCall with the groupCall provided in the update. Note that if the groupCall.min flag
   * is set, a specific set of groupCall fields specified in the constructor page » cannot be
   * applied over the locally cached version." (apply_call_info) */
  if (version == cached_version + 1 && queue_first (self->versioned) == NULL)
    {
      apply_call_info (self, info);
      process_pending (self);
      return;
    }

  /* "If version is bigger than cached_version+1, wait up to 1 second for another
   * updateGroupCall to arrive for the same group call, filling the gap in the version
   * sequence" — queued; process_pending() applies it once the gap fills and arms the timer
   * otherwise. */
  pending = pending_new (self, version);
  pending->call = _cvn_group_call_info_copy (info);
  g_sequence_insert_sorted (self->versioned, pending, pending_compare, NULL);
  process_pending (self);
}

static gboolean
needs_fetch_by_id (CvnGroupCall             *self,
                   const CvnParticipantInfo *info)
{
  return (info->flags & CVN_PARTICIPANT_FLAG_MIN)
         && !(info->flags & CVN_PARTICIPANT_FLAG_LEFT)
         && _cvn_group_call_participant_list_lookup_peer (self->participants, &info->peer) == NULL
         && !g_hash_table_contains (self->fetched, &info->peer);
}

static void
park_and_fetch (CvnGroupCall             *self,
                const CvnParticipantInfo *participants,
                guint                     n,
                gint32                    version)
{
  Parked *parked = g_new0 (Parked, 1);
  g_autoptr(GArray) peers = g_array_new (FALSE, FALSE, sizeof (CvnPeer));

  parked->version = version;
  parked->participants = g_ptr_array_new_full (n, (GDestroyNotify) _cvn_participant_info_free);
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (parked->participants, _cvn_participant_info_copy (&participants[i]));
      if (needs_fetch_by_id (self, &participants[i]))
        g_array_append_val (peers, participants[i].peer);
    }
  g_ptr_array_add (self->parked, parked);

  /* One fetch by id at a time; updates parked meanwhile are processed again with its answer
   * (and what is still unknown then triggers a refetch). */
  if (!self->by_id_in_flight && self->fetcher.fetch_participants_by_id != NULL)
    {
      self->by_id_in_flight = TRUE;
      self->fetcher.fetch_participants_by_id (self, (const CvnPeer *) (gpointer) peers->data, peers->len,
                                              self->fetcher_data);
    }
  else if (self->fetcher.fetch_participants_by_id == NULL)
    {
      g_ptr_array_set_size (self->parked, self->parked->len - 1);
      request_sync (self);
    }
}

static void
handle_participants (CvnGroupCall             *self,
                     const CvnParticipantInfo *participants,
                     guint                     n,
                     gint32                    version,
                     gboolean                  after_fetch)
{
  gboolean first = !self->received_participants_update;
  /* no allocation for the usual single-participant update */
  gconstpointer storage[2][8];
  struct { gconstpointer *pdata; guint len; } versioned = { NULL, 0 }, nonversioned = { NULL, 0 };
  gint32 cached_version = self->info.version;

  if (self->discarded)
    return;

  self->received_participants_update = TRUE;

  /* Updates about unknown participants sent as `min` cannot be merged into anything: fetch
   * them by id first (TDLib: "Can't apply min updates about ..."). */
  if (!after_fetch)
    for (guint i = 0; i < n; i++)
      if (needs_fetch_by_id (self, &participants[i]))
        {
          park_and_fetch (self, participants, n, version);
          return;
        }

  versioned.pdata = n <= G_N_ELEMENTS (storage[0]) ? storage[0] : g_new (gconstpointer, n);
  nonversioned.pdata = n <= G_N_ELEMENTS (storage[1]) ? storage[1] : g_new (gconstpointer, n);
  for (guint i = 0; i < n; i++)
    {
      if (_cvn_participant_info_is_versioned (&participants[i]))
        versioned.pdata[versioned.len++] = &participants[i];
      else
        nonversioned.pdata[nonversioned.len++] = &participants[i];
    }

  if (nonversioned.len > 0)
    {
      if (self->has_call && version <= cached_version)
        {
          /* Non-versioned (TDLib "mute") updates apply when their version <= the cached
           * one, each participant guarded by its own last version. */
          for (guint i = 0; i < nonversioned.len; i++)
            apply_participant (self, nonversioned.pdata[i], version, FALSE);
          log_if_syncing (self, (const CvnParticipantInfo *const *) nonversioned.pdata, nonversioned.len, version);
        }
      else
        {
          Pending *pending = pending_new (self, version);

          pending->participants = copy_participants ((const CvnParticipantInfo *const *) nonversioned.pdata,
                                                     nonversioned.len);
          g_sequence_insert_sorted (self->nonversioned, pending, pending_compare, NULL);
        }
    }

  if (versioned.len > 0)
    {
      /* "To apply an incoming updateGroupCallParticipants, extract the version from
       * updateGroupCallParticipants.version, and follow this algorithm: versioned flag set,
       * follow these steps:" */
      if (!self->has_call)
        {
          Pending *pending = pending_new (self, version);

          /* Nothing cached to compare with: wait for the call (a fetch or an
           * updateGroupCall). */
          pending->participants = copy_participants ((const CvnParticipantInfo *const *) versioned.pdata,
                                                     versioned.len);
          g_sequence_insert_sorted (self->versioned, pending, pending_compare, NULL);
        }
      else if (version < cached_version)
        {
          /* "version is smaller than cached_version, skip the update" */
        }
      else if (version == cached_version)
        {
          /* "version is equal to cached_version, apply the update only if this is the first
           * updateGroupCallParticipants received for this group call" */
          if (first)
            for (guint i = 0; i < versioned.len; i++)
              apply_participant (self, versioned.pdata[i], version, TRUE);
        }
      else if (version == cached_version + 1 && queue_first (self->versioned) == NULL)
        {
          /* "version is equal to cached_version+1, apply the update by updating the version
           * of the local groupCall and updating/populating groupCallParticipant info."
           * (fast path of process_pending(), nothing is queued) */
          set_version (self, version);
          for (guint i = 0; i < versioned.len; i++)
            apply_participant (self, versioned.pdata[i], version, TRUE);
        }
      else
        {
          /* "version is bigger than cached_version+1, wait up to 1 second for another
           * updateGroupCallParticipants to arrive for the same group call, filling the gap in
           * the version sequence; if no such update arrives in time, skip the update, and
           * invalidate and refetch locally cached group call information and the participant
           * list by using phone.getGroupCall." (queue + gap timer in process_pending()) */
          Pending *pending = pending_new (self, version);

          pending->participants = copy_participants ((const CvnParticipantInfo *const *) versioned.pdata,
                                                     versioned.len);
          g_sequence_insert_sorted (self->versioned, pending, pending_compare, NULL);
        }
    }

  if (versioned.pdata != storage[0])
    g_free (versioned.pdata);
  if (nonversioned.pdata != storage[1])
    g_free (nonversioned.pdata);

  process_pending (self);
}

void
_cvn_group_call_handle_update_participants (CvnGroupCall             *self,
                                            const CvnParticipantInfo *participants,
                                            guint                     n_participants,
                                            gint32                    version)
{
  g_return_if_fail (CVN_IS_GROUP_CALL (self));
  g_return_if_fail (participants != NULL || n_participants == 0);

  handle_participants (self, participants, n_participants, version, FALSE);
}

/* Processes the parked updates again, in their order. */
static void
reprocess_parked (CvnGroupCall *self)
{
  g_autoptr(GPtrArray) parked = g_steal_pointer (&self->parked);

  self->parked = g_ptr_array_new_with_free_func (parked_free);
  for (guint i = 0; i < parked->len; i++)
    {
      Parked *p = g_ptr_array_index (parked, i);
      g_autoptr(GArray) infos = g_array_sized_new (FALSE, FALSE, sizeof (CvnParticipantInfo), p->participants->len);

      for (guint j = 0; j < p->participants->len; j++)
        g_array_append_vals (infos, g_ptr_array_index (p->participants, j), 1);
      handle_participants (self, (const CvnParticipantInfo *) (gpointer) infos->data, infos->len,
                           p->version, TRUE);
    }
}

void
_cvn_group_call_apply_snapshot (CvnGroupCall             *self,
                                const CvnGroupCallInfo   *call_info,
                                const CvnParticipantInfo *participants,
                                guint                     n_participants,
                                const char               *next_offset,
                                gint32                    version)
{
  g_return_if_fail (CVN_IS_GROUP_CALL (self));
  g_return_if_fail (participants != NULL || n_participants == 0);

  if (self->discarded)
    return;

  if (call_info != NULL && call_info->discarded)
    {
      set_syncing (self, FALSE);
      handle_discarded (self, call_info);
      return;
    }

  if (call_info != NULL)
    {
      /* The first page: phone.getGroupCall. A snapshot nobody asked for (the first load)
       * counts as a refetch in flight too. */
      if (!self->syncing)
        clear_sync_log (self);
      set_syncing (self, TRUE);
      staging_reset (self);
      self->staging_started = TRUE;
      self->staging_call = _cvn_group_call_info_copy (call_info);
      self->staging_version = version;
    }
  else if (!self->staging_started)
    {
      g_debug ("participants page without a snapshot in progress; ignored");
      return;
    }

  if (call_info == NULL && version != self->staging_version)
    {
      /* The call changed between pages: participants_count (from the first page) and the
       * list may disagree about who left meanwhile; the snapshot is committed (the updates
       * on top fix the list) and a new refetch settles the count. */
      self->sync_again = TRUE;
      self->staging_torn = TRUE;
    }

  for (guint i = 0; i < n_participants; i++)
    {
      CvnParticipantInfo *copy;

      if (participants[i].flags & CVN_PARTICIPANT_FLAG_LEFT)
        continue;
      copy = _cvn_participant_info_copy (&participants[i]);
      copy->flags &= ~CVN_PARTICIPANT_FLAG_MIN;
      if (call_info == NULL && version > self->staging_version)
        g_hash_table_replace (self->staging_late, g_memdup2 (&copy->peer, sizeof copy->peer), GINT_TO_POINTER (version));
      else
        g_hash_table_remove (self->staging_late, &copy->peer);
      g_hash_table_replace (self->staging, &copy->peer, copy);
    }

  /* "If the number of returned participants is less than groupCall.participants_count, you
   * can later paginate through the remaining participants using phone.getGroupParticipants,
   * passing to offset [...] the phone.groupParticipants.next_offset [...] if no more results
   * are available, phone.getGroupParticipants will return an empty next_offset" */
  if (next_offset != NULL && next_offset[0] != '\0')
    {
      if (self->fetcher.fetch_participants != NULL)
        {
          self->fetcher.fetch_participants (self, next_offset, self->fetcher_data);
          return;
        }
      g_debug ("no fetcher for the next page; committing a partial snapshot");
    }

  commit_snapshot (self);
  staging_reset (self);
  clear_sync_log (self);
  set_syncing (self, FALSE);

  if (self->sync_again)
    request_sync (self);

  process_pending (self);

  /* Updates about participants that neither a fetch by id nor the cache knew: once more over
   * the refetched list, then dropped if still unknown. */
  if (self->parked_wait_sync && !self->syncing)
    {
      self->parked_wait_sync = FALSE;
      self->final_reprocess = TRUE;
      reprocess_parked (self);
      self->final_reprocess = FALSE;
    }
}

void
_cvn_group_call_apply_participants_by_id (CvnGroupCall             *self,
                                          const CvnParticipantInfo *participants,
                                          guint                     n_participants,
                                          gint32                    version)
{
  g_return_if_fail (CVN_IS_GROUP_CALL (self));
  g_return_if_fail (participants != NULL || n_participants == 0);

  self->by_id_in_flight = FALSE;

  if (self->discarded)
    return;

  for (guint i = 0; i < n_participants; i++)
    {
      const CvnParticipantInfo *info = &participants[i];
      CvnGroupCallParticipant *participant;

      if (info->flags & (CVN_PARTICIPANT_FLAG_LEFT | CVN_PARTICIPANT_FLAG_MIN))
        continue;

      participant = _cvn_group_call_participant_list_lookup_peer (self->participants, &info->peer);
      if (participant != NULL)
        {
          if (version >= _cvn_group_call_participant_get_version (participant)
              && _cvn_group_call_participant_apply_info (participant, info, version))
            _cvn_group_call_participant_list_reposition (self->participants, participant);
        }
      else if (self->has_call && version >= self->info.version)
        {
          Fetched *fetched = g_new0 (Fetched, 1);

          fetched->info = _cvn_participant_info_copy (info);
          fetched->info->flags &= ~CVN_PARTICIPANT_FLAG_MIN;
          fetched->version = version;
          g_hash_table_replace (self->fetched, &fetched->info->peer, fetched);
        }
    }

  reprocess_parked (self);
}

void
_cvn_group_call_fetch_failed (CvnGroupCall *self)
{
  g_return_if_fail (CVN_IS_GROUP_CALL (self));

  staging_reset (self);
  clear_sync_log (self);
  set_syncing (self, FALSE);

  /* TDLib: retry after 1 s (at once when another sync was asked for meanwhile). */
  if (self->sync_again)
    request_sync (self);
  else if (self->retry_timer == 0)
    self->retry_timer = cvn_clock_add_timeout (self->clock, RETRY_TIMEOUT_MS, retry_timeout_cb, self);
}

void
_cvn_group_call_fetch_participants_by_id_failed (CvnGroupCall *self)
{
  g_return_if_fail (CVN_IS_GROUP_CALL (self));

  /* The parked updates wait for a full refetch instead, and are processed once more over it. */
  self->by_id_in_flight = FALSE;
  self->parked_wait_sync = TRUE;
  request_sync (self);
}

void
_cvn_group_call_set_input (CvnGroupCall *self,
                           gint64        id,
                           gint64        access_hash)
{
  g_return_if_fail (CVN_IS_GROUP_CALL (self));

  if (self->has_call || self->discarded)
    return;

  if (self->info.access_hash != access_hash)
    {
      self->info.access_hash = access_hash;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACCESS_HASH]);
    }
  if (self->info.id != id)
    {
      self->info.id = id;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
    }
}

void
_cvn_group_call_set_schedule_start_subscribed (CvnGroupCall *self,
                                               gboolean      subscribed)
{
  g_return_if_fail (CVN_IS_GROUP_CALL (self));

  if (!self->has_call || !!(self->info.flags & CVN_GROUP_CALL_FLAG_SCHEDULE_START_SUBSCRIBED) == !!subscribed)
    return;

  self->info.flags ^= CVN_GROUP_CALL_FLAG_SCHEDULE_START_SUBSCRIBED;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SCHEDULE_START_SUBSCRIBED]);
}

void
_cvn_group_call_fetch_postponed (CvnGroupCall *self)
{
  g_return_if_fail (CVN_IS_GROUP_CALL (self));

  staging_reset (self);
  clear_sync_log (self);
  self->sync_again = FALSE;
  set_syncing (self, FALSE);
}

void
_cvn_group_call_request_refetch (CvnGroupCall *self)
{
  g_return_if_fail (CVN_IS_GROUP_CALL (self));

  request_sync (self);
}

guint64
cvn_group_call_set_local_muted (CvnGroupCall            *self,
                                CvnGroupCallParticipant *participant,
                                gboolean                 muted)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), 0);
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (participant), 0);

  _cvn_group_call_participant_set_pending_muted (participant, muted, ++self->local_generation);

  return self->local_generation;
}

void
_cvn_group_call_finish_local_muted (CvnGroupCall            *self,
                                    CvnGroupCallParticipant *participant,
                                    guint64                  generation,
                                    gboolean                 success)
{
  g_return_if_fail (CVN_IS_GROUP_CALL (self));
  g_return_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (participant));

  /* After a success, every state the server sends from now on has a version >= the cached
   * one; anything older predates the change and must not flip it back. */
  _cvn_group_call_participant_finish_pending_muted (participant, generation,
                                                    success ? self->info.version : G_MININT32);
}

guint
_cvn_group_call_get_n_pending (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), 0);

  return g_sequence_get_length (self->versioned) + g_sequence_get_length (self->nonversioned)
         + self->parked->len;
}

gboolean
_cvn_group_call_has_gap_timer (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), FALSE);

  return self->gap_timer != 0;
}

/* ------------------------------------------------------------------------------------------
 * public getters
 */

CvnClock *
cvn_group_call_get_clock (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), NULL);
  return self->clock;
}

gint64
cvn_group_call_get_id (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), 0);
  return self->info.id;
}

gint64
cvn_group_call_get_access_hash (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), 0);
  return self->info.access_hash;
}

int
cvn_group_call_get_participants_count (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), 0);
  return self->info.participants_count;
}

const char *
cvn_group_call_get_title (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), NULL);
  return OPT (&self->info, HAS_TITLE, title);
}

int
cvn_group_call_get_stream_dc_id (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), 0);
  return OPT (&self->info, HAS_STREAM_DC_ID, stream_dc_id);
}

int
cvn_group_call_get_record_start_date (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), 0);
  return OPT (&self->info, HAS_RECORD_START_DATE, record_start_date);
}

int
cvn_group_call_get_schedule_date (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), 0);
  return OPT (&self->info, HAS_SCHEDULE_DATE, schedule_date);
}

int
cvn_group_call_get_unmuted_video_count (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), 0);
  return OPT (&self->info, HAS_UNMUTED_VIDEO_COUNT, unmuted_video_count);
}

int
cvn_group_call_get_unmuted_video_limit (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), 0);
  return self->info.unmuted_video_limit;
}

int
cvn_group_call_get_version (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), 0);
  return self->info.version;
}

const char *
cvn_group_call_get_invite_link (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), NULL);
  return OPT (&self->info, HAS_INVITE_LINK, invite_link);
}

gint64
cvn_group_call_get_send_paid_messages_stars (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), 0);
  return OPT (&self->info, HAS_SEND_PAID_MESSAGES_STARS, send_paid_messages_stars);
}

CvnPeerType
cvn_group_call_get_default_send_as_type (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), CVN_PEER_TYPE_USER);
  return OPT (&self->info, HAS_DEFAULT_SEND_AS, default_send_as.type);
}

gint64
cvn_group_call_get_default_send_as_id (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), 0);
  return OPT (&self->info, HAS_DEFAULT_SEND_AS, default_send_as.id);
}

#define FLAG_GETTER(name, FLAG) \
gboolean \
cvn_group_call_get_##name (CvnGroupCall *self) \
{ \
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), FALSE); \
  return (self->info.flags & CVN_GROUP_CALL_FLAG_##FLAG) != 0; \
}

FLAG_GETTER (has_default_send_as, HAS_DEFAULT_SEND_AS)
FLAG_GETTER (join_muted, JOIN_MUTED)
FLAG_GETTER (can_change_join_muted, CAN_CHANGE_JOIN_MUTED)
FLAG_GETTER (join_date_asc, JOIN_DATE_ASC)
FLAG_GETTER (schedule_start_subscribed, SCHEDULE_START_SUBSCRIBED)
FLAG_GETTER (can_start_video, CAN_START_VIDEO)
FLAG_GETTER (record_video_active, RECORD_VIDEO_ACTIVE)
FLAG_GETTER (rtmp_stream, RTMP_STREAM)
FLAG_GETTER (listeners_hidden, LISTENERS_HIDDEN)
FLAG_GETTER (conference, CONFERENCE)
FLAG_GETTER (creator, CREATOR)
FLAG_GETTER (messages_enabled, MESSAGES_ENABLED)
FLAG_GETTER (can_change_messages_enabled, CAN_CHANGE_MESSAGES_ENABLED)

#undef FLAG_GETTER

gboolean
cvn_group_call_get_live_story (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), FALSE);
  return self->info.live_story;
}

gboolean
cvn_group_call_get_has_peer (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), FALSE);
  return self->info.has_peer;
}

CvnPeerType
cvn_group_call_get_peer_type (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), CVN_PEER_TYPE_USER);
  return self->info.has_peer ? self->info.peer.type : CVN_PEER_TYPE_USER;
}

gint64
cvn_group_call_get_peer_id (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), 0);
  return self->info.has_peer ? self->info.peer.id : 0;
}

CvnGroupCallKind
cvn_group_call_get_kind (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), CVN_GROUP_CALL_KIND_VIDEO_CHAT);
  return compute_kind (self, &self->info);
}

CvnGroupCallState
cvn_group_call_get_state (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), CVN_GROUP_CALL_STATE_UNKNOWN);
  return compute_state (self);
}

int
cvn_group_call_get_duration (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), 0);
  return self->duration;
}

gboolean
cvn_group_call_get_syncing (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), FALSE);
  return self->syncing;
}

GListModel *
cvn_group_call_get_participants (CvnGroupCall *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL (self), NULL);
  return G_LIST_MODEL (self->participants);
}
