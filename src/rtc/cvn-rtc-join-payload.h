/* cvn-rtc-join-payload.h: the JSON a client sends in phone.joinGroupCall's `params`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * {"ufrag": ..., "pwd": ..., "fingerprints": [{"hash", "fingerprint", "setup"}],
 *  "ssrc": <signed int32>, "ssrc-groups": [{"semantics": "SIM"|"FID", "sources": [...]}]}
 *
 * The client builds one (cvn_rtc_join_payload_new_client()), the SFU parses one
 * (cvn_rtc_join_payload_parse()). SSRCs are unsigned here and signed 32-bit in the JSON.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The DTLS role a side declares: "active" = DTLS client, "passive" = DTLS server. */
typedef enum
{
  CVN_RTC_SETUP_ACTIVE,
  CVN_RTC_SETUP_PASSIVE,
  CVN_RTC_SETUP_ACTPASS,
} CvnRtcSetup;

const char *cvn_rtc_setup_to_string   (CvnRtcSetup  setup);
gboolean    cvn_rtc_setup_from_string (const char  *text,
                                       CvnRtcSetup *out);

typedef struct
{
  char        *hash;         /* "sha-256" */
  char        *fingerprint;  /* "AB:CD:..." */
  CvnRtcSetup  setup;
} CvnRtcFingerprint;

CvnRtcFingerprint *cvn_rtc_fingerprint_new  (const char              *hash,
                                             const char              *fingerprint,
                                             CvnRtcSetup              setup);
CvnRtcFingerprint *cvn_rtc_fingerprint_copy (const CvnRtcFingerprint *self);
void               cvn_rtc_fingerprint_free (CvnRtcFingerprint       *self);

/* The first entry of @fingerprints (of CvnRtcFingerprint) with @hash, or NULL. */
const CvnRtcFingerprint *cvn_rtc_fingerprints_find (GPtrArray  *fingerprints,
                                                    const char *hash);

typedef struct
{
  char   *semantics;  /* "SIM" or "FID" */
  GArray *sources;    /* of guint32 */
} CvnRtcSsrcGroup;

void cvn_rtc_ssrc_group_free (CvnRtcSsrcGroup *self);

/* Which video SSRC groups a client announces (tgcalls' allocation: video SSRCs follow the
 * audio SSRC; layer i primary = audio + 1 + 2i, its RTX = audio + 2 + 2i). */
typedef enum
{
  CVN_RTC_VIDEO_NONE,    /* no groups: listener or audio only */
  CVN_RTC_VIDEO_SINGLE,  /* one FID group [primary, rtx] */
  CVN_RTC_VIDEO_CAMERA,  /* SIM of 3 layers + 3 FID groups */
  CVN_RTC_VIDEO_SCREEN,  /* SIM of 2 layers + 2 FID groups */
} CvnRtcVideoLayout;

typedef struct
{
  char      *ufrag;
  char      *pwd;
  GPtrArray *fingerprints;  /* of CvnRtcFingerprint */
  guint32    ssrc;          /* the audio SSRC, non-zero */
  GPtrArray *ssrc_groups;   /* of CvnRtcSsrcGroup */
} CvnRtcJoinPayload;

/* Fresh ICE credentials: a ufrag of 8 and a password of 24 ICE characters. */
gboolean           cvn_rtc_ice_credentials_generate (char                    **ufrag,
                                                     char                    **pwd,
                                                     GError                  **error);
/* A random 31-bit non-zero SSRC. */
gboolean           cvn_rtc_ssrc_generate            (guint32                  *out,
                                                     GError                  **error);

CvnRtcJoinPayload *cvn_rtc_join_payload_new         (const char               *ufrag,
                                                     const char               *pwd,
                                                     const char               *sha256_fingerprint,
                                                     CvnRtcSetup               setup,
                                                     guint32                   ssrc,
                                                     CvnRtcVideoLayout         video);
/* Fresh ufrag/pwd and audio SSRC, setup "active" (the client is the DTLS client). */
CvnRtcJoinPayload *cvn_rtc_join_payload_new_client  (const char               *sha256_fingerprint,
                                                     CvnRtcVideoLayout         video,
                                                     GError                  **error);
CvnRtcJoinPayload *cvn_rtc_join_payload_copy        (const CvnRtcJoinPayload  *self);
void               cvn_rtc_join_payload_free        (CvnRtcJoinPayload        *self);

char              *cvn_rtc_join_payload_to_json     (const CvnRtcJoinPayload  *self);

/* The SFU side: strict about what it needs (ICE credentials, a usable fingerprint, a
 * non-zero SSRC, well-formed groups), CVN_RTC_ERROR_INVALID_PAYLOAD otherwise. A payload
 * with empty ufrag, pwd and fingerprints (an RTMP-mode join) is accepted; see
 * cvn_rtc_join_payload_has_transport(). */
CvnRtcJoinPayload *cvn_rtc_join_payload_parse       (const char               *data,
                                                     gssize                    len,
                                                     GError                  **error);
gboolean           cvn_rtc_join_payload_has_transport (const CvnRtcJoinPayload *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnRtcFingerprint, cvn_rtc_fingerprint_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnRtcSsrcGroup, cvn_rtc_ssrc_group_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnRtcJoinPayload, cvn_rtc_join_payload_free)

G_END_DECLS
