/* cvn-audio-receiver.h: the incoming voices of a call, Opus RTP packets to the speaker.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "cvn-media-types.h"

G_BEGIN_DECLS

#define CVN_TYPE_AUDIO_RECEIVER (cvn_audio_receiver_get_type ())

G_DECLARE_FINAL_TYPE (CvnAudioReceiver, cvn_audio_receiver, CVN, AUDIO_RECEIVER, GObject)

typedef struct
{
  guint64 rtp_packets;      /* accepted and handed to the pipeline */
  guint64 rtcp_packets;
  guint64 malformed;        /* dropped: not version 2, truncated, lengths that do not add up */
  guint64 unknown_payload;  /* dropped: RTP with a payload type other than 111 */
  guint64 not_running;      /* dropped: arrived while the receiver was not started */
} CvnAudioReceiverStats;

/* @local_ssrc: our own audio SSRC, used as the sender SSRC of our receiver reports (0: a
 * random one). The sink is CVN_AUDIOSINK (a gst-launch description) or autoaudiosink;
 * see the "sink" property to set it per object. Signals are emitted on the thread-default
 * main context of the thread that made the object. */
CvnAudioReceiver *cvn_audio_receiver_new             (guint32                 local_ssrc);

gboolean          cvn_audio_receiver_start           (CvnAudioReceiver       *self,
                                                      GError                **error);
void              cvn_audio_receiver_stop            (CvnAudioReceiver       *self);

CvnMediaState     cvn_audio_receiver_get_state       (CvnAudioReceiver       *self);
const GError     *cvn_audio_receiver_get_error       (CvnAudioReceiver       *self);

/* Hands one decrypted packet (RTP, or RTCP multiplexed on the same transport) to the
 * receiver. Thread-safe. Returns FALSE if it was dropped (counted in the stats). */
gboolean          cvn_audio_receiver_push_packet     (CvnAudioReceiver       *self,
                                                      GBytes                 *packet);

/* RTCP (receiver reports) the receiver wants sent goes to @func, on a streaming thread. */
void              cvn_audio_receiver_set_packet_func (CvnAudioReceiver       *self,
                                                      CvnMediaPacketFunc      func,
                                                      gpointer                user_data,
                                                      GDestroyNotify          destroy);

void              cvn_audio_receiver_get_stats       (CvnAudioReceiver       *self,
                                                      CvnAudioReceiverStats  *stats);

/* Whether the source @ssrc is speaking right now (see the speaking-changed signal). */
gboolean          cvn_audio_receiver_is_speaking     (CvnAudioReceiver       *self,
                                                      guint32                 ssrc);

G_END_DECLS
