/* cvn-new-call-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-new-call-dialog.h"

#include "cvn-call-session.h"
#include "cvn-call-view.h"
#include "cvn-qr-code.h"

struct _CvnNewCallDialog
{
  AdwWindow parent_instance;

  CvnNewCallKind kind;
  CvnWindow *window;          /* weak */
  CvnClient *client;
  GtkFilterListModel *chats;
  GCancellable *cancellable;
  char *error;
  char *link;
  CvnCallSession *session;    /* of the conference created */
  gboolean busy;

  GtkWidget *cancel_button;
  GtkWidget *create_button;
  GtkSpinner *spinner;
  GtkStack *stack;
  AdwPreferencesGroup *form_group;
  AdwComboRow *chat_row;
  AdwEntryRow *title_row;
  GtkWidget *rtmp_row;
  GtkSwitch *rtmp_switch;
  GtkWidget *schedule_group;
  GtkMenuButton *date_button;
  GtkCalendar *calendar;
  GtkSpinButton *hour_spin;
  GtkSpinButton *minute_spin;
  GtkLabel *error_label;
  AdwActionRow *link_row;
  GtkWidget *qr_frame;
  GtkPicture *qr_picture;
};

G_DEFINE_FINAL_TYPE (CvnNewCallDialog, cvn_new_call_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_ERROR,
  PROP_LINK,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

const char *
cvn_new_call_check_schedule (gint64 date,
                             gint64 now)
{
  if (date < now + CVN_SCHEDULE_MIN_SECONDS)
    return _("Choose a time in the future");
  if (date > now + CVN_SCHEDULE_MAX_SECONDS)
    return _("A call can be scheduled at most 8 days ahead");
  return NULL;
}

static void
set_error (CvnNewCallDialog *self,
           const char       *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_busy (CvnNewCallDialog *self,
          gboolean          busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->create_button, !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static gboolean
chat_fits (gpointer item,
           gpointer user_data)
{
  CvnNewCallDialog *self = user_data;
  CvnChat *chat = item;

  if (!cvn_chat_get_can_manage_call (chat))
    return FALSE;
  switch (self->kind)
    {
    case CVN_NEW_CALL_VIDEO_CHAT:
      return !cvn_chat_get_broadcast (chat);
    case CVN_NEW_CALL_LIVESTREAM:
      return cvn_chat_get_broadcast (chat) && cvn_chat_get_is_creator (chat);
    case CVN_NEW_CALL_SCHEDULED:
      return TRUE;
    case CVN_NEW_CALL_CONFERENCE:
    default:
      return FALSE;
    }
}

gint64
cvn_new_call_dialog_get_schedule (CvnNewCallDialog *self)
{
  g_autoptr(GDateTime) day = NULL;
  g_autoptr(GDateTime) when = NULL;

  g_return_val_if_fail (CVN_IS_NEW_CALL_DIALOG (self), 0);

  day = gtk_calendar_get_date (self->calendar);
  when = g_date_time_new_local (g_date_time_get_year (day), g_date_time_get_month (day),
                                g_date_time_get_day_of_month (day),
                                gtk_spin_button_get_value_as_int (self->hour_spin),
                                gtk_spin_button_get_value_as_int (self->minute_spin), 0);
  return when != NULL ? g_date_time_to_unix (when) : 0;
}

static void
update_schedule_label (CvnNewCallDialog *self)
{
  g_autoptr(GDateTime) day = gtk_calendar_get_date (self->calendar);
  /* Translators: a date format for g_date_time_format(), e.g. "Mon 24 November 2026". */
  g_autofree char *label = g_date_time_format (day, _("%a %e %B %Y"));

  gtk_menu_button_set_label (self->date_button, label);
}

static void
schedule_changed_cb (CvnNewCallDialog *self)
{
  update_schedule_label (self);
  if (self->kind == CVN_NEW_CALL_SCHEDULED)
    set_error (self, cvn_new_call_check_schedule (cvn_new_call_dialog_get_schedule (self),
                                                  g_get_real_time () / G_USEC_PER_SEC));
}

void
cvn_new_call_dialog_set_schedule (CvnNewCallDialog *self,
                                  gint64            unix_time)
{
  g_autoptr(GDateTime) when = NULL;

  g_return_if_fail (CVN_IS_NEW_CALL_DIALOG (self));

  when = g_date_time_new_from_unix_local (unix_time);
  gtk_calendar_select_day (self->calendar, when);
  gtk_spin_button_set_value (self->hour_spin, g_date_time_get_hour (when));
  gtk_spin_button_set_value (self->minute_spin, g_date_time_get_minute (when));
  schedule_changed_cb (self);
}

static CvnChat *
selected_chat (CvnNewCallDialog *self)
{
  return CVN_CHAT (adw_combo_row_get_selected_item (self->chat_row));
}

/* --- creating ------------------------------------------------------------------------ */

static void
show_call (CvnNewCallDialog *self,
           CvnChat          *chat,
           CvnGroupCall     *call,
           CvnCallSession   *session)
{
  if (self->window != NULL)
    {
      GtkWidget *view;

      cvn_window_show_call (self->window, chat, call, NULL, self->link);
      /* The view acts through the session that created the call. */
      view = cvn_window_get_content (self->window);
      if (CVN_IS_CALL_VIEW (view))
        cvn_call_view_set_session (CVN_CALL_VIEW (view), session);
    }
  gtk_window_close (GTK_WINDOW (self));
}

static void
show_link (CvnNewCallDialog *self,
           const char       *link)
{
  g_free (self->link);
  self->link = g_strdup (link);
  adw_action_row_set_subtitle (self->link_row, link);
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GdkTexture) texture = cvn_qr_code_new_texture (link, 4, &error);

    if (texture == NULL)
      g_debug ("No QR code for %s: %s", link, error->message);
    gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (texture));
    gtk_widget_set_visible (self->qr_frame, texture != NULL);
  }
  gtk_stack_set_visible_child_name (self->stack, "link");
  gtk_button_set_label (GTK_BUTTON (self->create_button), _("_Done"));
  /* The call exists now: nothing to cancel; room for the QR code. */
  gtk_widget_set_visible (self->cancel_button, FALSE);
  gtk_window_set_default_size (GTK_WINDOW (self), 460, 560);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINK]);
}

static void
created_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(CvnNewCallDialog) self = user_data;
  g_autoptr(CvnCallSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = cvn_call_session_create_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (session == NULL)
    {
      set_error (self, error->message);
      return;
    }
  show_call (self, selected_chat (self), cvn_call_session_get_call (session), session);
}

static void
conference_created_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CvnNewCallDialog) self = user_data;
  g_autoptr(CvnCallSession) session = NULL;
  g_autoptr(GError) error = NULL;
  CvnGroupCall *call;
  const char *link;

  session = cvn_call_session_create_finish (result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (session == NULL)
    {
      set_error (self, error->message);
      return;
    }
  call = cvn_call_session_get_call (session);
  link = cvn_group_call_get_invite_link (call);
  if (link == NULL || *link == '\0')
    {
      set_error (self, _("The server gave the new call no link"));
      return;
    }
  /* The link first (to copy or scan); Done shows the call. */
  g_set_object (&self->session, session);
  show_link (self, link);
}

static void
create_call (CvnNewCallDialog *self,
             CvnChat          *chat,
             const char       *title,
             gboolean          rtmp,
             gint64            schedule_date)
{
  if (self->kind == CVN_NEW_CALL_CONFERENCE)
    {
      set_busy (self, TRUE);
      cvn_call_session_create_conference_async (self->client, self->cancellable,
                                                conference_created_cb, g_object_ref (self));
      return;
    }

  set_busy (self, TRUE);
  cvn_call_session_create_async (self->client, chat,
                                 rtmp ? CVN_CALL_CREATE_RTMP_STREAM : CVN_CALL_CREATE_VIDEO_CHAT,
                                 title != NULL && *title != '\0' ? title : NULL,
                                 schedule_date, self->cancellable, created_cb,
                                 g_object_ref (self));
}

void
cvn_new_call_dialog_create (CvnNewCallDialog *self)
{
  CvnChat *chat = NULL;
  g_autofree char *title = NULL;
  gint64 schedule_date = 0;

  g_return_if_fail (CVN_IS_NEW_CALL_DIALOG (self));

  if (self->busy)
    return;
  if (self->link != NULL)
    {
      if (self->session != NULL)
        show_call (self, NULL, cvn_call_session_get_call (self->session), self->session);
      else
        gtk_window_close (GTK_WINDOW (self));
      return;
    }

  if (self->kind != CVN_NEW_CALL_CONFERENCE)
    {
      chat = selected_chat (self);
      if (chat == NULL)
        {
          set_error (self, self->kind == CVN_NEW_CALL_LIVESTREAM
                           ? _("You own no channel to stream in")
                           : _("You administer no group to start a video chat in"));
          return;
        }
    }
  if (self->kind == CVN_NEW_CALL_SCHEDULED)
    {
      const char *problem;

      schedule_date = cvn_new_call_dialog_get_schedule (self);
      problem = cvn_new_call_check_schedule (schedule_date, g_get_real_time () / G_USEC_PER_SEC);
      if (problem != NULL)
        {
          set_error (self, problem);
          return;
        }
    }

  title = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->title_row))));
  set_error (self, NULL);
  create_call (self, chat, title, gtk_switch_get_active (self->rtmp_switch), schedule_date);
}

static void
create_clicked_cb (CvnNewCallDialog *self)
{
  cvn_new_call_dialog_create (self);
}

static void
copy_clicked_cb (CvnNewCallDialog *self)
{
  if (self->link == NULL)
    return;
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->link);
  if (self->window != NULL)
    cvn_window_add_toast (self->window, adw_toast_new (_("Link copied")));
}

/* --- object ---------------------------------------------------------------------------- */

static void
cvn_new_call_dialog_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CvnNewCallDialog *self = CVN_NEW_CALL_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    case PROP_LINK:
      g_value_set_string (value, self->link);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_new_call_dialog_dispose (GObject *object)
{
  CvnNewCallDialog *self = CVN_NEW_CALL_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->chats);
  g_clear_object (&self->client);
  g_clear_object (&self->session);

  gtk_widget_dispose_template (GTK_WIDGET (self), CVN_TYPE_NEW_CALL_DIALOG);

  G_OBJECT_CLASS (cvn_new_call_dialog_parent_class)->dispose (object);
}

static void
cvn_new_call_dialog_finalize (GObject *object)
{
  CvnNewCallDialog *self = CVN_NEW_CALL_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->error);
  g_free (self->link);

  G_OBJECT_CLASS (cvn_new_call_dialog_parent_class)->finalize (object);
}

static void
cvn_new_call_dialog_class_init (CvnNewCallDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cvn_new_call_dialog_get_property;
  object_class->dispose = cvn_new_call_dialog_dispose;
  object_class->finalize = cvn_new_call_dialog_finalize;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LINK] =
    g_param_spec_string ("link", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/convene/Convene/cvn-new-call-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, create_button);
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, form_group);
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, chat_row);
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, rtmp_row);
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, rtmp_switch);
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, schedule_group);
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, date_button);
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, calendar);
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, hour_spin);
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, minute_spin);
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, link_row);
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, qr_frame);
  gtk_widget_class_bind_template_child (widget_class, CvnNewCallDialog, qr_picture);
  gtk_widget_class_bind_template_callback (widget_class, create_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, schedule_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, copy_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cvn_new_call_dialog_init (CvnNewCallDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  adw_combo_row_set_expression (self->chat_row,
                                gtk_property_expression_new (CVN_TYPE_CHAT, NULL, "title"));
}

static void
setup_kind (CvnNewCallDialog *self)
{
  GtkCustomFilter *filter = gtk_custom_filter_new (chat_fits, self, NULL);
  GListModel *all = self->client != NULL ? g_object_ref (cvn_client_get_all_chats (self->client)) : NULL;
  const char *title;

  self->chats = gtk_filter_list_model_new (all, GTK_FILTER (filter));
  adw_combo_row_set_model (self->chat_row, G_LIST_MODEL (self->chats));

  switch (self->kind)
    {
    case CVN_NEW_CALL_LIVESTREAM:
      title = _("New Livestream");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->chat_row), _("Channel"));
      break;
    case CVN_NEW_CALL_SCHEDULED:
      title = _("Schedule a Call");
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->chat_row), _("Group or Channel"));
      gtk_button_set_label (GTK_BUTTON (self->create_button), _("_Schedule"));
      break;
    case CVN_NEW_CALL_CONFERENCE:
      title = _("New Conference Call");
      break;
    case CVN_NEW_CALL_VIDEO_CHAT:
    default:
      title = _("New Video Chat");
      gtk_button_set_label (GTK_BUTTON (self->create_button), _("_Start"));
      break;
    }
  gtk_window_set_title (GTK_WINDOW (self), title);

  gtk_widget_set_visible (GTK_WIDGET (self->chat_row), self->kind != CVN_NEW_CALL_CONFERENCE);
  gtk_widget_set_visible (self->rtmp_row, self->kind == CVN_NEW_CALL_LIVESTREAM);
  gtk_widget_set_visible (self->schedule_group, self->kind == CVN_NEW_CALL_SCHEDULED);
  if (self->kind == CVN_NEW_CALL_CONFERENCE)
    adw_preferences_group_set_description (self->form_group,
                                           _("A call with end-to-end encryption that anyone with its link can join"));

  /* A sensible default start: the next quarter of an hour at least 10 minutes away. */
  {
    gint64 now = g_get_real_time () / G_USEC_PER_SEC;
    gint64 start = ((now + 600) / 900 + 1) * 900;
    cvn_new_call_dialog_set_schedule (self, start);
    set_error (self, NULL);
  }
}

CvnNewCallDialog *
cvn_new_call_dialog_new (CvnWindow      *window,
                         CvnClient      *client,
                         CvnNewCallKind  kind)
{
  CvnNewCallDialog *self;

  g_return_val_if_fail (CVN_IS_WINDOW (window), NULL);
  g_return_val_if_fail (client == NULL || CVN_IS_CLIENT (client), NULL);

  self = g_object_new (CVN_TYPE_NEW_CALL_DIALOG, "transient-for", window,
                       "application", gtk_window_get_application (GTK_WINDOW (window)), NULL);
  self->kind = kind;
  g_set_weak_pointer (&self->window, window);
  g_set_object (&self->client, client);
  setup_kind (self);
  return self;
}

CvnNewCallKind
cvn_new_call_dialog_get_kind (CvnNewCallDialog *self)
{
  g_return_val_if_fail (CVN_IS_NEW_CALL_DIALOG (self), CVN_NEW_CALL_VIDEO_CHAT);

  return self->kind;
}

GListModel *
cvn_new_call_dialog_get_chats (CvnNewCallDialog *self)
{
  g_return_val_if_fail (CVN_IS_NEW_CALL_DIALOG (self), NULL);

  return G_LIST_MODEL (self->chats);
}

void
cvn_new_call_dialog_select_chat (CvnNewCallDialog *self,
                                 CvnChat          *chat)
{
  guint n;

  g_return_if_fail (CVN_IS_NEW_CALL_DIALOG (self));

  n = g_list_model_get_n_items (G_LIST_MODEL (self->chats));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(CvnChat) item = g_list_model_get_item (G_LIST_MODEL (self->chats), i);

      if (item == chat)
        {
          adw_combo_row_set_selected (self->chat_row, i);
          return;
        }
    }
}

const char *
cvn_new_call_dialog_get_error (CvnNewCallDialog *self)
{
  g_return_val_if_fail (CVN_IS_NEW_CALL_DIALOG (self), NULL);

  return self->error;
}

gboolean
cvn_new_call_dialog_get_busy (CvnNewCallDialog *self)
{
  g_return_val_if_fail (CVN_IS_NEW_CALL_DIALOG (self), FALSE);

  return self->busy;
}

const char *
cvn_new_call_dialog_get_link (CvnNewCallDialog *self)
{
  g_return_val_if_fail (CVN_IS_NEW_CALL_DIALOG (self), NULL);

  return self->link;
}
