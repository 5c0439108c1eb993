/* cvn-chat-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-chat-list-private.h"
#include "cvn-chat-private.h"

struct _CvnChatList
{
  GObject    parent_instance;

  GPtrArray *tracked;   /* CvnChat *, every chat followed */
  GPtrArray *items;     /* CvnChat * with has-call, sorted */
};

static void cvn_chat_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CvnChatList, cvn_chat_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, cvn_chat_list_model_init))

enum
{
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Live calls first, then chats whose call is known only from the chat's call_active flag
 * (full info pending), then scheduled calls by date. */
static int
state_rank (CvnChat *chat)
{
  switch (cvn_chat_get_call_state (chat))
    {
    case CVN_GROUP_CALL_STATE_LIVE:
      return 0;
    case CVN_GROUP_CALL_STATE_SCHEDULED:
      return 2;
    case CVN_GROUP_CALL_STATE_UNKNOWN:
    case CVN_GROUP_CALL_STATE_DISCARDED:
    default:
      return 1;
    }
}

static int
compare_chats (CvnChat *a,
               CvnChat *b)
{
  int ra = state_rank (a), rb = state_rank (b);
  int cmp;

  if (ra != rb)
    return ra < rb ? -1 : 1;
  if (ra == 0 && cvn_chat_get_participants_count (a) != cvn_chat_get_participants_count (b))
    return cvn_chat_get_participants_count (a) > cvn_chat_get_participants_count (b) ? -1 : 1;
  if (ra == 2 && cvn_chat_get_schedule_date (a) != cvn_chat_get_schedule_date (b))
    return cvn_chat_get_schedule_date (a) < cvn_chat_get_schedule_date (b) ? -1 : 1;
  cmp = g_utf8_collate (cvn_chat_get_title (a) ? cvn_chat_get_title (a) : "",
                        cvn_chat_get_title (b) ? cvn_chat_get_title (b) : "");
  if (cmp != 0)
    return cmp;
  if (cvn_chat_get_peer_type (a) != cvn_chat_get_peer_type (b))
    return cvn_chat_get_peer_type (a) < cvn_chat_get_peer_type (b) ? -1 : 1;
  if (cvn_chat_get_id (a) != cvn_chat_get_id (b))
    return cvn_chat_get_id (a) < cvn_chat_get_id (b) ? -1 : 1;
  return 0;
}

/* Where @chat goes among the items (it is not among them). */
static guint
insertion_point (CvnChatList *self,
                 CvnChat     *chat)
{
  guint lo = 0, hi = self->items->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare_chats (self->items->pdata[mid], chat) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }
  return lo;
}

static void
reposition (CvnChatList *self,
            CvnChat     *chat)
{
  guint old_pos, new_pos;
  gboolean was_in = g_ptr_array_find (self->items, chat, &old_pos);
  gboolean belongs = cvn_chat_get_has_call (chat) && cvn_chat_get_is_member (chat);

  if (!was_in && !belongs)
    return;

  if (was_in)
    {
      /* still in order where it is: nothing changes */
      if (belongs &&
          (old_pos == 0 || compare_chats (self->items->pdata[old_pos - 1], chat) < 0) &&
          (old_pos + 1 == self->items->len || compare_chats (chat, self->items->pdata[old_pos + 1]) < 0))
        return;
      g_ptr_array_steal_index (self->items, old_pos);
    }

  if (!belongs)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), old_pos, 1, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
      g_object_unref (chat);
      return;
    }

  if (!was_in)
    g_object_ref (chat);
  new_pos = insertion_point (self, chat);
  g_ptr_array_insert (self->items, new_pos, chat);

  if (was_in)
    {
      /* a move: one range covering both places */
      guint first = MIN (old_pos, new_pos), last = MAX (old_pos, new_pos);

      g_list_model_items_changed (G_LIST_MODEL (self), first, last - first + 1, last - first + 1);
    }
  else
    {
      g_list_model_items_changed (G_LIST_MODEL (self), new_pos, 0, 1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
}

static void
on_chat_notify (GObject    *object,
                GParamSpec *pspec,
                gpointer    user_data)
{
  reposition (CVN_CHAT_LIST (user_data), CVN_CHAT (object));
}

static GType
cvn_chat_list_get_item_type (GListModel *model)
{
  return CVN_TYPE_CHAT;
}

static guint
cvn_chat_list_get_n_items (GListModel *model)
{
  return CVN_CHAT_LIST (model)->items->len;
}

static gpointer
cvn_chat_list_get_item (GListModel *model,
                        guint       position)
{
  CvnChatList *self = CVN_CHAT_LIST (model);

  if (position >= self->items->len)
    return NULL;
  return g_object_ref (self->items->pdata[position]);
}

static void
cvn_chat_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cvn_chat_list_get_item_type;
  iface->get_n_items = cvn_chat_list_get_n_items;
  iface->get_item = cvn_chat_list_get_item;
}

static void
untrack_all (CvnChatList *self)
{
  for (guint i = 0; i < self->tracked->len; i++)
    g_signal_handlers_disconnect_by_func (self->tracked->pdata[i], on_chat_notify, self);
  g_ptr_array_set_size (self->tracked, 0);
}

static void
cvn_chat_list_dispose (GObject *object)
{
  CvnChatList *self = CVN_CHAT_LIST (object);

  if (self->tracked != NULL)
    untrack_all (self);
  g_clear_pointer (&self->tracked, g_ptr_array_unref);
  g_clear_pointer (&self->items, g_ptr_array_unref);

  G_OBJECT_CLASS (cvn_chat_list_parent_class)->dispose (object);
}

static void
cvn_chat_list_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CvnChatList *self = CVN_CHAT_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->items->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_chat_list_class_init (CvnChatListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cvn_chat_list_dispose;
  object_class->get_property = cvn_chat_list_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cvn_chat_list_init (CvnChatList *self)
{
  self->tracked = g_ptr_array_new_with_free_func (g_object_unref);
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
}

CvnChatList *
_cvn_chat_list_new (void)
{
  return g_object_new (CVN_TYPE_CHAT_LIST, NULL);
}

void
_cvn_chat_list_track (CvnChatList *self,
                      CvnChat     *chat)
{
  g_return_if_fail (CVN_IS_CHAT_LIST (self));
  g_return_if_fail (CVN_IS_CHAT (chat));

  if (g_ptr_array_find (self->tracked, chat, NULL))
    return;
  g_ptr_array_add (self->tracked, g_object_ref (chat));
  g_signal_connect (chat, "notify::has-call", G_CALLBACK (on_chat_notify), self);
  g_signal_connect (chat, "notify::is-member", G_CALLBACK (on_chat_notify), self);
  g_signal_connect (chat, "notify::call-state", G_CALLBACK (on_chat_notify), self);
  g_signal_connect (chat, "notify::participants-count", G_CALLBACK (on_chat_notify), self);
  g_signal_connect (chat, "notify::schedule-date", G_CALLBACK (on_chat_notify), self);
  g_signal_connect (chat, "notify::title", G_CALLBACK (on_chat_notify), self);
  reposition (self, chat);
}

void
_cvn_chat_list_clear (CvnChatList *self)
{
  guint n;

  g_return_if_fail (CVN_IS_CHAT_LIST (self));

  untrack_all (self);
  n = self->items->len;
  g_ptr_array_set_size (self->items, 0);
  if (n > 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), 0, n, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
}

CvnChat *
cvn_chat_list_lookup (CvnChatList *self,
                      CvnPeerType  type,
                      gint64       id)
{
  g_return_val_if_fail (CVN_IS_CHAT_LIST (self), NULL);

  for (guint i = 0; i < self->items->len; i++)
    {
      CvnChat *chat = self->items->pdata[i];

      if (cvn_chat_get_peer_type (chat) == type && cvn_chat_get_id (chat) == id)
        return chat;
    }
  return NULL;
}
