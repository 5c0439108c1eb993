/* cvn-tl-types.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The data model of the TL layer: value kinds, descriptors of the generated
 * registry, the common object header and the string/bytes/vector values.
 * Include "cvn-tl.h" instead of this file.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Kind of a field value (or of the elements of a vector). */
typedef enum
{
  CVN_TL_KIND_NONE,
  CVN_TL_KIND_INT,          /* gint32 */
  CVN_TL_KIND_LONG,         /* gint64 */
  CVN_TL_KIND_DOUBLE,       /* gdouble */
  CVN_TL_KIND_INT128,       /* guint8[16] */
  CVN_TL_KIND_INT256,       /* guint8[32] */
  CVN_TL_KIND_STRING,       /* CvnTlString */
  CVN_TL_KIND_BYTES,        /* CvnTlBytes */
  CVN_TL_KIND_BOOL,         /* gboolean, boolTrue/boolFalse on the wire */
  CVN_TL_KIND_TRUE,         /* gboolean, a flag bit only */
  CVN_TL_KIND_FLAGS,        /* guint32, a `#` field */
  CVN_TL_KIND_OBJECT,       /* CvnTlObject *, boxed (ref: type index or CVN_TL_ANY) */
  CVN_TL_KIND_BARE,         /* CvnTlObject *, bare (ref: constructor index) */
  CVN_TL_KIND_VECTOR,       /* CvnTlVector *, Vector<elem> */
  CVN_TL_KIND_BARE_VECTOR,  /* CvnTlVector *, vector<elem> */
} CvnTlKind;

/* A type reference meaning "any boxed object" (TL `Object`, generic `!X`). */
#define CVN_TL_ANY 0xffff

typedef struct _CvnTlConstructor CvnTlConstructor;

/* Descriptor of one field of a constructor or method. */
typedef struct
{
  const char *name;       /* TL field name */
  guint16     offset;     /* offset of the value in the generated struct */
  guint8      kind;       /* CvnTlKind */
  guint8      elem_kind;  /* CvnTlKind of the elements for vectors */
  gint8       flag_field; /* index of the `#` field this field depends on, or -1 */
  guint8      flag_bit;
  guint16     ref;        /* OBJECT: type index or CVN_TL_ANY; BARE: constructor index */
} CvnTlField;

/* Descriptor of one constructor or method of a schema. */
struct _CvnTlConstructor
{
  guint32           id;          /* from the schema */
  const char       *name;        /* "groupCall", "phone.joinGroupCall" */
  const char       *type_name;   /* "GroupCall"; for methods the result type text */
  guint16           type;        /* index in cvn_tl_types, CVN_TL_ANY for methods */
  guint8            schema;      /* CVN_TL_SCHEMA_API, ... */
  guint8            is_method;
  guint16           n_fields;
  guint8            result_kind; /* methods: CvnTlKind of the result */
  guint8            result_elem_kind;
  guint16           result_ref;
  guint8            result_generic; /* the result is the result of the `!X` field */
  guint32           size;        /* sizeof the generated struct */
  const CvnTlField *fields;
};

/* A boxed type and its constructors. */
typedef struct
{
  const char    *name;
  guint8         schema;
  guint16        n_ctors;
  const guint16 *ctors;  /* indexes in cvn_tl_constructors */
} CvnTlType;

/* Every decoded or built object starts with this header; cast to the generated
 * struct (CvnTlApiGroupCall, ...) after checking ctor->id. */
typedef struct
{
  const CvnTlConstructor *ctor;
} CvnTlObject;

/* TL `string`: arbitrary bytes, by convention UTF-8; always NUL-terminated in
 * decoded objects (data[len] == 0).  str == NULL means "absent" for optional fields. */
typedef struct
{
  const char *str;
  gsize       len;
} CvnTlString;

/* TL `bytes`.  data == NULL means "absent" for optional fields. */
typedef struct
{
  const guint8 *data;
  gsize         len;
} CvnTlBytes;

/* A vector; the member to use depends on the element kind. */
typedef struct
{
  guint len;
  union {
    gpointer      data;
    gint32       *ints;
    gint64       *longs;
    gdouble      *doubles;
    gboolean     *bools;
    CvnTlString  *strings;
    CvnTlBytes   *bytes;
    CvnTlObject **objects;
    guint8      (*int128s)[16];
    guint8      (*int256s)[32];
  };
} CvnTlVector;

/* Result of a method (cvn_tl_decode_result()). */
typedef struct
{
  guint8 kind;       /* CvnTlKind */
  guint8 elem_kind;
  union {
    gint32       i;
    gint64       l;
    gdouble      d;
    gboolean     b;
    CvnTlString  s;
    CvnTlBytes   bytes;
    CvnTlObject *object;
    CvnTlVector *vector;
  };
} CvnTlValue;

extern const CvnTlType cvn_tl_types[];
extern const guint cvn_tl_n_types;
extern const char * const cvn_tl_schema_names[];
typedef struct
{
  guint32 id;
  guint32 index;  /* in cvn_tl_constructors, CVN_TL_ANY for an empty slot */
} CvnTlIdSlot;

extern const CvnTlIdSlot cvn_tl_id_table[];
extern const guint cvn_tl_id_table_shift;
extern const guint cvn_tl_id_table_mask;
extern const guint cvn_tl_id_table_max_probe;

G_END_DECLS
