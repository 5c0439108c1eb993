/* cvn-rtc-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-rtc-error.h"

G_DEFINE_QUARK (cvn-rtc-error-quark, cvn_rtc_error)
