/* cvn-call-controls.h: the bar under a live call (microphone, camera, screen, hand, menu,
 * leave, end) or its Join button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CVN_TYPE_CALL_CONTROLS (cvn_call_controls_get_type ())

G_DECLARE_FINAL_TYPE (CvnCallControls, cvn_call_controls, CVN, CALL_CONTROLS, AdwBin)

/* The buttons activate actions of an ancestor (CvnCallView installs them): call.join,
 * call.toggle-mute, call.toggle-camera, call.toggle-screen-share, call.toggle-hand,
 * call.leave, call.end, and the call menu's items. The bar itself only shows state. */

GtkWidget *cvn_call_controls_new               (void);

gboolean   cvn_call_controls_get_joined        (CvnCallControls *self);
void       cvn_call_controls_set_joined        (CvnCallControls *self,
                                                gboolean         joined);
gboolean   cvn_call_controls_get_muted         (CvnCallControls *self);
void       cvn_call_controls_set_muted         (CvnCallControls *self,
                                                gboolean         muted);
gboolean   cvn_call_controls_get_hand_raised   (CvnCallControls *self);
void       cvn_call_controls_set_hand_raised   (CvnCallControls *self,
                                                gboolean         hand_raised);
/* Shows "End Call for Everyone". */
gboolean   cvn_call_controls_get_can_manage    (CvnCallControls *self);
void       cvn_call_controls_set_can_manage    (CvnCallControls *self,
                                                gboolean         can_manage);
/* Why the camera and screen sharing cannot be used (tooltip of the insensitive buttons),
 * NULL when they can. */
void       cvn_call_controls_set_video_unavailable_reason (CvnCallControls *self,
                                                           const char      *reason);
/* Why the microphone cannot be unmuted (muted by an admin), NULL when it can. */
void       cvn_call_controls_set_unmute_unavailable_reason (CvnCallControls *self,
                                                            const char      *reason);

/* For tests: the named button ("mic", "camera", "screen", "hand", "leave", "end", "join",
 * "menu"). */
GtkWidget *cvn_call_controls_get_button        (CvnCallControls *self,
                                                const char      *name);

G_END_DECLS
