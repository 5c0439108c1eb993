/* cvn-clock.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-clock.h"

#define FAKE_REAL_TIME_ORIGIN (G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC)

typedef struct
{
  CvnClock     *clock;      /* unowned */
  guint         id;
  gint64        due;        /* fake: monotonic µs */
  CvnClockFunc  func;
  gpointer      user_data;
  GSource      *source;     /* system: owned */
} Timeout;

struct _CvnClock
{
  GObject       parent_instance;

  gboolean      fake;
  guint         next_id;
  GHashTable   *timeouts;   /* id -> Timeout* (owned) */

  /* fake */
  gint64        now;
  GSequence    *queue;      /* Timeout* (unowned) ordered by (due, id) */

  /* system */
  GMainContext *context;
};

G_DEFINE_FINAL_TYPE (CvnClock, cvn_clock, G_TYPE_OBJECT)

static void
timeout_free (gpointer data)
{
  Timeout *timeout = data;

  if (timeout->source != NULL)
    {
      g_source_destroy (timeout->source);
      g_source_unref (timeout->source);
    }
  g_free (timeout);
}

static int
timeout_compare (gconstpointer a,
                 gconstpointer b,
                 gpointer      user_data)
{
  const Timeout *ta = a;
  const Timeout *tb = b;

  if (ta->due != tb->due)
    return ta->due < tb->due ? -1 : 1;
  if (ta->id != tb->id)
    return ta->id < tb->id ? -1 : 1;
  return 0;
}

static void
cvn_clock_finalize (GObject *object)
{
  CvnClock *self = CVN_CLOCK (object);

  g_clear_pointer (&self->queue, g_sequence_free);
  g_clear_pointer (&self->timeouts, g_hash_table_unref);
  g_clear_pointer (&self->context, g_main_context_unref);

  G_OBJECT_CLASS (cvn_clock_parent_class)->finalize (object);
}

static void
cvn_clock_class_init (CvnClockClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cvn_clock_finalize;
}

static void
cvn_clock_init (CvnClock *self)
{
  self->next_id = 1;
  self->timeouts = g_hash_table_new_full (NULL, NULL, NULL, timeout_free);
}

CvnClock *
cvn_clock_new_system (void)
{
  CvnClock *self = g_object_new (CVN_TYPE_CLOCK, NULL);

  self->context = g_main_context_ref_thread_default ();

  return self;
}

CvnClock *
cvn_clock_new_fake (void)
{
  CvnClock *self = g_object_new (CVN_TYPE_CLOCK, NULL);

  self->fake = TRUE;
  self->queue = g_sequence_new (NULL);

  return self;
}

gboolean
cvn_clock_is_fake (CvnClock *self)
{
  g_return_val_if_fail (CVN_IS_CLOCK (self), FALSE);

  return self->fake;
}

gint64
cvn_clock_get_monotonic_time (CvnClock *self)
{
  g_return_val_if_fail (CVN_IS_CLOCK (self), 0);

  return self->fake ? self->now : g_get_monotonic_time ();
}

gint64
cvn_clock_get_real_time (CvnClock *self)
{
  g_return_val_if_fail (CVN_IS_CLOCK (self), 0);

  return self->fake ? FAKE_REAL_TIME_ORIGIN + self->now : g_get_real_time ();
}

static guint
allocate_id (CvnClock *self)
{
  guint id;

  do
    {
      id = self->next_id++;
      if (self->next_id == 0)
        self->next_id = 1;
    }
  while (id == 0 || g_hash_table_contains (self->timeouts, GUINT_TO_POINTER (id)));

  return id;
}

static gboolean
system_timeout_cb (gpointer data)
{
  Timeout *timeout = data;
  CvnClock *self = timeout->clock;
  CvnClockFunc func = timeout->func;
  gpointer user_data = timeout->user_data;

  /* One-shot: forget it before calling, so the callback may add or remove timeouts. */
  g_hash_table_remove (self->timeouts, GUINT_TO_POINTER (timeout->id));
  func (user_data);

  return G_SOURCE_REMOVE;
}

guint
cvn_clock_add_timeout (CvnClock     *self,
                       guint         ms,
                       CvnClockFunc  func,
                       gpointer      user_data)
{
  Timeout *timeout;

  g_return_val_if_fail (CVN_IS_CLOCK (self), 0);
  g_return_val_if_fail (func != NULL, 0);

  timeout = g_new0 (Timeout, 1);
  timeout->clock = self;
  timeout->id = allocate_id (self);
  timeout->func = func;
  timeout->user_data = user_data;
  g_hash_table_insert (self->timeouts, GUINT_TO_POINTER (timeout->id), timeout);

  if (self->fake)
    {
      timeout->due = self->now + (gint64) ms * 1000;
      g_sequence_insert_sorted (self->queue, timeout, timeout_compare, NULL);
    }
  else
    {
      timeout->source = g_timeout_source_new (ms);
      g_source_set_static_name (timeout->source, "[cvn] clock timeout");
      /* The hash table owns @timeout and destroys the source first, so no notify needed. */
      g_source_set_callback (timeout->source, system_timeout_cb, timeout, NULL);
      g_source_attach (timeout->source, self->context);
    }

  return timeout->id;
}

gboolean
cvn_clock_remove_timeout (CvnClock *self,
                          guint     id)
{
  Timeout *timeout;

  g_return_val_if_fail (CVN_IS_CLOCK (self), FALSE);

  timeout = g_hash_table_lookup (self->timeouts, GUINT_TO_POINTER (id));
  if (timeout == NULL)
    return FALSE;

  if (self->fake)
    {
      GSequenceIter *iter = g_sequence_lookup (self->queue, timeout, timeout_compare, NULL);

      g_assert (iter != NULL);
      g_sequence_remove (iter);
    }

  g_hash_table_remove (self->timeouts, GUINT_TO_POINTER (id));

  return TRUE;
}

void
cvn_clock_advance (CvnClock *self,
                   guint     ms)
{
  gint64 target;

  g_return_if_fail (CVN_IS_CLOCK (self));
  g_return_if_fail (self->fake);

  target = self->now + (gint64) ms * 1000;

  for (;;)
    {
      GSequenceIter *first = g_sequence_get_begin_iter (self->queue);
      Timeout *timeout;
      CvnClockFunc func;
      gpointer user_data;

      if (g_sequence_iter_is_end (first))
        break;

      timeout = g_sequence_get (first);
      if (timeout->due > target)
        break;

      self->now = timeout->due;
      func = timeout->func;
      user_data = timeout->user_data;
      g_sequence_remove (first);
      g_hash_table_remove (self->timeouts, GUINT_TO_POINTER (timeout->id));

      func (user_data);
    }

  self->now = target;
}

guint
cvn_clock_get_n_pending (CvnClock *self)
{
  g_return_val_if_fail (CVN_IS_CLOCK (self), 0);

  return g_hash_table_size (self->timeouts);
}
