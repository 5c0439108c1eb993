/* cvn-call-controls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-call-controls.h"

struct _CvnCallControls
{
  AdwBin parent_instance;

  gboolean joined;
  gboolean muted;
  gboolean hand_raised;
  gboolean can_manage;
  char *video_unavailable_reason;
  char *unmute_unavailable_reason;

  GtkStack *stack;
  GtkWidget *join_button;
  GtkWidget *join_menu_button;
  GtkWidget *mic_button;
  GtkWidget *camera_button;
  GtkWidget *screen_button;
  GtkWidget *hand_button;
  GtkWidget *menu_button;
  GtkWidget *leave_button;
  GtkWidget *end_button;
};

G_DEFINE_FINAL_TYPE (CvnCallControls, cvn_call_controls, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_JOINED,
  PROP_MUTED,
  PROP_HAND_RAISED,
  PROP_CAN_MANAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_tooltip_and_label (GtkWidget  *widget,
                       const char *tooltip,
                       const char *label)
{
  gtk_widget_set_tooltip_text (widget, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, label,
                                  -1);
}

static void
update_buttons (CvnCallControls *self)
{
  gtk_stack_set_visible_child_name (self->stack, self->joined ? "joined" : "join");

  gtk_button_set_icon_name (GTK_BUTTON (self->mic_button),
                            self->muted ? "microphone-disabled-symbolic"
                                        : "audio-input-microphone-symbolic");
  if (self->muted)
    gtk_widget_add_css_class (self->mic_button, "muted");
  else
    gtk_widget_remove_css_class (self->mic_button, "muted");
  if (self->unmute_unavailable_reason != NULL && self->muted)
    set_tooltip_and_label (self->mic_button, self->unmute_unavailable_reason, _("Unmute"));
  else if (self->muted)
    set_tooltip_and_label (self->mic_button, _("Unmute (M)"), _("Unmute"));
  else
    set_tooltip_and_label (self->mic_button, _("Mute (M)"), _("Mute"));

  if (self->hand_raised)
    {
      set_tooltip_and_label (self->hand_button, _("Lower Hand"), _("Lower Hand"));
      gtk_widget_add_css_class (self->hand_button, "raised");
    }
  else
    {
      set_tooltip_and_label (self->hand_button, _("Raise Hand"), _("Raise Hand"));
      gtk_widget_remove_css_class (self->hand_button, "raised");
    }

  /* Insensitive because the actions are disabled; the tooltip says why. */
  if (self->video_unavailable_reason != NULL)
    {
      g_autofree char *camera = g_strdup_printf (_("Camera: %s"), self->video_unavailable_reason);
      g_autofree char *screen = g_strdup_printf (_("Screen sharing: %s"), self->video_unavailable_reason);

      set_tooltip_and_label (self->camera_button, camera, _("Camera"));
      set_tooltip_and_label (self->screen_button, screen, _("Share Screen"));
    }
  else
    {
      set_tooltip_and_label (self->camera_button, _("Camera"), _("Camera"));
      set_tooltip_and_label (self->screen_button, _("Share Screen"), _("Share Screen"));
    }

  gtk_widget_set_visible (self->end_button, self->can_manage);
}

static void
cvn_call_controls_dispose (GObject *object)
{
  /* The bin's child is a template child: unparented here, not twice. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), CVN_TYPE_CALL_CONTROLS);

  G_OBJECT_CLASS (cvn_call_controls_parent_class)->dispose (object);
}

static void
cvn_call_controls_finalize (GObject *object)
{
  CvnCallControls *self = CVN_CALL_CONTROLS (object);

  g_clear_pointer (&self->video_unavailable_reason, g_free);
  g_clear_pointer (&self->unmute_unavailable_reason, g_free);

  G_OBJECT_CLASS (cvn_call_controls_parent_class)->finalize (object);
}

static void
cvn_call_controls_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CvnCallControls *self = CVN_CALL_CONTROLS (object);

  switch (prop_id)
    {
    case PROP_JOINED:
      g_value_set_boolean (value, self->joined);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    case PROP_HAND_RAISED:
      g_value_set_boolean (value, self->hand_raised);
      break;
    case PROP_CAN_MANAGE:
      g_value_set_boolean (value, self->can_manage);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_call_controls_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CvnCallControls *self = CVN_CALL_CONTROLS (object);

  switch (prop_id)
    {
    case PROP_JOINED:
      cvn_call_controls_set_joined (self, g_value_get_boolean (value));
      break;
    case PROP_MUTED:
      cvn_call_controls_set_muted (self, g_value_get_boolean (value));
      break;
    case PROP_HAND_RAISED:
      cvn_call_controls_set_hand_raised (self, g_value_get_boolean (value));
      break;
    case PROP_CAN_MANAGE:
      cvn_call_controls_set_can_manage (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_call_controls_class_init (CvnCallControlsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cvn_call_controls_dispose;
  object_class->finalize = cvn_call_controls_finalize;
  object_class->get_property = cvn_call_controls_get_property;
  object_class->set_property = cvn_call_controls_set_property;

  properties[PROP_JOINED] =
    g_param_spec_boolean ("joined", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_HAND_RAISED] =
    g_param_spec_boolean ("hand-raised", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_MANAGE] =
    g_param_spec_boolean ("can-manage", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/convene/Convene/cvn-call-controls.ui");
  gtk_widget_class_bind_template_child (widget_class, CvnCallControls, stack);
  gtk_widget_class_bind_template_child (widget_class, CvnCallControls, join_button);
  gtk_widget_class_bind_template_child (widget_class, CvnCallControls, join_menu_button);
  gtk_widget_class_bind_template_child (widget_class, CvnCallControls, mic_button);
  gtk_widget_class_bind_template_child (widget_class, CvnCallControls, camera_button);
  gtk_widget_class_bind_template_child (widget_class, CvnCallControls, screen_button);
  gtk_widget_class_bind_template_child (widget_class, CvnCallControls, hand_button);
  gtk_widget_class_bind_template_child (widget_class, CvnCallControls, menu_button);
  gtk_widget_class_bind_template_child (widget_class, CvnCallControls, leave_button);
  gtk_widget_class_bind_template_child (widget_class, CvnCallControls, end_button);

  gtk_widget_class_set_css_name (widget_class, "call-controls");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_TOOLBAR);
}

static void
cvn_call_controls_init (CvnCallControls *self)
{
  self->muted = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
  update_buttons (self);
}

GtkWidget *
cvn_call_controls_new (void)
{
  return g_object_new (CVN_TYPE_CALL_CONTROLS, NULL);
}

#define DEFINE_BOOLEAN_PROPERTY(name, PROP)                                   \
  gboolean                                                                    \
  cvn_call_controls_get_##name (CvnCallControls *self)                        \
  {                                                                           \
    g_return_val_if_fail (CVN_IS_CALL_CONTROLS (self), FALSE);                \
    return self->name;                                                        \
  }                                                                           \
                                                                              \
  void                                                                        \
  cvn_call_controls_set_##name (CvnCallControls *self,                        \
                                gboolean         value)                       \
  {                                                                           \
    g_return_if_fail (CVN_IS_CALL_CONTROLS (self));                           \
    value = !!value;                                                          \
    if (self->name == value)                                                  \
      return;                                                                 \
    self->name = value;                                                       \
    update_buttons (self);                                                    \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP]);             \
  }

DEFINE_BOOLEAN_PROPERTY (joined, PROP_JOINED)
DEFINE_BOOLEAN_PROPERTY (muted, PROP_MUTED)
DEFINE_BOOLEAN_PROPERTY (hand_raised, PROP_HAND_RAISED)
DEFINE_BOOLEAN_PROPERTY (can_manage, PROP_CAN_MANAGE)

void
cvn_call_controls_set_video_unavailable_reason (CvnCallControls *self,
                                                const char      *reason)
{
  g_return_if_fail (CVN_IS_CALL_CONTROLS (self));

  if (g_strcmp0 (self->video_unavailable_reason, reason) == 0)
    return;
  g_free (self->video_unavailable_reason);
  self->video_unavailable_reason = g_strdup (reason);
  update_buttons (self);
}

void
cvn_call_controls_set_unmute_unavailable_reason (CvnCallControls *self,
                                                 const char      *reason)
{
  g_return_if_fail (CVN_IS_CALL_CONTROLS (self));

  if (g_strcmp0 (self->unmute_unavailable_reason, reason) == 0)
    return;
  g_free (self->unmute_unavailable_reason);
  self->unmute_unavailable_reason = g_strdup (reason);
  update_buttons (self);
}

GtkWidget *
cvn_call_controls_get_button (CvnCallControls *self,
                              const char      *name)
{
  static const struct { const char *name; gsize offset; } buttons[] = {
    { "mic", G_STRUCT_OFFSET (CvnCallControls, mic_button) },
    { "camera", G_STRUCT_OFFSET (CvnCallControls, camera_button) },
    { "screen", G_STRUCT_OFFSET (CvnCallControls, screen_button) },
    { "hand", G_STRUCT_OFFSET (CvnCallControls, hand_button) },
    { "menu", G_STRUCT_OFFSET (CvnCallControls, menu_button) },
    { "leave", G_STRUCT_OFFSET (CvnCallControls, leave_button) },
    { "end", G_STRUCT_OFFSET (CvnCallControls, end_button) },
    { "join", G_STRUCT_OFFSET (CvnCallControls, join_button) },
  };

  g_return_val_if_fail (CVN_IS_CALL_CONTROLS (self), NULL);

  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    if (g_strcmp0 (buttons[i].name, name) == 0)
      return G_STRUCT_MEMBER (GtkWidget *, self, buttons[i].offset);

  return NULL;
}
