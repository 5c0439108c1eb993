/* cvn-call-view.h: one call, shown by its kind and state (scheduled, live video chat,
 * livestream, conference, ended), with the connection bar and toasts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-call-session.h"
#include "cvn-client.h"
#include "cvn-group-call.h"
#include "cvn-participant-status.h"

G_BEGIN_DECLS

#define CVN_TYPE_CALL_VIEW (cvn_call_view_get_type ())

G_DECLARE_FINAL_TYPE (CvnCallView, cvn_call_view, CVN, CALL_VIEW, AdwBin)

typedef enum
{
  CVN_CALL_VIEW_PAGE_LOADING,      /* no call, or its state is not known yet */
  CVN_CALL_VIEW_PAGE_SCHEDULED,
  CVN_CALL_VIEW_PAGE_LIVE,         /* video chat of a group */
  CVN_CALL_VIEW_PAGE_LIVESTREAM,   /* channel, RTMP stream, live story */
  CVN_CALL_VIEW_PAGE_CONFERENCE,
  CVN_CALL_VIEW_PAGE_ENDED,
} CvnCallViewPage;

/* What the connection bar says. */
typedef enum
{
  CVN_CALL_VIEW_CONNECTION_NONE,          /* hidden */
  CVN_CALL_VIEW_CONNECTION_CONNECTING,
  CVN_CALL_VIEW_CONNECTION_RECONNECTING,
  CVN_CALL_VIEW_CONNECTION_FAILED,        /* with a reason, and Rejoin */
} CvnCallViewConnection;

GtkWidget       *cvn_call_view_new                 (void);

/* "call" (nullable): the call shown; the view follows its kind, state and participants. */
CvnGroupCall    *cvn_call_view_get_call            (CvnCallView     *self);
void             cvn_call_view_set_call            (CvnCallView     *self,
                                                    CvnGroupCall    *call);
/* "fallback-title": shown when the call has no title (the chat's title). */
void             cvn_call_view_set_fallback_title  (CvnCallView     *self,
                                                    const char      *title);
/* "can-manage": the user may administer the call (manage_call, or owner of the channel). */
gboolean         cvn_call_view_get_can_manage      (CvnCallView     *self);
void             cvn_call_view_set_can_manage      (CvnCallView     *self,
                                                    gboolean         can_manage);
/* Names for participants (the model knows peers); the view calls @func while it lives. */
void             cvn_call_view_set_peer_name_func  (CvnCallView     *self,
                                                    CvnPeerNameFunc  func,
                                                    gpointer         user_data,
                                                    GDestroyNotify   destroy);
/* Re-reads the names of the participants on screen (a peer's name became known). */
void             cvn_call_view_refresh_names       (CvnCallView     *self);
/* The link of a conference opened or created by link (shown when the call has none). */
void             cvn_call_view_set_conference_link (CvnCallView     *self,
                                                    const char      *link);

/* "client" (nullable): what the controls act through. Without one, joining and the other
 * operations are disabled. Setting it also names the participants (the client's peer
 * titles, following ::peer-changed) unless a name func was set. */
CvnClient       *cvn_call_view_get_client          (CvnCallView     *self);
void             cvn_call_view_set_client          (CvnCallView     *self,
                                                    CvnClient       *client);
/* The invite hash of the link the call was opened with, used when joining (NULL: none). */
void             cvn_call_view_set_invite_hash     (CvnCallView     *self,
                                                    const char      *invite_hash);
/* "session" (nullable): the session of the shown call. The view makes one when the user
 * joins or acts; one made elsewhere (a call just created) can be given. A session for
 * another call is dropped (left) when the call changes. */
CvnCallSession  *cvn_call_view_get_session         (CvnCallView     *self);
void             cvn_call_view_set_session         (CvnCallView     *self,
                                                    CvnCallSession  *session);

CvnCallViewPage  cvn_call_view_get_page            (CvnCallView     *self);

void             cvn_call_view_set_connection      (CvnCallView           *self,
                                                    CvnCallViewConnection  connection,
                                                    const char            *reason);
CvnCallViewConnection cvn_call_view_get_connection (CvnCallView     *self);
/* Shows @title as a toast (joins, raised hands, errors). */
void             cvn_call_view_add_toast           (CvnCallView     *self,
                                                    const char      *title);
/* The titles of the toasts shown so far (newest last), for tests. */
const char * const *cvn_call_view_get_toast_history (CvnCallView    *self);

/* The pages, for tests and for the shell's screenshots. */
GtkWidget       *cvn_call_view_get_page_widget     (CvnCallView     *self,
                                                    CvnCallViewPage  page);
GtkWidget       *cvn_call_view_get_controls        (CvnCallView     *self);
GtkWidget       *cvn_call_view_get_participant_panel (CvnCallView   *self);

G_END_DECLS
