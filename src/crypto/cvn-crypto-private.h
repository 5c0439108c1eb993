/* cvn-crypto-private.h: helpers shared by the files of src/crypto.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <openssl/bn.h>
#include <openssl/evp.h>

G_BEGIN_DECLS

/* Sets @error to CVN_CRYPTO_ERROR_FAILED with @what and the first entry of OpenSSL's
 * error queue, then clears the queue. Always returns FALSE. */
gboolean cvn_crypto_set_openssl_error (GError     **error,
                                       const char  *what);

/* Digests fetched once per process (implicit fetches cost a lookup per call). */
const EVP_MD *cvn_crypto_md_sha1   (void);
const EVP_MD *cvn_crypto_md_sha256 (void);
const EVP_MD *cvn_crypto_md_sha512 (void);

/* Big-endian, left-padded to exactly @len bytes; FALSE if @bn does not fit. */
gboolean cvn_crypto_bn_to_padded (const BIGNUM *bn,
                                  guint8       *out,
                                  gsize         len);

/* TL `bytes` serialisation (length prefix, data, zero padding to 4), appended. */
void cvn_crypto_tl_append_bytes (GByteArray   *out,
                                 const guint8 *data,
                                 gsize         len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BIGNUM, BN_clear_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (BN_CTX, BN_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY, EVP_PKEY_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_PKEY_CTX, EVP_PKEY_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_MD_CTX, EVP_MD_CTX_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (EVP_CIPHER_CTX, EVP_CIPHER_CTX_free)

G_END_DECLS
