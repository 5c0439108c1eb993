/* cvn-mtproto-message-private.h: for tests and fuzz targets of src/mtproto.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-mtproto-message.h"

G_BEGIN_DECLS

/* Encrypts @plain (the whole plaintext: header, data and padding, a multiple of 16) as
 * @sender would, computing msg_key over it: messages that break the rules on purpose. */
GBytes *cvn_mtproto_message_encrypt_raw (const CvnMtprotoAuthKey *key,
                                         CvnMtprotoRole           sender,
                                         const guint8            *plain,
                                         gsize                    len,
                                         GError                 **error);

G_END_DECLS
