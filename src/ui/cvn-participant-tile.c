/* cvn-participant-tile.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-participant-tile.h"
#include "cvn-participant-status.h"

struct _CvnParticipantTile
{
  AdwBin parent_instance;

  CvnGroupCallParticipant *participant;
  GSignalGroup *participant_signals;
  char *name;

  GtkWidget *card;
  GtkWidget *ring;
  AdwAvatar *avatar;
  GtkWidget *hand_icon;
  GtkWidget *muted_icon;
  GtkWidget *video_icon;
  GtkLabel *name_label;
  GtkLabel *status_label;
};

G_DEFINE_FINAL_TYPE (CvnParticipantTile, cvn_participant_tile, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PARTICIPANT,
  PROP_NAME,
  PROP_RING_VISIBLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_state (CvnParticipantTile *self)
{
  CvnGroupCallParticipant *participant = self->participant;
  gboolean heard, was_heard;
  gboolean muted, hand_raised, video;
  g_autofree char *accessible = NULL;
  g_autofree char *display_name = NULL;

  was_heard = gtk_widget_has_css_class (self->card, "speaking");

  if (participant == NULL)
    {
      gtk_widget_remove_css_class (self->card, "speaking");
      gtk_label_set_label (self->status_label, "");
      if (was_heard)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RING_VISIBLE]);
      return;
    }

  heard = cvn_participant_status_is_heard (participant);
  muted = cvn_group_call_participant_get_muted (participant) ||
          cvn_group_call_participant_get_muted_by_you (participant);
  hand_raised = cvn_group_call_participant_get_hand_raised (participant);
  video = cvn_group_call_participant_get_video (participant) != NULL ||
          cvn_group_call_participant_get_presentation (participant) != NULL;

  /* The ring pulses through a CSS animation on .speaking (style.css). */
  if (heard)
    gtk_widget_add_css_class (self->card, "speaking");
  else
    gtk_widget_remove_css_class (self->card, "speaking");
  if (hand_raised)
    gtk_widget_add_css_class (self->card, "hand-raised");
  else
    gtk_widget_remove_css_class (self->card, "hand-raised");

  gtk_widget_set_visible (self->muted_icon, muted);
  gtk_widget_set_visible (self->hand_icon, hand_raised);
  gtk_widget_set_visible (self->video_icon, video);
  gtk_label_set_label (self->status_label, cvn_participant_status_describe (participant));

  if (cvn_group_call_participant_get_is_self (participant))
    /* Translators: the name of the local user on their own tile */
    display_name = g_strdup_printf (_("%s (you)"), self->name ? self->name : "");
  else
    display_name = g_strdup (self->name ? self->name : "");
  gtk_label_set_label (self->name_label, display_name);

  accessible = g_strdup_printf ("%s, %s", display_name,
                                cvn_participant_status_describe (participant));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);

  if (heard != was_heard)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RING_VISIBLE]);
}

static void
participant_notify_cb (CvnParticipantTile *self,
                       GParamSpec         *pspec,
                       GObject            *participant)
{
  update_state (self);
}

static void
cvn_participant_tile_dispose (GObject *object)
{
  CvnParticipantTile *self = CVN_PARTICIPANT_TILE (object);

  if (self->participant_signals != NULL)
    g_signal_group_set_target (self->participant_signals, NULL);
  g_clear_object (&self->participant);

  /* The bin's child is a template child: unparented here, not twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CVN_TYPE_PARTICIPANT_TILE);

  G_OBJECT_CLASS (cvn_participant_tile_parent_class)->dispose (object);
}

static void
cvn_participant_tile_finalize (GObject *object)
{
  CvnParticipantTile *self = CVN_PARTICIPANT_TILE (object);

  g_clear_object (&self->participant_signals);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (cvn_participant_tile_parent_class)->finalize (object);
}

static void
cvn_participant_tile_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CvnParticipantTile *self = CVN_PARTICIPANT_TILE (object);

  switch (prop_id)
    {
    case PROP_PARTICIPANT:
      g_value_set_object (value, self->participant);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_RING_VISIBLE:
      g_value_set_boolean (value, cvn_participant_tile_get_ring_visible (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_participant_tile_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CvnParticipantTile *self = CVN_PARTICIPANT_TILE (object);

  switch (prop_id)
    {
    case PROP_PARTICIPANT:
      cvn_participant_tile_set_participant (self, g_value_get_object (value));
      break;
    case PROP_NAME:
      cvn_participant_tile_set_name (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_participant_tile_class_init (CvnParticipantTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cvn_participant_tile_dispose;
  object_class->finalize = cvn_participant_tile_finalize;
  object_class->get_property = cvn_participant_tile_get_property;
  object_class->set_property = cvn_participant_tile_set_property;

  properties[PROP_PARTICIPANT] =
    g_param_spec_object ("participant", NULL, NULL, CVN_TYPE_GROUP_CALL_PARTICIPANT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_RING_VISIBLE] =
    g_param_spec_boolean ("ring-visible", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/convene/Convene/cvn-participant-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantTile, card);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantTile, ring);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantTile, avatar);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantTile, hand_icon);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantTile, muted_icon);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantTile, video_icon);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantTile, name_label);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantTile, status_label);

  gtk_widget_class_set_css_name (widget_class, "participant-tile");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
cvn_participant_tile_init (CvnParticipantTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->participant_signals = g_signal_group_new (CVN_TYPE_GROUP_CALL_PARTICIPANT);
  g_signal_group_connect_object (self->participant_signals, "notify",
                                 G_CALLBACK (participant_notify_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
cvn_participant_tile_new (void)
{
  return g_object_new (CVN_TYPE_PARTICIPANT_TILE, NULL);
}

CvnGroupCallParticipant *
cvn_participant_tile_get_participant (CvnParticipantTile *self)
{
  g_return_val_if_fail (CVN_IS_PARTICIPANT_TILE (self), NULL);

  return self->participant;
}

void
cvn_participant_tile_set_participant (CvnParticipantTile      *self,
                                      CvnGroupCallParticipant *participant)
{
  g_return_if_fail (CVN_IS_PARTICIPANT_TILE (self));
  g_return_if_fail (participant == NULL || CVN_IS_GROUP_CALL_PARTICIPANT (participant));

  if (!g_set_object (&self->participant, participant))
    return;

  g_signal_group_set_target (self->participant_signals, participant);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARTICIPANT]);
}

const char *
cvn_participant_tile_get_name (CvnParticipantTile *self)
{
  g_return_val_if_fail (CVN_IS_PARTICIPANT_TILE (self), NULL);

  return self->name;
}

void
cvn_participant_tile_set_name (CvnParticipantTile *self,
                               const char         *name)
{
  g_return_if_fail (CVN_IS_PARTICIPANT_TILE (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  adw_avatar_set_text (self->avatar, name);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

gboolean
cvn_participant_tile_get_ring_visible (CvnParticipantTile *self)
{
  g_return_val_if_fail (CVN_IS_PARTICIPANT_TILE (self), FALSE);

  return gtk_widget_has_css_class (self->card, "speaking");
}
