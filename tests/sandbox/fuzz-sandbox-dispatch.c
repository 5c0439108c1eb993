/* fuzz-sandbox-dispatch.c: random requests to the sandbox's dispatcher.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: one byte choosing the session (bit 0: Ada or Brian; bit 1: logged out), then one
 * boxed TL object.  Anything that decodes as a method of the api schema is dispatched to
 * the default world (seed 42, fake clock, rebuilt every 2000 inputs); the answer, result
 * or rpc_error, must come back and a result must encode.  The committed seeds
 * (corpus-dispatch/) are valid requests naming the world's real calls and chats, which
 * mutation turns into the near-misses that matter.
 */
#include "config.h"

#include "cvn-sandbox-dispatch.h"
#include "cvn-sandbox-error.h"

#include <stdint.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

static CvnClock *clock_;
static CvnSandboxWorld *world;
static CvnSandboxSession *sessions[2];
static guint runs;

static void
rebuild (void)
{
  g_clear_object (&world);
  if (clock_ == NULL)
    clock_ = cvn_clock_new_fake ();
  world = cvn_sandbox_world_new (clock_, 42);
  cvn_sandbox_world_load_default (world);
  sessions[0] = cvn_sandbox_world_open_session (world);
  sessions[1] = cvn_sandbox_world_open_session (world);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(CvnTlArena) arena = NULL;
  g_autoptr(GError) error = NULL;
  CvnSandboxSession *session;
  CvnTlObject *request;
  CvnTlValue result;

  if (size < 5)
    return 0;
  if (world == NULL || ++runs % 2000 == 0)
    rebuild ();
  session = sessions[data[0] & 1];
  cvn_sandbox_session_set_user_id (session, (data[0] & 2) ? 0 : (data[0] & 1) ? 1002 : 1001);
  arena = cvn_tl_arena_new ();
  request = cvn_tl_decode (data + 1, size - 1, arena, NULL);
  if (request == NULL || !request->ctor->is_method)
    return 0;
  if (cvn_sandbox_dispatch (world, session, request, arena, &result, &error))
    {
      g_autoptr(GBytes) bytes = cvn_sandbox_encode_result (&result, &error);

      if (bytes == NULL)
        g_error ("%s: a result that does not encode: %s", request->ctor->name, error->message);
    }
  else if (error == NULL || error->domain != CVN_SANDBOX_RPC_ERROR)
    g_error ("%s: no rpc_error", request->ctor->name);
  /* updates pushed to the sessions are not read here: keep the queues short */
  for (guint i = 0; i < 2; i++)
    {
      GBytes *bytes;

      while ((bytes = cvn_sandbox_session_pop_update (sessions[i])) != NULL)
        g_bytes_unref (bytes);
    }
  cvn_clock_advance (clock_, 100);
  return 0;
}
