/* cvn-sandbox-private.h: the sandbox's domain model, shared by its source files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Everything here is owned by a CvnSandboxWorld.  Users, chats and calls live in hash
 * tables keyed by id; a call's participants are kept in join order (the order of
 * pagination) with indexes by peer and by audio source.
 */
#pragma once

#include "cvn-sandbox-world.h"
#include "cvn-sandbox-session.h"
#include "cvn-sandbox-error.h"

#include "cvn-clock.h"
#include "cvn-tl.h"

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The service notifications user. */
#define CVN_SANDBOX_SERVICE_USER_ID 777000

typedef enum
{
  CVN_SANDBOX_PEER_NONE = 0,
  CVN_SANDBOX_PEER_USER,
  CVN_SANDBOX_PEER_CHAT,
  CVN_SANDBOX_PEER_CHANNEL,
} CvnSandboxPeerType;

typedef struct
{
  CvnSandboxPeerType type;
  gint64             id;
} CvnSandboxPeer;

/* Admin rights the sandbox knows (a subset of chatAdminRights). */
typedef enum
{
  CVN_SANDBOX_RIGHT_CHANGE_INFO     = 1 << 0,
  CVN_SANDBOX_RIGHT_POST_MESSAGES   = 1 << 1,
  CVN_SANDBOX_RIGHT_DELETE_MESSAGES = 1 << 2,
  CVN_SANDBOX_RIGHT_BAN_USERS       = 1 << 3,
  CVN_SANDBOX_RIGHT_INVITE_USERS    = 1 << 4,
  CVN_SANDBOX_RIGHT_PIN_MESSAGES    = 1 << 5,
  CVN_SANDBOX_RIGHT_ADD_ADMINS      = 1 << 6,
  CVN_SANDBOX_RIGHT_MANAGE_CALL     = 1 << 7,
  CVN_SANDBOX_RIGHT_ALL             = (1 << 8) - 1,
} CvnSandboxRights;

typedef struct
{
  gint64    id;
  gint64    access_hash;
  char     *phone;          /* digits only; NULL for simulated users */
  char     *first_name;
  char     *last_name;
  char     *username;
  gboolean  simulated;      /* a scripted participant, never logs in */
  /* two-step verification (real SRP: the server keeps only the verifier) */
  gboolean  has_password;
  char     *password_hint;
  guint8    srp_salt1[40];
  guint8    srp_salt2[16];
  guint8    srp_v[256];
  /* updates state */
  gint32    pts;
  GPtrArray *pts_log;        /* CvnSandboxLogEntry*: messages in the common box */
} CvnSandboxUser;

typedef struct
{
  gint32  pts;
  gint64  chat_id;           /* 0 for private chats */
  gint32  msg_id;
} CvnSandboxLogEntry;

typedef enum
{
  CVN_SANDBOX_CHAT_GROUP,        /* basic group: chat */
  CVN_SANDBOX_CHAT_SUPERGROUP,   /* channel, megagroup */
  CVN_SANDBOX_CHAT_CHANNEL,      /* channel, broadcast */
} CvnSandboxChatKind;

typedef enum
{
  CVN_SANDBOX_ACTION_NONE = 0,
  CVN_SANDBOX_ACTION_GROUP_CALL,            /* messageActionGroupCall */
  CVN_SANDBOX_ACTION_GROUP_CALL_SCHEDULED,  /* messageActionGroupCallScheduled */
  CVN_SANDBOX_ACTION_CONFERENCE_CALL,       /* messageActionConferenceCall */
  CVN_SANDBOX_ACTION_CHAT_CREATE,           /* messageActionChatCreate / ChannelCreate */
  CVN_SANDBOX_ACTION_INVITE_TO_GROUP_CALL,  /* messageActionInviteToGroupCall */
} CvnSandboxActionKind;

typedef struct
{
  gint32               id;
  gint32               date;
  CvnSandboxPeer       from;
  CvnSandboxPeer       peer;        /* the dialog, seen from the owner of `box` */
  gint64               box;         /* private chats: the user whose copy this is */
  char                *text;        /* ordinary message when action == NONE */
  CvnSandboxActionKind action;
  gint64               call_id;
  gint64               call_access_hash;
  gint32               duration;    /* > 0: set */
  gint32               schedule_date;
  gboolean             missed;
  gboolean             active;
  gboolean             video;
  GArray              *users;       /* gint64: the invited of messageActionInviteToGroupCall,
                                       NULL otherwise */
} CvnSandboxMessage;

typedef struct
{
  gint64             id;
  gint64             access_hash;
  CvnSandboxChatKind kind;
  char              *title;
  char              *username;
  char              *about;
  gint32             date;
  gint64             creator_id;
  GHashTable        *members;      /* user id (gint64*) -> GUINT_TO_POINTER (rights), rights
                                      nonzero = admin */
  gint32             extra_members; /* subscribers beyond `members` (counts only) */
  gint64             call_id;      /* active or scheduled call, 0 if none */
  GHashTable        *default_join_as; /* user id -> CvnSandboxPeer* */
  GPtrArray         *messages;     /* CvnSandboxMessage*, in id order */
  gint32             next_msg_id;  /* channels/supergroups */
  gint32             pts;          /* channels/supergroups */
  char              *rtmp_key;     /* stream key for RTMP calls of this chat */
} CvnSandboxChat;

typedef struct
{
  char    *semantics;
  GArray  *sources;        /* guint32 */
} CvnSandboxSourceGroup;

typedef struct
{
  char      *endpoint;
  GPtrArray *groups;       /* CvnSandboxSourceGroup* */
  gboolean   paused;
  guint32    audio_source; /* presentation with audio; 0 if none */
} CvnSandboxVideo;

typedef struct
{
  CvnSandboxPeer   peer;
  gint64           user_id;        /* who acts for it (the owner for channel peers); 0 for
                                      simulated users acting for themselves */
  guint64          order;          /* join order: the pagination key */
  gint32           date;
  gint32           active_date;
  guint32          source;
  gboolean         muted;
  gboolean         can_self_unmute;
  gboolean         video_joined;
  gint32           volume;         /* 0: default (10000) */
  gboolean         volume_by_admin;
  gint64           raise_hand_rating; /* 0: hand down */
  char            *about;
  CvnSandboxVideo *video;
  CvnSandboxVideo *presentation;
  CvnSandboxVideo *camera;         /* the camera sources announced at join, kept while the
                                      camera is off */
  gboolean         simulated;
  GHashTable      *muted_by;       /* user id -> GINT_TO_POINTER (volume, 0 = muted): personal */
} CvnSandboxParticipant;

typedef struct
{
  gint64      id;
  gint64      access_hash;
  gint64      chat_id;          /* 0 for conferences */
  gint64      creator_id;
  gint32      random_id;
  gboolean    conference;
  gboolean    live_story;       /* stories.startLive: never the chat's video chat */
  gboolean    rtmp_stream;
  gboolean    join_muted;
  gboolean    messages_enabled;
  gboolean    listeners_hidden;
  gint32      version;
  gint32      created_date;
  gint32      start_date;       /* 0 while scheduled */
  gint32      schedule_date;    /* 0 if not scheduled */
  gint32      record_start_date;
  gboolean    record_video;
  char       *record_title;
  char       *title;            /* NULL: the chat's name */
  char       *listener_hash;    /* invite hashes */
  char       *speaker_hash;
  char       *slug;             /* conferences */
  gboolean    discarded;
  gint32      duration;
  gint32      changed_date;     /* last pushed change (updates.getDifference); 0: unknown */
  gint32      unmuted_video_limit;
  GHashTable *subscribed;       /* user ids subscribed to the start */
  GHashTable *invited;          /* user ids invited (inviteToGroupCall / conference) */
  GPtrArray  *participants;     /* CvnSandboxParticipant*, join order */
  GHashTable *by_source;        /* guint32 source -> participant */
  GPtrArray  *blocks[2];        /* GBytes*: conference chain, sub chains 0 and 1 */
  GPtrArray  *call_messages;    /* in-call messages: CvnSandboxCallMessage* */
  gint32      next_call_msg_id;
  guint64     next_order;
} CvnSandboxCall;

typedef struct
{
  gint32         id;
  gint64         random_id;
  CvnSandboxPeer from;
  gint32         date;
  char          *text;
} CvnSandboxCallMessage;

typedef struct
{
  gint64  id;
  gint64  peer_id;
  gint32  peer_type;
  gint32  date;
} CvnSandboxStory;

typedef struct
{
  CvnSandboxPeer peer;
  gint64         user_id;
  gint64         call_id;
} CvnSandboxSimLeft;

struct _CvnSandboxWorld
{
  GObject     parent_instance;

  CvnClock   *clock;
  guint64     seed;
  GRand      *rand;
  char       *state_dir;

  GHashTable *users;        /* gint64* -> CvnSandboxUser* */
  GHashTable *phones;       /* phone -> CvnSandboxUser* (unowned) */
  GHashTable *chats;        /* gint64* -> CvnSandboxChat* (groups and channels share ids
                               spaces by construction: groups < 1e9 <= channels) */
  GHashTable *calls;        /* gint64* -> CvnSandboxCall* */
  GHashTable *random_ids;   /* "user:random" -> call id (createGroupCall dedup) */
  GHashTable *login_tokens; /* token hex -> user id (0 until accepted) */
  GHashTable *live_stories; /* peer key -> story id */
  GPtrArray  *sessions;     /* CvnSandboxSession* (owned) */
  GPtrArray  *private_messages; /* CvnSandboxMessage*, common box */

  gint64      next_user_id;
  gint64      next_chat_id;
  gint64      next_channel_id;
  gint64      next_call_id;
  gint32      next_common_msg_id;
  gint32      next_story_id;

  /* fan-out, fault injection */
  CvnSandboxFaults faults;
  gboolean    faults_on;
  GRand      *fault_rand;
  GHashTable *held;          /* session -> GBytes held back for reordering */
  GHashTable *delayed;       /* clock timeout id -> delayed delivery (owned) */
  guint64     next_session_id;
  GRand      *sim_rand;
  GRand      *chatter_rand;  /* who talks on each simulation tick (apart from sim_rand's script) */
  guint64     n_pushed;
  guint64     n_dropped;
  guint64     n_rejected;

  gint64      hand_counter;
  guint16     listen_port;   /* advertised in help.getConfig */
  gboolean    dirty;
  guint       save_timeout;
  guint       sim_timeout;
  guint       sim_interval;
  GArray     *sim_left;      /* CvnSandboxPeer + call id of simulated participants who left */

  /* media: NULL until cvn_sandbox_world_start_sfu () */
  struct _CvnSandboxSfu   *sfu;
  struct _CvnSandboxVoice *voice;
};

/* cvn-sandbox-world.c */
gint32                 cvn_sandbox_world_now        (CvnSandboxWorld *self);
CvnSandboxUser        *cvn_sandbox_world_get_user   (CvnSandboxWorld *self,
                                                     gint64           id);
CvnSandboxChat        *cvn_sandbox_world_get_chat   (CvnSandboxWorld *self,
                                                     gint64           id);
CvnSandboxCall        *cvn_sandbox_world_get_call   (CvnSandboxWorld *self,
                                                     gint64           id);
CvnSandboxUser        *cvn_sandbox_world_add_user   (CvnSandboxWorld *self,
                                                     gint64           id,
                                                     const char      *phone,
                                                     const char      *first_name,
                                                     const char      *last_name,
                                                     const char      *username);
CvnSandboxChat        *cvn_sandbox_world_add_chat   (CvnSandboxWorld   *self,
                                                     CvnSandboxChatKind kind,
                                                     gint64             id,
                                                     const char        *title,
                                                     gint64             creator_id);
CvnSandboxCall        *cvn_sandbox_world_add_call   (CvnSandboxWorld *self,
                                                     CvnSandboxChat  *chat,
                                                     gint64           creator_id);
gboolean               cvn_sandbox_world_set_password (CvnSandboxWorld *self,
                                                       CvnSandboxUser  *user,
                                                       const char      *password,
                                                       const char      *hint,
                                                       GError         **error);
CvnSandboxRights       cvn_sandbox_chat_get_rights  (CvnSandboxChat  *chat,
                                                     gint64           user_id);
gboolean               cvn_sandbox_chat_is_member   (CvnSandboxChat  *chat,
                                                     gint64           user_id);
void                   cvn_sandbox_chat_add_member  (CvnSandboxChat  *chat,
                                                     gint64           user_id,
                                                     CvnSandboxRights rights);
CvnSandboxMessage     *cvn_sandbox_world_post_service (CvnSandboxWorld     *self,
                                                       CvnSandboxChat      *chat,
                                                       gint64               from_user,
                                                       CvnSandboxActionKind action,
                                                       CvnSandboxCall      *call);
CvnSandboxMessage     *cvn_sandbox_world_post_private (CvnSandboxWorld     *self,
                                                       gint64               box,
                                                       gint64               from_user,
                                                       gint64               to_user,
                                                       CvnSandboxActionKind action,
                                                       CvnSandboxCall      *call,
                                                       gboolean             video);
void                   cvn_sandbox_message_free     (CvnSandboxMessage *message);
CvnSandboxParticipant *cvn_sandbox_call_find        (CvnSandboxCall       *call,
                                                     const CvnSandboxPeer *peer);
CvnSandboxParticipant *cvn_sandbox_call_find_user   (CvnSandboxCall       *call,
                                                     gint64                user_id);
void                   cvn_sandbox_call_add_participant    (CvnSandboxCall        *call,
                                                            CvnSandboxParticipant *participant);
/* Takes @participant out of the call without freeing it. */
void                   cvn_sandbox_call_remove_participant (CvnSandboxCall        *call,
                                                            CvnSandboxParticipant *participant);
void                   cvn_sandbox_participant_free (CvnSandboxParticipant *participant);
CvnSandboxVideo       *cvn_sandbox_video_new_camera (GRand       *rand,
                                                     guint32      audio_source,
                                                     guint        n_layers);
void                   cvn_sandbox_video_free       (CvnSandboxVideo *video);
guint32                cvn_sandbox_call_new_source  (CvnSandboxWorld *self,
                                                     CvnSandboxCall  *call);
int                    cvn_sandbox_id_compare       (gconstpointer a,
                                                     gconstpointer b);
int                    cvn_sandbox_chat_compare     (gconstpointer a,
                                                     gconstpointer b);
gint32                 cvn_sandbox_call_unmuted_video_count (CvnSandboxCall *call);
char                  *cvn_sandbox_world_random_token (CvnSandboxWorld *self,
                                                       guint            len);

/* cvn-sandbox-tl.c: building TL objects from the model */
CvnTlObject *cvn_sandbox_tl_peer           (CvnTlArena           *arena,
                                            const CvnSandboxPeer *peer);
CvnTlObject *cvn_sandbox_tl_input_call     (CvnTlArena           *arena,
                                            CvnSandboxCall       *call);
CvnTlObject *cvn_sandbox_tl_user           (CvnSandboxWorld      *world,
                                            CvnTlArena           *arena,
                                            CvnSandboxUser       *user,
                                            gint64                viewer);
CvnTlObject *cvn_sandbox_tl_chat           (CvnSandboxWorld      *world,
                                            CvnTlArena           *arena,
                                            CvnSandboxChat       *chat,
                                            gint64                viewer);
CvnTlObject *cvn_sandbox_tl_group_call     (CvnSandboxWorld      *world,
                                            CvnTlArena           *arena,
                                            CvnSandboxCall       *call,
                                            gint64                viewer,
                                            gboolean              min);
CvnTlObject *cvn_sandbox_tl_participant    (CvnTlArena            *arena,
                                            CvnSandboxParticipant *participant,
                                            gint64                 viewer,
                                            gboolean               min);
CvnTlObject *cvn_sandbox_tl_message        (CvnSandboxWorld      *world,
                                            CvnTlArena           *arena,
                                            CvnSandboxMessage    *message,
                                            gint64                viewer);
CvnTlVector *cvn_sandbox_tl_objects        (CvnTlArena           *arena,
                                            GPtrArray            *objects);
CvnTlObject *cvn_sandbox_tl_updates        (CvnSandboxWorld      *world,
                                            CvnTlArena           *arena,
                                            GPtrArray            *updates,
                                            GHashTable           *user_ids,
                                            GHashTable           *chat_ids,
                                            gint64                viewer);
void         cvn_sandbox_tl_users_chats    (CvnSandboxWorld      *world,
                                            CvnTlArena           *arena,
                                            GHashTable           *user_ids,
                                            GHashTable           *chat_ids,
                                            gint64                viewer,
                                            CvnTlVector         **users,
                                            CvnTlVector         **chats);
CvnTlObject *cvn_sandbox_tl_bool           (CvnTlArena           *arena,
                                            gboolean              value);
void         cvn_sandbox_collect_peer      (GHashTable           *user_ids,
                                            GHashTable           *chat_ids,
                                            const CvnSandboxPeer *peer);
GHashTable  *cvn_sandbox_id_set_new        (void);
void         cvn_sandbox_id_set_add        (GHashTable           *set,
                                            gint64                id);

/* fan-out (cvn-sandbox-world.c) */
void         cvn_sandbox_world_push_to_user (CvnSandboxWorld   *self,
                                             gint64             user_id,
                                             const CvnTlObject *updates,
                                             CvnSandboxSession *except);
void         cvn_sandbox_session_deliver    (CvnSandboxSession *self,
                                             GBytes            *updates);

const guint8          *cvn_sandbox_srp_prime        (gsize *len);

/* cvn-sandbox-session.c */
CvnSandboxSession *cvn_sandbox_session_new (guint64 id);
void         cvn_sandbox_session_set_login_state (CvnSandboxSession *self,
                                                  const char        *phone,
                                                  const char        *phone_code_hash);
const char  *cvn_sandbox_session_get_login_phone (CvnSandboxSession *self);
const char  *cvn_sandbox_session_get_login_hash  (CvnSandboxSession *self);
guint8      *cvn_sandbox_session_get_srp_b       (CvnSandboxSession *self,
                                                  gint64            *srp_id);
void         cvn_sandbox_session_set_srp_b       (CvnSandboxSession *self,
                                                  const guint8      *b,
                                                  const guint8      *B,
                                                  gint64             srp_id);
const guint8 *cvn_sandbox_session_get_srp_B      (CvnSandboxSession *self);
void         cvn_sandbox_session_set_login_token (CvnSandboxSession *self,
                                                  const char        *token);
const char  *cvn_sandbox_session_get_login_token (CvnSandboxSession *self);

/* cvn-sandbox-calls.c (group-call methods) and cvn-sandbox-account.c (the rest) */
typedef struct
{
  CvnSandboxWorld   *world;
  CvnSandboxSession *session;
  CvnTlArena        *arena;
  gint64             user_id;
  CvnSandboxUser    *user;
} CvnSandboxCtx;

gboolean cvn_sandbox_calls_dispatch   (CvnSandboxCtx     *ctx,
                                       const CvnTlObject *request,
                                       CvnTlValue        *result,
                                       gboolean          *handled,
                                       GError           **error);
gboolean cvn_sandbox_account_dispatch (CvnSandboxCtx     *ctx,
                                       const CvnTlObject *request,
                                       CvnTlValue        *result,
                                       gboolean          *handled,
                                       GError           **error);

/* resolving input objects */
gboolean cvn_sandbox_resolve_input_peer (CvnSandboxCtx     *ctx,
                                         const CvnTlObject *input,
                                         CvnSandboxPeer    *peer,
                                         GError           **error);
gboolean cvn_sandbox_resolve_input_user (CvnSandboxCtx     *ctx,
                                         const CvnTlObject *input,
                                         CvnSandboxUser   **user,
                                         GError           **error);
gboolean cvn_sandbox_rpc_fail           (GError           **error,
                                         gint               code,
                                         const char        *message);

/* after a successful request: saves the state (when a state directory is set) */
void     cvn_sandbox_world_changed      (CvnSandboxWorld *self);
void     cvn_sandbox_world_cancel_save  (CvnSandboxWorld *self);


/* persistence */
JsonNode *cvn_sandbox_world_to_json_node (CvnSandboxWorld *self);

G_END_DECLS
