/* mtproto-interop-server.c: the MTProto server role for independent clients (mtcute).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   mtproto-interop-server KEY_FILE
 *
 * Loads the RSA key pair from KEY_FILE (made on first run, 0600), writes the public key
 * as PKCS#1 PEM to KEY_FILE.pub, listens on 127.0.0.1 (a free port) and prints
 * "READY <port> <fingerprint>". Answers help.getConfig, help.getNearestDc and
 * phone.getCallConfig; every request is logged on stderr as "REQUEST <name> <layer>
 * <init>", and "STATS ..." lines report the server's counters.
 */
#include "config.h"

#include "cvn-mtproto-error.h"
#include "cvn-mtproto-server.h"

#include <stdio.h>
#include <string.h>

static void
set_string (CvnTlArena  *arena,
            CvnTlString *s,
            const char  *value)
{
  cvn_tl_string_set (arena, s, value);
}

static void
answer_config (CvnMtprotoServer        *server,
               CvnMtprotoServerRequest *request)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  CvnTlApiConfig *config = (CvnTlApiConfig *) cvn_tl_object_new (arena, CVN_TL_API_CONFIG_CTOR);
  CvnTlApiDcOption *dc = (CvnTlApiDcOption *) cvn_tl_object_new (arena, CVN_TL_API_DC_OPTION_CTOR);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  dc->id = 2;
  set_string (arena, &dc->ip_address, "127.0.0.1");
  dc->port = cvn_mtproto_server_get_port (server);
  config->date = (gint32) now;
  config->expires = (gint32) now + 3600;
  config->this_dc = 2;
  config->dc_options = cvn_tl_vector_new (arena, CVN_TL_KIND_OBJECT, 1);
  config->dc_options->objects[0] = &dc->parent;
  set_string (arena, &config->dc_txt_domain_name, "localhost");
  config->chat_size_max = 200;
  config->megagroup_size_max = 200000;
  config->forwarded_count_max = 100;
  config->online_update_period_ms = 210000;
  config->offline_blur_timeout_ms = 5000;
  config->offline_idle_timeout_ms = 30000;
  config->online_cloud_timeout_ms = 300000;
  config->notify_cloud_delay_ms = 30000;
  config->notify_default_delay_ms = 1500;
  config->push_chat_period_ms = 60000;
  config->push_chat_limit = 2;
  config->edit_time_limit = 172800;
  config->revoke_time_limit = 2147483647;
  config->revoke_pm_time_limit = 2147483647;
  config->rating_e_decay = 2419200;
  config->stickers_recent_limit = 200;
  config->channels_read_media_period = 604800;
  config->call_receive_timeout_ms = 20000;
  config->call_ring_timeout_ms = 90000;
  config->call_connect_timeout_ms = 30000;
  config->call_packet_timeout_ms = 10000;
  set_string (arena, &config->me_url_prefix, "https://t.me/");
  config->caption_length_max = 1024;
  config->message_length_max = 4096;
  config->webfile_dc_id = 2;
  if (!cvn_mtproto_server_request_return_object (request, &config->parent, &error))
    {
      g_printerr ("config: %s\n", error->message);
      cvn_mtproto_server_request_return_error (request, 500, "CONFIG_ENCODING");
    }
}

static void
handler (CvnMtprotoServer        *server,
         CvnMtprotoServerRequest *request,
         gpointer                 user_data)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  const CvnTlObject *query = cvn_mtproto_server_request_get_query (request);

  g_printerr ("REQUEST %s %d %s\n", query->ctor->name, cvn_mtproto_server_request_get_layer (request),
              cvn_mtproto_server_request_get_init_connection (request) != NULL ? "init" : "-");
  switch (query->ctor->id)
    {
    case CVN_TL_API_HELP_GET_CONFIG_ID:
      answer_config (server, request);
      break;
    case CVN_TL_API_HELP_GET_NEAREST_DC_ID:
      {
        CvnTlApiNearestDc *dc = (CvnTlApiNearestDc *) cvn_tl_object_new (arena, CVN_TL_API_NEAREST_DC_CTOR);

        set_string (arena, &dc->country, "XX");
        dc->this_dc = 2;
        dc->nearest_dc = 2;
        cvn_mtproto_server_request_return_object (request, &dc->parent, NULL);
        break;
      }
    case CVN_TL_API_PHONE_GET_CALL_CONFIG_ID:
      {
        CvnTlApiDataJSON *json = (CvnTlApiDataJSON *) cvn_tl_object_new (arena, CVN_TL_API_DATA_JSON_CTOR);

        set_string (arena, &json->data, "{\"convene\":true}");
        cvn_mtproto_server_request_return_object (request, &json->parent, NULL);
        break;
      }
    default:
      cvn_mtproto_server_request_return_error (request, 400, "METHOD_NOT_IMPLEMENTED");
      break;
    }
}

static gboolean
stats_cb (gpointer data)
{
  CvnMtprotoServer *server = data;

  g_printerr ("STATS keys=%u requests=%" G_GUINT64_FORMAT " decrypt_rejected=%" G_GUINT64_FORMAT
              " malformed=%" G_GUINT64_FORMAT "\n",
              cvn_mtproto_server_get_n_auth_keys (server), cvn_mtproto_server_get_n_requests (server),
              cvn_mtproto_server_get_rejections (server, CVN_MTPROTO_REJECT_DECRYPT),
              cvn_mtproto_server_get_rejections (server, CVN_MTPROTO_REJECT_MALFORMED));
  return G_SOURCE_CONTINUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnRsaKey) key = NULL;
  g_autoptr(CvnMtprotoServer) server = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *pub = NULL;
  g_autofree char *pub_path = NULL;

  if (argc != 2)
    {
      g_printerr ("Usage: %s KEY_FILE\n", argv[0]);
      return 2;
    }
  key = cvn_mtproto_server_load_or_create_key (argv[1], &error);
  if (key == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  pub = cvn_rsa_key_get_public_pem (key, &error);
  pub_path = g_strconcat (argv[1], ".pub", NULL);
  if (pub == NULL || !g_file_set_contents (pub_path, pub, -1, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  server = cvn_mtproto_server_new (key, 2);
  cvn_mtproto_server_set_handler (server, handler, NULL, NULL);
  if (!cvn_mtproto_server_listen (server, "127.0.0.1", 0, &error))
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  g_print ("READY %u %016" G_GINT64_MODIFIER "x\n", cvn_mtproto_server_get_port (server),
           cvn_rsa_key_get_fingerprint (key));
  fflush (stdout);
  g_timeout_add (500, stats_cb, server);
  loop = g_main_loop_new (NULL, FALSE);
  g_main_loop_run (loop);
  return 0;
}
