/* cvn-sandbox-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_SANDBOX_ERROR (cvn_sandbox_error_quark ())

typedef enum
{
  CVN_SANDBOX_ERROR_FAILED,
  CVN_SANDBOX_ERROR_INVALID_WORLD,
  CVN_SANDBOX_ERROR_STATE,
} CvnSandboxError;

GQuark cvn_sandbox_error_quark (void);

G_END_DECLS
