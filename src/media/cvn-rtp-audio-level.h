/* cvn-rtp-audio-level.h: a bounds-checked reader of RTP/RTCP packets as they come from the
 * transport, and of the RFC 6464 audio-level header extension of RTP packets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CVN_RTP_PACKET_INVALID,  /* not version 2, truncated, lengths that do not add up */
  CVN_RTP_PACKET_RTP,
  CVN_RTP_PACKET_RTCP,     /* RFC 5761 demultiplexing: second byte 192..223 */
} CvnRtpPacketKind;

typedef struct
{
  guint32  ssrc;
  guint32  timestamp;
  guint16  sequence;
  guint8   payload_type;
  gboolean marker;
  gsize    payload_offset;
  gsize    payload_length;    /* without padding */

  /* The RFC 6464 extension with the id asked for, one-byte (0xBEDE) or two-byte form. */
  gboolean has_audio_level;
  guint8   level;             /* 0 (0 dBov, loudest) .. 127 (-127 dBov, silence) */
  gboolean voice_activity;    /* the V bit */
} CvnRtpAudioInfo;

/* Classifies @data and, for RTP, fills @info (may be NULL). Reads at most @length bytes and
 * never trusts a length field. For RTCP only the first packet's header is checked. */
CvnRtpPacketKind cvn_rtp_audio_parse (const guint8    *data,
                                      gsize            length,
                                      guint8           audio_level_id,
                                      CvnRtpAudioInfo *info);

/* The level as a linear 0..1 value the way tgcalls reports it: 1 - level / 127. */
static inline double
cvn_rtp_audio_level_to_norm (guint8 level)
{
  return 1.0 - (double) MIN (level, 127) / 127.0;
}

G_END_DECLS
