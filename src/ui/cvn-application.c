/* cvn-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "cvn-application.h"
#include "cvn-client.h"
#include "cvn-library-versions.h"
#include "cvn-model-error.h"
#include "cvn-preferences-window.h"
#include "cvn-ui-resources.h"
#include "cvn-window.h"

struct _CvnApplication
{
  AdwApplication parent_instance;

  /* From the command line, else the environment (README). */
  char *sandbox_address;
  char *sandbox_key;
  gboolean sandbox_login;

  CvnClient *client;
  char *client_error;
  GCancellable *cancellable;
};

G_DEFINE_FINAL_TYPE (CvnApplication, cvn_application, ADW_TYPE_APPLICATION)

enum {
  PROP_0,
  PROP_CLIENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const GOptionEntry option_entries[] = {
  { "sandbox-address", 0, 0, G_OPTION_ARG_STRING, NULL,
    N_("Connect to the sandbox data centre at this address (default: $CONVENE_SANDBOX_ADDRESS)"),
    N_("HOST:PORT") },
  { "sandbox-key", 0, 0, G_OPTION_ARG_FILENAME, NULL,
    N_("The sandbox’s RSA public key, a PEM file (default: $CONVENE_SANDBOX_KEY)"),
    N_("FILE") },
  { "sandbox-login", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Log in to the sandbox with its demo account"), NULL },
  { NULL }
};

char *
cvn_application_dup_sandbox_code (const char *phone_number)
{
  g_autoptr(GString) digits = g_string_new (NULL);

  if (phone_number == NULL)
    return NULL;
  for (const char *p = phone_number; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (digits, *p);

  /* Telegram's test-DC convention, which the sandbox follows: 99966XYYYY gets XXXXX. */
  if (digits->len != 10 || !g_str_has_prefix (digits->str, "99966") ||
      digits->str[5] < '1' || digits->str[5] > '9')
    return NULL;
  return g_strnfill (5, digits->str[5]);
}

static char *
session_state_path (const char *name)
{
  g_autofree char *dir = g_build_filename (g_get_user_state_dir (), "convene", "sessions", NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    g_debug ("Cannot create %s: %s", dir, g_strerror (errno));
  return g_build_filename (dir, name, NULL);
}

static void
set_client (CvnApplication *self,
            CvnClient      *client,
            const char     *client_error)
{
  if (self->client != NULL)
    cvn_client_close (self->client);
  g_set_object (&self->client, client);
  g_free (self->client_error);
  self->client_error = g_strdup (client_error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

static void
sandbox_login_code_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!cvn_account_submit_code_finish (CVN_ACCOUNT (object), result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("The demo login failed: %s", error->message);
}

static void
sandbox_login_sent_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  CvnApplication *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = cvn_application_dup_sandbox_code (CVN_SANDBOX_DEMO_PHONE);

  if (!cvn_account_send_code_finish (CVN_ACCOUNT (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("The demo login failed: %s", error->message);
      g_object_unref (self);
      return;
    }
  cvn_account_submit_code_async (CVN_ACCOUNT (object), code, self->cancellable,
                                 sandbox_login_code_cb, NULL);
  g_object_unref (self);
}

static void
restored_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  CvnApplication *self = user_data;
  CvnAccount *account = CVN_ACCOUNT (object);
  g_autoptr(GError) error = NULL;

  if (!cvn_account_restore_finish (account, result, &error) &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_message ("The stored session could not be restored: %s", error->message);

  /* --sandbox-login: the demo account, unless a stored session already logged in. */
  if (self->sandbox_login && self->client != NULL &&
      cvn_client_get_is_sandbox (self->client) &&
      cvn_client_get_account (self->client) == account &&
      cvn_account_get_state (account) == CVN_ACCOUNT_STATE_LOGGED_OUT)
    cvn_account_send_code_async (account, CVN_SANDBOX_DEMO_PHONE, self->cancellable,
                                 sandbox_login_sent_cb, g_object_ref (self));
  g_object_unref (self);
}

static void
restore_session (CvnApplication *self)
{
  if (self->client == NULL)
    return;
  cvn_account_restore_async (cvn_client_get_account (self->client), self->cancellable,
                             restored_cb, g_object_ref (self));
}

static CvnClient *
new_sandbox_client (const char  *address,
                    const char  *key_path,
                    GError     **error)
{
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autofree char *state_name = NULL;
  g_autofree char *state_path = NULL;
  g_autofree char *key_contents = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *host;
  guint16 port;

  connectable = g_network_address_parse (address, 0, &local_error);
  if (connectable == NULL || g_network_address_get_port (G_NETWORK_ADDRESS (connectable)) == 0)
    {
      g_set_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_FAILED,
                   _("“%s” is not a sandbox address: use HOST:PORT, such as 127.0.0.1:4430"),
                   address);
      return NULL;
    }
  host = g_network_address_get_hostname (G_NETWORK_ADDRESS (connectable));
  port = g_network_address_get_port (G_NETWORK_ADDRESS (connectable));

  if (key_path == NULL || *key_path == '\0')
    {
      g_set_error_literal (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_FAILED,
                           _("The sandbox’s public key file is missing: give it with --sandbox-key or CONVENE_SANDBOX_KEY"));
      return NULL;
    }

  /* One stored session per sandbox key: the sandbox's port changes between runs, its key
   * (kept in its state folder) does not. */
  if (g_file_get_contents (key_path, &key_contents, NULL, NULL))
    {
      g_autofree char *digest = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key_contents, -1);
      state_name = g_strdup_printf ("sandbox-%.16s", digest);
    }
  else
    {
      state_name = g_strdup ("sandbox");
    }
  state_path = session_state_path (state_name);

  return cvn_client_new_sandbox (host, port, key_path, state_path, error);
}

gboolean
cvn_application_connect_sandbox (CvnApplication  *self,
                                 const char      *address,
                                 const char      *key_path,
                                 GError         **error)
{
  g_autoptr(CvnClient) client = NULL;

  g_return_val_if_fail (CVN_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (address != NULL, FALSE);

  client = new_sandbox_client (address, key_path, error);
  if (client == NULL)
    return FALSE;
  set_client (self, client, NULL);
  restore_session (self);
  return TRUE;
}

static void
create_client (CvnApplication *self)
{
  g_autoptr(CvnClient) client = NULL;
  g_autoptr(GError) error = NULL;

  if (self->sandbox_address != NULL && *self->sandbox_address != '\0')
    {
      client = new_sandbox_client (self->sandbox_address, self->sandbox_key, &error);
    }
  else if (cvn_client_telegram_available ())
    {
      g_autofree char *state_path = session_state_path ("telegram");

      client = cvn_client_new_telegram (state_path, &error);
    }
  else
    {
      set_client (self, NULL, cvn_client_get_telegram_unavailable_reason ());
      return;
    }

  set_client (self, client, error != NULL ? error->message : NULL);
  restore_session (self);
}

CvnClient *
cvn_application_get_client (CvnApplication *self)
{
  g_return_val_if_fail (CVN_IS_APPLICATION (self), NULL);

  return self->client;
}

const char *
cvn_application_get_client_error (CvnApplication *self)
{
  g_return_val_if_fail (CVN_IS_APPLICATION (self), NULL);

  return self->client_error;
}

static int
cvn_application_handle_local_options (GApplication *app,
                                      GVariantDict *options)
{
  CvnApplication *self = CVN_APPLICATION (app);
  const char *address = NULL;
  g_autofree char *key = NULL;

  if (g_variant_dict_lookup (options, "sandbox-address", "&s", &address))
    {
      g_free (self->sandbox_address);
      self->sandbox_address = g_strdup (address);
    }
  if (g_variant_dict_lookup (options, "sandbox-key", "^ay", &key))
    {
      g_free (self->sandbox_key);
      self->sandbox_key = g_steal_pointer (&key);
    }
  if (g_variant_dict_contains (options, "sandbox-login"))
    self->sandbox_login = TRUE;

  if (self->sandbox_address == NULL)
    self->sandbox_address = g_strdup (g_getenv ("CONVENE_SANDBOX_ADDRESS"));
  if (self->sandbox_key == NULL)
    self->sandbox_key = g_strdup (g_getenv ("CONVENE_SANDBOX_KEY"));

  return G_APPLICATION_CLASS (cvn_application_parent_class)->handle_local_options (app, options);
}

static void
cvn_application_startup (GApplication *app)
{
  CvnApplication *self = CVN_APPLICATION (app);

  G_APPLICATION_CLASS (cvn_application_parent_class)->startup (app);

  create_client (self);
}

static void
cvn_application_shutdown (GApplication *app)
{
  CvnApplication *self = CVN_APPLICATION (app);

  g_cancellable_cancel (self->cancellable);
  if (self->client != NULL)
    cvn_client_close (self->client);

  G_APPLICATION_CLASS (cvn_application_parent_class)->shutdown (app);
}

static CvnWindow *
ensure_window (CvnApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (!CVN_IS_WINDOW (window))
    window = GTK_WINDOW (cvn_window_new (self));
  return CVN_WINDOW (window);
}

static void
cvn_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (ensure_window (CVN_APPLICATION (app))));
}

/* tg:// and https://t.me/ links from the desktop (x-scheme-handler/tg). */
static void
cvn_application_open (GApplication  *app,
                      GFile        **files,
                      int            n_files,
                      const char    *hint)
{
  CvnWindow *window = ensure_window (CVN_APPLICATION (app));

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      cvn_window_open_link (window, uri);
    }
  gtk_window_present (GTK_WINDOW (window));
}

static void
cvn_application_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CvnApplication *self = CVN_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_application_finalize (GObject *object)
{
  CvnApplication *self = CVN_APPLICATION (object);

  g_clear_object (&self->client);
  g_clear_object (&self->cancellable);
  g_free (self->client_error);
  g_free (self->sandbox_address);
  g_free (self->sandbox_key);

  G_OBJECT_CLASS (cvn_application_parent_class)->finalize (object);
}

static void
cvn_application_class_init (CvnApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->get_property = cvn_application_get_property;
  object_class->finalize = cvn_application_finalize;
  app_class->handle_local_options = cvn_application_handle_local_options;
  app_class->startup = cvn_application_startup;
  app_class->shutdown = cvn_application_shutdown;
  app_class->activate = cvn_application_activate;
  app_class->open = cvn_application_open;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, CVN_TYPE_CLIENT,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  cvn_ui_register_resource ();
}

char *
cvn_application_dup_debug_info (CvnApplication *self)
{
  g_autofree char *libraries = cvn_library_versions_dup_text ();
  GString *out = g_string_new (NULL);
  GtkWindow *window;

  g_return_val_if_fail (CVN_IS_APPLICATION (self), NULL);

  g_string_append_printf (out, "Convene %s (%s)\n", PACKAGE_VERSION, BUILD_IDENT);
  g_string_append_printf (out, "Application ID: %s\n", APPLICATION_ID);
  g_string_append_printf (out, "Telegram api_id built in: %s\n\n", CVN_API_ID != 0 ? "yes" : "no");

  g_string_append (out, "Libraries:\n");
  g_string_append (out, libraries);
  g_string_append_printf (out, "- GTK: compiled against %d.%d.%d, running %u.%u.%u\n",
                          GTK_MAJOR_VERSION, GTK_MINOR_VERSION, GTK_MICRO_VERSION,
                          gtk_get_major_version (), gtk_get_minor_version (),
                          gtk_get_micro_version ());
  g_string_append_printf (out, "- libadwaita: compiled against %d.%d.%d, running %u.%u.%u\n",
                          ADW_MAJOR_VERSION, ADW_MINOR_VERSION, ADW_MICRO_VERSION,
                          adw_get_major_version (), adw_get_minor_version (),
                          adw_get_micro_version ());

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      GdkDisplay *display = gtk_widget_get_display (GTK_WIDGET (window));
      GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (window));

      g_string_append (out, "\nSession:\n");
      g_string_append_printf (out, "- Display: %s\n", G_OBJECT_TYPE_NAME (display));
      if (renderer != NULL)
        g_string_append_printf (out, "- Renderer: %s\n", G_OBJECT_TYPE_NAME (renderer));
    }
  g_string_append_printf (out, "- Flatpak: %s\n",
                          g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS) ? "yes" : "no");

  return g_string_free (out, FALSE);
}

static void
about_action_cb (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  CvnApplication *self = user_data;
  static const char *developers[] = { "The Convene developers", NULL };
  g_autofree char *debug_info = cvn_application_dup_debug_info (self);
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "application-name", _("Convene"),
                        "application-icon", APPLICATION_ID,
                        "developer-name", _("The Convene developers"),
                        "version", PACKAGE_VERSION,
                        "website", "https://github.com/convene/convene",
                        "issue-url", "https://github.com/convene/convene/issues",
                        "comments", _("Join and run Telegram group calls, livestreams and conferences"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        "translator-credits", _("translator-credits"),
                        "debug-info", debug_info,
                        "debug-info-filename", "convene-debug-info.txt",
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action_cb (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  CvnApplication *self = user_data;
  CvnPreferencesWindow *preferences;

  preferences = cvn_preferences_window_new (gtk_application_get_active_window (GTK_APPLICATION (self)));
  gtk_window_set_application (GTK_WINDOW (preferences), GTK_APPLICATION (self));
  cvn_preferences_window_set_client (preferences, self->client);
  gtk_window_present (GTK_WINDOW (preferences));
}

static void
logged_out_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!cvn_account_log_out_finish (CVN_ACCOUNT (object), result, &error))
    g_message ("Logging out failed: %s", error->message);
}

static void
log_out_action_cb (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  CvnApplication *self = user_data;

  if (self->client == NULL)
    return;
  cvn_account_log_out_async (cvn_client_get_account (self->client), self->cancellable,
                             logged_out_cb, NULL);
}

static void
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action_cb },
  { "preferences", preferences_action_cb },
  { "log-out", log_out_action_cb },
  { "quit", quit_action_cb },
};

static void
cvn_application_init (CvnApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };
  static const char *preferences_accels[] = { "<Control>comma", NULL };

  self->cancellable = g_cancellable_new ();
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self), _("[LINK…]"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Join Telegram group calls, livestreams and conference calls. A tg:// or https://t.me/ link opens its call."));
  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);
}

CvnApplication *
cvn_application_new (const char *application_id)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  /* The .Devel id shares the resources and settings of the stable one. */
  return g_object_new (CVN_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/convene/Convene",
                       NULL);
}
