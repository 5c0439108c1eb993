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
 * Unlike TDLib there is no has_video key, no 300 s decay of the activity key, and the rating
 * counts whether or not the user can manage the call (TDLib uses it only when can_self_unmute
 * is known for the call): the model is pure (no wall-clock re-sorting behind the caller's
 * back), and the UI can filter video tiles separately.
 *
 * Storage: an ordered list of blocks (at most 256 participants each, in order, with their sort
 * keys copied beside them) and a Fenwick tree over the block sizes. Each participant points at
 * its block. Finding a participant's position is a scan of its block's pointers plus a
 * Fenwick prefix sum; the participant at a position is a Fenwick search; inserting is a binary
 * search over the blocks' first keys (a small array that stays in cache) and within the block,
 * then a memmove; a full block splits in two. All O(log n) or O(block), with few cache misses:
 * a GSequence and then a treap, both O(log n) trees, spent most of the benchmark's time on the
 * cache misses of descending 100,000 nodes. A hash table maps the peer to the participant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-group-call-participant-list-private.h"

#include <string.h>

#define BLOCK_MAX 256

typedef struct
{
  CvnParticipantSortKey key;
  CvnPeer               peer;
} Key;

typedef struct
{
  guint                    id;              /* stable; index_of[id] is its index */
  guint                    len;
  CvnGroupCallParticipant *items[BLOCK_MAX];  /* owned references */
  Key                      keys[BLOCK_MAX];
} Block;

struct _CvnGroupCallParticipantList
{
  GObject     parent_instance;

  CvnClock   *clock;
  GHashTable *by_peer;          /* const CvnPeer* (inside the participant) -> participant */
  gboolean    join_date_asc;

  /* Parallel arrays by block index, so that re-indexing after a split touches no block. */
  Block     **blocks;           /* never empty: one block at least */
  Key        *first_keys;       /* first key of each non-empty block */
  guint      *lens;             /* copy of each block's len */
  guint      *ids;              /* each block's id */
  guint      *fenwick;          /* 1-based Fenwick tree over the block lengths */
  guint       n_blocks;
  guint       blocks_size;      /* allocated */
  guint       n_items;

  guint       n_empty;          /* empty blocks kept until a compaction */
  guint      *index_of;         /* block id -> block index */
  guint       n_ids;            /* allocated ids */
  GArray     *free_ids;
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
compare_keys (const CvnGroupCallParticipantList *self,
              const Key                         *a,
              const Key                         *b)
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

static inline void
load_key (Key                     *key,
          CvnGroupCallParticipant *participant)
{
  key->key = *_cvn_group_call_participant_get_sort_key (participant);
  key->peer = *_cvn_group_call_participant_get_peer (participant);
}

/* ------------------------------------------------------------------------------------------
 * blocks and the Fenwick tree
 */

static void
fenwick_add (CvnGroupCallParticipantList *self,
             guint                        block,
             int                          delta)
{
  for (guint i = block + 1; i <= self->n_blocks; i += i & -i)
    self->fenwick[i] += delta;
}

/* Items in the blocks before @block. */
static guint
fenwick_prefix (CvnGroupCallParticipantList *self,
                guint                        block)
{
  guint sum = 0;

  for (guint i = block; i > 0; i -= i & -i)
    sum += self->fenwick[i];
  return sum;
}

/* The block holding @position, and the items before it in *@before. */
static guint
fenwick_find (CvnGroupCallParticipantList *self,
              guint                        position,
              guint                       *before)
{
  guint index = 0;
  guint mask = 1;
  guint sum = 0;

  while (mask * 2 <= self->n_blocks)
    mask *= 2;

  for (; mask > 0; mask /= 2)
    {
      guint next = index + mask;

      if (next <= self->n_blocks && sum + self->fenwick[next] <= position)
        {
          index = next;
          sum += self->fenwick[next];
        }
    }

  *before = sum;
  return index;   /* 0-based block */
}

static void
rebuild_index (CvnGroupCallParticipantList *self)
{
  memset (self->fenwick, 0, sizeof (guint) * (self->n_blocks + 1));
  for (guint b = 0; b < self->n_blocks; b++)
    {
      guint parent;

      self->index_of[self->ids[b]] = b;
      /* O(n) Fenwick build */
      self->fenwick[b + 1] += self->lens[b];
      parent = (b + 1) + ((b + 1) & -(b + 1));
      if (parent <= self->n_blocks)
        self->fenwick[parent] += self->fenwick[b + 1];
    }
}

static inline guint
block_index (CvnGroupCallParticipantList *self,
             Block                       *block)
{
  return self->index_of[block->id];
}

static void
reserve_blocks (CvnGroupCallParticipantList *self,
                guint                        n)
{
  if (n <= self->blocks_size)
    return;

  self->blocks_size = MAX (n, self->blocks_size * 2);
  self->blocks = g_renew (Block *, self->blocks, self->blocks_size);
  self->first_keys = g_renew (Key, self->first_keys, self->blocks_size);
  self->lens = g_renew (guint, self->lens, self->blocks_size);
  self->ids = g_renew (guint, self->ids, self->blocks_size);
  self->fenwick = g_renew (guint, self->fenwick, self->blocks_size + 1);
}

static Block *
insert_block (CvnGroupCallParticipantList *self,
              guint                        at)
{
  Block *block = g_malloc (sizeof (Block));
  guint tail = self->n_blocks - at;

  block->len = 0;
  if (self->free_ids->len > 0)
    {
      block->id = g_array_index (self->free_ids, guint, self->free_ids->len - 1);
      g_array_set_size (self->free_ids, self->free_ids->len - 1);
    }
  else
    {
      block->id = self->n_ids++;
      self->index_of = g_renew (guint, self->index_of, self->n_ids);
    }

  reserve_blocks (self, self->n_blocks + 1);
  memmove (&self->blocks[at + 1], &self->blocks[at], sizeof (Block *) * tail);
  memmove (&self->first_keys[at + 1], &self->first_keys[at], sizeof (Key) * tail);
  memmove (&self->lens[at + 1], &self->lens[at], sizeof (guint) * tail);
  memmove (&self->ids[at + 1], &self->ids[at], sizeof (guint) * tail);
  self->blocks[at] = block;
  self->lens[at] = 0;
  self->ids[at] = block->id;
  self->n_blocks++;

  return block;
}

static void
remove_block (CvnGroupCallParticipantList *self,
              guint                        at)
{
  guint tail = self->n_blocks - at - 1;

  g_array_append_val (self->free_ids, self->blocks[at]->id);
  g_free (self->blocks[at]);
  memmove (&self->blocks[at], &self->blocks[at + 1], sizeof (Block *) * tail);
  memmove (&self->first_keys[at], &self->first_keys[at + 1], sizeof (Key) * tail);
  memmove (&self->lens[at], &self->lens[at + 1], sizeof (guint) * tail);
  memmove (&self->ids[at], &self->ids[at + 1], sizeof (guint) * tail);
  self->n_blocks--;
}

static void
split_block (CvnGroupCallParticipantList *self,
             Block                       *block)
{
  guint half = block->len / 2;
  guint b = block_index (self, block);
  Block *next = insert_block (self, b + 1);

  next->len = block->len - half;
  memcpy (next->items, &block->items[half], sizeof (gpointer) * next->len);
  memcpy (next->keys, &block->keys[half], sizeof (Key) * next->len);
  block->len = half;
  self->lens[b] = half;
  self->lens[b + 1] = next->len;
  self->first_keys[b + 1] = next->keys[0];
  for (guint i = 0; i < next->len; i++)
    _cvn_group_call_participant_set_list (next->items[i], self, next);

  rebuild_index (self);
}

/* The block where @key belongs: the last one whose first key is not after it. */
static guint
find_block (CvnGroupCallParticipantList *self,
            const Key                   *key)
{
  guint lo = 0;
  guint hi = self->n_blocks;

  /* blocks are non-empty except a lone empty one */
  while (hi - lo > 1)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare_keys (self, &self->first_keys[mid], key) <= 0)
        lo = mid;
      else
        hi = mid;
    }

  return lo;
}

static guint
lower_bound (CvnGroupCallParticipantList *self,
             Block                       *block,
             const Key                   *key)
{
  guint lo = 0;
  guint hi = block->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (compare_keys (self, &block->keys[mid], key) < 0)
        lo = mid + 1;
      else
        hi = mid;
    }

  return lo;
}

static guint
index_in_block (Block                   *block,
                CvnGroupCallParticipant *participant)
{
  for (guint i = 0; i < block->len; i++)
    if (block->items[i] == participant)
      return i;

  g_assert_not_reached ();
  return 0;
}

/* Puts @participant (reference taken by the caller) in order; returns its position. */
static guint
place (CvnGroupCallParticipantList *self,
       CvnGroupCallParticipant     *participant)
{
  Key key;
  guint b;
  guint i;
  guint position;
  Block *block;

  load_key (&key, participant);
  b = find_block (self, &key);
  block = self->blocks[b];
  i = lower_bound (self, block, &key);

  if (block->len == 0)
    self->n_empty--;
  memmove (&block->items[i + 1], &block->items[i], sizeof (gpointer) * (block->len - i));
  memmove (&block->keys[i + 1], &block->keys[i], sizeof (Key) * (block->len - i));
  block->items[i] = participant;
  block->keys[i] = key;
  block->len++;
  self->lens[b]++;
  if (i == 0)
    self->first_keys[b] = key;
  fenwick_add (self, b, 1);
  self->n_items++;
  _cvn_group_call_participant_set_list (participant, self, block);

  position = fenwick_prefix (self, b) + i;

  if (block->len == BLOCK_MAX)
    split_block (self, block);

  return position;
}

/* The position place() would give @participant (not in the list), without placing it. */
static guint
position_for (CvnGroupCallParticipantList *self,
              CvnGroupCallParticipant     *participant)
{
  Key key;
  guint b;

  load_key (&key, participant);
  b = find_block (self, &key);
  return fenwick_prefix (self, b) + lower_bound (self, self->blocks[b], &key);
}

/* Takes @participant out (its reference is the caller's again); returns its old position. */
static guint
unplace (CvnGroupCallParticipantList *self,
         CvnGroupCallParticipant     *participant)
{
  Block *block = _cvn_group_call_participant_get_iter (participant);
  guint b = block_index (self, block);
  guint i = index_in_block (block, participant);
  guint position = fenwick_prefix (self, b) + i;

  block->len--;
  self->lens[b]--;
  memmove (&block->items[i], &block->items[i + 1], sizeof (gpointer) * (block->len - i));
  memmove (&block->keys[i], &block->keys[i + 1], sizeof (Key) * (block->len - i));
  fenwick_add (self, b, -1);
  self->n_items--;
  _cvn_group_call_participant_set_list (participant, NULL, NULL);

  if (i == 0 && block->len > 0)
    self->first_keys[b] = block->keys[0];

  /* An empty block stays, keeping its first key (still between its neighbours' keys, so the
   * order of first_keys holds and it can take keys again); they are removed together when they
   * are a quarter of the blocks, so re-indexing stays amortized O(1). */
  if (block->len == 0 && ++self->n_empty > 16 && self->n_empty > self->n_blocks / 4)
    {
      guint kept = 0;

      for (guint k = 0; k < self->n_blocks; k++)
        {
          if (self->lens[k] == 0 && !(kept == 0 && k == self->n_blocks - 1))
            {
              g_array_append_val (self->free_ids, self->ids[k]);
              g_free (self->blocks[k]);
              continue;
            }
          self->blocks[kept] = self->blocks[k];
          self->first_keys[kept] = self->first_keys[k];
          self->lens[kept] = self->lens[k];
          self->ids[kept] = self->ids[k];
          kept++;
        }
      self->n_blocks = kept;
      self->n_empty = 0;
      for (guint k = 0; k < self->n_blocks; k++)
        if (self->lens[k] == 0)
          self->n_empty++;
      rebuild_index (self);
    }

  return position;
}

static void
reset_blocks (CvnGroupCallParticipantList *self)
{
  while (self->n_blocks > 0)
    remove_block (self, self->n_blocks - 1);
  self->n_items = 0;
  self->n_empty = 1;
  insert_block (self, 0);
  rebuild_index (self);
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
  return CVN_GROUP_CALL_PARTICIPANT_LIST (model)->n_items;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  CvnGroupCallParticipantList *self = CVN_GROUP_CALL_PARTICIPANT_LIST (model);
  guint before;
  guint b;

  if (position >= self->n_items)
    return NULL;

  b = fenwick_find (self, position, &before);

  return g_object_ref (self->blocks[b]->items[position - before]);
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
release_all (CvnGroupCallParticipantList *self)
{
  for (guint b = 0; b < self->n_blocks; b++)
    {
      Block *block = self->blocks[b];

      for (guint i = 0; i < block->len; i++)
        {
          _cvn_group_call_participant_set_list (block->items[i], NULL, NULL);
          g_object_unref (block->items[i]);
        }
      block->len = 0;
      self->lens[b] = 0;
    }
}

static void
cvn_group_call_participant_list_finalize (GObject *object)
{
  CvnGroupCallParticipantList *self = CVN_GROUP_CALL_PARTICIPANT_LIST (object);

  release_all (self);
  for (guint b = 0; b < self->n_blocks; b++)
    g_free (self->blocks[b]);
  g_clear_pointer (&self->blocks, g_free);
  g_clear_pointer (&self->first_keys, g_free);
  g_clear_pointer (&self->lens, g_free);
  g_clear_pointer (&self->ids, g_free);
  g_clear_pointer (&self->fenwick, g_free);
  g_clear_pointer (&self->index_of, g_free);
  g_clear_pointer (&self->free_ids, g_array_unref);
  g_clear_pointer (&self->by_peer, g_hash_table_unref);
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
      g_value_set_uint (value, self->n_items);
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
  self->free_ids = g_array_new (FALSE, FALSE, sizeof (guint));
  reset_blocks (self);
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
  Block *block;

  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT_LIST (self), G_MAXUINT);
  g_return_val_if_fail (CVN_IS_GROUP_CALL_PARTICIPANT (participant), G_MAXUINT);

  if (g_hash_table_lookup (self->by_peer, _cvn_group_call_participant_get_peer (participant)) != participant)
    return G_MAXUINT;

  block = _cvn_group_call_participant_get_iter (participant);

  return fenwick_prefix (self, block_index (self, block)) + index_in_block (block, participant);
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
  guint position;

  g_return_if_fail (_cvn_group_call_participant_get_iter (participant) == NULL);
  g_return_if_fail (!g_hash_table_contains (self->by_peer, _cvn_group_call_participant_get_peer (participant)));

  position = place (self, g_object_ref (participant));
  g_hash_table_insert (self->by_peer, (gpointer) _cvn_group_call_participant_get_peer (participant), participant);

  items_changed (self, position, 0, 1);
}

void
_cvn_group_call_participant_list_remove (CvnGroupCallParticipantList *self,
                                         CvnGroupCallParticipant     *participant)
{
  guint position;

  g_return_if_fail (_cvn_group_call_participant_get_iter (participant) != NULL);
  g_return_if_fail (g_hash_table_lookup (self->by_peer, _cvn_group_call_participant_get_peer (participant)) == participant);

  g_hash_table_remove (self->by_peer, _cvn_group_call_participant_get_peer (participant));
  position = unplace (self, participant);
  g_object_unref (participant);

  items_changed (self, position, 1, 0);
}

void
_cvn_group_call_participant_list_reposition (CvnGroupCallParticipantList *self,
                                             CvnGroupCallParticipant     *participant)
{
  Block *block = _cvn_group_call_participant_get_iter (participant);
  guint i;
  guint old_position;
  guint new_position;
  Key key;

  g_return_if_fail (block != NULL);

  /* Fast path: still between its neighbours in its block, only the stored key changes. */
  i = index_in_block (block, participant);
  load_key (&key, participant);
  if (i > 0 && i + 1 < block->len
      && compare_keys (self, &block->keys[i - 1], &key) < 0
      && compare_keys (self, &key, &block->keys[i + 1]) < 0)
    {
      block->keys[i] = key;
      return;
    }

  /* Each items-changed is emitted while the list is in the state it describes: list widgets
   * read the model from their handler (GtkListView asserts on a removal announced after the
   * item already sits at its new place). */
  old_position = unplace (self, participant);
  new_position = position_for (self, participant);

  if (old_position == new_position)
    {
      place (self, participant);
      return;
    }

  g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
  place (self, participant);
  g_list_model_items_changed (G_LIST_MODEL (self), new_position, 0, 1);
}

static int
compare_participants (gconstpointer a,
                      gconstpointer b,
                      gpointer      user_data)
{
  Key ka;
  Key kb;

  load_key (&ka, *(CvnGroupCallParticipant **) a);
  load_key (&kb, *(CvnGroupCallParticipant **) b);
  return compare_keys (user_data, &ka, &kb);
}

void
_cvn_group_call_participant_list_set_join_date_asc (CvnGroupCallParticipantList *self,
                                                    gboolean                     join_date_asc)
{
  g_autoptr(GPtrArray) items = NULL;
  gboolean changed = FALSE;
  guint n;
  guint k = 0;

  join_date_asc = !!join_date_asc;
  if (self->join_date_asc == join_date_asc)
    return;

  self->join_date_asc = join_date_asc;
  n = self->n_items;
  if (n < 2)
    return;

  items = g_ptr_array_sized_new (n);
  for (guint b = 0; b < self->n_blocks; b++)
    for (guint i = 0; i < self->blocks[b]->len; i++)
      g_ptr_array_add (items, self->blocks[b]->items[i]);

  g_ptr_array_sort_with_data (items, compare_participants, self);

  /* refill the blocks in the new order, half full */
  for (guint b = 0; b < self->n_blocks; b++)
    for (guint i = 0; i < self->blocks[b]->len; i++, k++)
      if (self->blocks[b]->items[i] != g_ptr_array_index (items, k))
        changed = TRUE;

  while (self->n_blocks > 0)
    remove_block (self, self->n_blocks - 1);
  self->n_empty = 0;
  for (guint k2 = 0; k2 < n; k2 += BLOCK_MAX / 2)
    {
      Block *block = insert_block (self, self->n_blocks);

      block->len = MIN (BLOCK_MAX / 2, n - k2);
      self->lens[self->n_blocks - 1] = block->len;
      for (guint i = 0; i < block->len; i++)
        {
          CvnGroupCallParticipant *participant = g_ptr_array_index (items, k2 + i);

          block->items[i] = participant;
          load_key (&block->keys[i], participant);
          _cvn_group_call_participant_set_list (participant, self, block);
        }
      self->first_keys[self->n_blocks - 1] = block->keys[0];
    }
  rebuild_index (self);

  if (changed)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n, n);
}

void
_cvn_group_call_participant_list_clear (CvnGroupCallParticipantList *self)
{
  guint n = self->n_items;

  if (n == 0)
    return;

  g_hash_table_remove_all (self->by_peer);
  release_all (self);
  reset_blocks (self);

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
  for (guint b = 0; b < self->n_blocks; b++)
    for (guint i = 0; i < self->blocks[b]->len; i++)
      func (self->blocks[b]->items[i], user_data);
}
