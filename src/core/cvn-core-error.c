/* cvn-core-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-core-error.h"

G_DEFINE_QUARK (cvn-core-error-quark, cvn_core_error)
