/* cvn-opus-clip.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-opus-clip.h"
#include "cvn-media-error.h"
#include "cvn-media-private.h"

#include <gst/app/gstappsink.h>
#include <gst/app/gstappsrc.h>

GPtrArray *
cvn_opus_clip_encode (const gint16  *pcm,
                      gsize          n_samples,
                      GError       **error)
{
  g_autoptr(GstElement) pipeline = NULL;
  g_autoptr(GstElement) src = NULL;
  g_autoptr(GstElement) sink = NULL;
  g_autoptr(GstElement) encoder = NULL;
  g_autoptr(GPtrArray) packets = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GstBus) bus = NULL;
  g_autoptr(GstMessage) message = NULL;
  GstBuffer *buffer;
  GstFlowReturn flow;

  g_return_val_if_fail (pcm != NULL, NULL);
  g_return_val_if_fail (n_samples > 0 && n_samples % CVN_OPUS_CLIP_FRAME_SAMPLES == 0, NULL);

  if (!cvn_media_init_check (error))
    return NULL;
  pipeline = gst_parse_launch ("appsrc name=src format=time "
                               "caps=audio/x-raw,format=S16LE,rate=48000,channels=1,layout=interleaved "
                               "! opusenc name=encoder ! appsink name=sink sync=false", &local_error);
  if (pipeline == NULL || local_error != NULL)
    {
      g_set_error (error, CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_MISSING_ELEMENT,
                   "cannot make an Opus encoder: %s", local_error != NULL ? local_error->message : "?");
      return NULL;
    }
  gst_object_ref_sink (pipeline);
  src = gst_bin_get_by_name (GST_BIN (pipeline), "src");
  sink = gst_bin_get_by_name (GST_BIN (pipeline), "sink");
  encoder = gst_bin_get_by_name (GST_BIN (pipeline), "encoder");
  /* the sender's settings (cvn-audio-sender.c) */
  g_object_set (encoder, "bitrate", 32000, "inband-fec", TRUE, "packet-loss-percentage", 10,
                "dtx", FALSE, NULL);
  gst_util_set_object_arg (G_OBJECT (encoder), "frame-size", "20");
  gst_util_set_object_arg (G_OBJECT (encoder), "audio-type", "voice");
  /* all of it queued at once: nothing waits on a clock */
  g_object_set (src, "max-bytes", (guint64) 0, "block", FALSE, NULL);

  if (gst_element_set_state (pipeline, GST_STATE_PLAYING) == GST_STATE_CHANGE_FAILURE)
    {
      g_set_error_literal (error, CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_PIPELINE, "the Opus encoder does not start");
      gst_element_set_state (pipeline, GST_STATE_NULL);
      return NULL;
    }
  buffer = gst_buffer_new_memdup (pcm, n_samples * sizeof (gint16));
  GST_BUFFER_PTS (buffer) = 0;
  GST_BUFFER_DURATION (buffer) = gst_util_uint64_scale (n_samples, GST_SECOND, CVN_OPUS_CLIP_RATE);
  flow = gst_app_src_push_buffer (GST_APP_SRC (src), buffer);
  if (flow == GST_FLOW_OK)
    flow = gst_app_src_end_of_stream (GST_APP_SRC (src));

  packets = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  while (flow == GST_FLOW_OK)
    {
      g_autoptr(GstSample) sample = gst_app_sink_try_pull_sample (GST_APP_SINK (sink), 5 * GST_SECOND);
      GstMapInfo map;

      if (sample == NULL)
        break;   /* EOS (or stuck: checked below) */
      buffer = gst_sample_get_buffer (sample);
      if (buffer != NULL && gst_buffer_map (buffer, &map, GST_MAP_READ))
        {
          g_ptr_array_add (packets, g_bytes_new (map.data, map.size));
          gst_buffer_unmap (buffer, &map);
        }
    }
  bus = gst_element_get_bus (pipeline);
  message = gst_bus_pop_filtered (bus, GST_MESSAGE_ERROR);
  gst_element_set_state (pipeline, GST_STATE_NULL);
  if (message != NULL)
    {
      g_propagate_error (error, cvn_media_error_from_message (message));
      return NULL;
    }
  if (flow != GST_FLOW_OK || !gst_app_sink_is_eos (GST_APP_SINK (sink)) || packets->len == 0)
    {
      g_set_error (error, CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_PIPELINE,
                   "the Opus encoder did not finish (%s, %u packets)", gst_flow_get_name (flow), packets->len);
      return NULL;
    }
  return g_steal_pointer (&packets);
}
