/* cvn-preferences-window.h: devices, sound processing, account and connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-client.h"

G_BEGIN_DECLS

#define CVN_TYPE_PREFERENCES_WINDOW (cvn_preferences_window_get_type ())

G_DECLARE_FINAL_TYPE (CvnPreferencesWindow, cvn_preferences_window, CVN, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

CvnPreferencesWindow *cvn_preferences_window_new            (GtkWindow            *parent);
/* Shows the account and connection of @client (NULL: none) and follows them. */
void                  cvn_preferences_window_set_client     (CvnPreferencesWindow *self,
                                                             CvnClient            *client);
/* The CvnDeviceList of a CvnDeviceKind shown by the window (transfer none), for tests. */
GListModel           *cvn_preferences_window_get_devices    (CvnPreferencesWindow *self,
                                                             guint                 kind);

G_END_DECLS
