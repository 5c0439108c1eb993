/* cvn-tl-json.h: the JSON form of TL objects (debug logs, convene-tl).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * {"_": "groupCall", "field": value, ...} with TL field names; `long` as a decimal
 * string; `int`/`double` as numbers; `bytes`, `int128`, `int256` (and strings that
 * are not UTF-8) as {"$hex": "..."}; `true` flags as true (only when set); `#`
 * fields never written (they follow from the present fields); vectors as arrays;
 * `Bool` as true/false.  Bare objects (the messages of msg_container) carry no
 * "_"; `message` omits its computed `bytes`; `gzip_packed` shows the unpacked
 * object as {"_":"gzip_packed","object":{...}}.
 */
#pragma once

#include "cvn-tl.h"

G_BEGIN_DECLS

char        *cvn_tl_object_to_json   (const CvnTlObject *object);
char        *cvn_tl_value_to_json    (const CvnTlValue  *value,
                                      guint              ref);
CvnTlObject *cvn_tl_object_from_json (const char        *json,
                                      gssize             len,
                                      int                schema,
                                      CvnTlArena        *arena,
                                      GError           **error);

/* gzip_packed helpers (GZlib, gzip format as MTProto uses). */
GBytes      *cvn_tl_gunzip           (const guint8      *data,
                                      gsize              len,
                                      gsize              max_len,
                                      GError           **error);
GBytes      *cvn_tl_gzip             (const guint8      *data,
                                      gsize              len);

G_END_DECLS
