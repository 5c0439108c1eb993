/* cvn-media-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_MEDIA_ERROR (cvn_media_error_quark ())

typedef enum
{
  CVN_MEDIA_ERROR_FAILED,
  CVN_MEDIA_ERROR_MISSING_ELEMENT,
  CVN_MEDIA_ERROR_PIPELINE,
  CVN_MEDIA_ERROR_DEVICE,
  CVN_MEDIA_ERROR_NOT_RUNNING,
  CVN_MEDIA_ERROR_INVALID_PACKET,
} CvnMediaError;

GQuark cvn_media_error_quark (void);

G_END_DECLS
