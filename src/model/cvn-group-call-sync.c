/* cvn-group-call-sync.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-group-call-sync-private.h"

#include <string.h>

#define DEFAULT_PAGE_SIZE 100

typedef struct
{
  CvnGroupCallSync *sync;          /* unowned: the sync owns this */
  CvnGroupCall     *call;
  gint64            id;
  gint64            access_hash;
  GCancellable     *cancellable;   /* cancelled when untracked */
} Tracked;

typedef struct
{
  CvnPeer  peer;
  gint64   access_hash;
  gboolean broadcast;
} KnownPeer;

struct _CvnGroupCallSync
{
  GObject     parent_instance;

  CvnCallRpc *rpc;
  CvnClock   *clock;
  GHashTable *calls;     /* gint64 id -> Tracked* */
  GPtrArray  *unnamed;   /* Tracked* of adopted calls whose id is not known yet */
  GHashTable *peers;     /* CvnPeer* (in KnownPeer) -> KnownPeer* */
  guint       page_size;
  guint64     n_rejected;
  CvnGroupCallLookupFunc lookup;
  gpointer    lookup_data;
  CvnGroupCallEnsureFunc ensure;
  gpointer    ensure_data;
};

enum {
  SIGNAL_CONNECTION,
  SIGNAL_SELF_PARTICIPANT,
  SIGNAL_CALL_MESSAGE,
  SIGNAL_CALL_MESSAGES_DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CvnGroupCallSync, _cvn_group_call_sync, G_TYPE_OBJECT)

/* ------------------------------------------------------------------------------------------
 * TL -> plain structs
 */

static char *
opt_string (const CvnTlString *string,
            gboolean           present)
{
  return present ? g_strndup (string->str != NULL ? string->str : "", string->len) : NULL;
}

gboolean
_cvn_peer_from_tl (const CvnTlObject *peer,
                   CvnPeer           *out)
{
  memset (out, 0, sizeof *out);
  if (peer == NULL)
    return FALSE;

  switch (peer->ctor->id)
    {
    case CVN_TL_API_PEER_USER_ID:
      out->type = CVN_PEER_TYPE_USER;
      out->id = ((const CvnTlApiPeerUser *) peer)->user_id;
      return TRUE;
    case CVN_TL_API_PEER_CHAT_ID:
      out->type = CVN_PEER_TYPE_CHAT;
      out->id = ((const CvnTlApiPeerChat *) peer)->chat_id;
      return TRUE;
    case CVN_TL_API_PEER_CHANNEL_ID:
      out->type = CVN_PEER_TYPE_CHANNEL;
      out->id = ((const CvnTlApiPeerChannel *) peer)->channel_id;
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
_cvn_group_call_info_from_tl (const CvnTlObject *object,
                              CvnGroupCallInfo  *out)
{
  const CvnTlApiGroupCall *call;
  guint32 flags;

  memset (out, 0, sizeof *out);
  if (object == NULL)
    return FALSE;

  if (object->ctor->id == CVN_TL_API_GROUP_CALL_DISCARDED_ID)
    {
      const CvnTlApiGroupCallDiscarded *discarded = (const CvnTlApiGroupCallDiscarded *) object;

      out->discarded = TRUE;
      out->id = discarded->id;
      out->access_hash = discarded->access_hash;
      out->duration = discarded->duration;
      return TRUE;
    }

  if (object->ctor->id != CVN_TL_API_GROUP_CALL_ID)
    return FALSE;

  call = (const CvnTlApiGroupCall *) object;
  /* CvnGroupCallFlags use TL's bit numbers: the raw word, plus what a locally built object
   * says through its fields (see cvn-tl.h: a field is present by its bit or its value). */
  flags = call->flags;
#define TRUE_FLAG(field, FLAG) if (call->field) flags |= CVN_TL_API_GROUP_CALL_##FLAG##_FLAG
  TRUE_FLAG (join_muted, JOIN_MUTED);
  TRUE_FLAG (can_change_join_muted, CAN_CHANGE_JOIN_MUTED);
  TRUE_FLAG (join_date_asc, JOIN_DATE_ASC);
  TRUE_FLAG (schedule_start_subscribed, SCHEDULE_START_SUBSCRIBED);
  TRUE_FLAG (can_start_video, CAN_START_VIDEO);
  TRUE_FLAG (record_video_active, RECORD_VIDEO_ACTIVE);
  TRUE_FLAG (rtmp_stream, RTMP_STREAM);
  TRUE_FLAG (listeners_hidden, LISTENERS_HIDDEN);
  TRUE_FLAG (conference, CONFERENCE);
  TRUE_FLAG (creator, CREATOR);
  TRUE_FLAG (messages_enabled, MESSAGES_ENABLED);
  TRUE_FLAG (can_change_messages_enabled, CAN_CHANGE_MESSAGES_ENABLED);
  TRUE_FLAG (min, MIN);
#undef TRUE_FLAG
  if (call->title.str != NULL)
    flags |= CVN_TL_API_GROUP_CALL_TITLE_FLAG;
  if (call->invite_link.str != NULL)
    flags |= CVN_TL_API_GROUP_CALL_INVITE_LINK_FLAG;
  if (call->default_send_as != NULL)
    flags |= CVN_TL_API_GROUP_CALL_DEFAULT_SEND_AS_FLAG;

  out->flags = flags;
  out->id = call->id;
  out->access_hash = call->access_hash;
  out->participants_count = call->participants_count;
  out->title = opt_string (&call->title, flags & CVN_TL_API_GROUP_CALL_TITLE_FLAG);
  out->stream_dc_id = call->stream_dc_id;
  out->record_start_date = call->record_start_date;
  out->schedule_date = call->schedule_date;
  out->unmuted_video_count = call->unmuted_video_count;
  out->unmuted_video_limit = call->unmuted_video_limit;
  out->version = call->version;
  out->invite_link = opt_string (&call->invite_link, flags & CVN_TL_API_GROUP_CALL_INVITE_LINK_FLAG);
  out->send_paid_messages_stars = call->send_paid_messages_stars;
  if ((flags & CVN_TL_API_GROUP_CALL_DEFAULT_SEND_AS_FLAG)
      && !_cvn_peer_from_tl (call->default_send_as, &out->default_send_as))
    out->flags &= ~CVN_GROUP_CALL_FLAG_HAS_DEFAULT_SEND_AS;

  return TRUE;
}

static CvnParticipantVideoInfo *
video_info_from_tl (const CvnTlObject *object)
{
  const CvnTlApiGroupCallParticipantVideo *video;
  CvnParticipantVideoInfo *info;

  if (object == NULL || object->ctor->id != CVN_TL_API_GROUP_CALL_PARTICIPANT_VIDEO_ID)
    return NULL;

  video = (const CvnTlApiGroupCallParticipantVideo *) object;
  info = g_new0 (CvnParticipantVideoInfo, 1);
  info->flags = video->flags & (CVN_PARTICIPANT_VIDEO_FLAG_PAUSED | CVN_PARTICIPANT_VIDEO_FLAG_HAS_AUDIO_SOURCE);
  if (video->paused)
    info->flags |= CVN_PARTICIPANT_VIDEO_FLAG_PAUSED;
  info->audio_source = video->audio_source;
  info->endpoint = g_strdup (video->endpoint.str != NULL ? video->endpoint.str : "");
  if (video->source_groups != NULL && video->source_groups->len > 0)
    {
      info->source_groups = g_new0 (CvnSourceGroup, video->source_groups->len);
      for (guint i = 0; i < video->source_groups->len; i++)
        {
          const CvnTlObject *g = video->source_groups->objects[i];
          const CvnTlApiGroupCallParticipantVideoSourceGroup *group;
          CvnSourceGroup *out;

          if (g == NULL || g->ctor->id != CVN_TL_API_GROUP_CALL_PARTICIPANT_VIDEO_SOURCE_GROUP_ID)
            continue;
          group = (const CvnTlApiGroupCallParticipantVideoSourceGroup *) g;
          out = &info->source_groups[info->n_source_groups++];
          out->semantics = g_strdup (group->semantics.str != NULL ? group->semantics.str : "");
          if (group->sources != NULL && group->sources->len > 0)
            {
              out->n_sources = group->sources->len;
              out->sources = g_memdup2 (group->sources->ints, sizeof (gint32) * group->sources->len);
            }
        }
    }

  return info;
}

gboolean
_cvn_participant_info_from_tl (const CvnTlObject  *object,
                               CvnParticipantInfo *out)
{
  const CvnTlApiGroupCallParticipant *p;
  guint32 flags;

  memset (out, 0, sizeof *out);
  if (object == NULL || object->ctor->id != CVN_TL_API_GROUP_CALL_PARTICIPANT_ID)
    return FALSE;

  p = (const CvnTlApiGroupCallParticipant *) object;
  if (!_cvn_peer_from_tl (p->peer, &out->peer))
    return FALSE;

  flags = p->flags;
#define TRUE_FLAG(field, FLAG) if (p->field) flags |= CVN_TL_API_GROUP_CALL_PARTICIPANT_##FLAG##_FLAG
  TRUE_FLAG (muted, MUTED);
  TRUE_FLAG (left, LEFT);
  TRUE_FLAG (can_self_unmute, CAN_SELF_UNMUTE);
  TRUE_FLAG (just_joined, JUST_JOINED);
  TRUE_FLAG (versioned, VERSIONED);
  TRUE_FLAG (min, MIN);
  TRUE_FLAG (muted_by_you, MUTED_BY_YOU);
  TRUE_FLAG (volume_by_admin, VOLUME_BY_ADMIN);
  TRUE_FLAG (self, SELF);
  TRUE_FLAG (video_joined, VIDEO_JOINED);
#undef TRUE_FLAG
  if (p->about.str != NULL)
    flags |= CVN_TL_API_GROUP_CALL_PARTICIPANT_ABOUT_FLAG;

  out->flags = flags & ~(CVN_PARTICIPANT_FLAG_HAS_VIDEO | CVN_PARTICIPANT_FLAG_HAS_PRESENTATION);
  out->date = p->date;
  out->active_date = p->active_date;
  out->source = p->source;
  out->volume = p->volume;
  out->about = opt_string (&p->about, flags & CVN_TL_API_GROUP_CALL_PARTICIPANT_ABOUT_FLAG);
  out->raise_hand_rating = p->raise_hand_rating;
  out->paid_stars_total = p->paid_stars_total;
  /* the video bits mean "non-NULL" in the plain struct */
  out->video = video_info_from_tl (p->video);
  if (out->video != NULL)
    out->flags |= CVN_PARTICIPANT_FLAG_HAS_VIDEO;
  out->presentation = video_info_from_tl (p->presentation);
  if (out->presentation != NULL)
    out->flags |= CVN_PARTICIPANT_FLAG_HAS_PRESENTATION;

  return TRUE;
}

/* A vector of groupCallParticipant as an array of CvnParticipantInfo (cleared on free);
 * entries of other constructors are counted and left out. */
static GArray *
participants_from_tl (CvnGroupCallSync  *self,
                      const CvnTlVector *vector)
{
  GArray *array = g_array_sized_new (FALSE, TRUE, sizeof (CvnParticipantInfo), vector != NULL ? vector->len : 0);

  g_array_set_clear_func (array, (GDestroyNotify) _cvn_participant_info_clear);
  for (guint i = 0; vector != NULL && i < vector->len; i++)
    {
      CvnParticipantInfo info;

      if (_cvn_participant_info_from_tl (vector->objects[i], &info))
        g_array_append_val (array, info);
      else
        {
          self->n_rejected++;
          g_debug ("participant of an unexpected constructor; ignored");
        }
    }

  return array;
}

/* ------------------------------------------------------------------------------------------
 * peers
 */

static void
remember_peer (CvnGroupCallSync *self,
               CvnPeerType       type,
               gint64            id,
               gint64            access_hash,
               gboolean          has_hash,
               gboolean          broadcast)
{
  CvnPeer key = { type, id };
  KnownPeer *known = g_hash_table_lookup (self->peers, &key);

  if (known == NULL)
    {
      known = g_new0 (KnownPeer, 1);
      known->peer = key;
      g_hash_table_insert (self->peers, &known->peer, known);
    }
  /* a min user/channel carries a hash that is not ours to use: keep the one we have */
  if (has_hash)
    known->access_hash = access_hash;
  known->broadcast = broadcast;
}

void
_cvn_group_call_sync_remember_peers (CvnGroupCallSync  *self,
                                     const CvnTlVector *users,
                                     const CvnTlVector *chats)
{
  g_return_if_fail (CVN_IS_GROUP_CALL_SYNC (self));

  for (guint i = 0; users != NULL && i < users->len; i++)
    {
      const CvnTlObject *object = users->objects[i];

      if (object != NULL && object->ctor->id == CVN_TL_API_USER_ID)
        {
          const CvnTlApiUser *user = (const CvnTlApiUser *) object;

          remember_peer (self, CVN_PEER_TYPE_USER, user->id, user->access_hash, !user->min, FALSE);
        }
    }

  for (guint i = 0; chats != NULL && i < chats->len; i++)
    {
      const CvnTlObject *object = chats->objects[i];

      if (object == NULL)
        continue;
      switch (object->ctor->id)
        {
        case CVN_TL_API_CHANNEL_ID:
          {
            const CvnTlApiChannel *channel = (const CvnTlApiChannel *) object;

            remember_peer (self, CVN_PEER_TYPE_CHANNEL, channel->id, channel->access_hash,
                           !channel->min, channel->broadcast);
          }
          break;
        case CVN_TL_API_CHANNEL_FORBIDDEN_ID:
          {
            const CvnTlApiChannelForbidden *channel = (const CvnTlApiChannelForbidden *) object;

            remember_peer (self, CVN_PEER_TYPE_CHANNEL, channel->id, channel->access_hash, TRUE,
                           channel->broadcast);
          }
          break;
        default:
          break;
        }
    }
}

static const KnownPeer *
lookup_peer (CvnGroupCallSync *self,
             const CvnPeer    *peer)
{
  return g_hash_table_lookup (self->peers, peer);
}

CvnTlObject *
_cvn_group_call_sync_input_peer (CvnGroupCallSync *self,
                                 CvnTlArena       *arena,
                                 const CvnPeer    *peer)
{
  const KnownPeer *known;
  gint64 access_hash;

  g_return_val_if_fail (CVN_IS_GROUP_CALL_SYNC (self), NULL);
  g_return_val_if_fail (peer != NULL, NULL);

  if (CVN_CALL_RPC_GET_IFACE (self->rpc)->make_input_peer != NULL)
    {
      CvnTlObject *input = CVN_CALL_RPC_GET_IFACE (self->rpc)->make_input_peer (self->rpc, arena, peer->type, peer->id);

      if (input != NULL)
        return input;
    }

  known = lookup_peer (self, peer);
  access_hash = known != NULL ? known->access_hash : 0;

  switch (peer->type)
    {
    case CVN_PEER_TYPE_USER:
      if (peer->id == _cvn_call_rpc_get_user_id (self->rpc))
        return cvn_tl_object_new (arena, CVN_TL_API_INPUT_PEER_SELF_CTOR);
      else
        {
          CvnTlApiInputPeerUser *input = (CvnTlApiInputPeerUser *) cvn_tl_object_new (arena, CVN_TL_API_INPUT_PEER_USER_CTOR);

          input->user_id = peer->id;
          input->access_hash = access_hash;
          return &input->parent;
        }
    case CVN_PEER_TYPE_CHAT:
      {
        CvnTlApiInputPeerChat *input = (CvnTlApiInputPeerChat *) cvn_tl_object_new (arena, CVN_TL_API_INPUT_PEER_CHAT_CTOR);

        input->chat_id = peer->id;
        return &input->parent;
      }
    case CVN_PEER_TYPE_CHANNEL:
    default:
      {
        CvnTlApiInputPeerChannel *input = (CvnTlApiInputPeerChannel *) cvn_tl_object_new (arena, CVN_TL_API_INPUT_PEER_CHANNEL_CTOR);

        input->channel_id = peer->id;
        input->access_hash = access_hash;
        return &input->parent;
      }
    }
}

CvnTlObject *
_cvn_group_call_sync_input_user (CvnGroupCallSync *self,
                                 CvnTlArena       *arena,
                                 gint64            user_id)
{
  CvnPeer peer = { CVN_PEER_TYPE_USER, user_id };
  const KnownPeer *known;
  CvnTlApiInputUser *input;

  g_return_val_if_fail (CVN_IS_GROUP_CALL_SYNC (self), NULL);

  if (user_id == _cvn_call_rpc_get_user_id (self->rpc))
    return cvn_tl_object_new (arena, CVN_TL_API_INPUT_USER_SELF_CTOR);

  if (CVN_CALL_RPC_GET_IFACE (self->rpc)->make_input_peer != NULL)
    {
      CvnTlObject *input_peer = CVN_CALL_RPC_GET_IFACE (self->rpc)->make_input_peer (self->rpc, arena, CVN_PEER_TYPE_USER,
                                                                                     user_id);

      if (input_peer != NULL && input_peer->ctor->id == CVN_TL_API_INPUT_PEER_USER_ID)
        {
          input = (CvnTlApiInputUser *) cvn_tl_object_new (arena, CVN_TL_API_INPUT_USER_CTOR);
          input->user_id = user_id;
          input->access_hash = ((const CvnTlApiInputPeerUser *) input_peer)->access_hash;
          return &input->parent;
        }
    }

  known = lookup_peer (self, &peer);
  input = (CvnTlApiInputUser *) cvn_tl_object_new (arena, CVN_TL_API_INPUT_USER_CTOR);
  input->user_id = user_id;
  input->access_hash = known != NULL ? known->access_hash : 0;
  return &input->parent;
}

static Tracked *
lookup_tracked_by_call (CvnGroupCallSync *self,
                        CvnGroupCall     *call)
{
  GHashTableIter iter;
  gpointer value;

  if (cvn_group_call_get_id (call) != 0)
    {
      Tracked *tracked = g_hash_table_lookup (self->calls, &(gint64) { cvn_group_call_get_id (call) });

      if (tracked != NULL && tracked->call == call)
        return tracked;
    }

  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((Tracked *) value)->call == call)
      return value;

  return NULL;
}

static CvnTlObject *
input_call (CvnTlArena *arena,
            Tracked    *tracked)
{
  CvnTlApiInputGroupCall *input = (CvnTlApiInputGroupCall *) cvn_tl_object_new (arena, CVN_TL_API_INPUT_GROUP_CALL_CTOR);

  input->id = tracked->id;
  input->access_hash = cvn_group_call_get_access_hash (tracked->call) != 0
                       ? cvn_group_call_get_access_hash (tracked->call)
                       : tracked->access_hash;
  return &input->parent;
}

CvnTlObject *
_cvn_group_call_sync_input_call (CvnGroupCallSync *self,
                                 CvnTlArena       *arena,
                                 CvnGroupCall     *call)
{
  Tracked *tracked;
  CvnTlApiInputGroupCall *input;

  g_return_val_if_fail (CVN_IS_GROUP_CALL_SYNC (self), NULL);
  g_return_val_if_fail (CVN_IS_GROUP_CALL (call), NULL);

  tracked = lookup_tracked_by_call (self, call);
  if (tracked != NULL)
    return input_call (arena, tracked);

  input = (CvnTlApiInputGroupCall *) cvn_tl_object_new (arena, CVN_TL_API_INPUT_GROUP_CALL_CTOR);
  input->id = cvn_group_call_get_id (call);
  input->access_hash = cvn_group_call_get_access_hash (call);
  return &input->parent;
}

/* ------------------------------------------------------------------------------------------
 * the fetcher
 */

typedef struct
{
  CvnGroupCallSync *sync;
  CvnGroupCall     *call;
  GCancellable     *cancellable;
  CvnTlArena       *arena;
} Fetch;

static void
fetch_free (Fetch *fetch)
{
  g_clear_object (&fetch->sync);
  g_clear_object (&fetch->call);
  g_clear_object (&fetch->cancellable);
  g_clear_pointer (&fetch->arena, cvn_tl_arena_free);
  g_free (fetch);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Fetch, fetch_free)

static Fetch *
fetch_new (CvnGroupCallSync *self,
           Tracked          *tracked)
{
  Fetch *fetch = g_new0 (Fetch, 1);

  fetch->sync = g_object_ref (self);
  fetch->call = g_object_ref (tracked->call);
  fetch->cancellable = g_object_ref (tracked->cancellable);
  fetch->arena = cvn_tl_arena_new ();
  return fetch;
}

static void
fetch_call_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Fetch) fetch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnCallReply) reply = NULL;
  g_autoptr(GArray) participants = NULL;
  const CvnTlApiPhoneGroupCall *answer;
  CvnGroupCallInfo info;

  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  if (g_cancellable_is_cancelled (fetch->cancellable))
    return;
  if (reply == NULL)
    {
      g_debug ("phone.getGroupCall failed: %s", error->message);
      _cvn_group_call_fetch_failed (fetch->call);
      return;
    }

  answer = (const CvnTlApiPhoneGroupCall *) _cvn_call_reply_get_object (reply);
  if (answer == NULL || answer->parent.ctor->id != CVN_TL_API_PHONE_GROUP_CALL_ID
      || !_cvn_group_call_info_from_tl (answer->call, &info))
    {
      fetch->sync->n_rejected++;
      g_debug ("phone.getGroupCall: unexpected answer");
      _cvn_group_call_fetch_failed (fetch->call);
      return;
    }

  _cvn_group_call_sync_remember_peers (fetch->sync, answer->users, answer->chats);
  participants = participants_from_tl (fetch->sync, answer->participants);
  g_debug ("phone.groupCall: version %d, %u participants of %d, next offset '%s'", info.version,
           participants->len, info.participants_count, answer->participants_next_offset.str);
  _cvn_group_call_apply_snapshot (fetch->call, &info, (const CvnParticipantInfo *) (gpointer) participants->data,
                                  participants->len, answer->participants_next_offset.str, info.version);
  _cvn_group_call_info_clear (&info);
}

static void
fetcher_fetch_call (CvnGroupCall *call,
                    gpointer      user_data)
{
  Tracked *tracked = user_data;
  Fetch *fetch;
  CvnTlApiPhoneGetGroupCall *query;

  if (tracked->id == 0)
    {
      g_debug ("group call without an id yet: fetch postponed");
      _cvn_group_call_fetch_postponed (call);
      return;
    }

  fetch = fetch_new (tracked->sync, tracked);

  query = (CvnTlApiPhoneGetGroupCall *) cvn_tl_object_new (fetch->arena, CVN_TL_API_PHONE_GET_GROUP_CALL_CTOR);
  query->call = input_call (fetch->arena, tracked);
  query->limit = (gint32) tracked->sync->page_size;
  _cvn_call_rpc_invoke_async (tracked->sync->rpc, &query->parent, NULL, fetch_call_cb, fetch);
}

static void
fetch_participants_cb (GObject      *source,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(Fetch) fetch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnCallReply) reply = NULL;
  g_autoptr(GArray) participants = NULL;
  const CvnTlApiPhoneGroupParticipants *answer;

  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  if (g_cancellable_is_cancelled (fetch->cancellable))
    return;
  answer = reply != NULL ? (const CvnTlApiPhoneGroupParticipants *) _cvn_call_reply_get_object (reply) : NULL;
  if (answer == NULL || answer->parent.ctor->id != CVN_TL_API_PHONE_GROUP_PARTICIPANTS_ID)
    {
      if (reply != NULL)
        fetch->sync->n_rejected++;
      g_debug ("phone.getGroupParticipants failed: %s", error != NULL ? error->message : "unexpected answer");
      _cvn_group_call_fetch_failed (fetch->call);
      return;
    }

  _cvn_group_call_sync_remember_peers (fetch->sync, answer->users, answer->chats);
  participants = participants_from_tl (fetch->sync, answer->participants);
  g_debug ("phone.groupParticipants: version %d, %u participants of %d, next offset '%s'", answer->version,
           participants->len, answer->count, answer->next_offset.str);
  _cvn_group_call_apply_snapshot (fetch->call, NULL, (const CvnParticipantInfo *) (gpointer) participants->data,
                                  participants->len, answer->next_offset.str, answer->version);
}

static void
fetcher_fetch_participants (CvnGroupCall *call,
                            const char   *offset,
                            gpointer      user_data)
{
  Tracked *tracked = user_data;
  Fetch *fetch = fetch_new (tracked->sync, tracked);
  CvnTlApiPhoneGetGroupParticipants *query;

  query = (CvnTlApiPhoneGetGroupParticipants *) cvn_tl_object_new (fetch->arena, CVN_TL_API_PHONE_GET_GROUP_PARTICIPANTS_CTOR);
  query->call = input_call (fetch->arena, tracked);
  query->ids = cvn_tl_vector_new (fetch->arena, CVN_TL_KIND_OBJECT, 0);
  query->sources = cvn_tl_vector_new (fetch->arena, CVN_TL_KIND_INT, 0);
  cvn_tl_string_set (fetch->arena, &query->offset, offset);
  query->limit = (gint32) tracked->sync->page_size;
  _cvn_call_rpc_invoke_async (tracked->sync->rpc, &query->parent, NULL, fetch_participants_cb, fetch);
}

static void
fetch_by_id_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(Fetch) fetch = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnCallReply) reply = NULL;
  g_autoptr(GArray) participants = NULL;
  const CvnTlApiPhoneGroupParticipants *answer;

  reply = _cvn_call_rpc_invoke_finish (CVN_CALL_RPC (source), result, &error);
  if (g_cancellable_is_cancelled (fetch->cancellable))
    return;
  answer = reply != NULL ? (const CvnTlApiPhoneGroupParticipants *) _cvn_call_reply_get_object (reply) : NULL;
  if (answer == NULL || answer->parent.ctor->id != CVN_TL_API_PHONE_GROUP_PARTICIPANTS_ID)
    {
      if (reply != NULL)
        fetch->sync->n_rejected++;
      g_debug ("phone.getGroupParticipants by id failed: %s", error != NULL ? error->message : "unexpected answer");
      _cvn_group_call_fetch_participants_by_id_failed (fetch->call);
      return;
    }

  _cvn_group_call_sync_remember_peers (fetch->sync, answer->users, answer->chats);
  participants = participants_from_tl (fetch->sync, answer->participants);
  _cvn_group_call_apply_participants_by_id (fetch->call, (const CvnParticipantInfo *) (gpointer) participants->data,
                                            participants->len, answer->version);
}

static void
fetcher_fetch_by_id (CvnGroupCall  *call,
                     const CvnPeer *peers,
                     guint          n_peers,
                     gpointer       user_data)
{
  Tracked *tracked = user_data;
  Fetch *fetch = fetch_new (tracked->sync, tracked);
  CvnTlApiPhoneGetGroupParticipants *query;

  query = (CvnTlApiPhoneGetGroupParticipants *) cvn_tl_object_new (fetch->arena, CVN_TL_API_PHONE_GET_GROUP_PARTICIPANTS_CTOR);
  query->call = input_call (fetch->arena, tracked);
  query->ids = cvn_tl_vector_new (fetch->arena, CVN_TL_KIND_OBJECT, n_peers);
  for (guint i = 0; i < n_peers; i++)
    query->ids->objects[i] = _cvn_group_call_sync_input_peer (tracked->sync, fetch->arena, &peers[i]);
  query->sources = cvn_tl_vector_new (fetch->arena, CVN_TL_KIND_INT, 0);
  cvn_tl_string_set (fetch->arena, &query->offset, "");
  query->limit = (gint32) MAX (n_peers, 1);
  _cvn_call_rpc_invoke_async (tracked->sync->rpc, &query->parent, NULL, fetch_by_id_cb, fetch);
}

static const CvnGroupCallFetcher fetcher_vtable = {
  fetcher_fetch_call,
  fetcher_fetch_participants,
  fetcher_fetch_by_id,
};

/* ------------------------------------------------------------------------------------------
 * updates
 */

/* The tracked call @id; an adopted call not named yet is named now if the lookup knows it. */
static Tracked *
lookup_tracked (CvnGroupCallSync *self,
                gint64            id,
                gint64            access_hash)
{
  Tracked *tracked = g_hash_table_lookup (self->calls, &id);
  CvnGroupCall *call;

  if (tracked != NULL || self->lookup == NULL || self->unnamed->len == 0)
    return tracked;

  call = self->lookup (id, self->lookup_data);
  for (guint i = 0; call != NULL && i < self->unnamed->len; i++)
    if (((Tracked *) self->unnamed->pdata[i])->call == call)
      {
        /* notify::id moves it into the table (adopted_id_cb) */
        _cvn_group_call_set_input (call, id, access_hash);
        return g_hash_table_lookup (self->calls, &id);
      }
  return NULL;
}

static Tracked *
lookup_input_call (CvnGroupCallSync  *self,
                   const CvnTlObject *call)
{
  const CvnTlApiInputGroupCall *input = (const CvnTlApiInputGroupCall *) call;

  if (call == NULL || call->ctor->id != CVN_TL_API_INPUT_GROUP_CALL_ID)
    return NULL;

  return lookup_tracked (self, input->id, input->access_hash);
}

static void
set_broadcast_from_peer (CvnGroupCallSync *self,
                         Tracked          *tracked,
                         const CvnPeer    *peer)
{
  const KnownPeer *known = lookup_peer (self, peer);

  if (peer->type == CVN_PEER_TYPE_CHANNEL && known != NULL)
    _cvn_group_call_set_broadcast (tracked->call, known->broadcast);
}

static void
handle_update_group_call (CvnGroupCallSync              *self,
                          const CvnTlApiUpdateGroupCall *update)
{
  CvnGroupCallInfo info;
  Tracked *tracked;

  if (!_cvn_group_call_info_from_tl (update->call, &info))
    {
      self->n_rejected++;
      g_debug ("updateGroupCall without a group call; ignored");
      return;
    }

  tracked = lookup_tracked (self, info.id, info.access_hash);
  if (tracked != NULL)
    {
      info.live_story = update->live_story;
      info.has_peer = _cvn_peer_from_tl (update->peer, &info.peer);
      if (info.has_peer)
        set_broadcast_from_peer (self, tracked, &info.peer);
      _cvn_group_call_handle_update_group_call (tracked->call, &info);
    }

  _cvn_group_call_info_clear (&info);
}

static void
handle_update_participants (CvnGroupCallSync                          *self,
                            const CvnTlApiUpdateGroupCallParticipants *update)
{
  Tracked *tracked = lookup_input_call (self, update->call);
  g_autoptr(GArray) participants = NULL;
  g_autoptr(CvnGroupCall) call = NULL;
  gint64 me;

  if (tracked == NULL)
    return;

  call = g_object_ref (tracked->call);
  participants = participants_from_tl (self, update->participants);

  /* The session hears about its own entries first: a `left` about us is gone from the model
   * once applied. */
  me = _cvn_call_rpc_get_user_id (self->rpc);
  for (guint i = 0; i < participants->len; i++)
    {
      const CvnParticipantInfo *info = &g_array_index (participants, CvnParticipantInfo, i);

      if ((info->flags & CVN_PARTICIPANT_FLAG_SELF)
          || (info->peer.type == CVN_PEER_TYPE_USER && info->peer.id == me && me != 0))
        g_signal_emit (self, signals[SIGNAL_SELF_PARTICIPANT], 0, call, info, update->version);
    }

  _cvn_group_call_handle_update_participants (call, (const CvnParticipantInfo *) (gpointer) participants->data,
                                              participants->len, update->version);
}

static void
handle_update (CvnGroupCallSync  *self,
               const CvnTlObject *update)
{
  if (update == NULL)
    return;

  switch (update->ctor->id)
    {
    case CVN_TL_API_UPDATE_GROUP_CALL_ID:
      handle_update_group_call (self, (const CvnTlApiUpdateGroupCall *) update);
      break;

    case CVN_TL_API_UPDATE_GROUP_CALL_PARTICIPANTS_ID:
      handle_update_participants (self, (const CvnTlApiUpdateGroupCallParticipants *) update);
      break;

    case CVN_TL_API_UPDATE_GROUP_CALL_CONNECTION_ID:
      {
        const CvnTlApiUpdateGroupCallConnection *connection = (const CvnTlApiUpdateGroupCallConnection *) update;

        if (connection->params == NULL || connection->params->ctor->id != CVN_TL_API_DATA_JSON_ID)
          {
            self->n_rejected++;
            break;
          }
        g_signal_emit (self, signals[SIGNAL_CONNECTION], 0,
                       ((const CvnTlApiDataJSON *) connection->params)->data.str,
                       connection->presentation);
      }
      break;

    case CVN_TL_API_UPDATE_GROUP_CALL_MESSAGE_ID:
      {
        const CvnTlApiUpdateGroupCallMessage *message = (const CvnTlApiUpdateGroupCallMessage *) update;
        Tracked *tracked = lookup_input_call (self, message->call);

        if (tracked != NULL && message->message != NULL
            && message->message->ctor->id == CVN_TL_API_GROUP_CALL_MESSAGE_ID)
          g_signal_emit (self, signals[SIGNAL_CALL_MESSAGE], 0, tracked->call, message->message);
      }
      break;

    case CVN_TL_API_UPDATE_DELETE_GROUP_CALL_MESSAGES_ID:
      {
        const CvnTlApiUpdateDeleteGroupCallMessages *deleted = (const CvnTlApiUpdateDeleteGroupCallMessages *) update;
        Tracked *tracked = lookup_input_call (self, deleted->call);

        if (tracked != NULL && deleted->messages != NULL)
          g_signal_emit (self, signals[SIGNAL_CALL_MESSAGES_DELETED], 0, tracked->call, deleted->messages);
      }
      break;

    default:
      break;
    }
}

void
_cvn_group_call_sync_handle_updates (CvnGroupCallSync  *self,
                                     const CvnTlObject *updates)
{
  g_return_if_fail (CVN_IS_GROUP_CALL_SYNC (self));

  if (updates == NULL)
    return;

  g_object_ref (self);

  switch (updates->ctor->id)
    {
    case CVN_TL_API_UPDATES_ID:
      {
        const CvnTlApiUpdates *u = (const CvnTlApiUpdates *) updates;

        _cvn_group_call_sync_remember_peers (self, u->users, u->chats);
        for (guint i = 0; u->updates != NULL && i < u->updates->len; i++)
          handle_update (self, u->updates->objects[i]);
      }
      break;

    case CVN_TL_API_UPDATES_COMBINED_ID:
      {
        const CvnTlApiUpdatesCombined *u = (const CvnTlApiUpdatesCombined *) updates;

        _cvn_group_call_sync_remember_peers (self, u->users, u->chats);
        for (guint i = 0; u->updates != NULL && i < u->updates->len; i++)
          handle_update (self, u->updates->objects[i]);
      }
      break;

    case CVN_TL_API_UPDATE_SHORT_ID:
      handle_update (self, ((const CvnTlApiUpdateShort *) updates)->update);
      break;

    default:
      break;
    }

  g_object_unref (self);
}

static void
rpc_updates_cb (CvnCallRpc        *rpc,
                const CvnTlObject *updates,
                gpointer           user_data)
{
  _cvn_group_call_sync_handle_updates (user_data, updates);
}

/* ------------------------------------------------------------------------------------------
 * tracking
 */

static void
tracked_free (gpointer data)
{
  Tracked *tracked = data;

  g_cancellable_cancel (tracked->cancellable);
  g_signal_handlers_disconnect_by_data (tracked->call, tracked);
  _cvn_group_call_set_fetcher (tracked->call, NULL, NULL);
  g_clear_object (&tracked->cancellable);
  g_clear_object (&tracked->call);
  g_free (tracked);
}

CvnGroupCall *
_cvn_group_call_sync_track (CvnGroupCallSync *self,
                            gint64            id,
                            gint64            access_hash)
{
  Tracked *tracked;

  g_return_val_if_fail (CVN_IS_GROUP_CALL_SYNC (self), NULL);

  tracked = g_hash_table_lookup (self->calls, &id);
  if (tracked != NULL)
    {
      if (access_hash != 0)
        tracked->access_hash = access_hash;
      return tracked->call;
    }

  if (self->ensure != NULL)
    {
      CvnGroupCall *call = self->ensure (id, access_hash, self->ensure_data);

      if (call != NULL)
        {
          _cvn_group_call_sync_adopt (self, call);
          /* named now (notify::id moves an unnamed adopted call into the table) */
          _cvn_group_call_set_input (call, id, access_hash);
          tracked = g_hash_table_lookup (self->calls, &id);
          if (tracked != NULL)
            {
              if (access_hash != 0)
                tracked->access_hash = access_hash;
              return tracked->call;
            }
        }
    }

  tracked = g_new0 (Tracked, 1);
  tracked->sync = self;
  tracked->id = id;
  tracked->access_hash = access_hash;
  tracked->call = cvn_group_call_new (self->clock);
  tracked->cancellable = g_cancellable_new ();
  _cvn_group_call_set_fetcher (tracked->call, &fetcher_vtable, tracked);
  g_hash_table_insert (self->calls, &tracked->id, tracked);

  return tracked->call;
}

static void
adopted_id_cb (CvnGroupCall *call,
               GParamSpec   *pspec,
               gpointer      user_data)
{
  Tracked *tracked = user_data;
  CvnGroupCallSync *self = tracked->sync;
  gint64 id = cvn_group_call_get_id (call);

  if (id == 0 || tracked->id != 0)
    return;

  tracked->id = id;
  tracked->access_hash = cvn_group_call_get_access_hash (call);
  {
    guint index;

    if (g_ptr_array_find (self->unnamed, tracked, &index))
      g_ptr_array_steal_index (self->unnamed, index);
  }
  if (g_hash_table_contains (self->calls, &tracked->id))
    {
      g_debug ("group call %" G_GINT64_FORMAT " adopted twice; the first one is fed", id);
      tracked_free (tracked);
      return;
    }
  g_hash_table_insert (self->calls, &tracked->id, tracked);
  /* a refetch asked for while the id was unknown was postponed */
  if (cvn_group_call_get_state (call) == CVN_GROUP_CALL_STATE_UNKNOWN)
    _cvn_group_call_request_refetch (call);
}

void
_cvn_group_call_sync_adopt (CvnGroupCallSync *self,
                            CvnGroupCall     *call)
{
  Tracked *tracked;
  gint64 id;

  g_return_if_fail (CVN_IS_GROUP_CALL_SYNC (self));
  g_return_if_fail (CVN_IS_GROUP_CALL (call));

  id = cvn_group_call_get_id (call);
  if (id != 0 && g_hash_table_contains (self->calls, &id))
    return;
  for (guint i = 0; i < self->unnamed->len; i++)
    if (((Tracked *) self->unnamed->pdata[i])->call == call)
      return;

  tracked = g_new0 (Tracked, 1);
  tracked->sync = self;
  tracked->id = id;
  tracked->access_hash = cvn_group_call_get_access_hash (call);
  tracked->call = g_object_ref (call);
  tracked->cancellable = g_cancellable_new ();
  _cvn_group_call_set_fetcher (call, &fetcher_vtable, tracked);
  if (id != 0)
    g_hash_table_insert (self->calls, &tracked->id, tracked);
  else
    {
      g_ptr_array_add (self->unnamed, tracked);
      g_signal_connect (call, "notify::id", G_CALLBACK (adopted_id_cb), tracked);
    }
}

CvnGroupCall *
_cvn_group_call_sync_lookup (CvnGroupCallSync *self,
                             gint64            id)
{
  Tracked *tracked;

  g_return_val_if_fail (CVN_IS_GROUP_CALL_SYNC (self), NULL);

  tracked = g_hash_table_lookup (self->calls, &id);
  return tracked != NULL ? tracked->call : NULL;
}

void
_cvn_group_call_sync_untrack (CvnGroupCallSync *self,
                              gint64            id)
{
  g_return_if_fail (CVN_IS_GROUP_CALL_SYNC (self));

  g_hash_table_remove (self->calls, &id);
}

/* ------------------------------------------------------------------------------------------
 * object
 */

static void
cvn_group_call_sync_dispose (GObject *object)
{
  CvnGroupCallSync *self = CVN_GROUP_CALL_SYNC (object);

  if (self->rpc != NULL)
    g_signal_handlers_disconnect_by_data (self->rpc, self);
  g_hash_table_remove_all (self->calls);
  g_ptr_array_set_size (self->unnamed, 0);
  g_clear_object (&self->rpc);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (_cvn_group_call_sync_parent_class)->dispose (object);
}

static void
cvn_group_call_sync_finalize (GObject *object)
{
  CvnGroupCallSync *self = CVN_GROUP_CALL_SYNC (object);

  g_hash_table_unref (self->calls);
  g_ptr_array_unref (self->unnamed);
  g_hash_table_unref (self->peers);

  G_OBJECT_CLASS (_cvn_group_call_sync_parent_class)->finalize (object);
}

static void
_cvn_group_call_sync_class_init (CvnGroupCallSyncClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cvn_group_call_sync_dispose;
  object_class->finalize = cvn_group_call_sync_finalize;

  /* (params JSON, presentation) */
  signals[SIGNAL_CONNECTION] =
    g_signal_new ("connection", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  /* (CvnGroupCall, const CvnParticipantInfo *, version) */
  signals[SIGNAL_SELF_PARTICIPANT] =
    g_signal_new ("self-participant", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, CVN_TYPE_GROUP_CALL, G_TYPE_POINTER, G_TYPE_INT);
  /* (CvnGroupCall, const CvnTlApiGroupCallMessage *) */
  signals[SIGNAL_CALL_MESSAGE] =
    g_signal_new ("call-message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, CVN_TYPE_GROUP_CALL, G_TYPE_POINTER);
  /* (CvnGroupCall, const CvnTlVector * of int message ids) */
  signals[SIGNAL_CALL_MESSAGES_DELETED] =
    g_signal_new ("call-messages-deleted", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, CVN_TYPE_GROUP_CALL, G_TYPE_POINTER);
}

static void
_cvn_group_call_sync_init (CvnGroupCallSync *self)
{
  self->calls = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL, tracked_free);
  self->peers = g_hash_table_new_full (_cvn_peer_hash, _cvn_peer_equal, NULL, g_free);
  self->unnamed = g_ptr_array_new_with_free_func (tracked_free);
  self->page_size = DEFAULT_PAGE_SIZE;
}

CvnGroupCallSync *
_cvn_group_call_sync_new (CvnCallRpc *rpc,
                          CvnClock   *clock)
{
  CvnGroupCallSync *self;

  g_return_val_if_fail (CVN_IS_CALL_RPC (rpc), NULL);
  g_return_val_if_fail (CVN_IS_CLOCK (clock), NULL);

  self = g_object_new (CVN_TYPE_GROUP_CALL_SYNC, NULL);
  self->rpc = g_object_ref (rpc);
  self->clock = g_object_ref (clock);
  g_signal_connect (rpc, "updates", G_CALLBACK (rpc_updates_cb), self);

  return self;
}

CvnCallRpc *
_cvn_group_call_sync_get_rpc (CvnGroupCallSync *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_SYNC (self), NULL);
  return self->rpc;
}

CvnClock *
_cvn_group_call_sync_get_clock (CvnGroupCallSync *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_SYNC (self), NULL);
  return self->clock;
}

void
_cvn_group_call_sync_set_page_size (CvnGroupCallSync *self,
                                    guint             page_size)
{
  g_return_if_fail (CVN_IS_GROUP_CALL_SYNC (self));

  self->page_size = CLAMP (page_size, 1, 1000);
}

void
_cvn_group_call_sync_set_lookup (CvnGroupCallSync       *self,
                                 CvnGroupCallLookupFunc  lookup,
                                 gpointer                user_data)
{
  g_return_if_fail (CVN_IS_GROUP_CALL_SYNC (self));

  self->lookup = lookup;
  self->lookup_data = user_data;
}

void
_cvn_group_call_sync_set_ensure (CvnGroupCallSync       *self,
                                 CvnGroupCallEnsureFunc  ensure,
                                 gpointer                user_data)
{
  g_return_if_fail (CVN_IS_GROUP_CALL_SYNC (self));

  self->ensure = ensure;
  self->ensure_data = user_data;
}

guint64
_cvn_group_call_sync_get_n_rejected (CvnGroupCallSync *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_SYNC (self), 0);
  return self->n_rejected;
}
