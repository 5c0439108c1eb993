/* cvn-media-private.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-media-private.h"
#include "cvn-media-error.h"

GST_DEBUG_CATEGORY (cvn_media_debug);

gboolean
cvn_media_init_check (GError **error)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_autoptr(GError) local_error = NULL;

      if (!gst_is_initialized () && !gst_init_check (NULL, NULL, &local_error))
        {
          g_critical ("GStreamer cannot be initialized: %s", local_error->message);
          g_once_init_leave (&initialized, 2);
        }
      else
        {
          GST_DEBUG_CATEGORY_INIT (cvn_media_debug, "cvn-media", 0, "Convene call media");
          g_once_init_leave (&initialized, 1);
        }
    }

  if (initialized != 1)
    {
      g_set_error_literal (error, CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_FAILED,
                           "GStreamer cannot be initialized");
      return FALSE;
    }
  return TRUE;
}

GstElement *
cvn_media_make_bin (const char  *explicit_description,
                    const char  *env_var,
                    const char  *fallback,
                    GError     **error)
{
  const char *description = explicit_description;
  g_autoptr(GError) local_error = NULL;
  GstElement *bin;

  if (description == NULL && env_var != NULL)
    {
      description = g_getenv (env_var);
      if (description != NULL && *description == '\0')
        description = NULL;
    }
  if (description == NULL)
    description = fallback;

  GST_DEBUG ("making bin from \"%s\"", description);
  bin = gst_parse_bin_from_description_full (description, TRUE, NULL,
                                             GST_PARSE_FLAG_FATAL_ERRORS, &local_error);
  if (bin == NULL)
    {
      g_set_error (error, CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_MISSING_ELEMENT,
                   "Cannot make \"%s\": %s", description, local_error->message);
      return NULL;
    }
  return bin;
}

GstElement *
cvn_media_make_element (const char  *factory,
                        const char  *name,
                        GError     **error)
{
  GstElement *element = gst_element_factory_make (factory, name);

  if (element == NULL)
    g_set_error (error, CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_MISSING_ELEMENT,
                 "The GStreamer element \"%s\" is missing", factory);
  return element;
}

gboolean
cvn_media_have_element (const char *factory)
{
  g_autoptr(GstElementFactory) f = gst_element_factory_find (factory);

  return f != NULL;
}

GError *
cvn_media_error_from_message (GstMessage *message)
{
  g_autoptr(GError) gst_error = NULL;
  g_autofree char *debug = NULL;
  g_autofree char *source = NULL;

  gst_message_parse_error (message, &gst_error, &debug);
  source = GST_MESSAGE_SRC (message) ? gst_object_get_path_string (GST_MESSAGE_SRC (message))
                                     : g_strdup ("pipeline");
  GST_WARNING ("error from %s: %s (%s)", source, gst_error->message, debug ? debug : "");
  if (gst_error->domain == GST_RESOURCE_ERROR)
    return g_error_new (CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_DEVICE, "%s: %s",
                        source, gst_error->message);
  return g_error_new (CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_PIPELINE, "%s: %s",
                      source, gst_error->message);
}
