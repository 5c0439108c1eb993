/* cvn-sandbox-server.h: the sandbox data centre on the network: the MTProto server role of
 * src/mtproto with the sandbox's dispatcher as its request handler.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each MTProto session (auth key + session id) gets a CvnSandboxSession of the world; the
 * login is remembered per auth key, as Telegram does, so a new session of a logged-in key
 * is logged in.  Updates the world pushes to a session go out with
 * cvn_mtproto_server_session_push ().  A session's ::cut closes the connection of that
 * MTProto session only (cvn_mtproto_server_session_close_connection ()).
 */
#pragma once

#include <glib-object.h>

#include "cvn-mtproto-server.h"
#include "cvn-sandbox-world.h"

G_BEGIN_DECLS

#define CVN_TYPE_SANDBOX_SERVER (cvn_sandbox_server_get_type ())

G_DECLARE_FINAL_TYPE (CvnSandboxServer, cvn_sandbox_server, CVN, SANDBOX_SERVER, GObject)

/* @key: the RSA key pair of the data centre (copied). */
CvnSandboxServer *cvn_sandbox_server_new          (CvnSandboxWorld  *world,
                                                   CvnRsaKey        *key);
/* Loopback addresses only; @port 0 picks a free one. */
gboolean          cvn_sandbox_server_listen       (CvnSandboxServer *self,
                                                   const char       *address,
                                                   guint16           port,
                                                   GError          **error);
guint16           cvn_sandbox_server_get_port     (CvnSandboxServer *self);
CvnMtprotoServer *cvn_sandbox_server_get_mtproto  (CvnSandboxServer *self);
CvnSandboxWorld  *cvn_sandbox_server_get_world    (CvnSandboxServer *self);
void              cvn_sandbox_server_stop         (CvnSandboxServer *self);

G_END_DECLS
