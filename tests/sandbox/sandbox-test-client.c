/* sandbox-test-client.c: see sandbox-test-client.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sandbox-test-client.h"

#include "cvn-srp.h"

#include <stdlib.h>
#include <string.h>

static CvnRsaKey *server_key;

static JsonNode *result_json (SbxFixture       *f,
                              CvnMtprotoResult *result);

void
sbx_init (void)
{
  g_autoptr(GError) error = NULL;

  server_key = cvn_rsa_key_generate (2048, &error);
  g_assert_no_error (error);
}

void
sbx_shutdown (void)
{
  g_clear_pointer (&server_key, cvn_rsa_key_free);
}

static void
client_free (SbxClient *c)
{
  g_signal_handlers_disconnect_by_data (c->client, c);
  cvn_mtproto_client_close (c->client);
  g_object_unref (c->client);
  g_ptr_array_unref (c->pushed);
  g_free (c);
}

void
sbx_fixture_setup (SbxFixture    *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->clock = cvn_clock_new_system ();
  f->world = cvn_sandbox_world_new (f->clock, 42);
  cvn_sandbox_world_load_default (f->world);
  f->server = cvn_sandbox_server_new (f->world, server_key);
  g_assert_true (cvn_sandbox_server_listen (f->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  f->clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
  f->garbage = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  f->strings = g_ptr_array_new_with_free_func (g_free);
}

void
sbx_fixture_teardown (SbxFixture    *f,
                      gconstpointer  data)
{
  g_clear_pointer (&f->clients, g_ptr_array_unref);
  cvn_sandbox_server_stop (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->world);
  g_clear_object (&f->clock);
  g_clear_pointer (&f->garbage, g_ptr_array_unref);
  g_clear_pointer (&f->strings, g_ptr_array_unref);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static JsonNode *
parse (const char *json)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
on_update (CvnMtprotoClient *client,
           CvnMtprotoResult *result,
           gpointer          user_data)
{
  SbxClient *c = user_data;
  CvnTlObject *object = cvn_mtproto_result_get_object (result);
  g_autofree char *json = NULL;

  if (object == NULL)
    return;
  json = cvn_tl_object_to_json (object);
  g_ptr_array_add (c->pushed, parse (json));
}

SbxClient *
sbx_client_new (SbxFixture *f)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rsa_key_free);
  SbxClient *c = g_new0 (SbxClient, 1);

  g_ptr_array_add (keys, cvn_rsa_key_copy (server_key));
  c->client = cvn_mtproto_client_new ("127.0.0.1", cvn_sandbox_server_get_port (f->server), 2, keys);
  c->pushed = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  g_signal_connect (c->client, "update", G_CALLBACK (on_update), c);
  g_ptr_array_add (f->clients, c);
  return c;
}

SbxClient *
sbx_login (SbxFixture *f,
           const char *phone)
{
  SbxClient *c = sbx_client_new (f);
  char code[6];
  JsonNode *sent, *auth;

  g_assert_cmpuint (strlen (phone), ==, 10);
  memset (code, phone[5], 5);
  code[5] = '\0';
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;

  sent = sbx_ok (f, c, "{\"_\":\"auth.sendCode\",\"phone_number\":\"%s\",\"api_id\":1,\"api_hash\":\"x\","
                       "\"settings\":{\"_\":\"codeSettings\"}}", phone);
  result = sbx_invoke (f, c, &error, "{\"_\":\"auth.signIn\",\"phone_number\":\"%s\",\"phone_code_hash\":\"%s\","
                                     "\"phone_code\":\"%s\"}", phone, jstr (sent, "phone_code_hash"), code);
  if (g_error_matches (error, CVN_MTPROTO_RPC_ERROR, 401) &&
      g_strcmp0 (cvn_mtproto_rpc_error_get_message (error), "SESSION_PASSWORD_NEEDED") == 0)
    auth = sbx_check_password (f, c, "convene");   /* the default world's two-step account */
  else
    {
      g_assert_no_error (error);
      auth = result_json (f, result);
    }
  g_assert_cmpstr (jtype (auth, NULL), ==, "auth.authorization");
  c->user_id = jint (auth, "user.id");
  return c;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static CvnMtprotoResult *
invoke_json (SbxClient  *c,
             const char *json,
             GError    **error)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) local = NULL;
  CvnTlObject *query;

  query = cvn_tl_object_from_json (json, -1, CVN_TL_SCHEMA_API, arena, &local);
  if (local != NULL)
    g_error ("request %s: %s", json, local->message);
  cvn_mtproto_client_invoke_async (c->client, query, NULL, store_result, &result);
  g_assert_true (cvn_test_wait_for_result (NULL, &result, SBX_WAIT_MS, &local));
  g_assert_no_error (local);
  return cvn_mtproto_client_invoke_finish (c->client, result, error);
}

CvnMtprotoResult *
sbx_invoke (SbxFixture *f,
            SbxClient  *c,
            GError    **error,
            const char *format,
            ...)
{
  g_autofree char *json = NULL;
  va_list args;

  va_start (args, format);
  json = g_strdup_vprintf (format, args);
  va_end (args);
  return invoke_json (c, json, error);
}

static JsonNode *
result_json (SbxFixture       *f,
             CvnMtprotoResult *result)
{
  const CvnTlValue *value = cvn_mtproto_result_get_value (result);
  g_autofree char *json = NULL;
  JsonNode *node;

  if (value->kind == CVN_TL_KIND_OBJECT)
    json = cvn_tl_object_to_json (value->object);
  else
    json = cvn_tl_value_to_json (value, 0);
  node = parse (json);
  g_ptr_array_add (f->garbage, node);
  return node;
}

JsonNode *
sbx_ok (SbxFixture *f,
        SbxClient  *c,
        const char *format,
        ...)
{
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;
  va_list args;

  va_start (args, format);
  json = g_strdup_vprintf (format, args);
  va_end (args);
  result = invoke_json (c, json, &error);
  if (error != NULL)
    g_error ("%s: unexpected error %d %s", json, error->code,
             error->domain == CVN_MTPROTO_RPC_ERROR ? cvn_mtproto_rpc_error_get_message (error) : error->message);
  return result_json (f, result);
}

void
sbx_fails (SbxFixture *f,
           SbxClient  *c,
           gint        code,
           const char *message,
           const char *format,
           ...)
{
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;
  va_list args;

  va_start (args, format);
  json = g_strdup_vprintf (format, args);
  va_end (args);
  result = invoke_json (c, json, &error);
  if (result != NULL)
    g_error ("%s: succeeded, expected %d %s", json, code, message);
  if (error->domain != CVN_MTPROTO_RPC_ERROR || error->code != code ||
      g_strcmp0 (cvn_mtproto_rpc_error_get_message (error), message) != 0)
    g_error ("%s: got %d %s, expected %d %s", json, error->code,
             error->domain == CVN_MTPROTO_RPC_ERROR ? cvn_mtproto_rpc_error_get_message (error) : error->message,
             code, message);
}

void
sbx_sync (SbxFixture *f,
          SbxClient  *c)
{
  sbx_ok (f, c, "{\"_\":\"help.getNearestDc\"}");
}

void
sbx_clear_pushed (SbxClient *c)
{
  g_ptr_array_set_size (c->pushed, 0);
}

static void
collect (JsonNode   *updates,
         const char *type,
         GPtrArray  *out)
{
  const char *kind = jtype (updates, NULL);

  if (g_strcmp0 (kind, "updateShort") == 0)
    {
      JsonNode *u = jget (updates, "update");

      if (g_strcmp0 (jtype (u, NULL), type) == 0)
        g_ptr_array_add (out, u);
      return;
    }
  for (guint i = 0; i < jlen (updates, "updates"); i++)
    {
      JsonNode *u = json_array_get_element (json_node_get_array (jget (updates, "updates")), i);

      if (type == NULL || g_strcmp0 (jtype (u, NULL), type) == 0)
        g_ptr_array_add (out, u);
    }
}

GPtrArray *
sbx_pushed (SbxClient  *c,
            const char *type)
{
  GPtrArray *out = g_ptr_array_new ();

  for (guint i = 0; i < c->pushed->len; i++)
    collect (c->pushed->pdata[i], type, out);
  return out;
}

typedef struct
{
  SbxClient  *c;
  const char *type;
  guint       n;
} PushedWait;

static gboolean
enough_pushed (gpointer user_data)
{
  PushedWait *w = user_data;
  g_autoptr(GPtrArray) found = sbx_pushed (w->c, w->type);

  return found->len >= w->n;
}

void
sbx_wait_pushed (SbxClient  *c,
                 const char *type,
                 guint       n)
{
  PushedWait w = { c, type, n };

  cvn_test_assert_wait (NULL, enough_pushed, &w, SBX_WAIT_MS);
}

/* --- JSON paths ---------------------------------------------------------------- */

JsonNode *
jget (JsonNode   *node,
      const char *path)
{
  g_auto(GStrv) parts = NULL;

  if (path == NULL || path[0] == '\0')
    return node;
  parts = g_strsplit (path, ".", -1);
  for (guint i = 0; node != NULL && parts[i] != NULL; i++)
    {
      if (JSON_NODE_HOLDS_OBJECT (node))
        {
          JsonObject *o = json_node_get_object (node);

          node = json_object_has_member (o, parts[i]) ? json_object_get_member (o, parts[i]) : NULL;
        }
      else if (JSON_NODE_HOLDS_ARRAY (node))
        {
          JsonArray *a = json_node_get_array (node);
          guint64 index;

          if (!g_ascii_string_to_unsigned (parts[i], 10, 0, G_MAXUINT, &index, NULL) ||
              index >= json_array_get_length (a))
            return NULL;
          node = json_array_get_element (a, index);
        }
      else
        return NULL;
    }
  return node;
}

gint64
jint (JsonNode   *node,
      const char *path)
{
  JsonNode *n = jget (node, path);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n))
    {
      g_autofree char *text = node != NULL ? json_to_string (node, FALSE) : g_strdup ("null");

      g_error ("no number at \"%s\" in %s", path, text);
    }
  if (json_node_get_value_type (n) == G_TYPE_STRING)
    return g_ascii_strtoll (json_node_get_string (n), NULL, 10);
  if (json_node_get_value_type (n) == G_TYPE_BOOLEAN)
    return json_node_get_boolean (n);
  return json_node_get_int (n);
}

const char *
jstr (JsonNode   *node,
      const char *path)
{
  JsonNode *n = jget (node, path);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

gboolean
jbool (JsonNode   *node,
       const char *path)
{
  JsonNode *n = jget (node, path);

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_BOOLEAN &&
         json_node_get_boolean (n);
}

guint
jlen (JsonNode   *node,
      const char *path)
{
  JsonNode *n = jget (node, path);

  return n != NULL && JSON_NODE_HOLDS_ARRAY (n) ? json_array_get_length (json_node_get_array (n)) : 0;
}

const char *
jtype (JsonNode   *node,
       const char *path)
{
  return jstr (jget (node, path), "_");
}

JsonNode *
sbx_update (JsonNode   *updates,
            const char *type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (updates, type, found);
  return found->len > 0 ? found->pdata[0] : NULL;
}

guint
sbx_n_updates (JsonNode   *updates,
               const char *type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect (updates, type, found);
  return found->len;
}

/* --- request fragments ------------------------------------------------------------ */

static const char *
keep (SbxFixture *f,
      char       *s)
{
  g_ptr_array_add (f->strings, s);
  return s;
}

const char *
sbx_input_call (SbxFixture     *f,
                CvnSandboxCall *call)
{
  g_assert_nonnull (call);
  return keep (f, g_strdup_printf ("{\"_\":\"inputGroupCall\",\"id\":\"%" G_GINT64_FORMAT "\","
                                   "\"access_hash\":\"%" G_GINT64_FORMAT "\"}", call->id, call->access_hash));
}

const char *
sbx_payload (SbxFixture *f,
             guint32     ssrc,
             gboolean    video)
{
  g_autoptr(JsonNode) node = json_node_new (JSON_NODE_VALUE);
  g_autofree char *inner = NULL;
  g_autofree char *quoted = NULL;

  if (video)
    inner = g_strdup_printf ("{\"ssrc\":%u,\"ufrag\":\"uf%u\",\"pwd\":\"pwdpwdpwd\",\"fingerprints\":"
                             "[{\"hash\":\"sha-256\",\"fingerprint\":\"AB:CD\",\"setup\":\"active\"}],"
                             "\"ssrc-groups\":[{\"semantics\":\"SIM\",\"sources\":[%u,%u,%u]},"
                             "{\"semantics\":\"FID\",\"sources\":[%u,%u]}]}",
                             ssrc, ssrc, ssrc + 1, ssrc + 2, ssrc + 3, ssrc + 1, ssrc + 4);
  else
    inner = g_strdup_printf ("{\"ssrc\":%u,\"ufrag\":\"uf%u\",\"pwd\":\"pwdpwdpwd\",\"fingerprints\":"
                             "[{\"hash\":\"sha-256\",\"fingerprint\":\"AB:CD\",\"setup\":\"active\"}]}",
                             ssrc, ssrc);
  json_node_set_string (node, inner);
  quoted = json_to_string (node, FALSE);
  return keep (f, g_strdup_printf ("{\"_\":\"dataJSON\",\"data\":%s}", quoted));
}

const char *
sbx_channel_peer (SbxFixture *f,
                  gint64      channel_id)
{
  CvnSandboxChat *chat = cvn_sandbox_world_get_chat (f->world, channel_id);

  g_assert_nonnull (chat);
  if (chat->kind == CVN_SANDBOX_CHAT_GROUP)
    return keep (f, g_strdup_printf ("{\"_\":\"inputPeerChat\",\"chat_id\":\"%" G_GINT64_FORMAT "\"}", chat->id));
  return keep (f, g_strdup_printf ("{\"_\":\"inputPeerChannel\",\"channel_id\":\"%" G_GINT64_FORMAT "\","
                                   "\"access_hash\":\"%" G_GINT64_FORMAT "\"}", chat->id, chat->access_hash));
}

const char *
sbx_input_user (SbxFixture *f,
                gint64      user_id)
{
  CvnSandboxUser *user = cvn_sandbox_world_get_user (f->world, user_id);

  g_assert_nonnull (user);
  return keep (f, g_strdup_printf ("{\"_\":\"inputUser\",\"user_id\":\"%" G_GINT64_FORMAT "\","
                                   "\"access_hash\":\"%" G_GINT64_FORMAT "\"}", user->id, user->access_hash));
}

CvnSandboxCall *
sbx_call_of (SbxFixture *f,
             gint64      chat_id)
{
  return cvn_sandbox_world_get_call (f->world, cvn_sandbox_world_find_call (f->world, chat_id));
}

static char *
hex (const guint8 *data,
     gsize         len)
{
  GString *s = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);
  return g_string_free (s, FALSE);
}

JsonNode *
sbx_check_password (SbxFixture *f,
                    SbxClient  *c,
                    const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;
  CvnTlApiAccountPassword *pw;
  CvnTlApiPasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow *algo;
  CvnSrpParams params = { 0 };
  guint8 A[CVN_SRP_LEN], M1[CVN_SRP_M1_LEN];
  g_autofree char *a_hex = NULL, *m_hex = NULL;

  result = sbx_invoke (f, c, &error, "{\"_\":\"account.getPassword\"}");
  g_assert_no_error (error);
  pw = (CvnTlApiAccountPassword *) cvn_mtproto_result_get_object (result);
  g_assert_true (pw->has_password);
  algo = (gpointer) pw->current_algo;
  params.salt1 = algo->salt1.data;
  params.salt1_len = algo->salt1.len;
  params.salt2 = algo->salt2.data;
  params.salt2_len = algo->salt2.len;
  params.g = algo->g;
  params.p = algo->p.data;
  params.p_len = algo->p.len;
  g_assert_true (cvn_srp_compute_check (&params, password, strlen (password), pw->srp_B.data, pw->srp_B.len,
                                        NULL, 0, A, M1, &error));
  g_assert_no_error (error);
  a_hex = hex (A, sizeof A);
  m_hex = hex (M1, sizeof M1);
  return sbx_ok (f, c, "{\"_\":\"auth.checkPassword\",\"password\":{\"_\":\"inputCheckPasswordSRP\","
                       "\"srp_id\":\"%" G_GINT64_FORMAT "\",\"A\":{\"$hex\":\"%s\"},\"M1\":{\"$hex\":\"%s\"}}}",
                 pw->srp_id, a_hex, m_hex);
}
