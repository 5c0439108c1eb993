/* cvn-sandbox-session.h: one client session of the sandbox data centre.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A session is what MTProto calls a session (one auth key, one session id): the dispatcher
 * reads and changes its login state, and the world pushes updates to it.  Pushed updates
 * are encoded TL `Updates` (GBytes); each is queued (cvn_sandbox_session_pop_update ()) and
 * announced with the ::update signal, which a server connects to send it on the wire.
 * ::cut asks the transport to close the connection (fault injection).
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define CVN_TYPE_SANDBOX_SESSION (cvn_sandbox_session_get_type ())

G_DECLARE_FINAL_TYPE (CvnSandboxSession, cvn_sandbox_session, CVN, SANDBOX_SESSION, GObject)

guint64  cvn_sandbox_session_get_id         (CvnSandboxSession *self);
gint64   cvn_sandbox_session_get_user_id    (CvnSandboxSession *self);
void     cvn_sandbox_session_set_user_id    (CvnSandboxSession *self,
                                             gint64             user_id);
/* The oldest pushed update not yet taken, or NULL. */
GBytes  *cvn_sandbox_session_pop_update     (CvnSandboxSession *self);
guint    cvn_sandbox_session_get_n_pending  (CvnSandboxSession *self);
/* FALSE stops queueing (a server that sends from ::update does not need the queue). */
void     cvn_sandbox_session_set_queueing   (CvnSandboxSession *self,
                                             gboolean           queueing);
/* Emits ::cut. */
void     cvn_sandbox_session_cut            (CvnSandboxSession *self);

G_END_DECLS
