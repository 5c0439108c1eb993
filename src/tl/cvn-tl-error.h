/* cvn-tl-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_TL_ERROR (cvn_tl_error_quark ())

typedef enum
{
  CVN_TL_ERROR_TRUNCATED,
  CVN_TL_ERROR_UNKNOWN_CONSTRUCTOR,
  CVN_TL_ERROR_UNEXPECTED_TYPE,
  CVN_TL_ERROR_TRAILING_BYTES,
  CVN_TL_ERROR_TOO_DEEP,
  CVN_TL_ERROR_TOO_LONG,
  CVN_TL_ERROR_INVALID_VALUE,
  CVN_TL_ERROR_INVALID_JSON,
} CvnTlError;

GQuark cvn_tl_error_quark (void);

G_END_DECLS
