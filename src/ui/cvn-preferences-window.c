/* cvn-preferences-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-preferences-window.h"

#include "cvn-device-list.h"

/* One device choice: the combo row shows "Follow System (NAME)" first, then every device of
 * the list; the GSettings key holds the chosen device's id, or "" to follow the system. */
typedef struct
{
  CvnPreferencesWindow *window;
  CvnDeviceList *devices;
  GtkStringList *names;
  AdwComboRow *row;
  const char *settings_key;
  gboolean rebuilding;
} DeviceChoice;

enum { MICROPHONE, SPEAKER, CAMERA, N_DEVICE_CHOICES };

struct _CvnPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings *settings;
  DeviceChoice choices[N_DEVICE_CHOICES];

  CvnClient *client;

  AdwComboRow *microphone_row;
  AdwComboRow *speaker_row;
  AdwComboRow *camera_row;
  GtkSwitch *echo_cancellation_switch;
  AdwActionRow *account_row;
  AdwAvatar *account_avatar;
  GtkWidget *log_out_button;
  AdwActionRow *server_row;
  AdwActionRow *status_row;
};

G_DEFINE_FINAL_TYPE (CvnPreferencesWindow, cvn_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
rebuild_choice (DeviceChoice *choice)
{
  GListModel *model = G_LIST_MODEL (choice->devices);
  GstDevice *default_device = cvn_device_list_get_default_device (choice->devices);
  g_autofree char *chosen_id = g_settings_get_string (choice->window->settings, choice->settings_key);
  g_autofree char *follow = NULL;
  g_autoptr(GPtrArray) labels = g_ptr_array_new_with_free_func (g_free);
  guint n = g_list_model_get_n_items (model);
  guint selected = 0;

  if (default_device != NULL)
    {
      g_autofree char *name = gst_device_get_display_name (default_device);
      /* Translators: a device choice; %s is the device the system uses now. */
      follow = g_strdup_printf (_("Follow System (%s)"), name);
    }
  else
    {
      follow = g_strdup (_("Follow System"));
    }
  g_ptr_array_add (labels, g_steal_pointer (&follow));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GstDevice) device = g_list_model_get_item (model, i);
      g_autofree char *id = cvn_device_list_dup_device_id (device);

      g_ptr_array_add (labels, gst_device_get_display_name (device));
      if (*chosen_id != '\0' && g_strcmp0 (id, chosen_id) == 0)
        selected = i + 1;
    }
  g_ptr_array_add (labels, NULL);

  /* A chosen device that is unplugged shows as "Follow System" without forgetting the
   * choice: it comes back when the device does. */
  choice->rebuilding = TRUE;
  gtk_string_list_splice (choice->names, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (choice->names)),
                          (const char * const *) labels->pdata);
  adw_combo_row_set_selected (choice->row, selected);
  gtk_widget_set_sensitive (GTK_WIDGET (choice->row), n > 0);
  choice->rebuilding = FALSE;
}

static void
devices_changed_cb (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    gpointer    user_data)
{
  rebuild_choice (user_data);
}

static void
default_device_changed_cb (GObject    *object,
                           GParamSpec *pspec,
                           gpointer    user_data)
{
  rebuild_choice (user_data);
}

static void
choice_selected_cb (AdwComboRow *row,
                    GParamSpec  *pspec,
                    gpointer     user_data)
{
  DeviceChoice *choice = user_data;
  guint selected = adw_combo_row_get_selected (row);
  g_autofree char *id = NULL;

  if (choice->rebuilding || selected == GTK_INVALID_LIST_POSITION)
    return;

  if (selected > 0)
    {
      g_autoptr(GstDevice) device = g_list_model_get_item (G_LIST_MODEL (choice->devices),
                                                           selected - 1);
      if (device != NULL)
        id = cvn_device_list_dup_device_id (device);
    }
  g_settings_set_string (choice->window->settings, choice->settings_key, id != NULL ? id : "");
}

static void
setup_choice (CvnPreferencesWindow *self,
              DeviceChoice         *choice,
              CvnDeviceKind         kind,
              AdwComboRow          *row,
              const char           *settings_key)
{
  g_autoptr(GError) error = NULL;

  choice->window = self;
  choice->devices = cvn_device_list_new (kind);
  choice->names = gtk_string_list_new (NULL);
  choice->row = row;
  choice->settings_key = settings_key;

  adw_combo_row_set_model (row, G_LIST_MODEL (choice->names));
  g_signal_connect (choice->devices, "items-changed", G_CALLBACK (devices_changed_cb), choice);
  g_signal_connect (choice->devices, "notify::default-device",
                    G_CALLBACK (default_device_changed_cb), choice);
  g_signal_connect (row, "notify::selected", G_CALLBACK (choice_selected_cb), choice);

  if (!cvn_device_list_start (choice->devices, &error))
    {
      g_debug ("%s", error->message);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _("No devices found"));
    }
  rebuild_choice (choice);
}

static void
clear_choice (DeviceChoice *choice)
{
  if (choice->devices != NULL)
    {
      g_signal_handlers_disconnect_by_data (choice->devices, choice);
      cvn_device_list_stop (choice->devices);
    }
  if (choice->row != NULL)
    g_signal_handlers_disconnect_by_data (choice->row, choice);
  g_clear_object (&choice->devices);
  g_clear_object (&choice->names);
  choice->row = NULL;
}

static void
update_account_rows (CvnPreferencesWindow *self)
{
  CvnAccount *account = self->client != NULL ? cvn_client_get_account (self->client) : NULL;
  gboolean logged_in = account != NULL &&
                       cvn_account_get_state (account) == CVN_ACCOUNT_STATE_LOGGED_IN;
  const char *name = logged_in ? cvn_account_get_display_name (account) : NULL;
  const char *phone = logged_in ? cvn_account_get_phone_number (account) : NULL;
  g_autofree char *phone_text = NULL;
  const char *status;

  if (phone != NULL && *phone != '\0')
    phone_text = g_str_has_prefix (phone, "+") ? g_strdup (phone) : g_strconcat ("+", phone, NULL);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->account_row),
                                 logged_in && name != NULL ? name : _("Not Logged In"));
  adw_action_row_set_subtitle (self->account_row, phone_text != NULL ? phone_text : "");
  adw_avatar_set_text (self->account_avatar, name);
  gtk_widget_set_visible (self->log_out_button, logged_in);

  adw_action_row_set_subtitle (self->server_row,
                               self->client != NULL ? cvn_client_get_description (self->client)
                                                    : _("None"));
  switch (self->client != NULL ? cvn_client_get_state (self->client) : CVN_CLIENT_STATE_DISCONNECTED)
    {
    case CVN_CLIENT_STATE_CONNECTED:
      status = _("Connected");
      break;
    case CVN_CLIENT_STATE_CONNECTING:
      status = _("Connecting…");
      break;
    case CVN_CLIENT_STATE_DISCONNECTED:
    default:
      status = _("Not connected");
      break;
    }
  adw_action_row_set_subtitle (self->status_row, status);
}

static void
client_changed_cb (GObject    *object,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  update_account_rows (user_data);
}

static void
cvn_preferences_window_dispose (GObject *object)
{
  CvnPreferencesWindow *self = CVN_PREFERENCES_WINDOW (object);

  for (guint i = 0; i < N_DEVICE_CHOICES; i++)
    clear_choice (&self->choices[i]);
  cvn_preferences_window_set_client (self, NULL);

  gtk_widget_dispose_template (GTK_WIDGET (self), CVN_TYPE_PREFERENCES_WINDOW);

  G_OBJECT_CLASS (cvn_preferences_window_parent_class)->dispose (object);
}

static void
cvn_preferences_window_finalize (GObject *object)
{
  CvnPreferencesWindow *self = CVN_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cvn_preferences_window_parent_class)->finalize (object);
}

static void
cvn_preferences_window_class_init (CvnPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cvn_preferences_window_dispose;
  object_class->finalize = cvn_preferences_window_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/convene/Convene/cvn-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CvnPreferencesWindow, microphone_row);
  gtk_widget_class_bind_template_child (widget_class, CvnPreferencesWindow, speaker_row);
  gtk_widget_class_bind_template_child (widget_class, CvnPreferencesWindow, camera_row);
  gtk_widget_class_bind_template_child (widget_class, CvnPreferencesWindow, echo_cancellation_switch);
  gtk_widget_class_bind_template_child (widget_class, CvnPreferencesWindow, account_row);
  gtk_widget_class_bind_template_child (widget_class, CvnPreferencesWindow, account_avatar);
  gtk_widget_class_bind_template_child (widget_class, CvnPreferencesWindow, log_out_button);
  gtk_widget_class_bind_template_child (widget_class, CvnPreferencesWindow, server_row);
  gtk_widget_class_bind_template_child (widget_class, CvnPreferencesWindow, status_row);
}

static void
cvn_preferences_window_init (CvnPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("io.github.convene.Convene");
  g_settings_bind (self->settings, "echo-cancellation",
                   self->echo_cancellation_switch, "active", G_SETTINGS_BIND_DEFAULT);

  setup_choice (self, &self->choices[MICROPHONE], CVN_DEVICE_KIND_MICROPHONE,
                self->microphone_row, "microphone");
  setup_choice (self, &self->choices[SPEAKER], CVN_DEVICE_KIND_SPEAKER,
                self->speaker_row, "speaker");
  setup_choice (self, &self->choices[CAMERA], CVN_DEVICE_KIND_CAMERA,
                self->camera_row, "camera");

  update_account_rows (self);
}

CvnPreferencesWindow *
cvn_preferences_window_new (GtkWindow *parent)
{
  return g_object_new (CVN_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "modal", parent != NULL,
                       NULL);
}

void
cvn_preferences_window_set_client (CvnPreferencesWindow *self,
                                   CvnClient            *client)
{
  g_return_if_fail (CVN_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (client == NULL || CVN_IS_CLIENT (client));

  if (self->client == client)
    return;
  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      g_signal_handlers_disconnect_by_data (cvn_client_get_account (self->client), self);
    }
  g_set_object (&self->client, client);
  if (client != NULL)
    {
      g_signal_connect_object (client, "notify::state", G_CALLBACK (client_changed_cb), self, 0);
      g_signal_connect_object (cvn_client_get_account (client), "notify",
                               G_CALLBACK (client_changed_cb), self, 0);
    }
  update_account_rows (self);
}

GListModel *
cvn_preferences_window_get_devices (CvnPreferencesWindow *self,
                                    guint                 kind)
{
  g_return_val_if_fail (CVN_IS_PREFERENCES_WINDOW (self), NULL);
  g_return_val_if_fail (kind < N_DEVICE_CHOICES, NULL);

  return G_LIST_MODEL (self->choices[kind].devices);
}
