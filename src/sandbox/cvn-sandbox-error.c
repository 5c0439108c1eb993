/* cvn-sandbox-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-sandbox-error.h"

G_DEFINE_QUARK (cvn-sandbox-error-quark, cvn_sandbox_error)
G_DEFINE_QUARK (cvn-sandbox-rpc-error-quark, cvn_sandbox_rpc_error)
