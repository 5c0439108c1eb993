/* cvn-rtc-answer.h: the SFU's answer, updateGroupCallConnection.params.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Three shapes: RTC ({"transport", "audio", "video"}), stream mode ({"stream": true}) and
 * RTMP mode ({"stream": true, "rtmp": true}, optionally "rtmp_stream_url"/"_key").
 * The parser is tolerant of what real answers contain (numbers as strings or numbers,
 * parameters of any scalar type or an empty array, "rtcp-fbs" types with a space, missing
 * "channels", no "audio" in presentation answers) and strict about what a transport needs:
 * anything else is CVN_RTC_ERROR_INVALID_ANSWER. The SFU side builds one with
 * cvn_rtc_answer_new_sfu() and writes it with cvn_rtc_answer_to_json().
 */
#pragma once

#include <glib.h>

#include "cvn-rtc-join-payload.h"

G_BEGIN_DECLS

typedef enum
{
  CVN_RTC_ANSWER_MODE_RTC,
  CVN_RTC_ANSWER_MODE_STREAM,
  CVN_RTC_ANSWER_MODE_RTMP,
} CvnRtcAnswerMode;

typedef struct
{
  char    *foundation;
  guint    component;   /* 1 (RTP; rtcp-mux) */
  char    *protocol;    /* "udp" or "tcp", lowercase */
  guint32  priority;
  char    *ip;
  guint16  port;
  char    *type;        /* "host", "srflx", "prflx" or "relay" */
  guint    generation;
  char    *id;          /* may be NULL */
  char    *network;     /* may be NULL */
  char    *rel_addr;    /* may be NULL */
  guint16  rel_port;
  char    *tcptype;     /* may be NULL */
} CvnRtcCandidate;

CvnRtcCandidate *cvn_rtc_candidate_new  (const char            *foundation,
                                         guint32                priority,
                                         const char            *ip,
                                         guint16                port);
CvnRtcCandidate *cvn_rtc_candidate_copy (const CvnRtcCandidate *self);
void             cvn_rtc_candidate_free (CvnRtcCandidate       *self);

typedef struct
{
  char *name;
  char *value;  /* numbers and booleans as text */
} CvnRtcParameter;

typedef struct
{
  char *type;     /* "nack", "ccm", "goog-remb", "transport-cc", ... */
  char *subtype;  /* "pli", "fir" or NULL */
} CvnRtcFeedback;

typedef struct
{
  guint8     id;
  char      *name;
  guint32    clockrate;
  guint      channels;    /* 1 when the answer has none */
  GPtrArray *parameters;  /* of CvnRtcParameter */
  GPtrArray *feedback;    /* of CvnRtcFeedback */
} CvnRtcPayloadType;

/* The value of parameter @name, or NULL. */
const char *cvn_rtc_payload_type_get_parameter (const CvnRtcPayloadType *self,
                                                const char              *name);

typedef struct
{
  guint  id;
  char  *uri;
} CvnRtcHeaderExtension;

typedef struct
{
  GPtrArray *payload_types;      /* of CvnRtcPayloadType */
  GPtrArray *header_extensions;  /* of CvnRtcHeaderExtension */
  char      *endpoint;           /* video: the own endpoint id; NULL otherwise */
  GArray    *server_sources;     /* video: guint32 SSRCs the SFU probes with; may be empty */
} CvnRtcMediaDescription;

void cvn_rtc_media_description_free (CvnRtcMediaDescription *self);

/* The payload type with @id, or NULL. */
const CvnRtcPayloadType *cvn_rtc_media_description_find_payload_type (const CvnRtcMediaDescription *self,
                                                                      guint                         id);

typedef struct
{
  CvnRtcAnswerMode        mode;
  /* RTMP mode, optional */
  char                   *rtmp_url;
  char                   *rtmp_key;
  /* RTC mode */
  char                   *ufrag;
  char                   *pwd;
  GPtrArray              *fingerprints;  /* of CvnRtcFingerprint, with a sha-256 one */
  GPtrArray              *candidates;    /* of CvnRtcCandidate, at least one */
  gboolean                rtcp_mux;
  CvnRtcMediaDescription *audio;         /* NULL when absent (presentation answers) */
  CvnRtcMediaDescription *video;         /* NULL when absent */
} CvnRtcAnswer;

CvnRtcAnswer *cvn_rtc_answer_parse   (const char         *data,
                                      gssize              len,
                                      GError            **error);
char         *cvn_rtc_answer_to_json (const CvnRtcAnswer *self);
void          cvn_rtc_answer_free    (CvnRtcAnswer       *self);

/* An RTC answer with the SFU's transport and Telegram's codec table (Opus 111 and
 * telephone-event 126; VP8 100/101, VP9 102/103, H264 104/105; header extensions audio
 * 1/2/3, video 2/3/13). @candidates (of CvnRtcCandidate) are copied. @video_endpoint may
 * be NULL (no "video" section). */
CvnRtcAnswer *cvn_rtc_answer_new_sfu (const char         *ufrag,
                                      const char         *pwd,
                                      const char         *sha256_fingerprint,
                                      CvnRtcSetup         setup,
                                      GPtrArray          *candidates,
                                      const char         *video_endpoint);
/* {"stream": true} or, with @rtmp, {"stream": true, "rtmp": true}. */
CvnRtcAnswer *cvn_rtc_answer_new_stream (gboolean         rtmp);

/* The setup the SFU answers a client's declared @client_setup with. */
CvnRtcSetup   cvn_rtc_setup_complement (CvnRtcSetup        client_setup);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnRtcCandidate, cvn_rtc_candidate_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnRtcMediaDescription, cvn_rtc_media_description_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnRtcAnswer, cvn_rtc_answer_free)

G_END_DECLS
