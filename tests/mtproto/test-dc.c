/* test-dc.c: two data centres on loopback: the DC table from help.getConfig,
 * PHONE/USER/FILE_MIGRATE with exported and imported authorizations, and a download
 * connection of its own.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-client.h"
#include "cvn-mtproto-error.h"
#include "cvn-mtproto-server.h"
#include "cvn-test-wait.h"

#include <string.h>

#define WAIT_MS 20000
#define USER_ID 424242
#define EXPORT_ID G_GINT64_CONSTANT (7700000000077)
#define EXPORT_TOKEN "token-of-dc-1"
#define FILE_SIZE (512 * 1024)

static CvnRsaKey *server_key;

typedef struct
{
  CvnMtprotoServer *server;
  gint32            dc_id;
  const char       *migrate;       /* answer help.getNearestDc with 303 this, if set */
  gboolean          require_auth;  /* help.getNearestDc needs an imported authorization */
  GHashTable       *authorized;    /* auth_key_id (guint64 *) */
  guint             n_nearest;     /* help.getNearestDc received */
  guint             n_served;      /* ... and answered with a result */
  guint             n_export;
  guint             n_import;
  gint32            export_dc;
  guint             file_delay_ms;
  gboolean          hold_export;   /* keep the export request in held_export */
  CvnMtprotoServerRequest *held_export;
  gboolean          file_received;
  gint64            file_session;
  gint64            nearest_session;
  guint64           nearest_key;
} Dc;

typedef struct
{
  Dc                dc[2];
  CvnMtprotoClient *client;
  guint             n_dc_notify;
  guint             n_updates;
} Fixture;

static void
answer_nearest (Dc                      *dc,
                CvnMtprotoServerRequest *request)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  CvnTlApiNearestDc *nearest = (CvnTlApiNearestDc *) cvn_tl_object_new (arena, CVN_TL_API_NEAREST_DC_CTOR);

  cvn_tl_string_set (arena, &nearest->country, "XX");
  nearest->this_dc = dc->dc_id;
  nearest->nearest_dc = dc->dc_id;
  g_assert_true (cvn_mtproto_server_request_return_object (request, &nearest->parent, &error));
  g_assert_no_error (error);
}

static gboolean
answer_file_cb (gpointer data)
{
  g_autoptr(CvnMtprotoServerRequest) request = data;
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  CvnTlApiUploadFile *file = (CvnTlApiUploadFile *) cvn_tl_object_new (arena, CVN_TL_API_UPLOAD_FILE_CTOR);
  guint8 *bytes = cvn_tl_arena_alloc (arena, FILE_SIZE);

  for (guint i = 0; i < FILE_SIZE; i++)
    bytes[i] = (guint8) (i * 7);
  file->type = cvn_tl_object_new (arena, CVN_TL_API_STORAGE_FILE_PARTIAL_CTOR);
  file->mtime = 1;
  file->bytes.data = bytes;
  file->bytes.len = FILE_SIZE;
  g_assert_true (cvn_mtproto_server_request_return_object (request, &file->parent, &error));
  g_assert_no_error (error);
  return G_SOURCE_REMOVE;
}

static void
handler (CvnMtprotoServer        *server,
         CvnMtprotoServerRequest *request,
         gpointer                 user_data)
{
  Dc *dc = user_data;
  const CvnTlObject *query = cvn_mtproto_server_request_get_query (request);
  CvnMtprotoServerSession *session = cvn_mtproto_server_request_get_session (request);
  guint64 key_id = cvn_mtproto_server_session_get_auth_key_id (session);
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;

  switch (query->ctor->id)
    {
    case CVN_TL_API_HELP_GET_NEAREST_DC_ID:
      dc->n_nearest++;
      dc->nearest_session = cvn_mtproto_server_session_get_id (session);
      dc->nearest_key = key_id;
      if (dc->migrate != NULL)
        cvn_mtproto_server_request_return_error (request, 303, dc->migrate);
      else if (dc->require_auth && !g_hash_table_contains (dc->authorized, &key_id))
        cvn_mtproto_server_request_return_error (request, 401, "AUTH_KEY_UNREGISTERED");
      else
        {
          dc->n_served++;
          answer_nearest (dc, request);
        }
      return;

    case CVN_TL_API_AUTH_EXPORT_AUTHORIZATION_ID:
      {
        CvnTlApiAuthExportedAuthorization *exported =
          (CvnTlApiAuthExportedAuthorization *) cvn_tl_object_new (arena, CVN_TL_API_AUTH_EXPORTED_AUTHORIZATION_CTOR);

        dc->n_export++;
        dc->export_dc = ((const CvnTlApiAuthExportAuthorization *) query)->dc_id;
        if (dc->hold_export && dc->held_export == NULL)
          {
            dc->held_export = cvn_mtproto_server_request_ref (request);
            return;
          }
        exported->id = EXPORT_ID;
        exported->bytes.data = (const guint8 *) EXPORT_TOKEN;
        exported->bytes.len = strlen (EXPORT_TOKEN);
        g_assert_true (cvn_mtproto_server_request_return_object (request, &exported->parent, &error));
        return;
      }

    case CVN_TL_API_AUTH_IMPORT_AUTHORIZATION_ID:
      {
        const CvnTlApiAuthImportAuthorization *import = (const CvnTlApiAuthImportAuthorization *) query;
        CvnTlApiAuthAuthorization *authorization;
        CvnTlApiUser *user;

        dc->n_import++;
        if (import->id != EXPORT_ID || import->bytes.len != strlen (EXPORT_TOKEN) ||
            memcmp (import->bytes.data, EXPORT_TOKEN, import->bytes.len) != 0)
          {
            cvn_mtproto_server_request_return_error (request, 400, "AUTH_BYTES_INVALID");
            return;
          }
        g_hash_table_add (dc->authorized, g_memdup2 (&key_id, sizeof key_id));
        authorization = (CvnTlApiAuthAuthorization *) cvn_tl_object_new (arena, CVN_TL_API_AUTH_AUTHORIZATION_CTOR);
        user = (CvnTlApiUser *) cvn_tl_object_new (arena, CVN_TL_API_USER_CTOR);
        user->id = USER_ID;
        authorization->user = &user->parent;
        g_assert_true (cvn_mtproto_server_request_return_object (request, &authorization->parent, &error));
        return;
      }

    case CVN_TL_API_UPLOAD_GET_FILE_ID:
      /* An update on the download connection's session. */
      g_assert_true (cvn_mtproto_server_session_push (session, cvn_tl_object_new (arena, CVN_TL_API_UPDATES_TOO_LONG_CTOR),
                                                      &error));
      dc->file_received = TRUE;
      dc->file_session = cvn_mtproto_server_session_get_id (session);
      g_timeout_add (dc->file_delay_ms, answer_file_cb, cvn_mtproto_server_request_ref (request));
      return;

    default:
      cvn_mtproto_server_request_return_error (request, 400, "METHOD_NOT_IMPLEMENTED");
      return;
    }
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GPtrArray) options = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_mtproto_dc_option_free);
  CvnMtprotoDcOption *option;

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GError) error = NULL;
      Dc *dc = &f->dc[i];

      dc->dc_id = (gint32) i + 1;
      dc->authorized = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
      dc->file_delay_ms = 1500;
      dc->server = cvn_mtproto_server_new (server_key, dc->dc_id);
      cvn_mtproto_server_set_handler (dc->server, handler, dc, NULL);
      g_assert_true (cvn_mtproto_server_listen (dc->server, "127.0.0.1", 0, &error));
      g_assert_no_error (error);
    }

  /* The table both DCs answer help.getConfig with: DC 2 also has an IPv6, a media-only
   * (with a secret) and a CDN address, DC 3 only a CDN one. */
  option = cvn_mtproto_dc_option_new (2, "::1", 443, CVN_MTPROTO_DC_IPV6);
  g_ptr_array_add (options, option);
  g_ptr_array_add (options, cvn_mtproto_dc_option_new (1, "127.0.0.1", cvn_mtproto_server_get_port (f->dc[0].server), 0));
  option = cvn_mtproto_dc_option_new (2, "127.0.0.2", 4430, CVN_MTPROTO_DC_MEDIA_ONLY | CVN_MTPROTO_DC_STATIC);
  option->secret = g_bytes_new_static ("0123456789abcdef", 16);
  g_ptr_array_add (options, option);
  g_ptr_array_add (options, cvn_mtproto_dc_option_new (2, "127.0.0.1", cvn_mtproto_server_get_port (f->dc[1].server), 0));
  g_ptr_array_add (options, cvn_mtproto_dc_option_new (2, "127.0.0.3", 4431, CVN_MTPROTO_DC_CDN));
  g_ptr_array_add (options, cvn_mtproto_dc_option_new (3, "127.0.0.4", 4432, CVN_MTPROTO_DC_CDN));
  for (guint i = 0; i < 2; i++)
    cvn_mtproto_server_set_dc_options (f->dc[i].server, options);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  if (f->client != NULL)
    cvn_mtproto_client_close (f->client);
  g_clear_object (&f->client);
  for (guint i = 0; i < 2; i++)
    {
      cvn_mtproto_server_stop (f->dc[i].server);
      g_clear_object (&f->dc[i].server);
      g_clear_pointer (&f->dc[i].authorized, g_hash_table_unref);
      g_clear_pointer (&f->dc[i].held_export, cvn_mtproto_server_request_unref);
    }
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
dc_notify_cb (GObject    *object,
              GParamSpec *pspec,
              Fixture    *f)
{
  f->n_dc_notify++;
}

static void
update_cb (CvnMtprotoClient *client,
           CvnMtprotoResult *update,
           Fixture          *f)
{
  g_assert_cmphex (cvn_mtproto_result_get_object (update)->ctor->id, ==, CVN_TL_API_UPDATES_TOO_LONG_ID);
  f->n_updates++;
}

static CvnMtprotoClient *
make_client (Fixture    *f,
             const char *host,
             guint16     port,
             gint32      dc_id)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rsa_key_free);
  CvnMtprotoClient *client;

  g_ptr_array_add (keys, cvn_rsa_key_copy (server_key));
  client = cvn_mtproto_client_new (host, port, dc_id, keys);
  cvn_mtproto_client_set_keepalive (client, 0, 0);
  g_signal_connect (client, "notify::dc-id", G_CALLBACK (dc_notify_cb), f);
  g_signal_connect (client, "update", G_CALLBACK (update_cb), f);
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
invoke_sync (CvnMtprotoClient *client,
             guint32           method_id,
             GError          **error)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) wait_error = NULL;

  cvn_mtproto_client_invoke_async (client, cvn_tl_object_new (arena, cvn_tl_lookup_id (method_id)),
                                   NULL, store_result, &result);
  g_assert_true (cvn_test_wait_for_result (NULL, &result, WAIT_MS, &wait_error));
  g_assert_no_error (wait_error);
  return cvn_mtproto_client_invoke_finish (client, result, error);
}

static gint32
nearest_this_dc (CvnMtprotoResult *result)
{
  CvnTlObject *object = cvn_mtproto_result_get_object (result);

  g_assert_nonnull (object);
  g_assert_cmphex (object->ctor->id, ==, CVN_TL_API_NEAREST_DC_ID);
  return ((CvnTlApiNearestDc *) object)->this_dc;
}

/* --- 1. the DC table ----------------------------------------------------------------- */

static void
test_config (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GAsyncResult) res = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) raw = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;
  g_autoptr(CvnMtprotoClient) client2 = NULL;
  const CvnMtprotoDcOption *option;
  CvnTlApiConfig *config;
  GPtrArray *options;
  gsize len;

  f->client = make_client (f, "127.0.0.1", cvn_mtproto_server_get_port (f->dc[0].server), 1);
  g_assert_null (cvn_mtproto_client_get_dc_options (f->client));
  g_assert_null (cvn_mtproto_client_lookup_dc (f->client, 2, FALSE));

  cvn_mtproto_client_fetch_config_async (f->client, NULL, store_result, &res);
  g_assert_true (cvn_test_wait_for_result (NULL, &res, WAIT_MS, &error));
  g_assert_true (cvn_mtproto_client_fetch_config_finish (f->client, res, &error));
  g_assert_no_error (error);
  /* The server answered it itself, not through the handler. */
  g_assert_cmpuint (f->dc[0].n_nearest, ==, 0);

  options = cvn_mtproto_client_get_dc_options (f->client);
  g_assert_nonnull (options);
  g_assert_cmpuint (options->len, ==, 6);

  /* DC 2: IPv4, not media-only, not CDN: the second server. */
  option = cvn_mtproto_client_lookup_dc (f->client, 2, FALSE);
  g_assert_nonnull (option);
  g_assert_cmpstr (option->ip_address, ==, "127.0.0.1");
  g_assert_cmpuint (option->port, ==, cvn_mtproto_server_get_port (f->dc[1].server));
  g_assert_cmpint (option->flags, ==, 0);
  g_assert_null (option->secret);

  /* For media, the media-only address, with its flags and secret. */
  option = cvn_mtproto_client_lookup_dc (f->client, 2, TRUE);
  g_assert_nonnull (option);
  g_assert_cmpstr (option->ip_address, ==, "127.0.0.2");
  g_assert_cmpuint (option->port, ==, 4430);
  g_assert_cmpint (option->flags, ==, CVN_MTPROTO_DC_MEDIA_ONLY | CVN_MTPROTO_DC_STATIC);
  g_assert_nonnull (option->secret);
  g_assert_cmpmem (g_bytes_get_data (option->secret, &len), len, "0123456789abcdef", 16);

  /* The IPv6 and CDN entries are kept but not chosen; DC 3 has only a CDN address. */
  g_assert_cmpint (((CvnMtprotoDcOption *) options->pdata[0])->flags, ==, CVN_MTPROTO_DC_IPV6);
  g_assert_cmpstr (((CvnMtprotoDcOption *) options->pdata[0])->ip_address, ==, "::1");
  g_assert_cmpint (((CvnMtprotoDcOption *) options->pdata[4])->flags, ==, CVN_MTPROTO_DC_CDN);
  g_assert_null (cvn_mtproto_client_lookup_dc (f->client, 3, FALSE));
  g_assert_null (cvn_mtproto_client_lookup_dc (f->client, 4, FALSE));

  /* The config itself: this_dc is the answering server's. */
  raw = invoke_sync (f->client, CVN_TL_API_HELP_GET_CONFIG_ID, &error);
  g_assert_no_error (error);
  config = (CvnTlApiConfig *) cvn_mtproto_result_get_object (raw);
  g_assert_cmphex (config->parent.ctor->id, ==, CVN_TL_API_CONFIG_ID);
  g_assert_cmpint (config->this_dc, ==, 1);
  g_assert_cmpuint (config->dc_options->len, ==, 6);

  /* The learned address works: a client made from it reaches DC 2. */
  option = cvn_mtproto_client_lookup_dc (f->client, 2, FALSE);
  client2 = make_client (f, option->ip_address, option->port, option->id);
  result = invoke_sync (client2, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_no_error (error);
  g_assert_cmpint (nearest_this_dc (result), ==, 2);
  g_assert_cmpuint (f->dc[1].n_served, ==, 1);
  cvn_mtproto_client_close (client2);
}

/* --- 2. *_MIGRATE_X ------------------------------------------------------------------ */

typedef enum
{
  MIGRATE_PHONE,
  MIGRATE_USER,
  MIGRATE_NETWORK,
  MIGRATE_FILE,
} Migrate;

static void
test_migrate (Fixture       *f,
              gconstpointer  data)
{
  Migrate kind = GPOINTER_TO_UINT (data);
  gboolean logged_in = kind != MIGRATE_PHONE;
  gboolean moves = kind != MIGRATE_FILE;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;
  g_autoptr(CvnMtprotoResult) second = NULL;
  const CvnMtprotoAuthKey *old_key;
  guint8 old_key_bytes[sizeof (CvnMtprotoAuthKey)];

  f->dc[0].migrate = kind == MIGRATE_PHONE ? "PHONE_MIGRATE_2" :
                     kind == MIGRATE_USER ? "USER_MIGRATE_2" :
                     kind == MIGRATE_NETWORK ? "NETWORK_MIGRATE_2" : "FILE_MIGRATE_2";
  /* Logged in: DC 2 serves only an imported authorization. */
  f->dc[1].require_auth = logged_in;

  f->client = make_client (f, "127.0.0.1", cvn_mtproto_server_get_port (f->dc[0].server), 1);
  if (logged_in)
    cvn_mtproto_client_set_user_id (f->client, 1001);
  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_no_error (error);
  old_key = cvn_mtproto_client_get_auth_key (f->client);
  g_assert_nonnull (old_key);
  memcpy (old_key_bytes, old_key, sizeof old_key_bytes);

  /* Asked once on DC 1, executed once on DC 2. */
  g_assert_cmpint (nearest_this_dc (result), ==, 2);
  g_assert_cmpuint (f->dc[0].n_nearest, ==, 1);
  g_assert_cmpuint (f->dc[0].n_served, ==, 0);
  g_assert_cmpuint (f->dc[1].n_nearest, ==, 1);
  g_assert_cmpuint (f->dc[1].n_served, ==, 1);
  g_assert_cmpuint (cvn_mtproto_client_get_n_migrations (f->client), ==, 1);

  /* The authorization went from DC 1 to DC 2 before the request, if there was one. */
  g_assert_cmpuint (f->dc[0].n_export, ==, logged_in ? 1 : 0);
  g_assert_cmpuint (f->dc[1].n_import, ==, logged_in ? 1 : 0);
  if (logged_in)
    g_assert_cmpint (f->dc[0].export_dc, ==, 2);

  if (moves)
    {
      g_assert_cmpint (cvn_mtproto_client_get_dc_id (f->client), ==, 2);
      g_assert_cmpuint (f->n_dc_notify, ==, 1);
      /* Its own auth key on DC 2; the user is the one DC 2 named. */
      g_assert_cmpuint (cvn_mtproto_server_get_n_auth_keys (f->dc[1].server), ==, 1);
      g_assert_cmpint (cvn_mtproto_client_get_user_id (f->client), ==, logged_in ? USER_ID : 0);
      g_assert_cmpuint (f->dc[1].nearest_key, ==, cvn_mtproto_client_get_auth_key (f->client)->id);

      /* The next request goes straight to the new home. */
      f->dc[0].n_nearest = 0;
      second = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
      g_assert_no_error (error);
      g_assert_cmpint (nearest_this_dc (second), ==, 2);
      g_assert_cmpuint (f->dc[0].n_nearest, ==, 0);
      g_assert_cmpuint (f->dc[1].n_served, ==, 2);
      g_assert_cmpuint (cvn_mtproto_client_get_n_migrations (f->client), ==, 1);
    }
  else
    {
      CvnMtprotoClient *other = cvn_mtproto_client_get_connection (f->client, CVN_MTPROTO_CONNECTION_MAIN, 2);

      /* Home stays; DC 2 has a connection of its own, with its own key and the user. */
      g_assert_cmpint (cvn_mtproto_client_get_dc_id (f->client), ==, 1);
      g_assert_cmpuint (f->n_dc_notify, ==, 0);
      g_assert_cmpint (cvn_mtproto_client_get_user_id (f->client), ==, 1001);
      g_assert_cmpmem (cvn_mtproto_client_get_auth_key (f->client), sizeof old_key_bytes,
                       old_key_bytes, sizeof old_key_bytes);
      g_assert_nonnull (other);
      g_assert_true (other != f->client);
      g_assert_cmpint (cvn_mtproto_client_get_user_id (other), ==, USER_ID);
      g_assert_cmpuint (f->dc[1].nearest_key, ==, cvn_mtproto_client_get_auth_key (other)->id);

      /* A second FILE_MIGRATE reuses it: no second export or import. */
      second = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
      g_assert_no_error (error);
      g_assert_cmpint (nearest_this_dc (second), ==, 2);
      g_assert_cmpuint (f->dc[0].n_nearest, ==, 2);
      g_assert_cmpuint (f->dc[1].n_served, ==, 2);
      g_assert_cmpuint (f->dc[0].n_export, ==, 1);
      g_assert_cmpuint (f->dc[1].n_import, ==, 1);
      g_assert_cmpuint (cvn_mtproto_client_get_n_migrations (f->client), ==, 2);
    }
}

/* A DC with no address in the table: the 303 comes back as it was. */
static void
test_migrate_unknown_dc (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;

  f->dc[0].migrate = "PHONE_MIGRATE_3";
  f->client = make_client (f, "127.0.0.1", cvn_mtproto_server_get_port (f->dc[0].server), 1);
  result = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_null (result);
  g_assert_error (error, CVN_MTPROTO_RPC_ERROR, 303);
  g_assert_cmpstr (cvn_mtproto_rpc_error_get_message (error), ==, "PHONE_MIGRATE_3");
  g_assert_cmpint (cvn_mtproto_client_get_dc_id (f->client), ==, 1);
  g_assert_cmpuint (f->n_dc_notify, ==, 0);
  /* It looked: the table was fetched. */
  g_assert_nonnull (cvn_mtproto_client_get_dc_options (f->client));
}

static gboolean
export_held (gpointer data)
{
  return ((Dc *) data)->held_export != NULL;
}

/* Cancelled while the authorization is being exported: it goes no further. */
static void
test_migrate_cancelled (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) res = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;
  CvnMtprotoServerRequest *held;

  f->dc[0].migrate = "USER_MIGRATE_2";
  f->dc[0].hold_export = TRUE;
  f->client = make_client (f, "127.0.0.1", cvn_mtproto_server_get_port (f->dc[0].server), 1);
  cvn_mtproto_client_set_user_id (f->client, 1001);
  cvn_mtproto_client_invoke_async (f->client, cvn_tl_object_new (arena, CVN_TL_API_HELP_GET_NEAREST_DC_CTOR),
                                   cancellable, store_result, &res);
  cvn_test_assert_wait (NULL, export_held, &f->dc[0], WAIT_MS);
  g_cancellable_cancel (cancellable);
  /* The export answers after the cancel. */
  held = g_steal_pointer (&f->dc[0].held_export);
  f->dc[0].hold_export = FALSE;
  {
    g_autoptr(CvnTlArena) a = cvn_tl_arena_new ();
    CvnTlApiAuthExportedAuthorization *exported =
      (CvnTlApiAuthExportedAuthorization *) cvn_tl_object_new (a, CVN_TL_API_AUTH_EXPORTED_AUTHORIZATION_CTOR);

    exported->id = EXPORT_ID;
    exported->bytes.data = (const guint8 *) EXPORT_TOKEN;
    exported->bytes.len = strlen (EXPORT_TOKEN);
    g_assert_true (cvn_mtproto_server_request_return_object (held, &exported->parent, &error));
    cvn_mtproto_server_request_unref (held);
  }
  g_assert_true (cvn_test_wait_for_result (NULL, &res, WAIT_MS, &error));
  result = cvn_mtproto_client_invoke_finish (f->client, res, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  /* It stopped there: home did not move and DC 2 saw nothing of it. */
  g_assert_cmpint (cvn_mtproto_client_get_dc_id (f->client), ==, 1);
  g_assert_cmpuint (f->n_dc_notify, ==, 0);
  g_assert_cmpuint (f->dc[1].n_nearest, ==, 0);
  g_assert_cmpuint (f->dc[1].n_import, ==, 0);
  g_assert_cmpuint (cvn_mtproto_server_get_n_auth_keys (f->dc[1].server), ==, 0);
}

/* --- 3. a download connection -------------------------------------------------------- */

static void
test_download_connection (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GAsyncResult) file_res = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) quick = NULL;
  g_autoptr(CvnMtprotoResult) file = NULL;
  CvnTlApiUploadGetFile *get_file;
  CvnTlApiUploadFile *answer;
  CvnMtprotoClient *download;
  gint64 start, quick_us;

  f->client = make_client (f, "127.0.0.1", cvn_mtproto_server_get_port (f->dc[0].server), 1);
  quick = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  g_assert_no_error (error);
  g_clear_pointer (&quick, cvn_mtproto_result_unref);
  g_assert_null (cvn_mtproto_client_get_connection (f->client, CVN_MTPROTO_CONNECTION_DOWNLOAD, 0));

  get_file = (CvnTlApiUploadGetFile *) cvn_tl_object_new (arena, CVN_TL_API_UPLOAD_GET_FILE_CTOR);
  get_file->location = cvn_tl_object_new (arena, CVN_TL_API_INPUT_GROUP_CALL_STREAM_CTOR);
  ((CvnTlApiInputGroupCallStream *) get_file->location)->call =
    cvn_tl_object_new (arena, CVN_TL_API_INPUT_GROUP_CALL_CTOR);
  get_file->limit = FILE_SIZE;
  cvn_mtproto_client_invoke_on_async (f->client, CVN_MTPROTO_CONNECTION_DOWNLOAD, 0, &get_file->parent,
                                      NULL, store_result, &file_res);
  g_assert_true (cvn_test_wait_for_flag (NULL, &f->dc[0].file_received, WAIT_MS, &error));
  g_assert_no_error (error);

  /* While the download runs, a quick RPC on the main connection is answered at once. */
  start = g_get_monotonic_time ();
  quick = invoke_sync (f->client, CVN_TL_API_HELP_GET_NEAREST_DC_ID, &error);
  quick_us = g_get_monotonic_time () - start;
  g_assert_no_error (error);
  g_assert_cmpint (nearest_this_dc (quick), ==, 1);
  g_assert_null (file_res);
  g_assert_cmpint (quick_us, <, 1000 * 1000);

  /* Another connection and session, the same auth key: no second key exchange. */
  download = cvn_mtproto_client_get_connection (f->client, CVN_MTPROTO_CONNECTION_DOWNLOAD, 0);
  g_assert_nonnull (download);
  g_assert_true (download != f->client);
  g_assert_cmpint (f->dc[0].file_session, !=, f->dc[0].nearest_session);
  g_assert_cmpuint (cvn_mtproto_server_get_n_auth_keys (f->dc[0].server), ==, 1);
  g_assert_cmpuint (cvn_mtproto_server_get_n_connections (f->dc[0].server), ==, 2);
  g_assert_cmpmem (cvn_mtproto_client_get_auth_key (download), sizeof (CvnMtprotoAuthKey),
                   cvn_mtproto_client_get_auth_key (f->client), sizeof (CvnMtprotoAuthKey));

  g_assert_true (cvn_test_wait_for_result (NULL, &file_res, WAIT_MS, &error));
  g_assert_no_error (error);
  file = cvn_mtproto_client_invoke_finish (f->client, file_res, &error);
  g_assert_no_error (error);
  answer = (CvnTlApiUploadFile *) cvn_mtproto_result_get_object (file);
  g_assert_cmphex (answer->parent.ctor->id, ==, CVN_TL_API_UPLOAD_FILE_ID);
  g_assert_cmpuint (answer->bytes.len, ==, FILE_SIZE);
  for (guint i = 0; i < FILE_SIZE; i++)
    if (answer->bytes.data[i] != (guint8) (i * 7))
      g_assert_not_reached ();

  /* The second download reuses the connection. */
  g_clear_object (&file_res);
  f->dc[0].file_delay_ms = 1;
  cvn_mtproto_client_invoke_on_async (f->client, CVN_MTPROTO_CONNECTION_DOWNLOAD, 1, &get_file->parent,
                                      NULL, store_result, &file_res);
  g_assert_true (cvn_test_wait_for_result (NULL, &file_res, WAIT_MS, &error));
  g_clear_pointer (&file, cvn_mtproto_result_unref);
  file = cvn_mtproto_client_invoke_finish (f->client, file_res, &error);
  g_assert_no_error (error);
  g_assert_true (cvn_mtproto_client_get_connection (f->client, CVN_MTPROTO_CONNECTION_DOWNLOAD, 1) == download);
  g_assert_cmpuint (cvn_mtproto_client_get_n_connects (download), ==, 1);
  g_assert_cmpuint (cvn_mtproto_server_get_n_connections (f->dc[0].server), ==, 2);

  /* Updates pushed on the download connection reach the client's ::update. */
  g_assert_cmpuint (f->n_updates, ==, 2);

  /* Closing the client closes its other connections. */
  g_assert_true (cvn_mtproto_client_get_connected (download));
  cvn_mtproto_client_close (f->client);
  g_assert_false (cvn_mtproto_client_get_connected (download));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int ret;

  g_test_init (&argc, &argv, NULL);

  server_key = cvn_rsa_key_generate (2048, &error);
  g_assert_no_error (error);

  g_test_add ("/mtproto/dc/config", Fixture, NULL, fixture_setup, test_config, fixture_teardown);
  g_test_add ("/mtproto/dc/migrate/phone", Fixture, GUINT_TO_POINTER (MIGRATE_PHONE),
              fixture_setup, test_migrate, fixture_teardown);
  g_test_add ("/mtproto/dc/migrate/user", Fixture, GUINT_TO_POINTER (MIGRATE_USER),
              fixture_setup, test_migrate, fixture_teardown);
  g_test_add ("/mtproto/dc/migrate/network", Fixture, GUINT_TO_POINTER (MIGRATE_NETWORK),
              fixture_setup, test_migrate, fixture_teardown);
  g_test_add ("/mtproto/dc/migrate/file", Fixture, GUINT_TO_POINTER (MIGRATE_FILE),
              fixture_setup, test_migrate, fixture_teardown);
  g_test_add ("/mtproto/dc/migrate/cancelled", Fixture, NULL, fixture_setup, test_migrate_cancelled,
              fixture_teardown);
  g_test_add ("/mtproto/dc/migrate/unknown-dc", Fixture, NULL, fixture_setup, test_migrate_unknown_dc,
              fixture_teardown);
  g_test_add ("/mtproto/dc/download-connection", Fixture, NULL, fixture_setup, test_download_connection,
              fixture_teardown);

  ret = g_test_run ();
  cvn_rsa_key_free (server_key);
  return ret;
}
