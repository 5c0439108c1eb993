/* cvn-sandbox-calls.c: the group-call methods of the sandbox.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Versions: every change to a call bumps its version by exactly one and produces exactly one
 * update carrying it: updateGroupCall for changes of the call itself, or
 * updateGroupCallParticipants (versioned) for changes of participants.  Speaking (active_date)
 * is the only non-versioned participant update and keeps the version.  Recipients: the
 * members of the call's chat, plus whoever is in the call (conferences: only those in it).
 * Pushed copies are built per recipient: a participant's own entries carry `self`, everyone
 * else's carry `min` (they hold no personal fields).
 */
#include "config.h"

#include "cvn-sandbox-calls-private.h"
#include "cvn-sandbox-sfu.h"

#include "cvn-rtc-answer.h"

#include <json-glib/json-glib.h>
#include <string.h>

#define NEW(arena, T, CTOR) ((T *) cvn_tl_object_new ((arena), (CTOR)))
#define IS(obj, NAME) ((obj) != NULL && (obj)->ctor->id == CVN_TL_API_##NAME##_ID)

#define MIN_SCHEDULE_DELAY 10
#define MAX_SCHEDULE_DELAY (8 * 86400)
#define DEFAULT_LIMIT 20
#define MAX_LIMIT 500

/* --- helpers ---------------------------------------------------------------------- */

static gboolean
is_admin (CvnSandboxWorld *world,
          CvnSandboxCall  *call,
          gint64           user_id)
{
  CvnSandboxChat *chat;

  if (call->conference)
    return call->creator_id == user_id;
  chat = cvn_sandbox_world_get_chat (world, call->chat_id);
  return (cvn_sandbox_chat_get_rights (chat, user_id) & CVN_SANDBOX_RIGHT_MANAGE_CALL) != 0;
}

static gboolean
can_see_call (CvnSandboxWorld *world,
              CvnSandboxCall  *call,
              gint64           user_id)
{
  CvnSandboxChat *chat;

  if (call->conference)
    return TRUE; /* reachable by link */
  chat = cvn_sandbox_world_get_chat (world, call->chat_id);
  if (chat == NULL)
    return FALSE;
  return cvn_sandbox_chat_is_member (chat, user_id) || chat->username != NULL ||
         cvn_sandbox_call_find_user (call, user_id) != NULL;
}

gboolean
cvn_sandbox_resolve_call (CvnSandboxCtx     *ctx,
                          const CvnTlObject *input,
                          gboolean           allow_discarded,
                          CvnSandboxCall   **call_out,
                          GError           **error)
{
  CvnSandboxCall *call = NULL;

  if (IS (input, INPUT_GROUP_CALL))
    {
      const CvnTlApiInputGroupCall *in = (gconstpointer) input;

      call = cvn_sandbox_world_get_call (ctx->world, in->id);
      if (call != NULL && call->access_hash != in->access_hash)
        call = NULL;
    }
  else if (IS (input, INPUT_GROUP_CALL_SLUG))
    {
      const CvnTlApiInputGroupCallSlug *in = (gconstpointer) input;
      GHashTableIter iter;
      gpointer value;

      g_hash_table_iter_init (&iter, ctx->world->calls);
      while (in->slug.str != NULL && g_hash_table_iter_next (&iter, NULL, &value))
        {
          CvnSandboxCall *c = value;

          if (c->slug != NULL && strcmp (c->slug, in->slug.str) == 0)
            {
              call = c;
              break;
            }
        }
    }
  else if (IS (input, INPUT_GROUP_CALL_INVITE_MESSAGE))
    {
      const CvnTlApiInputGroupCallInviteMessage *in = (gconstpointer) input;

      for (guint i = 0; i < ctx->world->private_messages->len; i++)
        {
          CvnSandboxMessage *m = g_ptr_array_index (ctx->world->private_messages, i);

          if (m->box == ctx->user_id && m->id == in->msg_id &&
              m->action == CVN_SANDBOX_ACTION_CONFERENCE_CALL)
            {
              call = cvn_sandbox_world_get_call (ctx->world, m->call_id);
              break;
            }
        }
    }

  if (call == NULL)
    return cvn_sandbox_rpc_fail (error, 400, "GROUPCALL_INVALID");
  if (!can_see_call (ctx->world, call, ctx->user_id))
    return cvn_sandbox_rpc_fail (error, 403, "GROUPCALL_FORBIDDEN");
  if (call->discarded && !allow_discarded)
    return cvn_sandbox_rpc_fail (error, 403, "GROUPCALL_FORBIDDEN");
  *call_out = call;
  return TRUE;
}

static gint64
acting_user (CvnSandboxParticipant *participant)
{
  return participant->user_id != 0 ? participant->user_id : participant->peer.id;
}

/* Whether @user_id receives the call's updates: a member of its chat, someone in the call,
 * or (conferences) someone invited. */
static gboolean
is_recipient (CvnSandboxWorld *world,
              CvnSandboxCall  *call,
              gint64           user_id)
{
  CvnSandboxChat *chat = call->chat_id != 0 ? cvn_sandbox_world_get_chat (world, call->chat_id) : NULL;

  if (cvn_sandbox_chat_is_member (chat, user_id))
    return TRUE;
  for (guint k = 0; k < call->participants->len; k++)
    if (acting_user (g_ptr_array_index (call->participants, k)) == user_id)
      return TRUE;
  return call->conference && g_hash_table_contains (call->invited, &user_id);
}

/* Users with at least one open session who receive the call's updates. */
static GArray *
recipients_with_sessions (CvnSandboxWorld *world,
                          CvnSandboxCall  *call)
{
  g_autoptr(GHashTable) seen = cvn_sandbox_id_set_new ();
  GArray *users = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < world->sessions->len; i++)
    {
      gint64 user_id = cvn_sandbox_session_get_user_id (g_ptr_array_index (world->sessions, i));

      if (user_id == 0 || g_hash_table_contains (seen, &user_id))
        continue;
      cvn_sandbox_id_set_add (seen, user_id);
      if (is_recipient (world, call, user_id))
        g_array_append_val (users, user_id);
    }
  return users;
}

typedef CvnTlObject *(*BuildUpdates) (CvnSandboxWorld *world,
                                      CvnTlArena      *arena,
                                      CvnSandboxCall  *call,
                                      gint64           viewer,
                                      gpointer         data);

static CvnTlObject *build_call_updates (CvnSandboxWorld *world,
                                        CvnTlArena      *arena,
                                        CvnSandboxCall  *call,
                                        gint64           viewer,
                                        gpointer         data);
static CvnTlObject *build_participant_updates (CvnSandboxWorld *world,
                                               CvnTlArena      *arena,
                                               CvnSandboxCall  *call,
                                               gint64           viewer,
                                               gpointer         data);
static CvnTlObject *build_call_and_message (CvnSandboxWorld *world,
                                            CvnTlArena      *arena,
                                            CvnSandboxCall  *call,
                                            gint64           viewer,
                                            gpointer         data);

static void
push (CvnSandboxWorld   *world,
      CvnSandboxCall    *call,
      CvnSandboxSession *except,
      BuildUpdates       build,
      gpointer           data)
{
  g_autoptr(GArray) users = recipients_with_sessions (world, call);

  /* what updates.getDifference tells a session that missed it (in-call messages and
   * conference blocks do not change the call) */
  if (build == build_call_updates || build == build_participant_updates || build == build_call_and_message)
    call->changed_date = cvn_sandbox_world_now (world);

  for (guint i = 0; i < users->len; i++)
    {
      gint64 user_id = g_array_index (users, gint64, i);
      g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
      CvnTlObject *updates = build (world, arena, call, user_id, data);

      cvn_sandbox_world_push_to_user (world, user_id, updates, except);
    }
}

static CvnTlObject *
update_group_call (CvnSandboxWorld *world,
                   CvnTlArena      *arena,
                   CvnSandboxCall  *call,
                   gint64           viewer)
{
  CvnTlApiUpdateGroupCall *u = NEW (arena, CvnTlApiUpdateGroupCall, CVN_TL_API_UPDATE_GROUP_CALL_CTOR);
  CvnSandboxChat *chat = call->chat_id != 0 ? cvn_sandbox_world_get_chat (world, call->chat_id) : NULL;

  if (chat != NULL)
    {
      CvnSandboxPeer peer = { chat->kind == CVN_SANDBOX_CHAT_GROUP ? CVN_SANDBOX_PEER_CHAT
                                                                   : CVN_SANDBOX_PEER_CHANNEL,
                              chat->id };
      u->peer = cvn_sandbox_tl_peer (arena, &peer);
    }
  u->call = cvn_sandbox_tl_group_call (world, arena, call, viewer, FALSE);
  return &u->parent;
}

static CvnTlObject *
build_call_updates (CvnSandboxWorld *world,
                    CvnTlArena      *arena,
                    CvnSandboxCall  *call,
                    gint64           viewer,
                    gpointer         data)
{
  g_autoptr(GPtrArray) updates = g_ptr_array_new ();
  g_autoptr(GHashTable) chat_ids = cvn_sandbox_id_set_new ();

  (void) data;
  g_ptr_array_add (updates, update_group_call (world, arena, call, viewer));
  if (call->chat_id != 0)
    cvn_sandbox_id_set_add (chat_ids, call->chat_id);
  return cvn_sandbox_tl_updates (world, arena, updates, NULL, chat_ids, viewer);
}

/* The call changed: bump, push updateGroupCall to the others, return the caller's copy. */
CvnTlObject *
cvn_sandbox_call_changed (CvnSandboxWorld   *world,
                          CvnTlArena        *arena,
                          CvnSandboxCall    *call,
                          CvnSandboxSession *except,
                          gint64             viewer)
{
  if (!call->discarded)
    call->version++;
  push (world, call, except, build_call_updates, NULL);
  return build_call_updates (world, arena, call, viewer, NULL);
}

typedef struct
{
  GPtrArray *participants;   /* CvnSandboxParticipant* (may be freed ones: use snapshot) */
  gboolean   just_joined;
  gboolean   left;
  gboolean   versioned;
  GPtrArray *extra;          /* extra updates for the caller only (TL objects) */
} ParticipantsChange;

static CvnTlObject *
update_participants (CvnSandboxWorld    *world,
                     CvnTlArena         *arena,
                     CvnSandboxCall     *call,
                     gint64              viewer,
                     ParticipantsChange *change,
                     GHashTable         *user_ids,
                     GHashTable         *chat_ids)
{
  CvnTlApiUpdateGroupCallParticipants *u =
    NEW (arena, CvnTlApiUpdateGroupCallParticipants, CVN_TL_API_UPDATE_GROUP_CALL_PARTICIPANTS_CTOR);

  (void) world;
  u->call = cvn_sandbox_tl_input_call (arena, call);
  u->version = call->version;
  u->participants = cvn_tl_vector_new (arena, CVN_TL_KIND_OBJECT, change->participants->len);
  for (guint i = 0; i < change->participants->len; i++)
    {
      CvnSandboxParticipant *p = g_ptr_array_index (change->participants, i);
      gboolean mine = acting_user (p) == viewer;
      CvnTlApiGroupCallParticipant *tp =
        (gpointer) cvn_sandbox_tl_participant (arena, p, viewer, !mine);

      tp->just_joined = change->just_joined;
      tp->left = change->left;
      tp->versioned = change->versioned;
      u->participants->objects[i] = &tp->parent;
      cvn_sandbox_collect_peer (user_ids, chat_ids, &p->peer);
    }
  return &u->parent;
}

static CvnTlObject *
build_participant_updates (CvnSandboxWorld *world,
                           CvnTlArena      *arena,
                           CvnSandboxCall  *call,
                           gint64           viewer,
                           gpointer         data)
{
  ParticipantsChange *change = data;
  g_autoptr(GPtrArray) updates = g_ptr_array_new ();
  g_autoptr(GHashTable) user_ids = cvn_sandbox_id_set_new ();
  g_autoptr(GHashTable) chat_ids = cvn_sandbox_id_set_new ();

  g_ptr_array_add (updates, update_participants (world, arena, call, viewer, change, user_ids, chat_ids));
  return cvn_sandbox_tl_updates (world, arena, updates, user_ids, chat_ids, viewer);
}

/* Participants changed (already applied): bump if versioned, push, return the caller's copy
 * with @extra updates first. */
CvnTlObject *
cvn_sandbox_participants_changed (CvnSandboxWorld       *world,
                                  CvnTlArena            *arena,
                                  CvnSandboxCall        *call,
                                  CvnSandboxSession     *except,
                                  gint64                 viewer,
                                  CvnSandboxParticipant *participant,
                                  CvnSandboxChangeFlags  flags,
                                  GPtrArray             *extra)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GPtrArray) updates = g_ptr_array_new ();
  g_autoptr(GHashTable) user_ids = cvn_sandbox_id_set_new ();
  g_autoptr(GHashTable) chat_ids = cvn_sandbox_id_set_new ();
  ParticipantsChange change = { 0 };

  g_ptr_array_add (list, participant);
  change.participants = list;
  change.just_joined = (flags & CVN_SANDBOX_CHANGE_JUST_JOINED) != 0;
  change.left = (flags & CVN_SANDBOX_CHANGE_LEFT) != 0;
  change.versioned = (flags & CVN_SANDBOX_CHANGE_UNVERSIONED) == 0;
  if (change.versioned)
    call->version++;
  push (world, call, except, build_participant_updates, &change);
  if (change.left)
    {
      /* someone who left (or was removed from) a call their chat does not tell them about,
       * a conference, still hears of it on their other sessions */
      g_autoptr(GArray) told = recipients_with_sessions (world, call);
      gint64 gone = acting_user (participant);
      gboolean found = FALSE;

      for (guint i = 0; i < told->len && !found; i++)
        found = g_array_index (told, gint64, i) == gone;
      if (!found && !participant->simulated)
        {
          g_autoptr(CvnTlArena) own = cvn_tl_arena_new ();

          cvn_sandbox_world_push_to_user (world, gone,
                                          build_participant_updates (world, own, call, gone, &change), except);
        }
    }
  if (arena == NULL)
    return NULL;
  if (extra != NULL)
    g_ptr_array_extend (updates, extra, NULL, NULL);
  g_ptr_array_add (updates, update_participants (world, arena, call, viewer, &change, user_ids, chat_ids));
  return cvn_sandbox_tl_updates (world, arena, updates, user_ids, chat_ids, viewer);
}

static CvnTlObject *
empty_updates (CvnSandboxWorld *world,
               CvnTlArena      *arena,
               gint64           viewer)
{
  return cvn_sandbox_tl_updates (world, arena, NULL, NULL, NULL, viewer);
}

static CvnTlObject *
new_message_update (CvnSandboxWorld   *world,
                    CvnTlArena        *arena,
                    CvnSandboxChat    *chat,
                    CvnSandboxMessage *message,
                    gint64             viewer)
{
  CvnTlApiUpdateNewMessage *u;

  if (chat != NULL && chat->kind != CVN_SANDBOX_CHAT_GROUP)
    {
      CvnTlApiUpdateNewChannelMessage *c = NEW (arena, CvnTlApiUpdateNewChannelMessage,
                                                CVN_TL_API_UPDATE_NEW_CHANNEL_MESSAGE_CTOR);
      c->message = cvn_sandbox_tl_message (world, arena, message, viewer);
      c->pts = chat->pts;
      c->pts_count = 1;
      return &c->parent;
    }
  u = NEW (arena, CvnTlApiUpdateNewMessage, CVN_TL_API_UPDATE_NEW_MESSAGE_CTOR);
  u->message = cvn_sandbox_tl_message (world, arena, message, viewer);
  {
    CvnSandboxUser *user = cvn_sandbox_world_get_user (world, viewer);
    u->pts = user != NULL ? user->pts : 0;
  }
  u->pts_count = 1;
  return &u->parent;
}

typedef struct
{
  CvnSandboxChat    *chat;
  CvnSandboxMessage *message;
} ServiceData;

static CvnTlObject *
build_call_and_message (CvnSandboxWorld *world,
                        CvnTlArena      *arena,
                        CvnSandboxCall  *call,
                        gint64           viewer,
                        gpointer         data)
{
  ServiceData *service = data;
  g_autoptr(GPtrArray) updates = g_ptr_array_new ();
  g_autoptr(GHashTable) user_ids = cvn_sandbox_id_set_new ();
  g_autoptr(GHashTable) chat_ids = cvn_sandbox_id_set_new ();

  g_ptr_array_add (updates, update_group_call (world, arena, call, viewer));
  if (service->message != NULL)
    {
      g_ptr_array_add (updates, new_message_update (world, arena, service->chat, service->message, viewer));
      cvn_sandbox_collect_peer (user_ids, chat_ids, &service->message->from);
    }
  if (service->chat != NULL)
    cvn_sandbox_id_set_add (chat_ids, service->chat->id);
  return cvn_sandbox_tl_updates (world, arena, updates, user_ids, chat_ids, viewer);
}

static CvnTlObject *build_private_message (CvnSandboxWorld *world,
                                          CvnTlArena      *arena,
                                          CvnSandboxCall  *call,
                                          gint64           viewer,
                                          gpointer         data);

/* --- JSON join payloads and the SFU's answer ---------------------------------------------- */

typedef struct
{
  guint32      ssrc;
  CvnRtcSetup  setup;    /* the client's DTLS role */
  GPtrArray   *groups;   /* CvnSandboxSourceGroup-like: semantics + sources */
} JoinPayload;

static void
join_payload_clear (JoinPayload *payload)
{
  g_clear_pointer (&payload->groups, g_ptr_array_unref);
}

static void
group_free (gpointer data)
{
  CvnSandboxSourceGroup *group = data;

  g_free (group->semantics);
  g_array_unref (group->sources);
  g_free (group);
}

static gboolean
json_int32 (JsonNode *node,
            gint64   *value)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return *value >= G_MININT32 && *value <= G_MAXUINT32;
}

static gboolean
json_nonempty_string (JsonObject *object,
                      const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING &&
         json_node_get_string (node)[0] != '\0';
}

/* The join payload of research/media-protocol.md §1: ssrc, ufrag, pwd, fingerprints and
 * optional ssrc-groups. */
static gboolean
parse_join_payload (const CvnTlObject *params,
                    JoinPayload       *payload,
                    GError           **error)
{
  const CvnTlApiDataJSON *data = (gconstpointer) params;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonNode *node;
  JsonArray *fingerprints;
  gint64 ssrc;

  memset (payload, 0, sizeof *payload);
  if (!IS (params, DATA_JSON) || data->data.str == NULL ||
      !json_parser_load_from_data (parser, data->data.str, data->data.len, NULL) ||
      json_parser_get_root (parser) == NULL ||
      !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return cvn_sandbox_rpc_fail (error, 400, "DATA_JSON_INVALID");
  root = json_node_get_object (json_parser_get_root (parser));
  if (!json_int32 (json_object_get_member (root, "ssrc"), &ssrc) || (guint32) ssrc == 0 ||
      !json_nonempty_string (root, "ufrag") || !json_nonempty_string (root, "pwd"))
    return cvn_sandbox_rpc_fail (error, 400, "DATA_JSON_INVALID");
  node = json_object_get_member (root, "fingerprints");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return cvn_sandbox_rpc_fail (error, 400, "DATA_JSON_INVALID");
  fingerprints = json_node_get_array (node);
  if (json_array_get_length (fingerprints) == 0)
    return cvn_sandbox_rpc_fail (error, 400, "DATA_JSON_INVALID");
  for (guint i = 0; i < json_array_get_length (fingerprints); i++)
    {
      JsonNode *f = json_array_get_element (fingerprints, i);

      if (!JSON_NODE_HOLDS_OBJECT (f) ||
          !json_nonempty_string (json_node_get_object (f), "hash") ||
          !json_nonempty_string (json_node_get_object (f), "fingerprint"))
        return cvn_sandbox_rpc_fail (error, 400, "DATA_JSON_INVALID");
    }
  /* setup: optional; "active" unless the first fingerprint says otherwise */
  payload->setup = CVN_RTC_SETUP_ACTIVE;
  {
    JsonObject *first = json_node_get_object (json_array_get_element (fingerprints, 0));

    if (json_object_has_member (first, "setup") &&
        (!json_nonempty_string (first, "setup") ||
         !cvn_rtc_setup_from_string (json_object_get_string_member (first, "setup"), &payload->setup)))
      return cvn_sandbox_rpc_fail (error, 400, "DATA_JSON_INVALID");
  }
  payload->ssrc = (guint32) ssrc;
  payload->groups = g_ptr_array_new_with_free_func (group_free);
  node = json_object_get_member (root, "ssrc-groups");
  if (node != NULL && !JSON_NODE_HOLDS_NULL (node))
    {
      JsonArray *groups;

      if (!JSON_NODE_HOLDS_ARRAY (node))
        {
          join_payload_clear (payload);
          return cvn_sandbox_rpc_fail (error, 400, "DATA_JSON_INVALID");
        }
      groups = json_node_get_array (node);
      for (guint i = 0; i < json_array_get_length (groups); i++)
        {
          JsonNode *g = json_array_get_element (groups, i);
          JsonObject *go;
          JsonNode *sources;
          CvnSandboxSourceGroup *group;

          if (!JSON_NODE_HOLDS_OBJECT (g) ||
              !json_nonempty_string ((go = json_node_get_object (g)), "semantics") ||
              (sources = json_object_get_member (go, "sources")) == NULL ||
              !JSON_NODE_HOLDS_ARRAY (sources) ||
              json_array_get_length (json_node_get_array (sources)) == 0 ||
              json_array_get_length (json_node_get_array (sources)) > 16)
            {
              join_payload_clear (payload);
              return cvn_sandbox_rpc_fail (error, 400, "DATA_JSON_INVALID");
            }
          group = g_new0 (CvnSandboxSourceGroup, 1);
          group->semantics = g_strdup (json_object_get_string_member (go, "semantics"));
          group->sources = g_array_new (FALSE, FALSE, sizeof (guint32));
          g_ptr_array_add (payload->groups, group);
          for (guint k = 0; k < json_array_get_length (json_node_get_array (sources)); k++)
            {
              gint64 source;
              guint32 s;

              if (!json_int32 (json_array_get_element (json_node_get_array (sources), k), &source) ||
                  (guint32) source == 0)
                {
                  join_payload_clear (payload);
                  return cvn_sandbox_rpc_fail (error, 400, "DATA_JSON_INVALID");
                }
              s = (guint32) source;
              g_array_append_val (group->sources, s);
            }
        }
      if (payload->groups->len > 8)
        {
          join_payload_clear (payload);
          return cvn_sandbox_rpc_fail (error, 400, "DATA_JSON_INVALID");
        }
    }
  return TRUE;
}

/* Is any source of @payload used by a participant other than @self? */
static gboolean
payload_conflicts (CvnSandboxCall        *call,
                   JoinPayload           *payload,
                   CvnSandboxParticipant *self)
{
  CvnSandboxParticipant *owner = g_hash_table_lookup (call->by_source, GUINT_TO_POINTER (payload->ssrc));

  if (owner != NULL && owner != self)
    return TRUE;
  for (guint i = 0; i < call->participants->len; i++)
    {
      CvnSandboxParticipant *p = g_ptr_array_index (call->participants, i);
      CvnSandboxVideo *videos[] = { p->camera, p->video, p->presentation };

      if (p == self)
        continue;
      if (p->presentation != NULL && p->presentation->audio_source == payload->ssrc)
        return TRUE;
      for (guint v = 0; v < G_N_ELEMENTS (videos); v++)
        for (guint g = 0; videos[v] != NULL && g < videos[v]->groups->len; g++)
          {
            CvnSandboxSourceGroup *group = g_ptr_array_index (videos[v]->groups, g);

            for (guint k = 0; k < group->sources->len; k++)
              {
                guint32 s = g_array_index (group->sources, guint32, k);

                if (s == payload->ssrc)
                  return TRUE;
                for (guint pg = 0; pg < payload->groups->len; pg++)
                  {
                    CvnSandboxSourceGroup *mine = g_ptr_array_index (payload->groups, pg);

                    for (guint m = 0; m < mine->sources->len; m++)
                      if (g_array_index (mine->sources, guint32, m) == s)
                        return TRUE;
                  }
              }
          }
      for (guint pg = 0; pg < payload->groups->len; pg++)
        {
          CvnSandboxSourceGroup *mine = g_ptr_array_index (payload->groups, pg);

          for (guint m = 0; m < mine->sources->len; m++)
            if (g_array_index (mine->sources, guint32, m) == p->source)
              return TRUE;
        }
    }
  return FALSE;
}

static CvnSandboxVideo *
video_from_payload (CvnSandboxWorld *world,
                    JoinPayload     *payload)
{
  CvnSandboxVideo *video;

  if (payload->groups == NULL || payload->groups->len == 0)
    return NULL;
  video = g_new0 (CvnSandboxVideo, 1);
  video->endpoint = g_strdup_printf ("%08x", g_rand_int (world->rand));
  video->groups = g_steal_pointer (&payload->groups);
  payload->groups = g_ptr_array_new_with_free_func (group_free);
  return video;
}

/* The SFU's answer (research/media-protocol.md §2), built by the rtc layer's SFU side: with
 * the SFU started, its transport for @user_id's connection (made by sfu_connect ()); without
 * it, a loopback host candidate where nothing listens and a fingerprint drawn from the seed,
 * so a client can parse it but not connect. */
static char *
sfu_answer (CvnSandboxWorld *world,
            CvnSandboxCall  *call,
            gboolean         stream,
            const char      *endpoint,
            gboolean         presentation,
            CvnRtcSetup      client_setup,
            gint64           user_id)
{
  g_autoptr(CvnRtcAnswer) answer = NULL;
  g_autoptr(GPtrArray) candidates = NULL;
  g_autofree char *ufrag = NULL;
  g_autofree char *pwd = NULL;
  g_autofree char *own_endpoint = NULL;
  GString *fp;

  if (call->rtmp_stream || stream)
    {
      answer = cvn_rtc_answer_new_stream (call->rtmp_stream);
      return cvn_rtc_answer_to_json (answer);
    }
  if (world->sfu != NULL)
    {
      char *json;

      if (endpoint == NULL)
        endpoint = own_endpoint = g_strdup_printf ("%08x", g_rand_int (world->rand));
      json = cvn_sandbox_sfu_create_answer (world->sfu, call->id, user_id, presentation, endpoint);
      if (json != NULL)
        return json;
    }
  ufrag = cvn_sandbox_world_random_token (world, 14);
  pwd = cvn_sandbox_world_random_token (world, 26);
  fp = g_string_new (NULL);
  for (guint i = 0; i < 32; i++)
    g_string_append_printf (fp, "%s%02X", i ? ":" : "", g_rand_int_range (world->rand, 0, 256));
  candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rtc_candidate_free);
  g_ptr_array_add (candidates, cvn_rtc_candidate_new ("1", 2130706431u, "127.0.0.1", 32001));
  if (endpoint == NULL)
    endpoint = own_endpoint = g_strdup_printf ("%08x", g_rand_int (world->rand));
  answer = cvn_rtc_answer_new_sfu (ufrag, pwd, fp->str, cvn_rtc_setup_complement (client_setup),
                                   candidates, endpoint);
  g_string_free (fp, TRUE);
  if (presentation)
    g_clear_pointer (&answer->audio, cvn_rtc_media_description_free);
  return cvn_rtc_answer_to_json (answer);
}

/* With the SFU started: a transport for @user_id's connection to @call (none for a stream
 * answer, which drops the previous one). Errors are the request's. */
static gboolean
sfu_connect (CvnSandboxWorld   *world,
             CvnSandboxCall    *call,
             gint64             user_id,
             gboolean           presentation,
             gboolean           stream,
             const CvnTlObject *params,
             GError           **error)
{
  const CvnTlApiDataJSON *data = (gconstpointer) params;

  if (world->sfu == NULL)
    return TRUE;
  if (stream)
    {
      cvn_sandbox_sfu_disconnect (world->sfu, call->id, user_id, presentation);
      return TRUE;
    }
  return cvn_sandbox_sfu_connect (world->sfu, call->id, user_id, presentation,
                                  data->data.str, data->data.len, error);
}

static CvnTlObject *
connection_update (CvnTlArena *arena,
                   const char *json,
                   gboolean    presentation)
{
  CvnTlApiUpdateGroupCallConnection *u = NEW (arena, CvnTlApiUpdateGroupCallConnection,
                                              CVN_TL_API_UPDATE_GROUP_CALL_CONNECTION_CTOR);
  CvnTlApiDataJSON *data = NEW (arena, CvnTlApiDataJSON, CVN_TL_API_DATA_JSON_CTOR);

  cvn_tl_string_set (arena, &data->data, json);
  u->presentation = presentation;
  u->params = &data->parent;
  return &u->parent;
}

/* --- join_as ------------------------------------------------------------------------ */

static gboolean
resolve_join_as (CvnSandboxCtx     *ctx,
                 CvnSandboxCall    *call,
                 const CvnTlObject *input,
                 CvnSandboxPeer    *peer,
                 GError           **error)
{
  if (!cvn_sandbox_resolve_input_peer (ctx, input, peer, NULL))
    return cvn_sandbox_rpc_fail (error, 400, "JOIN_AS_PEER_INVALID");
  if (peer->type == CVN_SANDBOX_PEER_USER && peer->id == ctx->user_id)
    return TRUE;
  if (call != NULL && call->conference)
    return cvn_sandbox_rpc_fail (error, 400, "JOIN_AS_PEER_INVALID");
  if (peer->type == CVN_SANDBOX_PEER_CHANNEL)
    {
      CvnSandboxChat *chat = cvn_sandbox_world_get_chat (ctx->world, peer->id);

      if (chat != NULL && chat->kind != CVN_SANDBOX_CHAT_GROUP &&
          (chat->creator_id == ctx->user_id ||
           (cvn_sandbox_chat_get_rights (chat, ctx->user_id) & CVN_SANDBOX_RIGHT_MANAGE_CALL) != 0))
        return TRUE;
    }
  return cvn_sandbox_rpc_fail (error, 400, "JOIN_AS_PEER_INVALID");
}

/* --- methods --------------------------------------------------------------------------- */

static gboolean
resolve_chat_peer (CvnSandboxCtx     *ctx,
                   const CvnTlObject *input,
                   CvnSandboxChat   **chat_out,
                   GError           **error)
{
  CvnSandboxPeer peer;
  CvnSandboxChat *chat;

  if (!cvn_sandbox_resolve_input_peer (ctx, input, &peer, NULL) ||
      (peer.type != CVN_SANDBOX_PEER_CHAT && peer.type != CVN_SANDBOX_PEER_CHANNEL))
    return cvn_sandbox_rpc_fail (error, 400, "PEER_ID_INVALID");
  chat = cvn_sandbox_world_get_chat (ctx->world, peer.id);
  if (chat == NULL)
    return cvn_sandbox_rpc_fail (error, 400, "PEER_ID_INVALID");
  if (!cvn_sandbox_chat_is_member (chat, ctx->user_id))
    return cvn_sandbox_rpc_fail (error, 400, chat->kind == CVN_SANDBOX_CHAT_GROUP ? "PEER_ID_INVALID"
                                                                                  : "CHANNEL_PRIVATE");
  *chat_out = chat;
  return TRUE;
}

static void
discard_call (CvnSandboxCtx  *ctx,
              CvnSandboxCall *call)
{
  CvnSandboxChat *chat = call->chat_id != 0 ? cvn_sandbox_world_get_chat (ctx->world, call->chat_id) : NULL;
  ServiceData service = { chat, NULL };
  g_autoptr(GArray) recipients = recipients_with_sessions (ctx->world, call);

  call->discarded = TRUE;
  call->changed_date = cvn_sandbox_world_now (ctx->world);
  if (ctx->world->sfu != NULL)
    cvn_sandbox_sfu_end_call (ctx->world->sfu, call->id);
  call->duration = call->schedule_date == 0 ? MAX (0, cvn_sandbox_world_now (ctx->world) - call->start_date) : 0;
  if (chat != NULL)
    {
      if (chat->call_id == call->id)
        chat->call_id = 0;
      service.message = cvn_sandbox_world_post_service (ctx->world, chat, ctx->user_id,
                                                        CVN_SANDBOX_ACTION_GROUP_CALL, call);
      /* messageActionGroupCall carries the duration of the ended call, at least 1 */
    }
  /* everyone who knew the call, participants included, hears it ended */
  for (guint i = 0; i < recipients->len; i++)
    {
      gint64 user_id = g_array_index (recipients, gint64, i);
      g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();

      cvn_sandbox_world_push_to_user (ctx->world, user_id,
                                      build_call_and_message (ctx->world, arena, call, user_id, &service),
                                      ctx->session);
    }
  g_hash_table_remove_all (call->by_source);
  g_ptr_array_set_size (call->participants, 0);
}

static gboolean
create_group_call (CvnSandboxCtx                      *ctx,
                   const CvnTlApiPhoneCreateGroupCall *req,
                   CvnTlValue                         *result,
                   GError                            **error)
{
  CvnSandboxChat *chat;
  CvnSandboxCall *call, *old;
  g_autofree char *key = NULL;
  gint64 *existing;
  gint32 now = cvn_sandbox_world_now (ctx->world);
  ServiceData service;

  if (!resolve_chat_peer (ctx, req->peer, &chat, error))
    return FALSE;
  if ((cvn_sandbox_chat_get_rights (chat, ctx->user_id) & CVN_SANDBOX_RIGHT_MANAGE_CALL) == 0)
    return cvn_sandbox_rpc_fail (error, 400, "CHAT_ADMIN_REQUIRED");
  if (req->rtmp_stream && chat->creator_id != ctx->user_id)
    return cvn_sandbox_rpc_fail (error, 400, "CHAT_ADMIN_REQUIRED");
  if ((req->flags & CVN_TL_API_PHONE_CREATE_GROUP_CALL_SCHEDULE_DATE_FLAG) != 0 &&
      ((gint64) req->schedule_date < (gint64) now + MIN_SCHEDULE_DELAY ||
       (gint64) req->schedule_date > (gint64) now + MAX_SCHEDULE_DELAY))
    return cvn_sandbox_rpc_fail (error, 400, "SCHEDULE_DATE_INVALID");

  key = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT ":%d", ctx->user_id, chat->id, req->random_id);
  existing = g_hash_table_lookup (ctx->world->random_ids, key);
  if (existing != NULL && (call = cvn_sandbox_world_get_call (ctx->world, *existing)) != NULL)
    {
      /* the same request again: the same call, nothing new */
      service.chat = chat;
      service.message = NULL;
      result->kind = CVN_TL_KIND_OBJECT;
      result->object = build_call_and_message (ctx->world, ctx->arena, call, ctx->user_id, &service);
      return TRUE;
    }

  old = chat->call_id != 0 ? cvn_sandbox_world_get_call (ctx->world, chat->call_id) : NULL;
  if (old != NULL && !old->discarded)
    discard_call (ctx, old);

  call = cvn_sandbox_world_add_call (ctx->world, chat, ctx->user_id);
  call->random_id = req->random_id;
  call->rtmp_stream = req->rtmp_stream;
  call->join_muted = chat->kind == CVN_SANDBOX_CHAT_CHANNEL;
  if (req->title.str != NULL && req->title.str[0] != '\0')
    call->title = g_utf8_make_valid (req->title.str, MIN (req->title.len, 128));
  if ((req->flags & CVN_TL_API_PHONE_CREATE_GROUP_CALL_SCHEDULE_DATE_FLAG) != 0)
    {
      call->schedule_date = req->schedule_date;
      call->start_date = 0;
    }
  g_hash_table_insert (ctx->world->random_ids, g_steal_pointer (&key), g_memdup2 (&call->id, sizeof call->id));

  service.chat = chat;
  service.message = cvn_sandbox_world_post_service (ctx->world, chat, ctx->user_id,
                                                    call->schedule_date != 0
                                                      ? CVN_SANDBOX_ACTION_GROUP_CALL_SCHEDULED
                                                      : CVN_SANDBOX_ACTION_GROUP_CALL,
                                                    call);
  push (ctx->world, call, ctx->session, build_call_and_message, &service);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = build_call_and_message (ctx->world, ctx->arena, call, ctx->user_id, &service);
  return TRUE;
}

/* The seeds: subscribers hear of the start in an updateNewMessage from the service
 * notifications user (777000). */
static void
notify_subscribers (CvnSandboxCtx  *ctx,
                    CvnSandboxCall *call,
                    CvnSandboxChat *chat)
{
  g_autoptr(GList) users = g_list_sort (g_hash_table_get_keys (call->subscribed), (GCompareFunc) cvn_sandbox_id_compare);

  if (users != NULL && cvn_sandbox_world_get_user (ctx->world, CVN_SANDBOX_SERVICE_USER_ID) == NULL)
    cvn_sandbox_world_add_user (ctx->world, CVN_SANDBOX_SERVICE_USER_ID, NULL, "Telegram", NULL, NULL);
  for (GList *l = users; l != NULL; l = l->next)
    {
      gint64 user_id = *(gint64 *) l->data;
      g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
      CvnSandboxMessage *m = cvn_sandbox_world_post_private (ctx->world, user_id, CVN_SANDBOX_SERVICE_USER_ID,
                                                             user_id, CVN_SANDBOX_ACTION_NONE, NULL, FALSE);

      m->text = g_strdup_printf ("The video chat \"%s\" has started.",
                                 call->title != NULL ? call->title : chat != NULL ? chat->title : "");
      cvn_sandbox_world_push_to_user (ctx->world, user_id,
                                      build_private_message (ctx->world, arena, call, user_id, m), NULL);
    }
}

static gboolean
start_scheduled (CvnSandboxCtx                             *ctx,
                 const CvnTlApiPhoneStartScheduledGroupCall *req,
                 CvnTlValue                                 *result,
                 GError                                    **error)
{
  CvnSandboxCall *call;
  CvnSandboxChat *chat;
  ServiceData service;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  if (call->schedule_date == 0)
    return cvn_sandbox_rpc_fail (error, 403, "GROUPCALL_ALREADY_STARTED");
  if (!is_admin (ctx->world, call, ctx->user_id))
    return cvn_sandbox_rpc_fail (error, 400, "CHAT_ADMIN_REQUIRED");
  chat = cvn_sandbox_world_get_chat (ctx->world, call->chat_id);
  call->schedule_date = 0;
  call->start_date = cvn_sandbox_world_now (ctx->world);
  call->version++;
  service.chat = chat;
  service.message = chat != NULL ? cvn_sandbox_world_post_service (ctx->world, chat, ctx->user_id,
                                                                   CVN_SANDBOX_ACTION_GROUP_CALL, call)
                                 : NULL;
  push (ctx->world, call, ctx->session, build_call_and_message, &service);
  notify_subscribers (ctx, call, chat);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = build_call_and_message (ctx->world, ctx->arena, call, ctx->user_id, &service);
  return TRUE;
}

static gboolean
toggle_start_subscription (CvnSandboxCtx                                   *ctx,
                           const CvnTlApiPhoneToggleGroupCallStartSubscription *req,
                           CvnTlValue                                      *result,
                           GError                                         **error)
{
  CvnSandboxCall *call;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  if (call->schedule_date == 0)
    return cvn_sandbox_rpc_fail (error, 403, "GROUPCALL_ALREADY_STARTED");
  if (req->subscribed)
    cvn_sandbox_id_set_add (call->subscribed, ctx->user_id);
  else
    g_hash_table_remove (call->subscribed, &ctx->user_id);
  /* schedule_start_subscribed is the viewer's own flag: nothing about the call changes for
   * anyone else.  The method page (core.telegram.org/method/phone.toggleGroupCallStartSubscription:
   * "Subscribe or unsubscribe to a scheduled group call", result Updates, errors
   * GROUPCALL_ALREADY_STARTED and GROUPCALL_INVALID) and the seeds (the start is told to
   * subscribers by 777000) name no fan-out, so the caller's result carries updateGroupCall with
   * the flag at the same version, and no one else is told. */
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = build_call_updates (ctx->world, ctx->arena, call, ctx->user_id, NULL);
  return TRUE;
}

CvnSandboxParticipant *
cvn_sandbox_participant_new (CvnSandboxWorld      *world,
                             const CvnSandboxPeer *peer,
                             gint64                user_id)
{
  CvnSandboxParticipant *p = g_new0 (CvnSandboxParticipant, 1);

  p->peer = *peer;
  p->user_id = user_id;
  p->date = cvn_sandbox_world_now (world);
  return p;
}

/* Joins (or rejoins) @peer acting for @user_id; returns the participant. */
static gboolean
do_join (CvnSandboxCtx          *ctx,
         CvnSandboxCall         *call,
         const CvnTlObject      *join_as,
         const CvnTlObject      *params,
         gboolean                muted,
         gboolean                video_stopped,
         const CvnTlString      *invite_hash,
         const CvnTlBytes       *block,
         CvnTlValue             *result,
         GError                **error)
{
  CvnSandboxPeer peer;
  JoinPayload payload;
  CvnSandboxParticipant *p, *other;
  CvnSandboxChat *chat = call->chat_id != 0 ? cvn_sandbox_world_get_chat (ctx->world, call->chat_id) : NULL;
  gboolean admin = is_admin (ctx->world, call, ctx->user_id);
  gboolean speaker_link = FALSE, listener_only, is_new;
  CvnRtcSetup payload_setup;
  g_autofree char *answer = NULL;
  g_autoptr(GPtrArray) extra = g_ptr_array_new ();

  if (call->schedule_date != 0)
    return cvn_sandbox_rpc_fail (error, 400, "GROUPCALL_INVALID");
  if (!resolve_join_as (ctx, call, join_as, &peer, error))
    return FALSE;
  if (invite_hash != NULL && invite_hash->str != NULL)
    {
      if (call->conference)
        return cvn_sandbox_rpc_fail (error, 400, "INVITE_HASH_INVALID");
      if (g_strcmp0 (invite_hash->str, call->speaker_hash) == 0)
        speaker_link = TRUE;
      else if (g_strcmp0 (invite_hash->str, call->listener_hash) != 0)
        return cvn_sandbox_rpc_fail (error, 400, "INVITE_HASH_INVALID");
    }
  else if (chat != NULL && !cvn_sandbox_chat_is_member (chat, ctx->user_id) && chat->username == NULL)
    return cvn_sandbox_rpc_fail (error, 403, "CHAT_WRITE_FORBIDDEN");
  if (!parse_join_payload (params, &payload, error))
    return FALSE;

  payload_setup = payload.setup;
  p = cvn_sandbox_call_find (call, &peer);
  if (payload_conflicts (call, &payload, p))
    {
      join_payload_clear (&payload);
      return cvn_sandbox_rpc_fail (error, 400, "GROUPCALL_SSRC_DUPLICATE_MUCH");
    }
  /* stream answers (below) need no transport */
  if (!sfu_connect (ctx->world, call, ctx->user_id, FALSE,
                    call->rtmp_stream ||
                    (!admin && !speaker_link && chat != NULL && chat->kind == CVN_SANDBOX_CHAT_CHANNEL),
                    params, error))
    {
      join_payload_clear (&payload);
      return FALSE;
    }

  /* one connection per user: joining as another peer replaces the previous one */
  other = NULL;
  for (guint i = 0; i < call->participants->len; i++)
    {
      CvnSandboxParticipant *o = g_ptr_array_index (call->participants, i);

      if (o != p && !o->simulated && acting_user (o) == ctx->user_id)
        {
          other = o;
          break;
        }
    }
  if (other != NULL)
    {
      cvn_sandbox_call_remove_participant (call, other);
      other->muted = TRUE;
      cvn_sandbox_participants_changed (ctx->world, NULL, call, NULL, ctx->user_id, other,
                                        CVN_SANDBOX_CHANGE_LEFT, NULL);
      cvn_sandbox_participant_free (other);
    }

  is_new = p == NULL;
  if (is_new)
    p = cvn_sandbox_participant_new (ctx->world, &peer, ctx->user_id);
  else if (p->source != 0)
    g_hash_table_remove (call->by_source, GUINT_TO_POINTER (p->source));

  listener_only = !admin && !speaker_link &&
                  (call->rtmp_stream || call->join_muted ||
                   (chat != NULL && chat->kind == CVN_SANDBOX_CHAT_CHANNEL));
  p->source = payload.ssrc;
  p->simulated = FALSE;   /* a real connection now, even where a scripted one was */
  p->muted = muted || listener_only;
  p->can_self_unmute = !listener_only;
  p->date = cvn_sandbox_world_now (ctx->world);
  p->active_date = p->date;
  g_clear_pointer (&p->camera, cvn_sandbox_video_free);
  g_clear_pointer (&p->video, cvn_sandbox_video_free);
  p->camera = video_from_payload (ctx->world, &payload);
  p->video_joined = p->camera != NULL && !video_stopped;
  if (p->camera != NULL && !video_stopped)
    {
      p->video = g_new0 (CvnSandboxVideo, 1);
      p->video->endpoint = g_strdup (p->camera->endpoint);
      p->video->groups = g_ptr_array_ref (p->camera->groups);
    }
  join_payload_clear (&payload);
  if (is_new)
    cvn_sandbox_call_add_participant (call, p);
  else
    g_hash_table_replace (call->by_source, GUINT_TO_POINTER (p->source), p);

  if (call->conference && block != NULL && block->data != NULL)
    g_ptr_array_add (call->blocks[0], g_bytes_new (block->data, block->len));
  if (call->conference)
    cvn_sandbox_id_set_add (call->invited, ctx->user_id);

  answer = sfu_answer (ctx->world, call,
                       listener_only && chat != NULL && chat->kind == CVN_SANDBOX_CHAT_CHANNEL,
                       p->camera != NULL ? p->camera->endpoint : NULL, FALSE, payload_setup,
                       ctx->user_id);
  g_ptr_array_add (extra, connection_update (ctx->arena, answer, FALSE));
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = cvn_sandbox_participants_changed (ctx->world, ctx->arena, call, ctx->session,
                                                     ctx->user_id, p,
                                                     is_new ? CVN_SANDBOX_CHANGE_JUST_JOINED : 0,
                                                     extra);
  return TRUE;
}

static gboolean
join_group_call (CvnSandboxCtx                    *ctx,
                 const CvnTlApiPhoneJoinGroupCall *req,
                 CvnTlValue                       *result,
                 GError                          **error)
{
  CvnSandboxCall *call;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  return do_join (ctx, call, req->join_as, req->params, req->muted, req->video_stopped,
                  (req->flags & CVN_TL_API_PHONE_JOIN_GROUP_CALL_INVITE_HASH_FLAG) != 0 ||
                  req->invite_hash.str != NULL ? &req->invite_hash : NULL,
                  &req->block, result, error);
}

static CvnSandboxParticipant *
find_own_participant (CvnSandboxCall *call,
                      gint64          user_id)
{
  for (guint i = 0; i < call->participants->len; i++)
    {
      CvnSandboxParticipant *p = g_ptr_array_index (call->participants, i);

      if (!p->simulated && acting_user (p) == user_id)
        return p;
    }
  return NULL;
}

CvnTlObject *
cvn_sandbox_call_leave (CvnSandboxWorld       *world,
                        CvnTlArena            *arena,
                        CvnSandboxCall        *call,
                        CvnSandboxSession     *except,
                        gint64                 viewer,
                        CvnSandboxParticipant *p)
{
  CvnTlObject *updates;

  if (world->sfu != NULL && !p->simulated)
    {
      cvn_sandbox_sfu_disconnect (world->sfu, call->id, acting_user (p), FALSE);
      cvn_sandbox_sfu_disconnect (world->sfu, call->id, acting_user (p), TRUE);
    }
  cvn_sandbox_call_remove_participant (call, p);
  p->muted = TRUE;
  updates = cvn_sandbox_participants_changed (world, arena, call, except, viewer, p,
                                              CVN_SANDBOX_CHANGE_LEFT, NULL);
  cvn_sandbox_participant_free (p);
  return updates;
}

static gboolean
leave_group_call (CvnSandboxCtx                     *ctx,
                  const CvnTlApiPhoneLeaveGroupCall *req,
                  CvnTlValue                        *result,
                  GError                           **error)
{
  CvnSandboxCall *call;
  CvnSandboxParticipant *p;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  p = g_hash_table_lookup (call->by_source, GUINT_TO_POINTER ((guint32) req->source));
  result->kind = CVN_TL_KIND_OBJECT;
  if (p == NULL || p->simulated || acting_user (p) != ctx->user_id)
    {
      /* not (or no longer) in the call with that source: nothing to do */
      result->object = empty_updates (ctx->world, ctx->arena, ctx->user_id);
      return TRUE;
    }
  result->object = cvn_sandbox_call_leave (ctx->world, ctx->arena, call, ctx->session, ctx->user_id, p);
  return TRUE;
}

static gboolean
discard_group_call (CvnSandboxCtx                       *ctx,
                    const CvnTlApiPhoneDiscardGroupCall *req,
                    CvnTlValue                          *result,
                    GError                             **error)
{
  CvnSandboxCall *call;
  CvnSandboxChat *chat;
  ServiceData service;

  if (!cvn_sandbox_resolve_call (ctx, req->call, TRUE, &call, error))
    return FALSE;
  if (call->discarded)
    return cvn_sandbox_rpc_fail (error, 400, "GROUPCALL_ALREADY_DISCARDED");
  if (!is_admin (ctx->world, call, ctx->user_id))
    return cvn_sandbox_rpc_fail (error, 400, "CHAT_ADMIN_REQUIRED");
  chat = call->chat_id != 0 ? cvn_sandbox_world_get_chat (ctx->world, call->chat_id) : NULL;
  discard_call (ctx, call);
  service.chat = chat;
  service.message = chat != NULL ? g_ptr_array_index (chat->messages, chat->messages->len - 1) : NULL;
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = build_call_and_message (ctx->world, ctx->arena, call, ctx->user_id, &service);
  return TRUE;
}

static CvnTlObject *
build_chat_message (CvnSandboxWorld *world,
                    CvnTlArena      *arena,
                    CvnSandboxCall  *call,
                    gint64           viewer,
                    gpointer         data)
{
  ServiceData *service = data;
  g_autoptr(GPtrArray) updates = g_ptr_array_new ();
  g_autoptr(GHashTable) user_ids = cvn_sandbox_id_set_new ();
  g_autoptr(GHashTable) chat_ids = cvn_sandbox_id_set_new ();

  (void) call;
  g_ptr_array_add (updates, new_message_update (world, arena, service->chat, service->message, viewer));
  cvn_sandbox_collect_peer (user_ids, chat_ids, &service->message->from);
  for (guint i = 0; service->message->users != NULL && i < service->message->users->len; i++)
    cvn_sandbox_id_set_add (user_ids, g_array_index (service->message->users, gint64, i));
  cvn_sandbox_id_set_add (chat_ids, service->chat->id);
  return cvn_sandbox_tl_updates (world, arena, updates, user_ids, chat_ids, viewer);
}

static gboolean
invite_to_group_call (CvnSandboxCtx                        *ctx,
                      const CvnTlApiPhoneInviteToGroupCall *req,
                      CvnTlValue                           *result,
                      GError                              **error)
{
  CvnSandboxCall *call;
  CvnSandboxParticipant *own;
  CvnSandboxChat *chat;
  g_autoptr(GArray) invited = g_array_new (FALSE, FALSE, sizeof (gint64));
  ServiceData service;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  chat = call->chat_id != 0 ? cvn_sandbox_world_get_chat (ctx->world, call->chat_id) : NULL;
  own = find_own_participant (call, ctx->user_id);
  if (own == NULL)
    return cvn_sandbox_rpc_fail (error, 403, "GROUPCALL_FORBIDDEN");
  /* an invitation names the user: it would unmask someone who joined as a channel */
  if (own->peer.type != CVN_SANDBOX_PEER_USER)
    return cvn_sandbox_rpc_fail (error, 400, "INVITE_FORBIDDEN_WITH_JOINAS");
  if (req->users == NULL || req->users->len == 0)
    return cvn_sandbox_rpc_fail (error, 400, "USER_ID_INVALID");
  for (guint i = 0; i < req->users->len; i++)
    {
      CvnSandboxUser *user;

      if (!cvn_sandbox_resolve_input_user (ctx, req->users->objects[i], &user, error))
        return FALSE;
      if (cvn_sandbox_call_find_user (call, user->id) != NULL ||
          g_hash_table_contains (call->invited, &user->id))
        return cvn_sandbox_rpc_fail (error, 400, "USER_ALREADY_INVITED");
    }
  for (guint i = 0; i < req->users->len; i++)
    {
      CvnSandboxUser *user;

      cvn_sandbox_resolve_input_user (ctx, req->users->objects[i], &user, NULL);
      cvn_sandbox_id_set_add (call->invited, user->id);
      g_array_append_val (invited, user->id);
    }
  result->kind = CVN_TL_KIND_OBJECT;
  if (chat == NULL)
    {
      /* no chat to post into (a live story, a conference) */
      result->object = empty_updates (ctx->world, ctx->arena, ctx->user_id);
      return TRUE;
    }
  /* as on Telegram: messageActionInviteToGroupCall from the inviter in the chat, in the
   * result and to the chat's members */
  service.chat = chat;
  service.message = cvn_sandbox_world_post_service (ctx->world, chat, ctx->user_id,
                                                    CVN_SANDBOX_ACTION_INVITE_TO_GROUP_CALL, call);
  service.message->users = g_steal_pointer (&invited);
  push (ctx->world, call, ctx->session, build_chat_message, &service);
  result->object = build_chat_message (ctx->world, ctx->arena, call, ctx->user_id, &service);
  return TRUE;
}

static gboolean
toggle_settings (CvnSandboxCtx                            *ctx,
                 const CvnTlApiPhoneToggleGroupCallSettings *req,
                 CvnTlValue                               *result,
                 GError                                  **error)
{
  CvnSandboxCall *call;
  gboolean changed = FALSE;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  if (!is_admin (ctx->world, call, ctx->user_id))
    return cvn_sandbox_rpc_fail (error, 400, "CHAT_ADMIN_REQUIRED");
  if ((req->flags & CVN_TL_API_PHONE_TOGGLE_GROUP_CALL_SETTINGS_JOIN_MUTED_FLAG) != 0 &&
      call->join_muted != req->join_muted)
    {
      call->join_muted = req->join_muted;
      changed = TRUE;
    }
  if ((req->flags & CVN_TL_API_PHONE_TOGGLE_GROUP_CALL_SETTINGS_MESSAGES_ENABLED_FLAG) != 0 &&
      call->messages_enabled != req->messages_enabled)
    {
      call->messages_enabled = req->messages_enabled;
      changed = TRUE;
    }
  if (req->reset_invite_hash)
    {
      g_free (call->listener_hash);
      g_free (call->speaker_hash);
      call->listener_hash = cvn_sandbox_world_random_token (ctx->world, 16);
      call->speaker_hash = cvn_sandbox_world_random_token (ctx->world, 16);
      changed = TRUE;
    }
  if (!changed)
    return cvn_sandbox_rpc_fail (error, 400, "GROUPCALL_NOT_MODIFIED");
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = cvn_sandbox_call_changed (ctx->world, ctx->arena, call, ctx->session, ctx->user_id);
  return TRUE;
}

static char *
order_offset (CvnSandboxParticipant *p)
{
  return g_strdup_printf ("%" G_GUINT64_FORMAT, p->order);
}

static void
add_participants (CvnSandboxCtx *ctx,
                  CvnTlVector  **vector,
                  GPtrArray     *list,
                  GHashTable    *user_ids,
                  GHashTable    *chat_ids)
{
  *vector = cvn_tl_vector_new (ctx->arena, CVN_TL_KIND_OBJECT, list->len);
  for (guint i = 0; i < list->len; i++)
    {
      CvnSandboxParticipant *p = g_ptr_array_index (list, i);

      (*vector)->objects[i] = cvn_sandbox_tl_participant (ctx->arena, p, ctx->user_id, FALSE);
      cvn_sandbox_collect_peer (user_ids, chat_ids, &p->peer);
    }
}

static gboolean
get_group_call (CvnSandboxCtx                   *ctx,
                const CvnTlApiPhoneGetGroupCall *req,
                CvnTlValue                      *result,
                GError                         **error)
{
  CvnSandboxCall *call;
  CvnTlApiPhoneGroupCall *r;
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GHashTable) user_ids = cvn_sandbox_id_set_new ();
  g_autoptr(GHashTable) chat_ids = cvn_sandbox_id_set_new ();
  guint count, limit, n;
  g_autofree char *next = NULL;

  if (!cvn_sandbox_resolve_call (ctx, req->call, TRUE, &call, error))
    return FALSE;
  count = call->participants->len;
  limit = req->limit <= 0 ? DEFAULT_LIMIT : MIN ((guint) req->limit, MAX_LIMIT);
  /* the seeds: at least min (3, count) returned whatever the limit; the next offset still
   * points at the limit-th participant (or the last one) */
  n = MIN (MAX (limit, MIN (3u, count)), count);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (list, g_ptr_array_index (call->participants, i));
  if (count > 0)
    next = order_offset (g_ptr_array_index (call->participants, MIN (limit, count) - 1));

  r = NEW (ctx->arena, CvnTlApiPhoneGroupCall, CVN_TL_API_PHONE_GROUP_CALL_CTOR);
  r->call = cvn_sandbox_tl_group_call (ctx->world, ctx->arena, call, ctx->user_id, FALSE);
  add_participants (ctx, &r->participants, list, user_ids, chat_ids);
  cvn_tl_string_set (ctx->arena, &r->participants_next_offset, next != NULL ? next : "");
  if (call->chat_id != 0)
    cvn_sandbox_id_set_add (chat_ids, call->chat_id);
  cvn_sandbox_tl_users_chats (ctx->world, ctx->arena, user_ids, chat_ids, ctx->user_id, &r->users, &r->chats);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &r->parent;
  return TRUE;
}

static gboolean
get_group_participants (CvnSandboxCtx                           *ctx,
                        const CvnTlApiPhoneGetGroupParticipants *req,
                        CvnTlValue                              *result,
                        GError                                 **error)
{
  CvnSandboxCall *call;
  CvnTlApiPhoneGroupParticipants *r;
  g_autoptr(GPtrArray) list = g_ptr_array_new ();
  g_autoptr(GHashTable) user_ids = cvn_sandbox_id_set_new ();
  g_autoptr(GHashTable) chat_ids = cvn_sandbox_id_set_new ();
  g_autofree char *next = NULL;
  gboolean by_id = (req->ids != NULL && req->ids->len > 0) || (req->sources != NULL && req->sources->len > 0);

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  if (by_id)
    {
      for (guint i = 0; i < call->participants->len; i++)
        {
          CvnSandboxParticipant *p = g_ptr_array_index (call->participants, i);
          gboolean match = FALSE;

          for (guint k = 0; !match && req->sources != NULL && k < req->sources->len; k++)
            match = (guint32) req->sources->ints[k] == p->source;
          for (guint k = 0; !match && req->ids != NULL && k < req->ids->len; k++)
            {
              CvnSandboxPeer peer;

              match = cvn_sandbox_resolve_input_peer (ctx, req->ids->objects[k], &peer, NULL) &&
                      peer.type == p->peer.type && peer.id == p->peer.id;
            }
          if (match)
            g_ptr_array_add (list, p);
        }
    }
  else
    {
      guint64 after = 0;
      guint limit = req->limit <= 0 ? DEFAULT_LIMIT : MIN ((guint) req->limit, MAX_LIMIT);
      guint i = 0;

      if (req->offset.str != NULL && req->offset.str[0] != '\0' &&
          !g_ascii_string_to_unsigned (req->offset.str, 10, 0, G_MAXUINT64, &after, NULL))
        after = G_MAXUINT64; /* not an offset of ours: nothing after it */
      while (i < call->participants->len &&
             ((CvnSandboxParticipant *) g_ptr_array_index (call->participants, i))->order <= after)
        i++;
      for (; i < call->participants->len && list->len < limit; i++)
        g_ptr_array_add (list, g_ptr_array_index (call->participants, i));
      if (i < call->participants->len && list->len > 0)
        next = order_offset (g_ptr_array_index (list, list->len - 1));
    }

  r = NEW (ctx->arena, CvnTlApiPhoneGroupParticipants, CVN_TL_API_PHONE_GROUP_PARTICIPANTS_CTOR);
  r->count = call->participants->len;
  add_participants (ctx, &r->participants, list, user_ids, chat_ids);
  cvn_tl_string_set (ctx->arena, &r->next_offset, next != NULL ? next : "");
  cvn_sandbox_tl_users_chats (ctx->world, ctx->arena, user_ids, chat_ids, ctx->user_id, &r->users, &r->chats);
  r->version = call->version;
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &r->parent;
  return TRUE;
}

static gboolean
check_group_call (CvnSandboxCtx                     *ctx,
                  const CvnTlApiPhoneCheckGroupCall *req,
                  CvnTlValue                        *result,
                  GError                           **error)
{
  CvnSandboxCall *call;
  g_autoptr(GArray) active = g_array_new (FALSE, FALSE, sizeof (gint32));

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  if (find_own_participant (call, ctx->user_id) == NULL)
    return cvn_sandbox_rpc_fail (error, 400, "GROUPCALL_JOIN_MISSING");
  for (guint i = 0; req->sources != NULL && i < req->sources->len; i++)
    {
      CvnSandboxParticipant *p = g_hash_table_lookup (call->by_source,
                                                      GUINT_TO_POINTER ((guint32) req->sources->ints[i]));
      if (p != NULL && acting_user (p) == ctx->user_id)
        g_array_append_val (active, req->sources->ints[i]);
    }
  result->kind = CVN_TL_KIND_VECTOR;
  result->elem_kind = CVN_TL_KIND_INT;
  result->vector = cvn_tl_vector_new (ctx->arena, CVN_TL_KIND_INT, active->len);
  if (active->len > 0)
    memcpy (result->vector->ints, active->data, active->len * sizeof (gint32));
  return TRUE;
}

static gboolean
toggle_record (CvnSandboxCtx                          *ctx,
               const CvnTlApiPhoneToggleGroupCallRecord *req,
               CvnTlValue                             *result,
               GError                                **error)
{
  CvnSandboxCall *call;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  if (!is_admin (ctx->world, call, ctx->user_id))
    return cvn_sandbox_rpc_fail (error, 400, "CHAT_ADMIN_REQUIRED");
  if (req->start == (call->record_start_date != 0))
    return cvn_sandbox_rpc_fail (error, 400, "GROUPCALL_NOT_MODIFIED");
  g_clear_pointer (&call->record_title, g_free);
  if (req->start)
    {
      call->record_start_date = cvn_sandbox_world_now (ctx->world);
      call->record_video = req->video;
      if (req->title.str != NULL)
        call->record_title = g_utf8_make_valid (req->title.str, MIN (req->title.len, 128));
    }
  else
    {
      call->record_start_date = 0;
      call->record_video = FALSE;
    }
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = cvn_sandbox_call_changed (ctx->world, ctx->arena, call, ctx->session, ctx->user_id);
  return TRUE;
}

gint64
cvn_sandbox_world_next_hand_rating (CvnSandboxWorld *world)
{
  return (gint64) cvn_clock_get_real_time (world->clock) / 1000 + ++world->hand_counter;
}

static gboolean
edit_participant (CvnSandboxCtx                              *ctx,
                  const CvnTlApiPhoneEditGroupCallParticipant *req,
                  CvnTlValue                                 *result,
                  GError                                    **error)
{
  CvnSandboxCall *call;
  CvnSandboxPeer peer;
  CvnSandboxParticipant *p;
  gboolean self, admin, changed = FALSE;
  guint32 f = req->flags;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  if (!cvn_sandbox_resolve_input_peer (ctx, req->participant, &peer, NULL))
    return cvn_sandbox_rpc_fail (error, 400, "PARTICIPANT_ID_INVALID");
  p = cvn_sandbox_call_find (call, &peer);
  if (p == NULL)
    return cvn_sandbox_rpc_fail (error, 400, "PARTICIPANT_JOIN_MISSING");
  self = !p->simulated && acting_user (p) == ctx->user_id;
  admin = is_admin (ctx->world, call, ctx->user_id);
  if ((f & CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_VOLUME_FLAG) != 0 &&
      (req->volume < 1 || req->volume > 20000))
    return cvn_sandbox_rpc_fail (error, 400, "USER_VOLUME_INVALID");
  if (!self && !admin &&
      (f & (CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_RAISE_HAND_FLAG |
            CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_VIDEO_STOPPED_FLAG |
            CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_VIDEO_PAUSED_FLAG |
            CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_PRESENTATION_PAUSED_FLAG)) != 0)
    return cvn_sandbox_rpc_fail (error, 400, "CHAT_ADMIN_REQUIRED");
  if (!self && (f & (CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_VIDEO_STOPPED_FLAG |
                     CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_VIDEO_PAUSED_FLAG |
                     CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_PRESENTATION_PAUSED_FLAG)) != 0)
    return cvn_sandbox_rpc_fail (error, 400, "PARTICIPANT_ID_INVALID");
  if (!self && (f & CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_RAISE_HAND_FLAG) != 0 && req->raise_hand)
    return cvn_sandbox_rpc_fail (error, 400, "CHAT_ADMIN_REQUIRED");
  /* the docs: raise_hand only in video chats/livestreams, not conferences or RTMP calls */
  if ((f & CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_RAISE_HAND_FLAG) != 0 && req->raise_hand &&
      (call->conference || call->rtmp_stream))
    return cvn_sandbox_rpc_fail (error, 400, "RAISE_HAND_FORBIDDEN");
  if ((f & CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_VIDEO_PAUSED_FLAG) != 0 && p->video == NULL)
    return cvn_sandbox_rpc_fail (error, 400, "VIDEO_PAUSE_FORBIDDEN");
  if (self && (f & CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_MUTED_FLAG) != 0 &&
      !req->muted && !p->can_self_unmute && !admin)
    return cvn_sandbox_rpc_fail (error, 400, "CHAT_ADMIN_REQUIRED");

  if (!self && !admin)
    {
      /* personal: muted_by_you / a local volume, no version, only for the caller */
      g_autoptr(GPtrArray) updates = g_ptr_array_new ();
      g_autoptr(GHashTable) user_ids = cvn_sandbox_id_set_new ();
      g_autoptr(GHashTable) chat_ids = cvn_sandbox_id_set_new ();
      CvnTlApiUpdateGroupCallParticipants *u;
      CvnTlApiGroupCallParticipant *tp;
      gint volume = -1;

      if ((f & CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_MUTED_FLAG) != 0)
        volume = req->muted ? 0 : 10000;
      if ((f & CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_VOLUME_FLAG) != 0)
        volume = req->volume;
      if (volume >= 0)
        {
          if (p->muted_by == NULL)
            p->muted_by = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
          g_hash_table_replace (p->muted_by, g_memdup2 (&ctx->user_id, sizeof (gint64)),
                                GINT_TO_POINTER (volume));
        }
      u = NEW (ctx->arena, CvnTlApiUpdateGroupCallParticipants, CVN_TL_API_UPDATE_GROUP_CALL_PARTICIPANTS_CTOR);
      u->call = cvn_sandbox_tl_input_call (ctx->arena, call);
      u->version = call->version;
      u->participants = cvn_tl_vector_new (ctx->arena, CVN_TL_KIND_OBJECT, 1);
      tp = (gpointer) cvn_sandbox_tl_participant (ctx->arena, p, ctx->user_id, FALSE);
      u->participants->objects[0] = &tp->parent;
      cvn_sandbox_collect_peer (user_ids, chat_ids, &p->peer);
      g_ptr_array_add (updates, u);
      result->kind = CVN_TL_KIND_OBJECT;
      result->object = cvn_sandbox_tl_updates (ctx->world, ctx->arena, updates, user_ids, chat_ids, ctx->user_id);
      return TRUE;
    }

  if ((f & CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_MUTED_FLAG) != 0)
    {
      if (self)
        {
          changed |= p->muted != req->muted;
          p->muted = req->muted;
          if (!req->muted)
            p->raise_hand_rating = 0;
        }
      else if (req->muted)
        {
          changed |= !p->muted || p->can_self_unmute;
          p->muted = TRUE;
          p->can_self_unmute = FALSE;
        }
      else
        {
          changed |= !p->can_self_unmute || p->raise_hand_rating != 0;
          p->can_self_unmute = TRUE;
          p->raise_hand_rating = 0;
        }
    }
  if ((f & CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_VOLUME_FLAG) != 0)
    {
      changed |= p->volume != req->volume;
      p->volume = req->volume;
      p->volume_by_admin = !self;
    }
  if ((f & CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_RAISE_HAND_FLAG) != 0)
    {
      if (req->raise_hand && p->raise_hand_rating == 0)
        {
          p->raise_hand_rating = cvn_sandbox_world_next_hand_rating (ctx->world);
          changed = TRUE;
        }
      else if (!req->raise_hand && p->raise_hand_rating != 0)
        {
          p->raise_hand_rating = 0;
          changed = TRUE;
        }
    }
  if ((f & CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_VIDEO_STOPPED_FLAG) != 0)
    {
      if (req->video_stopped && p->video != NULL)
        {
          g_clear_pointer (&p->video, cvn_sandbox_video_free);
          changed = TRUE;
        }
      else if (!req->video_stopped && p->video == NULL)
        {
          if (p->camera == NULL)
            return cvn_sandbox_rpc_fail (error, 400, "VIDEO_STOP_FORBIDDEN");
          p->video = g_new0 (CvnSandboxVideo, 1);
          p->video->endpoint = g_strdup (p->camera->endpoint);
          p->video->groups = g_ptr_array_ref (p->camera->groups);
          p->video_joined = TRUE;
          changed = TRUE;
        }
    }
  if ((f & CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_VIDEO_PAUSED_FLAG) != 0 && p->video != NULL &&
      p->video->paused != req->video_paused)
    {
      p->video->paused = req->video_paused;
      changed = TRUE;
    }
  if ((f & CVN_TL_API_PHONE_EDIT_GROUP_CALL_PARTICIPANT_PRESENTATION_PAUSED_FLAG) != 0 &&
      p->presentation != NULL && p->presentation->paused != req->presentation_paused)
    {
      p->presentation->paused = req->presentation_paused;
      changed = TRUE;
    }

  result->kind = CVN_TL_KIND_OBJECT;
  if (!changed)
    result->object = empty_updates (ctx->world, ctx->arena, ctx->user_id);
  else
    result->object = cvn_sandbox_participants_changed (ctx->world, ctx->arena, call, ctx->session,
                                                       ctx->user_id, p, 0, NULL);
  return TRUE;
}

static gboolean
edit_title (CvnSandboxCtx                         *ctx,
            const CvnTlApiPhoneEditGroupCallTitle *req,
            CvnTlValue                            *result,
            GError                               **error)
{
  CvnSandboxCall *call;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  if (!is_admin (ctx->world, call, ctx->user_id))
    return cvn_sandbox_rpc_fail (error, 400, "CHAT_ADMIN_REQUIRED");
  if (req->title.len > 64)
    return cvn_sandbox_rpc_fail (error, 400, "TITLE_INVALID");
  g_clear_pointer (&call->title, g_free);
  if (req->title.str != NULL && req->title.str[0] != '\0')
    call->title = g_utf8_make_valid (req->title.str, req->title.len);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = cvn_sandbox_call_changed (ctx->world, ctx->arena, call, ctx->session, ctx->user_id);
  return TRUE;
}

static gboolean
get_join_as (CvnSandboxCtx                         *ctx,
             const CvnTlApiPhoneGetGroupCallJoinAs *req,
             CvnTlValue                            *result,
             GError                               **error)
{
  CvnSandboxChat *chat;
  CvnTlApiPhoneJoinAsPeers *r;
  g_autoptr(GPtrArray) peers = g_ptr_array_new ();
  g_autoptr(GHashTable) user_ids = cvn_sandbox_id_set_new ();
  g_autoptr(GHashTable) chat_ids = cvn_sandbox_id_set_new ();
  g_autoptr(GList) chats = NULL;
  CvnSandboxPeer self = { CVN_SANDBOX_PEER_USER, ctx->user_id };

  if (!resolve_chat_peer (ctx, req->peer, &chat, error))
    return FALSE;
  g_ptr_array_add (peers, cvn_sandbox_tl_peer (ctx->arena, &self));
  cvn_sandbox_id_set_add (user_ids, ctx->user_id);
  chats = g_hash_table_get_values (ctx->world->chats);
  chats = g_list_sort (chats, (GCompareFunc) cvn_sandbox_chat_compare);
  for (GList *l = chats; l != NULL; l = l->next)
    {
      CvnSandboxChat *c = l->data;
      CvnSandboxPeer peer = { CVN_SANDBOX_PEER_CHANNEL, c->id };

      if (c->kind != CVN_SANDBOX_CHAT_CHANNEL || c->creator_id != ctx->user_id)
        continue;
      g_ptr_array_add (peers, cvn_sandbox_tl_peer (ctx->arena, &peer));
      cvn_sandbox_id_set_add (chat_ids, c->id);
    }
  r = NEW (ctx->arena, CvnTlApiPhoneJoinAsPeers, CVN_TL_API_PHONE_JOIN_AS_PEERS_CTOR);
  r->peers = cvn_sandbox_tl_objects (ctx->arena, peers);
  cvn_sandbox_tl_users_chats (ctx->world, ctx->arena, user_ids, chat_ids, ctx->user_id, &r->users, &r->chats);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &r->parent;
  return TRUE;
}

static gboolean
save_default_join_as (CvnSandboxCtx                               *ctx,
                      const CvnTlApiPhoneSaveDefaultGroupCallJoinAs *req,
                      CvnTlValue                                  *result,
                      GError                                     **error)
{
  CvnSandboxChat *chat;
  CvnSandboxPeer peer;

  if (!resolve_chat_peer (ctx, req->peer, &chat, error))
    return FALSE;
  if (!resolve_join_as (ctx, NULL, req->join_as, &peer, error))
    return FALSE;
  g_hash_table_replace (chat->default_join_as, g_memdup2 (&ctx->user_id, sizeof (gint64)),
                        g_memdup2 (&peer, sizeof peer));
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = cvn_sandbox_tl_bool (ctx->arena, TRUE);
  return TRUE;
}

static gboolean
export_invite (CvnSandboxCtx                           *ctx,
               const CvnTlApiPhoneExportGroupCallInvite *req,
               CvnTlValue                              *result,
               GError                                 **error)
{
  CvnSandboxCall *call;
  CvnSandboxChat *chat;
  CvnTlApiPhoneExportedGroupCallInvite *r;
  g_autofree char *link = NULL;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  if (call->conference)
    link = g_strdup_printf ("https://t.me/call/%s", call->slug);
  else
    {
      const char *kind;

      chat = cvn_sandbox_world_get_chat (ctx->world, call->chat_id);
      if (req->can_self_unmute && !is_admin (ctx->world, call, ctx->user_id))
        return cvn_sandbox_rpc_fail (error, 400, "CHAT_ADMIN_REQUIRED");
      kind = chat->kind == CVN_SANDBOX_CHAT_CHANNEL ? "livestream" : "videochat";
      if (chat->username != NULL)
        link = g_strdup_printf ("https://t.me/%s?%s=%s", chat->username, kind,
                                req->can_self_unmute ? call->speaker_hash : call->listener_hash);
      else
        link = g_strdup_printf ("https://t.me/c/%" G_GINT64_FORMAT "?%s=%s", chat->id, kind,
                                req->can_self_unmute ? call->speaker_hash : call->listener_hash);
    }
  r = NEW (ctx->arena, CvnTlApiPhoneExportedGroupCallInvite, CVN_TL_API_PHONE_EXPORTED_GROUP_CALL_INVITE_CTOR);
  cvn_tl_string_set (ctx->arena, &r->link, link);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &r->parent;
  return TRUE;
}

static gboolean
join_presentation (CvnSandboxCtx                                *ctx,
                   const CvnTlApiPhoneJoinGroupCallPresentation *req,
                   CvnTlValue                                   *result,
                   GError                                      **error)
{
  CvnSandboxCall *call;
  CvnSandboxParticipant *p;
  JoinPayload payload;
  CvnRtcSetup payload_setup;
  g_autofree char *answer = NULL;
  g_autoptr(GPtrArray) extra = g_ptr_array_new ();

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  p = find_own_participant (call, ctx->user_id);
  if (p == NULL)
    return cvn_sandbox_rpc_fail (error, 403, "PARTICIPANT_JOIN_MISSING");
  if (call->rtmp_stream)
    return cvn_sandbox_rpc_fail (error, 403, "GROUPCALL_FORBIDDEN");
  if (!parse_join_payload (req->params, &payload, error))
    return FALSE;
  payload_setup = payload.setup;
  if (payload.groups->len == 0 || payload_conflicts (call, &payload, p) ||
      payload.ssrc == p->source)
    {
      gboolean empty = payload.groups->len == 0;

      join_payload_clear (&payload);
      return cvn_sandbox_rpc_fail (error, 400, empty ? "DATA_JSON_INVALID" : "GROUPCALL_SSRC_DUPLICATE_MUCH");
    }
  if (!sfu_connect (ctx->world, call, ctx->user_id, TRUE, FALSE, req->params, error))
    {
      join_payload_clear (&payload);
      return FALSE;
    }
  cvn_sandbox_video_free (p->presentation);
  p->presentation = video_from_payload (ctx->world, &payload);
  p->presentation->audio_source = payload.ssrc;
  join_payload_clear (&payload);
  answer = sfu_answer (ctx->world, call, FALSE, p->presentation->endpoint, TRUE, payload_setup,
                       ctx->user_id);
  g_ptr_array_add (extra, connection_update (ctx->arena, answer, TRUE));
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = cvn_sandbox_participants_changed (ctx->world, ctx->arena, call, ctx->session,
                                                     ctx->user_id, p, 0, extra);
  return TRUE;
}

static gboolean
leave_presentation (CvnSandboxCtx                                 *ctx,
                    const CvnTlApiPhoneLeaveGroupCallPresentation *req,
                    CvnTlValue                                    *result,
                    GError                                       **error)
{
  CvnSandboxCall *call;
  CvnSandboxParticipant *p;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  p = find_own_participant (call, ctx->user_id);
  if (p == NULL)
    return cvn_sandbox_rpc_fail (error, 400, "PARTICIPANT_JOIN_MISSING");
  result->kind = CVN_TL_KIND_OBJECT;
  if (p->presentation == NULL)
    {
      result->object = empty_updates (ctx->world, ctx->arena, ctx->user_id);
      return TRUE;
    }
  g_clear_pointer (&p->presentation, cvn_sandbox_video_free);
  if (ctx->world->sfu != NULL)
    cvn_sandbox_sfu_disconnect (ctx->world->sfu, call->id, ctx->user_id, TRUE);
  result->object = cvn_sandbox_participants_changed (ctx->world, ctx->arena, call, ctx->session,
                                                     ctx->user_id, p, 0, NULL);
  return TRUE;
}

static gboolean
stream_channels (CvnSandboxCtx                                 *ctx,
                 const CvnTlApiPhoneGetGroupCallStreamChannels *req,
                 CvnTlValue                                    *result,
                 GError                                       **error)
{
  CvnSandboxCall *call;
  CvnSandboxChat *chat;
  CvnTlApiPhoneGroupCallStreamChannels *r;
  CvnTlApiGroupCallStreamChannel *c;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  chat = call->chat_id != 0 ? cvn_sandbox_world_get_chat (ctx->world, call->chat_id) : NULL;
  if (!call->rtmp_stream && (chat == NULL || chat->kind != CVN_SANDBOX_CHAT_CHANNEL))
    return cvn_sandbox_rpc_fail (error, 400, "GROUPCALL_INVALID");
  if (find_own_participant (call, ctx->user_id) == NULL)
    return cvn_sandbox_rpc_fail (error, 400, "GROUPCALL_JOIN_MISSING");
  r = NEW (ctx->arena, CvnTlApiPhoneGroupCallStreamChannels, CVN_TL_API_PHONE_GROUP_CALL_STREAM_CHANNELS_CTOR);
  r->channels = cvn_tl_vector_new (ctx->arena, CVN_TL_KIND_OBJECT, call->schedule_date != 0 ? 0 : 1);
  if (call->schedule_date == 0)
    {
      c = NEW (ctx->arena, CvnTlApiGroupCallStreamChannel, CVN_TL_API_GROUP_CALL_STREAM_CHANNEL_CTOR);
      c->channel = 1;
      c->scale = 0;
      /* chunks of 1000 ms (scale 0), the live edge one chunk behind now */
      c->last_timestamp_ms = (cvn_clock_get_real_time (ctx->world->clock) / 1000 / 1000 - 1) * 1000;
      r->channels->objects[0] = &c->parent;
    }
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &r->parent;
  return TRUE;
}

static gboolean
rtmp_url (CvnSandboxCtx                                *ctx,
          const CvnTlApiPhoneGetGroupCallStreamRtmpUrl *req,
          CvnTlValue                                   *result,
          GError                                      **error)
{
  CvnSandboxPeer peer;
  CvnSandboxChat *chat = NULL;
  CvnTlApiPhoneGroupCallStreamRtmpUrl *r;
  g_autofree char *key = NULL;

  if (!cvn_sandbox_resolve_input_peer (ctx, req->peer, &peer, NULL))
    return cvn_sandbox_rpc_fail (error, 400, "PEER_ID_INVALID");
  if (peer.type == CVN_SANDBOX_PEER_USER)
    {
      if (!req->live_story || peer.id != ctx->user_id)
        return cvn_sandbox_rpc_fail (error, 400, "PEER_ID_INVALID");
    }
  else
    {
      if (!resolve_chat_peer (ctx, req->peer, &chat, error))
        return FALSE;
      if (chat->creator_id != ctx->user_id)
        return cvn_sandbox_rpc_fail (error, 400, "CHAT_ADMIN_REQUIRED");
      if (req->revoke)
        {
          g_free (chat->rtmp_key);
          chat->rtmp_key = cvn_sandbox_world_random_token (ctx->world, 22);
        }
    }
  r = NEW (ctx->arena, CvnTlApiPhoneGroupCallStreamRtmpUrl, CVN_TL_API_PHONE_GROUP_CALL_STREAM_RTMP_URL_CTOR);
  cvn_tl_string_set (ctx->arena, &r->url, "rtmp://127.0.0.1:1935/s/");
  key = g_strdup_printf ("%" G_GINT64_FORMAT ":%s", peer.id, chat != NULL ? chat->rtmp_key : "story");
  cvn_tl_string_set (ctx->arena, &r->key, key);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &r->parent;
  return TRUE;
}

/* --- conferences ---------------------------------------------------------------------------- */

static gboolean
create_conference (CvnSandboxCtx                           *ctx,
                   const CvnTlApiPhoneCreateConferenceCall *req,
                   CvnTlValue                              *result,
                   GError                                 **error)
{
  CvnSandboxCall *call;
  g_autofree char *key = g_strdup_printf ("%" G_GINT64_FORMAT ":conference:%d", ctx->user_id, req->random_id);
  gint64 *existing = g_hash_table_lookup (ctx->world->random_ids, key);

  if (existing != NULL && (call = cvn_sandbox_world_get_call (ctx->world, *existing)) != NULL)
    {
      result->kind = CVN_TL_KIND_OBJECT;
      result->object = build_call_updates (ctx->world, ctx->arena, call, ctx->user_id, NULL);
      return TRUE;
    }
  if (req->join)
    {
      JoinPayload payload;

      /* validate before creating anything */
      if (!parse_join_payload (req->params, &payload, error))
        return FALSE;
      join_payload_clear (&payload);
    }
  call = cvn_sandbox_world_add_call (ctx->world, NULL, ctx->user_id);
  call->conference = TRUE;
  call->random_id = req->random_id;
  call->slug = cvn_sandbox_world_random_token (ctx->world, 12);
  cvn_sandbox_id_set_add (call->invited, ctx->user_id);
  g_hash_table_insert (ctx->world->random_ids, g_steal_pointer (&key), g_memdup2 (&call->id, sizeof call->id));
  if (req->join)
    {
      CvnTlApiInputPeerSelf self = { { CVN_TL_API_INPUT_PEER_SELF_CTOR } };
      CvnTlApiUpdates *joined;
      CvnTlApiUpdates *merged;

      if (!do_join (ctx, call, &self.parent, req->params, req->muted, req->video_stopped, NULL,
                    &req->block, result, error))
        return FALSE;
      /* updateGroupCall first, then the join's own updates */
      joined = (gpointer) result->object;
      merged = (gpointer) build_call_updates (ctx->world, ctx->arena, call, ctx->user_id, NULL);
      {
        CvnTlVector *all = cvn_tl_vector_new (ctx->arena, CVN_TL_KIND_OBJECT,
                                              1 + joined->updates->len);
        all->objects[0] = merged->updates->objects[0];
        for (guint i = 0; i < joined->updates->len; i++)
          all->objects[1 + i] = joined->updates->objects[i];
        joined->updates = all;
      }
      return TRUE;
    }
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = build_call_updates (ctx->world, ctx->arena, call, ctx->user_id, NULL);
  return TRUE;
}

static CvnTlObject *
build_private_message (CvnSandboxWorld *world,
                       CvnTlArena      *arena,
                       CvnSandboxCall  *call,
                       gint64           viewer,
                       gpointer         data)
{
  CvnSandboxMessage *message = data;
  g_autoptr(GPtrArray) updates = g_ptr_array_new ();
  g_autoptr(GHashTable) user_ids = cvn_sandbox_id_set_new ();

  (void) call;
  g_ptr_array_add (updates, new_message_update (world, arena, NULL, message, viewer));
  cvn_sandbox_id_set_add (user_ids, message->from.id);
  cvn_sandbox_id_set_add (user_ids, message->peer.id);
  return cvn_sandbox_tl_updates (world, arena, updates, user_ids, NULL, viewer);
}

static gboolean
invite_conference (CvnSandboxCtx                                   *ctx,
                   const CvnTlApiPhoneInviteConferenceCallParticipant *req,
                   CvnTlValue                                      *result,
                   GError                                         **error)
{
  CvnSandboxCall *call;
  CvnSandboxUser *user;
  CvnSandboxMessage *theirs, *mine;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  if (!call->conference)
    return cvn_sandbox_rpc_fail (error, 400, "GROUPCALL_INVALID");
  if (find_own_participant (call, ctx->user_id) == NULL)
    return cvn_sandbox_rpc_fail (error, 403, "GROUPCALL_FORBIDDEN");
  if (!cvn_sandbox_resolve_input_user (ctx, req->user_id, &user, error))
    return FALSE;
  if (user->id == ctx->user_id || cvn_sandbox_call_find_user (call, user->id) != NULL)
    return cvn_sandbox_rpc_fail (error, 400, "USER_ALREADY_PARTICIPANT");
  cvn_sandbox_id_set_add (call->invited, user->id);
  theirs = cvn_sandbox_world_post_private (ctx->world, user->id, ctx->user_id, user->id,
                                           CVN_SANDBOX_ACTION_CONFERENCE_CALL, call, req->video);
  mine = cvn_sandbox_world_post_private (ctx->world, ctx->user_id, ctx->user_id, user->id,
                                         CVN_SANDBOX_ACTION_CONFERENCE_CALL, call, req->video);
  {
    g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();

    cvn_sandbox_world_push_to_user (ctx->world, user->id,
                                    build_private_message (ctx->world, arena, call, user->id, theirs),
                                    NULL);
  }
  {
    g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();

    cvn_sandbox_world_push_to_user (ctx->world, ctx->user_id,
                                    build_private_message (ctx->world, arena, call, ctx->user_id, mine),
                                    ctx->session);
  }
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = build_private_message (ctx->world, ctx->arena, call, ctx->user_id, mine);
  return TRUE;
}

static gboolean
decline_conference (CvnSandboxCtx                              *ctx,
                    const CvnTlApiPhoneDeclineConferenceCallInvite *req,
                    CvnTlValue                                 *result,
                    GError                                    **error)
{
  CvnSandboxMessage *message = NULL;
  CvnTlApiUpdateEditMessage *u;
  g_autoptr(GPtrArray) updates = g_ptr_array_new ();
  g_autoptr(GHashTable) user_ids = cvn_sandbox_id_set_new ();
  CvnSandboxUser *user = ctx->user;

  for (guint i = 0; i < ctx->world->private_messages->len; i++)
    {
      CvnSandboxMessage *m = g_ptr_array_index (ctx->world->private_messages, i);

      if (m->box == ctx->user_id && m->id == req->msg_id && m->action == CVN_SANDBOX_ACTION_CONFERENCE_CALL)
        message = m;
    }
  if (message == NULL)
    return cvn_sandbox_rpc_fail (error, 400, "MESSAGE_ID_INVALID");
  message->active = FALSE;
  message->missed = TRUE;
  user->pts++;
  u = NEW (ctx->arena, CvnTlApiUpdateEditMessage, CVN_TL_API_UPDATE_EDIT_MESSAGE_CTOR);
  u->message = cvn_sandbox_tl_message (ctx->world, ctx->arena, message, ctx->user_id);
  u->pts = user->pts;
  u->pts_count = 1;
  g_ptr_array_add (updates, u);
  cvn_sandbox_id_set_add (user_ids, message->from.id);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = cvn_sandbox_tl_updates (ctx->world, ctx->arena, updates, user_ids, NULL, ctx->user_id);
  return TRUE;
}

static gboolean
delete_conference_participants (CvnSandboxCtx                                    *ctx,
                                const CvnTlApiPhoneDeleteConferenceCallParticipants *req,
                                CvnTlValue                                       *result,
                                GError                                          **error)
{
  CvnSandboxCall *call;
  CvnTlObject *last = NULL;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  if (!call->conference)
    return cvn_sandbox_rpc_fail (error, 400, "GROUPCALL_INVALID");
  if (find_own_participant (call, ctx->user_id) == NULL)
    return cvn_sandbox_rpc_fail (error, 403, "GROUPCALL_FORBIDDEN");
  if (req->block.data != NULL && req->block.len > 0)
    g_ptr_array_add (call->blocks[0], g_bytes_new (req->block.data, req->block.len));
  for (guint i = 0; req->ids != NULL && i < req->ids->len; i++)
    {
      CvnSandboxParticipant *p = cvn_sandbox_call_find_user (call, req->ids->longs[i]);

      g_hash_table_remove (call->invited, &req->ids->longs[i]);
      if (p != NULL && !req->only_left)
        last = cvn_sandbox_call_leave (ctx->world, ctx->arena, call, ctx->session, ctx->user_id, p);
    }
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = last != NULL ? last : empty_updates (ctx->world, ctx->arena, ctx->user_id);
  return TRUE;
}

typedef struct
{
  gint32  sub_chain;
  guint   offset;
  guint   count;
} BlocksData;

static CvnTlObject *
build_blocks (CvnSandboxWorld *world,
              CvnTlArena      *arena,
              CvnSandboxCall  *call,
              gint64           viewer,
              gpointer         data)
{
  BlocksData *blocks = data;
  g_autoptr(GPtrArray) updates = g_ptr_array_new ();
  CvnTlApiUpdateGroupCallChainBlocks *u = NEW (arena, CvnTlApiUpdateGroupCallChainBlocks,
                                               CVN_TL_API_UPDATE_GROUP_CALL_CHAIN_BLOCKS_CTOR);
  GPtrArray *chain = call->blocks[blocks->sub_chain];

  u->call = cvn_sandbox_tl_input_call (arena, call);
  u->sub_chain_id = blocks->sub_chain;
  u->blocks = cvn_tl_vector_new (arena, CVN_TL_KIND_BYTES, blocks->count);
  for (guint i = 0; i < blocks->count; i++)
    {
      gsize len;
      const guint8 *bytes = g_bytes_get_data (g_ptr_array_index (chain, blocks->offset + i), &len);

      u->blocks->bytes[i].data = cvn_tl_arena_memdup (arena, bytes != NULL ? bytes : (const guint8 *) "", len);
      u->blocks->bytes[i].len = len;
    }
  u->next_offset = blocks->offset + blocks->count;
  g_ptr_array_add (updates, u);
  return cvn_sandbox_tl_updates (world, arena, updates, NULL, NULL, viewer);
}

static gboolean
send_broadcast (CvnSandboxCtx                              *ctx,
                const CvnTlApiPhoneSendConferenceCallBroadcast *req,
                CvnTlValue                                 *result,
                GError                                    **error)
{
  CvnSandboxCall *call;
  BlocksData blocks;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  if (!call->conference)
    return cvn_sandbox_rpc_fail (error, 400, "GROUPCALL_INVALID");
  if (find_own_participant (call, ctx->user_id) == NULL)
    return cvn_sandbox_rpc_fail (error, 403, "GROUPCALL_FORBIDDEN");
  if (req->block.data == NULL || req->block.len == 0 || req->block.len > 65536)
    return cvn_sandbox_rpc_fail (error, 400, "BLOCK_INVALID");
  g_ptr_array_add (call->blocks[1], g_bytes_new (req->block.data, req->block.len));
  blocks.sub_chain = 1;
  blocks.offset = call->blocks[1]->len - 1;
  blocks.count = 1;
  push (ctx->world, call, ctx->session, build_blocks, &blocks);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = build_blocks (ctx->world, ctx->arena, call, ctx->user_id, &blocks);
  return TRUE;
}

static gboolean
get_chain_blocks (CvnSandboxCtx                             *ctx,
                  const CvnTlApiPhoneGetGroupCallChainBlocks *req,
                  CvnTlValue                                *result,
                  GError                                   **error)
{
  CvnSandboxCall *call;
  BlocksData blocks;
  GPtrArray *chain;
  guint limit;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  if (!call->conference)
    return cvn_sandbox_rpc_fail (error, 400, "GROUPCALL_INVALID");
  if (req->sub_chain_id < 0 || req->sub_chain_id > 1)
    return cvn_sandbox_rpc_fail (error, 400, "SUB_CHAIN_ID_INVALID");
  chain = call->blocks[req->sub_chain_id];
  limit = req->limit <= 0 ? 0 : MIN ((guint) req->limit, 100);
  blocks.sub_chain = req->sub_chain_id;
  /* offset -1: from the last block */
  if (req->offset < 0)
    blocks.offset = chain->len > 0 ? chain->len - 1 : 0;
  else
    blocks.offset = MIN ((guint) req->offset, chain->len);
  blocks.count = MIN (limit, chain->len - blocks.offset);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = build_blocks (ctx->world, ctx->arena, call, ctx->user_id, &blocks);
  return TRUE;
}

/* --- in-call messages ---------------------------------------------------------------------------- */

typedef struct
{
  CvnSandboxCallMessage *message;
  CvnTlBytes             encrypted;
  gint64                 encrypted_from;
  GArray                *deleted;
} CallMessageData;

static CvnTlObject *
build_call_message (CvnSandboxWorld *world,
                    CvnTlArena      *arena,
                    CvnSandboxCall  *call,
                    gint64           viewer,
                    gpointer         data)
{
  CallMessageData *d = data;
  g_autoptr(GPtrArray) updates = g_ptr_array_new ();
  g_autoptr(GHashTable) user_ids = cvn_sandbox_id_set_new ();
  g_autoptr(GHashTable) chat_ids = cvn_sandbox_id_set_new ();

  if (d->deleted != NULL)
    {
      CvnTlApiUpdateDeleteGroupCallMessages *u = NEW (arena, CvnTlApiUpdateDeleteGroupCallMessages,
                                                      CVN_TL_API_UPDATE_DELETE_GROUP_CALL_MESSAGES_CTOR);
      u->call = cvn_sandbox_tl_input_call (arena, call);
      u->messages = cvn_tl_vector_new (arena, CVN_TL_KIND_INT, d->deleted->len);
      if (d->deleted->len > 0)
        memcpy (u->messages->ints, d->deleted->data, d->deleted->len * sizeof (gint32));
      g_ptr_array_add (updates, u);
    }
  else if (d->message != NULL)
    {
      CvnTlApiUpdateGroupCallMessage *u = NEW (arena, CvnTlApiUpdateGroupCallMessage,
                                               CVN_TL_API_UPDATE_GROUP_CALL_MESSAGE_CTOR);
      CvnTlApiGroupCallMessage *m = NEW (arena, CvnTlApiGroupCallMessage, CVN_TL_API_GROUP_CALL_MESSAGE_CTOR);
      CvnTlApiTextWithEntities *t = NEW (arena, CvnTlApiTextWithEntities, CVN_TL_API_TEXT_WITH_ENTITIES_CTOR);

      cvn_tl_string_set (arena, &t->text, d->message->text);
      t->entities = cvn_tl_vector_new (arena, CVN_TL_KIND_OBJECT, 0);
      m->id = d->message->id;
      m->from_id = cvn_sandbox_tl_peer (arena, &d->message->from);
      m->date = d->message->date;
      m->message = &t->parent;
      m->from_admin = d->message->from.type == CVN_SANDBOX_PEER_USER &&
                      is_admin (world, call, d->message->from.id);
      u->call = cvn_sandbox_tl_input_call (arena, call);
      u->message = &m->parent;
      g_ptr_array_add (updates, u);
      cvn_sandbox_collect_peer (user_ids, chat_ids, &d->message->from);
    }
  else
    {
      CvnTlApiUpdateGroupCallEncryptedMessage *u = NEW (arena, CvnTlApiUpdateGroupCallEncryptedMessage,
                                                        CVN_TL_API_UPDATE_GROUP_CALL_ENCRYPTED_MESSAGE_CTOR);
      CvnSandboxPeer from = { CVN_SANDBOX_PEER_USER, d->encrypted_from };

      u->call = cvn_sandbox_tl_input_call (arena, call);
      u->encrypted_message.data = cvn_tl_arena_memdup (arena, d->encrypted.data, d->encrypted.len);
      u->encrypted_message.len = d->encrypted.len;
      u->from_id = cvn_sandbox_tl_peer (arena, &from);
      g_ptr_array_add (updates, u);
    }
  return cvn_sandbox_tl_updates (world, arena, updates, user_ids, chat_ids, viewer);
}

static gboolean
send_call_message (CvnSandboxCtx                         *ctx,
                   const CvnTlApiPhoneSendGroupCallMessage *req,
                   CvnTlValue                            *result,
                   GError                               **error)
{
  CvnSandboxCall *call;
  CvnSandboxParticipant *p;
  CvnSandboxCallMessage *message;
  const CvnTlApiTextWithEntities *text = (gconstpointer) req->message;
  CallMessageData d = { 0 };

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  p = find_own_participant (call, ctx->user_id);
  if (p == NULL)
    return cvn_sandbox_rpc_fail (error, 400, "GROUPCALL_JOIN_MISSING");
  if (!call->messages_enabled)
    return cvn_sandbox_rpc_fail (error, 403, "CHAT_WRITE_FORBIDDEN");
  if (!IS (req->message, TEXT_WITH_ENTITIES) || text->text.str == NULL || text->text.len == 0 ||
      text->text.len > 4096)
    return cvn_sandbox_rpc_fail (error, 400, "MESSAGE_EMPTY");
  message = g_new0 (CvnSandboxCallMessage, 1);
  message->id = call->next_call_msg_id++;
  message->random_id = req->random_id;
  message->from = p->peer;
  if ((req->flags & CVN_TL_API_PHONE_SEND_GROUP_CALL_MESSAGE_SEND_AS_FLAG) != 0 || req->send_as != NULL)
    {
      CvnSandboxPeer send_as;

      if (!resolve_join_as (ctx, call, req->send_as, &send_as, error))
        {
          g_free (message);
          return FALSE;
        }
      message->from = send_as;
    }
  message->date = cvn_sandbox_world_now (ctx->world);
  message->text = g_utf8_make_valid (text->text.str, text->text.len);
  g_ptr_array_add (call->call_messages, message);
  d.message = message;
  push (ctx->world, call, ctx->session, build_call_message, &d);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = build_call_message (ctx->world, ctx->arena, call, ctx->user_id, &d);
  return TRUE;
}

static gboolean
send_encrypted_message (CvnSandboxCtx                                  *ctx,
                        const CvnTlApiPhoneSendGroupCallEncryptedMessage *req,
                        CvnTlValue                                     *result,
                        GError                                        **error)
{
  CvnSandboxCall *call;
  CallMessageData d = { 0 };

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  if (!call->conference)
    return cvn_sandbox_rpc_fail (error, 400, "GROUPCALL_INVALID");
  if (find_own_participant (call, ctx->user_id) == NULL)
    return cvn_sandbox_rpc_fail (error, 400, "GROUPCALL_JOIN_MISSING");
  if (req->encrypted_message.data == NULL || req->encrypted_message.len == 0 ||
      req->encrypted_message.len > 65536)
    return cvn_sandbox_rpc_fail (error, 400, "MESSAGE_EMPTY");
  d.encrypted = req->encrypted_message;
  d.encrypted_from = ctx->user_id;
  push (ctx->world, call, ctx->session, build_call_message, &d);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = cvn_sandbox_tl_bool (ctx->arena, TRUE);
  return TRUE;
}

static gboolean
delete_messages (CvnSandboxCtx   *ctx,
                 CvnSandboxCall  *call,
                 GArray          *ids,
                 CvnTlValue      *result)
{
  CallMessageData d = { 0 };

  d.deleted = ids;
  push (ctx->world, call, ctx->session, build_call_message, &d);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = build_call_message (ctx->world, ctx->arena, call, ctx->user_id, &d);
  return TRUE;
}

static gboolean
delete_call_messages (CvnSandboxCtx                            *ctx,
                      const CvnTlApiPhoneDeleteGroupCallMessages *req,
                      CvnTlValue                               *result,
                      GError                                  **error)
{
  CvnSandboxCall *call;
  gboolean admin;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint32));

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  admin = is_admin (ctx->world, call, ctx->user_id);
  for (guint i = 0; req->messages != NULL && i < req->messages->len; i++)
    for (guint k = 0; k < call->call_messages->len; k++)
      {
        CvnSandboxCallMessage *m = g_ptr_array_index (call->call_messages, k);

        if (m->id != req->messages->ints[i])
          continue;
        if (!admin && !(m->from.type == CVN_SANDBOX_PEER_USER && m->from.id == ctx->user_id))
          return cvn_sandbox_rpc_fail (error, 403, "MESSAGE_DELETE_FORBIDDEN");
        g_array_append_val (ids, m->id);
        g_ptr_array_remove_index (call->call_messages, k);
        break;
      }
  if (ids->len == 0)
    return cvn_sandbox_rpc_fail (error, 400, "MESSAGE_ID_INVALID");
  return delete_messages (ctx, call, ids, result);
}

static gboolean
delete_participant_messages (CvnSandboxCtx                                       *ctx,
                             const CvnTlApiPhoneDeleteGroupCallParticipantMessages *req,
                             CvnTlValue                                          *result,
                             GError                                             **error)
{
  CvnSandboxCall *call;
  CvnSandboxPeer peer;
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint32));

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  if (!is_admin (ctx->world, call, ctx->user_id))
    return cvn_sandbox_rpc_fail (error, 400, "CHAT_ADMIN_REQUIRED");
  if (!cvn_sandbox_resolve_input_peer (ctx, req->participant, &peer, NULL))
    return cvn_sandbox_rpc_fail (error, 400, "PARTICIPANT_ID_INVALID");
  for (guint k = call->call_messages->len; k > 0; k--)
    {
      CvnSandboxCallMessage *m = g_ptr_array_index (call->call_messages, k - 1);

      if (m->from.type == peer.type && m->from.id == peer.id)
        {
          g_array_prepend_val (ids, m->id);
          g_ptr_array_remove_index (call->call_messages, k - 1);
        }
    }
  return delete_messages (ctx, call, ids, result);
}

static gboolean
get_stars (CvnSandboxCtx                        *ctx,
           const CvnTlApiPhoneGetGroupCallStars *req,
           CvnTlValue                           *result,
           GError                              **error)
{
  CvnSandboxCall *call;
  CvnTlApiPhoneGroupCallStars *r;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  r = NEW (ctx->arena, CvnTlApiPhoneGroupCallStars, CVN_TL_API_PHONE_GROUP_CALL_STARS_CTOR);
  r->total_stars = 0;
  r->top_donors = cvn_tl_vector_new (ctx->arena, CVN_TL_KIND_OBJECT, 0);
  r->chats = cvn_tl_vector_new (ctx->arena, CVN_TL_KIND_OBJECT, 0);
  r->users = cvn_tl_vector_new (ctx->arena, CVN_TL_KIND_OBJECT, 0);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &r->parent;
  return TRUE;
}

static gboolean
save_default_send_as (CvnSandboxCtx                        *ctx,
                      const CvnTlApiPhoneSaveDefaultSendAs *req,
                      CvnTlValue                           *result,
                      GError                              **error)
{
  CvnSandboxCall *call;
  CvnSandboxPeer peer;

  if (!cvn_sandbox_resolve_call (ctx, req->call, FALSE, &call, error))
    return FALSE;
  if (!resolve_join_as (ctx, call, req->send_as, &peer, error))
    return FALSE;
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = cvn_sandbox_tl_bool (ctx->arena, TRUE);
  return TRUE;
}

/* updates.getDifference: the sandbox keeps no log of call updates, only when each call last
 * changed, so a session that missed updates gets the latest updateGroupCall (its own copy) of
 * every call it receives updates of that changed at or after @since. */
void
cvn_sandbox_calls_difference (CvnSandboxWorld *world,
                              CvnTlArena      *arena,
                              gint64           viewer,
                              gint32           since,
                              GPtrArray       *updates,
                              GHashTable      *chat_ids)
{
  g_autoptr(GList) calls = g_list_sort (g_hash_table_get_values (world->calls),
                                        (GCompareFunc) cvn_sandbox_id_compare);

  for (GList *l = calls; l != NULL; l = l->next)
    {
      CvnSandboxCall *call = l->data;

      if (call->changed_date == 0 || call->changed_date < since || !is_recipient (world, call, viewer))
        continue;
      g_ptr_array_add (updates, update_group_call (world, arena, call, viewer));
      if (call->chat_id != 0)
        cvn_sandbox_id_set_add (chat_ids, call->chat_id);
    }
}

static gboolean
start_live_story (CvnSandboxCtx                 *ctx,
                  const CvnTlApiStoriesStartLive *req,
                  CvnTlValue                     *result,
                  GError                        **error)
{
  CvnSandboxPeer peer;
  CvnSandboxChat *chat = NULL;
  CvnSandboxCall *call;
  g_autofree char *key = NULL;
  gint64 *existing;
  CvnTlApiUpdates *updates;
  CvnTlApiUpdateGroupCall *u;

  if (!cvn_sandbox_resolve_input_peer (ctx, req->peer, &peer, NULL))
    return cvn_sandbox_rpc_fail (error, 400, "PEER_ID_INVALID");
  if (peer.type == CVN_SANDBOX_PEER_CHAT)
    return cvn_sandbox_rpc_fail (error, 400, "PEER_ID_INVALID");
  if (peer.type == CVN_SANDBOX_PEER_USER && peer.id != ctx->user_id)
    return cvn_sandbox_rpc_fail (error, 400, "PEER_ID_INVALID");
  if (peer.type == CVN_SANDBOX_PEER_CHANNEL)
    {
      if (!resolve_chat_peer (ctx, req->peer, &chat, error))
        return FALSE;
      if (cvn_sandbox_chat_get_rights (chat, ctx->user_id) == 0)
        return cvn_sandbox_rpc_fail (error, 400, "CHAT_ADMIN_REQUIRED");
    }
  key = g_strdup_printf ("%d:%" G_GINT64_FORMAT, peer.type, peer.id);
  existing = g_hash_table_lookup (ctx->world->live_stories, key);
  if (existing != NULL)
    {
      g_autofree char *message = g_strdup_printf ("STORY_LIVE_ALREADY_%" G_GINT64_FORMAT, existing[1]);
      return cvn_sandbox_rpc_fail (error, 400, message);
    }
  call = cvn_sandbox_world_add_call (ctx->world, NULL, ctx->user_id);
  call->live_story = TRUE;
  if (chat != NULL)
    call->chat_id = chat->id;     /* updates go to the chat's members; the chat keeps its video chat */
  call->rtmp_stream = req->rtmp_stream;
  call->join_muted = TRUE;
  call->messages_enabled = (req->flags & CVN_TL_API_STORIES_START_LIVE_MESSAGES_ENABLED_FLAG) == 0 ||
                           req->messages_enabled;
  {
    gint64 value[2] = { call->id, ctx->world->next_story_id++ };
    g_hash_table_insert (ctx->world->live_stories, g_steal_pointer (&key), g_memdup2 (value, sizeof value));
  }
  updates = (gpointer) build_call_updates (ctx->world, ctx->arena, call, ctx->user_id, NULL);
  u = (gpointer) updates->updates->objects[0];
  u->live_story = TRUE;
  u->peer = cvn_sandbox_tl_peer (ctx->arena, &peer);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &updates->parent;
  return TRUE;
}

/* --- table ---------------------------------------------------------------------------------- */

#define METHOD(NAME, fn, T) \
  case CVN_TL_API_##NAME##_ID: \
    return fn (ctx, (const T *) request, result, error)

gboolean
cvn_sandbox_calls_dispatch (CvnSandboxCtx     *ctx,
                            const CvnTlObject *request,
                            CvnTlValue        *result,
                            gboolean          *handled,
                            GError           **error)
{
  *handled = TRUE;
  switch (request->ctor->id)
    {
    METHOD (PHONE_CREATE_GROUP_CALL, create_group_call, CvnTlApiPhoneCreateGroupCall);
    METHOD (PHONE_TOGGLE_GROUP_CALL_START_SUBSCRIPTION, toggle_start_subscription,
            CvnTlApiPhoneToggleGroupCallStartSubscription);
    METHOD (PHONE_START_SCHEDULED_GROUP_CALL, start_scheduled, CvnTlApiPhoneStartScheduledGroupCall);
    METHOD (PHONE_JOIN_GROUP_CALL, join_group_call, CvnTlApiPhoneJoinGroupCall);
    METHOD (PHONE_LEAVE_GROUP_CALL, leave_group_call, CvnTlApiPhoneLeaveGroupCall);
    METHOD (PHONE_INVITE_TO_GROUP_CALL, invite_to_group_call, CvnTlApiPhoneInviteToGroupCall);
    METHOD (PHONE_DISCARD_GROUP_CALL, discard_group_call, CvnTlApiPhoneDiscardGroupCall);
    METHOD (PHONE_TOGGLE_GROUP_CALL_SETTINGS, toggle_settings, CvnTlApiPhoneToggleGroupCallSettings);
    METHOD (PHONE_GET_GROUP_CALL, get_group_call, CvnTlApiPhoneGetGroupCall);
    METHOD (PHONE_GET_GROUP_PARTICIPANTS, get_group_participants, CvnTlApiPhoneGetGroupParticipants);
    METHOD (PHONE_CHECK_GROUP_CALL, check_group_call, CvnTlApiPhoneCheckGroupCall);
    METHOD (PHONE_TOGGLE_GROUP_CALL_RECORD, toggle_record, CvnTlApiPhoneToggleGroupCallRecord);
    METHOD (PHONE_EDIT_GROUP_CALL_PARTICIPANT, edit_participant, CvnTlApiPhoneEditGroupCallParticipant);
    METHOD (PHONE_EDIT_GROUP_CALL_TITLE, edit_title, CvnTlApiPhoneEditGroupCallTitle);
    METHOD (PHONE_GET_GROUP_CALL_JOIN_AS, get_join_as, CvnTlApiPhoneGetGroupCallJoinAs);
    METHOD (PHONE_SAVE_DEFAULT_GROUP_CALL_JOIN_AS, save_default_join_as,
            CvnTlApiPhoneSaveDefaultGroupCallJoinAs);
    METHOD (PHONE_EXPORT_GROUP_CALL_INVITE, export_invite, CvnTlApiPhoneExportGroupCallInvite);
    METHOD (PHONE_JOIN_GROUP_CALL_PRESENTATION, join_presentation, CvnTlApiPhoneJoinGroupCallPresentation);
    METHOD (PHONE_LEAVE_GROUP_CALL_PRESENTATION, leave_presentation, CvnTlApiPhoneLeaveGroupCallPresentation);
    METHOD (PHONE_GET_GROUP_CALL_STREAM_CHANNELS, stream_channels, CvnTlApiPhoneGetGroupCallStreamChannels);
    METHOD (PHONE_GET_GROUP_CALL_STREAM_RTMP_URL, rtmp_url, CvnTlApiPhoneGetGroupCallStreamRtmpUrl);
    METHOD (PHONE_CREATE_CONFERENCE_CALL, create_conference, CvnTlApiPhoneCreateConferenceCall);
    METHOD (PHONE_INVITE_CONFERENCE_CALL_PARTICIPANT, invite_conference,
            CvnTlApiPhoneInviteConferenceCallParticipant);
    METHOD (PHONE_DECLINE_CONFERENCE_CALL_INVITE, decline_conference, CvnTlApiPhoneDeclineConferenceCallInvite);
    METHOD (PHONE_DELETE_CONFERENCE_CALL_PARTICIPANTS, delete_conference_participants,
            CvnTlApiPhoneDeleteConferenceCallParticipants);
    METHOD (PHONE_SEND_CONFERENCE_CALL_BROADCAST, send_broadcast, CvnTlApiPhoneSendConferenceCallBroadcast);
    METHOD (PHONE_GET_GROUP_CALL_CHAIN_BLOCKS, get_chain_blocks, CvnTlApiPhoneGetGroupCallChainBlocks);
    METHOD (PHONE_SEND_GROUP_CALL_MESSAGE, send_call_message, CvnTlApiPhoneSendGroupCallMessage);
    METHOD (PHONE_SEND_GROUP_CALL_ENCRYPTED_MESSAGE, send_encrypted_message,
            CvnTlApiPhoneSendGroupCallEncryptedMessage);
    METHOD (PHONE_DELETE_GROUP_CALL_MESSAGES, delete_call_messages, CvnTlApiPhoneDeleteGroupCallMessages);
    METHOD (PHONE_DELETE_GROUP_CALL_PARTICIPANT_MESSAGES, delete_participant_messages,
            CvnTlApiPhoneDeleteGroupCallParticipantMessages);
    METHOD (PHONE_GET_GROUP_CALL_STARS, get_stars, CvnTlApiPhoneGetGroupCallStars);
    METHOD (PHONE_SAVE_DEFAULT_SEND_AS, save_default_send_as, CvnTlApiPhoneSaveDefaultSendAs);
    METHOD (STORIES_START_LIVE, start_live_story, CvnTlApiStoriesStartLive);
    default:
      *handled = FALSE;
      return FALSE;
    }
}
