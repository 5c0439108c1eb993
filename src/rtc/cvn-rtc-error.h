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
  CVN_RTC_ERROR_INVALID_PAYLOAD,  /* a join payload (client -> SFU) that cannot be used */
  CVN_RTC_ERROR_INVALID_PACKET,   /* a packet from the network that cannot be used */
  CVN_RTC_ERROR_TIMED_OUT,        /* ICE or DTLS did not complete within its bound */
  CVN_RTC_ERROR_CLOSED,           /* the transport was closed */
  CVN_RTC_ERROR_CERTIFICATE,      /* the local certificate could not be made */
} CvnRtcError;

GQuark cvn_rtc_error_quark (void);

G_END_DECLS
