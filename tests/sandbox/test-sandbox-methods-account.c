/* test-sandbox-methods-account.c: the sandbox's account and chat methods through the
 * project's own MTProto client over loopback: help, login by code, sign up, two-step
 * verification with real SRP, QR login, users, contacts, dialogs, history, full chats,
 * catching up with updates.getDifference, and cutting one user's connections.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "sandbox-test-client.h"

#include "cvn-srp.h"

#include <string.h>

#define SEND_CODE "{\"_\":\"auth.sendCode\",\"phone_number\":\"%s\",\"api_id\":1,\"api_hash\":\"x\"," \
                  "\"settings\":{\"_\":\"codeSettings\"}}"
#define SIGN_IN "{\"_\":\"auth.signIn\",\"phone_number\":\"%s\",\"phone_code_hash\":\"%s\",\"phone_code\":\"%s\"}"
#define FULL_SELF "{\"_\":\"users.getFullUser\",\"id\":{\"_\":\"inputUserSelf\"}}"

static char *
hex (const guint8 *data,
     gsize         len)
{
  GString *s = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);
  return g_string_free (s, FALSE);
}

static void
test_help_and_code_login (SbxFixture    *f,
                          gconstpointer  data)
{
  SbxClient *c = sbx_client_new (f);
  JsonNode *r;
  const char *hash;

  r = sbx_ok (f, c, "{\"_\":\"help.getConfig\"}");
  g_assert_cmpstr (jtype (r, NULL), ==, "config");
  g_assert_cmpint (jint (r, "this_dc"), ==, 2);
  g_assert_cmpuint (jlen (r, "dc_options"), >, 0);
  r = sbx_ok (f, c, "{\"_\":\"help.getNearestDc\"}");
  g_assert_cmpint (jint (r, "this_dc"), ==, 2);

  /* nothing else before login */
  sbx_fails (f, c, 401, "AUTH_KEY_UNREGISTERED", FULL_SELF);
  sbx_fails (f, c, 400, "PHONE_NUMBER_INVALID", SEND_CODE, "+1 555 0100");
  sbx_fails (f, c, 400, "PHONE_NUMBER_INVALID", SEND_CODE, "9996600001");   /* X = 0 */

  /* 99966XYYYY gets the code XXXXX */
  r = sbx_ok (f, c, SEND_CODE, "+999 66 2 0002");
  g_assert_cmpstr (jtype (r, NULL), ==, "auth.sentCode");
  hash = jstr (r, "phone_code_hash");
  g_assert_nonnull (hash);
  sbx_fails (f, c, 400, "PHONE_CODE_INVALID", SIGN_IN, "9996620002", hash, "11111");
  sbx_fails (f, c, 400, "PHONE_CODE_EXPIRED", SIGN_IN, "9996620002", "not-the-hash", "22222");
  sbx_fails (f, c, 400, "PHONE_CODE_EMPTY", SIGN_IN, "9996620002", hash, "");
  r = sbx_ok (f, c, SIGN_IN, "9996620002", hash, "22222");
  g_assert_cmpstr (jtype (r, NULL), ==, "auth.authorization");
  g_assert_cmpint (jint (r, "user.id"), ==, BRIAN);
  g_assert_true (jbool (r, "user.self"));
  r = sbx_ok (f, c, FULL_SELF);
  g_assert_cmpint (jint (r, "full_user.id"), ==, BRIAN);

  /* log out: the key is anonymous again */
  r = sbx_ok (f, c, "{\"_\":\"auth.logOut\"}");
  sbx_fails (f, c, 401, "AUTH_KEY_UNREGISTERED", FULL_SELF);

  /* an unknown test number signs up */
  r = sbx_ok (f, c, SEND_CODE, "9996641234");
  hash = jstr (r, "phone_code_hash");
  r = sbx_ok (f, c, SIGN_IN, "9996641234", hash, "44444");
  g_assert_cmpstr (jtype (r, NULL), ==, "auth.authorizationSignUpRequired");
  sbx_fails (f, c, 400, "FIRSTNAME_INVALID",
             "{\"_\":\"auth.signUp\",\"phone_number\":\"9996641234\",\"phone_code_hash\":\"%s\","
             "\"first_name\":\"\",\"last_name\":\"\"}", hash);
  r = sbx_ok (f, c, "{\"_\":\"auth.signUp\",\"phone_number\":\"9996641234\",\"phone_code_hash\":\"%s\","
                    "\"first_name\":\"Newton\",\"last_name\":\"\"}", hash);
  g_assert_cmpstr (jtype (r, NULL), ==, "auth.authorization");
  g_assert_cmpstr (jstr (r, "user.first_name"), ==, "Newton");
  g_assert_cmpstr (jstr (r, "user.phone"), ==, "9996641234");
  r = sbx_ok (f, c, FULL_SELF);
  g_assert_cmpint (jint (r, "full_user.id"), ==, jint (r, "users.0.id"));
}

#define RESEND_CODE "{\"_\":\"auth.resendCode\",\"phone_number\":\"%s\",\"phone_code_hash\":\"%s\"}"
#define CANCEL_CODE "{\"_\":\"auth.cancelCode\",\"phone_number\":\"%s\",\"phone_code_hash\":\"%s\"}"

/* auth.resendCode: the same code (the test-number rule) under a new hash, the old hash refused;
 * auth.cancelCode: the hash refused afterwards; the documented errors the sandbox can give. */
static void
test_resend_and_cancel_code (SbxFixture    *f,
                             gconstpointer  data)
{
  SbxClient *c = sbx_client_new (f);
  JsonNode *r;
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;
  g_autofree char *third = NULL;

  /* nothing sent yet on this connection */
  sbx_fails (f, c, 400, "PHONE_CODE_EXPIRED", RESEND_CODE, "9996620002", "never-sent");
  sbx_fails (f, c, 400, "PHONE_CODE_EXPIRED", CANCEL_CODE, "9996620002", "never-sent");

  r = sbx_ok (f, c, SEND_CODE, "9996620002");
  first = g_strdup (jstr (r, "phone_code_hash"));
  g_assert_nonnull (first);

  sbx_fails (f, c, 406, "PHONE_NUMBER_INVALID", RESEND_CODE, "+1 555 0100", first);
  sbx_fails (f, c, 406, "PHONE_NUMBER_INVALID", RESEND_CODE, "", first);
  sbx_fails (f, c, 400, "PHONE_CODE_HASH_EMPTY", RESEND_CODE, "9996620002", "");
  sbx_fails (f, c, 400, "PHONE_CODE_EXPIRED", RESEND_CODE, "9996620002", "not-the-hash");
  /* a hash is for its number */
  sbx_fails (f, c, 400, "PHONE_CODE_EXPIRED", RESEND_CODE, "9996610001", first);

  /* the same kind of code as sendCode gave, under a new hash; the number may be written differently */
  r = sbx_ok (f, c, RESEND_CODE, "+999 66 2 0002", first);
  g_assert_cmpstr (jtype (r, NULL), ==, "auth.sentCode");
  g_assert_cmpstr (jtype (r, "type"), ==, "auth.sentCodeTypeSms");
  g_assert_cmpint (jint (r, "type.length"), ==, 5);
  g_assert_null (jget (r, "next_type"));
  second = g_strdup (jstr (r, "phone_code_hash"));
  g_assert_nonnull (second);
  g_assert_cmpstr (second, !=, first);

  /* the old hash stops working, for a resend and for signing in */
  sbx_fails (f, c, 400, "PHONE_CODE_EXPIRED", RESEND_CODE, "9996620002", first);
  sbx_fails (f, c, 400, "PHONE_CODE_EXPIRED", SIGN_IN, "9996620002", first, "22222");
  sbx_fails (f, c, 400, "PHONE_CODE_EXPIRED", CANCEL_CODE, "9996620002", first);

  /* cancelled: the hash is gone */
  sbx_fails (f, c, 406, "PHONE_NUMBER_INVALID", CANCEL_CODE, "9996600001", second);   /* X = 0 */
  sbx_fails (f, c, 400, "PHONE_CODE_EXPIRED", CANCEL_CODE, "9996620002", "");   /* no HASH_EMPTY on its page */
  r = sbx_ok (f, c, CANCEL_CODE, "9996620002", second);
  g_assert_true (JSON_NODE_HOLDS_VALUE (r) && json_node_get_value_type (r) == G_TYPE_BOOLEAN);
  g_assert_true (json_node_get_boolean (r));
  sbx_fails (f, c, 400, "PHONE_CODE_EXPIRED", SIGN_IN, "9996620002", second, "22222");
  sbx_fails (f, c, 400, "PHONE_CODE_EXPIRED", RESEND_CODE, "9996620002", second);
  sbx_fails (f, c, 400, "PHONE_CODE_EXPIRED", CANCEL_CODE, "9996620002", second);

  /* a resent code logs in: the code stays XXXXX */
  r = sbx_ok (f, c, SEND_CODE, "9996620002");
  g_free (first);
  first = g_strdup (jstr (r, "phone_code_hash"));
  r = sbx_ok (f, c, RESEND_CODE, "9996620002", first);
  third = g_strdup (jstr (r, "phone_code_hash"));
  sbx_fails (f, c, 400, "PHONE_CODE_INVALID", SIGN_IN, "9996620002", third, "11111");
  r = sbx_ok (f, c, SIGN_IN, "9996620002", third, "22222");
  g_assert_cmpstr (jtype (r, NULL), ==, "auth.authorization");
  g_assert_cmpint (jint (r, "user.id"), ==, BRIAN);
  /* signed in: the code is used up */
  sbx_fails (f, c, 400, "PHONE_CODE_EXPIRED", RESEND_CODE, "9996620002", third);

  /* waiting for the 2FA password: the code step is over, the hash too */
  r = sbx_ok (f, c, "{\"_\":\"auth.logOut\"}");
  r = sbx_ok (f, c, SEND_CODE, "9996630003");
  g_free (first);
  first = g_strdup (jstr (r, "phone_code_hash"));
  sbx_fails (f, c, 401, "SESSION_PASSWORD_NEEDED", SIGN_IN, "9996630003", first, "33333");
  sbx_fails (f, c, 400, "PHONE_CODE_EXPIRED", RESEND_CODE, "9996630003", first);
  sbx_fails (f, c, 400, "PHONE_CODE_EXPIRED", RESEND_CODE, "9996630003", "password");
  sbx_fails (f, c, 400, "PHONE_CODE_EXPIRED", CANCEL_CODE, "9996630003", "password");
}

static void
password_check (SbxFixture  *f,
                SbxClient   *c,
                const char  *password,
                gboolean     reuse_srp_id,
                gint         code,
                const char  *message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnMtprotoResult) result = NULL;
  CvnTlApiAccountPassword *pw;
  CvnTlApiPasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow *algo;
  CvnSrpParams params = { 0 };
  guint8 A[CVN_SRP_LEN], M1[CVN_SRP_M1_LEN];
  g_autofree char *a_hex = NULL, *m_hex = NULL;
  static gint64 last_srp_id;
  gint64 srp_id;

  result = sbx_invoke (f, c, &error, "{\"_\":\"account.getPassword\"}");
  g_assert_no_error (error);
  pw = (CvnTlApiAccountPassword *) cvn_mtproto_result_get_object (result);
  g_assert_cmphex (pw->parent.ctor->id, ==, CVN_TL_API_ACCOUNT_PASSWORD_ID);
  g_assert_true (pw->has_password);
  g_assert_cmphex (pw->current_algo->ctor->id, ==,
                   CVN_TL_API_PASSWORD_KDF_ALGO_SHA256_SHA256_PBKDF2_HMACSHA512ITER100000_SHA256_MOD_POW_ID);
  algo = (gpointer) pw->current_algo;
  params.salt1 = algo->salt1.data;
  params.salt1_len = algo->salt1.len;
  params.salt2 = algo->salt2.data;
  params.salt2_len = algo->salt2.len;
  params.g = algo->g;
  params.p = algo->p.data;
  params.p_len = algo->p.len;
  g_assert_true (cvn_srp_compute_check (&params, password, strlen (password), pw->srp_B.data, pw->srp_B.len,
                                        NULL, 0, A, M1, &error));
  g_assert_no_error (error);
  a_hex = hex (A, sizeof A);
  m_hex = hex (M1, sizeof M1);
  srp_id = reuse_srp_id ? last_srp_id : pw->srp_id;
  last_srp_id = pw->srp_id;
#define CHECK "{\"_\":\"auth.checkPassword\",\"password\":{\"_\":\"inputCheckPasswordSRP\"," \
              "\"srp_id\":\"%" G_GINT64_FORMAT "\",\"A\":{\"$hex\":\"%s\"},\"M1\":{\"$hex\":\"%s\"}}}"
  if (message != NULL)
    sbx_fails (f, c, code, message, CHECK, srp_id, a_hex, m_hex);
  else
    {
      JsonNode *r = sbx_ok (f, c, CHECK, srp_id, a_hex, m_hex);

      g_assert_cmpstr (jtype (r, NULL), ==, "auth.authorization");
      g_assert_cmpint (jint (r, "user.id"), ==, CLEO);
    }
#undef CHECK
}

static void
test_two_step (SbxFixture    *f,
               gconstpointer  data)
{
  SbxClient *c = sbx_client_new (f);
  JsonNode *r;

  r = sbx_ok (f, c, SEND_CODE, "9996630003");
  sbx_fails (f, c, 401, "SESSION_PASSWORD_NEEDED", SIGN_IN, "9996630003", jstr (r, "phone_code_hash"), "33333");
  sbx_fails (f, c, 401, "AUTH_KEY_UNREGISTERED", FULL_SELF);
  /* real SRP: a wrong password, an srp_id used before, then the right one */
  password_check (f, c, "wrong", FALSE, 400, "PASSWORD_HASH_INVALID");
  password_check (f, c, "convene", TRUE, 400, "SRP_ID_INVALID");
  password_check (f, c, "convene", FALSE, 0, NULL);
  r = sbx_ok (f, c, FULL_SELF);
  g_assert_cmpint (jint (r, "full_user.id"), ==, CLEO);
}

static void
test_qr_login (SbxFixture    *f,
               gconstpointer  data)
{
  SbxClient *ada = sbx_login (f, "9996610001");
  SbxClient *fresh = sbx_client_new (f);
  SbxClient *other = sbx_client_new (f);
  JsonNode *r;
  g_autofree char *token = NULL;

  /* shown by the new device, accepted by the logged-in one: updateLoginToken, then the
   * next export logs in */
  r = sbx_ok (f, fresh, "{\"_\":\"auth.exportLoginToken\",\"api_id\":1,\"api_hash\":\"x\",\"except_ids\":[]}");
  g_assert_cmpstr (jtype (r, NULL), ==, "auth.loginToken");
  g_assert_cmpint (jint (r, "expires"), >, 0);
  token = g_strdup (jstr (r, "token.$hex"));
  g_assert_nonnull (token);
  sbx_fails (f, fresh, 400, "AUTH_TOKEN_EXPIRED", "{\"_\":\"auth.importLoginToken\",\"token\":{\"$hex\":\"%s\"}}", token);
  sbx_fails (f, ada, 400, "AUTH_TOKEN_INVALID", "{\"_\":\"auth.acceptLoginToken\",\"token\":{\"$hex\":\"0011\"}}");
  r = sbx_ok (f, ada, "{\"_\":\"auth.acceptLoginToken\",\"token\":{\"$hex\":\"%s\"}}", token);
  g_assert_cmpstr (jtype (r, NULL), ==, "authorization");
  sbx_wait_pushed (fresh, "updateLoginToken", 1);
  r = sbx_ok (f, fresh, "{\"_\":\"auth.exportLoginToken\",\"api_id\":1,\"api_hash\":\"x\",\"except_ids\":[]}");
  g_assert_cmpstr (jtype (r, NULL), ==, "auth.loginTokenSuccess");
  g_assert_cmpint (jint (r, "authorization.user.id"), ==, ADA);
  r = sbx_ok (f, fresh, FULL_SELF);
  g_assert_cmpint (jint (r, "full_user.id"), ==, ADA);

  /* the same token through auth.importLoginToken (as after a DC migration) */
  g_clear_pointer (&token, g_free);
  r = sbx_ok (f, other, "{\"_\":\"auth.exportLoginToken\",\"api_id\":1,\"api_hash\":\"x\",\"except_ids\":[]}");
  token = g_strdup (jstr (r, "token.$hex"));
  sbx_ok (f, ada, "{\"_\":\"auth.acceptLoginToken\",\"token\":{\"$hex\":\"%s\"}}", token);
  r = sbx_ok (f, other, "{\"_\":\"auth.importLoginToken\",\"token\":{\"$hex\":\"%s\"}}", token);
  g_assert_cmpstr (jtype (r, NULL), ==, "auth.loginTokenSuccess");
  g_assert_cmpint (jint (r, "authorization.user.id"), ==, ADA);
  /* used up */
  sbx_fails (f, other, 400, "AUTH_TOKEN_INVALID", "{\"_\":\"auth.importLoginToken\",\"token\":{\"$hex\":\"%s\"}}", token);
}

static JsonNode *
find_by (JsonNode   *array,
         const char *member,
         gint64      value)
{
  for (guint i = 0; array != NULL && i < json_array_get_length (json_node_get_array (array)); i++)
    {
      JsonNode *e = json_array_get_element (json_node_get_array (array), i);

      if (jget (e, member) != NULL && jint (e, member) == value)
        return e;
    }
  return NULL;
}

static JsonNode *
find_action (JsonNode   *messages,
             const char *action)
{
  for (guint i = 0; messages != NULL && i < json_array_get_length (json_node_get_array (messages)); i++)
    {
      JsonNode *m = json_array_get_element (json_node_get_array (messages), i);

      if (g_strcmp0 (jtype (m, "action"), action) == 0)
        return m;
    }
  return NULL;
}

static void
test_peers_and_history (SbxFixture    *f,
                        gconstpointer  data)
{
  SbxClient *ada = sbx_login (f, "9996610001");
  SbxClient *brian = sbx_login (f, "9996620002");
  CvnSandboxCall *lounge = sbx_call_of (f, LOUNGE);
  CvnSandboxCall *book = sbx_call_of (f, BOOK_CLUB);
  JsonNode *r, *m;

  /* users */
  r = sbx_ok (f, ada, "{\"_\":\"users.getUsers\",\"id\":[{\"_\":\"inputUserSelf\"},%s]}", sbx_input_user (f, BRIAN));
  g_assert_cmpuint (jlen (r, NULL), ==, 2);
  g_assert_cmpint (jint (r, "0.id"), ==, ADA);
  g_assert_true (jbool (r, "0.self"));
  g_assert_cmpint (jint (r, "1.id"), ==, BRIAN);
  g_assert_cmpstr (jstr (r, "1.first_name"), ==, "Brian");
  r = sbx_ok (f, ada, "{\"_\":\"users.getFullUser\",\"id\":%s}", sbx_input_user (f, BRIAN));
  g_assert_cmpint (jint (r, "full_user.id"), ==, BRIAN);
  sbx_fails (f, ada, 400, "USER_ID_INVALID",
             "{\"_\":\"users.getFullUser\",\"id\":{\"_\":\"inputUser\",\"user_id\":\"424242\",\"access_hash\":\"1\"}}");

  /* usernames */
  r = sbx_ok (f, ada, "{\"_\":\"contacts.resolveUsername\",\"username\":\"convene_lounge\"}");
  g_assert_cmpstr (jtype (r, "peer"), ==, "peerChannel");
  g_assert_cmpint (jint (r, "peer.channel_id"), ==, LOUNGE);
  g_assert_nonnull (find_by (jget (r, "chats"), "id", LOUNGE));
  r = sbx_ok (f, ada, "{\"_\":\"contacts.resolveUsername\",\"username\":\"brian_second\"}");
  g_assert_cmpint (jint (r, "peer.user_id"), ==, BRIAN);
  sbx_fails (f, ada, 400, "USERNAME_NOT_OCCUPIED", "{\"_\":\"contacts.resolveUsername\",\"username\":\"nobody_at_all\"}");
  sbx_fails (f, ada, 400, "USERNAME_INVALID", "{\"_\":\"contacts.resolveUsername\",\"username\":\"no\"}");

  /* dialogs: every chat of the demo account */
  r = sbx_ok (f, ada, "{\"_\":\"messages.getDialogs\",\"offset_date\":0,\"offset_id\":0,"
                      "\"offset_peer\":{\"_\":\"inputPeerEmpty\"},\"limit\":50,\"hash\":\"0\"}");
  g_assert_nonnull (find_by (jget (r, "chats"), "id", LOUNGE));
  g_assert_nonnull (find_by (jget (r, "chats"), "id", BOOK_CLUB));
  g_assert_nonnull (find_by (jget (r, "chats"), "id", RADIO));
  g_assert_nonnull (find_by (jget (r, "chats"), "id", BIG_STAGE));
  g_assert_cmpuint (jlen (r, "dialogs"), >=, 4);
  r = sbx_ok (f, ada, "{\"_\":\"messages.getPeerDialogs\",\"peers\":[{\"_\":\"inputDialogPeer\",\"peer\":%s}]}",
              sbx_channel_peer (f, LOUNGE));
  g_assert_cmpuint (jlen (r, "dialogs"), ==, 1);
  g_assert_cmpint (jint (r, "dialogs.0.peer.channel_id"), ==, LOUNGE);

  /* history with the service messages of calls */
  r = sbx_ok (f, ada, "{\"_\":\"messages.getHistory\",\"peer\":%s,\"offset_id\":0,\"offset_date\":0,"
                      "\"add_offset\":0,\"limit\":20,\"max_id\":0,\"min_id\":0,\"hash\":\"0\"}",
              sbx_channel_peer (f, LOUNGE));
  m = find_action (jget (r, "messages"), "messageActionGroupCall");
  g_assert_nonnull (m);
  g_assert_cmpint (jint (m, "action.call.id"), ==, lounge->id);
  g_assert_null (jget (m, "action.duration"));   /* still running */
  r = sbx_ok (f, brian, "{\"_\":\"messages.getHistory\",\"peer\":%s,\"offset_id\":0,\"offset_date\":0,"
                        "\"add_offset\":0,\"limit\":20,\"max_id\":0,\"min_id\":0,\"hash\":\"0\"}",
              sbx_channel_peer (f, BOOK_CLUB));
  m = find_action (jget (r, "messages"), "messageActionGroupCallScheduled");
  g_assert_nonnull (m);
  g_assert_cmpint (jint (m, "action.call.id"), ==, book->id);
  g_assert_cmpint (jint (m, "action.schedule_date"), ==, book->schedule_date);

  /* full chats carry the call and the default join-as peer */
  r = sbx_ok (f, ada, "{\"_\":\"messages.getFullChat\",\"chat_id\":\"%d\"}", BOOK_CLUB);
  g_assert_cmpstr (jtype (r, "full_chat"), ==, "chatFull");
  g_assert_cmpint (jint (r, "full_chat.call.id"), ==, book->id);
  g_assert_cmpint (jint (r, "full_chat.call.access_hash"), ==, book->access_hash);
  g_assert_cmpint (jint (r, "full_chat.groupcall_default_join_as.user_id"), ==, ADA);
  sbx_fails (f, ada, 400, "CHAT_ID_INVALID", "{\"_\":\"messages.getFullChat\",\"chat_id\":\"4242\"}");
  r = sbx_ok (f, ada, "{\"_\":\"channels.getFullChannel\",\"channel\":{\"_\":\"inputChannel\","
                      "\"channel_id\":\"%d\",\"access_hash\":\"%" G_GINT64_FORMAT "\"}}",
              LOUNGE, cvn_sandbox_world_get_chat (f->world, LOUNGE)->access_hash);
  g_assert_cmpstr (jtype (r, "full_chat"), ==, "channelFull");
  g_assert_cmpint (jint (r, "full_chat.call.id"), ==, lounge->id);
  g_assert_nonnull (jget (r, "full_chat.groupcall_default_join_as"));
  sbx_fails (f, ada, 400, "CHANNEL_INVALID", "{\"_\":\"channels.getFullChannel\",\"channel\":{\"_\":\"inputChannel\","
                                             "\"channel_id\":\"%d\",\"access_hash\":\"1\"}}", LOUNGE);

  /* the saved default join-as peer shows in the full channel */
  sbx_ok (f, ada, "{\"_\":\"phone.saveDefaultGroupCallJoinAs\",\"peer\":%s,\"join_as\":%s}",
          sbx_channel_peer (f, LOUNGE), sbx_channel_peer (f, RADIO));
  r = sbx_ok (f, ada, "{\"_\":\"channels.getFullChannel\",\"channel\":{\"_\":\"inputChannel\","
                      "\"channel_id\":\"%d\",\"access_hash\":\"%" G_GINT64_FORMAT "\"}}",
              LOUNGE, cvn_sandbox_world_get_chat (f->world, LOUNGE)->access_hash);
  g_assert_cmpstr (jtype (r, "full_chat.groupcall_default_join_as"), ==, "peerChannel");
  g_assert_cmpint (jint (r, "full_chat.groupcall_default_join_as.channel_id"), ==, RADIO);
}

/* Brian is offline while Ada invites him into a conference; after logging in again he
 * catches up with updates.getDifference from the pts he had. */
static void
test_difference_after_reconnect (SbxFixture    *f,
                                 gconstpointer  data)
{
  SbxClient *ada = sbx_login (f, "9996610001");
  SbxClient *brian = sbx_login (f, "9996620002");
  CvnSandboxCall *conference = NULL;
  JsonNode *r, *state;
  gint64 pts;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, f->world->calls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((CvnSandboxCall *) value)->conference)
      conference = value;
  state = sbx_ok (f, brian, "{\"_\":\"updates.getState\"}");
  g_assert_cmpstr (jtype (state, NULL), ==, "updates.state");
  pts = jint (state, "pts");
  r = sbx_ok (f, brian, "{\"_\":\"updates.getDifference\",\"pts\":%" G_GINT64_FORMAT ",\"date\":0,\"qts\":0}", pts);
  g_assert_cmpstr (jtype (r, NULL), ==, "updates.differenceEmpty");

  /* Brian's device goes away */
  cvn_mtproto_client_close (brian->client);

  sbx_ok (f, ada, "{\"_\":\"phone.joinGroupCall\",\"call\":{\"_\":\"inputGroupCallSlug\",\"slug\":\"convene-demo\"},"
                  "\"join_as\":{\"_\":\"inputPeerSelf\"},\"params\":%s}", sbx_payload (f, 5100, FALSE));
  sbx_ok (f, ada, "{\"_\":\"phone.inviteConferenceCallParticipant\",\"call\":%s,\"user_id\":%s}",
          sbx_input_call (f, conference), sbx_input_user (f, BRIAN));

  /* back on a new device */
  brian = sbx_login (f, "9996620002");
  r = sbx_ok (f, brian, "{\"_\":\"updates.getDifference\",\"pts\":%" G_GINT64_FORMAT ",\"date\":0,\"qts\":0}", pts);
  g_assert_cmpstr (jtype (r, NULL), ==, "updates.difference");
  g_assert_cmpuint (jlen (r, "new_messages"), ==, 1);
  g_assert_cmpstr (jtype (r, "new_messages.0.action"), ==, "messageActionConferenceCall");
  g_assert_cmpint (jint (r, "new_messages.0.action.call_id"), ==, conference->id);
  g_assert_false (jbool (r, "new_messages.0.action.missed"));
  g_assert_nonnull (find_by (jget (r, "users"), "id", ADA));
  g_assert_cmpint (jint (r, "state.pts"), >, pts);
  state = jget (r, "state");
  /* the state's date: the conference's change (Ada joined) may come again in the same second,
   * no message does */
  r = sbx_ok (f, brian, "{\"_\":\"updates.getDifference\",\"pts\":%" G_GINT64_FORMAT ",\"date\":%" G_GINT64_FORMAT ",\"qts\":0}",
              jint (state, "pts"), jint (state, "date") + 1);
  g_assert_cmpstr (jtype (r, NULL), ==, "updates.differenceEmpty");
  r = sbx_ok (f, brian, "{\"_\":\"updates.getDifference\",\"pts\":%" G_GINT64_FORMAT ",\"date\":%" G_GINT64_FORMAT ",\"qts\":0}",
              jint (state, "pts"), jint (state, "date"));
  if (g_strcmp0 (jtype (r, NULL), "updates.differenceEmpty") != 0)
    g_assert_cmpuint (jlen (r, "new_messages"), ==, 0);
  sbx_fails (f, brian, 400, "PERSISTENT_TIMESTAMP_INVALID",
             "{\"_\":\"updates.getDifference\",\"pts\":%" G_GINT64_FORMAT ",\"date\":0,\"qts\":0}", jint (state, "pts") + 10);
}

static JsonNode *
call_update_in (JsonNode *difference,
                gint64    call_id,
                guint    *n)
{
  JsonNode *found = NULL;

  *n = 0;
  for (guint i = 0; i < jlen (difference, "other_updates"); i++)
    {
      JsonNode *u = json_array_get_element (json_node_get_array (jget (difference, "other_updates")), i);

      if (g_strcmp0 (jtype (u, NULL), "updateGroupCall") == 0 && jint (u, "call.id") == call_id)
        {
          found = u;
          (*n)++;
        }
    }
  return found;
}

/* Cleo's device is gone while the Lounge gets a new title and a new guest, Book Club's
 * scheduled call is cancelled, and calls she does not receive updates of change too (Convene
 * Radio's, a channel she is not in; the conference she is not invited to); on a new device,
 * updates.getDifference from the state she had carries the latest updateGroupCall of each
 * call of her chats that changed (her copy, in other_updates), the service message in
 * new_messages, and nothing of the others. */
static void
test_difference_carries_calls (SbxFixture    *f,
                               gconstpointer  data)
{
  SbxClient *ada = sbx_login (f, "9996610001");
  SbxClient *cleo = sbx_login (f, "9996630003");
  CvnSandboxCall *lounge = sbx_call_of (f, LOUNGE);
  CvnSandboxCall *book = sbx_call_of (f, BOOK_CLUB);
  CvnSandboxCall *radio = sbx_call_of (f, RADIO);
  CvnSandboxCall *conference = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *r, *state, *u;
  gint64 pts, date, book_id = book->id;
  guint n;
  GHashTableIter iter;
  gpointer value;
#define DIFFERENCE "{\"_\":\"updates.getDifference\",\"pts\":%" G_GINT64_FORMAT ",\"date\":%" G_GINT64_FORMAT ",\"qts\":0}"

  g_hash_table_iter_init (&iter, f->world->calls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    if (((CvnSandboxCall *) value)->conference)
      conference = value;
  state = sbx_ok (f, cleo, "{\"_\":\"updates.getState\"}");
  pts = jint (state, "pts");
  date = jint (state, "date");
  r = sbx_ok (f, cleo, DIFFERENCE, pts, date);
  g_assert_cmpstr (jtype (r, NULL), ==, "updates.differenceEmpty");

  cvn_mtproto_client_close (cleo->client);

  sbx_ok (f, ada, "{\"_\":\"phone.editGroupCallTitle\",\"call\":%s,\"title\":\"While Cleo was away\"}",
          sbx_input_call (f, lounge));
  g_assert_true (cvn_sandbox_world_sim_join (f->world, lounge->id, 0, FALSE, &error));
  g_assert_no_error (error);
  sbx_ok (f, ada, "{\"_\":\"phone.editGroupCallTitle\",\"call\":%s,\"title\":\"On air\"}",
          sbx_input_call (f, radio));
  sbx_ok (f, ada, "{\"_\":\"phone.discardGroupCall\",\"call\":%s}", sbx_input_call (f, book));
  sbx_ok (f, ada, "{\"_\":\"phone.joinGroupCall\",\"call\":{\"_\":\"inputGroupCallSlug\",\"slug\":\"convene-demo\"},"
                  "\"join_as\":{\"_\":\"inputPeerSelf\"},\"params\":%s}", sbx_payload (f, 5100, FALSE));

  cleo = sbx_login (f, "9996630003");
  r = sbx_ok (f, cleo, DIFFERENCE, pts, date);
  g_assert_cmpstr (jtype (r, NULL), ==, "updates.difference");
  /* the Lounge: one update, the latest version, the new title and the guest counted */
  u = call_update_in (r, lounge->id, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (jstr (u, "call.title"), ==, "While Cleo was away");
  g_assert_cmpint (jint (u, "call.version"), ==, lounge->version);
  g_assert_cmpint (jint (u, "call.participants_count"), ==, lounge->participants->len);
  g_assert_cmpint (jint (u, "peer.channel_id"), ==, LOUNGE);
  g_assert_nonnull (find_by (jget (r, "chats"), "id", LOUNGE));
  /* Book Club: the cancelled call and its service message */
  u = call_update_in (r, book_id, &n);
  g_assert_cmpuint (n, ==, 1);
  g_assert_cmpstr (jtype (u, "call"), ==, "groupCallDiscarded");
  g_assert_cmpuint (jlen (r, "new_messages"), ==, 1);
  g_assert_cmpstr (jtype (r, "new_messages.0.action"), ==, "messageActionGroupCall");
  g_assert_cmpint (jint (r, "new_messages.0.action.call.id"), ==, book_id);
  /* not Cleo's */
  call_update_in (r, conference->id, &n);
  g_assert_cmpuint (n, ==, 0);
  call_update_in (r, radio->id, &n);
  g_assert_cmpuint (n, ==, 0);
  g_assert_cmpuint (jlen (r, "other_updates"), ==, 2);

  /* from the new state: nothing newer (a change in the state's own second may come again,
   * at the version already seen) */
  state = jget (r, "state");
  g_assert_cmpint (jint (state, "pts"), >, pts);
  r = sbx_ok (f, cleo, DIFFERENCE, jint (state, "pts"), jint (state, "date"));
  if (g_strcmp0 (jtype (r, NULL), "updates.differenceEmpty") != 0)
    {
      g_assert_cmpstr (jtype (r, NULL), ==, "updates.difference");
      g_assert_cmpuint (jlen (r, "new_messages"), ==, 0);
      u = call_update_in (r, lounge->id, &n);
      g_assert_true (n == 0 || jint (u, "call.version") == lounge->version);
    }
#undef DIFFERENCE
}

/* The control interface's `cut USER`: only that user's sessions lose their connections; the
 * others stay connected, and the cut client gets what was pushed meanwhile once it is back. */
static void
test_cut_one_user (SbxFixture    *f,
                   gconstpointer  data)
{
  SbxClient *ada = sbx_login (f, "9996610001");
  SbxClient *brian = sbx_login (f, "9996620002");
  SbxClient *brian2 = sbx_login (f, "9996620002");
  SbxClient *cleo_guest = sbx_client_new (f);
  CvnMtprotoServer *mt = cvn_sandbox_server_get_mtproto (f->server);
  CvnSandboxCall *lounge = sbx_call_of (f, LOUNGE);
  guint ada_connects, guest_connects, brian_connects;
  JsonNode *u;
  g_autoptr(GPtrArray) pushed = NULL;

  sbx_sync (f, cleo_guest);
  g_assert_cmpuint (cvn_mtproto_server_get_n_connections (mt), ==, 4);
  ada_connects = cvn_mtproto_client_get_n_connects (ada->client);
  guest_connects = cvn_mtproto_client_get_n_connects (cleo_guest->client);
  brian_connects = cvn_mtproto_client_get_n_connects (brian->client);

  g_assert_cmpuint (cvn_sandbox_world_cut_sessions (f->world, BRIAN), ==, 2);
  g_assert_cmpuint (cvn_mtproto_server_get_n_connections (mt), ==, 2);

  /* meanwhile the Lounge's title changes */
  sbx_ok (f, ada, "{\"_\":\"phone.editGroupCallTitle\",\"call\":%s,\"title\":\"After the cut\"}",
          sbx_input_call (f, lounge));

  /* the others never noticed */
  sbx_sync (f, cleo_guest);
  g_assert_true (cvn_mtproto_client_get_connected (ada->client));
  g_assert_true (cvn_mtproto_client_get_connected (cleo_guest->client));
  g_assert_cmpuint (cvn_mtproto_client_get_n_connects (ada->client), ==, ada_connects);
  g_assert_cmpuint (cvn_mtproto_client_get_n_connects (cleo_guest->client), ==, guest_connects);

  /* Brian's clients reconnect and get the update that was queued for their sessions */
  sbx_sync (f, brian);
  sbx_sync (f, brian2);
  g_assert_cmpuint (cvn_mtproto_client_get_n_connects (brian->client), >, brian_connects);
  sbx_wait_pushed (brian, "updateGroupCall", 1);
  sbx_wait_pushed (brian2, "updateGroupCall", 1);
  pushed = sbx_pushed (brian, "updateGroupCall");
  u = pushed->pdata[pushed->len - 1];
  g_assert_cmpstr (jstr (u, "call.title"), ==, "After the cut");
  g_assert_cmpint (jint (u, "call.version"), ==, lounge->version);
  g_assert_cmpuint (cvn_mtproto_server_get_n_connections (mt), ==, 4);

  /* everyone */
  g_assert_cmpuint (cvn_sandbox_world_cut_sessions (f->world, 0), ==, 4);
  g_assert_cmpuint (cvn_mtproto_server_get_n_connections (mt), ==, 0);
  sbx_sync (f, ada);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  sbx_init ();

#define ADD(path, fn) g_test_add (path, SbxFixture, NULL, sbx_fixture_setup, fn, sbx_fixture_teardown)
  ADD ("/sandbox/methods/account/help-and-code-login", test_help_and_code_login);
  ADD ("/sandbox/methods/account/resend-and-cancel-code", test_resend_and_cancel_code);
  ADD ("/sandbox/methods/account/two-step", test_two_step);
  ADD ("/sandbox/methods/account/qr-login", test_qr_login);
  ADD ("/sandbox/methods/account/peers-and-history", test_peers_and_history);
  ADD ("/sandbox/methods/account/difference-after-reconnect", test_difference_after_reconnect);
  ADD ("/sandbox/methods/account/difference-carries-calls", test_difference_carries_calls);
  ADD ("/sandbox/methods/account/cut-one-user", test_cut_one_user);
#undef ADD

  status = g_test_run ();
  sbx_shutdown ();
  return status;
}
