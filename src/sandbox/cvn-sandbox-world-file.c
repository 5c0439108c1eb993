/* cvn-sandbox-world-file.c: the world file (JSON), the default world, the state directory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The format is described in src/sandbox/README.md.  Loading is strict about types (a wrong
 * type is CVN_SANDBOX_ERROR_INVALID_WORLD naming the member) and fills in what a hand-written
 * file may leave out (access hashes, sources, invite hashes) from the seed.
 */
#include "config.h"

#include "cvn-sandbox-calls-private.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

extern const char cvn_sandbox_default_world_json[];

#define SAVE_DELAY_MS 1000

static gboolean
fail (GError    **error,
      const char *what,
      const char *member)
{
  g_set_error (error, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_INVALID_WORLD,
               "world file: %s: bad or missing \"%s\"", what, member);
  return FALSE;
}

static gboolean
get_int (JsonObject *o,
         const char *member,
         gint64      fallback,
         gint64     *value)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *value = fallback;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  if (json_node_get_value_type (node) == G_TYPE_INT64)
    {
      *value = json_node_get_int (node);
      return TRUE;
    }
  if (json_node_get_value_type (node) == G_TYPE_STRING)   /* longs as strings */
    return g_ascii_string_to_signed (json_node_get_string (node), 10, G_MININT64, G_MAXINT64, value, NULL);
  return FALSE;
}

static gboolean
get_bool (JsonObject *o,
          const char *member,
          gboolean   *value)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      *value = FALSE;
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return FALSE;
  *value = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
get_string (JsonObject  *o,
            const char  *member,
            const char **value)
{
  JsonNode *node = json_object_get_member (o, member);

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;
  *value = json_node_get_string (node);
  return TRUE;
}

static JsonArray *
get_array (JsonObject *o,
           const char *member,
           gboolean   *ok)
{
  JsonNode *node = json_object_get_member (o, member);

  *ok = TRUE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      *ok = FALSE;
      return NULL;
    }
  return json_node_get_array (node);
}

static const char *
element_string (JsonArray *array,
                guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static gboolean
element_int (JsonArray *array,
             guint      i,
             gint64    *value)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

static JsonObject *
element_object (JsonArray *array,
                guint      i)
{
  JsonNode *node = json_array_get_element (array, i);

  return JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static gboolean
hex_decode (const char *hex,
            guint8     *out,
            gsize       len)
{
  if (hex == NULL || strlen (hex) != 2 * len)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]);
      int lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      out[i] = (hi << 4) | lo;
    }
  return TRUE;
}

static char *
hex_encode (const guint8 *data,
            gsize         len)
{
  GString *s = g_string_sized_new (2 * len);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);
  return g_string_free (s, FALSE);
}

static gboolean
parse_peer (JsonObject     *o,
            CvnSandboxPeer *peer)
{
  const char *type;
  gint64 id;

  if (o == NULL || !get_string (o, "type", &type) || type == NULL || !get_int (o, "id", 0, &id) || id <= 0)
    return FALSE;
  peer->id = id;
  if (strcmp (type, "user") == 0)
    peer->type = CVN_SANDBOX_PEER_USER;
  else if (strcmp (type, "chat") == 0)
    peer->type = CVN_SANDBOX_PEER_CHAT;
  else if (strcmp (type, "channel") == 0)
    peer->type = CVN_SANDBOX_PEER_CHANNEL;
  else
    return FALSE;
  return TRUE;
}

static const char *const peer_type_names[] = { "none", "user", "chat", "channel" };

static const struct { const char *name; CvnSandboxRights right; } right_names[] = {
  { "change_info", CVN_SANDBOX_RIGHT_CHANGE_INFO },
  { "post_messages", CVN_SANDBOX_RIGHT_POST_MESSAGES },
  { "delete_messages", CVN_SANDBOX_RIGHT_DELETE_MESSAGES },
  { "ban_users", CVN_SANDBOX_RIGHT_BAN_USERS },
  { "invite_users", CVN_SANDBOX_RIGHT_INVITE_USERS },
  { "pin_messages", CVN_SANDBOX_RIGHT_PIN_MESSAGES },
  { "add_admins", CVN_SANDBOX_RIGHT_ADD_ADMINS },
  { "manage_call", CVN_SANDBOX_RIGHT_MANAGE_CALL },
};

static gboolean
load_user (CvnSandboxWorld *self,
           JsonObject      *o,
           GError         **error)
{
  gint64 id, access_hash, pts;
  const char *phone, *first, *last, *username, *password, *hint, *salt1, *salt2, *v;
  gboolean simulated;
  CvnSandboxUser *user;
  JsonNode *srp;

  if (o == NULL)
    return fail (error, "users", "(object)");
  if (!get_int (o, "id", 0, &id) || id <= 0)
    return fail (error, "user", "id");
  if (!get_string (o, "phone", &phone) || !get_string (o, "first_name", &first) ||
      !get_string (o, "last_name", &last) || !get_string (o, "username", &username) ||
      !get_string (o, "password", &password) || !get_string (o, "password_hint", &hint) ||
      !get_bool (o, "simulated", &simulated) || !get_int (o, "access_hash", 0, &access_hash) ||
      !get_int (o, "pts", 1, &pts))
    return fail (error, "user", "phone/first_name/last_name/username/password/simulated/access_hash/pts");
  if ((phone == NULL) != simulated)
    return fail (error, "user", "phone (accounts have one, simulated users none)");
  if (cvn_sandbox_world_get_user (self, id) != NULL)
    return fail (error, "user", "id (duplicate)");
  user = cvn_sandbox_world_add_user (self, id, phone, first, last, username);
  if (access_hash != 0)
    user->access_hash = access_hash;
  user->pts = pts;
  if (password != NULL &&
      !cvn_sandbox_world_set_password (self, user, password, hint, error))
    return FALSE;
  srp = json_object_get_member (o, "srp");
  if (srp != NULL && JSON_NODE_HOLDS_OBJECT (srp))
    {
      JsonObject *so = json_node_get_object (srp);

      if (!get_string (so, "salt1", &salt1) || !get_string (so, "salt2", &salt2) || !get_string (so, "v", &v) ||
          !hex_decode (salt1, user->srp_salt1, sizeof user->srp_salt1) ||
          !hex_decode (salt2, user->srp_salt2, sizeof user->srp_salt2) ||
          !hex_decode (v, user->srp_v, sizeof user->srp_v))
        return fail (error, "user", "srp");
      user->has_password = TRUE;
      g_free (user->password_hint);
      user->password_hint = g_strdup (hint);
    }
  return TRUE;
}

static gboolean
load_message (CvnSandboxWorld   *self,
              JsonObject        *o,
              CvnSandboxMessage *m,
              GError           **error)
{
  gint64 id, date, box, call, hash, duration, schedule;
  const char *text, *action;
  JsonNode *node;
  JsonArray *users;
  gboolean ok;

  if (o == NULL || !get_int (o, "id", 0, &id) || id <= 0 || id > G_MAXINT32 ||
      !get_int (o, "date", cvn_sandbox_world_now (self), &date) || !get_int (o, "box", 0, &box) ||
      !get_int (o, "call", 0, &call) || !get_int (o, "call_access_hash", 0, &hash) ||
      !get_int (o, "duration", 0, &duration) || !get_int (o, "schedule_date", 0, &schedule) ||
      !get_string (o, "text", &text) || !get_string (o, "action", &action) ||
      !get_bool (o, "missed", &m->missed) || !get_bool (o, "active", &m->active) ||
      !get_bool (o, "video", &m->video))
    return fail (error, "message", "id/date/box/call/text/action");
  m->id = id;
  m->date = date;
  m->box = box;
  m->call_id = call;
  m->call_access_hash = hash;
  m->duration = duration;
  m->schedule_date = schedule;
  m->text = g_strdup (text);
  node = json_object_get_member (o, "from");
  if (node == NULL || !parse_peer (JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL, &m->from))
    return fail (error, "message", "from");
  node = json_object_get_member (o, "peer");
  if (node == NULL || !parse_peer (JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL, &m->peer))
    return fail (error, "message", "peer");
  if (action == NULL)
    m->action = CVN_SANDBOX_ACTION_NONE;
  else if (strcmp (action, "group_call") == 0)
    m->action = CVN_SANDBOX_ACTION_GROUP_CALL;
  else if (strcmp (action, "group_call_scheduled") == 0)
    m->action = CVN_SANDBOX_ACTION_GROUP_CALL_SCHEDULED;
  else if (strcmp (action, "conference_call") == 0)
    m->action = CVN_SANDBOX_ACTION_CONFERENCE_CALL;
  else if (strcmp (action, "create") == 0)
    m->action = CVN_SANDBOX_ACTION_CHAT_CREATE;
  else if (strcmp (action, "invite_to_group_call") == 0)
    m->action = CVN_SANDBOX_ACTION_INVITE_TO_GROUP_CALL;
  else
    return fail (error, "message", "action");
  /* optional: states saved before invitations were messages have none */
  users = get_array (o, "users", &ok);
  if (!ok)
    return fail (error, "message", "users");
  if (users != NULL)
    {
      m->users = g_array_new (FALSE, FALSE, sizeof (gint64));
      for (guint i = 0; i < json_array_get_length (users); i++)
        {
          gint64 user_id;

          if (!element_int (users, i, &user_id))
            return fail (error, "message", "users");
          g_array_append_val (m->users, user_id);
        }
    }
  return TRUE;
}

static gboolean
load_chat (CvnSandboxWorld *self,
           JsonObject      *o,
           GError         **error)
{
  gint64 id, creator, access_hash, extra, date, pts, next_msg_id;
  const char *kind_name, *title, *username, *about, *rtmp_key;
  CvnSandboxChatKind kind;
  CvnSandboxChat *chat;
  JsonArray *members, *messages, *join_as;
  gboolean ok;

  if (o == NULL)
    return fail (error, "chats", "(object)");
  if (!get_int (o, "id", 0, &id) || id <= 0 || !get_string (o, "kind", &kind_name) || kind_name == NULL ||
      !get_string (o, "title", &title) || title == NULL || !get_string (o, "username", &username) ||
      !get_string (o, "about", &about) || !get_int (o, "creator", 0, &creator) ||
      !get_int (o, "access_hash", 0, &access_hash) || !get_int (o, "extra_members", 0, &extra) ||
      !get_int (o, "date", 0, &date) || !get_int (o, "pts", 1, &pts) ||
      !get_int (o, "next_msg_id", 1, &next_msg_id) || !get_string (o, "rtmp_key", &rtmp_key))
    return fail (error, "chat", "id/kind/title/username/about/creator");
  if (strcmp (kind_name, "group") == 0)
    kind = CVN_SANDBOX_CHAT_GROUP;
  else if (strcmp (kind_name, "supergroup") == 0)
    kind = CVN_SANDBOX_CHAT_SUPERGROUP;
  else if (strcmp (kind_name, "channel") == 0)
    kind = CVN_SANDBOX_CHAT_CHANNEL;
  else
    return fail (error, "chat", "kind");
  if ((kind == CVN_SANDBOX_CHAT_GROUP) != (id < 1000000000))
    return fail (error, "chat", "id (groups below 1000000000, channels from it)");
  if (cvn_sandbox_world_get_chat (self, id) != NULL)
    return fail (error, "chat", "id (duplicate)");
  if (creator != 0 && cvn_sandbox_world_get_user (self, creator) == NULL)
    return fail (error, "chat", "creator (unknown user)");
  chat = cvn_sandbox_world_add_chat (self, kind, id, title, creator);
  if (access_hash != 0 && kind != CVN_SANDBOX_CHAT_GROUP)
    chat->access_hash = access_hash;
  g_free (chat->username);
  chat->username = g_strdup (username);
  g_free (chat->about);
  chat->about = g_strdup (about != NULL ? about : "");
  chat->extra_members = CLAMP (extra, 0, G_MAXINT32 / 2);
  if (date != 0)
    chat->date = date;
  chat->pts = pts;
  chat->next_msg_id = next_msg_id;
  if (rtmp_key != NULL)
    {
      g_free (chat->rtmp_key);
      chat->rtmp_key = g_strdup (rtmp_key);
    }
  members = get_array (o, "members", &ok);
  if (!ok)
    return fail (error, "chat", "members");
  for (guint i = 0; members != NULL && i < json_array_get_length (members); i++)
    {
      JsonObject *m = element_object (members, i);
      gint64 user_id;
      JsonArray *rights;
      CvnSandboxRights mask = 0;

      if (m == NULL || !get_int (m, "user", 0, &user_id) || cvn_sandbox_world_get_user (self, user_id) == NULL)
        return fail (error, "chat member", "user");
      rights = get_array (m, "rights", &ok);
      if (!ok)
        return fail (error, "chat member", "rights");
      for (guint r = 0; rights != NULL && r < json_array_get_length (rights); r++)
        {
          const char *name = element_string (rights, r);
          guint k;

          for (k = 0; k < G_N_ELEMENTS (right_names); k++)
            if (name != NULL && strcmp (name, right_names[k].name) == 0)
              break;
          if (k == G_N_ELEMENTS (right_names))
            return fail (error, "chat member", "rights (unknown right)");
          mask |= right_names[k].right;
        }
      if (user_id != chat->creator_id)
        cvn_sandbox_chat_add_member (chat, user_id, mask);
    }
  join_as = get_array (o, "default_join_as", &ok);
  if (!ok)
    return fail (error, "chat", "default_join_as");
  for (guint i = 0; join_as != NULL && i < json_array_get_length (join_as); i++)
    {
      JsonObject *j = element_object (join_as, i);
      gint64 user_id;
      CvnSandboxPeer peer;
      JsonNode *node;

      if (j == NULL || !get_int (j, "user", 0, &user_id) || (node = json_object_get_member (j, "peer")) == NULL ||
          !parse_peer (JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL, &peer))
        return fail (error, "chat default_join_as", "user/peer");
      g_hash_table_replace (chat->default_join_as, g_memdup2 (&user_id, sizeof user_id),
                            g_memdup2 (&peer, sizeof peer));
    }
  messages = get_array (o, "messages", &ok);
  if (!ok)
    return fail (error, "chat", "messages");
  for (guint i = 0; messages != NULL && i < json_array_get_length (messages); i++)
    {
      CvnSandboxMessage *m = g_new0 (CvnSandboxMessage, 1);

      g_ptr_array_add (chat->messages, m);
      if (!load_message (self, element_object (messages, i), m, error))
        return FALSE;
      if (kind == CVN_SANDBOX_CHAT_GROUP)
        self->next_common_msg_id = MAX (self->next_common_msg_id, m->id + 1);
      else
        chat->next_msg_id = MAX (chat->next_msg_id, m->id + 1);
    }
  return TRUE;
}

static gboolean
load_video (CvnSandboxWorld  *self,
            JsonNode         *node,
            guint32           audio_source,
            guint             n_layers_default,
            CvnSandboxVideo **video_out,
            GError          **error)
{
  JsonObject *o;
  JsonArray *groups;
  const char *endpoint;
  gboolean ok;
  CvnSandboxVideo *video;

  *video_out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64)
    {
      gint64 layers = json_node_get_int (node);

      if (layers < 1 || layers > 3)
        return fail (error, "participant", "video (1..3 layers)");
      *video_out = cvn_sandbox_video_new_camera (self->rand, audio_source, layers);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return fail (error, "participant", "video");
  o = json_node_get_object (node);
  if (!get_string (o, "endpoint", &endpoint))
    return fail (error, "video", "endpoint");
  groups = get_array (o, "groups", &ok);
  if (!ok || groups == NULL)
    return fail (error, "video", "groups");
  video = cvn_sandbox_video_new_camera (self->rand, audio_source, n_layers_default);
  g_ptr_array_set_size (video->groups, 0);
  if (endpoint != NULL)
    {
      g_free (video->endpoint);
      video->endpoint = g_strdup (endpoint);
    }
  get_bool (o, "paused", &video->paused);
  for (guint i = 0; i < json_array_get_length (groups); i++)
    {
      JsonObject *g = element_object (groups, i);
      const char *semantics;
      JsonArray *sources;
      CvnSandboxSourceGroup *group;

      if (g == NULL || !get_string (g, "semantics", &semantics) || semantics == NULL ||
          (sources = get_array (g, "sources", &ok)) == NULL)
        {
          cvn_sandbox_video_free (video);
          return fail (error, "video group", "semantics/sources");
        }
      group = g_new0 (CvnSandboxSourceGroup, 1);
      group->semantics = g_strdup (semantics);
      group->sources = g_array_new (FALSE, FALSE, sizeof (guint32));
      g_ptr_array_add (video->groups, group);
      for (guint k = 0; k < json_array_get_length (sources); k++)
        {
          gint64 value;
          guint32 s;

          if (!element_int (sources, k, &value))
            {
              cvn_sandbox_video_free (video);
              return fail (error, "video group", "sources");
            }
          s = (guint32) value;
          g_array_append_val (group->sources, s);
        }
    }
  *video_out = video;
  return TRUE;
}

static gboolean
load_participant (CvnSandboxWorld *self,
                  CvnSandboxCall  *call,
                  JsonObject      *o,
                  GError         **error)
{
  CvnSandboxPeer peer;
  gint64 user_id, source, date, active_date, volume, order, rating;
  gboolean muted, can_self_unmute_set, can_self_unmute, simulated_set, simulated, raise_hand, speaking, video_on;
  CvnSandboxParticipant *p;
  JsonNode *node;
  const char *about;

  if (o == NULL || (node = json_object_get_member (o, "peer")) == NULL ||
      !parse_peer (JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL, &peer))
    return fail (error, "participant", "peer");
  if (peer.type == CVN_SANDBOX_PEER_USER ? cvn_sandbox_world_get_user (self, peer.id) == NULL
                                         : cvn_sandbox_world_get_chat (self, peer.id) == NULL)
    return fail (error, "participant", "peer (unknown)");
  if (cvn_sandbox_call_find (call, &peer) != NULL)
    return fail (error, "participant", "peer (twice in one call)");
  if (!get_int (o, "user", 0, &user_id) || !get_int (o, "source", 0, &source) ||
      !get_int (o, "date", 0, &date) || !get_int (o, "active_date", 0, &active_date) ||
      !get_int (o, "volume", 0, &volume) || !get_int (o, "order", 0, &order) ||
      !get_int (o, "raise_hand_rating", 0, &rating) || !get_bool (o, "muted", &muted) ||
      !get_bool (o, "raise_hand", &raise_hand) || !get_bool (o, "speaking", &speaking) ||
      !get_string (o, "about", &about))
    return fail (error, "participant", "user/source/date/volume/muted");
  can_self_unmute_set = json_object_has_member (o, "can_self_unmute");
  if (!get_bool (o, "can_self_unmute", &can_self_unmute))
    return fail (error, "participant", "can_self_unmute");
  simulated_set = json_object_has_member (o, "simulated");
  if (!get_bool (o, "simulated", &simulated))
    return fail (error, "participant", "simulated");
  if (!json_object_has_member (o, "video_on"))
    video_on = TRUE;
  else if (!get_bool (o, "video_on", &video_on))
    return fail (error, "participant", "video_on");
  if (volume < 0 || volume > 20000)
    return fail (error, "participant", "volume");

  p = cvn_sandbox_participant_new (self, &peer, peer.type == CVN_SANDBOX_PEER_USER && user_id == 0 ? peer.id : user_id);
  p->simulated = simulated_set ? simulated
                               : peer.type == CVN_SANDBOX_PEER_USER &&
                                 cvn_sandbox_world_get_user (self, peer.id)->simulated;
  p->source = source != 0 ? (guint32) source : cvn_sandbox_call_new_source (self, call);
  p->muted = muted;
  p->can_self_unmute = can_self_unmute_set ? can_self_unmute : TRUE;
  p->date = date != 0 ? date : cvn_sandbox_world_now (self) - 600;
  p->active_date = active_date != 0 ? active_date : speaking ? cvn_sandbox_world_now (self) : 0;
  p->volume = volume;
  p->about = g_strdup (about);
  p->raise_hand_rating = rating != 0 ? rating : raise_hand ? cvn_sandbox_world_next_hand_rating (self) : 0;
  if (!load_video (self, json_object_get_member (o, "video"), p->source, 3, &p->camera, error) ||
      !load_video (self, json_object_get_member (o, "presentation"), p->source + 16, 2, &p->presentation, error))
    {
      cvn_sandbox_participant_free (p);
      return FALSE;
    }
  if (p->presentation != NULL)
    p->presentation->audio_source = 0;
  if (p->camera != NULL && video_on)
    {
      p->video = g_new0 (CvnSandboxVideo, 1);
      p->video->endpoint = g_strdup (p->camera->endpoint);
      p->video->groups = g_ptr_array_ref (p->camera->groups);
      p->video->paused = p->camera->paused;
      p->video_joined = TRUE;
    }
  cvn_sandbox_call_add_participant (call, p);
  if (order > 0)
    {
      p->order = order;
      call->next_order = MAX (call->next_order, (guint64) order + 1);
    }
  return TRUE;
}

static gboolean
load_call (CvnSandboxWorld *self,
           JsonObject      *o,
           GError         **error)
{
  gint64 id, access_hash, chat_id, creator, random_id, version, created, start, schedule, schedule_in,
    started_ago, record, duration, listeners, next_order, limit, changed;
  gboolean conference, live_story, rtmp, join_muted, messages_disabled, discarded, record_video, ok;
  const char *title, *listener_hash, *speaker_hash, *slug;
  CvnSandboxChat *chat = NULL;
  CvnSandboxCall *call;
  JsonArray *participants, *subscribed, *invited, *blocks;
  gint32 now = cvn_sandbox_world_now (self);

  if (o == NULL)
    return fail (error, "calls", "(object)");
  if (!get_int (o, "id", 0, &id) || !get_int (o, "access_hash", 0, &access_hash) ||
      !get_int (o, "chat", 0, &chat_id) || !get_int (o, "creator", 0, &creator) ||
      !get_int (o, "random_id", 0, &random_id) || !get_int (o, "version", 1, &version) ||
      !get_int (o, "created_date", 0, &created) || !get_int (o, "start_date", 0, &start) ||
      !get_int (o, "schedule_date", 0, &schedule) || !get_int (o, "schedule_in", 0, &schedule_in) ||
      !get_int (o, "started_ago", 0, &started_ago) || !get_int (o, "record_start_date", 0, &record) ||
      !get_int (o, "duration", 0, &duration) || !get_int (o, "listeners", 0, &listeners) ||
      !get_int (o, "next_order", 0, &next_order) || !get_int (o, "unmuted_video_limit", 1000, &limit) ||
      !get_int (o, "changed_date", 0, &changed) ||
      !get_bool (o, "conference", &conference) || !get_bool (o, "live_story", &live_story) ||
      !get_bool (o, "rtmp_stream", &rtmp) ||
      !get_bool (o, "join_muted", &join_muted) || !get_bool (o, "messages_disabled", &messages_disabled) ||
      !get_bool (o, "discarded", &discarded) || !get_bool (o, "record_video", &record_video) ||
      !get_string (o, "title", &title) || !get_string (o, "listener_hash", &listener_hash) ||
      !get_string (o, "speaker_hash", &speaker_hash) || !get_string (o, "slug", &slug))
    return fail (error, "call", "id/chat/creator/version/dates/flags/hashes");
  if (conference && chat_id != 0)
    return fail (error, "call", "chat (a conference has none)");
  if (!conference && !live_story && chat_id == 0)
    return fail (error, "call", "chat (a chat call has one)");
  if (chat_id != 0 && (chat = cvn_sandbox_world_get_chat (self, chat_id)) == NULL)
    return fail (error, "call", "chat (unknown)");
  if (listeners < 0 || listeners > 100000 || version < 1 || version > G_MAXINT32 ||
      (schedule_in != 0 && (schedule_in < 10 || schedule_in > 8 * 86400)))
    return fail (error, "call", "listeners/version/schedule_in");
  if (id != 0 && cvn_sandbox_world_get_call (self, id) != NULL)
    return fail (error, "call", "id (duplicate)");
  if (chat != NULL && chat->call_id != 0 && !discarded && !live_story)
    return fail (error, "call", "chat (already has a call)");

  call = cvn_sandbox_world_add_call (self, discarded || live_story ? NULL : chat, creator);
  call->live_story = live_story;
  if (id != 0)
    {
      gpointer old_key;

      g_hash_table_steal_extended (self->calls, &call->id, &old_key, NULL);
      g_free (old_key);
      call->id = id;
      g_hash_table_replace (self->calls, g_memdup2 (&id, sizeof id), call);
      self->next_call_id = MAX (self->next_call_id, id + 1);
      if (chat != NULL && !discarded && !live_story)
        chat->call_id = id;
    }
  call->chat_id = chat_id;
  if (access_hash != 0)
    call->access_hash = access_hash;
  call->random_id = random_id;
  call->conference = conference;
  call->rtmp_stream = rtmp;
  call->join_muted = join_muted;
  call->messages_enabled = !messages_disabled;
  call->discarded = discarded;
  call->duration = duration;
  call->changed_date = changed;
  call->version = version;
  call->unmuted_video_limit = limit;
  call->created_date = created != 0 ? created : now - started_ago;
  call->start_date = start != 0 ? start : now - started_ago;
  call->schedule_date = schedule != 0 ? schedule : schedule_in != 0 ? now + schedule_in : 0;
  if (call->schedule_date != 0)
    call->start_date = 0;
  call->record_start_date = record;
  call->record_video = record_video;
  call->title = g_strdup (title);
  if (listener_hash != NULL)
    {
      g_free (call->listener_hash);
      call->listener_hash = g_strdup (listener_hash);
    }
  if (speaker_hash != NULL)
    {
      g_free (call->speaker_hash);
      call->speaker_hash = g_strdup (speaker_hash);
    }
  if (conference)
    call->slug = slug != NULL ? g_strdup (slug) : cvn_sandbox_world_random_token (self, 12);
  participants = get_array (o, "participants", &ok);
  if (!ok)
    return fail (error, "call", "participants");
  for (guint i = 0; participants != NULL && i < json_array_get_length (participants); i++)
    if (!load_participant (self, call, element_object (participants, i), error))
      return FALSE;
  /* generated listeners: simulated users muted without the right to speak */
  for (gint64 i = 0; i < listeners; i++)
    {
      g_autofree char *first = g_strdup_printf ("Listener %" G_GINT64_FORMAT, i + 1);
      CvnSandboxUser *user = cvn_sandbox_world_add_user (self, 0, NULL, first, NULL, NULL);
      CvnSandboxPeer peer = { CVN_SANDBOX_PEER_USER, user->id };
      CvnSandboxParticipant *p = cvn_sandbox_participant_new (self, &peer, user->id);

      p->simulated = TRUE;
      p->muted = TRUE;
      p->can_self_unmute = FALSE;
      p->date = call->start_date + (gint32) (i % 3600);
      p->source = cvn_sandbox_call_new_source (self, call);
      cvn_sandbox_call_add_participant (call, p);
    }
  if (next_order > 0)
    call->next_order = MAX (call->next_order, (guint64) next_order);
  subscribed = get_array (o, "subscribed", &ok);
  for (guint i = 0; ok && subscribed != NULL && i < json_array_get_length (subscribed); i++)
    {
      gint64 user_id;

      if (!element_int (subscribed, i, &user_id))
        return fail (error, "call", "subscribed");
      cvn_sandbox_id_set_add (call->subscribed, user_id);
    }
  invited = get_array (o, "invited", &ok);
  for (guint i = 0; ok && invited != NULL && i < json_array_get_length (invited); i++)
    {
      gint64 user_id;

      if (!element_int (invited, i, &user_id))
        return fail (error, "call", "invited");
      cvn_sandbox_id_set_add (call->invited, user_id);
    }
  if (conference)
    cvn_sandbox_id_set_add (call->invited, creator);
  blocks = get_array (o, "blocks", &ok);
  for (guint c = 0; ok && blocks != NULL && c < MIN (2u, json_array_get_length (blocks)); c++)
    {
      JsonNode *chain = json_array_get_element (blocks, c);

      if (!JSON_NODE_HOLDS_ARRAY (chain))
        return fail (error, "call", "blocks");
      for (guint i = 0; i < json_array_get_length (json_node_get_array (chain)); i++)
        {
          const char *hex = element_string (json_node_get_array (chain), i);
          gsize len = hex != NULL ? strlen (hex) / 2 : 0;
          g_autofree guint8 *data = g_malloc (len + 1);

          if (hex == NULL || !hex_decode (hex, data, len))
            return fail (error, "call", "blocks (hex)");
          g_ptr_array_add (call->blocks[c], g_bytes_new (data, len));
        }
    }
  return TRUE;
}

static gboolean
world_is_empty (CvnSandboxWorld *self)
{
  return g_hash_table_size (self->users) == 0 && g_hash_table_size (self->chats) == 0 &&
         g_hash_table_size (self->calls) == 0;
}

gboolean
cvn_sandbox_world_load_data (CvnSandboxWorld *self,
                             const char      *data,
                             gssize           len,
                             GError         **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  JsonArray *array;
  const char *format;
  gboolean ok;
  gint64 next;

  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), FALSE);
  g_return_val_if_fail (data != NULL, FALSE);

  if (!world_is_empty (self))
    {
      g_set_error_literal (error, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_INVALID_WORLD,
                           "a world file loads into an empty world");
      return FALSE;
    }
  if (!json_parser_load_from_data (parser, data, len, error))
    {
      if (error != NULL && *error != NULL && (*error)->domain != CVN_SANDBOX_ERROR)
        {
          GError *e = *error;
          *error = g_error_new (CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_INVALID_WORLD, "world file: %s", e->message);
          g_error_free (e);
        }
      return FALSE;
    }
  if (json_parser_get_root (parser) == NULL || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    return fail (error, "(root)", "(object)");
  root = json_node_get_object (json_parser_get_root (parser));
  if (!get_string (root, "format", &format) || g_strcmp0 (format, "convene-sandbox-world/1") != 0)
    return fail (error, "(root)", "format");

  array = get_array (root, "users", &ok);
  if (!ok)
    return fail (error, "(root)", "users");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (!load_user (self, element_object (array, i), error))
      return FALSE;
  array = get_array (root, "chats", &ok);
  if (!ok)
    return fail (error, "(root)", "chats");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (!load_chat (self, element_object (array, i), error))
      return FALSE;
  array = get_array (root, "calls", &ok);
  if (!ok)
    return fail (error, "(root)", "calls");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    if (!load_call (self, element_object (array, i), error))
      return FALSE;
  array = get_array (root, "private_messages", &ok);
  if (!ok)
    return fail (error, "(root)", "private_messages");
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      CvnSandboxMessage *m = g_new0 (CvnSandboxMessage, 1);

      g_ptr_array_add (self->private_messages, m);
      if (!load_message (self, element_object (array, i), m, error))
        return FALSE;
      self->next_common_msg_id = MAX (self->next_common_msg_id, m->id + 1);
    }
  if (!get_int (root, "next_common_msg_id", 1, &next) || next < 1 || next > G_MAXINT32)
    return fail (error, "(root)", "next_common_msg_id");
  self->next_common_msg_id = MAX (self->next_common_msg_id, next);

  /* a fresh world: announce each chat call with its service message */
  if (!json_object_has_member (root, "saved"))
    {
      GHashTableIter iter;
      gpointer value;
      g_autoptr(GList) calls = NULL;

      g_hash_table_iter_init (&iter, self->calls);
      while (g_hash_table_iter_next (&iter, NULL, &value))
        calls = g_list_prepend (calls, value);
      calls = g_list_sort (calls, (GCompareFunc) cvn_sandbox_id_compare);
      for (GList *l = calls; l != NULL; l = l->next)
        {
          CvnSandboxCall *call = l->data;
          CvnSandboxChat *chat = cvn_sandbox_world_get_chat (self, call->chat_id);

          if (chat != NULL && !call->discarded && !call->live_story)
            {
              CvnSandboxMessage *m = cvn_sandbox_world_post_service (self, chat, call->creator_id,
                                                                     call->schedule_date != 0
                                                                       ? CVN_SANDBOX_ACTION_GROUP_CALL_SCHEDULED
                                                                       : CVN_SANDBOX_ACTION_GROUP_CALL,
                                                                     call);
              m->date = call->schedule_date != 0 ? call->created_date : call->start_date;
            }
        }
    }
  return TRUE;
}

void
cvn_sandbox_world_load_default (CvnSandboxWorld *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CVN_IS_SANDBOX_WORLD (self));
  if (!cvn_sandbox_world_load_data (self, cvn_sandbox_default_world_json, -1, &error))
    g_error ("the built-in default world does not load: %s", error->message);
}

gboolean
cvn_sandbox_world_load_file (CvnSandboxWorld *self,
                             const char      *path,
                             GError         **error)
{
  g_autofree char *data = NULL;
  gsize len;

  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), FALSE);
  if (!g_file_get_contents (path, &data, &len, error))
    return FALSE;
  return cvn_sandbox_world_load_data (self, data, len, error);
}

/* --- writing ------------------------------------------------------------------------------------ */

static void
add_long (JsonBuilder *b,
          const char  *member,
          gint64       value)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, buf);
}

static void
add_int (JsonBuilder *b,
         const char  *member,
         gint64       value)
{
  json_builder_set_member_name (b, member);
  json_builder_add_int_value (b, value);
}

static void
add_string (JsonBuilder *b,
            const char  *member,
            const char  *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, member);
  json_builder_add_string_value (b, value);
}

static void
add_bool (JsonBuilder *b,
          const char  *member,
          gboolean     value)
{
  if (!value)
    return;
  json_builder_set_member_name (b, member);
  json_builder_add_boolean_value (b, TRUE);
}

static void
add_peer (JsonBuilder          *b,
          const char           *member,
          const CvnSandboxPeer *peer)
{
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  add_string (b, "type", peer_type_names[peer->type]);
  add_int (b, "id", peer->id);
  json_builder_end_object (b);
}

static void
add_message (JsonBuilder       *b,
             CvnSandboxMessage *m)
{
  static const char *const actions[] = { NULL, "group_call", "group_call_scheduled", "conference_call", "create",
                                         "invite_to_group_call" };

  json_builder_begin_object (b);
  add_int (b, "id", m->id);
  add_int (b, "date", m->date);
  add_peer (b, "from", &m->from);
  add_peer (b, "peer", &m->peer);
  if (m->box != 0)
    add_int (b, "box", m->box);
  add_string (b, "text", m->text);
  add_string (b, "action", actions[m->action]);
  if (m->call_id != 0)
    {
      add_int (b, "call", m->call_id);
      add_long (b, "call_access_hash", m->call_access_hash);
    }
  if (m->duration != 0)
    add_int (b, "duration", m->duration);
  if (m->schedule_date != 0)
    add_int (b, "schedule_date", m->schedule_date);
  add_bool (b, "missed", m->missed);
  add_bool (b, "active", m->active);
  add_bool (b, "video", m->video);
  if (m->users != NULL)
    {
      json_builder_set_member_name (b, "users");
      json_builder_begin_array (b);
      for (guint i = 0; i < m->users->len; i++)
        json_builder_add_int_value (b, g_array_index (m->users, gint64, i));
      json_builder_end_array (b);
    }
  json_builder_end_object (b);
}

static void
add_video (JsonBuilder     *b,
           const char      *member,
           CvnSandboxVideo *video)
{
  if (video == NULL)
    return;
  json_builder_set_member_name (b, member);
  json_builder_begin_object (b);
  add_string (b, "endpoint", video->endpoint);
  add_bool (b, "paused", video->paused);
  json_builder_set_member_name (b, "groups");
  json_builder_begin_array (b);
  for (guint i = 0; i < video->groups->len; i++)
    {
      CvnSandboxSourceGroup *g = g_ptr_array_index (video->groups, i);

      json_builder_begin_object (b);
      add_string (b, "semantics", g->semantics);
      json_builder_set_member_name (b, "sources");
      json_builder_begin_array (b);
      for (guint k = 0; k < g->sources->len; k++)
        json_builder_add_int_value (b, g_array_index (g->sources, guint32, k));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
}

static GList *
sorted_values (GHashTable *table)
{
  return g_list_sort (g_hash_table_get_values (table), (GCompareFunc) cvn_sandbox_id_compare);
}

static void
add_id_set (JsonBuilder *b,
            const char  *member,
            GHashTable  *set)
{
  g_autoptr(GList) keys = g_list_sort (g_hash_table_get_keys (set), (GCompareFunc) cvn_sandbox_id_compare);

  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (GList *l = keys; l != NULL; l = l->next)
    json_builder_add_int_value (b, *(gint64 *) l->data);
  json_builder_end_array (b);
}

JsonNode *
cvn_sandbox_world_to_json_node (CvnSandboxWorld *self)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GList) users = sorted_values (self->users);
  g_autoptr(GList) chats = sorted_values (self->chats);
  g_autoptr(GList) calls = sorted_values (self->calls);

  json_builder_begin_object (b);
  add_string (b, "format", "convene-sandbox-world/1");
  add_bool (b, "saved", TRUE);
  add_int (b, "next_common_msg_id", self->next_common_msg_id);

  json_builder_set_member_name (b, "users");
  json_builder_begin_array (b);
  for (GList *l = users; l != NULL; l = l->next)
    {
      CvnSandboxUser *u = l->data;

      json_builder_begin_object (b);
      add_int (b, "id", u->id);
      add_long (b, "access_hash", u->access_hash);
      add_string (b, "phone", u->phone);
      add_string (b, "first_name", u->first_name);
      add_string (b, "last_name", u->last_name);
      add_string (b, "username", u->username);
      add_bool (b, "simulated", u->simulated);
      if (u->pts != 1)
        add_int (b, "pts", u->pts);
      if (u->has_password)
        {
          g_autofree char *s1 = hex_encode (u->srp_salt1, sizeof u->srp_salt1);
          g_autofree char *s2 = hex_encode (u->srp_salt2, sizeof u->srp_salt2);
          g_autofree char *v = hex_encode (u->srp_v, sizeof u->srp_v);

          add_string (b, "password_hint", u->password_hint);
          json_builder_set_member_name (b, "srp");
          json_builder_begin_object (b);
          add_string (b, "salt1", s1);
          add_string (b, "salt2", s2);
          add_string (b, "v", v);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "chats");
  json_builder_begin_array (b);
  for (GList *l = chats; l != NULL; l = l->next)
    {
      CvnSandboxChat *c = l->data;
      static const char *const kinds[] = { "group", "supergroup", "channel" };
      g_autoptr(GList) members = g_list_sort (g_hash_table_get_keys (c->members), (GCompareFunc) cvn_sandbox_id_compare);
      g_autoptr(GList) join_as = g_list_sort (g_hash_table_get_keys (c->default_join_as),
                                              (GCompareFunc) cvn_sandbox_id_compare);

      json_builder_begin_object (b);
      add_int (b, "id", c->id);
      if (c->kind != CVN_SANDBOX_CHAT_GROUP)
        add_long (b, "access_hash", c->access_hash);
      add_string (b, "kind", kinds[c->kind]);
      add_string (b, "title", c->title);
      add_string (b, "username", c->username);
      add_string (b, "about", c->about);
      add_int (b, "date", c->date);
      add_int (b, "creator", c->creator_id);
      add_int (b, "extra_members", c->extra_members);
      add_int (b, "pts", c->pts);
      add_int (b, "next_msg_id", c->next_msg_id);
      add_string (b, "rtmp_key", c->rtmp_key);
      json_builder_set_member_name (b, "members");
      json_builder_begin_array (b);
      for (GList *m = members; m != NULL; m = m->next)
        {
          gint64 user_id = *(gint64 *) m->data;
          CvnSandboxRights rights = GPOINTER_TO_UINT (g_hash_table_lookup (c->members, &user_id));

          if (user_id == c->creator_id)
            continue;
          json_builder_begin_object (b);
          add_int (b, "user", user_id);
          json_builder_set_member_name (b, "rights");
          json_builder_begin_array (b);
          for (guint k = 0; k < G_N_ELEMENTS (right_names); k++)
            if (rights & right_names[k].right)
              json_builder_add_string_value (b, right_names[k].name);
          json_builder_end_array (b);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "default_join_as");
      json_builder_begin_array (b);
      for (GList *m = join_as; m != NULL; m = m->next)
        {
          json_builder_begin_object (b);
          add_int (b, "user", *(gint64 *) m->data);
          add_peer (b, "peer", g_hash_table_lookup (c->default_join_as, m->data));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "messages");
      json_builder_begin_array (b);
      for (guint i = 0; i < c->messages->len; i++)
        add_message (b, g_ptr_array_index (c->messages, i));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "calls");
  json_builder_begin_array (b);
  for (GList *l = calls; l != NULL; l = l->next)
    {
      CvnSandboxCall *c = l->data;

      json_builder_begin_object (b);
      add_int (b, "id", c->id);
      add_long (b, "access_hash", c->access_hash);
      if (c->chat_id != 0)
        add_int (b, "chat", c->chat_id);
      add_int (b, "creator", c->creator_id);
      add_int (b, "random_id", c->random_id);
      add_bool (b, "conference", c->conference);
      add_bool (b, "live_story", c->live_story);
      add_bool (b, "rtmp_stream", c->rtmp_stream);
      add_bool (b, "join_muted", c->join_muted);
      add_bool (b, "messages_disabled", !c->messages_enabled);
      add_bool (b, "discarded", c->discarded);
      add_int (b, "duration", c->duration);
      if (c->changed_date != 0)
        add_int (b, "changed_date", c->changed_date);
      add_int (b, "version", c->version);
      add_int (b, "created_date", c->created_date);
      add_int (b, "start_date", c->start_date);
      add_int (b, "schedule_date", c->schedule_date);
      add_int (b, "record_start_date", c->record_start_date);
      add_bool (b, "record_video", c->record_video);
      add_int (b, "unmuted_video_limit", c->unmuted_video_limit);
      add_string (b, "title", c->title);
      add_string (b, "listener_hash", c->listener_hash);
      add_string (b, "speaker_hash", c->speaker_hash);
      add_string (b, "slug", c->slug);
      add_int (b, "next_order", c->next_order);
      add_id_set (b, "subscribed", c->subscribed);
      add_id_set (b, "invited", c->invited);
      json_builder_set_member_name (b, "participants");
      json_builder_begin_array (b);
      for (guint i = 0; i < c->participants->len; i++)
        {
          CvnSandboxParticipant *p = g_ptr_array_index (c->participants, i);

          json_builder_begin_object (b);
          add_peer (b, "peer", &p->peer);
          add_int (b, "user", p->user_id);
          add_int (b, "order", p->order);
          add_int (b, "date", p->date);
          add_int (b, "active_date", p->active_date);
          add_int (b, "source", p->source);
          json_builder_set_member_name (b, "muted");
          json_builder_add_boolean_value (b, p->muted);
          json_builder_set_member_name (b, "can_self_unmute");
          json_builder_add_boolean_value (b, p->can_self_unmute);
          json_builder_set_member_name (b, "simulated");
          json_builder_add_boolean_value (b, p->simulated);
          add_int (b, "volume", p->volume);
          add_int (b, "raise_hand_rating", p->raise_hand_rating);
          add_string (b, "about", p->about);
          add_video (b, "video", p->camera);
          json_builder_set_member_name (b, "video_on");
          json_builder_add_boolean_value (b, p->video != NULL);
          add_video (b, "presentation", p->presentation);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "blocks");
      json_builder_begin_array (b);
      for (guint k = 0; k < 2; k++)
        {
          json_builder_begin_array (b);
          for (guint i = 0; i < c->blocks[k]->len; i++)
            {
              gsize len;
              const guint8 *data = g_bytes_get_data (g_ptr_array_index (c->blocks[k], i), &len);
              g_autofree char *hex = hex_encode (data, len);

              json_builder_add_string_value (b, hex);
            }
          json_builder_end_array (b);
        }
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "private_messages");
  json_builder_begin_array (b);
  for (guint i = 0; i < self->private_messages->len; i++)
    add_message (b, g_ptr_array_index (self->private_messages, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

char *
cvn_sandbox_world_to_data (CvnSandboxWorld *self)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), NULL);
  root = cvn_sandbox_world_to_json_node (self);
  json_generator_set_root (gen, root);
  return json_generator_to_data (gen, NULL);
}

/* --- state directory ------------------------------------------------------------------------------ */

void
cvn_sandbox_world_set_state_dir (CvnSandboxWorld *self,
                                 const char      *dir)
{
  g_return_if_fail (CVN_IS_SANDBOX_WORLD (self));
  g_free (self->state_dir);
  self->state_dir = g_strdup (dir);
}

gboolean
cvn_sandbox_world_load_state (CvnSandboxWorld *self,
                              GError         **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), FALSE);
  if (self->state_dir == NULL)
    return FALSE;
  path = g_build_filename (self->state_dir, "world.json", NULL);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return FALSE;
  return cvn_sandbox_world_load_file (self, path, error);
}

gboolean
cvn_sandbox_world_save_state (CvnSandboxWorld *self,
                              GError         **error)
{
  g_autofree char *path = NULL;
  g_autofree char *data = NULL;

  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), FALSE);
  self->dirty = FALSE;
  if (self->state_dir == NULL)
    return TRUE;
  if (g_mkdir_with_parents (self->state_dir, 0700) != 0)
    {
      g_set_error (error, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_STATE,
                   "cannot create %s: %s", self->state_dir, g_strerror (errno));
      return FALSE;
    }
  path = g_build_filename (self->state_dir, "world.json", NULL);
  data = cvn_sandbox_world_to_data (self);
  if (!g_file_set_contents_full (path, data, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  return TRUE;
}

static void
save_due (gpointer user_data)
{
  CvnSandboxWorld *self = user_data;
  g_autoptr(GError) error = NULL;

  self->save_timeout = 0;
  if (!cvn_sandbox_world_save_state (self, &error))
    g_message ("sandbox: saving the state failed: %s", error->message);
}

void
cvn_sandbox_world_changed (CvnSandboxWorld *self)
{
  self->dirty = TRUE;
  if (self->state_dir != NULL && self->save_timeout == 0)
    self->save_timeout = cvn_clock_add_timeout (self->clock, SAVE_DELAY_MS, save_due, self);
}

void
cvn_sandbox_world_cancel_save (CvnSandboxWorld *self)
{
  if (self->save_timeout != 0)
    cvn_clock_remove_timeout (self->clock, self->save_timeout);
  self->save_timeout = 0;
}

char *
cvn_sandbox_world_describe_accounts (CvnSandboxWorld *self)
{
  GString *s = g_string_new (NULL);
  g_autoptr(GList) users = NULL;

  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), NULL);
  users = sorted_values (self->users);
  for (GList *l = users; l != NULL; l = l->next)
    {
      CvnSandboxUser *u = l->data;

      if (u->simulated || u->phone == NULL)
        continue;
      g_string_append_printf (s, "  +%s  code %c%c%c%c%c  %s%s%s", u->phone,
                              u->phone[5], u->phone[5], u->phone[5], u->phone[5], u->phone[5],
                              u->first_name, u->last_name != NULL ? " " : "",
                              u->last_name != NULL ? u->last_name : "");
      if (u->has_password)
        g_string_append_printf (s, "  (two-step verification%s%s)",
                                u->password_hint != NULL ? "; hint: " : "",
                                u->password_hint != NULL ? u->password_hint : "");
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

void
cvn_sandbox_world_set_listen_port (CvnSandboxWorld *self,
                                   guint16          port)
{
  g_return_if_fail (CVN_IS_SANDBOX_WORLD (self));
  self->listen_port = port;
}
