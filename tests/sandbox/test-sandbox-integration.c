/* test-sandbox-integration.c: the sandbox data centre through the project's own MTProto
 * client over loopback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-sandbox-server.h"
#include "cvn-sandbox-private.h"

#include "cvn-mtproto-client.h"
#include "cvn-mtproto-error.h"
#include "cvn-rsa.h"
#include "cvn-test-wait.h"
#include "cvn-tl-json.h"

#include <string.h>

#define WAIT_MS 20000

static CvnRsaKey *server_key;

typedef struct
{
  CvnClock         *clock;
  CvnSandboxWorld  *world;
  CvnSandboxServer *server;
  GPtrArray        *clients;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->clock = cvn_clock_new_system ();
  f->world = cvn_sandbox_world_new (f->clock, 42);
  cvn_sandbox_world_load_default (f->world);
  f->server = cvn_sandbox_server_new (f->world, server_key);
  g_assert_true (cvn_sandbox_server_listen (f->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  f->clients = g_ptr_array_new_with_free_func (g_object_unref);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < f->clients->len; i++)
    cvn_mtproto_client_close (f->clients->pdata[i]);
  g_clear_pointer (&f->clients, g_ptr_array_unref);
  cvn_sandbox_server_stop (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->world);
  g_clear_object (&f->clock);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static CvnMtprotoClient *
make_client (Fixture *f)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rsa_key_free);
  CvnMtprotoClient *client;

  g_ptr_array_add (keys, cvn_rsa_key_copy (server_key));
  client = cvn_mtproto_client_new ("127.0.0.1", cvn_sandbox_server_get_port (f->server), 2, keys);
  g_ptr_array_add (f->clients, client);
  return client;
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static CvnMtprotoResult *
invoke (CvnMtprotoClient *client,
        GError          **error,
        const char       *format,
        ...) G_GNUC_PRINTF (3, 4);

static CvnMtprotoResult *
invoke (CvnMtprotoClient *client,
        GError          **error,
        const char       *format,
        ...)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *json = NULL;
  CvnTlObject *query;
  va_list args;

  va_start (args, format);
  json = g_strdup_vprintf (format, args);
  va_end (args);
  query = cvn_tl_object_from_json (json, -1, CVN_TL_SCHEMA_API, arena, &local);
  g_assert_no_error (local);
  cvn_mtproto_client_invoke_async (client, query, NULL, store_result, &result);
  g_assert_true (cvn_test_wait_for_result (NULL, &result, WAIT_MS, &local));
  g_assert_no_error (local);
  return cvn_mtproto_client_invoke_finish (client, result, error);
}

static void
login (CvnMtprotoClient *client,
       const char       *phone,
       const char       *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) sent = NULL;
  g_autoptr(CvnMtprotoResult) auth = NULL;
  CvnTlApiAuthSentCode *s;

  sent = invoke (client, &error, "{\"_\":\"auth.sendCode\",\"phone_number\":\"%s\",\"api_id\":1,"
                                 "\"api_hash\":\"x\",\"settings\":{\"_\":\"codeSettings\"}}", phone);
  g_assert_no_error (error);
  s = (CvnTlApiAuthSentCode *) cvn_mtproto_result_get_object (sent);
  auth = invoke (client, &error, "{\"_\":\"auth.signIn\",\"phone_number\":\"%s\",\"phone_code_hash\":\"%s\","
                                 "\"phone_code\":\"%s\"}", phone, s->phone_code_hash.str, code);
  g_assert_no_error (error);
  g_assert_cmphex (cvn_mtproto_result_get_object (auth)->ctor->id, ==, CVN_TL_API_AUTH_AUTHORIZATION_ID);
}

typedef struct
{
  guint  n;
  gint32 last_version;
} Seen;

static void
on_update (CvnMtprotoClient *client,
           CvnMtprotoResult *result,
           gpointer          user_data)
{
  Seen *seen = user_data;
  CvnTlObject *object = cvn_mtproto_result_get_object (result);
  CvnTlApiUpdates *updates = (CvnTlApiUpdates *) object;

  if (object == NULL || object->ctor->id != CVN_TL_API_UPDATES_ID)
    return;
  for (guint i = 0; i < updates->updates->len; i++)
    if (updates->updates->objects[i]->ctor->id == CVN_TL_API_UPDATE_GROUP_CALL_PARTICIPANTS_ID)
      {
        seen->n++;
        seen->last_version = ((CvnTlApiUpdateGroupCallParticipants *) updates->updates->objects[i])->version;
      }
}

static gboolean
seen_some (gpointer user_data)
{
  return ((Seen *) user_data)->n > 0;
}

static void
test_login_and_call (Fixture       *f,
                     gconstpointer  data)
{
  CvnMtprotoClient *ada = make_client (f);
  CvnMtprotoClient *brian = make_client (f);
  CvnSandboxCall *call = cvn_sandbox_world_get_call (f->world, cvn_sandbox_world_find_call (f->world, 1000000001));
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) r = NULL;
  g_autoptr(CvnMtprotoResult) joined = NULL;
  CvnTlApiPhoneGroupCall *gc;
  Seen seen = { 0 };
  gint32 version = call->version;

  /* before login: 401 */
  r = invoke (ada, &error, "{\"_\":\"phone.getGroupCall\",\"call\":{\"_\":\"inputGroupCall\",\"id\":\"%" G_GINT64_FORMAT "\","
                           "\"access_hash\":\"%" G_GINT64_FORMAT "\"},\"limit\":5}", call->id, call->access_hash);
  g_assert_error (error, CVN_MTPROTO_RPC_ERROR, 401);
  g_assert_cmpstr (cvn_mtproto_rpc_error_get_message (error), ==, "AUTH_KEY_UNREGISTERED");
  g_clear_error (&error);

  login (ada, "9996610001", "11111");
  login (brian, "9996620002", "22222");
  g_signal_connect (brian, "update", G_CALLBACK (on_update), &seen);

  /* the live call of the default world, with the seed's limit rule */
  g_clear_pointer (&r, cvn_mtproto_result_unref);
  r = invoke (ada, &error, "{\"_\":\"phone.getGroupCall\",\"call\":{\"_\":\"inputGroupCall\",\"id\":\"%" G_GINT64_FORMAT "\","
                           "\"access_hash\":\"%" G_GINT64_FORMAT "\"},\"limit\":1}", call->id, call->access_hash);
  g_assert_no_error (error);
  gc = (CvnTlApiPhoneGroupCall *) cvn_mtproto_result_get_object (r);
  g_assert_cmpuint (gc->participants->len, ==, 3);
  g_assert_cmpint (((CvnTlApiGroupCall *) gc->call)->participants_count, ==, 8);

  /* Ada joins; Brian's connection gets the versioned update pushed */
  joined = invoke (ada, &error, "{\"_\":\"phone.joinGroupCall\",\"muted\":true,\"call\":{\"_\":\"inputGroupCall\","
                                "\"id\":\"%" G_GINT64_FORMAT "\",\"access_hash\":\"%" G_GINT64_FORMAT "\"},"
                                "\"join_as\":{\"_\":\"inputPeerSelf\"},\"params\":{\"_\":\"dataJSON\",\"data\":"
                                "\"{\\\"ssrc\\\":77,\\\"ufrag\\\":\\\"u\\\",\\\"pwd\\\":\\\"p\\\",\\\"fingerprints\\\":"
                                "[{\\\"hash\\\":\\\"sha-256\\\",\\\"fingerprint\\\":\\\"AA\\\",\\\"setup\\\":\\\"active\\\"}]}\"}}",
                call->id, call->access_hash);
  g_assert_no_error (error);
  cvn_test_assert_wait (NULL, seen_some, &seen, WAIT_MS);
  g_assert_cmpint (seen.last_version, ==, version + 1);

  /* an error through the wire: the same SSRC from Brian */
  g_clear_pointer (&r, cvn_mtproto_result_unref);
  r = invoke (brian, &error, "{\"_\":\"phone.joinGroupCall\",\"call\":{\"_\":\"inputGroupCall\","
                             "\"id\":\"%" G_GINT64_FORMAT "\",\"access_hash\":\"%" G_GINT64_FORMAT "\"},"
                             "\"join_as\":{\"_\":\"inputPeerSelf\"},\"params\":{\"_\":\"dataJSON\",\"data\":"
                             "\"{\\\"ssrc\\\":77,\\\"ufrag\\\":\\\"u\\\",\\\"pwd\\\":\\\"p\\\",\\\"fingerprints\\\":"
                             "[{\\\"hash\\\":\\\"sha-256\\\",\\\"fingerprint\\\":\\\"AA\\\"}]}\"}}",
             call->id, call->access_hash);
  g_assert_error (error, CVN_MTPROTO_RPC_ERROR, 400);
  g_assert_cmpstr (cvn_mtproto_rpc_error_get_message (error), ==, "GROUPCALL_SSRC_DUPLICATE_MUCH");
  g_clear_error (&error);

  /* a Vector<int> result */
  g_clear_pointer (&r, cvn_mtproto_result_unref);
  r = invoke (ada, &error, "{\"_\":\"phone.checkGroupCall\",\"call\":{\"_\":\"inputGroupCall\","
                           "\"id\":\"%" G_GINT64_FORMAT "\",\"access_hash\":\"%" G_GINT64_FORMAT "\"},\"sources\":[77,5]}",
             call->id, call->access_hash);
  g_assert_no_error (error);
  g_assert_cmpuint (cvn_mtproto_result_get_value (r)->vector->len, ==, 1);

  /* the connection breaks; the login survives (it belongs to the auth key) */
  cvn_mtproto_server_close_connections (cvn_sandbox_server_get_mtproto (f->server));
  g_clear_pointer (&r, cvn_mtproto_result_unref);
  r = invoke (ada, &error, "{\"_\":\"users.getFullUser\",\"id\":{\"_\":\"inputUserSelf\"}}");
  g_assert_no_error (error);
  g_assert_cmpint (((CvnTlApiUserFull *) ((CvnTlApiUsersUserFull *) cvn_mtproto_result_get_object (r))->full_user)->id,
                   ==, 1001);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  server_key = cvn_rsa_key_generate (2048, &error);
  g_assert_no_error (error);

  g_test_add ("/sandbox/integration/login-and-call", Fixture, NULL, fixture_setup, test_login_and_call,
              fixture_teardown);

  status = g_test_run ();
  cvn_rsa_key_free (server_key);
  return status;
}
