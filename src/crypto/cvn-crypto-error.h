/* cvn-crypto-error.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_CRYPTO_ERROR (cvn_crypto_error_quark ())

typedef enum
{
  CVN_CRYPTO_ERROR_FAILED,
  CVN_CRYPTO_ERROR_INVALID_INPUT,
  CVN_CRYPTO_ERROR_CHECK_FAILED,
} CvnCryptoError;

GQuark cvn_crypto_error_quark (void);

G_END_DECLS
