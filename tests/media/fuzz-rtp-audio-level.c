/* fuzz-rtp-audio-level.c: libFuzzer target for the RTP/RTCP packet reader and its RFC 6464
 * header extension parser (cvn_rtp_audio_parse), which sees every packet from the network.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-rtp-audio-level.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  CvnRtpAudioInfo info;
  guint8 *copy;

  /* An exact-size heap copy, so ASan catches any read past the end. */
  copy = g_memdup2 (data, size);

  /* The id Telegram uses, and one taken from the input to reach the other branches
   * (one-byte ids 1..14, two-byte ids up to 255). */
  for (guint pass = 0; pass < 2; pass++)
    {
      guint8 id = pass == 0 ? 1 : (size > 0 ? copy[size - 1] : 0);
      CvnRtpPacketKind kind = cvn_rtp_audio_parse (copy, size, id, &info);

      if (kind == CVN_RTP_PACKET_RTP)
        {
          if (info.payload_offset > size || info.payload_length > size - info.payload_offset)
            abort ();
          if (info.has_audio_level && info.level > 127)
            abort ();
        }
    }

  g_free (copy);
  return 0;
}
