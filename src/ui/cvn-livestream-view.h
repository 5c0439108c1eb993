/* cvn-livestream-view.h: a channel's livestream, live story or RTMP stream: the stream area
 * (its state; playing stream chunks is not implemented), the viewer count, the comments when
 * the call has messages enabled, and the RTMP server URL and key for the owner
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-group-call.h"

G_BEGIN_DECLS

#define CVN_TYPE_LIVESTREAM_VIEW (cvn_livestream_view_get_type ())

G_DECLARE_FINAL_TYPE (CvnLivestreamView, cvn_livestream_view, CVN, LIVESTREAM_VIEW, AdwBin)

/* Activates, on an ancestor (CvnCallView): call.join, call.leave, call.show-rtmp,
 * call.rotate-rtmp-key, call.send-message (s), call.delete-message (x), call.copy-text (s). */

GtkWidget    *cvn_livestream_view_new                  (void);

CvnGroupCall *cvn_livestream_view_get_call             (CvnLivestreamView *self);
void          cvn_livestream_view_set_call             (CvnLivestreamView *self,
                                                        CvnGroupCall      *call);
void          cvn_livestream_view_set_fallback_title   (CvnLivestreamView *self,
                                                        const char        *title);
/* The owner sees the RTMP section. */
void          cvn_livestream_view_set_can_manage       (CvnLivestreamView *self,
                                                        gboolean           can_manage);
void          cvn_livestream_view_set_joined           (CvnLivestreamView *self,
                                                        gboolean           joined);
/* phone.getGroupCallStreamRtmpUrl's answer; NULLs hide them again. */
void          cvn_livestream_view_set_rtmp_credentials (CvnLivestreamView *self,
                                                        const char        *url,
                                                        const char        *key);
/* The comments: a GListModel of GtkStringObject-compatible items is not enough for delete,
 * so the view takes the rows from @create_row (see CvnCallView); NULL hides the list. */
void          cvn_livestream_view_bind_comments        (CvnLivestreamView          *self,
                                                        GListModel                 *comments,
                                                        GtkListBoxCreateWidgetFunc  create_row,
                                                        gpointer                    user_data,
                                                        GDestroyNotify              destroy);

/* As shown, for tests: "5000 watching". */
const char   *cvn_livestream_view_get_viewers_text     (CvnLivestreamView *self);
gboolean      cvn_livestream_view_get_comments_visible (CvnLivestreamView *self);
/* The stream key shown to the owner, NULL before it was fetched. */
const char   *cvn_livestream_view_get_rtmp_key         (CvnLivestreamView *self);

G_END_DECLS
