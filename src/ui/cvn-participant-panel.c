/* cvn-participant-panel.c
 *
 * The sections are filters over the call's one sorted list, flattened with a header each, so
 * the GtkListView creates rows only for what is on screen. The list itself moves a participant
 * when its hand or activity changes; a mute does not move it, so the panel watches `muted`
 * and `hand-raised` of every participant and re-filters once per main loop iteration.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-participant-panel.h"
#include "cvn-participant-row.h"

#define N_SECTIONS 3

typedef struct
{
  CvnParticipantPanel *panel;
  CvnParticipantSection section;
  GtkCustomFilter *filter;
  GtkFilterListModel *filtered;
  GListStore *header;
} Section;

struct _CvnParticipantPanel
{
  AdwBin parent_instance;

  GListModel *participants;
  GHashTable *watched;          /* CvnGroupCallParticipant -> itself (ref) */
  gboolean can_manage;
  CvnPeerNameFunc name_func;
  gpointer name_func_data;
  guint refilter_id;

  Section sections[N_SECTIONS];
  GListStore *parts;
  GtkFlattenListModel *rows;

  GtkListView *list_view;
};

G_DEFINE_FINAL_TYPE (CvnParticipantPanel, cvn_participant_panel, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PARTICIPANTS,
  PROP_CAN_MANAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
section_title (CvnParticipantSection section)
{
  switch (section)
    {
    case CVN_PARTICIPANT_SECTION_RAISED_HANDS:
      return _("Raised Hands");
    case CVN_PARTICIPANT_SECTION_SPEAKERS:
      return _("Speakers");
    case CVN_PARTICIPANT_SECTION_LISTENERS:
    default:
      return _("Listeners");
    }
}

static gboolean
section_filter_func (gpointer item,
                     gpointer user_data)
{
  Section *section = user_data;
  CvnGroupCallParticipant *participant = item;
  gboolean hand = cvn_group_call_participant_get_hand_raised (participant);
  gboolean muted = cvn_group_call_participant_get_muted (participant);

  switch (section->section)
    {
    case CVN_PARTICIPANT_SECTION_RAISED_HANDS:
      return hand;
    case CVN_PARTICIPANT_SECTION_SPEAKERS:
      return !hand && !muted;
    case CVN_PARTICIPANT_SECTION_LISTENERS:
    default:
      return !hand && muted;
    }
}

static void
section_items_changed_cb (GListModel *model,
                          guint       position,
                          guint       removed,
                          guint       added,
                          Section    *section)
{
  gboolean want = g_list_model_get_n_items (model) > 0;
  gboolean has = g_list_model_get_n_items (G_LIST_MODEL (section->header)) > 0;

  if (want && !has)
    {
      g_autoptr(GtkStringObject) title = gtk_string_object_new (section_title (section->section));
      g_list_store_append (section->header, title);
    }
  else if (!want && has)
    {
      g_list_store_remove_all (section->header);
    }
}

static void
refilter_cb (gpointer user_data)
{
  CvnParticipantPanel *self = user_data;

  self->refilter_id = 0;
  for (guint i = 0; i < N_SECTIONS; i++)
    gtk_filter_changed (GTK_FILTER (self->sections[i].filter), GTK_FILTER_CHANGE_DIFFERENT);
}

static void
participant_changed_cb (CvnParticipantPanel *self)
{
  if (self->refilter_id == 0)
    self->refilter_id = g_idle_add_once (refilter_cb, self);
}

static void
watch_participant (CvnParticipantPanel     *self,
                   CvnGroupCallParticipant *participant)
{
  if (g_hash_table_contains (self->watched, participant))
    return;

  g_hash_table_add (self->watched, g_object_ref (participant));
  g_signal_connect_object (participant, "notify::muted",
                           G_CALLBACK (participant_changed_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (participant, "notify::hand-raised",
                           G_CALLBACK (participant_changed_cb), self, G_CONNECT_SWAPPED);
}

static void
unwatch_all (CvnParticipantPanel *self)
{
  GHashTableIter iter;
  gpointer participant;

  g_hash_table_iter_init (&iter, self->watched);
  while (g_hash_table_iter_next (&iter, &participant, NULL))
    g_signal_handlers_disconnect_by_data (participant, self);
  g_hash_table_remove_all (self->watched);
}

static void
participants_items_changed_cb (CvnParticipantPanel *self,
                               guint                position,
                               guint                removed,
                               guint                added,
                               GListModel          *participants)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(CvnGroupCallParticipant) participant = g_list_model_get_item (participants, i);
      watch_participant (self, participant);
    }
}

static void
setup_row_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              CvnParticipantPanel      *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = gtk_label_new (NULL);
  GtkWidget *row = cvn_participant_row_new ();

  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_add_css_class (header, "heading");
  gtk_widget_add_css_class (header, "participant-section-header");
  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_top (header, 12);
  gtk_widget_set_margin_bottom (header, 6);
  gtk_box_append (GTK_BOX (box), header);
  gtk_box_append (GTK_BOX (box), row);
  gtk_list_item_set_child (list_item, box);
}

static void
bind_row_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             CvnParticipantPanel      *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *header = gtk_widget_get_first_child (box);
  GtkWidget *row = gtk_widget_get_next_sibling (header);
  gpointer item = gtk_list_item_get_item (list_item);

  if (GTK_IS_STRING_OBJECT (item))
    {
      gtk_label_set_label (GTK_LABEL (header), gtk_string_object_get_string (item));
      gtk_widget_set_visible (header, TRUE);
      gtk_widget_set_visible (row, FALSE);
      gtk_list_item_set_activatable (list_item, FALSE);
      gtk_list_item_set_selectable (list_item, FALSE);
    }
  else
    {
      g_autofree char *name = cvn_participant_status_dup_name (item, self->name_func,
                                                               self->name_func_data);

      gtk_widget_set_visible (header, FALSE);
      gtk_widget_set_visible (row, TRUE);
      cvn_participant_row_set_can_manage (CVN_PARTICIPANT_ROW (row), self->can_manage);
      cvn_participant_row_set_name (CVN_PARTICIPANT_ROW (row), name);
      cvn_participant_row_set_participant (CVN_PARTICIPANT_ROW (row), item);
    }
}

static void
unbind_row_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               CvnParticipantPanel      *self)
{
  GtkWidget *box = gtk_list_item_get_child (list_item);
  GtkWidget *row = gtk_widget_get_next_sibling (gtk_widget_get_first_child (box));

  cvn_participant_row_set_participant (CVN_PARTICIPANT_ROW (row), NULL);
}

static void
cvn_participant_panel_dispose (GObject *object)
{
  CvnParticipantPanel *self = CVN_PARTICIPANT_PANEL (object);

  g_clear_handle_id (&self->refilter_id, g_source_remove);
  /* The list view first: emptying the sections then reaches no list view. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  if (self->participants != NULL)
    g_signal_handlers_disconnect_by_func (self->participants, participants_items_changed_cb, self);
  unwatch_all (self);
  g_clear_object (&self->participants);
  for (guint i = 0; i < N_SECTIONS; i++)
    {
      Section *section = &self->sections[i];

      if (section->filtered != NULL)
        g_signal_handlers_disconnect_by_data (section->filtered, section);
      g_clear_object (&section->filtered);
      g_clear_object (&section->header);
      section->filter = NULL;   /* owned by the filter model */
    }
  g_clear_object (&self->rows);
  g_clear_object (&self->parts);

  G_OBJECT_CLASS (cvn_participant_panel_parent_class)->dispose (object);
}

static void
cvn_participant_panel_finalize (GObject *object)
{
  CvnParticipantPanel *self = CVN_PARTICIPANT_PANEL (object);

  g_clear_pointer (&self->watched, g_hash_table_unref);

  G_OBJECT_CLASS (cvn_participant_panel_parent_class)->finalize (object);
}

static void
cvn_participant_panel_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CvnParticipantPanel *self = CVN_PARTICIPANT_PANEL (object);

  switch (prop_id)
    {
    case PROP_PARTICIPANTS:
      g_value_set_object (value, self->participants);
      break;
    case PROP_CAN_MANAGE:
      g_value_set_boolean (value, self->can_manage);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_participant_panel_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  CvnParticipantPanel *self = CVN_PARTICIPANT_PANEL (object);

  switch (prop_id)
    {
    case PROP_PARTICIPANTS:
      cvn_participant_panel_set_participants (self, g_value_get_object (value));
      break;
    case PROP_CAN_MANAGE:
      cvn_participant_panel_set_can_manage (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_participant_panel_class_init (CvnParticipantPanelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cvn_participant_panel_dispose;
  object_class->finalize = cvn_participant_panel_finalize;
  object_class->get_property = cvn_participant_panel_get_property;
  object_class->set_property = cvn_participant_panel_set_property;

  properties[PROP_PARTICIPANTS] =
    g_param_spec_object ("participants", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAN_MANAGE] =
    g_param_spec_boolean ("can-manage", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "participant-panel");
}

static void
cvn_participant_panel_init (CvnParticipantPanel *self)
{
  GtkListItemFactory *factory;
  GtkWidget *scrolled;

  self->watched = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->parts = g_list_store_new (G_TYPE_LIST_MODEL);

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      Section *section = &self->sections[i];

      section->panel = self;
      section->section = (CvnParticipantSection) i;
      section->header = g_list_store_new (GTK_TYPE_STRING_OBJECT);
      section->filter = gtk_custom_filter_new (section_filter_func, section, NULL);
      section->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (section->filter));
      /* After the flattened list has taken the change in: changing the header store from
       * within that emission would nest a second change into the first. */
      g_signal_connect_after (section->filtered, "items-changed",
                              G_CALLBACK (section_items_changed_cb), section);
      g_list_store_append (self->parts, section->header);
      g_list_store_append (self->parts, section->filtered);
    }
  self->rows = gtk_flatten_list_model_new (g_object_ref (G_LIST_MODEL (self->parts)));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_row_cb), self);

  self->list_view = GTK_LIST_VIEW (gtk_list_view_new (GTK_SELECTION_MODEL (gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->rows)))),
                                                      factory));
  gtk_widget_add_css_class (GTK_WIDGET (self->list_view), "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Participants"),
                                  -1);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->list_view));
  gtk_widget_set_vexpand (scrolled, TRUE);
  adw_bin_set_child (ADW_BIN (self), scrolled);
}

GtkWidget *
cvn_participant_panel_new (void)
{
  return g_object_new (CVN_TYPE_PARTICIPANT_PANEL, NULL);
}

GListModel *
cvn_participant_panel_get_participants (CvnParticipantPanel *self)
{
  g_return_val_if_fail (CVN_IS_PARTICIPANT_PANEL (self), NULL);

  return self->participants;
}

void
cvn_participant_panel_set_participants (CvnParticipantPanel *self,
                                        GListModel          *participants)
{
  g_return_if_fail (CVN_IS_PARTICIPANT_PANEL (self));
  g_return_if_fail (participants == NULL || G_IS_LIST_MODEL (participants));

  if (self->participants == participants)
    return;

  if (self->participants != NULL)
    g_signal_handlers_disconnect_by_func (self->participants, participants_items_changed_cb, self);
  unwatch_all (self);
  g_set_object (&self->participants, participants);

  if (participants != NULL)
    {
      g_signal_connect_object (participants, "items-changed",
                               G_CALLBACK (participants_items_changed_cb), self, G_CONNECT_SWAPPED);
      participants_items_changed_cb (self, 0, 0, g_list_model_get_n_items (participants), participants);
    }
  for (guint i = 0; i < N_SECTIONS; i++)
    if (self->sections[i].filtered != NULL)
      gtk_filter_list_model_set_model (self->sections[i].filtered, participants);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARTICIPANTS]);
}

static void
set_rows_can_manage (GtkWidget *widget,
                     gboolean   can_manage)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (CVN_IS_PARTICIPANT_ROW (child))
        cvn_participant_row_set_can_manage (CVN_PARTICIPANT_ROW (child), can_manage);
      else
        set_rows_can_manage (child, can_manage);
    }
}

gboolean
cvn_participant_panel_get_can_manage (CvnParticipantPanel *self)
{
  g_return_val_if_fail (CVN_IS_PARTICIPANT_PANEL (self), FALSE);

  return self->can_manage;
}

void
cvn_participant_panel_set_can_manage (CvnParticipantPanel *self,
                                      gboolean             can_manage)
{
  g_return_if_fail (CVN_IS_PARTICIPANT_PANEL (self));

  can_manage = !!can_manage;
  if (self->can_manage == can_manage)
    return;

  self->can_manage = can_manage;
  /* The rows that exist are on screen; the others get the rights when bound. */
  set_rows_can_manage (GTK_WIDGET (self), can_manage);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CAN_MANAGE]);
}

void
cvn_participant_panel_set_peer_name_func (CvnParticipantPanel *self,
                                          CvnPeerNameFunc      func,
                                          gpointer             user_data)
{
  g_return_if_fail (CVN_IS_PARTICIPANT_PANEL (self));

  self->name_func = func;
  self->name_func_data = user_data;
}

guint
cvn_participant_panel_get_section_size (CvnParticipantPanel   *self,
                                        CvnParticipantSection  section)
{
  g_return_val_if_fail (CVN_IS_PARTICIPANT_PANEL (self), 0);
  g_return_val_if_fail (section < N_SECTIONS, 0);

  if (self->refilter_id != 0)
    {
      g_clear_handle_id (&self->refilter_id, g_source_remove);
      refilter_cb (self);
    }

  return g_list_model_get_n_items (G_LIST_MODEL (self->sections[section].filtered));
}

GListModel *
cvn_participant_panel_get_rows (CvnParticipantPanel *self)
{
  g_return_val_if_fail (CVN_IS_PARTICIPANT_PANEL (self), NULL);

  return G_LIST_MODEL (self->rows);
}
