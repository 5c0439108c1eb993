/* cvn-participant-status.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-participant-status.h"

gboolean
cvn_participant_status_is_heard (CvnGroupCallParticipant *participant)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (participant), FALSE);

  return cvn_group_call_participant_get_speaking (participant) &&
         !cvn_group_call_participant_get_muted (participant) &&
         !cvn_group_call_participant_get_muted_by_you (participant);
}

const char *
cvn_participant_status_describe (CvnGroupCallParticipant *participant)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (participant), NULL);

  if (cvn_group_call_participant_get_hand_raised (participant))
    return _("Wants to speak");
  if (cvn_group_call_participant_get_muted_by_you (participant))
    return _("Muted for you");
  if (cvn_participant_status_is_heard (participant))
    return _("Speaking");
  if (cvn_group_call_participant_get_muted (participant) &&
      !cvn_group_call_participant_get_can_self_unmute (participant))
    return _("Muted by an admin");
  if (!cvn_group_call_participant_get_muted (participant))
    return _("Unmuted");

  return _("Listening");
}

char *
cvn_participant_status_fallback_name (CvnPeerType peer_type,
                                      gint64      peer_id)
{
  /* xgettext cannot read G_GINT64_FORMAT inside a message: the id is formatted apart. */
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, peer_id);

  switch (peer_type)
    {
    case CVN_PEER_TYPE_CHANNEL:
      /* Translators: a channel that joined a call, when its title is not known yet */
      return g_strdup_printf (_("Channel %s"), id);
    case CVN_PEER_TYPE_CHAT:
      return g_strdup_printf (_("Group %s"), id);
    case CVN_PEER_TYPE_USER:
    default:
      /* Translators: a participant whose name is not known yet */
      return g_strdup_printf (_("User %s"), id);
    }
}

char *
cvn_participant_status_dup_name (CvnGroupCallParticipant *participant,
                                 CvnPeerNameFunc          func,
                                 gpointer                 user_data)
{
  CvnPeerType peer_type;
  gint64 peer_id;
  char *name = NULL;

  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (participant), NULL);

  peer_type = cvn_group_call_participant_get_peer_type (participant);
  peer_id = cvn_group_call_participant_get_peer_id (participant);
  if (func != NULL)
    name = func (peer_type, peer_id, user_data);
  if (name == NULL || *name == '\0')
    {
      g_free (name);
      name = cvn_participant_status_fallback_name (peer_type, peer_id);
    }

  return name;
}
