/* test-auth-key.c: auth key creation, client against server, in memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-auth-key.h"
#include "cvn-mtproto-error.h"
#include "cvn-mtproto-server.h"
#include "cvn-tl.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

static CvnRsaKey *server_key;
static CvnRsaKey *other_key;

#define NOW (G_GINT64_CONSTANT (1700000000) * G_USEC_PER_SEC)

typedef GBytes *(*Tamper) (GBytes *message, guint step);

/* Runs the exchange; @tamper may change each server message (step 0, 1, 2). */
static gboolean
run_exchange (CvnMtprotoHandshake *client,
              CvnMtprotoHandshake *server,
              gint64               client_now,
              gint64               server_now,
              Tamper               tamper,
              GError             **client_error,
              GError             **server_error)
{
  g_autoptr(GBytes) msg = cvn_mtproto_handshake_start (client, client_now, client_error);
  guint step = 0;

  g_assert_nonnull (msg);
  while (msg != NULL)
    {
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GBytes) next = NULL;

      if (!cvn_mtproto_handshake_receive (server, g_bytes_get_data (msg, NULL),
                                          g_bytes_get_size (msg), FALSE, server_now, &answer,
                                          server_error))
        return FALSE;
      if (tamper != NULL)
        {
          GBytes *changed = tamper (answer, step);

          g_bytes_unref (answer);
          answer = changed;
        }
      step++;
      if (!cvn_mtproto_handshake_receive (client, g_bytes_get_data (answer, NULL),
                                          g_bytes_get_size (answer), FALSE, client_now, &next,
                                          client_error))
        return FALSE;
      g_bytes_unref (msg);
      msg = g_steal_pointer (&next);
    }
  return TRUE;
}

static GPtrArray *
trusted (CvnRsaKey *key)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rsa_key_free);

  g_ptr_array_add (keys, cvn_rsa_key_copy (key));
  return keys;
}

static void
test_exchange (void)
{
  g_autoptr(GPtrArray) keys = trusted (server_key);
  g_autoptr(GError) error = NULL;

  for (gint64 skew = -600; skew <= 600; skew += 600)
    {
      g_autoptr(CvnMtprotoHandshake) client = cvn_mtproto_handshake_new_client (keys, 2);
      g_autoptr(CvnMtprotoHandshake) server = cvn_mtproto_handshake_new_server (server_key, NULL, 0, 2);
      const CvnMtprotoAuthKey *ck, *sk;

      g_assert_true (run_exchange (client, server, NOW, NOW + skew * G_USEC_PER_SEC, NULL,
                                   &error, &error));
      g_assert_no_error (error);
      g_assert_true (cvn_mtproto_handshake_is_done (client));
      g_assert_true (cvn_mtproto_handshake_is_done (server));
      ck = cvn_mtproto_handshake_get_auth_key (client);
      sk = cvn_mtproto_handshake_get_auth_key (server);
      g_assert_cmpmem (ck->key, 256, sk->key, 256);
      g_assert_cmphex (ck->id, ==, sk->id);
      g_assert_cmphex (ck->id, !=, 0);
      g_assert_cmpint (cvn_mtproto_handshake_get_server_salt (client), ==,
                       cvn_mtproto_handshake_get_server_salt (server));
      /* The client learned the server's clock (whole seconds). */
      g_assert_cmpint (ABS (cvn_mtproto_handshake_get_time_offset (client) - skew * G_USEC_PER_SEC),
                       <=, G_USEC_PER_SEC);
    }
}

static void
test_wrong_fingerprint (void)
{
  g_autoptr(GPtrArray) keys = trusted (other_key);
  g_autoptr(CvnMtprotoHandshake) client = cvn_mtproto_handshake_new_client (keys, 2);
  g_autoptr(CvnMtprotoHandshake) server = cvn_mtproto_handshake_new_server (server_key, NULL, 0, 2);
  g_autoptr(GError) client_error = NULL;
  g_autoptr(GError) server_error = NULL;
  g_autofree char *fp = g_strdup_printf ("%016" G_GINT64_MODIFIER "x",
                                         cvn_rsa_key_get_fingerprint (server_key));

  g_assert_false (run_exchange (client, server, NOW, NOW, NULL, &client_error, &server_error));
  g_assert_no_error (server_error);
  g_assert_error (client_error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_AUTH_KEY);
  g_assert_nonnull (strstr (client_error->message, "no RSA key we trust"));
  g_assert_nonnull (strstr (client_error->message, fp));
  g_assert_false (cvn_mtproto_handshake_is_done (client));
}

/* A byte of each server message changed: the client refuses, whatever the byte. */
static guint tamper_step;
static gsize tamper_offset;

static GBytes *
tamper_cb (GBytes *message,
           guint   step)
{
  gsize len = g_bytes_get_size (message);
  guint8 *data = g_memdup2 (g_bytes_get_data (message, NULL), len);

  if (step == tamper_step)
    data[20 + tamper_offset % (len - 20)] ^= 0x10;
  return g_bytes_new_take (data, len);
}

static void
test_tampered (void)
{
  g_autoptr(GPtrArray) keys = trusted (server_key);
  guint refused = 0, runs = 0;
  /* Fewer positions under valgrind: each run is a key exchange. */
  gsize step = g_getenv ("CVN_UNDER_VALGRIND") != NULL ? 149 : 37;

  for (tamper_step = 0; tamper_step < 3; tamper_step++)
    for (tamper_offset = 0; tamper_offset < 600; tamper_offset += step)
      {
        g_autoptr(CvnMtprotoHandshake) client = cvn_mtproto_handshake_new_client (keys, 2);
        g_autoptr(CvnMtprotoHandshake) server = cvn_mtproto_handshake_new_server (server_key, NULL, 0, 2);
        g_autoptr(GError) client_error = NULL;
        g_autoptr(GError) server_error = NULL;

        runs++;
        if (run_exchange (client, server, NOW, NOW, tamper_cb, &client_error, &server_error))
          {
            /* Only a change the protocol ignores (the zero padding of a TL string) may
             * pass, and then both sides still hold the same key. */
            g_assert_true (cvn_mtproto_handshake_is_done (client));
            g_assert_cmpmem (cvn_mtproto_handshake_get_auth_key (client)->key, 256,
                             cvn_mtproto_handshake_get_auth_key (server)->key, 256);
            continue;
          }
        refused++;
        /* A changed server_nonce is noticed by the server, everything else by the client. */
        g_assert_true (client_error != NULL || server_error != NULL);
        if (client_error != NULL)
          g_assert_error (client_error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_AUTH_KEY);
        else
          g_assert_error (server_error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_AUTH_KEY);
        g_assert_false (cvn_mtproto_handshake_is_done (client) &&
                        cvn_mtproto_handshake_is_done (server));
        /* Dead after a failure. */
        if (client_error != NULL)
          {
            g_autoptr(GBytes) reply = NULL;
            g_autoptr(GError) again = NULL;
            guint8 junk[40] = { 0 };

            g_assert_false (cvn_mtproto_handshake_receive (client, junk, sizeof junk, FALSE, NOW,
                                                           &reply, &again));
            g_assert_error (again, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_AUTH_KEY);
          }
      }
  g_test_message ("%u of %u tampered exchanges refused", refused, runs);
  g_assert_cmpuint (refused, >=, runs - 3);
}

/* The server refuses a req_DH_params for another fingerprint and a client message out of
 * order. */
static void
test_server_checks (void)
{
  g_autoptr(GPtrArray) keys = trusted (server_key);
  g_autoptr(CvnMtprotoHandshake) client = cvn_mtproto_handshake_new_client (keys, 2);
  g_autoptr(CvnMtprotoHandshake) server = cvn_mtproto_handshake_new_server (server_key, NULL, 0, 2);
  g_autoptr(GBytes) req_pq = cvn_mtproto_handshake_start (client, NOW, NULL);
  g_autoptr(GBytes) res_pq = NULL;
  g_autoptr(GBytes) req_dh = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *changed = NULL;
  gsize len;

  g_assert_true (cvn_mtproto_handshake_receive (server, g_bytes_get_data (req_pq, NULL),
                                                g_bytes_get_size (req_pq), FALSE, NOW, &res_pq, &error));
  g_assert_true (cvn_mtproto_handshake_receive (client, g_bytes_get_data (res_pq, NULL),
                                                g_bytes_get_size (res_pq), FALSE, NOW, &req_dh, &error));
  g_assert_no_error (error);

  /* req_pq_multi again where req_DH_params is expected. */
  {
    g_autoptr(CvnMtprotoHandshake) s2 = cvn_mtproto_handshake_new_server (server_key, NULL, 0, 2);
    g_autoptr(GBytes) r = NULL;

    g_assert_true (cvn_mtproto_handshake_receive (s2, g_bytes_get_data (req_pq, NULL),
                                                  g_bytes_get_size (req_pq), FALSE, NOW, &r, &error));
    g_clear_pointer (&r, g_bytes_unref);
    g_assert_false (cvn_mtproto_handshake_receive (s2, g_bytes_get_data (req_pq, NULL),
                                                   g_bytes_get_size (req_pq), FALSE, NOW, &r, &error));
    g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_AUTH_KEY);
    g_clear_error (&error);
  }

  /* The fingerprint sits after the header (20), id (4), nonces (32), p and q (8 + 8). */
  len = g_bytes_get_size (req_dh);
  changed = g_memdup2 (g_bytes_get_data (req_dh, NULL), len);
  changed[20 + 4 + 32 + 16] ^= 1;
  g_assert_false (cvn_mtproto_handshake_receive (server, changed, len, FALSE, NOW, &again, &error));
  g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_AUTH_KEY);
  g_assert_nonnull (strstr (error->message, "fingerprint"));
}

/* The server's key file: made 0600 on first use, the same key after, refused when bad. */
static void
test_key_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cvn-server-key-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "keys", "server.pem", NULL);
  g_autofree char *keys_dir = g_path_get_dirname (path);
  g_autoptr(CvnRsaKey) made = NULL;
  g_autoptr(CvnRsaKey) again = NULL;
  g_autoptr(CvnRsaKey) bad = NULL;
  GStatBuf st;

  made = cvn_mtproto_server_load_or_create_key (path, &error);
  g_assert_no_error (error);
  g_assert_true (cvn_rsa_key_has_private (made));
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  again = cvn_mtproto_server_load_or_create_key (path, &error);
  g_assert_no_error (error);
  g_assert_cmphex (cvn_rsa_key_get_fingerprint (again), ==, cvn_rsa_key_get_fingerprint (made));

  g_assert_true (g_file_set_contents (path, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                                      -1, &error));
  bad = cvn_mtproto_server_load_or_create_key (path, &error);
  g_assert_null (bad);
  g_assert_nonnull (error);
  g_unlink (path);
  g_rmdir (keys_dir);
  g_rmdir (dir);
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
  other_key = cvn_rsa_key_generate (2048, &error);
  g_assert_no_error (error);

  g_test_add_func ("/mtproto/auth-key/exchange", test_exchange);
  g_test_add_func ("/mtproto/auth-key/wrong-fingerprint", test_wrong_fingerprint);
  g_test_add_func ("/mtproto/auth-key/tampered", test_tampered);
  g_test_add_func ("/mtproto/auth-key/server-checks", test_server_checks);
  g_test_add_func ("/mtproto/auth-key/key-file", test_key_file);

  ret = g_test_run ();
  cvn_rsa_key_free (server_key);
  cvn_rsa_key_free (other_key);
  return ret;
}
