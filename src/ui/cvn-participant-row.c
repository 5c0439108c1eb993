/* cvn-participant-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-participant-row.h"
#include "cvn-participant-status.h"

/* The volume is sent once the scale rests this long, not for every step of a drag. */
#define VOLUME_SETTLE_MS 300

struct _CvnParticipantRow
{
  AdwBin parent_instance;

  CvnGroupCallParticipant *participant;
  GSignalGroup *participant_signals;
  char *name;
  gboolean can_manage;
  gboolean updating_volume;
  guint volume_timeout_id;

  AdwAvatar *avatar;
  GtkLabel *name_label;
  GtkLabel *status_label;
  GtkWidget *hand_icon;
  GtkWidget *muted_icon;
  GtkWidget *menu_button;
  GtkPopover *popover;
  GtkWidget *mute_button;
  GtkWidget *allow_button;
  GtkWidget *volume_box;
  GtkAdjustment *volume_adjustment;
  GtkButton *mute_for_me_button;
  GtkWidget *remove_button;
};

G_DEFINE_FINAL_TYPE (CvnParticipantRow, cvn_participant_row, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PARTICIPANT,
  PROP_NAME,
  PROP_CAN_MANAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_state (CvnParticipantRow *self)
{
  CvnGroupCallParticipant *participant = self->participant;
  g_autofree char *display_name = NULL;
  gboolean is_self;

  if (participant == NULL)
    return;

  is_self = cvn_group_call_participant_get_is_self (participant);
  if (is_self)
    display_name = g_strdup_printf (_("%s (you)"), self->name ? self->name : "");
  else
    display_name = g_strdup (self->name ? self->name : "");
  gtk_label_set_label (self->name_label, display_name);
  gtk_label_set_label (self->status_label, cvn_participant_status_describe (participant));
  gtk_widget_set_visible (self->hand_icon, cvn_group_call_participant_get_hand_raised (participant));
  gtk_widget_set_visible (self->muted_icon,
                          cvn_group_call_participant_get_muted (participant) ||
                          cvn_group_call_participant_get_muted_by_you (participant));
  /* Nothing in the menu applies to oneself: mute and hand are in the controls bar. */
  gtk_widget_set_visible (self->menu_button, !is_self);

  if (cvn_participant_status_is_heard (participant))
    gtk_widget_add_css_class (GTK_WIDGET (self->avatar), "speaking-avatar");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->avatar), "speaking-avatar");
}

static void
participant_notify_cb (CvnParticipantRow *self)
{
  update_state (self);
}

static void
action_clicked_cb (CvnParticipantRow *self)
{
  gtk_popover_popdown (self->popover);
}

static GVariant *
peer_variant (CvnParticipantRow *self)
{
  return g_variant_new ("(ix)",
                        (gint32) cvn_group_call_participant_get_peer_type (self->participant),
                        cvn_group_call_participant_get_peer_id (self->participant));
}

/* The target first: a parameterized action without one is an error. */
static void
set_action (GtkWidget  *button,
            const char *action,
            GVariant   *target)
{
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
}

static void
popover_show_cb (CvnParticipantRow *self)
{
  CvnGroupCallParticipant *participant = self->participant;
  gboolean muted, muted_by_you;

  if (participant == NULL)
    return;

  muted = cvn_group_call_participant_get_muted (participant);
  muted_by_you = cvn_group_call_participant_get_muted_by_you (participant);

  gtk_widget_set_visible (self->mute_button, self->can_manage && !muted);
  gtk_widget_set_visible (self->allow_button, self->can_manage && muted);
  gtk_widget_set_visible (self->remove_button, self->can_manage);
  gtk_button_set_label (self->mute_for_me_button,
                        muted_by_you ? _("_Unmute for Me") : _("M_ute for Me"));
  /* The buttons are insensitive when the view's action is disabled (no rights, or not
   * possible yet); their targets name this participant. */
  set_action (self->mute_button, "call.participant-mute", peer_variant (self));
  set_action (self->allow_button, "call.participant-allow", peer_variant (self));
  set_action (self->remove_button, "call.participant-remove", peer_variant (self));
  set_action (GTK_WIDGET (self->mute_for_me_button), "call.participant-mute-for-me",
              g_variant_new ("(ixb)",
                             (gint32) cvn_group_call_participant_get_peer_type (participant),
                             cvn_group_call_participant_get_peer_id (participant),
                             !muted_by_you));

  self->updating_volume = TRUE;
  /* The server's volume is 1..20000 for 0.01..200 %; absent means 100 %. */
  gtk_adjustment_set_value (self->volume_adjustment,
                            cvn_group_call_participant_get_has_volume (participant)
                              ? cvn_group_call_participant_get_volume (participant) / 100.0
                              : 100.0);
  self->updating_volume = FALSE;
}

static void
volume_settled_cb (gpointer user_data)
{
  CvnParticipantRow *self = user_data;

  self->volume_timeout_id = 0;
  if (self->participant == NULL)
    return;

  gtk_widget_activate_action (GTK_WIDGET (self), "call.participant-volume", "(ixi)",
                              (gint32) cvn_group_call_participant_get_peer_type (self->participant),
                              cvn_group_call_participant_get_peer_id (self->participant),
                              (gint32) gtk_adjustment_get_value (self->volume_adjustment));
}

static void
volume_changed_cb (CvnParticipantRow *self)
{
  if (self->updating_volume)
    return;

  g_clear_handle_id (&self->volume_timeout_id, g_source_remove);
  self->volume_timeout_id = g_timeout_add_once (VOLUME_SETTLE_MS, volume_settled_cb, self);
}

static void
cvn_participant_row_dispose (GObject *object)
{
  CvnParticipantRow *self = CVN_PARTICIPANT_ROW (object);

  g_clear_handle_id (&self->volume_timeout_id, g_source_remove);
  if (self->participant_signals != NULL)
    g_signal_group_set_target (self->participant_signals, NULL);
  g_clear_object (&self->participant);

  gtk_widget_dispose_template (GTK_WIDGET (self), CVN_TYPE_PARTICIPANT_ROW);

  G_OBJECT_CLASS (cvn_participant_row_parent_class)->dispose (object);
}

static void
cvn_participant_row_finalize (GObject *object)
{
  CvnParticipantRow *self = CVN_PARTICIPANT_ROW (object);

  g_clear_object (&self->participant_signals);
  g_clear_pointer (&self->name, g_free);

  G_OBJECT_CLASS (cvn_participant_row_parent_class)->finalize (object);
}

static void
cvn_participant_row_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CvnParticipantRow *self = CVN_PARTICIPANT_ROW (object);

  switch (prop_id)
    {
    case PROP_PARTICIPANT:
      g_value_set_object (value, self->participant);
      break;
    case PROP_NAME:
      g_value_set_string (value, self->name);
      break;
    case PROP_CAN_MANAGE:
      g_value_set_boolean (value, self->can_manage);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_participant_row_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CvnParticipantRow *self = CVN_PARTICIPANT_ROW (object);

  switch (prop_id)
    {
    case PROP_PARTICIPANT:
      cvn_participant_row_set_participant (self, g_value_get_object (value));
      break;
    case PROP_NAME:
      cvn_participant_row_set_name (self, g_value_get_string (value));
      break;
    case PROP_CAN_MANAGE:
      cvn_participant_row_set_can_manage (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_participant_row_class_init (CvnParticipantRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cvn_participant_row_dispose;
  object_class->finalize = cvn_participant_row_finalize;
  object_class->get_property = cvn_participant_row_get_property;
  object_class->set_property = cvn_participant_row_set_property;

  properties[PROP_PARTICIPANT] =
    g_param_spec_object ("participant", NULL, NULL, CVN_TYPE_GROUP_CALL_PARTICIPANT,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_MANAGE] =
    g_param_spec_boolean ("can-manage", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/convene/Convene/cvn-participant-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantRow, name_label);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantRow, status_label);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantRow, hand_icon);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantRow, muted_icon);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantRow, menu_button);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantRow, popover);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantRow, mute_button);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantRow, allow_button);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantRow, volume_box);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantRow, volume_adjustment);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantRow, mute_for_me_button);
  gtk_widget_class_bind_template_child (widget_class, CvnParticipantRow, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, action_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, volume_changed_cb);
}

static void
cvn_participant_row_init (CvnParticipantRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->participant_signals = g_signal_group_new (CVN_TYPE_GROUP_CALL_PARTICIPANT);
  g_signal_group_connect_object (self->participant_signals, "notify",
                                 G_CALLBACK (participant_notify_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
cvn_participant_row_new (void)
{
  return g_object_new (CVN_TYPE_PARTICIPANT_ROW, NULL);
}

CvnGroupCallParticipant *
cvn_participant_row_get_participant (CvnParticipantRow *self)
{
  g_return_val_if_fail (CVN_IS_PARTICIPANT_ROW (self), NULL);

  return self->participant;
}

void
cvn_participant_row_set_participant (CvnParticipantRow       *self,
                                     CvnGroupCallParticipant *participant)
{
  g_return_if_fail (CVN_IS_PARTICIPANT_ROW (self));
  g_return_if_fail (participant == NULL || CVN_IS_GROUP_CALL_PARTICIPANT (participant));

  if (!g_set_object (&self->participant, participant))
    return;

  g_clear_handle_id (&self->volume_timeout_id, g_source_remove);
  if (participant == NULL)
    gtk_popover_popdown (self->popover);
  g_signal_group_set_target (self->participant_signals, participant);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARTICIPANT]);
}

const char *
cvn_participant_row_get_name (CvnParticipantRow *self)
{
  g_return_val_if_fail (CVN_IS_PARTICIPANT_ROW (self), NULL);

  return self->name;
}

void
cvn_participant_row_set_name (CvnParticipantRow *self,
                              const char        *name)
{
  g_return_if_fail (CVN_IS_PARTICIPANT_ROW (self));

  if (g_strcmp0 (self->name, name) == 0)
    return;

  g_free (self->name);
  self->name = g_strdup (name);
  adw_avatar_set_text (self->avatar, name);
  update_state (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NAME]);
}

gboolean
cvn_participant_row_get_can_manage (CvnParticipantRow *self)
{
  g_return_val_if_fail (CVN_IS_PARTICIPANT_ROW (self), FALSE);

  return self->can_manage;
}

void
cvn_participant_row_set_can_manage (CvnParticipantRow *self,
                                    gboolean           can_manage)
{
  g_return_if_fail (CVN_IS_PARTICIPANT_ROW (self));

  can_manage = !!can_manage;
  if (self->can_manage == can_manage)
    return;

  self->can_manage = can_manage;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_MANAGE]);
}
