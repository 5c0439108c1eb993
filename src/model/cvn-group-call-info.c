/* cvn-group-call-info.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-group-call-info-private.h"

#include <string.h>

guint
_cvn_peer_hash (gconstpointer peer)
{
  const CvnPeer *p = peer;
  guint64 v = (guint64) p->id * G_GUINT64_CONSTANT (0x9E3779B97F4A7C15);

  return (guint) (v >> 32) ^ (guint) v ^ ((guint) p->type * 0x85EBCA6Bu);
}

gboolean
_cvn_peer_equal (gconstpointer a,
                 gconstpointer b)
{
  const CvnPeer *pa = a;
  const CvnPeer *pb = b;

  return pa->type == pb->type && pa->id == pb->id;
}

CvnGroupCallInfo *
_cvn_group_call_info_copy (const CvnGroupCallInfo *info)
{
  CvnGroupCallInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->title = g_strdup (info->title);
  copy->invite_link = g_strdup (info->invite_link);

  return copy;
}

void
_cvn_group_call_info_clear (CvnGroupCallInfo *info)
{
  g_clear_pointer (&info->title, g_free);
  g_clear_pointer (&info->invite_link, g_free);
}

void
_cvn_group_call_info_free (CvnGroupCallInfo *info)
{
  if (info == NULL)
    return;

  _cvn_group_call_info_clear (info);
  g_free (info);
}

CvnParticipantVideoInfo *
_cvn_participant_video_info_copy (const CvnParticipantVideoInfo *video)
{
  CvnParticipantVideoInfo *copy;

  if (video == NULL)
    return NULL;

  copy = g_memdup2 (video, sizeof *video);
  copy->endpoint = g_strdup (video->endpoint);
  copy->source_groups = video->n_source_groups ? g_new0 (CvnSourceGroup, video->n_source_groups) : NULL;
  for (guint i = 0; i < video->n_source_groups; i++)
    {
      const CvnSourceGroup *group = &video->source_groups[i];

      copy->source_groups[i].semantics = g_strdup (group->semantics);
      copy->source_groups[i].n_sources = group->n_sources;
      copy->source_groups[i].sources = group->n_sources
        ? g_memdup2 (group->sources, sizeof (gint32) * group->n_sources)
        : NULL;
    }

  return copy;
}

void
_cvn_participant_video_info_free (CvnParticipantVideoInfo *video)
{
  if (video == NULL)
    return;

  for (guint i = 0; i < video->n_source_groups; i++)
    {
      g_free (video->source_groups[i].semantics);
      g_free (video->source_groups[i].sources);
    }
  g_free (video->source_groups);
  g_free (video->endpoint);
  g_free (video);
}

gboolean
_cvn_participant_video_info_equal (const CvnParticipantVideoInfo *a,
                                   const CvnParticipantVideoInfo *b)
{
  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;
  if (a->flags != b->flags
      || g_strcmp0 (a->endpoint, b->endpoint) != 0
      || a->n_source_groups != b->n_source_groups)
    return FALSE;
  if ((a->flags & CVN_PARTICIPANT_VIDEO_FLAG_HAS_AUDIO_SOURCE) && a->audio_source != b->audio_source)
    return FALSE;

  for (guint i = 0; i < a->n_source_groups; i++)
    {
      const CvnSourceGroup *ga = &a->source_groups[i];
      const CvnSourceGroup *gb = &b->source_groups[i];

      if (g_strcmp0 (ga->semantics, gb->semantics) != 0 || ga->n_sources != gb->n_sources)
        return FALSE;
      if (ga->n_sources && memcmp (ga->sources, gb->sources, sizeof (gint32) * ga->n_sources) != 0)
        return FALSE;
    }

  return TRUE;
}

CvnParticipantInfo *
_cvn_participant_info_copy (const CvnParticipantInfo *info)
{
  CvnParticipantInfo *copy;

  g_return_val_if_fail (info != NULL, NULL);

  copy = g_memdup2 (info, sizeof *info);
  copy->about = g_strdup (info->about);
  copy->video = _cvn_participant_video_info_copy (info->video);
  copy->presentation = _cvn_participant_video_info_copy (info->presentation);

  return copy;
}

void
_cvn_participant_info_clear (CvnParticipantInfo *info)
{
  g_clear_pointer (&info->about, g_free);
  g_clear_pointer (&info->video, _cvn_participant_video_info_free);
  g_clear_pointer (&info->presentation, _cvn_participant_video_info_free);
}

void
_cvn_participant_info_free (CvnParticipantInfo *info)
{
  if (info == NULL)
    return;

  _cvn_participant_info_clear (info);
  g_free (info);
}

gboolean
_cvn_participant_info_is_versioned (const CvnParticipantInfo *info)
{
  return (info->flags & (CVN_PARTICIPANT_FLAG_JUST_JOINED
                         | CVN_PARTICIPANT_FLAG_LEFT
                         | CVN_PARTICIPANT_FLAG_VERSIONED)) != 0;
}
