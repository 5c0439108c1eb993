/* cvn-call-message-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-call-message.h"

G_BEGIN_DECLS

CvnCallMessage *_cvn_call_message_new (int          id,
                                       CvnPeerType  from_type,
                                       gint64       from_id,
                                       int          date,
                                       const char  *text,
                                       gboolean     from_admin);

G_END_DECLS
