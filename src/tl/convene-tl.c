/* convene-tl.c: decode, encode and describe TL objects.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   convene-tl [--schema api|mtproto] decode HEX|-   boxed object (or method call) -> JSON
 *   convene-tl [--schema api|mtproto] encode JSON|-  JSON -> hex
 *   convene-tl [--schema api|mtproto] info NAME|#id  the TL definition
 *
 * Bad input exits with status 2 and a one-line reason on stderr.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cvn-tl.h"
#include "cvn-tl-json.h"
#include "cvn-tl-private.h"

static int
fail (const char *format,
      ...) G_GNUC_PRINTF (1, 2);

static int
fail (const char *format,
      ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_strdelimit (msg, "\n", ' ');
  fprintf (stderr, "convene-tl: %s\n", msg);
  return 2;
}

static char *
read_input (const char *arg,
            GError    **error)
{
  g_autoptr(GString) s = NULL;
  char buf[65536];
  size_t n;

  if (!g_str_equal (arg, "-"))
    return g_strdup (arg);
  s = g_string_new (NULL);
  while ((n = fread (buf, 1, sizeof buf, stdin)) > 0)
    g_string_append_len (s, buf, (gssize) n);
  if (ferror (stdin))
    {
      g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_INVALID_VALUE, "cannot read standard input");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static int
cmd_decode (const char *input)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;
  CvnTlObject *object;
  int hi = -1;

  for (const char *p = input; *p; p++)
    {
      int v;

      if (g_ascii_isspace (*p))
        continue;
      v = g_ascii_xdigit_value (*p);
      if (v < 0)
        return fail ("decode: invalid hex digit '%c'", *p);
      if (hi < 0)
        hi = v;
      else
        {
          guint8 b = (guint8) (hi << 4 | v);

          g_byte_array_append (bytes, &b, 1);
          hi = -1;
        }
    }
  if (hi >= 0)
    return fail ("decode: odd number of hex digits");

  object = cvn_tl_decode (bytes->data, bytes->len, arena, &error);
  if (object == NULL)
    return fail ("decode: %s", error->message);
  json = cvn_tl_object_to_json (object);
  printf ("%s\n", json);
  return 0;
}

static int
cmd_encode (const char *input,
            int         schema)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  CvnTlObject *object;
  const guint8 *data;
  gsize len;

  object = cvn_tl_object_from_json (input, -1, schema, arena, &error);
  if (object == NULL)
    return fail ("encode: %s", error->message);
  bytes = cvn_tl_encode (object, &error);
  if (bytes == NULL)
    return fail ("encode: %s", error->message);
  data = g_bytes_get_data (bytes, &len);
  for (gsize i = 0; i < len; i++)
    printf ("%02x", data[i]);
  printf ("\n");
  return 0;
}

static int
cmd_info (const char *what,
          int         schema)
{
  const CvnTlConstructor *ctor;
  g_autofree char *text = NULL;

  if (what[0] == '#')
    {
      guint64 id;

      if (!g_ascii_string_to_unsigned (what + 1, 16, 0, G_MAXUINT32, &id, NULL))
        return fail ("info: invalid id %s", what);
      ctor = cvn_tl_lookup_id ((guint32) id);
    }
  else
    {
      ctor = cvn_tl_lookup_name (what, schema);
      if (ctor == NULL && schema >= 0)
        ctor = cvn_tl_lookup_name (what, -1);
    }
  if (ctor == NULL)
    return fail ("info: unknown constructor %s", what);
  text = cvn_tl_constructor_to_string (ctor);
  printf ("%s%s\n", ctor->is_method ? "// method\n" : "", text);
  if (!ctor->is_method && ctor->type != CVN_TL_ANY)
    {
      const CvnTlType *type = &cvn_tl_types[ctor->type];

      printf ("// %s (%s): %u constructors\n", type->name, cvn_tl_schema_names[type->schema], type->n_ctors);
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *schema_name = NULL;
  g_autofree char *input = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "schema", 's', 0, G_OPTION_ARG_STRING, &schema_name, "Schema for names: api, mtproto", "SCHEMA" },
    { NULL }
  };
  int schema = -1;

  context = g_option_context_new ("decode HEX|- | encode JSON|- | info NAME|#id");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail ("%s", error->message);
  if (schema_name != NULL)
    {
      schema = cvn_tl_schema_from_name (schema_name);
      if (schema < 0)
        return fail ("unknown schema %s (this build has: api, mtproto)", schema_name);
    }
  if (argc != 3)
    return fail ("usage: convene-tl [--schema api|mtproto] decode HEX|- | encode JSON|- | info NAME|#id");

  if (g_str_equal (argv[1], "info"))
    return cmd_info (argv[2], schema);

  input = read_input (argv[2], &error);
  if (input == NULL)
    return fail ("%s", error->message);
  if (g_str_equal (argv[1], "decode"))
    return cmd_decode (input);
  if (g_str_equal (argv[1], "encode"))
    return cmd_encode (input, schema);
  return fail ("unknown command %s", argv[1]);
}
