/* cvn-aes.h: AES-IGE (MTProto messages), AES-CTR (transport obfuscation), AES-CBC.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * AES-IGE, as MTProto uses it: a 32-byte IV whose first half is the "previous ciphertext
 * block" and second half the "previous plaintext block" (the convention of OpenSSL's
 * AES_ige_encrypt and of Telegram's documentation). Lengths must be multiples of 16.
 *
 *   cvn_aes_ige_encrypt (key, iv, in, out, len, &error);   one shot, AES-256
 *   cvn_aes_ige_decrypt (key, iv, in, out, len, &error);
 *
 * or with a CvnAesIgeContext holding the key schedules, for several messages with one key
 * (also AES-128/192 keys, used by the published IGE test vectors):
 *
 *   ctx = cvn_aes_ige_context_new (key, 32, &error);
 *   cvn_aes_ige_context_encrypt (ctx, iv, in, out, len, &error);
 *
 * @in and @out may be the same buffer, or must not overlap. Encryption chains the blocks
 * through one EVP
 * AES-CBC call per chunk (IGE encryption equals CBC encryption of m[i] ^ m[i-2], then
 * an XOR with m[i-1]), so it runs at nearly CBC speed; decryption has no such reduction
 * and runs block by block on one reused single-block ECB decryption context.
 *
 * AES-256-CTR for the obfuscated transports: a CvnAesCtr keeps the counter and the
 * position inside the current key-stream block across calls, so a stream can be fed in
 * pieces of any size:
 *
 *   ctr = cvn_aes_ctr_new (key, iv, &error);
 *   cvn_aes_ctr_process (ctr, in, out, len, &error);   (encrypts and decrypts)
 *
 * AES-256-CBC without padding: cvn_aes_cbc_encrypt(), cvn_aes_cbc_decrypt().
 *
 * Key schedules are wiped when a context is freed.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_AES256_KEY_LEN  32
#define CVN_AES_BLOCK_LEN   16
#define CVN_AES_IGE_IV_LEN  32
#define CVN_AES_CTR_IV_LEN  16
#define CVN_AES_CBC_IV_LEN  16

typedef struct _CvnAesIgeContext CvnAesIgeContext;

CvnAesIgeContext *cvn_aes_ige_context_new     (const guint8      *key,
                                               gsize              key_len,
                                               GError           **error);
gboolean          cvn_aes_ige_context_encrypt (CvnAesIgeContext  *self,
                                               const guint8       iv[CVN_AES_IGE_IV_LEN],
                                               const guint8      *in,
                                               guint8            *out,
                                               gsize              len,
                                               GError           **error);
gboolean          cvn_aes_ige_context_decrypt (CvnAesIgeContext  *self,
                                               const guint8       iv[CVN_AES_IGE_IV_LEN],
                                               const guint8      *in,
                                               guint8            *out,
                                               gsize              len,
                                               GError           **error);
void              cvn_aes_ige_context_free    (CvnAesIgeContext  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnAesIgeContext, cvn_aes_ige_context_free)

gboolean cvn_aes_ige_encrypt (const guint8  key[CVN_AES256_KEY_LEN],
                              const guint8  iv[CVN_AES_IGE_IV_LEN],
                              const guint8 *in,
                              guint8       *out,
                              gsize         len,
                              GError      **error);
gboolean cvn_aes_ige_decrypt (const guint8  key[CVN_AES256_KEY_LEN],
                              const guint8  iv[CVN_AES_IGE_IV_LEN],
                              const guint8 *in,
                              guint8       *out,
                              gsize         len,
                              GError      **error);

typedef struct _CvnAesCtr CvnAesCtr;

CvnAesCtr *cvn_aes_ctr_new     (const guint8  key[CVN_AES256_KEY_LEN],
                                const guint8  iv[CVN_AES_CTR_IV_LEN],
                                GError      **error);
gboolean   cvn_aes_ctr_process (CvnAesCtr    *self,
                                const guint8 *in,
                                guint8       *out,
                                gsize         len,
                                GError      **error);
void       cvn_aes_ctr_free    (CvnAesCtr    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnAesCtr, cvn_aes_ctr_free)

gboolean cvn_aes_cbc_encrypt (const guint8  key[CVN_AES256_KEY_LEN],
                              const guint8  iv[CVN_AES_CBC_IV_LEN],
                              const guint8 *in,
                              guint8       *out,
                              gsize         len,
                              GError      **error);
gboolean cvn_aes_cbc_decrypt (const guint8  key[CVN_AES256_KEY_LEN],
                              const guint8  iv[CVN_AES_CBC_IV_LEN],
                              const guint8 *in,
                              guint8       *out,
                              gsize         len,
                              GError      **error);

G_END_DECLS
