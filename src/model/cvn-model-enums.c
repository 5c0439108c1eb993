/* cvn-model-enums.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-model-enums.h"

G_DEFINE_ENUM_TYPE (CvnPeerType, cvn_peer_type,
  G_DEFINE_ENUM_VALUE (CVN_PEER_TYPE_USER, "user"),
  G_DEFINE_ENUM_VALUE (CVN_PEER_TYPE_CHAT, "chat"),
  G_DEFINE_ENUM_VALUE (CVN_PEER_TYPE_CHANNEL, "channel"))

G_DEFINE_ENUM_TYPE (CvnGroupCallKind, cvn_group_call_kind,
  G_DEFINE_ENUM_VALUE (CVN_GROUP_CALL_KIND_VIDEO_CHAT, "video-chat"),
  G_DEFINE_ENUM_VALUE (CVN_GROUP_CALL_KIND_LIVESTREAM, "livestream"),
  G_DEFINE_ENUM_VALUE (CVN_GROUP_CALL_KIND_RTMP_LIVESTREAM, "rtmp-livestream"),
  G_DEFINE_ENUM_VALUE (CVN_GROUP_CALL_KIND_LIVE_STORY, "live-story"),
  G_DEFINE_ENUM_VALUE (CVN_GROUP_CALL_KIND_CONFERENCE, "conference"))

G_DEFINE_ENUM_TYPE (CvnGroupCallState, cvn_group_call_state,
  G_DEFINE_ENUM_VALUE (CVN_GROUP_CALL_STATE_UNKNOWN, "unknown"),
  G_DEFINE_ENUM_VALUE (CVN_GROUP_CALL_STATE_SCHEDULED, "scheduled"),
  G_DEFINE_ENUM_VALUE (CVN_GROUP_CALL_STATE_LIVE, "live"),
  G_DEFINE_ENUM_VALUE (CVN_GROUP_CALL_STATE_DISCARDED, "discarded"))
