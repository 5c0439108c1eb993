/* cvn-crypto-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-crypto-error.h"

G_DEFINE_QUARK (cvn-crypto-error-quark, cvn_crypto_error)
