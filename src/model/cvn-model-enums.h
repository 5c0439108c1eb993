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

/* The connection of a CvnClient. */
typedef enum
{
  CVN_CLIENT_STATE_DISCONNECTED,
  CVN_CLIENT_STATE_CONNECTING,
  CVN_CLIENT_STATE_CONNECTED,
} CvnClientState;

/* Where the login of a CvnAccount stands; the UI shows the page of the state. */
typedef enum
{
  CVN_ACCOUNT_STATE_RESTORING,        /* looking for a stored session */
  CVN_ACCOUNT_STATE_LOGGED_OUT,       /* ask for a phone number (or start a QR login) */
  CVN_ACCOUNT_STATE_WAITING_CODE,     /* auth.sentCode: ask for the code */
  CVN_ACCOUNT_STATE_WAITING_PASSWORD, /* SESSION_PASSWORD_NEEDED: ask for the 2FA password */
  CVN_ACCOUNT_STATE_WAITING_SIGN_UP,  /* auth.authorizationSignUpRequired: ask for a name */
  CVN_ACCOUNT_STATE_WAITING_QR,       /* show CvnAccount:qr-url until another device accepts */
  CVN_ACCOUNT_STATE_LOGGED_IN,
} CvnAccountState;

/* How the login code was sent (auth.SentCodeType). */
typedef enum
{
  CVN_CODE_TYPE_UNKNOWN,
  CVN_CODE_TYPE_APP,          /* a message in another Telegram app */
  CVN_CODE_TYPE_SMS,
  CVN_CODE_TYPE_CALL,         /* a phone call dictating the code */
  CVN_CODE_TYPE_FLASH_CALL,
  CVN_CODE_TYPE_MISSED_CALL,
  CVN_CODE_TYPE_EMAIL,
  CVN_CODE_TYPE_FRAGMENT,
} CvnCodeType;

/* Where a CvnCallSession stands. */
typedef enum
{
  CVN_CALL_SESSION_STATE_IDLE,        /* not joined (yet) */
  CVN_CALL_SESSION_STATE_JOINING,     /* phone.joinGroupCall sent */
  CVN_CALL_SESSION_STATE_CONNECTING,  /* the server accepted: media connecting to the SFU */
  CVN_CALL_SESSION_STATE_JOINED,      /* media flows */
  CVN_CALL_SESSION_STATE_REJOINING,   /* the server lost our source: joining again */
  CVN_CALL_SESSION_STATE_LEFT,        /* we left (or were moved out: see the error) */
  CVN_CALL_SESSION_STATE_ENDED,       /* the call was discarded */
  CVN_CALL_SESSION_STATE_FAILED,      /* see CvnCallSession's error */
} CvnCallSessionState;

#define CVN_TYPE_CALL_SESSION_STATE (cvn_call_session_state_get_type ())
GType cvn_call_session_state_get_type (void) G_GNUC_CONST;

#define CVN_TYPE_CLIENT_STATE (cvn_client_state_get_type ())
GType cvn_client_state_get_type (void) G_GNUC_CONST;

#define CVN_TYPE_ACCOUNT_STATE (cvn_account_state_get_type ())
GType cvn_account_state_get_type (void) G_GNUC_CONST;

#define CVN_TYPE_CODE_TYPE (cvn_code_type_get_type ())
GType cvn_code_type_get_type (void) G_GNUC_CONST;

G_END_DECLS
