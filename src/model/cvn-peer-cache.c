/* cvn-peer-cache.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-model-error.h"
#include "cvn-peer-cache-private.h"

struct _CvnPeerCache
{
  GObject     parent_instance;

  GHashTable *peers;   /* CvnPeer * (the entry's) → CvnPeerEntry * */
};

G_DEFINE_FINAL_TYPE (CvnPeerCache, cvn_peer_cache, G_TYPE_OBJECT)

enum
{
  SIGNAL_PEER_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
entry_free (gpointer data)
{
  CvnPeerEntry *entry = data;

  g_free (entry->title);
  g_free (entry->first_name);
  g_free (entry->last_name);
  g_free (entry->username);
  g_free (entry);
}

static void
cvn_peer_cache_finalize (GObject *object)
{
  CvnPeerCache *self = CVN_PEER_CACHE (object);

  g_clear_pointer (&self->peers, g_hash_table_unref);

  G_OBJECT_CLASS (cvn_peer_cache_parent_class)->finalize (object);
}

static void
cvn_peer_cache_class_init (CvnPeerCacheClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cvn_peer_cache_finalize;

  signals[SIGNAL_PEER_CHANGED] =
    g_signal_new ("peer-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, CVN_TYPE_PEER_TYPE, G_TYPE_INT64);
}

static void
cvn_peer_cache_init (CvnPeerCache *self)
{
  self->peers = g_hash_table_new_full (_cvn_peer_hash, _cvn_peer_equal, NULL, entry_free);
}

CvnPeerCache *
_cvn_peer_cache_new (void)
{
  return g_object_new (CVN_TYPE_PEER_CACHE, NULL);
}

gboolean
_cvn_peer_cache_peer_from_tl (const CvnTlObject *tl_peer,
                              CvnPeer           *peer)
{
  if (tl_peer == NULL)
    return FALSE;

  switch (tl_peer->ctor->id)
    {
    case CVN_TL_API_PEER_USER_ID:
      peer->type = CVN_PEER_TYPE_USER;
      peer->id = ((const CvnTlApiPeerUser *) tl_peer)->user_id;
      return TRUE;
    case CVN_TL_API_PEER_CHAT_ID:
      peer->type = CVN_PEER_TYPE_CHAT;
      peer->id = ((const CvnTlApiPeerChat *) tl_peer)->chat_id;
      return TRUE;
    case CVN_TL_API_PEER_CHANNEL_ID:
      peer->type = CVN_PEER_TYPE_CHANNEL;
      peer->id = ((const CvnTlApiPeerChannel *) tl_peer)->channel_id;
      return TRUE;
    default:
      return FALSE;
    }
}

/* A TL string as a newly allocated UTF-8 string (NULL when absent or empty; invalid
 * UTF-8 from the network is made valid). */
static char *
dup_tl_string (const CvnTlString *string)
{
  if (string->str == NULL || string->len == 0)
    return NULL;
  return g_utf8_make_valid (string->str, (gssize) string->len);
}

static gboolean
replace_string (char       **field,
                char        *value)   /* transfer full */
{
  if (g_strcmp0 (*field, value) == 0)
    {
      g_free (value);
      return FALSE;
    }
  g_free (*field);
  *field = value;
  return TRUE;
}

#define SET_FIELD(entry, field, value, changed) \
  G_STMT_START { \
    if ((entry)->field != (value)) \
      { \
        (entry)->field = (value); \
        changed = TRUE; \
      } \
  } G_STMT_END

static CvnPeerEntry *
ensure_entry (CvnPeerCache  *self,
              const CvnPeer *peer,
              gboolean      *created)
{
  CvnPeerEntry *entry = g_hash_table_lookup (self->peers, peer);

  *created = entry == NULL;
  if (entry == NULL)
    {
      entry = g_new0 (CvnPeerEntry, 1);
      entry->peer = *peer;
      entry->min = TRUE;   /* until a full constructor comes */
      g_hash_table_insert (self->peers, &entry->peer, entry);
    }
  return entry;
}

static void
set_access_hash (CvnPeerEntry *entry,
                 gint64        access_hash,
                 gboolean      from_min,
                 gboolean     *changed)
{
  /* A min constructor's access hash is not ours to use; it never replaces a full one. */
  if (from_min)
    return;
  SET_FIELD (entry, access_hash, access_hash, *changed);
  SET_FIELD (entry, has_access_hash, TRUE, *changed);
  SET_FIELD (entry, min, FALSE, *changed);
}

static void
emit_changed (CvnPeerCache       *self,
              const CvnPeerEntry *entry)
{
  g_signal_emit (self, signals[SIGNAL_PEER_CHANGED], 0, entry->peer.type, entry->peer.id);
}

static gboolean
add_user (CvnPeerCache      *self,
          const CvnTlObject *object)
{
  CvnPeer peer = { CVN_PEER_TYPE_USER, 0 };
  const CvnTlApiUser *user;
  CvnPeerEntry *entry;
  gboolean changed = FALSE, created;
  g_autofree char *title = NULL;

  if (object->ctor->id != CVN_TL_API_USER_ID)
    return FALSE;   /* userEmpty tells nothing */

  user = (const CvnTlApiUser *) object;
  if (user->id <= 0)
    return FALSE;
  peer.id = user->id;
  entry = ensure_entry (self, &peer, &created);
  changed = created;

  if (user->flags & CVN_TL_API_USER_ACCESS_HASH_FLAG)
    set_access_hash (entry, user->access_hash, user->min, &changed);

  /* min users carry names as the other party sees them; we keep them when we have none */
  if (!user->min || entry->title == NULL)
    {
      char *first = dup_tl_string (&user->first_name);
      char *last = dup_tl_string (&user->last_name);

      if (first != NULL && last != NULL)
        title = g_strdup_printf ("%s %s", first, last);
      else
        title = g_strdup (first != NULL ? first : last);
      changed |= replace_string (&entry->first_name, first);
      changed |= replace_string (&entry->last_name, last);
      changed |= replace_string (&entry->title, g_steal_pointer (&title));
      changed |= replace_string (&entry->username, dup_tl_string (&user->username));
    }
  if (!user->min)
    {
      SET_FIELD (entry, is_self, user->self, changed);
      SET_FIELD (entry, bot, user->bot, changed);
    }

  if (changed)
    emit_changed (self, entry);
  return changed;
}

static void
read_admin_rights (const CvnTlObject *rights,
                   gboolean          *admin,
                   gboolean          *manage_call)
{
  *admin = rights != NULL && rights->ctor->id == CVN_TL_API_CHAT_ADMIN_RIGHTS_ID;
  *manage_call = *admin && ((const CvnTlApiChatAdminRights *) rights)->manage_call;
}

static gboolean
add_chat (CvnPeerCache      *self,
          const CvnTlObject *object)
{
  CvnPeer peer = { CVN_PEER_TYPE_CHAT, 0 };
  CvnPeerEntry *entry;
  gboolean changed = FALSE, created;

  switch (object->ctor->id)
    {
    case CVN_TL_API_CHAT_ID:
      {
        const CvnTlApiChat *chat = (const CvnTlApiChat *) object;
        gboolean admin, manage_call;
        CvnPeer migrated = { CVN_PEER_TYPE_CHANNEL, 0 };

        if (chat->id <= 0)
          return FALSE;
        peer.id = chat->id;
        entry = ensure_entry (self, &peer, &created);
        changed = created;
        read_admin_rights (chat->admin_rights, &admin, &manage_call);
        if (chat->migrated_to != NULL && chat->migrated_to->ctor->id == CVN_TL_API_INPUT_CHANNEL_ID)
          migrated.id = ((const CvnTlApiInputChannel *) chat->migrated_to)->channel_id;
        /* basic groups need no access hash */
        SET_FIELD (entry, has_access_hash, TRUE, changed);
        SET_FIELD (entry, min, FALSE, changed);
        changed |= replace_string (&entry->title, dup_tl_string (&chat->title));
        SET_FIELD (entry, creator, chat->creator, changed);
        SET_FIELD (entry, admin, admin || chat->creator, changed);
        SET_FIELD (entry, manage_call, manage_call || chat->creator, changed);
        SET_FIELD (entry, left, chat->left || chat->deactivated || migrated.id != 0, changed);
        SET_FIELD (entry, call_active, chat->call_active, changed);
        SET_FIELD (entry, call_not_empty, chat->call_not_empty, changed);
        SET_FIELD (entry, participants_count, chat->participants_count, changed);
        if (entry->migrated_to.id != migrated.id)
          {
            entry->migrated_to = migrated;
            changed = TRUE;
          }
        break;
      }
    case CVN_TL_API_CHAT_FORBIDDEN_ID:
      {
        const CvnTlApiChatForbidden *chat = (const CvnTlApiChatForbidden *) object;

        if (chat->id <= 0)
          return FALSE;
        peer.id = chat->id;
        entry = ensure_entry (self, &peer, &created);
        changed = created;
        changed |= replace_string (&entry->title, dup_tl_string (&chat->title));
        SET_FIELD (entry, left, TRUE, changed);
        SET_FIELD (entry, admin, FALSE, changed);
        SET_FIELD (entry, manage_call, FALSE, changed);
        SET_FIELD (entry, call_active, FALSE, changed);
        break;
      }
    case CVN_TL_API_CHANNEL_ID:
      {
        const CvnTlApiChannel *channel = (const CvnTlApiChannel *) object;
        gboolean admin, manage_call;

        if (channel->id <= 0)
          return FALSE;
        peer.type = CVN_PEER_TYPE_CHANNEL;
        peer.id = channel->id;
        entry = ensure_entry (self, &peer, &created);
        changed = created;
        if (channel->flags & CVN_TL_API_CHANNEL_ACCESS_HASH_FLAG)
          set_access_hash (entry, channel->access_hash, channel->min, &changed);
        changed |= replace_string (&entry->title, dup_tl_string (&channel->title));
        changed |= replace_string (&entry->username, dup_tl_string (&channel->username));
        SET_FIELD (entry, broadcast, channel->broadcast, changed);
        SET_FIELD (entry, megagroup, channel->megagroup, changed);
        SET_FIELD (entry, call_active, channel->call_active, changed);
        SET_FIELD (entry, call_not_empty, channel->call_not_empty, changed);
        if (!channel->min)
          {
            /* rights and membership describe us only in full constructors */
            read_admin_rights (channel->admin_rights, &admin, &manage_call);
            SET_FIELD (entry, creator, channel->creator, changed);
            SET_FIELD (entry, admin, admin || channel->creator, changed);
            SET_FIELD (entry, manage_call, manage_call || channel->creator, changed);
            SET_FIELD (entry, left, channel->left, changed);
          }
        if (channel->participants_count > 0)
          SET_FIELD (entry, participants_count, channel->participants_count, changed);
        break;
      }
    case CVN_TL_API_CHANNEL_FORBIDDEN_ID:
      {
        const CvnTlApiChannelForbidden *channel = (const CvnTlApiChannelForbidden *) object;

        if (channel->id <= 0)
          return FALSE;
        peer.type = CVN_PEER_TYPE_CHANNEL;
        peer.id = channel->id;
        entry = ensure_entry (self, &peer, &created);
        changed = created;
        set_access_hash (entry, channel->access_hash, FALSE, &changed);
        changed |= replace_string (&entry->title, dup_tl_string (&channel->title));
        SET_FIELD (entry, broadcast, channel->broadcast, changed);
        SET_FIELD (entry, megagroup, channel->megagroup, changed);
        SET_FIELD (entry, left, TRUE, changed);
        SET_FIELD (entry, admin, FALSE, changed);
        SET_FIELD (entry, manage_call, FALSE, changed);
        SET_FIELD (entry, call_active, FALSE, changed);
        break;
      }
    default:
      return FALSE;   /* chatEmpty */
    }

  if (changed)
    emit_changed (self, entry);
  return changed;
}

void
_cvn_peer_cache_add_user (CvnPeerCache      *self,
                          const CvnTlObject *user)
{
  g_return_if_fail (CVN_IS_PEER_CACHE (self));
  if (user != NULL)
    add_user (self, user);
}

void
_cvn_peer_cache_add_chat (CvnPeerCache      *self,
                          const CvnTlObject *chat)
{
  g_return_if_fail (CVN_IS_PEER_CACHE (self));
  if (chat != NULL)
    add_chat (self, chat);
}

static guint
add_vector (CvnPeerCache      *self,
            const CvnTlVector *vector,
            gboolean           users)
{
  guint n = 0;

  if (vector == NULL)
    return 0;
  for (guint i = 0; i < vector->len; i++)
    if (vector->objects[i] != NULL)
      n += users ? add_user (self, vector->objects[i]) : add_chat (self, vector->objects[i]);
  return n;
}

guint
_cvn_peer_cache_add_from (CvnPeerCache      *self,
                          const CvnTlObject *object)
{
  const CvnTlConstructor *ctor;
  guint n = 0;

  g_return_val_if_fail (CVN_IS_PEER_CACHE (self), 0);

  if (object == NULL)
    return 0;
  ctor = object->ctor;

  switch (ctor->id)
    {
    case CVN_TL_API_USER_ID:
      return add_user (self, object);
    case CVN_TL_API_CHAT_ID:
    case CVN_TL_API_CHAT_FORBIDDEN_ID:
    case CVN_TL_API_CHANNEL_ID:
    case CVN_TL_API_CHANNEL_FORBIDDEN_ID:
      return add_chat (self, object);
    case CVN_TL_API_AUTH_AUTHORIZATION_ID:
      return add_user (self, ((const CvnTlApiAuthAuthorization *) object)->user);
    default:
      break;
    }

  /* Any constructor with `users` / `chats` vectors of objects: Updates, updatesCombined,
   * messages.Dialogs, messages.ChatFull, contacts.ResolvedPeer, phone.GroupCall, ... */
  for (guint i = 0; i < ctor->n_fields; i++)
    {
      const CvnTlField *field = &ctor->fields[i];
      const CvnTlVector *vector;

      if (field->kind != CVN_TL_KIND_VECTOR || field->elem_kind != CVN_TL_KIND_OBJECT)
        continue;
      if (g_strcmp0 (field->name, "users") != 0 && g_strcmp0 (field->name, "chats") != 0)
        continue;
      vector = *(CvnTlVector * const *) ((const guint8 *) object + field->offset);
      n += add_vector (self, vector, field->name[0] == 'u');
    }
  return n;
}

const CvnPeerEntry *
_cvn_peer_cache_lookup (CvnPeerCache  *self,
                        const CvnPeer *peer)
{
  g_return_val_if_fail (CVN_IS_PEER_CACHE (self), NULL);
  g_return_val_if_fail (peer != NULL, NULL);

  return g_hash_table_lookup (self->peers, peer);
}

guint
_cvn_peer_cache_get_n_peers (CvnPeerCache *self)
{
  g_return_val_if_fail (CVN_IS_PEER_CACHE (self), 0);
  return g_hash_table_size (self->peers);
}

void
_cvn_peer_cache_clear (CvnPeerCache *self)
{
  g_return_if_fail (CVN_IS_PEER_CACHE (self));
  g_hash_table_remove_all (self->peers);
}

static const CvnPeerEntry *
lookup_usable (CvnPeerCache  *self,
               const CvnPeer *peer,
               GError       **error)
{
  const CvnPeerEntry *entry = g_hash_table_lookup (self->peers, peer);

  if (entry == NULL || !entry->has_access_hash)
    {
      g_set_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_NOT_FOUND,
                   _("This chat or user is not known to this device yet"));
      return NULL;
    }
  return entry;
}

CvnTlObject *
_cvn_peer_cache_make_input_peer (CvnPeerCache  *self,
                                 const CvnPeer *peer,
                                 CvnTlArena    *arena,
                                 GError       **error)
{
  const CvnPeerEntry *entry;

  g_return_val_if_fail (CVN_IS_PEER_CACHE (self), NULL);
  g_return_val_if_fail (peer != NULL, NULL);

  entry = lookup_usable (self, peer, error);
  if (entry == NULL)
    return NULL;

  switch (peer->type)
    {
    case CVN_PEER_TYPE_USER:
      {
        CvnTlApiInputPeerUser *input;

        if (entry->is_self)
          return cvn_tl_object_new (arena, CVN_TL_API_INPUT_PEER_SELF_CTOR);
        input = (CvnTlApiInputPeerUser *) cvn_tl_object_new (arena, CVN_TL_API_INPUT_PEER_USER_CTOR);
        input->user_id = peer->id;
        input->access_hash = entry->access_hash;
        return &input->parent;
      }
    case CVN_PEER_TYPE_CHAT:
      {
        CvnTlApiInputPeerChat *input =
          (CvnTlApiInputPeerChat *) cvn_tl_object_new (arena, CVN_TL_API_INPUT_PEER_CHAT_CTOR);

        input->chat_id = peer->id;
        return &input->parent;
      }
    case CVN_PEER_TYPE_CHANNEL:
    default:
      {
        CvnTlApiInputPeerChannel *input =
          (CvnTlApiInputPeerChannel *) cvn_tl_object_new (arena, CVN_TL_API_INPUT_PEER_CHANNEL_CTOR);

        input->channel_id = peer->id;
        input->access_hash = entry->access_hash;
        return &input->parent;
      }
    }
}

CvnTlObject *
_cvn_peer_cache_make_input_user (CvnPeerCache *self,
                                 gint64        user_id,
                                 CvnTlArena   *arena,
                                 GError      **error)
{
  CvnPeer peer = { CVN_PEER_TYPE_USER, user_id };
  const CvnPeerEntry *entry;
  CvnTlApiInputUser *input;

  g_return_val_if_fail (CVN_IS_PEER_CACHE (self), NULL);

  entry = lookup_usable (self, &peer, error);
  if (entry == NULL)
    return NULL;
  if (entry->is_self)
    return cvn_tl_object_new (arena, CVN_TL_API_INPUT_USER_SELF_CTOR);
  input = (CvnTlApiInputUser *) cvn_tl_object_new (arena, CVN_TL_API_INPUT_USER_CTOR);
  input->user_id = user_id;
  input->access_hash = entry->access_hash;
  return &input->parent;
}

CvnTlObject *
_cvn_peer_cache_make_input_channel (CvnPeerCache *self,
                                    gint64        channel_id,
                                    CvnTlArena   *arena,
                                    GError      **error)
{
  CvnPeer peer = { CVN_PEER_TYPE_CHANNEL, channel_id };
  const CvnPeerEntry *entry;
  CvnTlApiInputChannel *input;

  g_return_val_if_fail (CVN_IS_PEER_CACHE (self), NULL);

  entry = lookup_usable (self, &peer, error);
  if (entry == NULL)
    return NULL;
  input = (CvnTlApiInputChannel *) cvn_tl_object_new (arena, CVN_TL_API_INPUT_CHANNEL_CTOR);
  input->channel_id = channel_id;
  input->access_hash = entry->access_hash;
  return &input->parent;
}
