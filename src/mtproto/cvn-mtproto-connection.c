/* cvn-mtproto-connection.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-connection.h"

#include "cvn-mtproto-error.h"

#include <netinet/in.h>
#include <netinet/tcp.h>

#define READ_CHUNK (64 * 1024)

struct _CvnMtprotoConnection
{
  GObject          parent_instance;

  GIOStream       *stream;
  CvnMtprotoCodec *codec;
  GCancellable    *cancellable;

  guint8          *read_buf;
  gboolean         started;
  gboolean         closed;
  gboolean         close_after_write;

  GByteArray      *pending;   /* encoded, not yet handed to the stream */
  GBytes          *writing;   /* in flight */
  gsize            written;

  guint64          bytes_received;
  guint64          bytes_sent;
};

G_DEFINE_FINAL_TYPE (CvnMtprotoConnection, cvn_mtproto_connection, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STREAM,
  PROP_CLOSED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_FRAME,
  SIGNAL_QUICK_ACK,
  SIGNAL_CLOSED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void start_write (CvnMtprotoConnection *self);

static void
close_with_error (CvnMtprotoConnection *self,
                  const GError         *error)
{
  g_autoptr(CvnMtprotoConnection) hold = NULL;

  if (self->closed)
    return;
  hold = g_object_ref (self);
  self->closed = TRUE;
  if (error != NULL)
    g_debug ("Connection %p closed: %s", self, error->message);
  g_cancellable_cancel (self->cancellable);
  if (self->stream != NULL)
    g_io_stream_close_async (self->stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLOSED]);
  g_signal_emit (self, signals[SIGNAL_CLOSED], 0, error);
}

static void
cvn_mtproto_connection_dispose (GObject *object)
{
  CvnMtprotoConnection *self = CVN_MTPROTO_CONNECTION (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (!self->closed && self->stream != NULL)
    {
      self->closed = TRUE;
      g_io_stream_close (self->stream, NULL, NULL);
    }
  g_clear_object (&self->stream);

  G_OBJECT_CLASS (cvn_mtproto_connection_parent_class)->dispose (object);
}

static void
cvn_mtproto_connection_finalize (GObject *object)
{
  CvnMtprotoConnection *self = CVN_MTPROTO_CONNECTION (object);

  g_clear_pointer (&self->codec, cvn_mtproto_codec_free);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->read_buf, g_free);
  g_clear_pointer (&self->pending, g_byte_array_unref);
  g_clear_pointer (&self->writing, g_bytes_unref);

  G_OBJECT_CLASS (cvn_mtproto_connection_parent_class)->finalize (object);
}

static void
cvn_mtproto_connection_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  CvnMtprotoConnection *self = CVN_MTPROTO_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_STREAM:
      g_value_set_object (value, self->stream);
      break;
    case PROP_CLOSED:
      g_value_set_boolean (value, self->closed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_mtproto_connection_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  CvnMtprotoConnection *self = CVN_MTPROTO_CONNECTION (object);

  switch (prop_id)
    {
    case PROP_STREAM:
      self->stream = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_mtproto_connection_class_init (CvnMtprotoConnectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cvn_mtproto_connection_dispose;
  object_class->finalize = cvn_mtproto_connection_finalize;
  object_class->get_property = cvn_mtproto_connection_get_property;
  object_class->set_property = cvn_mtproto_connection_set_property;

  properties[PROP_STREAM] =
    g_param_spec_object ("stream", NULL, NULL, G_TYPE_IO_STREAM,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CLOSED] =
    g_param_spec_boolean ("closed", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::frame (GBytes *payload, gboolean quick_ack_requested) */
  signals[SIGNAL_FRAME] =
    g_signal_new ("frame", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_BYTES, G_TYPE_BOOLEAN);
  /* ::quick-ack (guint token) */
  signals[SIGNAL_QUICK_ACK] =
    g_signal_new ("quick-ack", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT);
  /* ::closed (const GError *error): NULL for an orderly end or a local close. */
  signals[SIGNAL_CLOSED] =
    g_signal_new ("closed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
cvn_mtproto_connection_init (CvnMtprotoConnection *self)
{
  self->cancellable = g_cancellable_new ();
  self->pending = g_byte_array_new ();
}

CvnMtprotoConnection *
cvn_mtproto_connection_new (GIOStream       *stream,
                            CvnMtprotoCodec *codec)
{
  CvnMtprotoConnection *self;

  g_return_val_if_fail (G_IS_IO_STREAM (stream), NULL);
  g_return_val_if_fail (codec != NULL, NULL);

  self = g_object_new (CVN_TYPE_MTPROTO_CONNECTION, "stream", stream, NULL);
  self->codec = codec;
  if (G_IS_SOCKET_CONNECTION (stream))
    g_socket_set_option (g_socket_connection_get_socket (G_SOCKET_CONNECTION (stream)),
                         IPPROTO_TCP, TCP_NODELAY, 1, NULL);
  return self;
}

typedef struct
{
  CvnMtprotoFraming framing;
  gboolean          obfuscated;
  gint16            dc_id;
} ConnectData;

static void
connect_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketConnection) conn = NULL;
  ConnectData *data = g_task_get_task_data (task);

  conn = g_socket_client_connect_to_host_finish (G_SOCKET_CLIENT (source), result, &error);
  if (conn == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_pointer (task,
                         cvn_mtproto_connection_new (G_IO_STREAM (conn),
                                                     cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_CLIENT,
                                                                            data->framing,
                                                                            data->obfuscated,
                                                                            data->dc_id, 0)),
                         g_object_unref);
}

void
cvn_mtproto_connection_connect_async (const char          *host,
                                      guint16              port,
                                      CvnMtprotoFraming    framing,
                                      gboolean             obfuscated,
                                      gint16               dc_id,
                                      GCancellable        *cancellable,
                                      GAsyncReadyCallback  callback,
                                      gpointer             user_data)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  ConnectData *data;
  GTask *task;

  g_return_if_fail (host != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_mtproto_connection_connect_async);
  data = g_new0 (ConnectData, 1);
  data->framing = framing;
  data->obfuscated = obfuscated;
  data->dc_id = dc_id;
  g_task_set_task_data (task, data, g_free);
  g_socket_client_set_timeout (client, 30);
  g_socket_client_connect_to_host_async (client, host, port, cancellable, connect_cb, task);
}

CvnMtprotoConnection *
cvn_mtproto_connection_connect_finish (GAsyncResult  *result,
                                       GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

static void read_cb (GObject      *source,
                     GAsyncResult *result,
                     gpointer      user_data);

static void
start_read (CvnMtprotoConnection *self)
{
  g_input_stream_read_async (g_io_stream_get_input_stream (self->stream), self->read_buf,
                             READ_CHUNK, G_PRIORITY_DEFAULT, self->cancellable, read_cb,
                             g_object_ref (self));
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(CvnMtprotoConnection) self = user_data;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_input_stream_read_finish (G_INPUT_STREAM (source), result, &error);
  if (self->closed)
    return;
  if (n < 0)
    {
      close_with_error (self, error);
      return;
    }
  if (n == 0)
    {
      g_autoptr(GError) eof = NULL;

      if (cvn_mtproto_codec_get_pending (self->codec) > 0)
        eof = g_error_new (CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_CLOSED,
                           "Connection closed inside a frame (%" G_GSIZE_FORMAT " bytes left)",
                           cvn_mtproto_codec_get_pending (self->codec));
      else
        eof = g_error_new_literal (CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_CLOSED,
                                   "Connection closed by the peer");
      close_with_error (self, eof);
      return;
    }

  self->bytes_received += n;
  if (!cvn_mtproto_codec_feed (self->codec, self->read_buf, n, &error))
    {
      close_with_error (self, error);
      return;
    }

  for (;;)
    {
      g_auto(CvnMtprotoFrame) frame = { 0 };

      if (!cvn_mtproto_codec_next (self->codec, &frame, &error))
        {
          if (error != NULL)
            {
              close_with_error (self, error);
              return;
            }
          break;
        }
      switch (frame.kind)
        {
        case CVN_MTPROTO_FRAME_PAYLOAD:
          g_signal_emit (self, signals[SIGNAL_FRAME], 0, frame.payload, frame.quick_ack);
          break;
        case CVN_MTPROTO_FRAME_QUICK_ACK:
          g_signal_emit (self, signals[SIGNAL_QUICK_ACK], 0, frame.quick_ack_token);
          break;
        case CVN_MTPROTO_FRAME_TRANSPORT_ERROR:
        default:
          cvn_mtproto_transport_error_set (&error, frame.error_code);
          close_with_error (self, error);
          return;
        }
      if (self->closed)
        return;
    }
  start_read (self);
}

void
cvn_mtproto_connection_start (CvnMtprotoConnection *self)
{
  g_return_if_fail (CVN_IS_MTPROTO_CONNECTION (self));

  if (self->started || self->closed)
    return;
  self->started = TRUE;
  self->read_buf = g_malloc (READ_CHUNK);
  start_read (self);
}

static void
write_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(CvnMtprotoConnection) self = user_data;
  g_autoptr(GError) error = NULL;
  gssize n;

  n = g_output_stream_write_bytes_finish (G_OUTPUT_STREAM (source), result, &error);
  if (self->closed)
    return;
  if (n < 0)
    {
      close_with_error (self, error);
      return;
    }
  self->bytes_sent += n;
  self->written += n;
  if (self->written < g_bytes_get_size (self->writing))
    {
      g_autoptr(GBytes) rest = g_bytes_new_from_bytes (self->writing, self->written,
                                                       g_bytes_get_size (self->writing) - self->written);

      g_bytes_unref (self->writing);
      self->writing = g_steal_pointer (&rest);
      self->written = 0;
      g_output_stream_write_bytes_async (g_io_stream_get_output_stream (self->stream),
                                         self->writing, G_PRIORITY_DEFAULT, self->cancellable,
                                         write_cb, g_object_ref (self));
      return;
    }
  g_clear_pointer (&self->writing, g_bytes_unref);
  start_write (self);
}

static void
start_write (CvnMtprotoConnection *self)
{
  if (self->writing != NULL || self->closed)
    return;
  if (self->pending->len == 0)
    {
      if (self->close_after_write)
        close_with_error (self, NULL);
      return;
    }
  self->writing = g_byte_array_free_to_bytes (g_steal_pointer (&self->pending));
  self->pending = g_byte_array_new ();
  self->written = 0;
  g_output_stream_write_bytes_async (g_io_stream_get_output_stream (self->stream),
                                     self->writing, G_PRIORITY_DEFAULT, self->cancellable,
                                     write_cb, g_object_ref (self));
}

static gboolean
check_open (CvnMtprotoConnection *self,
            GError              **error)
{
  if (self->closed || self->close_after_write)
    {
      g_set_error_literal (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_CLOSED,
                           "The connection is closed");
      return FALSE;
    }
  return TRUE;
}

gboolean
cvn_mtproto_connection_send (CvnMtprotoConnection  *self,
                             GBytes                *payload,
                             gboolean               quick_ack,
                             GError               **error)
{
  gsize len;
  const guint8 *data;

  g_return_val_if_fail (CVN_IS_MTPROTO_CONNECTION (self), FALSE);
  g_return_val_if_fail (payload != NULL, FALSE);

  if (!check_open (self, error))
    return FALSE;
  data = g_bytes_get_data (payload, &len);
  if (!cvn_mtproto_codec_encode (self->codec, data, len, quick_ack, self->pending, error))
    return FALSE;
  start_write (self);
  return TRUE;
}

gboolean
cvn_mtproto_connection_send_quick_ack (CvnMtprotoConnection  *self,
                                       guint32                token,
                                       GError               **error)
{
  g_return_val_if_fail (CVN_IS_MTPROTO_CONNECTION (self), FALSE);

  if (!check_open (self, error) ||
      !cvn_mtproto_codec_encode_quick_ack (self->codec, token, self->pending, error))
    return FALSE;
  start_write (self);
  return TRUE;
}

gboolean
cvn_mtproto_connection_send_transport_error (CvnMtprotoConnection  *self,
                                             gint32                 code,
                                             GError               **error)
{
  g_return_val_if_fail (CVN_IS_MTPROTO_CONNECTION (self), FALSE);

  if (!check_open (self, error) ||
      !cvn_mtproto_codec_encode_transport_error (self->codec, code, self->pending, error))
    return FALSE;
  self->close_after_write = TRUE;
  start_write (self);
  return TRUE;
}

void
cvn_mtproto_connection_close (CvnMtprotoConnection *self)
{
  g_return_if_fail (CVN_IS_MTPROTO_CONNECTION (self));

  close_with_error (self, NULL);
}

gboolean
cvn_mtproto_connection_get_closed (CvnMtprotoConnection *self)
{
  g_return_val_if_fail (CVN_IS_MTPROTO_CONNECTION (self), TRUE);
  return self->closed;
}

CvnMtprotoCodec *
cvn_mtproto_connection_get_codec (CvnMtprotoConnection *self)
{
  g_return_val_if_fail (CVN_IS_MTPROTO_CONNECTION (self), NULL);
  return self->codec;
}

GIOStream *
cvn_mtproto_connection_get_stream (CvnMtprotoConnection *self)
{
  g_return_val_if_fail (CVN_IS_MTPROTO_CONNECTION (self), NULL);
  return self->stream;
}

guint64
cvn_mtproto_connection_get_bytes_received (CvnMtprotoConnection *self)
{
  g_return_val_if_fail (CVN_IS_MTPROTO_CONNECTION (self), 0);
  return self->bytes_received;
}

guint64
cvn_mtproto_connection_get_bytes_sent (CvnMtprotoConnection *self)
{
  g_return_val_if_fail (CVN_IS_MTPROTO_CONNECTION (self), 0);
  return self->bytes_sent;
}
