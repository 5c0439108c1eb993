/* cvn-scheduled-view.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-scheduled-view.h"

struct _CvnScheduledView
{
  AdwBin parent_instance;

  CvnGroupCall *call;
  GSignalGroup *call_signals;
  CvnClock *clock;              /* the call's, kept for removing the tick */
  guint tick_id;
  char *fallback_title;
  gboolean can_manage;
  char *countdown;
  /* The user asked to be notified while the call was still scheduled (the server drops
   * the flag once the call starts). */
  gboolean subscribed;
  gboolean was_scheduled;
  gboolean start_notified;

  AdwStatusPage *status_page;
  GtkLabel *countdown_label;
  GtkWidget *notify_button;
  AdwButtonContent *notify_content;
  GtkWidget *admin_box;
};

G_DEFINE_FINAL_TYPE (CvnScheduledView, cvn_scheduled_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CALL,
  PROP_CAN_MANAGE,
  PROP_COUNTDOWN,
  PROP_START_NOTIFIED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void schedule_tick (CvnScheduledView *self);

static char *
format_countdown (gint64 seconds)
{
  if (seconds <= 0)
    return g_strdup (_("Starting soon…"));
  if (seconds >= 86400)
    {
      gint64 days = (seconds + 86399) / 86400;
      return g_strdup_printf (ngettext ("%d day", "%d days", (unsigned long) days),
                              (int) days);
    }
  if (seconds >= 3600)
    return g_strdup_printf ("%d:%02d:%02d", (int) (seconds / 3600), (int) (seconds / 60 % 60),
                            (int) (seconds % 60));

  return g_strdup_printf ("%02d:%02d", (int) (seconds / 60), (int) (seconds % 60));
}

static void
update_countdown (CvnScheduledView *self)
{
  g_autofree char *text = NULL;
  int schedule_date;

  if (self->call == NULL || cvn_group_call_get_state (self->call) != CVN_GROUP_CALL_STATE_SCHEDULED)
    text = g_strdup ("");
  else
    {
      gint64 now = cvn_clock_get_real_time (self->clock) / G_USEC_PER_SEC;

      schedule_date = cvn_group_call_get_schedule_date (self->call);
      text = format_countdown (schedule_date - now);
    }

  if (g_strcmp0 (text, self->countdown) != 0)
    {
      g_free (self->countdown);
      self->countdown = g_steal_pointer (&text);
      gtk_label_set_label (self->countdown_label, self->countdown);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTDOWN]);
    }
}

static void
tick_cb (gpointer user_data)
{
  CvnScheduledView *self = user_data;

  self->tick_id = 0;
  update_countdown (self);
  schedule_tick (self);
}

static void
stop_tick (CvnScheduledView *self)
{
  if (self->tick_id != 0)
    cvn_clock_remove_timeout (self->clock, self->tick_id);
  self->tick_id = 0;
}

static void
schedule_tick (CvnScheduledView *self)
{
  gint64 now_us;
  guint to_next_second;

  stop_tick (self);
  if (self->call == NULL || cvn_group_call_get_state (self->call) != CVN_GROUP_CALL_STATE_SCHEDULED)
    return;

  /* On the next whole second, so the digits change together with the clock's. */
  now_us = cvn_clock_get_real_time (self->clock);
  to_next_second = (guint) (1000 - (now_us / 1000) % 1000);
  self->tick_id = cvn_clock_add_timeout (self->clock, to_next_second, tick_cb, self);
}

static void
send_start_notification (CvnScheduledView *self)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *id = NULL;
  const char *title = cvn_group_call_get_title (self->call);

  if (title == NULL || *title == '\0')
    title = self->fallback_title;

  notification = g_notification_new (_("The call has started"));
  if (title != NULL && *title != '\0')
    g_notification_set_body (notification, title);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action (notification, "app.activate");

  id = g_strdup_printf ("call-started-%" G_GINT64_FORMAT, cvn_group_call_get_id (self->call));
  if (app != NULL && g_application_get_is_registered (app))
    g_application_send_notification (app, id, notification);
  else
    g_message ("No registered application to notify that call %s started", id);

  self->start_notified = TRUE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_NOTIFIED]);
}

static void
update_from_call (CvnScheduledView *self)
{
  CvnGroupCallState state;
  const char *title;
  g_autofree char *description = NULL;

  if (self->call == NULL)
    return;

  state = cvn_group_call_get_state (self->call);
  title = cvn_group_call_get_title (self->call);
  if (title == NULL || *title == '\0')
    title = self->fallback_title;
  adw_status_page_set_title (self->status_page, title ? title : _("Scheduled Call"));

  if (state == CVN_GROUP_CALL_STATE_SCHEDULED)
    {
      g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (cvn_group_call_get_schedule_date (self->call));
      /* xgettext:no-c-format */
      g_autofree char *when = start ? g_date_time_format (start, _("%A, %B %e at %H:%M")) : NULL;

      self->subscribed = cvn_group_call_get_schedule_start_subscribed (self->call);
      self->was_scheduled = TRUE;
      if (when != NULL)
        /* Translators: %s is a date and time such as "Sunday, November 22 at 04:00" */
        description = g_strdup_printf (_("Scheduled for %s"), when);
    }
  else if (state == CVN_GROUP_CALL_STATE_LIVE)
    {
      description = g_strdup (_("The call has started"));
      if (self->was_scheduled && self->subscribed && !self->start_notified)
        send_start_notification (self);
      self->was_scheduled = FALSE;
    }
  else if (state == CVN_GROUP_CALL_STATE_DISCARDED)
    {
      description = g_strdup (_("The call was cancelled"));
      self->was_scheduled = FALSE;
    }
  adw_status_page_set_description (self->status_page, description);

  adw_button_content_set_label (self->notify_content,
                                self->subscribed ? _("_Notification On") : _("_Notify Me"));
  adw_button_content_set_icon_name (self->notify_content,
                                    self->subscribed ? "preferences-system-notifications-symbolic"
                                                     : "notifications-disabled-symbolic");
  gtk_widget_set_visible (self->notify_button, state == CVN_GROUP_CALL_STATE_SCHEDULED);
  gtk_widget_set_visible (self->admin_box, self->can_manage && state == CVN_GROUP_CALL_STATE_SCHEDULED);

  update_countdown (self);
  schedule_tick (self);
}

static void
call_notify_cb (CvnScheduledView *self,
                GParamSpec       *pspec)
{
  update_from_call (self);
}

static void
cvn_scheduled_view_dispose (GObject *object)
{
  CvnScheduledView *self = CVN_SCHEDULED_VIEW (object);

  stop_tick (self);
  if (self->call_signals != NULL)
    g_signal_group_set_target (self->call_signals, NULL);
  g_clear_object (&self->call);
  g_clear_object (&self->clock);

  /* The bin's child is a template child: unparented here, not twice. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CVN_TYPE_SCHEDULED_VIEW);

  G_OBJECT_CLASS (cvn_scheduled_view_parent_class)->dispose (object);
}

static void
cvn_scheduled_view_finalize (GObject *object)
{
  CvnScheduledView *self = CVN_SCHEDULED_VIEW (object);

  g_clear_object (&self->call_signals);
  g_clear_pointer (&self->fallback_title, g_free);
  g_clear_pointer (&self->countdown, g_free);

  G_OBJECT_CLASS (cvn_scheduled_view_parent_class)->finalize (object);
}

static void
cvn_scheduled_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CvnScheduledView *self = CVN_SCHEDULED_VIEW (object);

  switch (prop_id)
    {
    case PROP_CALL:
      g_value_set_object (value, self->call);
      break;
    case PROP_CAN_MANAGE:
      g_value_set_boolean (value, self->can_manage);
      break;
    case PROP_COUNTDOWN:
      g_value_set_string (value, self->countdown);
      break;
    case PROP_START_NOTIFIED:
      g_value_set_boolean (value, self->start_notified);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_scheduled_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CvnScheduledView *self = CVN_SCHEDULED_VIEW (object);

  switch (prop_id)
    {
    case PROP_CALL:
      cvn_scheduled_view_set_call (self, g_value_get_object (value));
      break;
    case PROP_CAN_MANAGE:
      cvn_scheduled_view_set_can_manage (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_scheduled_view_class_init (CvnScheduledViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cvn_scheduled_view_dispose;
  object_class->finalize = cvn_scheduled_view_finalize;
  object_class->get_property = cvn_scheduled_view_get_property;
  object_class->set_property = cvn_scheduled_view_set_property;

  properties[PROP_CALL] =
    g_param_spec_object ("call", NULL, NULL, CVN_TYPE_GROUP_CALL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_MANAGE] =
    g_param_spec_boolean ("can-manage", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNTDOWN] =
    g_param_spec_string ("countdown", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_START_NOTIFIED] =
    g_param_spec_boolean ("start-notified", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/convene/Convene/cvn-scheduled-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CvnScheduledView, status_page);
  gtk_widget_class_bind_template_child (widget_class, CvnScheduledView, countdown_label);
  gtk_widget_class_bind_template_child (widget_class, CvnScheduledView, notify_button);
  gtk_widget_class_bind_template_child (widget_class, CvnScheduledView, notify_content);
  gtk_widget_class_bind_template_child (widget_class, CvnScheduledView, admin_box);
}

static void
cvn_scheduled_view_init (CvnScheduledView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->call_signals = g_signal_group_new (CVN_TYPE_GROUP_CALL);
  g_signal_group_connect_object (self->call_signals, "notify::state",
                                 G_CALLBACK (call_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->call_signals, "notify::schedule-date",
                                 G_CALLBACK (call_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->call_signals, "notify::title",
                                 G_CALLBACK (call_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->call_signals, "notify::schedule-start-subscribed",
                                 G_CALLBACK (call_notify_cb), self, G_CONNECT_SWAPPED);
}

GtkWidget *
cvn_scheduled_view_new (void)
{
  return g_object_new (CVN_TYPE_SCHEDULED_VIEW, NULL);
}

CvnGroupCall *
cvn_scheduled_view_get_call (CvnScheduledView *self)
{
  g_return_val_if_fail (CVN_IS_SCHEDULED_VIEW (self), NULL);

  return self->call;
}

void
cvn_scheduled_view_set_call (CvnScheduledView *self,
                             CvnGroupCall     *call)
{
  g_return_if_fail (CVN_IS_SCHEDULED_VIEW (self));
  g_return_if_fail (call == NULL || CVN_IS_GROUP_CALL (call));

  if (self->call == call)
    return;

  stop_tick (self);
  g_set_object (&self->call, call);
  g_clear_object (&self->clock);
  if (call != NULL)
    self->clock = g_object_ref (cvn_group_call_get_clock (call));
  self->subscribed = FALSE;
  self->was_scheduled = FALSE;
  self->start_notified = FALSE;
  g_signal_group_set_target (self->call_signals, call);
  update_from_call (self);
  update_countdown (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL]);
}

void
cvn_scheduled_view_set_fallback_title (CvnScheduledView *self,
                                       const char       *title)
{
  g_return_if_fail (CVN_IS_SCHEDULED_VIEW (self));

  if (g_strcmp0 (self->fallback_title, title) == 0)
    return;
  g_free (self->fallback_title);
  self->fallback_title = g_strdup (title);
  update_from_call (self);
}

gboolean
cvn_scheduled_view_get_can_manage (CvnScheduledView *self)
{
  g_return_val_if_fail (CVN_IS_SCHEDULED_VIEW (self), FALSE);

  return self->can_manage;
}

void
cvn_scheduled_view_set_can_manage (CvnScheduledView *self,
                                   gboolean          can_manage)
{
  g_return_if_fail (CVN_IS_SCHEDULED_VIEW (self));

  can_manage = !!can_manage;
  if (self->can_manage == can_manage)
    return;
  self->can_manage = can_manage;
  update_from_call (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_MANAGE]);
}

const char *
cvn_scheduled_view_get_countdown (CvnScheduledView *self)
{
  g_return_val_if_fail (CVN_IS_SCHEDULED_VIEW (self), NULL);

  return self->countdown;
}

gboolean
cvn_scheduled_view_get_start_notified (CvnScheduledView *self)
{
  g_return_val_if_fail (CVN_IS_SCHEDULED_VIEW (self), FALSE);

  return self->start_notified;
}
