/* cvn-tl-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "cvn-tl-json.h"
#include "cvn-tl-private.h"

#define GZIP_MAX_UNPACKED (16u << 20)

/* --- gzip ---------------------------------------------------------------- */

static GBytes *
run_converter (GConverter   *conv,
               const guint8 *data,
               gsize         len,
               gsize         max_len,
               GError      **error)
{
  GByteArray *out = g_byte_array_new ();
  gsize in_pos = 0;
  guint8 buf[16384];

  for (;;)
    {
      gsize read = 0, written = 0;
      GConverterResult res;
      g_autoptr(GError) local_error = NULL;

      res = g_converter_convert (conv, data + in_pos, len - in_pos, buf, sizeof buf,
                                 G_CONVERTER_INPUT_AT_END, &read, &written, &local_error);
      if (res == G_CONVERTER_ERROR)
        {
          g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_INVALID_VALUE, "gzip: %s", local_error->message);
          g_byte_array_unref (out);
          return NULL;
        }
      in_pos += read;
      g_byte_array_append (out, buf, (guint) written);
      if (out->len > max_len)
        {
          g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_TOO_LONG, "gzip: unpacks to more than %zu bytes", max_len);
          g_byte_array_unref (out);
          return NULL;
        }
      if (res == G_CONVERTER_FINISHED)
        break;
      if (read == 0 && written == 0)
        {
          g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_TRUNCATED, "gzip: truncated stream");
          g_byte_array_unref (out);
          return NULL;
        }
    }
  return g_byte_array_free_to_bytes (out);
}

GBytes *
cvn_tl_gunzip (const guint8 *data,
               gsize         len,
               gsize         max_len,
               GError      **error)
{
  g_autoptr(GZlibDecompressor) d = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);

  return run_converter (G_CONVERTER (d), data, len, max_len, error);
}

GBytes *
cvn_tl_gzip (const guint8 *data,
             gsize         len)
{
  g_autoptr(GZlibCompressor) c = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 9);

  return run_converter (G_CONVERTER (c), data, len, G_MAXSIZE, NULL);
}

/* --- output -------------------------------------------------------------- */

static void
append_hex (GString      *s,
            const guint8 *data,
            gsize         len)
{
  static const char digits[] = "0123456789abcdef";

  g_string_append (s, "{\"$hex\":\"");
  for (gsize i = 0; i < len; i++)
    {
      g_string_append_c (s, digits[data[i] >> 4]);
      g_string_append_c (s, digits[data[i] & 15]);
    }
  g_string_append (s, "\"}");
}

static void
append_string (GString    *s,
               const char *str,
               gsize       len)
{
  if (str == NULL)
    str = "";
  if (!g_utf8_validate (str, (gssize) len, NULL))
    {
      append_hex (s, (const guint8 *) str, len);
      return;
    }
  g_string_append_c (s, '"');
  for (gsize i = 0; i < len; i++)
    {
      guchar c = (guchar) str[i];

      switch (c)
        {
        case '"': g_string_append (s, "\\\""); break;
        case '\\': g_string_append (s, "\\\\"); break;
        case '\n': g_string_append (s, "\\n"); break;
        case '\r': g_string_append (s, "\\r"); break;
        case '\t': g_string_append (s, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (s, "\\u%04x", c);
          else
            g_string_append_c (s, (char) c);
        }
    }
  g_string_append_c (s, '"');
}

static void append_object (GString *s, const CvnTlObject *object, gboolean bare);

static void
append_value (GString      *s,
              guint         kind,
              guint         elem,
              gconstpointer p)
{
  switch (kind)
    {
    case CVN_TL_KIND_INT:
      g_string_append_printf (s, "%d", *(const gint32 *) p);
      break;
    case CVN_TL_KIND_FLAGS:
      g_string_append_printf (s, "%u", *(const guint32 *) p);
      break;
    case CVN_TL_KIND_LONG:
      g_string_append_printf (s, "\"%" G_GINT64_FORMAT "\"", *(const gint64 *) p);
      break;
    case CVN_TL_KIND_DOUBLE:
      {
        gdouble d = *(const gdouble *) p;
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        if (!isfinite (d))
          g_string_append (s, isnan (d) ? "\"NaN\"" : d > 0 ? "\"Infinity\"" : "\"-Infinity\"");
        else
          g_string_append (s, g_ascii_dtostr (buf, sizeof buf, d));
        break;
      }
    case CVN_TL_KIND_INT128:
      append_hex (s, p, 16);
      break;
    case CVN_TL_KIND_INT256:
      append_hex (s, p, 32);
      break;
    case CVN_TL_KIND_STRING:
      append_string (s, ((const CvnTlString *) p)->str, ((const CvnTlString *) p)->len);
      break;
    case CVN_TL_KIND_BYTES:
      append_hex (s, ((const CvnTlBytes *) p)->data, ((const CvnTlBytes *) p)->len);
      break;
    case CVN_TL_KIND_BOOL:
    case CVN_TL_KIND_TRUE:
      g_string_append (s, *(const gboolean *) p ? "true" : "false");
      break;
    case CVN_TL_KIND_OBJECT:
    case CVN_TL_KIND_BARE:
      append_object (s, *(CvnTlObject * const *) p, kind == CVN_TL_KIND_BARE);
      break;
    case CVN_TL_KIND_VECTOR:
    case CVN_TL_KIND_BARE_VECTOR:
      {
        const CvnTlVector *v = *(CvnTlVector * const *) p;
        gsize esize = cvn_tl_kind_size (elem);

        g_string_append_c (s, '[');
        for (guint i = 0; v != NULL && i < v->len; i++)
          {
            if (i > 0)
              g_string_append_c (s, ',');
            append_value (s, elem, CVN_TL_KIND_NONE, (const guint8 *) v->data + i * esize);
          }
        g_string_append_c (s, ']');
        break;
      }
    default:
      g_string_append (s, "null");
    }
}

static gboolean
append_gzip_packed (GString                 *s,
                    const CvnTlMtGzipPacked *g)
{
  g_autoptr(GBytes) unpacked = NULL;
  g_autoptr(CvnTlArena) arena = NULL;
  CvnTlObject *inner;
  gsize len;
  const guint8 *data;

  unpacked = cvn_tl_gunzip (g->packed_data.data, g->packed_data.len, GZIP_MAX_UNPACKED, NULL);
  if (unpacked == NULL)
    return FALSE;
  arena = cvn_tl_arena_new ();
  data = g_bytes_get_data (unpacked, &len);
  inner = cvn_tl_decode (data, len, arena, NULL);
  if (inner == NULL)
    return FALSE;
  g_string_append (s, "{\"_\":\"gzip_packed\",\"object\":");
  append_object (s, inner, FALSE);
  g_string_append_c (s, '}');
  return TRUE;
}

static void
append_object (GString           *s,
               const CvnTlObject *object,
               gboolean           bare)
{
  const CvnTlConstructor *ctor;
  const guint8 *base = (const guint8 *) object;
  gboolean first = TRUE;

  if (object == NULL)
    {
      g_string_append (s, "null");
      return;
    }
  ctor = object->ctor;
  if (ctor->id == CVN_TL_MT_GZIP_PACKED_ID && append_gzip_packed (s, (const CvnTlMtGzipPacked *) object))
    return;

  g_string_append_c (s, '{');
  if (!bare)
    {
      g_string_append_printf (s, "\"_\":\"%s\"", ctor->name);
      first = FALSE;
    }
  for (guint i = 0; i < ctor->n_fields; i++)
    {
      const CvnTlField *f = &ctor->fields[i];

      if (f->kind == CVN_TL_KIND_FLAGS)
        continue;
      if (ctor->id == CVN_TL_MT_MESSAGE_ID && g_str_equal (f->name, "bytes"))
        continue;
      if (f->flag_field >= 0 && !cvn_tl_object_field_present (object, i))
        continue;
      if (!first)
        g_string_append_c (s, ',');
      first = FALSE;
      g_string_append_printf (s, "\"%s\":", f->name);
      append_value (s, f->kind, f->elem_kind, base + f->offset);
    }
  g_string_append_c (s, '}');
}

char *
cvn_tl_object_to_json (const CvnTlObject *object)
{
  GString *s = g_string_new (NULL);

  append_object (s, object, FALSE);
  return g_string_free (s, FALSE);
}

char *
cvn_tl_value_to_json (const CvnTlValue *value,
                      guint             ref)
{
  GString *s = g_string_new (NULL);

  append_value (s, value->kind, value->elem_kind, &value->i);
  return g_string_free (s, FALSE);
}

/* --- input --------------------------------------------------------------- */

typedef struct
{
  CvnTlArena *arena;
  int         schema;
  guint       depth;
} ParseCtx;

static gboolean
json_fail (GError    **error,
           const char *path,
           const char *format,
           ...) G_GNUC_PRINTF (3, 4);

static gboolean
json_fail (GError    **error,
           const char *path,
           const char *format,
           ...)
{
  va_list args;
  g_autofree char *msg = NULL;

  va_start (args, format);
  msg = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_INVALID_JSON, "%s: %s", path, msg);
  return FALSE;
}

static gboolean
parse_hex (JsonNode     *node,
           CvnTlArena   *arena,
           const guint8 **out,
           gsize         *out_len,
           const char   *path,
           GError      **error)
{
  JsonObject *o;
  const char *hex;
  gsize n;
  guint8 *buf;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return json_fail (error, path, "expected {\"$hex\": ...}");
  o = json_node_get_object (node);
  if (json_object_get_size (o) != 1 || !json_object_has_member (o, "$hex") ||
      json_node_get_value_type (json_object_get_member (o, "$hex")) != G_TYPE_STRING)
    return json_fail (error, path, "expected {\"$hex\": ...}");
  hex = json_object_get_string_member (o, "$hex");
  n = strlen (hex);
  if (n % 2 != 0)
    return json_fail (error, path, "odd number of hex digits");
  buf = cvn_tl_arena_alloc (arena, n / 2 + 1);
  for (gsize i = 0; i < n / 2; i++)
    {
      int hi = g_ascii_xdigit_value (hex[2 * i]), lo = g_ascii_xdigit_value (hex[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return json_fail (error, path, "bad hex digit");
      buf[i] = (guint8) (hi << 4 | lo);
    }
  buf[n / 2] = 0;
  *out = buf;
  *out_len = n / 2;
  return TRUE;
}

static CvnTlObject *parse_object (ParseCtx *ctx, JsonNode *node, guint kind, guint ref,
                                  const char *path, GError **error);

static gboolean
parse_value (ParseCtx   *ctx,
             JsonNode   *node,
             guint       kind,
             guint       elem,
             guint       ref,
             gpointer    p,
             const char *path,
             GError    **error)
{
  GType vt = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;

  switch (kind)
    {
    case CVN_TL_KIND_INT:
    case CVN_TL_KIND_FLAGS:
      {
        gint64 v;

        if (vt != G_TYPE_INT64)
          return json_fail (error, path, "expected an integer");
        v = json_node_get_int (node);
        if (kind == CVN_TL_KIND_INT ? (v < G_MININT32 || v > G_MAXINT32) : (v < 0 || v > G_MAXUINT32))
          return json_fail (error, path, "integer out of range");
        *(guint32 *) p = (guint32) v;
        return TRUE;
      }
    case CVN_TL_KIND_LONG:
      if (vt == G_TYPE_INT64)
        *(gint64 *) p = json_node_get_int (node);
      else if (vt == G_TYPE_STRING)
        {
          gint64 v;

          if (!g_ascii_string_to_signed (json_node_get_string (node), 10, G_MININT64, G_MAXINT64, &v, NULL))
            return json_fail (error, path, "expected a decimal long");
          *(gint64 *) p = v;
        }
      else
        return json_fail (error, path, "expected a long (decimal string)");
      return TRUE;
    case CVN_TL_KIND_DOUBLE:
      if (vt == G_TYPE_DOUBLE || vt == G_TYPE_INT64)
        *(gdouble *) p = json_node_get_double (node);
      else if (vt == G_TYPE_STRING && g_str_equal (json_node_get_string (node), "NaN"))
        *(gdouble *) p = NAN;
      else if (vt == G_TYPE_STRING && g_str_equal (json_node_get_string (node), "Infinity"))
        *(gdouble *) p = INFINITY;
      else if (vt == G_TYPE_STRING && g_str_equal (json_node_get_string (node), "-Infinity"))
        *(gdouble *) p = -INFINITY;
      else
        return json_fail (error, path, "expected a number");
      return TRUE;
    case CVN_TL_KIND_INT128:
    case CVN_TL_KIND_INT256:
      {
        const guint8 *data;
        gsize len, want = kind == CVN_TL_KIND_INT128 ? 16 : 32;

        if (!parse_hex (node, ctx->arena, &data, &len, path, error))
          return FALSE;
        if (len != want)
          return json_fail (error, path, "expected %zu bytes, got %zu", want, len);
        memcpy (p, data, want);
        return TRUE;
      }
    case CVN_TL_KIND_STRING:
      if (vt == G_TYPE_STRING)
        {
          cvn_tl_string_set (ctx->arena, p, json_node_get_string (node));
          return TRUE;
        }
      G_GNUC_FALLTHROUGH;
    case CVN_TL_KIND_BYTES:
      {
        CvnTlBytes *b = p;

        return parse_hex (node, ctx->arena, &b->data, &b->len, path, error);
      }
    case CVN_TL_KIND_BOOL:
    case CVN_TL_KIND_TRUE:
      if (vt != G_TYPE_BOOLEAN)
        return json_fail (error, path, "expected true or false");
      *(gboolean *) p = json_node_get_boolean (node);
      return TRUE;
    case CVN_TL_KIND_OBJECT:
    case CVN_TL_KIND_BARE:
      return (*(CvnTlObject **) p = parse_object (ctx, node, kind, ref, path, error)) != NULL;
    case CVN_TL_KIND_VECTOR:
    case CVN_TL_KIND_BARE_VECTOR:
      {
        JsonArray *a;
        CvnTlVector *v;
        gsize esize = cvn_tl_kind_size (elem);

        if (!JSON_NODE_HOLDS_ARRAY (node))
          return json_fail (error, path, "expected an array");
        a = json_node_get_array (node);
        if (json_array_get_length (a) > CVN_TL_MAX_VECTOR)
          return json_fail (error, path, "array too long");
        v = cvn_tl_vector_new (ctx->arena, elem, json_array_get_length (a));
        for (guint i = 0; i < v->len; i++)
          {
            g_autofree char *sub = g_strdup_printf ("%s[%u]", path, i);

            if (!parse_value (ctx, json_array_get_element (a, i), elem, CVN_TL_KIND_NONE, ref,
                              (guint8 *) v->data + i * esize, sub, error))
              return FALSE;
          }
        *(CvnTlVector **) p = v;
        return TRUE;
      }
    default:
      return json_fail (error, path, "unsupported kind");
    }
}

static CvnTlObject *
parse_gzip_packed (ParseCtx   *ctx,
                   JsonNode   *node,
                   const char *path,
                   GError    **error)
{
  CvnTlObject *inner;
  CvnTlMtGzipPacked *g;
  g_autoptr(GBytes) packed = NULL;
  g_autoptr(GBytes) plain = NULL;
  gsize len;
  const guint8 *data;

  inner = parse_object (ctx, node, CVN_TL_KIND_OBJECT, CVN_TL_ANY, path, error);
  if (inner == NULL)
    return NULL;
  plain = cvn_tl_encode (inner, error);
  if (plain == NULL)
    return NULL;
  packed = cvn_tl_gzip (g_bytes_get_data (plain, NULL), g_bytes_get_size (plain));
  data = g_bytes_get_data (packed, &len);
  g = (CvnTlMtGzipPacked *) cvn_tl_object_new (ctx->arena, CVN_TL_MT_GZIP_PACKED_CTOR);
  g->packed_data.data = cvn_tl_arena_memdup (ctx->arena, data, len);
  g->packed_data.len = len;
  return &g->parent;
}

static CvnTlObject *
parse_object (ParseCtx   *ctx,
              JsonNode   *node,
              guint       kind,
              guint       ref,
              const char *path,
              GError    **error)
{
  JsonObject *o;
  const CvnTlConstructor *ctor;
  CvnTlObject *object;
  guint8 *base;
  GList *members;
  gboolean ok = TRUE;
  int schema;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      json_fail (error, path, "expected an object");
      return NULL;
    }
  if (ctx->depth >= CVN_TL_MAX_DEPTH)
    {
      g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_TOO_DEEP, "%s: nested too deep", path);
      return NULL;
    }
  o = json_node_get_object (node);
  if (kind == CVN_TL_KIND_BARE)
    ctor = &cvn_tl_constructors[ref];
  else
    {
      const char *name;

      if (!json_object_has_member (o, "_") ||
          json_node_get_value_type (json_object_get_member (o, "_")) != G_TYPE_STRING)
        {
          json_fail (error, path, "missing \"_\"");
          return NULL;
        }
      name = json_object_get_string_member (o, "_");
      schema = ref != CVN_TL_ANY ? cvn_tl_types[ref].schema : ctx->schema;
      ctor = cvn_tl_lookup_name (name, schema);
      if (ctor == NULL)
        ctor = cvn_tl_lookup_name (name, -1);
      if (ctor == NULL)
        {
          g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_UNKNOWN_CONSTRUCTOR,
                       "%s: unknown constructor \"%s\"", path, name);
          return NULL;
        }
      if (ctor->id == CVN_TL_MT_GZIP_PACKED_ID && json_object_has_member (o, "object"))
        {
          if (json_object_get_size (o) != 2)
            {
              json_fail (error, path, "gzip_packed takes only \"object\"");
              return NULL;
            }
          ctx->depth++;
          object = parse_gzip_packed (ctx, json_object_get_member (o, "object"), path, error);
          ctx->depth--;
          return object;
        }
      if (ref != CVN_TL_ANY && ctor->type != ref)
        {
          g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_UNEXPECTED_TYPE,
                       "%s: expected %s, found %s", path, cvn_tl_types[ref].name, ctor->name);
          return NULL;
        }
    }

  object = cvn_tl_object_new (ctx->arena, ctor);
  base = (guint8 *) object;
  ctx->depth++;

  /* Reject unknown members. */
  members = json_object_get_members (o);
  for (GList *l = members; l != NULL && ok; l = l->next)
    {
      const char *m = l->data;
      gboolean known = g_str_equal (m, "_") && kind != CVN_TL_KIND_BARE;

      for (guint i = 0; i < ctor->n_fields && !known; i++)
        known = g_str_equal (ctor->fields[i].name, m);
      if (!known)
        ok = json_fail (error, path, "%s has no field \"%s\"", ctor->name, m);
    }
  g_list_free (members);

  for (guint i = 0; i < ctor->n_fields && ok; i++)
    {
      const CvnTlField *f = &ctor->fields[i];
      JsonNode *member = json_object_get_member (o, f->name);
      g_autofree char *sub = NULL;

      if (member == NULL)
        {
          if (f->flag_field >= 0 || f->kind == CVN_TL_KIND_FLAGS ||
              (ctor->id == CVN_TL_MT_MESSAGE_ID && g_str_equal (f->name, "bytes")))
            continue;
          ok = json_fail (error, path, "%s: missing field \"%s\"", ctor->name, f->name);
          break;
        }
      sub = g_strdup_printf ("%s.%s", path, f->name);
      if (f->kind == CVN_TL_KIND_TRUE)
        {
          if (!parse_value (ctx, member, f->kind, f->elem_kind, f->ref, base + f->offset, sub, error))
            ok = FALSE;
          continue;
        }
      if (!parse_value (ctx, member, f->kind, f->elem_kind, f->ref, base + f->offset, sub, error))
        {
          ok = FALSE;
          break;
        }
      if (f->flag_field >= 0)
        *(guint32 *) (base + ctor->fields[f->flag_field].offset) |= 1u << f->flag_bit;
    }
  ctx->depth--;
  return ok ? object : NULL;
}

CvnTlObject *
cvn_tl_object_from_json (const char *json,
                         gssize      len,
                         int         schema,
                         CvnTlArena *arena,
                         GError    **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  ParseCtx ctx = { arena, schema, 0 };

  if (!json_parser_load_from_data (parser, json, len, &local_error))
    {
      g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_INVALID_JSON, "%s", local_error->message);
      return NULL;
    }
  return parse_object (&ctx, json_parser_get_root (parser), CVN_TL_KIND_OBJECT, CVN_TL_ANY, "$", error);
}
