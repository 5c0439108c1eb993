/* cvn-window.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-window.h"

#include "cvn-call-controls.h"
#include "cvn-call-row.h"
#include "cvn-call-session.h"
#include "cvn-call-view.h"
#include "cvn-calls-sidebar.h"
#include "cvn-join-link-dialog.h"
#include "cvn-login-page.h"
#include "cvn-new-call-dialog.h"

struct _CvnWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;
  CvnClient *client;
  CvnChat *chat;              /* shown in the content pane */
  GPtrArray *pending_links;   /* opened before login */
  char *invite_hash;          /* of the link that opened the call shown */
  gboolean push_to_talk;      /* Space held: the microphone is open until it is released */
  gboolean demo_call_pending; /* sandbox: show the demo call once the calls list has it */

  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  GtkSpinner *loading_spinner;
  AdwBin *login_bin;
  CvnLoginPage *login_page;
  AdwLeaflet *leaflet;
  AdwBin *sidebar_bin;
  CvnCallsSidebar *sidebar;
  GtkWidget *content;
  AdwWindowTitle *content_title;
  AdwBin *content_bin;
  GtkWidget *welcome_page;
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

/* --- the content pane ------------------------------------------------------ */

static void
update_content_title (CvnWindow *self)
{
  g_autofree char *subtitle = NULL;

  if (self->chat == NULL)
    {
      adw_window_title_set_title (self->content_title, "");
      adw_window_title_set_subtitle (self->content_title, "");
      return;
    }
  subtitle = cvn_call_row_format_subtitle (self->chat, g_get_real_time () / G_USEC_PER_SEC);
  adw_window_title_set_title (self->content_title, cvn_chat_get_title (self->chat));
  adw_window_title_set_subtitle (self->content_title, subtitle);
}

static void
shown_chat_changed_cb (CvnWindow *self)
{
  GtkWidget *view = adw_bin_get_child (self->content_bin);

  update_content_title (self);
  /* The call object arrives after the chat when its full info is fetched. */
  if (CVN_IS_CALL_VIEW (view) && self->chat != NULL &&
      cvn_chat_get_group_call (self->chat) != NULL &&
      cvn_call_view_get_call (CVN_CALL_VIEW (view)) != cvn_chat_get_group_call (self->chat))
    cvn_call_view_set_call (CVN_CALL_VIEW (view), cvn_chat_get_group_call (self->chat));
}

static GtkWidget *
create_call_view (CvnWindow    *self,
                  CvnChat      *chat,
                  CvnGroupCall *call,
                  const char   *link)
{
  CvnCallView *view = CVN_CALL_VIEW (cvn_call_view_new ());

  cvn_call_view_set_call (view, call);
  if (chat != NULL)
    cvn_call_view_set_fallback_title (view, cvn_chat_get_title (chat));
  cvn_call_view_set_can_manage (view, chat != NULL ? cvn_chat_get_can_manage_call (chat)
                                                   : call != NULL && cvn_group_call_get_creator (call));
  /* The client names the participants and is what the controls act through. */
  cvn_call_view_set_client (view, self->client);
  cvn_call_view_set_invite_hash (view, self->invite_hash);
  if (link != NULL)
    cvn_call_view_set_conference_link (view, link);
  return GTK_WIDGET (view);
}

static void
show_content (CvnWindow    *self,
              CvnChat      *chat,
              CvnGroupCall *call,
              const char   *link)
{
  if (self->chat != NULL)
    g_signal_handlers_disconnect_by_func (self->chat, shown_chat_changed_cb, self);
  g_set_object (&self->chat, chat);
  if (chat != NULL)
    g_signal_connect_object (chat, "notify", G_CALLBACK (shown_chat_changed_cb), self,
                             G_CONNECT_SWAPPED);

  if (chat == NULL && call == NULL)
    adw_bin_set_child (self->content_bin, self->welcome_page);
  else
    adw_bin_set_child (self->content_bin, create_call_view (self, chat, call, link));
  update_content_title (self);
  if (chat != NULL || call != NULL)
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
chat_activated_cb (CvnWindow *self,
                   CvnChat   *chat)
{
  g_clear_pointer (&self->invite_hash, g_free);
  show_content (self, chat, cvn_chat_get_group_call (chat), NULL);
}

void
cvn_window_show_call (CvnWindow    *self,
                      CvnChat      *chat,
                      CvnGroupCall *call,
                      const char   *invite_hash,
                      const char   *link)
{
  g_return_if_fail (CVN_IS_WINDOW (self));
  g_return_if_fail (chat == NULL || CVN_IS_CHAT (chat));
  g_return_if_fail (call == NULL || CVN_IS_GROUP_CALL (call));

  if (chat != NULL)
    cvn_calls_sidebar_select_chat (self->sidebar, chat);
  /* Kept for joining: a speaker link's hash lets the holder speak. */
  g_free (self->invite_hash);
  self->invite_hash = g_strdup (invite_hash);
  show_content (self, chat, call, link);
}

const char *
cvn_window_get_invite_hash (CvnWindow *self)
{
  g_return_val_if_fail (CVN_IS_WINDOW (self), NULL);

  return self->invite_hash;
}

CvnChat *
cvn_window_get_shown_chat (CvnWindow *self)
{
  g_return_val_if_fail (CVN_IS_WINDOW (self), NULL);

  return self->chat;
}

GtkWidget *
cvn_window_get_content (CvnWindow *self)
{
  g_return_val_if_fail (CVN_IS_WINDOW (self), NULL);

  return adw_bin_get_child (self->content_bin);
}

void
cvn_window_add_toast (CvnWindow *self,
                      AdwToast  *toast)
{
  g_return_if_fail (CVN_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char *
cvn_window_get_page_name (CvnWindow *self)
{
  g_return_val_if_fail (CVN_IS_WINDOW (self), NULL);

  return gtk_stack_get_visible_child_name (self->main_stack);
}

GtkWidget *
cvn_window_get_login_page (CvnWindow *self)
{
  g_return_val_if_fail (CVN_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->login_page);
}

GtkWidget *
cvn_window_get_sidebar (CvnWindow *self)
{
  g_return_val_if_fail (CVN_IS_WINDOW (self), NULL);

  return GTK_WIDGET (self->sidebar);
}

/* --- login state ------------------------------------------------------------- */

static void
open_pending_links (CvnWindow *self)
{
  g_autoptr(GPtrArray) links = g_steal_pointer (&self->pending_links);

  self->pending_links = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; links != NULL && i < links->len; i++)
    cvn_window_open_link (self, links->pdata[i]);
}

static gboolean
is_logged_in (CvnWindow *self)
{
  return self->client != NULL &&
         cvn_account_get_state (cvn_client_get_account (self->client)) == CVN_ACCOUNT_STATE_LOGGED_IN;
}

/* In sandbox mode a login lands on the live demo call (the first video chat, not a
 * livestream, that is live and that the user manages), its Join button focused, unless
 * something was chosen meanwhile. */
static void
show_demo_call (CvnWindow *self)
{
  GListModel *chats;

  if (!self->demo_call_pending)
    return;
  if (self->client == NULL || self->chat != NULL ||
      adw_bin_get_child (self->content_bin) != self->welcome_page)
    {
      self->demo_call_pending = FALSE;
      return;
    }

  chats = cvn_client_get_chats (self->client);
  for (guint i = 0; i < g_list_model_get_n_items (chats); i++)
    {
      g_autoptr(CvnChat) chat = g_list_model_get_item (chats, i);
      GtkWidget *view;

      if (cvn_chat_get_broadcast (chat) || !cvn_chat_get_can_manage_call (chat) ||
          cvn_chat_get_call_state (chat) != CVN_GROUP_CALL_STATE_LIVE ||
          cvn_chat_get_group_call (chat) == NULL)
        continue;

      self->demo_call_pending = FALSE;
      cvn_window_show_call (self, chat, cvn_chat_get_group_call (chat), NULL, NULL);
      view = adw_bin_get_child (self->content_bin);
      if (CVN_IS_CALL_VIEW (view))
        gtk_window_set_focus (GTK_WINDOW (self),
                              cvn_call_controls_get_button (CVN_CALL_CONTROLS (cvn_call_view_get_controls (CVN_CALL_VIEW (view))),
                                                            "join"));
      return;
    }
}

static void
chat_call_state_cb (CvnWindow *self)
{
  show_demo_call (self);
}

/* A chat's call is known after the chat is listed: each chat is watched. */
static void
chats_changed_cb (CvnWindow  *self,
                  guint       position,
                  guint       removed,
                  guint       added,
                  GListModel *chats)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(CvnChat) chat = g_list_model_get_item (chats, i);

      g_signal_handlers_disconnect_by_func (chat, chat_call_state_cb, self);
      g_signal_connect_object (chat, "notify::call-state", G_CALLBACK (chat_call_state_cb), self,
                               G_CONNECT_SWAPPED);
    }
  show_demo_call (self);
}

static void
unwatch_chats (CvnWindow *self)
{
  GListModel *chats = cvn_client_get_chats (self->client);

  g_signal_handlers_disconnect_by_data (chats, self);
  for (guint i = 0; i < g_list_model_get_n_items (chats); i++)
    {
      g_autoptr(CvnChat) chat = g_list_model_get_item (chats, i);

      g_signal_handlers_disconnect_by_func (chat, chat_call_state_cb, self);
    }
}

static void
update_page (CvnWindow *self)
{
  CvnAccountState state = CVN_ACCOUNT_STATE_LOGGED_OUT;
  const char *page;

  if (self->client != NULL)
    state = cvn_account_get_state (cvn_client_get_account (self->client));

  switch (state)
    {
    case CVN_ACCOUNT_STATE_RESTORING:
      page = "loading";
      break;
    case CVN_ACCOUNT_STATE_LOGGED_IN:
      page = "calls";
      break;
    default:
      page = "login";
      break;
    }

  gtk_spinner_set_spinning (self->loading_spinner, g_str_equal (page, "loading"));
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), page) == 0)
    return;
  gtk_stack_set_visible_child_name (self->main_stack, page);

  if (g_str_equal (page, "calls"))
    {
      open_pending_links (self);
      self->demo_call_pending = cvn_client_get_is_sandbox (self->client);
      show_demo_call (self);
    }
  else
    show_content (self, NULL, NULL, NULL);
}

static void
account_state_changed_cb (CvnWindow *self)
{
  update_page (self);
}

static void
set_client (CvnWindow *self,
            CvnClient *client)
{
  if (self->client == client)
    return;
  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (cvn_client_get_account (self->client), self);
      unwatch_chats (self);
    }
  show_content (self, NULL, NULL, NULL);
  g_set_object (&self->client, client);
  if (client != NULL)
    {
      g_signal_connect_object (cvn_client_get_account (client), "notify::state",
                               G_CALLBACK (account_state_changed_cb), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (cvn_client_get_chats (client), "items-changed",
                               G_CALLBACK (chats_changed_cb), self, G_CONNECT_SWAPPED);
      chats_changed_cb (self, 0, 0, g_list_model_get_n_items (cvn_client_get_chats (client)),
                        cvn_client_get_chats (client));
    }

  cvn_login_page_set_client (self->login_page, client);
  cvn_calls_sidebar_set_client (self->sidebar, client);
  update_page (self);
}

static void
app_client_changed_cb (CvnWindow *self)
{
  CvnApplication *app = CVN_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));

  set_client (self, app != NULL ? cvn_application_get_client (app) : NULL);
  cvn_login_page_set_unavailable_reason (self->login_page,
                                         app != NULL ? cvn_application_get_client_error (app) : NULL);
  update_page (self);
}

static void
application_changed_cb (CvnWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (app == NULL)
    return;
  g_signal_connect_object (app, "notify::client", G_CALLBACK (app_client_changed_cb), self,
                           G_CONNECT_SWAPPED);
  app_client_changed_cb (self);
}

/* --- links and dialogs ---------------------------------------------------------- */

void
cvn_window_open_link (CvnWindow  *self,
                      const char *uri)
{
  CvnJoinLinkDialog *dialog;

  g_return_if_fail (CVN_IS_WINDOW (self));
  g_return_if_fail (uri != NULL);

  if (!is_logged_in (self))
    {
      g_ptr_array_add (self->pending_links, g_strdup (uri));
      return;
    }

  dialog = cvn_join_link_dialog_new (self, self->client);
  cvn_join_link_dialog_set_link (dialog, uri);
  gtk_window_present (GTK_WINDOW (dialog));
  cvn_join_link_dialog_join (dialog);
}

static void
join_link_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CvnWindow *self = CVN_WINDOW (widget);

  if (!is_logged_in (self))
    return;
  gtk_window_present (GTK_WINDOW (cvn_join_link_dialog_new (self, self->client)));
}

static void
new_call_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  CvnWindow *self = CVN_WINDOW (widget);
  const char *kind = g_variant_get_string (parameter, NULL);
  CvnNewCallKind new_kind;

  if (!is_logged_in (self))
    return;
  if (g_str_equal (kind, "livestream"))
    new_kind = CVN_NEW_CALL_LIVESTREAM;
  else if (g_str_equal (kind, "scheduled"))
    new_kind = CVN_NEW_CALL_SCHEDULED;
  else if (g_str_equal (kind, "conference"))
    new_kind = CVN_NEW_CALL_CONFERENCE;
  else
    new_kind = CVN_NEW_CALL_VIDEO_CHAT;

  gtk_window_present (GTK_WINDOW (cvn_new_call_dialog_new (self, self->client, new_kind)));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  CvnWindow *self = CVN_WINDOW (widget);

  if (!is_logged_in (self))
    return;
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
  cvn_calls_sidebar_start_search (self->sidebar);
}

/* M (mute) and Space (push-to-talk) act on the call shown, unless the focus is in a text
 * field. The call view binds M itself too; this catches it with the focus elsewhere. */
static gboolean
focus_is_editable (CvnWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT_VIEW (focus));
}

static gboolean
mute_shortcut_cb (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  CvnWindow *self = CVN_WINDOW (widget);
  GtkWidget *view = adw_bin_get_child (self->content_bin);

  if (focus_is_editable (self) || !CVN_IS_CALL_VIEW (view))
    return FALSE;
  return gtk_widget_activate_action (view, "call.toggle-mute", NULL);
}

static CvnCallSession *
joined_session (CvnWindow *self)
{
  GtkWidget *view = adw_bin_get_child (self->content_bin);
  CvnCallSession *session;

  if (!CVN_IS_CALL_VIEW (view))
    return NULL;
  session = cvn_call_view_get_session (CVN_CALL_VIEW (view));
  if (session == NULL || cvn_call_session_get_state (session) != CVN_CALL_SESSION_STATE_JOINED)
    return NULL;
  return session;
}

static void
push_to_talk_done_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(CvnWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cvn_call_session_operation_finish (CVN_CALL_SESSION (object), result, &error))
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (error->message));
}

static void
push_to_talk (CvnWindow *self,
              gboolean   talk)
{
  CvnCallSession *session = joined_session (self);

  if (talk == self->push_to_talk || (talk && session == NULL))
    return;
  self->push_to_talk = talk;
  /* Only a microphone that push-to-talk opened is closed again. */
  if (session != NULL && cvn_call_session_get_muted (session) == talk)
    cvn_call_session_set_muted_async (session, !talk, NULL, push_to_talk_done_cb,
                                      g_object_ref (self));
}

static gboolean
key_pressed_cb (GtkEventControllerKey *controller,
                guint                  keyval,
                guint                  keycode,
                GdkModifierType        state,
                CvnWindow             *self)
{
  CvnCallSession *session;

  if (keyval != GDK_KEY_space || (state & gtk_accelerator_get_default_mod_mask ()) != 0 ||
      focus_is_editable (self))
    return FALSE;
  if (self->push_to_talk)
    return TRUE;   /* key repeat */
  session = joined_session (self);
  if (session == NULL || !cvn_call_session_get_muted (session))
    return FALSE;
  push_to_talk (self, TRUE);
  return TRUE;
}

static void
key_released_cb (GtkEventControllerKey *controller,
                 guint                  keyval,
                 guint                  keycode,
                 GdkModifierType        state,
                 CvnWindow             *self)
{
  if (keyval == GDK_KEY_space)
    push_to_talk (self, FALSE);
}

static void
window_active_changed_cb (CvnWindow *self)
{
  /* Push-to-talk only while the window has the focus: leaving it stops talking. */
  if (!gtk_window_is_active (GTK_WINDOW (self)))
    push_to_talk (self, FALSE);
}

/* --- object ----------------------------------------------------------------------- */

static void
cvn_window_dispose (GObject *object)
{
  CvnWindow *self = CVN_WINDOW (object);

  if (self->chat != NULL)
    g_signal_handlers_disconnect_by_func (self->chat, shown_chat_changed_cb, self);
  g_clear_object (&self->chat);
  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (cvn_client_get_account (self->client), self);
      unwatch_chats (self);
    }
  g_clear_object (&self->client);
  g_clear_object (&self->welcome_page);

  gtk_widget_dispose_template (GTK_WIDGET (self), CVN_TYPE_WINDOW);

  G_OBJECT_CLASS (cvn_window_parent_class)->dispose (object);
}

static void
cvn_window_finalize (GObject *object)
{
  CvnWindow *self = CVN_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_pointer (&self->pending_links, g_ptr_array_unref);
  g_free (self->invite_hash);

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
  gtk_widget_class_bind_template_child (widget_class, CvnWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CvnWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, CvnWindow, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, CvnWindow, login_bin);
  gtk_widget_class_bind_template_child (widget_class, CvnWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, CvnWindow, sidebar_bin);
  gtk_widget_class_bind_template_child (widget_class, CvnWindow, content);
  gtk_widget_class_bind_template_child (widget_class, CvnWindow, content_title);
  gtk_widget_class_bind_template_child (widget_class, CvnWindow, content_bin);
  gtk_widget_class_bind_template_child (widget_class, CvnWindow, welcome_page);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);

  gtk_widget_class_install_action (widget_class, "win.toggle-fullscreen", NULL,
                                   toggle_fullscreen_action);
  gtk_widget_class_install_action (widget_class, "win.join-link", NULL, join_link_action);
  gtk_widget_class_install_action (widget_class, "win.new-call", "s", new_call_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.toggle-fullscreen", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK, "win.join-link", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-call", "s", "video-chat");
  gtk_widget_class_add_binding (widget_class, GDK_KEY_m, 0, mute_shortcut_cb, NULL);
}

static void
cvn_window_init (CvnWindow *self)
{
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  /* Our own widgets are made here rather than in the template, so that the .ui file
   * validates without the app's types (tests/data/validate-ui). */
  self->login_page = g_object_new (CVN_TYPE_LOGIN_PAGE, NULL);
  adw_bin_set_child (self->login_bin, GTK_WIDGET (self->login_page));
  self->sidebar = g_object_new (CVN_TYPE_CALLS_SIDEBAR, NULL);
  adw_bin_set_child (self->sidebar_bin, GTK_WIDGET (self->sidebar));
  g_object_bind_property (self->leaflet, "folded", self->sidebar, "show-title-buttons",
                          G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->sidebar, "chat-activated", G_CALLBACK (chat_activated_cb), self,
                           G_CONNECT_SWAPPED);

  /* The welcome page comes back whenever no call is shown. */
  g_object_ref (self->welcome_page);
  self->pending_links = g_ptr_array_new_with_free_func (g_free);

  self->settings = g_settings_new ("io.github.convene.Convene");
  cvn_window_restore_state (self);

  if (g_strcmp0 (PROFILE, "devel") == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");

  /* Bubble phase: a focused button or row still activates with Space (keyboard users need
   * that); push-to-talk gets the key everywhere else. */
  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed_cb), self);
  g_signal_connect (keys, "key-released", G_CALLBACK (key_released_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (window_active_changed_cb), NULL);
  g_signal_connect (self, "notify::application", G_CALLBACK (application_changed_cb), NULL);
}

CvnWindow *
cvn_window_new (CvnApplication *application)
{
  g_return_val_if_fail (CVN_IS_APPLICATION (application), NULL);

  return g_object_new (CVN_TYPE_WINDOW, "application", application, NULL);
}
