/* cvn-mtproto-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-error.h"

#include <string.h>

G_DEFINE_QUARK (cvn-mtproto-error-quark, cvn_mtproto_error)

typedef struct
{
  char   *message;
  gint32  code;
  guint   wait_seconds;
  gint32  migrate_dc;
} CvnMtprotoRpcErrorPrivate;

static void
cvn_mtproto_rpc_error_private_init (CvnMtprotoRpcErrorPrivate *priv)
{
}

static void
cvn_mtproto_rpc_error_private_copy (const CvnMtprotoRpcErrorPrivate *src,
                                    CvnMtprotoRpcErrorPrivate       *dest)
{
  dest->message = g_strdup (src->message);
  dest->code = src->code;
  dest->wait_seconds = src->wait_seconds;
  dest->migrate_dc = src->migrate_dc;
}

static void
cvn_mtproto_rpc_error_private_clear (CvnMtprotoRpcErrorPrivate *priv)
{
  g_clear_pointer (&priv->message, g_free);
}

G_DEFINE_EXTENDED_ERROR (CvnMtprotoRpcError, cvn_mtproto_rpc_error)

/* The number after @prefix at the end of @message ("FLOOD_WAIT_" "30"), or -1. */
static gint64
suffix_number (const char *message,
               const char *prefix,
               gboolean    anywhere)
{
  const char *p = anywhere ? strstr (message, prefix) : (g_str_has_prefix (message, prefix) ? message : NULL);
  guint64 v = 0;

  if (p == NULL)
    return -1;
  p += strlen (prefix);
  if (!g_ascii_string_to_unsigned (p, 10, 0, G_MAXINT32, &v, NULL))
    return -1;
  return (gint64) v;
}

GError *
cvn_mtproto_rpc_error_new (gint32      code,
                           const char *message)
{
  static const char *waits[] = { "FLOOD_WAIT_", "FLOOD_PREMIUM_WAIT_", "SLOWMODE_WAIT_",
                                 "TAKEOUT_INIT_DELAY_" };
  static const char *migrates[] = { "PHONE_MIGRATE_", "USER_MIGRATE_", "NETWORK_MIGRATE_",
                                    "FILE_MIGRATE_", "STATS_MIGRATE_" };
  GError *error = g_error_new (CVN_MTPROTO_RPC_ERROR, code, "%d %s", code, message);
  CvnMtprotoRpcErrorPrivate *priv = cvn_mtproto_rpc_error_get_private (error);

  priv->message = g_strdup (message);
  priv->code = code;
  for (gsize i = 0; i < G_N_ELEMENTS (waits); i++)
    {
      gint64 v = suffix_number (message, waits[i], FALSE);

      if (v >= 0)
        priv->wait_seconds = (guint) v;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (migrates); i++)
    {
      gint64 v = suffix_number (message, migrates[i], FALSE);

      if (v >= 0)
        priv->migrate_dc = (gint32) v;
    }
  return error;
}

static CvnMtprotoRpcErrorPrivate *
get_private (const GError *error)
{
  if (error == NULL || error->domain != CVN_MTPROTO_RPC_ERROR)
    return NULL;
  return cvn_mtproto_rpc_error_get_private (error);
}

const char *
cvn_mtproto_rpc_error_get_message (const GError *error)
{
  CvnMtprotoRpcErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->message : NULL;
}

gint32
cvn_mtproto_rpc_error_get_code (const GError *error)
{
  CvnMtprotoRpcErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->code : 0;
}

guint
cvn_mtproto_rpc_error_get_wait_seconds (const GError *error)
{
  CvnMtprotoRpcErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->wait_seconds : 0;
}

gint32
cvn_mtproto_rpc_error_get_migrate_dc (const GError *error)
{
  CvnMtprotoRpcErrorPrivate *priv = get_private (error);

  return priv != NULL ? priv->migrate_dc : 0;
}
