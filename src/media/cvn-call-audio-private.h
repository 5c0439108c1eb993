/* cvn-call-audio-private.h: for tests and benchmarks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-audio-receiver.h"
#include "cvn-audio-sender.h"
#include "cvn-call-audio.h"
#include "cvn-rtc-transport.h"

G_BEGIN_DECLS

/* The current objects (transfer none), or NULL before a join payload was made. */
CvnRtcTransport  *cvn_call_audio_get_transport (CvnCallAudio *self);
CvnAudioSender   *cvn_call_audio_get_sender    (CvnCallAudio *self);
CvnAudioReceiver *cvn_call_audio_get_receiver  (CvnCallAudio *self);

/* Outgoing packets dropped because the transport was not connected-secure yet (or the
 * queue to the transport's context was full). */
guint64           cvn_call_audio_get_dropped_count (CvnCallAudio *self);

G_END_DECLS
