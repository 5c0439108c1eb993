/* cvn-tl-codec.c: the table-driven encoder (CvnTlWriter) and strict decoder
 * (CvnTlReader) over the generated registry.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cvn-tl.h"
#include "cvn-tl-private.h"

/* --- writer -------------------------------------------------------------- */

void
cvn_tl_writer_init (CvnTlWriter *writer)
{
  writer->data = NULL;
  writer->len = 0;
  writer->alloc = 0;
}

void
cvn_tl_writer_clear (CvnTlWriter *writer)
{
  g_clear_pointer (&writer->data, g_free);
  writer->len = 0;
  writer->alloc = 0;
}

GBytes *
cvn_tl_writer_free_to_bytes (CvnTlWriter *writer)
{
  GBytes *bytes = g_bytes_new_take (writer->data, writer->len);

  cvn_tl_writer_init (writer);
  return bytes;
}

static inline guint8 *
writer_reserve (CvnTlWriter *w,
                gsize        n)
{
  if (G_UNLIKELY (w->alloc - w->len < n))
    {
      gsize alloc = MAX (w->alloc * 2, 256);

      while (alloc - w->len < n)
        alloc *= 2;
      w->data = g_realloc (w->data, alloc);
      w->alloc = alloc;
    }
  return w->data + w->len;
}

void
cvn_tl_writer_put_raw (CvnTlWriter   *writer,
                       gconstpointer  data,
                       gsize          len)
{
  if (len == 0)
    return;
  memcpy (writer_reserve (writer, len), data, len);
  writer->len += len;
}

void
cvn_tl_writer_put_int (CvnTlWriter *writer,
                       gint32       value)
{
  guint32 le = GUINT32_TO_LE ((guint32) value);

  memcpy (writer_reserve (writer, 4), &le, 4);
  writer->len += 4;
}

void
cvn_tl_writer_put_long (CvnTlWriter *writer,
                        gint64       value)
{
  guint64 le = GUINT64_TO_LE ((guint64) value);

  memcpy (writer_reserve (writer, 8), &le, 8);
  writer->len += 8;
}

void
cvn_tl_writer_put_double (CvnTlWriter *writer,
                          gdouble      value)
{
  guint64 bits;

  memcpy (&bits, &value, 8);
  cvn_tl_writer_put_long (writer, (gint64) bits);
}

void
cvn_tl_writer_put_bytes (CvnTlWriter   *writer,
                         gconstpointer  data,
                         gsize          len)
{
  gsize header = len < 254 ? 1 : 4;
  gsize total = (header + len + 3) & ~(gsize) 3;
  guint8 *p = writer_reserve (writer, total);

  g_return_if_fail (len < (1u << 24));

  if (len < 254)
    p[0] = (guint8) len;
  else
    {
      p[0] = 254;
      p[1] = len & 0xff;
      p[2] = (len >> 8) & 0xff;
      p[3] = (len >> 16) & 0xff;
    }
  if (len > 0)
    memcpy (p + header, data, len);
  memset (p + header + len, 0, total - header - len);
  writer->len += total;
}

static gboolean put_fields (CvnTlWriter       *w,
                            const CvnTlObject *object,
                            guint              depth,
                            GError           **error);

static gboolean
put_object (CvnTlWriter       *w,
            const CvnTlObject *object,
            gboolean           boxed,
            guint              depth,
            GError           **error)
{
  if (object == NULL)
    {
      g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_INVALID_VALUE, "missing object");
      return FALSE;
    }
  if (depth > CVN_TL_MAX_DEPTH)
    {
      g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_TOO_DEEP, "object nesting deeper than %d", CVN_TL_MAX_DEPTH);
      return FALSE;
    }
  if (boxed)
    cvn_tl_writer_put_int (w, (gint32) object->ctor->id);
  return put_fields (w, object, depth + 1, error);
}

static gboolean
check_type (const CvnTlObject *object,
            guint              kind,
            guint              ref,
            const char        *field,
            GError           **error)
{
  if (object == NULL)
    {
      g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_INVALID_VALUE, "field %s: missing object", field);
      return FALSE;
    }
  if (kind == CVN_TL_KIND_OBJECT && ref != CVN_TL_ANY && object->ctor->type != ref)
    {
      g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_UNEXPECTED_TYPE,
                   "field %s: expected %s, found %s#%08x", field, cvn_tl_types[ref].name,
                   object->ctor->name, object->ctor->id);
      return FALSE;
    }
  if (kind == CVN_TL_KIND_BARE && object->ctor != &cvn_tl_constructors[ref])
    {
      g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_UNEXPECTED_TYPE,
                   "field %s: expected %s, found %s#%08x", field, cvn_tl_constructors[ref].name,
                   object->ctor->name, object->ctor->id);
      return FALSE;
    }
  return TRUE;
}

static gboolean
put_value (CvnTlWriter  *w,
           guint         kind,
           guint         elem,
           guint         ref,
           gconstpointer p,
           const char   *field,
           guint         depth,
           GError      **error)
{
  switch (kind)
    {
    case CVN_TL_KIND_INT:
    case CVN_TL_KIND_FLAGS:
      cvn_tl_writer_put_int (w, *(const gint32 *) p);
      return TRUE;
    case CVN_TL_KIND_LONG:
      cvn_tl_writer_put_long (w, *(const gint64 *) p);
      return TRUE;
    case CVN_TL_KIND_DOUBLE:
      cvn_tl_writer_put_double (w, *(const gdouble *) p);
      return TRUE;
    case CVN_TL_KIND_INT128:
      cvn_tl_writer_put_raw (w, p, 16);
      return TRUE;
    case CVN_TL_KIND_INT256:
      cvn_tl_writer_put_raw (w, p, 32);
      return TRUE;
    case CVN_TL_KIND_STRING:
    case CVN_TL_KIND_BYTES:
      {
        const CvnTlBytes *b = p;

        if (b->len >= (1u << 24))
          {
            g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_TOO_LONG, "field %s: %zu bytes", field, b->len);
            return FALSE;
          }
        cvn_tl_writer_put_bytes (w, b->data, b->data != NULL ? b->len : 0);
        return TRUE;
      }
    case CVN_TL_KIND_BOOL:
      cvn_tl_writer_put_int (w, (gint32) (*(const gboolean *) p ? CVN_TL_BOOL_TRUE_ID : CVN_TL_BOOL_FALSE_ID));
      return TRUE;
    case CVN_TL_KIND_TRUE:
      return TRUE;
    case CVN_TL_KIND_OBJECT:
    case CVN_TL_KIND_BARE:
      {
        const CvnTlObject *o = *(CvnTlObject * const *) p;

        if (!check_type (o, kind, ref, field, error))
          return FALSE;
        return put_object (w, o, kind == CVN_TL_KIND_OBJECT, depth, error);
      }
    case CVN_TL_KIND_VECTOR:
    case CVN_TL_KIND_BARE_VECTOR:
      {
        const CvnTlVector *v = *(CvnTlVector * const *) p;
        guint len = v != NULL ? v->len : 0;
        gsize esize = cvn_tl_kind_size (elem);

        if (kind == CVN_TL_KIND_VECTOR)
          cvn_tl_writer_put_int (w, (gint32) CVN_TL_VECTOR_ID);
        cvn_tl_writer_put_int (w, (gint32) len);
        if (len == 0)
          return TRUE;
        if (elem == CVN_TL_KIND_INT || elem == CVN_TL_KIND_LONG ||
            elem == CVN_TL_KIND_INT128 || elem == CVN_TL_KIND_INT256)
          {
            if (G_BYTE_ORDER == G_LITTLE_ENDIAN)
              {
                cvn_tl_writer_put_raw (w, v->data, esize * len);
                return TRUE;
              }
          }
        for (guint i = 0; i < len; i++)
          if (!put_value (w, elem, CVN_TL_KIND_NONE, ref, (const guint8 *) v->data + i * esize,
                          field, depth, error))
            return FALSE;
        return TRUE;
      }
    default:
      g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_INVALID_VALUE, "field %s: bad kind %u", field, kind);
      return FALSE;
    }
}

static gboolean
put_fields (CvnTlWriter       *w,
            const CvnTlObject *object,
            guint              depth,
            GError           **error)
{
  const CvnTlConstructor *ctor = object->ctor;
  const guint8 *base = (const guint8 *) object;
  guint8 flag_index[8];
  guint32 flag_value[8];
  guint n_flags = 0;

  if (G_UNLIKELY (ctor->id == CVN_TL_MT_MESSAGE_BARE_ID))
    {
      const CvnTlMtMessage *m = (const CvnTlMtMessage *) object;
      gsize start;

      cvn_tl_writer_put_long (w, m->msg_id);
      cvn_tl_writer_put_int (w, m->seqno);
      cvn_tl_writer_put_int (w, 0);
      start = w->len;
      if (!put_object (w, m->body, TRUE, depth, error))
        return FALSE;
      {
        guint32 le = GUINT32_TO_LE ((guint32) (w->len - start));

        memcpy (w->data + start - 4, &le, 4);
      }
      return TRUE;
    }

  /* Pass 1: the `#` words as written: stored bits plus fields with values. */
  for (guint i = 0; i < ctor->n_fields; i++)
    {
      const CvnTlField *f = &ctor->fields[i];
      const guint8 *p = base + f->offset;
      gboolean has;

      if (f->kind == CVN_TL_KIND_FLAGS)
        {
          flag_index[n_flags] = (guint8) i;
          flag_value[n_flags++] = *(const guint32 *) p;
          continue;
        }
      if (f->flag_field < 0)
        continue;
      switch (f->kind)
        {
        case CVN_TL_KIND_TRUE:
        case CVN_TL_KIND_BOOL:
          has = f->kind == CVN_TL_KIND_TRUE && *(const gboolean *) p;
          break;
        case CVN_TL_KIND_STRING:
        case CVN_TL_KIND_BYTES:
        case CVN_TL_KIND_OBJECT:
        case CVN_TL_KIND_BARE:
        case CVN_TL_KIND_VECTOR:
        case CVN_TL_KIND_BARE_VECTOR:
          has = *(gconstpointer const *) p != NULL;
          break;
        default:
          has = FALSE;
        }
      if (has)
        {
          guint k = n_flags - 1;

          while (flag_index[k] != (guint8) f->flag_field)
            k--;
          flag_value[k] |= 1u << f->flag_bit;
        }
    }

  /* Pass 2: the fields. */
  for (guint i = 0, k = 0; i < ctor->n_fields; i++)
    {
      const CvnTlField *f = &ctor->fields[i];
      const guint8 *p = base + f->offset;

      if (f->kind == CVN_TL_KIND_FLAGS)
        {
          cvn_tl_writer_put_int (w, (gint32) flag_value[k++]);
          continue;
        }
      if (f->flag_field >= 0)
        {
          guint j = k - 1;

          while (flag_index[j] != (guint8) f->flag_field)
            j--;
          if (!(flag_value[j] & (1u << f->flag_bit)))
            continue;
        }
      switch (f->kind)
        {
        case CVN_TL_KIND_TRUE:
          break;
        case CVN_TL_KIND_INT:
          cvn_tl_writer_put_int (w, *(const gint32 *) p);
          break;
        case CVN_TL_KIND_LONG:
          cvn_tl_writer_put_long (w, *(const gint64 *) p);
          break;
        default:
          if (!put_value (w, f->kind, f->elem_kind, f->ref, p, f->name, depth, error))
            return FALSE;
        }
    }
  return TRUE;
}

gboolean
cvn_tl_writer_put_object (CvnTlWriter       *writer,
                          const CvnTlObject *object,
                          GError           **error)
{
  return put_object (writer, object, TRUE, 0, error);
}

gboolean
cvn_tl_writer_put_bare (CvnTlWriter       *writer,
                        const CvnTlObject *object,
                        GError           **error)
{
  return put_object (writer, object, FALSE, 0, error);
}

GBytes *
cvn_tl_encode (const CvnTlObject *object,
               GError           **error)
{
  CvnTlWriter w;

  cvn_tl_writer_init (&w);
  if (!cvn_tl_writer_put_object (&w, object, error))
    {
      cvn_tl_writer_clear (&w);
      return NULL;
    }
  return cvn_tl_writer_free_to_bytes (&w);
}

/* --- reader -------------------------------------------------------------- */

void
cvn_tl_reader_init (CvnTlReader  *reader,
                    const guint8 *data,
                    gsize         len,
                    CvnTlArena   *arena)
{
  reader->data = data;
  reader->len = len;
  reader->pos = 0;
  reader->base = 0;
  reader->arena = arena;
  reader->depth = 0;
}

static const char *
kind_name (guint kind,
           guint ref)
{
  switch (kind)
    {
    case CVN_TL_KIND_INT: return "int";
    case CVN_TL_KIND_LONG: return "long";
    case CVN_TL_KIND_DOUBLE: return "double";
    case CVN_TL_KIND_INT128: return "int128";
    case CVN_TL_KIND_INT256: return "int256";
    case CVN_TL_KIND_STRING: return "string";
    case CVN_TL_KIND_BYTES: return "bytes";
    case CVN_TL_KIND_BOOL: return "Bool";
    case CVN_TL_KIND_FLAGS: return "#";
    case CVN_TL_KIND_OBJECT: return ref == CVN_TL_ANY ? "Object" : cvn_tl_types[ref].name;
    case CVN_TL_KIND_BARE: return cvn_tl_constructors[ref].name;
    case CVN_TL_KIND_VECTOR: return "Vector";
    case CVN_TL_KIND_BARE_VECTOR: return "vector";
    default: return "?";
    }
}



gboolean
cvn_tl_reader_fail_truncated (CvnTlReader *r,
                              gsize        need,
                              const char  *what,
                              GError     **error)
{
  g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_TRUNCATED,
               "offset %zu: truncated %s: need %zu bytes, %zu left",
               r->base + r->pos, what, need, r->len - r->pos);
  return FALSE;
}

static inline guint32
load32 (const guint8 *p)
{
  guint32 v;

  memcpy (&v, p, 4);
  return GUINT32_FROM_LE (v);
}

gboolean
cvn_tl_reader_get_int (CvnTlReader *reader,
                       gint32      *value,
                       GError     **error)
{
  if (reader->len - reader->pos < 4)
    return cvn_tl_reader_fail_truncated (reader, 4, "int", error);
  *value = (gint32) load32 (reader->data + reader->pos);
  reader->pos += 4;
  return TRUE;
}

gboolean
cvn_tl_reader_get_long (CvnTlReader *reader,
                        gint64      *value,
                        GError     **error)
{
  guint64 v;

  if (reader->len - reader->pos < 8)
    return cvn_tl_reader_fail_truncated (reader, 8, "long", error);
  memcpy (&v, reader->data + reader->pos, 8);
  *value = (gint64) GUINT64_FROM_LE (v);
  reader->pos += 8;
  return TRUE;
}

gboolean
cvn_tl_reader_get_raw (CvnTlReader   *reader,
                       gsize          len,
                       const guint8 **value,
                       GError       **error)
{
  if (reader->len - reader->pos < len)
    return cvn_tl_reader_fail_truncated (reader, len, "data", error);
  *value = reader->data + reader->pos;
  reader->pos += len;
  return TRUE;
}

/* Without an arena the result points into the input buffer (not NUL-terminated). */
gboolean
cvn_tl_reader_get_bytes (CvnTlReader *r,
                         CvnTlBytes  *value,
                         GError     **error)
{
  gsize left = r->len - r->pos;
  const guint8 *p = r->data + r->pos;
  gsize header, len, total;

  if (left < 4)
    return cvn_tl_reader_fail_truncated (r, 4, "string", error);
  if (p[0] < 254)
    {
      header = 1;
      len = p[0];
    }
  else if (p[0] == 254)
    {
      header = 4;
      len = p[1] | ((gsize) p[2] << 8) | ((gsize) p[3] << 16);
    }
  else
    {
      g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_INVALID_VALUE,
                   "offset %zu: invalid string length prefix 0xff", r->base + r->pos);
      return FALSE;
    }
  total = (header + len + 3) & ~(gsize) 3;
  if (left < total)
    return cvn_tl_reader_fail_truncated (r, total, "string", error);
  if (r->arena != NULL)
    value->data = cvn_tl_arena_memdup (r->arena, p + header, len);
  else
    value->data = p + header;
  value->len = len;
  r->pos += total;
  return TRUE;
}

gboolean
cvn_tl_reader_expect_end (CvnTlReader *reader,
                          GError     **error)
{
  if (reader->pos != reader->len)
    {
      g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_TRAILING_BYTES,
                   "offset %zu: %zu trailing bytes", reader->base + reader->pos,
                   reader->len - reader->pos);
      return FALSE;
    }
  return TRUE;
}

gboolean
cvn_tl_reader_fail_bool (CvnTlReader *r,
                         GError     **error)
{
  g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_UNEXPECTED_TYPE,
               "offset %zu: expected Bool, found 0x%08x", r->base + r->pos,
               load32 (r->data + r->pos));
  return FALSE;
}



/* Out-of-line readers called by the generated decoders (cvn-tl-schema-dec.c):
 * small code per field keeps the generated file quick to compile. */

gboolean
cvn_tl_rd_u32 (CvnTlReader *r,
               guint32     *v,
               GError     **error)
{
  guint32 x;

  if (G_UNLIKELY (r->len - r->pos < 4))
    return cvn_tl_reader_fail_truncated (r, 4, "int", error);
  memcpy (&x, r->data + r->pos, 4);
  *v = GUINT32_FROM_LE (x);
  r->pos += 4;
  return TRUE;
}

gboolean
cvn_tl_rd_u64 (CvnTlReader *r,
               gpointer     v,
               GError     **error)
{
  guint64 x;

  if (G_UNLIKELY (r->len - r->pos < 8))
    return cvn_tl_reader_fail_truncated (r, 8, "long", error);
  memcpy (&x, r->data + r->pos, 8);
  x = GUINT64_FROM_LE (x);
  memcpy (v, &x, 8);
  r->pos += 8;
  return TRUE;
}

gboolean
cvn_tl_rd_raw (CvnTlReader *r,
               guint8      *v,
               gsize        n,
               GError     **error)
{
  if (G_UNLIKELY (r->len - r->pos < n))
    return cvn_tl_reader_fail_truncated (r, n, n == 16 ? "int128" : "int256", error);
  memcpy (v, r->data + r->pos, n);
  r->pos += n;
  return TRUE;
}

gboolean
cvn_tl_rd_bool (CvnTlReader *r,
                gboolean    *v,
                GError     **error)
{
  guint32 id;

  if (G_UNLIKELY (r->len - r->pos < 4))
    return cvn_tl_reader_fail_truncated (r, 4, "Bool", error);
  memcpy (&id, r->data + r->pos, 4);
  id = GUINT32_FROM_LE (id);
  if (id == CVN_TL_BOOL_TRUE_ID)
    *v = TRUE;
  else if (id == CVN_TL_BOOL_FALSE_ID)
    *v = FALSE;
  else
    return cvn_tl_reader_fail_bool (r, error);
  r->pos += 4;
  return TRUE;
}

/* cvn_tl_lookup_id(), inlined into the decoder's hot path. */
static inline const CvnTlConstructor *
lookup_id (guint32 id)
{
  guint h = (guint) ((id * 0x9E3779B1u) >> cvn_tl_id_table_shift);

  for (guint probe = 0; probe <= cvn_tl_id_table_max_probe; probe++)
    {
      const CvnTlIdSlot *slot = &cvn_tl_id_table[h];

      if (slot->id == id && slot->index != CVN_TL_ANY)
        return &cvn_tl_constructors[slot->index];
      if (slot->index == CVN_TL_ANY)
        return NULL;
      h = (h + 1) & cvn_tl_id_table_mask;
    }
  return NULL;
}

static CvnTlObject *read_bare (CvnTlReader            *r,
                               const CvnTlConstructor *ctor,
                               GError                **error);

CvnTlObject *
cvn_tl_reader_get_object (CvnTlReader *r,
                          guint        type,
                          GError     **error)
{
  const CvnTlConstructor *ctor;
  guint32 id;

  g_return_val_if_fail (r->arena != NULL, NULL);

  if (r->len - r->pos < 4)
    {
      cvn_tl_reader_fail_truncated (r, 4, type == CVN_TL_ANY ? "Object" : cvn_tl_types[type].name, error);
      return NULL;
    }
  id = load32 (r->data + r->pos);
  ctor = lookup_id (id);
  if (G_UNLIKELY (ctor == NULL))
    {
      g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_UNKNOWN_CONSTRUCTOR,
                   "offset %zu: expected %s, found unknown constructor 0x%08x", r->base + r->pos,
                   type == CVN_TL_ANY ? "Object" : cvn_tl_types[type].name, id);
      return NULL;
    }
  if (G_UNLIKELY (type != CVN_TL_ANY && ctor->type != type))
    {
      g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_UNEXPECTED_TYPE,
                   "offset %zu: expected %s, found %s#%08x", r->base + r->pos,
                   cvn_tl_types[type].name, ctor->name, id);
      return NULL;
    }
  r->pos += 4;
  return read_bare (r, ctor, error);
}

CvnTlObject *
cvn_tl_reader_get_bare (CvnTlReader            *reader,
                        const CvnTlConstructor *ctor,
                        GError                **error)
{
  return read_bare (reader, ctor, error);
}

static CvnTlObject *
read_message (CvnTlReader    *r,
              CvnTlMtMessage *m,
              GError        **error)
{
  CvnTlReader sub;

  if (!cvn_tl_reader_get_long (r, &m->msg_id, error) ||
      !cvn_tl_reader_get_int (r, &m->seqno, error) ||
      !cvn_tl_reader_get_int (r, &m->bytes, error))
    return NULL;
  if (m->bytes < 0 || (gsize) m->bytes > r->len - r->pos)
    {
      cvn_tl_reader_fail_truncated (r, (gsize) (guint32) m->bytes, "message body", error);
      return NULL;
    }
  sub = *r;
  sub.base = r->base + r->pos;
  sub.data = r->data + r->pos;
  sub.len = (gsize) m->bytes;
  sub.pos = 0;
  m->body = cvn_tl_reader_get_object (&sub, CVN_TL_ANY, error);
  if (m->body == NULL || !cvn_tl_reader_expect_end (&sub, error))
    return NULL;
  r->pos += (gsize) m->bytes;
  return &m->parent;
}

static inline CvnTlObject *
read_bare (CvnTlReader            *r,
           const CvnTlConstructor *ctor,
           GError                **error)
{
  CvnTlObject *object;
  CvnTlObject *ret = NULL;

  if (G_UNLIKELY (r->depth >= CVN_TL_MAX_DEPTH))
    {
      g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_TOO_DEEP,
                   "offset %zu: %s nested deeper than %d", r->base + r->pos, ctor->name,
                   CVN_TL_MAX_DEPTH);
      return NULL;
    }
  r->depth++;
  object = cvn_tl_arena_alloc (r->arena, ctor->size);
  memset (object, 0, ctor->size);
  object->ctor = ctor;

  if (G_UNLIKELY (ctor->id == CVN_TL_MT_MESSAGE_BARE_ID))
    {
      ret = read_message (r, (CvnTlMtMessage *) object, error);
      r->depth--;
      return ret;
    }

  if (cvn_tl_decoders[ctor - cvn_tl_constructors] (r, object, error))
    ret = object;
  r->depth--;
  return ret;
}

gboolean
cvn_tl_read_value (CvnTlReader *r,
            guint        kind,
            guint        elem,
            guint        ref,
            gpointer     p,
            GError     **error)
{
  gsize left = r->len - r->pos;
  const guint8 *in = r->data + r->pos;

  switch (kind)
    {
    case CVN_TL_KIND_INT:
    case CVN_TL_KIND_FLAGS:
      if (G_UNLIKELY (left < 4))
        return cvn_tl_reader_fail_truncated (r, 4, kind_name (kind, ref), error);
      *(guint32 *) p = load32 (in);
      r->pos += 4;
      return TRUE;
    case CVN_TL_KIND_LONG:
    case CVN_TL_KIND_DOUBLE:
      if (G_UNLIKELY (left < 8))
        return cvn_tl_reader_fail_truncated (r, 8, kind_name (kind, ref), error);
      memcpy (p, in, 8);
      if (G_BYTE_ORDER != G_LITTLE_ENDIAN)
        *(guint64 *) p = GUINT64_FROM_LE (*(guint64 *) p);
      r->pos += 8;
      return TRUE;
    case CVN_TL_KIND_INT128:
    case CVN_TL_KIND_INT256:
      {
        gsize n = kind == CVN_TL_KIND_INT128 ? 16 : 32;

        if (G_UNLIKELY (left < n))
          return cvn_tl_reader_fail_truncated (r, n, kind_name (kind, ref), error);
        memcpy (p, in, n);
        r->pos += n;
        return TRUE;
      }
    case CVN_TL_KIND_STRING:
    case CVN_TL_KIND_BYTES:
      return cvn_tl_reader_get_bytes (r, p, error);
    case CVN_TL_KIND_BOOL:
      {
        guint32 id;

        if (G_UNLIKELY (left < 4))
          return cvn_tl_reader_fail_truncated (r, 4, "Bool", error);
        id = load32 (in);
        if (id == CVN_TL_BOOL_TRUE_ID)
          *(gboolean *) p = TRUE;
        else if (id == CVN_TL_BOOL_FALSE_ID)
          *(gboolean *) p = FALSE;
        else
          {
            g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_UNEXPECTED_TYPE,
                         "offset %zu: expected Bool, found 0x%08x", r->base + r->pos, id);
            return FALSE;
          }
        r->pos += 4;
        return TRUE;
      }
    case CVN_TL_KIND_TRUE:
      *(gboolean *) p = TRUE;
      return TRUE;
    case CVN_TL_KIND_OBJECT:
      return (*(CvnTlObject **) p = cvn_tl_reader_get_object (r, ref, error)) != NULL;
    case CVN_TL_KIND_BARE:
      return (*(CvnTlObject **) p = read_bare (r, &cvn_tl_constructors[ref], error)) != NULL;
    case CVN_TL_KIND_VECTOR:
    case CVN_TL_KIND_BARE_VECTOR:
      {
        CvnTlVector *v;
        guint32 count;
        gsize esize = cvn_tl_kind_size (elem);
        gsize min;

        if (kind == CVN_TL_KIND_VECTOR)
          {
            guint32 id;

            if (G_UNLIKELY (left < 4))
              return cvn_tl_reader_fail_truncated (r, 4, "Vector", error);
            id = load32 (in);
            if (G_UNLIKELY (id != CVN_TL_VECTOR_ID))
              {
                g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_UNEXPECTED_TYPE,
                             "offset %zu: expected Vector<%s>, found 0x%08x", r->base + r->pos,
                             kind_name (elem, ref), id);
                return FALSE;
              }
            r->pos += 4;
            left -= 4;
            in += 4;
          }
        if (G_UNLIKELY (left < 4))
          return cvn_tl_reader_fail_truncated (r, 4, "vector length", error);
        count = load32 (in);
        if (G_UNLIKELY (count > CVN_TL_MAX_VECTOR))
          {
            g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_TOO_LONG,
                         "offset %zu: vector of %u %s exceeds the limit of %u", r->base + r->pos,
                         count, kind_name (elem, ref), CVN_TL_MAX_VECTOR);
            return FALSE;
          }
        r->pos += 4;
        left -= 4;
        switch (elem)
          {
          case CVN_TL_KIND_LONG: case CVN_TL_KIND_DOUBLE: min = 8; break;
          case CVN_TL_KIND_INT128: min = 16; break;
          case CVN_TL_KIND_INT256: min = 32; break;
          case CVN_TL_KIND_BARE: min = cvn_tl_constructors[ref].n_fields > 0 ? 4 : 0; break;
          default: min = 4;
          }
        if (G_UNLIKELY ((gsize) count * min > left))
          return cvn_tl_reader_fail_truncated (r, (gsize) count * min, "vector", error);
        v = cvn_tl_arena_alloc (r->arena, sizeof (CvnTlVector) + esize * count);
        v->len = count;
        v->data = (guint8 *) v + sizeof (CvnTlVector);
        *(CvnTlVector **) p = v;
        if (count == 0)
          return TRUE;
        if (G_BYTE_ORDER == G_LITTLE_ENDIAN &&
            (elem == CVN_TL_KIND_INT || elem == CVN_TL_KIND_LONG || elem == CVN_TL_KIND_DOUBLE ||
             elem == CVN_TL_KIND_INT128 || elem == CVN_TL_KIND_INT256))
          {
            memcpy (v->data, r->data + r->pos, esize * count);
            r->pos += esize * count;
            return TRUE;
          }
        if (elem == CVN_TL_KIND_OBJECT)
          {
            for (guint32 i = 0; i < count; i++)
              if ((v->objects[i] = cvn_tl_reader_get_object (r, ref, error)) == NULL)
                return FALSE;
            return TRUE;
          }
        for (guint32 i = 0; i < count; i++)
          if (!cvn_tl_read_value (r, elem, CVN_TL_KIND_NONE, ref, (guint8 *) v->data + i * esize, error))
            return FALSE;
        return TRUE;
      }
    default:
      g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_INVALID_VALUE, "bad kind %u", kind);
      return FALSE;
    }
}

CvnTlObject *
cvn_tl_decode (const guint8 *data,
               gsize         len,
               CvnTlArena   *arena,
               GError      **error)
{
  CvnTlReader r;
  CvnTlObject *object;

  g_return_val_if_fail (arena != NULL, NULL);

  cvn_tl_reader_init (&r, data, len, arena);
  object = cvn_tl_reader_get_object (&r, CVN_TL_ANY, error);
  if (object == NULL || !cvn_tl_reader_expect_end (&r, error))
    return NULL;
  return object;
}

gboolean
cvn_tl_decode_result (const CvnTlObject *call,
                      const guint8      *data,
                      gsize              len,
                      CvnTlArena        *arena,
                      CvnTlValue        *result,
                      GError           **error)
{
  const CvnTlConstructor *m;
  CvnTlReader r;

  g_return_val_if_fail (call != NULL && arena != NULL, FALSE);

  for (guint depth = 0; ; depth++)
    {
      const CvnTlObject *inner = NULL;

      m = call->ctor;
      if (!m->is_method)
        {
          g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_INVALID_VALUE, "%s is not a method", m->name);
          return FALSE;
        }
      if (!m->result_generic)
        break;
      for (guint i = 0; i < m->n_fields; i++)
        if (m->fields[i].kind == CVN_TL_KIND_OBJECT && m->fields[i].ref == CVN_TL_ANY)
          inner = *(CvnTlObject * const *) ((const guint8 *) call + m->fields[i].offset);
      if (inner == NULL || depth > CVN_TL_MAX_DEPTH)
        {
          g_set_error (error, CVN_TL_ERROR, CVN_TL_ERROR_INVALID_VALUE, "%s without query", m->name);
          return FALSE;
        }
      call = inner;
    }

  memset (result, 0, sizeof *result);
  result->kind = m->result_kind;
  result->elem_kind = m->result_elem_kind;
  cvn_tl_reader_init (&r, data, len, arena);
  if (!cvn_tl_read_value (&r, m->result_kind, m->result_elem_kind, m->result_ref, &result->i, error))
    return FALSE;
  return cvn_tl_reader_expect_end (&r, error);
}
