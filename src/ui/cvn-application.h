/* cvn-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define CVN_TYPE_APPLICATION (cvn_application_get_type ())

G_DECLARE_FINAL_TYPE (CvnApplication, cvn_application, CVN, APPLICATION, AdwApplication)

CvnApplication *cvn_application_new              (const char     *application_id);
char           *cvn_application_dup_debug_info   (CvnApplication *self);

G_END_DECLS
