/* cvn-scheduled-view.h: a call scheduled for later: title, start time, a live countdown,
 * "Notify Me", and Start Now / Edit / Cancel for those who manage the call
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-group-call.h"

G_BEGIN_DECLS

#define CVN_TYPE_SCHEDULED_VIEW (cvn_scheduled_view_get_type ())

G_DECLARE_FINAL_TYPE (CvnScheduledView, cvn_scheduled_view, CVN, SCHEDULED_VIEW, AdwBin)

/* The buttons activate call.toggle-start-subscription, call.start-now, call.edit-title and
 * call.end of an ancestor (CvnCallView). */

GtkWidget    *cvn_scheduled_view_new               (void);

/* The countdown runs on the call's CvnClock (a fake clock in tests). */
CvnGroupCall *cvn_scheduled_view_get_call          (CvnScheduledView *self);
void          cvn_scheduled_view_set_call          (CvnScheduledView *self,
                                                    CvnGroupCall     *call);
/* Shown when the call has no title (the chat's title). */
void          cvn_scheduled_view_set_fallback_title (CvnScheduledView *self,
                                                     const char       *title);
gboolean      cvn_scheduled_view_get_can_manage    (CvnScheduledView *self);
void          cvn_scheduled_view_set_can_manage    (CvnScheduledView *self,
                                                    gboolean          can_manage);

/* The countdown as shown ("04:59"), for tests. */
const char   *cvn_scheduled_view_get_countdown     (CvnScheduledView *self);
/* TRUE once the view raised the "call started" notification (the user had asked to be
 * notified and the call went live). */
gboolean      cvn_scheduled_view_get_start_notified (CvnScheduledView *self);

G_END_DECLS
