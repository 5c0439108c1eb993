/* cvn-audio-receiver-private.h: for tests and benchmarks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

#include "cvn-audio-receiver.h"

G_BEGIN_DECLS

/* The running pipeline (transfer none), or NULL. */
GstElement *cvn_audio_receiver_get_pipeline  (CvnAudioReceiver *self);

/* The number of decoding branches, one per SSRC rtpbin has a pad for. Thread-safe. */
guint       cvn_audio_receiver_get_n_streams (CvnAudioReceiver *self);

G_END_DECLS
