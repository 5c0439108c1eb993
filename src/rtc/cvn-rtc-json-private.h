/* cvn-rtc-json-private.h: tolerant, bounds-checked readers for the JSON of the join
 * payload and the SFU's answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Real answers carry numbers as strings ("port": "32001") or as numbers, depending on the
 * field and the server version; these readers accept both and check the range. Every
 * failure names the member.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The largest JSON document the rtc layer parses, and the deepest nesting. */
#define CVN_RTC_JSON_MAX_SIZE  (256 * 1024)
#define CVN_RTC_JSON_MAX_DEPTH 16

/* Parses @data as a JSON object (after checking size and nesting without recursion). */
JsonNode   *cvn_rtc_json_parse_object  (const char  *data,
                                        gssize       len,
                                        int          code,
                                        const char  *what,
                                        GError     **error);

/* A string member. @required FALSE: a missing member gives @fallback (may be NULL). */
gboolean    cvn_rtc_json_get_string    (JsonObject  *object,
                                        const char  *member,
                                        gboolean     required,
                                        const char  *fallback,
                                        char       **out,
                                        int          code,
                                        GError     **error);

/* An integer member given as a JSON number or a decimal string, within [@min, @max].
 * @required FALSE: a missing member gives @fallback. */
gboolean    cvn_rtc_json_get_int       (JsonObject  *object,
                                        const char  *member,
                                        gboolean     required,
                                        gint64       fallback,
                                        gint64       min,
                                        gint64       max,
                                        gint64      *out,
                                        int          code,
                                        GError     **error);

/* An integer node (number or decimal string) within [@min, @max]. */
gboolean    cvn_rtc_json_node_get_int  (JsonNode    *node,
                                        gint64       min,
                                        gint64       max,
                                        gint64      *out);

/* An array member; NULL with @error when present and not an array, NULL without error when
 * missing and not @required. */
JsonArray  *cvn_rtc_json_get_array     (JsonObject  *object,
                                        const char  *member,
                                        gboolean     required,
                                        int          code,
                                        GError     **error);

/* An object member, same rules as cvn_rtc_json_get_array(). */
JsonObject *cvn_rtc_json_get_object    (JsonObject  *object,
                                        const char  *member,
                                        gboolean     required,
                                        int          code,
                                        GError     **error);

/* A scalar node as text: strings as they are, integers in decimal, doubles with %.17g,
 * booleans as "true"/"false"; NULL for anything else. */
char       *cvn_rtc_json_scalar_text   (JsonNode    *node);

/* SSRCs travel as signed 32-bit numbers; unsigned values are accepted too. */
gboolean    cvn_rtc_json_node_get_ssrc (JsonNode    *node,
                                        guint32     *out);

G_END_DECLS
