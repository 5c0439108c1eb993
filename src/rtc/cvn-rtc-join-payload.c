/* cvn-rtc-join-payload.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cvn-rtc-certificate.h"
#include "cvn-rtc-error.h"
#include "cvn-rtc-join-payload-private.h"
#include "cvn-rtc-json-private.h"
#include "cvn-hash.h"

#define MAX_FINGERPRINTS  8
#define MAX_SSRC_GROUPS   16
#define MAX_GROUP_SOURCES 16

const char *
cvn_rtc_setup_to_string (CvnRtcSetup setup)
{
  switch (setup)
    {
    case CVN_RTC_SETUP_ACTIVE:
      return "active";
    case CVN_RTC_SETUP_PASSIVE:
      return "passive";
    case CVN_RTC_SETUP_ACTPASS:
      return "actpass";
    default:
      g_return_val_if_reached ("active");
    }
}

gboolean
cvn_rtc_setup_from_string (const char  *text,
                           CvnRtcSetup *out)
{
  if (g_strcmp0 (text, "active") == 0)
    *out = CVN_RTC_SETUP_ACTIVE;
  else if (g_strcmp0 (text, "passive") == 0)
    *out = CVN_RTC_SETUP_PASSIVE;
  else if (g_strcmp0 (text, "actpass") == 0)
    *out = CVN_RTC_SETUP_ACTPASS;
  else
    return FALSE;
  return TRUE;
}

CvnRtcFingerprint *
cvn_rtc_fingerprint_new (const char  *hash,
                         const char  *fingerprint,
                         CvnRtcSetup  setup)
{
  CvnRtcFingerprint *self = g_new0 (CvnRtcFingerprint, 1);

  self->hash = g_strdup (hash);
  self->fingerprint = g_strdup (fingerprint);
  self->setup = setup;
  return self;
}

CvnRtcFingerprint *
cvn_rtc_fingerprint_copy (const CvnRtcFingerprint *self)
{
  return cvn_rtc_fingerprint_new (self->hash, self->fingerprint, self->setup);
}

void
cvn_rtc_fingerprint_free (CvnRtcFingerprint *self)
{
  if (self == NULL)
    return;
  g_free (self->hash);
  g_free (self->fingerprint);
  g_free (self);
}

const CvnRtcFingerprint *
cvn_rtc_fingerprints_find (GPtrArray  *fingerprints,
                           const char *hash)
{
  if (fingerprints == NULL)
    return NULL;
  for (guint i = 0; i < fingerprints->len; i++)
    {
      const CvnRtcFingerprint *fp = g_ptr_array_index (fingerprints, i);

      if (g_ascii_strcasecmp (fp->hash, hash) == 0)
        return fp;
    }
  return NULL;
}

void
cvn_rtc_ssrc_group_free (CvnRtcSsrcGroup *self)
{
  if (self == NULL)
    return;
  g_free (self->semantics);
  g_clear_pointer (&self->sources, g_array_unref);
  g_free (self);
}

static CvnRtcSsrcGroup *
ssrc_group_new (const char    *semantics,
                const guint32 *sources,
                guint          n_sources)
{
  CvnRtcSsrcGroup *self = g_new0 (CvnRtcSsrcGroup, 1);

  self->semantics = g_strdup (semantics);
  self->sources = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n_sources);
  g_array_append_vals (self->sources, sources, n_sources);
  return self;
}

static CvnRtcSsrcGroup *
ssrc_group_copy (const CvnRtcSsrcGroup *self)
{
  return ssrc_group_new (self->semantics, (const guint32 *) self->sources->data, self->sources->len);
}

static GPtrArray *
fingerprints_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rtc_fingerprint_free);
}

static GPtrArray *
ssrc_groups_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rtc_ssrc_group_free);
}

/* RFC 8445 ice-char: ALPHA / DIGIT / "+" / "/". Only letters and digits are generated. */
static gboolean
random_ice_string (guint    len,
                   char   **out,
                   GError **error)
{
  static const char alphabet[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  g_autofree guint8 *bytes = g_malloc (len);
  char *text;

  if (!cvn_random_bytes (bytes, len, error))
    return FALSE;
  text = g_malloc (len + 1);
  for (guint i = 0; i < len; i++)
    text[i] = alphabet[bytes[i] % 62]; /* the bias of 256 % 62 is harmless for ICE */
  text[len] = '\0';
  *out = text;
  return TRUE;
}

gboolean
cvn_rtc_ice_credentials_generate (char   **ufrag,
                                  char   **pwd,
                                  GError **error)
{
  g_autofree char *u = NULL;
  g_autofree char *p = NULL;

  if (!random_ice_string (8, &u, error) || !random_ice_string (24, &p, error))
    return FALSE;
  *ufrag = g_steal_pointer (&u);
  *pwd = g_steal_pointer (&p);
  return TRUE;
}

gboolean
cvn_rtc_ssrc_generate (guint32  *out,
                       GError  **error)
{
  guint32 value = 0;

  while (value == 0)
    {
      if (!cvn_random_bytes (&value, sizeof value, error))
        return FALSE;
      value &= 0x7fffffff;
    }
  *out = value;
  return TRUE;
}

CvnRtcJoinPayload *
cvn_rtc_join_payload_new (const char        *ufrag,
                          const char        *pwd,
                          const char        *sha256_fingerprint,
                          CvnRtcSetup        setup,
                          guint32            ssrc,
                          CvnRtcVideoLayout  video)
{
  CvnRtcJoinPayload *self = g_new0 (CvnRtcJoinPayload, 1);
  guint layers = 0;

  g_return_val_if_fail (ssrc != 0, NULL);

  self->ufrag = g_strdup (ufrag ? ufrag : "");
  self->pwd = g_strdup (pwd ? pwd : "");
  self->fingerprints = fingerprints_new ();
  if (sha256_fingerprint != NULL)
    g_ptr_array_add (self->fingerprints, cvn_rtc_fingerprint_new ("sha-256", sha256_fingerprint, setup));
  self->ssrc = ssrc;
  self->ssrc_groups = ssrc_groups_new ();

  switch (video)
    {
    case CVN_RTC_VIDEO_NONE:
      layers = 0;
      break;
    case CVN_RTC_VIDEO_SINGLE:
      {
        guint32 fid[2] = { ssrc + 1, ssrc + 2 };

        g_ptr_array_add (self->ssrc_groups, ssrc_group_new ("FID", fid, 2));
      }
      break;
    case CVN_RTC_VIDEO_CAMERA:
      layers = 3;
      break;
    case CVN_RTC_VIDEO_SCREEN:
      layers = 2;
      break;
    default:
      g_return_val_if_reached (self);
    }

  if (layers > 0)
    {
      guint32 sim[3];

      for (guint i = 0; i < layers; i++)
        sim[i] = ssrc + 1 + 2 * i;
      g_ptr_array_add (self->ssrc_groups, ssrc_group_new ("SIM", sim, layers));
      for (guint i = 0; i < layers; i++)
        {
          guint32 fid[2] = { sim[i], sim[i] + 1 };

          g_ptr_array_add (self->ssrc_groups, ssrc_group_new ("FID", fid, 2));
        }
    }
  return self;
}

CvnRtcJoinPayload *
cvn_rtc_join_payload_new_client (const char         *sha256_fingerprint,
                                 CvnRtcVideoLayout   video,
                                 GError            **error)
{
  g_autofree char *ufrag = NULL;
  g_autofree char *pwd = NULL;
  guint32 ssrc;

  g_return_val_if_fail (cvn_rtc_fingerprint_parse (sha256_fingerprint, NULL), NULL);

  if (!cvn_rtc_ice_credentials_generate (&ufrag, &pwd, error) ||
      !cvn_rtc_ssrc_generate (&ssrc, error))
    return NULL;
  return cvn_rtc_join_payload_new (ufrag, pwd, sha256_fingerprint, CVN_RTC_SETUP_ACTIVE, ssrc, video);
}

CvnRtcJoinPayload *
cvn_rtc_join_payload_copy (const CvnRtcJoinPayload *self)
{
  CvnRtcJoinPayload *copy = g_new0 (CvnRtcJoinPayload, 1);

  copy->ufrag = g_strdup (self->ufrag);
  copy->pwd = g_strdup (self->pwd);
  copy->fingerprints = fingerprints_new ();
  for (guint i = 0; i < self->fingerprints->len; i++)
    g_ptr_array_add (copy->fingerprints, cvn_rtc_fingerprint_copy (g_ptr_array_index (self->fingerprints, i)));
  copy->ssrc = self->ssrc;
  copy->ssrc_groups = ssrc_groups_new ();
  for (guint i = 0; i < self->ssrc_groups->len; i++)
    g_ptr_array_add (copy->ssrc_groups, ssrc_group_copy (g_ptr_array_index (self->ssrc_groups, i)));
  return copy;
}

void
cvn_rtc_join_payload_free (CvnRtcJoinPayload *self)
{
  if (self == NULL)
    return;
  g_free (self->ufrag);
  g_free (self->pwd);
  g_clear_pointer (&self->fingerprints, g_ptr_array_unref);
  g_clear_pointer (&self->ssrc_groups, g_ptr_array_unref);
  g_free (self);
}

gboolean
cvn_rtc_join_payload_has_transport (const CvnRtcJoinPayload *self)
{
  return self->ufrag[0] != '\0';
}

void
cvn_rtc_json_add_fingerprints (JsonBuilder *builder,
                               GPtrArray   *fingerprints)
{
  json_builder_set_member_name (builder, "fingerprints");
  json_builder_begin_array (builder);
  for (guint i = 0; fingerprints != NULL && i < fingerprints->len; i++)
    {
      const CvnRtcFingerprint *fp = g_ptr_array_index (fingerprints, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "hash");
      json_builder_add_string_value (builder, fp->hash);
      json_builder_set_member_name (builder, "setup");
      json_builder_add_string_value (builder, cvn_rtc_setup_to_string (fp->setup));
      json_builder_set_member_name (builder, "fingerprint");
      json_builder_add_string_value (builder, fp->fingerprint);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

char *
cvn_rtc_json_builder_to_string (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

char *
cvn_rtc_join_payload_to_json (const CvnRtcJoinPayload *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "ufrag");
  json_builder_add_string_value (builder, self->ufrag);
  json_builder_set_member_name (builder, "pwd");
  json_builder_add_string_value (builder, self->pwd);
  cvn_rtc_json_add_fingerprints (builder, self->fingerprints);
  json_builder_set_member_name (builder, "ssrc");
  json_builder_add_int_value (builder, (gint32) self->ssrc);
  json_builder_set_member_name (builder, "ssrc-groups");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->ssrc_groups->len; i++)
    {
      const CvnRtcSsrcGroup *group = g_ptr_array_index (self->ssrc_groups, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "semantics");
      json_builder_add_string_value (builder, group->semantics);
      json_builder_set_member_name (builder, "sources");
      json_builder_begin_array (builder);
      for (guint j = 0; j < group->sources->len; j++)
        json_builder_add_int_value (builder, (gint32) g_array_index (group->sources, guint32, j));
      json_builder_end_array (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return cvn_rtc_json_builder_to_string (builder);
}

/* Colon-separated hex pairs, 1 to 64 bytes; exactly 32 for sha-256. */
static gboolean
fingerprint_text_valid (const char *hash,
                        const char *text)
{
  gsize len = strlen (text);

  if (g_ascii_strcasecmp (hash, "sha-256") == 0)
    return cvn_rtc_fingerprint_parse (text, NULL);
  if (len < 2 || len > 64 * 3 - 1 || (len + 1) % 3 != 0)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (i % 3 == 2 ? text[i] != ':' : !g_ascii_isxdigit (text[i]))
        return FALSE;
    }
  return TRUE;
}

GPtrArray *
cvn_rtc_json_parse_fingerprints (JsonArray  *array,
                                 int         code,
                                 GError    **error)
{
  g_autoptr(GPtrArray) fingerprints = fingerprints_new ();
  guint n = json_array_get_length (array);

  if (n > MAX_FINGERPRINTS)
    {
      g_set_error (error, CVN_RTC_ERROR, code, "%u fingerprints are too many", n);
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      g_autofree char *hash = NULL;
      g_autofree char *text = NULL;
      g_autofree char *setup_text = NULL;
      CvnRtcSetup setup;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, CVN_RTC_ERROR, code, "fingerprint %u is not an object", i);
          return NULL;
        }
      object = json_node_get_object (node);
      if (!cvn_rtc_json_get_string (object, "hash", TRUE, NULL, &hash, code, error) ||
          !cvn_rtc_json_get_string (object, "fingerprint", TRUE, NULL, &text, code, error) ||
          !cvn_rtc_json_get_string (object, "setup", FALSE, "actpass", &setup_text, code, error))
        {
          g_prefix_error (error, "fingerprint %u: ", i);
          return NULL;
        }
      if (!cvn_rtc_setup_from_string (setup_text, &setup))
        {
          g_set_error (error, CVN_RTC_ERROR, code, "fingerprint %u: unknown setup “%s”", i, setup_text);
          return NULL;
        }
      if (!fingerprint_text_valid (hash, text))
        {
          g_set_error (error, CVN_RTC_ERROR, code, "fingerprint %u: malformed %s fingerprint", i, hash);
          return NULL;
        }
      g_ptr_array_add (fingerprints, cvn_rtc_fingerprint_new (hash, text, setup));
    }
  return g_steal_pointer (&fingerprints);
}

/* RFC 8445: ufrag 4..256, pwd 22..256 ice-chars. */
gboolean
cvn_rtc_ice_string_valid (const char *text,
                          gsize       min_len)
{
  gsize len = strlen (text);

  if (len < min_len || len > 256)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isalnum (text[i]) && text[i] != '+' && text[i] != '/')
        return FALSE;
    }
  return TRUE;
}

static gboolean
parse_ssrc_groups (JsonArray          *array,
                   CvnRtcJoinPayload  *payload,
                   GError            **error)
{
  const int code = CVN_RTC_ERROR_INVALID_PAYLOAD;
  guint n = json_array_get_length (array);

  if (n > MAX_SSRC_GROUPS)
    {
      g_set_error (error, CVN_RTC_ERROR, code, "%u SSRC groups are too many", n);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *object;
      JsonArray *sources;
      g_autofree char *semantics = NULL;
      guint32 ssrcs[MAX_GROUP_SOURCES];
      guint n_sources;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          g_set_error (error, CVN_RTC_ERROR, code, "SSRC group %u is not an object", i);
          return FALSE;
        }
      object = json_node_get_object (node);
      if (!cvn_rtc_json_get_string (object, "semantics", TRUE, NULL, &semantics, code, error) ||
          (sources = cvn_rtc_json_get_array (object, "sources", TRUE, code, error)) == NULL)
        {
          g_prefix_error (error, "SSRC group %u: ", i);
          return FALSE;
        }
      n_sources = json_array_get_length (sources);
      if (semantics[0] == '\0' || n_sources == 0 || n_sources > MAX_GROUP_SOURCES)
        {
          g_set_error (error, CVN_RTC_ERROR, code, "SSRC group %u: bad semantics or %u sources", i, n_sources);
          return FALSE;
        }
      for (guint j = 0; j < n_sources; j++)
        {
          if (!cvn_rtc_json_node_get_ssrc (json_array_get_element (sources, j), &ssrcs[j]) || ssrcs[j] == 0)
            {
              g_set_error (error, CVN_RTC_ERROR, code, "SSRC group %u: source %u is not a non-zero 32-bit SSRC", i, j);
              return FALSE;
            }
        }
      g_ptr_array_add (payload->ssrc_groups, ssrc_group_new (semantics, ssrcs, n_sources));
    }
  return TRUE;
}

CvnRtcJoinPayload *
cvn_rtc_join_payload_parse (const char  *data,
                            gssize       len,
                            GError     **error)
{
  const int code = CVN_RTC_ERROR_INVALID_PAYLOAD;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CvnRtcJoinPayload) payload = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *object;
  JsonArray *array;
  gint64 ssrc;

  root = cvn_rtc_json_parse_object (data, len, code, "join payload", error);
  if (root == NULL)
    return NULL;
  object = json_node_get_object (root);

  payload = g_new0 (CvnRtcJoinPayload, 1);
  payload->ssrc_groups = ssrc_groups_new ();
  if (!cvn_rtc_json_get_string (object, "ufrag", TRUE, NULL, &payload->ufrag, code, error) ||
      !cvn_rtc_json_get_string (object, "pwd", TRUE, NULL, &payload->pwd, code, error) ||
      !cvn_rtc_json_get_int (object, "ssrc", TRUE, 0, G_MININT32, G_MAXUINT32, &ssrc, code, error))
    {
      g_prefix_error (error, "join payload: ");
      return NULL;
    }
  if (ssrc == 0)
    {
      g_set_error (error, CVN_RTC_ERROR, code, "join payload: the SSRC is zero");
      return NULL;
    }
  payload->ssrc = (guint32) ssrc;

  array = cvn_rtc_json_get_array (object, "fingerprints", TRUE, code, error);
  if (array == NULL ||
      (payload->fingerprints = cvn_rtc_json_parse_fingerprints (array, code, error)) == NULL)
    {
      g_prefix_error (error, "join payload: ");
      return NULL;
    }

  array = cvn_rtc_json_get_array (object, "ssrc-groups", FALSE, code, &local_error);
  if (local_error != NULL)
    {
      g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "join payload: ");
      return NULL;
    }
  if (array != NULL && !parse_ssrc_groups (array, payload, error))
    {
      g_prefix_error (error, "join payload: ");
      return NULL;
    }

  if (payload->ufrag[0] == '\0' && payload->pwd[0] == '\0' && payload->fingerprints->len == 0)
    return g_steal_pointer (&payload); /* RTMP-mode join: no transport */

  if (!cvn_rtc_ice_string_valid (payload->ufrag, 4) || !cvn_rtc_ice_string_valid (payload->pwd, 22))
    {
      g_set_error (error, CVN_RTC_ERROR, code, "join payload: malformed ICE ufrag or pwd");
      return NULL;
    }
  if (cvn_rtc_fingerprints_find (payload->fingerprints, "sha-256") == NULL)
    {
      g_set_error (error, CVN_RTC_ERROR, code, "join payload: no sha-256 fingerprint");
      return NULL;
    }
  return g_steal_pointer (&payload);
}
