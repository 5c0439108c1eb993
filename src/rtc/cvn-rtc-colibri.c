/* cvn-rtc-colibri.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "cvn-rtc-colibri.h"
#include "cvn-rtc-error.h"
#include "cvn-rtc-json-private.h"

#define CODE CVN_RTC_ERROR_INVALID_PACKET

#define MAX_ENDPOINTS 256
#define MAX_HEIGHT    100000

char *
cvn_rtc_receiver_video_constraints_to_json (guint                           default_max_height,
                                            const char * const             *on_stage_endpoints,
                                            const CvnRtcEndpointConstraint *constraints,
                                            guint                           n_constraints)
{
  g_autoptr(JsonBuilder) builder = json_builder_new_immutable ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "colibriClass");
  json_builder_add_string_value (builder, "ReceiverVideoConstraints");
  json_builder_set_member_name (builder, "defaultConstraints");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "maxHeight");
  json_builder_add_int_value (builder, default_max_height);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "onStageEndpoints");
  json_builder_begin_array (builder);
  for (guint i = 0; on_stage_endpoints != NULL && on_stage_endpoints[i] != NULL; i++)
    json_builder_add_string_value (builder, on_stage_endpoints[i]);
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "constraints");
  json_builder_begin_object (builder);
  for (guint i = 0; i < n_constraints; i++)
    {
      json_builder_set_member_name (builder, constraints[i].endpoint);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "minHeight");
      json_builder_add_int_value (builder, constraints[i].min_height);
      json_builder_set_member_name (builder, "maxHeight");
      json_builder_add_int_value (builder, constraints[i].max_height);
      json_builder_end_object (builder);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, NULL);
}

char *
cvn_rtc_colibri_message_get_class (const char *text)
{
  g_autoptr(JsonNode) root = NULL;
  char *klass = NULL;

  root = cvn_rtc_json_parse_object (text, -1, CVN_RTC_ERROR_SCTP, "data channel message", NULL);
  if (root == NULL)
    return NULL;
  if (!cvn_rtc_json_get_string (json_node_get_object (root), "colibriClass", TRUE, NULL, &klass,
                                CVN_RTC_ERROR_SCTP, NULL))
    return NULL;
  return klass;
}

static JsonObject *
parse_class (const char  *text,
             const char  *expected,
             JsonNode   **root,
             GError     **error)
{
  g_autofree char *klass = NULL;

  *root = cvn_rtc_json_parse_object (text, -1, CODE, expected, error);
  if (*root == NULL)
    return NULL;
  if (!cvn_rtc_json_get_string (json_node_get_object (*root), "colibriClass", TRUE, NULL, &klass, CODE, error))
    return NULL;
  if (g_strcmp0 (klass, expected) != 0)
    {
      g_set_error (error, CVN_RTC_ERROR, CODE, "a %s message, not %s", klass, expected);
      return NULL;
    }
  return json_node_get_object (*root);
}

void
cvn_rtc_receiver_video_constraints_free (CvnRtcReceiverVideoConstraints *self)
{
  if (self == NULL)
    return;
  g_strfreev (self->on_stage_endpoints);
  for (guint i = 0; i < self->n_constraints; i++)
    g_free ((char *) self->constraints[i].endpoint);
  g_free (self->constraints);
  g_free (self);
}

CvnRtcReceiverVideoConstraints *
cvn_rtc_receiver_video_constraints_parse (const char  *text,
                                          GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(CvnRtcReceiverVideoConstraints) self = g_new0 (CvnRtcReceiverVideoConstraints, 1);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GPtrArray) stage = g_ptr_array_new_with_free_func (g_free);
  JsonObject *object;
  JsonObject *member;
  JsonArray *array;

  object = parse_class (text, "ReceiverVideoConstraints", &root, error);
  if (object == NULL)
    return NULL;

  member = cvn_rtc_json_get_object (object, "defaultConstraints", FALSE, CODE, &local_error);
  if (member != NULL)
    {
      gint64 height;

      if (!cvn_rtc_json_get_int (member, "maxHeight", FALSE, 0, 0, MAX_HEIGHT, &height, CODE, &local_error))
        return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;
      self->default_max_height = (guint) height;
    }
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;

  array = cvn_rtc_json_get_array (object, "onStageEndpoints", FALSE, CODE, &local_error);
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;
  if (array != NULL && json_array_get_length (array) > MAX_ENDPOINTS)
    {
      g_set_error (error, CVN_RTC_ERROR, CODE, "too many on-stage endpoints");
      return NULL;
    }
  for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
        {
          g_set_error (error, CVN_RTC_ERROR, CODE, "on-stage endpoint %u is not a string", i);
          return NULL;
        }
      g_ptr_array_add (stage, g_strdup (json_node_get_string (node)));
    }
  g_ptr_array_add (stage, NULL);
  self->on_stage_endpoints = (char **) g_ptr_array_free (g_steal_pointer (&stage), FALSE);

  member = cvn_rtc_json_get_object (object, "constraints", FALSE, CODE, &local_error);
  if (local_error != NULL)
    return g_propagate_error (error, g_steal_pointer (&local_error)), NULL;
  if (member != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (member);
      guint n = g_list_length (names);

      if (n > MAX_ENDPOINTS)
        {
          g_set_error (error, CVN_RTC_ERROR, CODE, "too many endpoint constraints");
          return NULL;
        }
      self->constraints = g_new0 (CvnRtcEndpointConstraint, n);
      for (GList *l = names; l != NULL; l = l->next)
        {
          JsonNode *node = json_object_get_member (member, l->data);
          CvnRtcEndpointConstraint *c = &self->constraints[self->n_constraints];
          gint64 min_height, max_height;

          if (!JSON_NODE_HOLDS_OBJECT (node) ||
              !cvn_rtc_json_get_int (json_node_get_object (node), "minHeight", FALSE, 0, 0, MAX_HEIGHT, &min_height, CODE, NULL) ||
              !cvn_rtc_json_get_int (json_node_get_object (node), "maxHeight", FALSE, MAX_HEIGHT, 0, MAX_HEIGHT, &max_height, CODE, NULL))
            {
              g_set_error (error, CVN_RTC_ERROR, CODE, "the constraint of endpoint “%s” is malformed", (const char *) l->data);
              return NULL;
            }
          c->endpoint = g_strdup (l->data);
          c->min_height = (guint) min_height;
          c->max_height = (guint) max_height;
          self->n_constraints++;
        }
    }
  return g_steal_pointer (&self);
}

const CvnRtcEndpointConstraint *
cvn_rtc_receiver_video_constraints_lookup (const CvnRtcReceiverVideoConstraints *self,
                                           const char                           *endpoint)
{
  for (guint i = 0; i < self->n_constraints; i++)
    {
      if (g_strcmp0 (self->constraints[i].endpoint, endpoint) == 0)
        return &self->constraints[i];
    }
  return NULL;
}

char *
cvn_rtc_sender_video_constraints_to_json (guint ideal_height)
{
  return g_strdup_printf ("{\"colibriClass\":\"SenderVideoConstraints\",\"videoConstraints\":{\"idealHeight\":%u}}",
                          ideal_height);
}

gboolean
cvn_rtc_sender_video_constraints_parse (const char  *text,
                                        guint       *ideal_height,
                                        GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObject *object;
  JsonObject *member;
  gint64 height;

  object = parse_class (text, "SenderVideoConstraints", &root, error);
  if (object == NULL)
    return FALSE;
  member = cvn_rtc_json_get_object (object, "videoConstraints", TRUE, CODE, error);
  if (member == NULL ||
      !cvn_rtc_json_get_int (member, "idealHeight", TRUE, 0, 0, MAX_HEIGHT, &height, CODE, error))
    return FALSE;
  *ideal_height = (guint) height;
  return TRUE;
}
