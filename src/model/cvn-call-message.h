/* cvn-call-message.h: a message sent in a group call's chat (groupCallMessage).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "cvn-model-enums.h"

G_BEGIN_DECLS

#define CVN_TYPE_CALL_MESSAGE (cvn_call_message_get_type ())

G_DECLARE_FINAL_TYPE (CvnCallMessage, cvn_call_message, CVN, CALL_MESSAGE, GObject)

/* Read-only properties: "id", "from-type", "from-id", "date", "text", "from-admin". */
int          cvn_call_message_get_id         (CvnCallMessage *self);
CvnPeerType  cvn_call_message_get_from_type  (CvnCallMessage *self);
gint64       cvn_call_message_get_from_id    (CvnCallMessage *self);
int          cvn_call_message_get_date       (CvnCallMessage *self);
const char  *cvn_call_message_get_text       (CvnCallMessage *self);
gboolean     cvn_call_message_get_from_admin (CvnCallMessage *self);

G_END_DECLS
