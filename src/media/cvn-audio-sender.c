/* cvn-audio-sender.c
 *
 * One pipeline:
 *
 *   source ! audioconvert ! audioresample ! S16LE/48000/mono ! [webrtcdsp] ! valve
 *          ! opusenc ! rtpopuspay (PT 111, ext 1 = ssrc-audio-level) ! rtpbin ! appsink
 *                                         RTCP from the peer: appsrc ! rtpbin ! appsink (SR)
 *
 * rtpbin's session sends our sender reports and takes the receiver reports about us.
 *
 * The RFC 6464 byte is written by GStreamer's rtphdrextclientaudiolevel from the
 * GstAudioLevelMeta of the encoded buffer. GstAudioEncoder copies that meta from its input,
 * so a pad probe on opusenc's sink pad puts our own level and V bit there. We do not use
 * the `level` element's audio-level-meta: in GStreamer 1.22 it never sets the V bit and
 * gives silence a level above 127, which the extension writer masks into -59 dBov.
 *
 * Muting closes the valve (nothing is encoded) and the appsink callbacks also drop
 * anything already in flight, RTP and RTCP, so not a single packet leaves a muted sender
 * (tgcalls too has no outgoing audio channel at all while muted).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-audio-sender.h"
#include "cvn-audio-level.h"
#include "cvn-media-error.h"
#include "cvn-media-private.h"
#include "cvn-rtp-audio-level.h"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>
#include <gst/audio/audio.h>
#include <gst/rtp/rtp.h>

#define AUDIO_LEVEL_URN "urn:ietf:params:rtp-hdrext:ssrc-audio-level"
#define SENDER_CAPS "audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=1"

struct _CvnAudioSender
{
  GObject parent_instance;

  guint32 ssrc;
  char *source_description;
  char *echo_probe_name;
  gboolean muted;               /* atomic: read on streaming threads */
  gboolean processing_enabled;

  CvnMediaState state;
  GError *error;

  GstElement *pipeline;
  GstElement *valve;
  GstElement *payloader;
  GstElement *rtcp_src;         /* under lock: pushed to from any thread */
  guint bus_watch_id;
  GMainContext *context;
  GSource *report_source;

  /* Our own level for the UI: the loudest frame and any voice of the current 100 ms. */
  GMutex level_lock;
  guint level_frames;
  guint8 level_min;
  gboolean level_voice;

  /* Continuity of the RTP stream across a restart. */
  gboolean have_last;
  guint16 last_sequence;
  guint32 last_timestamp;
  gint64 last_packet_us;

  /* Streaming thread only (the capture thread). */
  CvnVoiceDetector detector;

  GMutex lock;                  /* the packet function and the continuity fields */
  CvnMediaPacketFunc packet_func;
  gpointer packet_data;
  GDestroyNotify packet_destroy;

  guint64 packets_sent;         /* atomic-ish: under lock */
};

G_DEFINE_FINAL_TYPE (CvnAudioSender, cvn_audio_sender, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_SSRC,
  PROP_SOURCE,
  PROP_ECHO_PROBE_NAME,
  PROP_MUTED,
  PROP_PROCESSING_ENABLED,
  PROP_STATE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_AUDIO_LEVEL,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
cvn_audio_sender_set_state (CvnAudioSender *self,
                            CvnMediaState   state)
{
  if (self->state == state)
    return;
  GST_DEBUG ("sender %08x: state %d -> %d", self->ssrc, self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
cvn_audio_sender_teardown (CvnAudioSender *self)
{
  /* not g_source_remove (): the watch is on the thread-default context of the start,
   * which need not be the global default one */
  if (self->bus_watch_id != 0 && self->pipeline != NULL)
    {
      g_autoptr(GstBus) bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));

      gst_bus_remove_watch (bus);
    }
  self->bus_watch_id = 0;
  if (self->report_source != NULL)
    {
      g_source_destroy (self->report_source);
      g_clear_pointer (&self->report_source, g_source_unref);
    }
  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);
  g_clear_object (&self->valve);
  g_clear_object (&self->payloader);
  g_mutex_lock (&self->lock);
  g_clear_object (&self->rtcp_src);
  g_mutex_unlock (&self->lock);
  g_clear_object (&self->pipeline);
}

static void
cvn_audio_sender_fail (CvnAudioSender *self,
                       GError         *error)
{
  g_clear_error (&self->error);
  self->error = error;
  cvn_audio_sender_teardown (self);
  cvn_audio_sender_set_state (self, CVN_MEDIA_STATE_FAILED);
}

static gboolean
on_bus_message_cb (GstBus     *bus,
                   GstMessage *message,
                   gpointer    user_data)
{
  CvnAudioSender *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      self->bus_watch_id = 0;
      cvn_audio_sender_fail (self, cvn_media_error_from_message (message));
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) warning = NULL;

        gst_message_parse_warning (message, &warning, NULL);
        g_debug ("Audio capture: %s", warning->message);
      }
      break;

    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (self->pipeline))
        {
          GstState new_state;

          gst_message_parse_state_changed (message, NULL, &new_state, NULL);
          if (new_state == GST_STATE_PLAYING)
            cvn_audio_sender_set_state (self, CVN_MEDIA_STATE_PLAYING);
        }
      break;

    case GST_MESSAGE_EOS:
      self->bus_watch_id = 0;
      cvn_audio_sender_fail (self, g_error_new_literal (CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_DEVICE,
                                                        "The audio source ended"));
      return G_SOURCE_REMOVE;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

/* Puts our level and V bit on each raw buffer before it is encoded. */
static GstPadProbeReturn
on_encoder_input_cb (GstPad          *pad,
                     GstPadProbeInfo *info,
                     gpointer         user_data)
{
  CvnAudioSender *self = user_data;
  GstBuffer *buffer = GST_PAD_PROBE_INFO_BUFFER (info);
  GstAudioLevelMeta *meta;
  GstMapInfo map;
  guint8 level = 127;
  guint duration_ms = 20;
  gboolean voice;

  if (gst_buffer_map (buffer, &map, GST_MAP_READ))
    {
      gsize n_samples = map.size / sizeof (gint16);

      level = cvn_audio_level_from_s16 ((const gint16 *) map.data, n_samples);
      duration_ms = (guint) (n_samples / 48);
      gst_buffer_unmap (buffer, &map);
    }

  voice = cvn_voice_detector_update (&self->detector, level, duration_ms);

  buffer = gst_buffer_make_writable (buffer);
  GST_PAD_PROBE_INFO_DATA (info) = buffer;
  meta = gst_buffer_get_audio_level_meta (buffer);
  if (meta != NULL)
    {
      /* webrtcdsp with voice-detection on decided already; trust its VAD, but require
       * some energy so a silent input never shows as speaking. */
      meta->voice_activity = meta->voice_activity && level <= -CVN_VOICE_MIN_DBOV;
      meta->level = level;
    }
  else
    {
      meta = gst_buffer_add_audio_level_meta (buffer, level, voice);
    }

  g_mutex_lock (&self->level_lock);
  self->level_frames++;
  self->level_min = MIN (self->level_min, level);
  self->level_voice |= meta->voice_activity;
  g_mutex_unlock (&self->level_lock);

  return GST_PAD_PROBE_OK;
}

/* rtpbin's RTCP input never ends, so the pipeline posts no EOS when the capture source
 * does (a device unplugged, a file source at its end): report it as an error. */
static GstPadProbeReturn
on_source_event_cb (GstPad          *pad,
                    GstPadProbeInfo *info,
                    gpointer         user_data)
{
  GstEvent *event = GST_PAD_PROBE_INFO_EVENT (info);
  GstElement *source = user_data;

  if (GST_EVENT_TYPE (event) == GST_EVENT_EOS)
    GST_ELEMENT_ERROR (source, RESOURCE, READ, ("The audio source ended"), (NULL));

  return GST_PAD_PROBE_OK;
}

static GstFlowReturn
cvn_audio_sender_emit_sample (CvnAudioSender *self,
                              GstAppSink     *sink,
                              gboolean        is_rtcp)
{
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr(GBytes) bytes = NULL;
  CvnRtpAudioInfo info;
  GstBuffer *buffer;
  GstMapInfo map;

  if (sample == NULL)
    return GST_FLOW_EOS;

  buffer = gst_sample_get_buffer (sample);
  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (buffer, &map);

  /* Checked under the lock set_muted() takes: once it returns, no packet gets out. */
  g_mutex_lock (&self->lock);
  if (g_atomic_int_get (&self->muted))
    {
      g_mutex_unlock (&self->lock);
      return GST_FLOW_OK;
    }
  if (!is_rtcp &&
      cvn_rtp_audio_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), 0, &info)
      == CVN_RTP_PACKET_RTP)
    {
      self->have_last = TRUE;
      self->last_sequence = info.sequence;
      self->last_timestamp = info.timestamp;
      self->last_packet_us = g_get_monotonic_time ();
      self->packets_sent++;
    }
  if (self->packet_func != NULL)
    self->packet_func (bytes, is_rtcp, self->packet_data);
  g_mutex_unlock (&self->lock);

  return GST_FLOW_OK;
}

static GstFlowReturn
on_rtp_sample_cb (GstAppSink *sink,
                  gpointer    user_data)
{
  return cvn_audio_sender_emit_sample (user_data, sink, FALSE);
}

static GstFlowReturn
on_rtcp_sample_cb (GstAppSink *sink,
                   gpointer    user_data)
{
  return cvn_audio_sender_emit_sample (user_data, sink, TRUE);
}

static gboolean
cvn_audio_sender_build (CvnAudioSender  *self,
                        GError         **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstCaps) raw_caps = NULL;
  g_autoptr(GstCaps) rtp_caps = NULL;
  g_autoptr(GstPad) encoder_sink = NULL;
  g_autoptr(GstPad) source_src = NULL;
  g_autoptr(GstRTPHeaderExtension) extension = NULL;
  GstElement *source, *convert, *resample, *capsfilter, *dsp = NULL, *valve, *encoder;
  GstElement *payloader, *rtpbin, *sink, *rtcp_src, *rtcp_sink;
  GstAppSinkCallbacks callbacks = { NULL, NULL, on_rtp_sample_cb };
  GstAppSinkCallbacks rtcp_callbacks = { NULL, NULL, on_rtcp_sample_cb };
  g_autoptr(GstCaps) rtcp_caps = NULL;

  pipeline = gst_pipeline_new ("cvn-audio-sender");
  gst_object_ref_sink (pipeline);

  if (!(source = cvn_media_make_bin (self->source_description, "CVN_AUDIOSRC",
                                     "autoaudiosrc", error)))
    return FALSE;
  gst_bin_add (GST_BIN (pipeline), source);

#define MAKE(var, factory) \
  G_STMT_START { \
    if (!(var = cvn_media_make_element (factory, NULL, error))) \
      return FALSE; \
    gst_bin_add (GST_BIN (pipeline), var); \
  } G_STMT_END

  MAKE (convert, "audioconvert");
  MAKE (resample, "audioresample");
  MAKE (capsfilter, "capsfilter");
  if (self->processing_enabled && cvn_audio_sender_has_processing ())
    MAKE (dsp, "webrtcdsp");
  MAKE (valve, "valve");
  MAKE (encoder, "opusenc");
  MAKE (payloader, "rtpopuspay");
  MAKE (rtpbin, "rtpbin");
  MAKE (sink, "appsink");
  MAKE (rtcp_src, "appsrc");
  MAKE (rtcp_sink, "appsink");
#undef MAKE

  raw_caps = gst_caps_from_string (SENDER_CAPS);
  g_object_set (capsfilter, "caps", raw_caps, NULL);

  if (dsp != NULL)
    {
      gboolean echo = self->echo_probe_name != NULL;

      g_object_set (dsp,
                    "echo-cancel", echo,
                    "noise-suppression", TRUE,
                    "high-pass-filter", TRUE,
                    "gain-control", TRUE,
                    "voice-detection", TRUE,
                    NULL);
      if (echo)
        g_object_set (dsp, "probe", self->echo_probe_name, NULL);
    }

  g_object_set (valve, "drop", (gboolean) g_atomic_int_get (&self->muted), NULL);

  /* 20 ms frames; in-band FEC, which only takes effect with an expected loss above zero;
   * 32 kbit/s like tgcalls. DTX off: a steady 50 packets/s keeps the level extension, the
   * SFU's speaker detection and the receivers' jitter buffers fed, and muting already
   * stops the stream entirely. */
  g_object_set (encoder,
                "bitrate", 32000,
                "inband-fec", TRUE,
                "packet-loss-percentage", 10,
                "dtx", FALSE,
                NULL);
  gst_util_set_object_arg (G_OBJECT (encoder), "frame-size", "20");
  gst_util_set_object_arg (G_OBJECT (encoder), "audio-type", "voice");

  g_object_set (payloader,
                "pt", CVN_MEDIA_OPUS_PAYLOAD_TYPE,
                "ssrc", self->ssrc,
                NULL);
  g_mutex_lock (&self->lock);
  if (self->have_last)
    {
      gint64 gap_us = g_get_monotonic_time () - self->last_packet_us;
      guint32 next_timestamp = self->last_timestamp + 960 +
                               (guint32) (MAX (gap_us, 0) * 48 / 1000);

      g_object_set (payloader,
                    "seqnum-offset", (int) (guint16) (self->last_sequence + 1),
                    "timestamp-offset", next_timestamp,
                    NULL);
    }
  g_mutex_unlock (&self->lock);

  extension = gst_rtp_header_extension_create_from_uri (AUDIO_LEVEL_URN);
  if (extension == NULL)
    {
      g_set_error (error, CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_MISSING_ELEMENT,
                   "No RTP header extension for %s (rtphdrextclientaudiolevel)",
                   AUDIO_LEVEL_URN);
      return FALSE;
    }
  gst_rtp_header_extension_set_id (extension, CVN_MEDIA_AUDIO_LEVEL_EXT_ID);
  g_signal_emit_by_name (payloader, "add-extension", extension);

  rtp_caps = gst_caps_new_empty_simple ("application/x-rtp");
  g_object_set (sink, "caps", rtp_caps, "sync", FALSE, "async", FALSE,
                "max-buffers", 64, "drop", TRUE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (sink), &callbacks, self, NULL);

  rtcp_caps = gst_caps_new_empty_simple ("application/x-rtcp");
  g_object_set (rtcp_sink, "caps", rtcp_caps, "sync", FALSE, "async", FALSE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (rtcp_sink), &rtcp_callbacks, self, NULL);
  g_object_set (rtcp_src, "caps", rtcp_caps, "is-live", TRUE, "format", GST_FORMAT_TIME,
                "do-timestamp", TRUE, "max-bytes", (guint64) 64 * 1024, NULL);
  gst_util_set_object_arg (G_OBJECT (rtcp_src), "leaky-type", "downstream");

  if (!gst_element_link_many (source, convert, resample, capsfilter, NULL) ||
      (dsp != NULL && !gst_element_link (capsfilter, dsp)) ||
      !gst_element_link (dsp != NULL ? dsp : capsfilter, valve) ||
      !gst_element_link_many (valve, encoder, payloader, NULL) ||
      !gst_element_link_pads (payloader, "src", rtpbin, "send_rtp_sink_0") ||
      !gst_element_link_pads (rtpbin, "send_rtp_src_0", sink, "sink") ||
      !gst_element_link_pads (rtpbin, "send_rtcp_src_0", rtcp_sink, "sink") ||
      !gst_element_link_pads (rtcp_src, "src", rtpbin, "recv_rtcp_sink_0"))
    {
      g_set_error_literal (error, CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_PIPELINE,
                           "Cannot link the audio capture pipeline");
      return FALSE;
    }

  source_src = gst_element_get_static_pad (source, "src");
  gst_pad_add_probe (source_src, GST_PAD_PROBE_TYPE_EVENT_DOWNSTREAM, on_source_event_cb,
                     source, NULL);

  cvn_voice_detector_reset (&self->detector);
  encoder_sink = gst_element_get_static_pad (encoder, "sink");
  gst_pad_add_probe (encoder_sink, GST_PAD_PROBE_TYPE_BUFFER, on_encoder_input_cb, self, NULL);

  self->valve = gst_object_ref (valve);
  self->payloader = gst_object_ref (payloader);
  g_mutex_lock (&self->lock);
  self->rtcp_src = gst_object_ref (rtcp_src);
  g_mutex_unlock (&self->lock);
  self->pipeline = g_steal_pointer (&pipeline);
  return TRUE;
}

static gboolean
on_report_timeout_cb (gpointer user_data)
{
  CvnAudioSender *self = user_data;
  guint frames;
  guint8 level;
  gboolean voice;

  g_mutex_lock (&self->level_lock);
  frames = self->level_frames;
  level = self->level_min;
  voice = self->level_voice;
  self->level_frames = 0;
  self->level_min = 127;
  self->level_voice = FALSE;
  g_mutex_unlock (&self->level_lock);

  if (frames > 0 && !g_atomic_int_get (&self->muted))
    g_signal_emit (self, signals[SIGNAL_AUDIO_LEVEL], 0, -(double) level, voice);

  return G_SOURCE_CONTINUE;
}

gboolean
cvn_audio_sender_start (CvnAudioSender  *self,
                        GError         **error)
{
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CVN_IS_AUDIO_SENDER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->pipeline != NULL)
    return TRUE;

  g_clear_error (&self->error);
  if (!cvn_media_init_check (&local_error) || !cvn_audio_sender_build (self, &local_error))
    {
      cvn_audio_sender_teardown (self);
      self->error = g_error_copy (local_error);
      cvn_audio_sender_set_state (self, CVN_MEDIA_STATE_FAILED);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_watch_id = gst_bus_add_watch (bus, on_bus_message_cb, self);
  self->report_source = g_timeout_source_new (100);
  g_source_set_callback (self->report_source, on_report_timeout_cb, self, NULL);
  g_source_set_static_name (self->report_source, "[cvn] own audio level");
  g_source_attach (self->report_source, self->context);
  cvn_audio_sender_set_state (self, CVN_MEDIA_STATE_PENDING);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      local_error = g_error_new_literal (CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_DEVICE,
                                         "The audio capture pipeline cannot start");
      g_propagate_error (error, g_error_copy (local_error));
      cvn_audio_sender_fail (self, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

void
cvn_audio_sender_stop (CvnAudioSender *self)
{
  g_return_if_fail (CVN_IS_AUDIO_SENDER (self));

  cvn_audio_sender_teardown (self);
  g_clear_error (&self->error);
  cvn_audio_sender_set_state (self, CVN_MEDIA_STATE_STOPPED);
}

CvnAudioSender *
cvn_audio_sender_new (guint32 ssrc)
{
  g_return_val_if_fail (ssrc != 0, NULL);

  return g_object_new (CVN_TYPE_AUDIO_SENDER, "ssrc", ssrc, NULL);
}

guint32
cvn_audio_sender_get_ssrc (CvnAudioSender *self)
{
  g_return_val_if_fail (CVN_IS_AUDIO_SENDER (self), 0);

  return self->ssrc;
}

CvnMediaState
cvn_audio_sender_get_state (CvnAudioSender *self)
{
  g_return_val_if_fail (CVN_IS_AUDIO_SENDER (self), CVN_MEDIA_STATE_STOPPED);

  return self->state;
}

const GError *
cvn_audio_sender_get_error (CvnAudioSender *self)
{
  g_return_val_if_fail (CVN_IS_AUDIO_SENDER (self), NULL);

  return self->error;
}

gboolean
cvn_audio_sender_get_muted (CvnAudioSender *self)
{
  g_return_val_if_fail (CVN_IS_AUDIO_SENDER (self), FALSE);

  return g_atomic_int_get (&self->muted);
}

void
cvn_audio_sender_set_muted (CvnAudioSender *self,
                            gboolean        muted)
{
  g_return_if_fail (CVN_IS_AUDIO_SENDER (self));

  muted = !!muted;
  if (g_atomic_int_get (&self->muted) == muted)
    return;

  g_mutex_lock (&self->lock);
  g_atomic_int_set (&self->muted, muted);
  g_mutex_unlock (&self->lock);
  if (self->valve != NULL)
    g_object_set (self->valve, "drop", muted, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MUTED]);
}

gboolean
cvn_audio_sender_has_processing (void)
{
  return cvn_media_init_check (NULL) && cvn_media_have_element ("webrtcdsp");
}

gboolean
cvn_audio_sender_get_processing_enabled (CvnAudioSender *self)
{
  g_return_val_if_fail (CVN_IS_AUDIO_SENDER (self), FALSE);

  return self->processing_enabled;
}

void
cvn_audio_sender_set_processing_enabled (CvnAudioSender *self,
                                         gboolean        enabled)
{
  g_return_if_fail (CVN_IS_AUDIO_SENDER (self));

  enabled = !!enabled;
  if (self->processing_enabled == enabled)
    return;

  self->processing_enabled = enabled;
  if (self->pipeline != NULL && cvn_audio_sender_has_processing ())
    {
      g_autoptr(GError) error = NULL;

      cvn_audio_sender_teardown (self);
      if (!cvn_audio_sender_start (self, &error))
        g_warning ("Cannot restart the audio capture: %s", error->message);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PROCESSING_ENABLED]);
}

void
cvn_audio_sender_set_packet_func (CvnAudioSender     *self,
                                  CvnMediaPacketFunc  func,
                                  gpointer            user_data,
                                  GDestroyNotify      destroy)
{
  gpointer old_data;
  GDestroyNotify old_destroy;

  g_return_if_fail (CVN_IS_AUDIO_SENDER (self));

  g_mutex_lock (&self->lock);
  old_data = self->packet_data;
  old_destroy = self->packet_destroy;
  self->packet_func = func;
  self->packet_data = user_data;
  self->packet_destroy = destroy;
  g_mutex_unlock (&self->lock);

  if (old_destroy != NULL)
    old_destroy (old_data);
}

gboolean
cvn_audio_sender_push_rtcp (CvnAudioSender *self,
                            GBytes         *packet)
{
  g_autoptr(GstElement) src = NULL;
  gsize size;
  const guint8 *data;

  g_return_val_if_fail (CVN_IS_AUDIO_SENDER (self), FALSE);
  g_return_val_if_fail (packet != NULL, FALSE);

  data = g_bytes_get_data (packet, &size);
  if (cvn_rtp_audio_parse (data, size, 0, NULL) != CVN_RTP_PACKET_RTCP)
    return FALSE;

  g_mutex_lock (&self->lock);
  if (self->rtcp_src != NULL)
    src = gst_object_ref (self->rtcp_src);
  g_mutex_unlock (&self->lock);
  if (src == NULL)
    return FALSE;

  return gst_app_src_push_buffer (GST_APP_SRC (src),
                                  gst_buffer_new_wrapped_bytes (packet)) == GST_FLOW_OK;
}

guint64
cvn_audio_sender_get_packets_sent (CvnAudioSender *self)
{
  guint64 n;

  g_return_val_if_fail (CVN_IS_AUDIO_SENDER (self), 0);

  g_mutex_lock (&self->lock);
  n = self->packets_sent;
  g_mutex_unlock (&self->lock);
  return n;
}

static void
cvn_audio_sender_dispose (GObject *object)
{
  CvnAudioSender *self = CVN_AUDIO_SENDER (object);

  cvn_audio_sender_teardown (self);
  cvn_audio_sender_set_packet_func (self, NULL, NULL, NULL);

  G_OBJECT_CLASS (cvn_audio_sender_parent_class)->dispose (object);
}

static void
cvn_audio_sender_finalize (GObject *object)
{
  CvnAudioSender *self = CVN_AUDIO_SENDER (object);

  g_clear_pointer (&self->source_description, g_free);
  g_clear_pointer (&self->echo_probe_name, g_free);
  g_clear_error (&self->error);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_mutex_clear (&self->lock);
  g_mutex_clear (&self->level_lock);

  G_OBJECT_CLASS (cvn_audio_sender_parent_class)->finalize (object);
}

static void
cvn_audio_sender_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CvnAudioSender *self = CVN_AUDIO_SENDER (object);

  switch (prop_id)
    {
    case PROP_SSRC:
      g_value_set_uint (value, self->ssrc);
      break;
    case PROP_SOURCE:
      g_value_set_string (value, self->source_description);
      break;
    case PROP_ECHO_PROBE_NAME:
      g_value_set_string (value, self->echo_probe_name);
      break;
    case PROP_MUTED:
      g_value_set_boolean (value, cvn_audio_sender_get_muted (self));
      break;
    case PROP_PROCESSING_ENABLED:
      g_value_set_boolean (value, self->processing_enabled);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_audio_sender_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  CvnAudioSender *self = CVN_AUDIO_SENDER (object);

  switch (prop_id)
    {
    case PROP_SSRC:
      self->ssrc = g_value_get_uint (value);
      break;
    case PROP_SOURCE:
      self->source_description = g_value_dup_string (value);
      break;
    case PROP_ECHO_PROBE_NAME:
      self->echo_probe_name = g_value_dup_string (value);
      break;
    case PROP_MUTED:
      cvn_audio_sender_set_muted (self, g_value_get_boolean (value));
      break;
    case PROP_PROCESSING_ENABLED:
      cvn_audio_sender_set_processing_enabled (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_audio_sender_class_init (CvnAudioSenderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cvn_audio_sender_dispose;
  object_class->finalize = cvn_audio_sender_finalize;
  object_class->get_property = cvn_audio_sender_get_property;
  object_class->set_property = cvn_audio_sender_set_property;

  properties[PROP_SSRC] =
    g_param_spec_uint ("ssrc", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A gst-launch description of the capture source; NULL: CVN_AUDIOSRC or autoaudiosrc. */
  properties[PROP_SOURCE] =
    g_param_spec_string ("source", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The name of the receiver's webrtcechoprobe; enables echo cancellation. */
  properties[PROP_ECHO_PROBE_NAME] =
    g_param_spec_string ("echo-probe-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_MUTED] =
    g_param_spec_boolean ("muted", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_PROCESSING_ENABLED] =
    g_param_spec_boolean ("processing-enabled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CVN_TYPE_MEDIA_STATE, CVN_MEDIA_STATE_STOPPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CvnAudioSender::audio-level:
   * @level_dbov: the loudest 20 ms of the last 100 ms, -127 (silence) .. 0 dBov
   * @voice_activity: the V bit sent in that interval
   *
   * Our own level, about every 100 ms while capturing and not muted, on the main context
   * of the thread that made the object: what the extension of the sent packets carries.
   */
  signals[SIGNAL_AUDIO_LEVEL] =
    g_signal_new ("audio-level", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_DOUBLE, G_TYPE_BOOLEAN);
}

static void
cvn_audio_sender_init (CvnAudioSender *self)
{
  g_mutex_init (&self->lock);
  g_mutex_init (&self->level_lock);
  self->level_min = 127;
  self->context = g_main_context_ref_thread_default ();
  cvn_voice_detector_reset (&self->detector);
}
