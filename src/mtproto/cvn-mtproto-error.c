/* cvn-mtproto-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-error.h"

G_DEFINE_QUARK (cvn-mtproto-error-quark, cvn_mtproto_error)
