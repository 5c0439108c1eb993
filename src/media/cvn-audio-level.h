/* cvn-audio-level.h: the audio level of raw samples (RFC 6464 units), a small energy voice
 * detector for the V bit, and the "speaking" hysteresis. Pure code, no GStreamer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The RMS level of @n_samples signed 16-bit samples as -dBov, rounded and clamped to
 * 0 (full scale) .. 127 (silence), the unit of the RFC 6464 level field. */
guint8   cvn_audio_level_from_s16 (const gint16 *samples,
                                   gsize         n_samples);

/* An energy voice detector with an adaptive noise floor and a hangover. A frame is voice
 * when it is louder than CVN_VOICE_MIN_DBOV and clearly above the noise floor; the decision
 * stays on for CVN_VOICE_HANGOVER_MS after the last voiced frame. A stationary sound slowly
 * becomes "noise" (the floor rises by about 1 dB per second). */
#define CVN_VOICE_MIN_DBOV       (-50.0)
#define CVN_VOICE_ABOVE_FLOOR_DB 9.0
#define CVN_VOICE_HANGOVER_MS    300

typedef struct
{
  double noise_floor_dbov;
  guint  hangover_left_ms;
  gboolean initialized;
} CvnVoiceDetector;

void     cvn_voice_detector_reset  (CvnVoiceDetector *detector);
gboolean cvn_voice_detector_update (CvnVoiceDetector *detector,
                                    guint8            level,
                                    guint             duration_ms);

/* "Speaking" from the ~10 Hz level reports of one source (research §6.2, after tdesktop):
 * it starts on a report with the V bit set and a linear level (1 - level/127) of at least
 * CVN_SPEAKING_START_LEVEL, and ends when no report has held voice at
 * CVN_SPEAKING_KEEP_LEVEL or more for CVN_SPEAKING_HOLD_MS. */
#define CVN_SPEAKING_START_LEVEL 0.2
#define CVN_SPEAKING_KEEP_LEVEL  0.1
#define CVN_SPEAKING_HOLD_MS     350

typedef struct
{
  gboolean speaking;
  gint64   last_active_us;
} CvnSpeakingTracker;

/* Feeds one report taken at @now_us (monotonic). Returns TRUE if tracker->speaking changed. */
gboolean cvn_speaking_tracker_update (CvnSpeakingTracker *tracker,
                                      gint64              now_us,
                                      double              level_norm,
                                      gboolean            voice_activity);

/* Time passing without any report (the source went quiet). Returns TRUE on a change. */
gboolean cvn_speaking_tracker_tick   (CvnSpeakingTracker *tracker,
                                      gint64              now_us);

G_END_DECLS
