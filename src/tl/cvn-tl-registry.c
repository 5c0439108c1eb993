/* cvn-tl-registry.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cvn-tl.h"
#include "cvn-tl-private.h"

const CvnTlConstructor *
cvn_tl_lookup_id (guint32 id)
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

/* schema < 0: any schema, the first one listed wins. */
const CvnTlConstructor *
cvn_tl_lookup_name (const char *name,
                    int         schema)
{
  static GHashTable *by_name[CVN_TL_N_SCHEMAS + 1];
  static gsize initialized = 0;
  guint slot;

  g_return_val_if_fail (name != NULL, NULL);

  if (g_once_init_enter (&initialized))
    {
      for (guint s = 0; s <= CVN_TL_N_SCHEMAS; s++)
        by_name[s] = g_hash_table_new (g_str_hash, g_str_equal);
      for (guint i = 0; i < CVN_TL_N_CONSTRUCTORS; i++)
        {
          const CvnTlConstructor *c = &cvn_tl_constructors[i];

          if (!g_hash_table_contains (by_name[c->schema], c->name))
            g_hash_table_insert (by_name[c->schema], (gpointer) c->name, (gpointer) c);
          if (!g_hash_table_contains (by_name[CVN_TL_N_SCHEMAS], c->name))
            g_hash_table_insert (by_name[CVN_TL_N_SCHEMAS], (gpointer) c->name, (gpointer) c);
        }
      g_once_init_leave (&initialized, 1);
    }

  slot = (schema < 0 || schema >= CVN_TL_N_SCHEMAS) ? CVN_TL_N_SCHEMAS : (guint) schema;
  return g_hash_table_lookup (by_name[slot], name);
}

const CvnTlType *
cvn_tl_constructor_get_type (const CvnTlConstructor *ctor)
{
  if (ctor->type == CVN_TL_ANY)
    return NULL;
  return &cvn_tl_types[ctor->type];
}

int
cvn_tl_schema_from_name (const char *name)
{
  for (int i = 0; cvn_tl_schema_names[i] != NULL; i++)
    if (g_str_equal (cvn_tl_schema_names[i], name))
      return i;
  /* Accept the long name of the MTProto schema too. */
  if (g_str_equal (name, "mtproto"))
    return cvn_tl_schema_from_name ("mt");
  return -1;
}

static void
append_kind (GString *s,
             guint    kind,
             guint    elem,
             guint    ref,
             gboolean bare_vector)
{
  switch (kind)
    {
    case CVN_TL_KIND_INT: g_string_append (s, "int"); break;
    case CVN_TL_KIND_LONG: g_string_append (s, "long"); break;
    case CVN_TL_KIND_DOUBLE: g_string_append (s, "double"); break;
    case CVN_TL_KIND_INT128: g_string_append (s, "int128"); break;
    case CVN_TL_KIND_INT256: g_string_append (s, "int256"); break;
    case CVN_TL_KIND_STRING: g_string_append (s, "string"); break;
    case CVN_TL_KIND_BYTES: g_string_append (s, "bytes"); break;
    case CVN_TL_KIND_BOOL: g_string_append (s, "Bool"); break;
    case CVN_TL_KIND_TRUE: g_string_append (s, "true"); break;
    case CVN_TL_KIND_FLAGS: g_string_append (s, "#"); break;
    case CVN_TL_KIND_OBJECT:
      g_string_append (s, ref == CVN_TL_ANY ? "Object" : cvn_tl_types[ref].name);
      break;
    case CVN_TL_KIND_BARE:
      g_string_append (s, cvn_tl_constructors[ref].name);
      break;
    case CVN_TL_KIND_VECTOR:
    case CVN_TL_KIND_BARE_VECTOR:
      g_string_append (s, kind == CVN_TL_KIND_VECTOR ? "Vector<" : "vector<");
      append_kind (s, elem, CVN_TL_KIND_NONE, ref, FALSE);
      g_string_append_c (s, '>');
      break;
    default:
      g_string_append (s, "?");
    }
}

char *
cvn_tl_field_type_to_string (const CvnTlField *field)
{
  GString *s = g_string_new (NULL);

  append_kind (s, field->kind, field->elem_kind, field->ref, FALSE);
  return g_string_free (s, FALSE);
}

/* The definition in TL syntax, e.g. "inputGroupCall#d8aa840f id:long access_hash:long = InputGroupCall;" */
char *
cvn_tl_constructor_to_string (const CvnTlConstructor *ctor)
{
  GString *s = g_string_new (NULL);

  g_string_append_printf (s, "%s#%08x", ctor->name, ctor->id);
  for (guint i = 0; i < ctor->n_fields; i++)
    {
      const CvnTlField *f = &ctor->fields[i];

      g_string_append_printf (s, " %s:", f->name);
      if (f->flag_field >= 0)
        g_string_append_printf (s, "%s.%u?", ctor->fields[f->flag_field].name, f->flag_bit);
      append_kind (s, f->kind, f->elem_kind, f->ref, FALSE);
    }
  g_string_append_printf (s, " = %s;", ctor->type_name);
  return g_string_free (s, FALSE);
}

CvnTlObject *
cvn_tl_object_new (CvnTlArena             *arena,
                   const CvnTlConstructor *ctor)
{
  CvnTlObject *object = cvn_tl_arena_alloc (arena, ctor->size);

  memset (object, 0, ctor->size);
  object->ctor = ctor;
  return object;
}

gsize
cvn_tl_kind_size (guint kind)
{
  switch (kind)
    {
    case CVN_TL_KIND_INT: return sizeof (gint32);
    case CVN_TL_KIND_LONG: return sizeof (gint64);
    case CVN_TL_KIND_DOUBLE: return sizeof (gdouble);
    case CVN_TL_KIND_INT128: return 16;
    case CVN_TL_KIND_INT256: return 32;
    case CVN_TL_KIND_STRING: return sizeof (CvnTlString);
    case CVN_TL_KIND_BYTES: return sizeof (CvnTlBytes);
    case CVN_TL_KIND_BOOL:
    case CVN_TL_KIND_TRUE: return sizeof (gboolean);
    case CVN_TL_KIND_FLAGS: return sizeof (guint32);
    case CVN_TL_KIND_OBJECT:
    case CVN_TL_KIND_BARE: return sizeof (CvnTlObject *);
    case CVN_TL_KIND_VECTOR:
    case CVN_TL_KIND_BARE_VECTOR: return sizeof (CvnTlVector *);
    default: return 0;
    }
}

CvnTlVector *
cvn_tl_vector_new (CvnTlArena *arena,
                   CvnTlKind   elem_kind,
                   guint       len)
{
  CvnTlVector *vector = cvn_tl_arena_alloc (arena, sizeof (CvnTlVector));
  gsize size = cvn_tl_kind_size (elem_kind) * (gsize) len;

  vector->len = len;
  vector->data = cvn_tl_arena_alloc (arena, MAX (size, 1));
  memset (vector->data, 0, size);
  return vector;
}

void
cvn_tl_string_set (CvnTlArena  *arena,
                   CvnTlString *string,
                   const char  *str)
{
  gsize len = strlen (str);

  string->str = cvn_tl_arena_memdup (arena, str, len);
  string->len = len;
}

/* Whether an own value makes an optional field present (see cvn-tl.h). */
gboolean
cvn_tl_value_implies_present (guint         kind,
                              gconstpointer p)
{
  switch (kind)
    {
    case CVN_TL_KIND_TRUE:
      return *(const gboolean *) p;
    case CVN_TL_KIND_STRING:
      return ((const CvnTlString *) p)->str != NULL;
    case CVN_TL_KIND_BYTES:
      return ((const CvnTlBytes *) p)->data != NULL;
    case CVN_TL_KIND_OBJECT:
    case CVN_TL_KIND_BARE:
      return *(CvnTlObject * const *) p != NULL;
    case CVN_TL_KIND_VECTOR:
    case CVN_TL_KIND_BARE_VECTOR:
      return *(CvnTlVector * const *) p != NULL;
    default:
      return FALSE;
    }
}

/* The value of the `#` field at index `flags_field`, as the encoder writes it. */
guint32
cvn_tl_object_compute_flags (const CvnTlObject *object,
                             guint              flags_field)
{
  const CvnTlConstructor *ctor = object->ctor;
  const guint8 *base = (const guint8 *) object;
  guint32 flags = *(const guint32 *) (base + ctor->fields[flags_field].offset);

  for (guint i = flags_field + 1; i < ctor->n_fields; i++)
    {
      const CvnTlField *f = &ctor->fields[i];

      if (f->flag_field == (gint8) flags_field &&
          cvn_tl_value_implies_present (f->kind, base + f->offset))
        flags |= 1u << f->flag_bit;
    }
  return flags;
}

gboolean
cvn_tl_object_field_present (const CvnTlObject *object,
                             guint              field)
{
  const CvnTlField *f;

  g_return_val_if_fail (field < object->ctor->n_fields, FALSE);
  f = &object->ctor->fields[field];
  if (f->flag_field < 0)
    return TRUE;
  return (cvn_tl_object_compute_flags (object, f->flag_field) & (1u << f->flag_bit)) != 0;
}

static gboolean
value_equal (guint         kind,
             guint         elem,
             gconstpointer a,
             gconstpointer b)
{
  switch (kind)
    {
    case CVN_TL_KIND_INT:
    case CVN_TL_KIND_FLAGS:
      return *(const gint32 *) a == *(const gint32 *) b;
    case CVN_TL_KIND_LONG:
      return *(const gint64 *) a == *(const gint64 *) b;
    case CVN_TL_KIND_DOUBLE:
      return memcmp (a, b, sizeof (gdouble)) == 0;
    case CVN_TL_KIND_INT128:
      return memcmp (a, b, 16) == 0;
    case CVN_TL_KIND_INT256:
      return memcmp (a, b, 32) == 0;
    case CVN_TL_KIND_STRING:
    case CVN_TL_KIND_BYTES:
      {
        const CvnTlBytes *x = a, *y = b;

        return x->len == y->len && (x->len == 0 || memcmp (x->data, y->data, x->len) == 0);
      }
    case CVN_TL_KIND_BOOL:
    case CVN_TL_KIND_TRUE:
      return !*(const gboolean *) a == !*(const gboolean *) b;
    case CVN_TL_KIND_OBJECT:
    case CVN_TL_KIND_BARE:
      return cvn_tl_object_equal (*(CvnTlObject * const *) a, *(CvnTlObject * const *) b);
    case CVN_TL_KIND_VECTOR:
    case CVN_TL_KIND_BARE_VECTOR:
      {
        const CvnTlVector *x = *(CvnTlVector * const *) a, *y = *(CvnTlVector * const *) b;
        gsize esize = cvn_tl_kind_size (elem);

        if (x == NULL || y == NULL)
          return (x == NULL || x->len == 0) && (y == NULL || y->len == 0);
        if (x->len != y->len)
          return FALSE;
        for (guint i = 0; i < x->len; i++)
          if (!value_equal (elem, CVN_TL_KIND_NONE,
                            (const guint8 *) x->data + i * esize,
                            (const guint8 *) y->data + i * esize))
            return FALSE;
        return TRUE;
      }
    default:
      return FALSE;
    }
}

/* Structural equality: same constructors, same present fields, same values.
 * Flag words compare as the encoder would write them. */
gboolean
cvn_tl_object_equal (const CvnTlObject *a,
                     const CvnTlObject *b)
{
  const CvnTlConstructor *ctor;

  if (a == NULL || b == NULL)
    return a == b;
  if (a->ctor != b->ctor)
    return FALSE;
  ctor = a->ctor;
  for (guint i = 0; i < ctor->n_fields; i++)
    {
      const CvnTlField *f = &ctor->fields[i];
      gboolean pa, pb;

      if (f->kind == CVN_TL_KIND_FLAGS)
        {
          if (cvn_tl_object_compute_flags (a, i) != cvn_tl_object_compute_flags (b, i))
            return FALSE;
          continue;
        }
      pa = cvn_tl_object_field_present (a, i);
      pb = cvn_tl_object_field_present (b, i);
      if (pa != pb)
        return FALSE;
      if (!pa || f->kind == CVN_TL_KIND_TRUE)
        continue;
      /* message.bytes is derived from the body by the encoder. */
      if (ctor->id == CVN_TL_MT_MESSAGE_ID && g_str_equal (f->name, "bytes"))
        continue;
      if (!value_equal (f->kind, f->elem_kind,
                        (const guint8 *) a + f->offset, (const guint8 *) b + f->offset))
        return FALSE;
    }
  return TRUE;
}
