/* cvn-call-link.h: links that lead into a call.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/**
 * CvnCallLinkKind:
 * @CVN_CALL_LINK_VIDEO_CHAT: the video chat of a public group or channel
 *   (`tg://resolve?domain=X&videochat`, `https://t.me/X?videochat=HASH`)
 * @CVN_CALL_LINK_LIVESTREAM: the livestream of a channel (`&livestream`)
 * @CVN_CALL_LINK_VOICE_CHAT: the older name of a video chat (`&voicechat`)
 * @CVN_CALL_LINK_CONFERENCE: a conference call by slug (`https://t.me/call/SLUG`,
 *   `tg://call?slug=SLUG`)
 */
typedef enum
{
  CVN_CALL_LINK_VIDEO_CHAT,
  CVN_CALL_LINK_LIVESTREAM,
  CVN_CALL_LINK_VOICE_CHAT,
  CVN_CALL_LINK_CONFERENCE,
} CvnCallLinkKind;

GType cvn_call_link_kind_get_type (void) G_GNUC_CONST;
#define CVN_TYPE_CALL_LINK_KIND (cvn_call_link_kind_get_type ())

#define CVN_TYPE_CALL_LINK (cvn_call_link_get_type ())

G_DECLARE_FINAL_TYPE (CvnCallLink, cvn_call_link, CVN, CALL_LINK, GObject)

CvnCallLink     *cvn_call_link_parse           (const char  *text,
                                                GError     **error);
CvnCallLinkKind  cvn_call_link_get_kind        (CvnCallLink *self);
/* The public username of the chat (NULL for conferences). */
const char      *cvn_call_link_get_username    (CvnCallLink *self);
/* The invite hash that lets the holder speak, or NULL. */
const char      *cvn_call_link_get_invite_hash (CvnCallLink *self);
/* The conference slug (NULL unless the kind is a conference). */
const char      *cvn_call_link_get_slug        (CvnCallLink *self);
/* The canonical https form, for copying. */
char            *cvn_call_link_to_uri          (CvnCallLink *self);

G_END_DECLS
