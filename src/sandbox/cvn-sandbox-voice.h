/* cvn-sandbox-voice.h: the voices of a world's simulated participants.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every simulated participant that is unmuted in a live video chat (not an RTMP stream)
 * whose SFU router has a client sends Opus (PT 111, 48 kHz, 20 ms, in-band FEC) on its audio
 * source into the router, with the RFC 6464 audio level (header extension id 1): its voice
 * and the V bit while it speaks (CVN_SANDBOX_VOICE_TALK_SECONDS after its active_date, which
 * the simulation's speak events and the `speak` command set), silence with V clear
 * otherwise. Muted participants and listeners send nothing. Each voice is a distinct
 * vowel-like sound (a fundamental between 120 and 245 Hz with harmonics, a slight vibrato and
 * a syllable rhythm) chosen from the world's seed and the source, encoded once and looped:
 * only RTP headers are written per packet.
 */
#pragma once

#include <glib-object.h>

#include "cvn-sandbox-world.h"

G_BEGIN_DECLS

/* How long a participant speaks after its active_date (seconds of the world's clock). */
#define CVN_SANDBOX_VOICE_TALK_SECONDS 4

#define CVN_TYPE_SANDBOX_VOICE (cvn_sandbox_voice_get_type ())
G_DECLARE_FINAL_TYPE (CvnSandboxVoice, cvn_sandbox_voice, CVN, SANDBOX_VOICE, GObject)

/* Starts sending at once (a 20 ms timer on the thread-default main context). */
CvnSandboxVoice *cvn_sandbox_voice_new              (CvnSandboxWorld *world,
                                                     CvnSandboxSfu   *sfu,
                                                     GError         **error);
/* Voices sending now, packets sent (to the router) since creation, of which while speaking. */
guint            cvn_sandbox_voice_get_n_voices     (CvnSandboxVoice *self);
guint64          cvn_sandbox_voice_get_n_packets    (CvnSandboxVoice *self);
guint64          cvn_sandbox_voice_get_n_speaking_packets (CvnSandboxVoice *self);
/* Is the participant with audio @source in @call_id sending its voice (TRUE) or silence? */
gboolean         cvn_sandbox_voice_is_speaking      (CvnSandboxVoice *self,
                                                     gint64           call_id,
                                                     guint32          source);
/* The fundamental frequency of the voice of @source (Hz): tests can listen for it. */
guint            cvn_sandbox_voice_get_pitch        (CvnSandboxVoice *self,
                                                     guint32          source);

G_END_DECLS
