/* cvn-calls-sidebar.h: the list of chats with a live or scheduled call, with search, the
 * "New" menu and the empty state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-client.h"

G_BEGIN_DECLS

#define CVN_TYPE_CALLS_SIDEBAR (cvn_calls_sidebar_get_type ())

G_DECLARE_FINAL_TYPE (CvnCallsSidebar, cvn_calls_sidebar, CVN, CALLS_SIDEBAR, AdwBin)

/* Shows cvn_client_get_chats() of @client (nullable). Signal ::chat-activated (CvnChat). */
void        cvn_calls_sidebar_set_client    (CvnCallsSidebar *self,
                                             CvnClient       *client);
void        cvn_calls_sidebar_select_chat   (CvnCallsSidebar *self,
                                             CvnChat         *chat);
void        cvn_calls_sidebar_start_search  (CvnCallsSidebar *self);
/* Opens the search bar with @text typed (NULL or "": the search closes, all calls show). */
void        cvn_calls_sidebar_search        (CvnCallsSidebar *self,
                                             const char      *text);
/* The list box of rows (CvnCallRow), for tests (transfer none). */
GtkListBox *cvn_calls_sidebar_get_list_box  (CvnCallsSidebar *self);
/* The model shown: the chats that pass the search (transfer none, nullable). */
GListModel *cvn_calls_sidebar_get_model     (CvnCallsSidebar *self);

G_END_DECLS
