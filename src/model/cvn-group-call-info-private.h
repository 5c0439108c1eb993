/* cvn-group-call-info-private.h: plain C mirrors of the TL objects the group-call model
 * consumes. A TL glue file fills them from decoded objects; the model never sees TL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "cvn-model-enums.h"

G_BEGIN_DECLS

/* Peer: peerUser / peerChat / peerChannel. */
typedef struct
{
  CvnPeerType type;
  gint64      id;
} CvnPeer;

guint    _cvn_peer_hash  (gconstpointer peer);
gboolean _cvn_peer_equal (gconstpointer a,
                          gconstpointer b);

/* groupCall#efb2b617 flags, with TL's bit numbers. Optional fields are present when their
 * bit is set. */
typedef enum
{
  CVN_GROUP_CALL_FLAG_JOIN_MUTED                  = 1u << 1,
  CVN_GROUP_CALL_FLAG_CAN_CHANGE_JOIN_MUTED       = 1u << 2,
  CVN_GROUP_CALL_FLAG_HAS_TITLE                   = 1u << 3,
  CVN_GROUP_CALL_FLAG_HAS_STREAM_DC_ID            = 1u << 4,
  CVN_GROUP_CALL_FLAG_HAS_RECORD_START_DATE       = 1u << 5,
  CVN_GROUP_CALL_FLAG_JOIN_DATE_ASC               = 1u << 6,
  CVN_GROUP_CALL_FLAG_HAS_SCHEDULE_DATE           = 1u << 7,
  CVN_GROUP_CALL_FLAG_SCHEDULE_START_SUBSCRIBED   = 1u << 8,
  CVN_GROUP_CALL_FLAG_CAN_START_VIDEO             = 1u << 9,
  CVN_GROUP_CALL_FLAG_HAS_UNMUTED_VIDEO_COUNT     = 1u << 10,
  CVN_GROUP_CALL_FLAG_RECORD_VIDEO_ACTIVE         = 1u << 11,
  CVN_GROUP_CALL_FLAG_RTMP_STREAM                 = 1u << 12,
  CVN_GROUP_CALL_FLAG_LISTENERS_HIDDEN            = 1u << 13,
  CVN_GROUP_CALL_FLAG_CONFERENCE                  = 1u << 14,
  CVN_GROUP_CALL_FLAG_CREATOR                     = 1u << 15,
  CVN_GROUP_CALL_FLAG_HAS_INVITE_LINK             = 1u << 16,
  CVN_GROUP_CALL_FLAG_MESSAGES_ENABLED            = 1u << 17,
  CVN_GROUP_CALL_FLAG_CAN_CHANGE_MESSAGES_ENABLED = 1u << 18,
  CVN_GROUP_CALL_FLAG_MIN                         = 1u << 19,
  CVN_GROUP_CALL_FLAG_HAS_SEND_PAID_MESSAGES_STARS = 1u << 20,
  CVN_GROUP_CALL_FLAG_HAS_DEFAULT_SEND_AS         = 1u << 21,
} CvnGroupCallFlags;

/* groupCall#efb2b617, or groupCallDiscarded#7780bcb4 when @discarded (then only id,
 * access_hash and duration are meaningful), plus the updateGroupCall#9d2216e0 envelope
 * (live_story, peer) when it came from an update. */
typedef struct
{
  gboolean  discarded;
  gint32    duration;                   /* groupCallDiscarded */

  guint32   flags;                      /* CvnGroupCallFlags */
  gint64    id;
  gint64    access_hash;
  gint32    participants_count;
  char     *title;                      /* flags.3 */
  gint32    stream_dc_id;               /* flags.4 */
  gint32    record_start_date;          /* flags.5 */
  gint32    schedule_date;              /* flags.7 */
  gint32    unmuted_video_count;        /* flags.10 */
  gint32    unmuted_video_limit;
  gint32    version;
  char     *invite_link;                /* flags.16 */
  gint64    send_paid_messages_stars;   /* flags.20 */
  CvnPeer   default_send_as;            /* flags.21 */

  /* updateGroupCall envelope */
  gboolean  live_story;                 /* updateGroupCall flags.2 */
  gboolean  has_peer;                   /* updateGroupCall flags.1 */
  CvnPeer   peer;
} CvnGroupCallInfo;

CvnGroupCallInfo *_cvn_group_call_info_copy  (const CvnGroupCallInfo *info);
void              _cvn_group_call_info_free  (CvnGroupCallInfo       *info);
void              _cvn_group_call_info_clear (CvnGroupCallInfo       *info);

/* groupCallParticipantVideoSourceGroup#dcb118b7 semantics:string sources:Vector<int> */
typedef struct
{
  char   *semantics;
  gint32 *sources;
  guint   n_sources;
} CvnSourceGroup;

/* groupCallParticipantVideo#67753ac8 flags: paused:flags.0?true audio_source:flags.1?int */
typedef enum
{
  CVN_PARTICIPANT_VIDEO_FLAG_PAUSED           = 1u << 0,
  CVN_PARTICIPANT_VIDEO_FLAG_HAS_AUDIO_SOURCE = 1u << 1,
} CvnParticipantVideoFlags;

typedef struct
{
  guint32         flags;                /* CvnParticipantVideoFlags */
  char           *endpoint;
  CvnSourceGroup *source_groups;
  guint           n_source_groups;
  gint32          audio_source;         /* flags.1 */
} CvnParticipantVideoInfo;

CvnParticipantVideoInfo *_cvn_participant_video_info_copy  (const CvnParticipantVideoInfo *video);
void                     _cvn_participant_video_info_free  (CvnParticipantVideoInfo       *video);
gboolean                 _cvn_participant_video_info_equal (const CvnParticipantVideoInfo *a,
                                                            const CvnParticipantVideoInfo *b);

/* groupCallParticipant#2a3dc7ac flags, with TL's bit numbers. */
typedef enum
{
  CVN_PARTICIPANT_FLAG_MUTED               = 1u << 0,
  CVN_PARTICIPANT_FLAG_LEFT                = 1u << 1,
  CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE     = 1u << 2,
  CVN_PARTICIPANT_FLAG_HAS_ACTIVE_DATE     = 1u << 3,
  CVN_PARTICIPANT_FLAG_JUST_JOINED         = 1u << 4,
  CVN_PARTICIPANT_FLAG_VERSIONED           = 1u << 5,
  CVN_PARTICIPANT_FLAG_HAS_VIDEO           = 1u << 6,
  CVN_PARTICIPANT_FLAG_HAS_VOLUME          = 1u << 7,
  CVN_PARTICIPANT_FLAG_MIN                 = 1u << 8,
  CVN_PARTICIPANT_FLAG_MUTED_BY_YOU        = 1u << 9,
  CVN_PARTICIPANT_FLAG_VOLUME_BY_ADMIN     = 1u << 10,
  CVN_PARTICIPANT_FLAG_HAS_ABOUT           = 1u << 11,
  CVN_PARTICIPANT_FLAG_SELF                = 1u << 12,
  CVN_PARTICIPANT_FLAG_HAS_RAISE_HAND_RATING = 1u << 13,
  CVN_PARTICIPANT_FLAG_HAS_PRESENTATION    = 1u << 14,
  CVN_PARTICIPANT_FLAG_VIDEO_JOINED        = 1u << 15,
  CVN_PARTICIPANT_FLAG_HAS_PAID_STARS_TOTAL = 1u << 16,
} CvnParticipantFlags;

/* groupCallParticipant#2a3dc7ac */
typedef struct
{
  guint32                  flags;       /* CvnParticipantFlags */
  CvnPeer                  peer;
  gint32                   date;
  gint32                   active_date;   /* flags.3 */
  gint32                   source;
  gint32                   volume;        /* flags.7 */
  char                    *about;         /* flags.11 */
  gint64                   raise_hand_rating; /* flags.13 */
  CvnParticipantVideoInfo *video;         /* flags.6 (non-NULL iff the bit is set) */
  CvnParticipantVideoInfo *presentation;  /* flags.14 (non-NULL iff the bit is set) */
  gint64                   paid_stars_total; /* flags.16 */
} CvnParticipantInfo;

CvnParticipantInfo *_cvn_participant_info_copy  (const CvnParticipantInfo *info);
void                _cvn_participant_info_free  (CvnParticipantInfo       *info);
void                _cvn_participant_info_clear (CvnParticipantInfo       *info);

/* TDLib's GroupCallParticipant::is_versioned_update(): "updates about new and left
 * participants must be applied as versioned, even they don't increase version" — so
 * just_joined, left and versioned all put an update in the versioned queue. */
gboolean            _cvn_participant_info_is_versioned (const CvnParticipantInfo *info);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnGroupCallInfo, _cvn_group_call_info_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnParticipantInfo, _cvn_participant_info_free)

G_END_DECLS
