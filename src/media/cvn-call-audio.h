/* cvn-call-audio.h: the voice of one group call over a real transport.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Owns one CvnRtcTransport (client role), one CvnAudioSender (on the join payload's audio
 * SSRC) and one CvnAudioReceiver, and wires them: the sender's RTP/RTCP and the receiver's
 * RTCP go out through the transport (protected there), what the transport receives goes to
 * the receiver (and peer RTCP to the sender too).
 *
 *   audio = cvn_call_audio_new (NULL);
 *   json = cvn_call_audio_create_join_payload (audio, &error);
 *   ... phone.joinGroupCall (params = json) ... updateGroupCallConnection.params ...
 *   cvn_call_audio_start (audio, answer_json, &error);
 *
 * A rejoin calls cvn_call_audio_create_join_payload() again: it stops what runs and makes a
 * new transport (new ICE credentials, certificate and audio SSRC). Everything (:state, the
 * signals) happens on the GMainContext given at construction.
 */
#pragma once

#include <glib-object.h>

#include "cvn-rtc-data-channel.h"

G_BEGIN_DECLS

typedef enum
{
  CVN_CALL_AUDIO_STATE_IDLE,        /* nothing started (or stopped) */
  CVN_CALL_AUDIO_STATE_CONNECTING,  /* started; ICE and DTLS on their way */
  CVN_CALL_AUDIO_STATE_CONNECTED,   /* the transport is connected-secure: voices flow */
  CVN_CALL_AUDIO_STATE_FAILED,      /* see cvn_call_audio_get_error() */
} CvnCallAudioState;

GType cvn_call_audio_state_get_type (void) G_GNUC_CONST;
#define CVN_TYPE_CALL_AUDIO_STATE (cvn_call_audio_state_get_type ())

#define CVN_TYPE_CALL_AUDIO (cvn_call_audio_get_type ())
G_DECLARE_FINAL_TYPE (CvnCallAudio, cvn_call_audio, CVN, CALL_AUDIO, GObject)

/* @context: where the transport runs and the signals are emitted (NULL: the thread-default
 * context now). Construct properties: "source" / "sink" (as CvnAudioSender's and
 * CvnAudioReceiver's; NULL: CVN_AUDIOSRC / CVN_AUDIOSINK or the automatic devices),
 * "latency" (the receiver's, ms) and "local-address" (the only address ICE uses; NULL:
 * every interface). */
CvnCallAudio      *cvn_call_audio_new                 (GMainContext  *context);

/* A fresh transport and its join payload as JSON for phone.joinGroupCall's params.
 * Stops whatever ran before. */
char              *cvn_call_audio_create_join_payload (CvnCallAudio  *self,
                                                       GError       **error);
/* Connects to the SFU of @answer_json (updateGroupCallConnection.params, an RTC answer) and
 * starts capture and playback. :state goes to connecting, then connected or failed. */
gboolean           cvn_call_audio_start               (CvnCallAudio  *self,
                                                       const char    *answer_json,
                                                       GError       **error);
/* Stops media and closes the transport; :state becomes idle. */
void               cvn_call_audio_stop                (CvnCallAudio  *self);

CvnCallAudioState  cvn_call_audio_get_state           (CvnCallAudio  *self);
/* Why :state is failed (a CVN_RTC_ERROR from the transport, such as a fingerprint
 * mismatch, or a CVN_MEDIA_ERROR from a pipeline), NULL otherwise. */
const GError      *cvn_call_audio_get_error           (CvnCallAudio  *self);
/* Why the microphone (capture) or the speaker (playback) could not be used, NULL while it
 * works (properties "capture-error" / "playback-error", notifying). Either costs only its
 * direction: the call stays up, listen-only or without sound, and :state does not fail. */
const GError      *cvn_call_audio_get_capture_error   (CvnCallAudio  *self);
const GError      *cvn_call_audio_get_playback_error  (CvnCallAudio  *self);

/* The audio SSRC of the current join payload, 0 before one was made. */
guint32            cvn_call_audio_get_ssrc            (CvnCallAudio  *self);

/* The data channel "data" of the current transport (transfer none; NULL before a join
 * payload was made). It opens by itself once the transport is connected-secure and sends
 * "no video" ReceiverVideoConstraints until cvn_rtc_data_channel_set_receiver_constraints()
 * says otherwise; its ::message-received brings the SFU's messages. */
CvnRtcDataChannel *cvn_call_audio_get_data_channel    (CvnCallAudio  *self);
/* While muted nothing of ours is sent. Kept across rejoins. */
gboolean           cvn_call_audio_get_muted           (CvnCallAudio  *self);
void               cvn_call_audio_set_muted           (CvnCallAudio  *self,
                                                       gboolean       muted);

G_END_DECLS
