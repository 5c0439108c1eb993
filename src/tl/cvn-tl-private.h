/* cvn-tl-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "cvn-tl.h"

G_BEGIN_DECLS

#define CVN_TL_MT_MESSAGE_BARE_ID 0x5bb8e511u

gsize    cvn_tl_kind_size               (guint              kind);
gboolean cvn_tl_value_implies_present   (guint              kind,
                                         gconstpointer      p);
guint32  cvn_tl_object_compute_flags    (const CvnTlObject *object,
                                         guint              flags_field);
char    *cvn_tl_field_type_to_string    (const CvnTlField  *field);

/* The decoder: cvn_tl_decoders[i] reads the fields of cvn_tl_constructors[i] into a
 * zeroed object (generated straight-line code, cvn-tl-schema-dec.c). */
typedef gboolean (*CvnTlDecodeFunc) (CvnTlReader *reader,
                                     CvnTlObject *object,
                                     GError     **error);
extern const CvnTlDecodeFunc cvn_tl_decoders[];

gboolean cvn_tl_read_value (CvnTlReader *reader,
                            guint        kind,
                            guint        elem,
                            guint        ref,
                            gpointer     p,
                            GError     **error);
gboolean cvn_tl_reader_fail_truncated (CvnTlReader *reader,
                                       gsize        need,
                                       const char  *what,
                                       GError     **error);
gboolean cvn_tl_reader_fail_bool (CvnTlReader *reader,
                                  GError     **error);

gboolean cvn_tl_rd_u32  (CvnTlReader *r,
                        guint32     *v,
                        GError     **error);
gboolean cvn_tl_rd_u64  (CvnTlReader *r,
                        gpointer     v,
                        GError     **error);
gboolean cvn_tl_rd_raw  (CvnTlReader *r,
                        guint8      *v,
                        gsize        n,
                        GError     **error);
gboolean cvn_tl_rd_bool (CvnTlReader *r,
                        gboolean    *v,
                        GError     **error);

G_END_DECLS
