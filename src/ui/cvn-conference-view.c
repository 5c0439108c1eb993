/* cvn-conference-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-conference-view.h"
#include "cvn-participant-model.h"
#include "cvn-participant-panel.h"
#include "cvn-qr-code.h"

/* 6 px modules: a t.me/call link (version 3-4, about 35 modules with the quiet zone) is
 * about 200 px, readable by a phone from the screen. */
#define QR_MODULE_SIZE 6

struct _CvnConferenceView
{
  AdwBin parent_instance;

  CvnGroupCall *call;
  GSignalGroup *call_signals;
  CvnParticipantModel *participants;
  char *link;
  char *shown_link;

  AdwFlap *flap;
  GtkLabel *count_label;
  AdwActionRow *link_row;
  GtkWidget *copy_button;
  GtkWidget *qr_frame;
  GtkPicture *qr_picture;
  AdwBin *participant_panel_bin;
  CvnParticipantPanel *participant_panel;
};

G_DEFINE_FINAL_TYPE (CvnConferenceView, cvn_conference_view, ADW_TYPE_BIN)

static void
update_link (CvnConferenceView *self)
{
  const char *link = NULL;

  if (self->call != NULL)
    link = cvn_group_call_get_invite_link (self->call);
  if (link == NULL || *link == '\0')
    link = self->link;

  if (g_strcmp0 (link, self->shown_link) == 0)
    return;

  g_free (self->shown_link);
  self->shown_link = g_strdup (link);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->link_row),
                               link ? link : _("No link yet"));
  gtk_widget_set_sensitive (self->copy_button, link != NULL);

  gtk_picture_set_paintable (self->qr_picture, NULL);
  if (link != NULL)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GdkTexture) texture = cvn_qr_code_new_texture (link, QR_MODULE_SIZE, &error);

      if (texture == NULL)
        g_warning ("No QR code for the call link: %s", error->message);
      gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (texture));
    }
  gtk_widget_set_visible (self->qr_frame, gtk_picture_get_paintable (self->qr_picture) != NULL);
}

static void
update_count (CvnConferenceView *self)
{
  g_autofree char *text = NULL;
  int count = self->call ? cvn_group_call_get_participants_count (self->call) : 0;

  text = g_strdup_printf (ngettext ("%d participant", "%d participants", (unsigned long) count), count);
  gtk_label_set_label (self->count_label, text);
}

static void
call_notify_cb (CvnConferenceView *self)
{
  update_link (self);
  update_count (self);
}

static void
copy_clicked_cb (CvnConferenceView *self)
{
  if (self->shown_link != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "call.copy-text", "s", self->shown_link);
}

static void
cvn_conference_view_dispose (GObject *object)
{
  CvnConferenceView *self = CVN_CONFERENCE_VIEW (object);

  if (self->call_signals != NULL)
    g_signal_group_set_target (self->call_signals, NULL);
  g_clear_object (&self->call);

  /* The bin's child is a template child: unparented here, not twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CVN_TYPE_CONFERENCE_VIEW);
  self->participant_panel = NULL;
  /* After the panel is gone: emptying the model reaches no list view. */
  if (self->participants != NULL)
    cvn_participant_model_set_source (self->participants, NULL);

  G_OBJECT_CLASS (cvn_conference_view_parent_class)->dispose (object);
}

static void
cvn_conference_view_finalize (GObject *object)
{
  CvnConferenceView *self = CVN_CONFERENCE_VIEW (object);

  g_clear_object (&self->call_signals);
  g_clear_object (&self->participants);
  g_clear_pointer (&self->link, g_free);
  g_clear_pointer (&self->shown_link, g_free);

  G_OBJECT_CLASS (cvn_conference_view_parent_class)->finalize (object);
}

static void
cvn_conference_view_class_init (CvnConferenceViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cvn_conference_view_dispose;
  object_class->finalize = cvn_conference_view_finalize;

  g_type_ensure (CVN_TYPE_PARTICIPANT_PANEL);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/convene/Convene/cvn-conference-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CvnConferenceView, flap);
  gtk_widget_class_bind_template_child (widget_class, CvnConferenceView, count_label);
  gtk_widget_class_bind_template_child (widget_class, CvnConferenceView, link_row);
  gtk_widget_class_bind_template_child (widget_class, CvnConferenceView, copy_button);
  gtk_widget_class_bind_template_child (widget_class, CvnConferenceView, qr_frame);
  gtk_widget_class_bind_template_child (widget_class, CvnConferenceView, qr_picture);
  gtk_widget_class_bind_template_child (widget_class, CvnConferenceView, participant_panel_bin);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
}

static void
cvn_conference_view_init (CvnConferenceView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Made here so the template holds only GTK and libadwaita types (validate-ui). */
  self->participant_panel = CVN_PARTICIPANT_PANEL (cvn_participant_panel_new ());
  adw_bin_set_child (self->participant_panel_bin, GTK_WIDGET (self->participant_panel));

  self->participants = cvn_participant_model_new (NULL);
  self->call_signals = g_signal_group_new (CVN_TYPE_GROUP_CALL);
  g_signal_group_connect_object (self->call_signals, "notify::invite-link",
                                 G_CALLBACK (call_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->call_signals, "notify::participants-count",
                                 G_CALLBACK (call_notify_cb), self, G_CONNECT_SWAPPED);
  adw_action_row_set_subtitle (self->link_row, _("No link yet"));
  gtk_widget_set_sensitive (self->copy_button, FALSE);
  gtk_widget_set_visible (self->qr_frame, FALSE);
  update_count (self);
}

GtkWidget *
cvn_conference_view_new (void)
{
  return g_object_new (CVN_TYPE_CONFERENCE_VIEW, NULL);
}

CvnGroupCall *
cvn_conference_view_get_call (CvnConferenceView *self)
{
  g_return_val_if_fail (CVN_IS_CONFERENCE_VIEW (self), NULL);

  return self->call;
}

void
cvn_conference_view_set_call (CvnConferenceView *self,
                              CvnGroupCall      *call)
{
  g_return_if_fail (CVN_IS_CONFERENCE_VIEW (self));
  g_return_if_fail (call == NULL || CVN_IS_GROUP_CALL (call));

  if (!g_set_object (&self->call, call))
    return;

  g_signal_group_set_target (self->call_signals, call);
  cvn_participant_model_set_source (self->participants,
                                    call ? cvn_group_call_get_participants (call) : NULL);
  cvn_participant_panel_set_participants (self->participant_panel,
                                          call ? G_LIST_MODEL (self->participants) : NULL);
  update_link (self);
  update_count (self);
}

void
cvn_conference_view_set_link (CvnConferenceView *self,
                              const char        *link)
{
  g_return_if_fail (CVN_IS_CONFERENCE_VIEW (self));

  g_free (self->link);
  self->link = g_strdup (link);
  update_link (self);
}

void
cvn_conference_view_set_peer_name_func (CvnConferenceView *self,
                                        CvnPeerNameFunc    func,
                                        gpointer           user_data)
{
  g_return_if_fail (CVN_IS_CONFERENCE_VIEW (self));

  cvn_participant_panel_set_peer_name_func (self->participant_panel, func, user_data);
}

const char *
cvn_conference_view_get_shown_link (CvnConferenceView *self)
{
  g_return_val_if_fail (CVN_IS_CONFERENCE_VIEW (self), NULL);

  return self->shown_link;
}

gboolean
cvn_conference_view_get_has_qr_code (CvnConferenceView *self)
{
  g_return_val_if_fail (CVN_IS_CONFERENCE_VIEW (self), FALSE);

  return gtk_picture_get_paintable (self->qr_picture) != NULL;
}
