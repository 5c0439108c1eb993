/* cvn-e2e-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-e2e-error.h"

G_DEFINE_QUARK (cvn-e2e-error-quark, cvn_e2e_error)
