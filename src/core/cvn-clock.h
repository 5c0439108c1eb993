/* cvn-clock.h: an injectable clock (monotonic and wall time, one-shot timeouts)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CVN_TYPE_CLOCK (cvn_clock_get_type ())

G_DECLARE_FINAL_TYPE (CvnClock, cvn_clock, CVN, CLOCK, GObject)

/* Called once when a timeout added with cvn_clock_add_timeout() is due. */
typedef void (*CvnClockFunc) (gpointer user_data);

/* The real clock: g_get_monotonic_time(), g_get_real_time() and GSources attached to the
 * thread-default main context of the caller of cvn_clock_new_system(). */
CvnClock *cvn_clock_new_system          (void);

/* A fake clock for tests: time stands still until cvn_clock_advance(). Monotonic time starts
 * at 0, wall time at 2023-11-14 22:13:20 UTC (1,700,000,000 s). */
CvnClock *cvn_clock_new_fake            (void);

gboolean  cvn_clock_is_fake             (CvnClock     *self);

/* Microseconds. */
gint64    cvn_clock_get_monotonic_time  (CvnClock     *self);
gint64    cvn_clock_get_real_time       (CvnClock     *self);

/* Schedules @func (@user_data) once, @ms milliseconds from now. Returns an id, never 0. */
guint     cvn_clock_add_timeout         (CvnClock     *self,
                                         guint         ms,
                                         CvnClockFunc  func,
                                         gpointer      user_data);

/* Cancels a timeout that has not fired yet; returns FALSE if @id is unknown (already fired or
 * removed). */
gboolean  cvn_clock_remove_timeout      (CvnClock     *self,
                                         guint         id);

/* Fake clocks only: moves time forward by @ms, firing every due timeout in order of due time
 * (then of creation), each with the clock's time set to its due time. Timeouts added by a
 * callback fire in the same call when they fall due before its end. */
void      cvn_clock_advance             (CvnClock     *self,
                                         guint         ms);

/* Fake clocks only: the number of timeouts not yet fired. */
guint     cvn_clock_get_n_pending       (CvnClock     *self);

G_END_DECLS
