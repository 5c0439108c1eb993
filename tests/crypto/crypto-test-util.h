/* crypto-test-util.h: hex helpers shared by the crypto tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include <glib.h>

/* Decodes @hex (spaces ignored) into a new GBytes; aborts the test on bad input. */
static inline GBytes *
hex_bytes (const char *hex)
{
  GByteArray *out = g_byte_array_new ();
  int hi = -1;

  for (const char *p = hex; *p != '\0'; p++)
    {
      int v;

      if (*p == ' ' || *p == '\n')
        continue;
      v = g_ascii_xdigit_value (*p);
      g_assert_cmpint (v, >=, 0);
      if (hi < 0)
        hi = v;
      else
        {
          guint8 b = (guint8) (hi << 4 | v);

          g_byte_array_append (out, &b, 1);
          hi = -1;
        }
    }
  g_assert_cmpint (hi, ==, -1);
  return g_byte_array_free_to_bytes (out);
}

static inline char *
to_hex (const guint8 *data,
        gsize         len)
{
  GString *s = g_string_sized_new (len * 2 + 1);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);
  return g_string_free (s, FALSE);
}

#define assert_hex(data, len, expected) \
  G_STMT_START { \
    g_autofree char *hex_got__ = to_hex ((data), (len)); \
    g_autoptr(GBytes) exp_bytes__ = hex_bytes (expected); \
    g_autofree char *hex_exp__ = to_hex (g_bytes_get_data (exp_bytes__, NULL), \
                                         g_bytes_get_size (exp_bytes__)); \
    g_assert_cmpstr (hex_got__, ==, hex_exp__); \
  } G_STMT_END

#define BYTES_DATA(b) ((const guint8 *) g_bytes_get_data ((b), NULL))
