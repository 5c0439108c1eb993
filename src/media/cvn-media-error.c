/* cvn-media-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-media-error.h"

G_DEFINE_QUARK (cvn-media-error-quark, cvn_media_error)
