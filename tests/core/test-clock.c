/* test-clock.c: CvnClock, fake and system.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-clock.h"
#include "cvn-test-wait.h"

#include <string.h>

typedef struct
{
  CvnClock *clock;
  GString  *log;
  gint64    fired_at[8];
  guint     n_fired;
  guint     chained_id;
} Fixture;

typedef struct
{
  Fixture *f;
  char     name;
} Tag;

static void
record_cb (gpointer user_data)
{
  Tag *tag = user_data;

  g_string_append_c (tag->f->log, tag->name);
  if (tag->f->n_fired < G_N_ELEMENTS (tag->f->fired_at))
    tag->f->fired_at[tag->f->n_fired] = cvn_clock_get_monotonic_time (tag->f->clock);
  tag->f->n_fired++;
}

static void
test_fake_order (void)
{
  Fixture f = { 0 };
  Tag a = { &f, 'a' }, b = { &f, 'b' }, c = { &f, 'c' }, d = { &f, 'd' };
  guint id_c;

  f.clock = cvn_clock_new_fake ();
  f.log = g_string_new (NULL);

  g_assert_true (cvn_clock_is_fake (f.clock));
  g_assert_cmpint (cvn_clock_get_monotonic_time (f.clock), ==, 0);
  g_assert_cmpint (cvn_clock_get_real_time (f.clock), ==, G_GINT64_CONSTANT (1700000000000000));

  g_assert_cmpuint (cvn_clock_add_timeout (f.clock, 300, record_cb, &a), !=, 0);
  cvn_clock_add_timeout (f.clock, 100, record_cb, &b);
  id_c = cvn_clock_add_timeout (f.clock, 200, record_cb, &c);
  cvn_clock_add_timeout (f.clock, 100, record_cb, &d);   /* same due time: creation order */
  g_assert_cmpuint (cvn_clock_get_n_pending (f.clock), ==, 4);

  cvn_clock_advance (f.clock, 99);
  g_assert_cmpstr (f.log->str, ==, "");
  g_assert_cmpint (cvn_clock_get_monotonic_time (f.clock), ==, 99000);

  cvn_clock_advance (f.clock, 1);
  g_assert_cmpstr (f.log->str, ==, "bd");
  g_assert_cmpint (f.fired_at[0], ==, 100000);
  g_assert_cmpint (f.fired_at[1], ==, 100000);

  g_assert_true (cvn_clock_remove_timeout (f.clock, id_c));
  g_assert_false (cvn_clock_remove_timeout (f.clock, id_c));
  g_assert_false (cvn_clock_remove_timeout (f.clock, 12345));

  cvn_clock_advance (f.clock, 1000);
  g_assert_cmpstr (f.log->str, ==, "bda");
  g_assert_cmpint (f.fired_at[2], ==, 300000);
  g_assert_cmpint (cvn_clock_get_monotonic_time (f.clock), ==, 1100000);
  g_assert_cmpuint (cvn_clock_get_n_pending (f.clock), ==, 0);

  g_string_free (f.log, TRUE);
  g_assert_finalize_object (f.clock);
}

static Tag chain_tag;

static void
chain_cb (gpointer user_data)
{
  Fixture *f = user_data;

  g_string_append_c (f->log, 'x');
  if (f->log->len < 3)
    f->chained_id = cvn_clock_add_timeout (f->clock, 50, chain_cb, f);
  else
    f->chained_id = cvn_clock_add_timeout (f->clock, 50, record_cb, &chain_tag);
}

static void
test_fake_chained (void)
{
  Fixture f = { 0 };

  f.clock = cvn_clock_new_fake ();
  f.log = g_string_new (NULL);
  chain_tag.f = &f;
  chain_tag.name = 'y';

  cvn_clock_add_timeout (f.clock, 50, chain_cb, &f);
  /* 50: x, 100: x, 150: x, 200: y; all within one advance. */
  cvn_clock_advance (f.clock, 180);
  g_assert_cmpstr (f.log->str, ==, "xxx");
  cvn_clock_advance (f.clock, 20);
  g_assert_cmpstr (f.log->str, ==, "xxxy");
  g_assert_cmpint (f.fired_at[0], ==, 200000);

  g_string_free (f.log, TRUE);
  g_assert_finalize_object (f.clock);
}

static void
test_fake_pending_on_finalize (void)
{
  Fixture f = { 0 };
  Tag a = { &f, 'a' };

  f.clock = cvn_clock_new_fake ();
  f.log = g_string_new (NULL);
  cvn_clock_add_timeout (f.clock, 10, record_cb, &a);
  g_assert_finalize_object (f.clock);
  g_assert_cmpstr (f.log->str, ==, "");
  g_string_free (f.log, TRUE);
}

static gboolean
two_fired (gpointer user_data)
{
  Fixture *f = user_data;

  return f->n_fired >= 2;
}

static void
test_system (void)
{
  Fixture f = { 0 };
  Tag a = { &f, 'a' }, b = { &f, 'b' }, c = { &f, 'c' };
  gint64 start, real;
  guint id_c;

  f.clock = cvn_clock_new_system ();
  f.log = g_string_new (NULL);
  g_assert_false (cvn_clock_is_fake (f.clock));

  start = cvn_clock_get_monotonic_time (f.clock);
  real = cvn_clock_get_real_time (f.clock);
  g_assert_cmpint (ABS (real - g_get_real_time ()), <, G_USEC_PER_SEC);

  cvn_clock_add_timeout (f.clock, 40, record_cb, &a);
  cvn_clock_add_timeout (f.clock, 10, record_cb, &b);
  id_c = cvn_clock_add_timeout (f.clock, 20, record_cb, &c);
  g_assert_true (cvn_clock_remove_timeout (f.clock, id_c));

  cvn_test_assert_wait (NULL, two_fired, &f, 5000);
  /* Both fire, each not before its time. (Their order is not asserted: on a slow machine
   * both can be ready in the same iteration, and GLib then dispatches in creation order.) */
  g_assert_cmpuint (f.log->len, ==, 2);
  g_assert_nonnull (strchr (f.log->str, 'a'));
  g_assert_nonnull (strchr (f.log->str, 'b'));
  for (guint i = 0; i < 2; i++)
    g_assert_cmpint (f.fired_at[i] - start, >=, (f.log->str[i] == 'a' ? 40000 : 10000));
  g_assert_false (cvn_clock_remove_timeout (f.clock, 1));
  g_assert_cmpuint (cvn_clock_get_n_pending (f.clock), ==, 0);

  /* A timeout still pending when the clock goes away never fires. */
  cvn_clock_add_timeout (f.clock, 1, record_cb, &a);
  g_assert_finalize_object (f.clock);
  g_usleep (5000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (f.log->len, ==, 2);

  g_string_free (f.log, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/core/clock/fake/order", test_fake_order);
  g_test_add_func ("/core/clock/fake/chained", test_fake_chained);
  g_test_add_func ("/core/clock/fake/pending-on-finalize", test_fake_pending_on_finalize);
  g_test_add_func ("/core/clock/system", test_system);

  return g_test_run ();
}
