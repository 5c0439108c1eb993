/* cvn-e2e-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_E2E_ERROR (cvn_e2e_error_quark ())

typedef enum
{
  CVN_E2E_ERROR_FAILED,
  CVN_E2E_ERROR_INVALID_BLOCK,
  CVN_E2E_ERROR_VERIFICATION,
  CVN_E2E_ERROR_DECRYPT,
} CvnE2eError;

GQuark cvn_e2e_error_quark (void);

G_END_DECLS
