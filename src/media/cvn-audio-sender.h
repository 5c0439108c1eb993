/* cvn-audio-sender.h: the outgoing voice of a call, microphone to Opus RTP packets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "cvn-media-types.h"

G_BEGIN_DECLS

#define CVN_TYPE_AUDIO_SENDER (cvn_audio_sender_get_type ())

G_DECLARE_FINAL_TYPE (CvnAudioSender, cvn_audio_sender, CVN, AUDIO_SENDER, GObject)

/* @ssrc: the audio SSRC of the join payload (non-zero). The capture source is
 * CVN_AUDIOSRC (a gst-launch description, e.g. "audiotestsrc freq=440 is-live=true") or
 * autoaudiosrc; see the "source" property to set it per object. The state and the
 * "audio-level" signal (our own level) are reported on the thread-default main context of
 * the thread that made the object. */
CvnAudioSender *cvn_audio_sender_new                   (guint32             ssrc);

guint32         cvn_audio_sender_get_ssrc              (CvnAudioSender     *self);

/* Builds the pipeline and starts it: the state goes to PENDING, then PLAYING or FAILED. */
gboolean        cvn_audio_sender_start                 (CvnAudioSender     *self,
                                                        GError            **error);
void            cvn_audio_sender_stop                  (CvnAudioSender     *self);

CvnMediaState   cvn_audio_sender_get_state             (CvnAudioSender     *self);
/* The reason of the FAILED state, or NULL. */
const GError   *cvn_audio_sender_get_error             (CvnAudioSender     *self);

/* While muted not a single packet leaves the sender. */
gboolean        cvn_audio_sender_get_muted             (CvnAudioSender     *self);
void            cvn_audio_sender_set_muted             (CvnAudioSender     *self,
                                                        gboolean            muted);

/* webrtcdsp noise suppression, high-pass filter, gain control and voice detection (and
 * echo cancellation when "echo-probe-name" names the receiver's webrtcechoprobe). Ignored
 * when the element is not installed (see cvn_audio_sender_has_processing()). Changing it
 * while running restarts the capture, keeping the RTP sequence. */
gboolean        cvn_audio_sender_get_processing_enabled (CvnAudioSender    *self);
void            cvn_audio_sender_set_processing_enabled (CvnAudioSender    *self,
                                                         gboolean           enabled);
gboolean        cvn_audio_sender_has_processing        (void);

/* Every packet the sender produces, RTP and RTCP (our sender reports), goes to @func, on a
 * streaming thread, with an internal lock held: @func must not call back into the sender. */
void            cvn_audio_sender_set_packet_func       (CvnAudioSender     *self,
                                                        CvnMediaPacketFunc  func,
                                                        gpointer            user_data,
                                                        GDestroyNotify      destroy);

/* Hands RTCP from the peer (receiver reports about our stream) to the sender's RTP
 * session. Thread-safe. Returns FALSE if it is not RTCP or the sender is not running. */
gboolean        cvn_audio_sender_push_rtcp             (CvnAudioSender     *self,
                                                        GBytes             *packet);

/* RTP packets handed to the packet function since construction. Thread-safe. */
guint64         cvn_audio_sender_get_packets_sent      (CvnAudioSender     *self);

G_END_DECLS
