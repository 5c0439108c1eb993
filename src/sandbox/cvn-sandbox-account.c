/* cvn-sandbox-account.c: login, users, chats, dialogs, history, updates state.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-sandbox-calls-private.h"

#include "cvn-srp.h"

#include <string.h>

#define NEW(arena, T, CTOR) ((T *) cvn_tl_object_new ((arena), (CTOR)))
#define IS(obj, NAME) ((obj) != NULL && (obj)->ctor->id == CVN_TL_API_##NAME##_ID)

#define DEFAULT_DC 2

/* --- help --------------------------------------------------------------------------------- */

static gboolean
get_config (CvnSandboxCtx *ctx,
            CvnTlValue    *result)
{
  CvnTlApiConfig *c = NEW (ctx->arena, CvnTlApiConfig, CVN_TL_API_CONFIG_CTOR);
  CvnTlApiDcOption *dc = NEW (ctx->arena, CvnTlApiDcOption, CVN_TL_API_DC_OPTION_CTOR);
  gint32 now = cvn_sandbox_world_now (ctx->world);

  dc->id = DEFAULT_DC;
  cvn_tl_string_set (ctx->arena, &dc->ip_address, "127.0.0.1");
  dc->port = ctx->world->listen_port;
  c->date = now;
  c->expires = now + 3600;
  c->test_mode = TRUE;
  c->this_dc = DEFAULT_DC;
  c->dc_options = cvn_tl_vector_new (ctx->arena, CVN_TL_KIND_OBJECT, 1);
  c->dc_options->objects[0] = &dc->parent;
  cvn_tl_string_set (ctx->arena, &c->dc_txt_domain_name, "localhost");
  c->chat_size_max = 200;
  c->megagroup_size_max = 200000;
  c->forwarded_count_max = 100;
  c->online_update_period_ms = 210000;
  c->offline_blur_timeout_ms = 5000;
  c->offline_idle_timeout_ms = 30000;
  c->online_cloud_timeout_ms = 300000;
  c->notify_cloud_delay_ms = 30000;
  c->notify_default_delay_ms = 1500;
  c->push_chat_period_ms = 60000;
  c->push_chat_limit = 2;
  c->edit_time_limit = 172800;
  c->revoke_time_limit = 2147483647;
  c->revoke_pm_time_limit = 2147483647;
  c->rating_e_decay = 2419200;
  c->stickers_recent_limit = 200;
  c->channels_read_media_period = 604800;
  c->call_receive_timeout_ms = 20000;
  c->call_ring_timeout_ms = 90000;
  c->call_connect_timeout_ms = 30000;
  c->call_packet_timeout_ms = 10000;
  cvn_tl_string_set (ctx->arena, &c->me_url_prefix, "https://t.me/");
  c->caption_length_max = 1024;
  c->message_length_max = 4096;
  c->webfile_dc_id = DEFAULT_DC;
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &c->parent;
  return TRUE;
}

static gboolean
get_nearest_dc (CvnSandboxCtx *ctx,
                CvnTlValue    *result)
{
  CvnTlApiNearestDc *n = NEW (ctx->arena, CvnTlApiNearestDc, CVN_TL_API_NEAREST_DC_CTOR);

  cvn_tl_string_set (ctx->arena, &n->country, "XX");
  n->this_dc = DEFAULT_DC;
  n->nearest_dc = DEFAULT_DC;
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &n->parent;
  return TRUE;
}

/* --- login ----------------------------------------------------------------------------------- */

/* 99966XYYYY, X in 1..9: the test data centre numbers.  The code is X five times. */
static gboolean
test_phone_code (const char *phone,
                 char        code[6])
{
  gsize len = phone != NULL ? strlen (phone) : 0;

  if (len != 10 || strncmp (phone, "99966", 5) != 0 || phone[5] < '1' || phone[5] > '9')
    return FALSE;
  for (gsize i = 6; i < 10; i++)
    if (!g_ascii_isdigit (phone[i]))
      return FALSE;
  memset (code, phone[5], 5);
  code[5] = '\0';
  return TRUE;
}

static char *
normalize_phone (const CvnTlString *phone)
{
  GString *digits = g_string_new (NULL);

  for (gsize i = 0; phone->str != NULL && i < phone->len && digits->len < 32; i++)
    if (g_ascii_isdigit (phone->str[i]))
      g_string_append_c (digits, phone->str[i]);
  return g_string_free (digits, FALSE);
}

static CvnTlObject *
authorization (CvnSandboxCtx  *ctx,
               CvnSandboxUser *user)
{
  CvnTlApiAuthAuthorization *a = NEW (ctx->arena, CvnTlApiAuthAuthorization, CVN_TL_API_AUTH_AUTHORIZATION_CTOR);

  cvn_sandbox_session_set_user_id (ctx->session, user->id);
  cvn_sandbox_session_set_login_state (ctx->session, NULL, NULL);
  ctx->user = user;
  ctx->user_id = user->id;
  a->user = cvn_sandbox_tl_user (ctx->world, ctx->arena, user, user->id);
  return &a->parent;
}

static gboolean
send_code (CvnSandboxCtx              *ctx,
           const CvnTlApiAuthSendCode *req,
           CvnTlValue                 *result,
           GError                    **error)
{
  g_autofree char *phone = normalize_phone (&req->phone_number);
  g_autofree char *hash = NULL;
  char code[6];
  CvnTlApiAuthSentCode *sent;
  CvnTlApiAuthSentCodeTypeSms *type;

  if (!test_phone_code (phone, code))
    return cvn_sandbox_rpc_fail (error, 400, "PHONE_NUMBER_INVALID");
  hash = cvn_sandbox_world_random_token (ctx->world, 18);
  cvn_sandbox_session_set_login_state (ctx->session, phone, hash);
  sent = NEW (ctx->arena, CvnTlApiAuthSentCode, CVN_TL_API_AUTH_SENT_CODE_CTOR);
  type = NEW (ctx->arena, CvnTlApiAuthSentCodeTypeSms, CVN_TL_API_AUTH_SENT_CODE_TYPE_SMS_CTOR);
  type->length = 5;
  sent->type = &type->parent;
  cvn_tl_string_set (ctx->arena, &sent->phone_code_hash, hash);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &sent->parent;
  return TRUE;
}

static gboolean
check_code (CvnSandboxCtx     *ctx,
            const CvnTlString *phone_number,
            const CvnTlString *phone_code_hash,
            const CvnTlString *phone_code,
            char             **phone_out,
            GError           **error)
{
  g_autofree char *phone = normalize_phone (phone_number);
  char code[6];

  if (!test_phone_code (phone, code))
    return cvn_sandbox_rpc_fail (error, 400, "PHONE_NUMBER_INVALID");
  if (cvn_sandbox_session_get_login_hash (ctx->session) == NULL ||
      g_strcmp0 (cvn_sandbox_session_get_login_phone (ctx->session), phone) != 0 ||
      phone_code_hash->str == NULL ||
      strcmp (cvn_sandbox_session_get_login_hash (ctx->session), phone_code_hash->str) != 0)
    return cvn_sandbox_rpc_fail (error, 400, "PHONE_CODE_EXPIRED");
  if (phone_code != NULL)
    {
      if (phone_code->str == NULL || phone_code->str[0] == '\0')
        return cvn_sandbox_rpc_fail (error, 400, "PHONE_CODE_EMPTY");
      if (strcmp (phone_code->str, code) != 0)
        return cvn_sandbox_rpc_fail (error, 400, "PHONE_CODE_INVALID");
    }
  *phone_out = g_steal_pointer (&phone);
  return TRUE;
}

/* auth.resendCode and auth.cancelCode name the code by the number and the hash sendCode gave.
 * The hash "password" marks a login waiting for its 2FA password: its code is used up.
 * An empty hash is PHONE_CODE_HASH_EMPTY where the method page lists it (resendCode). */
static gboolean
check_pending_code (CvnSandboxCtx     *ctx,
                    const CvnTlString *phone_number,
                    const CvnTlString *phone_code_hash,
                    gboolean           empty_hash_error,
                    char             **phone_out,
                    GError           **error)
{
  g_autofree char *phone = normalize_phone (phone_number);
  const char *hash = cvn_sandbox_session_get_login_hash (ctx->session);
  char code[6];

  if (!test_phone_code (phone, code))
    return cvn_sandbox_rpc_fail (error, 406, "PHONE_NUMBER_INVALID");
  if (empty_hash_error && (phone_code_hash->str == NULL || phone_code_hash->len == 0))
    return cvn_sandbox_rpc_fail (error, 400, "PHONE_CODE_HASH_EMPTY");
  if (hash == NULL || g_str_equal (hash, "password") ||
      g_strcmp0 (cvn_sandbox_session_get_login_phone (ctx->session), phone) != 0 ||
      strlen (hash) != phone_code_hash->len ||
      memcmp (hash, phone_code_hash->str, phone_code_hash->len) != 0)
    return cvn_sandbox_rpc_fail (error, 400, "PHONE_CODE_EXPIRED");
  *phone_out = g_steal_pointer (&phone);
  return TRUE;
}

/* Test numbers have one code, so a resend sends the same one (by SMS, as sendCode does)
 * under a new hash; the old hash stops working. */
static gboolean
resend_code (CvnSandboxCtx                *ctx,
             const CvnTlApiAuthResendCode *req,
             CvnTlValue                   *result,
             GError                      **error)
{
  g_autofree char *phone = NULL;
  g_autofree char *hash = NULL;
  CvnTlApiAuthSentCode *sent;
  CvnTlApiAuthSentCodeTypeSms *type;

  if (!check_pending_code (ctx, &req->phone_number, &req->phone_code_hash, TRUE, &phone, error))
    return FALSE;
  hash = cvn_sandbox_world_random_token (ctx->world, 18);
  cvn_sandbox_session_set_login_state (ctx->session, phone, hash);
  sent = NEW (ctx->arena, CvnTlApiAuthSentCode, CVN_TL_API_AUTH_SENT_CODE_CTOR);
  type = NEW (ctx->arena, CvnTlApiAuthSentCodeTypeSms, CVN_TL_API_AUTH_SENT_CODE_TYPE_SMS_CTOR);
  type->length = 5;
  sent->type = &type->parent;
  cvn_tl_string_set (ctx->arena, &sent->phone_code_hash, hash);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &sent->parent;
  return TRUE;
}

static gboolean
cancel_code (CvnSandboxCtx                *ctx,
             const CvnTlApiAuthCancelCode *req,
             CvnTlValue                   *result,
             GError                      **error)
{
  g_autofree char *phone = NULL;

  if (!check_pending_code (ctx, &req->phone_number, &req->phone_code_hash, FALSE, &phone, error))
    return FALSE;
  cvn_sandbox_session_set_login_state (ctx->session, NULL, NULL);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = cvn_sandbox_tl_bool (ctx->arena, TRUE);
  return TRUE;
}

static gboolean
sign_in (CvnSandboxCtx            *ctx,
         const CvnTlApiAuthSignIn *req,
         CvnTlValue               *result,
         GError                  **error)
{
  g_autofree char *phone = NULL;
  CvnSandboxUser *user;

  if (!check_code (ctx, &req->phone_number, &req->phone_code_hash, &req->phone_code, &phone, error))
    return FALSE;
  user = g_hash_table_lookup (ctx->world->phones, phone);
  result->kind = CVN_TL_KIND_OBJECT;
  if (user == NULL)
    {
      /* keep the login state for auth.signUp */
      result->object = cvn_tl_object_new (ctx->arena, CVN_TL_API_AUTH_AUTHORIZATION_SIGN_UP_REQUIRED_CTOR);
      return TRUE;
    }
  if (user->has_password)
    {
      cvn_sandbox_session_set_login_state (ctx->session, phone, "password");
      return cvn_sandbox_rpc_fail (error, 401, "SESSION_PASSWORD_NEEDED");
    }
  result->object = authorization (ctx, user);
  return TRUE;
}

static gboolean
sign_up (CvnSandboxCtx            *ctx,
         const CvnTlApiAuthSignUp *req,
         CvnTlValue               *result,
         GError                  **error)
{
  g_autofree char *phone = NULL;
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  CvnSandboxUser *user;

  if (!check_code (ctx, &req->phone_number, &req->phone_code_hash, NULL, &phone, error))
    return FALSE;
  if (g_hash_table_contains (ctx->world->phones, phone))
    return cvn_sandbox_rpc_fail (error, 400, "PHONE_NUMBER_OCCUPIED");
  if (req->first_name.str == NULL || req->first_name.len == 0 || req->first_name.len > 64)
    return cvn_sandbox_rpc_fail (error, 400, "FIRSTNAME_INVALID");
  if (req->last_name.len > 64)
    return cvn_sandbox_rpc_fail (error, 400, "LASTNAME_INVALID");
  first = g_utf8_make_valid (req->first_name.str, req->first_name.len);
  last = req->last_name.str != NULL ? g_utf8_make_valid (req->last_name.str, req->last_name.len) : NULL;
  user = cvn_sandbox_world_add_user (ctx->world, 0, phone, first, last, NULL);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = authorization (ctx, user);
  return TRUE;
}

static gboolean
log_out (CvnSandboxCtx *ctx,
         CvnTlValue    *result)
{
  cvn_sandbox_session_set_user_id (ctx->session, 0);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = cvn_tl_object_new (ctx->arena, CVN_TL_API_AUTH_LOGGED_OUT_CTOR);
  return TRUE;
}

static CvnSandboxUser *
password_user (CvnSandboxCtx *ctx)
{
  const char *phone;

  if (ctx->user != NULL)
    return ctx->user;
  if (g_strcmp0 (cvn_sandbox_session_get_login_hash (ctx->session), "password") != 0)
    return NULL;
  phone = cvn_sandbox_session_get_login_phone (ctx->session);
  return phone != NULL ? g_hash_table_lookup (ctx->world->phones, phone) : NULL;
}

static void
srp_params (CvnSandboxUser *user,
            CvnSrpParams   *params)
{
  params->salt1 = user->srp_salt1;
  params->salt1_len = sizeof user->srp_salt1;
  params->salt2 = user->srp_salt2;
  params->salt2_len = sizeof user->srp_salt2;
  params->g = 3;
  params->p = cvn_sandbox_srp_prime (&params->p_len);
}

static gboolean
get_password (CvnSandboxCtx *ctx,
              CvnTlValue    *result,
              GError       **error)
{
  CvnSandboxUser *user = password_user (ctx);
  CvnTlApiAccountPassword *r = NEW (ctx->arena, CvnTlApiAccountPassword, CVN_TL_API_ACCOUNT_PASSWORD_CTOR);
  CvnTlApiPasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow *algo;
  CvnSrpParams params;
  guint8 b[CVN_SRP_LEN], B[CVN_SRP_LEN];
  gint64 srp_id;
  guint8 secure_random[32];

  if (user == NULL)
    return cvn_sandbox_rpc_fail (error, 401, "AUTH_KEY_UNREGISTERED");
  for (guint i = 0; i < sizeof secure_random; i++)
    secure_random[i] = g_rand_int (ctx->world->rand);
  r->secure_random.data = cvn_tl_arena_memdup (ctx->arena, secure_random, sizeof secure_random);
  r->secure_random.len = sizeof secure_random;
  r->new_algo = cvn_tl_object_new (ctx->arena, CVN_TL_API_PASSWORD_KDF_ALGO_UNKNOWN_CTOR);
  r->new_secure_algo = cvn_tl_object_new (ctx->arena, CVN_TL_API_SECURE_PASSWORD_KDF_ALGO_UNKNOWN_CTOR);
  if (!user->has_password)
    {
      result->kind = CVN_TL_KIND_OBJECT;
      result->object = &r->parent;
      return TRUE;
    }
  srp_params (user, &params);
  if (!cvn_srp_server_generate (&params, user->srp_v, b, B, NULL))
    return cvn_sandbox_rpc_fail (error, 500, "SRP_GENERATE_FAILED");
  srp_id = (gint64) g_rand_int (ctx->world->rand) << 31 | g_rand_int (ctx->world->rand);
  cvn_sandbox_session_set_srp_b (ctx->session, b, B, srp_id);
  memset (b, 0, sizeof b);

  algo = NEW (ctx->arena, CvnTlApiPasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow,
              CVN_TL_API_PASSWORD_KDF_ALGO_SHA256_SHA256_PBKDF2_HMACSHA512ITER100000_SHA256_MOD_POW_CTOR);
  algo->salt1.data = cvn_tl_arena_memdup (ctx->arena, params.salt1, params.salt1_len);
  algo->salt1.len = params.salt1_len;
  algo->salt2.data = cvn_tl_arena_memdup (ctx->arena, params.salt2, params.salt2_len);
  algo->salt2.len = params.salt2_len;
  algo->g = params.g;
  algo->p.data = cvn_tl_arena_memdup (ctx->arena, params.p, params.p_len);
  algo->p.len = params.p_len;
  r->has_password = TRUE;
  r->current_algo = &algo->parent;
  r->srp_B.data = cvn_tl_arena_memdup (ctx->arena, B, sizeof B);
  r->srp_B.len = sizeof B;
  r->flags |= CVN_TL_API_ACCOUNT_PASSWORD_SRP_ID_FLAG;
  r->srp_id = srp_id;
  if (user->password_hint != NULL)
    cvn_tl_string_set (ctx->arena, &r->hint, user->password_hint);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &r->parent;
  return TRUE;
}

static gboolean
check_password (CvnSandboxCtx                   *ctx,
                const CvnTlApiAuthCheckPassword *req,
                CvnTlValue                      *result,
                GError                         **error)
{
  CvnSandboxUser *user = password_user (ctx);
  const CvnTlApiInputCheckPasswordSRP *check = (gconstpointer) req->password;
  CvnSrpParams params;
  gint64 srp_id;
  guint8 *b;

  if (user == NULL || !user->has_password)
    return cvn_sandbox_rpc_fail (error, 400, "PASSWORD_HASH_INVALID");
  if (!IS (req->password, INPUT_CHECK_PASSWORD_SRP))
    return cvn_sandbox_rpc_fail (error, 400, "PASSWORD_HASH_INVALID");
  b = cvn_sandbox_session_get_srp_b (ctx->session, &srp_id);
  if (srp_id == 0 || srp_id != check->srp_id)
    return cvn_sandbox_rpc_fail (error, 400, "SRP_ID_INVALID");
  srp_params (user, &params);
  if (!cvn_srp_server_verify (&params, user->srp_v, b, cvn_sandbox_session_get_srp_B (ctx->session),
                              check->A.data, check->A.len, check->M1.data, check->M1.len, NULL))
    return cvn_sandbox_rpc_fail (error, 400, "PASSWORD_HASH_INVALID");
  /* one srp_id, one try */
  {
    guint8 zero[CVN_SRP_LEN] = { 0 };
    cvn_sandbox_session_set_srp_b (ctx->session, zero, zero, 0);
  }
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = authorization (ctx, user);
  return TRUE;
}

/* QR login: the token is shown by a new session, accepted by a logged-in one, then
 * imported by the new session (which is also told with updateLoginToken). */
static gboolean
export_login_token (CvnSandboxCtx *ctx,
                    CvnTlValue    *result)
{
  const char *token = cvn_sandbox_session_get_login_token (ctx->session);
  gint64 *accepted = token != NULL ? g_hash_table_lookup (ctx->world->login_tokens, token) : NULL;

  result->kind = CVN_TL_KIND_OBJECT;
  if (accepted != NULL && *accepted != 0)
    {
      CvnTlApiAuthLoginTokenSuccess *s = NEW (ctx->arena, CvnTlApiAuthLoginTokenSuccess,
                                              CVN_TL_API_AUTH_LOGIN_TOKEN_SUCCESS_CTOR);
      CvnSandboxUser *user = cvn_sandbox_world_get_user (ctx->world, *accepted);

      g_hash_table_remove (ctx->world->login_tokens, token);
      if (user == NULL)
        return cvn_sandbox_rpc_fail (NULL, 400, "AUTH_TOKEN_INVALID") || TRUE;
      s->authorization = authorization (ctx, user);
      result->object = &s->parent;
      return TRUE;
    }
  {
    CvnTlApiAuthLoginToken *t = NEW (ctx->arena, CvnTlApiAuthLoginToken, CVN_TL_API_AUTH_LOGIN_TOKEN_CTOR);
    g_autofree char *fresh = cvn_sandbox_world_random_token (ctx->world, 32);
    gint64 zero = 0;

    if (token != NULL)
      g_hash_table_remove (ctx->world->login_tokens, token);
    g_hash_table_insert (ctx->world->login_tokens, g_strdup (fresh), g_memdup2 (&zero, sizeof zero));
    cvn_sandbox_session_set_login_token (ctx->session, fresh);
    t->expires = cvn_sandbox_world_now (ctx->world) + 30;
    t->token.data = cvn_tl_arena_memdup (ctx->arena, fresh, strlen (fresh));
    t->token.len = strlen (fresh);
    result->object = &t->parent;
    return TRUE;
  }
}

static gboolean
accept_login_token (CvnSandboxCtx                      *ctx,
                    const CvnTlApiAuthAcceptLoginToken *req,
                    CvnTlValue                         *result,
                    GError                            **error)
{
  g_autofree char *token = req->token.data != NULL ? g_strndup ((const char *) req->token.data, req->token.len) : NULL;
  gint64 *slot = token != NULL ? g_hash_table_lookup (ctx->world->login_tokens, token) : NULL;
  CvnTlApiAuthorization *a;
  g_autoptr(CvnTlArena) arena = NULL;
  CvnTlApiUpdateShort *u;

  if (slot == NULL || *slot != 0)
    return cvn_sandbox_rpc_fail (error, 400, "AUTH_TOKEN_INVALID");
  *slot = ctx->user_id;
  /* tell the session that showed the token */
  arena = cvn_tl_arena_new ();
  u = NEW (arena, CvnTlApiUpdateShort, CVN_TL_API_UPDATE_SHORT_CTOR);
  u->update = cvn_tl_object_new (arena, CVN_TL_API_UPDATE_LOGIN_TOKEN_CTOR);
  u->date = cvn_sandbox_world_now (ctx->world);
  for (guint i = 0; i < ctx->world->sessions->len; i++)
    {
      CvnSandboxSession *s = g_ptr_array_index (ctx->world->sessions, i);
      g_autoptr(GBytes) bytes = NULL;

      if (g_strcmp0 (cvn_sandbox_session_get_login_token (s), token) != 0)
        continue;
      bytes = cvn_tl_encode (&u->parent, NULL);
      if (bytes != NULL)
        cvn_sandbox_session_deliver (s, bytes);
    }
  a = NEW (ctx->arena, CvnTlApiAuthorization, CVN_TL_API_AUTHORIZATION_CTOR);
  a->hash = g_rand_int (ctx->world->rand);
  cvn_tl_string_set (ctx->arena, &a->device_model, "sandbox");
  cvn_tl_string_set (ctx->arena, &a->platform, "");
  cvn_tl_string_set (ctx->arena, &a->system_version, "");
  cvn_tl_string_set (ctx->arena, &a->app_name, "Convene");
  cvn_tl_string_set (ctx->arena, &a->app_version, "");
  a->date_created = a->date_active = cvn_sandbox_world_now (ctx->world);
  cvn_tl_string_set (ctx->arena, &a->ip, "127.0.0.1");
  cvn_tl_string_set (ctx->arena, &a->country, "");
  cvn_tl_string_set (ctx->arena, &a->region, "");
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &a->parent;
  return TRUE;
}

static gboolean
import_login_token (CvnSandboxCtx                      *ctx,
                    const CvnTlApiAuthImportLoginToken *req,
                    CvnTlValue                         *result,
                    GError                            **error)
{
  g_autofree char *token = req->token.data != NULL ? g_strndup ((const char *) req->token.data, req->token.len) : NULL;
  gint64 *slot = token != NULL ? g_hash_table_lookup (ctx->world->login_tokens, token) : NULL;
  CvnSandboxUser *user;
  CvnTlApiAuthLoginTokenSuccess *s;

  if (slot == NULL)
    return cvn_sandbox_rpc_fail (error, 400, "AUTH_TOKEN_INVALID");
  if (*slot == 0)
    return cvn_sandbox_rpc_fail (error, 400, "AUTH_TOKEN_EXPIRED");
  user = cvn_sandbox_world_get_user (ctx->world, *slot);
  g_hash_table_remove (ctx->world->login_tokens, token);
  if (user == NULL)
    return cvn_sandbox_rpc_fail (error, 400, "AUTH_TOKEN_INVALID");
  s = NEW (ctx->arena, CvnTlApiAuthLoginTokenSuccess, CVN_TL_API_AUTH_LOGIN_TOKEN_SUCCESS_CTOR);
  s->authorization = authorization (ctx, user);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &s->parent;
  return TRUE;
}

/* --- users ------------------------------------------------------------------------------------ */

static gboolean
get_users (CvnSandboxCtx               *ctx,
           const CvnTlApiUsersGetUsers *req,
           CvnTlValue                  *result,
           GError                     **error)
{
  g_autoptr(GPtrArray) users = g_ptr_array_new ();

  for (guint i = 0; req->id != NULL && i < req->id->len; i++)
    {
      CvnSandboxUser *user;

      if (cvn_sandbox_resolve_input_user (ctx, req->id->objects[i], &user, NULL))
        g_ptr_array_add (users, cvn_sandbox_tl_user (ctx->world, ctx->arena, user, ctx->user_id));
    }
  if (req->id == NULL || req->id->len == 0)
    return cvn_sandbox_rpc_fail (error, 400, "USER_ID_INVALID");
  result->kind = CVN_TL_KIND_VECTOR;
  result->elem_kind = CVN_TL_KIND_OBJECT;
  result->vector = cvn_sandbox_tl_objects (ctx->arena, users);
  return TRUE;
}

static CvnTlObject *
notify_settings (CvnTlArena *arena)
{
  return cvn_tl_object_new (arena, CVN_TL_API_PEER_NOTIFY_SETTINGS_CTOR);
}

static gboolean
get_full_user (CvnSandboxCtx                  *ctx,
               const CvnTlApiUsersGetFullUser *req,
               CvnTlValue                     *result,
               GError                        **error)
{
  CvnSandboxUser *user;
  CvnTlApiUsersUserFull *r;
  CvnTlApiUserFull *full;
  g_autoptr(GHashTable) user_ids = cvn_sandbox_id_set_new ();

  if (!cvn_sandbox_resolve_input_user (ctx, req->id, &user, error))
    return FALSE;
  full = NEW (ctx->arena, CvnTlApiUserFull, CVN_TL_API_USER_FULL_CTOR);
  full->id = user->id;
  full->settings = cvn_tl_object_new (ctx->arena, CVN_TL_API_PEER_SETTINGS_CTOR);
  full->notify_settings = notify_settings (ctx->arena);
  full->common_chats_count = 0;
  r = NEW (ctx->arena, CvnTlApiUsersUserFull, CVN_TL_API_USERS_USER_FULL_CTOR);
  r->full_user = &full->parent;
  cvn_sandbox_id_set_add (user_ids, user->id);
  cvn_sandbox_tl_users_chats (ctx->world, ctx->arena, user_ids, NULL, ctx->user_id, &r->users, &r->chats);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &r->parent;
  return TRUE;
}

static gboolean
resolve_username (CvnSandboxCtx                        *ctx,
                  const CvnTlApiContactsResolveUsername *req,
                  CvnTlValue                           *result,
                  GError                              **error)
{
  CvnTlApiContactsResolvedPeer *r;
  CvnSandboxPeer peer = { CVN_SANDBOX_PEER_NONE, 0 };
  g_autoptr(GHashTable) user_ids = cvn_sandbox_id_set_new ();
  g_autoptr(GHashTable) chat_ids = cvn_sandbox_id_set_new ();
  GHashTableIter iter;
  gpointer value;

  if (req->username.str == NULL || req->username.len < 4 || req->username.len > 32)
    return cvn_sandbox_rpc_fail (error, 400, "USERNAME_INVALID");
  g_hash_table_iter_init (&iter, ctx->world->users);
  while (peer.type == CVN_SANDBOX_PEER_NONE && g_hash_table_iter_next (&iter, NULL, &value))
    {
      CvnSandboxUser *user = value;

      if (user->username != NULL && g_ascii_strcasecmp (user->username, req->username.str) == 0)
        {
          peer.type = CVN_SANDBOX_PEER_USER;
          peer.id = user->id;
        }
    }
  g_hash_table_iter_init (&iter, ctx->world->chats);
  while (peer.type == CVN_SANDBOX_PEER_NONE && g_hash_table_iter_next (&iter, NULL, &value))
    {
      CvnSandboxChat *chat = value;

      if (chat->username != NULL && g_ascii_strcasecmp (chat->username, req->username.str) == 0)
        {
          peer.type = CVN_SANDBOX_PEER_CHANNEL;
          peer.id = chat->id;
        }
    }
  if (peer.type == CVN_SANDBOX_PEER_NONE)
    return cvn_sandbox_rpc_fail (error, 400, "USERNAME_NOT_OCCUPIED");
  cvn_sandbox_collect_peer (user_ids, chat_ids, &peer);
  r = NEW (ctx->arena, CvnTlApiContactsResolvedPeer, CVN_TL_API_CONTACTS_RESOLVED_PEER_CTOR);
  r->peer = cvn_sandbox_tl_peer (ctx->arena, &peer);
  cvn_sandbox_tl_users_chats (ctx->world, ctx->arena, user_ids, chat_ids, ctx->user_id, &r->users, &r->chats);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &r->parent;
  return TRUE;
}

/* --- dialogs and history -------------------------------------------------------------------------- */

static CvnSandboxMessage *
last_message (CvnSandboxWorld *world,
              CvnSandboxChat  *chat,
              gint64           user_id,
              gint64           private_peer)
{
  if (chat != NULL)
    return chat->messages->len > 0 ? g_ptr_array_index (chat->messages, chat->messages->len - 1) : NULL;
  for (guint i = world->private_messages->len; i > 0; i--)
    {
      CvnSandboxMessage *m = g_ptr_array_index (world->private_messages, i - 1);

      if (m->box == user_id && m->peer.id == private_peer)
        return m;
    }
  return NULL;
}

static CvnTlObject *
dialog (CvnSandboxCtx     *ctx,
        CvnSandboxPeer    *peer,
        CvnSandboxChat    *chat,
        CvnSandboxMessage *top)
{
  CvnTlApiDialog *d = NEW (ctx->arena, CvnTlApiDialog, CVN_TL_API_DIALOG_CTOR);

  d->peer = cvn_sandbox_tl_peer (ctx->arena, peer);
  d->top_message = top != NULL ? top->id : 0;
  d->read_inbox_max_id = d->top_message;
  d->read_outbox_max_id = d->top_message;
  d->notify_settings = notify_settings (ctx->arena);
  if (chat != NULL && chat->kind != CVN_SANDBOX_CHAT_GROUP)
    {
      d->flags |= CVN_TL_API_DIALOG_PTS_FLAG;
      d->pts = chat->pts;
    }
  return &d->parent;
}

/* Dialogs of the user: their chats (id order), then private chats. */
static void
collect_dialogs (CvnSandboxCtx *ctx,
                 GPtrArray     *peers)
{
  g_autoptr(GList) chats = g_list_sort (g_hash_table_get_values (ctx->world->chats),
                                        (GCompareFunc) cvn_sandbox_chat_compare);
  g_autoptr(GHashTable) seen = cvn_sandbox_id_set_new ();

  for (GList *l = chats; l != NULL; l = l->next)
    {
      CvnSandboxChat *chat = l->data;
      CvnSandboxPeer *peer;

      if (!cvn_sandbox_chat_is_member (chat, ctx->user_id))
        continue;
      peer = g_new0 (CvnSandboxPeer, 1);
      peer->type = chat->kind == CVN_SANDBOX_CHAT_GROUP ? CVN_SANDBOX_PEER_CHAT : CVN_SANDBOX_PEER_CHANNEL;
      peer->id = chat->id;
      g_ptr_array_add (peers, peer);
    }
  for (guint i = 0; i < ctx->world->private_messages->len; i++)
    {
      CvnSandboxMessage *m = g_ptr_array_index (ctx->world->private_messages, i);
      CvnSandboxPeer *peer;

      if (m->box != ctx->user_id || g_hash_table_contains (seen, &m->peer.id))
        continue;
      cvn_sandbox_id_set_add (seen, m->peer.id);
      peer = g_new0 (CvnSandboxPeer, 1);
      *peer = m->peer;
      g_ptr_array_add (peers, peer);
    }
}

static void
fill_dialogs (CvnSandboxCtx *ctx,
              GPtrArray     *peers,
              CvnTlVector  **dialogs_out,
              CvnTlVector  **messages_out,
              CvnTlVector  **chats_out,
              CvnTlVector  **users_out)
{
  g_autoptr(GPtrArray) dialogs = g_ptr_array_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new ();
  g_autoptr(GHashTable) user_ids = cvn_sandbox_id_set_new ();
  g_autoptr(GHashTable) chat_ids = cvn_sandbox_id_set_new ();

  cvn_sandbox_id_set_add (user_ids, ctx->user_id);
  for (guint i = 0; i < peers->len; i++)
    {
      CvnSandboxPeer *peer = g_ptr_array_index (peers, i);
      CvnSandboxChat *chat = peer->type == CVN_SANDBOX_PEER_USER ? NULL
                                                                 : cvn_sandbox_world_get_chat (ctx->world, peer->id);
      CvnSandboxMessage *top = last_message (ctx->world, chat, ctx->user_id, peer->id);

      g_ptr_array_add (dialogs, dialog (ctx, peer, chat, top));
      cvn_sandbox_collect_peer (user_ids, chat_ids, peer);
      if (top != NULL)
        {
          g_ptr_array_add (messages, cvn_sandbox_tl_message (ctx->world, ctx->arena, top, ctx->user_id));
          cvn_sandbox_collect_peer (user_ids, chat_ids, &top->from);
        }
    }
  *dialogs_out = cvn_sandbox_tl_objects (ctx->arena, dialogs);
  *messages_out = cvn_sandbox_tl_objects (ctx->arena, messages);
  cvn_sandbox_tl_users_chats (ctx->world, ctx->arena, user_ids, chat_ids, ctx->user_id, users_out, chats_out);
}

static gboolean
get_dialogs (CvnSandboxCtx                   *ctx,
             const CvnTlApiMessagesGetDialogs *req,
             CvnTlValue                      *result,
             GError                         **error)
{
  g_autoptr(GPtrArray) peers = g_ptr_array_new_with_free_func (g_free);
  CvnTlApiMessagesDialogs *r = NEW (ctx->arena, CvnTlApiMessagesDialogs, CVN_TL_API_MESSAGES_DIALOGS_CTOR);

  (void) error;
  collect_dialogs (ctx, peers);
  if (req->offset_id > 0 || req->offset_date > 0)
    g_ptr_array_set_size (peers, 0);  /* everything fits in the first page */
  if (req->limit > 0 && peers->len > (guint) req->limit)
    g_ptr_array_set_size (peers, req->limit);
  fill_dialogs (ctx, peers, &r->dialogs, &r->messages, &r->chats, &r->users);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &r->parent;
  return TRUE;
}

static CvnTlObject *
updates_state (CvnSandboxCtx *ctx)
{
  CvnTlApiUpdatesState *s = NEW (ctx->arena, CvnTlApiUpdatesState, CVN_TL_API_UPDATES_STATE_CTOR);

  s->pts = ctx->user != NULL ? ctx->user->pts : 1;
  s->qts = 0;
  s->date = cvn_sandbox_world_now (ctx->world);
  s->seq = 0;
  return &s->parent;
}

static gboolean
get_peer_dialogs (CvnSandboxCtx                        *ctx,
                  const CvnTlApiMessagesGetPeerDialogs *req,
                  CvnTlValue                           *result,
                  GError                              **error)
{
  g_autoptr(GPtrArray) peers = g_ptr_array_new_with_free_func (g_free);
  CvnTlApiMessagesPeerDialogs *r;

  for (guint i = 0; req->peers != NULL && i < req->peers->len; i++)
    {
      const CvnTlObject *in = req->peers->objects[i];
      CvnSandboxPeer *peer = g_new0 (CvnSandboxPeer, 1);

      if (!IS (in, INPUT_DIALOG_PEER) ||
          !cvn_sandbox_resolve_input_peer (ctx, ((const CvnTlApiInputDialogPeer *) in)->peer, peer, error))
        {
          g_free (peer);
          if (error != NULL && *error == NULL)
            cvn_sandbox_rpc_fail (error, 400, "PEER_ID_INVALID");
          return FALSE;
        }
      g_ptr_array_add (peers, peer);
    }
  r = NEW (ctx->arena, CvnTlApiMessagesPeerDialogs, CVN_TL_API_MESSAGES_PEER_DIALOGS_CTOR);
  fill_dialogs (ctx, peers, &r->dialogs, &r->messages, &r->chats, &r->users);
  r->state = updates_state (ctx);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &r->parent;
  return TRUE;
}

static gboolean
get_history (CvnSandboxCtx                   *ctx,
             const CvnTlApiMessagesGetHistory *req,
             CvnTlValue                      *result,
             GError                         **error)
{
  CvnSandboxPeer peer;
  CvnSandboxChat *chat = NULL;
  g_autoptr(GPtrArray) source = g_ptr_array_new ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new ();
  g_autoptr(GHashTable) user_ids = cvn_sandbox_id_set_new ();
  g_autoptr(GHashTable) chat_ids = cvn_sandbox_id_set_new ();
  CvnTlApiMessagesMessages *r;
  guint limit = req->limit <= 0 ? 20 : MIN ((guint) req->limit, 100);

  if (!cvn_sandbox_resolve_input_peer (ctx, req->peer, &peer, error))
    return FALSE;
  if (peer.type != CVN_SANDBOX_PEER_USER)
    {
      chat = cvn_sandbox_world_get_chat (ctx->world, peer.id);
      if (!cvn_sandbox_chat_is_member (chat, ctx->user_id) && chat->username == NULL)
        return cvn_sandbox_rpc_fail (error, 400, chat->kind == CVN_SANDBOX_CHAT_GROUP ? "PEER_ID_INVALID"
                                                                                      : "CHANNEL_PRIVATE");
      g_ptr_array_extend (source, chat->messages, NULL, NULL);
      cvn_sandbox_id_set_add (chat_ids, chat->id);
    }
  else
    for (guint i = 0; i < ctx->world->private_messages->len; i++)
      {
        CvnSandboxMessage *m = g_ptr_array_index (ctx->world->private_messages, i);

        if (m->box == ctx->user_id && m->peer.id == peer.id)
          g_ptr_array_add (source, m);
      }
  /* newest first, below offset_id when given */
  for (guint i = source->len; i > 0 && messages->len < limit; i--)
    {
      CvnSandboxMessage *m = g_ptr_array_index (source, i - 1);

      if (req->offset_id > 0 && m->id >= req->offset_id)
        continue;
      if (req->max_id > 0 && m->id >= req->max_id)
        continue;
      if (req->min_id > 0 && m->id <= req->min_id)
        continue;
      g_ptr_array_add (messages, cvn_sandbox_tl_message (ctx->world, ctx->arena, m, ctx->user_id));
      cvn_sandbox_collect_peer (user_ids, chat_ids, &m->from);
      cvn_sandbox_collect_peer (user_ids, chat_ids, &m->peer);
    }
  r = NEW (ctx->arena, CvnTlApiMessagesMessages, CVN_TL_API_MESSAGES_MESSAGES_CTOR);
  r->messages = cvn_sandbox_tl_objects (ctx->arena, messages);
  r->topics = cvn_tl_vector_new (ctx->arena, CVN_TL_KIND_OBJECT, 0);
  cvn_sandbox_tl_users_chats (ctx->world, ctx->arena, user_ids, chat_ids, ctx->user_id, &r->users, &r->chats);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &r->parent;
  return TRUE;
}

static CvnTlObject *
default_join_as (CvnSandboxCtx  *ctx,
                 CvnSandboxChat *chat)
{
  CvnSandboxPeer *peer = g_hash_table_lookup (chat->default_join_as, &ctx->user_id);
  CvnSandboxPeer self = { CVN_SANDBOX_PEER_USER, ctx->user_id };

  return cvn_sandbox_tl_peer (ctx->arena, peer != NULL ? peer : &self);
}

static gboolean
full_chat (CvnSandboxCtx  *ctx,
           CvnSandboxChat *chat,
           CvnTlValue     *result)
{
  CvnTlApiMessagesChatFull *r = NEW (ctx->arena, CvnTlApiMessagesChatFull, CVN_TL_API_MESSAGES_CHAT_FULL_CTOR);
  CvnSandboxCall *call = chat->call_id != 0 ? cvn_sandbox_world_get_call (ctx->world, chat->call_id) : NULL;
  g_autoptr(GHashTable) user_ids = cvn_sandbox_id_set_new ();
  g_autoptr(GHashTable) chat_ids = cvn_sandbox_id_set_new ();
  CvnTlObject *photo = cvn_tl_object_new (ctx->arena, CVN_TL_API_PHOTO_EMPTY_CTOR);

  cvn_sandbox_id_set_add (chat_ids, chat->id);
  cvn_sandbox_id_set_add (user_ids, ctx->user_id);
  if (chat->kind == CVN_SANDBOX_CHAT_GROUP)
    {
      CvnTlApiChatFull *f = NEW (ctx->arena, CvnTlApiChatFull, CVN_TL_API_CHAT_FULL_CTOR);
      CvnTlApiChatParticipants *ps = NEW (ctx->arena, CvnTlApiChatParticipants, CVN_TL_API_CHAT_PARTICIPANTS_CTOR);
      g_autoptr(GList) keys = g_hash_table_get_keys (chat->members);
      guint n = 0;

      f->id = chat->id;
      cvn_tl_string_set (ctx->arena, &f->about, chat->about);
      ps->chat_id = chat->id;
      ps->version = 1;
      ps->participants = cvn_tl_vector_new (ctx->arena, CVN_TL_KIND_OBJECT, g_list_length (keys));
      keys = g_list_sort (keys, (GCompareFunc) cvn_sandbox_id_compare);
      for (GList *l = keys; l != NULL; l = l->next, n++)
        {
          gint64 user_id = *(gint64 *) l->data;

          cvn_sandbox_id_set_add (user_ids, user_id);
          if (user_id == chat->creator_id)
            {
              CvnTlApiChatParticipantCreator *p = NEW (ctx->arena, CvnTlApiChatParticipantCreator,
                                                       CVN_TL_API_CHAT_PARTICIPANT_CREATOR_CTOR);
              p->user_id = user_id;
              ps->participants->objects[n] = &p->parent;
            }
          else if (cvn_sandbox_chat_get_rights (chat, user_id) != 0)
            {
              CvnTlApiChatParticipantAdmin *p = NEW (ctx->arena, CvnTlApiChatParticipantAdmin,
                                                     CVN_TL_API_CHAT_PARTICIPANT_ADMIN_CTOR);
              p->user_id = user_id;
              p->inviter_id = chat->creator_id;
              p->date = chat->date;
              ps->participants->objects[n] = &p->parent;
            }
          else
            {
              CvnTlApiChatParticipant *p = NEW (ctx->arena, CvnTlApiChatParticipant, CVN_TL_API_CHAT_PARTICIPANT_CTOR);
              p->user_id = user_id;
              p->inviter_id = chat->creator_id;
              p->date = chat->date;
              ps->participants->objects[n] = &p->parent;
            }
        }
      f->participants = &ps->parent;
      f->chat_photo = photo;
      f->notify_settings = notify_settings (ctx->arena);
      if (call != NULL)
        f->call = cvn_sandbox_tl_input_call (ctx->arena, call);
      f->groupcall_default_join_as = default_join_as (ctx, chat);
      r->full_chat = &f->parent;
    }
  else
    {
      CvnTlApiChannelFull *f = NEW (ctx->arena, CvnTlApiChannelFull, CVN_TL_API_CHANNEL_FULL_CTOR);

      f->id = chat->id;
      cvn_tl_string_set (ctx->arena, &f->about, chat->about);
      f->flags |= CVN_TL_API_CHANNEL_FULL_PARTICIPANTS_COUNT_FLAG;
      f->participants_count = g_hash_table_size (chat->members) + chat->extra_members;
      f->chat_photo = photo;
      f->notify_settings = notify_settings (ctx->arena);
      f->bot_info = cvn_tl_vector_new (ctx->arena, CVN_TL_KIND_OBJECT, 0);
      f->pts = chat->pts;
      if (call != NULL)
        f->call = cvn_sandbox_tl_input_call (ctx->arena, call);
      f->groupcall_default_join_as = default_join_as (ctx, chat);
      r->full_chat = &f->parent;
    }
  {
    CvnSandboxPeer *peer = g_hash_table_lookup (chat->default_join_as, &ctx->user_id);
    if (peer != NULL)
      cvn_sandbox_collect_peer (user_ids, chat_ids, peer);
  }
  cvn_sandbox_tl_users_chats (ctx->world, ctx->arena, user_ids, chat_ids, ctx->user_id, &r->users, &r->chats);
  result->kind = CVN_TL_KIND_OBJECT;
  result->object = &r->parent;
  return TRUE;
}

static gboolean
get_full_chat (CvnSandboxCtx                    *ctx,
               const CvnTlApiMessagesGetFullChat *req,
               CvnTlValue                       *result,
               GError                          **error)
{
  CvnSandboxChat *chat = cvn_sandbox_world_get_chat (ctx->world, req->chat_id);

  if (chat == NULL || chat->kind != CVN_SANDBOX_CHAT_GROUP)
    return cvn_sandbox_rpc_fail (error, 400, "CHAT_ID_INVALID");
  if (!cvn_sandbox_chat_is_member (chat, ctx->user_id))
    return cvn_sandbox_rpc_fail (error, 400, "CHAT_ID_INVALID");
  return full_chat (ctx, chat, result);
}

static gboolean
get_full_channel (CvnSandboxCtx                        *ctx,
                  const CvnTlApiChannelsGetFullChannel *req,
                  CvnTlValue                           *result,
                  GError                              **error)
{
  const CvnTlApiInputChannel *in = (gconstpointer) req->channel;
  CvnSandboxChat *chat;

  if (!IS (req->channel, INPUT_CHANNEL))
    return cvn_sandbox_rpc_fail (error, 400, "CHANNEL_INVALID");
  chat = cvn_sandbox_world_get_chat (ctx->world, in->channel_id);
  if (chat == NULL || chat->kind == CVN_SANDBOX_CHAT_GROUP || chat->access_hash != in->access_hash)
    return cvn_sandbox_rpc_fail (error, 400, "CHANNEL_INVALID");
  if (!cvn_sandbox_chat_is_member (chat, ctx->user_id) && chat->username == NULL)
    return cvn_sandbox_rpc_fail (error, 406, "CHANNEL_PRIVATE");
  return full_chat (ctx, chat, result);
}

/* --- updates state ---------------------------------------------------------------------------- */

static gboolean
get_difference (CvnSandboxCtx                       *ctx,
                const CvnTlApiUpdatesGetDifference *req,
                CvnTlValue                          *result,
                GError                             **error)
{
  CvnSandboxUser *user = ctx->user;
  g_autoptr(GPtrArray) messages = g_ptr_array_new ();
  g_autoptr(GPtrArray) other = g_ptr_array_new ();
  g_autoptr(GHashTable) user_ids = cvn_sandbox_id_set_new ();
  g_autoptr(GHashTable) chat_ids = cvn_sandbox_id_set_new ();
  CvnTlApiUpdatesDifference *d;

  if (req->pts <= 0 || req->pts > user->pts)
    return cvn_sandbox_rpc_fail (error, 400, "PERSISTENT_TIMESTAMP_INVALID");
  result->kind = CVN_TL_KIND_OBJECT;
  /* calls change without pts: they are found by the state's date */
  cvn_sandbox_calls_difference (ctx->world, ctx->arena, user->id, req->date, other, chat_ids);
  if (req->pts == user->pts && other->len == 0)
    {
      CvnTlApiUpdatesDifferenceEmpty *e = NEW (ctx->arena, CvnTlApiUpdatesDifferenceEmpty,
                                               CVN_TL_API_UPDATES_DIFFERENCE_EMPTY_CTOR);
      e->date = cvn_sandbox_world_now (ctx->world);
      e->seq = 0;
      result->object = &e->parent;
      return TRUE;
    }
  for (guint i = 0; i < user->pts_log->len; i++)
    {
      CvnSandboxLogEntry *entry = g_ptr_array_index (user->pts_log, i);
      GPtrArray *box;

      if (entry->pts <= req->pts)
        continue;
      box = entry->chat_id != 0 ? cvn_sandbox_world_get_chat (ctx->world, entry->chat_id)->messages
                                : ctx->world->private_messages;
      for (guint k = 0; k < box->len; k++)
        {
          CvnSandboxMessage *m = g_ptr_array_index (box, k);

          if (m->id == entry->msg_id && (entry->chat_id != 0 || m->box == user->id))
            {
              g_ptr_array_add (messages, cvn_sandbox_tl_message (ctx->world, ctx->arena, m, user->id));
              cvn_sandbox_collect_peer (user_ids, chat_ids, &m->from);
              cvn_sandbox_collect_peer (user_ids, chat_ids, &m->peer);
              break;
            }
        }
    }
  d = NEW (ctx->arena, CvnTlApiUpdatesDifference, CVN_TL_API_UPDATES_DIFFERENCE_CTOR);
  d->new_messages = cvn_sandbox_tl_objects (ctx->arena, messages);
  d->new_encrypted_messages = cvn_tl_vector_new (ctx->arena, CVN_TL_KIND_OBJECT, 0);
  d->other_updates = cvn_sandbox_tl_objects (ctx->arena, other);
  cvn_sandbox_tl_users_chats (ctx->world, ctx->arena, user_ids, chat_ids, user->id, &d->users, &d->chats);
  d->state = updates_state (ctx);
  result->object = &d->parent;
  return TRUE;
}

/* --- table ---------------------------------------------------------------------------------------- */

#define METHOD(NAME, fn, T) \
  case CVN_TL_API_##NAME##_ID: \
    return fn (ctx, (const T *) request, result, error)

gboolean
cvn_sandbox_account_dispatch (CvnSandboxCtx     *ctx,
                              const CvnTlObject *request,
                              CvnTlValue        *result,
                              gboolean          *handled,
                              GError           **error)
{
  *handled = TRUE;
  switch (request->ctor->id)
    {
    case CVN_TL_API_HELP_GET_CONFIG_ID:
      return get_config (ctx, result);
    case CVN_TL_API_HELP_GET_NEAREST_DC_ID:
      return get_nearest_dc (ctx, result);
    METHOD (AUTH_SEND_CODE, send_code, CvnTlApiAuthSendCode);
    METHOD (AUTH_RESEND_CODE, resend_code, CvnTlApiAuthResendCode);
    METHOD (AUTH_CANCEL_CODE, cancel_code, CvnTlApiAuthCancelCode);
    METHOD (AUTH_SIGN_IN, sign_in, CvnTlApiAuthSignIn);
    METHOD (AUTH_SIGN_UP, sign_up, CvnTlApiAuthSignUp);
    case CVN_TL_API_AUTH_LOG_OUT_ID:
      return log_out (ctx, result);
    case CVN_TL_API_ACCOUNT_GET_PASSWORD_ID:
      return get_password (ctx, result, error);
    METHOD (AUTH_CHECK_PASSWORD, check_password, CvnTlApiAuthCheckPassword);
    case CVN_TL_API_AUTH_EXPORT_LOGIN_TOKEN_ID:
      return export_login_token (ctx, result);
    METHOD (AUTH_ACCEPT_LOGIN_TOKEN, accept_login_token, CvnTlApiAuthAcceptLoginToken);
    METHOD (AUTH_IMPORT_LOGIN_TOKEN, import_login_token, CvnTlApiAuthImportLoginToken);
    METHOD (USERS_GET_USERS, get_users, CvnTlApiUsersGetUsers);
    METHOD (USERS_GET_FULL_USER, get_full_user, CvnTlApiUsersGetFullUser);
    METHOD (CONTACTS_RESOLVE_USERNAME, resolve_username, CvnTlApiContactsResolveUsername);
    METHOD (MESSAGES_GET_DIALOGS, get_dialogs, CvnTlApiMessagesGetDialogs);
    METHOD (MESSAGES_GET_PEER_DIALOGS, get_peer_dialogs, CvnTlApiMessagesGetPeerDialogs);
    METHOD (MESSAGES_GET_HISTORY, get_history, CvnTlApiMessagesGetHistory);
    METHOD (MESSAGES_GET_FULL_CHAT, get_full_chat, CvnTlApiMessagesGetFullChat);
    METHOD (CHANNELS_GET_FULL_CHANNEL, get_full_channel, CvnTlApiChannelsGetFullChannel);
    case CVN_TL_API_UPDATES_GET_STATE_ID:
      result->kind = CVN_TL_KIND_OBJECT;
      result->object = updates_state (ctx);
      return TRUE;
    METHOD (UPDATES_GET_DIFFERENCE, get_difference, CvnTlApiUpdatesGetDifference);
    default:
      *handled = FALSE;
      return FALSE;
    }
}
