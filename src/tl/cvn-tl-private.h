/* cvn-tl-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-tl.h"

G_BEGIN_DECLS

#define CVN_TL_MT_MESSAGE_BARE_ID 0x5bb8e511u

gsize    cvn_tl_kind_size               (guint              kind);
gboolean cvn_tl_value_implies_present   (guint              kind,
                                         gconstpointer      p);
guint32  cvn_tl_object_compute_flags    (const CvnTlObject *object,
                                         guint              flags_field);
char    *cvn_tl_field_type_to_string    (const CvnTlField  *field);

G_END_DECLS
