/* cvn-rtc-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_RTC_ERROR (cvn_rtc_error_quark ())

typedef enum
{
  CVN_RTC_ERROR_FAILED,
  CVN_RTC_ERROR_INVALID_ANSWER,
  CVN_RTC_ERROR_ICE,
  CVN_RTC_ERROR_DTLS,
  CVN_RTC_ERROR_FINGERPRINT_MISMATCH,
  CVN_RTC_ERROR_SRTP,
  CVN_RTC_ERROR_SCTP,
} CvnRtcError;

GQuark cvn_rtc_error_quark (void);

G_END_DECLS
