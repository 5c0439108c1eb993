/* cvn-sandbox-world.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-sandbox-private.h"
#include "cvn-sandbox-sfu.h"
#include "cvn-sandbox-voice.h"

#include "cvn-srp.h"
#include "cvn-dh.h"

#include <json-glib/json-glib.h>
#include <string.h>

G_DEFINE_FINAL_TYPE (CvnSandboxWorld, cvn_sandbox_world, G_TYPE_OBJECT)

static void cancel_delayed (CvnSandboxWorld *self);
static void delayed_free   (gpointer         data);

enum {
  PROP_0,
  PROP_CLOCK,
  PROP_SEED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* --- small helpers -------------------------------------------------------- */

static gint64 *
id_key (gint64 id)
{
  return g_memdup2 (&id, sizeof id);
}

GHashTable *
cvn_sandbox_id_set_new (void)
{
  return g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}

void
cvn_sandbox_id_set_add (GHashTable *set,
                        gint64      id)
{
  if (!g_hash_table_contains (set, &id))
    g_hash_table_add (set, id_key (id));
}

gboolean
cvn_sandbox_rpc_fail (GError     **error,
                      gint         code,
                      const char  *message)
{
  g_set_error_literal (error, CVN_SANDBOX_RPC_ERROR, code, message);
  return FALSE;
}

static gint64
rand_long (GRand *rand)
{
  guint64 hi = g_rand_int (rand);
  guint64 lo = g_rand_int (rand);

  return (gint64) (((hi << 32) | lo) & G_GINT64_CONSTANT (0x7fffffffffffffff));
}

char *
cvn_sandbox_world_random_token (CvnSandboxWorld *self,
                                guint            len)
{
  static const char alphabet[] =
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  char *token = g_malloc (len + 1);

  for (guint i = 0; i < len; i++)
    token[i] = alphabet[g_rand_int_range (self->rand, 0, sizeof alphabet - 1)];
  token[len] = '\0';
  return token;
}

gint32
cvn_sandbox_world_now (CvnSandboxWorld *self)
{
  return (gint32) (cvn_clock_get_real_time (self->clock) / G_USEC_PER_SEC);
}

/* --- model objects ---------------------------------------------------------- */

static void
user_free (gpointer data)
{
  CvnSandboxUser *user = data;

  g_free (user->phone);
  g_free (user->first_name);
  g_free (user->last_name);
  g_free (user->username);
  g_free (user->password_hint);
  g_ptr_array_unref (user->pts_log);
  g_free (user);
}

void
cvn_sandbox_message_free (CvnSandboxMessage *message)
{
  g_free (message->text);
  g_clear_pointer (&message->users, g_array_unref);
  g_free (message);
}

static void
chat_free (gpointer data)
{
  CvnSandboxChat *chat = data;

  g_free (chat->title);
  g_free (chat->username);
  g_free (chat->about);
  g_free (chat->rtmp_key);
  g_hash_table_unref (chat->members);
  g_hash_table_unref (chat->default_join_as);
  g_ptr_array_unref (chat->messages);
  g_free (chat);
}

static void
source_group_free (gpointer data)
{
  CvnSandboxSourceGroup *group = data;

  g_free (group->semantics);
  g_array_unref (group->sources);
  g_free (group);
}

void
cvn_sandbox_video_free (CvnSandboxVideo *video)
{
  if (video == NULL)
    return;
  g_free (video->endpoint);
  g_ptr_array_unref (video->groups);
  g_free (video);
}

static CvnSandboxVideo *
video_new (const char *endpoint)
{
  CvnSandboxVideo *video = g_new0 (CvnSandboxVideo, 1);

  video->endpoint = g_strdup (endpoint);
  video->groups = g_ptr_array_new_with_free_func (source_group_free);
  return video;
}

static CvnSandboxSourceGroup *
source_group_new (const char *semantics)
{
  CvnSandboxSourceGroup *group = g_new0 (CvnSandboxSourceGroup, 1);

  group->semantics = g_strdup (semantics);
  group->sources = g_array_new (FALSE, FALSE, sizeof (guint32));
  return group;
}

/* Camera sources as tgcalls lays them out: layer i primary = base + 2i, rtx = base + 2i + 1,
 * base = audio + 1; one SIM group then one FID group per layer. */
CvnSandboxVideo *
cvn_sandbox_video_new_camera (GRand   *rand,
                              guint32  audio_source,
                              guint    n_layers)
{
  g_autofree char *endpoint = NULL;
  CvnSandboxVideo *video;
  CvnSandboxSourceGroup *sim;
  guint32 base = audio_source + 1;

  endpoint = g_strdup_printf ("%08x", g_rand_int (rand));
  video = video_new (endpoint);
  sim = source_group_new ("SIM");
  for (guint i = 0; i < n_layers; i++)
    {
      guint32 primary = base + 2 * i;
      g_array_append_val (sim->sources, primary);
    }
  if (n_layers > 1)
    g_ptr_array_add (video->groups, sim);
  else
    source_group_free (sim);
  for (guint i = 0; i < n_layers; i++)
    {
      CvnSandboxSourceGroup *fid = source_group_new ("FID");
      guint32 primary = base + 2 * i;
      guint32 rtx = primary + 1;

      g_array_append_val (fid->sources, primary);
      g_array_append_val (fid->sources, rtx);
      g_ptr_array_add (video->groups, fid);
    }
  return video;
}

void
cvn_sandbox_participant_free (CvnSandboxParticipant *participant)
{
  if (participant == NULL)
    return;
  g_free (participant->about);
  cvn_sandbox_video_free (participant->video);
  cvn_sandbox_video_free (participant->presentation);
  cvn_sandbox_video_free (participant->camera);
  g_clear_pointer (&participant->muted_by, g_hash_table_unref);
  g_free (participant);
}

static void
call_free (gpointer data)
{
  CvnSandboxCall *call = data;

  g_free (call->record_title);
  g_free (call->title);
  g_free (call->listener_hash);
  g_free (call->speaker_hash);
  g_free (call->slug);
  g_hash_table_unref (call->subscribed);
  g_hash_table_unref (call->invited);
  g_hash_table_unref (call->by_source);
  g_ptr_array_unref (call->participants);
  g_ptr_array_unref (call->blocks[0]);
  g_ptr_array_unref (call->blocks[1]);
  g_ptr_array_unref (call->call_messages);
  g_free (call);
}

static void
call_message_free (gpointer data)
{
  CvnSandboxCallMessage *message = data;

  g_free (message->text);
  g_free (message);
}

CvnSandboxUser *
cvn_sandbox_world_get_user (CvnSandboxWorld *self,
                            gint64           id)
{
  return g_hash_table_lookup (self->users, &id);
}

CvnSandboxChat *
cvn_sandbox_world_get_chat (CvnSandboxWorld *self,
                            gint64           id)
{
  return g_hash_table_lookup (self->chats, &id);
}

CvnSandboxCall *
cvn_sandbox_world_get_call (CvnSandboxWorld *self,
                            gint64           id)
{
  return g_hash_table_lookup (self->calls, &id);
}

CvnSandboxUser *
cvn_sandbox_world_add_user (CvnSandboxWorld *self,
                            gint64           id,
                            const char      *phone,
                            const char      *first_name,
                            const char      *last_name,
                            const char      *username)
{
  CvnSandboxUser *user = g_new0 (CvnSandboxUser, 1);

  if (id == 0)
    id = self->next_user_id;
  self->next_user_id = MAX (self->next_user_id, id + 1);
  user->id = id;
  user->access_hash = rand_long (self->rand);
  user->phone = g_strdup (phone);
  user->first_name = g_strdup (first_name != NULL ? first_name : "");
  user->last_name = g_strdup (last_name);
  user->username = g_strdup (username);
  user->simulated = phone == NULL;
  user->pts = 1;
  user->pts_log = g_ptr_array_new_with_free_func (g_free);
  g_hash_table_replace (self->users, id_key (id), user);
  if (phone != NULL)
    g_hash_table_replace (self->phones, user->phone, user);
  return user;
}

CvnSandboxChat *
cvn_sandbox_world_add_chat (CvnSandboxWorld   *self,
                            CvnSandboxChatKind kind,
                            gint64             id,
                            const char        *title,
                            gint64             creator_id)
{
  CvnSandboxChat *chat = g_new0 (CvnSandboxChat, 1);

  if (id == 0)
    {
      if (kind == CVN_SANDBOX_CHAT_GROUP)
        id = self->next_chat_id;
      else
        id = self->next_channel_id;
    }
  if (kind == CVN_SANDBOX_CHAT_GROUP)
    self->next_chat_id = MAX (self->next_chat_id, id + 1);
  else
    self->next_channel_id = MAX (self->next_channel_id, id + 1);
  chat->id = id;
  chat->access_hash = kind == CVN_SANDBOX_CHAT_GROUP ? 0 : rand_long (self->rand);
  chat->kind = kind;
  chat->title = g_strdup (title);
  chat->about = g_strdup ("");
  chat->date = cvn_sandbox_world_now (self) - 86400 * 30;
  chat->creator_id = creator_id;
  chat->members = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  chat->default_join_as = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  chat->messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_sandbox_message_free);
  chat->next_msg_id = 1;
  chat->pts = 1;
  chat->rtmp_key = cvn_sandbox_world_random_token (self, 22);
  if (creator_id != 0)
    cvn_sandbox_chat_add_member (chat, creator_id, CVN_SANDBOX_RIGHT_ALL);
  g_hash_table_replace (self->chats, id_key (id), chat);
  return chat;
}

CvnSandboxCall *
cvn_sandbox_world_add_call (CvnSandboxWorld *self,
                            CvnSandboxChat  *chat,
                            gint64           creator_id)
{
  CvnSandboxCall *call = g_new0 (CvnSandboxCall, 1);

  call->id = self->next_call_id++;
  call->access_hash = rand_long (self->rand);
  call->chat_id = chat != NULL ? chat->id : 0;
  call->creator_id = creator_id;
  call->version = 1;
  call->created_date = cvn_sandbox_world_now (self);
  call->start_date = call->created_date;
  call->messages_enabled = TRUE;
  call->unmuted_video_limit = 1000;
  call->listener_hash = cvn_sandbox_world_random_token (self, 16);
  call->speaker_hash = cvn_sandbox_world_random_token (self, 16);
  call->subscribed = cvn_sandbox_id_set_new ();
  call->invited = cvn_sandbox_id_set_new ();
  call->by_source = g_hash_table_new (g_direct_hash, g_direct_equal);
  call->participants = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_sandbox_participant_free);
  call->blocks[0] = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  call->blocks[1] = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  call->call_messages = g_ptr_array_new_with_free_func (call_message_free);
  call->next_call_msg_id = 1;
  call->next_order = 1;
  g_hash_table_replace (self->calls, id_key (call->id), call);
  if (chat != NULL)
    chat->call_id = call->id;
  return call;
}

gboolean
cvn_sandbox_world_set_password (CvnSandboxWorld *self,
                                CvnSandboxUser  *user,
                                const char      *password,
                                const char      *hint,
                                GError         **error)
{
  CvnSrpParams params = { 0 };
  gsize p_len = 0;
  const guint8 *p;

  for (gsize i = 0; i < sizeof user->srp_salt1; i++)
    user->srp_salt1[i] = g_rand_int (self->rand);
  for (gsize i = 0; i < sizeof user->srp_salt2; i++)
    user->srp_salt2[i] = g_rand_int (self->rand);
  p = cvn_sandbox_srp_prime (&p_len);
  params.salt1 = user->srp_salt1;
  params.salt1_len = sizeof user->srp_salt1;
  params.salt2 = user->srp_salt2;
  params.salt2_len = sizeof user->srp_salt2;
  params.g = 3;
  params.p = p;
  params.p_len = p_len;
  if (!cvn_srp_compute_verifier (&params, password, strlen (password), user->srp_v, error))
    return FALSE;
  user->has_password = TRUE;
  g_free (user->password_hint);
  user->password_hint = g_strdup (hint);
  return TRUE;
}

CvnSandboxRights
cvn_sandbox_chat_get_rights (CvnSandboxChat *chat,
                             gint64          user_id)
{
  if (chat == NULL)
    return 0;
  if (user_id == chat->creator_id)
    return CVN_SANDBOX_RIGHT_ALL;
  return GPOINTER_TO_UINT (g_hash_table_lookup (chat->members, &user_id));
}

gboolean
cvn_sandbox_chat_is_member (CvnSandboxChat *chat,
                            gint64          user_id)
{
  return chat != NULL && g_hash_table_contains (chat->members, &user_id);
}

void
cvn_sandbox_chat_add_member (CvnSandboxChat  *chat,
                             gint64           user_id,
                             CvnSandboxRights rights)
{
  g_hash_table_replace (chat->members, id_key (user_id), GUINT_TO_POINTER (rights));
}

static void
append_log (CvnSandboxUser *user,
            gint64          chat_id,
            gint32          msg_id)
{
  CvnSandboxLogEntry *entry = g_new0 (CvnSandboxLogEntry, 1);

  user->pts++;
  entry->pts = user->pts;
  entry->chat_id = chat_id;
  entry->msg_id = msg_id;
  g_ptr_array_add (user->pts_log, entry);
}

static void
message_set_call (CvnSandboxMessage   *message,
                  CvnSandboxActionKind action,
                  CvnSandboxCall      *call)
{
  message->action = action;
  if (call != NULL)
    {
      message->call_id = call->id;
      message->call_access_hash = call->access_hash;
      message->schedule_date = call->schedule_date;
      if (call->discarded)
        message->duration = MAX (call->duration, 1);
    }
}

CvnSandboxMessage *
cvn_sandbox_world_post_service (CvnSandboxWorld     *self,
                                CvnSandboxChat      *chat,
                                gint64               from_user,
                                CvnSandboxActionKind action,
                                CvnSandboxCall      *call)
{
  CvnSandboxMessage *message = g_new0 (CvnSandboxMessage, 1);

  message->date = cvn_sandbox_world_now (self);
  message->from.type = CVN_SANDBOX_PEER_USER;
  message->from.id = from_user;
  if (chat->kind == CVN_SANDBOX_CHAT_GROUP)
    {
      GHashTableIter iter;
      gpointer key;

      message->id = self->next_common_msg_id++;
      message->peer.type = CVN_SANDBOX_PEER_CHAT;
      g_hash_table_iter_init (&iter, chat->members);
      while (g_hash_table_iter_next (&iter, &key, NULL))
        {
          CvnSandboxUser *user = cvn_sandbox_world_get_user (self, *(gint64 *) key);

          if (user != NULL && !user->simulated)
            append_log (user, chat->id, message->id);
        }
    }
  else
    {
      message->id = chat->next_msg_id++;
      message->peer.type = CVN_SANDBOX_PEER_CHANNEL;
      chat->pts++;
      if (chat->kind == CVN_SANDBOX_CHAT_CHANNEL)
        {
          message->from.type = CVN_SANDBOX_PEER_CHANNEL;
          message->from.id = chat->id;
        }
    }
  message->peer.id = chat->id;
  message_set_call (message, action, call);
  g_ptr_array_add (chat->messages, message);
  return message;
}

CvnSandboxMessage *
cvn_sandbox_world_post_private (CvnSandboxWorld     *self,
                                gint64               box,
                                gint64               from_user,
                                gint64               to_user,
                                CvnSandboxActionKind action,
                                CvnSandboxCall      *call,
                                gboolean             video)
{
  CvnSandboxMessage *message = g_new0 (CvnSandboxMessage, 1);
  CvnSandboxUser *user = cvn_sandbox_world_get_user (self, box);

  message->id = self->next_common_msg_id++;
  message->date = cvn_sandbox_world_now (self);
  message->from.type = CVN_SANDBOX_PEER_USER;
  message->from.id = from_user;
  message->peer.type = CVN_SANDBOX_PEER_USER;
  message->peer.id = box == from_user ? to_user : from_user;
  message->box = box;
  message->video = video;
  message_set_call (message, action, call);
  if (action == CVN_SANDBOX_ACTION_CONFERENCE_CALL)
    message->active = TRUE;
  g_ptr_array_add (self->private_messages, message);
  if (user != NULL)
    append_log (user, 0, message->id);
  return message;
}

CvnSandboxParticipant *
cvn_sandbox_call_find (CvnSandboxCall       *call,
                       const CvnSandboxPeer *peer)
{
  for (guint i = 0; i < call->participants->len; i++)
    {
      CvnSandboxParticipant *p = g_ptr_array_index (call->participants, i);

      if (p->peer.type == peer->type && p->peer.id == peer->id)
        return p;
    }
  return NULL;
}

CvnSandboxParticipant *
cvn_sandbox_call_find_user (CvnSandboxCall *call,
                            gint64          user_id)
{
  CvnSandboxPeer peer = { CVN_SANDBOX_PEER_USER, user_id };

  return cvn_sandbox_call_find (call, &peer);
}

void
cvn_sandbox_call_add_participant (CvnSandboxCall        *call,
                                  CvnSandboxParticipant *participant)
{
  participant->order = call->next_order++;
  g_ptr_array_add (call->participants, participant);
  if (participant->source != 0)
    g_hash_table_replace (call->by_source, GUINT_TO_POINTER (participant->source), participant);
}

void
cvn_sandbox_call_remove_participant (CvnSandboxCall        *call,
                                     CvnSandboxParticipant *participant)
{
  guint index;

  if (participant->source != 0 &&
      g_hash_table_lookup (call->by_source, GUINT_TO_POINTER (participant->source)) == participant)
    g_hash_table_remove (call->by_source, GUINT_TO_POINTER (participant->source));
  if (g_ptr_array_find (call->participants, participant, &index))
    g_ptr_array_steal_index (call->participants, index);
}

int
cvn_sandbox_id_compare (gconstpointer a,
                        gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

int
cvn_sandbox_chat_compare (gconstpointer a,
                          gconstpointer b)
{
  const CvnSandboxChat *x = a;
  const CvnSandboxChat *y = b;

  return x->id < y->id ? -1 : x->id > y->id;
}

guint32
cvn_sandbox_call_new_source (CvnSandboxWorld *self,
                             CvnSandboxCall  *call)
{
  for (;;)
    {
      /* tgcalls: random 31-bit non-zero, video sources follow it */
      guint32 source = g_rand_int (self->rand) & 0x7ffffff0u;
      gboolean free = source != 0;

      for (guint32 k = 0; free && k < 8; k++)
        free = !g_hash_table_contains (call->by_source, GUINT_TO_POINTER (source + k));
      if (free)
        return source;
    }
}

gint32
cvn_sandbox_call_unmuted_video_count (CvnSandboxCall *call)
{
  gint32 count = 0;

  for (guint i = 0; i < call->participants->len; i++)
    {
      CvnSandboxParticipant *p = g_ptr_array_index (call->participants, i);

      if (p->video != NULL && !p->video->paused)
        count++;
    }
  return count;
}

/* --- GObject ------------------------------------------------------------------ */

static void
cvn_sandbox_world_finalize (GObject *object)
{
  CvnSandboxWorld *self = CVN_SANDBOX_WORLD (object);

  cvn_sandbox_world_set_simulation (self, 0);
  g_clear_object (&self->voice);
  g_clear_object (&self->sfu);
  cvn_sandbox_world_cancel_save (self);
  cancel_delayed (self);
  g_hash_table_unref (self->delayed);
  g_array_unref (self->sim_left);
  g_ptr_array_unref (self->sessions);
  g_hash_table_unref (self->calls);
  g_hash_table_unref (self->chats);
  g_hash_table_unref (self->phones);
  g_hash_table_unref (self->users);
  g_hash_table_unref (self->random_ids);
  g_hash_table_unref (self->login_tokens);
  g_hash_table_unref (self->live_stories);
  g_ptr_array_unref (self->private_messages);
  g_clear_pointer (&self->rand, g_rand_free);
  g_clear_pointer (&self->sim_rand, g_rand_free);
  g_clear_pointer (&self->chatter_rand, g_rand_free);
  g_clear_pointer (&self->fault_rand, g_rand_free);
  g_clear_pointer (&self->held, g_hash_table_unref);
  g_free (self->state_dir);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (cvn_sandbox_world_parent_class)->finalize (object);
}

static void
cvn_sandbox_world_constructed (GObject *object)
{
  CvnSandboxWorld *self = CVN_SANDBOX_WORLD (object);

  G_OBJECT_CLASS (cvn_sandbox_world_parent_class)->constructed (object);

  if (self->clock == NULL)
    self->clock = cvn_clock_new_system ();
  self->rand = g_rand_new_with_seed_array ((const guint32 *) &self->seed, 2);
  self->sim_rand = g_rand_new_with_seed ((guint32) (self->seed ^ 0x5a5a5a5a));
  self->chatter_rand = g_rand_new_with_seed ((guint32) (self->seed ^ 0x3c3c3c3c));
}

static void
cvn_sandbox_world_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CvnSandboxWorld *self = CVN_SANDBOX_WORLD (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      g_value_set_object (value, self->clock);
      break;
    case PROP_SEED:
      g_value_set_uint64 (value, self->seed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_sandbox_world_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CvnSandboxWorld *self = CVN_SANDBOX_WORLD (object);

  switch (prop_id)
    {
    case PROP_CLOCK:
      self->clock = g_value_dup_object (value);
      break;
    case PROP_SEED:
      self->seed = g_value_get_uint64 (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_sandbox_world_class_init (CvnSandboxWorldClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cvn_sandbox_world_finalize;
  object_class->constructed = cvn_sandbox_world_constructed;
  object_class->get_property = cvn_sandbox_world_get_property;
  object_class->set_property = cvn_sandbox_world_set_property;

  properties[PROP_CLOCK] =
    g_param_spec_object ("clock", NULL, NULL, CVN_TYPE_CLOCK,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEED] =
    g_param_spec_uint64 ("seed", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cvn_sandbox_world_init (CvnSandboxWorld *self)
{
  self->users = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, user_free);
  self->phones = g_hash_table_new (g_str_hash, g_str_equal);
  self->chats = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, chat_free);
  self->calls = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, call_free);
  self->random_ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->login_tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->live_stories = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->sessions = g_ptr_array_new_with_free_func (g_object_unref);
  self->delayed = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, delayed_free);
  self->private_messages = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_sandbox_message_free);
  self->sim_left = g_array_new (FALSE, FALSE, sizeof (CvnSandboxSimLeft));
  self->next_user_id = 100000;
  self->next_chat_id = 5000;
  self->next_channel_id = 1000000100;
  self->next_call_id = 7000001;
  self->next_common_msg_id = 1;
  self->next_story_id = 1;
}

CvnSandboxWorld *
cvn_sandbox_world_new (CvnClock *clock,
                       guint64   seed)
{
  return g_object_new (CVN_TYPE_SANDBOX_WORLD, "clock", clock, "seed", seed, NULL);
}

CvnClock *
cvn_sandbox_world_get_clock (CvnSandboxWorld *self)
{
  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), NULL);
  return self->clock;
}

guint64
cvn_sandbox_world_get_seed (CvnSandboxWorld *self)
{
  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), 0);
  return self->seed;
}

void
cvn_sandbox_world_get_counters (CvnSandboxWorld *self,
                                guint64         *n_pushed,
                                guint64         *n_dropped,
                                guint64         *n_rejected)
{
  g_return_if_fail (CVN_IS_SANDBOX_WORLD (self));
  if (n_pushed != NULL)
    *n_pushed = self->n_pushed;
  if (n_dropped != NULL)
    *n_dropped = self->n_dropped;
  if (n_rejected != NULL)
    *n_rejected = self->n_rejected;
}

gint64
cvn_sandbox_world_find_call (CvnSandboxWorld *self,
                             gint64           chat_id)
{
  CvnSandboxChat *chat = cvn_sandbox_world_get_chat (self, chat_id);

  return chat != NULL ? chat->call_id : 0;
}

/* --- sessions and fan-out ---------------------------------------------------------- */

CvnSandboxSession *
cvn_sandbox_world_open_session (CvnSandboxWorld *self)
{
  CvnSandboxSession *session;

  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), NULL);
  session = cvn_sandbox_session_new (++self->next_session_id);
  g_ptr_array_add (self->sessions, session);
  return session;
}

void
cvn_sandbox_world_close_session (CvnSandboxWorld   *self,
                                 CvnSandboxSession *session)
{
  g_return_if_fail (CVN_IS_SANDBOX_WORLD (self));
  if (self->held != NULL)
    g_hash_table_remove (self->held, session);
  g_ptr_array_remove (self->sessions, session);
}

guint
cvn_sandbox_world_get_n_sessions (CvnSandboxWorld *self)
{
  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), 0);
  return self->sessions->len;
}

guint
cvn_sandbox_world_cut_sessions (CvnSandboxWorld *self,
                                gint64           user_id)
{
  g_autoptr(GPtrArray) cut = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), 0);
  for (guint i = 0; i < self->sessions->len; i++)
    {
      CvnSandboxSession *session = g_ptr_array_index (self->sessions, i);

      if (user_id == 0 || cvn_sandbox_session_get_user_id (session) == user_id)
        g_ptr_array_add (cut, g_object_ref (session));
    }
  for (guint i = 0; i < cut->len; i++)
    cvn_sandbox_session_cut (g_ptr_array_index (cut, i));
  return cut->len;
}

void
cvn_sandbox_world_set_faults (CvnSandboxWorld        *self,
                              const CvnSandboxFaults *faults)
{
  g_return_if_fail (CVN_IS_SANDBOX_WORLD (self));
  g_clear_pointer (&self->fault_rand, g_rand_free);
  g_clear_pointer (&self->held, g_hash_table_unref);
  memset (&self->faults, 0, sizeof self->faults);
  self->faults_on = faults != NULL;
  if (faults == NULL)
    return;
  self->faults = *faults;
  self->fault_rand = g_rand_new_with_seed_array ((const guint32 *) &faults->seed, 2);
  self->held = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                      (GDestroyNotify) g_bytes_unref);
}

typedef struct
{
  CvnSandboxWorld   *world;
  CvnSandboxSession *session;
  GBytes            *bytes;
  guint              id;
} Delayed;

static void
delayed_free (gpointer data)
{
  Delayed *delayed = data;

  g_object_unref (delayed->session);
  g_bytes_unref (delayed->bytes);
  g_free (delayed);
}

static void
delayed_fire (gpointer data)
{
  Delayed *delayed = data;

  /* the session may have been closed meanwhile */
  if (g_ptr_array_find (delayed->world->sessions, delayed->session, NULL))
    cvn_sandbox_session_deliver (delayed->session, delayed->bytes);
  g_hash_table_remove (delayed->world->delayed, GUINT_TO_POINTER (delayed->id));
}

static void
cancel_delayed (CvnSandboxWorld *self)
{
  GHashTableIter iter;
  gpointer key;

  g_hash_table_iter_init (&iter, self->delayed);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    cvn_clock_remove_timeout (self->clock, GPOINTER_TO_UINT (key));
  g_hash_table_remove_all (self->delayed);
}

static void
deliver_with_faults (CvnSandboxWorld   *self,
                     CvnSandboxSession *session,
                     GBytes            *bytes)
{
  GBytes *held;

  self->n_pushed++;
  if (!self->faults_on)
    {
      cvn_sandbox_session_deliver (session, bytes);
      return;
    }
  if (g_rand_double (self->fault_rand) < self->faults.drop)
    {
      self->n_dropped++;
      return;
    }
  held = g_hash_table_lookup (self->held, session);
  if (held == NULL && g_rand_double (self->fault_rand) < self->faults.reorder)
    {
      g_hash_table_insert (self->held, session, g_bytes_ref (bytes));
      return;
    }
  if (g_rand_double (self->fault_rand) < self->faults.delay)
    {
      Delayed *delayed = g_new0 (Delayed, 1);

      delayed->world = self;
      delayed->session = g_object_ref (session);
      delayed->bytes = g_bytes_ref (bytes);
      delayed->id = cvn_clock_add_timeout (self->clock, self->faults.delay_ms, delayed_fire, delayed);
      g_hash_table_insert (self->delayed, GUINT_TO_POINTER (delayed->id), delayed);
    }
  else
    {
      cvn_sandbox_session_deliver (session, bytes);
      if (g_rand_double (self->fault_rand) < self->faults.duplicate)
        cvn_sandbox_session_deliver (session, bytes);
    }
  if (held != NULL)
    {
      g_autoptr(GBytes) late = g_bytes_ref (held);

      g_hash_table_remove (self->held, session);
      cvn_sandbox_session_deliver (session, late);
    }
}

void
cvn_sandbox_world_push_to_user (CvnSandboxWorld   *self,
                                gint64             user_id,
                                const CvnTlObject *updates,
                                CvnSandboxSession *except)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < self->sessions->len; i++)
    {
      CvnSandboxSession *session = g_ptr_array_index (self->sessions, i);

      if (session == except || cvn_sandbox_session_get_user_id (session) != user_id)
        continue;
      if (bytes == NULL)
        {
          bytes = cvn_tl_encode (updates, &error);
          if (bytes == NULL)
            {
              g_critical ("sandbox: cannot encode pushed updates: %s", error->message);
              return;
            }
        }
      deliver_with_faults (self, session, bytes);
    }
}

/* --- SRP prime: the 2048-bit safe prime Telegram sends (g = 3) -------------------------- */

static const char srp_prime_hex[] =
  "c71caeb9c6b1c9048e6c522f70f13f73980d40238e3e21c14934d037563d930f"
  "48198a0aa7c14058229493d22530f4dbfa336f6e0ac925139543aed44cce7c37"
  "20fd51f69458705ac68cd4fe6b6b13abdc9746512969328454f18faf8c595f64"
  "2477fe96bb2a941d5bcd1d4ac8cc49880708fa9b378e3c4f3a9060bee67cf9a4"
  "a4a695811051907e162753b56b0f6b410dba74d8a84b2a14b3144e0ef1284754"
  "fd17ed950d5965b4b9dd46582db1178d169c6bc465b0d6ff9ca3928fef5b9ae4"
  "e418fc15e83ebea0f87fa9ff5eed70050ded2849f47bf959d956850ce929851f"
  "0d8115f635b105ee2e4e15d04b2454bf6f4fadf034b10403119cd8e3b92fcc5b";

const guint8 *
cvn_sandbox_srp_prime (gsize *len)
{
  static guint8 prime[256];
  static gsize init = 0;

  if (g_once_init_enter (&init))
    {
      for (guint i = 0; i < 256; i++)
        prime[i] = (g_ascii_xdigit_value (srp_prime_hex[2 * i]) << 4) |
                   g_ascii_xdigit_value (srp_prime_hex[2 * i + 1]);
      g_once_init_leave (&init, 1);
    }
  *len = sizeof prime;
  return prime;
}

/* --- the SFU and the simulated voices ---------------------------------------------------- */

gboolean
cvn_sandbox_world_start_sfu (CvnSandboxWorld  *self,
                             const char       *address,
                             GError          **error)
{
  g_autoptr(CvnSandboxSfu) sfu = NULL;
  g_autoptr(CvnSandboxVoice) voice = NULL;

  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), FALSE);
  g_return_val_if_fail (self->sfu == NULL, FALSE);
  sfu = cvn_sandbox_sfu_new (address != NULL ? address : "127.0.0.1", error);
  if (sfu == NULL)
    return FALSE;
  voice = cvn_sandbox_voice_new (self, sfu, error);
  if (voice == NULL)
    return FALSE;
  self->sfu = g_steal_pointer (&sfu);
  self->voice = g_steal_pointer (&voice);
  return TRUE;
}

CvnSandboxSfu *
cvn_sandbox_world_get_sfu (CvnSandboxWorld *self)
{
  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), NULL);
  return self->sfu;
}

CvnSandboxVoice *
cvn_sandbox_world_get_voice (CvnSandboxWorld *self)
{
  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), NULL);
  return self->voice;
}

guint
cvn_sandbox_world_restart_sfu (CvnSandboxWorld *self)
{
  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), 0);
  return self->sfu != NULL ? cvn_sandbox_sfu_restart (self->sfu) : 0;
}
