/* cvn-sandbox-dispatch.h: the sandbox's RPC dispatcher.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cvn_sandbox_dispatch () answers one decoded request (a method object of the api schema;
 * invokeWithLayer, initConnection and invokeWithoutUpdates wrappers are followed) for a
 * session: TRUE and @result set (objects allocated in @arena), or FALSE and @rpc_error in
 * CVN_SANDBOX_RPC_ERROR (code and type as Telegram answers them).  Updates caused by the
 * request are pushed to the other sessions concerned before it returns; the requesting
 * session gets its own in the result, as Telegram does.  Any request, however malformed
 * (NULL fields, wrong constructors in boxed fields, absurd numbers), gets an answer.
 */
#pragma once

#include "cvn-sandbox-world.h"
#include "cvn-sandbox-session.h"

#include "cvn-tl.h"

G_BEGIN_DECLS

gboolean  cvn_sandbox_dispatch       (CvnSandboxWorld   *world,
                                      CvnSandboxSession *session,
                                      const CvnTlObject *request,
                                      CvnTlArena        *arena,
                                      CvnTlValue        *result,
                                      GError           **rpc_error);

/* The wire form of a result (a boxed object, a Bool or a Vector). */
GBytes   *cvn_sandbox_encode_result  (const CvnTlValue  *result,
                                      GError           **error);

G_END_DECLS
