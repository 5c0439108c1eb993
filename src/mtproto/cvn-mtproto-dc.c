/* cvn-mtproto-dc.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-dc.h"

G_DEFINE_BOXED_TYPE (CvnMtprotoDcOption, cvn_mtproto_dc_option, cvn_mtproto_dc_option_copy,
                     cvn_mtproto_dc_option_free)

#define KNOWN_FLAGS (CVN_MTPROTO_DC_IPV6 | CVN_MTPROTO_DC_MEDIA_ONLY | CVN_MTPROTO_DC_TCPO_ONLY | \
                     CVN_MTPROTO_DC_CDN | CVN_MTPROTO_DC_STATIC | CVN_MTPROTO_DC_THIS_PORT_ONLY)

CvnMtprotoDcOption *
cvn_mtproto_dc_option_new (gint32             id,
                           const char        *ip_address,
                           guint16            port,
                           CvnMtprotoDcFlags  flags)
{
  CvnMtprotoDcOption *option;

  g_return_val_if_fail (ip_address != NULL, NULL);

  option = g_new0 (CvnMtprotoDcOption, 1);
  option->id = id;
  option->ip_address = g_strdup (ip_address);
  option->port = port;
  option->flags = flags & KNOWN_FLAGS;
  return option;
}

CvnMtprotoDcOption *
cvn_mtproto_dc_option_copy (const CvnMtprotoDcOption *option)
{
  CvnMtprotoDcOption *copy = cvn_mtproto_dc_option_new (option->id, option->ip_address,
                                                        option->port, option->flags);

  copy->secret = option->secret != NULL ? g_bytes_ref (option->secret) : NULL;
  return copy;
}

void
cvn_mtproto_dc_option_free (CvnMtprotoDcOption *option)
{
  if (option == NULL)
    return;
  g_free (option->ip_address);
  g_clear_pointer (&option->secret, g_bytes_unref);
  g_free (option);
}

CvnMtprotoDcOption *
cvn_mtproto_dc_option_new_from_tl (const CvnTlApiDcOption *tl)
{
  CvnMtprotoDcOption *option;
  CvnMtprotoDcFlags flags = 0;

  if (tl->ip_address.str == NULL || tl->ip_address.len == 0 || tl->port <= 0 || tl->port > 65535)
    {
      g_debug ("DC table: skipped an option of DC %d (address or port out of range)", tl->id);
      return NULL;
    }
  if (tl->ipv6)
    flags |= CVN_MTPROTO_DC_IPV6;
  if (tl->media_only)
    flags |= CVN_MTPROTO_DC_MEDIA_ONLY;
  if (tl->tcpo_only)
    flags |= CVN_MTPROTO_DC_TCPO_ONLY;
  if (tl->cdn)
    flags |= CVN_MTPROTO_DC_CDN;
  if (tl->static_)
    flags |= CVN_MTPROTO_DC_STATIC;
  if (tl->this_port_only)
    flags |= CVN_MTPROTO_DC_THIS_PORT_ONLY;
  option = cvn_mtproto_dc_option_new (tl->id, tl->ip_address.str, (guint16) tl->port, flags);
  if (tl->secret.data != NULL)
    option->secret = g_bytes_new (tl->secret.data, tl->secret.len);
  return option;
}

CvnTlApiDcOption *
cvn_mtproto_dc_option_to_tl (const CvnMtprotoDcOption *option,
                             CvnTlArena               *arena)
{
  CvnTlApiDcOption *tl = (CvnTlApiDcOption *) cvn_tl_object_new (arena, CVN_TL_API_DC_OPTION_CTOR);

  tl->id = option->id;
  tl->ipv6 = (option->flags & CVN_MTPROTO_DC_IPV6) != 0;
  tl->media_only = (option->flags & CVN_MTPROTO_DC_MEDIA_ONLY) != 0;
  tl->tcpo_only = (option->flags & CVN_MTPROTO_DC_TCPO_ONLY) != 0;
  tl->cdn = (option->flags & CVN_MTPROTO_DC_CDN) != 0;
  tl->static_ = (option->flags & CVN_MTPROTO_DC_STATIC) != 0;
  tl->this_port_only = (option->flags & CVN_MTPROTO_DC_THIS_PORT_ONLY) != 0;
  cvn_tl_string_set (arena, &tl->ip_address, option->ip_address);
  tl->port = option->port;
  if (option->secret != NULL)
    {
      gsize len;
      gconstpointer data = g_bytes_get_data (option->secret, &len);

      tl->secret.data = cvn_tl_arena_memdup (arena, data != NULL ? data : "", len);
      tl->secret.len = len;
      tl->flags |= CVN_TL_API_DC_OPTION_SECRET_FLAG;
    }
  return tl;
}

static int
score (const CvnMtprotoDcOption *option,
       gboolean                  media)
{
  int s = 0;

  if ((option->flags & CVN_MTPROTO_DC_IPV6) == 0)
    s += 2;
  if (media && (option->flags & CVN_MTPROTO_DC_MEDIA_ONLY) != 0)
    s += 4;
  return s;
}

const CvnMtprotoDcOption *
cvn_mtproto_dc_options_lookup (GPtrArray *options,
                               gint32     dc_id,
                               gboolean   media)
{
  const CvnMtprotoDcOption *best = NULL;

  if (options == NULL)
    return NULL;
  for (guint i = 0; i < options->len; i++)
    {
      const CvnMtprotoDcOption *option = options->pdata[i];

      if (option->id != dc_id || (option->flags & (CVN_MTPROTO_DC_CDN | CVN_MTPROTO_DC_TCPO_ONLY)) != 0)
        continue;
      if (!media && (option->flags & CVN_MTPROTO_DC_MEDIA_ONLY) != 0)
        continue;
      if (best == NULL || score (option, media) > score (best, media))
        best = option;
    }
  return best;
}
