/* cvn-qr-code.h: a QR code (libqrencode) as a texture, for call links and QR login
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* @text (UTF-8, 8-bit mode, error correction level M) drawn dark on light with a quiet zone
 * of 4 modules, each module @module_size pixels square, so it can be shown unscaled (sharp)
 * in a GtkPicture with can-shrink FALSE. Fails (G_IO_ERROR) when the text does not fit a QR
 * code or libqrencode fails. */
GdkTexture *cvn_qr_code_new_texture (const char  *text,
                                     guint        module_size,
                                     GError     **error);

G_END_DECLS
