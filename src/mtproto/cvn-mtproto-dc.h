/* cvn-mtproto-dc.h: data centre addresses, as help.getConfig lists them (dcOption).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client keeps the list of its last config (cvn_mtproto_client_fetch_config_async(),
 * or any help.getConfig it invokes) and looks addresses up by DC id; a server answers
 * help.getConfig itself with the list given to cvn_mtproto_server_set_dc_options().
 */
#pragma once

#include <glib-object.h>

#include "cvn-tl.h"

G_BEGIN_DECLS

/* The flags of dcOption, with the same bits. */
typedef enum
{
  CVN_MTPROTO_DC_IPV6           = 1 << 0,
  CVN_MTPROTO_DC_MEDIA_ONLY     = 1 << 1,
  CVN_MTPROTO_DC_TCPO_ONLY      = 1 << 2,
  CVN_MTPROTO_DC_CDN            = 1 << 3,
  CVN_MTPROTO_DC_STATIC         = 1 << 4,
  CVN_MTPROTO_DC_THIS_PORT_ONLY = 1 << 5,
} CvnMtprotoDcFlags;

typedef struct
{
  gint32             id;
  CvnMtprotoDcFlags  flags;
  char              *ip_address;
  guint16            port;
  GBytes            *secret;     /* NULL if none */
} CvnMtprotoDcOption;

#define CVN_TYPE_MTPROTO_DC_OPTION (cvn_mtproto_dc_option_get_type ())

GType               cvn_mtproto_dc_option_get_type (void) G_GNUC_CONST;
CvnMtprotoDcOption *cvn_mtproto_dc_option_new      (gint32                    id,
                                                    const char               *ip_address,
                                                    guint16                   port,
                                                    CvnMtprotoDcFlags         flags);
CvnMtprotoDcOption *cvn_mtproto_dc_option_copy     (const CvnMtprotoDcOption *option);
void                cvn_mtproto_dc_option_free     (CvnMtprotoDcOption       *option);
/* NULL (and a debug message) for an option out of range: a port above 65535 or no address. */
CvnMtprotoDcOption *cvn_mtproto_dc_option_new_from_tl (const CvnTlApiDcOption *tl);
CvnTlApiDcOption   *cvn_mtproto_dc_option_to_tl    (const CvnMtprotoDcOption *option,
                                                    CvnTlArena               *arena);

/* The address to use for @dc_id among @options (CvnMtprotoDcOption *): CDN and TCPO-only
 * entries are skipped; IPv4 before IPv6; with @media, a media_only entry is preferred, else
 * media_only entries are skipped. NULL if none fits. */
const CvnMtprotoDcOption *cvn_mtproto_dc_options_lookup (GPtrArray *options,
                                                         gint32     dc_id,
                                                         gboolean   media);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnMtprotoDcOption, cvn_mtproto_dc_option_free)

G_END_DECLS
