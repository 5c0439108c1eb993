/* cvn-account-private.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-account.h"
#include "cvn-tl.h"

G_BEGIN_DECLS

typedef struct _CvnClient CvnClient;

/* @client is not referenced (it owns the account). */
CvnAccount *_cvn_account_new            (CvnClient        *client);
/* Every Updates of the client (updateLoginToken, the user's own changes). */
void        _cvn_account_handle_updates (CvnAccount        *self,
                                         const CvnTlObject *updates);

G_END_DECLS
