/* cvn-chat.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-chat-private.h"

struct _CvnChat
{
  GObject       parent_instance;

  CvnPeer       peer;
  char         *title;
  char         *username;
  gboolean      broadcast;
  gboolean      is_creator;
  gboolean      is_admin;
  gboolean      can_manage_call;
  gboolean      is_member;
  gboolean      call_active;     /* chat.call_active / channel.call_active */
  int           members_count;

  CvnGroupCall *group_call;
  gulong        call_notify_id;

  gboolean      has_default_join_as;
  CvnPeer       default_join_as;

  /* mirrors of the call, notified when they change */
  gboolean          has_call;
  CvnGroupCallState call_state;
  int               participants_count;
  int               schedule_date;
};

G_DEFINE_FINAL_TYPE (CvnChat, cvn_chat, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_PEER_TYPE,
  PROP_ID,
  PROP_TITLE,
  PROP_USERNAME,
  PROP_BROADCAST,
  PROP_IS_CREATOR,
  PROP_IS_ADMIN,
  PROP_CAN_MANAGE_CALL,
  PROP_IS_MEMBER,
  PROP_MEMBERS_COUNT,
  PROP_HAS_CALL,
  PROP_GROUP_CALL,
  PROP_CALL_STATE,
  PROP_PARTICIPANTS_COUNT,
  PROP_SCHEDULE_DATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_string (CvnChat     *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_bool (CvnChat  *self,
          gboolean *field,
          gboolean  value,
          guint     prop)
{
  value = !!value;
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_int (CvnChat *self,
         int     *field,
         int      value,
         guint    prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

/* The mirrors follow the call; without a call object, or before it is fetched, the chat's
 * call_active flag says whether there is one (its state is then UNKNOWN). */
static void
sync_call_mirrors (CvnChat *self)
{
  CvnGroupCallState state = CVN_GROUP_CALL_STATE_UNKNOWN;
  int count = 0, schedule = 0;
  gboolean has_call;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->group_call != NULL)
    {
      state = cvn_group_call_get_state (self->group_call);
      count = cvn_group_call_get_participants_count (self->group_call);
      schedule = cvn_group_call_get_schedule_date (self->group_call);
      has_call = state == CVN_GROUP_CALL_STATE_LIVE || state == CVN_GROUP_CALL_STATE_SCHEDULED ||
                 (state == CVN_GROUP_CALL_STATE_UNKNOWN && self->call_active);
    }
  else
    has_call = self->call_active;

  if (self->call_state != state)
    {
      self->call_state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL_STATE]);
    }
  set_int (self, &self->participants_count, count, PROP_PARTICIPANTS_COUNT);
  set_int (self, &self->schedule_date, schedule, PROP_SCHEDULE_DATE);
  set_bool (self, &self->has_call, has_call, PROP_HAS_CALL);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
on_call_notify (GObject    *call,
                GParamSpec *pspec,
                gpointer    user_data)
{
  sync_call_mirrors (CVN_CHAT (user_data));
}

static void
cvn_chat_dispose (GObject *object)
{
  CvnChat *self = CVN_CHAT (object);

  if (self->group_call != NULL)
    g_clear_signal_handler (&self->call_notify_id, self->group_call);
  g_clear_object (&self->group_call);

  G_OBJECT_CLASS (cvn_chat_parent_class)->dispose (object);
}

static void
cvn_chat_finalize (GObject *object)
{
  CvnChat *self = CVN_CHAT (object);

  g_free (self->title);
  g_free (self->username);

  G_OBJECT_CLASS (cvn_chat_parent_class)->finalize (object);
}

static void
cvn_chat_get_property (GObject    *object,
                       guint       prop_id,
                       GValue     *value,
                       GParamSpec *pspec)
{
  CvnChat *self = CVN_CHAT (object);

  switch (prop_id)
    {
    case PROP_PEER_TYPE:
      g_value_set_enum (value, self->peer.type);
      break;
    case PROP_ID:
      g_value_set_int64 (value, self->peer.id);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_BROADCAST:
      g_value_set_boolean (value, self->broadcast);
      break;
    case PROP_IS_CREATOR:
      g_value_set_boolean (value, self->is_creator);
      break;
    case PROP_IS_ADMIN:
      g_value_set_boolean (value, self->is_admin);
      break;
    case PROP_CAN_MANAGE_CALL:
      g_value_set_boolean (value, self->can_manage_call);
      break;
    case PROP_IS_MEMBER:
      g_value_set_boolean (value, self->is_member);
      break;
    case PROP_MEMBERS_COUNT:
      g_value_set_int (value, self->members_count);
      break;
    case PROP_HAS_CALL:
      g_value_set_boolean (value, self->has_call);
      break;
    case PROP_GROUP_CALL:
      g_value_set_object (value, self->group_call);
      break;
    case PROP_CALL_STATE:
      g_value_set_enum (value, self->call_state);
      break;
    case PROP_PARTICIPANTS_COUNT:
      g_value_set_int (value, self->participants_count);
      break;
    case PROP_SCHEDULE_DATE:
      g_value_set_int (value, self->schedule_date);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_chat_class_init (CvnChatClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cvn_chat_dispose;
  object_class->finalize = cvn_chat_finalize;
  object_class->get_property = cvn_chat_get_property;

  properties[PROP_PEER_TYPE] =
    g_param_spec_enum ("peer-type", NULL, NULL, CVN_TYPE_PEER_TYPE, CVN_PEER_TYPE_CHAT, flags);
  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, flags);
  properties[PROP_BROADCAST] = g_param_spec_boolean ("broadcast", NULL, NULL, FALSE, flags);
  properties[PROP_IS_CREATOR] = g_param_spec_boolean ("is-creator", NULL, NULL, FALSE, flags);
  properties[PROP_IS_ADMIN] = g_param_spec_boolean ("is-admin", NULL, NULL, FALSE, flags);
  properties[PROP_CAN_MANAGE_CALL] = g_param_spec_boolean ("can-manage-call", NULL, NULL, FALSE, flags);
  properties[PROP_IS_MEMBER] = g_param_spec_boolean ("is-member", NULL, NULL, FALSE, flags);
  properties[PROP_MEMBERS_COUNT] = g_param_spec_int ("members-count", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_HAS_CALL] = g_param_spec_boolean ("has-call", NULL, NULL, FALSE, flags);
  properties[PROP_GROUP_CALL] = g_param_spec_object ("group-call", NULL, NULL, CVN_TYPE_GROUP_CALL, flags);
  properties[PROP_CALL_STATE] =
    g_param_spec_enum ("call-state", NULL, NULL, CVN_TYPE_GROUP_CALL_STATE, CVN_GROUP_CALL_STATE_UNKNOWN, flags);
  properties[PROP_PARTICIPANTS_COUNT] =
    g_param_spec_int ("participants-count", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_SCHEDULE_DATE] = g_param_spec_int ("schedule-date", NULL, NULL, 0, G_MAXINT, 0, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cvn_chat_init (CvnChat *self)
{
}

CvnChat *
_cvn_chat_new (const CvnPeer *peer)
{
  CvnChat *self;

  g_return_val_if_fail (peer != NULL, NULL);
  g_return_val_if_fail (peer->type != CVN_PEER_TYPE_USER, NULL);

  self = g_object_new (CVN_TYPE_CHAT, NULL);
  self->peer = *peer;
  return self;
}

const CvnPeer *
_cvn_chat_get_peer (CvnChat *self)
{
  g_return_val_if_fail (CVN_IS_CHAT (self), NULL);
  return &self->peer;
}

void
_cvn_chat_update_from_entry (CvnChat            *self,
                             const CvnPeerEntry *entry)
{
  g_return_if_fail (CVN_IS_CHAT (self));
  g_return_if_fail (entry != NULL);

  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->title, entry->title, PROP_TITLE);
  set_string (self, &self->username, entry->username, PROP_USERNAME);
  set_bool (self, &self->broadcast, entry->broadcast, PROP_BROADCAST);
  set_bool (self, &self->is_creator, entry->creator, PROP_IS_CREATOR);
  set_bool (self, &self->is_member, !entry->left && !entry->min, PROP_IS_MEMBER);
  set_bool (self, &self->is_admin, entry->admin || entry->creator, PROP_IS_ADMIN);
  set_bool (self, &self->can_manage_call, entry->manage_call || entry->creator, PROP_CAN_MANAGE_CALL);
  if (entry->participants_count > 0)
    set_int (self, &self->members_count, entry->participants_count, PROP_MEMBERS_COUNT);
  self->call_active = entry->call_active;
  sync_call_mirrors (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_cvn_chat_set_group_call (CvnChat      *self,
                          CvnGroupCall *call)
{
  g_return_if_fail (CVN_IS_CHAT (self));
  g_return_if_fail (call == NULL || CVN_IS_GROUP_CALL (call));

  if (call != NULL && cvn_group_call_get_state (call) == CVN_GROUP_CALL_STATE_DISCARDED)
    call = NULL;

  if (self->group_call == call)
    return;

  g_object_freeze_notify (G_OBJECT (self));
  if (self->group_call != NULL)
    g_clear_signal_handler (&self->call_notify_id, self->group_call);
  g_set_object (&self->group_call, call);
  if (call != NULL)
    self->call_notify_id = g_signal_connect_object (call, "notify", G_CALLBACK (on_call_notify), self, 0);
  else
    self->call_active = FALSE;  /* the call we knew ended; a new one comes with its own object */
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_GROUP_CALL]);
  sync_call_mirrors (self);
  g_object_thaw_notify (G_OBJECT (self));
}

void
_cvn_chat_set_members_count (CvnChat *self,
                             int      count)
{
  g_return_if_fail (CVN_IS_CHAT (self));
  set_int (self, &self->members_count, MAX (count, 0), PROP_MEMBERS_COUNT);
}

void
_cvn_chat_set_default_join_as (CvnChat       *self,
                               const CvnPeer *peer)
{
  g_return_if_fail (CVN_IS_CHAT (self));

  self->has_default_join_as = peer != NULL;
  if (peer != NULL)
    self->default_join_as = *peer;
}

CvnPeerType
cvn_chat_get_peer_type (CvnChat *self)
{
  g_return_val_if_fail (CVN_IS_CHAT (self), CVN_PEER_TYPE_CHAT);
  return self->peer.type;
}

gint64
cvn_chat_get_id (CvnChat *self)
{
  g_return_val_if_fail (CVN_IS_CHAT (self), 0);
  return self->peer.id;
}

const char *
cvn_chat_get_title (CvnChat *self)
{
  g_return_val_if_fail (CVN_IS_CHAT (self), NULL);
  return self->title;
}

const char *
cvn_chat_get_username (CvnChat *self)
{
  g_return_val_if_fail (CVN_IS_CHAT (self), NULL);
  return self->username;
}

gboolean
cvn_chat_get_broadcast (CvnChat *self)
{
  g_return_val_if_fail (CVN_IS_CHAT (self), FALSE);
  return self->broadcast;
}

gboolean
cvn_chat_get_is_creator (CvnChat *self)
{
  g_return_val_if_fail (CVN_IS_CHAT (self), FALSE);
  return self->is_creator;
}

gboolean
cvn_chat_get_is_admin (CvnChat *self)
{
  g_return_val_if_fail (CVN_IS_CHAT (self), FALSE);
  return self->is_admin;
}

gboolean
cvn_chat_get_can_manage_call (CvnChat *self)
{
  g_return_val_if_fail (CVN_IS_CHAT (self), FALSE);
  return self->can_manage_call;
}

gboolean
cvn_chat_get_is_member (CvnChat *self)
{
  g_return_val_if_fail (CVN_IS_CHAT (self), FALSE);
  return self->is_member;
}

int
cvn_chat_get_members_count (CvnChat *self)
{
  g_return_val_if_fail (CVN_IS_CHAT (self), 0);
  return self->members_count;
}

gboolean
cvn_chat_get_has_call (CvnChat *self)
{
  g_return_val_if_fail (CVN_IS_CHAT (self), FALSE);
  return self->has_call;
}

CvnGroupCall *
cvn_chat_get_group_call (CvnChat *self)
{
  g_return_val_if_fail (CVN_IS_CHAT (self), NULL);
  return self->group_call;
}

CvnGroupCallState
cvn_chat_get_call_state (CvnChat *self)
{
  g_return_val_if_fail (CVN_IS_CHAT (self), CVN_GROUP_CALL_STATE_UNKNOWN);
  return self->call_state;
}

int
cvn_chat_get_participants_count (CvnChat *self)
{
  g_return_val_if_fail (CVN_IS_CHAT (self), 0);
  return self->participants_count;
}

int
cvn_chat_get_schedule_date (CvnChat *self)
{
  g_return_val_if_fail (CVN_IS_CHAT (self), 0);
  return self->schedule_date;
}

gboolean
cvn_chat_get_default_join_as (CvnChat     *self,
                              CvnPeerType *type,
                              gint64      *id)
{
  g_return_val_if_fail (CVN_IS_CHAT (self), FALSE);

  if (!self->has_default_join_as)
    return FALSE;
  if (type != NULL)
    *type = self->default_join_as.type;
  if (id != NULL)
    *id = self->default_join_as.id;
  return TRUE;
}
