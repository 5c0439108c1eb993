/* cvn-mtproto-connection.h: one MTProto transport connection over a GIOStream.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A CvnMtprotoConnection runs a CvnMtprotoCodec over a socket (or any GIOStream) on the
 * thread-default main context of its creation: it reads continuously once started,
 * emits ::frame for every payload, ::quick-ack for quick ack tokens, and ::closed once
 * (with the error, or NULL for an orderly end). Sends are queued and written in order.
 *
 * Client:  cvn_mtproto_connection_connect_async ("127.0.0.1", port, framing, obfuscated,
 *                                                dc_id, cancellable, callback, data);
 * Server:  cvn_mtproto_connection_new (G_IO_STREAM (socket_connection),
 *                                      cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_SERVER, ...));
 * then cvn_mtproto_connection_start().
 */
#pragma once

#include <gio/gio.h>

#include "cvn-mtproto-transport.h"

G_BEGIN_DECLS

#define CVN_TYPE_MTPROTO_CONNECTION (cvn_mtproto_connection_get_type ())

G_DECLARE_FINAL_TYPE (CvnMtprotoConnection, cvn_mtproto_connection, CVN, MTPROTO_CONNECTION, GObject)

/* Takes ownership of @codec. */
CvnMtprotoConnection *cvn_mtproto_connection_new                  (GIOStream            *stream,
                                                                   CvnMtprotoCodec      *codec);
void                  cvn_mtproto_connection_connect_async        (const char           *host,
                                                                   guint16               port,
                                                                   CvnMtprotoFraming     framing,
                                                                   gboolean              obfuscated,
                                                                   gint16                dc_id,
                                                                   GCancellable         *cancellable,
                                                                   GAsyncReadyCallback   callback,
                                                                   gpointer              user_data);
CvnMtprotoConnection *cvn_mtproto_connection_connect_finish       (GAsyncResult         *result,
                                                                   GError              **error);

void                  cvn_mtproto_connection_start                (CvnMtprotoConnection *self);
gboolean              cvn_mtproto_connection_send                 (CvnMtprotoConnection *self,
                                                                   GBytes               *payload,
                                                                   gboolean              quick_ack,
                                                                   GError              **error);
gboolean              cvn_mtproto_connection_send_quick_ack       (CvnMtprotoConnection *self,
                                                                   guint32               token,
                                                                   GError              **error);
/* Sends the code, then closes once it is written. */
gboolean              cvn_mtproto_connection_send_transport_error (CvnMtprotoConnection *self,
                                                                   gint32                code,
                                                                   GError              **error);
/* Closes now; ::closed is emitted (with NULL) if it was not yet. */
void                  cvn_mtproto_connection_close                (CvnMtprotoConnection *self);

gboolean              cvn_mtproto_connection_get_closed           (CvnMtprotoConnection *self);
CvnMtprotoCodec      *cvn_mtproto_connection_get_codec            (CvnMtprotoConnection *self);
GIOStream            *cvn_mtproto_connection_get_stream           (CvnMtprotoConnection *self);
guint64               cvn_mtproto_connection_get_bytes_received   (CvnMtprotoConnection *self);
guint64               cvn_mtproto_connection_get_bytes_sent       (CvnMtprotoConnection *self);

G_END_DECLS
