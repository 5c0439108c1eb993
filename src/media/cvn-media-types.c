/* cvn-media-types.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-media-types.h"

G_DEFINE_ENUM_TYPE (CvnMediaState, cvn_media_state,
  G_DEFINE_ENUM_VALUE (CVN_MEDIA_STATE_STOPPED, "stopped"),
  G_DEFINE_ENUM_VALUE (CVN_MEDIA_STATE_PENDING, "pending"),
  G_DEFINE_ENUM_VALUE (CVN_MEDIA_STATE_PLAYING, "playing"),
  G_DEFINE_ENUM_VALUE (CVN_MEDIA_STATE_FAILED, "failed"))
