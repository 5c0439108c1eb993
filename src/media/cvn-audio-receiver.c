/* cvn-audio-receiver.c
 *
 * One pipeline:
 *
 *   appsrc (RTP)  ─┐                       ┌─ rtpopusdepay ! opusdec ! audioconvert
 *   appsrc (RTCP) ─┴─ rtpbin ─ one pad per ─┤   ! audioresample ─┐
 *                     │        SSRC         └─ ...               ├─ audiomixer ! caps
 *                     └─ RTCP out ! appsink   audiotestsrc silence┘  [! webrtcechoprobe] ! sink
 *
 * rtpbin does the jitter buffering, packet loss events (opusdec turns them into FEC or PLC)
 * and RTCP receiver reports. The always-present silent input keeps the mixer, and so the
 * audio device, running while nobody speaks.
 *
 * Levels come from the RFC 6464 extension (id 1) read on the packet path, before the
 * packet enters the pipeline, and are reported every 100 ms per SSRC (the loudest value of
 * the interval, the V bit if any packet had it), as tgcalls does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-audio-receiver-private.h"
#include "cvn-audio-level.h"
#include "cvn-media-error.h"
#include "cvn-media-private.h"
#include "cvn-rtp-audio-level.h"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

#include <stdio.h>

#define RTP_CAPS "application/x-rtp,media=audio,clock-rate=48000,encoding-name=OPUS,payload=111"
#define MIX_CAPS "audio/x-raw,format=S16LE,layout=interleaved,rate=48000,channels=2"
#define DEFAULT_LATENCY_MS 100
#define REPORT_INTERVAL_MS 100
#define SOURCE_FORGET_MS 2000

typedef struct
{
  guint32 ssrc;
  /* The current report interval. */
  guint packets;
  gboolean has_level;
  guint8 min_level;
  gboolean voice;
  gint64 last_packet_us;
  /* Main context only (the report timer), but kept under the lock with the rest. */
  CvnSpeakingTracker tracker;
} SourceState;

typedef struct
{
  guint32 ssrc;
  GstElement *bin;
  GstPad *mixer_pad;
} Branch;

struct _CvnAudioReceiver
{
  GObject parent_instance;

  guint32 local_ssrc;
  guint latency_ms;
  char *sink_description;
  char *echo_probe_name;

  GMainContext *context;
  CvnMediaState state;
  GError *error;

  GstElement *pipeline;
  GstElement *rtpbin;
  GstElement *mixer;
  guint bus_watch_id;
  GSource *report_source;

  GMutex lock;
  GstElement *rtp_src;          /* under lock: pushed to from any thread */
  GstElement *rtcp_src;
  GHashTable *sources;          /* ssrc -> SourceState */
  GHashTable *branches;         /* rtpbin src pad -> Branch */
  GPtrArray *dead_branches;     /* removed by rtpbin, freed on the main context */
  CvnAudioReceiverStats stats;
  CvnMediaPacketFunc packet_func;
  gpointer packet_data;
  GDestroyNotify packet_destroy;
};

G_DEFINE_FINAL_TYPE (CvnAudioReceiver, cvn_audio_receiver, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LOCAL_SSRC,
  PROP_LATENCY,
  PROP_SINK,
  PROP_ECHO_PROBE_NAME,
  PROP_STATE,
  N_PROPS
};

enum {
  SIGNAL_AUDIO_LEVEL,
  SIGNAL_SPEAKING_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
branch_free (Branch *branch)
{
  GstElement *parent;

  if (branch->bin != NULL)
    {
      gst_element_set_locked_state (branch->bin, TRUE);
      gst_element_set_state (branch->bin, GST_STATE_NULL);
      parent = GST_ELEMENT (gst_object_get_parent (GST_OBJECT (branch->bin)));
      if (parent != NULL)
        {
          gst_bin_remove (GST_BIN (parent), branch->bin);
          gst_object_unref (parent);
        }
    }
  if (branch->mixer_pad != NULL)
    {
      GstElement *mixer = gst_pad_get_parent_element (branch->mixer_pad);

      if (mixer != NULL)
        {
          gst_element_release_request_pad (mixer, branch->mixer_pad);
          gst_object_unref (mixer);
        }
    }
  g_clear_object (&branch->mixer_pad);
  g_clear_object (&branch->bin);
  g_free (branch);
}

static void
cvn_audio_receiver_set_state (CvnAudioReceiver *self,
                              CvnMediaState     state)
{
  if (self->state == state)
    return;
  GST_DEBUG ("receiver: state %d -> %d", self->state, state);
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
cvn_audio_receiver_teardown (CvnAudioReceiver *self)
{
  g_autoptr(GstElement) rtp_src = NULL;
  g_autoptr(GstElement) rtcp_src = NULL;
  g_autoptr(GHashTable) speaking = g_hash_table_new (NULL, NULL);
  GHashTableIter iter;
  gpointer value;

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

  g_mutex_lock (&self->lock);
  rtp_src = g_steal_pointer (&self->rtp_src);
  rtcp_src = g_steal_pointer (&self->rtcp_src);
  g_mutex_unlock (&self->lock);

  if (self->pipeline != NULL)
    gst_element_set_state (self->pipeline, GST_STATE_NULL);

  g_mutex_lock (&self->lock);
  g_hash_table_remove_all (self->branches);
  g_ptr_array_set_size (self->dead_branches, 0);
  g_hash_table_iter_init (&iter, self->sources);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SourceState *source = value;

      if (source->tracker.speaking)
        g_hash_table_add (speaking, GUINT_TO_POINTER (source->ssrc));
    }
  g_hash_table_remove_all (self->sources);
  g_mutex_unlock (&self->lock);

  g_clear_object (&self->rtpbin);
  g_clear_object (&self->mixer);
  g_clear_object (&self->pipeline);

  g_hash_table_iter_init (&iter, speaking);
  while (g_hash_table_iter_next (&iter, &value, NULL))
    g_signal_emit (self, signals[SIGNAL_SPEAKING_CHANGED], 0, GPOINTER_TO_UINT (value), FALSE);
}

static void
cvn_audio_receiver_fail (CvnAudioReceiver *self,
                         GError           *error)
{
  g_clear_error (&self->error);
  self->error = error;
  cvn_audio_receiver_teardown (self);
  cvn_audio_receiver_set_state (self, CVN_MEDIA_STATE_FAILED);
}

static gboolean
on_bus_message_cb (GstBus     *bus,
                   GstMessage *message,
                   gpointer    user_data)
{
  CvnAudioReceiver *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_ERROR:
      self->bus_watch_id = 0;
      cvn_audio_receiver_fail (self, cvn_media_error_from_message (message));
      return G_SOURCE_REMOVE;

    case GST_MESSAGE_WARNING:
      {
        g_autoptr(GError) warning = NULL;

        gst_message_parse_warning (message, &warning, NULL);
        g_debug ("Audio playback: %s", warning->message);
      }
      break;

    case GST_MESSAGE_LATENCY:
      /* A new branch (jitter buffer, decoder) joined: redistribute the latency. */
      gst_bin_recalculate_latency (GST_BIN (self->pipeline));
      break;

    case GST_MESSAGE_STATE_CHANGED:
      if (GST_MESSAGE_SRC (message) == GST_OBJECT (self->pipeline))
        {
          GstState new_state;

          gst_message_parse_state_changed (message, NULL, &new_state, NULL);
          if (new_state == GST_STATE_PLAYING)
            cvn_audio_receiver_set_state (self, CVN_MEDIA_STATE_PLAYING);
        }
      break;

    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

typedef struct
{
  guint32 ssrc;
  double level_dbov;
  gboolean voice;
  gboolean report_level;
  gboolean speaking_changed;
  gboolean speaking;
} Report;

static gboolean
on_report_timeout_cb (gpointer user_data)
{
  CvnAudioReceiver *self = user_data;
  g_autoptr(GArray) reports = g_array_new (FALSE, TRUE, sizeof (Report));
  g_autoptr(GPtrArray) dead = NULL;
  gint64 now = g_get_monotonic_time ();
  GHashTableIter iter;
  gpointer value;

  g_mutex_lock (&self->lock);
  if (self->dead_branches->len > 0)
    {
      dead = g_steal_pointer (&self->dead_branches);
      self->dead_branches = g_ptr_array_new_with_free_func ((GDestroyNotify) branch_free);
    }

  g_hash_table_iter_init (&iter, self->sources);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      SourceState *source = value;
      Report report = { .ssrc = source->ssrc };

      if (source->packets > 0 && source->has_level)
        {
          report.report_level = TRUE;
          report.level_dbov = -(double) source->min_level;
          report.voice = source->voice;
          report.speaking_changed =
            cvn_speaking_tracker_update (&source->tracker, now,
                                         cvn_rtp_audio_level_to_norm (source->min_level),
                                         source->voice);
        }
      else
        {
          report.speaking_changed = cvn_speaking_tracker_tick (&source->tracker, now);
        }
      report.speaking = source->tracker.speaking;

      source->packets = 0;
      source->has_level = FALSE;
      source->min_level = 127;
      source->voice = FALSE;

      if (report.report_level || report.speaking_changed)
        g_array_append_val (reports, report);

      if (!source->tracker.speaking && now - source->last_packet_us > SOURCE_FORGET_MS * 1000)
        g_hash_table_iter_remove (&iter);
    }
  g_mutex_unlock (&self->lock);

  /* Branches rtpbin removed (timeout or BYE) leave the pipeline here, not on the
   * streaming thread that reported them. */
  g_clear_pointer (&dead, g_ptr_array_unref);

  for (guint i = 0; i < reports->len; i++)
    {
      const Report *report = &g_array_index (reports, Report, i);

      if (report->report_level)
        g_signal_emit (self, signals[SIGNAL_AUDIO_LEVEL], 0,
                       report->ssrc, report->level_dbov, report->voice);
      if (report->speaking_changed)
        g_signal_emit (self, signals[SIGNAL_SPEAKING_CHANGED], 0,
                       report->ssrc, report->speaking);
    }

  return G_SOURCE_CONTINUE;
}

static void
on_pad_added_cb (GstElement *rtpbin,
                 GstPad     *pad,
                 gpointer    user_data)
{
  CvnAudioReceiver *self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GstPad) bin_sink = NULL;
  g_autoptr(GstPad) bin_src = NULL;
  g_autofree char *name = gst_pad_get_name (pad);
  guint session, ssrc, pt;
  Branch *branch;

  if (sscanf (name, "recv_rtp_src_%u_%u_%u", &session, &ssrc, &pt) != 3)
    return;

  GST_DEBUG ("receiver: new stream ssrc %08x pt %u", ssrc, pt);
  branch = g_new0 (Branch, 1);
  branch->ssrc = ssrc;
  branch->bin = cvn_media_make_bin (NULL, NULL,
                                    "rtpopusdepay ! opusdec use-inband-fec=true plc=true max-errors=-1 "
                                    "! audioconvert ! audioresample",
                                    &error);
  if (branch->bin == NULL)
    {
      GST_ELEMENT_ERROR (rtpbin, CORE, MISSING_PLUGIN, ("%s", error->message), (NULL));
      g_free (branch);
      return;
    }
  gst_object_ref_sink (branch->bin);
  gst_bin_add (GST_BIN (self->pipeline), branch->bin);

  branch->mixer_pad = gst_element_request_pad_simple (self->mixer, "sink_%u");
  bin_sink = gst_element_get_static_pad (branch->bin, "sink");
  bin_src = gst_element_get_static_pad (branch->bin, "src");
  if (gst_pad_link (bin_src, branch->mixer_pad) != GST_PAD_LINK_OK ||
      !gst_element_sync_state_with_parent (branch->bin) ||
      gst_pad_link (pad, bin_sink) != GST_PAD_LINK_OK)
    {
      GST_ELEMENT_ERROR (rtpbin, CORE, NEGOTIATION,
                         ("Cannot link the decoder of SSRC %08x", ssrc), (NULL));
      branch_free (branch);
      return;
    }

  g_mutex_lock (&self->lock);
  g_hash_table_insert (self->branches, gst_object_ref (pad), branch);
  g_mutex_unlock (&self->lock);
}

static void
on_pad_removed_cb (GstElement *rtpbin,
                   GstPad     *pad,
                   gpointer    user_data)
{
  CvnAudioReceiver *self = user_data;
  gpointer key, value;

  g_mutex_lock (&self->lock);
  if (g_hash_table_steal_extended (self->branches, pad, &key, &value))
    {
      GST_DEBUG ("receiver: stream ssrc %08x removed", ((Branch *) value)->ssrc);
      g_ptr_array_add (self->dead_branches, value);
      gst_object_unref (key);
    }
  g_mutex_unlock (&self->lock);
}

static GstFlowReturn
on_rtcp_sample_cb (GstAppSink *sink,
                   gpointer    user_data)
{
  CvnAudioReceiver *self = user_data;
  g_autoptr(GstSample) sample = gst_app_sink_pull_sample (sink);
  g_autoptr(GBytes) bytes = NULL;
  GstBuffer *buffer;
  GstMapInfo map;

  if (sample == NULL)
    return GST_FLOW_EOS;
  buffer = gst_sample_get_buffer (sample);
  if (buffer == NULL || !gst_buffer_map (buffer, &map, GST_MAP_READ))
    return GST_FLOW_OK;
  bytes = g_bytes_new (map.data, map.size);
  gst_buffer_unmap (buffer, &map);

  g_mutex_lock (&self->lock);
  if (self->packet_func != NULL)
    self->packet_func (bytes, TRUE, self->packet_data);
  g_mutex_unlock (&self->lock);

  return GST_FLOW_OK;
}

static GstElement *
make_appsrc (const char  *caps_string,
             GError     **error)
{
  g_autoptr(GstCaps) caps = gst_caps_from_string (caps_string);
  GstElement *src = cvn_media_make_element ("appsrc", NULL, error);

  if (src == NULL)
    return NULL;
  g_object_set (src,
                "caps", caps,
                "is-live", TRUE,
                "format", GST_FORMAT_TIME,
                "do-timestamp", TRUE,
                "max-bytes", (guint64) 256 * 1024,
                NULL);
  gst_util_set_object_arg (G_OBJECT (src), "leaky-type", "downstream");
  return src;
}

static gboolean
cvn_audio_receiver_build (CvnAudioReceiver  *self,
                          GError           **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstCaps) mix_caps = NULL;
  g_autoptr(GstCaps) rtcp_caps = NULL;
  g_autoptr(GObject) session = NULL;
  GstElement *rtp_src, *rtcp_src, *rtpbin, *rtcp_sink, *silence, *mixer, *capsfilter;
  GstElement *echo_probe = NULL, *sink;
  GstAppSinkCallbacks callbacks = { NULL, NULL, on_rtcp_sample_cb };

  pipeline = gst_pipeline_new ("cvn-audio-receiver");
  gst_object_ref_sink (pipeline);

#define ADD(var, expr) \
  G_STMT_START { \
    if (!(var = (expr))) \
      return FALSE; \
    gst_bin_add (GST_BIN (pipeline), var); \
  } G_STMT_END

  ADD (rtp_src, make_appsrc (RTP_CAPS, error));
  ADD (rtcp_src, make_appsrc ("application/x-rtcp", error));
  ADD (rtpbin, cvn_media_make_element ("rtpbin", NULL, error));
  ADD (rtcp_sink, cvn_media_make_element ("appsink", NULL, error));
  ADD (silence, cvn_media_make_element ("audiotestsrc", NULL, error));
  ADD (mixer, cvn_media_make_element ("audiomixer", NULL, error));
  ADD (capsfilter, cvn_media_make_element ("capsfilter", NULL, error));
  if (self->echo_probe_name != NULL && cvn_media_have_element ("webrtcechoprobe"))
    ADD (echo_probe, cvn_media_make_element ("webrtcechoprobe", self->echo_probe_name, error));
  ADD (sink, cvn_media_make_bin (self->sink_description, "CVN_AUDIOSINK", "autoaudiosink", error));
#undef ADD

  g_object_set (rtpbin,
                "latency", self->latency_ms,
                "do-lost", TRUE,
                "autoremove", TRUE,
                NULL);
  g_signal_connect_object (rtpbin, "pad-added", G_CALLBACK (on_pad_added_cb), self, 0);
  g_signal_connect_object (rtpbin, "pad-removed", G_CALLBACK (on_pad_removed_cb), self, 0);

  rtcp_caps = gst_caps_new_empty_simple ("application/x-rtcp");
  g_object_set (rtcp_sink, "caps", rtcp_caps, "sync", FALSE, "async", FALSE, NULL);
  gst_app_sink_set_callbacks (GST_APP_SINK (rtcp_sink), &callbacks, self, NULL);

  gst_util_set_object_arg (G_OBJECT (silence), "wave", "silence");
  g_object_set (silence, "is-live", TRUE, "samplesperbuffer", 960, NULL);

  /* The mixer waits this much beyond its upstream latency for late inputs: a branch that
   * appears mid-call brings the jitter buffer's latency before the pipeline re-distributes
   * it, and its first buffers must not count as late. */
  g_object_set (mixer, "latency", (guint64) (self->latency_ms + 40) * GST_MSECOND, NULL);

  mix_caps = gst_caps_from_string (MIX_CAPS);
  g_object_set (capsfilter, "caps", mix_caps, NULL);

  if (!gst_element_link_pads (rtp_src, "src", rtpbin, "recv_rtp_sink_0") ||
      !gst_element_link_pads (rtcp_src, "src", rtpbin, "recv_rtcp_sink_0") ||
      !gst_element_link_pads (rtpbin, "send_rtcp_src_0", rtcp_sink, "sink") ||
      !gst_element_link (silence, mixer) ||
      !gst_element_link (mixer, capsfilter) ||
      (echo_probe != NULL && !gst_element_link (capsfilter, echo_probe)) ||
      !gst_element_link (echo_probe != NULL ? echo_probe : capsfilter, sink))
    {
      g_set_error_literal (error, CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_PIPELINE,
                           "Cannot link the audio playback pipeline");
      return FALSE;
    }

  if (self->local_ssrc != 0)
    {
      g_signal_emit_by_name (rtpbin, "get-internal-session", 0, &session);
      if (session != NULL)
        g_object_set (session, "internal-ssrc", self->local_ssrc, NULL);
    }

  self->rtpbin = gst_object_ref (rtpbin);
  self->mixer = gst_object_ref (mixer);
  self->pipeline = g_steal_pointer (&pipeline);
  g_mutex_lock (&self->lock);
  self->rtp_src = gst_object_ref (rtp_src);
  self->rtcp_src = gst_object_ref (rtcp_src);
  g_mutex_unlock (&self->lock);
  return TRUE;
}

gboolean
cvn_audio_receiver_start (CvnAudioReceiver  *self,
                          GError           **error)
{
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (CVN_IS_AUDIO_RECEIVER (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->pipeline != NULL)
    return TRUE;

  g_clear_error (&self->error);
  if (!cvn_media_init_check (&local_error) || !cvn_audio_receiver_build (self, &local_error))
    {
      cvn_audio_receiver_teardown (self);
      self->error = g_error_copy (local_error);
      cvn_audio_receiver_set_state (self, CVN_MEDIA_STATE_FAILED);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  bus = gst_pipeline_get_bus (GST_PIPELINE (self->pipeline));
  self->bus_watch_id = gst_bus_add_watch (bus, on_bus_message_cb, self);
  self->report_source = g_timeout_source_new (REPORT_INTERVAL_MS);
  g_source_set_callback (self->report_source, on_report_timeout_cb, self, NULL);
  g_source_set_static_name (self->report_source, "[cvn] audio levels");
  g_source_attach (self->report_source, self->context);
  cvn_audio_receiver_set_state (self, CVN_MEDIA_STATE_PENDING);

  if (gst_element_set_state (self->pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      local_error = g_error_new_literal (CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_DEVICE,
                                         "The audio playback pipeline cannot start");
      g_propagate_error (error, g_error_copy (local_error));
      cvn_audio_receiver_fail (self, g_steal_pointer (&local_error));
      return FALSE;
    }

  return TRUE;
}

void
cvn_audio_receiver_stop (CvnAudioReceiver *self)
{
  g_return_if_fail (CVN_IS_AUDIO_RECEIVER (self));

  cvn_audio_receiver_teardown (self);
  g_clear_error (&self->error);
  cvn_audio_receiver_set_state (self, CVN_MEDIA_STATE_STOPPED);
}

gboolean
cvn_audio_receiver_push_packet (CvnAudioReceiver *self,
                                GBytes           *packet)
{
  g_autoptr(GstElement) src = NULL;
  CvnRtpAudioInfo info;
  CvnRtpPacketKind kind;
  gsize size;
  const guint8 *data;

  g_return_val_if_fail (CVN_IS_AUDIO_RECEIVER (self), FALSE);
  g_return_val_if_fail (packet != NULL, FALSE);

  data = g_bytes_get_data (packet, &size);
  kind = cvn_rtp_audio_parse (data, size, CVN_MEDIA_AUDIO_LEVEL_EXT_ID, &info);

  g_mutex_lock (&self->lock);
  if (kind == CVN_RTP_PACKET_INVALID)
    {
      self->stats.malformed++;
      g_mutex_unlock (&self->lock);
      GST_LOG ("receiver: dropped a malformed packet of %" G_GSIZE_FORMAT " bytes", size);
      return FALSE;
    }
  if (kind == CVN_RTP_PACKET_RTP && info.payload_type != CVN_MEDIA_OPUS_PAYLOAD_TYPE)
    {
      self->stats.unknown_payload++;
      g_mutex_unlock (&self->lock);
      GST_LOG ("receiver: dropped a packet with payload type %u", info.payload_type);
      return FALSE;
    }
  src = kind == CVN_RTP_PACKET_RTP ? self->rtp_src : self->rtcp_src;
  if (src == NULL)
    {
      self->stats.not_running++;
      g_mutex_unlock (&self->lock);
      return FALSE;
    }
  gst_object_ref (src);

  if (kind == CVN_RTP_PACKET_RTP)
    {
      SourceState *source = g_hash_table_lookup (self->sources, GUINT_TO_POINTER (info.ssrc));

      self->stats.rtp_packets++;
      if (source == NULL)
        {
          source = g_new0 (SourceState, 1);
          source->ssrc = info.ssrc;
          source->min_level = 127;
          g_hash_table_insert (self->sources, GUINT_TO_POINTER (info.ssrc), source);
        }
      source->packets++;
      source->last_packet_us = g_get_monotonic_time ();
      if (info.has_audio_level)
        {
          source->has_level = TRUE;
          source->min_level = MIN (source->min_level, info.level);
          source->voice |= info.voice_activity;
        }
    }
  else
    {
      self->stats.rtcp_packets++;
    }
  g_mutex_unlock (&self->lock);

  return gst_app_src_push_buffer (GST_APP_SRC (src),
                                  gst_buffer_new_wrapped_bytes (packet)) == GST_FLOW_OK;
}

void
cvn_audio_receiver_set_packet_func (CvnAudioReceiver   *self,
                                    CvnMediaPacketFunc  func,
                                    gpointer            user_data,
                                    GDestroyNotify      destroy)
{
  gpointer old_data;
  GDestroyNotify old_destroy;

  g_return_if_fail (CVN_IS_AUDIO_RECEIVER (self));

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

void
cvn_audio_receiver_get_stats (CvnAudioReceiver      *self,
                              CvnAudioReceiverStats *stats)
{
  g_return_if_fail (CVN_IS_AUDIO_RECEIVER (self));
  g_return_if_fail (stats != NULL);

  g_mutex_lock (&self->lock);
  *stats = self->stats;
  g_mutex_unlock (&self->lock);
}

gboolean
cvn_audio_receiver_is_speaking (CvnAudioReceiver *self,
                                guint32           ssrc)
{
  SourceState *source;
  gboolean speaking;

  g_return_val_if_fail (CVN_IS_AUDIO_RECEIVER (self), FALSE);

  g_mutex_lock (&self->lock);
  source = g_hash_table_lookup (self->sources, GUINT_TO_POINTER (ssrc));
  speaking = source != NULL && source->tracker.speaking;
  g_mutex_unlock (&self->lock);
  return speaking;
}

CvnAudioReceiver *
cvn_audio_receiver_new (guint32 local_ssrc)
{
  return g_object_new (CVN_TYPE_AUDIO_RECEIVER, "local-ssrc", local_ssrc, NULL);
}

CvnMediaState
cvn_audio_receiver_get_state (CvnAudioReceiver *self)
{
  g_return_val_if_fail (CVN_IS_AUDIO_RECEIVER (self), CVN_MEDIA_STATE_STOPPED);

  return self->state;
}

const GError *
cvn_audio_receiver_get_error (CvnAudioReceiver *self)
{
  g_return_val_if_fail (CVN_IS_AUDIO_RECEIVER (self), NULL);

  return self->error;
}

GstElement *
cvn_audio_receiver_get_pipeline (CvnAudioReceiver *self)
{
  g_return_val_if_fail (CVN_IS_AUDIO_RECEIVER (self), NULL);

  return self->pipeline;
}

guint
cvn_audio_receiver_get_n_streams (CvnAudioReceiver *self)
{
  guint n;

  g_return_val_if_fail (CVN_IS_AUDIO_RECEIVER (self), 0);

  g_mutex_lock (&self->lock);
  n = g_hash_table_size (self->branches);
  g_mutex_unlock (&self->lock);
  return n;
}

static void
cvn_audio_receiver_dispose (GObject *object)
{
  CvnAudioReceiver *self = CVN_AUDIO_RECEIVER (object);

  cvn_audio_receiver_teardown (self);
  cvn_audio_receiver_set_packet_func (self, NULL, NULL, NULL);

  G_OBJECT_CLASS (cvn_audio_receiver_parent_class)->dispose (object);
}

static void
cvn_audio_receiver_finalize (GObject *object)
{
  CvnAudioReceiver *self = CVN_AUDIO_RECEIVER (object);

  g_clear_pointer (&self->sink_description, g_free);
  g_clear_pointer (&self->echo_probe_name, g_free);
  g_clear_pointer (&self->sources, g_hash_table_unref);
  g_clear_pointer (&self->branches, g_hash_table_unref);
  g_clear_pointer (&self->dead_branches, g_ptr_array_unref);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_clear_error (&self->error);
  g_mutex_clear (&self->lock);

  G_OBJECT_CLASS (cvn_audio_receiver_parent_class)->finalize (object);
}

static void
cvn_audio_receiver_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  CvnAudioReceiver *self = CVN_AUDIO_RECEIVER (object);

  switch (prop_id)
    {
    case PROP_LOCAL_SSRC:
      g_value_set_uint (value, self->local_ssrc);
      break;
    case PROP_LATENCY:
      g_value_set_uint (value, self->latency_ms);
      break;
    case PROP_SINK:
      g_value_set_string (value, self->sink_description);
      break;
    case PROP_ECHO_PROBE_NAME:
      g_value_set_string (value, self->echo_probe_name);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_audio_receiver_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  CvnAudioReceiver *self = CVN_AUDIO_RECEIVER (object);

  switch (prop_id)
    {
    case PROP_LOCAL_SSRC:
      self->local_ssrc = g_value_get_uint (value);
      break;
    case PROP_LATENCY:
      self->latency_ms = g_value_get_uint (value);
      break;
    case PROP_SINK:
      self->sink_description = g_value_dup_string (value);
      break;
    case PROP_ECHO_PROBE_NAME:
      self->echo_probe_name = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_audio_receiver_class_init (CvnAudioReceiverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cvn_audio_receiver_dispose;
  object_class->finalize = cvn_audio_receiver_finalize;
  object_class->get_property = cvn_audio_receiver_get_property;
  object_class->set_property = cvn_audio_receiver_set_property;

  properties[PROP_LOCAL_SSRC] =
    g_param_spec_uint ("local-ssrc", NULL, NULL, 0, G_MAXUINT32, 0,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* The jitter buffer's latency in ms (the mixer waits 40 ms more for late inputs). */
  properties[PROP_LATENCY] =
    g_param_spec_uint ("latency", NULL, NULL, 20, 2000, DEFAULT_LATENCY_MS,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                       G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* A gst-launch description of the sink; NULL: CVN_AUDIOSINK or autoaudiosink. */
  properties[PROP_SINK] =
    g_param_spec_string ("sink", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* If set, a webrtcechoprobe of this name sits before the sink (the sender's webrtcdsp
   * cancels the echo of what it plays). */
  properties[PROP_ECHO_PROBE_NAME] =
    g_param_spec_string ("echo-probe-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CVN_TYPE_MEDIA_STATE, CVN_MEDIA_STATE_STOPPED,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CvnAudioReceiver::audio-level:
   * @ssrc: the source
   * @level_dbov: the loudest level of the last 100 ms, -127 (silence) .. 0 dBov
   * @voice_activity: whether any packet of the interval had the V bit
   *
   * About every 100 ms for each source that sent packets carrying the audio-level
   * extension.
   */
  signals[SIGNAL_AUDIO_LEVEL] =
    g_signal_new ("audio-level", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_UINT, G_TYPE_DOUBLE, G_TYPE_BOOLEAN);

  /**
   * CvnAudioReceiver::speaking-changed:
   * @ssrc: the source
   * @speaking: whether it speaks now
   *
   * See CvnSpeakingTracker for the hysteresis. A source that is speaking when the
   * receiver stops gets a final FALSE.
   */
  signals[SIGNAL_SPEAKING_CHANGED] =
    g_signal_new ("speaking-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_BOOLEAN);
}

static void
cvn_audio_receiver_init (CvnAudioReceiver *self)
{
  g_mutex_init (&self->lock);
  self->context = g_main_context_ref_thread_default ();
  self->sources = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  self->branches = g_hash_table_new_full (NULL, NULL, gst_object_unref,
                                          (GDestroyNotify) branch_free);
  self->dead_branches = g_ptr_array_new_with_free_func ((GDestroyNotify) branch_free);
}
