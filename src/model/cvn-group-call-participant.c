/* cvn-group-call-participant.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-group-call-participant-private.h"
#include "cvn-group-call-participant-list-private.h"
#include "cvn-group-call-participant-video-private.h"

/* groupCallParticipant page: volume is "in hundreds of percents"; absent means 100 %. */
#define DEFAULT_VOLUME 10000

/* The server flags the participant keeps. */
#define KEPT_FLAGS (CVN_PARTICIPANT_FLAG_MUTED | CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE \
                    | CVN_PARTICIPANT_FLAG_JUST_JOINED | CVN_PARTICIPANT_FLAG_MUTED_BY_YOU \
                    | CVN_PARTICIPANT_FLAG_VOLUME_BY_ADMIN | CVN_PARTICIPANT_FLAG_SELF \
                    | CVN_PARTICIPANT_FLAG_VIDEO_JOINED | CVN_PARTICIPANT_FLAG_HAS_VOLUME \
                    | CVN_PARTICIPANT_FLAG_HAS_ACTIVE_DATE | CVN_PARTICIPANT_FLAG_HAS_ABOUT \
                    | CVN_PARTICIPANT_FLAG_HAS_RAISE_HAND_RATING \
                    | CVN_PARTICIPANT_FLAG_HAS_PAID_STARS_TOTAL)

struct _CvnGroupCallParticipant
{
  GObject                       parent_instance;

  CvnPeer                       peer;
  guint32                       flags;            /* server flags, CvnParticipantFlags */
  gint32                        date;
  gint32                        active_date;
  gint32                        source;
  gint32                        volume;
  gint32                        version;
  gint32                        local_active;
  gint32                        muted_guard_version;
  char                         *about;
  gint64                        raise_hand_rating;
  gint64                        paid_stars_total;
  CvnGroupCallParticipantVideo *video;
  CvnGroupCallParticipantVideo *presentation;
  CvnParticipantSortKey         sort_key;
  guint64                       pending_muted_generation;

  guint                         speaking : 1;
  guint                         has_pending_muted : 1;
  guint                         pending_muted : 1;

  CvnGroupCallParticipantList  *list;             /* unowned, set while in a list */
  gpointer                      iter;             /* its GSequenceIter there */
};

enum {
  PROP_0,
  PROP_PEER_TYPE,
  PROP_PEER_ID,
  PROP_MUTED,
  PROP_CAN_SELF_UNMUTE,
  PROP_JUST_JOINED,
  PROP_MUTED_BY_YOU,
  PROP_VOLUME_BY_ADMIN,
  PROP_IS_SELF,
  PROP_VIDEO_JOINED,
  PROP_DATE,
  PROP_ACTIVE_DATE,
  PROP_SOURCE,
  PROP_HAS_VOLUME,
  PROP_VOLUME,
  PROP_ABOUT,
  PROP_RAISE_HAND_RATING,
  PROP_HAND_RAISED,
  PROP_VIDEO,
  PROP_PRESENTATION,
  PROP_PAID_STARS_TOTAL,
  PROP_SPEAKING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CvnGroupCallParticipant, cvn_group_call_participant, G_TYPE_OBJECT)

static void
cvn_group_call_participant_finalize (GObject *object)
{
  CvnGroupCallParticipant *self = CVN_GROUP_CALL_PARTICIPANT (object);

  g_clear_pointer (&self->about, g_free);
  g_clear_object (&self->video);
  g_clear_object (&self->presentation);

  G_OBJECT_CLASS (cvn_group_call_participant_parent_class)->finalize (object);
}

static void
cvn_group_call_participant_get_property (GObject    *object,
                                         guint       prop_id,
                                         GValue     *value,
                                         GParamSpec *pspec)
{
  CvnGroupCallParticipant *self = CVN_GROUP_CALL_PARTICIPANT (object);

  switch (prop_id)
    {
    case PROP_PEER_TYPE:
      g_value_set_enum (value, self->peer.type);
      break;
    case PROP_PEER_ID:
      g_value_set_int64 (value, self->peer.id);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, cvn_group_call_participant_get_muted (self));
      break;
    case PROP_CAN_SELF_UNMUTE:
      g_value_set_boolean (value, cvn_group_call_participant_get_can_self_unmute (self));
      break;
    case PROP_JUST_JOINED:
      g_value_set_boolean (value, cvn_group_call_participant_get_just_joined (self));
      break;
    case PROP_MUTED_BY_YOU:
      g_value_set_boolean (value, cvn_group_call_participant_get_muted_by_you (self));
      break;
    case PROP_VOLUME_BY_ADMIN:
      g_value_set_boolean (value, cvn_group_call_participant_get_volume_by_admin (self));
      break;
    case PROP_IS_SELF:
      g_value_set_boolean (value, cvn_group_call_participant_get_is_self (self));
      break;
    case PROP_VIDEO_JOINED:
      g_value_set_boolean (value, cvn_group_call_participant_get_video_joined (self));
      break;
    case PROP_DATE:
      g_value_set_int (value, self->date);
      break;
    case PROP_ACTIVE_DATE:
      g_value_set_int (value, cvn_group_call_participant_get_active_date (self));
      break;
    case PROP_SOURCE:
      g_value_set_int (value, self->source);
      break;
    case PROP_HAS_VOLUME:
      g_value_set_boolean (value, cvn_group_call_participant_get_has_volume (self));
      break;
    case PROP_VOLUME:
      g_value_set_int (value, cvn_group_call_participant_get_volume (self));
      break;
    case PROP_ABOUT:
      g_value_set_string (value, self->about);
      break;
    case PROP_RAISE_HAND_RATING:
      g_value_set_int64 (value, self->raise_hand_rating);
      break;
    case PROP_HAND_RAISED:
      g_value_set_boolean (value, cvn_group_call_participant_get_hand_raised (self));
      break;
    case PROP_VIDEO:
      g_value_set_object (value, self->video);
      break;
    case PROP_PRESENTATION:
      g_value_set_object (value, self->presentation);
      break;
    case PROP_PAID_STARS_TOTAL:
      g_value_set_int64 (value, self->paid_stars_total);
      break;
    case PROP_SPEAKING:
      g_value_set_boolean (value, self->speaking);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_group_call_participant_set_property (GObject      *object,
                                         guint         prop_id,
                                         const GValue *value,
                                         GParamSpec   *pspec)
{
  CvnGroupCallParticipant *self = CVN_GROUP_CALL_PARTICIPANT (object);

  switch (prop_id)
    {
    case PROP_SPEAKING:
      cvn_group_call_participant_set_speaking (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

#define RO (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS)

static void
cvn_group_call_participant_class_init (CvnGroupCallParticipantClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cvn_group_call_participant_finalize;
  object_class->get_property = cvn_group_call_participant_get_property;
  object_class->set_property = cvn_group_call_participant_set_property;

  properties[PROP_PEER_TYPE] =
    g_param_spec_enum ("peer-type", NULL, NULL, CVN_TYPE_PEER_TYPE, CVN_PEER_TYPE_USER, RO);
  properties[PROP_PEER_ID] =
    g_param_spec_int64 ("peer-id", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE, RO);
  properties[PROP_CAN_SELF_UNMUTE] =
    g_param_spec_boolean ("can-self-unmute", NULL, NULL, FALSE, RO);
  properties[PROP_JUST_JOINED] =
    g_param_spec_boolean ("just-joined", NULL, NULL, FALSE, RO);
  properties[PROP_MUTED_BY_YOU] =
    g_param_spec_boolean ("muted-by-you", NULL, NULL, FALSE, RO);
  properties[PROP_VOLUME_BY_ADMIN] =
    g_param_spec_boolean ("volume-by-admin", NULL, NULL, FALSE, RO);
  properties[PROP_IS_SELF] =
    g_param_spec_boolean ("is-self", NULL, NULL, FALSE, RO);
  properties[PROP_VIDEO_JOINED] =
    g_param_spec_boolean ("video-joined", NULL, NULL, FALSE, RO);
  properties[PROP_DATE] =
    g_param_spec_int ("date", NULL, NULL, G_MININT32, G_MAXINT32, 0, RO);
  properties[PROP_ACTIVE_DATE] =
    g_param_spec_int ("active-date", NULL, NULL, G_MININT32, G_MAXINT32, 0, RO);
  properties[PROP_SOURCE] =
    g_param_spec_int ("source", NULL, NULL, G_MININT32, G_MAXINT32, 0, RO);
  properties[PROP_HAS_VOLUME] =
    g_param_spec_boolean ("has-volume", NULL, NULL, FALSE, RO);
  properties[PROP_VOLUME] =
    g_param_spec_int ("volume", NULL, NULL, G_MININT32, G_MAXINT32, DEFAULT_VOLUME, RO);
  properties[PROP_ABOUT] =
    g_param_spec_string ("about", NULL, NULL, NULL, RO);
  properties[PROP_RAISE_HAND_RATING] =
    g_param_spec_int64 ("raise-hand-rating", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  properties[PROP_HAND_RAISED] =
    g_param_spec_boolean ("hand-raised", NULL, NULL, FALSE, RO);
  properties[PROP_VIDEO] =
    g_param_spec_object ("video", NULL, NULL, CVN_TYPE_GROUP_CALL_PARTICIPANT_VIDEO, RO);
  properties[PROP_PRESENTATION] =
    g_param_spec_object ("presentation", NULL, NULL, CVN_TYPE_GROUP_CALL_PARTICIPANT_VIDEO, RO);
  properties[PROP_PAID_STARS_TOTAL] =
    g_param_spec_int64 ("paid-stars-total", NULL, NULL, G_MININT64, G_MAXINT64, 0, RO);
  properties[PROP_SPEAKING] =
    g_param_spec_boolean ("speaking", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

#undef RO

static void
cvn_group_call_participant_init (CvnGroupCallParticipant *self)
{
  self->volume = DEFAULT_VOLUME;
}

static void
update_sort_key (CvnGroupCallParticipant *self,
                 gboolean                *changed)
{
  CvnParticipantSortKey key;

  key.raise_hand_rating = self->raise_hand_rating;
  key.active = MAX (self->active_date, self->local_active);
  key.date = self->date;

  if (key.raise_hand_rating != self->sort_key.raise_hand_rating
      || key.active != self->sort_key.active
      || key.date != self->sort_key.date)
    {
      self->sort_key = key;
      *changed = TRUE;
    }
}

CvnGroupCallParticipant *
_cvn_group_call_participant_new (const CvnParticipantInfo *info,
                                 gint32                    version)
{
  CvnGroupCallParticipant *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (CVN_TYPE_GROUP_CALL_PARTICIPANT, NULL);
  self->peer = info->peer;
  self->version = G_MININT32;
  _cvn_group_call_participant_apply_info (self, info, version);

  return self;
}

const CvnPeer *
_cvn_group_call_participant_get_peer (CvnGroupCallParticipant *self)
{
  return &self->peer;
}

const CvnParticipantSortKey *
_cvn_group_call_participant_get_sort_key (CvnGroupCallParticipant *self)
{
  return &self->sort_key;
}

gint32
_cvn_group_call_participant_get_version (CvnGroupCallParticipant *self)
{
  return self->version;
}

static gboolean
displayed_muted (CvnGroupCallParticipant *self)
{
  if (self->has_pending_muted)
    return self->pending_muted;

  return (self->flags & CVN_PARTICIPANT_FLAG_MUTED) != 0;
}

static void
apply_video (CvnGroupCallParticipant        *self,
             CvnGroupCallParticipantVideo  **slot,
             const CvnParticipantVideoInfo  *info,
             GParamSpec                     *pspec)
{
  const CvnParticipantVideoInfo *old = *slot ? _cvn_group_call_participant_video_get_info (*slot) : NULL;

  if (_cvn_participant_video_info_equal (old, info))
    return;

  g_clear_object (slot);
  if (info != NULL)
    *slot = _cvn_group_call_participant_video_new (info);
  g_object_notify_by_pspec (G_OBJECT (self), pspec);
}

gboolean
_cvn_group_call_participant_apply_info (CvnGroupCallParticipant  *self,
                                        const CvnParticipantInfo *info,
                                        gint32                    version)
{
  GObject *object = G_OBJECT (self);
  guint32 old_flags = self->flags;
  guint32 new_flags = info->flags & KEPT_FLAGS;
  gboolean old_muted = displayed_muted (self);
  gboolean old_has_volume = cvn_group_call_participant_get_has_volume (self);
  gint32 old_volume = cvn_group_call_participant_get_volume (self);
  gint32 new_volume = (info->flags & CVN_PARTICIPANT_FLAG_HAS_VOLUME) ? info->volume : DEFAULT_VOLUME;
  gint32 new_active_date = (info->flags & CVN_PARTICIPANT_FLAG_HAS_ACTIVE_DATE) ? info->active_date : 0;
  gint64 new_rating = (info->flags & CVN_PARTICIPANT_FLAG_HAS_RAISE_HAND_RATING) ? info->raise_hand_rating : 0;
  gint64 new_paid = (info->flags & CVN_PARTICIPANT_FLAG_HAS_PAID_STARS_TOTAL) ? info->paid_stars_total : 0;
  const char *new_about = (info->flags & CVN_PARTICIPANT_FLAG_HAS_ABOUT) ? info->about : NULL;
  gboolean sort_changed = FALSE;

  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (self), FALSE);
  g_return_val_if_fail (_cvn_peer_equal (&self->peer, &info->peer), FALSE);

  if (info->flags & CVN_PARTICIPANT_FLAG_MIN)
    {
      /* groupCallParticipant page, `min`: "If not set, the volume and muted_by_you fields can
       * be safely used to overwrite locally cached information; otherwise, volume will
       * contain valid information only if volume_by_admin is set both in the cache and in the
       * received constructor." So with min: muted_by_you always stays cached, and volume
       * stays cached unless volume_by_admin is set on both sides. */
      new_flags = (new_flags & ~CVN_PARTICIPANT_FLAG_MUTED_BY_YOU) | (old_flags & CVN_PARTICIPANT_FLAG_MUTED_BY_YOU);
      if (!((old_flags & CVN_PARTICIPANT_FLAG_VOLUME_BY_ADMIN)
            && (info->flags & CVN_PARTICIPANT_FLAG_VOLUME_BY_ADMIN)))
        {
          new_flags = (new_flags & ~CVN_PARTICIPANT_FLAG_HAS_VOLUME) | (old_flags & CVN_PARTICIPANT_FLAG_HAS_VOLUME);
          new_volume = self->volume;
        }
    }

  /* A server state older than the last finished local mute must not flip it back. */
  if (version < self->muted_guard_version)
    new_flags = (new_flags & ~CVN_PARTICIPANT_FLAG_MUTED) | (old_flags & CVN_PARTICIPANT_FLAG_MUTED);

  self->flags = new_flags;
  self->volume = new_volume;
  if (version > self->version)
    self->version = version;

  if (displayed_muted (self) != old_muted)
    g_object_notify_by_pspec (object, properties[PROP_MUTED]);
  if ((old_flags ^ new_flags) & CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE)
    g_object_notify_by_pspec (object, properties[PROP_CAN_SELF_UNMUTE]);
  if ((old_flags ^ new_flags) & CVN_PARTICIPANT_FLAG_JUST_JOINED)
    g_object_notify_by_pspec (object, properties[PROP_JUST_JOINED]);
  if ((old_flags ^ new_flags) & CVN_PARTICIPANT_FLAG_MUTED_BY_YOU)
    g_object_notify_by_pspec (object, properties[PROP_MUTED_BY_YOU]);
  if ((old_flags ^ new_flags) & CVN_PARTICIPANT_FLAG_VOLUME_BY_ADMIN)
    g_object_notify_by_pspec (object, properties[PROP_VOLUME_BY_ADMIN]);
  if ((old_flags ^ new_flags) & CVN_PARTICIPANT_FLAG_SELF)
    g_object_notify_by_pspec (object, properties[PROP_IS_SELF]);
  if ((old_flags ^ new_flags) & CVN_PARTICIPANT_FLAG_VIDEO_JOINED)
    g_object_notify_by_pspec (object, properties[PROP_VIDEO_JOINED]);
  if (old_has_volume != cvn_group_call_participant_get_has_volume (self))
    g_object_notify_by_pspec (object, properties[PROP_HAS_VOLUME]);
  if (old_volume != cvn_group_call_participant_get_volume (self))
    g_object_notify_by_pspec (object, properties[PROP_VOLUME]);

  if (self->date != info->date)
    {
      self->date = info->date;
      g_object_notify_by_pspec (object, properties[PROP_DATE]);
    }
  if (self->active_date != new_active_date)
    {
      self->active_date = new_active_date;
      g_object_notify_by_pspec (object, properties[PROP_ACTIVE_DATE]);
    }
  if (self->source != info->source)
    {
      self->source = info->source;
      g_object_notify_by_pspec (object, properties[PROP_SOURCE]);
    }
  if (g_strcmp0 (self->about, new_about) != 0)
    {
      g_free (self->about);
      self->about = g_strdup (new_about);
      g_object_notify_by_pspec (object, properties[PROP_ABOUT]);
    }
  if (self->raise_hand_rating != new_rating)
    {
      gboolean was_raised = self->raise_hand_rating != 0;

      self->raise_hand_rating = new_rating;
      g_object_notify_by_pspec (object, properties[PROP_RAISE_HAND_RATING]);
      if (was_raised != (new_rating != 0))
        g_object_notify_by_pspec (object, properties[PROP_HAND_RAISED]);
    }
  if (self->paid_stars_total != new_paid)
    {
      self->paid_stars_total = new_paid;
      g_object_notify_by_pspec (object, properties[PROP_PAID_STARS_TOTAL]);
    }

  apply_video (self, &self->video,
               (info->flags & CVN_PARTICIPANT_FLAG_HAS_VIDEO) ? info->video : NULL,
               properties[PROP_VIDEO]);
  apply_video (self, &self->presentation,
               (info->flags & CVN_PARTICIPANT_FLAG_HAS_PRESENTATION) ? info->presentation : NULL,
               properties[PROP_PRESENTATION]);

  update_sort_key (self, &sort_changed);

  return sort_changed;
}

void
_cvn_group_call_participant_to_info (CvnGroupCallParticipant *self,
                                     CvnParticipantInfo      *info)
{
  info->flags = self->flags;
  if (displayed_muted (self))
    info->flags |= CVN_PARTICIPANT_FLAG_MUTED;
  else
    info->flags &= ~CVN_PARTICIPANT_FLAG_MUTED;
  info->peer = self->peer;
  info->date = self->date;
  info->active_date = self->active_date;
  info->source = self->source;
  info->volume = (self->flags & CVN_PARTICIPANT_FLAG_HAS_VOLUME) ? self->volume : 0;
  info->about = g_strdup (self->about);
  info->raise_hand_rating = self->raise_hand_rating;
  info->paid_stars_total = self->paid_stars_total;
  if (self->video != NULL)
    {
      info->flags |= CVN_PARTICIPANT_FLAG_HAS_VIDEO;
      info->video = _cvn_participant_video_info_copy (_cvn_group_call_participant_video_get_info (self->video));
    }
  if (self->presentation != NULL)
    {
      info->flags |= CVN_PARTICIPANT_FLAG_HAS_PRESENTATION;
      info->presentation = _cvn_participant_video_info_copy (_cvn_group_call_participant_video_get_info (self->presentation));
    }
}

void
_cvn_group_call_participant_set_list (CvnGroupCallParticipant     *self,
                                      CvnGroupCallParticipantList *list,
                                      gpointer                     iter)
{
  self->list = list;
  self->iter = iter;
}

gpointer
_cvn_group_call_participant_get_iter (CvnGroupCallParticipant *self)
{
  return self->iter;
}

gboolean
_cvn_group_call_participant_set_local_active (CvnGroupCallParticipant *self,
                                              gint32                   when)
{
  gboolean changed = FALSE;

  if (when <= self->local_active)
    return FALSE;

  self->local_active = when;
  update_sort_key (self, &changed);

  return changed;
}

void
_cvn_group_call_participant_set_pending_muted (CvnGroupCallParticipant *self,
                                               gboolean                 muted,
                                               guint64                  generation)
{
  gboolean old_muted = displayed_muted (self);

  self->has_pending_muted = TRUE;
  self->pending_muted = !!muted;
  self->pending_muted_generation = generation;

  if (displayed_muted (self) != old_muted)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

gboolean
_cvn_group_call_participant_finish_pending_muted (CvnGroupCallParticipant *self,
                                                  guint64                  generation,
                                                  gint32                   guard_version)
{
  gboolean old_muted;

  if (!self->has_pending_muted || self->pending_muted_generation != generation)
    return FALSE;

  old_muted = displayed_muted (self);
  self->has_pending_muted = FALSE;
  self->muted_guard_version = MAX (self->muted_guard_version, guard_version);

  if (displayed_muted (self) != old_muted)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);

  return TRUE;
}

gboolean
_cvn_group_call_participant_get_server_muted (CvnGroupCallParticipant *self)
{
  return (self->flags & CVN_PARTICIPANT_FLAG_MUTED) != 0;
}

gboolean
_cvn_group_call_participant_has_pending_muted (CvnGroupCallParticipant *self)
{
  return self->has_pending_muted;
}

CvnPeerType
cvn_group_call_participant_get_peer_type (CvnGroupCallParticipant *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (self), CVN_PEER_TYPE_USER);
  return self->peer.type;
}

gint64
cvn_group_call_participant_get_peer_id (CvnGroupCallParticipant *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (self), 0);
  return self->peer.id;
}

gboolean
cvn_group_call_participant_get_muted (CvnGroupCallParticipant *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (self), FALSE);
  return displayed_muted (self);
}

#define FLAG_GETTER(name, FLAG) \
gboolean \
cvn_group_call_participant_get_##name (CvnGroupCallParticipant *self) \
{ \
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (self), FALSE); \
  return (self->flags & CVN_PARTICIPANT_FLAG_##FLAG) != 0; \
}

FLAG_GETTER (can_self_unmute, CAN_SELF_UNMUTE)
FLAG_GETTER (just_joined, JUST_JOINED)
FLAG_GETTER (muted_by_you, MUTED_BY_YOU)
FLAG_GETTER (volume_by_admin, VOLUME_BY_ADMIN)
FLAG_GETTER (is_self, SELF)
FLAG_GETTER (video_joined, VIDEO_JOINED)
FLAG_GETTER (has_volume, HAS_VOLUME)

#undef FLAG_GETTER

int
cvn_group_call_participant_get_date (CvnGroupCallParticipant *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (self), 0);
  return self->date;
}

int
cvn_group_call_participant_get_active_date (CvnGroupCallParticipant *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (self), 0);
  return self->active_date;
}

int
cvn_group_call_participant_get_source (CvnGroupCallParticipant *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (self), 0);
  return self->source;
}

int
cvn_group_call_participant_get_volume (CvnGroupCallParticipant *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (self), DEFAULT_VOLUME);
  return (self->flags & CVN_PARTICIPANT_FLAG_HAS_VOLUME) ? self->volume : DEFAULT_VOLUME;
}

void
_cvn_group_call_participant_set_volume (CvnGroupCallParticipant *self,
                                        gint32                   volume,
                                        gboolean                 by_admin)
{
  GObject *object = G_OBJECT (self);
  gboolean had_volume = (self->flags & CVN_PARTICIPANT_FLAG_HAS_VOLUME) != 0;
  gboolean was_by_admin = (self->flags & CVN_PARTICIPANT_FLAG_VOLUME_BY_ADMIN) != 0;
  gint32 old_volume = cvn_group_call_participant_get_volume (self);

  self->flags |= CVN_PARTICIPANT_FLAG_HAS_VOLUME;
  if (by_admin)
    self->flags |= CVN_PARTICIPANT_FLAG_VOLUME_BY_ADMIN;
  else
    self->flags &= ~CVN_PARTICIPANT_FLAG_VOLUME_BY_ADMIN;
  self->volume = volume;

  if (!had_volume)
    g_object_notify_by_pspec (object, properties[PROP_HAS_VOLUME]);
  if (was_by_admin != !!by_admin)
    g_object_notify_by_pspec (object, properties[PROP_VOLUME_BY_ADMIN]);
  if (old_volume != volume)
    g_object_notify_by_pspec (object, properties[PROP_VOLUME]);
}

const char *
cvn_group_call_participant_get_about (CvnGroupCallParticipant *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (self), NULL);
  return self->about;
}

gint64
cvn_group_call_participant_get_raise_hand_rating (CvnGroupCallParticipant *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (self), 0);
  return self->raise_hand_rating;
}

gboolean
cvn_group_call_participant_get_hand_raised (CvnGroupCallParticipant *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (self), FALSE);
  return self->raise_hand_rating != 0;
}

CvnGroupCallParticipantVideo *
cvn_group_call_participant_get_video (CvnGroupCallParticipant *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (self), NULL);
  return self->video;
}

CvnGroupCallParticipantVideo *
cvn_group_call_participant_get_presentation (CvnGroupCallParticipant *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (self), NULL);
  return self->presentation;
}

gint64
cvn_group_call_participant_get_paid_stars_total (CvnGroupCallParticipant *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (self), 0);
  return self->paid_stars_total;
}

gboolean
cvn_group_call_participant_get_speaking (CvnGroupCallParticipant *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (self), FALSE);
  return self->speaking;
}

void
cvn_group_call_participant_set_speaking (CvnGroupCallParticipant *self,
                                         gboolean                 speaking)
{
  g_return_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (self));

  speaking = !!speaking;
  if (self->speaking == (guint) speaking)
    return;

  self->speaking = speaking;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SPEAKING]);

  /* Starting to speak is activity: the list moves the participant up (tdesktop and TDLib
   * both keep a local "last spoke" date next to the server's active_date). */
  if (speaking && self->list != NULL)
    _cvn_group_call_participant_list_participant_spoke (self->list, self);
}
