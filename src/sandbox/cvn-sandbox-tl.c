/* cvn-sandbox-tl.c: TL objects built from the sandbox's model, in an arena.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-sandbox-private.h"

#define NEW(arena, T, CTOR) ((T *) cvn_tl_object_new ((arena), (CTOR)))

static void
set_string (CvnTlArena  *arena,
            CvnTlString *string,
            const char  *value)
{
  cvn_tl_string_set (arena, string, value != NULL ? value : "");
}

CvnTlObject *
cvn_sandbox_tl_bool (CvnTlArena *arena,
                     gboolean    value)
{
  return cvn_tl_object_new (arena, value ? CVN_TL_API_BOOL_TRUE_CTOR : CVN_TL_API_BOOL_FALSE_CTOR);
}

CvnTlVector *
cvn_sandbox_tl_objects (CvnTlArena *arena,
                        GPtrArray  *objects)
{
  guint len = objects != NULL ? objects->len : 0;
  CvnTlVector *vector = cvn_tl_vector_new (arena, CVN_TL_KIND_OBJECT, len);

  for (guint i = 0; i < len; i++)
    vector->objects[i] = g_ptr_array_index (objects, i);
  return vector;
}

CvnTlObject *
cvn_sandbox_tl_peer (CvnTlArena           *arena,
                     const CvnSandboxPeer *peer)
{
  switch (peer->type)
    {
    case CVN_SANDBOX_PEER_CHAT:
      {
        CvnTlApiPeerChat *p = NEW (arena, CvnTlApiPeerChat, CVN_TL_API_PEER_CHAT_CTOR);
        p->chat_id = peer->id;
        return &p->parent;
      }
    case CVN_SANDBOX_PEER_CHANNEL:
      {
        CvnTlApiPeerChannel *p = NEW (arena, CvnTlApiPeerChannel, CVN_TL_API_PEER_CHANNEL_CTOR);
        p->channel_id = peer->id;
        return &p->parent;
      }
    case CVN_SANDBOX_PEER_USER:
    case CVN_SANDBOX_PEER_NONE:
    default:
      {
        CvnTlApiPeerUser *p = NEW (arena, CvnTlApiPeerUser, CVN_TL_API_PEER_USER_CTOR);
        p->user_id = peer->id;
        return &p->parent;
      }
    }
}

CvnTlObject *
cvn_sandbox_tl_input_call (CvnTlArena     *arena,
                           CvnSandboxCall *call)
{
  CvnTlApiInputGroupCall *input = NEW (arena, CvnTlApiInputGroupCall, CVN_TL_API_INPUT_GROUP_CALL_CTOR);

  input->id = call->id;
  input->access_hash = call->access_hash;
  return &input->parent;
}

CvnTlObject *
cvn_sandbox_tl_user (CvnSandboxWorld *world,
                     CvnTlArena      *arena,
                     CvnSandboxUser  *user,
                     gint64           viewer)
{
  CvnTlApiUser *u = NEW (arena, CvnTlApiUser, CVN_TL_API_USER_CTOR);

  (void) world;
  u->id = user->id;
  u->self = user->id == viewer;
  u->flags |= CVN_TL_API_USER_ACCESS_HASH_FLAG;
  u->access_hash = user->access_hash;
  set_string (arena, &u->first_name, user->first_name);
  if (user->last_name != NULL && user->last_name[0] != '\0')
    set_string (arena, &u->last_name, user->last_name);
  if (user->username != NULL)
    set_string (arena, &u->username, user->username);
  if (user->phone != NULL && user->id == viewer)
    set_string (arena, &u->phone, user->phone);
  return &u->parent;
}

static CvnTlObject *
admin_rights (CvnTlArena       *arena,
              CvnSandboxRights  rights)
{
  CvnTlApiChatAdminRights *r = NEW (arena, CvnTlApiChatAdminRights, CVN_TL_API_CHAT_ADMIN_RIGHTS_CTOR);

  r->change_info = (rights & CVN_SANDBOX_RIGHT_CHANGE_INFO) != 0;
  r->post_messages = (rights & CVN_SANDBOX_RIGHT_POST_MESSAGES) != 0;
  r->delete_messages = (rights & CVN_SANDBOX_RIGHT_DELETE_MESSAGES) != 0;
  r->ban_users = (rights & CVN_SANDBOX_RIGHT_BAN_USERS) != 0;
  r->invite_users = (rights & CVN_SANDBOX_RIGHT_INVITE_USERS) != 0;
  r->pin_messages = (rights & CVN_SANDBOX_RIGHT_PIN_MESSAGES) != 0;
  r->add_admins = (rights & CVN_SANDBOX_RIGHT_ADD_ADMINS) != 0;
  r->manage_call = (rights & CVN_SANDBOX_RIGHT_MANAGE_CALL) != 0;
  return &r->parent;
}

CvnTlObject *
cvn_sandbox_tl_chat (CvnSandboxWorld *world,
                     CvnTlArena      *arena,
                     CvnSandboxChat  *chat,
                     gint64           viewer)
{
  CvnSandboxRights rights = cvn_sandbox_chat_get_rights (chat, viewer);
  gboolean member = cvn_sandbox_chat_is_member (chat, viewer);
  CvnSandboxCall *call = chat->call_id != 0 ? cvn_sandbox_world_get_call (world, chat->call_id) : NULL;
  gint32 count = g_hash_table_size (chat->members) + chat->extra_members;

  if (chat->kind == CVN_SANDBOX_CHAT_GROUP)
    {
      CvnTlApiChat *c = NEW (arena, CvnTlApiChat, CVN_TL_API_CHAT_CTOR);

      c->id = chat->id;
      c->creator = chat->creator_id == viewer;
      c->left = !member;
      set_string (arena, &c->title, chat->title);
      c->photo = cvn_tl_object_new (arena, CVN_TL_API_CHAT_PHOTO_EMPTY_CTOR);
      c->participants_count = count;
      c->date = chat->date;
      c->version = 1;
      c->call_active = call != NULL;
      c->call_not_empty = call != NULL && call->participants->len > 0;
      if (rights != 0 && chat->creator_id != viewer)
        c->admin_rights = admin_rights (arena, rights);
      return &c->parent;
    }
  else
    {
      CvnTlApiChannel *c = NEW (arena, CvnTlApiChannel, CVN_TL_API_CHANNEL_CTOR);

      c->id = chat->id;
      c->flags |= CVN_TL_API_CHANNEL_ACCESS_HASH_FLAG | CVN_TL_API_CHANNEL_PARTICIPANTS_COUNT_FLAG;
      c->access_hash = chat->access_hash;
      c->creator = chat->creator_id == viewer;
      c->left = !member;
      c->broadcast = chat->kind == CVN_SANDBOX_CHAT_CHANNEL;
      c->megagroup = chat->kind == CVN_SANDBOX_CHAT_SUPERGROUP;
      set_string (arena, &c->title, chat->title);
      if (chat->username != NULL)
        set_string (arena, &c->username, chat->username);
      c->photo = cvn_tl_object_new (arena, CVN_TL_API_CHAT_PHOTO_EMPTY_CTOR);
      c->date = chat->date;
      c->participants_count = count;
      c->call_active = call != NULL;
      c->call_not_empty = call != NULL && call->participants->len > 0;
      if (rights != 0)
        c->admin_rights = admin_rights (arena, rights);
      return &c->parent;
    }
}

CvnTlObject *
cvn_sandbox_tl_group_call (CvnSandboxWorld *world,
                           CvnTlArena      *arena,
                           CvnSandboxCall  *call,
                           gint64           viewer,
                           gboolean         min)
{
  CvnSandboxChat *chat;
  CvnTlApiGroupCall *gc;
  CvnSandboxRights rights;

  if (call->discarded)
    {
      CvnTlApiGroupCallDiscarded *d = NEW (arena, CvnTlApiGroupCallDiscarded,
                                           CVN_TL_API_GROUP_CALL_DISCARDED_CTOR);
      d->id = call->id;
      d->access_hash = call->access_hash;
      d->duration = call->duration;
      return &d->parent;
    }

  chat = call->chat_id != 0 ? cvn_sandbox_world_get_chat (world, call->chat_id) : NULL;
  rights = cvn_sandbox_chat_get_rights (chat, viewer);
  gc = NEW (arena, CvnTlApiGroupCall, CVN_TL_API_GROUP_CALL_CTOR);
  gc->id = call->id;
  gc->access_hash = call->access_hash;
  gc->participants_count = call->participants->len;
  gc->join_muted = call->join_muted;
  gc->can_change_join_muted = !min && (rights & CVN_SANDBOX_RIGHT_MANAGE_CALL) != 0;
  gc->join_date_asc = TRUE;
  gc->schedule_start_subscribed = !min && call->schedule_date != 0 &&
                                  g_hash_table_contains (call->subscribed, &viewer);
  gc->can_start_video = TRUE;
  gc->rtmp_stream = call->rtmp_stream;
  gc->listeners_hidden = call->listeners_hidden;
  gc->conference = call->conference;
  gc->creator = !min && call->creator_id == viewer;
  gc->messages_enabled = call->messages_enabled;
  gc->can_change_messages_enabled = !min && (rights & CVN_SANDBOX_RIGHT_MANAGE_CALL) != 0;
  gc->min = min;
  if (call->title != NULL)
    set_string (arena, &gc->title, call->title);
  if (chat != NULL && chat->kind == CVN_SANDBOX_CHAT_CHANNEL)
    {
      gc->flags |= CVN_TL_API_GROUP_CALL_STREAM_DC_ID_FLAG;
      gc->stream_dc_id = 2;
    }
  if (call->record_start_date != 0)
    {
      gc->flags |= CVN_TL_API_GROUP_CALL_RECORD_START_DATE_FLAG;
      gc->record_start_date = call->record_start_date;
      gc->record_video_active = call->record_video;
    }
  if (call->schedule_date != 0)
    {
      gc->flags |= CVN_TL_API_GROUP_CALL_SCHEDULE_DATE_FLAG;
      gc->schedule_date = call->schedule_date;
    }
  gc->flags |= CVN_TL_API_GROUP_CALL_UNMUTED_VIDEO_COUNT_FLAG;
  gc->unmuted_video_count = cvn_sandbox_call_unmuted_video_count (call);
  gc->unmuted_video_limit = call->unmuted_video_limit;
  gc->version = call->version;
  if (call->conference && call->slug != NULL)
    {
      g_autofree char *link = g_strdup_printf ("https://t.me/call/%s", call->slug);
      set_string (arena, &gc->invite_link, link);
    }
  return &gc->parent;
}

static CvnTlObject *
video_object (CvnTlArena      *arena,
              CvnSandboxVideo *video)
{
  CvnTlApiGroupCallParticipantVideo *v = NEW (arena, CvnTlApiGroupCallParticipantVideo,
                                              CVN_TL_API_GROUP_CALL_PARTICIPANT_VIDEO_CTOR);

  v->paused = video->paused;
  set_string (arena, &v->endpoint, video->endpoint);
  v->source_groups = cvn_tl_vector_new (arena, CVN_TL_KIND_OBJECT, video->groups->len);
  for (guint i = 0; i < video->groups->len; i++)
    {
      CvnSandboxSourceGroup *group = g_ptr_array_index (video->groups, i);
      CvnTlApiGroupCallParticipantVideoSourceGroup *g =
        NEW (arena, CvnTlApiGroupCallParticipantVideoSourceGroup,
             CVN_TL_API_GROUP_CALL_PARTICIPANT_VIDEO_SOURCE_GROUP_CTOR);

      set_string (arena, &g->semantics, group->semantics);
      g->sources = cvn_tl_vector_new (arena, CVN_TL_KIND_INT, group->sources->len);
      for (guint k = 0; k < group->sources->len; k++)
        g->sources->ints[k] = (gint32) g_array_index (group->sources, guint32, k);
      v->source_groups->objects[i] = &g->parent;
    }
  if (video->audio_source != 0)
    {
      v->flags |= CVN_TL_API_GROUP_CALL_PARTICIPANT_VIDEO_AUDIO_SOURCE_FLAG;
      v->audio_source = (gint32) video->audio_source;
    }
  return &v->parent;
}

CvnTlObject *
cvn_sandbox_tl_participant (CvnTlArena            *arena,
                            CvnSandboxParticipant *participant,
                            gint64                 viewer,
                            gboolean               min)
{
  CvnTlApiGroupCallParticipant *p = NEW (arena, CvnTlApiGroupCallParticipant,
                                         CVN_TL_API_GROUP_CALL_PARTICIPANT_CTOR);
  gpointer personal = NULL;
  gboolean has_personal = FALSE;

  if (!min && participant->muted_by != NULL)
    has_personal = g_hash_table_lookup_extended (participant->muted_by, &viewer, NULL, &personal);

  p->muted = participant->muted;
  p->can_self_unmute = participant->can_self_unmute;
  p->min = min;
  /* a scripted participant acting for the viewer (a channel of theirs) is not their connection */
  p->self = !min && viewer != 0 && participant->user_id == viewer && !participant->simulated;
  p->video_joined = participant->video_joined;
  p->peer = cvn_sandbox_tl_peer (arena, &participant->peer);
  p->date = participant->date;
  if (participant->active_date != 0)
    {
      p->flags |= CVN_TL_API_GROUP_CALL_PARTICIPANT_ACTIVE_DATE_FLAG;
      p->active_date = participant->active_date;
    }
  p->source = (gint32) participant->source;
  if (has_personal)
    {
      gint volume = GPOINTER_TO_INT (personal);

      p->muted_by_you = volume == 0;
      if (volume > 0)
        {
          p->flags |= CVN_TL_API_GROUP_CALL_PARTICIPANT_VOLUME_FLAG;
          p->volume = volume;
        }
    }
  else if (participant->volume != 0)
    {
      p->flags |= CVN_TL_API_GROUP_CALL_PARTICIPANT_VOLUME_FLAG;
      p->volume = participant->volume;
      p->volume_by_admin = participant->volume_by_admin;
    }
  if (participant->about != NULL)
    cvn_tl_string_set (arena, &p->about, participant->about);
  if (participant->raise_hand_rating != 0)
    {
      p->flags |= CVN_TL_API_GROUP_CALL_PARTICIPANT_RAISE_HAND_RATING_FLAG;
      p->raise_hand_rating = participant->raise_hand_rating;
    }
  if (participant->video != NULL)
    p->video = video_object (arena, participant->video);
  if (participant->presentation != NULL)
    p->presentation = video_object (arena, participant->presentation);
  return &p->parent;
}

static CvnTlObject *
input_call_of_message (CvnTlArena        *arena,
                       CvnSandboxMessage *message)
{
  CvnTlApiInputGroupCall *input = NEW (arena, CvnTlApiInputGroupCall, CVN_TL_API_INPUT_GROUP_CALL_CTOR);

  input->id = message->call_id;
  input->access_hash = message->call_access_hash;
  return &input->parent;
}

CvnTlObject *
cvn_sandbox_tl_message (CvnSandboxWorld   *world,
                        CvnTlArena        *arena,
                        CvnSandboxMessage *message,
                        gint64             viewer)
{
  CvnSandboxPeer peer = message->peer;
  gboolean out = message->from.type == CVN_SANDBOX_PEER_USER && message->from.id == viewer;

  (void) world;
  if (message->action == CVN_SANDBOX_ACTION_NONE)
    {
      CvnTlApiMessage *m = NEW (arena, CvnTlApiMessage, CVN_TL_API_MESSAGE_CTOR);

      m->id = message->id;
      m->out = out;
      m->from_id = cvn_sandbox_tl_peer (arena, &message->from);
      m->peer_id = cvn_sandbox_tl_peer (arena, &peer);
      m->date = message->date;
      set_string (arena, &m->message, message->text);
      return &m->parent;
    }
  else
    {
      CvnTlApiMessageService *m = NEW (arena, CvnTlApiMessageService, CVN_TL_API_MESSAGE_SERVICE_CTOR);

      m->id = message->id;
      m->out = out;
      m->from_id = cvn_sandbox_tl_peer (arena, &message->from);
      m->peer_id = cvn_sandbox_tl_peer (arena, &peer);
      m->date = message->date;
      switch (message->action)
        {
        case CVN_SANDBOX_ACTION_GROUP_CALL:
          {
            CvnTlApiMessageActionGroupCall *a = NEW (arena, CvnTlApiMessageActionGroupCall,
                                                     CVN_TL_API_MESSAGE_ACTION_GROUP_CALL_CTOR);
            a->call = input_call_of_message (arena, message);
            if (message->duration > 0)
              {
                a->flags |= CVN_TL_API_MESSAGE_ACTION_GROUP_CALL_DURATION_FLAG;
                a->duration = message->duration;
              }
            m->action = &a->parent;
            break;
          }
        case CVN_SANDBOX_ACTION_GROUP_CALL_SCHEDULED:
          {
            CvnTlApiMessageActionGroupCallScheduled *a =
              NEW (arena, CvnTlApiMessageActionGroupCallScheduled,
                   CVN_TL_API_MESSAGE_ACTION_GROUP_CALL_SCHEDULED_CTOR);
            a->call = input_call_of_message (arena, message);
            a->schedule_date = message->schedule_date;
            m->action = &a->parent;
            break;
          }
        case CVN_SANDBOX_ACTION_CONFERENCE_CALL:
          {
            CvnTlApiMessageActionConferenceCall *a =
              NEW (arena, CvnTlApiMessageActionConferenceCall,
                   CVN_TL_API_MESSAGE_ACTION_CONFERENCE_CALL_CTOR);
            a->call_id = message->call_id;
            a->missed = message->missed;
            a->active = message->active;
            a->video = message->video;
            if (message->duration > 0)
              {
                a->flags |= CVN_TL_API_MESSAGE_ACTION_CONFERENCE_CALL_DURATION_FLAG;
                a->duration = message->duration;
              }
            m->action = &a->parent;
            break;
          }
        case CVN_SANDBOX_ACTION_INVITE_TO_GROUP_CALL:
          {
            CvnTlApiMessageActionInviteToGroupCall *a =
              NEW (arena, CvnTlApiMessageActionInviteToGroupCall,
                   CVN_TL_API_MESSAGE_ACTION_INVITE_TO_GROUP_CALL_CTOR);
            guint n = message->users != NULL ? message->users->len : 0;

            a->call = input_call_of_message (arena, message);
            a->users = cvn_tl_vector_new (arena, CVN_TL_KIND_LONG, n);
            for (guint i = 0; i < n; i++)
              a->users->longs[i] = g_array_index (message->users, gint64, i);
            m->action = &a->parent;
            break;
          }
        case CVN_SANDBOX_ACTION_CHAT_CREATE:
        case CVN_SANDBOX_ACTION_NONE:
        default:
          {
            CvnTlApiMessageActionChannelCreate *a =
              NEW (arena, CvnTlApiMessageActionChannelCreate,
                   CVN_TL_API_MESSAGE_ACTION_CHANNEL_CREATE_CTOR);
            set_string (arena, &a->title, "");
            m->action = &a->parent;
            break;
          }
        }
      return &m->parent;
    }
}

void
cvn_sandbox_collect_peer (GHashTable           *user_ids,
                          GHashTable           *chat_ids,
                          const CvnSandboxPeer *peer)
{
  if (peer->type == CVN_SANDBOX_PEER_USER && user_ids != NULL)
    cvn_sandbox_id_set_add (user_ids, peer->id);
  else if (peer->type != CVN_SANDBOX_PEER_USER && peer->type != CVN_SANDBOX_PEER_NONE &&
           chat_ids != NULL)
    cvn_sandbox_id_set_add (chat_ids, peer->id);
}

static GList *
sorted_keys (GHashTable *set)
{
  return g_list_sort (g_hash_table_get_keys (set), (GCompareFunc) cvn_sandbox_id_compare);
}

/* Users and chats of the id sets, in id order (deterministic output). */
static void
fill_users_chats (CvnSandboxWorld *world,
                  CvnTlArena      *arena,
                  GHashTable      *user_ids,
                  GHashTable      *chat_ids,
                  gint64           viewer,
                  CvnTlVector    **users_out,
                  CvnTlVector    **chats_out)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new ();
  g_autoptr(GPtrArray) chats = g_ptr_array_new ();

  if (user_ids != NULL)
    {
      g_autoptr(GList) keys = sorted_keys (user_ids);

      for (GList *l = keys; l != NULL; l = l->next)
        {
          CvnSandboxUser *user = cvn_sandbox_world_get_user (world, *(gint64 *) l->data);
          if (user != NULL)
            g_ptr_array_add (users, cvn_sandbox_tl_user (world, arena, user, viewer));
        }
    }
  if (chat_ids != NULL)
    {
      g_autoptr(GList) keys = sorted_keys (chat_ids);

      for (GList *l = keys; l != NULL; l = l->next)
        {
          CvnSandboxChat *chat = cvn_sandbox_world_get_chat (world, *(gint64 *) l->data);
          if (chat != NULL)
            g_ptr_array_add (chats, cvn_sandbox_tl_chat (world, arena, chat, viewer));
        }
    }
  *users_out = cvn_sandbox_tl_objects (arena, users);
  *chats_out = cvn_sandbox_tl_objects (arena, chats);
}

void
cvn_sandbox_tl_users_chats (CvnSandboxWorld *world,
                            CvnTlArena      *arena,
                            GHashTable      *user_ids,
                            GHashTable      *chat_ids,
                            gint64           viewer,
                            CvnTlVector    **users,
                            CvnTlVector    **chats)
{
  fill_users_chats (world, arena, user_ids, chat_ids, viewer, users, chats);
}

CvnTlObject *
cvn_sandbox_tl_updates (CvnSandboxWorld *world,
                        CvnTlArena      *arena,
                        GPtrArray       *updates,
                        GHashTable      *user_ids,
                        GHashTable      *chat_ids,
                        gint64           viewer)
{
  CvnTlApiUpdates *u = NEW (arena, CvnTlApiUpdates, CVN_TL_API_UPDATES_CTOR);

  u->updates = cvn_sandbox_tl_objects (arena, updates);
  fill_users_chats (world, arena, user_ids, chat_ids, viewer, &u->users, &u->chats);
  u->date = cvn_sandbox_world_now (world);
  u->seq = 0;
  return &u->parent;
}
