/* cvn-rtc-answer.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "cvn-rtc-answer.h"
#include "cvn-rtc-error.h"
#include "cvn-rtc-join-payload-private.h"
#include "cvn-rtc-json-private.h"

#define CODE CVN_RTC_ERROR_INVALID_ANSWER

#define MAX_CANDIDATES     64
#define MAX_PAYLOAD_TYPES  64
#define MAX_PARAMETERS     32
#define MAX_FEEDBACK       32
#define MAX_HDREXTS        32
#define MAX_SERVER_SOURCES 16

CvnRtcCandidate *
cvn_rtc_candidate_new (const char *foundation,
                       guint32     priority,
                       const char *ip,
                       guint16     port)
{
  CvnRtcCandidate *self = g_new0 (CvnRtcCandidate, 1);

  self->foundation = g_strdup (foundation);
  self->component = 1;
  self->protocol = g_strdup ("udp");
  self->priority = priority;
  self->ip = g_strdup (ip);
  self->port = port;
  self->type = g_strdup ("host");
  return self;
}

CvnRtcCandidate *
cvn_rtc_candidate_copy (const CvnRtcCandidate *self)
{
  CvnRtcCandidate *copy = g_memdup2 (self, sizeof *self);

  copy->foundation = g_strdup (self->foundation);
  copy->protocol = g_strdup (self->protocol);
  copy->ip = g_strdup (self->ip);
  copy->type = g_strdup (self->type);
  copy->id = g_strdup (self->id);
  copy->network = g_strdup (self->network);
  copy->rel_addr = g_strdup (self->rel_addr);
  copy->tcptype = g_strdup (self->tcptype);
  return copy;
}

void
cvn_rtc_candidate_free (CvnRtcCandidate *self)
{
  if (self == NULL)
    return;
  g_free (self->foundation);
  g_free (self->protocol);
  g_free (self->ip);
  g_free (self->type);
  g_free (self->id);
  g_free (self->network);
  g_free (self->rel_addr);
  g_free (self->tcptype);
  g_free (self);
}

static void
parameter_free (CvnRtcParameter *self)
{
  g_free (self->name);
  g_free (self->value);
  g_free (self);
}

static void
feedback_free (CvnRtcFeedback *self)
{
  g_free (self->type);
  g_free (self->subtype);
  g_free (self);
}

static void
payload_type_free (CvnRtcPayloadType *self)
{
  g_free (self->name);
  g_clear_pointer (&self->parameters, g_ptr_array_unref);
  g_clear_pointer (&self->feedback, g_ptr_array_unref);
  g_free (self);
}

static void
header_extension_free (CvnRtcHeaderExtension *self)
{
  g_free (self->uri);
  g_free (self);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnRtcPayloadType, payload_type_free)

const char *
cvn_rtc_payload_type_get_parameter (const CvnRtcPayloadType *self,
                                    const char              *name)
{
  for (guint i = 0; i < self->parameters->len; i++)
    {
      const CvnRtcParameter *p = g_ptr_array_index (self->parameters, i);

      if (strcmp (p->name, name) == 0)
        return p->value;
    }
  return NULL;
}

static CvnRtcMediaDescription *
media_description_new (void)
{
  CvnRtcMediaDescription *self = g_new0 (CvnRtcMediaDescription, 1);

  self->payload_types = g_ptr_array_new_with_free_func ((GDestroyNotify) payload_type_free);
  self->header_extensions = g_ptr_array_new_with_free_func ((GDestroyNotify) header_extension_free);
  self->server_sources = g_array_new (FALSE, FALSE, sizeof (guint32));
  return self;
}

void
cvn_rtc_media_description_free (CvnRtcMediaDescription *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->payload_types, g_ptr_array_unref);
  g_clear_pointer (&self->header_extensions, g_ptr_array_unref);
  g_clear_pointer (&self->server_sources, g_array_unref);
  g_free (self->endpoint);
  g_free (self);
}

const CvnRtcPayloadType *
cvn_rtc_media_description_find_payload_type (const CvnRtcMediaDescription *self,
                                             guint                         id)
{
  for (guint i = 0; self != NULL && i < self->payload_types->len; i++)
    {
      const CvnRtcPayloadType *pt = g_ptr_array_index (self->payload_types, i);

      if (pt->id == id)
        return pt;
    }
  return NULL;
}

static CvnRtcAnswer *
answer_new (CvnRtcAnswerMode mode)
{
  CvnRtcAnswer *self = g_new0 (CvnRtcAnswer, 1);

  self->mode = mode;
  self->rtcp_mux = TRUE;
  self->fingerprints = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rtc_fingerprint_free);
  self->candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rtc_candidate_free);
  return self;
}

void
cvn_rtc_answer_free (CvnRtcAnswer *self)
{
  if (self == NULL)
    return;
  g_free (self->rtmp_url);
  g_free (self->rtmp_key);
  g_free (self->ufrag);
  g_free (self->pwd);
  g_clear_pointer (&self->fingerprints, g_ptr_array_unref);
  g_clear_pointer (&self->candidates, g_ptr_array_unref);
  g_clear_pointer (&self->audio, cvn_rtc_media_description_free);
  g_clear_pointer (&self->video, cvn_rtc_media_description_free);
  g_free (self);
}

CvnRtcSetup
cvn_rtc_setup_complement (CvnRtcSetup client_setup)
{
  /* An "actpass" client lets the answerer choose; the SFU then takes "active" (RFC 5763). */
  return client_setup == CVN_RTC_SETUP_ACTIVE ? CVN_RTC_SETUP_PASSIVE : CVN_RTC_SETUP_ACTIVE;
}

/* --- parsing ---------------------------------------------------------------------- */

static gboolean
get_optional_bool (JsonObject  *object,
                   const char  *member,
                   gboolean    *out,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = FALSE;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      g_set_error (error, CVN_RTC_ERROR, CODE, "“%s” is not a boolean", member);
      return FALSE;
    }
  *out = json_node_get_boolean (node);
  return TRUE;
}

static gboolean
check_count (JsonArray   *array,
             guint        max,
             const char  *what,
             GError     **error)
{
  guint n = json_array_get_length (array);

  if (n > max)
    {
      g_set_error (error, CVN_RTC_ERROR, CODE, "%u %s are too many", n, what);
      return FALSE;
    }
  return TRUE;
}

static JsonObject *
element_object (JsonArray   *array,
                guint        i,
                const char  *what,
                GError     **error)
{
  JsonNode *node = json_array_get_element (array, i);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CVN_RTC_ERROR, CODE, "%s %u is not an object", what, i);
      return NULL;
    }
  return json_node_get_object (node);
}

static gboolean
ip_valid (const char *text)
{
  g_autoptr(GInetAddress) address = NULL;

  if (text == NULL || text[0] == '\0' || strlen (text) > 64)
    return FALSE;
  address = g_inet_address_new_from_string (text);
  return address != NULL;
}

static CvnRtcCandidate *
parse_candidate (JsonObject  *object,
                 GError     **error)
{
  g_autoptr(CvnRtcCandidate) c = g_new0 (CvnRtcCandidate, 1);
  gint64 value;

  if (!cvn_rtc_json_get_string (object, "ip", TRUE, NULL, &c->ip, CODE, error) ||
      !cvn_rtc_json_get_string (object, "protocol", TRUE, NULL, &c->protocol, CODE, error) ||
      !cvn_rtc_json_get_string (object, "type", TRUE, NULL, &c->type, CODE, error) ||
      !cvn_rtc_json_get_string (object, "foundation", FALSE, "1", &c->foundation, CODE, error) ||
      !cvn_rtc_json_get_string (object, "id", FALSE, NULL, &c->id, CODE, error) ||
      !cvn_rtc_json_get_string (object, "network", FALSE, NULL, &c->network, CODE, error) ||
      !cvn_rtc_json_get_string (object, "rel-addr", FALSE, NULL, &c->rel_addr, CODE, error) ||
      !cvn_rtc_json_get_string (object, "tcptype", FALSE, NULL, &c->tcptype, CODE, error))
    return NULL;

  /* "network" and "id" are sometimes numbers: they are informative only. */
  if (!cvn_rtc_json_get_int (object, "port", TRUE, 0, 1, 65535, &value, CODE, error))
    return NULL;
  c->port = (guint16) value;
  if (!cvn_rtc_json_get_int (object, "priority", TRUE, 0, 0, G_MAXUINT32, &value, CODE, error))
    return NULL;
  c->priority = (guint32) value;
  if (!cvn_rtc_json_get_int (object, "component", FALSE, 1, 1, 256, &value, CODE, error))
    return NULL;
  c->component = (guint) value;
  if (!cvn_rtc_json_get_int (object, "generation", FALSE, 0, 0, G_MAXINT32, &value, CODE, error))
    return NULL;
  c->generation = (guint) value;
  if (!cvn_rtc_json_get_int (object, "rel-port", FALSE, 0, 0, 65535, &value, CODE, error))
    return NULL;
  c->rel_port = (guint16) value;

  if (!ip_valid (c->ip))
    {
      g_set_error (error, CVN_RTC_ERROR, CODE, "“ip” is not an IP address");
      return NULL;
    }
  if (c->rel_addr != NULL && !ip_valid (c->rel_addr))
    {
      g_set_error (error, CVN_RTC_ERROR, CODE, "“rel-addr” is not an IP address");
      return NULL;
    }
  if (g_ascii_strcasecmp (c->protocol, "udp") != 0 && g_ascii_strcasecmp (c->protocol, "tcp") != 0)
    {
      g_set_error (error, CVN_RTC_ERROR, CODE, "unknown candidate protocol “%s”", c->protocol);
      return NULL;
    }
  {
    char *lower = g_ascii_strdown (c->protocol, -1);

    g_free (c->protocol);
    c->protocol = lower;
  }
  if (g_strcmp0 (c->type, "host") != 0 && g_strcmp0 (c->type, "srflx") != 0 &&
      g_strcmp0 (c->type, "prflx") != 0 && g_strcmp0 (c->type, "relay") != 0)
    {
      g_set_error (error, CVN_RTC_ERROR, CODE, "unknown candidate type “%s”", c->type);
      return NULL;
    }
  if (c->foundation[0] == '\0' || strlen (c->foundation) > 32)
    {
      g_set_error (error, CVN_RTC_ERROR, CODE, "bad candidate foundation");
      return NULL;
    }
  return g_steal_pointer (&c);
}

static gboolean
parse_transport (JsonObject    *transport,
                 CvnRtcAnswer  *answer,
                 GError       **error)
{
  JsonArray *array;
  gboolean mux_present = json_object_has_member (transport, "rtcp-mux");

  if (!cvn_rtc_json_get_string (transport, "ufrag", TRUE, NULL, &answer->ufrag, CODE, error) ||
      !cvn_rtc_json_get_string (transport, "pwd", TRUE, NULL, &answer->pwd, CODE, error))
    return FALSE;
  if (!cvn_rtc_ice_string_valid (answer->ufrag, 4) || !cvn_rtc_ice_string_valid (answer->pwd, 22))
    {
      g_set_error (error, CVN_RTC_ERROR, CODE, "malformed ICE ufrag or pwd");
      return FALSE;
    }
  if (mux_present && !get_optional_bool (transport, "rtcp-mux", &answer->rtcp_mux, error))
    return FALSE;
  if (!mux_present)
    answer->rtcp_mux = TRUE;

  array = cvn_rtc_json_get_array (transport, "fingerprints", TRUE, CODE, error);
  if (array == NULL)
    return FALSE;
  g_clear_pointer (&answer->fingerprints, g_ptr_array_unref);
  answer->fingerprints = cvn_rtc_json_parse_fingerprints (array, CODE, error);
  if (answer->fingerprints == NULL)
    return FALSE;
  if (cvn_rtc_fingerprints_find (answer->fingerprints, "sha-256") == NULL)
    {
      g_set_error (error, CVN_RTC_ERROR, CODE, "no sha-256 fingerprint");
      return FALSE;
    }

  array = cvn_rtc_json_get_array (transport, "candidates", TRUE, CODE, error);
  if (array == NULL || !check_count (array, MAX_CANDIDATES, "candidates", error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = element_object (array, i, "candidate", error);
      CvnRtcCandidate *c;

      if (object == NULL)
        return FALSE;
      c = parse_candidate (object, error);
      if (c == NULL)
        {
          g_prefix_error (error, "candidate %u: ", i);
          return FALSE;
        }
      g_ptr_array_add (answer->candidates, c);
    }
  if (answer->candidates->len == 0)
    {
      g_set_error (error, CVN_RTC_ERROR, CODE, "no candidates");
      return FALSE;
    }
  return TRUE;
}

static gboolean
parse_parameters (JsonNode           *node,
                  CvnRtcPayloadType  *pt,
                  GError            **error)
{
  JsonObject *object;
  g_autoptr(GList) members = NULL;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  /* An empty array stands for "no parameters" in some answers. */
  if (JSON_NODE_HOLDS_ARRAY (node) && json_array_get_length (json_node_get_array (node)) == 0)
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CVN_RTC_ERROR, CODE, "“parameters” is not an object");
      return FALSE;
    }
  object = json_node_get_object (node);
  if (json_object_get_size (object) > MAX_PARAMETERS)
    {
      g_set_error (error, CVN_RTC_ERROR, CODE, "too many parameters");
      return FALSE;
    }
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      char *value = cvn_rtc_json_scalar_text (json_object_get_member (object, name));
      CvnRtcParameter *p;

      if (value == NULL)
        {
          g_debug ("payload type %u: ignoring the non-scalar parameter “%s”", pt->id, name);
          continue;
        }
      p = g_new0 (CvnRtcParameter, 1);
      p->name = g_strdup (name);
      p->value = value;
      g_ptr_array_add (pt->parameters, p);
    }
  return TRUE;
}

static gboolean
parse_feedback (JsonArray          *array,
                CvnRtcPayloadType  *pt,
                GError            **error)
{
  if (!check_count (array, MAX_FEEDBACK, "rtcp-fbs", error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonObject *object = element_object (array, i, "rtcp-fb", error);
      g_autofree char *type = NULL;
      g_autofree char *subtype = NULL;
      CvnRtcFeedback *fb;
      char *space;

      if (object == NULL ||
          !cvn_rtc_json_get_string (object, "type", TRUE, NULL, &type, CODE, error) ||
          !cvn_rtc_json_get_string (object, "subtype", FALSE, NULL, &subtype, CODE, error))
        return FALSE;
      g_strstrip (type);
      /* "nack pli" in one string: split it. */
      space = strchr (type, ' ');
      if (space != NULL)
        {
          *space = '\0';
          if (subtype == NULL || subtype[0] == '\0')
            {
              g_free (subtype);
              subtype = g_strdup (g_strchug (space + 1));
            }
        }
      if (type[0] == '\0')
        {
          g_set_error (error, CVN_RTC_ERROR, CODE, "rtcp-fb %u has an empty type", i);
          return FALSE;
        }
      if (subtype != NULL && subtype[0] == '\0')
        g_clear_pointer (&subtype, g_free);
      fb = g_new0 (CvnRtcFeedback, 1);
      fb->type = g_steal_pointer (&type);
      fb->subtype = g_steal_pointer (&subtype);
      g_ptr_array_add (pt->feedback, fb);
    }
  return TRUE;
}

static CvnRtcPayloadType *
parse_payload_type (JsonObject  *object,
                    GError     **error)
{
  g_autoptr(CvnRtcPayloadType) pt = g_new0 (CvnRtcPayloadType, 1);
  g_autoptr(GError) local_error = NULL;
  JsonArray *array;
  gint64 value;

  pt->parameters = g_ptr_array_new_with_free_func ((GDestroyNotify) parameter_free);
  pt->feedback = g_ptr_array_new_with_free_func ((GDestroyNotify) feedback_free);

  if (!cvn_rtc_json_get_int (object, "id", TRUE, 0, 0, 127, &value, CODE, error))
    return NULL;
  pt->id = (guint8) value;
  if (!cvn_rtc_json_get_string (object, "name", TRUE, NULL, &pt->name, CODE, error))
    return NULL;
  if (pt->name[0] == '\0')
    {
      g_set_error (error, CVN_RTC_ERROR, CODE, "empty codec name");
      return NULL;
    }
  if (!cvn_rtc_json_get_int (object, "clockrate", TRUE, 0, 1, 10000000, &value, CODE, error))
    return NULL;
  pt->clockrate = (guint32) value;
  if (!cvn_rtc_json_get_int (object, "channels", FALSE, 1, 1, 255, &value, CODE, error))
    return NULL;
  pt->channels = (guint) value;
  if (!parse_parameters (json_object_get_member (object, "parameters"), pt, error))
    return NULL;
  array = cvn_rtc_json_get_array (object, "rtcp-fbs", FALSE, CODE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }
  if (array != NULL && !parse_feedback (array, pt, error))
    return NULL;
  return g_steal_pointer (&pt);
}

static CvnRtcMediaDescription *
parse_media (JsonObject  *object,
             gboolean     is_video,
             GError     **error)
{
  g_autoptr(CvnRtcMediaDescription) media = media_description_new ();
  g_autoptr(GError) local_error = NULL;
  JsonArray *array;

  array = cvn_rtc_json_get_array (object, "payload-types", FALSE, CODE, &local_error);
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;
  if (array != NULL)
    {
      if (!check_count (array, MAX_PAYLOAD_TYPES, "payload types", error))
        return NULL;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *pt_object = element_object (array, i, "payload type", error);
          CvnRtcPayloadType *pt;

          if (pt_object == NULL)
            return NULL;
          pt = parse_payload_type (pt_object, error);
          if (pt == NULL)
            {
              g_prefix_error (error, "payload type %u: ", i);
              return NULL;
            }
          g_ptr_array_add (media->payload_types, pt);
        }
    }

  array = cvn_rtc_json_get_array (object, "rtp-hdrexts", FALSE, CODE, &local_error);
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;
  if (array != NULL)
    {
      if (!check_count (array, MAX_HDREXTS, "header extensions", error))
        return NULL;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          JsonObject *ext_object = element_object (array, i, "header extension", error);
          g_autofree char *uri = NULL;
          CvnRtcHeaderExtension *ext;
          gint64 id;

          if (ext_object == NULL ||
              !cvn_rtc_json_get_int (ext_object, "id", TRUE, 0, 1, 255, &id, CODE, error) ||
              !cvn_rtc_json_get_string (ext_object, "uri", TRUE, NULL, &uri, CODE, error))
            {
              g_prefix_error (error, "header extension %u: ", i);
              return NULL;
            }
          ext = g_new0 (CvnRtcHeaderExtension, 1);
          ext->id = (guint) id;
          ext->uri = g_steal_pointer (&uri);
          g_ptr_array_add (media->header_extensions, ext);
        }
    }

  if (!is_video)
    return g_steal_pointer (&media);

  if (!cvn_rtc_json_get_string (object, "endpoint", FALSE, NULL, &media->endpoint, CODE, error))
    return NULL;
  array = cvn_rtc_json_get_array (object, "server_sources", FALSE, CODE, &local_error);
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;
  if (array != NULL)
    {
      if (!check_count (array, MAX_SERVER_SOURCES, "server sources", error))
        return NULL;
      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          guint32 ssrc;

          if (!cvn_rtc_json_node_get_ssrc (json_array_get_element (array, i), &ssrc))
            {
              g_set_error (error, CVN_RTC_ERROR, CODE, "server source %u is not a 32-bit SSRC", i);
              return NULL;
            }
          g_array_append_val (media->server_sources, ssrc);
        }
    }
  return g_steal_pointer (&media);
}

CvnRtcAnswer *
cvn_rtc_answer_parse (const char  *data,
                      gssize       len,
                      GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CvnRtcAnswer) answer = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonObject *member;
  gboolean stream = FALSE;
  gboolean rtmp = FALSE;

  root = cvn_rtc_json_parse_object (data, len, CODE, "answer", error);
  if (root == NULL)
    return NULL;
  object = json_node_get_object (root);

  if (!get_optional_bool (object, "stream", &stream, error) ||
      !get_optional_bool (object, "rtmp", &rtmp, error))
    {
      g_prefix_error (error, "answer: ");
      return NULL;
    }
  if (stream || rtmp)
    {
      answer = answer_new (rtmp ? CVN_RTC_ANSWER_MODE_RTMP : CVN_RTC_ANSWER_MODE_STREAM);
      if (rtmp &&
          (!cvn_rtc_json_get_string (object, "rtmp_stream_url", FALSE, NULL, &answer->rtmp_url, CODE, error) ||
           !cvn_rtc_json_get_string (object, "rtmp_stream_key", FALSE, NULL, &answer->rtmp_key, CODE, error)))
        {
          g_prefix_error (error, "answer: ");
          return NULL;
        }
      return g_steal_pointer (&answer);
    }

  answer = answer_new (CVN_RTC_ANSWER_MODE_RTC);
  member = cvn_rtc_json_get_object (object, "transport", TRUE, CODE, error);
  if (member == NULL || !parse_transport (member, answer, error))
    {
      g_prefix_error (error, "answer: transport: ");
      return NULL;
    }

  member = cvn_rtc_json_get_object (object, "audio", FALSE, CODE, &local_error);
  if (member != NULL)
    answer->audio = parse_media (member, FALSE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "answer: audio: ");
      return NULL;
    }

  member = cvn_rtc_json_get_object (object, "video", FALSE, CODE, &local_error);
  if (member != NULL)
    answer->video = parse_media (member, TRUE, &local_error);
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "answer: video: ");
      return NULL;
    }
  return g_steal_pointer (&answer);
}

/* --- the SFU side ------------------------------------------------------------------- */

static CvnRtcPayloadType *
payload_type_new (guint8      id,
                  const char *name,
                  guint32     clockrate,
                  guint       channels)
{
  CvnRtcPayloadType *pt = g_new0 (CvnRtcPayloadType, 1);

  pt->id = id;
  pt->name = g_strdup (name);
  pt->clockrate = clockrate;
  pt->channels = channels;
  pt->parameters = g_ptr_array_new_with_free_func ((GDestroyNotify) parameter_free);
  pt->feedback = g_ptr_array_new_with_free_func ((GDestroyNotify) feedback_free);
  return pt;
}

static void
add_parameter (CvnRtcPayloadType *pt,
               const char        *name,
               const char        *value)
{
  CvnRtcParameter *p = g_new0 (CvnRtcParameter, 1);

  p->name = g_strdup (name);
  p->value = g_strdup (value);
  g_ptr_array_add (pt->parameters, p);
}

static void
add_feedback (CvnRtcPayloadType *pt,
              const char        *type,
              const char        *subtype)
{
  CvnRtcFeedback *fb = g_new0 (CvnRtcFeedback, 1);

  fb->type = g_strdup (type);
  fb->subtype = g_strdup (subtype);
  g_ptr_array_add (pt->feedback, fb);
}

static void
add_header_extension (CvnRtcMediaDescription *media,
                      guint                   id,
                      const char             *uri)
{
  CvnRtcHeaderExtension *ext = g_new0 (CvnRtcHeaderExtension, 1);

  ext->id = id;
  ext->uri = g_strdup (uri);
  g_ptr_array_add (media->header_extensions, ext);
}

static void
add_video_feedback (CvnRtcPayloadType *pt)
{
  add_feedback (pt, "goog-remb", NULL);
  add_feedback (pt, "transport-cc", NULL);
  add_feedback (pt, "ccm", "fir");
  add_feedback (pt, "nack", NULL);
  add_feedback (pt, "nack", "pli");
}

#define URI_AUDIO_LEVEL "urn:ietf:params:rtp-hdrext:ssrc-audio-level"
#define URI_ABS_SEND_TIME "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"
#define URI_TRANSPORT_CC "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01"
#define URI_VIDEO_ORIENTATION "urn:3gpp:video-orientation"

CvnRtcAnswer *
cvn_rtc_answer_new_sfu (const char  *ufrag,
                        const char  *pwd,
                        const char  *sha256_fingerprint,
                        CvnRtcSetup  setup,
                        GPtrArray   *candidates,
                        const char  *video_endpoint)
{
  CvnRtcAnswer *answer = answer_new (CVN_RTC_ANSWER_MODE_RTC);
  CvnRtcPayloadType *pt;
  static const struct { guint8 id; const char *name; } video_codecs[] = {
    { 100, "VP8" }, { 102, "VP9" }, { 104, "H264" },
  };

  answer->ufrag = g_strdup (ufrag);
  answer->pwd = g_strdup (pwd);
  g_ptr_array_add (answer->fingerprints, cvn_rtc_fingerprint_new ("sha-256", sha256_fingerprint, setup));
  for (guint i = 0; candidates != NULL && i < candidates->len; i++)
    g_ptr_array_add (answer->candidates, cvn_rtc_candidate_copy (g_ptr_array_index (candidates, i)));

  answer->audio = media_description_new ();
  pt = payload_type_new (111, "opus", 48000, 2);
  add_parameter (pt, "minptime", "10");
  add_parameter (pt, "useinbandfec", "1");
  add_feedback (pt, "transport-cc", NULL);
  g_ptr_array_add (answer->audio->payload_types, pt);
  g_ptr_array_add (answer->audio->payload_types, payload_type_new (126, "telephone-event", 8000, 1));
  add_header_extension (answer->audio, 1, URI_AUDIO_LEVEL);
  add_header_extension (answer->audio, 2, URI_ABS_SEND_TIME);
  add_header_extension (answer->audio, 3, URI_TRANSPORT_CC);

  if (video_endpoint == NULL)
    return answer;

  answer->video = media_description_new ();
  answer->video->endpoint = g_strdup (video_endpoint);
  for (guint i = 0; i < G_N_ELEMENTS (video_codecs); i++)
    {
      char apt[8];

      pt = payload_type_new (video_codecs[i].id, video_codecs[i].name, 90000, 1);
      if (video_codecs[i].id == 104)
        {
          add_parameter (pt, "profile-level-id", "42e01f");
          add_parameter (pt, "packetization-mode", "1");
          add_parameter (pt, "level-asymmetry-allowed", "1");
        }
      add_video_feedback (pt);
      g_ptr_array_add (answer->video->payload_types, pt);
      pt = payload_type_new (video_codecs[i].id + 1, "rtx", 90000, 1);
      g_snprintf (apt, sizeof apt, "%u", video_codecs[i].id);
      add_parameter (pt, "apt", apt);
      g_ptr_array_add (answer->video->payload_types, pt);
    }
  add_header_extension (answer->video, 2, URI_ABS_SEND_TIME);
  add_header_extension (answer->video, 3, URI_TRANSPORT_CC);
  add_header_extension (answer->video, 13, URI_VIDEO_ORIENTATION);
  return answer;
}

CvnRtcAnswer *
cvn_rtc_answer_new_stream (gboolean rtmp)
{
  return answer_new (rtmp ? CVN_RTC_ANSWER_MODE_RTMP : CVN_RTC_ANSWER_MODE_STREAM);
}

static void
add_string_member (JsonBuilder *builder,
                   const char  *name,
                   const char  *value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_string_value (builder, value);
}

static void
add_uint_string_member (JsonBuilder *builder,
                        const char  *name,
                        guint64      value)
{
  char buf[24];

  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, value);
  add_string_member (builder, name, buf);
}

static void
add_media (JsonBuilder                  *builder,
           const char                   *name,
           const CvnRtcMediaDescription *media)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  if (media->endpoint != NULL)
    add_string_member (builder, "endpoint", media->endpoint);
  if (media->server_sources->len > 0)
    {
      json_builder_set_member_name (builder, "server_sources");
      json_builder_begin_array (builder);
      for (guint i = 0; i < media->server_sources->len; i++)
        json_builder_add_int_value (builder, (gint32) g_array_index (media->server_sources, guint32, i));
      json_builder_end_array (builder);
    }
  json_builder_set_member_name (builder, "payload-types");
  json_builder_begin_array (builder);
  for (guint i = 0; i < media->payload_types->len; i++)
    {
      const CvnRtcPayloadType *pt = g_ptr_array_index (media->payload_types, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, pt->id);
      add_string_member (builder, "name", pt->name);
      json_builder_set_member_name (builder, "clockrate");
      json_builder_add_int_value (builder, pt->clockrate);
      json_builder_set_member_name (builder, "channels");
      json_builder_add_int_value (builder, pt->channels);
      if (pt->parameters->len > 0)
        {
          json_builder_set_member_name (builder, "parameters");
          json_builder_begin_object (builder);
          for (guint j = 0; j < pt->parameters->len; j++)
            {
              const CvnRtcParameter *p = g_ptr_array_index (pt->parameters, j);

              add_string_member (builder, p->name, p->value);
            }
          json_builder_end_object (builder);
        }
      if (pt->feedback->len > 0)
        {
          json_builder_set_member_name (builder, "rtcp-fbs");
          json_builder_begin_array (builder);
          for (guint j = 0; j < pt->feedback->len; j++)
            {
              const CvnRtcFeedback *fb = g_ptr_array_index (pt->feedback, j);

              json_builder_begin_object (builder);
              add_string_member (builder, "type", fb->type);
              if (fb->subtype != NULL)
                add_string_member (builder, "subtype", fb->subtype);
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "rtp-hdrexts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < media->header_extensions->len; i++)
    {
      const CvnRtcHeaderExtension *ext = g_ptr_array_index (media->header_extensions, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, ext->id);
      add_string_member (builder, "uri", ext->uri);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
}

char *
cvn_rtc_answer_to_json (const CvnRtcAnswer *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  if (self->mode != CVN_RTC_ANSWER_MODE_RTC)
    {
      json_builder_set_member_name (builder, "stream");
      json_builder_add_boolean_value (builder, TRUE);
      if (self->mode == CVN_RTC_ANSWER_MODE_RTMP)
        {
          json_builder_set_member_name (builder, "rtmp");
          json_builder_add_boolean_value (builder, TRUE);
          if (self->rtmp_url != NULL)
            add_string_member (builder, "rtmp_stream_url", self->rtmp_url);
          if (self->rtmp_key != NULL)
            add_string_member (builder, "rtmp_stream_key", self->rtmp_key);
        }
      json_builder_end_object (builder);
      return cvn_rtc_json_builder_to_string (builder);
    }

  /* Real answers give the candidate fields as strings; so does this one. */
  json_builder_set_member_name (builder, "transport");
  json_builder_begin_object (builder);
  add_string_member (builder, "xmlns", "urn:xmpp:jingle:transports:ice-udp:1");
  json_builder_set_member_name (builder, "rtcp-mux");
  json_builder_add_boolean_value (builder, self->rtcp_mux);
  add_string_member (builder, "ufrag", self->ufrag);
  add_string_member (builder, "pwd", self->pwd);
  cvn_rtc_json_add_fingerprints (builder, self->fingerprints);
  json_builder_set_member_name (builder, "candidates");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->candidates->len; i++)
    {
      const CvnRtcCandidate *c = g_ptr_array_index (self->candidates, i);

      json_builder_begin_object (builder);
      add_uint_string_member (builder, "generation", c->generation);
      add_uint_string_member (builder, "component", c->component);
      add_string_member (builder, "protocol", c->protocol);
      add_uint_string_member (builder, "port", c->port);
      add_string_member (builder, "ip", c->ip);
      add_string_member (builder, "foundation", c->foundation);
      add_string_member (builder, "id", c->id != NULL ? c->id : c->foundation);
      add_uint_string_member (builder, "priority", c->priority);
      add_string_member (builder, "type", c->type);
      add_string_member (builder, "network", c->network != NULL ? c->network : "0");
      if (c->rel_addr != NULL)
        {
          add_string_member (builder, "rel-addr", c->rel_addr);
          add_uint_string_member (builder, "rel-port", c->rel_port);
        }
      if (c->tcptype != NULL)
        add_string_member (builder, "tcptype", c->tcptype);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (self->audio != NULL)
    add_media (builder, "audio", self->audio);
  if (self->video != NULL)
    add_media (builder, "video", self->video);
  json_builder_end_object (builder);

  return cvn_rtc_json_builder_to_string (builder);
}
