/* bench-tl.c: TL decode/encode throughput against mtcute.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   bench-tl WORKDIR COMMAND...
 *
 * Runs COMMAND WORKDIR (the mtcute side, tests/interop/bench.cjs through run-node.py):
 * it writes the corpus (mtcute's bytes for phone.groupParticipants with 1,000
 * participants, updates with 50 updateGroupCallParticipants, a messages.dialogsSlice
 * page) and prints mtcute's timings; then times our decoder and encoder on the same
 * bytes and prints MB/s, objects/s, µs per message and the ratio to mtcute.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <json-glib/json-glib.h>

#include "cvn-tl.h"
#include "cvn-tl-private.h"

static guint64
count_value (guint kind, guint elem, gconstpointer p);

static guint64
count_objects (const CvnTlObject *object)
{
  guint64 n = 1;

  for (guint i = 0; i < object->ctor->n_fields; i++)
    {
      const CvnTlField *f = &object->ctor->fields[i];

      if (f->flag_field >= 0 && !cvn_tl_object_field_present (object, i))
        continue;
      n += count_value (f->kind, f->elem_kind, (const guint8 *) object + f->offset);
    }
  return n;
}

static guint64
count_value (guint         kind,
             guint         elem,
             gconstpointer p)
{
  if (kind == CVN_TL_KIND_OBJECT || kind == CVN_TL_KIND_BARE)
    return count_objects (*(CvnTlObject * const *) p);
  if ((kind == CVN_TL_KIND_VECTOR || kind == CVN_TL_KIND_BARE_VECTOR) &&
      (elem == CVN_TL_KIND_OBJECT || elem == CVN_TL_KIND_BARE))
    {
      const CvnTlVector *v = *(CvnTlVector * const *) p;
      guint64 n = 0;

      for (guint i = 0; i < v->len; i++)
        n += count_objects (v->objects[i]);
      return n;
    }
  return 0;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GPtrArray) cmd = g_ptr_array_new ();
  gint status = 0;
  double total_ratio_log = 0;
  guint n_items = 0;

  if (argc < 3)
    {
      fprintf (stderr, "usage: bench-tl WORKDIR COMMAND...\n");
      return 2;
    }
  for (int i = 2; i < argc; i++)
    g_ptr_array_add (cmd, argv[i]);
  g_ptr_array_add (cmd, argv[1]);
  g_ptr_array_add (cmd, NULL);
  g_mkdir_with_parents (argv[1], 0755);
  if (!g_spawn_sync (NULL, (char **) cmd->pdata, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                     &out, NULL, &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    {
      fprintf (stderr, "bench-tl: mtcute side failed: %s\n", error->message);
      return 1;
    }

  printf ("%-18s %8s %9s %10s %12s %10s %10s %8s %8s\n", "corpus", "bytes", "objects",
          "dec MB/s", "dec obj/s", "dec µs", "mtcute µs", "x dec", "x enc");
  lines = g_strsplit (out, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
      g_autofree char *path = NULL;
      g_autofree guint8 *data = NULL;
      JsonObject *o;
      const char *name;
      double their_dec, their_enc, dec_us, enc_us;
      gsize len;
      CvnTlObject *object;
      guint64 n_objects, start;
      CvnTlWriter w;

      if (lines[l][0] != '{' || !json_parser_load_from_data (parser, lines[l], -1, NULL))
        continue;
      o = json_node_get_object (json_parser_get_root (parser));
      name = json_object_get_string_member (o, "name");
      their_dec = json_object_get_double_member (o, "decode_us");
      their_enc = json_object_get_double_member (o, "encode_us");
      path = g_strdup_printf ("%s/%s.bin", argv[1], name);
      if (!g_file_get_contents (path, (char **) &data, &len, &error))
        {
          fprintf (stderr, "bench-tl: %s\n", error->message);
          return 1;
        }
      object = cvn_tl_decode (data, len, arena, &error);
      if (object == NULL)
        {
          fprintf (stderr, "bench-tl: %s: %s\n", name, error->message);
          return 1;
        }
      n_objects = count_objects (object);

      /* Decode: one arena per message, reset between messages.  µs per message: the
       * best batch of 10 within 1.5 s (as the mtcute side measures). */
      dec_us = G_MAXDOUBLE;
      start = (guint64) g_get_monotonic_time ();
      while ((guint64) g_get_monotonic_time () - start < 1500000)
        {
          guint64 t0 = (guint64) g_get_monotonic_time ();

          for (guint i = 0; i < 10; i++)
            {
              cvn_tl_arena_reset (arena);
              if (cvn_tl_decode (data, len, arena, NULL) == NULL)
                return 1;
            }
          dec_us = MIN (dec_us, (double) ((guint64) g_get_monotonic_time () - t0) / 10.0);
        }

      object = cvn_tl_decode (data, len, arena, NULL);
      cvn_tl_writer_init (&w);
      enc_us = G_MAXDOUBLE;
      start = (guint64) g_get_monotonic_time ();
      while ((guint64) g_get_monotonic_time () - start < 1500000)
        {
          guint64 t0 = (guint64) g_get_monotonic_time ();

          for (guint i = 0; i < 10; i++)
            {
              w.len = 0;
              if (!cvn_tl_writer_put_object (&w, object, NULL))
                return 1;
            }
          enc_us = MIN (enc_us, (double) ((guint64) g_get_monotonic_time () - t0) / 10.0);
        }
      if (w.len != len || memcmp (w.data, data, len) != 0)
        {
          fprintf (stderr, "bench-tl: %s: re-encoding differs from mtcute's bytes\n", name);
          return 1;
        }
      cvn_tl_writer_clear (&w);

      printf ("%-18s %8zu %9" G_GUINT64_FORMAT " %10.1f %12.0f %10.2f %10.2f %8.1f %8.1f\n",
              name, len, n_objects, (double) len / dec_us, (double) n_objects / dec_us * 1e6,
              dec_us, their_dec, their_dec / dec_us, their_enc / enc_us);
      printf ("%-18s %8s %9s %10.1f %12.0f %10.2f %10.2f   (encode)\n", "", "", "",
              (double) len / enc_us, (double) n_objects / enc_us * 1e6, enc_us, their_enc);
      if (g_str_equal (name, "participants-1000"))
        printf ("  decoding a 1,000-participant page: %.1f µs (mtcute %.1f µs)\n", dec_us, their_dec);
      total_ratio_log += log (their_dec / dec_us);
      n_items++;
    }
  if (n_items == 0)
    {
      fprintf (stderr, "bench-tl: no corpus from the mtcute side\n");
      return 1;
    }
  printf ("decode speed vs mtcute (geometric mean): %.1fx\n", exp (total_ratio_log / n_items));
  return 0;
}
