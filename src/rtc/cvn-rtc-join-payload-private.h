/* cvn-rtc-join-payload-private.h: JSON pieces shared by the join payload and the answer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "cvn-rtc-join-payload.h"

G_BEGIN_DECLS

void       cvn_rtc_json_add_fingerprints   (JsonBuilder  *builder,
                                            GPtrArray    *fingerprints);
char      *cvn_rtc_json_builder_to_string  (JsonBuilder  *builder);
/* A new array of CvnRtcFingerprint, or NULL with @error (domain CVN_RTC_ERROR, @code). */
GPtrArray *cvn_rtc_json_parse_fingerprints (JsonArray    *array,
                                            int           code,
                                            GError      **error);
gboolean   cvn_rtc_ice_string_valid        (const char   *text,
                                            gsize         min_len);

G_END_DECLS
