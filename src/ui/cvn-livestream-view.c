/* cvn-livestream-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-livestream-view.h"

struct _CvnLivestreamView
{
  AdwBin parent_instance;

  CvnGroupCall *call;
  GSignalGroup *call_signals;
  char *fallback_title;
  gboolean can_manage;
  gboolean joined;
  char *rtmp_url;
  char *rtmp_key;
  char *viewers_text;
  GListModel *comments;

  AdwFlap *flap;
  AdwStatusPage *stream_status;
  GtkLabel *title_label;
  GtkWidget *live_badge;
  GtkLabel *viewers_label;
  GtkWidget *comments_button;
  GtkStack *join_stack;
  GtkWidget *rtmp_group;
  GtkWidget *rtmp_show_button;
  AdwActionRow *rtmp_url_row;
  AdwActionRow *rtmp_key_row;
  GtkToggleButton *rtmp_reveal;
  GtkWidget *rtmp_url_copy;
  GtkWidget *rtmp_key_copy;
  GtkWidget *comments_panel;
  GtkStack *comments_stack;
  GtkListBox *comments_list;
  GtkEditable *comment_entry;
  GtkWidget *send_button;
};

G_DEFINE_FINAL_TYPE (CvnLivestreamView, cvn_livestream_view, ADW_TYPE_BIN)

static void
update_rtmp (CvnLivestreamView *self)
{
  gboolean have = self->rtmp_url != NULL && self->rtmp_key != NULL;
  gboolean show = self->can_manage && self->call != NULL &&
                  cvn_group_call_get_state (self->call) != CVN_GROUP_CALL_STATE_DISCARDED;

  gtk_widget_set_visible (self->rtmp_group, show);
  gtk_widget_set_visible (self->rtmp_show_button, !have);
  gtk_widget_set_visible (GTK_WIDGET (self->rtmp_url_row), have);
  gtk_widget_set_visible (GTK_WIDGET (self->rtmp_key_row), have);
  if (!have)
    return;

  adw_action_row_set_subtitle (self->rtmp_url_row, self->rtmp_url);
  if (gtk_toggle_button_get_active (self->rtmp_reveal))
    {
      adw_action_row_set_subtitle (self->rtmp_key_row, self->rtmp_key);
      gtk_button_set_icon_name (GTK_BUTTON (self->rtmp_reveal), "view-conceal-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->rtmp_reveal), _("Hide Stream Key"));
    }
  else
    {
      /* As many dots as characters would tell the key's length: a fixed mask. */
      adw_action_row_set_subtitle (self->rtmp_key_row, "••••••••••••");
      gtk_button_set_icon_name (GTK_BUTTON (self->rtmp_reveal), "view-reveal-symbolic");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->rtmp_reveal), _("Show Stream Key"));
    }
}

static void
update_from_call (CvnLivestreamView *self)
{
  const char *title;
  CvnGroupCallState state;
  int count;
  g_autofree char *viewers = NULL;
  gboolean messages;

  if (self->call == NULL)
    return;

  state = cvn_group_call_get_state (self->call);
  title = cvn_group_call_get_title (self->call);
  if (title == NULL || *title == '\0')
    title = self->fallback_title;
  gtk_label_set_label (self->title_label, title ? title : _("Livestream"));

  count = cvn_group_call_get_participants_count (self->call);
  /* %'d: the locale's digit grouping ("5,000" in English). */
  viewers = g_strdup_printf (ngettext ("%'d watching", "%'d watching", (unsigned long) count), count);
  gtk_label_set_label (self->viewers_label, viewers);
  g_free (self->viewers_text);
  self->viewers_text = g_steal_pointer (&viewers);

  gtk_widget_set_visible (self->live_badge, state == CVN_GROUP_CALL_STATE_LIVE);
  switch (state)
    {
    case CVN_GROUP_CALL_STATE_LIVE:
      if (cvn_group_call_get_rtmp_stream (self->call))
        adw_status_page_set_title (self->stream_status, _("Live from RTMP"));
      else if (cvn_group_call_get_live_story (self->call))
        adw_status_page_set_title (self->stream_status, _("Live Story"));
      else
        adw_status_page_set_title (self->stream_status, _("Live"));
      adw_status_page_set_description (self->stream_status,
                                       _("The stream's picture cannot be shown yet: Convene does not play stream chunks"));
      break;
    case CVN_GROUP_CALL_STATE_SCHEDULED:
      adw_status_page_set_title (self->stream_status, _("Not Started"));
      adw_status_page_set_description (self->stream_status, NULL);
      break;
    case CVN_GROUP_CALL_STATE_DISCARDED:
      adw_status_page_set_title (self->stream_status, _("Stream Ended"));
      adw_status_page_set_description (self->stream_status, NULL);
      break;
    case CVN_GROUP_CALL_STATE_UNKNOWN:
    default:
      adw_status_page_set_title (self->stream_status, _("Loading…"));
      adw_status_page_set_description (self->stream_status, NULL);
      break;
    }

  messages = cvn_group_call_get_messages_enabled (self->call);
  gtk_widget_set_visible (self->comments_button, messages);
  if (!messages)
    adw_flap_set_reveal_flap (self->flap, FALSE);
  gtk_widget_set_sensitive (GTK_WIDGET (self->comment_entry), self->joined);
  gtk_widget_set_sensitive (self->send_button, self->joined);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->comment_entry),
                               self->joined ? NULL : _("Join the livestream to comment"));

  gtk_stack_set_visible_child_name (self->join_stack, self->joined ? "leave" : "join");
  gtk_widget_set_visible (GTK_WIDGET (self->join_stack), state == CVN_GROUP_CALL_STATE_LIVE);

  update_rtmp (self);
}

static void
call_notify_cb (CvnLivestreamView *self)
{
  update_from_call (self);
}

static void
copy_text (CvnLivestreamView *self,
           const char        *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "call.copy-text", "s", text ? text : "");
}

static void
copy_url_cb (CvnLivestreamView *self)
{
  copy_text (self, self->rtmp_url);
}

static void
copy_key_cb (CvnLivestreamView *self)
{
  copy_text (self, self->rtmp_key);
}

static void
reveal_toggled_cb (CvnLivestreamView *self)
{
  update_rtmp (self);
}

static void
send_comment_cb (CvnLivestreamView *self)
{
  const char *text = gtk_editable_get_text (self->comment_entry);
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  if (*stripped == '\0')
    return;
  if (gtk_widget_activate_action (GTK_WIDGET (self), "call.send-message", "s", stripped))
    gtk_editable_set_text (self->comment_entry, "");
}

static void
comments_changed_cb (CvnLivestreamView *self)
{
  gboolean any = self->comments != NULL && g_list_model_get_n_items (self->comments) > 0;

  gtk_stack_set_visible_child_name (self->comments_stack, any ? "list" : "empty");
}

static void
cvn_livestream_view_dispose (GObject *object)
{
  CvnLivestreamView *self = CVN_LIVESTREAM_VIEW (object);

  if (self->call_signals != NULL)
    g_signal_group_set_target (self->call_signals, NULL);
  g_clear_object (&self->call);
  if (self->comments != NULL)
    g_signal_handlers_disconnect_by_data (self->comments, self);
  g_clear_object (&self->comments);

  /* The bin's child is a template child: unparented here, not twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CVN_TYPE_LIVESTREAM_VIEW);

  G_OBJECT_CLASS (cvn_livestream_view_parent_class)->dispose (object);
}

static void
cvn_livestream_view_finalize (GObject *object)
{
  CvnLivestreamView *self = CVN_LIVESTREAM_VIEW (object);

  g_clear_object (&self->call_signals);
  g_clear_pointer (&self->fallback_title, g_free);
  g_clear_pointer (&self->rtmp_url, g_free);
  g_clear_pointer (&self->rtmp_key, g_free);
  g_clear_pointer (&self->viewers_text, g_free);

  G_OBJECT_CLASS (cvn_livestream_view_parent_class)->finalize (object);
}

static void
cvn_livestream_view_class_init (CvnLivestreamViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cvn_livestream_view_dispose;
  object_class->finalize = cvn_livestream_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/convene/Convene/cvn-livestream-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, flap);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, stream_status);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, title_label);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, live_badge);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, viewers_label);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, comments_button);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, join_stack);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, rtmp_group);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, rtmp_show_button);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, rtmp_url_row);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, rtmp_key_row);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, rtmp_reveal);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, rtmp_url_copy);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, rtmp_key_copy);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, comments_panel);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, comments_stack);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, comments_list);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, comment_entry);
  gtk_widget_class_bind_template_child (widget_class, CvnLivestreamView, send_button);
  gtk_widget_class_bind_template_callback (widget_class, copy_url_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_key_cb);
  gtk_widget_class_bind_template_callback (widget_class, reveal_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, send_comment_cb);
}

static void
cvn_livestream_view_init (CvnLivestreamView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->call_signals = g_signal_group_new (CVN_TYPE_GROUP_CALL);
  g_signal_group_connect_object (self->call_signals, "notify",
                                 G_CALLBACK (call_notify_cb), self, G_CONNECT_SWAPPED);
  comments_changed_cb (self);
}

GtkWidget *
cvn_livestream_view_new (void)
{
  return g_object_new (CVN_TYPE_LIVESTREAM_VIEW, NULL);
}

CvnGroupCall *
cvn_livestream_view_get_call (CvnLivestreamView *self)
{
  g_return_val_if_fail (CVN_IS_LIVESTREAM_VIEW (self), NULL);

  return self->call;
}

void
cvn_livestream_view_set_call (CvnLivestreamView *self,
                              CvnGroupCall      *call)
{
  g_return_if_fail (CVN_IS_LIVESTREAM_VIEW (self));
  g_return_if_fail (call == NULL || CVN_IS_GROUP_CALL (call));

  if (!g_set_object (&self->call, call))
    return;

  g_signal_group_set_target (self->call_signals, call);
  cvn_livestream_view_set_rtmp_credentials (self, NULL, NULL);
  update_from_call (self);
}

void
cvn_livestream_view_set_fallback_title (CvnLivestreamView *self,
                                        const char        *title)
{
  g_return_if_fail (CVN_IS_LIVESTREAM_VIEW (self));

  g_free (self->fallback_title);
  self->fallback_title = g_strdup (title);
  update_from_call (self);
}

void
cvn_livestream_view_set_can_manage (CvnLivestreamView *self,
                                    gboolean           can_manage)
{
  g_return_if_fail (CVN_IS_LIVESTREAM_VIEW (self));

  self->can_manage = !!can_manage;
  update_from_call (self);
}

void
cvn_livestream_view_set_joined (CvnLivestreamView *self,
                                gboolean           joined)
{
  g_return_if_fail (CVN_IS_LIVESTREAM_VIEW (self));

  self->joined = !!joined;
  update_from_call (self);
}

void
cvn_livestream_view_set_rtmp_credentials (CvnLivestreamView *self,
                                          const char        *url,
                                          const char        *key)
{
  g_return_if_fail (CVN_IS_LIVESTREAM_VIEW (self));

  g_free (self->rtmp_url);
  self->rtmp_url = g_strdup (url);
  g_free (self->rtmp_key);
  self->rtmp_key = g_strdup (key);
  gtk_toggle_button_set_active (self->rtmp_reveal, FALSE);
  update_rtmp (self);
}

void
cvn_livestream_view_bind_comments (CvnLivestreamView          *self,
                                   GListModel                 *comments,
                                   GtkListBoxCreateWidgetFunc  create_row,
                                   gpointer                    user_data,
                                   GDestroyNotify              destroy)
{
  g_return_if_fail (CVN_IS_LIVESTREAM_VIEW (self));
  g_return_if_fail (comments == NULL || G_IS_LIST_MODEL (comments));

  if (self->comments != NULL)
    g_signal_handlers_disconnect_by_data (self->comments, self);
  g_set_object (&self->comments, comments);
  if (comments != NULL)
    {
      g_signal_connect_object (comments, "items-changed",
                               G_CALLBACK (comments_changed_cb), self, G_CONNECT_SWAPPED);
      gtk_list_box_bind_model (self->comments_list, comments, create_row, user_data, destroy);
    }
  else
    {
      gtk_list_box_bind_model (self->comments_list, NULL, NULL, NULL, NULL);
      if (destroy != NULL)
        destroy (user_data);
    }
  comments_changed_cb (self);
}

const char *
cvn_livestream_view_get_viewers_text (CvnLivestreamView *self)
{
  g_return_val_if_fail (CVN_IS_LIVESTREAM_VIEW (self), NULL);

  return self->viewers_text;
}

gboolean
cvn_livestream_view_get_comments_visible (CvnLivestreamView *self)
{
  g_return_val_if_fail (CVN_IS_LIVESTREAM_VIEW (self), FALSE);

  return gtk_widget_get_visible (self->comments_button);
}

const char *
cvn_livestream_view_get_rtmp_key (CvnLivestreamView *self)
{
  g_return_val_if_fail (CVN_IS_LIVESTREAM_VIEW (self), NULL);
  return self->rtmp_key;
}
