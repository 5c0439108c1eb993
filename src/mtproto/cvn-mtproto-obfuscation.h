/* cvn-mtproto-obfuscation.h: the obfuscated transport wrapper (AES-256-CTR both ways).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The client opens the connection with a 64-byte header of random bytes, except that
 *
 *   - byte 0 is not 0xef (the plain abridged tag),
 *   - the first four bytes are none of "HEAD", "POST", "GET ", "OPTI", 0x02010316 (TLS),
 *     0xdddddddd, 0xeeeeeeee (the plain intermediate tags),
 *   - bytes 4..7 are not all zero,
 *   - bytes 56..59 carry the protocol tag (0xefefefef abridged, 0xeeeeeeee intermediate,
 *     0xdddddddd padded intermediate) and bytes 60..61 the DC id (little-endian int16,
 *     negative for media DCs), both sent encrypted.
 *
 * The client's sending key and IV are bytes 8..39 and 40..55 of the header; its receiving
 * key and IV are the same 48 bytes reversed. The whole header goes through the sending
 * stream, and the client sends bytes 0..55 in clear and 56..63 encrypted; the stream then
 * continues with the first frame. The server mirrors this.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_MTPROTO_OBFUSCATION_HEADER_LEN 64

#define CVN_MTPROTO_TAG_ABRIDGED            0xefefefefu
#define CVN_MTPROTO_TAG_INTERMEDIATE        0xeeeeeeeeu
#define CVN_MTPROTO_TAG_PADDED_INTERMEDIATE 0xddddddddu

typedef struct _CvnMtprotoObfuscation CvnMtprotoObfuscation;

/* TRUE when the first 8 bytes of @header are allowed as the start of an obfuscated
 * header (the reserved-bytes rules above). */
gboolean cvn_mtproto_obfuscation_header_allowed (const guint8 *header);

/* Client side: fills @header (the bytes to send first) from fresh random bytes. */
CvnMtprotoObfuscation *cvn_mtproto_obfuscation_new_client        (guint32        tag,
                                                                  gint16         dc_id,
                                                                  guint8         header[CVN_MTPROTO_OBFUSCATION_HEADER_LEN],
                                                                  GError       **error);
/* The same from given @random bytes (tests, fuzzing); they must satisfy the rules. */
CvnMtprotoObfuscation *cvn_mtproto_obfuscation_new_client_from   (const guint8   random[CVN_MTPROTO_OBFUSCATION_HEADER_LEN],
                                                                  guint32        tag,
                                                                  gint16         dc_id,
                                                                  guint8         header[CVN_MTPROTO_OBFUSCATION_HEADER_LEN],
                                                                  GError       **error);
/* Server side: parses the 64 bytes received first; fails unless the decrypted tag is
 * one of the three protocol tags. */
CvnMtprotoObfuscation *cvn_mtproto_obfuscation_new_server        (const guint8   header[CVN_MTPROTO_OBFUSCATION_HEADER_LEN],
                                                                  guint32       *tag,
                                                                  gint16        *dc_id,
                                                                  GError       **error);

/* In place; both keep their stream position across calls. */
gboolean cvn_mtproto_obfuscation_encrypt (CvnMtprotoObfuscation *self,
                                          guint8                *buf,
                                          gsize                  len,
                                          GError               **error);
gboolean cvn_mtproto_obfuscation_decrypt (CvnMtprotoObfuscation *self,
                                          guint8                *buf,
                                          gsize                  len,
                                          GError               **error);
void     cvn_mtproto_obfuscation_free    (CvnMtprotoObfuscation *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnMtprotoObfuscation, cvn_mtproto_obfuscation_free)

G_END_DECLS
