/* cvn-rtc-colibri.h: the JSON messages of the data channel (colibri classes, research
 * media-protocol.md 3.4).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Client -> SFU: ReceiverVideoConstraints. SFU -> client: SenderVideoConstraints,
 * DominantSpeakerEndpointChangeEvent, ... Builders for both sides and bounded, tolerant
 * parsers (CVN_RTC_ERROR_INVALID_PACKET for what cannot be used).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char *endpoint;
  guint       min_height;
  guint       max_height;
} CvnRtcEndpointConstraint;

/* {"colibriClass": "ReceiverVideoConstraints", "defaultConstraints": {"maxHeight": N},
 *  "onStageEndpoints": [...], "constraints": {endpoint: {"minHeight", "maxHeight"}}} */
char *cvn_rtc_receiver_video_constraints_to_json (guint                           default_max_height,
                                                  const char * const             *on_stage_endpoints,
                                                  const CvnRtcEndpointConstraint *constraints,
                                                  guint                           n_constraints);

typedef struct
{
  guint                     default_max_height;  /* 0 when absent: nothing for unlisted endpoints */
  char                    **on_stage_endpoints;  /* NULL-terminated, may be empty */
  CvnRtcEndpointConstraint *constraints;         /* endpoints owned by this struct */
  guint                     n_constraints;
} CvnRtcReceiverVideoConstraints;

/* The SFU side. */
CvnRtcReceiverVideoConstraints *cvn_rtc_receiver_video_constraints_parse (const char                     *text,
                                                                          GError                        **error);
void                            cvn_rtc_receiver_video_constraints_free  (CvnRtcReceiverVideoConstraints *self);
/* The constraint for @endpoint, or NULL (then default_max_height applies). */
const CvnRtcEndpointConstraint *cvn_rtc_receiver_video_constraints_lookup (const CvnRtcReceiverVideoConstraints *self,
                                                                           const char                           *endpoint);

/* {"colibriClass": "SenderVideoConstraints", "videoConstraints": {"idealHeight": N}} */
char     *cvn_rtc_sender_video_constraints_to_json (guint        ideal_height);
gboolean  cvn_rtc_sender_video_constraints_parse   (const char  *text,
                                                    guint       *ideal_height,
                                                    GError     **error);

/* The "colibriClass" of a data channel message, or NULL if it is not such a message. */
char     *cvn_rtc_colibri_message_get_class        (const char  *text);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnRtcReceiverVideoConstraints, cvn_rtc_receiver_video_constraints_free)

G_END_DECLS
