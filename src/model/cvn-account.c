/* cvn-account.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cvn-account-private.h"
#include "cvn-client-private.h"
#include "cvn-model-error.h"
#include "cvn-mtproto-error.h"
#include "cvn-srp.h"

/* The login token is exported again this long before it expires (QR codes stay valid
 * while they are on screen). */
#define QR_REFRESH_MARGIN_S 5
#define QR_MIN_REFRESH_S    1

struct _CvnAccount
{
  GObject          parent_instance;

  CvnClient       *client;          /* owns us */

  CvnAccountState  state;
  guint            busy;            /* operations running */

  char            *phone_number;
  char            *phone_code_hash;
  CvnCodeType      code_type;
  int              code_length;
  CvnCodeType      next_code_type;
  int              code_timeout;
  char            *password_hint;

  char            *qr_url;
  gint64           qr_expires;
  guint            qr_timer;        /* CvnClock timeout id */
  GCancellable    *qr_cancellable;  /* the QR login running, NULL if none */
  gboolean         qr_exporting;
  gboolean         qr_again;        /* an updateLoginToken came during an export */

  gint64           user_id;
  char            *first_name;
  char            *last_name;
  char            *username;
  char            *display_name;
};

G_DEFINE_FINAL_TYPE (CvnAccount, cvn_account, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_STATE,
  PROP_BUSY,
  PROP_PHONE_NUMBER,
  PROP_CODE_TYPE,
  PROP_CODE_LENGTH,
  PROP_NEXT_CODE_TYPE,
  PROP_CODE_TIMEOUT,
  PROP_PASSWORD_HINT,
  PROP_QR_URL,
  PROP_QR_EXPIRES,
  PROP_USER_ID,
  PROP_FIRST_NAME,
  PROP_LAST_NAME,
  PROP_USERNAME,
  PROP_DISPLAY_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void qr_export (CvnAccount *self);

/* --- setters ----------------------------------------------------------------------------------- */

static void
set_string (CvnAccount  *self,
            char       **field,
            const char  *value,
            guint        prop)
{
  if (g_strcmp0 (*field, value) == 0)
    return;
  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_int (CvnAccount *self,
         int        *field,
         int         value,
         guint       prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_code_type (CvnAccount  *self,
               CvnCodeType *field,
               CvnCodeType  value,
               guint        prop)
{
  if (*field == value)
    return;
  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop]);
}

static void
set_state (CvnAccount      *self,
           CvnAccountState  state)
{
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
busy_push (CvnAccount *self)
{
  if (self->busy++ == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
busy_pop (CvnAccount *self)
{
  g_return_if_fail (self->busy > 0);
  if (--self->busy == 0)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}

static void
stop_qr (CvnAccount *self)
{
  if (self->qr_timer != 0)
    {
      cvn_clock_remove_timeout (_cvn_client_get_clock (self->client), self->qr_timer);
      self->qr_timer = 0;
    }
  if (self->qr_cancellable != NULL)
    {
      g_cancellable_cancel (self->qr_cancellable);
      g_clear_object (&self->qr_cancellable);
    }
  self->qr_again = FALSE;
  set_string (self, &self->qr_url, NULL, PROP_QR_URL);
  if (self->qr_expires != 0)
    {
      self->qr_expires = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QR_EXPIRES]);
    }
}

static void
clear_login (CvnAccount *self)
{
  g_clear_pointer (&self->phone_code_hash, g_free);
  set_code_type (self, &self->code_type, CVN_CODE_TYPE_UNKNOWN, PROP_CODE_TYPE);
  set_code_type (self, &self->next_code_type, CVN_CODE_TYPE_UNKNOWN, PROP_NEXT_CODE_TYPE);
  set_int (self, &self->code_length, 0, PROP_CODE_LENGTH);
  set_int (self, &self->code_timeout, 0, PROP_CODE_TIMEOUT);
  set_string (self, &self->password_hint, NULL, PROP_PASSWORD_HINT);
  stop_qr (self);
}

static void
set_user_names (CvnAccount *self,
                const char *first,
                const char *last,
                const char *username)
{
  g_autofree char *display = NULL;

  if (first != NULL && last != NULL)
    display = g_strdup_printf ("%s %s", first, last);
  else
    display = g_strdup (first != NULL ? first : last);
  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->first_name, first, PROP_FIRST_NAME);
  set_string (self, &self->last_name, last, PROP_LAST_NAME);
  set_string (self, &self->username, username, PROP_USERNAME);
  set_string (self, &self->display_name, display, PROP_DISPLAY_NAME);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
set_user_id (CvnAccount *self,
             gint64      user_id)
{
  if (self->user_id == user_id)
    return;
  self->user_id = user_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_ID]);
}

static void
sync_names_from_cache (CvnAccount *self)
{
  CvnPeer peer = { CVN_PEER_TYPE_USER, self->user_id };
  const CvnPeerEntry *entry;

  if (self->user_id == 0)
    return;
  entry = _cvn_peer_cache_lookup (_cvn_client_get_peer_cache (self->client), &peer);
  if (entry != NULL)
    set_user_names (self, entry->first_name, entry->last_name, entry->username);
}

/* --- object ------------------------------------------------------------------------------------- */

static void
cvn_account_dispose (GObject *object)
{
  CvnAccount *self = CVN_ACCOUNT (object);

  if (self->client != NULL)
    stop_qr (self);

  G_OBJECT_CLASS (cvn_account_parent_class)->dispose (object);
}

static void
cvn_account_finalize (GObject *object)
{
  CvnAccount *self = CVN_ACCOUNT (object);

  g_free (self->phone_number);
  g_free (self->phone_code_hash);
  g_free (self->password_hint);
  g_free (self->qr_url);
  g_free (self->first_name);
  g_free (self->last_name);
  g_free (self->username);
  g_free (self->display_name);

  G_OBJECT_CLASS (cvn_account_parent_class)->finalize (object);
}

static void
cvn_account_get_property (GObject    *object,
                          guint       prop_id,
                          GValue     *value,
                          GParamSpec *pspec)
{
  CvnAccount *self = CVN_ACCOUNT (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy > 0);
      break;
    case PROP_PHONE_NUMBER:
      g_value_set_string (value, self->phone_number);
      break;
    case PROP_CODE_TYPE:
      g_value_set_enum (value, self->code_type);
      break;
    case PROP_CODE_LENGTH:
      g_value_set_int (value, self->code_length);
      break;
    case PROP_NEXT_CODE_TYPE:
      g_value_set_enum (value, self->next_code_type);
      break;
    case PROP_CODE_TIMEOUT:
      g_value_set_int (value, self->code_timeout);
      break;
    case PROP_PASSWORD_HINT:
      g_value_set_string (value, self->password_hint);
      break;
    case PROP_QR_URL:
      g_value_set_string (value, self->qr_url);
      break;
    case PROP_QR_EXPIRES:
      g_value_set_int64 (value, self->qr_expires);
      break;
    case PROP_USER_ID:
      g_value_set_int64 (value, self->user_id);
      break;
    case PROP_FIRST_NAME:
      g_value_set_string (value, self->first_name);
      break;
    case PROP_LAST_NAME:
      g_value_set_string (value, self->last_name);
      break;
    case PROP_USERNAME:
      g_value_set_string (value, self->username);
      break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, self->display_name);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_account_class_init (CvnAccountClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cvn_account_dispose;
  object_class->finalize = cvn_account_finalize;
  object_class->get_property = cvn_account_get_property;

  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, CVN_TYPE_ACCOUNT_STATE,
                                              CVN_ACCOUNT_STATE_RESTORING, flags);
  properties[PROP_BUSY] = g_param_spec_boolean ("busy", NULL, NULL, FALSE, flags);
  properties[PROP_PHONE_NUMBER] = g_param_spec_string ("phone-number", NULL, NULL, NULL, flags);
  properties[PROP_CODE_TYPE] = g_param_spec_enum ("code-type", NULL, NULL, CVN_TYPE_CODE_TYPE,
                                                  CVN_CODE_TYPE_UNKNOWN, flags);
  properties[PROP_CODE_LENGTH] = g_param_spec_int ("code-length", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_NEXT_CODE_TYPE] = g_param_spec_enum ("next-code-type", NULL, NULL, CVN_TYPE_CODE_TYPE,
                                                       CVN_CODE_TYPE_UNKNOWN, flags);
  properties[PROP_CODE_TIMEOUT] = g_param_spec_int ("code-timeout", NULL, NULL, 0, G_MAXINT, 0, flags);
  properties[PROP_PASSWORD_HINT] = g_param_spec_string ("password-hint", NULL, NULL, NULL, flags);
  properties[PROP_QR_URL] = g_param_spec_string ("qr-url", NULL, NULL, NULL, flags);
  properties[PROP_QR_EXPIRES] = g_param_spec_int64 ("qr-expires", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_USER_ID] = g_param_spec_int64 ("user-id", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_FIRST_NAME] = g_param_spec_string ("first-name", NULL, NULL, NULL, flags);
  properties[PROP_LAST_NAME] = g_param_spec_string ("last-name", NULL, NULL, NULL, flags);
  properties[PROP_USERNAME] = g_param_spec_string ("username", NULL, NULL, NULL, flags);
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cvn_account_init (CvnAccount *self)
{
  self->state = CVN_ACCOUNT_STATE_RESTORING;
}

CvnAccount *
_cvn_account_new (CvnClient *client)
{
  CvnAccount *self = g_object_new (CVN_TYPE_ACCOUNT, NULL);

  self->client = client;
  return self;
}

/* --- helpers ------------------------------------------------------------------------------------ */

static void
on_task_completed (GObject    *task,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  busy_pop (CVN_ACCOUNT (user_data));
}

/* A task that keeps the account busy until it returns. */
static GTask *
account_task_new (CvnAccount          *self,
                  gpointer             source_tag,
                  GCancellable        *cancellable,
                  GAsyncReadyCallback  callback,
                  gpointer             user_data)
{
  GTask *task = g_task_new (self, cancellable, callback, user_data);

  g_task_set_source_tag (task, source_tag);
  busy_push (self);
  g_signal_connect_object (task, "notify::completed", G_CALLBACK (on_task_completed), self, 0);
  return task;
}

static gboolean
check_state (CvnAccount       *self,
             GTask            *task,
             CvnAccountState   wanted,
             CvnAccountState   also)
{
  if (self->state == wanted || self->state == also)
    return TRUE;
  g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_WRONG_STATE,
                           _("This step of the login is not the current one."));
  return FALSE;
}

static void
return_mtproto_error (GTask        *task,
                      const GError *error)
{
  g_task_return_error (task, _cvn_model_error_from_mtproto (error));
}

static CvnCodeType
code_type_from_tl (const CvnTlObject *type,
                   int               *length)
{
  *length = 0;
  if (type == NULL)
    return CVN_CODE_TYPE_UNKNOWN;
  switch (type->ctor->id)
    {
    case CVN_TL_API_AUTH_SENT_CODE_TYPE_APP_ID:
      *length = ((const CvnTlApiAuthSentCodeTypeApp *) type)->length;
      return CVN_CODE_TYPE_APP;
    case CVN_TL_API_AUTH_SENT_CODE_TYPE_SMS_ID:
      *length = ((const CvnTlApiAuthSentCodeTypeSms *) type)->length;
      return CVN_CODE_TYPE_SMS;
    case CVN_TL_API_AUTH_SENT_CODE_TYPE_CALL_ID:
      *length = ((const CvnTlApiAuthSentCodeTypeCall *) type)->length;
      return CVN_CODE_TYPE_CALL;
    case CVN_TL_API_AUTH_SENT_CODE_TYPE_FLASH_CALL_ID:
      return CVN_CODE_TYPE_FLASH_CALL;
    case CVN_TL_API_AUTH_SENT_CODE_TYPE_MISSED_CALL_ID:
      *length = ((const CvnTlApiAuthSentCodeTypeMissedCall *) type)->length;
      return CVN_CODE_TYPE_MISSED_CALL;
    case CVN_TL_API_AUTH_SENT_CODE_TYPE_EMAIL_CODE_ID:
      *length = ((const CvnTlApiAuthSentCodeTypeEmailCode *) type)->length;
      return CVN_CODE_TYPE_EMAIL;
    case CVN_TL_API_AUTH_SENT_CODE_TYPE_FRAGMENT_SMS_ID:
      *length = ((const CvnTlApiAuthSentCodeTypeFragmentSms *) type)->length;
      return CVN_CODE_TYPE_FRAGMENT;
    /* auth.codeType (next_type) */
    case CVN_TL_API_AUTH_CODE_TYPE_SMS_ID:
      return CVN_CODE_TYPE_SMS;
    case CVN_TL_API_AUTH_CODE_TYPE_CALL_ID:
      return CVN_CODE_TYPE_CALL;
    case CVN_TL_API_AUTH_CODE_TYPE_FLASH_CALL_ID:
      return CVN_CODE_TYPE_FLASH_CALL;
    case CVN_TL_API_AUTH_CODE_TYPE_MISSED_CALL_ID:
      return CVN_CODE_TYPE_MISSED_CALL;
    case CVN_TL_API_AUTH_CODE_TYPE_FRAGMENT_SMS_ID:
      return CVN_CODE_TYPE_FRAGMENT;
    default:
      return CVN_CODE_TYPE_UNKNOWN;
    }
}

/* Digits only; NULL if it cannot be a phone number (E.164: at most 15 digits). */
static char *
normalize_phone (const char *text)
{
  GString *digits;

  if (text == NULL)
    return NULL;
  digits = g_string_new (NULL);
  for (const char *p = text; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        g_string_append_c (digits, *p);
      else if (*p != '+' && *p != ' ' && *p != '-' && *p != '(' && *p != ')' && *p != '.')
        {
          g_string_free (digits, TRUE);
          return NULL;
        }
    }
  if (digits->len < 5 || digits->len > 15)
    {
      g_string_free (digits, TRUE);
      return NULL;
    }
  return g_string_free (digits, FALSE);
}

/* An auth.Authorization (or what wraps one) arrived: the user is logged in. */
static gboolean
complete_login (CvnAccount        *self,
                const CvnTlObject *authorization)
{
  const CvnTlApiAuthAuthorization *auth = (gconstpointer) authorization;
  const CvnTlApiUser *user;

  if (authorization == NULL || authorization->ctor->id != CVN_TL_API_AUTH_AUTHORIZATION_ID ||
      auth->user == NULL || auth->user->ctor->id != CVN_TL_API_USER_ID)
    return FALSE;
  user = (gconstpointer) auth->user;
  _cvn_peer_cache_add_user (_cvn_client_get_peer_cache (self->client), auth->user);

  clear_login (self);
  set_user_id (self, user->id);
  sync_names_from_cache (self);
  _cvn_client_logged_in (self->client, user->id);
  _cvn_client_save_auth_state_async (self->client, NULL, NULL, NULL);
  set_state (self, CVN_ACCOUNT_STATE_LOGGED_IN);
  return TRUE;
}

static void
fail_unexpected (GTask *task)
{
  g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_FAILED,
                           _("The server gave an answer Convene does not understand."));
}

/* --- restore ------------------------------------------------------------------------------------ */

/* The stored session, checked with the server after the restore returned: names on success;
 * a session ended elsewhere is forgotten. */
static void
restore_check_done (GObject      *source,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  g_autoptr(CvnAccount) self = user_data;
  g_autoptr(CvnMtprotoResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) model_error = NULL;
  const CvnTlValue *value;

  result = _cvn_client_invoke_finish (CVN_CLIENT (source), res, &error);
  if (self->state != CVN_ACCOUNT_STATE_LOGGED_IN)
    return;   /* logged out meanwhile */
  if (result == NULL)
    {
      model_error = _cvn_model_error_from_mtproto (error);
      if (g_error_matches (model_error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_SESSION_REVOKED))
        {
          g_message ("The stored session has ended: %s", error->message);
          set_user_id (self, 0);
          set_user_names (self, NULL, NULL, NULL);
          _cvn_client_logged_out (self->client);
          _cvn_client_save_auth_state_async (self->client, NULL, NULL, NULL);
          set_state (self, CVN_ACCOUNT_STATE_LOGGED_OUT);
        }
      else
        g_debug ("checking the stored session: %s", error->message);
      return;
    }
  value = cvn_mtproto_result_get_value (result);
  if (value->kind == CVN_TL_KIND_VECTOR && value->vector != NULL && value->vector->len == 1)
    _cvn_peer_cache_add_user (_cvn_client_get_peer_cache (self->client), value->vector->objects[0]);
  sync_names_from_cache (self);
}

static void
restore_loaded (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnAccount *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiUsersGetUsers *q;
  gint64 user_id = 0;

  if (!_cvn_client_load_auth_state_finish (self->client, res, &user_id, &error))
    {
      /* a damaged or foreign state file: log in again */
      g_message ("The stored session cannot be read: %s", error->message);
      set_state (self, CVN_ACCOUNT_STATE_LOGGED_OUT);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (user_id == 0)
    {
      set_state (self, CVN_ACCOUNT_STATE_LOGGED_OUT);
      g_task_return_boolean (task, TRUE);
      return;
    }

  /* Logged in at once, offline too: the chats and calls come when the server answers. The
   * check below forgets the session if the server says it has ended. */
  set_user_id (self, user_id);
  set_state (self, CVN_ACCOUNT_STATE_LOGGED_IN);
  _cvn_client_logged_in (self->client, user_id);
  q = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_USERS_GET_USERS_CTOR);
  q->id = cvn_tl_vector_new (arena, CVN_TL_KIND_OBJECT, 1);
  q->id->objects[0] = cvn_tl_object_new (arena, CVN_TL_API_INPUT_USER_SELF_CTOR);
  _cvn_client_invoke_async (self->client, &q->parent, NULL, restore_check_done, g_object_ref (self));
  g_task_return_boolean (task, TRUE);
}

void
cvn_account_restore_async (CvnAccount          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CVN_IS_ACCOUNT (self));

  task = account_task_new (self, cvn_account_restore_async, cancellable, callback, user_data);
  if (!check_state (self, task, CVN_ACCOUNT_STATE_RESTORING, CVN_ACCOUNT_STATE_LOGGED_OUT))
    return;
  set_state (self, CVN_ACCOUNT_STATE_RESTORING);
  _cvn_client_load_auth_state_async (self->client, cancellable, restore_loaded, g_steal_pointer (&task));
}

gboolean
cvn_account_restore_finish (CvnAccount    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- code --------------------------------------------------------------------------------------- */

static void
apply_sent_code (CvnAccount        *self,
                 const CvnTlObject *object)
{
  const CvnTlApiAuthSentCode *sent = (gconstpointer) object;
  int length, ignored;
  CvnCodeType type = code_type_from_tl (sent->type, &length);

  g_free (self->phone_code_hash);
  self->phone_code_hash = g_strndup (sent->phone_code_hash.str != NULL ? sent->phone_code_hash.str : "",
                                     sent->phone_code_hash.len);
  g_object_freeze_notify (G_OBJECT (self));
  set_code_type (self, &self->code_type, type, PROP_CODE_TYPE);
  set_int (self, &self->code_length, MAX (length, 0), PROP_CODE_LENGTH);
  set_code_type (self, &self->next_code_type, code_type_from_tl (sent->next_type, &ignored), PROP_NEXT_CODE_TYPE);
  set_int (self, &self->code_timeout, MAX (sent->timeout, 0), PROP_CODE_TIMEOUT);
  set_state (self, CVN_ACCOUNT_STATE_WAITING_CODE);
  g_object_thaw_notify (G_OBJECT (self));
}

static void
send_code_done (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnAccount *self = g_task_get_source_object (task);
  g_autoptr(CvnMtprotoResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const CvnTlObject *object;

  result = _cvn_client_invoke_finish (self->client, res, &error);
  if (result == NULL)
    {
      return_mtproto_error (task, error);
      return;
    }
  object = cvn_mtproto_result_get_object (result);
  if (object != NULL && object->ctor->id == CVN_TL_API_AUTH_SENT_CODE_ID)
    {
      set_string (self, &self->phone_number, g_task_get_task_data (task), PROP_PHONE_NUMBER);
      apply_sent_code (self, object);
      g_task_return_boolean (task, TRUE);
    }
  else if (object != NULL && object->ctor->id == CVN_TL_API_AUTH_SENT_CODE_SUCCESS_ID &&
           complete_login (self, ((const CvnTlApiAuthSentCodeSuccess *) object)->authorization))
    g_task_return_boolean (task, TRUE);
  else
    fail_unexpected (task);
}

void
cvn_account_send_code_async (CvnAccount          *self,
                             const char          *phone_number,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autofree char *phone = normalize_phone (phone_number);
  CvnTlApiAuthSendCode *q;

  g_return_if_fail (CVN_IS_ACCOUNT (self));

  task = account_task_new (self, cvn_account_send_code_async, cancellable, callback, user_data);
  if (!check_state (self, task, CVN_ACCOUNT_STATE_LOGGED_OUT, CVN_ACCOUNT_STATE_WAITING_CODE))
    return;
  if (phone == NULL)
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_PHONE_NUMBER_INVALID,
                               _("This phone number is not valid. Enter it with the country code."));
      return;
    }
  q = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_AUTH_SEND_CODE_CTOR);
  cvn_tl_string_set (arena, &q->phone_number, phone);
  q->api_id = _cvn_client_get_api_id (self->client);
  cvn_tl_string_set (arena, &q->api_hash, _cvn_client_get_api_hash (self->client));
  q->settings = cvn_tl_object_new (arena, CVN_TL_API_CODE_SETTINGS_CTOR);
  g_task_set_task_data (task, g_steal_pointer (&phone), g_free);
  _cvn_client_invoke_async (self->client, &q->parent, cancellable, send_code_done, g_steal_pointer (&task));
}

gboolean
cvn_account_send_code_finish (CvnAccount    *self,
                              GAsyncResult  *result,
                              GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cvn_account_resend_code_async (CvnAccount          *self,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiAuthResendCode *q;

  g_return_if_fail (CVN_IS_ACCOUNT (self));

  task = account_task_new (self, cvn_account_resend_code_async, cancellable, callback, user_data);
  if (!check_state (self, task, CVN_ACCOUNT_STATE_WAITING_CODE, CVN_ACCOUNT_STATE_WAITING_CODE))
    return;
  q = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_AUTH_RESEND_CODE_CTOR);
  cvn_tl_string_set (arena, &q->phone_number, self->phone_number);
  cvn_tl_string_set (arena, &q->phone_code_hash, self->phone_code_hash);
  g_task_set_task_data (task, g_strdup (self->phone_number), g_free);
  _cvn_client_invoke_async (self->client, &q->parent, cancellable, send_code_done, g_steal_pointer (&task));
}

gboolean
cvn_account_resend_code_finish (CvnAccount    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- password ------------------------------------------------------------------------------------ */

static void get_password_for_hint (CvnAccount *self);

static void
hint_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  CvnAccount *self = user_data;
  g_autoptr(CvnMtprotoResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const CvnTlApiAccountPassword *password;

  result = _cvn_client_invoke_finish (self->client, res, &error);
  if (result != NULL)
    {
      password = (gconstpointer) cvn_mtproto_result_get_object (result);
      if (password != NULL && password->parent.ctor->id == CVN_TL_API_ACCOUNT_PASSWORD_ID &&
          password->hint.str != NULL && password->hint.len > 0)
        {
          g_autofree char *hint = g_utf8_make_valid (password->hint.str, (gssize) password->hint.len);
          set_string (self, &self->password_hint, hint, PROP_PASSWORD_HINT);
        }
    }
  g_object_unref (self);
}

static void
get_password_for_hint (CvnAccount *self)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();

  _cvn_client_invoke_async (self->client, cvn_tl_object_new (arena, CVN_TL_API_ACCOUNT_GET_PASSWORD_CTOR), NULL,
                            hint_done, g_object_ref (self));
}

/* SESSION_PASSWORD_NEEDED: ask for the password (and show its hint). */
static void
need_password (CvnAccount *self)
{
  stop_qr (self);
  set_state (self, CVN_ACCOUNT_STATE_WAITING_PASSWORD);
  get_password_for_hint (self);
}

static gboolean
is_password_needed (const GError *error)
{
  return error->domain == CVN_MTPROTO_RPC_ERROR &&
         g_strcmp0 (cvn_mtproto_rpc_error_get_message (error), "SESSION_PASSWORD_NEEDED") == 0;
}

typedef struct
{
  char         *password;
  GBytes       *salt1;
  GBytes       *salt2;
  GBytes       *p;
  gint32        g;
  GBytes       *srp_B;
  gint64        srp_id;
  guint8        A[CVN_SRP_LEN];
  guint8        M1[CVN_SRP_M1_LEN];
} SrpData;

static void
srp_data_free (SrpData *data)
{
  if (data->password != NULL)
    {
      memset (data->password, 0, strlen (data->password));
      g_free (data->password);
    }
  g_clear_pointer (&data->salt1, g_bytes_unref);
  g_clear_pointer (&data->salt2, g_bytes_unref);
  g_clear_pointer (&data->p, g_bytes_unref);
  g_clear_pointer (&data->srp_B, g_bytes_unref);
  g_free (data);
}

static void
check_password_done (GObject      *source,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnAccount *self = g_task_get_source_object (task);
  g_autoptr(CvnMtprotoResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = _cvn_client_invoke_finish (self->client, res, &error);
  if (result == NULL)
    {
      return_mtproto_error (task, error);
      return;
    }
  if (complete_login (self, cvn_mtproto_result_get_object (result)))
    g_task_return_boolean (task, TRUE);
  else
    fail_unexpected (task);
}

/* The KDF's 100,000 rounds of HMAC-SHA512 run off the main thread. */
static void
srp_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  SrpData *data = task_data;
  CvnSrpParams params = { 0 };
  GError *error = NULL;

  params.salt1 = g_bytes_get_data (data->salt1, &params.salt1_len);
  params.salt2 = g_bytes_get_data (data->salt2, &params.salt2_len);
  params.p = g_bytes_get_data (data->p, &params.p_len);
  params.g = data->g;
  if (!cvn_srp_compute_check (&params, data->password, strlen (data->password),
                              g_bytes_get_data (data->srp_B, NULL), g_bytes_get_size (data->srp_B), NULL, 0,
                              data->A, data->M1, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
srp_computed (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  GCancellable *cancellable;
  g_autoptr(GTask) task = user_data;
  CvnAccount *self = g_task_get_source_object (task);
  SrpData *data = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiAuthCheckPassword *q;
  CvnTlApiInputCheckPasswordSRP *srp;

  if (!g_task_propagate_boolean (G_TASK (res), &error))
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_FAILED,
                               _("The password parameters from the server are not safe: %s"), error->message);
      return;
    }
  q = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_AUTH_CHECK_PASSWORD_CTOR);
  srp = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_INPUT_CHECK_PASSWORD_SRP_CTOR);
  srp->srp_id = data->srp_id;
  srp->A.data = cvn_tl_arena_memdup (arena, data->A, sizeof data->A);
  srp->A.len = sizeof data->A;
  srp->M1.data = cvn_tl_arena_memdup (arena, data->M1, sizeof data->M1);
  srp->M1.len = sizeof data->M1;
  q->password = &srp->parent;
  cancellable = g_task_get_cancellable (task);
  _cvn_client_invoke_async (self->client, &q->parent, cancellable, check_password_done,
                            g_steal_pointer (&task));
}

static void
get_password_done (GObject      *source,
                   GAsyncResult *res,
                   gpointer      user_data)
{
  GCancellable *cancellable;
  g_autoptr(GTask) task = user_data;
  CvnAccount *self = g_task_get_source_object (task);
  SrpData *data = g_task_get_task_data (task);
  g_autoptr(CvnMtprotoResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const CvnTlApiAccountPassword *password;
  const CvnTlApiPasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow *algo;
  GTask *srp_task;

  result = _cvn_client_invoke_finish (self->client, res, &error);
  if (result == NULL)
    {
      return_mtproto_error (task, error);
      return;
    }
  password = (gconstpointer) cvn_mtproto_result_get_object (result);
  if (password == NULL || password->parent.ctor->id != CVN_TL_API_ACCOUNT_PASSWORD_ID)
    {
      fail_unexpected (task);
      return;
    }
  algo = (gconstpointer) password->current_algo;
  if (!password->has_password || algo == NULL ||
      algo->parent.ctor->id != CVN_TL_API_PASSWORD_KDF_ALGO_SHA256_SHA256_PBKDF2_HMACSHA512ITER100000_SHA256_MOD_POW_ID ||
      password->srp_B.data == NULL || !(password->flags & CVN_TL_API_ACCOUNT_PASSWORD_SRP_ID_FLAG))
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_FAILED,
                               _("The server asks for a password in a way Convene does not know. "
                                 "Log in with another Telegram app, or update Convene."));
      return;
    }
  if (password->hint.str != NULL && password->hint.len > 0)
    {
      g_autofree char *hint = g_utf8_make_valid (password->hint.str, (gssize) password->hint.len);
      set_string (self, &self->password_hint, hint, PROP_PASSWORD_HINT);
    }
  data->salt1 = g_bytes_new (algo->salt1.data, algo->salt1.len);
  data->salt2 = g_bytes_new (algo->salt2.data, algo->salt2.len);
  data->p = g_bytes_new (algo->p.data, algo->p.len);
  data->g = algo->g;
  data->srp_B = g_bytes_new (password->srp_B.data, password->srp_B.len);
  data->srp_id = password->srp_id;

  cancellable = g_task_get_cancellable (task);
  srp_task = g_task_new (self, cancellable, srp_computed, g_steal_pointer (&task));
  g_task_set_task_data (srp_task, data, NULL);   /* owned by the outer task */
  g_task_run_in_thread (srp_task, srp_thread);
  g_object_unref (srp_task);
}

void
cvn_account_submit_password_async (CvnAccount          *self,
                                   const char          *password,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  SrpData *data;

  g_return_if_fail (CVN_IS_ACCOUNT (self));
  g_return_if_fail (password != NULL);

  task = account_task_new (self, cvn_account_submit_password_async, cancellable, callback, user_data);
  if (!check_state (self, task, CVN_ACCOUNT_STATE_WAITING_PASSWORD, CVN_ACCOUNT_STATE_WAITING_PASSWORD))
    return;
  data = g_new0 (SrpData, 1);
  data->password = g_strdup (password);
  g_task_set_task_data (task, data, (GDestroyNotify) srp_data_free);
  _cvn_client_invoke_async (self->client, cvn_tl_object_new (arena, CVN_TL_API_ACCOUNT_GET_PASSWORD_CTOR),
                            cancellable, get_password_done, g_steal_pointer (&task));
}

gboolean
cvn_account_submit_password_finish (CvnAccount    *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- sign in / sign up --------------------------------------------------------------------------- */

static void
sign_in_done (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnAccount *self = g_task_get_source_object (task);
  g_autoptr(CvnMtprotoResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const CvnTlObject *object;

  result = _cvn_client_invoke_finish (self->client, res, &error);
  if (result == NULL)
    {
      if (is_password_needed (error))
        {
          need_password (self);
          g_task_return_boolean (task, TRUE);
          return;
        }
      if (g_error_matches (error, CVN_MTPROTO_RPC_ERROR, 400) &&
          g_strcmp0 (cvn_mtproto_rpc_error_get_message (error), "PHONE_CODE_EXPIRED") == 0)
        set_state (self, CVN_ACCOUNT_STATE_WAITING_CODE);
      return_mtproto_error (task, error);
      return;
    }
  object = cvn_mtproto_result_get_object (result);
  if (object != NULL && object->ctor->id == CVN_TL_API_AUTH_AUTHORIZATION_SIGN_UP_REQUIRED_ID)
    {
      set_state (self, CVN_ACCOUNT_STATE_WAITING_SIGN_UP);
      g_task_return_boolean (task, TRUE);
    }
  else if (complete_login (self, object))
    g_task_return_boolean (task, TRUE);
  else
    fail_unexpected (task);
}

void
cvn_account_submit_code_async (CvnAccount          *self,
                               const char          *code,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autofree char *digits = NULL;
  CvnTlApiAuthSignIn *q;

  g_return_if_fail (CVN_IS_ACCOUNT (self));

  task = account_task_new (self, cvn_account_submit_code_async, cancellable, callback, user_data);
  if (!check_state (self, task, CVN_ACCOUNT_STATE_WAITING_CODE, CVN_ACCOUNT_STATE_WAITING_CODE))
    return;
  digits = g_strstrip (g_strdup (code != NULL ? code : ""));
  if (digits[0] == '\0')
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_PHONE_CODE_INVALID,
                               _("Enter the code."));
      return;
    }
  q = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_AUTH_SIGN_IN_CTOR);
  cvn_tl_string_set (arena, &q->phone_number, self->phone_number);
  cvn_tl_string_set (arena, &q->phone_code_hash, self->phone_code_hash);
  cvn_tl_string_set (arena, &q->phone_code, digits);
  _cvn_client_invoke_async (self->client, &q->parent, cancellable, sign_in_done, g_steal_pointer (&task));
}

gboolean
cvn_account_submit_code_finish (CvnAccount    *self,
                                GAsyncResult  *result,
                                GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cvn_account_sign_up_async (CvnAccount          *self,
                           const char          *first_name,
                           const char          *last_name,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  CvnTlApiAuthSignUp *q;

  g_return_if_fail (CVN_IS_ACCOUNT (self));

  task = account_task_new (self, cvn_account_sign_up_async, cancellable, callback, user_data);
  if (!check_state (self, task, CVN_ACCOUNT_STATE_WAITING_SIGN_UP, CVN_ACCOUNT_STATE_WAITING_SIGN_UP))
    return;
  first = g_strstrip (g_strdup (first_name != NULL ? first_name : ""));
  last = g_strstrip (g_strdup (last_name != NULL ? last_name : ""));
  if (first[0] == '\0' || g_utf8_strlen (first, -1) > 64 || g_utf8_strlen (last, -1) > 64)
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_FIRST_NAME_INVALID,
                               _("Enter a first name of up to 64 characters."));
      return;
    }
  q = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_AUTH_SIGN_UP_CTOR);
  cvn_tl_string_set (arena, &q->phone_number, self->phone_number);
  cvn_tl_string_set (arena, &q->phone_code_hash, self->phone_code_hash);
  cvn_tl_string_set (arena, &q->first_name, first);
  cvn_tl_string_set (arena, &q->last_name, last);
  _cvn_client_invoke_async (self->client, &q->parent, cancellable, sign_in_done, g_steal_pointer (&task));
}

gboolean
cvn_account_sign_up_finish (CvnAccount    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- QR ----------------------------------------------------------------------------------------- */

static void
qr_timer_fired (gpointer user_data)
{
  CvnAccount *self = user_data;

  self->qr_timer = 0;
  qr_export (self);
}

static void
schedule_qr_refresh (CvnAccount *self)
{
  CvnClock *clock = _cvn_client_get_clock (self->client);
  gint64 now = cvn_clock_get_real_time (clock) / G_USEC_PER_SEC;
  gint64 delay = self->qr_expires - now - QR_REFRESH_MARGIN_S;

  if (self->qr_timer != 0)
    cvn_clock_remove_timeout (clock, self->qr_timer);
  delay = CLAMP (delay, QR_MIN_REFRESH_S, 24 * 3600);
  self->qr_timer = cvn_clock_add_timeout (clock, (guint) delay * 1000, qr_timer_fired, self);
}

static void
set_qr_token (CvnAccount   *self,
              const guint8 *token,
              gsize         len,
              gint64        expires)
{
  g_autofree char *base64 = g_base64_encode (token, len);
  g_autofree char *url = NULL;

  /* base64url without padding (https://core.telegram.org/api/qr-login) */
  for (char *p = base64; *p; p++)
    {
      if (*p == '+')
        *p = '-';
      else if (*p == '/')
        *p = '_';
      else if (*p == '=')
        {
          *p = '\0';
          break;
        }
    }
  url = g_strconcat ("tg://login?token=", base64, NULL);
  g_object_freeze_notify (G_OBJECT (self));
  set_string (self, &self->qr_url, url, PROP_QR_URL);
  if (self->qr_expires != expires)
    {
      self->qr_expires = expires;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_QR_EXPIRES]);
    }
  g_object_thaw_notify (G_OBJECT (self));
  schedule_qr_refresh (self);
}

typedef struct
{
  CvnAccount *self;
  GTask      *start_task;   /* start_qr waiting for its first token, or NULL */
} QrRequest;

static void qr_answer (CvnAccount        *self,
                       const CvnTlObject *object,
                       GTask             *start_task);

static void
qr_import_done (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  QrRequest *request = user_data;
  CvnAccount *self = request->self;
  g_autoptr(CvnMtprotoResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = _cvn_client_invoke_finish (self->client, res, &error);
  self->qr_exporting = FALSE;
  if (result == NULL)
    {
      if (is_password_needed (error))
        need_password (self);
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autoptr(GError) model_error = _cvn_model_error_from_mtproto (error);
          g_warning ("QR login: %s", model_error->message);
          if (self->state == CVN_ACCOUNT_STATE_WAITING_QR)
            schedule_qr_refresh (self);
        }
    }
  else
    qr_answer (self, cvn_mtproto_result_get_object (result), NULL);
  g_object_unref (self);
  g_free (request);
}

/* An answer to exportLoginToken / importLoginToken. */
static void
qr_answer (CvnAccount        *self,
           const CvnTlObject *object,
           GTask             *start_task)
{
  if (object == NULL)
    return;
  switch (object->ctor->id)
    {
    case CVN_TL_API_AUTH_LOGIN_TOKEN_ID:
      {
        const CvnTlApiAuthLoginToken *token = (gconstpointer) object;

        if (self->state != CVN_ACCOUNT_STATE_WAITING_QR && start_task == NULL)
          return;
        set_state (self, CVN_ACCOUNT_STATE_WAITING_QR);
        set_qr_token (self, token->token.data, token->token.len, token->expires);
        if (start_task != NULL)
          g_task_return_boolean (start_task, TRUE);
        break;
      }
    case CVN_TL_API_AUTH_LOGIN_TOKEN_SUCCESS_ID:
      {
        const CvnTlApiAuthLoginTokenSuccess *success = (gconstpointer) object;

        if (complete_login (self, success->authorization))
          {
            if (start_task != NULL)
              g_task_return_boolean (start_task, TRUE);
          }
        else if (start_task != NULL)
          fail_unexpected (start_task);
        break;
      }
    case CVN_TL_API_AUTH_LOGIN_TOKEN_MIGRATE_TO_ID:
      {
        /* The account lives on another DC: import the token there (the session moves). */
        const CvnTlApiAuthLoginTokenMigrateTo *migrate = (gconstpointer) object;
        g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
        CvnTlApiAuthImportLoginToken *q;
        QrRequest *request;

        if (!_cvn_client_move_to_dc (self->client, migrate->dc_id))
          {
            if (start_task != NULL)
              fail_unexpected (start_task);
            return;
          }
        q = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_AUTH_IMPORT_LOGIN_TOKEN_CTOR);
        q->token.data = cvn_tl_arena_memdup (arena, migrate->token.data, migrate->token.len);
        q->token.len = migrate->token.len;
        request = g_new0 (QrRequest, 1);
        request->self = g_object_ref (self);
        self->qr_exporting = TRUE;
        _cvn_client_invoke_async (self->client, &q->parent, self->qr_cancellable, qr_import_done, request);
        if (start_task != NULL)
          g_task_return_boolean (start_task, TRUE);
        break;
      }
    default:
      if (start_task != NULL)
        fail_unexpected (start_task);
      break;
    }
}

static void
qr_export_done (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  QrRequest *request = user_data;
  CvnAccount *self = request->self;
  g_autoptr(GTask) start_task = request->start_task;
  g_autoptr(CvnMtprotoResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_free (request);
  result = _cvn_client_invoke_finish (self->client, res, &error);
  self->qr_exporting = FALSE;
  if (result == NULL)
    {
      if (is_password_needed (error))
        {
          need_password (self);
          if (start_task != NULL)
            g_task_return_boolean (start_task, TRUE);
        }
      else if (start_task != NULL)
        {
          stop_qr (self);
          if (self->state == CVN_ACCOUNT_STATE_WAITING_QR)
            set_state (self, CVN_ACCOUNT_STATE_LOGGED_OUT);
          return_mtproto_error (start_task, error);
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
               self->state == CVN_ACCOUNT_STATE_WAITING_QR)
        schedule_qr_refresh (self);   /* try again shortly; the code on screen stays */
      g_object_unref (self);
      return;
    }
  qr_answer (self, cvn_mtproto_result_get_object (result), start_task);
  if (self->qr_again && self->state == CVN_ACCOUNT_STATE_WAITING_QR)
    {
      self->qr_again = FALSE;
      qr_export (self);
    }
  g_object_unref (self);
}

static void
qr_export_with (CvnAccount *self,
                GTask      *start_task)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  CvnTlApiAuthExportLoginToken *q;
  QrRequest *request;

  if (self->qr_cancellable == NULL)
    return;
  if (self->qr_exporting)
    {
      self->qr_again = TRUE;
      return;
    }
  q = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_AUTH_EXPORT_LOGIN_TOKEN_CTOR);
  q->api_id = _cvn_client_get_api_id (self->client);
  cvn_tl_string_set (arena, &q->api_hash, _cvn_client_get_api_hash (self->client));
  q->except_ids = cvn_tl_vector_new (arena, CVN_TL_KIND_LONG, 0);
  request = g_new0 (QrRequest, 1);
  request->self = g_object_ref (self);
  request->start_task = start_task;
  self->qr_exporting = TRUE;
  _cvn_client_invoke_async (self->client, &q->parent, self->qr_cancellable, qr_export_done, request);
}

static void
qr_export (CvnAccount *self)
{
  qr_export_with (self, NULL);
}

void
cvn_account_start_qr_async (CvnAccount          *self,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CVN_IS_ACCOUNT (self));

  task = account_task_new (self, cvn_account_start_qr_async, cancellable, callback, user_data);
  if (!check_state (self, task, CVN_ACCOUNT_STATE_LOGGED_OUT, CVN_ACCOUNT_STATE_LOGGED_OUT))
    return;
  stop_qr (self);
  self->qr_cancellable = g_cancellable_new ();
  qr_export_with (self, g_steal_pointer (&task));
}

gboolean
cvn_account_start_qr_finish (CvnAccount    *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
cvn_account_cancel_login (CvnAccount *self)
{
  g_return_if_fail (CVN_IS_ACCOUNT (self));

  if (self->state != CVN_ACCOUNT_STATE_WAITING_CODE && self->state != CVN_ACCOUNT_STATE_WAITING_PASSWORD &&
      self->state != CVN_ACCOUNT_STATE_WAITING_SIGN_UP && self->state != CVN_ACCOUNT_STATE_WAITING_QR)
    return;
  clear_login (self);
  set_state (self, CVN_ACCOUNT_STATE_LOGGED_OUT);
}

void
_cvn_account_handle_updates (CvnAccount        *self,
                             const CvnTlObject *object)
{
  g_return_if_fail (CVN_IS_ACCOUNT (self));

  if (object == NULL)
    return;
  /* updateLoginToken comes as updateShort: the QR code was accepted elsewhere */
  if (object->ctor->id == CVN_TL_API_UPDATE_SHORT_ID)
    {
      const CvnTlObject *update = ((const CvnTlApiUpdateShort *) object)->update;

      if (update != NULL && update->ctor->id == CVN_TL_API_UPDATE_LOGIN_TOKEN_ID &&
          self->state == CVN_ACCOUNT_STATE_WAITING_QR)
        qr_export (self);
    }
  if (self->state == CVN_ACCOUNT_STATE_LOGGED_IN)
    sync_names_from_cache (self);
}

/* --- log out ------------------------------------------------------------------------------------- */

static void
log_out_saved (GObject      *source,
               GAsyncResult *res,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!_cvn_client_save_auth_state_finish (CVN_CLIENT (source), res, &error))
    g_warning ("The session could not be removed from disk: %s", error->message);
  g_task_return_boolean (task, TRUE);
}

static void
log_out_done (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnAccount *self = g_task_get_source_object (task);
  g_autoptr(CvnMtprotoResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = _cvn_client_invoke_finish (self->client, res, &error);
  if (result == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* Whatever the server said (it may already have ended the session), this device forgets
   * the session. */
  if (result == NULL)
    g_debug ("auth.logOut: %s", error->message);
  set_user_id (self, 0);
  set_user_names (self, NULL, NULL, NULL);
  _cvn_client_logged_out (self->client);
  clear_login (self);
  set_state (self, CVN_ACCOUNT_STATE_LOGGED_OUT);
  /* done once the stored state no longer holds the session */
  _cvn_client_save_auth_state_async (self->client, NULL, log_out_saved, g_steal_pointer (&task));
}

void
cvn_account_log_out_async (CvnAccount          *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();

  g_return_if_fail (CVN_IS_ACCOUNT (self));

  task = account_task_new (self, cvn_account_log_out_async, cancellable, callback, user_data);
  if (!check_state (self, task, CVN_ACCOUNT_STATE_LOGGED_IN, CVN_ACCOUNT_STATE_LOGGED_IN))
    return;
  _cvn_client_invoke_async (self->client, cvn_tl_object_new (arena, CVN_TL_API_AUTH_LOG_OUT_CTOR), cancellable,
                            log_out_done, g_steal_pointer (&task));
}

gboolean
cvn_account_log_out_finish (CvnAccount    *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- getters ------------------------------------------------------------------------------------- */

CvnAccountState
cvn_account_get_state (CvnAccount *self)
{
  g_return_val_if_fail (CVN_IS_ACCOUNT (self), CVN_ACCOUNT_STATE_LOGGED_OUT);
  return self->state;
}

gboolean
cvn_account_get_busy (CvnAccount *self)
{
  g_return_val_if_fail (CVN_IS_ACCOUNT (self), FALSE);
  return self->busy > 0;
}

const char *
cvn_account_get_phone_number (CvnAccount *self)
{
  g_return_val_if_fail (CVN_IS_ACCOUNT (self), NULL);
  return self->phone_number;
}

CvnCodeType
cvn_account_get_code_type (CvnAccount *self)
{
  g_return_val_if_fail (CVN_IS_ACCOUNT (self), CVN_CODE_TYPE_UNKNOWN);
  return self->code_type;
}

int
cvn_account_get_code_length (CvnAccount *self)
{
  g_return_val_if_fail (CVN_IS_ACCOUNT (self), 0);
  return self->code_length;
}

CvnCodeType
cvn_account_get_next_code_type (CvnAccount *self)
{
  g_return_val_if_fail (CVN_IS_ACCOUNT (self), CVN_CODE_TYPE_UNKNOWN);
  return self->next_code_type;
}

int
cvn_account_get_code_timeout (CvnAccount *self)
{
  g_return_val_if_fail (CVN_IS_ACCOUNT (self), 0);
  return self->code_timeout;
}

const char *
cvn_account_get_password_hint (CvnAccount *self)
{
  g_return_val_if_fail (CVN_IS_ACCOUNT (self), NULL);
  return self->password_hint;
}

const char *
cvn_account_get_qr_url (CvnAccount *self)
{
  g_return_val_if_fail (CVN_IS_ACCOUNT (self), NULL);
  return self->qr_url;
}

gint64
cvn_account_get_qr_expires (CvnAccount *self)
{
  g_return_val_if_fail (CVN_IS_ACCOUNT (self), 0);
  return self->qr_expires;
}

gint64
cvn_account_get_user_id (CvnAccount *self)
{
  g_return_val_if_fail (CVN_IS_ACCOUNT (self), 0);
  return self->user_id;
}

const char *
cvn_account_get_first_name (CvnAccount *self)
{
  g_return_val_if_fail (CVN_IS_ACCOUNT (self), NULL);
  return self->first_name;
}

const char *
cvn_account_get_last_name (CvnAccount *self)
{
  g_return_val_if_fail (CVN_IS_ACCOUNT (self), NULL);
  return self->last_name;
}

const char *
cvn_account_get_username (CvnAccount *self)
{
  g_return_val_if_fail (CVN_IS_ACCOUNT (self), NULL);
  return self->username;
}

const char *
cvn_account_get_display_name (CvnAccount *self)
{
  g_return_val_if_fail (CVN_IS_ACCOUNT (self), NULL);
  return self->display_name;
}
