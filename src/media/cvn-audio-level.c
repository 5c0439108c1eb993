/* cvn-audio-level.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-audio-level.h"

#include <math.h>

guint8
cvn_audio_level_from_s16 (const gint16 *samples,
                          gsize         n_samples)
{
  double sum = 0.0;
  double rms, dbov;

  if (samples == NULL || n_samples == 0)
    return 127;

  for (gsize i = 0; i < n_samples; i++)
    {
      double s = samples[i] / 32768.0;
      sum += s * s;
    }
  rms = sqrt (sum / n_samples);
  if (rms <= 0.0)
    return 127;
  dbov = 20.0 * log10 (rms);
  if (dbov >= 0.0)
    return 0;
  if (dbov <= -127.0)
    return 127;
  return (guint8) lround (-dbov);
}

void
cvn_voice_detector_reset (CvnVoiceDetector *detector)
{
  detector->noise_floor_dbov = -60.0;
  detector->hangover_left_ms = 0;
  detector->initialized = TRUE;
}

gboolean
cvn_voice_detector_update (CvnVoiceDetector *detector,
                           guint8            level,
                           guint             duration_ms)
{
  double dbov = -(double) level;
  gboolean voiced;

  if (!detector->initialized)
    cvn_voice_detector_reset (detector);

  voiced = dbov >= CVN_VOICE_MIN_DBOV &&
           dbov >= detector->noise_floor_dbov + CVN_VOICE_ABOVE_FLOOR_DB;

  /* The floor follows quiet frames down at once and creeps up slowly, so speech pauses
   * pull it to the background and a steady sound eventually counts as background. */
  if (dbov < detector->noise_floor_dbov)
    detector->noise_floor_dbov = MAX (dbov, -100.0);
  else
    detector->noise_floor_dbov = MIN (detector->noise_floor_dbov + duration_ms / 1000.0, 0.0);

  if (voiced)
    detector->hangover_left_ms = CVN_VOICE_HANGOVER_MS;
  else if (detector->hangover_left_ms > duration_ms)
    detector->hangover_left_ms -= duration_ms;
  else
    detector->hangover_left_ms = 0;

  return voiced || detector->hangover_left_ms > 0;
}

gboolean
cvn_speaking_tracker_update (CvnSpeakingTracker *tracker,
                             gint64              now_us,
                             double              level_norm,
                             gboolean            voice_activity)
{
  double threshold = tracker->speaking ? CVN_SPEAKING_KEEP_LEVEL : CVN_SPEAKING_START_LEVEL;

  if (voice_activity && level_norm >= threshold)
    {
      tracker->last_active_us = now_us;
      if (!tracker->speaking)
        {
          tracker->speaking = TRUE;
          return TRUE;
        }
      return FALSE;
    }
  return cvn_speaking_tracker_tick (tracker, now_us);
}

gboolean
cvn_speaking_tracker_tick (CvnSpeakingTracker *tracker,
                           gint64              now_us)
{
  if (tracker->speaking &&
      now_us - tracker->last_active_us >= (gint64) CVN_SPEAKING_HOLD_MS * 1000)
    {
      tracker->speaking = FALSE;
      return TRUE;
    }
  return FALSE;
}
