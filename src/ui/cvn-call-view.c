/* cvn-call-view.c
 *
 * The view is a stack of pages chosen by the call's kind and state; the controls, the
 * participants panel's menus and the call menu activate the "call.*" actions installed here,
 * which act through the model. An action the model cannot carry out is disabled, and where
 * a button stays visible its tooltip says why: never a silent no-op.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-call-view-private.h"
#include "cvn-participant-row.h"
#include "cvn-participant-tile.h"

/* More participants than this in one change are a page of the participants list being
 * loaded, not people joining or raising hands now: no toast. */
#define MAX_TOASTS_PER_CHANGE 3
#define TOAST_HISTORY_LENGTH 32


G_DEFINE_FINAL_TYPE (CvnCallView, cvn_call_view, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_CALL,
  PROP_CAN_MANAGE,
  PROP_JOIN_MUTED,
  PROP_MESSAGES_ENABLED,
  PROP_START_SUBSCRIBED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char * const page_names[] = {
  [CVN_CALL_VIEW_PAGE_LOADING] = "loading",
  [CVN_CALL_VIEW_PAGE_SCHEDULED] = "scheduled",
  [CVN_CALL_VIEW_PAGE_LIVE] = "live",
  [CVN_CALL_VIEW_PAGE_LIVESTREAM] = "livestream",
  [CVN_CALL_VIEW_PAGE_CONFERENCE] = "conference",
  [CVN_CALL_VIEW_PAGE_ENDED] = "ended",
};

char *
_cvn_call_view_dup_peer_name (CvnCallView *self,
                              CvnPeerType  type,
                              gint64       id)
{
  char *name = self->name_func ? self->name_func (type, id, self->name_func_data) : NULL;

  if (name == NULL || *name == '\0')
    {
      g_free (name);
      name = cvn_participant_status_fallback_name (type, id);
    }

  return name;
}

static char *
dup_participant_name (CvnCallView             *self,
                      CvnGroupCallParticipant *participant)
{
  return _cvn_call_view_dup_peer_name (self,
                                       cvn_group_call_participant_get_peer_type (participant),
                                       cvn_group_call_participant_get_peer_id (participant));
}

/* The name func handed to the children: they call it through the view, so a later
 * cvn_call_view_set_peer_name_func() reaches them too. */
static char *
view_peer_name_func (CvnPeerType type,
                     gint64      id,
                     gpointer    user_data)
{
  CvnCallView *self = user_data;

  return self->name_func ? self->name_func (type, id, self->name_func_data) : NULL;
}

static CvnCallViewPage
page_for_call (CvnGroupCall *call)
{
  if (call == NULL)
    return CVN_CALL_VIEW_PAGE_LOADING;

  switch (cvn_group_call_get_state (call))
    {
    case CVN_GROUP_CALL_STATE_SCHEDULED:
      return CVN_CALL_VIEW_PAGE_SCHEDULED;
    case CVN_GROUP_CALL_STATE_DISCARDED:
      return CVN_CALL_VIEW_PAGE_ENDED;
    case CVN_GROUP_CALL_STATE_LIVE:
      switch (cvn_group_call_get_kind (call))
        {
        case CVN_GROUP_CALL_KIND_LIVESTREAM:
        case CVN_GROUP_CALL_KIND_RTMP_LIVESTREAM:
        case CVN_GROUP_CALL_KIND_LIVE_STORY:
          return CVN_CALL_VIEW_PAGE_LIVESTREAM;
        case CVN_GROUP_CALL_KIND_CONFERENCE:
          return CVN_CALL_VIEW_PAGE_CONFERENCE;
        case CVN_GROUP_CALL_KIND_VIDEO_CHAT:
        default:
          return CVN_CALL_VIEW_PAGE_LIVE;
        }
    case CVN_GROUP_CALL_STATE_UNKNOWN:
    default:
      return CVN_CALL_VIEW_PAGE_LOADING;
    }
}

static const char *
call_title (CvnCallView *self)
{
  const char *title = self->call ? cvn_group_call_get_title (self->call) : NULL;

  if (title == NULL || *title == '\0')
    title = self->fallback_title;
  if (title == NULL || *title == '\0')
    {
      if (self->call != NULL &&
          cvn_group_call_get_kind (self->call) == CVN_GROUP_CALL_KIND_CONFERENCE)
        title = _("Conference Call");
      else
        title = _("Video Chat");
    }

  return title;
}

static void
update_header (CvnCallView *self)
{
  g_autofree char *subtitle = NULL;
  int count;

  gtk_label_set_label (self->title_label, call_title (self));
  if (self->call == NULL)
    {
      gtk_label_set_label (self->subtitle_label, "");
      gtk_widget_set_visible (self->recording_icon, FALSE);
      return;
    }

  count = cvn_group_call_get_participants_count (self->call);
  switch (self->page)
    {
    case CVN_CALL_VIEW_PAGE_LIVE:
    case CVN_CALL_VIEW_PAGE_CONFERENCE:
      subtitle = g_strdup_printf (ngettext ("%'d participant", "%'d participants", (unsigned long) count),
                                  count);
      break;
    case CVN_CALL_VIEW_PAGE_LIVESTREAM:
      subtitle = g_strdup (_("Livestream"));
      break;
    case CVN_CALL_VIEW_PAGE_SCHEDULED:
      subtitle = g_strdup (_("Scheduled"));
      break;
    case CVN_CALL_VIEW_PAGE_ENDED:
    case CVN_CALL_VIEW_PAGE_LOADING:
    default:
      subtitle = g_strdup ("");
      break;
    }
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_widget_set_visible (self->recording_icon,
                          cvn_group_call_get_record_start_date (self->call) != 0 &&
                          cvn_group_call_get_state (self->call) == CVN_GROUP_CALL_STATE_LIVE);
}

/* The grid and the panels get the participants only on the page that shows them: a list
 * view on a page that is not shown has no size to be lazy with, and would make a widget for
 * each of a livestream's thousands of listeners. */
static void
bind_lists (CvnCallView *self)
{
  GListModel *participants = self->call ? G_LIST_MODEL (self->participants) : NULL;
  gboolean live = self->page == CVN_CALL_VIEW_PAGE_LIVE;
  gboolean conference = self->page == CVN_CALL_VIEW_PAGE_CONFERENCE;

  cvn_participant_grid_set_participants (self->participant_grid, live ? participants : NULL);
  cvn_participant_panel_set_participants (self->participant_panel, live ? participants : NULL);
  cvn_conference_view_set_call (self->conference_view, conference ? self->call : NULL);
}

static void
update_page (CvnCallView *self)
{
  CvnCallViewPage page = page_for_call (self->call);

  if (page == CVN_CALL_VIEW_PAGE_ENDED && self->call != NULL)
    {
      int duration = cvn_group_call_get_duration (self->call);
      g_autofree char *description = NULL;

      if (duration >= 60)
        description = g_strdup_printf (ngettext ("The call lasted %d minute", "The call lasted %d minutes",
                                                 (unsigned long) (duration / 60)),
                                       duration / 60);
      else if (duration > 0)
        description = g_strdup (_("The call lasted less than a minute"));
      adw_status_page_set_description (self->ended_page, description);
    }

  self->page = page;
  bind_lists (self);
  gtk_stack_set_visible_child_name (self->stack, page_names[page]);
  gtk_widget_set_visible (self->participants_button, page == CVN_CALL_VIEW_PAGE_LIVE);
  gtk_widget_set_visible (GTK_WIDGET (self->controls_bin),
                          page == CVN_CALL_VIEW_PAGE_LIVE || page == CVN_CALL_VIEW_PAGE_CONFERENCE);
  /* The scheduled and ended pages are status pages with their own title. */
  gtk_widget_set_visible (self->header_box,
                          page != CVN_CALL_VIEW_PAGE_SCHEDULED && page != CVN_CALL_VIEW_PAGE_ENDED &&
                          page != CVN_CALL_VIEW_PAGE_LOADING);
  update_header (self);
  _cvn_call_view_update_actions (self);
}

static void
call_state_notify_cb (CvnCallView *self)
{
  update_page (self);
}

static void
call_header_notify_cb (CvnCallView *self)
{
  update_header (self);
}

static void
call_flag_notify_cb (CvnCallView *self,
                     GParamSpec  *pspec)
{
  if (g_strcmp0 (pspec->name, "join-muted") == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOIN_MUTED]);
  else if (g_strcmp0 (pspec->name, "messages-enabled") == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGES_ENABLED]);
  else if (g_strcmp0 (pspec->name, "schedule-start-subscribed") == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_SUBSCRIBED]);
}

static void
remember_toast (CvnCallView *self,
                const char  *title)
{
  /* Keeps the array NULL-terminated for cvn_call_view_get_toast_history(). */
  g_ptr_array_remove_index (self->toast_history, self->toast_history->len - 1);
  if (self->toast_history->len >= TOAST_HISTORY_LENGTH)
    g_ptr_array_remove_index (self->toast_history, 0);
  g_ptr_array_add (self->toast_history, g_strdup (title));
  g_ptr_array_add (self->toast_history, NULL);
}

static void
participants_changed_cb (CvnCallView *self,
                         guint        position,
                         guint        removed,
                         guint        added,
                         GListModel  *participants)
{
  gboolean announce;

  if (self->call == NULL)
    return;

  /* A large change is a page of the list being loaded, not news; livestream viewers come
   * and go by the thousand: no toasts there. */
  announce = self->toasts_primed && added <= MAX_TOASTS_PER_CHANGE &&
             (self->page == CVN_CALL_VIEW_PAGE_LIVE || self->page == CVN_CALL_VIEW_PAGE_CONFERENCE);

  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(CvnGroupCallParticipant) participant = g_list_model_get_item (participants, i);
      gboolean hand = cvn_group_call_participant_get_hand_raised (participant);
      gboolean announced = g_hash_table_contains (self->announced_hands, participant);

      if (cvn_group_call_participant_get_is_self (participant))
        continue;

      if (hand && !announced)
        {
          g_hash_table_add (self->announced_hands, g_object_ref (participant));
          if (announce)
            {
              g_autofree char *name = dup_participant_name (self, participant);
              g_autofree char *title = g_strdup_printf (_("%s raised their hand"), name);
              cvn_call_view_add_toast (self, title);
            }
        }
      else if (!hand && announced)
        {
          g_hash_table_remove (self->announced_hands, participant);
        }

      /* Not just_joined: a join the model completed by fetching the participant (a `min`
       * entry) has no such flag. A participant added that is not moving has arrived. */
      if (announce && !cvn_participant_model_is_moving (self->participants, participant))
        {
          g_autofree char *name = dup_participant_name (self, participant);
          g_autofree char *title = g_strdup_printf (_("%s joined"), name);
          cvn_call_view_add_toast (self, title);
        }
    }
}

void
_cvn_call_view_copy_text (CvnCallView *self,
                          const char  *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
  cvn_call_view_add_toast (self, _("Copied to the clipboard"));
}

static void
cvn_call_view_dispose (GObject *object)
{
  CvnCallView *self = CVN_CALL_VIEW (object);

  _cvn_call_view_dispose_actions (self);
  if (self->call_signals != NULL)
    g_signal_group_set_target (self->call_signals, NULL);

  /* The bin's child is a template child: unparented here, not twice. The lists go first,
   * so emptying their model below reaches no half-disposed list view. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), CVN_TYPE_CALL_VIEW);
  self->scheduled_view = NULL;
  self->participant_grid = NULL;
  self->participant_panel = NULL;
  self->livestream_view = NULL;
  self->conference_view = NULL;
  self->controls = NULL;

  if (self->participants != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->participants, self);
      cvn_participant_model_set_source (self->participants, NULL);
    }
  g_clear_object (&self->call);
  if (self->name_func_destroy != NULL)
    self->name_func_destroy (self->name_func_data);
  self->name_func = NULL;
  self->name_func_destroy = NULL;
  self->name_func_data = NULL;

  G_OBJECT_CLASS (cvn_call_view_parent_class)->dispose (object);
}

static void
cvn_call_view_finalize (GObject *object)
{
  CvnCallView *self = CVN_CALL_VIEW (object);

  g_clear_object (&self->call_signals);
  g_clear_object (&self->participants);
  g_clear_pointer (&self->announced_hands, g_hash_table_unref);
  g_clear_pointer (&self->toast_history, g_ptr_array_unref);
  g_clear_pointer (&self->fallback_title, g_free);
  g_clear_pointer (&self->conference_link, g_free);

  G_OBJECT_CLASS (cvn_call_view_parent_class)->finalize (object);
}

static void
cvn_call_view_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CvnCallView *self = CVN_CALL_VIEW (object);

  switch (prop_id)
    {
    case PROP_CALL:
      g_value_set_object (value, self->call);
      break;
    case PROP_CAN_MANAGE:
      g_value_set_boolean (value, self->can_manage);
      break;
    case PROP_JOIN_MUTED:
      g_value_set_boolean (value, _cvn_call_view_get_join_muted (self));
      break;
    case PROP_MESSAGES_ENABLED:
      g_value_set_boolean (value, _cvn_call_view_get_messages_enabled (self));
      break;
    case PROP_START_SUBSCRIBED:
      g_value_set_boolean (value, _cvn_call_view_get_start_subscribed (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_call_view_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  CvnCallView *self = CVN_CALL_VIEW (object);

  switch (prop_id)
    {
    case PROP_CALL:
      cvn_call_view_set_call (self, g_value_get_object (value));
      break;
    case PROP_CAN_MANAGE:
      cvn_call_view_set_can_manage (self, g_value_get_boolean (value));
      break;
    case PROP_JOIN_MUTED:
    case PROP_MESSAGES_ENABLED:
    case PROP_START_SUBSCRIBED:
      /* A request to the server; the property follows the call when it answers. */
      _cvn_call_view_request_setting (self, pspec->name, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_call_view_class_init (CvnCallViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cvn_call_view_dispose;
  object_class->finalize = cvn_call_view_finalize;
  object_class->get_property = cvn_call_view_get_property;
  object_class->set_property = cvn_call_view_set_property;

  properties[PROP_CALL] =
    g_param_spec_object ("call", NULL, NULL, CVN_TYPE_GROUP_CALL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_MANAGE] =
    g_param_spec_boolean ("can-manage", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The states of the call menu's toggles (property actions): reading gives the call's
   * value, writing asks the server to change it. */
  properties[PROP_JOIN_MUTED] =
    g_param_spec_boolean ("join-muted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MESSAGES_ENABLED] =
    g_param_spec_boolean ("messages-enabled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_START_SUBSCRIBED] =
    g_param_spec_boolean ("start-subscribed", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CVN_TYPE_CALL_CONTROLS);
  g_type_ensure (CVN_TYPE_CONFERENCE_VIEW);
  g_type_ensure (CVN_TYPE_LIVESTREAM_VIEW);
  g_type_ensure (CVN_TYPE_PARTICIPANT_GRID);
  g_type_ensure (CVN_TYPE_PARTICIPANT_PANEL);
  g_type_ensure (CVN_TYPE_SCHEDULED_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/convene/Convene/cvn-call-view.ui");
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, connection_revealer);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, connection_bar);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, connection_spinner);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, connection_icon);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, connection_label);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, connection_button);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, header_box);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, title_label);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, recording_icon);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, participants_button);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, stack);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, live_flap);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, ended_page);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, scheduled_bin);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, participant_grid_bin);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, participant_panel_bin);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, livestream_bin);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, conference_bin);
  gtk_widget_class_bind_template_child (widget_class, CvnCallView, controls_bin);

  _cvn_call_view_class_init_actions (widget_class);
  gtk_widget_class_set_css_name (widget_class, "call-view");
}

static void
cvn_call_view_init (CvnCallView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The pages are made here rather than in the template, so the template holds only GTK
   * and libadwaita types (tests/data/validate-ui checks it without this library). */
  self->scheduled_view = CVN_SCHEDULED_VIEW (cvn_scheduled_view_new ());
  adw_bin_set_child (self->scheduled_bin, GTK_WIDGET (self->scheduled_view));
  self->participant_grid = CVN_PARTICIPANT_GRID (cvn_participant_grid_new ());
  adw_bin_set_child (self->participant_grid_bin, GTK_WIDGET (self->participant_grid));
  self->participant_panel = CVN_PARTICIPANT_PANEL (cvn_participant_panel_new ());
  adw_bin_set_child (self->participant_panel_bin, GTK_WIDGET (self->participant_panel));
  self->livestream_view = CVN_LIVESTREAM_VIEW (cvn_livestream_view_new ());
  adw_bin_set_child (self->livestream_bin, GTK_WIDGET (self->livestream_view));
  self->conference_view = CVN_CONFERENCE_VIEW (cvn_conference_view_new ());
  adw_bin_set_child (self->conference_bin, GTK_WIDGET (self->conference_view));
  self->controls = CVN_CALL_CONTROLS (cvn_call_controls_new ());
  adw_bin_set_child (self->controls_bin, GTK_WIDGET (self->controls));

  self->announced_hands = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->toast_history = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->toast_history, NULL);

  self->call_signals = g_signal_group_new (CVN_TYPE_GROUP_CALL);
  g_signal_group_connect_object (self->call_signals, "notify::state",
                                 G_CALLBACK (call_state_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->call_signals, "notify::kind",
                                 G_CALLBACK (call_state_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->call_signals, "notify::title",
                                 G_CALLBACK (call_header_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->call_signals, "notify::participants-count",
                                 G_CALLBACK (call_header_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->call_signals, "notify::record-start-date",
                                 G_CALLBACK (call_header_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->call_signals, "notify::join-muted",
                                 G_CALLBACK (call_flag_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->call_signals, "notify::messages-enabled",
                                 G_CALLBACK (call_flag_notify_cb), self, G_CONNECT_SWAPPED);
  g_signal_group_connect_object (self->call_signals, "notify::schedule-start-subscribed",
                                 G_CALLBACK (call_flag_notify_cb), self, G_CONNECT_SWAPPED);

  self->participants = cvn_participant_model_new (NULL);
  g_signal_connect_object (self->participants, "items-changed",
                           G_CALLBACK (participants_changed_cb), self, G_CONNECT_SWAPPED);

  _cvn_call_view_init_actions (self);

  cvn_participant_grid_set_peer_name_func (self->participant_grid, view_peer_name_func, self);
  cvn_participant_panel_set_peer_name_func (self->participant_panel, view_peer_name_func, self);
  cvn_conference_view_set_peer_name_func (self->conference_view, view_peer_name_func, self);

  update_page (self);
}

GtkWidget *
cvn_call_view_new (void)
{
  return g_object_new (CVN_TYPE_CALL_VIEW, NULL);
}

CvnGroupCall *
cvn_call_view_get_call (CvnCallView *self)
{
  g_return_val_if_fail (CVN_IS_CALL_VIEW (self), NULL);

  return self->call;
}

void
cvn_call_view_set_call (CvnCallView  *self,
                        CvnGroupCall *call)
{
  g_return_if_fail (CVN_IS_CALL_VIEW (self));
  g_return_if_fail (call == NULL || CVN_IS_GROUP_CALL (call));

  if (!g_set_object (&self->call, call))
    return;

  if (self->session != NULL && cvn_call_session_get_call (self->session) != call)
    _cvn_call_view_drop_session (self);
  g_hash_table_remove_all (self->announced_hands);
  self->toasts_primed = FALSE;

  g_signal_group_set_target (self->call_signals, call);
  /* What is already there is not news: the raised hands are remembered quietly. */
  cvn_participant_model_set_source (self->participants,
                                    call ? cvn_group_call_get_participants (call) : NULL);
  self->toasts_primed = TRUE;

  cvn_scheduled_view_set_call (self->scheduled_view, call);
  cvn_livestream_view_set_call (self->livestream_view, call);
  cvn_call_view_set_connection (self, CVN_CALL_VIEW_CONNECTION_NONE, NULL);

  update_page (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CALL]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_JOIN_MUTED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MESSAGES_ENABLED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_START_SUBSCRIBED]);
}

void
cvn_call_view_set_fallback_title (CvnCallView *self,
                                  const char  *title)
{
  g_return_if_fail (CVN_IS_CALL_VIEW (self));

  g_free (self->fallback_title);
  self->fallback_title = g_strdup (title);
  cvn_scheduled_view_set_fallback_title (self->scheduled_view, title);
  cvn_livestream_view_set_fallback_title (self->livestream_view, title);
  update_header (self);
}

gboolean
cvn_call_view_get_can_manage (CvnCallView *self)
{
  g_return_val_if_fail (CVN_IS_CALL_VIEW (self), FALSE);

  return self->can_manage;
}

void
cvn_call_view_set_can_manage (CvnCallView *self,
                              gboolean     can_manage)
{
  g_return_if_fail (CVN_IS_CALL_VIEW (self));

  can_manage = !!can_manage;
  if (self->can_manage == can_manage)
    return;

  self->can_manage = can_manage;
  cvn_participant_panel_set_can_manage (self->participant_panel, can_manage);
  cvn_scheduled_view_set_can_manage (self->scheduled_view, can_manage);
  cvn_livestream_view_set_can_manage (self->livestream_view, can_manage);
  cvn_call_controls_set_can_manage (self->controls, can_manage);
  _cvn_call_view_update_actions (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_MANAGE]);
}

void
cvn_call_view_set_peer_name_func (CvnCallView     *self,
                                  CvnPeerNameFunc  func,
                                  gpointer         user_data,
                                  GDestroyNotify   destroy)
{
  g_return_if_fail (CVN_IS_CALL_VIEW (self));

  if (self->name_func_destroy != NULL)
    self->name_func_destroy (self->name_func_data);
  self->name_func = func;
  self->name_func_data = user_data;
  self->name_func_destroy = destroy;
  cvn_call_view_refresh_names (self);
}

static void
refresh_names_in (CvnCallView *self,
                  GtkWidget   *widget)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (CVN_IS_PARTICIPANT_TILE (child))
        {
          CvnGroupCallParticipant *participant = cvn_participant_tile_get_participant (CVN_PARTICIPANT_TILE (child));
          if (participant != NULL)
            {
              g_autofree char *name = dup_participant_name (self, participant);
              cvn_participant_tile_set_name (CVN_PARTICIPANT_TILE (child), name);
            }
        }
      else if (CVN_IS_PARTICIPANT_ROW (child))
        {
          CvnGroupCallParticipant *participant = cvn_participant_row_get_participant (CVN_PARTICIPANT_ROW (child));
          if (participant != NULL)
            {
              g_autofree char *name = dup_participant_name (self, participant);
              cvn_participant_row_set_name (CVN_PARTICIPANT_ROW (child), name);
            }
        }
      else
        {
          refresh_names_in (self, child);
        }
    }
}

void
cvn_call_view_refresh_names (CvnCallView *self)
{
  g_return_if_fail (CVN_IS_CALL_VIEW (self));

  /* Only the tiles and rows that exist (on screen) need it: the others get their names
   * when they are bound. */
  refresh_names_in (self, GTK_WIDGET (self));
}

void
cvn_call_view_set_conference_link (CvnCallView *self,
                                   const char  *link)
{
  g_return_if_fail (CVN_IS_CALL_VIEW (self));

  g_free (self->conference_link);
  self->conference_link = g_strdup (link);
  cvn_conference_view_set_link (self->conference_view, link);
}

CvnCallViewPage
cvn_call_view_get_page (CvnCallView *self)
{
  g_return_val_if_fail (CVN_IS_CALL_VIEW (self), CVN_CALL_VIEW_PAGE_LOADING);

  return self->page;
}

void
cvn_call_view_set_connection (CvnCallView           *self,
                              CvnCallViewConnection  connection,
                              const char            *reason)
{
  g_autofree char *text = NULL;
  gboolean failed = connection == CVN_CALL_VIEW_CONNECTION_FAILED;

  g_return_if_fail (CVN_IS_CALL_VIEW (self));

  self->connection = connection;
  switch (connection)
    {
    case CVN_CALL_VIEW_CONNECTION_CONNECTING:
      text = g_strdup (_("Connecting to the call…"));
      break;
    case CVN_CALL_VIEW_CONNECTION_RECONNECTING:
      text = g_strdup (_("Connection lost, reconnecting…"));
      break;
    case CVN_CALL_VIEW_CONNECTION_FAILED:
      if (reason != NULL && *reason != '\0')
        /* Translators: %s says why, e.g. "The call has ended" */
        text = g_strdup_printf (_("Could not join the call: %s"), reason);
      else
        text = g_strdup (_("Could not join the call"));
      break;
    case CVN_CALL_VIEW_CONNECTION_NONE:
    default:
      break;
    }

  if (text != NULL)
    gtk_label_set_label (self->connection_label, text);
  gtk_spinner_set_spinning (self->connection_spinner, text != NULL && !failed);
  gtk_widget_set_visible (GTK_WIDGET (self->connection_spinner), !failed);
  gtk_widget_set_visible (self->connection_icon, failed);
  gtk_widget_set_visible (self->connection_button, failed);
  if (failed)
    {
      gtk_widget_add_css_class (self->connection_bar, "error");
      gtk_widget_remove_css_class (self->connection_bar, "warning");
    }
  else
    {
      gtk_widget_add_css_class (self->connection_bar, "warning");
      gtk_widget_remove_css_class (self->connection_bar, "error");
    }
  gtk_revealer_set_reveal_child (self->connection_revealer, text != NULL);
}

CvnCallViewConnection
cvn_call_view_get_connection (CvnCallView *self)
{
  g_return_val_if_fail (CVN_IS_CALL_VIEW (self), CVN_CALL_VIEW_CONNECTION_NONE);

  return self->connection;
}

void
cvn_call_view_add_toast (CvnCallView *self,
                         const char  *title)
{
  AdwToast *toast;

  g_return_if_fail (CVN_IS_CALL_VIEW (self));
  g_return_if_fail (title != NULL);

  remember_toast (self, title);
  if (self->toast_overlay == NULL)
    return;
  toast = adw_toast_new (title);
  adw_toast_set_timeout (toast, 3);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

const char * const *
cvn_call_view_get_toast_history (CvnCallView *self)
{
  g_return_val_if_fail (CVN_IS_CALL_VIEW (self), NULL);

  return (const char * const *) self->toast_history->pdata;
}

GtkWidget *
cvn_call_view_get_page_widget (CvnCallView     *self,
                               CvnCallViewPage  page)
{
  g_return_val_if_fail (CVN_IS_CALL_VIEW (self), NULL);
  g_return_val_if_fail (page <= CVN_CALL_VIEW_PAGE_ENDED, NULL);

  switch (page)
    {
    case CVN_CALL_VIEW_PAGE_SCHEDULED:
      return GTK_WIDGET (self->scheduled_view);
    case CVN_CALL_VIEW_PAGE_LIVE:
      return GTK_WIDGET (self->participant_grid);
    case CVN_CALL_VIEW_PAGE_LIVESTREAM:
      return GTK_WIDGET (self->livestream_view);
    case CVN_CALL_VIEW_PAGE_CONFERENCE:
      return GTK_WIDGET (self->conference_view);
    case CVN_CALL_VIEW_PAGE_ENDED:
      return GTK_WIDGET (self->ended_page);
    case CVN_CALL_VIEW_PAGE_LOADING:
    default:
      return gtk_stack_get_child_by_name (self->stack, "loading");
    }
}

GtkWidget *
cvn_call_view_get_controls (CvnCallView *self)
{
  g_return_val_if_fail (CVN_IS_CALL_VIEW (self), NULL);

  return GTK_WIDGET (self->controls);
}

GtkWidget *
cvn_call_view_get_participant_panel (CvnCallView *self)
{
  g_return_val_if_fail (CVN_IS_CALL_VIEW (self), NULL);

  return GTK_WIDGET (self->participant_panel);
}
