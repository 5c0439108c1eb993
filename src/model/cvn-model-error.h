/* cvn-model-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_MODEL_ERROR (cvn_model_error_quark ())

typedef enum
{
  CVN_MODEL_ERROR_FAILED,
  CVN_MODEL_ERROR_INVALID_LINK,
  CVN_MODEL_ERROR_NOT_LOGGED_IN,
  CVN_MODEL_ERROR_NOT_FOUND,
} CvnModelError;

GQuark cvn_model_error_quark (void);

G_END_DECLS
