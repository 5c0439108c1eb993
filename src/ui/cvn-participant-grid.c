/* cvn-participant-grid.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-participant-grid.h"
#include "cvn-participant-tile.h"

struct _CvnParticipantGrid
{
  AdwBin parent_instance;

  GListModel *participants;
  GtkNoSelection *selection;
  CvnPeerNameFunc name_func;
  gpointer name_func_data;

  GtkGridView *grid_view;
};

G_DEFINE_FINAL_TYPE (CvnParticipantGrid, cvn_participant_grid, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_PARTICIPANTS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
setup_tile_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               CvnParticipantGrid       *self)
{
  gtk_list_item_set_child (list_item, cvn_participant_tile_new ());
  gtk_list_item_set_activatable (list_item, FALSE);
}

static void
bind_tile_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *list_item,
              CvnParticipantGrid       *self)
{
  CvnParticipantTile *tile = CVN_PARTICIPANT_TILE (gtk_list_item_get_child (list_item));
  CvnGroupCallParticipant *participant = gtk_list_item_get_item (list_item);
  g_autofree char *name = cvn_participant_status_dup_name (participant, self->name_func,
                                                           self->name_func_data);

  cvn_participant_tile_set_name (tile, name);
  cvn_participant_tile_set_participant (tile, participant);
}

static void
unbind_tile_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                CvnParticipantGrid       *self)
{
  cvn_participant_tile_set_participant (CVN_PARTICIPANT_TILE (gtk_list_item_get_child (list_item)), NULL);
}

static void
cvn_participant_grid_dispose (GObject *object)
{
  CvnParticipantGrid *self = CVN_PARTICIPANT_GRID (object);

  adw_bin_set_child (ADW_BIN (self), NULL);
  g_clear_object (&self->selection);
  g_clear_object (&self->participants);

  G_OBJECT_CLASS (cvn_participant_grid_parent_class)->dispose (object);
}

static void
cvn_participant_grid_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CvnParticipantGrid *self = CVN_PARTICIPANT_GRID (object);

  switch (prop_id)
    {
    case PROP_PARTICIPANTS:
      g_value_set_object (value, self->participants);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_participant_grid_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  CvnParticipantGrid *self = CVN_PARTICIPANT_GRID (object);

  switch (prop_id)
    {
    case PROP_PARTICIPANTS:
      cvn_participant_grid_set_participants (self, g_value_get_object (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_participant_grid_class_init (CvnParticipantGridClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cvn_participant_grid_dispose;
  object_class->get_property = cvn_participant_grid_get_property;
  object_class->set_property = cvn_participant_grid_set_property;

  properties[PROP_PARTICIPANTS] =
    g_param_spec_object ("participants", NULL, NULL, G_TYPE_LIST_MODEL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "participant-grid");
}

static void
cvn_participant_grid_init (CvnParticipantGrid *self)
{
  GtkListItemFactory *factory;
  GtkWidget *scrolled;

  self->selection = gtk_no_selection_new (NULL);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_tile_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_tile_cb), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_tile_cb), self);

  self->grid_view = GTK_GRID_VIEW (gtk_grid_view_new (GTK_SELECTION_MODEL (g_object_ref (self->selection)),
                                                      factory));
  /* Tiles are at least 150 px wide: one column at 360 px, up to eight on a wide screen. */
  gtk_grid_view_set_min_columns (self->grid_view, 1);
  gtk_grid_view_set_max_columns (self->grid_view, 8);
  gtk_widget_add_css_class (GTK_WIDGET (self->grid_view), "participant-grid-view");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->grid_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Participants"),
                                  -1);

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->grid_view));
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_widget_set_hexpand (scrolled, TRUE);
  adw_bin_set_child (ADW_BIN (self), scrolled);
}

GtkWidget *
cvn_participant_grid_new (void)
{
  return g_object_new (CVN_TYPE_PARTICIPANT_GRID, NULL);
}

GListModel *
cvn_participant_grid_get_participants (CvnParticipantGrid *self)
{
  g_return_val_if_fail (CVN_IS_PARTICIPANT_GRID (self), NULL);

  return self->participants;
}

void
cvn_participant_grid_set_participants (CvnParticipantGrid *self,
                                       GListModel         *participants)
{
  g_return_if_fail (CVN_IS_PARTICIPANT_GRID (self));
  g_return_if_fail (participants == NULL || G_IS_LIST_MODEL (participants));

  if (!g_set_object (&self->participants, participants))
    return;

  gtk_no_selection_set_model (self->selection, participants);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PARTICIPANTS]);
}

void
cvn_participant_grid_set_peer_name_func (CvnParticipantGrid *self,
                                         CvnPeerNameFunc     func,
                                         gpointer            user_data)
{
  g_return_if_fail (CVN_IS_PARTICIPANT_GRID (self));

  self->name_func = func;
  self->name_func_data = user_data;
}

GtkWidget *
cvn_participant_grid_get_view (CvnParticipantGrid *self)
{
  g_return_val_if_fail (CVN_IS_PARTICIPANT_GRID (self), NULL);

  return GTK_WIDGET (self->grid_view);
}
