/* cvn-mtproto-transport.h: MTProto TCP transports as a pure, incremental frame codec.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A CvnMtprotoCodec turns bytes into frames and frames into bytes, for one direction pair
 * of one connection, without doing any I/O:
 *
 *   codec = cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_CLIENT,
 *                                  CVN_MTPROTO_FRAMING_INTERMEDIATE, TRUE, 2, 0);
 *   cvn_mtproto_codec_encode (codec, payload, len, FALSE, out, &error);   (bytes to send)
 *   cvn_mtproto_codec_feed (codec, received, n, &error);
 *   while (cvn_mtproto_codec_next (codec, &frame, &error)) { ... }
 *
 * Framings: abridged (tag 0xef; length/4 in one byte, or 0x7f and three bytes),
 * intermediate (tag 0xeeeeeeee; 4-byte little-endian length), padded intermediate (tag
 * 0xdddddddd; the length includes 0..15 random bytes after the payload). Each may be
 * wrapped in obfuscation (cvn-mtproto-obfuscation.h), which replaces the tag with the
 * 64-byte header. The client writes the tag or header before its first frame; a server
 * codec detects framing and obfuscation from the first bytes it receives.
 *
 * Quick acks: a client frame may ask for one (the top bit of the length); the server
 * answers with a 4-byte token whose top bit is set (big-endian in abridged, as a length
 * word otherwise), which the client codec returns as a CVN_MTPROTO_FRAME_QUICK_ACK.
 *
 * Transport errors: the server may send a 4-byte frame holding a negative int32
 * (-404, -429, -444, ...); the client codec returns it as a
 * CVN_MTPROTO_FRAME_TRANSPORT_ERROR, and cvn_mtproto_transport_error_set() turns the
 * code into a GError.
 *
 * Frames longer than max_frame_len, empty frames, lengths not a multiple of 4 (except in
 * padded intermediate), an unknown header and input after an error are errors in
 * CVN_MTPROTO_ERROR_TRANSPORT. An error is sticky: the codec then refuses everything.
 * In padded intermediate the payload of a frame still carries the random padding: the
 * message layer knows the real length (cvn-mtproto-message.h accepts it).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CVN_MTPROTO_ROLE_CLIENT,
  CVN_MTPROTO_ROLE_SERVER,
} CvnMtprotoRole;

typedef enum
{
  CVN_MTPROTO_FRAMING_ABRIDGED,
  CVN_MTPROTO_FRAMING_INTERMEDIATE,
  CVN_MTPROTO_FRAMING_PADDED_INTERMEDIATE,
} CvnMtprotoFraming;

typedef enum
{
  CVN_MTPROTO_FRAME_PAYLOAD,
  CVN_MTPROTO_FRAME_QUICK_ACK,
  CVN_MTPROTO_FRAME_TRANSPORT_ERROR,
} CvnMtprotoFrameKind;

/* 1 MiB of file part plus room for the envelope. */
#define CVN_MTPROTO_DEFAULT_MAX_FRAME_LEN (1024 * 1024 + 64 * 1024)

typedef struct
{
  CvnMtprotoFrameKind kind;
  GBytes   *payload;         /* PAYLOAD */
  gboolean  quick_ack;       /* PAYLOAD received by a server: the client asked for one */
  guint32   quick_ack_token; /* QUICK_ACK, top bit set */
  gint32    error_code;      /* TRANSPORT_ERROR, negative */
} CvnMtprotoFrame;

void cvn_mtproto_frame_clear (CvnMtprotoFrame *frame);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CvnMtprotoFrame, cvn_mtproto_frame_clear)

typedef struct _CvnMtprotoCodec CvnMtprotoCodec;

/* @framing, @obfuscated and @dc_id are what a client sends; a server codec ignores them
 * and learns them from the peer. @max_frame_len 0 means the default. */
CvnMtprotoCodec  *cvn_mtproto_codec_new            (CvnMtprotoRole     role,
                                                    CvnMtprotoFraming  framing,
                                                    gboolean           obfuscated,
                                                    gint16             dc_id,
                                                    gsize              max_frame_len);
void              cvn_mtproto_codec_free           (CvnMtprotoCodec   *self);

/* Client side, tests: use these 64 random bytes for the obfuscation header instead of
 * fresh ones. Call before the first encode. */
gboolean          cvn_mtproto_codec_set_obfuscation_random (CvnMtprotoCodec *self,
                                                            const guint8    *random,
                                                            GError         **error);

CvnMtprotoRole    cvn_mtproto_codec_get_role       (CvnMtprotoCodec   *self);
/* For a server codec these are known once the header has been received. */
gboolean          cvn_mtproto_codec_get_header_done (CvnMtprotoCodec  *self);
CvnMtprotoFraming cvn_mtproto_codec_get_framing    (CvnMtprotoCodec   *self);
gboolean          cvn_mtproto_codec_get_obfuscated (CvnMtprotoCodec   *self);
gint16            cvn_mtproto_codec_get_dc_id      (CvnMtprotoCodec   *self);
/* Bytes received but not yet returned as frames. */
gsize             cvn_mtproto_codec_get_pending    (CvnMtprotoCodec   *self);

/* Appends the bytes for one frame to @out (the tag or header first, for a client's
 * first frame). @len must be a positive multiple of 4 and at most max_frame_len.
 * @quick_ack: ask the server for a quick ack (client only). */
gboolean cvn_mtproto_codec_encode                  (CvnMtprotoCodec   *self,
                                                    const guint8      *payload,
                                                    gsize              len,
                                                    gboolean           quick_ack,
                                                    GByteArray        *out,
                                                    GError           **error);
/* Server only. @token gets its top bit set. */
gboolean cvn_mtproto_codec_encode_quick_ack        (CvnMtprotoCodec   *self,
                                                    guint32            token,
                                                    GByteArray        *out,
                                                    GError           **error);
/* Server only; @code must be negative. Only meaningful once the header is known. */
gboolean cvn_mtproto_codec_encode_transport_error  (CvnMtprotoCodec   *self,
                                                    gint32             code,
                                                    GByteArray        *out,
                                                    GError           **error);

/* Takes received bytes (decrypting them when obfuscated). */
gboolean cvn_mtproto_codec_feed                    (CvnMtprotoCodec   *self,
                                                    const guint8      *data,
                                                    gsize              len,
                                                    GError           **error);
/* TRUE and fills @frame when a whole frame is buffered; FALSE without an error when more
 * bytes are needed; FALSE with an error for malformed input. */
gboolean cvn_mtproto_codec_next                    (CvnMtprotoCodec   *self,
                                                    CvnMtprotoFrame   *frame,
                                                    GError           **error);

/* Sets @error for a transport error code (-404, -429, -444, others) and returns FALSE. */
gboolean cvn_mtproto_transport_error_set (GError **error,
                                          gint32   code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnMtprotoCodec, cvn_mtproto_codec_free)

G_END_DECLS
