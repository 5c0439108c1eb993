/* cvn-media-private.h: helpers shared by the files of src/media.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gst/gst.h>

G_BEGIN_DECLS

/* GST_DEBUG=cvn-media:6 shows what the media objects do with their pipelines. */
GST_DEBUG_CATEGORY_EXTERN (cvn_media_debug);
#define GST_CAT_DEFAULT cvn_media_debug

/* Initializes GStreamer (once) and the debug category. */
gboolean    cvn_media_init_check      (GError     **error);

/* Makes a bin from a gst-launch style @description (one element or a chain), with ghost
 * pads for its unlinked pads. The description is @explicit_description if non-NULL, else
 * the environment variable @env_var if set and non-empty, else @fallback. */
GstElement *cvn_media_make_bin        (const char  *explicit_description,
                                       const char  *env_var,
                                       const char  *fallback,
                                       GError     **error);

/* gst_element_factory_make() with a CVN_MEDIA_ERROR_MISSING_ELEMENT error. */
GstElement *cvn_media_make_element    (const char  *factory,
                                       const char  *name,
                                       GError     **error);

/* TRUE if the element factory exists (plugins installed). */
gboolean    cvn_media_have_element    (const char  *factory);

/* Turns a GST_MESSAGE_ERROR into a CVN_MEDIA_ERROR_PIPELINE error naming its source. */
GError     *cvn_media_error_from_message (GstMessage *message);

G_END_DECLS
