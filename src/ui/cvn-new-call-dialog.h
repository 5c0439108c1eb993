/* cvn-new-call-dialog.h: start a video chat in a group you administer, a livestream (or an
 * RTMP livestream) in a channel you own, schedule one for later, or create a conference
 * call and show its link with copy and QR.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-client.h"
#include "cvn-window.h"

G_BEGIN_DECLS

typedef enum
{
  CVN_NEW_CALL_VIDEO_CHAT,
  CVN_NEW_CALL_LIVESTREAM,
  CVN_NEW_CALL_SCHEDULED,
  CVN_NEW_CALL_CONFERENCE,
} CvnNewCallKind;

/* The scheduling rule of phone.createGroupCall: 10 s .. 8 days ahead. */
#define CVN_SCHEDULE_MIN_SECONDS 10
#define CVN_SCHEDULE_MAX_SECONDS (8 * 24 * 3600)

#define CVN_TYPE_NEW_CALL_DIALOG (cvn_new_call_dialog_get_type ())

G_DECLARE_FINAL_TYPE (CvnNewCallDialog, cvn_new_call_dialog, CVN, NEW_CALL_DIALOG, AdwWindow)

CvnNewCallDialog *cvn_new_call_dialog_new            (CvnWindow        *window,
                                                      CvnClient        *client,
                                                      CvnNewCallKind    kind);
CvnNewCallKind    cvn_new_call_dialog_get_kind       (CvnNewCallDialog *self);
/* The chats offered (video chat: groups where you may manage calls; livestream: channels
 * you own; scheduled: both), transfer none. */
GListModel       *cvn_new_call_dialog_get_chats      (CvnNewCallDialog *self);
void              cvn_new_call_dialog_select_chat    (CvnNewCallDialog *self,
                                                      CvnChat          *chat);
/* The start chosen (Unix seconds, local time of the pickers), for scheduled calls. */
gint64            cvn_new_call_dialog_get_schedule   (CvnNewCallDialog *self);
void              cvn_new_call_dialog_set_schedule   (CvnNewCallDialog *self,
                                                      gint64            unix_time);
/* What Create does. */
void              cvn_new_call_dialog_create         (CvnNewCallDialog *self);
const char       *cvn_new_call_dialog_get_error      (CvnNewCallDialog *self);
gboolean          cvn_new_call_dialog_get_busy       (CvnNewCallDialog *self);
/* The conference link shown after creating one, or NULL. */
const char       *cvn_new_call_dialog_get_link       (CvnNewCallDialog *self);

/* NULL if @date is within the 10 s .. 8 days after @now, else the translated reason. */
const char       *cvn_new_call_check_schedule        (gint64            date,
                                                      gint64            now);

G_END_DECLS
