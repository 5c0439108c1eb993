/* cvn-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-window.h"

struct _CvnWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;

  AdwLeaflet *leaflet;
  GtkWidget *sidebar;
  GtkWidget *content;
};

G_DEFINE_FINAL_TYPE (CvnWindow, cvn_window, ADW_TYPE_APPLICATION_WINDOW)

static void
cvn_window_save_state (CvnWindow *self)
{
  int width, height;

  /* The unmaximized size, so a maximized window comes back at a sensible size. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static void
cvn_window_restore_state (CvnWindow *self)
{
  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static gboolean
cvn_window_close_request (GtkWindow *window)
{
  cvn_window_save_state (CVN_WINDOW (window));

  return GTK_WINDOW_CLASS (cvn_window_parent_class)->close_request (window);
}

static void
back_clicked_cb (CvnWindow *self)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
toggle_fullscreen_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  GtkWindow *window = GTK_WINDOW (widget);

  if (gtk_window_is_fullscreen (window))
    gtk_window_unfullscreen (window);
  else
    gtk_window_fullscreen (window);
}

static void
cvn_window_dispose (GObject *object)
{
  CvnWindow *self = CVN_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), CVN_TYPE_WINDOW);

  G_OBJECT_CLASS (cvn_window_parent_class)->dispose (object);
}

static void
cvn_window_finalize (GObject *object)
{
  CvnWindow *self = CVN_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (cvn_window_parent_class)->finalize (object);
}

static void
cvn_window_class_init (CvnWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = cvn_window_dispose;
  object_class->finalize = cvn_window_finalize;
  window_class->close_request = cvn_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/convene/Convene/cvn-window.ui");
  gtk_widget_class_bind_template_child (widget_class, CvnWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CvnWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, CvnWindow, content);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.toggle-fullscreen", NULL,
                                   toggle_fullscreen_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.toggle-fullscreen", NULL);
}

static void
cvn_window_init (CvnWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new ("io.github.convene.Convene");
  cvn_window_restore_state (self);

  if (g_strcmp0 (PROFILE, "devel") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
}

CvnWindow *
cvn_window_new (CvnApplication *application)
{
  g_return_val_if_fail (CVN_IS_APPLICATION (application), NULL);

  return g_object_new (CVN_TYPE_WINDOW, "application", application, NULL);
}
