/* cvn-tl-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-tl-error.h"

G_DEFINE_QUARK (cvn-tl-error-quark, cvn_tl_error)
