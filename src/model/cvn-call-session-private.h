/* cvn-call-session-private.h: for tests of CvnCallSession.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-call-audio.h"
#include "cvn-call-session.h"
#include "cvn-group-call-sync-private.h"

G_BEGIN_DECLS

/* @audio: the voice to use (NULL: a new CvnCallAudio with the default devices). */
CvnCallSession *_cvn_call_session_new_full          (CvnGroupCallSync *sync,
                                                     CvnGroupCall     *call,
                                                     const CvnPeer    *chat,
                                                     CvnCallAudio     *audio);
/* cvn_call_session_new_for_chat() with @audio (NULL: the default devices). */
CvnCallSession *_cvn_call_session_new_for_chat_full (CvnClient        *client,
                                                     CvnChat          *chat,
                                                     CvnCallAudio     *audio);
/* Before joining: the voice to use instead of the one made with the session. */
void            _cvn_call_session_set_audio         (CvnCallSession   *self,
                                                     CvnCallAudio     *audio);
CvnCallAudio   *_cvn_call_session_get_audio         (CvnCallSession   *self);
/* phone.checkGroupCall every @ms while joined (default 10000). */
void            _cvn_call_session_set_check_interval (CvnCallSession  *self,
                                                      guint            ms);
/* How many times the session joined again (SSRC duplicate, lost source). */
guint           _cvn_call_session_get_n_rejoins     (CvnCallSession   *self);
guint           _cvn_call_session_get_n_join_attempts (CvnCallSession *self);

G_END_DECLS
