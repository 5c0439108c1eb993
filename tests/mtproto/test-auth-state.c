/* test-auth-state.c: auth keys on disk: round trips, mode 0600, and every kind of damage
 * refused without returning anything.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-auth-state.h"
#include "cvn-mtproto-error.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

static void
make_states (CvnMtprotoAuthState states[3])
{
  for (int s = 0; s < 3; s++)
    {
      guint8 raw[CVN_MTPROTO_AUTH_KEY_LEN];

      for (gsize i = 0; i < sizeof raw; i++)
        raw[i] = (guint8) (i * (s + 3) + s);
      cvn_mtproto_auth_key_init (&states[s].key, raw);
      states[s].dc_id = s + 1;
      states[s].salt = G_GINT64_CONSTANT (0x0102030405060708) * (s + 1);
      states[s].user_id = s == 1 ? 123456789 : 0;
    }
}

static void
check_roundtrip (const char   *path,
                 const guint8 *file_key)
{
  CvnMtprotoAuthState states[3];
  CvnMtprotoAuthState *loaded = NULL;
  guint n = 0;
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  make_states (states);
  g_assert_true (cvn_mtproto_auth_state_save (path, states, 3, file_key, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_true (cvn_mtproto_auth_state_load (path, file_key, &loaded, &n, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n, ==, 3);
  for (int s = 0; s < 3; s++)
    {
      g_assert_cmpint (loaded[s].dc_id, ==, states[s].dc_id);
      g_assert_cmpmem (loaded[s].key.key, 256, states[s].key.key, 256);
      g_assert_cmphex (loaded[s].key.id, ==, states[s].key.id);
      g_assert_cmpint (loaded[s].salt, ==, states[s].salt);
      g_assert_cmpint (loaded[s].user_id, ==, states[s].user_id);
    }
  cvn_mtproto_auth_state_free (loaded, n);
}

static void
expect_corrupt (const char   *path,
                const guint8 *file_key)
{
  CvnMtprotoAuthState *loaded = GUINT_TO_POINTER (1);
  guint n = 77;
  g_autoptr(GError) error = NULL;

  g_assert_false (cvn_mtproto_auth_state_load (path, file_key, &loaded, &n, &error));
  g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_STATE_CORRUPT);
  /* Nothing half-loaded. */
  g_assert_true (loaded == GUINT_TO_POINTER (1));
  g_assert_cmpuint (n, ==, 77);
}

static void
test_state (gconstpointer data)
{
  gboolean encrypted = GPOINTER_TO_UINT (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("cvn-auth-state-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "sub", "auth.state", NULL);
  g_autofree char *bad = g_build_filename (dir, "bad.state", NULL);
  guint8 file_key[CVN_MTPROTO_STATE_KEY_LEN], other_key[CVN_MTPROTO_STATE_KEY_LEN];
  const guint8 *key = encrypted ? file_key : NULL;
  g_autofree char *contents = NULL;
  gsize len;

  memset (file_key, 0x11, sizeof file_key);
  memset (other_key, 0x22, sizeof other_key);
  check_roundtrip (path, key);

  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  if (encrypted)
    {
      CvnMtprotoAuthState states[3];

      /* The key bytes are not in the file. */
      make_states (states);
      for (gsize i = 0; i + 32 <= len; i++)
        g_assert_false (memcmp (contents + i, states[0].key.key, 32) == 0);
      expect_corrupt (path, other_key);
      expect_corrupt (path, NULL);
    }
  else
    expect_corrupt (path, file_key);

  /* Truncations, and flipped bits: every header and tag byte, and through the records. */
  for (gsize cut = 0; cut < len; cut += (cut < 64 ? 1 : 61))
    {
      g_assert_true (g_file_set_contents (bad, contents, cut, &error));
      expect_corrupt (bad, key);
    }
  for (gsize i = 0; i < len; i += (i < 48 || i + 32 >= len ? 1 : 13))
    {
      contents[i] ^= 0x04;
      g_assert_true (g_file_set_contents (bad, contents, len, &error));
      expect_corrupt (bad, key);
      contents[i] ^= 0x04;
    }
  /* Trailing bytes. */
  {
    g_autofree char *longer = g_malloc0 (len + 1);

    memcpy (longer, contents, len);
    g_assert_true (g_file_set_contents (bad, longer, len + 1, &error));
    expect_corrupt (bad, key);
  }
  /* A missing file is a file error, not corruption. */
  {
    CvnMtprotoAuthState *loaded = NULL;
    guint n = 0;
    g_autofree char *missing = g_build_filename (dir, "missing", NULL);

    g_assert_false (cvn_mtproto_auth_state_load (missing, key, &loaded, &n, &error));
    g_assert_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT);
    g_clear_error (&error);
  }
  g_unlink (bad);
  g_unlink (path);
  {
    g_autofree char *sub = g_path_get_dirname (path);

    g_rmdir (sub);
  }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_data_func ("/mtproto/auth-state/plain", GUINT_TO_POINTER (0), test_state);
  g_test_add_data_func ("/mtproto/auth-state/encrypted", GUINT_TO_POINTER (1), test_state);
  return g_test_run ();
}
