/* cvn-rtp-audio-level.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-rtp-audio-level.h"

#include <string.h>

#define RTP_HEADER_SIZE 12
#define RTCP_HEADER_SIZE 8

static inline guint16
read_u16 (const guint8 *p)
{
  return (guint16) ((p[0] << 8) | p[1]);
}

static inline guint32
read_u32 (const guint8 *p)
{
  return ((guint32) p[0] << 24) | ((guint32) p[1] << 16) | ((guint32) p[2] << 8) | p[3];
}

/* One-byte form (RFC 8285 §4.2): elements ID(4) L(4) with L+1 data bytes; ID 0 is a padding
 * byte, ID 15 ends the block. */
static gboolean
find_one_byte (const guint8  *ext,
               gsize          ext_length,
               guint8         id,
               const guint8 **out,
               gsize         *out_length)
{
  gsize pos = 0;

  while (pos < ext_length)
    {
      guint8 element_id = ext[pos] >> 4;
      gsize element_length = (ext[pos] & 0x0f) + 1;

      if (element_id == 0)
        {
          pos++;
          continue;
        }
      if (element_id == 15)
        return FALSE;
      if (element_length > ext_length - pos - 1)
        return FALSE;
      if (element_id == id)
        {
          *out = ext + pos + 1;
          *out_length = element_length;
          return TRUE;
        }
      pos += 1 + element_length;
    }
  return FALSE;
}

/* Two-byte form (RFC 8285 §4.3): ID(8) length(8) data; ID 0 is a padding byte. */
static gboolean
find_two_byte (const guint8  *ext,
               gsize          ext_length,
               guint8         id,
               const guint8 **out,
               gsize         *out_length)
{
  gsize pos = 0;

  while (pos < ext_length)
    {
      guint8 element_id = ext[pos];
      gsize element_length;

      if (element_id == 0)
        {
          pos++;
          continue;
        }
      if (ext_length - pos < 2)
        return FALSE;
      element_length = ext[pos + 1];
      if (element_length > ext_length - pos - 2)
        return FALSE;
      if (element_id == id)
        {
          *out = ext + pos + 2;
          *out_length = element_length;
          return TRUE;
        }
      pos += 2 + element_length;
    }
  return FALSE;
}

static CvnRtpPacketKind
parse_rtcp (const guint8 *data,
            gsize         length)
{
  gsize words;

  if (length < RTCP_HEADER_SIZE)
    return CVN_RTP_PACKET_INVALID;
  words = read_u16 (data + 2);
  if ((words + 1) * 4 > length)
    return CVN_RTP_PACKET_INVALID;
  return CVN_RTP_PACKET_RTCP;
}

CvnRtpPacketKind
cvn_rtp_audio_parse (const guint8    *data,
                     gsize            length,
                     guint8           audio_level_id,
                     CvnRtpAudioInfo *info)
{
  CvnRtpAudioInfo local;
  gsize header_length;
  gsize end;
  guint csrc_count;

  if (info == NULL)
    info = &local;
  memset (info, 0, sizeof *info);

  if (data == NULL || length < 2 || (data[0] >> 6) != 2)
    return CVN_RTP_PACKET_INVALID;
  if (data[1] >= 192 && data[1] <= 223)
    return parse_rtcp (data, length);
  if (length < RTP_HEADER_SIZE)
    return CVN_RTP_PACKET_INVALID;

  info->marker = (data[1] & 0x80) != 0;
  info->payload_type = data[1] & 0x7f;
  info->sequence = read_u16 (data + 2);
  info->timestamp = read_u32 (data + 4);
  info->ssrc = read_u32 (data + 8);

  csrc_count = data[0] & 0x0f;
  header_length = RTP_HEADER_SIZE + 4 * csrc_count;
  if (header_length > length)
    return CVN_RTP_PACKET_INVALID;

  if (data[0] & 0x10)
    {
      const guint8 *ext;
      gsize ext_length;
      guint16 profile;

      if (length - header_length < 4)
        return CVN_RTP_PACKET_INVALID;
      profile = read_u16 (data + header_length);
      ext_length = (gsize) read_u16 (data + header_length + 2) * 4;
      if (ext_length > length - header_length - 4)
        return CVN_RTP_PACKET_INVALID;
      ext = data + header_length + 4;
      header_length += 4 + ext_length;

      if (audio_level_id != 0)
        {
          const guint8 *element = NULL;
          gsize element_length = 0;
          gboolean found = FALSE;

          if (profile == 0xBEDE && audio_level_id < 15)
            found = find_one_byte (ext, ext_length, audio_level_id, &element, &element_length);
          else if ((profile & 0xfff0) == 0x1000)
            found = find_two_byte (ext, ext_length, audio_level_id, &element, &element_length);

          if (found && element_length >= 1)
            {
              info->has_audio_level = TRUE;
              info->level = element[0] & 0x7f;
              info->voice_activity = (element[0] & 0x80) != 0;
            }
        }
    }

  end = length;
  if (data[0] & 0x20)
    {
      guint8 padding = data[length - 1];

      if (padding == 0 || padding > length - header_length)
        return CVN_RTP_PACKET_INVALID;
      end -= padding;
    }

  info->payload_offset = header_length;
  info->payload_length = end - header_length;
  return CVN_RTP_PACKET_RTP;
}
