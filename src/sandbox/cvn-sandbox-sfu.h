/* cvn-sandbox-sfu.h: the sandbox's SFU, one CvnRtcRouter per call and one SFU-role
 * CvnRtcTransport per connection.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A connection is what phone.joinGroupCall (or joinGroupCallPresentation) opens: it is keyed
 * by the call, the user acting for the participant (Telegram allows one connection per user
 * and call) and whether it is the presentation. Connecting again with the same key replaces
 * the previous transport (a rejoin with a new source). Transports run ICE-lite on the SFU's
 * address (UDP and passive TCP), DTLS in the role mirrored from the join payload, SRTP per
 * connection, and accept the client's data channel; a transport that fails (ICE or DTLS
 * bound, fingerprint, inactivity) is removed by itself. Everything runs on the thread-default
 * GMainContext of construction.
 */
#pragma once

#include <glib-object.h>

#include "cvn-rtc-router.h"
#include "cvn-rtc-transport.h"

G_BEGIN_DECLS

#define CVN_TYPE_SANDBOX_SFU (cvn_sandbox_sfu_get_type ())
G_DECLARE_FINAL_TYPE (CvnSandboxSfu, cvn_sandbox_sfu, CVN, SANDBOX_SFU, GObject)

typedef struct
{
  guint   n_transports;      /* connections now */
  guint   n_secure;          /* of which connected-secure */
  guint64 n_joins;           /* connections made since the call's router was created */
  guint64 n_failed;          /* removed because their transport failed */
  guint64 n_forwarded;       /* packets the router sent on */
  guint64 n_dropped;         /* packets the router dropped (loss injection, foreign SSRC) */
  guint64 n_constraints;     /* ReceiverVideoConstraints received on data channels */
  guint64 n_data_messages;   /* data channel messages received, all classes */
} CvnSandboxSfuCallStats;

/* @address: the loopback address ICE binds to ("127.0.0.1" or "::1"). */
CvnSandboxSfu   *cvn_sandbox_sfu_new               (const char             *address,
                                                    GError                **error);
const char      *cvn_sandbox_sfu_get_address       (CvnSandboxSfu          *self);

/* Parses @payload_json (the join payload), replaces the connection of the same key, makes
 * the SFU transport and adds it to the call's router. Errors are CVN_SANDBOX_RPC_ERROR, as
 * the request is to be answered: 400 DATA_JSON_INVALID (a payload the transport cannot
 * use), 400 GROUPCALL_SSRC_DUPLICATE_MUCH (a source another connection of the call sends),
 * 500 INTERNAL (no transport could be made). */
gboolean         cvn_sandbox_sfu_connect           (CvnSandboxSfu          *self,
                                                    gint64                  call_id,
                                                    gint64                  user_id,
                                                    gboolean                presentation,
                                                    const char             *payload_json,
                                                    gsize                   payload_len,
                                                    GError                **error);
/* The answer JSON (updateGroupCallConnection.params) for a connection made with _connect():
 * real ICE credentials, fingerprint, setup and host candidates; no "audio" section for a
 * presentation. NULL if there is no such connection. */
char            *cvn_sandbox_sfu_create_answer     (CvnSandboxSfu          *self,
                                                    gint64                  call_id,
                                                    gint64                  user_id,
                                                    gboolean                presentation,
                                                    const char             *video_endpoint);
/* Closes and removes one connection (leave), or every connection of a call (discard). */
void             cvn_sandbox_sfu_disconnect        (CvnSandboxSfu          *self,
                                                    gint64                  call_id,
                                                    gint64                  user_id,
                                                    gboolean                presentation);
void             cvn_sandbox_sfu_end_call          (CvnSandboxSfu          *self,
                                                    gint64                  call_id);
/* Drops every transport of every call, as a crashed and restarted SFU would: clients see
 * their transport fail (or go silent) and must join again. Returns how many were dropped. */
guint            cvn_sandbox_sfu_restart           (CvnSandboxSfu          *self);

/* The call's router (made on the first connection), or NULL. The simulated voices send
 * through it. */
CvnRtcRouter    *cvn_sandbox_sfu_get_router        (CvnSandboxSfu          *self,
                                                    gint64                  call_id);
/* The ids of the calls that have a router (sorted). */
GArray          *cvn_sandbox_sfu_get_call_ids      (CvnSandboxSfu          *self);
gboolean         cvn_sandbox_sfu_get_call_stats    (CvnSandboxSfu          *self,
                                                    gint64                  call_id,
                                                    CvnSandboxSfuCallStats *stats);
/* For tests: a connection's transport and the last ReceiverVideoConstraints text its data
 * channel brought (NULL if none yet), and how many it brought. */
CvnRtcTransport *cvn_sandbox_sfu_get_transport     (CvnSandboxSfu          *self,
                                                    gint64                  call_id,
                                                    gint64                  user_id,
                                                    gboolean                presentation);
const char      *cvn_sandbox_sfu_get_last_constraints (CvnSandboxSfu       *self,
                                                       gint64               call_id,
                                                       gint64               user_id,
                                                       guint64             *n_constraints);

/* Settings for tests and the control socket, applied to transports and routers made from now
 * on (the loss also to existing routers): the SRTP profiles accepted, the connect bound and
 * the inactivity bound (0: the transport's defaults), and RTP loss injected in every router. */
void             cvn_sandbox_sfu_set_srtp_profiles (CvnSandboxSfu          *self,
                                                    CvnRtcSrtpProfiles      profiles);
void             cvn_sandbox_sfu_set_timeouts      (CvnSandboxSfu          *self,
                                                    guint                   connect_ms,
                                                    guint                   inactivity_ms);
void             cvn_sandbox_sfu_set_loss          (CvnSandboxSfu          *self,
                                                    double                  fraction,
                                                    guint32                 seed);

/* One line per call with a router: "call ID transports N/SECURE joins N failed N forwarded N
 * dropped N constraints N". */
char            *cvn_sandbox_sfu_describe          (CvnSandboxSfu          *self);

G_END_DECLS
