/* cvn-mtproto-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_MTPROTO_ERROR (cvn_mtproto_error_quark ())

typedef enum
{
  CVN_MTPROTO_ERROR_FAILED,
  CVN_MTPROTO_ERROR_TRANSPORT,
  CVN_MTPROTO_ERROR_PROTOCOL,
  CVN_MTPROTO_ERROR_AUTH_KEY,
  CVN_MTPROTO_ERROR_SECURITY,
  CVN_MTPROTO_ERROR_TIMEOUT,
  CVN_MTPROTO_ERROR_CLOSED,
} CvnMtprotoError;

GQuark cvn_mtproto_error_quark (void);

G_END_DECLS
