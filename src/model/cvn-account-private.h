/* cvn-account-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-account.h"
#include "cvn-mtproto-client.h"

G_BEGIN_DECLS

typedef struct _CvnClient CvnClient;

/* @client is not referenced (it owns the account). */
CvnAccount *_cvn_account_new            (CvnClient        *client);
/* Every Updates of the client (updateLoginToken, the user's own changes). */
void        _cvn_account_handle_updates (CvnAccount       *self,
                                         CvnMtprotoResult *updates);

G_END_DECLS
