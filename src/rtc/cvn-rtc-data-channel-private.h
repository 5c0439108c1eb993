/* cvn-rtc-data-channel-private.h: the SCTP input of a data channel, for tests and fuzzing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-rtc-data-channel.h"

G_BEGIN_DECLS

/* One SCTP packet as if it had come out of DTLS (ignored before the association started). */
void cvn_rtc_data_channel_receive_sctp    (CvnRtcDataChannel *self,
                                           const guint8      *data,
                                           gsize              len);
/* SCTP packets handed to usrsctp and sent out through DTLS, and the verification tag of the
 * last packet in (the one usrsctp expects on this association). */
void cvn_rtc_data_channel_get_sctp_counts (CvnRtcDataChannel *self,
                                           guint64           *n_in,
                                           guint64           *n_out,
                                           guint32           *last_vtag_in);

G_END_DECLS
