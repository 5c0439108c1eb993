/* cvn-model-enums.h: enums of the group-call model, registered with GType.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* The kind of a Peer (peerUser, peerChat, peerChannel). */
typedef enum
{
  CVN_PEER_TYPE_USER,
  CVN_PEER_TYPE_CHAT,
  CVN_PEER_TYPE_CHANNEL,
} CvnPeerType;

/* What a group call is (groups-calls page: "Group calls can be classified in the following
 * categories"). */
typedef enum
{
  CVN_GROUP_CALL_KIND_VIDEO_CHAT,       /* call of a basic group or supergroup */
  CVN_GROUP_CALL_KIND_LIVESTREAM,       /* call of a channel */
  CVN_GROUP_CALL_KIND_RTMP_LIVESTREAM,  /* groupCall.rtmp_stream */
  CVN_GROUP_CALL_KIND_LIVE_STORY,       /* updateGroupCall.live_story */
  CVN_GROUP_CALL_KIND_CONFERENCE,       /* groupCall.conference */
} CvnGroupCallKind;

typedef enum
{
  CVN_GROUP_CALL_STATE_UNKNOWN,     /* nothing cached yet */
  CVN_GROUP_CALL_STATE_SCHEDULED,   /* groupCall with schedule_date */
  CVN_GROUP_CALL_STATE_LIVE,        /* groupCall without schedule_date */
  CVN_GROUP_CALL_STATE_DISCARDED,   /* groupCallDiscarded (see CvnGroupCall:duration) */
} CvnGroupCallState;

#define CVN_TYPE_PEER_TYPE (cvn_peer_type_get_type ())
GType cvn_peer_type_get_type (void) G_GNUC_CONST;

#define CVN_TYPE_GROUP_CALL_KIND (cvn_group_call_kind_get_type ())
GType cvn_group_call_kind_get_type (void) G_GNUC_CONST;

#define CVN_TYPE_GROUP_CALL_STATE (cvn_group_call_state_get_type ())
GType cvn_group_call_state_get_type (void) G_GNUC_CONST;

G_END_DECLS
