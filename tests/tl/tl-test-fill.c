/* tl-test-fill.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "tl-test-fill.h"
#include "cvn-tl-private.h"

#define DEEP 3

/* Number of mandatory nested objects: prefer constructors that terminate. */
static guint
weight (const CvnTlConstructor *ctor)
{
  guint w = 0;

  for (guint i = 0; i < ctor->n_fields; i++)
    if (ctor->fields[i].flag_field < 0 &&
        (ctor->fields[i].kind == CVN_TL_KIND_OBJECT || ctor->fields[i].kind == CVN_TL_KIND_BARE))
      w++;
  return w;
}

static const CvnTlConstructor *
pick_ctor (GRand *rand,
           guint  type,
           guint  depth)
{
  const CvnTlType *t;
  const CvnTlConstructor *best = NULL;

  if (type == CVN_TL_ANY)
    {
      /* Any object: a small fixed set of harmless queries. */
      static const char * const names[] = { "help.getConfig", "phone.getGroupCall", "updates.getState" };
      return cvn_tl_lookup_name (names[g_rand_int_range (rand, 0, depth < DEEP ? 3 : 1)], CVN_TL_SCHEMA_API);
    }
  t = &cvn_tl_types[type];
  if (depth < DEEP)
    return &cvn_tl_constructors[t->ctors[g_rand_int_range (rand, 0, t->n_ctors)]];
  for (guint i = 0; i < t->n_ctors; i++)
    {
      const CvnTlConstructor *c = &cvn_tl_constructors[t->ctors[i]];

      if (best == NULL || weight (c) < weight (best))
        best = c;
    }
  return best;
}

static void fill_value (CvnTlArena *arena, GRand *rand, guint kind, guint elem, guint ref,
                        gpointer p, FillMode mode, guint depth);

static void
fill_bytes (CvnTlArena *arena,
            GRand      *rand,
            CvnTlBytes *b,
            gboolean    text)
{
  /* Mostly short, sometimes long enough for the 254 length prefix. */
  gsize len = g_rand_int_range (rand, 0, 8) == 0 ? (gsize) g_rand_int_range (rand, 250, 600)
                                                 : (gsize) g_rand_int_range (rand, 0, 20);
  guint8 *data = cvn_tl_arena_alloc (arena, len + 1);

  for (gsize i = 0; i < len; i++)
    data[i] = text ? (guint8) g_rand_int_range (rand, 0x20, 0x7f) : (guint8) g_rand_int_range (rand, 0, 256);
  data[len] = 0;
  b->data = data;
  b->len = len;
}

static void
fill_value (CvnTlArena *arena,
            GRand      *rand,
            guint       kind,
            guint       elem,
            guint       ref,
            gpointer    p,
            FillMode    mode,
            guint       depth)
{
  switch (kind)
    {
    case CVN_TL_KIND_INT:
      *(gint32 *) p = (gint32) g_rand_int (rand);
      break;
    case CVN_TL_KIND_LONG:
      *(gint64 *) p = (gint64) (((guint64) g_rand_int (rand) << 32) | g_rand_int (rand));
      break;
    case CVN_TL_KIND_DOUBLE:
      *(gdouble *) p = g_rand_double_range (rand, -1e9, 1e9);
      break;
    case CVN_TL_KIND_INT128:
    case CVN_TL_KIND_INT256:
      for (guint i = 0; i < (kind == CVN_TL_KIND_INT128 ? 16u : 32u); i++)
        ((guint8 *) p)[i] = (guint8) g_rand_int (rand);
      break;
    case CVN_TL_KIND_STRING:
    case CVN_TL_KIND_BYTES:
      fill_bytes (arena, rand, p, kind == CVN_TL_KIND_STRING);
      break;
    case CVN_TL_KIND_BOOL:
      *(gboolean *) p = g_rand_boolean (rand);
      break;
    case CVN_TL_KIND_TRUE:
      *(gboolean *) p = TRUE;
      break;
    case CVN_TL_KIND_OBJECT:
      *(CvnTlObject **) p = tl_test_fill (arena, rand, pick_ctor (rand, ref, depth), mode, depth + 1);
      break;
    case CVN_TL_KIND_BARE:
      *(CvnTlObject **) p = tl_test_fill (arena, rand, &cvn_tl_constructors[ref], mode, depth + 1);
      break;
    case CVN_TL_KIND_VECTOR:
    case CVN_TL_KIND_BARE_VECTOR:
      {
        guint len = depth < DEEP ? (guint) g_rand_int_range (rand, 0, 4) : 0;
        CvnTlVector *v = cvn_tl_vector_new (arena, elem, len);
        gsize esize = cvn_tl_kind_size (elem);

        for (guint i = 0; i < len; i++)
          fill_value (arena, rand, elem, CVN_TL_KIND_NONE, ref, (guint8 *) v->data + i * esize, mode, depth);
        *(CvnTlVector **) p = v;
        break;
      }
    default:
      g_assert_not_reached ();
    }
}

CvnTlObject *
tl_test_fill (CvnTlArena             *arena,
              GRand                  *rand,
              const CvnTlConstructor *ctor,
              FillMode                mode,
              guint                   depth)
{
  CvnTlObject *object = cvn_tl_object_new (arena, ctor);
  guint8 *base = (guint8 *) object;

  guint32 decided[256] = { 0, }, chosen[256] = { 0, };

  g_assert_cmpuint (depth, <, 40);
  for (guint i = 0; i < ctor->n_fields; i++)
    {
      const CvnTlField *f = &ctor->fields[i];
      gboolean present;

      if (f->kind == CVN_TL_KIND_FLAGS)
        continue;
      if (ctor->id == CVN_TL_MT_MESSAGE_ID && g_str_equal (f->name, "bytes"))
        continue;
      if (f->flag_field < 0)
        present = TRUE;
      else if (depth >= DEEP || mode == FILL_ALL_ABSENT)
        present = FALSE;
      else if (mode == FILL_ALL_PRESENT)
        present = TRUE;
      else if (decided[f->flag_field] & (1u << f->flag_bit))
        present = (chosen[f->flag_field] & (1u << f->flag_bit)) != 0;
      else
        present = g_rand_boolean (rand);
      /* Fields sharing a bit are present together. */
      if (f->flag_field >= 0)
        {
          decided[f->flag_field] |= 1u << f->flag_bit;
          if (present)
            chosen[f->flag_field] |= 1u << f->flag_bit;
        }
      if (!present)
        continue;
      fill_value (arena, rand, f->kind, f->elem_kind, f->ref, base + f->offset, mode, depth);
      if (f->flag_field >= 0)
        *(guint32 *) (base + ctor->fields[f->flag_field].offset) |= 1u << f->flag_bit;
    }
  return object;
}
