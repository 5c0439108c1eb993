/* cvn-participant-model.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-participant-model.h"

struct _CvnParticipantModel
{
  GObject parent_instance;

  GListModel *source;
  GPtrArray *items;     /* the mirrored items (refs) */
  GPtrArray *removed;   /* what the last removing change took out (refs) */
  GType item_type;
};

static void cvn_participant_model_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CvnParticipantModel, cvn_participant_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, cvn_participant_model_list_model_init))

static GType
get_item_type (GListModel *model)
{
  CvnParticipantModel *self = CVN_PARTICIPANT_MODEL (model);

  return self->item_type;
}

static guint
get_n_items (GListModel *model)
{
  return CVN_PARTICIPANT_MODEL (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  CvnParticipantModel *self = CVN_PARTICIPANT_MODEL (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
cvn_participant_model_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
source_items_changed_cb (CvnParticipantModel *self,
                         guint                position,
                         guint                removed,
                         guint                added,
                         GListModel          *source)
{
  guint source_n = g_list_model_get_n_items (source);

  /* A change that does not fit what we hold: start again from the source as it is. */
  if (position + removed > self->items->len)
    {
      guint old_n = self->items->len;

      g_ptr_array_set_size (self->items, 0);
      for (guint i = 0; i < source_n; i++)
        g_ptr_array_add (self->items, g_list_model_get_item (source, i));
      g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, source_n);
      return;
    }

  if (removed > 0)
    {
      g_ptr_array_set_size (self->removed, 0);
      for (guint i = 0; i < removed; i++)
        g_ptr_array_add (self->removed, g_object_ref (g_ptr_array_index (self->items, position + i)));
      g_ptr_array_remove_range (self->items, position, removed);
    }
  for (guint i = 0; i < added; i++)
    {
      /* The source may already hold more than this change adds (a later change of the
       * same move is still to come): take what is at the position now. */
      gpointer item = position + i < source_n ? g_list_model_get_item (source, position + i) : NULL;

      if (item == NULL)
        {
          added = i;
          break;
        }
      g_ptr_array_insert (self->items, (int) (position + i), item);
    }

  if (removed > 0 || added > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  /* An insertion ends a move: what was taken out before it is no longer moving. */
  if (added > 0)
    g_ptr_array_set_size (self->removed, 0);
}

static void
cvn_participant_model_dispose (GObject *object)
{
  CvnParticipantModel *self = CVN_PARTICIPANT_MODEL (object);

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_clear_object (&self->source);
  if (self->items != NULL)
    g_ptr_array_set_size (self->items, 0);
  if (self->removed != NULL)
    g_ptr_array_set_size (self->removed, 0);

  G_OBJECT_CLASS (cvn_participant_model_parent_class)->dispose (object);
}

static void
cvn_participant_model_finalize (GObject *object)
{
  CvnParticipantModel *self = CVN_PARTICIPANT_MODEL (object);

  g_clear_pointer (&self->items, g_ptr_array_unref);
  g_clear_pointer (&self->removed, g_ptr_array_unref);

  G_OBJECT_CLASS (cvn_participant_model_parent_class)->finalize (object);
}

static void
cvn_participant_model_class_init (CvnParticipantModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cvn_participant_model_dispose;
  object_class->finalize = cvn_participant_model_finalize;
}

static void
cvn_participant_model_init (CvnParticipantModel *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->removed = g_ptr_array_new_with_free_func (g_object_unref);
  self->item_type = G_TYPE_OBJECT;
}

CvnParticipantModel *
cvn_participant_model_new (GListModel *source)
{
  CvnParticipantModel *self = g_object_new (CVN_TYPE_PARTICIPANT_MODEL, NULL);

  cvn_participant_model_set_source (self, source);
  return self;
}

GListModel *
cvn_participant_model_get_source (CvnParticipantModel *self)
{
  g_return_val_if_fail (CVN_IS_PARTICIPANT_MODEL (self), NULL);

  return self->source;
}

void
cvn_participant_model_set_source (CvnParticipantModel *self,
                                  GListModel          *source)
{
  guint old_n;

  g_return_if_fail (CVN_IS_PARTICIPANT_MODEL (self));
  g_return_if_fail (source == NULL || G_IS_LIST_MODEL (source));

  if (self->source == source)
    return;

  if (self->source != NULL)
    g_signal_handlers_disconnect_by_data (self->source, self);
  g_set_object (&self->source, source);

  old_n = self->items->len;
  g_ptr_array_set_size (self->items, 0);
  g_ptr_array_set_size (self->removed, 0);
  if (source != NULL)
    {
      guint n = g_list_model_get_n_items (source);

      self->item_type = g_list_model_get_item_type (source);
      for (guint i = 0; i < n; i++)
        g_ptr_array_add (self->items, g_list_model_get_item (source, i));
      g_signal_connect_object (source, "items-changed",
                               G_CALLBACK (source_items_changed_cb), self, G_CONNECT_SWAPPED);
    }
  if (old_n > 0 || self->items->len > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->items->len);
}

gboolean
cvn_participant_model_is_moving (CvnParticipantModel *self,
                                 gpointer             item)
{
  g_return_val_if_fail (CVN_IS_PARTICIPANT_MODEL (self), FALSE);

  for (guint i = 0; i < self->removed->len; i++)
    if (g_ptr_array_index (self->removed, i) == item)
      return TRUE;

  return FALSE;
}
