/* cvn-opus-clip.h: encoding a short clip of audio into Opus packets ahead of time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For voices that are played in a loop without an encoder running (the sandbox's simulated
 * participants): the packets are made once, with the sender's settings (20 ms frames,
 * 32 kbit/s, voice, in-band FEC for 10 % expected loss, no DTX), and sent again and again.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_OPUS_CLIP_RATE          48000
#define CVN_OPUS_CLIP_FRAME_SAMPLES 960   /* 20 ms at 48 kHz */

/* Encodes @n_samples of 48 kHz mono signed 16-bit audio (a whole number of 20 ms frames).
 * Returns the Opus packets, one GBytes per 20 ms frame, in order; a CVN_MEDIA_ERROR if
 * GStreamer or its Opus plugin is missing. Synchronous: a second of audio takes a few ms. */
GPtrArray *cvn_opus_clip_encode (const gint16  *pcm,
                                 gsize          n_samples,
                                 GError       **error);

G_END_DECLS
