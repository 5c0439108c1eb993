/* cvn-sandbox-voice.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-sandbox-voice.h"
#include "cvn-sandbox-private.h"
#include "cvn-sandbox-sfu.h"

#include "cvn-audio-level.h"
#include "cvn-media-types.h"
#include "cvn-opus-clip.h"
#include "cvn-rtc-router.h"

#include <math.h>
#include <string.h>

#define N_TIMBRES      6
#define CLIP_SECONDS   2
#define FRAME_US       20000
#define MAX_CATCH_UP   5      /* frames sent at once after a late tick; more are skipped */
#define SILENCE_FRAMES 10

typedef struct
{
  GPtrArray *packets;   /* GBytes: Opus, 20 ms each */
  GArray    *levels;    /* guint8 per packet: -dBov of its frame */
} Clip;

typedef struct
{
  guint32       ssrc;
  CvnRtcRouter *router;    /* the router its source is reserved in */
  guint         timbre;
  guint16       seq;
  guint32       timestamp;
  guint         position;
  gboolean      speaking;
  gboolean      seen;
} Voice;

struct _CvnSandboxVoice
{
  GObject          parent_instance;

  CvnSandboxWorld *world;   /* not owned: the world owns us */
  CvnSandboxSfu   *sfu;
  GRand           *rand;    /* sequence numbers and timestamps, from the seed */
  Clip            *clips[N_TIMBRES];
  Clip            *silence;
  GHashTable      *calls;   /* gint64* call id -> GHashTable (source -> Voice*) */
  GSource         *timer;
  gint64           started_us;
  guint64          n_frames;
  guint64          n_packets;
  guint64          n_speaking_packets;
};

G_DEFINE_FINAL_TYPE (CvnSandboxVoice, cvn_sandbox_voice, G_TYPE_OBJECT)

static void
clip_free (Clip *clip)
{
  if (clip == NULL)
    return;
  g_ptr_array_unref (clip->packets);
  g_array_unref (clip->levels);
  g_free (clip);
}

static void
voice_free (Voice *voice)
{
  cvn_rtc_router_remove_local_source (voice->router, voice->ssrc);
  g_object_unref (voice->router);
  g_free (voice);
}

static guint
pitch_of_timbre (guint timbre)
{
  return 120 + 25 * timbre;   /* whole cycles in a clip: it loops without a click */
}

static guint
timbre_of (CvnSandboxVoice *self,
           guint32          source)
{
  guint64 seed = cvn_sandbox_world_get_seed (self->world);
  guint32 h = (guint32) (seed * 0x9E3779B97F4A7C15ull >> 32) ^ (source * 2654435761u);

  h ^= h >> 15;
  h *= 0x2c1b3c6du;
  h ^= h >> 12;
  return h % N_TIMBRES;
}

static Clip *
make_clip (guint    pitch,
           gboolean silent,
           GError **error)
{
  gsize n = silent ? SILENCE_FRAMES * CVN_OPUS_CLIP_FRAME_SAMPLES : CLIP_SECONDS * CVN_OPUS_CLIP_RATE;
  g_autofree gint16 *pcm = g_new0 (gint16, n);
  double phase = 0;
  Clip *clip;

  for (gsize i = 0; !silent && i < n; i++)
    {
      double t = (double) i / CVN_OPUS_CLIP_RATE;
      /* syllables: 2.5 a second, never quite silent; vibrato 5 Hz, 2 % */
      double envelope = 0.35 + 0.65 * fabs (sin (G_PI * 2.5 * t));
      double sample = 0;

      phase += 2 * G_PI * pitch * (1 + 0.02 * sin (2 * G_PI * 5 * t)) / CVN_OPUS_CLIP_RATE;
      for (guint h = 1; h <= 5; h++)
        sample += sin (h * phase) / h;
      pcm[i] = (gint16) (0.25 * 32767 * envelope * sample / 1.6);
    }
  clip = g_new0 (Clip, 1);
  clip->packets = cvn_opus_clip_encode (pcm, n, error);
  if (clip->packets == NULL)
    {
      g_free (clip);
      return NULL;
    }
  clip->levels = g_array_new (FALSE, FALSE, sizeof (guint8));
  for (guint f = 0; f < clip->packets->len; f++)
    {
      gsize start = MIN ((gsize) f * CVN_OPUS_CLIP_FRAME_SAMPLES, n - CVN_OPUS_CLIP_FRAME_SAMPLES);
      guint8 level = silent ? 127 : cvn_audio_level_from_s16 (pcm + start, CVN_OPUS_CLIP_FRAME_SAMPLES);

      g_array_append_val (clip->levels, level);
    }
  return clip;
}

static Clip *
clip_for (CvnSandboxVoice *self,
          guint            timbre)
{
  g_autoptr(GError) error = NULL;

  if (self->clips[timbre] == NULL)
    {
      self->clips[timbre] = make_clip (pitch_of_timbre (timbre), FALSE, &error);
      if (self->clips[timbre] == NULL)
        g_warning ("sandbox voices: %s", error->message);
    }
  return self->clips[timbre];
}

/* One packet: RTP header with the one-byte extension header (RFC 8285) carrying id 1, the
 * audio level and V bit (RFC 6464), then the Opus packet. */
static void
send_frame (CvnSandboxVoice *self,
            Voice           *voice,
            Clip            *clip)
{
  guint8 packet[1500];
  gsize len, payload_len;
  guint index = voice->position % clip->packets->len;
  const guint8 *payload = g_bytes_get_data (g_ptr_array_index (clip->packets, index), &payload_len);
  guint8 level = g_array_index (clip->levels, guint8, index);

  if (payload_len > sizeof packet - 20)
    return;
  packet[0] = 0x90;                                  /* V=2, X=1 */
  packet[1] = CVN_MEDIA_OPUS_PAYLOAD_TYPE & 0x7f;
  packet[2] = voice->seq >> 8;
  packet[3] = voice->seq & 0xff;
  packet[4] = voice->timestamp >> 24;
  packet[5] = voice->timestamp >> 16;
  packet[6] = voice->timestamp >> 8;
  packet[7] = voice->timestamp & 0xff;
  packet[8] = voice->ssrc >> 24;
  packet[9] = voice->ssrc >> 16;
  packet[10] = voice->ssrc >> 8;
  packet[11] = voice->ssrc & 0xff;
  packet[12] = 0xbe;                                 /* one-byte header extensions */
  packet[13] = 0xde;
  packet[14] = 0;
  packet[15] = 1;                                    /* one 32-bit word */
  packet[16] = CVN_MEDIA_AUDIO_LEVEL_EXT_ID << 4;    /* id 1, one byte */
  packet[17] = (voice->speaking ? 0x80 : 0) | (level & 0x7f);
  packet[18] = 0;
  packet[19] = 0;
  memcpy (packet + 20, payload, payload_len);
  len = 20 + payload_len;

  cvn_rtc_router_send_local_rtp (voice->router, packet, len);
  voice->seq++;
  voice->timestamp += CVN_OPUS_CLIP_FRAME_SAMPLES;
  voice->position++;
  self->n_packets++;
  if (voice->speaking)
    self->n_speaking_packets++;
}

static gboolean
call_voices_remove_unseen (gpointer key,
                           gpointer value,
                           gpointer user_data)
{
  Voice *voice = value;
  gboolean remove = !voice->seen;

  voice->seen = FALSE;
  return remove;
}

static gboolean
call_empty (gpointer key,
            gpointer value,
            gpointer user_data)
{
  return g_hash_table_size (value) == 0;
}

static void
step (CvnSandboxVoice *self)
{
  g_autoptr(GArray) ids = cvn_sandbox_sfu_get_call_ids (self->sfu);
  gint32 now = cvn_sandbox_world_now (self->world);
  GHashTableIter iter;
  gpointer value;

  for (guint i = 0; i < ids->len; i++)
    {
      gint64 call_id = g_array_index (ids, gint64, i);
      CvnRtcRouter *router = cvn_sandbox_sfu_get_router (self->sfu, call_id);
      CvnSandboxCall *call = cvn_sandbox_world_get_call (self->world, call_id);
      GHashTable *voices;

      if (router == NULL || cvn_rtc_router_get_n_transports (router) == 0 || call == NULL ||
          call->discarded || call->schedule_date != 0 || call->rtmp_stream)
        continue;
      voices = g_hash_table_lookup (self->calls, &call_id);
      if (voices == NULL)
        {
          voices = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) voice_free);
          g_hash_table_insert (self->calls, g_memdup2 (&call_id, sizeof call_id), voices);
        }
      for (guint k = 0; k < call->participants->len; k++)
        {
          CvnSandboxParticipant *p = g_ptr_array_index (call->participants, k);
          Voice *voice;
          Clip *clip;

          if (!p->simulated || p->muted || p->source == 0)
            continue;
          voice = g_hash_table_lookup (voices, GUINT_TO_POINTER (p->source));
          if (voice != NULL && voice->router != router)
            {
              g_hash_table_remove (voices, GUINT_TO_POINTER (p->source));
              voice = NULL;
            }
          if (voice == NULL)
            {
              g_autoptr(GError) error = NULL;

              if (!cvn_rtc_router_add_local_source (router, p->source, &error))
                {
                  g_debug ("sandbox voices: call %" G_GINT64_FORMAT ": %s", call_id, error->message);
                  continue;
                }
              voice = g_new0 (Voice, 1);
              voice->ssrc = p->source;
              voice->router = g_object_ref (router);
              voice->timbre = timbre_of (self, p->source);
              voice->seq = g_rand_int (self->rand) & 0xffff;
              voice->timestamp = g_rand_int (self->rand);
              voice->position = g_rand_int_range (self->rand, 0, CLIP_SECONDS * 50);
              g_hash_table_insert (voices, GUINT_TO_POINTER (p->source), voice);
            }
          voice->seen = TRUE;
          voice->speaking = p->active_date != 0 && now - p->active_date < CVN_SANDBOX_VOICE_TALK_SECONDS &&
                            now >= p->active_date;
          clip = voice->speaking ? clip_for (self, voice->timbre) : self->silence;
          if (clip != NULL)
            send_frame (self, voice, clip);
        }
    }
  /* voices of participants who left, muted themselves, or whose call went */
  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_hash_table_foreach_remove (value, call_voices_remove_unseen, NULL);
  g_hash_table_foreach_remove (self->calls, call_empty, NULL);
}

static gboolean
tick_cb (gpointer user_data)
{
  CvnSandboxVoice *self = user_data;
  guint64 due = (g_get_monotonic_time () - self->started_us) / FRAME_US;

  if (due > self->n_frames + MAX_CATCH_UP)
    self->n_frames = due - MAX_CATCH_UP;   /* far behind (a stopped process): skip */
  while (self->n_frames < due)
    {
      step (self);
      self->n_frames++;
    }
  return G_SOURCE_CONTINUE;
}

guint
cvn_sandbox_voice_get_n_voices (CvnSandboxVoice *self)
{
  GHashTableIter iter;
  gpointer value;
  guint n = 0;

  g_return_val_if_fail (CVN_IS_SANDBOX_VOICE (self), 0);
  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    n += g_hash_table_size (value);
  return n;
}

guint64
cvn_sandbox_voice_get_n_packets (CvnSandboxVoice *self)
{
  g_return_val_if_fail (CVN_IS_SANDBOX_VOICE (self), 0);
  return self->n_packets;
}

guint64
cvn_sandbox_voice_get_n_speaking_packets (CvnSandboxVoice *self)
{
  g_return_val_if_fail (CVN_IS_SANDBOX_VOICE (self), 0);
  return self->n_speaking_packets;
}

gboolean
cvn_sandbox_voice_is_speaking (CvnSandboxVoice *self,
                               gint64           call_id,
                               guint32          source)
{
  GHashTable *voices;
  Voice *voice;

  g_return_val_if_fail (CVN_IS_SANDBOX_VOICE (self), FALSE);
  voices = g_hash_table_lookup (self->calls, &call_id);
  voice = voices != NULL ? g_hash_table_lookup (voices, GUINT_TO_POINTER (source)) : NULL;
  return voice != NULL && voice->speaking;
}

guint
cvn_sandbox_voice_get_pitch (CvnSandboxVoice *self,
                             guint32          source)
{
  g_return_val_if_fail (CVN_IS_SANDBOX_VOICE (self), 0);
  return pitch_of_timbre (timbre_of (self, source));
}

CvnSandboxVoice *
cvn_sandbox_voice_new (CvnSandboxWorld *world,
                       CvnSandboxSfu   *sfu,
                       GError         **error)
{
  g_autoptr(CvnSandboxVoice) self = NULL;

  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (world), NULL);
  g_return_val_if_fail (CVN_IS_SANDBOX_SFU (sfu), NULL);

  self = g_object_new (CVN_TYPE_SANDBOX_VOICE, NULL);
  self->world = world;
  self->sfu = g_object_ref (sfu);
  self->rand = g_rand_new_with_seed ((guint32) (cvn_sandbox_world_get_seed (world) ^ 0x766f6963u));
  /* the silence now: it tells at once whether Opus encoding works here */
  self->silence = make_clip (0, TRUE, error);
  if (self->silence == NULL)
    return NULL;
  self->started_us = g_get_monotonic_time ();
  self->timer = g_timeout_source_new (FRAME_US / 1000);
  g_source_set_priority (self->timer, G_PRIORITY_HIGH);
  g_source_set_callback (self->timer, tick_cb, self, NULL);
  g_source_attach (self->timer, g_main_context_get_thread_default ());
  return g_steal_pointer (&self);
}

static void
cvn_sandbox_voice_dispose (GObject *object)
{
  CvnSandboxVoice *self = CVN_SANDBOX_VOICE (object);

  if (self->timer != NULL)
    {
      g_source_destroy (self->timer);
      g_clear_pointer (&self->timer, g_source_unref);
    }
  if (self->calls != NULL)
    g_hash_table_remove_all (self->calls);
  g_clear_object (&self->sfu);
  G_OBJECT_CLASS (cvn_sandbox_voice_parent_class)->dispose (object);
}

static void
cvn_sandbox_voice_finalize (GObject *object)
{
  CvnSandboxVoice *self = CVN_SANDBOX_VOICE (object);

  for (guint i = 0; i < N_TIMBRES; i++)
    clip_free (self->clips[i]);
  clip_free (self->silence);
  g_clear_pointer (&self->calls, g_hash_table_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  G_OBJECT_CLASS (cvn_sandbox_voice_parent_class)->finalize (object);
}

static void
cvn_sandbox_voice_class_init (CvnSandboxVoiceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cvn_sandbox_voice_dispose;
  object_class->finalize = cvn_sandbox_voice_finalize;
}

static void
cvn_sandbox_voice_init (CvnSandboxVoice *self)
{
  self->calls = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free,
                                       (GDestroyNotify) g_hash_table_unref);
}
