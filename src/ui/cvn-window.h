/* cvn-window.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-application.h"

G_BEGIN_DECLS

#define CVN_TYPE_WINDOW (cvn_window_get_type ())

G_DECLARE_FINAL_TYPE (CvnWindow, cvn_window, CVN, WINDOW, AdwApplicationWindow)

CvnWindow *cvn_window_new (CvnApplication *application);

G_END_DECLS
