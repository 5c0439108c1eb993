/* cvn-group-call-participant-list.c
 *
 * The order. Telegram's clients sort the participant list by an "order" key; TDLib's
 * GroupCallParticipantOrder (td/telegram/GroupCallParticipantOrder.cpp) compares, biggest
 * first: has_video, then active_date (a local "last spoke" date included, dropped to 0 after
 * 300 s), then raise_hand_rating, then the join date (inverted when the call's
 * join_date_asc is set). The groupCallParticipant page says of raise_hand_rating:
 * "peers with a higher rating should be showed first in the list".
 *
 * Convene sorts, first to last:
 *   1. raise_hand_rating, descending: raised hands first, as the constructor page asks, so a
 *      call's admin sees who wants to speak at the top (0 = hand down sorts last);
 *   2. activity, descending: MAX (server active_date, local time the media layer last set
 *      `speaking`), so recent speakers come next;
 *   3. the join date (groupCallParticipant.date), descending (newest first) unless the
 *      call's join_date_asc is set, then ascending, as the groupCall flag means;
 *   4. peer (type, id) ascending, so the order is total and deterministic.
 * Unlike TDLib there is no has_video key and no 300 s decay of the activity key: the model
 * is pure (no wall-clock re-sorting behind the caller's back); the UI can filter video
 * tiles separately.
 *
 * Storage: a GSequence (balanced tree with subtree sizes) ordered by that key, so lookup of a
 * position, insertion, removal and a move are O(log n); a hash table maps the peer to the
 * participant, which keeps its own GSequenceIter.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-group-call-participant-list-private.h"

struct _CvnGroupCallParticipantList
{
  GObject     parent_instance;

  CvnClock   *clock;
  GSequence  *sequence;         /* CvnGroupCallParticipant* (owned) */
  GHashTable *by_peer;          /* const CvnPeer* (inside the participant) -> participant */
  gboolean    join_date_asc;
};

enum {
  PROP_0,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CvnGroupCallParticipantList, cvn_group_call_participant_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static int
compare_participants (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  CvnGroupCallParticipantList *self = user_data;
  CvnGroupCallParticipant *pa = (CvnGroupCallParticipant *) a;
  CvnGroupCallParticipant *pb = (CvnGroupCallParticipant *) b;
  const CvnParticipantSortKey *ka = _cvn_group_call_participant_get_sort_key (pa);
  const CvnParticipantSortKey *kb = _cvn_group_call_participant_get_sort_key (pb);
  const CvnPeer *peer_a;
  const CvnPeer *peer_b;

  if (ka->raise_hand_rating != kb->raise_hand_rating)
    return ka->raise_hand_rating > kb->raise_hand_rating ? -1 : 1;
  if (ka->active != kb->active)
    return ka->active > kb->active ? -1 : 1;
  if (ka->date != kb->date)
    {
      if (self->join_date_asc)
        return ka->date < kb->date ? -1 : 1;
      return ka->date > kb->date ? -1 : 1;
    }

  peer_a = _cvn_group_call_participant_get_peer (pa);
  peer_b = _cvn_group_call_participant_get_peer (pb);
  if (peer_a->type != peer_b->type)
    return peer_a->type < peer_b->type ? -1 : 1;
  if (peer_a->id != peer_b->id)
    return peer_a->id < peer_b->id ? -1 : 1;
  return 0;
}

static void
detach_participant (gpointer data)
{
  CvnGroupCallParticipant *participant = data;

  _cvn_group_call_participant_set_list (participant, NULL, NULL);
  g_object_unref (participant);
}

static GType
list_get_item_type (GListModel *model)
{
  return CVN_TYPE_GROUP_CALL_PARTICIPANT;
}

static guint
list_get_n_items (GListModel *model)
{
  CvnGroupCallParticipantList *self = CVN_GROUP_CALL_PARTICIPANT_LIST (model);

  return g_sequence_get_length (self->sequence);
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  CvnGroupCallParticipantList *self = CVN_GROUP_CALL_PARTICIPANT_LIST (model);
  GSequenceIter *iter;

  if (position >= (guint) g_sequence_get_length (self->sequence))
    return NULL;

  iter = g_sequence_get_iter_at_pos (self->sequence, (int) position);

  return g_object_ref (g_sequence_get (iter));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

static void
cvn_group_call_participant_list_finalize (GObject *object)
{
  CvnGroupCallParticipantList *self = CVN_GROUP_CALL_PARTICIPANT_LIST (object);

  g_clear_pointer (&self->by_peer, g_hash_table_unref);
  g_clear_pointer (&self->sequence, g_sequence_free);
  g_clear_object (&self->clock);

  G_OBJECT_CLASS (cvn_group_call_participant_list_parent_class)->finalize (object);
}

static void
cvn_group_call_participant_list_get_property (GObject    *object,
                                              guint       prop_id,
                                              GValue     *value,
                                              GParamSpec *pspec)
{
  CvnGroupCallParticipantList *self = CVN_GROUP_CALL_PARTICIPANT_LIST (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, g_sequence_get_length (self->sequence));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_group_call_participant_list_class_init (CvnGroupCallParticipantListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cvn_group_call_participant_list_finalize;
  object_class->get_property = cvn_group_call_participant_list_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cvn_group_call_participant_list_init (CvnGroupCallParticipantList *self)
{
  self->sequence = g_sequence_new (detach_participant);
  self->by_peer = g_hash_table_new (_cvn_peer_hash, _cvn_peer_equal);
}

CvnGroupCallParticipantList *
_cvn_group_call_participant_list_new (CvnClock *clock)
{
  CvnGroupCallParticipantList *self;

  g_return_val_if_fail (CVN_IS_CLOCK (clock), NULL);

  self = g_object_new (CVN_TYPE_GROUP_CALL_PARTICIPANT_LIST, NULL);
  self->clock = g_object_ref (clock);

  return self;
}

CvnGroupCallParticipant *
_cvn_group_call_participant_list_lookup_peer (CvnGroupCallParticipantList *self,
                                              const CvnPeer               *peer)
{
  return g_hash_table_lookup (self->by_peer, peer);
}

CvnGroupCallParticipant *
cvn_group_call_participant_list_lookup (CvnGroupCallParticipantList *self,
                                        CvnPeerType                  peer_type,
                                        gint64                       peer_id)
{
  CvnPeer peer = { peer_type, peer_id };

  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT_LIST (self), NULL);

  return g_hash_table_lookup (self->by_peer, &peer);
}

guint
cvn_group_call_participant_list_get_position (CvnGroupCallParticipantList *self,
                                              CvnGroupCallParticipant     *participant)
{
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT_LIST (self), G_MAXUINT);
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (participant), G_MAXUINT);

  if (g_hash_table_lookup (self->by_peer, _cvn_group_call_participant_get_peer (participant)) != participant)
    return G_MAXUINT;

  return g_sequence_iter_get_position (_cvn_group_call_participant_get_iter (participant));
}

static void
items_changed (CvnGroupCallParticipantList *self,
               guint                        position,
               guint                        removed,
               guint                        added)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
  if (removed != added)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

void
_cvn_group_call_participant_list_insert (CvnGroupCallParticipantList *self,
                                         CvnGroupCallParticipant     *participant)
{
  GSequenceIter *iter;

  g_return_if_fail (_cvn_group_call_participant_get_iter (participant) == NULL);
  g_return_if_fail (!g_hash_table_contains (self->by_peer, _cvn_group_call_participant_get_peer (participant)));

  iter = g_sequence_insert_sorted (self->sequence, g_object_ref (participant), compare_participants, self);
  _cvn_group_call_participant_set_list (participant, self, iter);
  g_hash_table_insert (self->by_peer, (gpointer) _cvn_group_call_participant_get_peer (participant), participant);

  items_changed (self, g_sequence_iter_get_position (iter), 0, 1);
}

void
_cvn_group_call_participant_list_remove (CvnGroupCallParticipantList *self,
                                         CvnGroupCallParticipant     *participant)
{
  GSequenceIter *iter = _cvn_group_call_participant_get_iter (participant);
  guint position;

  g_return_if_fail (iter != NULL);
  g_return_if_fail (g_sequence_iter_get_sequence (iter) == self->sequence);

  position = g_sequence_iter_get_position (iter);
  g_hash_table_remove (self->by_peer, _cvn_group_call_participant_get_peer (participant));
  g_sequence_remove (iter);   /* detaches and drops the list's reference */

  items_changed (self, position, 1, 0);
}

void
_cvn_group_call_participant_list_reposition (CvnGroupCallParticipantList *self,
                                             CvnGroupCallParticipant     *participant)
{
  GSequenceIter *iter = _cvn_group_call_participant_get_iter (participant);
  GSequenceIter *prev;
  GSequenceIter *next;
  guint old_position;
  guint new_position;

  g_return_if_fail (iter != NULL);

  /* Fast path: still between its neighbours, nothing moves. */
  prev = g_sequence_iter_is_begin (iter) ? NULL : g_sequence_iter_prev (iter);
  next = g_sequence_iter_next (iter);
  if ((prev == NULL || compare_participants (g_sequence_get (prev), participant, self) < 0)
      && (g_sequence_iter_is_end (next) || compare_participants (participant, g_sequence_get (next), self) < 0))
    return;

  old_position = g_sequence_iter_get_position (iter);
  g_sequence_sort_changed (iter, compare_participants, self);
  new_position = g_sequence_iter_get_position (iter);

  if (old_position == new_position)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
  g_list_model_items_changed (G_LIST_MODEL (self), new_position, 0, 1);
}

void
_cvn_group_call_participant_list_set_join_date_asc (CvnGroupCallParticipantList *self,
                                                    gboolean                     join_date_asc)
{
  g_autoptr(GPtrArray) before = NULL;
  GSequenceIter *iter;
  gboolean changed = FALSE;
  guint n;
  guint i = 0;

  join_date_asc = !!join_date_asc;
  if (self->join_date_asc == join_date_asc)
    return;

  self->join_date_asc = join_date_asc;
  n = g_sequence_get_length (self->sequence);
  if (n < 2)
    return;

  before = g_ptr_array_sized_new (n);
  for (iter = g_sequence_get_begin_iter (self->sequence); !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    g_ptr_array_add (before, g_sequence_get (iter));

  g_sequence_sort (self->sequence, compare_participants, self);

  for (iter = g_sequence_get_begin_iter (self->sequence); !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter), i++)
    if (g_ptr_array_index (before, i) != g_sequence_get (iter))
      {
        changed = TRUE;
        break;
      }

  if (changed)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, n);
}

void
_cvn_group_call_participant_list_clear (CvnGroupCallParticipantList *self)
{
  guint n = g_sequence_get_length (self->sequence);

  if (n == 0)
    return;

  g_hash_table_remove_all (self->by_peer);
  g_sequence_remove_range (g_sequence_get_begin_iter (self->sequence),
                           g_sequence_get_end_iter (self->sequence));

  items_changed (self, 0, n, 0);
}

void
_cvn_group_call_participant_list_participant_spoke (CvnGroupCallParticipantList *self,
                                                    CvnGroupCallParticipant     *participant)
{
  gint32 now = (gint32) (cvn_clock_get_real_time (self->clock) / G_USEC_PER_SEC);

  if (_cvn_group_call_participant_set_local_active (participant, now))
    _cvn_group_call_participant_list_reposition (self, participant);
}

void
_cvn_group_call_participant_list_foreach (CvnGroupCallParticipantList *self,
                                          GFunc                        func,
                                          gpointer                     user_data)
{
  for (GSequenceIter *iter = g_sequence_get_begin_iter (self->sequence); !g_sequence_iter_is_end (iter);
       iter = g_sequence_iter_next (iter))
    func (g_sequence_get (iter), user_data);
}
