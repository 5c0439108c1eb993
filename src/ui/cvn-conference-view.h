/* cvn-conference-view.h: a conference call: its link with copy and QR, inviting contacts,
 * the participants, and the place where the end-to-end verification emoji will go
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-group-call.h"
#include "cvn-participant-status.h"

G_BEGIN_DECLS

#define CVN_TYPE_CONFERENCE_VIEW (cvn_conference_view_get_type ())

G_DECLARE_FINAL_TYPE (CvnConferenceView, cvn_conference_view, CVN, CONFERENCE_VIEW, AdwBin)

/* Activates call.copy-text (s) and call.invite-contacts of an ancestor (CvnCallView). */

GtkWidget    *cvn_conference_view_new                (void);

CvnGroupCall *cvn_conference_view_get_call           (CvnConferenceView *self);
void          cvn_conference_view_set_call           (CvnConferenceView *self,
                                                      CvnGroupCall      *call);
/* The link to show when the call does not carry one (the link it was created or opened
 * with); the call's invite_link wins. */
void          cvn_conference_view_set_link           (CvnConferenceView *self,
                                                      const char        *link);
void          cvn_conference_view_set_peer_name_func (CvnConferenceView *self,
                                                      CvnPeerNameFunc    func,
                                                      gpointer           user_data);

/* The link shown (NULL if none) and whether its QR code is drawn, for tests. */
const char   *cvn_conference_view_get_shown_link     (CvnConferenceView *self);
gboolean      cvn_conference_view_get_has_qr_code    (CvnConferenceView *self);

G_END_DECLS
