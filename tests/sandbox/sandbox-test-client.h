/* sandbox-test-client.h: integration tests of the sandbox through the project's own MTProto
 * client: a server on loopback with the default world, clients that log in, JSON views of
 * results and of pushed updates.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Requests are written as the JSON form of TL objects (cvn-tl-json.h); results and pushed
 * Updates come back as json-glib nodes that live until the fixture is torn down, read with
 * small path lookups: jint (node, "updates.0.call.version").
 */
#pragma once

#include "cvn-sandbox-server.h"
#include "cvn-sandbox-private.h"

#include "cvn-mtproto-client.h"
#include "cvn-mtproto-error.h"
#include "cvn-rsa.h"
#include "cvn-test-wait.h"
#include "cvn-tl-json.h"

#include <json-glib/json-glib.h>

#define SBX_WAIT_MS 20000

#define LOUNGE 1000000001
#define BOOK_CLUB 5001
#define RADIO 1000000002
#define BIG_STAGE 1000000003
#define ADA 1001
#define BRIAN 1002
#define CLEO 1003

typedef struct
{
  CvnMtprotoClient *client;
  GPtrArray        *pushed;    /* JsonNode * of each pushed Updates, in order */
  gint64            user_id;
} SbxClient;

typedef struct
{
  CvnClock         *clock;
  CvnSandboxWorld  *world;
  CvnSandboxServer *server;
  GPtrArray        *clients;   /* SbxClient * */
  GPtrArray        *garbage;   /* JsonNode *, kept until teardown */
  GPtrArray        *strings;   /* char *, kept until teardown */
} SbxFixture;

void        sbx_init              (void);
void        sbx_shutdown          (void);
void        sbx_fixture_setup     (SbxFixture    *f,
                                   gconstpointer  data);
void        sbx_fixture_teardown  (SbxFixture    *f,
                                   gconstpointer  data);

/* A client that is not logged in, or one logged in with @phone's test code (99966XYYYY:
 * XXXXX), and the password "convene" if the account asks for one. */
SbxClient  *sbx_client_new        (SbxFixture    *f);
SbxClient  *sbx_login             (SbxFixture    *f,
                                   const char    *phone);

/* Two-step verification with real SRP (crypto's client side); the auth.authorization. */
JsonNode   *sbx_check_password    (SbxFixture    *f,
                                   SbxClient     *c,
                                   const char    *password);

/* Invokes the request @format describes; the result as JSON (object, vector or Bool). */
JsonNode   *sbx_ok                (SbxFixture    *f,
                                   SbxClient     *c,
                                   const char    *format,
                                   ...) G_GNUC_PRINTF (3, 4);
/* The same, expecting rpc_error @code @message. */
void        sbx_fails             (SbxFixture    *f,
                                   SbxClient     *c,
                                   gint           code,
                                   const char    *message,
                                   const char    *format,
                                   ...) G_GNUC_PRINTF (5, 6);
/* The raw result (the caller unrefs), for byte fields; NULL with @error set on rpc_error. */
CvnMtprotoResult *sbx_invoke      (SbxFixture    *f,
                                   SbxClient     *c,
                                   GError       **error,
                                   const char    *format,
                                   ...) G_GNUC_PRINTF (4, 5);

/* A round trip: every update pushed to @c before now has been received. */
void        sbx_sync              (SbxFixture    *f,
                                   SbxClient     *c);
void        sbx_clear_pushed      (SbxClient     *c);
/* Pushed updates of @type ("updateGroupCall"...) since the last clear, in order. */
GPtrArray  *sbx_pushed            (SbxClient     *c,
                                   const char    *type);
void        sbx_wait_pushed       (SbxClient     *c,
                                   const char    *type,
                                   guint          n);

/* JSON paths: "a.b.0.c"; absent members give NULL / 0 / FALSE (jint asserts presence). */
JsonNode   *jget                  (JsonNode      *node,
                                   const char    *path);
gint64      jint                  (JsonNode      *node,
                                   const char    *path);
const char *jstr                  (JsonNode      *node,
                                   const char    *path);
gboolean    jbool                 (JsonNode      *node,
                                   const char    *path);
guint       jlen                  (JsonNode      *node,
                                   const char    *path);
const char *jtype                 (JsonNode      *node,
                                   const char    *path);
/* The first update of @type in an Updates' `updates`, or NULL; their number. */
JsonNode   *sbx_update            (JsonNode      *updates,
                                   const char    *type);
guint       sbx_n_updates         (JsonNode      *updates,
                                   const char    *type);

/* Request fragments (kept until teardown). */
const char *sbx_input_call        (SbxFixture    *f,
                                   CvnSandboxCall *call);
const char *sbx_payload           (SbxFixture    *f,
                                   guint32        ssrc,
                                   gboolean       video);
const char *sbx_channel_peer      (SbxFixture    *f,
                                   gint64         channel_id);
const char *sbx_input_user        (SbxFixture    *f,
                                   gint64         user_id);
CvnSandboxCall *sbx_call_of       (SbxFixture    *f,
                                   gint64         chat_id);
