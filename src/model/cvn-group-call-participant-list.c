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
 * Storage: a treap (a randomized balanced binary search tree) with subtree sizes, ordered by
 * that key, with the key copied into each node so comparisons touch no participant: the
 * position of a participant, the participant at a position, insertion, removal and a move are
 * O(log n) expected. A hash table maps the peer to the participant, which points at its node.
 * (GSequence was three times slower here: its iterators find their sequence and position by
 * walking to the root, and its comparisons go through the participants.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-group-call-participant-list-private.h"

typedef struct _Node Node;

struct _Node
{
  Node                    *left;
  Node                    *right;
  guint32                  priority;
  guint32                  size;
  CvnParticipantSortKey    key;
  CvnPeer                  peer;
  CvnGroupCallParticipant *participant;   /* owned */
};

struct _CvnGroupCallParticipantList
{
  GObject     parent_instance;

  CvnClock   *clock;
  Node       *root;
  GHashTable *by_peer;          /* const CvnPeer* (inside the participant) -> participant */
  gboolean    join_date_asc;
  guint32     rng;              /* xorshift state for the priorities */
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

/* ------------------------------------------------------------------------------------------
 * the order
 */

static inline int
compare_nodes (const CvnGroupCallParticipantList *self,
               const Node                        *a,
               const Node                        *b)
{
  if (a->key.raise_hand_rating != b->key.raise_hand_rating)
    return a->key.raise_hand_rating > b->key.raise_hand_rating ? -1 : 1;
  if (a->key.active != b->key.active)
    return a->key.active > b->key.active ? -1 : 1;
  if (a->key.date != b->key.date)
    {
      if (self->join_date_asc)
        return a->key.date < b->key.date ? -1 : 1;
      return a->key.date > b->key.date ? -1 : 1;
    }
  if (a->peer.type != b->peer.type)
    return a->peer.type < b->peer.type ? -1 : 1;
  if (a->peer.id != b->peer.id)
    return a->peer.id < b->peer.id ? -1 : 1;
  return 0;
}

/* ------------------------------------------------------------------------------------------
 * the treap
 */

static inline guint32
node_size (const Node *node)
{
  return node != NULL ? node->size : 0;
}

static inline void
node_update (Node *node)
{
  node->size = 1 + node_size (node->left) + node_size (node->right);
}

/* Every key of @a sorts before every key of @b. */
static Node *
treap_merge (Node *a,
             Node *b)
{
  if (a == NULL)
    return b;
  if (b == NULL)
    return a;

  if (a->priority > b->priority)
    {
      a->right = treap_merge (a->right, b);
      node_update (a);
      return a;
    }

  b->left = treap_merge (a, b->left);
  node_update (b);
  return b;
}

/* @left gets the nodes sorting before @key, @right the others. */
static void
treap_split (const CvnGroupCallParticipantList  *self,
             Node                               *tree,
             const Node                         *key,
             Node                              **left,
             Node                              **right)
{
  if (tree == NULL)
    {
      *left = *right = NULL;
      return;
    }

  if (compare_nodes (self, tree, key) < 0)
    {
      treap_split (self, tree->right, key, &tree->right, right);
      node_update (tree);
      *left = tree;
    }
  else
    {
      treap_split (self, tree->left, key, left, &tree->left);
      node_update (tree);
      *right = tree;
    }
}

/* Inserts @node by its key and priority; returns its position. One descent: the sizes on
 * the way grow by one, and the subtree where @node belongs is split under it. */
static guint
treap_insert (CvnGroupCallParticipantList *self,
              Node                        *node)
{
  Node **link = &self->root;
  guint rank = 0;

  while (*link != NULL && (*link)->priority > node->priority)
    {
      Node *tree = *link;

      tree->size++;
      if (compare_nodes (self, node, tree) < 0)
        {
          link = &tree->left;
        }
      else
        {
          rank += node_size (tree->left) + 1;
          link = &tree->right;
        }
    }

  treap_split (self, *link, node, &node->left, &node->right);
  node_update (node);
  *link = node;

  return rank + node_size (node->left);
}

/* Unlinks @node, found by its key; returns the position it had. One descent. */
static guint
treap_erase (CvnGroupCallParticipantList *self,
             Node                        *node)
{
  Node **link = &self->root;
  guint rank = 0;

  while (*link != node)
    {
      Node *tree = *link;

      g_assert (tree != NULL);
      tree->size--;
      if (compare_nodes (self, node, tree) < 0)
        {
          link = &tree->left;
        }
      else
        {
          rank += node_size (tree->left) + 1;
          link = &tree->right;
        }
    }

  rank += node_size (node->left);
  *link = treap_merge (node->left, node->right);
  node->left = node->right = NULL;
  node->size = 1;

  return rank;
}

/* The position of @node, found by its key. */
static guint
treap_rank (const CvnGroupCallParticipantList *self,
            const Node                        *node)
{
  const Node *tree = self->root;
  guint rank = 0;

  while (tree != NULL)
    {
      int c;

      if (tree == node)
        return rank + node_size (tree->left);

      c = compare_nodes (self, node, tree);
      if (c < 0)
        {
          tree = tree->left;
        }
      else
        {
          rank += node_size (tree->left) + 1;
          tree = tree->right;
        }
    }

  g_assert_not_reached ();
  return G_MAXUINT;
}

static Node *
treap_nth (const CvnGroupCallParticipantList *self,
           guint                              position)
{
  Node *tree = self->root;

  while (tree != NULL)
    {
      guint left = node_size (tree->left);

      if (position < left)
        {
          tree = tree->left;
        }
      else if (position == left)
        {
          return tree;
        }
      else
        {
          position -= left + 1;
          tree = tree->right;
        }
    }

  return NULL;
}

static void
treap_collect (Node      *tree,
               GPtrArray *out)
{
  while (tree != NULL)
    {
      treap_collect (tree->left, out);
      g_ptr_array_add (out, tree);
      tree = tree->right;
    }
}

static void
node_free (Node *node)
{
  _cvn_group_call_participant_set_list (node->participant, NULL, NULL);
  g_object_unref (node->participant);
  g_free (node);
}

static void
treap_free (Node *tree)
{
  while (tree != NULL)
    {
      Node *right = tree->right;

      treap_free (tree->left);
      node_free (tree);
      tree = right;
    }
}

static guint32
next_priority (CvnGroupCallParticipantList *self)
{
  guint32 x = self->rng;

  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  self->rng = x;

  return x;
}

static void
node_load_key (Node *node)
{
  node->key = *_cvn_group_call_participant_get_sort_key (node->participant);
}

/* ------------------------------------------------------------------------------------------
 * GListModel
 */

static GType
list_get_item_type (GListModel *model)
{
  return CVN_TYPE_GROUP_CALL_PARTICIPANT;
}

static guint
list_get_n_items (GListModel *model)
{
  CvnGroupCallParticipantList *self = CVN_GROUP_CALL_PARTICIPANT_LIST (model);

  return node_size (self->root);
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  CvnGroupCallParticipantList *self = CVN_GROUP_CALL_PARTICIPANT_LIST (model);
  Node *node = treap_nth (self, position);

  return node != NULL ? g_object_ref (node->participant) : NULL;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

/* ------------------------------------------------------------------------------------------
 * GObject
 */

static void
cvn_group_call_participant_list_finalize (GObject *object)
{
  CvnGroupCallParticipantList *self = CVN_GROUP_CALL_PARTICIPANT_LIST (object);

  g_clear_pointer (&self->by_peer, g_hash_table_unref);
  g_clear_pointer (&self->root, treap_free);
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
      g_value_set_uint (value, node_size (self->root));
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
  self->by_peer = g_hash_table_new (_cvn_peer_hash, _cvn_peer_equal);
  self->rng = 0x9E3779B9u;
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

  return treap_rank (self, _cvn_group_call_participant_get_iter (participant));
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
  Node *node;
  guint position;

  g_return_if_fail (_cvn_group_call_participant_get_iter (participant) == NULL);
  g_return_if_fail (!g_hash_table_contains (self->by_peer, _cvn_group_call_participant_get_peer (participant)));

  node = g_new0 (Node, 1);
  node->participant = g_object_ref (participant);
  node->peer = *_cvn_group_call_participant_get_peer (participant);
  node->priority = next_priority (self);
  node_load_key (node);
  position = treap_insert (self, node);
  _cvn_group_call_participant_set_list (participant, self, node);
  g_hash_table_insert (self->by_peer, (gpointer) _cvn_group_call_participant_get_peer (participant), participant);

  items_changed (self, position, 0, 1);
}

void
_cvn_group_call_participant_list_remove (CvnGroupCallParticipantList *self,
                                         CvnGroupCallParticipant     *participant)
{
  Node *node = _cvn_group_call_participant_get_iter (participant);
  guint position;

  g_return_if_fail (node != NULL);
  g_return_if_fail (g_hash_table_lookup (self->by_peer, &node->peer) == participant);

  g_hash_table_remove (self->by_peer, &node->peer);
  position = treap_erase (self, node);
  node_free (node);   /* detaches and drops the list's reference */

  items_changed (self, position, 1, 0);
}

void
_cvn_group_call_participant_list_reposition (CvnGroupCallParticipantList *self,
                                             CvnGroupCallParticipant     *participant)
{
  Node *node = _cvn_group_call_participant_get_iter (participant);
  guint old_position;
  guint new_position;

  g_return_if_fail (node != NULL);

  old_position = treap_erase (self, node);
  node_load_key (node);
  new_position = treap_insert (self, node);

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
  g_autoptr(GPtrArray) after = NULL;
  guint n;

  join_date_asc = !!join_date_asc;
  if (self->join_date_asc == join_date_asc)
    return;

  self->join_date_asc = join_date_asc;
  n = node_size (self->root);
  if (n < 2)
    return;

  before = g_ptr_array_sized_new (n);
  treap_collect (self->root, before);
  self->root = NULL;
  for (guint i = 0; i < n; i++)
    {
      Node *node = g_ptr_array_index (before, i);

      node->left = node->right = NULL;
      node->size = 1;
      treap_insert (self, node);
    }

  after = g_ptr_array_sized_new (n);
  treap_collect (self->root, after);
  for (guint i = 0; i < n; i++)
    if (g_ptr_array_index (before, i) != g_ptr_array_index (after, i))
      {
        g_list_model_items_changed (G_LIST_MODEL (self), 0, n, n);
        break;
      }
}

void
_cvn_group_call_participant_list_clear (CvnGroupCallParticipantList *self)
{
  guint n = node_size (self->root);

  if (n == 0)
    return;

  g_hash_table_remove_all (self->by_peer);
  g_clear_pointer (&self->root, treap_free);

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
  g_autoptr(GPtrArray) nodes = g_ptr_array_sized_new (node_size (self->root));

  treap_collect (self->root, nodes);
  for (guint i = 0; i < nodes->len; i++)
    func (((Node *) g_ptr_array_index (nodes, i))->participant, user_data);
}
