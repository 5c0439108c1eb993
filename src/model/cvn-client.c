/* cvn-client.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "cvn-account-private.h"
#include "cvn-chat-list-private.h"
#include "cvn-call-client-rpc-private.h"
#include "cvn-chat-private.h"
#include "cvn-client-private.h"
#include "cvn-model-error.h"
#include "cvn-mtproto-error.h"
#include "cvn-mtproto-key-store.h"
#include "cvn-rsa.h"

/* Telegram's production DC 2 and the RSA key it publishes
 * (https://core.telegram.org/mtproto/auth_key, "server public RSA keys"). */
#define TELEGRAM_DEFAULT_DC 2
static const struct
{
  gint32      id;
  const char *host;
} telegram_dcs[] = {
  { 1, "149.154.175.53" },
  { 2, "149.154.167.50" },
  { 3, "149.154.175.100" },
  { 4, "149.154.167.91" },
  { 5, "91.108.56.130" },
};
#define TELEGRAM_PORT 443
static const char telegram_public_key[] =
  "-----BEGIN RSA PUBLIC KEY-----\n"
  "MIIBCgKCAQEA6LszBcC1LGzyr992NzE0ieY+BSaOW622Aa9Bd4ZHLl+TuFQ4lo4g\n"
  "5nKaMBwK/BIb9xUfg0Q29/2mgIR6Zr9krM7HjuIcCzFvDtr+L0GQjae9H0pRB2OO\n"
  "62cECs5HKhT5DZ98K33vmWiLowc621dQuwKWSQKjWf50XYFw42h21P2KXUGyp2y/\n"
  "+aEyZ+uVgLLQbRA1dEjSDZ2iGRy12Mk5gpYc397aYp438fsJoHIgJ2lgMv5h7WY9\n"
  "t6N/byY9Nw9p21Og3AoXSL2q/2IJ1WRUhebgAdGVMlV1fkuOQoEzR7EdpqtQD9Cs\n"
  "5+bfo3Nhmcyvk5ftB0WkJ9z6bNZ7yxrP8wIDAQAB\n"
  "-----END RSA PUBLIC KEY-----\n";

#define SANDBOX_DC 2
#define DIALOGS_PAGE 100
#define DIALOGS_MAX_PAGES 20
#define CALL_PARTICIPANTS_LIMIT 100

struct _CvnClient
{
  GObject             parent_instance;

  char               *host;
  guint16             port;
  GPtrArray          *keys;          /* CvnRsaKey * */
  gboolean            sandbox;
  char               *description;
  char               *state_path;
  gint32              api_id;
  char               *api_hash;

  CvnClock           *clock;
  CvnMtprotoClient   *mtproto;
  gulong              update_id;
  CvnMtprotoKeyStore *key_store;     /* NULL without a state path */
  CvnClientState      state;
  guint               poll_id;       /* watches the connection once it was up */
  GCancellable       *cancellable;   /* the client's own requests; cancelled at close */

  CvnPeerCache       *peers;
  CvnAccount         *account;
  CvnChatList        *chats;
  GListStore         *all_chats;     /* CvnChat, by title */
  GHashTable         *chat_by_peer;  /* CvnPeer * (the chat's) → CvnChat * */
  GHashTable         *calls;         /* gint64 * call id → CvnGroupCall * */
  GHashTable         *full_pending;  /* CvnPeer * → CvnPeer *: full info requested */
  gboolean            refresh_running;
};

G_DEFINE_FINAL_TYPE (CvnClient, cvn_client, G_TYPE_OBJECT)

enum
{
  PROP_0,
  PROP_IS_SANDBOX,
  PROP_STATE,
  PROP_CONNECTED,
  PROP_DESCRIPTION,
  PROP_SECRET_SERVICE_AVAILABLE,
  PROP_ACCOUNT,
  PROP_CHATS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SIGNAL_PEER_CHANGED,
  SIGNAL_UPDATE,
  SIGNAL_GROUP_CALL_ADDED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void on_mtproto_update (CvnMtprotoClient *mtproto,
                               CvnMtprotoResult *result,
                               gpointer          user_data);
static void fetch_full_chat   (CvnClient        *self,
                               CvnChat          *chat);
static void handle_updates    (CvnClient        *self,
                               const CvnTlObject *object);

/* --- Telegram availability ----------------------------------------------------------------- */

gboolean
cvn_client_telegram_available (void)
{
  return CVN_API_ID != 0 && CVN_API_HASH[0] != '\0';
}

const char *
cvn_client_get_telegram_unavailable_reason (void)
{
  if (cvn_client_telegram_available ())
    return NULL;
  return _("This build of Convene has no Telegram API key (api_id and api_hash are set when "
           "it is built), so it can connect only to a local sandbox.");
}

/* --- errors -------------------------------------------------------------------------------- */

static char *
format_wait (guint seconds)
{
  if (seconds < 60)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u second", "%u seconds", seconds), seconds);
  if (seconds < 3600)
    {
      guint minutes = (seconds + 59) / 60;
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u minute", "%u minutes", minutes), minutes);
    }
  {
    guint hours = (seconds + 3599) / 3600;
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u hour", "%u hours", hours), hours);
  }
}

GError *
_cvn_model_error_from_mtproto (const GError *error)
{
  const char *message;

  g_return_val_if_fail (error != NULL, NULL);

  if (error->domain == CVN_MODEL_ERROR || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == CVN_MTPROTO_RPC_ERROR)
    {
      guint wait = cvn_mtproto_rpc_error_get_wait_seconds (error);

      message = cvn_mtproto_rpc_error_get_message (error);
      if (wait > 0 || g_str_has_prefix (message, "FLOOD_WAIT"))
        {
          g_autofree char *duration = format_wait (wait);
          return g_error_new (CVN_MODEL_ERROR, CVN_MODEL_ERROR_FLOOD_WAIT,
                              _("Too many attempts. Try again in %s."), duration);
        }
      if (g_str_equal (message, "PHONE_NUMBER_INVALID") || g_str_equal (message, "PHONE_NUMBER_BANNED") ||
          g_str_equal (message, "PHONE_NUMBER_FLOOD"))
        return g_error_new_literal (CVN_MODEL_ERROR, CVN_MODEL_ERROR_PHONE_NUMBER_INVALID,
                                    g_str_equal (message, "PHONE_NUMBER_INVALID")
                                      ? _("This phone number is not valid. Enter it with the country code.")
                                      : _("This phone number cannot be used to log in."));
      if (g_str_equal (message, "PHONE_CODE_INVALID") || g_str_equal (message, "PHONE_CODE_EMPTY"))
        return g_error_new_literal (CVN_MODEL_ERROR, CVN_MODEL_ERROR_PHONE_CODE_INVALID,
                                    _("The code is wrong. Check it and try again."));
      if (g_str_equal (message, "PHONE_CODE_EXPIRED"))
        return g_error_new_literal (CVN_MODEL_ERROR, CVN_MODEL_ERROR_PHONE_CODE_EXPIRED,
                                    _("The code has expired. Ask for a new one."));
      if (g_str_equal (message, "PASSWORD_HASH_INVALID"))
        return g_error_new_literal (CVN_MODEL_ERROR, CVN_MODEL_ERROR_PASSWORD_INVALID,
                                    _("The password is wrong."));
      if (g_str_equal (message, "FIRSTNAME_INVALID") || g_str_equal (message, "LASTNAME_INVALID"))
        return g_error_new_literal (CVN_MODEL_ERROR, CVN_MODEL_ERROR_FIRST_NAME_INVALID,
                                    _("Enter a first name of up to 64 characters."));
      if (g_str_equal (message, "AUTH_KEY_UNREGISTERED") || g_str_equal (message, "SESSION_REVOKED") ||
          g_str_equal (message, "SESSION_EXPIRED") || g_str_equal (message, "USER_DEACTIVATED") ||
          g_str_equal (message, "USER_DEACTIVATED_BAN") || g_str_equal (message, "AUTH_KEY_DUPLICATED"))
        return g_error_new_literal (CVN_MODEL_ERROR, CVN_MODEL_ERROR_SESSION_REVOKED,
                                    _("This session has ended. Log in again."));
      if (g_str_equal (message, "USERNAME_NOT_OCCUPIED") || g_str_equal (message, "USERNAME_INVALID") ||
          g_str_equal (message, "GROUPCALL_INVALID") || g_str_equal (message, "CHANNEL_PRIVATE") ||
          g_str_equal (message, "CHANNEL_INVALID") || g_str_equal (message, "CHAT_ID_INVALID") ||
          g_str_equal (message, "PEER_ID_INVALID"))
        return g_error_new_literal (CVN_MODEL_ERROR, CVN_MODEL_ERROR_NOT_FOUND,
                                    _("Nothing was found there, or it is private."));
      return g_error_new (CVN_MODEL_ERROR, CVN_MODEL_ERROR_FAILED,
                          _("The server refused the request (%s)."), message);
    }

  if (error->domain == CVN_MTPROTO_ERROR || error->domain == G_IO_ERROR ||
      error->domain == G_RESOLVER_ERROR || error->domain == G_TLS_ERROR)
    return g_error_new_literal (CVN_MODEL_ERROR, CVN_MODEL_ERROR_NETWORK,
                                _("The server cannot be reached. Check the network connection."));

  return g_error_new (CVN_MODEL_ERROR, CVN_MODEL_ERROR_FAILED, "%s", error->message);
}

/* --- state ------------------------------------------------------------------------------------ */

static gboolean poll_connection (gpointer user_data);

static void
set_state (CvnClient      *self,
           CvnClientState  state)
{
  gboolean was_connected = self->state == CVN_CLIENT_STATE_CONNECTED;

  /* CvnMtprotoClient reconnects by itself and says nothing of it: once up, the connection
   * is looked at every second, so the UI can say "Connecting…" while it is down */
  if (state == CVN_CLIENT_STATE_CONNECTED && self->poll_id == 0 && self->mtproto != NULL)
    self->poll_id = g_timeout_add_seconds (1, poll_connection, self);
  if (self->state == state)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
  if (was_connected != (state == CVN_CLIENT_STATE_CONNECTED))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONNECTED]);
}

static gboolean
poll_connection (gpointer user_data)
{
  CvnClient *self = user_data;

  if (self->mtproto == NULL)
    {
      self->poll_id = 0;
      return G_SOURCE_REMOVE;
    }
  set_state (self, cvn_mtproto_client_get_connected (self->mtproto) ? CVN_CLIENT_STATE_CONNECTED
                                                                    : CVN_CLIENT_STATE_CONNECTING);
  return G_SOURCE_CONTINUE;
}

static void
state_after_request (CvnClient    *self,
                     const GError *error)
{
  if (error == NULL || error->domain == CVN_MTPROTO_RPC_ERROR)
    set_state (self, CVN_CLIENT_STATE_CONNECTED);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    set_state (self, cvn_mtproto_client_get_connected (self->mtproto) ? CVN_CLIENT_STATE_CONNECTED
                                                                      : CVN_CLIENT_STATE_DISCONNECTED);
}

/* --- the connection -------------------------------------------------------------------------- */

static const char *
dc_host (CvnClient *self,
         gint32     dc_id)
{
  if (self->sandbox)
    return self->host;
  for (guint i = 0; i < G_N_ELEMENTS (telegram_dcs); i++)
    if (telegram_dcs[i].id == dc_id)
      return telegram_dcs[i].host;
  return NULL;
}

static void
drop_mtproto (CvnClient *self)
{
  if (self->mtproto == NULL)
    return;
  g_clear_signal_handler (&self->update_id, self->mtproto);
  cvn_mtproto_client_close (self->mtproto);
  g_clear_object (&self->mtproto);
}

/* A new connection object for @dc_id (at construction, and when a stored session lives on
 * another DC than the default one). */
static gboolean
make_mtproto (CvnClient *self,
              gint32     dc_id)
{
  const char *host = dc_host (self, dc_id);

  if (host == NULL)
    return FALSE;
  drop_mtproto (self);
  self->mtproto = cvn_mtproto_client_new (host, self->sandbox ? self->port : TELEGRAM_PORT, dc_id, self->keys);
  cvn_mtproto_client_set_init_params (self->mtproto, self->api_id, "Convene", "Linux", PACKAGE_VERSION,
                                      "en", "", "en");
  self->update_id = g_signal_connect (self->mtproto, "update", G_CALLBACK (on_mtproto_update), self);
  return TRUE;
}

/* --- object ---------------------------------------------------------------------------------- */

static void
cvn_client_dispose (GObject *object)
{
  CvnClient *self = CVN_CLIENT (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  drop_mtproto (self);
  if (self->peers != NULL)
    g_signal_handlers_disconnect_by_data (self->peers, self);
  g_clear_object (&self->account);
  g_clear_object (&self->chats);
  g_clear_object (&self->all_chats);
  g_clear_pointer (&self->chat_by_peer, g_hash_table_unref);
  g_clear_pointer (&self->calls, g_hash_table_unref);
  g_clear_pointer (&self->full_pending, g_hash_table_unref);
  g_clear_object (&self->peers);
  g_clear_object (&self->key_store);
  g_clear_object (&self->clock);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (cvn_client_parent_class)->dispose (object);
}

static void
cvn_client_finalize (GObject *object)
{
  CvnClient *self = CVN_CLIENT (object);

  g_free (self->host);
  g_clear_pointer (&self->keys, g_ptr_array_unref);
  g_free (self->description);
  g_free (self->state_path);
  g_free (self->api_hash);

  G_OBJECT_CLASS (cvn_client_parent_class)->finalize (object);
}

static void
cvn_client_get_property (GObject    *object,
                         guint       prop_id,
                         GValue     *value,
                         GParamSpec *pspec)
{
  CvnClient *self = CVN_CLIENT (object);

  switch (prop_id)
    {
    case PROP_IS_SANDBOX:
      g_value_set_boolean (value, self->sandbox);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_CONNECTED:
      g_value_set_boolean (value, self->state == CVN_CLIENT_STATE_CONNECTED);
      break;
    case PROP_DESCRIPTION:
      g_value_set_string (value, self->description);
      break;
    case PROP_SECRET_SERVICE_AVAILABLE:
      g_value_set_boolean (value, cvn_client_get_secret_service_available (self));
      break;
    case PROP_ACCOUNT:
      g_value_set_object (value, self->account);
      break;
    case PROP_CHATS:
      g_value_set_object (value, self->chats);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_client_class_init (CvnClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = cvn_client_dispose;
  object_class->finalize = cvn_client_finalize;
  object_class->get_property = cvn_client_get_property;

  properties[PROP_IS_SANDBOX] = g_param_spec_boolean ("is-sandbox", NULL, NULL, FALSE, flags);
  properties[PROP_STATE] = g_param_spec_enum ("state", NULL, NULL, CVN_TYPE_CLIENT_STATE,
                                              CVN_CLIENT_STATE_DISCONNECTED, flags);
  properties[PROP_CONNECTED] = g_param_spec_boolean ("connected", NULL, NULL, FALSE, flags);
  properties[PROP_DESCRIPTION] = g_param_spec_string ("description", NULL, NULL, NULL, flags);
  properties[PROP_SECRET_SERVICE_AVAILABLE] =
    g_param_spec_boolean ("secret-service-available", NULL, NULL, TRUE, flags);
  properties[PROP_ACCOUNT] = g_param_spec_object ("account", NULL, NULL, CVN_TYPE_ACCOUNT, flags);
  properties[PROP_CHATS] = g_param_spec_object ("chats", NULL, NULL, G_TYPE_LIST_MODEL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::peer-changed (CvnPeerType type, gint64 id): a user's name or a chat's title changed
   * or became known. */
  signals[SIGNAL_PEER_CHANGED] =
    g_signal_new ("peer-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, CVN_TYPE_PEER_TYPE, G_TYPE_INT64);
  /* Private (cvn-client-private.h): ::update (const CvnTlObject *updates) after the client
   * handled it; ::group-call-added (CvnGroupCall *). */
  signals[SIGNAL_UPDATE] =
    g_signal_new ("update", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_POINTER);
  signals[SIGNAL_GROUP_CALL_ADDED] =
    g_signal_new ("group-call-added", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CVN_TYPE_GROUP_CALL);
}

static void
cvn_client_init (CvnClient *self)
{
  self->cancellable = g_cancellable_new ();
  self->chat_by_peer = g_hash_table_new_full (_cvn_peer_hash, _cvn_peer_equal, NULL, g_object_unref);
  self->calls = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->full_pending = g_hash_table_new_full (_cvn_peer_hash, _cvn_peer_equal, g_free, NULL);
  self->all_chats = g_list_store_new (CVN_TYPE_CHAT);
  self->chats = _cvn_chat_list_new ();
}

/* --- peers and chats ------------------------------------------------------------------------- */

static int
compare_titles (gconstpointer a,
                gconstpointer b,
                gpointer      user_data)
{
  const char *ta = cvn_chat_get_title ((CvnChat *) a);
  const char *tb = cvn_chat_get_title ((CvnChat *) b);

  return g_utf8_collate (ta != NULL ? ta : "", tb != NULL ? tb : "");
}

static CvnChat *
ensure_chat (CvnClient     *self,
             const CvnPeer *peer)
{
  const CvnPeerEntry *entry;
  CvnChat *chat;

  if (peer->type == CVN_PEER_TYPE_USER)
    return NULL;
  chat = g_hash_table_lookup (self->chat_by_peer, peer);
  if (chat != NULL)
    return chat;
  entry = _cvn_peer_cache_lookup (self->peers, peer);
  if (entry == NULL)
    return NULL;

  chat = _cvn_chat_new (peer);
  _cvn_chat_update_from_entry (chat, entry);
  g_hash_table_insert (self->chat_by_peer, (gpointer) _cvn_chat_get_peer (chat), chat);
  _cvn_chat_list_track (self->chats, chat);
  if (cvn_chat_get_is_member (chat))
    g_list_store_insert_sorted (self->all_chats, chat, compare_titles, NULL);
  return chat;
}

static void
on_peer_changed (CvnPeerCache *cache,
                 CvnPeerType   type,
                 gint64        id,
                 gpointer      user_data)
{
  CvnClient *self = user_data;
  CvnPeer peer = { type, id };

  if (type != CVN_PEER_TYPE_USER)
    {
      CvnChat *chat = g_hash_table_lookup (self->chat_by_peer, &peer);
      const CvnPeerEntry *entry = _cvn_peer_cache_lookup (cache, &peer);

      if (chat == NULL)
        chat = ensure_chat (self, &peer);
      else if (entry != NULL)
        {
          g_autofree char *old_title = g_strdup (cvn_chat_get_title (chat));
          gboolean was_member = cvn_chat_get_is_member (chat);
          guint pos;

          _cvn_chat_update_from_entry (chat, entry);
          /* the list of all chats moves only for a new title or membership */
          if (was_member != cvn_chat_get_is_member (chat) || g_strcmp0 (old_title, cvn_chat_get_title (chat)) != 0)
            {
              if (g_list_store_find (self->all_chats, chat, &pos))
                g_list_store_remove (self->all_chats, pos);
              if (cvn_chat_get_is_member (chat))
                g_list_store_insert_sorted (self->all_chats, chat, compare_titles, NULL);
            }
        }

      /* The chat says it has a call we know nothing of: its full info names it. */
      if (chat != NULL && entry != NULL && entry->call_active && cvn_chat_get_is_member (chat) &&
          cvn_chat_get_group_call (chat) == NULL)
        fetch_full_chat (self, chat);
      /* The chat says its call is over. */
      if (chat != NULL && entry != NULL && !entry->call_active && cvn_chat_get_group_call (chat) != NULL &&
          !entry->min)
        _cvn_chat_set_group_call (chat, NULL);
    }
  g_signal_emit (self, signals[SIGNAL_PEER_CHANGED], 0, type, id);
}

CvnChat *
_cvn_client_lookup_chat (CvnClient     *self,
                         const CvnPeer *peer)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), NULL);
  g_return_val_if_fail (peer != NULL, NULL);

  return ensure_chat (self, peer);
}

char *
cvn_client_dup_peer_title (CvnClient   *self,
                           CvnPeerType  type,
                           gint64       id)
{
  CvnPeer peer = { type, id };
  const CvnPeerEntry *entry;

  g_return_val_if_fail (CVN_IS_CLIENT (self), NULL);

  entry = _cvn_peer_cache_lookup (self->peers, &peer);
  if (entry == NULL)
    return NULL;
  if (entry->title == NULL)
    return g_strdup (type == CVN_PEER_TYPE_USER ? _("Deleted Account") : _("Untitled"));
  return g_strdup (entry->title);
}

/* --- group calls ------------------------------------------------------------------------------ */

CvnGroupCall *
_cvn_client_lookup_group_call (CvnClient *self,
                               gint64     call_id)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), NULL);
  return g_hash_table_lookup (self->calls, &call_id);
}

CvnGroupCall *
_cvn_client_ensure_group_call (CvnClient *self,
                               gint64     call_id,
                               gint64     access_hash)
{
  CvnGroupCall *call;

  g_return_val_if_fail (CVN_IS_CLIENT (self), NULL);

  call = g_hash_table_lookup (self->calls, &call_id);
  if (call != NULL)
    return call;
  call = cvn_group_call_new (self->clock);
  /* named before anything else is known of it, so the sync can fetch it */
  _cvn_group_call_set_input (call, call_id, access_hash);
  g_hash_table_insert (self->calls, g_memdup2 (&call_id, sizeof call_id), call);
  g_signal_emit (self, signals[SIGNAL_GROUP_CALL_ADDED], 0, call);
  return call;
}

CvnTlObject *
_cvn_client_make_input_group_call (CvnClient    *self,
                                   CvnGroupCall *call,
                                   CvnTlArena   *arena)
{
  CvnTlApiInputGroupCall *input;

  g_return_val_if_fail (CVN_IS_CLIENT (self), NULL);
  g_return_val_if_fail (CVN_IS_GROUP_CALL (call), NULL);

  input = (CvnTlApiInputGroupCall *) cvn_tl_object_new (arena, CVN_TL_API_INPUT_GROUP_CALL_CTOR);
  input->id = cvn_group_call_get_id (call);
  input->access_hash = cvn_group_call_get_access_hash (call);
  return &input->parent;
}

/* A call of @chat named by an InputGroupCall (full info, service message) or a GroupCall
 * (updateGroupCall). */
static CvnGroupCall *
attach_call (CvnClient         *self,
             CvnChat           *chat,
             const CvnTlObject *tl_call)
{
  CvnGroupCall *call;
  gint64 id, access_hash;
  gboolean discarded = FALSE;

  if (tl_call == NULL)
    return NULL;
  switch (tl_call->ctor->id)
    {
    case CVN_TL_API_INPUT_GROUP_CALL_ID:
      id = ((const CvnTlApiInputGroupCall *) tl_call)->id;
      access_hash = ((const CvnTlApiInputGroupCall *) tl_call)->access_hash;
      break;
    case CVN_TL_API_GROUP_CALL_ID:
      id = ((const CvnTlApiGroupCall *) tl_call)->id;
      access_hash = ((const CvnTlApiGroupCall *) tl_call)->access_hash;
      break;
    case CVN_TL_API_GROUP_CALL_DISCARDED_ID:
      id = ((const CvnTlApiGroupCallDiscarded *) tl_call)->id;
      access_hash = 0;
      discarded = TRUE;
      break;
    default:
      return NULL;
    }

  if (discarded)
    {
      call = g_hash_table_lookup (self->calls, &id);
      if (chat != NULL && cvn_chat_get_group_call (chat) == call)
        _cvn_chat_set_group_call (chat, NULL);
      return call;
    }

  call = _cvn_client_ensure_group_call (self, id, access_hash);
  if (chat != NULL && cvn_chat_get_group_call (chat) != call)
    {
      _cvn_group_call_set_broadcast (call, cvn_chat_get_broadcast (chat));
      _cvn_group_call_set_peer (call, cvn_chat_get_peer_type (chat), cvn_chat_get_id (chat));
      _cvn_chat_set_group_call (chat, call);
    }
  return call;
}

/* --- invoking ---------------------------------------------------------------------------------- */

static void
invoke_done (GObject      *source,
             GAsyncResult *res,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  CvnMtprotoResult *result;

  result = cvn_mtproto_client_invoke_finish (CVN_MTPROTO_CLIENT (source), res, &error);
  if (self->mtproto != NULL)
    state_after_request (self, error);
  if (result == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (self->peers != NULL && cvn_mtproto_result_get_object (result) != NULL)
    {
      const CvnTlObject *object = cvn_mtproto_result_get_object (result);

      /* a request's own changes come in its result (createGroupCall, ...), not pushed */
      if (cvn_tl_constructor_get_type (object->ctor) == cvn_tl_constructor_get_type (CVN_TL_API_UPDATES_CTOR))
        handle_updates (self, object);
      else
        _cvn_peer_cache_add_from (self->peers, object);
    }
  g_task_return_pointer (task, result, (GDestroyNotify) cvn_mtproto_result_unref);
}

void
_cvn_client_invoke_async (CvnClient           *self,
                          const CvnTlObject   *query,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (CVN_IS_CLIENT (self));
  g_return_if_fail (query != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _cvn_client_invoke_async);
  if (self->mtproto == NULL)
    {
      g_task_return_new_error (task, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_CLOSED, "The client is closed");
      g_object_unref (task);
      return;
    }
  if (self->state == CVN_CLIENT_STATE_DISCONNECTED)
    set_state (self, CVN_CLIENT_STATE_CONNECTING);
  cvn_mtproto_client_invoke_async (self->mtproto, query, cancellable, invoke_done, task);
}

CvnMtprotoResult *
_cvn_client_invoke_finish (CvnClient     *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

/* --- full chat info --------------------------------------------------------------------------- */

typedef struct
{
  CvnClient *self;   /* weak: the client cancels its requests before going */
  CvnPeer    peer;
} FullChatData;

static void
apply_full_chat (CvnClient         *self,
                 const CvnTlObject *object)
{
  const CvnTlApiMessagesChatFull *full = (gconstpointer) object;
  CvnPeer peer = { CVN_PEER_TYPE_CHAT, 0 };
  const CvnTlObject *call = NULL, *join_as = NULL;
  int members = 0;
  CvnChat *chat;

  if (object == NULL || object->ctor->id != CVN_TL_API_MESSAGES_CHAT_FULL_ID || full->full_chat == NULL)
    return;

  switch (full->full_chat->ctor->id)
    {
    case CVN_TL_API_CHAT_FULL_ID:
      {
        const CvnTlApiChatFull *f = (gconstpointer) full->full_chat;

        peer.id = f->id;
        call = f->call;
        join_as = f->groupcall_default_join_as;
        break;
      }
    case CVN_TL_API_CHANNEL_FULL_ID:
      {
        const CvnTlApiChannelFull *f = (gconstpointer) full->full_chat;

        peer.type = CVN_PEER_TYPE_CHANNEL;
        peer.id = f->id;
        call = f->call;
        join_as = f->groupcall_default_join_as;
        members = f->participants_count;
        break;
      }
    default:
      return;
    }

  chat = ensure_chat (self, &peer);
  if (chat == NULL)
    return;
  if (members > 0)
    _cvn_chat_set_members_count (chat, members);
  {
    CvnPeer join_as_peer;

    _cvn_chat_set_default_join_as (chat, _cvn_peer_cache_peer_from_tl (join_as, &join_as_peer) ? &join_as_peer
                                                                                               : NULL);
  }
  if (call != NULL)
    {
      CvnGroupCall *group_call = attach_call (self, chat, call);

      /* a call known by id only until it is fetched */
      if (group_call != NULL && cvn_group_call_get_state (group_call) == CVN_GROUP_CALL_STATE_UNKNOWN)
        _cvn_group_call_request_refetch (group_call);
    }
  else if (cvn_chat_get_group_call (chat) != NULL)
    _cvn_chat_set_group_call (chat, NULL);
}

static void
full_chat_done (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autofree FullChatData *data = user_data;
  g_autoptr(CvnMtprotoResult) result = NULL;
  g_autoptr(GError) error = NULL;
  CvnClient *self = data->self;

  result = _cvn_client_invoke_finish (CVN_CLIENT (source), res, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_hash_table_remove (self->full_pending, &data->peer);
  if (result == NULL)
    {
      g_debug ("full info of %" G_GINT64_FORMAT ": %s", data->peer.id, error->message);
      return;
    }
  apply_full_chat (self, cvn_mtproto_result_get_object (result));
}

static CvnTlObject *
build_get_full (CvnClient     *self,
                const CvnPeer *peer,
                CvnTlArena    *arena,
                GError       **error)
{
  if (peer->type == CVN_PEER_TYPE_CHAT)
    {
      CvnTlApiMessagesGetFullChat *q =
        (gpointer) cvn_tl_object_new (arena, CVN_TL_API_MESSAGES_GET_FULL_CHAT_CTOR);

      q->chat_id = peer->id;
      return &q->parent;
    }
  else
    {
      CvnTlApiChannelsGetFullChannel *q =
        (gpointer) cvn_tl_object_new (arena, CVN_TL_API_CHANNELS_GET_FULL_CHANNEL_CTOR);

      q->channel = _cvn_peer_cache_make_input_channel (self->peers, peer->id, arena, error);
      return q->channel != NULL ? &q->parent : NULL;
    }
}

/* Fetches the full info of @chat once at a time (its call and default join-as). */
static void
fetch_full_chat (CvnClient *self,
                 CvnChat   *chat)
{
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  const CvnPeer *peer = _cvn_chat_get_peer (chat);
  g_autoptr(GError) error = NULL;
  CvnTlObject *query;
  FullChatData *data;

  if (g_hash_table_contains (self->full_pending, peer) || self->mtproto == NULL)
    return;
  query = build_get_full (self, peer, arena, &error);
  if (query == NULL)
    {
      g_debug ("no full info for %" G_GINT64_FORMAT ": %s", peer->id, error->message);
      return;
    }
  g_hash_table_add (self->full_pending, g_memdup2 (peer, sizeof *peer));
  data = g_new0 (FullChatData, 1);
  data->self = self;
  data->peer = *peer;
  _cvn_client_invoke_async (self, query, self->cancellable, full_chat_done, data);
}

/* --- updates ----------------------------------------------------------------------------------- */

static void
handle_service_message (CvnClient         *self,
                        const CvnTlObject *message)
{
  const CvnTlApiMessageService *service = (gconstpointer) message;
  const CvnTlObject *action;
  CvnPeer peer;
  CvnChat *chat;

  if (message == NULL || message->ctor->id != CVN_TL_API_MESSAGE_SERVICE_ID)
    return;
  action = service->action;
  if (action == NULL || !_cvn_peer_cache_peer_from_tl (service->peer_id, &peer) || peer.type == CVN_PEER_TYPE_USER)
    return;
  chat = ensure_chat (self, &peer);
  if (chat == NULL)
    return;

  switch (action->ctor->id)
    {
    case CVN_TL_API_MESSAGE_ACTION_GROUP_CALL_ID:
      {
        const CvnTlApiMessageActionGroupCall *a = (gconstpointer) action;
        const CvnTlApiInputGroupCall *input = (gconstpointer) a->call;

        if (a->call == NULL || a->call->ctor->id != CVN_TL_API_INPUT_GROUP_CALL_ID)
          return;
        /* messageActionGroupCall with a duration: the call ended */
        if (a->flags & CVN_TL_API_MESSAGE_ACTION_GROUP_CALL_DURATION_FLAG)
          {
            CvnGroupCall *call = _cvn_client_lookup_group_call (self, input->id);

            if (call != NULL && cvn_chat_get_group_call (chat) == call)
              _cvn_chat_set_group_call (chat, NULL);
            return;
          }
        G_GNUC_FALLTHROUGH;
      }
    case CVN_TL_API_MESSAGE_ACTION_GROUP_CALL_SCHEDULED_ID:
      {
        const CvnTlObject *tl_call = action->ctor->id == CVN_TL_API_MESSAGE_ACTION_GROUP_CALL_ID
                                     ? ((const CvnTlApiMessageActionGroupCall *) action)->call
                                     : ((const CvnTlApiMessageActionGroupCallScheduled *) action)->call;
        CvnGroupCall *call = attach_call (self, chat, tl_call);

        if (call != NULL && cvn_group_call_get_state (call) == CVN_GROUP_CALL_STATE_UNKNOWN)
          _cvn_group_call_request_refetch (call);
        break;
      }
    default:
      break;
    }
}

static void
handle_update (CvnClient         *self,
               const CvnTlObject *update)
{
  if (update == NULL)
    return;

  switch (update->ctor->id)
    {
    case CVN_TL_API_UPDATE_GROUP_CALL_ID:
      {
        const CvnTlApiUpdateGroupCall *u = (gconstpointer) update;
        CvnPeer peer;
        CvnChat *chat = NULL;

        if (_cvn_peer_cache_peer_from_tl (u->peer, &peer))
          chat = ensure_chat (self, &peer);
        if (chat != NULL)
          attach_call (self, chat, u->call);
        break;
      }
    case CVN_TL_API_UPDATE_NEW_MESSAGE_ID:
      handle_service_message (self, ((const CvnTlApiUpdateNewMessage *) update)->message);
      break;
    case CVN_TL_API_UPDATE_NEW_CHANNEL_MESSAGE_ID:
      handle_service_message (self, ((const CvnTlApiUpdateNewChannelMessage *) update)->message);
      break;
    case CVN_TL_API_UPDATE_CHAT_ID:
    case CVN_TL_API_UPDATE_CHANNEL_ID:
      {
        /* Something of the chat changed (its call_active flag among others). The new chat
         * object may come in the chats vector (peer cache → on_peer_changed) or not: the
         * full info brings it with the call either way. */
        CvnPeer peer;
        CvnChat *chat;

        if (update->ctor->id == CVN_TL_API_UPDATE_CHAT_ID)
          peer = (CvnPeer) { CVN_PEER_TYPE_CHAT, ((const CvnTlApiUpdateChat *) update)->chat_id };
        else
          peer = (CvnPeer) { CVN_PEER_TYPE_CHANNEL, ((const CvnTlApiUpdateChannel *) update)->channel_id };
        chat = g_hash_table_lookup (self->chat_by_peer, &peer);
        if (chat != NULL && cvn_chat_get_is_member (chat))
          fetch_full_chat (self, chat);
        break;
      }
    default:
      break;
    }
}

/* What the client takes from an Updates, pushed or the result of a request: peers, chats,
 * which calls exist, login tokens. */
static void
handle_updates (CvnClient         *self,
                const CvnTlObject *object)
{
  _cvn_peer_cache_add_from (self->peers, object);

  switch (object->ctor->id)
    {
    case CVN_TL_API_UPDATES_ID:
      {
        const CvnTlApiUpdates *updates = (gconstpointer) object;

        for (guint i = 0; updates->updates != NULL && i < updates->updates->len; i++)
          handle_update (self, updates->updates->objects[i]);
        break;
      }
    case CVN_TL_API_UPDATES_COMBINED_ID:
      {
        const CvnTlApiUpdatesCombined *updates = (gconstpointer) object;

        for (guint i = 0; updates->updates != NULL && i < updates->updates->len; i++)
          handle_update (self, updates->updates->objects[i]);
        break;
      }
    case CVN_TL_API_UPDATE_SHORT_ID:
      handle_update (self, ((const CvnTlApiUpdateShort *) object)->update);
      break;
    case CVN_TL_API_UPDATES_TOO_LONG_ID:
      if (_cvn_client_get_self_id (self) != 0)
        cvn_client_refresh_chats_async (self, NULL, NULL, NULL);
      break;
    default:
      break;
    }

  if (self->account != NULL)
    _cvn_account_handle_updates (self->account, object);
}

void
_cvn_client_handle_updates (CvnClient         *self,
                            const CvnTlObject *updates)
{
  g_return_if_fail (CVN_IS_CLIENT (self));

  if (updates != NULL)
    handle_updates (self, updates);
}

static void
on_mtproto_update (CvnMtprotoClient *mtproto,
                   CvnMtprotoResult *result,
                   gpointer          user_data)
{
  CvnClient *self = user_data;
  CvnTlObject *object = cvn_mtproto_result_get_object (result);
  g_autoptr(GObject) guard = g_object_ref (G_OBJECT (self));

  if (object == NULL)
    return;

  set_state (self, CVN_CLIENT_STATE_CONNECTED);
  handle_updates (self, object);
  g_signal_emit (self, signals[SIGNAL_UPDATE], 0, object);
}

/* --- dialogs ----------------------------------------------------------------------------------- */

typedef struct
{
  CvnTlArena *arena;
  guint       pages;
  gint32      offset_date;
  gint32      offset_id;
  CvnPeer     offset_peer;
  gboolean    has_offset_peer;
  guint       n_dialogs;
  GPtrArray  *seen;          /* CvnChat * of the dialogs */
} RefreshData;

static void
refresh_data_free (RefreshData *data)
{
  g_clear_pointer (&data->arena, cvn_tl_arena_free);
  g_clear_pointer (&data->seen, g_ptr_array_unref);
  g_free (data);
}

static void request_dialogs_page (GTask *task);

static void
dialogs_done (GObject      *source,
              GAsyncResult *res,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnClient *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);
  g_autoptr(CvnMtprotoResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const CvnTlObject *object;
  const CvnTlVector *dialogs = NULL, *messages = NULL;
  gint32 count = -1;
  const CvnTlObject *last_dialog = NULL;

  result = _cvn_client_invoke_finish (self, res, &error);
  if (result == NULL)
    {
      self->refresh_running = FALSE;
      g_task_return_error (task, _cvn_model_error_from_mtproto (error));
      return;
    }
  object = cvn_mtproto_result_get_object (result);
  if (object != NULL && object->ctor->id == CVN_TL_API_MESSAGES_DIALOGS_ID)
    {
      dialogs = ((const CvnTlApiMessagesDialogs *) object)->dialogs;
      messages = ((const CvnTlApiMessagesDialogs *) object)->messages;
    }
  else if (object != NULL && object->ctor->id == CVN_TL_API_MESSAGES_DIALOGS_SLICE_ID)
    {
      dialogs = ((const CvnTlApiMessagesDialogsSlice *) object)->dialogs;
      messages = ((const CvnTlApiMessagesDialogsSlice *) object)->messages;
      count = ((const CvnTlApiMessagesDialogsSlice *) object)->count;
    }
  /* messages.dialogsNotModified or anything else: no dialogs */

  for (guint i = 0; dialogs != NULL && i < dialogs->len; i++)
    {
      const CvnTlObject *dialog = dialogs->objects[i];
      CvnPeer peer;
      CvnChat *chat;

      if (dialog == NULL || dialog->ctor->id != CVN_TL_API_DIALOG_ID)
        continue;
      last_dialog = dialog;
      data->n_dialogs++;
      if (!_cvn_peer_cache_peer_from_tl (((const CvnTlApiDialog *) dialog)->peer, &peer))
        continue;
      chat = ensure_chat (self, &peer);
      if (chat != NULL)
        g_ptr_array_add (data->seen, g_object_ref (chat));
    }
  for (guint i = 0; messages != NULL && i < messages->len; i++)
    handle_service_message (self, messages->objects[i]);

  /* the next page starts after the last dialog's top message */
  if (count > 0 && last_dialog != NULL && data->n_dialogs < (guint) count && ++data->pages < DIALOGS_MAX_PAGES)
    {
      const CvnTlApiDialog *d = (gconstpointer) last_dialog;

      data->offset_id = d->top_message;
      data->has_offset_peer = _cvn_peer_cache_peer_from_tl (d->peer, &data->offset_peer);
      for (guint i = 0; messages != NULL && i < messages->len; i++)
        {
          const CvnTlObject *m = messages->objects[i];
          CvnPeer mp;

          if (m == NULL)
            continue;
          if (m->ctor->id == CVN_TL_API_MESSAGE_ID && ((const CvnTlApiMessage *) m)->id == d->top_message &&
              _cvn_peer_cache_peer_from_tl (((const CvnTlApiMessage *) m)->peer_id, &mp) &&
              _cvn_peer_equal (&mp, &data->offset_peer))
            data->offset_date = ((const CvnTlApiMessage *) m)->date;
          else if (m->ctor->id == CVN_TL_API_MESSAGE_SERVICE_ID &&
                   ((const CvnTlApiMessageService *) m)->id == d->top_message &&
                   _cvn_peer_cache_peer_from_tl (((const CvnTlApiMessageService *) m)->peer_id, &mp) &&
                   _cvn_peer_equal (&mp, &data->offset_peer))
            data->offset_date = ((const CvnTlApiMessageService *) m)->date;
        }
      request_dialogs_page (g_steal_pointer (&task));
      return;
    }

  /* every chat of the dialogs with a call: its full info names the call */
  for (guint i = 0; i < data->seen->len; i++)
    {
      CvnChat *chat = data->seen->pdata[i];
      const CvnPeerEntry *entry = _cvn_peer_cache_lookup (self->peers, _cvn_chat_get_peer (chat));

      if (entry != NULL && entry->call_active && cvn_chat_get_is_member (chat))
        fetch_full_chat (self, chat);
      else if (entry != NULL && !entry->call_active && cvn_chat_get_group_call (chat) != NULL)
        _cvn_chat_set_group_call (chat, NULL);
    }

  self->refresh_running = FALSE;
  g_task_return_boolean (task, TRUE);
}

static void
request_dialogs_page (GTask *task)
{
  CvnClient *self = g_task_get_source_object (task);
  RefreshData *data = g_task_get_task_data (task);
  CvnTlApiMessagesGetDialogs *q;

  cvn_tl_arena_reset (data->arena);
  q = (gpointer) cvn_tl_object_new (data->arena, CVN_TL_API_MESSAGES_GET_DIALOGS_CTOR);
  q->offset_date = data->offset_date;
  q->offset_id = data->offset_id;
  q->limit = DIALOGS_PAGE;
  q->offset_peer = NULL;
  if (data->has_offset_peer)
    q->offset_peer = _cvn_peer_cache_make_input_peer (self->peers, &data->offset_peer, data->arena, NULL);
  if (q->offset_peer == NULL)
    q->offset_peer = cvn_tl_object_new (data->arena, CVN_TL_API_INPUT_PEER_EMPTY_CTOR);
  _cvn_client_invoke_async (self, &q->parent, g_task_get_cancellable (task), dialogs_done, task);
}

void
cvn_client_refresh_chats_async (CvnClient           *self,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  RefreshData *data;

  g_return_if_fail (CVN_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_client_refresh_chats_async);
  if (_cvn_client_get_self_id (self) == 0)
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_NOT_LOGGED_IN, _("Not logged in"));
      return;
    }
  self->refresh_running = TRUE;
  data = g_new0 (RefreshData, 1);
  data->arena = cvn_tl_arena_new ();
  data->seen = g_ptr_array_new_with_free_func (g_object_unref);
  g_task_set_task_data (task, data, (GDestroyNotify) refresh_data_free);
  request_dialogs_page (g_steal_pointer (&task));
}

gboolean
cvn_client_refresh_chats_finish (CvnClient     *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* --- resolving --------------------------------------------------------------------------------- */

static char *
normalize_username (const char *text)
{
  g_autofree char *name = NULL;

  if (text == NULL)
    return NULL;
  name = g_strstrip (g_strdup (text));
  if (name[0] == '@')
    memmove (name, name + 1, strlen (name));
  /* Telegram usernames: 4..32 of [A-Za-z0-9_], starting with a letter (shorter ones exist
   * for collectibles; the server is the judge of those) */
  if (name[0] == '\0' || strlen (name) > 32 || !g_ascii_isalpha (name[0]))
    return NULL;
  for (const char *p = name; *p; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return NULL;
  return g_steal_pointer (&name);
}

static void
resolve_username_done (GObject      *source,
                       GAsyncResult *res,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnClient *self = g_task_get_source_object (task);
  g_autoptr(CvnMtprotoResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const CvnTlApiContactsResolvedPeer *resolved;
  CvnPeer peer;
  CvnChat *chat;

  result = _cvn_client_invoke_finish (self, res, &error);
  if (result == NULL)
    {
      g_task_return_error (task, _cvn_model_error_from_mtproto (error));
      return;
    }
  resolved = (gconstpointer) cvn_mtproto_result_get_object (result);
  if (resolved == NULL || resolved->parent.ctor->id != CVN_TL_API_CONTACTS_RESOLVED_PEER_ID ||
      !_cvn_peer_cache_peer_from_tl (resolved->peer, &peer))
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_FAILED,
                               _("The server gave an answer Convene does not understand."));
      return;
    }
  if (peer.type == CVN_PEER_TYPE_USER)
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_NOT_FOUND,
                               _("@%s is a person, not a group or channel."),
                               (const char *) g_task_get_task_data (task));
      return;
    }
  chat = ensure_chat (self, &peer);
  if (chat == NULL)
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_NOT_FOUND,
                               _("@%s was not found."), (const char *) g_task_get_task_data (task));
      return;
    }
  g_task_return_pointer (task, g_object_ref (chat), g_object_unref);
}

void
cvn_client_resolve_username_async (CvnClient           *self,
                                   const char          *username,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autofree char *name = normalize_username (username);
  CvnTlApiContactsResolveUsername *q;

  g_return_if_fail (CVN_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_client_resolve_username_async);
  if (name == NULL)
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_INVALID_LINK,
                               _("“%s” is not a valid username."), username != NULL ? username : "");
      return;
    }
  if (_cvn_client_get_self_id (self) == 0)
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_NOT_LOGGED_IN, _("Not logged in"));
      return;
    }
  q = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_CONTACTS_RESOLVE_USERNAME_CTOR);
  cvn_tl_string_set (arena, &q->username, name);
  g_task_set_task_data (task, g_steal_pointer (&name), g_free);
  _cvn_client_invoke_async (self, &q->parent, cancellable, resolve_username_done, g_steal_pointer (&task));
}

CvnChat *
cvn_client_resolve_username_finish (CvnClient     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

typedef struct
{
  CvnCallLink  *link;
  CvnChat      *chat;
  CvnGroupCall *call;
} ResolveLinkData;

static void
resolve_link_data_free (ResolveLinkData *data)
{
  g_clear_object (&data->link);
  g_clear_object (&data->chat);
  g_clear_object (&data->call);
  g_free (data);
}

static void
resolve_link_return (GTask *task)
{
  ResolveLinkData *data = g_task_get_task_data (task);

  /* the task data keeps the objects; the finish function hands out references */
  g_task_return_boolean (task, TRUE);
  (void) data;
}

static void
link_full_chat_done (GObject      *source,
                     GAsyncResult *res,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnClient *self = g_task_get_source_object (task);
  ResolveLinkData *data = g_task_get_task_data (task);
  g_autoptr(CvnMtprotoResult) result = NULL;
  g_autoptr(GError) error = NULL;

  result = _cvn_client_invoke_finish (self, res, &error);
  if (result == NULL)
    {
      g_task_return_error (task, _cvn_model_error_from_mtproto (error));
      return;
    }
  apply_full_chat (self, cvn_mtproto_result_get_object (result));
  g_set_object (&data->call, cvn_chat_get_group_call (data->chat));
  resolve_link_return (task);
}

static void
link_chat_resolved (GObject      *source,
                    GAsyncResult *res,
                    gpointer      user_data)
{
  GCancellable *cancellable;
  g_autoptr(GTask) task = user_data;
  CvnClient *self = g_task_get_source_object (task);
  ResolveLinkData *data = g_task_get_task_data (task);
  g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
  g_autoptr(GError) error = NULL;
  CvnTlObject *query;

  data->chat = cvn_client_resolve_username_finish (self, res, &error);
  if (data->chat == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  query = build_get_full (self, _cvn_chat_get_peer (data->chat), arena, &error);
  if (query == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  cancellable = g_task_get_cancellable (task);
  _cvn_client_invoke_async (self, query, cancellable, link_full_chat_done,
                            g_steal_pointer (&task));
}

static void
link_slug_done (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnClient *self = g_task_get_source_object (task);
  ResolveLinkData *data = g_task_get_task_data (task);
  g_autoptr(CvnMtprotoResult) result = NULL;
  g_autoptr(GError) error = NULL;
  const CvnTlApiPhoneGroupCall *answer;
  CvnGroupCall *call;

  result = _cvn_client_invoke_finish (self, res, &error);
  if (result == NULL)
    {
      g_task_return_error (task, _cvn_model_error_from_mtproto (error));
      return;
    }
  answer = (gconstpointer) cvn_mtproto_result_get_object (result);
  if (answer == NULL || answer->parent.ctor->id != CVN_TL_API_PHONE_GROUP_CALL_ID || answer->call == NULL ||
      answer->call->ctor->id != CVN_TL_API_GROUP_CALL_ID)
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_NOT_FOUND,
                               _("This call has ended."));
      return;
    }
  call = attach_call (self, NULL, answer->call);
  if (call != NULL && cvn_group_call_get_state (call) == CVN_GROUP_CALL_STATE_UNKNOWN)
    _cvn_group_call_request_refetch (call);
  g_set_object (&data->call, call);
  resolve_link_return (task);
}

void
cvn_client_resolve_link_async (CvnClient           *self,
                               CvnCallLink         *link,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ResolveLinkData *data;

  g_return_if_fail (CVN_IS_CLIENT (self));
  g_return_if_fail (CVN_IS_CALL_LINK (link));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, cvn_client_resolve_link_async);
  data = g_new0 (ResolveLinkData, 1);
  data->link = g_object_ref (link);
  g_task_set_task_data (task, data, (GDestroyNotify) resolve_link_data_free);

  if (_cvn_client_get_self_id (self) == 0)
    {
      g_task_return_new_error (task, CVN_MODEL_ERROR, CVN_MODEL_ERROR_NOT_LOGGED_IN, _("Not logged in"));
      return;
    }

  if (cvn_call_link_get_kind (link) == CVN_CALL_LINK_CONFERENCE)
    {
      g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
      CvnTlApiPhoneGetGroupCall *q = (gpointer) cvn_tl_object_new (arena, CVN_TL_API_PHONE_GET_GROUP_CALL_CTOR);
      CvnTlApiInputGroupCallSlug *slug =
        (gpointer) cvn_tl_object_new (arena, CVN_TL_API_INPUT_GROUP_CALL_SLUG_CTOR);

      cvn_tl_string_set (arena, &slug->slug, cvn_call_link_get_slug (link));
      q->call = &slug->parent;
      q->limit = CALL_PARTICIPANTS_LIMIT;
      _cvn_client_invoke_async (self, &q->parent, cancellable, link_slug_done, g_steal_pointer (&task));
      return;
    }

  cvn_client_resolve_username_async (self, cvn_call_link_get_username (link), cancellable, link_chat_resolved,
                                     g_steal_pointer (&task));
}

CvnGroupCall *
cvn_client_resolve_link_finish (CvnClient     *self,
                                GAsyncResult  *result,
                                CvnChat      **chat,
                                GError       **error)
{
  ResolveLinkData *data;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  if (chat != NULL)
    *chat = NULL;
  if (!g_task_propagate_boolean (G_TASK (result), error))
    return NULL;
  data = g_task_get_task_data (G_TASK (result));
  if (chat != NULL && data->chat != NULL)
    *chat = g_object_ref (data->chat);
  return data->call != NULL ? g_object_ref (data->call) : NULL;
}

/* --- auth state -------------------------------------------------------------------------------- */

static void
store_done (GObject      *source,
            GAsyncResult *res,
            gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;

  if (!cvn_mtproto_key_store_store_finish (CVN_MTPROTO_KEY_STORE (source), res, &error))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    {
      g_object_notify_by_pspec (G_OBJECT (g_task_get_source_object (task)),
                                properties[PROP_SECRET_SERVICE_AVAILABLE]);
      g_task_return_boolean (task, TRUE);
    }
}

void
_cvn_client_save_auth_state_async (CvnClient           *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  const CvnMtprotoAuthKey *key;
  CvnMtprotoAuthState state = { 0 };

  g_return_if_fail (CVN_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _cvn_client_save_auth_state_async);
  if (self->key_store == NULL || self->mtproto == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  key = cvn_mtproto_client_get_auth_key (self->mtproto);
  if (key == NULL)
    {
      /* nothing to keep: an empty state forgets a previous one */
      cvn_mtproto_key_store_store_async (self->key_store, NULL, 0, cancellable, store_done, g_steal_pointer (&task));
      return;
    }
  state.dc_id = cvn_mtproto_client_get_dc_id (self->mtproto);
  state.key = *key;
  state.salt = cvn_mtproto_session_get_salt (cvn_mtproto_client_get_session (self->mtproto));
  state.user_id = cvn_mtproto_client_get_user_id (self->mtproto);
  cvn_mtproto_key_store_store_async (self->key_store, &state, 1, cancellable, store_done, g_steal_pointer (&task));
  memset (&state, 0, sizeof state);
}

gboolean
_cvn_client_save_auth_state_finish (CvnClient     *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
load_done (GObject      *source,
           GAsyncResult *res,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  CvnClient *self = g_task_get_source_object (task);
  g_autoptr(GError) error = NULL;
  CvnMtprotoAuthState *states = NULL;
  guint n_states = 0;
  const CvnMtprotoAuthState *chosen = NULL;
  gint64 *user_id;

  if (!cvn_mtproto_key_store_load_finish (CVN_MTPROTO_KEY_STORE (source), res, &states, &n_states, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SECRET_SERVICE_AVAILABLE]);
  for (guint i = 0; i < n_states; i++)
    if (states[i].user_id != 0)
      {
        chosen = &states[i];
        break;
      }

  user_id = g_new0 (gint64, 1);
  if (chosen != NULL && self->mtproto != NULL)
    {
      /* the session lives on its DC: the connection starts there, with its key */
      if (chosen->dc_id != cvn_mtproto_client_get_dc_id (self->mtproto) ||
          cvn_mtproto_client_get_auth_key (self->mtproto) != NULL)
        {
          if (!make_mtproto (self, chosen->dc_id))
            chosen = NULL;
        }
      if (chosen != NULL)
        {
          cvn_mtproto_client_set_auth_key (self->mtproto, &chosen->key, chosen->salt);
          cvn_mtproto_client_set_user_id (self->mtproto, chosen->user_id);
          *user_id = chosen->user_id;
        }
    }
  cvn_mtproto_auth_state_free (states, n_states);
  g_task_return_pointer (task, user_id, g_free);
}

void
_cvn_client_load_auth_state_async (CvnClient           *self,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CVN_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _cvn_client_load_auth_state_async);
  if (self->key_store == NULL)
    {
      g_task_return_pointer (task, g_new0 (gint64, 1), g_free);
      return;
    }
  cvn_mtproto_key_store_load_async (self->key_store, cancellable, load_done, g_steal_pointer (&task));
}

gboolean
_cvn_client_load_auth_state_finish (CvnClient     *self,
                                    GAsyncResult  *result,
                                    gint64        *user_id,
                                    GError       **error)
{
  g_autofree gint64 *found = NULL;

  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  found = g_task_propagate_pointer (G_TASK (result), error);
  if (found == NULL)
    return FALSE;
  if (user_id != NULL)
    *user_id = *found;
  return TRUE;
}

/* --- login state -------------------------------------------------------------------------------- */

static void
forget_chats (CvnClient *self)
{
  CvnGroupCallSync *sync = _cvn_group_call_sync_for_client (self);
  GHashTableIter iter;
  gpointer key;

  /* the old session's calls are fed and fetched no more */
  g_hash_table_iter_init (&iter, self->calls);
  while (sync != NULL && g_hash_table_iter_next (&iter, &key, NULL))
    _cvn_group_call_sync_untrack (sync, *(gint64 *) key);

  _cvn_chat_list_clear (self->chats);
  g_list_store_remove_all (self->all_chats);
  g_hash_table_remove_all (self->chat_by_peer);
  g_hash_table_remove_all (self->full_pending);
  g_hash_table_remove_all (self->calls);
  _cvn_peer_cache_clear (self->peers);
}

void
_cvn_client_logged_in (CvnClient *self,
                       gint64     user_id)
{
  g_return_if_fail (CVN_IS_CLIENT (self));

  if (self->mtproto != NULL && cvn_mtproto_client_get_user_id (self->mtproto) != user_id)
    cvn_mtproto_client_set_user_id (self->mtproto, user_id);
  cvn_client_refresh_chats_async (self, self->cancellable, NULL, NULL);
}

gboolean
_cvn_client_move_to_dc (CvnClient *self,
                        gint32     dc_id)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), FALSE);

  if (self->mtproto != NULL && cvn_mtproto_client_get_dc_id (self->mtproto) == dc_id)
    return TRUE;
  return make_mtproto (self, dc_id);
}

void
_cvn_client_logged_out (CvnClient *self)
{
  g_return_if_fail (CVN_IS_CLIENT (self));

  /* what was asked for the old session is of no use now */
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->refresh_running = FALSE;
  if (self->mtproto != NULL)
    cvn_mtproto_client_set_user_id (self->mtproto, 0);
  forget_chats (self);
}

/* --- construction ------------------------------------------------------------------------------- */

CvnClient *
_cvn_client_new_with_keys (const char *host,
                           guint16     port,
                           gint32      dc_id,
                           GPtrArray  *keys,
                           const char *state_path,
                           gboolean    sandbox,
                           CvnClock   *clock)
{
  CvnClient *self;

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (keys != NULL, NULL);

  self = g_object_new (CVN_TYPE_CLIENT, NULL);
  self->host = g_strdup (host);
  self->port = port;
  self->sandbox = sandbox;
  self->keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rsa_key_free);
  for (guint i = 0; i < keys->len; i++)
    g_ptr_array_add (self->keys, cvn_rsa_key_copy (keys->pdata[i]));
  self->clock = clock != NULL ? g_object_ref (clock) : cvn_clock_new_system ();
  self->state_path = g_strdup (state_path);
  if (state_path != NULL)
    self->key_store = cvn_mtproto_key_store_new (state_path);
  if (sandbox)
    {
      /* the sandbox accepts any api_id; Telegram's test-DC convention of api_id 1 */
      self->api_id = CVN_API_ID != 0 ? CVN_API_ID : 1;
      self->api_hash = g_strdup (CVN_API_HASH[0] != '\0' ? CVN_API_HASH : "sandbox");
      self->description = g_strdup_printf (_("Sandbox at %s:%u"), host, port);
    }
  else
    {
      self->api_id = CVN_API_ID;
      self->api_hash = g_strdup (CVN_API_HASH);
      self->description = g_strdup (_("Telegram"));
    }
  self->peers = _cvn_peer_cache_new ();
  g_signal_connect (self->peers, "peer-changed", G_CALLBACK (on_peer_changed), self);
  self->account = _cvn_account_new (self);
  make_mtproto (self, dc_id);
  /* the group-call glue adopts every call the client names from now on */
  _cvn_group_call_sync_for_client (self);
  return self;
}

CvnClient *
cvn_client_new_sandbox (const char  *host,
                        guint16      port,
                        const char  *public_key_path,
                        const char  *state_path,
                        GError     **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rsa_key_free);
  g_autofree char *pem = NULL;
  gsize len;
  CvnRsaKey *key;

  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (public_key_path != NULL, NULL);

  if (!g_file_get_contents (public_key_path, &pem, &len, error))
    return NULL;
  key = cvn_rsa_key_new_from_pem (pem, (gssize) len, error);
  if (key == NULL)
    return NULL;
  g_ptr_array_add (keys, key);
  return _cvn_client_new_with_keys (host, port, SANDBOX_DC, keys, state_path, TRUE, NULL);
}

CvnClient *
cvn_client_new_telegram (const char  *state_path,
                         GError     **error)
{
  g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rsa_key_free);
  CvnRsaKey *key;

  if (!cvn_client_telegram_available ())
    {
      g_set_error_literal (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_UNAVAILABLE,
                           cvn_client_get_telegram_unavailable_reason ());
      return NULL;
    }
  key = cvn_rsa_key_new_from_pem (telegram_public_key, -1, error);
  if (key == NULL)
    return NULL;
  g_ptr_array_add (keys, key);
  return _cvn_client_new_with_keys (telegram_dcs[1].host, TELEGRAM_PORT, TELEGRAM_DEFAULT_DC, keys, state_path,
                                    FALSE, NULL);
}

void
cvn_client_close (CvnClient *self)
{
  g_return_if_fail (CVN_IS_CLIENT (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_handle_id (&self->poll_id, g_source_remove);
  if (self->mtproto != NULL)
    cvn_mtproto_client_close (self->mtproto);
  set_state (self, CVN_CLIENT_STATE_DISCONNECTED);
  g_clear_handle_id (&self->poll_id, g_source_remove);
}

/* --- getters ------------------------------------------------------------------------------------ */

gboolean
cvn_client_get_is_sandbox (CvnClient *self)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), FALSE);
  return self->sandbox;
}

CvnClientState
cvn_client_get_state (CvnClient *self)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), CVN_CLIENT_STATE_DISCONNECTED);
  return self->state;
}

gboolean
cvn_client_get_connected (CvnClient *self)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), FALSE);
  return self->state == CVN_CLIENT_STATE_CONNECTED;
}

const char *
cvn_client_get_description (CvnClient *self)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), NULL);
  return self->description;
}

gboolean
cvn_client_get_secret_service_available (CvnClient *self)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), TRUE);
  return self->key_store == NULL || cvn_mtproto_key_store_get_secret_service_available (self->key_store);
}

CvnAccount *
cvn_client_get_account (CvnClient *self)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), NULL);
  return self->account;
}

GListModel *
cvn_client_get_chats (CvnClient *self)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), NULL);
  return G_LIST_MODEL (self->chats);
}

GListModel *
cvn_client_get_all_chats (CvnClient *self)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), NULL);
  return G_LIST_MODEL (self->all_chats);
}

CvnMtprotoClient *
_cvn_client_get_mtproto (CvnClient *self)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), NULL);
  return self->mtproto;
}

CvnPeerCache *
_cvn_client_get_peer_cache (CvnClient *self)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), NULL);
  return self->peers;
}

CvnClock *
_cvn_client_get_clock (CvnClient *self)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), NULL);
  return self->clock;
}

gint64
_cvn_client_get_self_id (CvnClient *self)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), 0);
  return self->mtproto != NULL ? cvn_mtproto_client_get_user_id (self->mtproto) : 0;
}

gint32
_cvn_client_get_api_id (CvnClient *self)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), 0);
  return self->api_id;
}

const char *
_cvn_client_get_api_hash (CvnClient *self)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), NULL);
  return self->api_hash;
}

CvnTlObject *
_cvn_client_make_input_peer (CvnClient     *self,
                             const CvnPeer *peer,
                             CvnTlArena    *arena,
                             GError       **error)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), NULL);

  if (peer->type == CVN_PEER_TYPE_USER && peer->id == _cvn_client_get_self_id (self) && peer->id != 0)
    return cvn_tl_object_new (arena, CVN_TL_API_INPUT_PEER_SELF_CTOR);
  return _cvn_peer_cache_make_input_peer (self->peers, peer, arena, error);
}

CvnTlObject *
_cvn_client_make_input_user (CvnClient   *self,
                             gint64       user_id,
                             CvnTlArena  *arena,
                             GError     **error)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), NULL);

  if (user_id == _cvn_client_get_self_id (self) && user_id != 0)
    return cvn_tl_object_new (arena, CVN_TL_API_INPUT_USER_SELF_CTOR);
  return _cvn_peer_cache_make_input_user (self->peers, user_id, arena, error);
}

CvnTlObject *
_cvn_client_make_input_channel (CvnClient   *self,
                                gint64       channel_id,
                                CvnTlArena  *arena,
                                GError     **error)
{
  g_return_val_if_fail (CVN_IS_CLIENT (self), NULL);
  return _cvn_peer_cache_make_input_channel (self->peers, channel_id, arena, error);
}
