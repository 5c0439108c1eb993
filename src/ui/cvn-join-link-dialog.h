/* cvn-join-link-dialog.h: paste a t.me or tg:// link and go to its call (the invite hash of
 * the link is kept for joining); errors show inline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-client.h"
#include "cvn-window.h"

G_BEGIN_DECLS

#define CVN_TYPE_JOIN_LINK_DIALOG (cvn_join_link_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CvnJoinLinkDialog, cvn_join_link_dialog, CVN, JOIN_LINK_DIALOG, AdwWindow)

CvnJoinLinkDialog *cvn_join_link_dialog_new       (CvnWindow         *window,
                                                   CvnClient         *client);
void               cvn_join_link_dialog_set_link  (CvnJoinLinkDialog *self,
                                                   const char        *link);
/* What the Join button does: parse, resolve, then show the call in the window and close. */
void               cvn_join_link_dialog_join      (CvnJoinLinkDialog *self);
/* The error shown, or NULL. "busy" is TRUE while the link is resolved. */
const char        *cvn_join_link_dialog_get_error (CvnJoinLinkDialog *self);
gboolean           cvn_join_link_dialog_get_busy  (CvnJoinLinkDialog *self);

G_END_DECLS
