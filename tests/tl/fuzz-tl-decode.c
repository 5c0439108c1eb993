/* fuzz-tl-decode.c: libFuzzer target for the TL decoder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Any input either fails with a CVN_TL_ERROR or decodes to an object whose encoding
 * is a fixed point (decode (encode (o)) encodes to the same bytes); the JSON form of
 * decoded objects is printed and parsed back without crashing.
 */
#include "config.h"

#include <stdlib.h>

#include "cvn-tl.h"
#include "cvn-tl-json.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) b1 = NULL;
  g_autoptr(GBytes) b2 = NULL;
  g_autofree char *json = NULL;
  CvnTlObject *object;
  CvnTlObject *again;

  object = cvn_tl_decode (data, size, arena, &error);
  if (object == NULL)
    {
      if (error == NULL || error->domain != CVN_TL_ERROR)
        abort ();
      return 0;
    }

  b1 = cvn_tl_encode (object, &error);
  if (b1 == NULL)
    abort ();
  again = cvn_tl_decode (g_bytes_get_data (b1, NULL), g_bytes_get_size (b1), arena, &error);
  if (again == NULL)
    abort ();
  b2 = cvn_tl_encode (again, &error);
  if (b2 == NULL || !g_bytes_equal (b1, b2) || !cvn_tl_object_equal (object, again))
    abort ();

  json = cvn_tl_object_to_json (object);
  g_clear_error (&error);
  if (cvn_tl_object_from_json (json, -1, -1, arena, &error) == NULL &&
      (error == NULL || error->domain != CVN_TL_ERROR))
    abort ();
  return 0;
}
