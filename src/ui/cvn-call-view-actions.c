/* cvn-call-view-actions.c: the call.* actions of CvnCallView and the call session they act
 * through.
 *
 * Every action is enabled only when the model can carry it out for this call, user and
 * state; the server has the last word and a refusal comes back as a toast. What the model
 * cannot do at all yet (video, removing someone, the RTMP key, a contacts picker) stays
 * disabled, and the widget that offers it says why in its tooltip.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>

#include <glib/gi18n.h>

#include "cvn-call-view-private.h"

/* The media layer sends audio only (src/media/README.md). */
#define VIDEO_UNAVAILABLE_REASON N_("not available yet: Convene sends and receives audio only")

static const char * const always_disabled_actions[] = {
  "call.toggle-camera", "call.toggle-screen-share", "call.participant-remove",
  "call.invite-contacts",
};

typedef struct
{
  GWeakRef view;
  char *failure;        /* "Could not …" */
} Operation;

static Operation *
operation_new (CvnCallView *self,
               const char  *failure)
{
  Operation *op = g_new0 (Operation, 1);

  g_weak_ref_init (&op->view, self);
  op->failure = g_strdup (failure);
  return op;
}

static void
operation_free (Operation *op)
{
  g_weak_ref_clear (&op->view);
  g_free (op->failure);
  g_free (op);
}

/* Shows a failed operation's error, unless the view went away meanwhile. */
static void
operation_report (Operation    *op,
                  CvnCallView  *self,
                  const GError *error)
{
  g_autofree char *text = NULL;

  if (self == NULL || error == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  /* Translators: "Could not mute: <the reason>" */
  text = g_strdup_printf (_("%s: %s"), op->failure, error->message);
  cvn_call_view_add_toast (self, text);
}

static void
operation_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Operation *op = user_data;
  g_autoptr(CvnCallView) self = g_weak_ref_get (&op->view);
  g_autoptr(GError) error = NULL;

  if (!cvn_call_session_operation_finish (CVN_CALL_SESSION (source), result, &error))
    operation_report (op, self, error);
  if (self != NULL)
    _cvn_call_view_update_actions (self);
  operation_free (op);
}

static gboolean
state_in_call (CvnCallSessionState state)
{
  return state == CVN_CALL_SESSION_STATE_JOINING ||
         state == CVN_CALL_SESSION_STATE_CONNECTING ||
         state == CVN_CALL_SESSION_STATE_JOINED ||
         state == CVN_CALL_SESSION_STATE_REJOINING;
}

static gboolean
in_call (CvnCallView *self)
{
  return self->session != NULL && state_in_call (cvn_call_session_get_state (self->session));
}

static CvnCallSession *
ensure_session (CvnCallView *self)
{
  if (self->session == NULL && self->client != NULL && self->call != NULL)
    {
      g_autoptr(CvnCallSession) session = cvn_call_session_new (self->client, self->call);

      cvn_call_view_set_session (self, session);
    }

  return self->session;
}

static CvnGroupCallParticipant *
lookup_participant (CvnCallView *self,
                    GVariant    *peer)
{
  gint32 type;
  gint64 id;

  if (self->call == NULL)
    return NULL;

  g_variant_get_child (peer, 0, "i", &type);
  g_variant_get_child (peer, 1, "x", &id);
  if (type < CVN_PEER_TYPE_USER || type > CVN_PEER_TYPE_CHANNEL)
    return NULL;

  return cvn_group_call_participant_list_lookup (CVN_GROUP_CALL_PARTICIPANT_LIST (cvn_group_call_get_participants (self->call)),
                                                 (CvnPeerType) type, id);
}

static GtkWindow *
parent_window (CvnCallView *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

/* --- the self participant, the controls and the connection bar ------------- */

static void
self_participant_notify_cb (CvnCallView *self)
{
  _cvn_call_view_update_actions (self);
}

static void
update_self_participant (CvnCallView *self)
{
  CvnGroupCallParticipant *participant = NULL;

  if (in_call (self) && self->call != NULL)
    participant = cvn_group_call_participant_list_lookup (CVN_GROUP_CALL_PARTICIPANT_LIST (cvn_group_call_get_participants (self->call)),
                                                          cvn_call_session_get_join_as_type (self->session),
                                                          cvn_call_session_get_join_as_id (self->session));
  if (self->self_participant == participant)
    return;

  g_set_object (&self->self_participant, participant);
  g_signal_group_set_target (self->self_signals, participant);
}

static void
participants_changed_cb (CvnCallView *self)
{
  CvnGroupCallParticipant *before = self->self_participant;

  update_self_participant (self);
  if (before != self->self_participant)
    _cvn_call_view_update_actions (self);
}

void
_cvn_call_view_update_actions (CvnCallView *self)
{
  GtkWidget *widget = GTK_WIDGET (self);
  gboolean can_act = self->client != NULL || self->session != NULL;
  gboolean rtmp_keys;
  gboolean joined = in_call (self);
  gboolean live = self->call != NULL && cvn_group_call_get_state (self->call) == CVN_GROUP_CALL_STATE_LIVE;
  gboolean scheduled = self->call != NULL && cvn_group_call_get_state (self->call) == CVN_GROUP_CALL_STATE_SCHEDULED;
  CvnGroupCallKind kind = self->call ? cvn_group_call_get_kind (self->call) : CVN_GROUP_CALL_KIND_VIDEO_CHAT;
  gboolean recording = self->call != NULL && cvn_group_call_get_record_start_date (self->call) != 0;
  gboolean muted = TRUE, hand_raised = FALSE, can_unmute = TRUE;
  const GError *microphone_error = NULL;
  g_autofree char *unmute_reason = NULL;

  /* Disposed (an operation finishing while something still holds the view). */
  if (self->controls == NULL)
    return;

  update_self_participant (self);
  if (self->session != NULL)
    {
      muted = cvn_call_session_get_muted (self->session);
      microphone_error = cvn_call_session_get_microphone_error (self->session);
    }
  if (self->self_participant != NULL)
    {
      hand_raised = cvn_group_call_participant_get_hand_raised (self->self_participant);
      can_unmute = !cvn_group_call_participant_get_muted (self->self_participant) ||
                   cvn_group_call_participant_get_can_self_unmute (self->self_participant);
    }

  gtk_widget_action_set_enabled (widget, "call.join", can_act && live && !joined);
  gtk_widget_action_set_enabled (widget, "call.leave", joined);
  gtk_widget_action_set_enabled (widget, "call.end", can_act && self->can_manage && (live || scheduled));
  if (microphone_error != NULL)
    can_unmute = FALSE;
  gtk_widget_action_set_enabled (widget, "call.toggle-mute", joined && (!muted || can_unmute));
  /* The server refuses raised hands outside video chats (RAISE_HAND_FORBIDDEN). */
  gtk_widget_action_set_enabled (widget, "call.toggle-hand", joined && kind == CVN_GROUP_CALL_KIND_VIDEO_CHAT);
  gtk_widget_action_set_enabled (widget, "call.edit-title", can_act && self->can_manage && (live || scheduled));
  gtk_widget_action_set_enabled (widget, "call.join-as", can_act && live && !joined &&
                                 cvn_group_call_get_has_peer (self->call));
  gtk_widget_action_set_enabled (widget, "call.copy-invite-link", can_act && (live || scheduled) &&
                                 kind != CVN_GROUP_CALL_KIND_CONFERENCE);
  gtk_widget_action_set_enabled (widget, "call.join-muted", can_act && self->can_manage && live &&
                                 cvn_group_call_get_can_change_join_muted (self->call));
  gtk_widget_action_set_enabled (widget, "call.messages-enabled", can_act && live &&
                                 cvn_group_call_get_can_change_messages_enabled (self->call));
  gtk_widget_action_set_enabled (widget, "call.start-recording", can_act && self->can_manage && live && !recording);
  gtk_widget_action_set_enabled (widget, "call.stop-recording", can_act && self->can_manage && live && recording);
  gtk_widget_action_set_enabled (widget, "call.send-message", joined && cvn_group_call_get_messages_enabled (self->call));
  gtk_widget_action_set_enabled (widget, "call.delete-message", joined);
  gtk_widget_action_set_enabled (widget, "call.toggle-start-subscription", can_act && scheduled);
  /* Stream keys are the channel owner's (the server answers others CHAT_ADMIN_REQUIRED). */
  rtmp_keys = can_act && self->can_manage && live && cvn_group_call_get_has_peer (self->call) &&
              (kind == CVN_GROUP_CALL_KIND_LIVESTREAM || kind == CVN_GROUP_CALL_KIND_RTMP_LIVESTREAM);
  gtk_widget_action_set_enabled (widget, "call.show-rtmp", rtmp_keys);
  gtk_widget_action_set_enabled (widget, "call.rotate-rtmp-key", rtmp_keys);
  gtk_widget_action_set_enabled (widget, "call.start-now", can_act && self->can_manage && scheduled);
  gtk_widget_action_set_enabled (widget, "call.participant-mute", can_act && self->can_manage && live);
  gtk_widget_action_set_enabled (widget, "call.participant-allow", can_act && self->can_manage && live);
  gtk_widget_action_set_enabled (widget, "call.participant-volume", can_act && live);
  /* For an admin the same request mutes for everyone: "for me" is for the others. */
  gtk_widget_action_set_enabled (widget, "call.participant-mute-for-me", can_act && live && !self->can_manage);
  for (guint i = 0; i < G_N_ELEMENTS (always_disabled_actions); i++)
    gtk_widget_action_set_enabled (widget, always_disabled_actions[i], FALSE);

  cvn_call_controls_set_joined (self->controls, joined);
  cvn_call_controls_set_muted (self->controls, muted);
  cvn_call_controls_set_hand_raised (self->controls, hand_raised);
  cvn_call_controls_set_can_manage (self->controls, self->can_manage);
  cvn_call_controls_set_video_unavailable_reason (self->controls, _(VIDEO_UNAVAILABLE_REASON));
  if (microphone_error != NULL)
    /* Translators: %s says why the microphone cannot be used */
    unmute_reason = g_strdup_printf (_("No microphone: %s"), microphone_error->message);
  else if (!can_unmute)
    unmute_reason = g_strdup (_("An admin muted you: raise your hand to ask to speak"));
  cvn_call_controls_set_unmute_unavailable_reason (self->controls, unmute_reason);
  cvn_livestream_view_set_joined (self->livestream_view, joined);
}

void
_cvn_call_view_update_session (CvnCallView *self)
{
  CvnCallSessionState state = self->session ? cvn_call_session_get_state (self->session)
                                            : CVN_CALL_SESSION_STATE_IDLE;
  const GError *error = self->session ? cvn_call_session_get_error (self->session) : NULL;

  if (self->controls == NULL)
    return;

  switch (state)
    {
    case CVN_CALL_SESSION_STATE_JOINING:
    case CVN_CALL_SESSION_STATE_CONNECTING:
      cvn_call_view_set_connection (self, CVN_CALL_VIEW_CONNECTION_CONNECTING, NULL);
      break;
    case CVN_CALL_SESSION_STATE_REJOINING:
      cvn_call_view_set_connection (self, CVN_CALL_VIEW_CONNECTION_RECONNECTING, NULL);
      break;
    case CVN_CALL_SESSION_STATE_FAILED:
      cvn_call_view_set_connection (self, CVN_CALL_VIEW_CONNECTION_FAILED, error ? error->message : NULL);
      break;
    case CVN_CALL_SESSION_STATE_LEFT:
      /* Moved out by the server (or an admin): say so; leaving by choice says nothing. */
      cvn_call_view_set_connection (self, error ? CVN_CALL_VIEW_CONNECTION_FAILED : CVN_CALL_VIEW_CONNECTION_NONE,
                                    error ? error->message : NULL);
      break;
    case CVN_CALL_SESSION_STATE_IDLE:
    case CVN_CALL_SESSION_STATE_JOINED:
    case CVN_CALL_SESSION_STATE_ENDED:
    default:
      cvn_call_view_set_connection (self, CVN_CALL_VIEW_CONNECTION_NONE, NULL);
      break;
    }

  _cvn_call_view_update_actions (self);
}

static void
session_notify_cb (CvnCallView *self)
{
  _cvn_call_view_update_session (self);
}

/* A device that cannot be used costs its direction only; say so once, when it happens. */
static void
session_device_cb (CvnCallView *self,
                   GParamSpec  *pspec)
{
  gboolean microphone = g_str_equal (pspec->name, "microphone-error");
  const GError *error = NULL;
  g_autofree char *text = NULL;

  if (self->session != NULL)
    error = microphone ? cvn_call_session_get_microphone_error (self->session)
                       : cvn_call_session_get_speaker_error (self->session);
  _cvn_call_view_update_actions (self);
  if (error == NULL)
    return;
  if (microphone)
    /* Translators: %s says why the microphone cannot be used */
    text = g_strdup_printf (_("No microphone: you can listen but not speak (%s)"), error->message);
  else
    /* Translators: %s says why the speaker cannot be used */
    text = g_strdup_printf (_("No sound output: you cannot hear the call (%s)"), error->message);
  cvn_call_view_add_toast (self, text);
}

/* --- comments (in-call messages) ------------------------------------------- */

static gboolean
message_is_own (CvnCallView    *self,
                CvnCallMessage *message)
{
  CvnAccount *account = self->client ? cvn_client_get_account (self->client) : NULL;
  CvnPeerType type = cvn_call_message_get_from_type (message);
  gint64 id = cvn_call_message_get_from_id (message);

  if (self->session != NULL && type == cvn_call_session_get_join_as_type (self->session) &&
      id == cvn_call_session_get_join_as_id (self->session))
    return TRUE;

  return account != NULL && type == CVN_PEER_TYPE_USER && id == cvn_account_get_user_id (account);
}

static GtkWidget *
create_comment_row (gpointer item,
                    gpointer user_data)
{
  CvnCallView *self = user_data;
  CvnCallMessage *message = item;
  g_autofree char *name = _cvn_call_view_dup_peer_name (self, cvn_call_message_get_from_type (message),
                                                        cvn_call_message_get_from_id (message));
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *from = gtk_label_new (name);
  GtkWidget *text = gtk_label_new (cvn_call_message_get_text (message));

  gtk_label_set_xalign (GTK_LABEL (from), 0);
  gtk_label_set_ellipsize (GTK_LABEL (from), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (from, "caption-heading");
  gtk_label_set_xalign (GTK_LABEL (text), 0);
  gtk_label_set_wrap (GTK_LABEL (text), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (text), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (text), TRUE);
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), from);
  gtk_box_append (GTK_BOX (texts), text);
  gtk_box_append (GTK_BOX (box), texts);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  if (message_is_own (self, message))
    {
      GtkWidget *delete = gtk_button_new_from_icon_name ("user-trash-symbolic");

      gtk_widget_set_valign (delete, GTK_ALIGN_START);
      gtk_widget_add_css_class (delete, "flat");
      gtk_widget_set_tooltip_text (delete, _("Delete Comment"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (delete), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Delete Comment"), -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (delete), "call.delete-message");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (delete), "x", (gint64) cvn_call_message_get_id (message));
      gtk_box_append (GTK_BOX (box), delete);
    }

  return box;
}

/* --- public session API (declared in cvn-call-view.h) ---------------------- */

CvnClient *
cvn_call_view_get_client (CvnCallView *self)
{
  g_return_val_if_fail (CVN_IS_CALL_VIEW (self), NULL);

  return self->client;
}

static char *
client_peer_name_func (CvnPeerType type,
                       gint64      id,
                       gpointer    user_data)
{
  return cvn_client_dup_peer_title (CVN_CLIENT (user_data), type, id);
}

static void
client_peer_changed_cb (CvnCallView *self)
{
  cvn_call_view_refresh_names (self);
}

void
cvn_call_view_set_client (CvnCallView *self,
                          CvnClient   *client)
{
  g_return_if_fail (CVN_IS_CALL_VIEW (self));
  g_return_if_fail (client == NULL || CVN_IS_CLIENT (client));

  if (self->client == client)
    return;

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_func (self->client, client_peer_changed_cb, self);
  _cvn_call_view_drop_session (self);
  g_set_object (&self->client, client);
  if (client != NULL)
    {
      g_signal_connect_object (client, "peer-changed", G_CALLBACK (client_peer_changed_cb), self,
                               G_CONNECT_SWAPPED);
      if (self->name_func == NULL)
        cvn_call_view_set_peer_name_func (self, client_peer_name_func, g_object_ref (client), g_object_unref);
    }
  _cvn_call_view_update_session (self);
}

void
cvn_call_view_set_invite_hash (CvnCallView *self,
                               const char  *invite_hash)
{
  g_return_if_fail (CVN_IS_CALL_VIEW (self));

  g_free (self->invite_hash);
  self->invite_hash = g_strdup (invite_hash);
}

CvnCallSession *
cvn_call_view_get_session (CvnCallView *self)
{
  g_return_val_if_fail (CVN_IS_CALL_VIEW (self), NULL);

  return self->session;
}

void
cvn_call_view_set_session (CvnCallView    *self,
                           CvnCallSession *session)
{
  g_return_if_fail (CVN_IS_CALL_VIEW (self));
  g_return_if_fail (session == NULL || CVN_IS_CALL_SESSION (session));

  if (self->session == session)
    return;

  _cvn_call_view_drop_session (self);
  if (session != NULL)
    {
      self->session = g_object_ref (session);
      if (cvn_call_session_get_call (session) != self->call)
        cvn_call_view_set_call (self, cvn_call_session_get_call (session));
      g_signal_group_set_target (self->session_signals, session);
      cvn_livestream_view_bind_comments (self->livestream_view, cvn_call_session_get_messages (session),
                                         create_comment_row, self, NULL);
    }
  _cvn_call_view_update_session (self);
}

void
_cvn_call_view_drop_session (CvnCallView *self)
{
  g_autoptr(CvnCallSession) session = g_steal_pointer (&self->session);

  if (session == NULL)
    return;

  g_signal_group_set_target (self->session_signals, NULL);
  g_signal_group_set_target (self->self_signals, NULL);
  g_clear_object (&self->self_participant);
  if (self->livestream_view != NULL)
    cvn_livestream_view_bind_comments (self->livestream_view, NULL, NULL, NULL, NULL);
  /* The session would keep the call's media running with nobody seeing it. */
  if (state_in_call (cvn_call_session_get_state (session)))
    cvn_call_session_leave_async (session, NULL, NULL, NULL);
}

/* --- settings behind the property actions ---------------------------------- */

gboolean
_cvn_call_view_get_join_muted (CvnCallView *self)
{
  return self->call != NULL && cvn_group_call_get_join_muted (self->call);
}

gboolean
_cvn_call_view_get_messages_enabled (CvnCallView *self)
{
  return self->call != NULL && cvn_group_call_get_messages_enabled (self->call);
}

gboolean
_cvn_call_view_get_start_subscribed (CvnCallView *self)
{
  return self->call != NULL && cvn_group_call_get_schedule_start_subscribed (self->call);
}

void
_cvn_call_view_request_setting (CvnCallView *self,
                                const char  *property,
                                gboolean     value)
{
  CvnCallSession *session = ensure_session (self);

  if (session == NULL)
    return;

  if (g_str_equal (property, "join-muted"))
    cvn_call_session_set_setting_async (session, CVN_CALL_SETTING_JOIN_MUTED, value, self->cancellable,
                                        operation_done_cb, operation_new (self, _("Could not change who may speak")));
  else if (g_str_equal (property, "messages-enabled"))
    cvn_call_session_set_setting_async (session, CVN_CALL_SETTING_MESSAGES_ENABLED, value, self->cancellable,
                                        operation_done_cb, operation_new (self, _("Could not change the messages setting")));
  else if (g_str_equal (property, "start-subscribed"))
    cvn_call_session_set_start_subscribed_async (session, value, self->cancellable, operation_done_cb,
                                                 operation_new (self, value ? _("Could not ask to be notified")
                                                                            : _("Could not stop the notification")));
}

/* --- actions ---------------------------------------------------------------- */

static void
join_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  CvnCallView *self = CVN_CALL_VIEW (widget);
  CvnCallSession *session = ensure_session (self);

  if (session == NULL)
    return;

  /* In muted: the microphone opens when the user says so (M or the button). */
  cvn_call_session_join_async (session, CVN_PEER_TYPE_USER, 0,
                               CVN_CALL_JOIN_MUTED | CVN_CALL_JOIN_VIDEO_STOPPED,
                               self->invite_hash, self->cancellable, operation_done_cb,
                               operation_new (self, _("Could not join the call")));
  _cvn_call_view_update_session (self);
}

static void
leave_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  CvnCallView *self = CVN_CALL_VIEW (widget);

  if (self->session != NULL)
    cvn_call_session_leave_async (self->session, self->cancellable, operation_done_cb,
                                  operation_new (self, _("Could not leave the call")));
}

static void
end_response_cb (AdwMessageDialog *dialog,
                 const char       *response,
                 CvnCallView      *self)
{
  CvnCallSession *session;

  if (g_strcmp0 (response, "end") != 0 || (session = ensure_session (self)) == NULL)
    return;

  cvn_call_session_end_async (session, self->cancellable, operation_done_cb,
                              operation_new (self, _("Could not end the call")));
}

static void
end_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  CvnCallView *self = CVN_CALL_VIEW (widget);
  gboolean scheduled = self->call && cvn_group_call_get_state (self->call) == CVN_GROUP_CALL_STATE_SCHEDULED;
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (parent_window (self),
                                   scheduled ? _("Cancel the Call?") : _("End the Call for Everyone?"),
                                   scheduled ? _("Nobody will be able to join it.")
                                             : _("Everyone in it will be disconnected."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Back"),
                                    "end", scheduled ? _("Cancel _Call") : _("_End Call"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "end", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (end_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
toggle_mute_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CvnCallView *self = CVN_CALL_VIEW (widget);
  gboolean muted;

  if (self->session == NULL)
    return;

  muted = !cvn_call_session_get_muted (self->session);
  cvn_call_session_set_muted_async (self->session, muted, self->cancellable, operation_done_cb,
                                    operation_new (self, muted ? _("Could not mute") : _("Could not unmute")));
}

static void
toggle_hand_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  CvnCallView *self = CVN_CALL_VIEW (widget);
  gboolean raise;

  if (self->session == NULL)
    return;

  raise = self->self_participant == NULL ||
          !cvn_group_call_participant_get_hand_raised (self->self_participant);
  cvn_call_session_set_hand_raised_async (self->session, raise, self->cancellable, operation_done_cb,
                                          operation_new (self, raise ? _("Could not raise your hand")
                                                                     : _("Could not lower your hand")));
}

static void
edit_title_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        CvnCallView      *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  CvnCallSession *session;

  if (g_strcmp0 (response, "save") != 0 || (session = ensure_session (self)) == NULL)
    return;

  cvn_call_session_set_title_async (session, gtk_editable_get_text (entry), self->cancellable,
                                    operation_done_cb, operation_new (self, _("Could not change the title")));
}

static void
edit_title_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  CvnCallView *self = CVN_CALL_VIEW (widget);
  GtkWidget *dialog = adw_message_dialog_new (parent_window (self), _("Call Title"), NULL);
  GtkWidget *entry = gtk_entry_new ();
  const char *title = self->call ? cvn_group_call_get_title (self->call) : NULL;

  gtk_editable_set_text (GTK_EDITABLE (entry), title ? title : "");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), self->fallback_title);
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Title"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "save", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "save");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_object (dialog, "response", G_CALLBACK (edit_title_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
join_as_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     CvnCallView      *self)
{
  const char *peer = g_object_get_data (G_OBJECT (dialog), response);
  int type;
  gint64 id;

  if (peer == NULL || self->session == NULL ||
      sscanf (peer, "%d:%" G_GINT64_FORMAT, &type, &id) != 2)
    return;

  cvn_call_session_save_default_join_as_async (self->session, (CvnPeerType) type, id, self->cancellable, operation_done_cb,
                                               operation_new (self, _("Could not change who you join as")));
}

static void
join_as_fetched_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Operation *op = user_data;
  g_autoptr(CvnCallView) self = g_weak_ref_get (&op->view);
  g_autoptr(GError) error = NULL;
  g_autofree CvnPeerType *types = NULL;
  g_autofree gint64 *ids = NULL;
  guint n_peers = 0;
  GtkWidget *dialog;

  if (!cvn_call_session_fetch_join_as_finish (CVN_CALL_SESSION (source), result, &types, &ids, &n_peers, &error))
    {
      operation_report (op, self, error);
      operation_free (op);
      return;
    }
  operation_free (op);
  if (self == NULL)
    return;

  dialog = adw_message_dialog_new (parent_window (self), _("Join As"),
                                   _("Choose who the others see when you join"));
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  for (guint i = 0; i < n_peers; i++)
    {
      g_autofree char *response = g_strdup_printf ("peer-%u", i);
      g_autofree char *name = _cvn_call_view_dup_peer_name (self, types[i], ids[i]);

      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), response, name);
      g_object_set_data_full (G_OBJECT (dialog), response,
                              g_strdup_printf ("%d:%" G_GINT64_FORMAT, (int) types[i], ids[i]), g_free);
    }
  g_signal_connect_object (dialog, "response", G_CALLBACK (join_as_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
join_as_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  CvnCallView *self = CVN_CALL_VIEW (widget);
  CvnCallSession *session = ensure_session (self);

  if (session != NULL)
    cvn_call_session_fetch_join_as_async (session, self->cancellable, join_as_fetched_cb,
                                          operation_new (self, _("Could not list who you can join as")));
}

static void
invite_exported_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Operation *op = user_data;
  g_autoptr(CvnCallView) self = g_weak_ref_get (&op->view);
  g_autoptr(GError) error = NULL;
  g_autofree char *link = cvn_call_session_export_invite_finish (CVN_CALL_SESSION (source), result, &error);

  if (link == NULL)
    operation_report (op, self, error);
  else if (self != NULL)
    _cvn_call_view_copy_text (self, link);
  operation_free (op);
}

static void
copy_invite_link_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CvnCallView *self = CVN_CALL_VIEW (widget);
  CvnCallSession *session = ensure_session (self);
  gboolean speaker = g_strcmp0 (g_variant_get_string (parameter, NULL), "speaker") == 0;

  if (session != NULL)
    cvn_call_session_export_invite_async (session, speaker, self->cancellable, invite_exported_cb,
                                          operation_new (self, _("Could not get the invite link")));
}

static void
recording_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CvnCallView *self = CVN_CALL_VIEW (widget);
  CvnCallSession *session = ensure_session (self);
  gboolean start = g_str_equal (action_name, "call.start-recording");
  const char *what = parameter ? g_variant_get_string (parameter, NULL) : "audio";

  if (session == NULL)
    return;

  cvn_call_session_set_recording_async (session, start, self->call ? cvn_group_call_get_title (self->call) : NULL,
                                        start && !g_str_equal (what, "audio"), g_str_equal (what, "portrait"),
                                        self->cancellable, operation_done_cb,
                                        operation_new (self, start ? _("Could not start recording")
                                                                   : _("Could not stop recording")));
}

static void
send_message_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  CvnCallView *self = CVN_CALL_VIEW (widget);

  if (self->session != NULL)
    cvn_call_session_send_message_async (self->session, g_variant_get_string (parameter, NULL), self->cancellable,
                                         operation_done_cb, operation_new (self, _("Could not send the comment")));
}

static void
delete_message_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  CvnCallView *self = CVN_CALL_VIEW (widget);
  int id = (int) g_variant_get_int64 (parameter);

  if (self->session != NULL)
    cvn_call_session_delete_messages_async (self->session, &id, 1, self->cancellable, operation_done_cb,
                                            operation_new (self, _("Could not delete the comment")));
}

static void
start_now_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  CvnCallView *self = CVN_CALL_VIEW (widget);
  CvnCallSession *session = ensure_session (self);

  if (session != NULL)
    cvn_call_session_start_scheduled_async (session, self->cancellable, operation_done_cb,
                                            operation_new (self, _("Could not start the call")));
}

static void
participant_muted_action (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  CvnCallView *self = CVN_CALL_VIEW (widget);
  CvnGroupCallParticipant *participant = lookup_participant (self, parameter);
  CvnCallSession *session = ensure_session (self);
  gboolean muted;

  if (participant == NULL || session == NULL)
    return;

  if (g_str_equal (action_name, "call.participant-mute-for-me"))
    g_variant_get_child (parameter, 2, "b", &muted);
  else
    muted = g_str_equal (action_name, "call.participant-mute");
  cvn_call_session_set_participant_muted_async (session, participant, muted, self->cancellable, operation_done_cb,
                                                operation_new (self, muted ? _("Could not mute the participant")
                                                                           : _("Could not unmute the participant")));
}

static void
participant_volume_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  CvnCallView *self = CVN_CALL_VIEW (widget);
  CvnGroupCallParticipant *participant = lookup_participant (self, parameter);
  CvnCallSession *session = ensure_session (self);
  gint32 percent;

  if (participant == NULL || session == NULL)
    return;

  g_variant_get_child (parameter, 2, "i", &percent);
  /* The server's scale: 1..20000 for 0.01..200 %. */
  cvn_call_session_set_participant_volume_async (session, participant, CLAMP (percent * 100, 1, 20000),
                                                 self->cancellable, operation_done_cb,
                                                 operation_new (self, _("Could not change the volume")));
}

static void
rtmp_credentials_done_cb (GObject      *source,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  Operation *op = user_data;
  g_autoptr(CvnCallView) self = g_weak_ref_get (&op->view);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *key = NULL;

  if (!cvn_call_session_fetch_rtmp_credentials_finish (CVN_CALL_SESSION (source), result, &url, &key, &error))
    operation_report (op, self, error);
  else if (self != NULL && self->livestream_view != NULL)
    cvn_livestream_view_set_rtmp_credentials (self->livestream_view, url, key);
  operation_free (op);
}

/* call.show-rtmp / call.rotate-rtmp-key: the server URL and stream key for streaming
 * software (phone.getGroupCallStreamRtmpUrl; rotating revokes the old key). */
static void
rtmp_credentials_action (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  CvnCallView *self = CVN_CALL_VIEW (widget);
  gboolean rotate = g_str_equal (action_name, "call.rotate-rtmp-key");
  CvnCallSession *session = ensure_session (self);

  if (session == NULL)
    return;
  cvn_call_session_fetch_rtmp_credentials_async (session, rotate, self->cancellable, rtmp_credentials_done_cb,
                                                 operation_new (self, rotate ? _("Could not make a new stream key")
                                                                             : _("Could not get the stream key")));
}

static void
unavailable_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  /* Never enabled (see always_disabled_actions). */
  cvn_call_view_add_toast (CVN_CALL_VIEW (widget), _("This is not available yet"));
}

static void
copy_text_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  _cvn_call_view_copy_text (CVN_CALL_VIEW (widget), g_variant_get_string (parameter, NULL));
}

void
_cvn_call_view_class_init_actions (GtkWidgetClass *widget_class)
{
  static const struct
  {
    const char *name;
    const char *type;
    void (*activate) (GtkWidget *, const char *, GVariant *);
  } actions[] = {
    { "call.join", NULL, join_action },
    { "call.leave", NULL, leave_action },
    { "call.end", NULL, end_action },
    { "call.toggle-mute", NULL, toggle_mute_action },
    { "call.toggle-hand", NULL, toggle_hand_action },
    { "call.edit-title", NULL, edit_title_action },
    { "call.join-as", NULL, join_as_action },
    { "call.copy-invite-link", "s", copy_invite_link_action },
    { "call.start-recording", "s", recording_action },
    { "call.stop-recording", NULL, recording_action },
    { "call.send-message", "s", send_message_action },
    { "call.delete-message", "x", delete_message_action },
    { "call.start-now", NULL, start_now_action },
    { "call.participant-mute", "(ix)", participant_muted_action },
    { "call.participant-allow", "(ix)", participant_muted_action },
    { "call.participant-mute-for-me", "(ixb)", participant_muted_action },
    { "call.participant-volume", "(ixi)", participant_volume_action },
    { "call.participant-remove", "(ix)", unavailable_action },
    { "call.toggle-camera", NULL, unavailable_action },
    { "call.toggle-screen-share", NULL, unavailable_action },
    { "call.show-rtmp", NULL, rtmp_credentials_action },
    { "call.rotate-rtmp-key", NULL, rtmp_credentials_action },
    { "call.invite-contacts", NULL, unavailable_action },
    { "call.copy-text", "s", copy_text_action },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i].name, actions[i].type, actions[i].activate);
  gtk_widget_class_install_property_action (widget_class, "call.join-muted", "join-muted");
  gtk_widget_class_install_property_action (widget_class, "call.messages-enabled", "messages-enabled");
  gtk_widget_class_install_property_action (widget_class, "call.toggle-start-subscription", "start-subscribed");

  /* M toggles the microphone while the view has the focus. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_m, 0, "call.toggle-mute", NULL);
}

void
_cvn_call_view_init_actions (CvnCallView *self)
{
  self->cancellable = g_cancellable_new ();

  self->session_signals = g_signal_group_new (CVN_TYPE_CALL_SESSION);
  g_signal_group_connect_object (self->session_signals, "notify::state",
                                 G_CALLBACK (session_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::muted",
                                 G_CALLBACK (session_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::join-as-id",
                                 G_CALLBACK (session_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::microphone-error",
                                 G_CALLBACK (session_device_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->session_signals, "notify::speaker-error",
                                 G_CALLBACK (session_device_cb), self, G_CONNECT_SWAPPED);

  self->self_signals = g_signal_group_new (CVN_TYPE_GROUP_CALL_PARTICIPANT);
  g_signal_group_connect_object (self->self_signals, "notify::hand-raised",
                                 G_CALLBACK (self_participant_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->self_signals, "notify::muted",
                                 G_CALLBACK (self_participant_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->self_signals, "notify::can-self-unmute",
                                 G_CALLBACK (self_participant_notify_cb), self, G_CONNECT_SWAPPED);

  g_signal_connect_object (self->participants, "items-changed",
                           G_CALLBACK (participants_changed_cb), self, G_CONNECT_SWAPPED);
}

void
_cvn_call_view_dispose_actions (CvnCallView *self)
{
  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  _cvn_call_view_drop_session (self);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_func (self->client, client_peer_changed_cb, self);
  g_clear_object (&self->client);
  g_clear_object (&self->session_signals);
  g_clear_object (&self->self_signals);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->invite_hash, g_free);
}
