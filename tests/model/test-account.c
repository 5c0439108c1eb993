/* test-account.c: CvnAccount against the in-process sandbox over loopback: login by code,
 * sign-up, two-step password (SRP), the user's errors, QR login accepted by a second client,
 * log out, and the session restored from the key store.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "client-test-util.h"

#include <string.h>

static void
test_code_login (Fixture       *f,
                 gconstpointer  data)
{
  CvnClient *client = make_client (f, NULL);
  CvnAccount *account = cvn_client_get_account (client);
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_RESTORING);
  g_assert_true (account_restore (account, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_LOGGED_OUT);
  g_assert_false (cvn_account_get_busy (account));

  /* a code before a number is the wrong step */
  g_assert_false (account_submit_code (account, "11111", &error));
  g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_WRONG_STATE);
  g_clear_error (&error);

  /* spaces, '+' and dashes are fine */
  g_assert_true (account_send_code (account, "+999 661-0001", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_WAITING_CODE);
  g_assert_cmpstr (cvn_account_get_phone_number (account), ==, ADA_PHONE);
  g_assert_cmpint (cvn_account_get_code_type (account), ==, CVN_CODE_TYPE_SMS);
  g_assert_cmpint (cvn_account_get_code_length (account), ==, 5);

  g_assert_true (account_submit_code (account, "11111", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_LOGGED_IN);
  g_assert_cmpint (cvn_account_get_user_id (account), ==, ADA);
  g_assert_cmpstr (cvn_account_get_first_name (account), ==, "Ada");
  g_assert_cmpstr (cvn_account_get_last_name (account), ==, "Demo");
  g_assert_cmpstr (cvn_account_get_display_name (account), ==, "Ada Demo");
  g_assert_cmpstr (cvn_account_get_username (account), ==, "ada_demo");
  g_assert_false (cvn_account_get_busy (account));
  g_assert_true (cvn_client_get_connected (client));
  g_assert_cmpint (_cvn_client_get_self_id (client), ==, ADA);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  CvnClient *client = make_client (f, NULL);
  CvnAccount *account = cvn_client_get_account (client);
  g_autoptr(GError) error = NULL;

  g_assert_true (account_restore (account, &error));
  g_assert_no_error (error);

  /* refused before asking the server */
  g_assert_false (account_send_code (account, "12", &error));
  g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_PHONE_NUMBER_INVALID);
  g_clear_error (&error);
  g_assert_false (account_send_code (account, "call me maybe", &error));
  g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_PHONE_NUMBER_INVALID);
  g_clear_error (&error);
  /* refused by the server (not a test number) */
  g_assert_false (account_send_code (account, "+1 555 0100 000", &error));
  g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_PHONE_NUMBER_INVALID);
  g_assert_nonnull (strstr (error->message, "phone number"));
  g_clear_error (&error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_LOGGED_OUT);

  g_assert_true (account_send_code (account, BRIAN_PHONE, &error));
  g_assert_no_error (error);

  /* a wrong code leaves the user where they were */
  g_assert_false (account_submit_code (account, "12345", &error));
  g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_PHONE_CODE_INVALID);
  g_assert_nonnull (strstr (error->message, "code"));
  g_clear_error (&error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_WAITING_CODE);
  g_assert_false (account_submit_code (account, "  ", &error));
  g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_PHONE_CODE_INVALID);
  g_clear_error (&error);

  /* asking again gives a new code that works */
  g_assert_true (account_send_code (account, BRIAN_PHONE, &error));
  g_assert_no_error (error);
  g_assert_true (account_submit_code (account, "22222", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_user_id (account), ==, BRIAN);

  /* FLOOD_WAIT and network errors read as the user's words */
  {
    g_autoptr(GError) flood = cvn_mtproto_rpc_error_new (420, "FLOOD_WAIT_300");
    g_autoptr(GError) expired = cvn_mtproto_rpc_error_new (400, "PHONE_CODE_EXPIRED");
    g_autoptr(GError) down = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "refused");
    g_autoptr(GError) closed = g_error_new_literal (CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TIMEOUT, "timeout");
    g_autoptr(GError) m1 = _cvn_model_error_from_mtproto (flood);
    g_autoptr(GError) m2 = _cvn_model_error_from_mtproto (expired);
    g_autoptr(GError) m3 = _cvn_model_error_from_mtproto (down);
    g_autoptr(GError) m4 = _cvn_model_error_from_mtproto (closed);

    g_assert_error (m1, CVN_MODEL_ERROR, CVN_MODEL_ERROR_FLOOD_WAIT);
    g_assert_nonnull (strstr (m1->message, "5 minutes"));
    g_assert_error (m2, CVN_MODEL_ERROR, CVN_MODEL_ERROR_PHONE_CODE_EXPIRED);
    g_assert_error (m3, CVN_MODEL_ERROR, CVN_MODEL_ERROR_NETWORK);
    g_assert_error (m4, CVN_MODEL_ERROR, CVN_MODEL_ERROR_NETWORK);
  }
}

static void
test_expired_code (Fixture       *f,
                   gconstpointer  data)
{
  CvnClient *client = make_client (f, NULL);
  CvnAccount *account = cvn_client_get_account (client);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) r = NULL;

  g_assert_true (account_restore (account, &error));
  g_assert_true (account_send_code (account, ADA_PHONE, &error));
  g_assert_no_error (error);
  /* another sendCode on the same session (e.g. from a second window) replaces the hash the
   * account holds: the server calls its code expired */
  r = invoke_json (client, &error, "{\"_\":\"auth.sendCode\",\"phone_number\":\"%s\",\"api_id\":1,"
                                   "\"api_hash\":\"x\",\"settings\":{\"_\":\"codeSettings\"}}", ADA_PHONE);
  g_assert_no_error (error);
  g_assert_false (account_submit_code (account, "11111", &error));
  g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_PHONE_CODE_EXPIRED);
  g_assert_nonnull (strstr (error->message, "expired"));
  g_clear_error (&error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_WAITING_CODE);
  /* a new code works */
  g_assert_true (account_send_code (account, ADA_PHONE, &error));
  g_assert_true (account_submit_code (account, "11111", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_LOGGED_IN);
}

static void
test_sign_up (Fixture       *f,
              gconstpointer  data)
{
  CvnClient *client = make_client (f, NULL);
  CvnAccount *account = cvn_client_get_account (client);
  g_autoptr(GError) error = NULL;

  g_assert_true (account_restore (account, &error));
  g_assert_true (account_send_code (account, "9996640004", &error));
  g_assert_no_error (error);
  g_assert_true (account_submit_code (account, "44444", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_WAITING_SIGN_UP);

  g_assert_false (account_sign_up (account, "  ", NULL, &error));
  g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_FIRST_NAME_INVALID);
  g_clear_error (&error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_WAITING_SIGN_UP);

  g_assert_true (account_sign_up (account, "Dora", "Newcomer", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_LOGGED_IN);
  g_assert_cmpstr (cvn_account_get_display_name (account), ==, "Dora Newcomer");
  g_assert_cmpint (cvn_account_get_user_id (account), >, 0);
  g_assert_cmpint (cvn_account_get_user_id (account), !=, ADA);
}

static void
test_password (Fixture       *f,
               gconstpointer  data)
{
  CvnClient *client = make_client (f, NULL);
  CvnAccount *account = cvn_client_get_account (client);
  g_autoptr(GError) error = NULL;

  g_assert_true (account_restore (account, &error));
  g_assert_true (account_send_code (account, CLEO_PHONE, &error));
  g_assert_no_error (error);
  g_assert_true (account_submit_code (account, "33333", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_WAITING_PASSWORD);

  g_assert_false (account_submit_password (account, "wrong", &error));
  g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_PASSWORD_INVALID);
  g_assert_nonnull (strstr (error->message, "password"));
  g_clear_error (&error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_WAITING_PASSWORD);
  /* the hint came with account.getPassword */
  g_assert_cmpstr (cvn_account_get_password_hint (account), ==, "the app's name, lower case");

  g_assert_true (account_submit_password (account, "convene", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_LOGGED_IN);
  g_assert_cmpint (cvn_account_get_user_id (account), ==, CLEO);
  g_assert_cmpstr (cvn_account_get_first_name (account), ==, "Cleo");
  g_assert_null (cvn_account_get_password_hint (account));
}

typedef struct
{
  CvnAccount      *account;
  CvnAccountState  state;
} StateWait;

static gboolean
state_reached (gpointer user_data)
{
  StateWait *wait = user_data;

  return cvn_account_get_state (wait->account) == wait->state;
}

static gboolean
url_changed (gpointer user_data)
{
  const char **urls = user_data;

  return g_strcmp0 (urls[0], urls[1]) != 0;
}

static void
on_qr_url (CvnAccount *account,
           GParamSpec *pspec,
           const char **urls)
{
  g_free ((char *) urls[1]);
  urls[1] = g_strdup (cvn_account_get_qr_url (account));
}

static char *
token_of_url (const char *url)
{
  g_autofree char *base64 = NULL;
  gsize len, padded;
  g_autofree guchar *raw = NULL;

  g_assert_true (g_str_has_prefix (url, "tg://login?token="));
  base64 = g_strdup (url + strlen ("tg://login?token="));
  for (char *p = base64; *p; p++)
    {
      g_assert_true (g_ascii_isalnum (*p) || *p == '-' || *p == '_');
      if (*p == '-')
        *p = '+';
      else if (*p == '_')
        *p = '/';
    }
  padded = (strlen (base64) + 3) / 4 * 4;
  while (strlen (base64) < padded)
    {
      char *longer = g_strconcat (base64, "=", NULL);
      g_free (base64);
      base64 = longer;
    }
  raw = g_base64_decode (base64, &len);
  /* the sandbox's tokens are printable: JSON can carry them as a string */
  for (gsize i = 0; i < len; i++)
    g_assert_true (g_ascii_isalnum (raw[i]));
  return g_strndup ((char *) raw, len);
}

static char *
hex_of (const char *text)
{
  GString *hex = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    g_string_append_printf (hex, "%02x", (guchar) *p);
  return g_string_free (hex, FALSE);
}

static void
test_qr (Fixture       *f,
         gconstpointer  data)
{
  CvnClient *shower;
  CvnClient *phone;
  CvnAccount *account;
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(CvnMtprotoResult) accepted = NULL;
  g_autofree char *token = NULL;
  const char *urls[2] = { NULL, NULL };
  StateWait wait;
  gint64 now;

  /* world and client on a fake clock: the token's 30 s life passes at once */
  shower = make_client (f, NULL);
  phone = make_client (f, NULL);
  account = cvn_client_get_account (shower);
  g_assert_true (account_restore (account, &error));
  login (phone, BRIAN_PHONE);

  cvn_account_start_qr_async (account, NULL, store_result, &result);
  g_assert_true (cvn_account_get_busy (account));
  WAIT_RESULT (result);
  g_assert_true (cvn_account_start_qr_finish (account, result, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_WAITING_QR);
  urls[0] = g_strdup (cvn_account_get_qr_url (account));
  urls[1] = g_strdup (urls[0]);
  g_assert_nonnull (urls[0]);
  now = cvn_clock_get_real_time (f->clock) / G_USEC_PER_SEC;
  g_assert_cmpint (cvn_account_get_qr_expires (account), >, now);
  g_assert_cmpint (cvn_account_get_qr_expires (account), <=, now + 30);

  /* refreshed before it expires: a new token */
  g_signal_connect (account, "notify::qr-url", G_CALLBACK (on_qr_url), urls);
  cvn_clock_advance (f->clock, 26000);
  cvn_test_assert_wait (NULL, url_changed, urls, WAIT_MS);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_WAITING_QR);
  g_signal_handlers_disconnect_by_func (account, on_qr_url, urls);
  token = token_of_url (urls[1]);

  /* the replaced token is refused; the fresh one is accepted by the logged-in phone */
  {
    g_autofree char *old = token_of_url (urls[0]);
    g_autofree char *old_hex = hex_of (old);
    g_autofree char *hex = hex_of (token);
    g_autoptr(CvnMtprotoResult) refused =
      invoke_json (phone, &error, "{\"_\":\"auth.acceptLoginToken\",\"token\":{\"$hex\":\"%s\"}}", old_hex);

    g_assert_null (refused);
    g_assert_error (error, CVN_MTPROTO_RPC_ERROR, 400);
    g_assert_cmpstr (cvn_mtproto_rpc_error_get_message (error), ==, "AUTH_TOKEN_INVALID");
    g_clear_error (&error);
    accepted = invoke_json (phone, &error, "{\"_\":\"auth.acceptLoginToken\",\"token\":{\"$hex\":\"%s\"}}", hex);
  }
  g_assert_no_error (error);

  wait.account = account;
  wait.state = CVN_ACCOUNT_STATE_LOGGED_IN;
  cvn_test_assert_wait (NULL, state_reached, &wait, WAIT_MS);
  g_assert_cmpint (cvn_account_get_user_id (account), ==, BRIAN);
  g_assert_cmpstr (cvn_account_get_display_name (account), ==, "Brian Second");
  g_assert_null (cvn_account_get_qr_url (account));

  g_free ((char *) urls[0]);
  g_free ((char *) urls[1]);
}

static void
test_qr_cancel (Fixture       *f,
                gconstpointer  data)
{
  CvnClient *client = make_client (f, NULL);
  CvnAccount *account = cvn_client_get_account (client);
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;

  g_assert_true (account_restore (account, &error));
  cvn_account_start_qr_async (account, NULL, store_result, &result);
  WAIT_RESULT (result);
  g_assert_true (cvn_account_start_qr_finish (account, result, &error));
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_WAITING_QR);
  cvn_account_cancel_login (account);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_LOGGED_OUT);
  g_assert_null (cvn_account_get_qr_url (account));
  g_assert_cmpuint (cvn_clock_get_n_pending (f->clock), ==, 0);

  /* and the code login works after it */
  g_assert_true (account_send_code (account, ADA_PHONE, &error));
  g_assert_true (account_submit_code (account, "11111", &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_LOGGED_IN);
}

static void
fixture_setup_fake (Fixture       *f,
                    gconstpointer  data)
{
  fixture_setup_with_clock (f, cvn_clock_new_fake ());
}

static gboolean
file_exists (const char *dir,
             const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static void
copy_file (const char *dir,
           const char *from,
           const char *to)
{
  g_autofree char *src = g_build_filename (dir, from, NULL);
  g_autofree char *dst = g_build_filename (dir, to, NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (src, &contents, &len, &error));
  g_assert_true (g_file_set_contents_full (dst, contents, (gssize) len, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                           &error));
  g_assert_no_error (error);
}

static gboolean
state_saved (gpointer user_data)
{
  return file_exists (((Fixture *) user_data)->dir, "auth-state");
}

static gboolean
has_display_name (gpointer user_data)
{
  return cvn_account_get_display_name (CVN_ACCOUNT (user_data)) != NULL;
}

static void
test_restore_offline (Fixture       *f,
                      gconstpointer  data)
{
  CvnClient *first = make_client (f, "auth-state");
  CvnClient *second;
  CvnAccount *account;
  g_autoptr(GError) error = NULL;

  login (first, BRIAN_PHONE);
  cvn_test_assert_wait (NULL, state_saved, f, WAIT_MS);
  cvn_client_close (first);

  /* no data centre: the stored session still opens at once */
  cvn_sandbox_server_stop (f->server);
  cvn_mtproto_server_close_connections (cvn_sandbox_server_get_mtproto (f->server));
  second = make_client (f, "auth-state");
  account = cvn_client_get_account (second);
  g_assert_true (account_restore (account, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_LOGGED_IN);
  g_assert_cmpint (cvn_account_get_user_id (account), ==, BRIAN);
  g_assert_false (cvn_client_get_connected (second));
}

static void
test_damaged_state (Fixture       *f,
                    gconstpointer  data)
{
  CvnClient *client;
  CvnAccount *account;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "auth-state", NULL);
  g_autofree char *key_path = g_build_filename (f->dir, "auth-state.key", NULL);

  g_assert_true (g_file_set_contents (path, "CVNAUTH1 but nothing sensible after it", -1, &error));
  g_assert_true (g_file_set_contents (key_path, "short", -1, &error));
  client = make_client (f, "auth-state");
  account = cvn_client_get_account (client);
  g_assert_true (account_restore (account, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_LOGGED_OUT);
}

static void
test_restore_and_log_out (Fixture       *f,
                          gconstpointer  data)
{
  CvnClient *first = make_client (f, "auth-state");
  CvnClient *second;
  CvnClient *third;
  CvnClient *revoked;
  g_autoptr(GError) error = NULL;
  CvnAccount *account;

  login (first, ADA_PHONE);
  /* the state is written after the login */
  cvn_test_assert_wait (NULL, state_saved, f, WAIT_MS);
  g_assert_true (file_exists (f->dir, "auth-state.key"));   /* no Secret Service here */
  g_assert_false (cvn_client_get_secret_service_available (first));

  /* a new start restores the session: no code asked */
  second = make_client (f, "auth-state");
  account = cvn_client_get_account (second);
  g_assert_true (account_restore (account, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_LOGGED_IN);
  g_assert_cmpint (cvn_account_get_user_id (account), ==, ADA);
  /* the names come with the server's answer */
  cvn_test_assert_wait (NULL, has_display_name, account, WAIT_MS);
  g_assert_cmpstr (cvn_account_get_display_name (account), ==, "Ada Demo");

  /* keep a copy of the logged-in state to try after the log out */
  cvn_client_close (first);
  copy_file (f->dir, "auth-state", "old-state");
  copy_file (f->dir, "auth-state.key", "old-state.key");

  g_assert_true (account_log_out (account, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_LOGGED_OUT);
  g_assert_cmpint (cvn_account_get_user_id (account), ==, 0);
  g_assert_null (cvn_account_get_display_name (account));
  g_assert_cmpuint (g_list_model_get_n_items (cvn_client_get_chats (second)), ==, 0);

  /* the state written at log out holds no session */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  third = make_client (f, "auth-state");
  account = cvn_client_get_account (third);
  g_assert_true (account_restore (account, &error));
  g_assert_no_error (error);
  g_assert_cmpint (cvn_account_get_state (account), ==, CVN_ACCOUNT_STATE_LOGGED_OUT);

  /* the old state names an auth key the server logged out: back to the login */
  revoked = make_client (f, "old-state");
  account = cvn_client_get_account (revoked);
  g_assert_true (account_restore (account, &error));
  g_assert_no_error (error);
  {
    StateWait wait = { account, CVN_ACCOUNT_STATE_LOGGED_OUT };

    cvn_test_assert_wait (NULL, state_reached, &wait, WAIT_MS);
  }
  g_assert_cmpint (cvn_account_get_user_id (account), ==, 0);
}

static gboolean
client_in_state (gpointer user_data)
{
  CvnClient *client = ((gpointer *) user_data)[0];
  CvnClientState state = GPOINTER_TO_INT (((gpointer *) user_data)[1]);

  return cvn_client_get_state (client) == state;
}

static void
test_connection_state (Fixture       *f,
                       gconstpointer  data)
{
  CvnClient *client = make_client (f, NULL);
  gpointer wait[2] = { client, GINT_TO_POINTER (CVN_CLIENT_STATE_CONNECTING) };

  g_assert_cmpint (cvn_client_get_state (client), ==, CVN_CLIENT_STATE_DISCONNECTED);
  g_assert_false (cvn_client_get_connected (client));
  g_assert_true (cvn_client_get_is_sandbox (client));
  g_assert_nonnull (strstr (cvn_client_get_description (client), "127.0.0.1"));
  login (client, ADA_PHONE);
  g_assert_cmpint (cvn_client_get_state (client), ==, CVN_CLIENT_STATE_CONNECTED);
  g_assert_true (cvn_client_get_connected (client));

  /* the data centre goes away: the client tries again, and says so */
  cvn_sandbox_server_stop (f->server);
  cvn_mtproto_server_close_connections (cvn_sandbox_server_get_mtproto (f->server));
  cvn_test_assert_wait (NULL, client_in_state, wait, WAIT_MS);
  g_assert_false (cvn_client_get_connected (client));

  cvn_client_close (client);
  g_assert_cmpint (cvn_client_get_state (client), ==, CVN_CLIENT_STATE_DISCONNECTED);
}

static void
test_telegram_availability (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnClient) telegram = cvn_client_new_telegram (NULL, &error);

  if (cvn_client_telegram_available ())
    {
      g_assert_no_error (error);
      g_assert_nonnull (telegram);
      g_assert_false (cvn_client_get_is_sandbox (telegram));
      g_assert_null (cvn_client_get_telegram_unavailable_reason ());
    }
  else
    {
      g_assert_null (telegram);
      g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_UNAVAILABLE);
      g_assert_cmpstr (error->message, ==, cvn_client_get_telegram_unavailable_reason ());
      g_assert_nonnull (strstr (error->message, "api_id"));
    }
}

static void
test_sandbox_key_file (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("convene-key-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "server.pub", NULL);
  g_autofree char *pem = cvn_rsa_key_get_public_pem (test_server_key, &error);
  g_autoptr(CvnClient) missing = NULL;
  g_autoptr(CvnClient) good = NULL;

  missing = cvn_client_new_sandbox ("127.0.0.1", 4430, path, NULL, &error);
  g_assert_null (missing);
  g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (path, "not a key", -1, &error));
  missing = cvn_client_new_sandbox ("127.0.0.1", 4430, path, NULL, &error);
  g_assert_null (missing);
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_true (g_file_set_contents (path, pem, -1, &error));
  good = cvn_client_new_sandbox ("127.0.0.1", 4430, path, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (cvn_client_get_is_sandbox (good));
  g_assert_cmpint (cvn_account_get_state (cvn_client_get_account (good)), ==, CVN_ACCOUNT_STATE_RESTORING);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  test_init_server_key ();

  g_test_add ("/model/account/code-login", Fixture, NULL, fixture_setup, test_code_login, fixture_teardown);
  g_test_add ("/model/account/errors", Fixture, NULL, fixture_setup, test_errors, fixture_teardown);
  g_test_add ("/model/account/expired-code", Fixture, NULL, fixture_setup, test_expired_code, fixture_teardown);
  g_test_add ("/model/account/sign-up", Fixture, NULL, fixture_setup, test_sign_up, fixture_teardown);
  g_test_add ("/model/account/password", Fixture, NULL, fixture_setup, test_password, fixture_teardown);
  g_test_add ("/model/account/qr", Fixture, NULL, fixture_setup_fake, test_qr, fixture_teardown);
  g_test_add ("/model/account/qr-cancel", Fixture, NULL, fixture_setup_fake, test_qr_cancel, fixture_teardown);
  g_test_add ("/model/account/restore-and-log-out", Fixture, NULL, fixture_setup, test_restore_and_log_out,
              fixture_teardown);

  g_test_add ("/model/account/restore-offline", Fixture, NULL, fixture_setup, test_restore_offline,
              fixture_teardown);
  g_test_add ("/model/account/damaged-state", Fixture, NULL, fixture_setup, test_damaged_state, fixture_teardown);
  g_test_add ("/model/account/connection-state", Fixture, NULL, fixture_setup, test_connection_state,
              fixture_teardown);
  g_test_add_func ("/model/client/telegram-availability", test_telegram_availability);
  g_test_add_func ("/model/client/sandbox-key-file", test_sandbox_key_file);

  status = g_test_run ();
  cvn_mtproto_key_store_disconnect_service ();
  g_clear_pointer (&test_server_key, cvn_rsa_key_free);
  return status;
}
