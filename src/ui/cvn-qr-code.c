/* cvn-qr-code.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <gio/gio.h>
#include <qrencode.h>

#include "cvn-qr-code.h"

#define QUIET_ZONE_MODULES 4
/* Keeps the texture's size bounded whatever the caller passes. */
#define MAX_MODULE_SIZE 32

GdkTexture *
cvn_qr_code_new_texture (const char  *text,
                         guint        module_size,
                         GError     **error)
{
  QRcode *code;
  g_autoptr(GBytes) bytes = NULL;
  guint8 *pixels;
  gsize stride, side;
  int modules;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (module_size > 0 && module_size <= MAX_MODULE_SIZE, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  errno = 0;
  code = QRcode_encodeString8bit (text, 0, QR_ECLEVEL_M);
  if (code == NULL)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   "Cannot encode a QR code of %zu bytes: %s", strlen (text),
                   saved_errno ? g_strerror (saved_errno) : "unknown error");
      return NULL;
    }

  modules = code->width;
  side = (gsize) (modules + 2 * QUIET_ZONE_MODULES) * module_size;
  stride = side * 4;
  pixels = g_malloc (stride * side);
  /* Light everywhere (opaque white), then the dark modules. */
  memset (pixels, 0xff, stride * side);
  for (int y = 0; y < modules; y++)
    for (int x = 0; x < modules; x++)
      {
        if ((code->data[y * modules + x] & 1) == 0)
          continue;

        for (guint dy = 0; dy < module_size; dy++)
          {
            gsize row = (gsize) ((y + QUIET_ZONE_MODULES) * module_size + dy);
            guint8 *p = pixels + row * stride + (gsize) (x + QUIET_ZONE_MODULES) * module_size * 4;

            for (guint dx = 0; dx < module_size; dx++, p += 4)
              {
                p[0] = p[1] = p[2] = 0x00;
                p[3] = 0xff;
              }
          }
      }
  QRcode_free (code);

  bytes = g_bytes_new_take (pixels, stride * side);

  return gdk_memory_texture_new ((int) side, (int) side, GDK_MEMORY_R8G8B8A8, bytes, stride);
}
