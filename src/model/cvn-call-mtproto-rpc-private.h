/* cvn-call-mtproto-rpc-private.h: CvnCallRpc over a CvnMtprotoClient (the app's network).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-call-rpc-private.h"
#include "cvn-mtproto-client.h"

G_BEGIN_DECLS

#define CVN_TYPE_CALL_MTPROTO_RPC (_cvn_call_mtproto_rpc_get_type ())

G_DECLARE_FINAL_TYPE (CvnCallMtprotoRpc, _cvn_call_mtproto_rpc, CVN, CALL_MTPROTO_RPC, GObject)

/* Requests go through @client; its ::update messages that are Updates become ::updates. */
CvnCallMtprotoRpc *_cvn_call_mtproto_rpc_new        (CvnMtprotoClient  *client);
CvnMtprotoClient  *_cvn_call_mtproto_rpc_get_client (CvnCallMtprotoRpc *self);

G_END_DECLS
