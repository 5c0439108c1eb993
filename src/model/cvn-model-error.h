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
  /* The login and connection errors below carry a translated message for the user. */
  CVN_MODEL_ERROR_UNAVAILABLE,           /* Telegram not configured in this build */
  CVN_MODEL_ERROR_NETWORK,               /* the data centre cannot be reached */
  CVN_MODEL_ERROR_FLOOD_WAIT,            /* too many attempts; the message says how long */
  CVN_MODEL_ERROR_PHONE_NUMBER_INVALID,
  CVN_MODEL_ERROR_PHONE_CODE_INVALID,
  CVN_MODEL_ERROR_PHONE_CODE_EXPIRED,
  CVN_MODEL_ERROR_PASSWORD_INVALID,      /* PASSWORD_HASH_INVALID */
  CVN_MODEL_ERROR_FIRST_NAME_INVALID,
  CVN_MODEL_ERROR_WRONG_STATE,           /* e.g. a code submitted before one was sent */
  CVN_MODEL_ERROR_SESSION_REVOKED,       /* the stored session was ended elsewhere */
  /* Call sessions. */
  CVN_MODEL_ERROR_JOINED_ELSEWHERE,      /* the same account joined the call from another device */
  CVN_MODEL_ERROR_MEDIA,                 /* the media connection to the call failed */
} CvnModelError;

GQuark cvn_model_error_quark (void);

G_END_DECLS
