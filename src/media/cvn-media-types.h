/* cvn-media-types.h: types shared by the media objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The life cycle of one media pipeline. */
typedef enum
{
  CVN_MEDIA_STATE_STOPPED,
  CVN_MEDIA_STATE_PENDING,  /* started, the pipeline is on its way to PLAYING */
  CVN_MEDIA_STATE_PLAYING,
  CVN_MEDIA_STATE_FAILED,   /* see the object's error; stop or start again */
} CvnMediaState;

GType cvn_media_state_get_type (void) G_GNUC_CONST;
#define CVN_TYPE_MEDIA_STATE (cvn_media_state_get_type ())

/* Receives one packet (RTP, or RTCP when @is_rtcp) a pipeline wants sent. Called on a
 * GStreamer streaming thread, never on the main context: hand the bytes to the transport
 * (which encrypts and sends them) without blocking for long. */
typedef void (*CvnMediaPacketFunc) (GBytes   *packet,
                                    gboolean  is_rtcp,
                                    gpointer  user_data);

/* The RTP payload type and header extension id Telegram's SFU uses for Opus audio. */
#define CVN_MEDIA_OPUS_PAYLOAD_TYPE 111
#define CVN_MEDIA_AUDIO_LEVEL_EXT_ID 1

G_END_DECLS
