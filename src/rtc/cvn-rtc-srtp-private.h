/* cvn-rtc-srtp-private.h: a pair of libsrtp2 sessions (outbound, inbound) keyed from DTLS.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cvn-rtc-transport.h"

G_BEGIN_DECLS

/* What libsrtp2 may write past an RTP or RTCP packet (tag, MKI, SRTCP index). */
#define CVN_RTC_SRTP_MAX_OVERHEAD 148

typedef struct _CvnRtcSrtp CvnRtcSrtp;

/* Key and salt lengths of @profile's master key (for the DTLS exporter). */
void        cvn_rtc_srtp_profile_key_lengths (CvnRtcSrtpProfile  profile,
                                              gsize             *key_len,
                                              gsize             *salt_len);

/* @local_key and @remote_key are master key || master salt. */
CvnRtcSrtp *cvn_rtc_srtp_new                 (CvnRtcSrtpProfile  profile,
                                              const guint8      *local_key,
                                              const guint8      *remote_key,
                                              GError           **error);
void        cvn_rtc_srtp_free                (CvnRtcSrtp        *self);

/* In place: @buf holds @*len bytes and has room for CVN_RTC_SRTP_MAX_OVERHEAD more;
 * @*len is updated. CVN_RTC_ERROR_SRTP on failure (replays, bad tags, ...). */
gboolean    cvn_rtc_srtp_protect_rtp         (CvnRtcSrtp        *self,
                                              guint8            *buf,
                                              gsize             *len,
                                              GError           **error);
gboolean    cvn_rtc_srtp_protect_rtcp        (CvnRtcSrtp        *self,
                                              guint8            *buf,
                                              gsize             *len,
                                              GError           **error);
gboolean    cvn_rtc_srtp_unprotect_rtp       (CvnRtcSrtp        *self,
                                              guint8            *buf,
                                              gsize             *len,
                                              GError           **error);
gboolean    cvn_rtc_srtp_unprotect_rtcp      (CvnRtcSrtp        *self,
                                              guint8            *buf,
                                              gsize             *len,
                                              GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnRtcSrtp, cvn_rtc_srtp_free)

G_END_DECLS
