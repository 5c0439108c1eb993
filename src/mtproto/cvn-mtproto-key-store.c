/* cvn-mtproto-key-store.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-mtproto-key-store.h"

#include "cvn-hash.h"
#include "cvn-mtproto-error.h"

#include <libsecret/secret.h>

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>

#define KEY_LEN CVN_MTPROTO_STATE_KEY_LEN

static const SecretSchema key_schema = {
  "io.github.convene.Convene.AuthState", SECRET_SCHEMA_NONE,
  {
    { "path", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
  0, NULL, NULL, NULL, NULL, NULL, NULL, NULL,
};

struct _CvnMtprotoKeyStore
{
  GObject   parent_instance;

  char     *path;
  char     *key_path;
  gboolean  secret_service_available;
};

G_DEFINE_FINAL_TYPE (CvnMtprotoKeyStore, cvn_mtproto_key_store, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_SECRET_SERVICE_AVAILABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* What an operation carries from step to step. */
typedef struct
{
  CvnMtprotoAuthState *states;
  guint                n_states;
  guint8               key[KEY_LEN];
  gboolean             have_key;
  gboolean             key_in_service;
} Op;

static void
op_free (Op *op)
{
  cvn_mtproto_auth_state_free (op->states, op->n_states);
  cvn_crypto_wipe (op->key, sizeof op->key);
  g_free (op);
}

static void
cvn_mtproto_key_store_finalize (GObject *object)
{
  CvnMtprotoKeyStore *self = CVN_MTPROTO_KEY_STORE (object);

  g_free (self->path);
  g_free (self->key_path);

  G_OBJECT_CLASS (cvn_mtproto_key_store_parent_class)->finalize (object);
}

static void
cvn_mtproto_key_store_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  CvnMtprotoKeyStore *self = CVN_MTPROTO_KEY_STORE (object);

  switch (prop_id)
    {
    case PROP_SECRET_SERVICE_AVAILABLE:
      g_value_set_boolean (value, self->secret_service_available);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_mtproto_key_store_class_init (CvnMtprotoKeyStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cvn_mtproto_key_store_finalize;
  object_class->get_property = cvn_mtproto_key_store_get_property;

  properties[PROP_SECRET_SERVICE_AVAILABLE] =
    g_param_spec_boolean ("secret-service-available", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cvn_mtproto_key_store_init (CvnMtprotoKeyStore *self)
{
  self->secret_service_available = TRUE;
}

CvnMtprotoKeyStore *
cvn_mtproto_key_store_new (const char *path)
{
  CvnMtprotoKeyStore *self;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (CVN_TYPE_MTPROTO_KEY_STORE, NULL);
  self->path = g_strdup (path);
  self->key_path = g_strconcat (path, ".key", NULL);
  return self;
}

const char *
cvn_mtproto_key_store_get_path (CvnMtprotoKeyStore *self)
{
  g_return_val_if_fail (CVN_IS_MTPROTO_KEY_STORE (self), NULL);
  return self->path;
}

const char *
cvn_mtproto_key_store_get_key_path (CvnMtprotoKeyStore *self)
{
  g_return_val_if_fail (CVN_IS_MTPROTO_KEY_STORE (self), NULL);
  return self->key_path;
}

gboolean
cvn_mtproto_key_store_get_secret_service_available (CvnMtprotoKeyStore *self)
{
  g_return_val_if_fail (CVN_IS_MTPROTO_KEY_STORE (self), FALSE);
  return self->secret_service_available;
}

static void
set_available (CvnMtprotoKeyStore *self,
               gboolean            available)
{
  if (self->secret_service_available == available)
    return;
  self->secret_service_available = available;
  if (!available)
    g_message ("No Secret Service: the auth state key is kept in %s (0600)", self->key_path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECRET_SERVICE_AVAILABLE]);
}

/* The secret is the key in hex. */
static gboolean
key_from_secret (const char *secret,
                 guint8     *key)
{
  if (strlen (secret) != KEY_LEN * 2)
    return FALSE;
  for (guint i = 0; i < KEY_LEN; i++)
    {
      int hi = g_ascii_xdigit_value (secret[2 * i]);
      int lo = g_ascii_xdigit_value (secret[2 * i + 1]);

      if (hi < 0 || lo < 0)
        return FALSE;
      key[i] = (guint8) (hi << 4 | lo);
    }
  return TRUE;
}

static char *
key_to_secret (const guint8 *key)
{
  char *secret = g_malloc (KEY_LEN * 2 + 1);

  for (guint i = 0; i < KEY_LEN; i++)
    {
      secret[2 * i] = "0123456789abcdef"[key[i] >> 4];
      secret[2 * i + 1] = "0123456789abcdef"[key[i] & 15];
    }
  secret[KEY_LEN * 2] = '\0';
  return secret;
}

/* Reads the fallback key file: FALSE with no error when there is none. */
static gboolean
read_key_file (CvnMtprotoKeyStore  *self,
               guint8              *key,
               GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize len = 0;

  if (!g_file_get_contents (self->key_path, &contents, &len, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (len != KEY_LEN)
    {
      cvn_crypto_wipe (contents, len);
      g_free (contents);
      g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_STATE_CORRUPT,
                   "The key file %s has %" G_GSIZE_FORMAT " bytes, not %d", self->key_path, len, KEY_LEN);
      return FALSE;
    }
  memcpy (key, contents, KEY_LEN);
  cvn_crypto_wipe (contents, len);
  g_free (contents);
  return TRUE;
}

/* Takes the result of a lookup: the key from the Secret Service, else from the key file.
 * FALSE only on an error; op->have_key says whether a key was found. */
static gboolean
take_lookup (CvnMtprotoKeyStore  *self,
             GAsyncResult        *result,
             Op                  *op,
             GError             **error)
{
  g_autoptr(GError) local_error = NULL;
  char *secret = secret_password_lookup_finish (result, &local_error);

  if (local_error != NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      g_debug ("Key store: no Secret Service: %s", local_error->message);
      g_clear_error (&local_error);
      set_available (self, FALSE);
    }
  else
    set_available (self, TRUE);

  if (secret != NULL)
    {
      gboolean ok = key_from_secret (secret, op->key);

      secret_password_free (secret);
      if (!ok)
        {
          g_set_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_STATE_CORRUPT,
                       "The Secret Service holds a malformed key for %s", self->path);
          return FALSE;
        }
      op->have_key = TRUE;
      op->key_in_service = TRUE;
      return TRUE;
    }
  if (read_key_file (self, op->key, &local_error))
    {
      op->have_key = TRUE;
      return TRUE;
    }
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return TRUE;
}

/* --- load ---------------------------------------------------------------------------- */

static void
load_lookup_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnMtprotoKeyStore *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!take_lookup (self, result, op, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!g_file_test (self->path, G_FILE_TEST_EXISTS))
    {
      op->states = NULL;
      op->n_states = 0;
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (!op->have_key)
    {
      g_task_return_new_error (task, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_STATE_CORRUPT,
                               "The key of %s is neither in the Secret Service nor in %s",
                               self->path, self->key_path);
      return;
    }
  if (!cvn_mtproto_auth_state_load (self->path, op->key, &op->states, &op->n_states, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_boolean (task, TRUE);
}

void
cvn_mtproto_key_store_load_async (CvnMtprotoKeyStore  *self,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CVN_IS_MTPROTO_KEY_STORE (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_mtproto_key_store_load_async);
  g_task_set_task_data (task, g_new0 (Op, 1), (GDestroyNotify) op_free);
  secret_password_lookup (&key_schema, cancellable, load_lookup_cb, task, "path", self->path, NULL);
}

gboolean
cvn_mtproto_key_store_load_finish (CvnMtprotoKeyStore   *self,
                                   GAsyncResult         *result,
                                   CvnMtprotoAuthState **states,
                                   guint                *n_states,
                                   GError              **error)
{
  Op *op;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (states != NULL && n_states != NULL, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  op = g_task_get_task_data (G_TASK (result));
  *states = g_steal_pointer (&op->states);
  *n_states = op->n_states;
  op->n_states = 0;
  return TRUE;
}

/* --- store --------------------------------------------------------------------------- */

static gboolean
write_key_file (CvnMtprotoKeyStore  *self,
                const guint8        *key,
                GError             **error)
{
  g_autofree char *dir = g_path_get_dirname (self->key_path);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "Cannot create %s: %s",
                   dir, g_strerror (errno));
      return FALSE;
    }
  return g_file_set_contents_full (self->key_path, (const char *) key, KEY_LEN,
                                   G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_ONLY_EXISTING,
                                   0600, error);
}

/* The key is where it belongs (the Secret Service if @in_service, else the key file):
 * write the state. */
static void
store_finish_write (GTask    *task,
                    gboolean  in_service)
{
  CvnMtprotoKeyStore *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GError *error = NULL;

  if (!in_service && !write_key_file (self, op->key, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (!cvn_mtproto_auth_state_save (self->path, op->states, op->n_states, op->key, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (in_service && g_unlink (self->key_path) == 0)
    g_debug ("Key store: the key moved from %s to the Secret Service", self->key_path);
  g_task_return_boolean (task, TRUE);
}

static void
store_saved_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnMtprotoKeyStore *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;

  if (!secret_password_store_finish (result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      g_debug ("Key store: cannot store the key in the Secret Service: %s", error->message);
      set_available (self, FALSE);
      store_finish_write (task, FALSE);
      return;
    }
  set_available (self, TRUE);
  store_finish_write (task, TRUE);
}

static void
store_lookup_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnMtprotoKeyStore *self = g_task_get_source_object (task);
  Op *op = g_task_get_task_data (task);
  GCancellable *cancellable;
  GError *error = NULL;
  char *secret;

  if (!take_lookup (self, result, op, &error))
    {
      /* A key file that is damaged is replaced; anything else stops here. */
      if (!g_error_matches (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_STATE_CORRUPT))
        {
          g_task_return_error (task, error);
          return;
        }
      g_debug ("Key store: %s; a new key replaces it", error->message);
      g_clear_error (&error);
      op->have_key = FALSE;
    }
  /* The same key as before if there is one: the state on disk stays readable whatever
   * step fails. */
  if (!op->have_key && !cvn_random_bytes (op->key, KEY_LEN, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (op->key_in_service)
    {
      store_finish_write (task, TRUE);
      return;
    }
  if (!self->secret_service_available)
    {
      store_finish_write (task, FALSE);
      return;
    }
  secret = key_to_secret (op->key);
  cancellable = g_task_get_cancellable (task);
  secret_password_store (&key_schema, SECRET_COLLECTION_DEFAULT, "Convene: Telegram session key",
                         secret, cancellable, store_saved_cb, g_steal_pointer (&task),
                         "path", self->path, NULL);
  cvn_crypto_wipe (secret, strlen (secret));
  g_free (secret);
}

void
cvn_mtproto_key_store_store_async (CvnMtprotoKeyStore        *self,
                                   const CvnMtprotoAuthState *states,
                                   guint                      n_states,
                                   GCancellable              *cancellable,
                                   GAsyncReadyCallback        callback,
                                   gpointer                   user_data)
{
  GTask *task;
  Op *op;

  g_return_if_fail (CVN_IS_MTPROTO_KEY_STORE (self));
  g_return_if_fail (states != NULL || n_states == 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_mtproto_key_store_store_async);
  op = g_new0 (Op, 1);
  op->states = g_new0 (CvnMtprotoAuthState, MAX (n_states, 1));
  if (n_states > 0)
    memcpy (op->states, states, sizeof *states * n_states);
  op->n_states = n_states;
  g_task_set_task_data (task, op, (GDestroyNotify) op_free);
  secret_password_lookup (&key_schema, cancellable, store_lookup_cb, task, "path", self->path, NULL);
}

gboolean
cvn_mtproto_key_store_store_finish (CvnMtprotoKeyStore  *self,
                                    GAsyncResult        *result,
                                    GError             **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cvn_mtproto_key_store_disconnect_service (void)
{
  secret_service_disconnect ();
}
