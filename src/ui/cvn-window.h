/* cvn-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-application.h"
#include "cvn-client.h"

G_BEGIN_DECLS

#define CVN_TYPE_WINDOW (cvn_window_get_type ())

G_DECLARE_FINAL_TYPE (CvnWindow, cvn_window, CVN, WINDOW, AdwApplicationWindow)

CvnWindow *cvn_window_new            (CvnApplication *application);

/* Opens a tg:// or https://t.me/ link: the join-by-link dialog resolves it and shows its
 * call. Links opened before login wait for it. */
void       cvn_window_open_link      (CvnWindow      *self,
                                      const char     *uri);
/* Shows the call of @chat (or @call alone, for conferences) in the content pane;
 * @invite_hash (nullable) is the link's invite hash for joining, @link (nullable) the link
 * that led there (shown for conferences). */
void       cvn_window_show_call      (CvnWindow      *self,
                                      CvnChat        *chat,
                                      CvnGroupCall   *call,
                                      const char     *invite_hash,
                                      const char     *link);
/* The invite hash of the link that opened the call shown, or NULL. */
const char *cvn_window_get_invite_hash (CvnWindow    *self);
/* The chat shown in the content pane, or NULL (transfer none). */
CvnChat   *cvn_window_get_shown_chat (CvnWindow      *self);
/* The widget of the content pane: the welcome page or the call view (transfer none). */
GtkWidget *cvn_window_get_content    (CvnWindow      *self);
void       cvn_window_add_toast      (CvnWindow      *self,
                                      AdwToast       *toast);

/* For tests: "loading", "login" or "calls"; the login page and the sidebar (transfer none). */
const char *cvn_window_get_page_name  (CvnWindow     *self);
GtkWidget  *cvn_window_get_login_page (CvnWindow     *self);
GtkWidget  *cvn_window_get_sidebar    (CvnWindow     *self);

G_END_DECLS
