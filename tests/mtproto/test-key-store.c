/* test-key-store.c: the auth state file with its key in the Secret Service, or beside it
 * when there is none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Built twice: without WITH_KEYRING the session bus points nowhere (the fallback path);
 * with it, a private bus (GTestDBus) runs gnome-keyring-daemon, and the test is skipped
 * when that daemon is not installed.
 */
#include "config.h"

#include "cvn-mtproto-error.h"
#include "cvn-mtproto-key-store.h"
#include "cvn-test-wait.h"

#include <glib/gstdio.h>
#include <string.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#define WAIT_MS 20000

typedef struct
{
  char               *dir;
  char               *path;
  CvnMtprotoKeyStore *store;
  guint               n_notify;
} Fixture;

static void
notify_cb (GObject    *object,
           GParamSpec *pspec,
           Fixture    *f)
{
  f->n_notify++;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("cvn-key-store-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "state", "auth-state", NULL);
  f->store = cvn_mtproto_key_store_new (f->path);
  g_signal_connect (f->store, "notify::secret-service-available", G_CALLBACK (notify_cb), f);
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir == NULL)
    {
      g_unlink (path);
      return;
    }
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      remove_tree (child);
    }
  g_dir_close (dir);
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->store);
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
store_result (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
store_sync (CvnMtprotoKeyStore        *store,
            const CvnMtprotoAuthState *states,
            guint                      n_states,
            GError                   **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) wait_error = NULL;

  cvn_mtproto_key_store_store_async (store, states, n_states, NULL, store_result, &result);
  g_assert_true (cvn_test_wait_for_result (NULL, &result, WAIT_MS, &wait_error));
  g_assert_no_error (wait_error);
  return cvn_mtproto_key_store_store_finish (store, result, error);
}

static gboolean
load_sync (CvnMtprotoKeyStore   *store,
           CvnMtprotoAuthState **states,
           guint                *n_states,
           GError              **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) wait_error = NULL;

  cvn_mtproto_key_store_load_async (store, NULL, store_result, &result);
  g_assert_true (cvn_test_wait_for_result (NULL, &result, WAIT_MS, &wait_error));
  g_assert_no_error (wait_error);
  return cvn_mtproto_key_store_load_finish (store, result, states, n_states, error);
}

static void
make_states (CvnMtprotoAuthState *states)
{
  memset (states, 0, sizeof *states * 2);
  for (guint i = 0; i < 2; i++)
    {
      states[i].dc_id = (gint32) i + 1;
      for (guint j = 0; j < CVN_MTPROTO_AUTH_KEY_LEN; j++)
        states[i].key.key[j] = (guint8) (j * 13 + i);
      states[i].key.id = 0x1122334455667788ull + i;
      states[i].key.aux_hash = 0x99aabbccddeeff00ull + i;
      states[i].salt = G_GINT64_CONSTANT (-1234567890123) + i;
      states[i].user_id = i == 1 ? 777000 : 0;
    }
}

static void
assert_mode_0600 (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
}

static void
assert_round_trip (Fixture                   *f,
                   const CvnMtprotoAuthState *expected)
{
  g_autoptr(CvnMtprotoKeyStore) other = cvn_mtproto_key_store_new (f->path);
  g_autoptr(GError) error = NULL;
  CvnMtprotoAuthState *states = NULL;
  guint n_states = 0;

  g_assert_true (load_sync (other, &states, &n_states, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_states, ==, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_assert_cmpint (states[i].dc_id, ==, expected[i].dc_id);
      g_assert_cmpmem (states[i].key.key, CVN_MTPROTO_AUTH_KEY_LEN, expected[i].key.key, CVN_MTPROTO_AUTH_KEY_LEN);
      g_assert_cmpint (states[i].salt, ==, expected[i].salt);
      g_assert_cmpint (states[i].user_id, ==, expected[i].user_id);
    }
  cvn_mtproto_auth_state_free (states, n_states);
}

#ifndef WITH_KEYRING

static void
test_empty (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CvnMtprotoAuthState *states = GUINT_TO_POINTER (1);
  guint n_states = 99;

  gboolean ok = load_sync (f->store, &states, &n_states, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_null (states);
  g_assert_cmpuint (n_states, ==, 0);
  g_assert_false (cvn_mtproto_key_store_get_secret_service_available (f->store));
  g_assert_cmpuint (f->n_notify, ==, 1);
}

static void
test_fallback_round_trip (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CvnMtprotoAuthState states[2], *plain = NULL;
  guint n_plain = 0;
  g_autofree char *key = NULL;
  gsize key_len = 0;

  make_states (states);
  g_assert_true (cvn_mtproto_key_store_get_secret_service_available (f->store));
  g_assert_true (store_sync (f->store, states, 2, &error));
  g_assert_no_error (error);

  /* No Secret Service: said once, and the key is in a 0600 file beside the state. */
  g_assert_false (cvn_mtproto_key_store_get_secret_service_available (f->store));
  g_assert_cmpuint (f->n_notify, ==, 1);
  assert_mode_0600 (f->path);
  assert_mode_0600 (cvn_mtproto_key_store_get_key_path (f->store));
  g_assert_true (g_file_get_contents (cvn_mtproto_key_store_get_key_path (f->store), &key, &key_len, &error));
  g_assert_cmpuint (key_len, ==, CVN_MTPROTO_STATE_KEY_LEN);

  /* The state is encrypted under that key: without it, it does not load. */
  g_assert_false (cvn_mtproto_auth_state_load (f->path, NULL, &plain, &n_plain, &error));
  g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_STATE_CORRUPT);
  g_clear_error (&error);
  g_assert_true (cvn_mtproto_auth_state_load (f->path, (const guint8 *) key, &plain, &n_plain, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_plain, ==, 2);
  cvn_mtproto_auth_state_free (plain, n_plain);

  assert_round_trip (f, states);

  /* A second store keeps the key, so an interrupted write never strands the old state. */
  states[0].salt = 42;
  g_assert_true (store_sync (f->store, states, 2, &error));
  {
    g_autofree char *key2 = NULL;
    gsize key2_len = 0;

    g_assert_true (g_file_get_contents (cvn_mtproto_key_store_get_key_path (f->store), &key2, &key2_len, &error));
    g_assert_cmpmem (key2, key2_len, key, key_len);
  }
  g_assert_cmpuint (f->n_notify, ==, 1);
  assert_round_trip (f, states);
}

static void
assert_refused (Fixture *f)
{
  g_autoptr(CvnMtprotoKeyStore) other = cvn_mtproto_key_store_new (f->path);
  g_autoptr(GError) error = NULL;
  CvnMtprotoAuthState *states = NULL;
  guint n_states = 7;

  g_assert_false (load_sync (other, &states, &n_states, &error));
  g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_STATE_CORRUPT);
  g_assert_null (states);
  g_assert_cmpuint (n_states, ==, 7);
}

static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  CvnMtprotoAuthState states[2];
  g_autofree char *contents = NULL;
  g_autofree char *key = NULL;
  gsize len = 0, key_len = 0;

  make_states (states);
  g_assert_true (store_sync (f->store, states, 2, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (f->path, &contents, &len, &error));
  g_assert_true (g_file_get_contents (cvn_mtproto_key_store_get_key_path (f->store), &key, &key_len, &error));

  /* One bit flipped in the middle of the records. */
  contents[len / 2] ^= 0x10;
  g_assert_true (g_file_set_contents (f->path, contents, len, &error));
  assert_refused (f);
  contents[len / 2] ^= 0x10;

  /* Truncated by one byte. */
  g_assert_true (g_file_set_contents (f->path, contents, len - 1, &error));
  assert_refused (f);

  /* Whole again: loads. */
  g_assert_true (g_file_set_contents (f->path, contents, len, &error));
  assert_round_trip (f, states);

  /* Another key of the right size. */
  key[0] ^= 1;
  g_assert_true (g_file_set_contents (cvn_mtproto_key_store_get_key_path (f->store), key, key_len, &error));
  assert_refused (f);

  /* A key file of the wrong size. */
  g_assert_true (g_file_set_contents (cvn_mtproto_key_store_get_key_path (f->store), key, key_len - 1, &error));
  assert_refused (f);

  /* No key at all, but a state file. */
  g_assert_cmpint (g_unlink (cvn_mtproto_key_store_get_key_path (f->store)), ==, 0);
  assert_refused (f);
}

#else /* WITH_KEYRING */

static GTestDBus *test_bus;

static gboolean
start_keyring (const char *dir,
               GPid       *pid)
{
  g_autofree char *runtime = g_build_filename (dir, "run", NULL);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  const char *argv[] = { "gnome-keyring-daemon", "--unlock", "--components=secrets", "--foreground", NULL };
  g_autoptr(GError) error = NULL;
  int in_fd = -1;

  g_mkdir_with_parents (runtime, 0700);
  g_mkdir_with_parents (data, 0700);
  g_setenv ("XDG_RUNTIME_DIR", runtime, TRUE);
  g_setenv ("XDG_DATA_HOME", data, TRUE);
  /* --unlock reads the password of the login keyring from stdin. */
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_DO_NOT_REAP_CHILD |
                                 G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                                 NULL, NULL, pid, &in_fd, NULL, NULL, &error))
    {
      g_test_message ("gnome-keyring-daemon: %s", error->message);
      return FALSE;
    }
  /* The password of the new login keyring (the default collection), then EOF. */
  if (write (in_fd, "convene-test", 12) != 12)
    g_test_message ("gnome-keyring-daemon: cannot write the password");
  close (in_fd);
  return TRUE;
}

/* The daemon owns its name and has made the default (login) collection. */
static gboolean
service_answers (gpointer data)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GVariant) reply = NULL;
  const char *path = NULL;

  if (bus == NULL)
    return FALSE;
  reply = g_dbus_connection_call_sync (bus, "org.freedesktop.secrets", "/org/freedesktop/secrets",
                                       "org.freedesktop.Secret.Service", "ReadAlias",
                                       g_variant_new ("(s)", "default"),
                                       G_VARIANT_TYPE ("(o)"), G_DBUS_CALL_FLAGS_NO_AUTO_START,
                                       1000, NULL, NULL);
  if (reply == NULL)
    return FALSE;
  g_variant_get (reply, "(&o)", &path);
  return g_strcmp0 (path, "/") != 0;
}

static void
test_secret_service (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GTestDBus) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *program = g_find_program_in_path ("gnome-keyring-daemon");
  CvnMtprotoAuthState states[2];
  GPid pid = 0;

  if (program == NULL)
    {
      g_test_skip ("gnome-keyring-daemon is not installed (Debian package gnome-keyring)");
      return;
    }
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  if (!start_keyring (f->dir, &pid))
    {
      g_test_dbus_stop (bus);
      test_bus = g_steal_pointer (&bus);
      g_test_skip ("gnome-keyring-daemon did not start");
      return;
    }
  cvn_test_assert_wait (NULL, service_answers, NULL, WAIT_MS);

  /* A key file left from a time without Secret Service moves into it. */
  g_assert_cmpint (g_mkdir_with_parents (f->dir, 0700), ==, 0);
  {
    g_autofree char *state_dir = g_path_get_dirname (f->path);

    g_assert_cmpint (g_mkdir_with_parents (state_dir, 0700), ==, 0);
  }
  g_assert_true (g_file_set_contents (cvn_mtproto_key_store_get_key_path (f->store),
                                      "0123456789abcdef0123456789abcdef", 32, &error));
  make_states (states);
  g_assert_true (store_sync (f->store, states, 2, &error));
  g_assert_no_error (error);
  g_assert_true (cvn_mtproto_key_store_get_secret_service_available (f->store));
  g_assert_cmpuint (f->n_notify, ==, 0);
  assert_mode_0600 (f->path);
  g_assert_false (g_file_test (cvn_mtproto_key_store_get_key_path (f->store), G_FILE_TEST_EXISTS));
  /* It is that key: the state opens with it. */
  {
    CvnMtprotoAuthState *loaded = NULL;
    guint n_loaded = 0;

    g_assert_true (cvn_mtproto_auth_state_load (f->path, (const guint8 *) "0123456789abcdef0123456789abcdef",
                                                &loaded, &n_loaded, &error));
    g_assert_no_error (error);
    cvn_mtproto_auth_state_free (loaded, n_loaded);
  }

  assert_round_trip (f, states);

  kill (pid, SIGTERM);
  g_spawn_close_pid (pid);
  /* libsecret lets its connection to the bus go only when asked. */
  /* libsecret keeps a reference to the bus connection (even after
   * secret_service_disconnect()), and g_test_dbus_down() would wait for it to go: stop the
   * bus and keep the GTestDBus, whose dispose would do the same wait, until exit. */
  cvn_mtproto_key_store_disconnect_service ();
  g_test_dbus_stop (bus);
  test_bus = g_steal_pointer (&bus);
}

#endif

int
main (int   argc,
      char *argv[])
{
#ifndef WITH_KEYRING
  /* No session bus: nothing answers for the Secret Service. */
  g_setenv ("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/convene-test-no-bus", TRUE);
#endif
  g_test_init (&argc, &argv, NULL);

#ifndef WITH_KEYRING
  g_test_add ("/mtproto/key-store/empty", Fixture, NULL, fixture_setup, test_empty, fixture_teardown);
  g_test_add ("/mtproto/key-store/fallback-round-trip", Fixture, NULL, fixture_setup,
              test_fallback_round_trip, fixture_teardown);
  g_test_add ("/mtproto/key-store/corrupt", Fixture, NULL, fixture_setup, test_corrupt, fixture_teardown);
#else
  g_test_add ("/mtproto/key-store/secret-service", Fixture, NULL, fixture_setup, test_secret_service,
              fixture_teardown);
#endif
  return g_test_run ();
}
