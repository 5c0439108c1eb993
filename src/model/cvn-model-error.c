/* cvn-model-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-model-error.h"

G_DEFINE_QUARK (cvn-model-error-quark, cvn_model_error)
