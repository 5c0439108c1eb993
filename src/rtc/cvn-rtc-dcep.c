/* cvn-rtc-dcep.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cvn-rtc-dcep-private.h"
#include "cvn-rtc-error.h"

void
cvn_rtc_dcep_open_clear (CvnRtcDcepOpen *open)
{
  g_clear_pointer (&open->label, g_free);
  g_clear_pointer (&open->protocol, g_free);
}

GBytes *
cvn_rtc_dcep_build_open (const char *label,
                         const char *protocol)
{
  gsize label_len = strlen (label);
  gsize protocol_len = strlen (protocol);
  guint8 *p;

  g_return_val_if_fail (label_len <= CVN_RTC_DCEP_MAX_STRING && protocol_len <= CVN_RTC_DCEP_MAX_STRING, NULL);

  p = g_malloc0 (12 + label_len + protocol_len);
  p[0] = CVN_RTC_DCEP_OPEN;
  p[1] = 0x00;        /* DATA_CHANNEL_RELIABLE */
  /* priority 0, reliability parameter 0 */
  p[8] = label_len >> 8;
  p[9] = label_len & 0xff;
  p[10] = protocol_len >> 8;
  p[11] = protocol_len & 0xff;
  memcpy (p + 12, label, label_len);
  memcpy (p + 12 + label_len, protocol, protocol_len);
  return g_bytes_new_take (p, 12 + label_len + protocol_len);
}

gboolean
cvn_rtc_dcep_parse_open (const guint8    *data,
                         gsize            len,
                         CvnRtcDcepOpen  *out,
                         GError         **error)
{
  gsize label_len, protocol_len;
  const char *label, *protocol;

  memset (out, 0, sizeof *out);
  if (len < 12 || data[0] != CVN_RTC_DCEP_OPEN)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_SCTP, "not a DATA_CHANNEL_OPEN message");
      return FALSE;
    }
  label_len = (gsize) data[8] << 8 | data[9];
  protocol_len = (gsize) data[10] << 8 | data[11];
  if (label_len > CVN_RTC_DCEP_MAX_STRING || protocol_len > CVN_RTC_DCEP_MAX_STRING ||
      12 + label_len + protocol_len != len)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_SCTP,
                   "DATA_CHANNEL_OPEN lengths (%" G_GSIZE_FORMAT ", %" G_GSIZE_FORMAT ") do not match its size %" G_GSIZE_FORMAT,
                   label_len, protocol_len, len);
      return FALSE;
    }
  label = (const char *) data + 12;
  protocol = label + label_len;
  if (!g_utf8_validate_len (label, label_len, NULL) || !g_utf8_validate_len (protocol, protocol_len, NULL) ||
      memchr (label, '\0', label_len) != NULL || memchr (protocol, '\0', protocol_len) != NULL)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_SCTP, "DATA_CHANNEL_OPEN label or protocol is not UTF-8 text");
      return FALSE;
    }
  switch (data[1])
    {
    case 0x00: case 0x01: case 0x02:  /* reliable, partial reliable rexmit / timed */
    case 0x80: case 0x81: case 0x82:  /* the same, unordered */
      break;
    default:
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_SCTP, "unknown channel type 0x%02x", data[1]);
      return FALSE;
    }
  out->channel_type = data[1];
  out->priority = (guint16) (data[2] << 8 | data[3]);
  out->reliability = (guint32) data[4] << 24 | (guint32) data[5] << 16 | (guint32) data[6] << 8 | data[7];
  out->label = g_strndup (label, label_len);
  out->protocol = g_strndup (protocol, protocol_len);
  return TRUE;
}
