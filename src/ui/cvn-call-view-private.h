/* cvn-call-view-private.h: CvnCallView's structure, shared by cvn-call-view.c (the widget,
 * its pages and toasts) and cvn-call-view-actions.c (the call.* actions and the session).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-call-controls.h"
#include "cvn-call-view.h"
#include "cvn-conference-view.h"
#include "cvn-livestream-view.h"
#include "cvn-participant-grid.h"
#include "cvn-participant-model.h"
#include "cvn-participant-panel.h"
#include "cvn-scheduled-view.h"

G_BEGIN_DECLS

struct _CvnCallView
{
  AdwBin parent_instance;

  CvnGroupCall *call;
  GSignalGroup *call_signals;
  /* The call's participants as the lists see them (cvn-participant-model.h). */
  CvnParticipantModel *participants;
  char *fallback_title;
  char *conference_link;
  gboolean can_manage;
  CvnPeerNameFunc name_func;
  gpointer name_func_data;
  GDestroyNotify name_func_destroy;
  CvnCallViewPage page;
  CvnCallViewConnection connection;
  /* Participants whose raised hand was already announced. */
  GHashTable *announced_hands;
  /* No toasts while the participants of a newly shown call are being taken in. */
  gboolean toasts_primed;
  GPtrArray *toast_history;

  CvnClient *client;
  char *invite_hash;
  CvnCallSession *session;
  GSignalGroup *session_signals;
  /* Our own participant while in the call (found by the peer we joined as). */
  CvnGroupCallParticipant *self_participant;
  GSignalGroup *self_signals;
  /* Cancelled at dispose: operations finishing later find no view. */
  GCancellable *cancellable;

  AdwToastOverlay *toast_overlay;
  GtkRevealer *connection_revealer;
  GtkWidget *connection_bar;
  GtkSpinner *connection_spinner;
  GtkWidget *connection_icon;
  GtkLabel *connection_label;
  GtkWidget *connection_button;
  GtkWidget *header_box;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  GtkWidget *recording_icon;
  GtkWidget *participants_button;
  GtkStack *stack;
  CvnScheduledView *scheduled_view;
  AdwFlap *live_flap;
  CvnParticipantGrid *participant_grid;
  CvnParticipantPanel *participant_panel;
  CvnLivestreamView *livestream_view;
  CvnConferenceView *conference_view;
  AdwStatusPage *ended_page;
  CvnCallControls *controls;
  /* Where the pages above sit in the template. */
  AdwBin *scheduled_bin;
  AdwBin *participant_grid_bin;
  AdwBin *participant_panel_bin;
  AdwBin *livestream_bin;
  AdwBin *conference_bin;
  AdwBin *controls_bin;
};

/* cvn-call-view-actions.c */
void      _cvn_call_view_class_init_actions (GtkWidgetClass *widget_class);
void      _cvn_call_view_init_actions       (CvnCallView    *self);
void      _cvn_call_view_dispose_actions    (CvnCallView    *self);
/* Enables the actions and sets the controls from the call, the session and the rights. */
void      _cvn_call_view_update_actions     (CvnCallView    *self);
/* The session changed state or muted: the connection bar, the controls, the livestream. */
void      _cvn_call_view_update_session     (CvnCallView    *self);
/* Drops the session (leaving the call if in it). */
void      _cvn_call_view_drop_session       (CvnCallView    *self);
gboolean  _cvn_call_view_get_join_muted     (CvnCallView    *self);
gboolean  _cvn_call_view_get_messages_enabled (CvnCallView  *self);
gboolean  _cvn_call_view_get_start_subscribed (CvnCallView  *self);
void      _cvn_call_view_request_setting    (CvnCallView    *self,
                                             const char     *property,
                                             gboolean        value);

/* cvn-call-view.c */
char     *_cvn_call_view_dup_peer_name      (CvnCallView    *self,
                                             CvnPeerType     type,
                                             gint64          id);
void      _cvn_call_view_copy_text          (CvnCallView    *self,
                                             const char     *text);

G_END_DECLS
