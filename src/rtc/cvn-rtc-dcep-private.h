/* cvn-rtc-dcep-private.h: the Data Channel Establishment Protocol (RFC 8832) messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Pure encoders and a bounds-checked parser; the data channel and the fuzz target use them.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* SCTP payload protocol identifiers (RFC 8831). */
#define CVN_RTC_PPID_DCEP         50
#define CVN_RTC_PPID_STRING       51
#define CVN_RTC_PPID_BINARY       53
#define CVN_RTC_PPID_STRING_EMPTY 56
#define CVN_RTC_PPID_BINARY_EMPTY 57

#define CVN_RTC_DCEP_OPEN 0x03
#define CVN_RTC_DCEP_ACK  0x02

/* The largest label or protocol accepted. */
#define CVN_RTC_DCEP_MAX_STRING 1024

typedef struct
{
  guint8   channel_type;  /* 0x00: reliable, ordered */
  guint16  priority;
  guint32  reliability;
  char    *label;         /* UTF-8 */
  char    *protocol;      /* UTF-8 */
} CvnRtcDcepOpen;

void     cvn_rtc_dcep_open_clear (CvnRtcDcepOpen *open);

/* A DATA_CHANNEL_OPEN for a reliable, ordered channel. */
GBytes  *cvn_rtc_dcep_build_open (const char     *label,
                                  const char     *protocol);
/* FALSE with CVN_RTC_ERROR_SCTP when @data is not a well-formed DATA_CHANNEL_OPEN. */
gboolean cvn_rtc_dcep_parse_open (const guint8   *data,
                                  gsize           len,
                                  CvnRtcDcepOpen *out,
                                  GError        **error);

G_END_DECLS
