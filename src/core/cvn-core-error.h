/* cvn-core-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Every layer has an error domain of its own (CVN_TL_ERROR, CVN_MTPROTO_ERROR, ...);
 * this one is for the small utilities of core. */
#define CVN_CORE_ERROR (cvn_core_error_quark ())

typedef enum
{
  CVN_CORE_ERROR_TIMED_OUT,
  CVN_CORE_ERROR_INVALID_ARGUMENT,
} CvnCoreError;

GQuark cvn_core_error_quark (void);

G_END_DECLS
