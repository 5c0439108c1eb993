/* cvn-call-row.h: a chat with a live or scheduled call in the calls list.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-chat.h"

G_BEGIN_DECLS

#define CVN_TYPE_CALL_ROW (cvn_call_row_get_type ())

G_DECLARE_FINAL_TYPE (CvnCallRow, cvn_call_row, CVN, CALL_ROW, GtkListBoxRow)

GtkWidget  *cvn_call_row_new          (CvnChat    *chat);
CvnChat    *cvn_call_row_get_chat     (CvnCallRow *self);
/* The subtitle shown now (for tests). */
const char *cvn_call_row_get_subtitle (CvnCallRow *self);

/* "Live · 8 participants", "Livestream · 5,000 watching", "Starts in 4 min", ... for @chat
 * at @now (Unix seconds). */
char       *cvn_call_row_format_subtitle (CvnChat *chat,
                                          gint64   now);
/* The same from the values it depends on. */
char       *cvn_call_row_format_call     (CvnGroupCallState state,
                                          gboolean          broadcast,
                                          int               participants,
                                          gint64            schedule_date,
                                          gint64            now);
/* @n with the locale's digit grouping ("5,000" when the locale has none). */
char       *cvn_call_row_format_count    (int               n);

G_END_DECLS
