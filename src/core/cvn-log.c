/* cvn-log.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-debug.h"
#include "cvn-log.h"

static const char * const layer_domains[] = {
  "cvn-core",
  "cvn-crypto",
  "cvn-tl",
  "cvn-mtproto",
  "cvn-rtc",
  "cvn-media",
  "cvn-e2e",
  "cvn-model",
  "cvn-sandbox",
  "cvn-ui",
  NULL,
};

const char * const *
cvn_log_get_layer_domains (void)
{
  return layer_domains;
}

gboolean
cvn_log_is_layer_domain (const char *domain)
{
  g_return_val_if_fail (domain != NULL, FALSE);

  return g_strv_contains (layer_domains, domain);
}

static GLogWriterOutput
cvn_log_writer (GLogLevelFlags   log_level,
                const GLogField *fields,
                gsize            n_fields,
                gpointer         user_data)
{
  /* GLib's default writer drops unknown levels; trace messages are debug messages with a
   * prefix, so show them under the same G_MESSAGES_DEBUG rules. */
  if (log_level & CVN_LOG_LEVEL_TRACE)
    log_level = G_LOG_LEVEL_DEBUG;

  return g_log_writer_default (log_level, fields, n_fields, user_data);
}

void
cvn_log_init (void)
{
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      g_log_set_writer_func (cvn_log_writer, NULL, NULL);
      g_once_init_leave (&initialized, 1);
    }
}
