/* cvn-join-link-dialog.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-join-link-dialog.h"

#include "cvn-call-link.h"

struct _CvnJoinLinkDialog
{
  AdwWindow parent_instance;

  CvnWindow *window;        /* weak */
  CvnClient *client;
  CvnCallLink *link;        /* being resolved */
  GCancellable *cancellable;
  char *error;
  gboolean busy;

  AdwEntryRow *link_row;
  GtkWidget *join_button;
  GtkSpinner *spinner;
  GtkLabel *error_label;
};

G_DEFINE_FINAL_TYPE (CvnJoinLinkDialog, cvn_join_link_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_BUSY,
  PROP_ERROR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_error (CvnJoinLinkDialog *self,
           const char        *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self->link_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->link_row), "error");
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
}

static void
set_busy (CvnJoinLinkDialog *self,
          gboolean           busy)
{
  if (self->busy == busy)
    return;
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_sensitive (self->join_button, !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->link_row), !busy);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
link_changed_cb (CvnJoinLinkDialog *self)
{
  set_error (self, NULL);
}

static void
resolved_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(CvnJoinLinkDialog) self = user_data;
  g_autoptr(CvnChat) chat = NULL;
  g_autoptr(CvnGroupCall) call = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnCallLink) link = g_steal_pointer (&self->link);

  call = cvn_client_resolve_link_finish (CVN_CLIENT (object), result, &chat, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);

  if (error != NULL)
    {
      set_error (self, error->message);
      return;
    }
  if (call == NULL && chat != NULL)
    {
      /* Translators: %s is the name of a group or channel. */
      g_autofree char *message = g_strdup_printf (_("%s has no call now"), cvn_chat_get_title (chat));
      set_error (self, message);
      return;
    }
  if (call == NULL)
    {
      set_error (self, _("This call has ended"));
      return;
    }

  if (self->window != NULL)
    {
      g_autofree char *uri = cvn_call_link_to_uri (link);

      cvn_window_show_call (self->window, chat, call, cvn_call_link_get_invite_hash (link), uri);
    }
  gtk_window_close (GTK_WINDOW (self));
}

void
cvn_join_link_dialog_join (CvnJoinLinkDialog *self)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (CVN_IS_JOIN_LINK_DIALOG (self));

  if (self->busy)
    return;
  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->link_row))));
  if (*text == '\0')
    {
      set_error (self, _("Paste a link first"));
      return;
    }

  g_clear_object (&self->link);
  self->link = cvn_call_link_parse (text, &error);
  if (self->link == NULL)
    {
      set_error (self, _("This is not a link to a call. Call links look like https://t.me/call/… or https://t.me/name?videochat"));
      g_debug ("%s: %s", text, error->message);
      return;
    }
  if (self->client == NULL)
    {
      set_error (self, _("Log in first"));
      return;
    }

  set_error (self, NULL);
  set_busy (self, TRUE);
  cvn_client_resolve_link_async (self->client, self->link, self->cancellable, resolved_cb,
                                 g_object_ref (self));
}

static void
join_clicked_cb (CvnJoinLinkDialog *self)
{
  cvn_join_link_dialog_join (self);
}

static void
paste_received_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CvnJoinLinkDialog) self = user_data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);

  if (text != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->link_row), g_strstrip (text));
}

static void
paste_clicked_cb (CvnJoinLinkDialog *self)
{
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->cancellable,
                                 paste_received_cb, g_object_ref (self));
}

static void
cvn_join_link_dialog_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CvnJoinLinkDialog *self = CVN_JOIN_LINK_DIALOG (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;
    case PROP_ERROR:
      g_value_set_string (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_join_link_dialog_dispose (GObject *object)
{
  CvnJoinLinkDialog *self = CVN_JOIN_LINK_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_weak_pointer (&self->window);
  g_clear_object (&self->client);
  g_clear_object (&self->link);

  gtk_widget_dispose_template (GTK_WIDGET (self), CVN_TYPE_JOIN_LINK_DIALOG);

  G_OBJECT_CLASS (cvn_join_link_dialog_parent_class)->dispose (object);
}

static void
cvn_join_link_dialog_finalize (GObject *object)
{
  CvnJoinLinkDialog *self = CVN_JOIN_LINK_DIALOG (object);

  g_clear_object (&self->cancellable);
  g_free (self->error);

  G_OBJECT_CLASS (cvn_join_link_dialog_parent_class)->finalize (object);
}

static void
cvn_join_link_dialog_class_init (CvnJoinLinkDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cvn_join_link_dialog_get_property;
  object_class->dispose = cvn_join_link_dialog_dispose;
  object_class->finalize = cvn_join_link_dialog_finalize;

  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_string ("error", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/convene/Convene/cvn-join-link-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, CvnJoinLinkDialog, link_row);
  gtk_widget_class_bind_template_child (widget_class, CvnJoinLinkDialog, join_button);
  gtk_widget_class_bind_template_child (widget_class, CvnJoinLinkDialog, spinner);
  gtk_widget_class_bind_template_child (widget_class, CvnJoinLinkDialog, error_label);
  gtk_widget_class_bind_template_callback (widget_class, join_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, link_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, paste_clicked_cb);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
cvn_join_link_dialog_init (CvnJoinLinkDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}

CvnJoinLinkDialog *
cvn_join_link_dialog_new (CvnWindow *window,
                          CvnClient *client)
{
  CvnJoinLinkDialog *self;

  g_return_val_if_fail (CVN_IS_WINDOW (window), NULL);
  g_return_val_if_fail (client == NULL || CVN_IS_CLIENT (client), NULL);

  self = g_object_new (CVN_TYPE_JOIN_LINK_DIALOG, "transient-for", window,
                       "application", gtk_window_get_application (GTK_WINDOW (window)), NULL);
  g_set_weak_pointer (&self->window, window);
  g_set_object (&self->client, client);
  return self;
}

void
cvn_join_link_dialog_set_link (CvnJoinLinkDialog *self,
                               const char        *link)
{
  g_return_if_fail (CVN_IS_JOIN_LINK_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->link_row), link != NULL ? link : "");
}

const char *
cvn_join_link_dialog_get_error (CvnJoinLinkDialog *self)
{
  g_return_val_if_fail (CVN_IS_JOIN_LINK_DIALOG (self), NULL);

  return self->error;
}

gboolean
cvn_join_link_dialog_get_busy (CvnJoinLinkDialog *self)
{
  g_return_val_if_fail (CVN_IS_JOIN_LINK_DIALOG (self), FALSE);

  return self->busy;
}
