/* cvn-group-call-participant-video.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-group-call-participant-video-private.h"

struct _CvnGroupCallParticipantVideo
{
  GObject                  parent_instance;

  CvnParticipantVideoInfo *info;
};

enum {
  PROP_0,
  PROP_ENDPOINT,
  PROP_PAUSED,
  PROP_HAS_AUDIO_SOURCE,
  PROP_AUDIO_SOURCE,
  PROP_N_SOURCE_GROUPS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CvnGroupCallParticipantVideo, cvn_group_call_participant_video, G_TYPE_OBJECT)

static void
cvn_group_call_participant_video_finalize (GObject *object)
{
  CvnGroupCallParticipantVideo *self = CVN_GROUP_CALL_PARTICIPANT_VIDEO (object);

  g_clear_pointer (&self->info, _cvn_participant_video_info_free);

  G_OBJECT_CLASS (cvn_group_call_participant_video_parent_class)->finalize (object);
}

static void
cvn_group_call_participant_video_get_property (GObject    *object,
                                               guint       prop_id,
                                               GValue     *value,
                                               GParamSpec *pspec)
{
  CvnGroupCallParticipantVideo *self = CVN_GROUP_CALL_PARTICIPANT_VIDEO (object);

  switch (prop_id)
    {
    case PROP_ENDPOINT:
      g_value_set_string (value, cvn_group_call_participant_video_get_endpoint (self));
      break;
    case PROP_PAUSED:
      g_value_set_boolean (value, cvn_group_call_participant_video_get_paused (self));
      break;
    case PROP_HAS_AUDIO_SOURCE:
      g_value_set_boolean (value, cvn_group_call_participant_video_get_has_audio_source (self));
      break;
    case PROP_AUDIO_SOURCE:
      g_value_set_int (value, cvn_group_call_participant_video_get_audio_source (self));
      break;
    case PROP_N_SOURCE_GROUPS:
      g_value_set_uint (value, cvn_group_call_participant_video_get_n_source_groups (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_group_call_participant_video_class_init (CvnGroupCallParticipantVideoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cvn_group_call_participant_video_finalize;
  object_class->get_property = cvn_group_call_participant_video_get_property;

  properties[PROP_ENDPOINT] =
    g_param_spec_string ("endpoint", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAS_AUDIO_SOURCE] =
    g_param_spec_boolean ("has-audio-source", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_AUDIO_SOURCE] =
    g_param_spec_int ("audio-source", NULL, NULL, G_MININT32, G_MAXINT32, 0,
                      G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_SOURCE_GROUPS] =
    g_param_spec_uint ("n-source-groups", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cvn_group_call_participant_video_init (CvnGroupCallParticipantVideo *self)
{
}

CvnGroupCallParticipantVideo *
_cvn_group_call_participant_video_new (const CvnParticipantVideoInfo *info)
{
  CvnGroupCallParticipantVideo *self;

  g_return_val_if_fail (info != NULL, NULL);

  self = g_object_new (CVN_TYPE_GROUP_CALL_PARTICIPANT_VIDEO, NULL);
  self->info = _cvn_participant_video_info_copy (info);

  return self;
}

const CvnParticipantVideoInfo *
_cvn_group_call_participant_video_get_info (CvnGroupCallParticipantVideo *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT_VIDEO (self), NULL);

  return self->info;
}

const char *
cvn_group_call_participant_video_get_endpoint (CvnGroupCallParticipantVideo *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT_VIDEO (self), NULL);

  return self->info->endpoint;
}

gboolean
cvn_group_call_participant_video_get_paused (CvnGroupCallParticipantVideo *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT_VIDEO (self), FALSE);

  return (self->info->flags & CVN_PARTICIPANT_VIDEO_FLAG_PAUSED) != 0;
}

gboolean
cvn_group_call_participant_video_get_has_audio_source (CvnGroupCallParticipantVideo *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT_VIDEO (self), FALSE);

  return (self->info->flags & CVN_PARTICIPANT_VIDEO_FLAG_HAS_AUDIO_SOURCE) != 0;
}

int
cvn_group_call_participant_video_get_audio_source (CvnGroupCallParticipantVideo *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT_VIDEO (self), 0);

  if (!(self->info->flags & CVN_PARTICIPANT_VIDEO_FLAG_HAS_AUDIO_SOURCE))
    return 0;

  return self->info->audio_source;
}

guint
cvn_group_call_participant_video_get_n_source_groups (CvnGroupCallParticipantVideo *self)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT_VIDEO (self), 0);

  return self->info->n_source_groups;
}

const char *
cvn_group_call_participant_video_get_source_group_semantics (CvnGroupCallParticipantVideo *self,
                                                             guint                         index)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT_VIDEO (self), NULL);
  g_return_val_if_fail (index < self->info->n_source_groups, NULL);

  return self->info->source_groups[index].semantics;
}

const gint32 *
cvn_group_call_participant_video_get_source_group_sources (CvnGroupCallParticipantVideo *self,
                                                           guint                         index,
                                                           guint                        *n_sources)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT_VIDEO (self), NULL);
  g_return_val_if_fail (index < self->info->n_source_groups, NULL);

  if (n_sources != NULL)
    *n_sources = self->info->source_groups[index].n_sources;

  return self->info->source_groups[index].sources;
}
