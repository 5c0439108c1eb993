/* fuzz-transport.c: libFuzzer target for the transport frame decoder, both roles.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The first input byte picks the role, the framing (client side) and a chunk size; the
 * rest is fed in chunks of that size. A server codec detects the framing itself; a client
 * codec first sends a frame so that it accepts input.
 */
#include "config.h"

#include "cvn-mtproto-transport.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(CvnMtprotoCodec) codec = NULL;
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gboolean server;
  gsize chunk;
  guint8 sel;

  if (size < 1)
    return 0;
  sel = data[0];
  data++;
  size--;
  server = (sel & 1) == 0;
  chunk = (sel >> 3) + 1;

  if (server)
    codec = cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_SERVER, 0, FALSE, 0, 4096);
  else
    {
      const guint8 hello[8] = { 0 };

      codec = cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_CLIENT, (sel >> 1) % 3, FALSE, 2, 4096);
      if (!cvn_mtproto_codec_encode (codec, hello, sizeof hello, FALSE, out, NULL))
        return 0;
    }

  for (gsize off = 0; off < size; off += chunk)
    {
      g_autoptr(GError) error = NULL;
      CvnMtprotoFrame frame;

      if (!cvn_mtproto_codec_feed (codec, data + off, MIN (chunk, size - off), &error))
        break;
      while (cvn_mtproto_codec_next (codec, &frame, &error))
        {
          if (frame.kind == CVN_MTPROTO_FRAME_PAYLOAD)
            g_assert (g_bytes_get_size (frame.payload) <= 4096);
          cvn_mtproto_frame_clear (&frame);
        }
      if (error != NULL)
        break;
    }
  return 0;
}
