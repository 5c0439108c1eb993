/* cvn-mtproto-client-private.h: for tests and fuzz targets of src/mtproto.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-mtproto-client.h"
#include "cvn-mtproto-connection.h"

G_BEGIN_DECLS

/* Runs the client over @stream with @key and a session (@session_id, @salt) as if it had
 * connected and exchanged keys; returns the connection (frames can be injected with
 * g_signal_emit_by_name (conn, "frame", payload, FALSE)). */
CvnMtprotoConnection *cvn_mtproto_client_attach_stream (CvnMtprotoClient        *self,
                                                        GIOStream               *stream,
                                                        const CvnMtprotoAuthKey *key,
                                                        gint64                   session_id,
                                                        gint64                   salt);

G_END_DECLS
