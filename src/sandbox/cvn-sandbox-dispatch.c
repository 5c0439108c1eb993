/* cvn-sandbox-dispatch.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-sandbox-dispatch.h"
#include "cvn-sandbox-private.h"

#include <string.h>

#define IS(obj, NAME) ((obj) != NULL && (obj)->ctor->id == CVN_TL_API_##NAME##_ID)

gboolean
cvn_sandbox_resolve_input_peer (CvnSandboxCtx     *ctx,
                                const CvnTlObject *input,
                                CvnSandboxPeer    *peer,
                                GError           **error)
{
  peer->type = CVN_SANDBOX_PEER_NONE;
  peer->id = 0;
  if (IS (input, INPUT_PEER_SELF))
    {
      peer->type = CVN_SANDBOX_PEER_USER;
      peer->id = ctx->user_id;
      return TRUE;
    }
  if (IS (input, INPUT_PEER_USER))
    {
      const CvnTlApiInputPeerUser *in = (gconstpointer) input;
      CvnSandboxUser *user = cvn_sandbox_world_get_user (ctx->world, in->user_id);

      if (user != NULL && (user->access_hash == in->access_hash || user->id == ctx->user_id))
        {
          peer->type = CVN_SANDBOX_PEER_USER;
          peer->id = user->id;
          return TRUE;
        }
    }
  else if (IS (input, INPUT_PEER_CHAT))
    {
      const CvnTlApiInputPeerChat *in = (gconstpointer) input;
      CvnSandboxChat *chat = cvn_sandbox_world_get_chat (ctx->world, in->chat_id);

      if (chat != NULL && chat->kind == CVN_SANDBOX_CHAT_GROUP)
        {
          peer->type = CVN_SANDBOX_PEER_CHAT;
          peer->id = chat->id;
          return TRUE;
        }
    }
  else if (IS (input, INPUT_PEER_CHANNEL))
    {
      const CvnTlApiInputPeerChannel *in = (gconstpointer) input;
      CvnSandboxChat *chat = cvn_sandbox_world_get_chat (ctx->world, in->channel_id);

      if (chat != NULL && chat->kind != CVN_SANDBOX_CHAT_GROUP && chat->access_hash == in->access_hash)
        {
          peer->type = CVN_SANDBOX_PEER_CHANNEL;
          peer->id = chat->id;
          return TRUE;
        }
    }
  return cvn_sandbox_rpc_fail (error, 400, "PEER_ID_INVALID");
}

gboolean
cvn_sandbox_resolve_input_user (CvnSandboxCtx     *ctx,
                                const CvnTlObject *input,
                                CvnSandboxUser   **user_out,
                                GError           **error)
{
  CvnSandboxUser *user = NULL;

  if (IS (input, INPUT_USER_SELF))
    user = ctx->user;
  else if (IS (input, INPUT_USER))
    {
      const CvnTlApiInputUser *in = (gconstpointer) input;

      user = cvn_sandbox_world_get_user (ctx->world, in->user_id);
      if (user != NULL && user->access_hash != in->access_hash && user->id != ctx->user_id)
        user = NULL;
    }
  else if (IS (input, INPUT_PEER_USER) || IS (input, INPUT_PEER_SELF))
    {
      CvnSandboxPeer peer;

      if (cvn_sandbox_resolve_input_peer (ctx, input, &peer, NULL))
        user = cvn_sandbox_world_get_user (ctx->world, peer.id);
    }
  if (user == NULL)
    return cvn_sandbox_rpc_fail (error, 400, "USER_ID_INVALID");
  *user_out = user;
  return TRUE;
}

/* Methods a session may call before it has logged in. */
static gboolean
allowed_unauthorized (guint32 id)
{
  switch (id)
    {
    case CVN_TL_API_HELP_GET_CONFIG_ID:
    case CVN_TL_API_HELP_GET_NEAREST_DC_ID:
    case CVN_TL_API_AUTH_SEND_CODE_ID:
    case CVN_TL_API_AUTH_RESEND_CODE_ID:
    case CVN_TL_API_AUTH_CANCEL_CODE_ID:
    case CVN_TL_API_AUTH_SIGN_IN_ID:
    case CVN_TL_API_AUTH_SIGN_UP_ID:
    case CVN_TL_API_AUTH_CHECK_PASSWORD_ID:
    case CVN_TL_API_ACCOUNT_GET_PASSWORD_ID:
    case CVN_TL_API_AUTH_EXPORT_LOGIN_TOKEN_ID:
    case CVN_TL_API_AUTH_IMPORT_LOGIN_TOKEN_ID:
    case CVN_TL_API_UPDATES_GET_STATE_ID:
      return TRUE;
    default:
      return FALSE;
    }
}

gboolean
cvn_sandbox_dispatch (CvnSandboxWorld   *world,
                      CvnSandboxSession *session,
                      const CvnTlObject *request,
                      CvnTlArena        *arena,
                      CvnTlValue        *result,
                      GError           **rpc_error)
{
  CvnSandboxCtx ctx = { 0 };
  gboolean handled = FALSE;
  gboolean ok;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (world), FALSE);
  g_return_val_if_fail (CVN_IS_SANDBOX_SESSION (session), FALSE);
  g_return_val_if_fail (arena != NULL && result != NULL, FALSE);

  memset (result, 0, sizeof *result);

  /* wrappers carrying the real query */
  for (guint depth = 0; request != NULL && depth < 8; depth++)
    {
      if (IS (request, INVOKE_WITH_LAYER))
        request = ((const CvnTlApiInvokeWithLayer *) request)->query;
      else if (IS (request, INIT_CONNECTION))
        request = ((const CvnTlApiInitConnection *) request)->query;
      else if (IS (request, INVOKE_WITHOUT_UPDATES))
        request = ((const CvnTlApiInvokeWithoutUpdates *) request)->query;
      else
        break;
    }

  if (request == NULL || request->ctor == NULL || !request->ctor->is_method ||
      request->ctor->schema != CVN_TL_SCHEMA_API)
    {
      world->n_rejected++;
      return cvn_sandbox_rpc_fail (rpc_error, 400, "INPUT_METHOD_INVALID");
    }

  ctx.world = world;
  ctx.session = session;
  ctx.arena = arena;
  ctx.user_id = cvn_sandbox_session_get_user_id (session);
  ctx.user = ctx.user_id != 0 ? cvn_sandbox_world_get_user (world, ctx.user_id) : NULL;
  if (ctx.user == NULL)
    ctx.user_id = 0;

  if (ctx.user == NULL && !allowed_unauthorized (request->ctor->id))
    {
      world->n_rejected++;
      return cvn_sandbox_rpc_fail (rpc_error, 401, "AUTH_KEY_UNREGISTERED");
    }

  ok = cvn_sandbox_calls_dispatch (&ctx, request, result, &handled, &error);
  if (!handled)
    ok = cvn_sandbox_account_dispatch (&ctx, request, result, &handled, &error);
  if (!handled)
    {
      g_debug ("sandbox: %s is not implemented", request->ctor->name);
      world->n_rejected++;
      return cvn_sandbox_rpc_fail (rpc_error, 400, "METHOD_NOT_SUPPORTED");
    }
  if (!ok)
    {
      if (error == NULL)
        g_set_error_literal (&error, CVN_SANDBOX_RPC_ERROR, 500, "INTERNAL");
      g_debug ("sandbox: %s -> %d %s", request->ctor->name, error->code, error->message);
      world->n_rejected++;
      g_propagate_error (rpc_error, g_steal_pointer (&error));
      return FALSE;
    }
  cvn_sandbox_world_changed (world);
  return TRUE;
}

GBytes *
cvn_sandbox_encode_result (const CvnTlValue *result,
                           GError          **error)
{
  CvnTlWriter writer;

  g_return_val_if_fail (result != NULL, NULL);

  cvn_tl_writer_init (&writer);
  switch (result->kind)
    {
    case CVN_TL_KIND_OBJECT:
      if (!cvn_tl_writer_put_object (&writer, result->object, error))
        {
          cvn_tl_writer_clear (&writer);
          return NULL;
        }
      break;
    case CVN_TL_KIND_BOOL:
      cvn_tl_writer_put_int (&writer, (gint32) (result->b ? CVN_TL_BOOL_TRUE_ID : CVN_TL_BOOL_FALSE_ID));
      break;
    case CVN_TL_KIND_VECTOR:
      cvn_tl_writer_put_int (&writer, (gint32) CVN_TL_VECTOR_ID);
      cvn_tl_writer_put_int (&writer, (gint32) result->vector->len);
      for (guint i = 0; i < result->vector->len; i++)
        {
          switch (result->elem_kind)
            {
            case CVN_TL_KIND_INT:
              cvn_tl_writer_put_int (&writer, result->vector->ints[i]);
              break;
            case CVN_TL_KIND_LONG:
              cvn_tl_writer_put_long (&writer, result->vector->longs[i]);
              break;
            case CVN_TL_KIND_OBJECT:
              if (!cvn_tl_writer_put_object (&writer, result->vector->objects[i], error))
                {
                  cvn_tl_writer_clear (&writer);
                  return NULL;
                }
              break;
            default:
              cvn_tl_writer_clear (&writer);
              g_set_error (error, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_FAILED,
                           "cannot encode a vector of kind %d", result->elem_kind);
              return NULL;
            }
        }
      break;
    default:
      cvn_tl_writer_clear (&writer);
      g_set_error (error, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_FAILED,
                   "cannot encode a result of kind %d", result->kind);
      return NULL;
    }
  return cvn_tl_writer_free_to_bytes (&writer);
}
