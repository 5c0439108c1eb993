/* cvn-rsa.h: RSA keys and MTProto 2.0's RSA_PAD.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A CvnRsaKey holds a public key, or a key pair (the server role):
 *
 *   key = cvn_rsa_key_new_from_pem (pem, -1, &error);    PKCS#1 "RSA PUBLIC KEY",
 *                                                        SPKI "PUBLIC KEY" or a private key
 *   key = cvn_rsa_key_generate (2048, &error);           new key pair
 *   pem = cvn_rsa_key_get_public_pem (key, &error);      PKCS#1, as Telegram publishes keys
 *   pem = cvn_rsa_key_get_private_pem (key, &error);     PKCS#8
 *   fp  = cvn_rsa_key_get_fingerprint (key);             MTProto fingerprint (below)
 *
 * The MTProto fingerprint is the lower 64 bits of SHA1 of the bare TL serialisation of
 * `rsa_public_key n:bytes e:bytes`: the last 8 bytes of the digest read as a
 * little-endian integer.
 *
 * RSA_PAD (https://core.telegram.org/mtproto/auth_key, step 4), for 2048-bit keys:
 *
 *   cvn_rsa_pad_encrypt (key, data, len, out256, &error);   client, len <= 144
 *   cvn_rsa_pad_decrypt (key, in256, out192, &error);       server, needs the private key
 *
 * Encryption pads @data with random bytes to 192 bytes (data_with_padding), reverses it,
 * appends SHA256 (temp_key | data_with_padding), encrypts that with AES-256-IGE under a
 * random temp_key and a zero IV, prepends temp_key ^ SHA256 (aes_encrypted) and, if the
 * resulting 256-byte number is below the modulus, raises it to e (raw RSA); otherwise it
 * starts again with a new temp_key. Decryption undoes each step, verifies the hash and
 * returns the 192 bytes of data_with_padding (the TL object and its random tail: the
 * caller's TL decoder knows where the object ends).
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_RSA_PAD_MAX_DATA_LEN   144
#define CVN_RSA_PAD_PADDED_LEN     192
#define CVN_RSA_PAD_ENCRYPTED_LEN  256

typedef struct _CvnRsaKey CvnRsaKey;

CvnRsaKey *cvn_rsa_key_new_from_pem     (const char  *pem,
                                         gssize       len,
                                         GError     **error);
CvnRsaKey *cvn_rsa_key_generate         (guint        bits,
                                         GError     **error);
CvnRsaKey *cvn_rsa_key_copy             (CvnRsaKey   *self);
void       cvn_rsa_key_free             (CvnRsaKey   *self);

gboolean   cvn_rsa_key_has_private      (CvnRsaKey   *self);
/* Size of the modulus in bytes (256 for the 2048-bit keys of MTProto). */
gsize      cvn_rsa_key_get_size         (CvnRsaKey   *self);
guint64    cvn_rsa_key_get_fingerprint  (CvnRsaKey   *self);
char      *cvn_rsa_key_get_public_pem   (CvnRsaKey   *self,
                                         GError     **error);
char      *cvn_rsa_key_get_private_pem  (CvnRsaKey   *self,
                                         GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnRsaKey, cvn_rsa_key_free)

gboolean cvn_rsa_pad_encrypt (CvnRsaKey     *key,
                              const guint8  *data,
                              gsize          len,
                              guint8         out[CVN_RSA_PAD_ENCRYPTED_LEN],
                              GError       **error);
gboolean cvn_rsa_pad_decrypt (CvnRsaKey     *key,
                              const guint8  *in,
                              gsize          in_len,
                              guint8         out[CVN_RSA_PAD_PADDED_LEN],
                              GError       **error);

G_END_DECLS
