/* cvn-crypto-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_CRYPTO_ERROR (cvn_crypto_error_quark ())

/* CVN_CRYPTO_ERROR_FAILED: OpenSSL itself failed (allocation, provider); the message
 *   carries OpenSSL's error queue.
 * CVN_CRYPTO_ERROR_INVALID_INPUT: a length, size or value the function does not accept.
 * CVN_CRYPTO_ERROR_CHECK_FAILED: a security check of the protocol refused a value
 *   (DH prime, g, g_a range, SRP parameters, ...).
 * CVN_CRYPTO_ERROR_INTEGRITY: authenticated data did not verify (RSA_PAD hash, SRP M1,
 *   signature).
 * CVN_CRYPTO_ERROR_BAD_KEY: a key could not be parsed or is of the wrong type or size. */
typedef enum
{
  CVN_CRYPTO_ERROR_FAILED,
  CVN_CRYPTO_ERROR_INVALID_INPUT,
  CVN_CRYPTO_ERROR_CHECK_FAILED,
  CVN_CRYPTO_ERROR_INTEGRITY,
  CVN_CRYPTO_ERROR_BAD_KEY,
} CvnCryptoError;

GQuark cvn_crypto_error_quark (void);

G_END_DECLS
