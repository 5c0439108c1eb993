/* cvn-tl.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The TL layer: Telegram's Type Language, generated from the schemas in tl/.
 *
 * Objects.  Every constructor and method of every schema has a generated struct
 * (cvn-tl-schema.h, in the build directory): CvnTlApiGroupCall for `groupCall`,
 * CvnTlApiPhoneJoinGroupCall for `phone.joinGroupCall`, CvnTlMtMsgContainer for
 * MTProto's `msg_container`.  Each starts with a CvnTlObject whose `ctor` points
 * to the constructor's descriptor; check `obj->ctor->id == CVN_TL_API_GROUP_CALL_ID`
 * then cast.  Boxed fields are `CvnTlObject *` (polymorphic), vectors
 * `CvnTlVector *`, strings CvnTlString, bytes CvnTlBytes, `int128`/`int256` byte
 * arrays, `Bool` and `true` gboolean, `#` fields guint32.
 *
 * Optional fields (flags.N?T).  A field is present when its bit is set in its
 * `#` field OR it carries a value of its own: a `true` field that is TRUE, a
 * non-NULL object/vector pointer, a non-NULL string/bytes.  Scalar optional fields
 * (int, long, double, int128/256, Bool) are present only through the bit: set
 * `flags |= CVN_TL_API_GROUP_CALL_SCHEDULE_DATE_FLAG`.  The encoder writes the
 * union of both, so building an object means: zero it, set ctor, set fields.
 * Decoding sets both the bits (the raw word) and the values.
 *
 * Memory.  Decoded objects of one message live in one CvnTlArena (a bump
 * allocator): no per-field malloc, everything freed at once with the arena.
 * Strings and bytes are copied into the arena, so objects do not reference the
 * input buffer.  Build objects to encode with cvn_tl_object_new (arena, ctor).
 *
 * Decoding is strict: every length is checked against what remains, nesting depth
 * is limited to CVN_TL_MAX_DEPTH and vector lengths to CVN_TL_MAX_VECTOR; unknown
 * constructor ids, constructors of the wrong type, truncation and trailing bytes
 * are GErrors in CVN_TL_ERROR naming the offset, the expected type and the id.
 *
 * The registry (cvn_tl_constructors[], cvn_tl_lookup_id(), cvn_tl_lookup_name())
 * describes every field; the encoder, the decoder, equality, the JSON form and the
 * `convene-tl` tool are table driven from it.  Lookup by id is O(1) (an
 * open-addressing hash table generated at build time).
 *
 * MTProto specials: `message` (inside `msg_container`) has its `bytes` field
 * computed by the encoder and its body decoded from exactly that many bytes;
 * `gzip_packed` is an ordinary object holding the packed bytes (the JSON form shows
 * the unpacked object, see cvn-tl-json.h).
 */
#pragma once

#include <glib.h>

#include "cvn-tl-error.h"
#include "cvn-tl-types.h"
#include "cvn-tl-schema.h"

G_BEGIN_DECLS

#define CVN_TL_MAX_DEPTH 64
#define CVN_TL_MAX_VECTOR (1u << 20)
#define CVN_TL_VECTOR_ID 0x1cb5c415u
#define CVN_TL_BOOL_TRUE_ID 0x997275b5u
#define CVN_TL_BOOL_FALSE_ID 0xbc799737u

/* --- registry ------------------------------------------------------------ */

const CvnTlConstructor *cvn_tl_lookup_id   (guint32     id);
const CvnTlConstructor *cvn_tl_lookup_name (const char *name,
                                            int         schema);
const CvnTlType        *cvn_tl_constructor_get_type (const CvnTlConstructor *ctor);
int                     cvn_tl_schema_from_name (const char *name);
char                   *cvn_tl_constructor_to_string (const CvnTlConstructor *ctor);

/* --- arena --------------------------------------------------------------- */

typedef struct _CvnTlArena CvnTlArena;

CvnTlArena *cvn_tl_arena_new   (void);
void        cvn_tl_arena_free  (CvnTlArena *arena);
void        cvn_tl_arena_reset (CvnTlArena *arena);
gpointer    cvn_tl_arena_alloc (CvnTlArena *arena,
                                gsize       size);
gpointer    cvn_tl_arena_memdup (CvnTlArena   *arena,
                                 gconstpointer data,
                                 gsize         size);
gsize       cvn_tl_arena_get_used (CvnTlArena *arena);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnTlArena, cvn_tl_arena_free)

CvnTlObject *cvn_tl_object_new    (CvnTlArena             *arena,
                                   const CvnTlConstructor *ctor);
CvnTlVector *cvn_tl_vector_new    (CvnTlArena *arena,
                                   CvnTlKind   elem_kind,
                                   guint       len);
void         cvn_tl_string_set    (CvnTlArena  *arena,
                                   CvnTlString *string,
                                   const char  *str);
gboolean     cvn_tl_object_field_present (const CvnTlObject *object,
                                          guint              field);
gboolean     cvn_tl_object_equal  (const CvnTlObject *a,
                                   const CvnTlObject *b);

/* --- writer -------------------------------------------------------------- */

typedef struct
{
  guint8 *data;
  gsize   len;
  gsize   alloc;
} CvnTlWriter;

void     cvn_tl_writer_init       (CvnTlWriter   *writer);
void     cvn_tl_writer_clear      (CvnTlWriter   *writer);
GBytes  *cvn_tl_writer_free_to_bytes (CvnTlWriter *writer);
void     cvn_tl_writer_put_int    (CvnTlWriter   *writer,
                                   gint32         value);
void     cvn_tl_writer_put_long   (CvnTlWriter   *writer,
                                   gint64         value);
void     cvn_tl_writer_put_double (CvnTlWriter   *writer,
                                   gdouble        value);
void     cvn_tl_writer_put_raw    (CvnTlWriter   *writer,
                                   gconstpointer  data,
                                   gsize          len);
void     cvn_tl_writer_put_bytes  (CvnTlWriter   *writer,
                                   gconstpointer  data,
                                   gsize          len);
gboolean cvn_tl_writer_put_object (CvnTlWriter       *writer,
                                   const CvnTlObject *object,
                                   GError           **error);
gboolean cvn_tl_writer_put_bare   (CvnTlWriter       *writer,
                                   const CvnTlObject *object,
                                   GError           **error);

GBytes  *cvn_tl_encode            (const CvnTlObject *object,
                                   GError           **error);

/* --- reader -------------------------------------------------------------- */

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
  gsize         base;   /* offset of data in the outermost buffer, for errors */
  CvnTlArena   *arena;
  guint         depth;
} CvnTlReader;

void     cvn_tl_reader_init     (CvnTlReader  *reader,
                                 const guint8 *data,
                                 gsize         len,
                                 CvnTlArena   *arena);
gboolean cvn_tl_reader_get_int  (CvnTlReader  *reader,
                                 gint32       *value,
                                 GError      **error);
gboolean cvn_tl_reader_get_long (CvnTlReader  *reader,
                                 gint64       *value,
                                 GError      **error);
gboolean cvn_tl_reader_get_bytes (CvnTlReader  *reader,
                                  CvnTlBytes   *value,
                                  GError      **error);
gboolean cvn_tl_reader_get_raw  (CvnTlReader   *reader,
                                 gsize          len,
                                 const guint8 **value,
                                 GError       **error);
gboolean cvn_tl_reader_expect_end (CvnTlReader *reader,
                                   GError     **error);
/* Reads a boxed object whose constructor belongs to `type` (a type index, or
 * CVN_TL_ANY for any constructor or method). */
CvnTlObject *cvn_tl_reader_get_object (CvnTlReader *reader,
                                       guint        type,
                                       GError     **error);
CvnTlObject *cvn_tl_reader_get_bare   (CvnTlReader            *reader,
                                       const CvnTlConstructor *ctor,
                                       GError                **error);

/* Decodes one boxed object that must span all of data. */
CvnTlObject *cvn_tl_decode (const guint8 *data,
                            gsize         len,
                            CvnTlArena   *arena,
                            GError      **error);
/* Decodes the result of `call` (a method object; generic wrappers like
 * invokeWithLayer are followed to the inner query); the result must span data. */
gboolean     cvn_tl_decode_result (const CvnTlObject *call,
                                   const guint8      *data,
                                   gsize              len,
                                   CvnTlArena        *arena,
                                   CvnTlValue        *result,
                                   GError           **error);

G_END_DECLS
