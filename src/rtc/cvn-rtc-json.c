/* cvn-rtc-json.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "cvn-rtc-error.h"
#include "cvn-rtc-json-private.h"

/* Size, encoding, shape and nesting are checked before json-glib sees the text: its parser
 * recurses, and json-glib 1.6 leaks what it has built when it meets leading or trailing
 * garbage ("6{...}", "{...}x"). So the text must be exactly one object, with nothing around
 * it but white space. */
static gboolean
check_shape (const char  *data,
             gsize        len,
             int          code,
             const char  *what,
             GError     **error)
{
  gboolean in_string = FALSE;
  gboolean escaped = FALSE;
  guint depth = 0;
  gsize first = 0;
  gsize last = len;

  if (len > CVN_RTC_JSON_MAX_SIZE)
    {
      g_set_error (error, CVN_RTC_ERROR, code, "%s: %" G_GSIZE_FORMAT " bytes is too large",
                   what, len);
      return FALSE;
    }
  if (memchr (data, '\0', len) != NULL || !g_utf8_validate (data, len, NULL))
    {
      g_set_error (error, CVN_RTC_ERROR, code, "%s: not UTF-8 text", what);
      return FALSE;
    }

  while (first < len && g_ascii_isspace (data[first]))
    first++;
  while (last > first && g_ascii_isspace (data[last - 1]))
    last--;
  if (first == last || data[first] != '{' || data[last - 1] != '}')
    {
      g_set_error (error, CVN_RTC_ERROR, code, "%s: not a JSON object", what);
      return FALSE;
    }

  for (gsize i = first; i < last; i++)
    {
      char c = data[i];

      if (in_string)
        {
          if (escaped)
            escaped = FALSE;
          else if (c == '\\')
            escaped = TRUE;
          else if (c == '"')
            in_string = FALSE;
          continue;
        }
      if (c == '"')
        in_string = TRUE;
      else if (c == '{' || c == '[')
        {
          if (++depth > CVN_RTC_JSON_MAX_DEPTH)
            {
              g_set_error (error, CVN_RTC_ERROR, code, "%s: nested too deeply", what);
              return FALSE;
            }
        }
      else if (c == '}' || c == ']')
        {
          /* The outer object closes at the last character, not before. */
          if (depth == 0 || (--depth == 0 && i != last - 1))
            {
              g_set_error (error, CVN_RTC_ERROR, code, "%s: text after the JSON object", what);
              return FALSE;
            }
        }
    }
  if (depth != 0 || in_string)
    {
      g_set_error (error, CVN_RTC_ERROR, code, "%s: the JSON object is not closed", what);
      return FALSE;
    }
  return TRUE;
}

/* json-glib turns escapes such as a lone "\udbff" into bytes that are not UTF-8: every
 * string and member name of the tree is checked. The depth is bounded by check_shape(). */
static gboolean
tree_is_utf8 (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObject *object = json_node_get_object (node);
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, &member))
        {
          if (!g_utf8_validate (name, -1, NULL) || !tree_is_utf8 (member))
            return FALSE;
        }
      return TRUE;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          if (!tree_is_utf8 (json_array_get_element (array, i)))
            return FALSE;
        }
      return TRUE;
    }
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_utf8_validate (json_node_get_string (node), -1, NULL);
  return TRUE;
}

JsonNode *
cvn_rtc_json_parse_object (const char  *data,
                           gssize       len,
                           int          code,
                           const char  *what,
                           GError     **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonNode *root;

  if (data == NULL)
    {
      g_set_error (error, CVN_RTC_ERROR, code, "%s: no data", what);
      return NULL;
    }
  if (len < 0)
    len = strlen (data);
  if (!check_shape (data, len, code, what, error))
    return NULL;

  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, len, &local_error))
    {
      g_set_error (error, CVN_RTC_ERROR, code, "%s: not JSON: %s", what, local_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, CVN_RTC_ERROR, code, "%s: not a JSON object", what);
      return NULL;
    }
  if (!tree_is_utf8 (root))
    {
      g_set_error (error, CVN_RTC_ERROR, code, "%s: a string is not UTF-8 once unescaped", what);
      return NULL;
    }
  return json_node_ref (root);
}

gboolean
cvn_rtc_json_get_string (JsonObject  *object,
                         const char  *member,
                         gboolean     required,
                         const char  *fallback,
                         char       **out,
                         int          code,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, CVN_RTC_ERROR, code, "“%s” is missing", member);
          return FALSE;
        }
      *out = g_strdup (fallback);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    {
      g_set_error (error, CVN_RTC_ERROR, code, "“%s” is not a string", member);
      return FALSE;
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

gboolean
cvn_rtc_json_node_get_int (JsonNode *node,
                           gint64    min,
                           gint64    max,
                           gint64   *out)
{
  GType type;
  gint64 value;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return FALSE;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_INT64)
    value = json_node_get_int (node);
  else if (type == G_TYPE_DOUBLE)
    {
      double d = json_node_get_double (node);

      if (!isfinite (d) || d != floor (d) || d < -9.0e15 || d > 9.0e15)
        return FALSE;
      value = (gint64) d;
    }
  else if (type == G_TYPE_STRING)
    {
      const char *text = json_node_get_string (node);
      guint64 magnitude;
      gboolean negative = FALSE;

      if (text[0] == '-')
        {
          negative = TRUE;
          text++;
        }
      /* Plain decimal digits only: no sign after '-', no spaces, no hex, at most 19 digits. */
      if (text[0] == '\0' || strlen (text) > 19 || strspn (text, "0123456789") != strlen (text))
        return FALSE;
      magnitude = g_ascii_strtoull (text, NULL, 10);
      if (magnitude > G_MAXINT64)
        return FALSE;
      value = negative ? -(gint64) magnitude : (gint64) magnitude;
    }
  else
    return FALSE;

  if (value < min || value > max)
    return FALSE;
  *out = value;
  return TRUE;
}

gboolean
cvn_rtc_json_get_int (JsonObject  *object,
                      const char  *member,
                      gboolean     required,
                      gint64       fallback,
                      gint64       min,
                      gint64       max,
                      gint64      *out,
                      int          code,
                      GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        {
          g_set_error (error, CVN_RTC_ERROR, code, "“%s” is missing", member);
          return FALSE;
        }
      *out = fallback;
      return TRUE;
    }
  if (!cvn_rtc_json_node_get_int (node, min, max, out))
    {
      g_set_error (error, CVN_RTC_ERROR, code,
                   "“%s” is not an integer in [%" G_GINT64_FORMAT ", %" G_GINT64_FORMAT "]",
                   member, min, max);
      return FALSE;
    }
  return TRUE;
}

JsonArray *
cvn_rtc_json_get_array (JsonObject  *object,
                        const char  *member,
                        gboolean     required,
                        int          code,
                        GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, CVN_RTC_ERROR, code, "“%s” is missing", member);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_set_error (error, CVN_RTC_ERROR, code, "“%s” is not an array", member);
      return NULL;
    }
  return json_node_get_array (node);
}

JsonObject *
cvn_rtc_json_get_object (JsonObject  *object,
                         const char  *member,
                         gboolean     required,
                         int          code,
                         GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (required)
        g_set_error (error, CVN_RTC_ERROR, code, "“%s” is missing", member);
      return NULL;
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, CVN_RTC_ERROR, code, "“%s” is not an object", member);
      return NULL;
    }
  return json_node_get_object (node);
}

char *
cvn_rtc_json_scalar_text (JsonNode *node)
{
  GType type;

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node))
    return NULL;
  type = json_node_get_value_type (node);
  if (type == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  if (type == G_TYPE_INT64)
    return g_strdup_printf ("%" G_GINT64_FORMAT, json_node_get_int (node));
  if (type == G_TYPE_DOUBLE)
    {
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      return g_strdup (g_ascii_dtostr (buf, sizeof buf, json_node_get_double (node)));
    }
  if (type == G_TYPE_BOOLEAN)
    return g_strdup (json_node_get_boolean (node) ? "true" : "false");
  return NULL;
}

gboolean
cvn_rtc_json_node_get_ssrc (JsonNode *node,
                            guint32  *out)
{
  gint64 value;

  if (!cvn_rtc_json_node_get_int (node, G_MININT32, G_MAXUINT32, &value))
    return FALSE;
  *out = (guint32) value;
  return TRUE;
}
