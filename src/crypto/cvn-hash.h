/* cvn-hash.h: digests, HMAC, PBKDF2, constant-time comparison, secure random bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * One-shot digests:    cvn_sha1(), cvn_sha256(), cvn_sha512()
 * Several buffers:     cvn_sha1_v(), cvn_sha256_v() take (data, len) pairs ended by NULL,
 *                      e.g. cvn_sha256_v (out, a, 32, b, 16, NULL) = SHA256 (a | b).
 * Streaming:           CvnDigest (cvn_digest_new / _update / _finish / _free).
 * HMAC-SHA256:         cvn_hmac_sha256().
 * PBKDF2-HMAC-SHA512:  cvn_pbkdf2_hmac_sha512() (the SRP password KDF).
 * Comparison:          cvn_crypto_equal() runs in time independent of the contents.
 * Randomness:          cvn_random_bytes() (OpenSSL's CSPRNG, RAND_bytes).
 * Wiping:              cvn_crypto_wipe() (OPENSSL_cleanse, not optimised away).
 *
 * The digest functions cannot fail in a working process (the digests are fetched once;
 * a process without them aborts at the first use), so they take no GError.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_SHA1_LEN   20
#define CVN_SHA256_LEN 32
#define CVN_SHA512_LEN 64

typedef enum
{
  CVN_DIGEST_SHA1,
  CVN_DIGEST_SHA256,
  CVN_DIGEST_SHA512,
} CvnDigestType;

void cvn_sha1   (const void *data,
                 gsize       len,
                 guint8      out[CVN_SHA1_LEN]);
void cvn_sha256 (const void *data,
                 gsize       len,
                 guint8      out[CVN_SHA256_LEN]);
void cvn_sha512 (const void *data,
                 gsize       len,
                 guint8      out[CVN_SHA512_LEN]);

void cvn_sha1_v   (guint8      out[CVN_SHA1_LEN],
                   const void *data,
                   gsize       len,
                   ...) G_GNUC_NULL_TERMINATED;
void cvn_sha256_v (guint8      out[CVN_SHA256_LEN],
                   const void *data,
                   gsize       len,
                   ...) G_GNUC_NULL_TERMINATED;

typedef struct _CvnDigest CvnDigest;

CvnDigest *cvn_digest_new    (CvnDigestType  type);
void       cvn_digest_update (CvnDigest     *self,
                              const void    *data,
                              gsize          len);
/* Writes the digest (20, 32 or 64 bytes) and returns its length; the digest can then
 * only be freed. */
gsize      cvn_digest_finish (CvnDigest     *self,
                              guint8        *out);
void       cvn_digest_free   (CvnDigest     *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnDigest, cvn_digest_free)

void     cvn_hmac_sha256        (const void *key,
                                 gsize       key_len,
                                 const void *data,
                                 gsize       len,
                                 guint8      out[CVN_SHA256_LEN]);

gboolean cvn_pbkdf2_hmac_sha512 (const void *password,
                                 gsize       password_len,
                                 const void *salt,
                                 gsize       salt_len,
                                 guint       iterations,
                                 guint8     *out,
                                 gsize       out_len,
                                 GError    **error);

/* TRUE when the @len bytes at @a and @b are equal; the time taken depends on @len only. */
gboolean cvn_crypto_equal (const void *a,
                           const void *b,
                           gsize       len);

gboolean cvn_random_bytes (void    *buf,
                           gsize    len,
                           GError **error);

void     cvn_crypto_wipe  (void    *buf,
                           gsize    len);

G_END_DECLS
