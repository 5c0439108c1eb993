/* cvn-call-client-rpc-private.h: CvnCallRpc over a CvnClient, and the group-call glue of a
 * client.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Requests go through _cvn_client_invoke_async() (the peers of every result cached first),
 * updates come from the client's ::update (after the client has handled them), InputPeers
 * come from the client's peer cache.
 *
 * _cvn_group_call_sync_for_client() gives the one CvnGroupCallSync of a client (made on the
 * first call, kept with the client): it adopts every CvnGroupCall the client makes
 * (::group-call-added), so the chats' calls and the joined calls fill from the server.
 * Call it as soon as the client exists to have them all.
 */
#pragma once

#include "cvn-call-rpc-private.h"
#include "cvn-client-private.h"
#include "cvn-group-call-sync-private.h"

G_BEGIN_DECLS

#define CVN_TYPE_CALL_CLIENT_RPC (_cvn_call_client_rpc_get_type ())

G_DECLARE_FINAL_TYPE (CvnCallClientRpc, _cvn_call_client_rpc, CVN, CALL_CLIENT_RPC, GObject)

CvnCallClientRpc *_cvn_call_client_rpc_new        (CvnClient        *client);
CvnClient        *_cvn_call_client_rpc_get_client (CvnCallClientRpc *self);

/* transfer none */
CvnGroupCallSync *_cvn_group_call_sync_for_client (CvnClient        *client);

G_END_DECLS
