/* cvn-log.h: the log domain scheme.
 *
 * Every layer logs under one domain, "cvn-<layer>" (cvn-core, cvn-tl, cvn-mtproto, cvn-rtc,
 * cvn-media, cvn-e2e, cvn-model, cvn-sandbox, cvn-ui), set by the build for every file of the
 * layer. G_MESSAGES_DEBUG=cvn-mtproto gives one readable stream; "all" gives everything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The layers, bottom up, in the order of DESIGN.md. */
const char * const *cvn_log_get_layer_domains (void);

gboolean            cvn_log_is_layer_domain   (const char *domain);

/* Installs a writer that prints trace-level messages (CVN_LOG_LEVEL_TRACE) like debug
 * messages and passes everything else to GLib's default writer. Called by main(). */
void                cvn_log_init              (void);

G_END_DECLS
