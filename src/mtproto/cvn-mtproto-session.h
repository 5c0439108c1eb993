/* cvn-mtproto-session.h: one MTProto session (auth key + session_id), either role: msg_id
 * and seqno generation, encryption with containers, and the checks on received messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A session outlives connections: its msg_id generator, seqno counter and the set of
 * received msg_ids survive reconnects, so no message is accepted twice.
 *
 * Received messages go through cvn_mtproto_session_accept() after
 * cvn_mtproto_message_decrypt(): the session_id must be ours (a server adopts the first
 * one it sees), msg_ids must have the sender's parity, lie in the time window and be new;
 * a msg_container is unpacked (no nested containers, every inner message checked the same
 * way). Each refusal is counted by kind (cvn_mtproto_session_get_rejections()) and logged
 * at debug level.
 */
#pragma once

#include <glib.h>

#include "cvn-mtproto-message.h"

G_BEGIN_DECLS

#define CVN_MTPROTO_LAYER 223
#define CVN_MTPROTO_MAX_CONTAINER 1020

typedef enum
{
  CVN_MTPROTO_REJECT_NONE,
  CVN_MTPROTO_REJECT_DECRYPT,          /* key id, msg_key, lengths, padding */
  CVN_MTPROTO_REJECT_SESSION_ID,
  CVN_MTPROTO_REJECT_MSG_ID_TOO_LOW,   /* bad_msg_notification 16 */
  CVN_MTPROTO_REJECT_MSG_ID_TOO_HIGH,  /* 17 */
  CVN_MTPROTO_REJECT_MSG_ID_PARITY,    /* 18 */
  CVN_MTPROTO_REJECT_REPLAY,
  CVN_MTPROTO_REJECT_CONTAINER,        /* 64 */
  CVN_MTPROTO_REJECT_SALT,             /* 48 */
  CVN_MTPROTO_REJECT_SEQNO,            /* 34, 35 */
  CVN_MTPROTO_REJECT_MALFORMED,        /* undecodable body, unknown constructor */
  CVN_MTPROTO_N_REJECT
} CvnMtprotoRejection;

typedef struct
{
  gint64   msg_id;
  gint32   seqno;
  GBytes  *body;
  gboolean duplicate;  /* server: a msg_id seen before (a resent request) */
} CvnMtprotoInMessage;

void cvn_mtproto_in_message_free (CvnMtprotoInMessage *message);

typedef struct _CvnMtprotoSession CvnMtprotoSession;

CvnMtprotoSession *cvn_mtproto_session_new           (CvnMtprotoRole           role,
                                                      const CvnMtprotoAuthKey *key,
                                                      gint64                   session_id,
                                                      gint64                   salt);
void               cvn_mtproto_session_free          (CvnMtprotoSession       *self);

const CvnMtprotoAuthKey *cvn_mtproto_session_get_auth_key (CvnMtprotoSession *self);
gint64             cvn_mtproto_session_get_id        (CvnMtprotoSession       *self);
/* Client: a new session_id, seqno and msg_ids from 0, received msg_ids forgotten. */
void               cvn_mtproto_session_reset         (CvnMtprotoSession       *self,
                                                      gint64                   session_id);
gint64             cvn_mtproto_session_get_salt      (CvnMtprotoSession       *self);
void               cvn_mtproto_session_set_salt      (CvnMtprotoSession       *self,
                                                      gint64                   salt);
/* Server time minus local time, µs (client). */
gint64             cvn_mtproto_session_get_time_offset (CvnMtprotoSession     *self);
void               cvn_mtproto_session_set_time_offset (CvnMtprotoSession     *self,
                                                        gint64                 offset_us);
/* Client: corrects the clock from a msg_id the server generated. Returns TRUE when the
 * clock went back so far that new msg_ids would not be greater than those sent: the
 * session must then be reset (msg_ids only grow within a session). */
gboolean           cvn_mtproto_session_sync_time     (CvnMtprotoSession       *self,
                                                      gint64                   now_us,
                                                      gint64                   server_msg_id);

gint64             cvn_mtproto_session_next_msg_id   (CvnMtprotoSession       *self,
                                                      gint64                   now_us,
                                                      gboolean                 response);
gint32             cvn_mtproto_session_next_seqno    (CvnMtprotoSession       *self,
                                                      gboolean                 content_related);

/* Encrypts one message, or, with several, a msg_container of them (its own msg_id and an
 * even seqno). @messages: CvnMtprotoInMessage * (msg_id, seqno, body set). */
GBytes            *cvn_mtproto_session_pack          (CvnMtprotoSession       *self,
                                                      GPtrArray               *messages,
                                                      gint64                   now_us,
                                                      guint32                 *quick_ack_token,
                                                      GError                 **error);

/* Checks a decrypted message and appends its messages (CvnMtprotoInMessage *, the
 * container unpacked) to @out. On refusal, *@rejection tells why. */
gboolean           cvn_mtproto_session_accept        (CvnMtprotoSession       *self,
                                                      const CvnMtprotoMessage *message,
                                                      gint64                   now_us,
                                                      GPtrArray               *out,
                                                      CvnMtprotoRejection     *rejection,
                                                      GError                 **error);

void               cvn_mtproto_session_count_rejection (CvnMtprotoSession     *self,
                                                        CvnMtprotoRejection    rejection);
guint64            cvn_mtproto_session_get_rejections  (CvnMtprotoSession     *self,
                                                        CvnMtprotoRejection    rejection);

/* The bad_msg_notification error code for a rejection, 0 if none applies. */
gint32             cvn_mtproto_rejection_to_bad_msg_code (CvnMtprotoRejection  rejection);

/* gzip_packed: pack @data (TL serialised) as a gzip_packed object; unpack one, refusing
 * more than @max_len bytes of output. */
GBytes            *cvn_mtproto_gzip_pack             (const guint8            *data,
                                                      gsize                    len);
GBytes            *cvn_mtproto_gzip_unpack           (const guint8            *packed,
                                                      gsize                    len,
                                                      gsize                    max_len,
                                                      GError                 **error);

/* Content-related: everything but msgs_ack, containers and the like (seqno odd). */
gboolean           cvn_mtproto_body_is_content_related (GBytes                *body);
guint32            cvn_mtproto_body_get_id            (GBytes                 *body);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnMtprotoSession, cvn_mtproto_session_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnMtprotoInMessage, cvn_mtproto_in_message_free)

G_END_DECLS
