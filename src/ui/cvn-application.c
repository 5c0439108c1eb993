/* cvn-application.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-application.h"
#include "cvn-library-versions.h"
#include "cvn-ui-resources.h"
#include "cvn-window.h"

struct _CvnApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (CvnApplication, cvn_application, ADW_TYPE_APPLICATION)

static void
cvn_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (cvn_window_new (CVN_APPLICATION (app)));

  gtk_window_present (window);
}

static void
cvn_application_class_init (CvnApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = cvn_application_activate;

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
quit_action_cb (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "about", about_action_cb },
  { "quit", quit_action_cb },
};

static void
cvn_application_init (CvnApplication *self)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
}

CvnApplication *
cvn_application_new (const char *application_id)
{
  g_return_val_if_fail (application_id != NULL, NULL);

  /* The .Devel id shares the resources and settings of the stable one. */
  return g_object_new (CVN_TYPE_APPLICATION,
                       "application-id", application_id,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/convene/Convene",
                       NULL);
}
