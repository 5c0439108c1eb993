/* convene-sandbox.c: a local Telegram data centre for Convene and its tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   convene-sandbox [--listen 127.0.0.1:PORT] [--state DIR] [--world FILE] [--seed N]
 *                   [--key FILE] [--control SOCKET] [--simulate MS] [--no-sfu]
 *
 * The control socket (a Unix socket, see src/sandbox/README.md) takes one command a line
 * and answers one line: "ok ..." or "error: ...".
 */
#include "config.h"

#include "cvn-sandbox-server.h"
#include "cvn-sandbox-sfu.h"
#include "cvn-sandbox-voice.h"
#include "cvn-sandbox-world.h"
#include "cvn-sandbox-error.h"

#include "cvn-mtproto-server.h"
#include "cvn-rsa.h"

#include <gio/gio.h>
#include <gio/gunixsocketaddress.h>
#include <glib-unix.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef struct
{
  CvnSandboxWorld  *world;
  CvnSandboxServer *server;
  GMainLoop        *loop;
  char            **argv;
  gboolean          restart;
} App;

static gboolean
parse_listen (const char *listen,
              char      **host,
              guint16    *port,
              GError    **error)
{
  const char *colon = strrchr (listen, ':');
  guint64 value;

  if (colon == NULL || colon == listen ||
      !g_ascii_string_to_unsigned (colon + 1, 10, 0, 65535, &value, NULL))
    {
      g_set_error (error, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_FAILED,
                   "--listen wants ADDRESS:PORT, not \"%s\"", listen);
      return FALSE;
    }
  *host = g_strndup (listen, colon - listen);
  *port = value;
  return TRUE;
}

/* --- control interface ------------------------------------------------------------------ */

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  return text != NULL && g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, id, NULL);
}

static char *
run_command (App        *app,
             const char *line)
{
  g_auto(GStrv) argv = g_strsplit_set (line, " \t\r", -1);
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cmd;
  gint64 call_id = 0, id = 0;

  for (guint i = 0; argv[i] != NULL; i++)
    if (argv[i][0] != '\0')
      g_ptr_array_add (args, argv[i]);
  g_ptr_array_add (args, NULL);
  cmd = args->pdata[0];
  if (cmd == NULL)
    return g_strdup ("error: empty command");

  if (g_str_equal (cmd, "help"))
    return g_strdup ("ok commands: faults off | faults drop=P duplicate=P reorder=P delay=P delay_ms=N seed=N; "
                     "cut [USER]; join CALL ID [channel]; leave CALL ID; speak CALL ID; "
                     "edit CALL ID mute|hand|video|screen|pause on|off; step; simulate MS; "
                     "save; restart; counters; accounts; call CHAT; sfu [restart | loss P [seed]]");
  if (g_str_equal (cmd, "faults"))
    {
      CvnSandboxFaults faults = { 0 };

      if (args->len == 3 && g_str_equal (args->pdata[1], "off"))
        {
          cvn_sandbox_world_set_faults (app->world, NULL);
          return g_strdup ("ok faults off");
        }
      for (guint i = 1; args->pdata[i] != NULL; i++)
        {
          g_auto(GStrv) kv = g_strsplit (args->pdata[i], "=", 2);
          gdouble value;
          char *end = NULL;

          if (kv[0] == NULL || kv[1] == NULL)
            return g_strdup_printf ("error: \"%s\" is not KEY=VALUE", (char *) args->pdata[i]);
          value = g_ascii_strtod (kv[1], &end);
          if (end == kv[1] || *end != '\0' || value < 0)
            return g_strdup_printf ("error: bad value in \"%s\"", (char *) args->pdata[i]);
          if (g_str_equal (kv[0], "drop"))
            faults.drop = value;
          else if (g_str_equal (kv[0], "duplicate"))
            faults.duplicate = value;
          else if (g_str_equal (kv[0], "reorder"))
            faults.reorder = value;
          else if (g_str_equal (kv[0], "delay"))
            faults.delay = value;
          else if (g_str_equal (kv[0], "delay_ms"))
            faults.delay_ms = (guint) MIN (value, 600000);
          else if (g_str_equal (kv[0], "seed"))
            faults.seed = (guint64) value;
          else
            return g_strdup_printf ("error: unknown fault \"%s\"", kv[0]);
        }
      cvn_sandbox_world_set_faults (app->world, &faults);
      return g_strdup_printf ("ok faults drop=%g duplicate=%g reorder=%g delay=%g delay_ms=%u seed=%" G_GUINT64_FORMAT,
                              faults.drop, faults.duplicate, faults.reorder, faults.delay, faults.delay_ms,
                              faults.seed);
    }
  if (g_str_equal (cmd, "cut"))
    {
      guint n;

      if (args->pdata[1] != NULL && !parse_id (args->pdata[1], &id))
        return g_strdup ("error: cut [USER]");
      n = cvn_sandbox_world_cut_sessions (app->world, id);
      if (id == 0)
        cvn_mtproto_server_close_connections (cvn_sandbox_server_get_mtproto (app->server));
      return g_strdup_printf ("ok cut %u sessions", n);
    }
  if (g_str_equal (cmd, "join") || g_str_equal (cmd, "leave") || g_str_equal (cmd, "speak") ||
      g_str_equal (cmd, "edit"))
    {
      gboolean ok;

      if (!parse_id (args->pdata[1], &call_id) || !parse_id (args->pdata[2], &id))
        return g_strdup_printf ("error: %s CALL ID ...", cmd);
      if (g_str_equal (cmd, "join"))
        ok = cvn_sandbox_world_sim_join (app->world, call_id, id,
                                         args->pdata[3] != NULL && g_str_equal (args->pdata[3], "channel"), &error);
      else if (g_str_equal (cmd, "leave"))
        ok = cvn_sandbox_world_sim_leave (app->world, call_id, id, &error);
      else if (g_str_equal (cmd, "speak"))
        ok = cvn_sandbox_world_sim_speak (app->world, call_id, id, &error);
      else
        {
          if (args->pdata[3] == NULL || args->pdata[4] == NULL)
            return g_strdup ("error: edit CALL ID WHAT on|off");
          ok = cvn_sandbox_world_sim_edit (app->world, call_id, id, args->pdata[3],
                                           g_str_equal (args->pdata[4], "on"), &error);
        }
      return ok ? g_strdup_printf ("ok %s", line) : g_strdup_printf ("error: %s", error->message);
    }
  if (g_str_equal (cmd, "step"))
    {
      g_autofree char *what = cvn_sandbox_world_simulate_step (app->world);
      return g_strdup_printf ("ok %s", what);
    }
  if (g_str_equal (cmd, "simulate"))
    {
      guint64 ms;

      if (args->pdata[1] == NULL || !g_ascii_string_to_unsigned (args->pdata[1], 10, 0, 3600000, &ms, NULL))
        return g_strdup ("error: simulate MS");
      cvn_sandbox_world_set_simulation (app->world, ms);
      return g_strdup_printf ("ok simulate %" G_GUINT64_FORMAT, ms);
    }
  if (g_str_equal (cmd, "save"))
    return cvn_sandbox_world_save_state (app->world, &error) ? g_strdup ("ok saved")
                                                             : g_strdup_printf ("error: %s", error->message);
  if (g_str_equal (cmd, "restart"))
    {
      if (!cvn_sandbox_world_save_state (app->world, &error))
        return g_strdup_printf ("error: %s", error->message);
      app->restart = TRUE;
      g_main_loop_quit (app->loop);
      return g_strdup ("ok restarting");
    }
  if (g_str_equal (cmd, "counters"))
    {
      guint64 pushed, dropped, rejected;

      cvn_sandbox_world_get_counters (app->world, &pushed, &dropped, &rejected);
      return g_strdup_printf ("ok pushed=%" G_GUINT64_FORMAT " dropped=%" G_GUINT64_FORMAT
                              " rejected=%" G_GUINT64_FORMAT " sessions=%u connections=%u requests=%" G_GUINT64_FORMAT,
                              pushed, dropped, rejected, cvn_sandbox_world_get_n_sessions (app->world),
                              cvn_mtproto_server_get_n_connections (cvn_sandbox_server_get_mtproto (app->server)),
                              cvn_mtproto_server_get_n_requests (cvn_sandbox_server_get_mtproto (app->server)));
    }
  if (g_str_equal (cmd, "call"))
    {
      if (!parse_id (args->pdata[1], &id))
        return g_strdup ("error: call CHAT");
      return g_strdup_printf ("ok %" G_GINT64_FORMAT, cvn_sandbox_world_find_call (app->world, id));
    }
  if (g_str_equal (cmd, "sfu"))
    {
      CvnSandboxSfu *sfu = cvn_sandbox_world_get_sfu (app->world);
      CvnSandboxVoice *voice = cvn_sandbox_world_get_voice (app->world);
      g_autofree char *calls = NULL;

      if (sfu == NULL)
        return g_strdup ("error: the SFU is off (--no-sfu)");
      if (args->pdata[1] != NULL && g_str_equal (args->pdata[1], "restart"))
        return g_strdup_printf ("ok dropped %u transports", cvn_sandbox_world_restart_sfu (app->world));
      if (args->pdata[1] != NULL && g_str_equal (args->pdata[1], "loss"))
        {
          double loss;
          guint64 loss_seed = 1;
          char *end = NULL;

          loss = args->pdata[2] != NULL ? g_ascii_strtod (args->pdata[2], &end) : -1;
          if (end == NULL || *end != '\0' || end == args->pdata[2] || !(loss >= 0 && loss <= 1) ||
              (args->pdata[3] != NULL &&
               !g_ascii_string_to_unsigned (args->pdata[3], 10, 0, G_MAXUINT32, &loss_seed, NULL)))
            return g_strdup ("error: sfu loss P [SEED] (P from 0 to 1)");
          cvn_sandbox_sfu_set_loss (sfu, loss, (guint32) loss_seed);
          return g_strdup_printf ("ok sfu loss %g seed %" G_GUINT64_FORMAT, loss, loss_seed);
        }
      if (args->pdata[1] != NULL)
        return g_strdup ("error: sfu [restart | loss P [SEED]]");
      calls = cvn_sandbox_sfu_describe (sfu);
      return g_strdup_printf ("ok voices %u packets %" G_GUINT64_FORMAT " speaking %" G_GUINT64_FORMAT "%s%s",
                              cvn_sandbox_voice_get_n_voices (voice), cvn_sandbox_voice_get_n_packets (voice),
                              cvn_sandbox_voice_get_n_speaking_packets (voice), calls[0] != '\0' ? "; " : "",
                              calls);
    }
  if (g_str_equal (cmd, "accounts"))
    {
      g_autofree char *accounts = cvn_sandbox_world_describe_accounts (app->world);
      g_strdelimit (accounts, "\n", ';');
      return g_strdup_printf ("ok %s", accounts);
    }
  return g_strdup_printf ("error: unknown command \"%s\" (try help)", cmd);
}

typedef struct
{
  App              *app;
  GSocketConnection *connection;
  GDataInputStream *input;
} Client;

static void
client_free (Client *client)
{
  g_object_unref (client->input);
  g_object_unref (client->connection);
  g_free (client);
}

static void
client_read (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (client->input, result, NULL, &error);
  g_autofree char *answer = NULL;
  GOutputStream *out;

  if (line == NULL)
    {
      client_free (client);
      return;
    }
  answer = run_command (client->app, line);
  out = g_io_stream_get_output_stream (G_IO_STREAM (client->connection));
  if (!g_output_stream_write_all (out, answer, strlen (answer), NULL, NULL, &error) ||
      !g_output_stream_write_all (out, "\n", 1, NULL, NULL, &error))
    {
      client_free (client);
      return;
    }
  g_data_input_stream_read_line_async (client->input, G_PRIORITY_DEFAULT, NULL, client_read, client);
}

static gboolean
on_control (GSocketService    *service,
            GSocketConnection *connection,
            GObject           *source,
            gpointer           user_data)
{
  Client *client = g_new0 (Client, 1);

  client->app = user_data;
  client->connection = g_object_ref (connection);
  client->input = g_data_input_stream_new (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  g_data_input_stream_set_newline_type (client->input, G_DATA_STREAM_NEWLINE_TYPE_ANY);
  g_data_input_stream_read_line_async (client->input, G_PRIORITY_DEFAULT, NULL, client_read, client);
  return TRUE;
}

static gboolean
on_signal (gpointer user_data)
{
  App *app = user_data;

  g_main_loop_quit (app->loop);
  return G_SOURCE_REMOVE;
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *listen = NULL;
  g_autofree char *state = NULL;
  g_autofree char *world_file = NULL;
  g_autofree char *key_file = NULL;
  g_autofree char *control = NULL;
  g_autofree char *host = NULL;
  g_autofree char *pub_file = NULL;
  g_autofree char *pub_pem = NULL;
  g_autofree char *accounts = NULL;
  gint64 seed = 1;
  gint simulate = 3000;
  gboolean no_sfu = FALSE;
  guint16 port = 0;
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnClock) clock = NULL;
  g_autoptr(GSocketService) service = NULL;
  CvnRsaKey *key;
  gboolean loaded = FALSE;
  App app = { 0 };
  GOptionEntry entries[] = {
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, "Address and port (loopback only)", "127.0.0.1:PORT" },
    { "state", 0, 0, G_OPTION_ARG_FILENAME, &state, "Directory the world is saved in and restored from", "DIR" },
    { "world", 0, 0, G_OPTION_ARG_FILENAME, &world_file, "World file (JSON) used when there is no saved state", "FILE" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &seed, "Seed of everything random", "N" },
    { "key", 0, 0, G_OPTION_ARG_FILENAME, &key_file, "RSA key pair (PEM), made if missing", "FILE" },
    { "control", 0, 0, G_OPTION_ARG_FILENAME, &control, "Unix socket for the control interface", "PATH" },
    { "simulate", 0, 0, G_OPTION_ARG_INT, &simulate, "Milliseconds between simulated participants' events (0: off)", "MS" },
    { "no-sfu", 0, 0, G_OPTION_ARG_NONE, &no_sfu, "No SFU and no voices (joinGroupCall answers name a transport where nothing listens)", NULL },
    { NULL }
  };

  app.argv = g_strdupv (argv);   /* parsing removes the options; a restart needs them */
  context = g_option_context_new ("- a local Telegram data centre for Convene");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("convene-sandbox: %s\n", error->message);
      return 2;
    }
  if (!parse_listen (listen != NULL ? listen : "127.0.0.1:4430", &host, &port, &error) || simulate < 0)
    {
      g_printerr ("convene-sandbox: %s\n", error != NULL ? error->message : "--simulate wants MS >= 0");
      return 2;
    }

  clock = cvn_clock_new_system ();
  app.world = cvn_sandbox_world_new (clock, (guint64) seed);
  if (state != NULL)
    {
      cvn_sandbox_world_set_state_dir (app.world, state);
      loaded = cvn_sandbox_world_load_state (app.world, &error);
      if (error != NULL)
        {
          g_printerr ("convene-sandbox: the saved state in %s: %s\n", state, error->message);
          return 1;
        }
    }
  if (!loaded && world_file != NULL && !cvn_sandbox_world_load_file (app.world, world_file, &error))
    {
      g_printerr ("convene-sandbox: %s: %s\n", world_file, error->message);
      return 1;
    }
  if (!loaded && world_file == NULL)
    cvn_sandbox_world_load_default (app.world);

  if (key_file == NULL)
    key_file = state != NULL ? g_build_filename (state, "server-key.pem", NULL)
                             : g_build_filename (g_get_user_data_dir (), "convene-sandbox", "server-key.pem", NULL);
  key = cvn_mtproto_server_load_or_create_key (key_file, &error);
  if (key == NULL)
    {
      g_printerr ("convene-sandbox: %s: %s\n", key_file, error->message);
      return 1;
    }
  pub_pem = cvn_rsa_key_get_public_pem (key, &error);
  pub_file = g_strconcat (key_file, ".pub", NULL);
  if (pub_pem == NULL || !g_file_set_contents (pub_file, pub_pem, -1, &error))
    {
      g_printerr ("convene-sandbox: %s: %s\n", pub_file, error->message);
      cvn_rsa_key_free (key);
      return 1;
    }

  /* the SFU binds where the data centre listens */
  if (!no_sfu && !cvn_sandbox_world_start_sfu (app.world, host, &error))
    {
      g_printerr ("convene-sandbox: SFU: %s\n", error->message);
      cvn_rsa_key_free (key);
      return 1;
    }

  app.server = cvn_sandbox_server_new (app.world, key);
  if (!cvn_sandbox_server_listen (app.server, host, port, &error))
    {
      g_printerr ("convene-sandbox: %s\n", error->message);
      cvn_rsa_key_free (key);
      return 1;
    }

  if (control != NULL)
    {
      g_autoptr(GSocketAddress) address = NULL;

      g_unlink (control);
      address = g_unix_socket_address_new (control);
      service = g_socket_service_new ();
      if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                          G_SOCKET_PROTOCOL_DEFAULT, NULL, NULL, &error))
        {
          g_printerr ("convene-sandbox: control socket %s: %s\n", control, error->message);
          cvn_rsa_key_free (key);
          return 1;
        }
      g_signal_connect (service, "incoming", G_CALLBACK (on_control), &app);
      g_socket_service_start (service);
    }

  accounts = cvn_sandbox_world_describe_accounts (app.world);
  g_print ("convene-sandbox listening on %s:%u (DC 2)\n", host, cvn_sandbox_server_get_port (app.server));
  g_print ("RSA public key: %s\n", pub_file);
  g_print ("RSA fingerprint: %016" G_GINT64_MODIFIER "x\n", cvn_rsa_key_get_fingerprint (key));
  g_print ("Accounts (test numbers 99966XYYYY, code XXXXX):\n%s", accounts);
  if (control != NULL)
    g_print ("Control socket: %s\n", control);
  if (state != NULL)
    g_print ("State: %s%s\n", state, loaded ? " (restored)" : "");
  if (no_sfu)
    g_print ("SFU: off (joinGroupCall answers name 127.0.0.1:32001, where nothing listens)\n");
  else
    g_print ("SFU: ICE-lite on %s, UDP and TCP, a port per join; simulated voices on\n", host);
  cvn_rsa_key_free (key);

  cvn_sandbox_world_set_simulation (app.world, simulate);
  app.loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGINT, on_signal, &app);
  g_unix_signal_add (SIGTERM, on_signal, &app);
  g_main_loop_run (app.loop);

  if (!cvn_sandbox_world_save_state (app.world, &error))
    g_printerr ("convene-sandbox: saving the state: %s\n", error->message);
  cvn_sandbox_world_set_simulation (app.world, 0);
  if (service != NULL)
    g_socket_service_stop (service);
  if (control != NULL)
    g_unlink (control);
  cvn_sandbox_server_stop (app.server);
  g_clear_object (&app.server);
  g_clear_object (&app.world);
  g_main_loop_unref (app.loop);

  if (app.restart)
    {
      g_print ("convene-sandbox: restarting\n");
      execv ("/proc/self/exe", app.argv);
      g_printerr ("convene-sandbox: restart failed: %s\n", g_strerror (errno));
      return 1;
    }
  g_strfreev (app.argv);
  return 0;
}
