/* cvn-call-audio.c
 *
 *   CvnAudioSender ──packet func (streaming thread)──► Outbox ──idle on context──► transport
 *   CvnAudioReceiver (RTCP) ─────────────────────────►   (queue)                 send_rtp/rtcp
 *   transport ::rtp-received / ::rtcp-received (context) ──► receiver push_packet
 *                                     ::rtcp-received ──► sender push_rtcp
 *
 * The transport is not thread-safe: it is only touched on its GMainContext. The packet
 * functions run on GStreamer streaming threads with the media object's lock held, so they
 * only append to a bounded queue and, when the queue was empty, attach one idle source to
 * the context that drains it. The queue (Outbox) is reference counted apart from the
 * CvnCallAudio: a streaming thread or a pending idle may outlive a stop, and then finds it
 * closed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-call-audio.h"
#include "cvn-call-audio-private.h"
#include "cvn-media-error.h"
#include "cvn-media-private.h"
#include "cvn-rtc-answer.h"
#include "cvn-rtc-error.h"

/* 50 packets/s of audio plus RTCP: a second and more of backlog before dropping. */
#define OUTBOX_MAX_PACKETS 128

G_DEFINE_ENUM_TYPE (CvnCallAudioState, cvn_call_audio_state,
  G_DEFINE_ENUM_VALUE (CVN_CALL_AUDIO_STATE_IDLE, "idle"),
  G_DEFINE_ENUM_VALUE (CVN_CALL_AUDIO_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (CVN_CALL_AUDIO_STATE_CONNECTED, "connected"),
  G_DEFINE_ENUM_VALUE (CVN_CALL_AUDIO_STATE_FAILED, "failed"))

/* --- the outbox: streaming threads -> the transport's context ------------------------- */

typedef struct
{
  GBytes   *bytes;
  gboolean  is_rtcp;
} OutPacket;

typedef struct
{
  gatomicrefcount  ref_count;
  GMutex           lock;
  GMainContext    *context;
  CvnRtcTransport *transport;  /* NULL once closed; only used on the context */
  GQueue           packets;    /* of OutPacket */
  gboolean         scheduled;  /* an idle source will drain the queue */
  guint64          dropped;
} Outbox;

static void
out_packet_free (OutPacket *packet)
{
  g_bytes_unref (packet->bytes);
  g_free (packet);
}

static Outbox *
outbox_new (GMainContext    *context,
            CvnRtcTransport *transport)
{
  Outbox *outbox = g_new0 (Outbox, 1);

  g_atomic_ref_count_init (&outbox->ref_count);
  g_mutex_init (&outbox->lock);
  outbox->context = g_main_context_ref (context);
  outbox->transport = g_object_ref (transport);
  g_queue_init (&outbox->packets);
  return outbox;
}

static Outbox *
outbox_ref (Outbox *outbox)
{
  g_atomic_ref_count_inc (&outbox->ref_count);
  return outbox;
}

static void
outbox_unref (Outbox *outbox)
{
  if (!g_atomic_ref_count_dec (&outbox->ref_count))
    return;
  /* The last reference may go on a streaming thread: the transport was dropped in
   * outbox_close() on the context already. */
  g_assert (outbox->transport == NULL);
  g_queue_clear_full (&outbox->packets, (GDestroyNotify) out_packet_free);
  g_main_context_unref (outbox->context);
  g_mutex_clear (&outbox->lock);
  g_free (outbox);
}

/* On the context: no more sends; queued packets are dropped. */
static void
outbox_close (Outbox *outbox)
{
  CvnRtcTransport *transport;

  g_mutex_lock (&outbox->lock);
  transport = g_steal_pointer (&outbox->transport);
  g_queue_clear_full (&outbox->packets, (GDestroyNotify) out_packet_free);
  g_mutex_unlock (&outbox->lock);
  g_clear_object (&transport);
}

static gboolean
outbox_drain_cb (gpointer user_data)
{
  Outbox *outbox = user_data;
  g_autoptr(CvnRtcTransport) transport = NULL;
  GQueue packets = G_QUEUE_INIT;
  guint64 dropped = 0;
  OutPacket *packet;

  g_mutex_lock (&outbox->lock);
  outbox->scheduled = FALSE;
  packets = outbox->packets;
  g_queue_init (&outbox->packets);
  if (outbox->transport != NULL)
    transport = g_object_ref (outbox->transport);
  g_mutex_unlock (&outbox->lock);

  while ((packet = g_queue_pop_head (&packets)) != NULL)
    {
      gsize len;
      const guint8 *data = g_bytes_get_data (packet->bytes, &len);
      gboolean sent = FALSE;

      if (transport != NULL &&
          cvn_rtc_transport_get_state (transport) == CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE)
        {
          g_autoptr(GError) error = NULL;

          sent = packet->is_rtcp ? cvn_rtc_transport_send_rtcp (transport, data, len, &error)
                                 : cvn_rtc_transport_send_rtp (transport, data, len, &error);
          if (!sent)
            GST_LOG ("send failed: %s", error->message);
        }
      if (!sent)
        dropped++;
      out_packet_free (packet);
    }

  if (dropped > 0)
    {
      g_mutex_lock (&outbox->lock);
      outbox->dropped += dropped;
      g_mutex_unlock (&outbox->lock);
    }
  return G_SOURCE_REMOVE;
}

/* A CvnMediaPacketFunc: any thread, must not block. */
static void
outbox_push (GBytes   *bytes,
             gboolean  is_rtcp,
             gpointer  user_data)
{
  Outbox *outbox = user_data;
  gboolean schedule = FALSE;

  g_mutex_lock (&outbox->lock);
  if (outbox->transport == NULL || outbox->packets.length >= OUTBOX_MAX_PACKETS)
    {
      outbox->dropped++;
    }
  else
    {
      OutPacket *packet = g_new (OutPacket, 1);

      packet->bytes = g_bytes_ref (bytes);
      packet->is_rtcp = is_rtcp;
      g_queue_push_tail (&outbox->packets, packet);
      schedule = !outbox->scheduled;
      outbox->scheduled = TRUE;
    }
  g_mutex_unlock (&outbox->lock);

  if (schedule)
    {
      g_autoptr(GSource) source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_HIGH_IDLE);
      g_source_set_callback (source, outbox_drain_cb, outbox_ref (outbox),
                             (GDestroyNotify) outbox_unref);
      g_source_set_static_name (source, "[convene] call audio outbox");
      g_source_attach (source, outbox->context);
    }
}

/* --- the object --------------------------------------------------------------------- */

struct _CvnCallAudio
{
  GObject            parent_instance;

  GMainContext      *context;
  char              *source_description;
  char              *sink_description;
  char              *local_address;
  guint              latency;

  CvnRtcTransport   *transport;
  CvnRtcDataChannel *channel;
  CvnAudioSender    *sender;
  CvnAudioReceiver  *receiver;
  Outbox            *outbox;
  guint32            ssrc;
  gboolean           started;
  guint64            dropped_before;  /* of outboxes already closed */

  CvnCallAudioState  state;
  GError            *error;
  GError            *capture_error;
  GError            *playback_error;
  gboolean           muted;
};

enum
{
  PROP_0,
  PROP_SOURCE,
  PROP_SINK,
  PROP_LATENCY,
  PROP_LOCAL_ADDRESS,
  PROP_STATE,
  PROP_MUTED,
  PROP_CAPTURE_ERROR,
  PROP_PLAYBACK_ERROR,
  N_PROPS
};

enum
{
  SIGNAL_AUDIO_LEVEL,
  SIGNAL_SPEAKING_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (CvnCallAudio, cvn_call_audio, G_TYPE_OBJECT)

#define DEFAULT_LATENCY_MS 100

static void
set_state (CvnCallAudio      *self,
           CvnCallAudioState  state,
           const GError      *error)
{
  if (state == CVN_CALL_AUDIO_STATE_FAILED && self->error == NULL && error != NULL)
    self->error = g_error_copy (error);
  else if (state != CVN_CALL_AUDIO_STATE_FAILED)
    g_clear_error (&self->error);

  if (self->state == state)
    return;
  GST_DEBUG ("call audio %p: state %d -> %d%s%s", self, self->state, state,
                    self->error != NULL ? ": " : "", self->error != NULL ? self->error->message : "");
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
fail (CvnCallAudio *self,
      const GError *error)
{
  if (self->state == CVN_CALL_AUDIO_STATE_FAILED)
    return;
  set_state (self, CVN_CALL_AUDIO_STATE_FAILED, error);
}

static void
on_transport_state_cb (CvnRtcTransport *transport,
                       GParamSpec      *pspec,
                       gpointer         user_data)
{
  CvnCallAudio *self = user_data;

  if (transport != self->transport || !self->started)
    return;

  switch (cvn_rtc_transport_get_state (transport))
    {
    case CVN_RTC_TRANSPORT_STATE_NEW:
    case CVN_RTC_TRANSPORT_STATE_CHECKING:
    case CVN_RTC_TRANSPORT_STATE_CONNECTED:
    case CVN_RTC_TRANSPORT_STATE_DTLS_CONNECTING:
      if (self->state != CVN_CALL_AUDIO_STATE_FAILED)
        set_state (self, CVN_CALL_AUDIO_STATE_CONNECTING, NULL);
      break;
    case CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE:
      if (self->state != CVN_CALL_AUDIO_STATE_FAILED)
        set_state (self, CVN_CALL_AUDIO_STATE_CONNECTED, NULL);
      break;
    case CVN_RTC_TRANSPORT_STATE_FAILED:
      fail (self, cvn_rtc_transport_get_error (transport));
      break;
    case CVN_RTC_TRANSPORT_STATE_CLOSED:
      {
        g_autoptr(GError) error = g_error_new_literal (CVN_RTC_ERROR, CVN_RTC_ERROR_CLOSED,
                                                       "the transport closed");
        fail (self, error);
      }
      break;
    default:
      g_assert_not_reached ();
    }
}

/* A device that cannot be opened (no microphone, no sound server) costs that direction only:
 * the call goes on, listen-only or deaf, and says why, instead of failing as a whole. */
static void
set_device_error (CvnCallAudio *self,
                  GError      **slot,
                  guint         prop_id,
                  const GError *error)
{
  if (*slot == NULL && error == NULL)
    return;
  if (*slot != NULL && error != NULL && g_error_matches (*slot, error->domain, error->code)
      && g_strcmp0 ((*slot)->message, error->message) == 0)
    return;
  g_clear_error (slot);
  if (error != NULL)
    {
      *slot = g_error_copy (error);
      g_message ("%s unavailable, the call goes on without it: %s",
                 prop_id == PROP_CAPTURE_ERROR ? "Audio capture" : "Audio playback", error->message);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

static void
on_media_state_cb (GObject    *object,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  CvnCallAudio *self = user_data;
  CvnMediaState state;
  const GError *error;

  if (!self->started)
    return;
  if (CVN_IS_AUDIO_SENDER (object))
    {
      state = cvn_audio_sender_get_state (CVN_AUDIO_SENDER (object));
      error = cvn_audio_sender_get_error (CVN_AUDIO_SENDER (object));
    }
  else
    {
      state = cvn_audio_receiver_get_state (CVN_AUDIO_RECEIVER (object));
      error = cvn_audio_receiver_get_error (CVN_AUDIO_RECEIVER (object));
    }
  if (state != CVN_MEDIA_STATE_FAILED)
    return;
  if (CVN_IS_AUDIO_SENDER (object))
    set_device_error (self, &self->capture_error, PROP_CAPTURE_ERROR, error);
  else
    set_device_error (self, &self->playback_error, PROP_PLAYBACK_ERROR, error);
}

static void
on_rtp_received_cb (CvnRtcTransport *transport,
                    GBytes          *bytes,
                    gpointer         user_data)
{
  CvnCallAudio *self = user_data;

  if (self->receiver != NULL)
    cvn_audio_receiver_push_packet (self->receiver, bytes);
}

static void
on_rtcp_received_cb (CvnRtcTransport *transport,
                     GBytes          *bytes,
                     gpointer         user_data)
{
  CvnCallAudio *self = user_data;

  /* Sender reports of the others are the receiver's; receiver reports about our
   * stream are the sender's. Each session ignores what is not about it. */
  if (self->receiver != NULL)
    cvn_audio_receiver_push_packet (self->receiver, bytes);
  if (self->sender != NULL)
    cvn_audio_sender_push_rtcp (self->sender, bytes);
}

static void
on_audio_level_cb (CvnAudioReceiver *receiver,
                   guint             ssrc,
                   double            level_dbov,
                   gboolean          voice_activity,
                   gpointer          user_data)
{
  g_signal_emit (user_data, signals[SIGNAL_AUDIO_LEVEL], 0, ssrc, level_dbov, voice_activity);
}

static void
on_speaking_changed_cb (CvnAudioReceiver *receiver,
                        guint             ssrc,
                        gboolean          speaking,
                        gpointer          user_data)
{
  g_signal_emit (user_data, signals[SIGNAL_SPEAKING_CHANGED], 0, ssrc, speaking);
}

/* Stops and drops everything of the current join; :state is left to the caller. */
static void
teardown (CvnCallAudio *self)
{
  self->started = FALSE;
  /* Media first: stopping joins the streaming threads, so no packet function runs after. */
  if (self->sender != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->sender, self);
      cvn_audio_sender_stop (self->sender);
      g_clear_object (&self->sender);
    }
  if (self->receiver != NULL)
    {
      /* Disconnected after stopping: the final speaking-changed(FALSE) the receiver emits
       * (synchronously) for each speaker is passed on, so nobody stays speaking. */
      cvn_audio_receiver_stop (self->receiver);
      g_signal_handlers_disconnect_by_data (self->receiver, self);
      g_clear_object (&self->receiver);
    }
  if (self->outbox != NULL)
    {
      outbox_close (self->outbox);
      g_mutex_lock (&self->outbox->lock);
      self->dropped_before += self->outbox->dropped;
      g_mutex_unlock (&self->outbox->lock);
      g_clear_pointer (&self->outbox, outbox_unref);
    }
  g_clear_object (&self->channel);
  if (self->transport != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->transport, self);
      cvn_rtc_transport_close (self->transport);
      g_clear_object (&self->transport);
    }
  self->ssrc = 0;
}

char *
cvn_call_audio_create_join_payload (CvnCallAudio  *self,
                                    GError       **error)
{
  g_autoptr(CvnRtcTransport) transport = NULL;
  g_autoptr(CvnRtcJoinPayload) payload = NULL;

  g_return_val_if_fail (CVN_IS_CALL_AUDIO (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  teardown (self);
  set_state (self, CVN_CALL_AUDIO_STATE_IDLE, NULL);

  if (!cvn_media_init_check (error))
    return NULL;
  transport = cvn_rtc_transport_new (CVN_RTC_ROLE_CLIENT, self->context, self->local_address, error);
  if (transport == NULL)
    return NULL;
  payload = cvn_rtc_transport_create_join_payload (transport, CVN_RTC_VIDEO_NONE, error);
  if (payload == NULL)
    return NULL;
  /* the SFU expects the channel "data" and our receiver constraints on it (it opens once
   * the transport is connected-secure) */
  self->channel = cvn_rtc_data_channel_new (transport, error);
  if (self->channel == NULL)
    return NULL;

  self->transport = g_steal_pointer (&transport);
  self->ssrc = payload->ssrc;
  self->outbox = outbox_new (self->context, self->transport);

  /* Made with our context as the thread default: their signals come there. */
  g_main_context_push_thread_default (self->context);
  self->sender = g_object_new (CVN_TYPE_AUDIO_SENDER,
                               "ssrc", payload->ssrc,
                               "source", self->source_description,
                               "muted", self->muted,
                               NULL);
  self->receiver = g_object_new (CVN_TYPE_AUDIO_RECEIVER,
                                 "local-ssrc", payload->ssrc,
                                 "sink", self->sink_description,
                                 "latency", self->latency,
                                 NULL);
  g_main_context_pop_thread_default (self->context);

  cvn_audio_sender_set_packet_func (self->sender, outbox_push, outbox_ref (self->outbox),
                                    (GDestroyNotify) outbox_unref);
  cvn_audio_receiver_set_packet_func (self->receiver, outbox_push, outbox_ref (self->outbox),
                                      (GDestroyNotify) outbox_unref);

  g_signal_connect (self->transport, "notify::state", G_CALLBACK (on_transport_state_cb), self);
  g_signal_connect (self->transport, "rtp-received", G_CALLBACK (on_rtp_received_cb), self);
  g_signal_connect (self->transport, "rtcp-received", G_CALLBACK (on_rtcp_received_cb), self);
  g_signal_connect (self->sender, "notify::state", G_CALLBACK (on_media_state_cb), self);
  g_signal_connect (self->receiver, "notify::state", G_CALLBACK (on_media_state_cb), self);
  g_signal_connect (self->receiver, "audio-level", G_CALLBACK (on_audio_level_cb), self);
  g_signal_connect (self->receiver, "speaking-changed", G_CALLBACK (on_speaking_changed_cb), self);

  return cvn_rtc_join_payload_to_json (payload);
}

gboolean
cvn_call_audio_start (CvnCallAudio  *self,
                      const char    *answer_json,
                      GError       **error)
{
  g_autoptr(CvnRtcAnswer) answer = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CVN_IS_CALL_AUDIO (self), FALSE);
  g_return_val_if_fail (answer_json != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->transport == NULL || self->started)
    {
      g_set_error_literal (error, CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_FAILED,
                           self->started ? "the call audio is already started; make a new join payload to rejoin"
                                         : "no join payload was made for this answer");
      return FALSE;
    }

  answer = cvn_rtc_answer_parse (answer_json, -1, error);
  if (answer == NULL)
    return FALSE;
  if (answer->mode != CVN_RTC_ANSWER_MODE_RTC)
    {
      g_set_error_literal (error, CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_FAILED,
                           "the answer is for a stream (no RTC transport to send voice on)");
      return FALSE;
    }

  self->started = TRUE;
  set_state (self, CVN_CALL_AUDIO_STATE_CONNECTING, NULL);

  /* The pipelines get to PLAYING while ICE and DTLS run; what they send before the
   * transport is connected-secure is dropped. */
  set_device_error (self, &self->capture_error, PROP_CAPTURE_ERROR, NULL);
  set_device_error (self, &self->playback_error, PROP_PLAYBACK_ERROR, NULL);
  if (!cvn_audio_receiver_start (self->receiver, &local_error))
    {
      set_device_error (self, &self->playback_error, PROP_PLAYBACK_ERROR, local_error);
      g_clear_error (&local_error);
    }
  if (!cvn_audio_sender_start (self->sender, &local_error))
    {
      set_device_error (self, &self->capture_error, PROP_CAPTURE_ERROR, local_error);
      g_clear_error (&local_error);
    }
  if (!cvn_rtc_transport_start_client (self->transport, answer, &local_error))
    {
      fail (self, local_error);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  /* The transport may have moved on synchronously. */
  on_transport_state_cb (self->transport, NULL, self);
  return TRUE;
}

void
cvn_call_audio_stop (CvnCallAudio *self)
{
  g_return_if_fail (CVN_IS_CALL_AUDIO (self));

  teardown (self);
  set_state (self, CVN_CALL_AUDIO_STATE_IDLE, NULL);
}

CvnCallAudioState
cvn_call_audio_get_state (CvnCallAudio *self)
{
  g_return_val_if_fail (CVN_IS_CALL_AUDIO (self), CVN_CALL_AUDIO_STATE_IDLE);
  return self->state;
}

const GError *
cvn_call_audio_get_error (CvnCallAudio *self)
{
  g_return_val_if_fail (CVN_IS_CALL_AUDIO (self), NULL);
  return self->error;
}

const GError *
cvn_call_audio_get_capture_error (CvnCallAudio *self)
{
  g_return_val_if_fail (CVN_IS_CALL_AUDIO (self), NULL);
  return self->capture_error;
}

const GError *
cvn_call_audio_get_playback_error (CvnCallAudio *self)
{
  g_return_val_if_fail (CVN_IS_CALL_AUDIO (self), NULL);
  return self->playback_error;
}

guint32
cvn_call_audio_get_ssrc (CvnCallAudio *self)
{
  g_return_val_if_fail (CVN_IS_CALL_AUDIO (self), 0);
  return self->ssrc;
}

gboolean
cvn_call_audio_get_muted (CvnCallAudio *self)
{
  g_return_val_if_fail (CVN_IS_CALL_AUDIO (self), FALSE);
  return self->muted;
}

void
cvn_call_audio_set_muted (CvnCallAudio *self,
                          gboolean      muted)
{
  g_return_if_fail (CVN_IS_CALL_AUDIO (self));

  muted = !!muted;
  if (self->muted == muted)
    return;
  self->muted = muted;
  if (self->sender != NULL)
    cvn_audio_sender_set_muted (self->sender, muted);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

CvnRtcDataChannel *
cvn_call_audio_get_data_channel (CvnCallAudio *self)
{
  g_return_val_if_fail (CVN_IS_CALL_AUDIO (self), NULL);
  return self->channel;
}

CvnRtcTransport *
cvn_call_audio_get_transport (CvnCallAudio *self)
{
  g_return_val_if_fail (CVN_IS_CALL_AUDIO (self), NULL);
  return self->transport;
}

CvnAudioSender *
cvn_call_audio_get_sender (CvnCallAudio *self)
{
  g_return_val_if_fail (CVN_IS_CALL_AUDIO (self), NULL);
  return self->sender;
}

CvnAudioReceiver *
cvn_call_audio_get_receiver (CvnCallAudio *self)
{
  g_return_val_if_fail (CVN_IS_CALL_AUDIO (self), NULL);
  return self->receiver;
}

guint64
cvn_call_audio_get_dropped_count (CvnCallAudio *self)
{
  guint64 dropped;

  g_return_val_if_fail (CVN_IS_CALL_AUDIO (self), 0);
  dropped = self->dropped_before;
  if (self->outbox != NULL)
    {
      g_mutex_lock (&self->outbox->lock);
      dropped += self->outbox->dropped;
      g_mutex_unlock (&self->outbox->lock);
    }
  return dropped;
}

CvnCallAudio *
cvn_call_audio_new (GMainContext *context)
{
  CvnCallAudio *self = g_object_new (CVN_TYPE_CALL_AUDIO, NULL);

  if (context != NULL)
    {
      g_main_context_unref (self->context);
      self->context = g_main_context_ref (context);
    }
  return self;
}

static void
cvn_call_audio_dispose (GObject *object)
{
  CvnCallAudio *self = CVN_CALL_AUDIO (object);

  teardown (self);
  G_OBJECT_CLASS (cvn_call_audio_parent_class)->dispose (object);
}

static void
cvn_call_audio_finalize (GObject *object)
{
  CvnCallAudio *self = CVN_CALL_AUDIO (object);

  g_clear_error (&self->error);
  g_clear_error (&self->capture_error);
  g_clear_error (&self->playback_error);
  g_free (self->source_description);
  g_free (self->sink_description);
  g_free (self->local_address);
  g_main_context_unref (self->context);
  G_OBJECT_CLASS (cvn_call_audio_parent_class)->finalize (object);
}

static void
cvn_call_audio_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  CvnCallAudio *self = CVN_CALL_AUDIO (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      g_value_set_string (value, self->source_description);
      break;
    case PROP_SINK:
      g_value_set_string (value, self->sink_description);
      break;
    case PROP_LATENCY:
      g_value_set_uint (value, self->latency);
      break;
    case PROP_LOCAL_ADDRESS:
      g_value_set_string (value, self->local_address);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, self->muted);
      break;
    case PROP_CAPTURE_ERROR:
      g_value_set_boxed (value, self->capture_error);
      break;
    case PROP_PLAYBACK_ERROR:
      g_value_set_boxed (value, self->playback_error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_call_audio_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  CvnCallAudio *self = CVN_CALL_AUDIO (object);

  switch (prop_id)
    {
    case PROP_SOURCE:
      self->source_description = g_value_dup_string (value);
      break;
    case PROP_SINK:
      self->sink_description = g_value_dup_string (value);
      break;
    case PROP_LATENCY:
      self->latency = g_value_get_uint (value);
      break;
    case PROP_LOCAL_ADDRESS:
      self->local_address = g_value_dup_string (value);
      break;
    case PROP_MUTED:
      cvn_call_audio_set_muted (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_call_audio_class_init (CvnCallAudioClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cvn_call_audio_dispose;
  object_class->finalize = cvn_call_audio_finalize;
  object_class->get_property = cvn_call_audio_get_property;
  object_class->set_property = cvn_call_audio_set_property;

  /* A gst-launch description of the capture source; NULL: CVN_AUDIOSRC or autoaudiosrc. */
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A gst-launch description of the sink; NULL: CVN_AUDIOSINK or autoaudiosink. */
  properties[PROP_SINK] =
    g_param_spec_string ("sink", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The receiver's jitter buffer latency, ms. */
  properties[PROP_LATENCY] =
    g_param_spec_uint ("latency", NULL, NULL, 20, 2000, DEFAULT_LATENCY_MS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The only local address ICE uses; NULL: every interface. */
  properties[PROP_LOCAL_ADDRESS] =
    g_param_spec_string ("local-address", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CVN_TYPE_CALL_AUDIO_STATE, CVN_CALL_AUDIO_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CAPTURE_ERROR] =
    g_param_spec_boxed ("capture-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PLAYBACK_ERROR] =
    g_param_spec_boxed ("playback-error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CvnCallAudio::audio-level:
   * @ssrc: the source
   * @level_dbov: the loudest level of the last 100 ms, -127 .. 0 dBov
   * @voice_activity: whether any packet of the interval had the V bit
   *
   * The receiver's, for every other participant's audio SSRC.
   */
  signals[SIGNAL_AUDIO_LEVEL] =
    g_signal_new ("audio-level", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_DOUBLE, G_TYPE_BOOLEAN);
  /**
   * CvnCallAudio::speaking-changed:
   * @ssrc: the source
   * @speaking: whether it speaks now
   */
  signals[SIGNAL_SPEAKING_CHANGED] =
    g_signal_new ("speaking-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
}

static void
cvn_call_audio_init (CvnCallAudio *self)
{
  self->context = g_main_context_ref_thread_default ();
  self->latency = DEFAULT_LATENCY_MS;
}
