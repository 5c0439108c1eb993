/* test-tl.c: registry, round trip of every constructor and method, seeds, errors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>
#include <json-glib/json-glib.h>

#include "cvn-tl.h"
#include "cvn-tl-json.h"
#include "cvn-tl-private.h"
#include "tl-test-fill.h"

static void
test_registry_lookup (void)
{
  guint n_methods = 0;

  g_assert_cmpuint (CVN_TL_N_CONSTRUCTORS, >, 2000);
  for (guint i = 0; i < CVN_TL_N_CONSTRUCTORS; i++)
    {
      const CvnTlConstructor *c = &cvn_tl_constructors[i];

      g_assert_true (cvn_tl_lookup_id (c->id) == c);
      g_assert_true (cvn_tl_lookup_name (c->name, c->schema) == c);
      n_methods += c->is_method;
      if (!c->is_method)
        g_assert_true (cvn_tl_constructor_get_type (c) != NULL);
    }
  g_assert_cmpuint (n_methods, >, 700);
  g_assert_null (cvn_tl_lookup_id (0x12345678));
  g_assert_null (cvn_tl_lookup_id (CVN_TL_VECTOR_ID));
  g_assert_null (cvn_tl_lookup_name ("noSuchThing", -1));
  /* Ids from the schema. */
  g_assert_cmpuint (CVN_TL_API_GROUP_CALL_ID, ==, 0xefb2b617);
  g_assert_cmpuint (CVN_TL_API_PHONE_GET_GROUP_CALL_ID, ==, 0x041845db);
  g_assert_cmpuint (CVN_TL_MT_MSG_CONTAINER_ID, ==, 0x73f1f8dc);
  g_assert_cmpuint (CVN_TL_MT_RPC_RESULT_ID, ==, 0xf35c6d01);
  g_assert_cmpuint (CVN_TL_MT_GZIP_PACKED_ID, ==, 0x3072cfa1);
  g_assert_cmpuint (CVN_TL_MT_MSG_COPY_ID, ==, 0xe06046b2);
  /* `message` exists in both schemas: the schema picks. */
  g_assert_cmpuint (cvn_tl_lookup_name ("message", CVN_TL_SCHEMA_MT)->id, ==, CVN_TL_MT_MESSAGE_ID);
  g_assert_cmpuint (cvn_tl_lookup_name ("message", CVN_TL_SCHEMA_API)->id, ==, CVN_TL_API_MESSAGE_ID);
  /* The hash table is O(1): bounded probing. */
  g_assert_cmpuint (cvn_tl_id_table_max_probe, <, 16);
}

static void
check_roundtrip (const CvnTlConstructor *ctor,
                 GRand                  *rand,
                 FillMode                mode)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) b1 = NULL;
  g_autoptr(GBytes) b2 = NULL;
  g_autoptr(GBytes) b3 = NULL;
  g_autofree char *json = NULL;
  CvnTlObject *o1, *o2, *o3;

  o1 = tl_test_fill (arena, rand, ctor, mode, 0);
  b1 = cvn_tl_encode (o1, &error);
  g_assert_no_error (error);
  o2 = cvn_tl_decode (g_bytes_get_data (b1, NULL), g_bytes_get_size (b1), arena, &error);
  if (o2 == NULL)
    g_error ("%s: %s", ctor->name, error->message);
  b2 = cvn_tl_encode (o2, &error);
  g_assert_no_error (error);
  if (!g_bytes_equal (b1, b2))
    g_error ("%s: re-encoding differs", ctor->name);
  if (!cvn_tl_object_equal (o1, o2))
    g_error ("%s: decoded object differs", ctor->name);

  /* The JSON form round-trips too. */
  json = cvn_tl_object_to_json (o2);
  o3 = cvn_tl_object_from_json (json, -1, ctor->schema, arena, &error);
  if (o3 == NULL)
    g_error ("%s: %s\n%s", ctor->name, error->message, json);
  b3 = cvn_tl_encode (o3, &error);
  g_assert_no_error (error);
  if (!g_bytes_equal (b1, b3))
    g_error ("%s: JSON round trip differs: %s", ctor->name, json);
  g_assert_true (cvn_tl_object_equal (o2, o3));
}

static void
test_roundtrip_all (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261122);

  for (guint i = 0; i < CVN_TL_N_CONSTRUCTORS; i++)
    {
      const CvnTlConstructor *c = &cvn_tl_constructors[i];

      check_roundtrip (c, rand, FILL_ALL_PRESENT);
      check_roundtrip (c, rand, FILL_ALL_ABSENT);
      check_roundtrip (c, rand, FILL_RANDOM);
      check_roundtrip (c, rand, FILL_RANDOM);
    }
}

/* Every definition quoted in the seed documents is in the registry with the seed's
 * id and exactly the seed's fields.  tests/tl/seed-definitions.txt holds the
 * quotes (extracted from ../shared/seeds/ by tests/tl/extract-seed-definitions.py);
 * the live seed directory is read too when it is present. */
static char *seed_differences;

static guint
check_seed_lines (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text, "\n", -1);
  g_autoptr(GRegex) re = g_regex_new ("((?:[a-z]\\w*\\.)?[a-zA-Z_]\\w*)#([0-9a-f]{1,8})( [^;]*)?;", 0, 0, NULL);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GMatchInfo) match = NULL;

      g_regex_match (re, lines[i], 0, &match);
      while (g_match_info_matches (match))
        {
          g_autofree char *name = g_match_info_fetch (match, 1);
          g_autofree char *id = g_match_info_fetch (match, 2);
          g_autofree char *rest = g_match_info_fetch (match, 3);
          g_autofree char *want = NULL;
          g_autofree char *have = NULL;
          const CvnTlConstructor *c = cvn_tl_lookup_name (name, CVN_TL_SCHEMA_API);
          guint64 idv = g_ascii_strtoull (id, NULL, 16);

          g_autofree char *key = g_strdup_printf ("\n%s#%s\n", name, id);

          if (c == NULL)
            g_error ("seed definition %s is not in the schema", name);
          if (strstr (seed_differences, key) != NULL)
            {
              /* A known difference between the seed and layer 223: it must still differ. */
              g_assert_cmpuint (c->id, !=, idv);
              n++;
              g_match_info_next (match, NULL);
              continue;
            }
          if (c->id != idv)
            g_error ("seed %s#%s: schema has %08x", name, id, c->id);
          want = g_strdup_printf ("%s#%08x%s;", name, (guint32) idv, rest ? rest : "");
          have = cvn_tl_constructor_to_string (c);
          g_assert_cmpstr (have, ==, want);
          n++;
          g_match_info_next (match, NULL);
        }
    }
  return n;
}

static void
test_seeds (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "tl", "seed-definitions.txt", NULL);
  g_autofree char *text = NULL;
  g_autofree char *seeds_dir = g_test_build_filename (G_TEST_DIST, "..", "..", "shared", "seeds", NULL);
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GError) error = NULL;

  g_autofree char *diff_path = g_test_build_filename (G_TEST_DIST, "tl", "seed-differences.txt", NULL);
  g_autofree char *diff = NULL;

  g_file_get_contents (diff_path, &diff, NULL, &error);
  g_assert_no_error (error);
  seed_differences = g_strconcat ("\n", diff, NULL);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (check_seed_lines (text), >, 60);

  dir = g_dir_open (seeds_dir, 0, NULL);
  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *file = g_build_filename (seeds_dir, name, NULL);
          g_autofree char *contents = NULL;

          if (g_file_get_contents (file, &contents, NULL, NULL))
            check_seed_lines (contents);
        }
    }
  g_clear_pointer (&seed_differences, g_free);
}

static GBytes *
hex_bytes (const char *hex)
{
  GByteArray *a = g_byte_array_new ();

  for (const char *p = hex; p[0] && p[1]; p += 2)
    {
      guint8 b = (guint8) (g_ascii_xdigit_value (p[0]) << 4 | g_ascii_xdigit_value (p[1]));

      g_byte_array_append (a, &b, 1);
    }
  return g_byte_array_free_to_bytes (a);
}

static void
expect_error (const char *hex,
              int         code,
              const char *substring)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) b = hex_bytes (hex);

  g_assert_null (cvn_tl_decode (g_bytes_get_data (b, NULL), g_bytes_get_size (b), arena, &error));
  g_assert_error (error, CVN_TL_ERROR, code);
  if (strstr (error->message, substring) == NULL)
    g_error ("error \"%s\" does not mention \"%s\"", error->message, substring);
}

static void
test_errors (void)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  CvnTlWriter w;
  g_autoptr(GBytes) deep = NULL;

  /* inputGroupCall#d8aa840f id:long access_hash:long */
  expect_error ("0f84aad8" "0100000000000000" "02000000000000", CVN_TL_ERROR_TRUNCATED, "offset 12");
  expect_error ("0f84aad8" "0100000000000000" "0200000000000000" "00", CVN_TL_ERROR_TRAILING_BYTES, "offset 20");
  expect_error ("44332211", CVN_TL_ERROR_UNKNOWN_CONSTRUCTOR, "0x11223344");
  /* phone.getGroupCall with a Peer where an InputGroupCall belongs: peerUser#59511722 */
  expect_error ("db451804" "22175159" "0100000000000000" "0a000000", CVN_TL_ERROR_UNEXPECTED_TYPE,
                "expected InputGroupCall, found peerUser#59511722");
  /* phone.toggleGroupCallStartSubscription: a Bool that is not one */
  expect_error ("e6349c21" "0f84aad8" "0100000000000000" "0200000000000000" "01020304",
                CVN_TL_ERROR_UNEXPECTED_TYPE, "expected Bool");
  /* msgs_ack with a vector claiming 2^24 longs */
  expect_error ("59b4d662" "15c4b51c" "00000001", CVN_TL_ERROR_TOO_LONG, "limit");
  /* ... and with more longs than bytes */
  expect_error ("59b4d662" "15c4b51c" "10000000" "0000000000000000", CVN_TL_ERROR_TRUNCATED, "vector");
  /* a 0xff string prefix: phone.editGroupCallTitle(call, title) */
  expect_error ("0aaca61c" "0f84aad8" "0100000000000000" "0200000000000000" "ff000000",
                CVN_TL_ERROR_INVALID_VALUE, "0xff");
  /* a string longer than the buffer */
  expect_error ("0aaca61c" "0f84aad8" "0100000000000000" "0200000000000000" "fe000100" "00000000",
                CVN_TL_ERROR_TRUNCATED, "string");

  /* invokeWithoutUpdates nested 1000 times */
  cvn_tl_writer_init (&w);
  for (guint i = 0; i < 1000; i++)
    cvn_tl_writer_put_int (&w, (gint32) CVN_TL_API_INVOKE_WITHOUT_UPDATES_ID);
  deep = cvn_tl_writer_free_to_bytes (&w);
  g_assert_null (cvn_tl_decode (g_bytes_get_data (deep, NULL), g_bytes_get_size (deep), arena, &error));
  g_assert_error (error, CVN_TL_ERROR, CVN_TL_ERROR_TOO_DEEP);
}

static void
test_result (void)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) res = hex_bytes ("15c4b51c" "02000000" "05000000" "faffffff");
  CvnTlApiInvokeWithLayer *outer = (CvnTlApiInvokeWithLayer *) cvn_tl_object_new (arena, CVN_TL_API_INVOKE_WITH_LAYER_CTOR);
  CvnTlApiPhoneCheckGroupCall *check = (CvnTlApiPhoneCheckGroupCall *) cvn_tl_object_new (arena, CVN_TL_API_PHONE_CHECK_GROUP_CALL_CTOR);
  CvnTlValue value;

  outer->layer = 223;
  outer->query = &check->parent;
  g_assert_true (cvn_tl_decode_result (&outer->parent, g_bytes_get_data (res, NULL), g_bytes_get_size (res),
                                       arena, &value, &error));
  g_assert_no_error (error);
  g_assert_cmpint (value.kind, ==, CVN_TL_KIND_VECTOR);
  g_assert_cmpuint (value.vector->len, ==, 2);
  g_assert_cmpint (value.vector->ints[0], ==, 5);
  g_assert_cmpint (value.vector->ints[1], ==, -6);
}

static void
test_build_and_flags (void)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *json = NULL;
  CvnTlApiGroupCall *gc = (CvnTlApiGroupCall *) cvn_tl_object_new (arena, CVN_TL_API_GROUP_CALL_CTOR);
  CvnTlApiGroupCall *back;

  gc->join_muted = TRUE;
  gc->id = 1;
  gc->access_hash = -2;
  cvn_tl_string_set (arena, &gc->title, "Standup");
  gc->flags |= CVN_TL_API_GROUP_CALL_SCHEDULE_DATE_FLAG;
  gc->schedule_date = 1700000000;
  bytes = cvn_tl_encode (&gc->parent, &error);
  g_assert_no_error (error);
  back = (CvnTlApiGroupCall *) cvn_tl_decode (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes), arena, &error);
  g_assert_no_error (error);
  g_assert_cmphex (back->flags, ==, (1u << 1) | (1u << 3) | (1u << 7));
  g_assert_true (back->join_muted);
  g_assert_false (back->conference);
  g_assert_cmpstr (back->title.str, ==, "Standup");
  g_assert_cmpint (back->schedule_date, ==, 1700000000);
  json = cvn_tl_object_to_json (&back->parent);
  g_assert_cmpstr (json, ==, "{\"_\":\"groupCall\",\"join_muted\":true,\"id\":\"1\",\"access_hash\":\"-2\","
                   "\"participants_count\":0,\"title\":\"Standup\",\"schedule_date\":1700000000,"
                   "\"unmuted_video_limit\":0,\"version\":0}");

  /* A missing mandatory object is an error, not a crash. */
  {
    CvnTlObject *call = cvn_tl_object_new (arena, CVN_TL_API_PHONE_GET_GROUP_CALL_CTOR);
    g_autoptr(GError) e2 = NULL;

    g_assert_null (cvn_tl_encode (call, &e2));
    g_assert_error (e2, CVN_TL_ERROR, CVN_TL_ERROR_INVALID_VALUE);
  }
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* Golden vectors (bytes and decoding by mtcute, see tests/interop): our decoding
 * equals theirs, our encoding of their JSON equals their bytes, every truncation is
 * an error, and random byte flips give an error or an object, never a crash. */
static void
test_golden (void)
{
  g_autofree char *dir_path = g_test_build_filename (G_TEST_DIST, "tl", "golden", NULL);
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (77);
  const char *name;
  guint n_vectors = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *hex_path = NULL;
      g_autofree char *json_path = NULL;
      g_autofree char *stem = NULL;
      g_autofree char *hex = NULL;
      g_autofree char *json_text = NULL;
      g_autofree char *ours = NULL;
      g_autoptr(GBytes) bytes = NULL;
      g_autoptr(GBytes) encoded = NULL;
      g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) want = NULL;
      g_autoptr(JsonNode) have = NULL;
      g_autofree guint8 *copy = NULL;
      CvnTlObject *object;
      const guint8 *data;
      gsize len;

      if (!g_str_has_suffix (name, ".hex"))
        continue;
      n_vectors++;
      hex_path = g_build_filename (dir_path, name, NULL);
      stem = g_strndup (hex_path, strlen (hex_path) - 4);
      json_path = g_strconcat (stem, ".json", NULL);
      g_file_get_contents (hex_path, &hex, NULL, &error);
      g_assert_no_error (error);
      g_file_get_contents (json_path, &json_text, NULL, &error);
      g_assert_no_error (error);
      g_strstrip (hex);
      bytes = hex_bytes (hex);
      data = g_bytes_get_data (bytes, &len);

      object = cvn_tl_decode (data, len, arena, &error);
      if (object == NULL)
        g_error ("%s: %s", name, error->message);
      ours = cvn_tl_object_to_json (object);
      want = parse_json (json_text);
      have = parse_json (ours);
      if (!json_node_equal (want, have))
        g_error ("%s: decoding differs:\n%s\n%s", name, ours, json_text);

      object = cvn_tl_object_from_json (json_text, -1, -1, arena, &error);
      g_assert_no_error (error);
      encoded = cvn_tl_encode (object, &error);
      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (bytes, encoded));

      /* Every truncation is rejected. */
      for (gsize cut = 0; cut < len; cut++)
        {
          g_autoptr(GError) e = NULL;

          cvn_tl_arena_reset (arena);
          g_assert_null (cvn_tl_decode (data, cut, arena, &e));
          g_assert_nonnull (e);
          g_assert_true (e->domain == CVN_TL_ERROR);
        }

      /* Random flips: no crash, no read outside the (exactly sized) buffer. */
      for (guint round = 0; round < 3000; round++)
        {
          g_autoptr(GError) e = NULL;
          guint flips = (guint) g_rand_int_range (rand, 1, 4);

          g_free (copy);
          copy = g_memdup2 (data, len);
          for (guint k = 0; k < flips; k++)
            copy[g_rand_int_range (rand, 0, (gint32) len)] ^= (guint8) g_rand_int_range (rand, 1, 256);
          cvn_tl_arena_reset (arena);
          object = cvn_tl_decode (copy, len, arena, &e);
          g_assert_true ((object == NULL) == (e != NULL));
          if (object != NULL)
            {
              g_autofree char *j = cvn_tl_object_to_json (object);
              g_autoptr(GBytes) re = cvn_tl_encode (object, NULL);

              g_assert_nonnull (j);
            }
        }
    }
  g_assert_cmpuint (n_vectors, >=, 7);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tl/registry/lookup", test_registry_lookup);
  g_test_add_func ("/tl/roundtrip/all", test_roundtrip_all);
  g_test_add_func ("/tl/build-and-flags", test_build_and_flags);
  g_test_add_func ("/tl/seeds", test_seeds);
  g_test_add_func ("/tl/errors", test_errors);
  g_test_add_func ("/tl/result", test_result);
  g_test_add_func ("/tl/golden", test_golden);

  return g_test_run ();
}
