/* client-test-util.h: CvnClients against an in-process sandbox data centre on loopback, for
 * the integration tests of src/model (test-account.c, test-chat-list.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "config.h"

#include <glib/gstdio.h>

#include "cvn-sandbox-server.h"
#include "cvn-sandbox-private.h"

#include "cvn-account.h"
#include "cvn-client-private.h"
#include "cvn-model-error.h"
#include "cvn-mtproto-error.h"
#include "cvn-mtproto-key-store.h"
#include "cvn-rsa.h"
#include "cvn-test-wait.h"
#include "cvn-tl-json.h"

/* every wait is bounded; valgrind makes SRP and the key exchanges ~50 times slower */
#define WAIT_MS (g_getenv ("CVN_UNDER_VALGRIND") != NULL ? 300000 : 20000)

#define ADA_PHONE   "9996610001"
#define BRIAN_PHONE "9996620002"
#define CLEO_PHONE  "9996630003"
#define ADA   1001
#define BRIAN 1002
#define CLEO  1003
#define LOUNGE    1000000001
#define BOOK_CLUB 5001
#define RADIO     1000000002
#define BIG_STAGE 1000000003

static CvnRsaKey *test_server_key;

typedef struct
{
  CvnClock         *clock;
  CvnSandboxWorld  *world;
  CvnSandboxServer *server;
  GPtrArray        *clients;    /* CvnClient * */
  char             *dir;        /* temporary directory for auth states */
} Fixture;

static inline void
test_init_server_key (void)
{
  g_autoptr(GError) error = NULL;

  /* no Secret Service in tests: the key store uses its 0600 key file */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/convene-test-no-bus", TRUE);
  /* loopback only: no proxy lookup (libproxy's C++ exceptions upset valgrind) */
  g_setenv ("GIO_USE_PROXY_RESOLVER", "dummy", TRUE);
  test_server_key = cvn_rsa_key_generate (2048, &error);
  g_assert_no_error (error);
}

static inline void
fixture_setup_with_clock (Fixture  *f,
                          CvnClock *clock)
{
  g_autoptr(GError) error = NULL;

  f->clock = clock;
  f->world = cvn_sandbox_world_new (f->clock, 42);
  cvn_sandbox_world_load_default (f->world);
  f->server = cvn_sandbox_server_new (f->world, test_server_key);
  g_assert_true (cvn_sandbox_server_listen (f->server, "127.0.0.1", 0, &error));
  g_assert_no_error (error);
  f->clients = g_ptr_array_new_with_free_func (g_object_unref);
  f->dir = g_dir_make_tmp ("convene-model-test-XXXXXX", &error);
  g_assert_no_error (error);
}

static inline void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  fixture_setup_with_clock (f, cvn_clock_new_system ());
}

static inline void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_unlink (child);
    }
  g_rmdir (path);
}

static inline void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < f->clients->len; i++)
    cvn_client_close (f->clients->pdata[i]);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_clear_pointer (&f->clients, g_ptr_array_unref);
  cvn_sandbox_server_stop (f->server);
  g_clear_object (&f->server);
  g_clear_object (&f->world);
  g_clear_object (&f->clock);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  remove_dir (f->dir);
  g_clear_pointer (&f->dir, g_free);
}

/* A client of the fixture's sandbox keeping its auth state in @state_name under the
 * fixture's directory (NULL: no state). */
static inline CvnClient *
make_client (Fixture    *f,
             const char *state_name)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rsa_key_free);
  g_autofree char *state_path = state_name != NULL ? g_build_filename (f->dir, state_name, NULL) : NULL;
  CvnClient *client;

  g_ptr_array_add (keys, cvn_rsa_key_copy (test_server_key));
  client = _cvn_client_new_with_keys ("127.0.0.1", cvn_sandbox_server_get_port (f->server), 2, keys,
                                      state_path, TRUE, f->clock);
  g_ptr_array_add (f->clients, client);
  return client;
}

static inline void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* Waits (bounded) for the GAsyncResult an _async call stores with store_result(). */
#define WAIT_RESULT(result) \
  G_STMT_START { \
    g_autoptr(GError) _wait_error = NULL; \
    g_assert_true (cvn_test_wait_for_result (NULL, &(result), WAIT_MS, &_wait_error)); \
    g_assert_no_error (_wait_error); \
  } G_STMT_END

static inline gboolean
account_restore (CvnAccount *account,
                 GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cvn_account_restore_async (account, NULL, store_result, &result);
  WAIT_RESULT (result);
  return cvn_account_restore_finish (account, result, error);
}

static inline gboolean
account_send_code (CvnAccount *account,
                   const char *phone,
                   GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cvn_account_send_code_async (account, phone, NULL, store_result, &result);
  WAIT_RESULT (result);
  return cvn_account_send_code_finish (account, result, error);
}

static inline gboolean
account_submit_code (CvnAccount *account,
                     const char *code,
                     GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cvn_account_submit_code_async (account, code, NULL, store_result, &result);
  WAIT_RESULT (result);
  return cvn_account_submit_code_finish (account, result, error);
}

static inline gboolean
account_submit_password (CvnAccount *account,
                         const char *password,
                         GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cvn_account_submit_password_async (account, password, NULL, store_result, &result);
  WAIT_RESULT (result);
  return cvn_account_submit_password_finish (account, result, error);
}

static inline gboolean
account_sign_up (CvnAccount *account,
                 const char *first,
                 const char *last,
                 GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cvn_account_sign_up_async (account, first, last, NULL, store_result, &result);
  WAIT_RESULT (result);
  return cvn_account_sign_up_finish (account, result, error);
}

static inline gboolean
account_log_out (CvnAccount *account,
                 GError    **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  cvn_account_log_out_async (account, NULL, store_result, &result);
  WAIT_RESULT (result);
  return cvn_account_log_out_finish (account, result, error);
}

/* 99966XYYYY logs in with XXXXX (the sandbox's test numbers). */
static inline void
login (CvnClient  *client,
       const char *phone)
{
  CvnAccount *account = cvn_client_get_account (client);
  g_autoptr(GError) error = NULL;
  char code[6];

  g_assert_true (account_restore (account, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_LOGGED_OUT);
  g_assert_true (account_send_code (account, phone, &error));
  g_assert_no_error (error);
  memset (code, phone[5], 5);
  code[5] = '\0';
  g_assert_true (account_submit_code (account, code, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_LOGGED_IN);
}

/* Invokes the request @format describes (TL JSON) through @client. */
static inline CvnMtprotoResult *
invoke_json (CvnClient  *client,
             GError    **error,
             const char *format,
             ...) G_GNUC_PRINTF (3, 4);

static inline CvnMtprotoResult *
invoke_json (CvnClient  *client,
             GError    **error,
             const char *format,
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
  _cvn_client_invoke_async (client, query, NULL, store_result, &result);
  WAIT_RESULT (result);
  return _cvn_client_invoke_finish (client, result, error);
}

/* Invokes @query (built in @arena) through @client. */
static inline CvnMtprotoResult *
invoke_object (CvnClient         *client,
               const CvnTlObject *query,
               GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  _cvn_client_invoke_async (client, query, NULL, store_result, &result);
  WAIT_RESULT (result);
  return _cvn_client_invoke_finish (client, result, error);
}
