/* cvn-call-link.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Telegram's call links come in a tg:// form (the desktop's x-scheme-handler) and an https
 * form on t.me (and its aliases telegram.me, telegram.dog). A link that does not match one of
 * the forms exactly is an error, never a guess: joining the wrong call is worse than an error.
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cvn-call-link.h"
#include "cvn-model-error.h"

#define MAX_HASH_LENGTH 128

struct _CvnCallLink
{
  GObject parent_instance;

  CvnCallLinkKind kind;
  char *username;
  char *invite_hash;
  char *slug;
};

G_DEFINE_FINAL_TYPE (CvnCallLink, cvn_call_link, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_USERNAME,
  PROP_INVITE_HASH,
  PROP_SLUG,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

GType
cvn_call_link_kind_get_type (void)
{
  static gsize type_id = 0;

  if (g_once_init_enter (&type_id))
    {
      static const GEnumValue values[] = {
        { CVN_CALL_LINK_VIDEO_CHAT, "CVN_CALL_LINK_VIDEO_CHAT", "video-chat" },
        { CVN_CALL_LINK_LIVESTREAM, "CVN_CALL_LINK_LIVESTREAM", "livestream" },
        { CVN_CALL_LINK_VOICE_CHAT, "CVN_CALL_LINK_VOICE_CHAT", "voice-chat" },
        { CVN_CALL_LINK_CONFERENCE, "CVN_CALL_LINK_CONFERENCE", "conference" },
        { 0, NULL, NULL },
      };
      GType type = g_enum_register_static (g_intern_static_string ("CvnCallLinkKind"), values);

      g_once_init_leave (&type_id, type);
    }

  return type_id;
}

static void
cvn_call_link_finalize (GObject *object)
{
  CvnCallLink *self = CVN_CALL_LINK (object);

  g_clear_pointer (&self->username, g_free);
  g_clear_pointer (&self->invite_hash, g_free);
  g_clear_pointer (&self->slug, g_free);

  G_OBJECT_CLASS (cvn_call_link_parent_class)->finalize (object);
}

static void
cvn_call_link_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  CvnCallLink *self = CVN_CALL_LINK (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_INVITE_HASH:
      g_value_set_string (value, self->invite_hash);
      break;
    case PROP_SLUG:
      g_value_set_string (value, self->slug);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_call_link_class_init (CvnCallLinkClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cvn_call_link_finalize;
  object_class->get_property = cvn_call_link_get_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, CVN_TYPE_CALL_LINK_KIND, CVN_CALL_LINK_VIDEO_CHAT,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USERNAME] =
    g_param_spec_string ("username", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_INVITE_HASH] =
    g_param_spec_string ("invite-hash", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SLUG] =
    g_param_spec_string ("slug", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cvn_call_link_init (CvnCallLink *self)
{
}

/* Telegram usernames: 4..32 characters of [A-Za-z0-9_], starting with a letter, not ending
 * with an underscore, no double underscore. */
static gboolean
is_valid_username (const char *name)
{
  gsize len = strlen (name);

  if (len < 4 || len > 32 || !g_ascii_isalpha (name[0]) || name[len - 1] == '_')
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isalnum (name[i]) && name[i] != '_')
        return FALSE;
      if (name[i] == '_' && name[i + 1] == '_')
        return FALSE;
    }

  return TRUE;
}

/* Invite hashes and slugs are URL-safe base64 words. */
static gboolean
is_valid_token (const char *token)
{
  gsize len = strlen (token);

  if (len == 0 || len > MAX_HASH_LENGTH)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isalnum (token[i]) && token[i] != '_' && token[i] != '-')
      return FALSE;

  return TRUE;
}

static gboolean
fail (GError     **error,
      const char  *text,
      const char  *why)
{
  g_set_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_INVALID_LINK,
               /* Translators: the first %s is the link, the second why it is wrong */
               _("“%s” is not a call link: %s"), text, why);
  return FALSE;
}

/* Splits "a=b&c&d=e" into a table; a key without '=' maps to "". Unescapes values.
 * Returns NULL when a key repeats or an escape is broken. */
static GHashTable *
parse_query (const char *query)
{
  g_autoptr(GHashTable) table = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_auto(GStrv) pairs = NULL;

  if (query == NULL || *query == '\0')
    return g_steal_pointer (&table);

  pairs = g_strsplit (query, "&", -1);
  for (guint i = 0; pairs[i] != NULL; i++)
    {
      const char *eq = strchr (pairs[i], '=');
      g_autofree char *key = NULL;
      g_autofree char *value = NULL;

      if (*pairs[i] == '\0')
        continue;
      key = eq ? g_strndup (pairs[i], eq - pairs[i]) : g_strdup (pairs[i]);
      value = eq ? g_uri_unescape_string (eq + 1, NULL) : g_strdup ("");
      if (value == NULL || *key == '\0' || g_hash_table_contains (table, key))
        return NULL;
      g_hash_table_insert (table, g_steal_pointer (&key), g_steal_pointer (&value));
    }

  return g_steal_pointer (&table);
}

static const struct {
  const char *key;
  CvnCallLinkKind kind;
} call_keys[] = {
  { "videochat", CVN_CALL_LINK_VIDEO_CHAT },
  { "livestream", CVN_CALL_LINK_LIVESTREAM },
  { "voicechat", CVN_CALL_LINK_VOICE_CHAT },
};

/* Finds the one call key of a resolve-style link and its optional invite hash. */
static gboolean
take_call_key (GHashTable       *query,
               const char       *text,
               CvnCallLink      *link,
               GError          **error)
{
  g_autofree char *hash = NULL;
  gboolean found = FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (call_keys); i++)
    {
      const char *value = g_hash_table_lookup (query, call_keys[i].key);

      if (value == NULL)
        continue;
      if (found)
        return fail (error, text, _("it names more than one kind of call"));
      found = TRUE;
      link->kind = call_keys[i].kind;
      hash = g_strdup (value);
    }

  if (!found)
    return fail (error, text, _("it does not lead to a video chat or livestream"));

  if (*hash != '\0')
    {
      if (!is_valid_token (hash))
        return fail (error, text, _("the invite hash is malformed"));
      link->invite_hash = g_steal_pointer (&hash);
    }

  return TRUE;
}

static gboolean
is_telegram_host (const char *host)
{
  return g_ascii_strcasecmp (host, "t.me") == 0 ||
         g_ascii_strcasecmp (host, "telegram.me") == 0 ||
         g_ascii_strcasecmp (host, "telegram.dog") == 0 ||
         g_ascii_strcasecmp (host, "www.t.me") == 0;
}

static gboolean
parse_tg_uri (GUri        *uri,
              const char  *text,
              CvnCallLink *link,
              GError     **error)
{
  const char *host = g_uri_get_host (uri);
  g_autoptr(GHashTable) query = NULL;

  if (host == NULL || (*g_uri_get_path (uri) != '\0' && g_strcmp0 (g_uri_get_path (uri), "/") != 0))
    return fail (error, text, _("the tg: link has an unexpected form"));

  query = parse_query (g_uri_get_query (uri));
  if (query == NULL)
    return fail (error, text, _("its parameters are malformed"));

  if (g_ascii_strcasecmp (host, "resolve") == 0)
    {
      const char *domain = g_hash_table_lookup (query, "domain");

      if (domain == NULL || !is_valid_username (domain))
        return fail (error, text, _("it names no valid public chat"));
      link->username = g_strdup (domain);
      return take_call_key (query, text, link, error);
    }

  if (g_ascii_strcasecmp (host, "call") == 0)
    {
      const char *slug = g_hash_table_lookup (query, "slug");

      if (slug == NULL || !is_valid_token (slug))
        return fail (error, text, _("the conference link has no valid slug"));
      link->kind = CVN_CALL_LINK_CONFERENCE;
      link->slug = g_strdup (slug);
      return TRUE;
    }

  return fail (error, text, _("it does not lead to a call"));
}

static gboolean
parse_https_uri (GUri        *uri,
                 const char  *text,
                 CvnCallLink *link,
                 GError     **error)
{
  const char *host = g_uri_get_host (uri);
  g_auto(GStrv) segments = NULL;
  g_autoptr(GHashTable) query = NULL;
  const char *path = g_uri_get_path (uri);

  if (host == NULL || !is_telegram_host (host))
    return fail (error, text, _("it is not a Telegram link"));

  if (*path == '/')
    path++;
  segments = g_strsplit (path, "/", -1);
  /* A trailing slash gives an empty last segment: t.me/call/SLUG/ is the same link. */
  if (g_strv_length (segments) > 1 && *segments[g_strv_length (segments) - 1] == '\0')
    {
      g_free (segments[g_strv_length (segments) - 1]);
      segments[g_strv_length (segments) - 1] = NULL;
    }

  query = parse_query (g_uri_get_query (uri));
  if (query == NULL)
    return fail (error, text, _("its parameters are malformed"));

  if (g_strv_length (segments) == 2 && g_strcmp0 (segments[0], "call") == 0)
    {
      if (!is_valid_token (segments[1]))
        return fail (error, text, _("the conference link has no valid slug"));
      link->kind = CVN_CALL_LINK_CONFERENCE;
      link->slug = g_strdup (segments[1]);
      return TRUE;
    }

  if (g_strv_length (segments) == 1 && is_valid_username (segments[0]))
    {
      link->username = g_strdup (segments[0]);
      return take_call_key (query, text, link, error);
    }

  return fail (error, text, _("it does not lead to a call"));
}

/* RFC 3986: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":" */
static gboolean
has_scheme (const char *text)
{
  const char *p = text;

  if (!g_ascii_isalpha (*p))
    return FALSE;
  while (g_ascii_isalnum (*p) || *p == '+' || *p == '-' || *p == '.')
    p++;

  return *p == ':';
}

/**
 * cvn_call_link_parse:
 * @text: a link as the user pasted it (surrounding white space is ignored; a link without
 *   a scheme, like `t.me/call/abc`, is read as https)
 * @error: where a malformed link is reported, in %CVN_MODEL_ERROR_INVALID_LINK
 *
 * Returns: (transfer full): the call the link leads to
 */
CvnCallLink *
cvn_call_link_parse (const char  *text,
                     GError     **error)
{
  g_autoptr(CvnCallLink) link = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autofree char *trimmed = NULL;
  g_autofree char *with_scheme = NULL;
  const char *scheme;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  trimmed = g_strstrip (g_strdup (text));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_INVALID_LINK,
                           _("The link is empty"));
      return NULL;
    }
  if (!g_utf8_validate (trimmed, -1, NULL))
    {
      g_set_error_literal (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_INVALID_LINK,
                           _("The link is not valid text"));
      return NULL;
    }

  /* Not g_uri_peek_scheme (): it interns every scheme it sees, and links come from other
   * programs, so a stream of made-up schemes would grow GLib's quark table for ever. */
  if (!has_scheme (trimmed))
    with_scheme = g_strconcat ("https://", trimmed, NULL);

  uri = g_uri_parse (with_scheme ? with_scheme : trimmed, G_URI_FLAGS_ENCODED_QUERY, NULL);
  if (uri == NULL)
    {
      fail (error, trimmed, _("it is not a valid address"));
      return NULL;
    }

  link = g_object_new (CVN_TYPE_CALL_LINK, NULL);
  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "tg") == 0)
    {
      if (!parse_tg_uri (uri, trimmed, link, error))
        return NULL;
    }
  else if (g_ascii_strcasecmp (scheme, "https") == 0 || g_ascii_strcasecmp (scheme, "http") == 0)
    {
      if (!parse_https_uri (uri, trimmed, link, error))
        return NULL;
    }
  else
    {
      fail (error, trimmed, _("it is not a Telegram link"));
      return NULL;
    }

  return g_steal_pointer (&link);
}

CvnCallLinkKind
cvn_call_link_get_kind (CvnCallLink *self)
{
  g_return_val_if_fail (CVN_IS_CALL_LINK (self), CVN_CALL_LINK_VIDEO_CHAT);

  return self->kind;
}

const char *
cvn_call_link_get_username (CvnCallLink *self)
{
  g_return_val_if_fail (CVN_IS_CALL_LINK (self), NULL);

  return self->username;
}

const char *
cvn_call_link_get_invite_hash (CvnCallLink *self)
{
  g_return_val_if_fail (CVN_IS_CALL_LINK (self), NULL);

  return self->invite_hash;
}

const char *
cvn_call_link_get_slug (CvnCallLink *self)
{
  g_return_val_if_fail (CVN_IS_CALL_LINK (self), NULL);

  return self->slug;
}

char *
cvn_call_link_to_uri (CvnCallLink *self)
{
  g_return_val_if_fail (CVN_IS_CALL_LINK (self), NULL);

  if (self->kind == CVN_CALL_LINK_CONFERENCE)
    return g_strdup_printf ("https://t.me/call/%s", self->slug);

  for (guint i = 0; i < G_N_ELEMENTS (call_keys); i++)
    if (call_keys[i].kind == self->kind)
      return g_strdup_printf ("https://t.me/%s?%s%s%s", self->username, call_keys[i].key,
                              self->invite_hash ? "=" : "",
                              self->invite_hash ? self->invite_hash : "");

  g_return_val_if_reached (NULL);
}
