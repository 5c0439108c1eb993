/* test-sandbox-dispatch.c: the sandbox's API semantics, driven in-process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Requests are written in the TL layer's JSON form, dispatched for a session, and every
 * result is encoded and decoded again against the method's result type, so a result the
 * wire could not carry fails the test.
 */
#include "config.h"

#include "cvn-sandbox-dispatch.h"
#include "cvn-sandbox-private.h"

#include "cvn-rtc-answer.h"
#include "cvn-srp.h"
#include "cvn-tl-json.h"

#include <glib/gstdio.h>
#include <string.h>

#define LOUNGE 1000000001
#define BOOK_CLUB 5001
#define RADIO 1000000002
#define BIG_STAGE 1000000003

/* Strings made by the JSON helpers live until the end of the test. */
static GPtrArray *test_strings;

typedef struct
{
  CvnClock          *clock;
  CvnSandboxWorld   *world;
  CvnSandboxSession *ada;     /* 1001 */
  CvnSandboxSession *ada2;    /* 1001, a second session */
  CvnSandboxSession *brian;   /* 1002 */
  CvnSandboxSession *cleo;    /* 1003 */
  CvnTlArena        *arena;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  f->clock = cvn_clock_new_fake ();
  f->world = cvn_sandbox_world_new (f->clock, 42);
  cvn_sandbox_world_load_default (f->world);
  f->ada = cvn_sandbox_world_open_session (f->world);
  f->ada2 = cvn_sandbox_world_open_session (f->world);
  f->brian = cvn_sandbox_world_open_session (f->world);
  f->cleo = cvn_sandbox_world_open_session (f->world);
  cvn_sandbox_session_set_user_id (f->ada, 1001);
  cvn_sandbox_session_set_user_id (f->ada2, 1001);
  cvn_sandbox_session_set_user_id (f->brian, 1002);
  cvn_sandbox_session_set_user_id (f->cleo, 1003);
  f->arena = cvn_tl_arena_new ();
  test_strings = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  cvn_tl_arena_free (f->arena);
  g_clear_pointer (&test_strings, g_ptr_array_unref);
  g_clear_object (&f->world);
  g_clear_object (&f->clock);
}

static CvnTlObject *
req (Fixture    *f,
     const char *format,
     ...) G_GNUC_PRINTF (2, 3);

static CvnTlObject *
req (Fixture    *f,
     const char *format,
     ...)
{
  g_autofree char *json = NULL;
  g_autoptr(GError) error = NULL;
  CvnTlObject *object;
  va_list args;

  va_start (args, format);
  json = g_strdup_vprintf (format, args);
  va_end (args);
  object = cvn_tl_object_from_json (json, -1, CVN_TL_SCHEMA_API, f->arena, &error);
  if (object == NULL)
    g_error ("bad test request %s: %s", json, error->message);
  return object;
}

static CvnTlValue
ok (Fixture           *f,
    CvnSandboxSession *session,
    CvnTlObject       *request)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  CvnTlValue value, decoded;
  gsize len;
  const guint8 *data;

  if (!cvn_sandbox_dispatch (f->world, session, request, f->arena, &value, &error))
    g_error ("%s failed: %d %s", request->ctor->name, error->code, error->message);
  bytes = cvn_sandbox_encode_result (&value, &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &len);
  g_assert_true (cvn_tl_decode_result (request, data, len, f->arena, &decoded, &error));
  g_assert_no_error (error);
  return value;
}

static void
fails (Fixture           *f,
       CvnSandboxSession *session,
       CvnTlObject       *request,
       gint               code,
       const char        *type)
{
  g_autoptr(GError) error = NULL;
  CvnTlValue value;

  g_assert_false (cvn_sandbox_dispatch (f->world, session, request, f->arena, &value, &error));
  g_assert_error (error, CVN_SANDBOX_RPC_ERROR, code);
  g_assert_cmpstr (error->message, ==, type);
}

static char *
keep (char *string)
{
  g_ptr_array_add (test_strings, string);
  return string;
}

static char *
call_json (CvnSandboxCall *call)
{
  return keep (g_strdup_printf ("{\"_\":\"inputGroupCall\",\"id\":\"%" G_GINT64_FORMAT "\",\"access_hash\":\"%" G_GINT64_FORMAT "\"}",
                          call->id, call->access_hash));
}

static char *
peer_json (Fixture *f,
           gint64   chat_id)
{
  CvnSandboxChat *chat = cvn_sandbox_world_get_chat (f->world, chat_id);

  if (chat->kind == CVN_SANDBOX_CHAT_GROUP)
    return keep (g_strdup_printf ("{\"_\":\"inputPeerChat\",\"chat_id\":\"%" G_GINT64_FORMAT "\"}", chat_id));
  return keep (g_strdup_printf ("{\"_\":\"inputPeerChannel\",\"channel_id\":\"%" G_GINT64_FORMAT "\",\"access_hash\":\"%" G_GINT64_FORMAT "\"}",
                          chat_id, chat->access_hash));
}

/* A join payload as DataJSON (escaped for embedding). */
static char *
payload_json (guint32 ssrc,
              gboolean video)
{
  g_autofree char *groups = NULL;

  if (video)
    groups = g_strdup_printf (",\\\"ssrc-groups\\\":[{\\\"semantics\\\":\\\"SIM\\\",\\\"sources\\\":[%u,%u,%u]},"
                              "{\\\"semantics\\\":\\\"FID\\\",\\\"sources\\\":[%u,%u]}]",
                              ssrc + 1, ssrc + 3, ssrc + 5, ssrc + 1, ssrc + 2);
  return keep (g_strdup_printf ("{\"_\":\"dataJSON\",\"data\":\"{\\\"ssrc\\\":%u,\\\"ufrag\\\":\\\"Ufr4\\\","
                          "\\\"pwd\\\":\\\"secretsecretsecretsecret\\\",\\\"fingerprints\\\":[{\\\"hash\\\":\\\"sha-256\\\","
                          "\\\"fingerprint\\\":\\\"AA:BB:CC\\\",\\\"setup\\\":\\\"active\\\"}]%s}\"}",
                          ssrc, groups != NULL ? groups : ""));
}

static CvnSandboxCall *
lounge_call (Fixture *f)
{
  return cvn_sandbox_world_get_call (f->world, cvn_sandbox_world_find_call (f->world, LOUNGE));
}

static CvnTlApiUpdates *
as_updates (CvnTlValue value)
{
  g_assert_cmpint (value.kind, ==, CVN_TL_KIND_OBJECT);
  g_assert_cmphex (value.object->ctor->id, ==, CVN_TL_API_UPDATES_ID);
  return (CvnTlApiUpdates *) value.object;
}

static CvnTlObject *
find_update (CvnTlApiUpdates *updates,
             guint32          id)
{
  for (guint i = 0; i < updates->updates->len; i++)
    if (updates->updates->objects[i]->ctor->id == id)
      return updates->updates->objects[i];
  return NULL;
}

/* Decodes the oldest update pushed to @session (NULL if none). */
static CvnTlApiUpdates *
pushed (Fixture           *f,
        CvnSandboxSession *session)
{
  g_autoptr(GBytes) bytes = cvn_sandbox_session_pop_update (session);
  g_autoptr(GError) error = NULL;
  CvnTlObject *object;
  gsize len;
  const guint8 *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  object = cvn_tl_decode (data, len, f->arena, &error);
  g_assert_no_error (error);
  return (CvnTlApiUpdates *) object;
}

static void
drain (CvnSandboxSession *session)
{
  GBytes *bytes;

  while ((bytes = cvn_sandbox_session_pop_update (session)) != NULL)
    g_bytes_unref (bytes);
}

static void
drain_all (Fixture *f)
{
  drain (f->ada);
  drain (f->ada2);
  drain (f->brian);
  drain (f->cleo);
}

/* --- the default world ---------------------------------------------------------------------- */

static void
test_default_world (Fixture       *f,
                    gconstpointer  data)
{
  CvnSandboxCall *lounge = lounge_call (f);
  CvnSandboxCall *book = cvn_sandbox_world_get_call (f->world, cvn_sandbox_world_find_call (f->world, BOOK_CLUB));
  CvnSandboxCall *radio = cvn_sandbox_world_get_call (f->world, cvn_sandbox_world_find_call (f->world, RADIO));
  CvnSandboxCall *stage = cvn_sandbox_world_get_call (f->world, cvn_sandbox_world_find_call (f->world, BIG_STAGE));
  g_autofree char *accounts = cvn_sandbox_world_describe_accounts (f->world);

  g_assert_nonnull (lounge);
  g_assert_cmpuint (lounge->participants->len, ==, 8);
  g_assert_cmpint (cvn_sandbox_call_unmuted_video_count (lounge), ==, 3);
  g_assert_nonnull (book);
  g_assert_cmpint (book->schedule_date, ==, cvn_sandbox_world_now (f->world) + 300);
  g_assert_true (radio->rtmp_stream);
  g_assert_cmpuint (stage->participants->len, ==, 5001);
  g_assert_true (strstr (accounts, "+9996610001  code 11111") != NULL);
  g_assert_true (strstr (accounts, "two-step verification") != NULL);
}

/* --- getGroupCall / getGroupParticipants: the seed's A..E example ----------------------------------- */

static void
test_pagination_seed (Fixture       *f,
                      gconstpointer  data)
{
  char *peer = peer_json (f, BOOK_CLUB);
  char *call = NULL;
  CvnSandboxCall *c;
  CvnTlApiPhoneGroupCall *gc;
  CvnTlApiPhoneGroupParticipants *gp;
  CvnTlValue v;
  char *offset;

  /* a fresh unscheduled call in Book Club (replacing the scheduled one), A..E join */
  ok (f, f->ada, req (f, "{\"_\":\"phone.createGroupCall\",\"peer\":%s,\"random_id\":7}", peer));
  c = cvn_sandbox_world_get_call (f->world, cvn_sandbox_world_find_call (f->world, BOOK_CLUB));
  for (int i = 0; i < 5; i++)
    g_assert_true (cvn_sandbox_world_sim_join (f->world, c->id, 0, FALSE, NULL));
  call = call_json (c);

  v = ok (f, f->ada, req (f, "{\"_\":\"phone.getGroupCall\",\"call\":%s,\"limit\":1}", call));
  gc = (CvnTlApiPhoneGroupCall *) v.object;
  g_assert_cmpuint (gc->participants->len, ==, 3);   /* A, B, C */
  g_assert_cmpint (((CvnTlApiGroupCall *) gc->call)->participants_count, ==, 5);
  for (guint i = 0; i < 3; i++)
    g_assert_cmpint (((CvnTlApiPeerUser *) ((CvnTlApiGroupCallParticipant *) gc->participants->objects[i])->peer)->user_id,
                     ==, ((CvnSandboxParticipant *) g_ptr_array_index (c->participants, i))->peer.id);
  offset = g_strdup (gc->participants_next_offset.str);

  v = ok (f, f->ada, req (f, "{\"_\":\"phone.getGroupParticipants\",\"call\":%s,\"ids\":[],\"sources\":[],"
                             "\"offset\":\"%s\",\"limit\":10}", call, offset));
  gp = (CvnTlApiPhoneGroupParticipants *) v.object;
  g_assert_cmpuint (gp->participants->len, ==, 4);   /* B, C, D, E */
  for (guint i = 0; i < 4; i++)
    g_assert_cmpint (((CvnTlApiPeerUser *) ((CvnTlApiGroupCallParticipant *) gp->participants->objects[i])->peer)->user_id,
                     ==, ((CvnSandboxParticipant *) g_ptr_array_index (c->participants, i + 1))->peer.id);
  g_assert_cmpstr (gp->next_offset.str, ==, "");
  g_assert_cmpint (gp->count, ==, 5);
  g_assert_cmpint (gp->version, ==, c->version);
  g_free (offset);

  /* getGroupParticipants' limit is a real limit; pages chain; the end has an empty offset */
  v = ok (f, f->ada, req (f, "{\"_\":\"phone.getGroupParticipants\",\"call\":%s,\"ids\":[],\"sources\":[],"
                             "\"offset\":\"\",\"limit\":2}", call));
  gp = (CvnTlApiPhoneGroupParticipants *) v.object;
  g_assert_cmpuint (gp->participants->len, ==, 2);
  g_assert_cmpstr (gp->next_offset.str, !=, "");
  offset = g_strdup (gp->next_offset.str);
  v = ok (f, f->ada, req (f, "{\"_\":\"phone.getGroupParticipants\",\"call\":%s,\"ids\":[],\"sources\":[],"
                             "\"offset\":\"%s\",\"limit\":2}", call, offset));
  g_free (offset);
  gp = (CvnTlApiPhoneGroupParticipants *) v.object;
  g_assert_cmpuint (gp->participants->len, ==, 2);
  offset = g_strdup (gp->next_offset.str);
  v = ok (f, f->ada, req (f, "{\"_\":\"phone.getGroupParticipants\",\"call\":%s,\"ids\":[],\"sources\":[],"
                             "\"offset\":\"%s\",\"limit\":2}", call, offset));
  g_free (offset);
  gp = (CvnTlApiPhoneGroupParticipants *) v.object;
  g_assert_cmpuint (gp->participants->len, ==, 1);
  g_assert_cmpstr (gp->next_offset.str, ==, "");

  /* limit above the count: all, offset at the last one */
  v = ok (f, f->ada, req (f, "{\"_\":\"phone.getGroupCall\",\"call\":%s,\"limit\":50}", call));
  gc = (CvnTlApiPhoneGroupCall *) v.object;
  g_assert_cmpuint (gc->participants->len, ==, 5);
  v = ok (f, f->ada, req (f, "{\"_\":\"phone.getGroupParticipants\",\"call\":%s,\"ids\":[],\"sources\":[],"
                             "\"offset\":\"%s\",\"limit\":10}", call, gc->participants_next_offset.str));
  g_assert_cmpuint (((CvnTlApiPhoneGroupParticipants *) v.object)->participants->len, ==, 0);

  /* by source */
  v = ok (f, f->ada, req (f, "{\"_\":\"phone.getGroupParticipants\",\"call\":%s,\"ids\":[],\"sources\":[%d],"
                             "\"offset\":\"\",\"limit\":10}", call,
                          (gint32) ((CvnSandboxParticipant *) g_ptr_array_index (c->participants, 3))->source));
  gp = (CvnTlApiPhoneGroupParticipants *) v.object;
  g_assert_cmpuint (gp->participants->len, ==, 1);
  g_assert_cmpstr (gp->next_offset.str, ==, "");
}

static void
test_pagination_at_scale (Fixture       *f,
                          gconstpointer  data)
{
  CvnSandboxCall *stage = cvn_sandbox_world_get_call (f->world, cvn_sandbox_world_find_call (f->world, BIG_STAGE));
  char *call = call_json (stage);
  g_autofree char *offset = g_strdup ("");
  guint total = 0, pages = 0;

  for (;;)
    {
      CvnTlValue v = ok (f, f->ada, req (f, "{\"_\":\"phone.getGroupParticipants\",\"call\":%s,\"ids\":[],"
                                            "\"sources\":[],\"offset\":\"%s\",\"limit\":100}", call, offset));
      CvnTlApiPhoneGroupParticipants *gp = (CvnTlApiPhoneGroupParticipants *) v.object;

      total += gp->participants->len;
      pages++;
      g_free (offset);
      offset = g_strdup (gp->next_offset.str);
      cvn_tl_arena_reset (f->arena);
      if (offset[0] == '\0')
        break;
      g_assert_cmpuint (pages, <, 100);
    }
  g_assert_cmpuint (total, ==, 5001);
  g_assert_cmpuint (pages, ==, 51);
}

/* --- createGroupCall, scheduling, start ------------------------------------------------------------------ */

static void
test_schedule (Fixture       *f,
               gconstpointer  data)
{
  char *peer = peer_json (f, BOOK_CLUB);
  gint32 now = cvn_sandbox_world_now (f->world);
  CvnSandboxCall *old = cvn_sandbox_world_get_call (f->world, cvn_sandbox_world_find_call (f->world, BOOK_CLUB));
  CvnSandboxCall *c;
  char *call = NULL;
  CvnTlApiUpdates *u;
  CvnTlApiUpdateGroupCall *ugc;
  gint64 first;

  fails (f, f->ada, req (f, "{\"_\":\"phone.createGroupCall\",\"peer\":%s,\"random_id\":1,\"schedule_date\":%d}",
                         peer, now + 9), 400, "SCHEDULE_DATE_INVALID");
  fails (f, f->ada, req (f, "{\"_\":\"phone.createGroupCall\",\"peer\":%s,\"random_id\":1,\"schedule_date\":%d}",
                         peer, now + 8 * 86400 + 1), 400, "SCHEDULE_DATE_INVALID");
  fails (f, f->ada, req (f, "{\"_\":\"phone.createGroupCall\",\"peer\":%s,\"random_id\":1,\"schedule_date\":%d}",
                         peer, now - 100), 400, "SCHEDULE_DATE_INVALID");
  /* not an admin; RTMP only for the owner */
  fails (f, f->cleo, req (f, "{\"_\":\"phone.createGroupCall\",\"peer\":%s,\"random_id\":1}", peer),
         400, "CHAT_ADMIN_REQUIRED");
  fails (f, f->brian, req (f, "{\"_\":\"phone.createGroupCall\",\"rtmp_stream\":true,\"peer\":%s,\"random_id\":1}", peer),
         400, "CHAT_ADMIN_REQUIRED");
  fails (f, f->ada, req (f, "{\"_\":\"phone.createGroupCall\",\"peer\":{\"_\":\"inputPeerChat\",\"chat_id\":\"999\"},"
                            "\"random_id\":1}"), 400, "PEER_ID_INVALID");
  g_assert_false (old->discarded);

  u = as_updates (ok (f, f->ada, req (f, "{\"_\":\"phone.createGroupCall\",\"peer\":%s,\"random_id\":1,"
                                         "\"schedule_date\":%d}", peer, now + 10)));
  ugc = (CvnTlApiUpdateGroupCall *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_ID);
  g_assert_nonnull (ugc);
  g_assert_cmpint (((CvnTlApiGroupCall *) ugc->call)->schedule_date, ==, now + 10);
  g_assert_cmpstr (((CvnTlApiGroupCall *) ugc->call)->title.str, ==, NULL);  /* the chat's name */
  g_assert_nonnull (find_update (u, CVN_TL_API_UPDATE_NEW_MESSAGE_ID));
  first = ((CvnTlApiGroupCall *) ugc->call)->id;
  /* one call per peer: the old one ended */
  g_assert_true (old->discarded);
  /* the same random_id: the same call */
  u = as_updates (ok (f, f->ada, req (f, "{\"_\":\"phone.createGroupCall\",\"peer\":%s,\"random_id\":1,"
                                         "\"schedule_date\":%d}", peer, now + 10)));
  ugc = (CvnTlApiUpdateGroupCall *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_ID);
  g_assert_cmpint (((CvnTlApiGroupCall *) ugc->call)->id, ==, first);
  /* 8 days is the upper bound, inclusive */
  ok (f, f->ada, req (f, "{\"_\":\"phone.createGroupCall\",\"peer\":%s,\"random_id\":2,\"title\":\"Later\","
                         "\"schedule_date\":%d}", peer, now + 8 * 86400));
  c = cvn_sandbox_world_get_call (f->world, cvn_sandbox_world_find_call (f->world, BOOK_CLUB));
  g_assert_cmpint (c->id, !=, first);
  g_assert_cmpstr (c->title, ==, "Later");
  call = call_json (c);

  /* subscription before the start, not after */
  u = as_updates (ok (f, f->cleo, req (f, "{\"_\":\"phone.toggleGroupCallStartSubscription\",\"call\":%s,"
                                          "\"subscribed\":true}", call)));
  ugc = (CvnTlApiUpdateGroupCall *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_ID);
  g_assert_true (((CvnTlApiGroupCall *) ugc->call)->schedule_start_subscribed);
  fails (f, f->cleo, req (f, "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":{\"_\":\"inputPeerSelf\"},"
                             "\"params\":%s}", call, payload_json (1234, FALSE)), 400, "GROUPCALL_INVALID");
  fails (f, f->cleo, req (f, "{\"_\":\"phone.startScheduledGroupCall\",\"call\":%s}", call), 400, "CHAT_ADMIN_REQUIRED");
  drain_all (f);
  u = as_updates (ok (f, f->brian, req (f, "{\"_\":\"phone.startScheduledGroupCall\",\"call\":%s}", call)));
  /* Cleo subscribed: a message from 777000, after the updateGroupCall of the chat */
  {
    CvnTlApiUpdates *pushed_call = pushed (f, f->cleo);
    CvnTlApiUpdates *notice = pushed (f, f->cleo);
    CvnTlApiUpdateNewMessage *m;

    g_assert_nonnull (find_update (pushed_call, CVN_TL_API_UPDATE_GROUP_CALL_ID));
    g_assert_nonnull (notice);
    m = (CvnTlApiUpdateNewMessage *) find_update (notice, CVN_TL_API_UPDATE_NEW_MESSAGE_ID);
    g_assert_nonnull (m);
    g_assert_cmpint (((CvnTlApiPeerUser *) ((CvnTlApiMessage *) m->message)->from_id)->user_id, ==, 777000);
    /* Ada did not subscribe: only the call's update */
    g_assert_cmpuint (cvn_sandbox_session_get_n_pending (f->ada2), ==, 1);
  }
  ugc = (CvnTlApiUpdateGroupCall *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_ID);
  g_assert_false (((CvnTlApiGroupCall *) ugc->call)->flags & CVN_TL_API_GROUP_CALL_SCHEDULE_DATE_FLAG);
  fails (f, f->brian, req (f, "{\"_\":\"phone.startScheduledGroupCall\",\"call\":%s}", call), 403,
         "GROUPCALL_ALREADY_STARTED");
  fails (f, f->cleo, req (f, "{\"_\":\"phone.toggleGroupCallStartSubscription\",\"call\":%s,\"subscribed\":false}",
                          call), 403, "GROUPCALL_ALREADY_STARTED");

  /* discard: groupCallDiscarded with the duration, to everyone */
  drain_all (f);
  cvn_clock_advance (f->clock, 65 * 1000);
  u = as_updates (ok (f, f->ada, req (f, "{\"_\":\"phone.discardGroupCall\",\"call\":%s}", call)));
  ugc = (CvnTlApiUpdateGroupCall *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_ID);
  g_assert_cmphex (ugc->call->ctor->id, ==, CVN_TL_API_GROUP_CALL_DISCARDED_ID);
  g_assert_cmpint (((CvnTlApiGroupCallDiscarded *) ugc->call)->duration, ==, 65);
  u = pushed (f, f->cleo);
  g_assert_nonnull (u);
  ugc = (CvnTlApiUpdateGroupCall *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_ID);
  g_assert_cmphex (ugc->call->ctor->id, ==, CVN_TL_API_GROUP_CALL_DISCARDED_ID);
  fails (f, f->ada, req (f, "{\"_\":\"phone.discardGroupCall\",\"call\":%s}", call), 400, "GROUPCALL_ALREADY_DISCARDED");
  fails (f, f->ada, req (f, "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":{\"_\":\"inputPeerSelf\"},"
                            "\"params\":%s}", call, payload_json (1234, FALSE)), 403, "GROUPCALL_FORBIDDEN");
}

/* --- join, versions, fan-out ---------------------------------------------------------------------- */

static void
test_join (Fixture       *f,
           gconstpointer  data)
{
  CvnSandboxCall *c = lounge_call (f);
  char *call = call_json (c);
  gint32 version = c->version;
  CvnSandboxParticipant *other = g_ptr_array_index (c->participants, 0);
  CvnTlApiUpdates *u;
  CvnTlApiUpdateGroupCallParticipants *up;
  CvnTlApiUpdateGroupCallConnection *conn;
  CvnTlApiGroupCallParticipant *p;
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *answer;

  /* payload validation */
  fails (f, f->ada, req (f, "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":{\"_\":\"inputPeerSelf\"},"
                            "\"params\":{\"_\":\"dataJSON\",\"data\":\"not json\"}}", call), 400, "DATA_JSON_INVALID");
  fails (f, f->ada, req (f, "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":{\"_\":\"inputPeerSelf\"},"
                            "\"params\":{\"_\":\"dataJSON\",\"data\":\"{\\\"ssrc\\\":0,\\\"ufrag\\\":\\\"a\\\","
                            "\\\"pwd\\\":\\\"b\\\",\\\"fingerprints\\\":[{\\\"hash\\\":\\\"sha-256\\\","
                            "\\\"fingerprint\\\":\\\"AA\\\"}]}\"}}", call), 400, "DATA_JSON_INVALID");
  fails (f, f->ada, req (f, "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":{\"_\":\"inputPeerSelf\"},"
                            "\"params\":{\"_\":\"dataJSON\",\"data\":\"{\\\"ssrc\\\":5,\\\"ufrag\\\":\\\"a\\\","
                            "\\\"pwd\\\":\\\"b\\\"}\"}}", call), 400, "DATA_JSON_INVALID");
  fails (f, f->ada, req (f, "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":{\"_\":\"inputPeerSelf\"},"
                            "\"params\":{\"_\":\"dataJSON\",\"data\":\"\"}}", call), 400, "DATA_JSON_INVALID");
  fails (f, f->ada, req (f, "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":{\"_\":\"inputPeerSelf\"},"
                            "\"params\":{\"_\":\"dataJSON\",\"data\":\"[1,2]\"}}", call), 400, "DATA_JSON_INVALID");
  /* an SSRC in use */
  fails (f, f->ada, req (f, "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":{\"_\":\"inputPeerSelf\"},"
                            "\"params\":%s}", call, payload_json (other->source, FALSE)), 400, "GROUPCALL_SSRC_DUPLICATE_MUCH");
  /* join_as: a channel Ada does not own */
  {
    char *stage = peer_json (f, BIG_STAGE);
    fails (f, f->brian, req (f, "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":%s,\"params\":%s}",
                             call, peer_json (f, RADIO), payload_json (777, FALSE)), 400, "JOIN_AS_PEER_INVALID");
    (void) stage;
  }
  fails (f, f->ada, req (f, "{\"_\":\"phone.joinGroupCall\",\"call\":{\"_\":\"inputGroupCall\",\"id\":\"%" G_GINT64_FORMAT "\","
                            "\"access_hash\":\"1\"},\"join_as\":{\"_\":\"inputPeerSelf\"},\"params\":%s}",
                         c->id, payload_json (777, FALSE)), 400, "GROUPCALL_INVALID");
  g_assert_cmpint (c->version, ==, version);
  drain_all (f);

  u = as_updates (ok (f, f->ada, req (f, "{\"_\":\"phone.joinGroupCall\",\"muted\":true,\"call\":%s,"
                                         "\"join_as\":{\"_\":\"inputPeerSelf\"},\"params\":%s}",
                                      call, payload_json (1000, TRUE))));
  conn = (CvnTlApiUpdateGroupCallConnection *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_CONNECTION_ID);
  g_assert_nonnull (conn);
  g_assert_false (conn->presentation);
  g_assert_true (json_parser_load_from_data (parser, ((CvnTlApiDataJSON *) conn->params)->data.str, -1, NULL));
  answer = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (answer, "transport"));
  g_assert_true (json_object_has_member (json_object_get_object_member (answer, "transport"), "ufrag"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_object_get_object_member (answer, "transport"),
                                                                         "candidates")), >=, 1);
  g_assert_true (json_object_has_member (answer, "audio"));
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (answer, "video"), "endpoint"), !=, "");
  /* what the client's parser makes of it: RTC mode, the SFU passive to an active client */
  {
    g_autoptr(CvnRtcAnswer) parsed = cvn_rtc_answer_parse (((CvnTlApiDataJSON *) conn->params)->data.str, -1, NULL);

    g_assert_nonnull (parsed);
    g_assert_cmpint (parsed->mode, ==, CVN_RTC_ANSWER_MODE_RTC);
    g_assert_nonnull (parsed->audio);
    g_assert_cmpint (((CvnRtcFingerprint *) g_ptr_array_index (parsed->fingerprints, 0))->setup, ==, CVN_RTC_SETUP_PASSIVE);
  }
  up = (CvnTlApiUpdateGroupCallParticipants *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_PARTICIPANTS_ID);
  g_assert_nonnull (up);
  g_assert_cmpint (up->version, ==, version + 1);
  p = (CvnTlApiGroupCallParticipant *) up->participants->objects[0];
  g_assert_true (p->self);
  g_assert_true (p->just_joined);
  g_assert_true (p->versioned);
  g_assert_false (p->min);
  g_assert_true (p->muted);
  g_assert_true (p->can_self_unmute);
  g_assert_cmpint (p->source, ==, 1000);
  g_assert_nonnull (p->video);
  g_assert_cmpuint (((CvnTlApiGroupCallParticipantVideo *) p->video)->source_groups->len, ==, 2);
  g_assert_cmpuint (c->participants->len, ==, 9);

  /* fan-out: Ada's other session gets it with self, Brian with min; nobody twice */
  u = pushed (f, f->ada2);
  up = (CvnTlApiUpdateGroupCallParticipants *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_PARTICIPANTS_ID);
  g_assert_cmpint (up->version, ==, version + 1);
  g_assert_true (((CvnTlApiGroupCallParticipant *) up->participants->objects[0])->self);
  u = pushed (f, f->brian);
  up = (CvnTlApiUpdateGroupCallParticipants *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_PARTICIPANTS_ID);
  p = (CvnTlApiGroupCallParticipant *) up->participants->objects[0];
  g_assert_true (p->min);
  g_assert_false (p->self);
  g_assert_true (p->just_joined);
  g_assert_null (pushed (f, f->ada));
  g_assert_null (pushed (f, f->brian));

  /* the same SSRC again from Ada herself is a rejoin, not a duplicate */
  u = as_updates (ok (f, f->ada, req (f, "{\"_\":\"phone.joinGroupCall\",\"muted\":true,\"call\":%s,"
                                         "\"join_as\":{\"_\":\"inputPeerSelf\"},\"params\":%s}",
                                      call, payload_json (1000, FALSE))));
  up = (CvnTlApiUpdateGroupCallParticipants *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_PARTICIPANTS_ID);
  g_assert_cmpint (up->version, ==, version + 2);
  g_assert_false (((CvnTlApiGroupCallParticipant *) up->participants->objects[0])->just_joined);
  g_assert_cmpuint (c->participants->len, ==, 9);

  /* checkGroupCall: own sources only */
  {
    CvnTlValue v = ok (f, f->ada, req (f, "{\"_\":\"phone.checkGroupCall\",\"call\":%s,\"sources\":[1000,%d,42]}",
                                       call, (gint32) other->source));
    g_assert_cmpint (v.kind, ==, CVN_TL_KIND_VECTOR);
    g_assert_cmpuint (v.vector->len, ==, 1);
    g_assert_cmpint (v.vector->ints[0], ==, 1000);
    fails (f, f->cleo, req (f, "{\"_\":\"phone.checkGroupCall\",\"call\":%s,\"sources\":[1000]}", call),
           400, "GROUPCALL_JOIN_MISSING");
  }

  /* edit: unmute self, raise hand, volume bounds, admin mutes another */
  drain_all (f);
  u = as_updates (ok (f, f->ada, req (f, "{\"_\":\"phone.editGroupCallParticipant\",\"call\":%s,"
                                         "\"participant\":{\"_\":\"inputPeerSelf\"},\"muted\":false}", call)));
  up = (CvnTlApiUpdateGroupCallParticipants *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_PARTICIPANTS_ID);
  g_assert_cmpint (up->version, ==, version + 3);
  g_assert_false (((CvnTlApiGroupCallParticipant *) up->participants->objects[0])->muted);
  fails (f, f->ada, req (f, "{\"_\":\"phone.editGroupCallParticipant\",\"call\":%s,"
                            "\"participant\":{\"_\":\"inputPeerSelf\"},\"volume\":0}", call), 400, "USER_VOLUME_INVALID");
  fails (f, f->ada, req (f, "{\"_\":\"phone.editGroupCallParticipant\",\"call\":%s,"
                            "\"participant\":{\"_\":\"inputPeerSelf\"},\"volume\":20001}", call), 400, "USER_VOLUME_INVALID");
  {
    CvnSandboxUser *dana = cvn_sandbox_world_get_user (f->world, 2001);
    g_autofree char *dana_json = g_strdup_printf ("{\"_\":\"inputPeerUser\",\"user_id\":\"2001\",\"access_hash\":\"%" G_GINT64_FORMAT "\"}",
                                                  dana->access_hash);
    CvnSandboxPeer dana_peer = { CVN_SANDBOX_PEER_USER, 2001 };

    /* Brian is not an admin of the lounge: a personal mute, no new version */
    u = as_updates (ok (f, f->brian, req (f, "{\"_\":\"phone.editGroupCallParticipant\",\"call\":%s,"
                                             "\"participant\":%s,\"muted\":true}", call, dana_json)));
    up = (CvnTlApiUpdateGroupCallParticipants *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_PARTICIPANTS_ID);
    g_assert_true (((CvnTlApiGroupCallParticipant *) up->participants->objects[0])->muted_by_you);
    g_assert_cmpint (up->version, ==, version + 3);
    fails (f, f->brian, req (f, "{\"_\":\"phone.editGroupCallParticipant\",\"call\":%s,"
                                "\"participant\":%s,\"raise_hand\":true}", call, dana_json), 400, "CHAT_ADMIN_REQUIRED");
    /* Ada is: Dana is muted for everyone and cannot unmute */
    u = as_updates (ok (f, f->ada, req (f, "{\"_\":\"phone.editGroupCallParticipant\",\"call\":%s,"
                                           "\"participant\":%s,\"muted\":true}", call, dana_json)));
    up = (CvnTlApiUpdateGroupCallParticipants *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_PARTICIPANTS_ID);
    if (up == NULL) g_printerr ("%s\n", cvn_tl_object_to_json (&u->parent));
    g_assert_nonnull (up);
    g_assert_cmpint (up->version, ==, version + 4);
    g_assert_true (cvn_sandbox_call_find (c, &dana_peer)->muted);
    g_assert_false (cvn_sandbox_call_find (c, &dana_peer)->can_self_unmute);
    g_assert_false (cvn_sandbox_world_sim_speak (f->world, c->id, 2001, NULL));
  }
  u = as_updates (ok (f, f->ada, req (f, "{\"_\":\"phone.editGroupCallParticipant\",\"call\":%s,"
                                         "\"participant\":{\"_\":\"inputPeerSelf\"},\"raise_hand\":true}", call)));
  up = (CvnTlApiUpdateGroupCallParticipants *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_PARTICIPANTS_ID);
  g_assert_cmpint (((CvnTlApiGroupCallParticipant *) up->participants->objects[0])->raise_hand_rating, >, 0);
  g_assert_cmpint (up->version, ==, version + 5);

  /* screen sharing */
  u = as_updates (ok (f, f->ada, req (f, "{\"_\":\"phone.joinGroupCallPresentation\",\"call\":%s,\"params\":%s}",
                                      call, payload_json (5000, TRUE))));
  conn = (CvnTlApiUpdateGroupCallConnection *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_CONNECTION_ID);
  g_assert_true (conn->presentation);
  {
    g_autoptr(CvnRtcAnswer) parsed = cvn_rtc_answer_parse (((CvnTlApiDataJSON *) conn->params)->data.str, -1, NULL);

    g_assert_nonnull (parsed);
    g_assert_null (parsed->audio);   /* presentation answers carry no audio */
    g_assert_nonnull (parsed->video);
  }
  up = (CvnTlApiUpdateGroupCallParticipants *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_PARTICIPANTS_ID);
  g_assert_nonnull (((CvnTlApiGroupCallParticipant *) up->participants->objects[0])->presentation);
  g_assert_cmpint (up->version, ==, version + 6);
  ok (f, f->ada, req (f, "{\"_\":\"phone.leaveGroupCallPresentation\",\"call\":%s}", call));
  fails (f, f->cleo, req (f, "{\"_\":\"phone.joinGroupCallPresentation\",\"call\":%s,\"params\":%s}",
                          call, payload_json (6000, TRUE)), 403, "PARTICIPANT_JOIN_MISSING");

  /* leave: `left` to everyone, the count drops */
  drain_all (f);
  u = as_updates (ok (f, f->ada, req (f, "{\"_\":\"phone.leaveGroupCall\",\"call\":%s,\"source\":1000}", call)));
  up = (CvnTlApiUpdateGroupCallParticipants *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_PARTICIPANTS_ID);
  g_assert_true (((CvnTlApiGroupCallParticipant *) up->participants->objects[0])->left);
  g_assert_cmpint (up->version, ==, version + 8);
  u = pushed (f, f->brian);
  up = (CvnTlApiUpdateGroupCallParticipants *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_PARTICIPANTS_ID);
  g_assert_true (((CvnTlApiGroupCallParticipant *) up->participants->objects[0])->left);
  g_assert_cmpuint (c->participants->len, ==, 8);
}

static void
test_versions_and_fanout (Fixture       *f,
                          gconstpointer  data)
{
  CvnSandboxCall *c = lounge_call (f);
  char *call = call_json (c);
  CvnSandboxSession *extra[4];
  gint32 base = c->version;

  /* four more sessions of two users */
  for (guint i = 0; i < G_N_ELEMENTS (extra); i++)
    {
      extra[i] = cvn_sandbox_world_open_session (f->world);
      cvn_sandbox_session_set_user_id (extra[i], i % 2 ? 1002 : 1003);
    }
  drain_all (f);
  for (int i = 0; i < 10; i++)
    {
      switch (i % 5)
        {
        case 0:
          ok (f, f->ada, req (f, "{\"_\":\"phone.editGroupCallTitle\",\"call\":%s,\"title\":\"Title %d\"}", call, i));
          break;
        case 1:
          g_assert_true (cvn_sandbox_world_sim_join (f->world, c->id, 0, FALSE, NULL));
          break;
        case 2:
          ok (f, f->ada, req (f, "{\"_\":\"phone.toggleGroupCallSettings\",\"call\":%s,\"join_muted\":%s}",
                              call, c->join_muted ? "false" : "true"));
          break;
        case 3:
          g_assert_true (cvn_sandbox_world_sim_edit (f->world, c->id, 2002, "video", i % 2, NULL));
          break;
        default:
          ok (f, f->ada, req (f, "{\"_\":\"phone.toggleGroupCallRecord\",%s\"call\":%s}",
                              c->record_start_date == 0 ? "\"start\":true," : "", call));
          break;
        }
    }
  g_assert_cmpint (c->version, ==, base + 10);
  /* every other session saw versions base+1 .. base+10, in order, once each */
  {
    CvnSandboxSession *watchers[] = { f->ada2, f->brian, f->cleo, extra[0], extra[1], extra[2], extra[3] };

    for (guint w = 0; w < G_N_ELEMENTS (watchers); w++)
      {
        for (gint32 v = base + 1; v <= base + 10; v++)
          {
            CvnTlApiUpdates *u = pushed (f, watchers[w]);
            CvnTlObject *update;
            gint32 got;

            g_assert_nonnull (u);
            g_assert_cmpuint (u->updates->len, ==, 1);
            update = u->updates->objects[0];
            if (update->ctor->id == CVN_TL_API_UPDATE_GROUP_CALL_ID)
              got = ((CvnTlApiGroupCall *) ((CvnTlApiUpdateGroupCall *) update)->call)->version;
            else
              got = ((CvnTlApiUpdateGroupCallParticipants *) update)->version;
            g_assert_cmpint (got, ==, v);
          }
        g_assert_null (pushed (f, watchers[w]));
      }
  }
  /* the requesting session gets its copy in the result only: it was pushed just the four
   * world-command changes */
  g_assert_cmpuint (cvn_sandbox_session_get_n_pending (f->ada), ==, 4);
  drain (f->ada);
  /* speaking is not versioned */
  g_assert_true (cvn_sandbox_world_sim_speak (f->world, c->id, 2002, NULL));
  g_assert_cmpint (c->version, ==, base + 10);
  {
    CvnTlApiUpdates *u = pushed (f, f->brian);
    CvnTlApiUpdateGroupCallParticipants *up = (CvnTlApiUpdateGroupCallParticipants *) u->updates->objects[0];

    g_assert_false (((CvnTlApiGroupCallParticipant *) up->participants->objects[0])->versioned);
    g_assert_cmpint (up->version, ==, base + 10);
  }
  fails (f, f->brian, req (f, "{\"_\":\"phone.editGroupCallTitle\",\"call\":%s,\"title\":\"x\"}", call),
         400, "CHAT_ADMIN_REQUIRED");
  fails (f, f->ada, req (f, "{\"_\":\"phone.toggleGroupCallSettings\",\"call\":%s}", call), 400, "GROUPCALL_NOT_MODIFIED");
}

static void
test_faults (Fixture       *f,
             gconstpointer  data)
{
  CvnSandboxCall *c = lounge_call (f);
  CvnSandboxFaults faults = { .drop = 0.5, .seed = 7 };
  guint64 pushed_n, dropped;
  guint received = 0;

  drain_all (f);
  cvn_sandbox_world_set_faults (f->world, &faults);
  for (int i = 0; i < 40; i++)
    g_assert_true (cvn_sandbox_world_sim_speak (f->world, c->id, 2002, NULL));
  received = cvn_sandbox_session_get_n_pending (f->brian);
  cvn_sandbox_world_get_counters (f->world, &pushed_n, &dropped, NULL);
  g_assert_cmpuint (dropped, >, 0);
  g_assert_cmpuint (received, <, 40);
  g_assert_cmpuint (received, >, 0);

  /* duplicates */
  drain_all (f);
  faults.drop = 0;
  faults.duplicate = 1.0;
  cvn_sandbox_world_set_faults (f->world, &faults);
  g_assert_true (cvn_sandbox_world_sim_speak (f->world, c->id, 2002, NULL));
  g_assert_cmpuint (cvn_sandbox_session_get_n_pending (f->brian), ==, 2);

  /* delay: nothing until the clock moves */
  drain_all (f);
  faults.duplicate = 0;
  faults.delay = 1.0;
  faults.delay_ms = 500;
  cvn_sandbox_world_set_faults (f->world, &faults);
  g_assert_true (cvn_sandbox_world_sim_speak (f->world, c->id, 2002, NULL));
  g_assert_cmpuint (cvn_sandbox_session_get_n_pending (f->brian), ==, 0);
  cvn_clock_advance (f->clock, 500);
  g_assert_cmpuint (cvn_sandbox_session_get_n_pending (f->brian), ==, 1);

  /* cut */
  {
    guint cuts = 0;
    gulong id = g_signal_connect_swapped (f->brian, "cut", G_CALLBACK (g_nullify_pointer), NULL);

    g_signal_handler_disconnect (f->brian, id);
    cuts = cvn_sandbox_world_cut_sessions (f->world, 1001);
    g_assert_cmpuint (cuts, ==, 2);
  }
  cvn_sandbox_world_set_faults (f->world, NULL);

  /* a delivery still delayed when the world goes away is dropped, not run later */
  faults.delay = 1.0;
  faults.delay_ms = 10000;
  cvn_sandbox_world_set_faults (f->world, &faults);
  g_assert_true (cvn_sandbox_world_sim_speak (f->world, c->id, 2002, NULL));
  g_assert_cmpuint (cvn_clock_get_n_pending (f->clock), >, 0);
  g_clear_object (&f->world);
  g_assert_cmpuint (cvn_clock_get_n_pending (f->clock), ==, 0);
  cvn_clock_advance (f->clock, 20000);
}

/* --- login ------------------------------------------------------------------------------------------ */

static void
test_login (Fixture       *f,
            gconstpointer  data)
{
  CvnSandboxSession *s = cvn_sandbox_world_open_session (f->world);
  CvnTlValue v;
  CvnTlApiAuthSentCode *sent;
  CvnTlApiAccountPassword *pw;
  CvnTlApiPasswordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow *algo;
  CvnSrpParams params = { 0 };
  guint8 A[CVN_SRP_LEN], M1[CVN_SRP_M1_LEN];
  g_autofree char *a_hex = NULL, *m_hex = NULL;
  g_autoptr(GError) error = NULL;
  char *hash;

  fails (f, s, req (f, "{\"_\":\"users.getFullUser\",\"id\":{\"_\":\"inputUserSelf\"}}"), 401, "AUTH_KEY_UNREGISTERED");
  fails (f, s, req (f, "{\"_\":\"auth.sendCode\",\"phone_number\":\"+1 555 0100\",\"api_id\":1,\"api_hash\":\"x\","
                       "\"settings\":{\"_\":\"codeSettings\"}}"), 400, "PHONE_NUMBER_INVALID");
  /* an account without a password */
  v = ok (f, s, req (f, "{\"_\":\"auth.sendCode\",\"phone_number\":\"+999 66 2 0002\",\"api_id\":1,\"api_hash\":\"x\","
                        "\"settings\":{\"_\":\"codeSettings\"}}"));
  sent = (CvnTlApiAuthSentCode *) v.object;
  hash = g_strdup (sent->phone_code_hash.str);
  fails (f, s, req (f, "{\"_\":\"auth.signIn\",\"phone_number\":\"9996620002\",\"phone_code_hash\":\"%s\","
                       "\"phone_code\":\"11111\"}", hash), 400, "PHONE_CODE_INVALID");
  fails (f, s, req (f, "{\"_\":\"auth.signIn\",\"phone_number\":\"9996620002\",\"phone_code_hash\":\"nope\","
                       "\"phone_code\":\"22222\"}"), 400, "PHONE_CODE_EXPIRED");
  v = ok (f, s, req (f, "{\"_\":\"auth.signIn\",\"phone_number\":\"9996620002\",\"phone_code_hash\":\"%s\","
                        "\"phone_code\":\"22222\"}", hash));
  g_free (hash);
  g_assert_cmphex (v.object->ctor->id, ==, CVN_TL_API_AUTH_AUTHORIZATION_ID);
  g_assert_cmpint (cvn_sandbox_session_get_user_id (s), ==, 1002);
  ok (f, s, req (f, "{\"_\":\"auth.logOut\"}"));
  g_assert_cmpint (cvn_sandbox_session_get_user_id (s), ==, 0);

  /* a new number: sign up */
  v = ok (f, s, req (f, "{\"_\":\"auth.sendCode\",\"phone_number\":\"9996641234\",\"api_id\":1,\"api_hash\":\"x\","
                        "\"settings\":{\"_\":\"codeSettings\"}}"));
  hash = g_strdup (((CvnTlApiAuthSentCode *) v.object)->phone_code_hash.str);
  v = ok (f, s, req (f, "{\"_\":\"auth.signIn\",\"phone_number\":\"9996641234\",\"phone_code_hash\":\"%s\","
                        "\"phone_code\":\"44444\"}", hash));
  g_assert_cmphex (v.object->ctor->id, ==, CVN_TL_API_AUTH_AUTHORIZATION_SIGN_UP_REQUIRED_ID);
  v = ok (f, s, req (f, "{\"_\":\"auth.signUp\",\"phone_number\":\"9996641234\",\"phone_code_hash\":\"%s\","
                        "\"first_name\":\"New\",\"last_name\":\"\"}", hash));
  g_free (hash);
  g_assert_cmpint (cvn_sandbox_session_get_user_id (s), >, 0);
  ok (f, s, req (f, "{\"_\":\"auth.logOut\"}"));

  /* two-step verification with real SRP */
  v = ok (f, s, req (f, "{\"_\":\"auth.sendCode\",\"phone_number\":\"9996630003\",\"api_id\":1,\"api_hash\":\"x\","
                        "\"settings\":{\"_\":\"codeSettings\"}}"));
  hash = g_strdup (((CvnTlApiAuthSentCode *) v.object)->phone_code_hash.str);
  fails (f, s, req (f, "{\"_\":\"auth.signIn\",\"phone_number\":\"9996630003\",\"phone_code_hash\":\"%s\","
                       "\"phone_code\":\"33333\"}", hash), 401, "SESSION_PASSWORD_NEEDED");
  g_free (hash);
  v = ok (f, s, req (f, "{\"_\":\"account.getPassword\"}"));
  pw = (CvnTlApiAccountPassword *) v.object;
  g_assert_true (pw->has_password);
  algo = (gpointer) pw->current_algo;
  params.salt1 = algo->salt1.data;
  params.salt1_len = algo->salt1.len;
  params.salt2 = algo->salt2.data;
  params.salt2_len = algo->salt2.len;
  params.g = algo->g;
  params.p = algo->p.data;
  params.p_len = algo->p.len;
  /* wrong password first */
  g_assert_true (cvn_srp_compute_check (&params, "wrong", 5, pw->srp_B.data, pw->srp_B.len, NULL, 0, A, M1, &error));
  g_assert_no_error (error);
  a_hex = g_strdup ("");
  {
    GString *ah = g_string_new (NULL), *mh = g_string_new (NULL);

    for (guint i = 0; i < CVN_SRP_LEN; i++)
      g_string_append_printf (ah, "%02x", A[i]);
    for (guint i = 0; i < CVN_SRP_M1_LEN; i++)
      g_string_append_printf (mh, "%02x", M1[i]);
    fails (f, s, req (f, "{\"_\":\"auth.checkPassword\",\"password\":{\"_\":\"inputCheckPasswordSRP\","
                         "\"srp_id\":\"%" G_GINT64_FORMAT "\",\"A\":{\"$hex\":\"%s\"},\"M1\":{\"$hex\":\"%s\"}}}",
                         pw->srp_id, ah->str, mh->str), 400, "PASSWORD_HASH_INVALID");
    g_string_free (ah, TRUE);
    g_string_free (mh, TRUE);
  }
  /* then the right one, with a fresh srp_id */
  v = ok (f, s, req (f, "{\"_\":\"account.getPassword\"}"));
  pw = (CvnTlApiAccountPassword *) v.object;
  g_assert_true (cvn_srp_compute_check (&params, "convene", 7, pw->srp_B.data, pw->srp_B.len, NULL, 0, A, M1, &error));
  {
    GString *ah = g_string_new (NULL), *mh = g_string_new (NULL);

    for (guint i = 0; i < CVN_SRP_LEN; i++)
      g_string_append_printf (ah, "%02x", A[i]);
    for (guint i = 0; i < CVN_SRP_M1_LEN; i++)
      g_string_append_printf (mh, "%02x", M1[i]);
    v = ok (f, s, req (f, "{\"_\":\"auth.checkPassword\",\"password\":{\"_\":\"inputCheckPasswordSRP\","
                          "\"srp_id\":\"%" G_GINT64_FORMAT "\",\"A\":{\"$hex\":\"%s\"},\"M1\":{\"$hex\":\"%s\"}}}",
                          pw->srp_id, ah->str, mh->str));
    g_string_free (ah, TRUE);
    g_string_free (mh, TRUE);
  }
  g_assert_cmphex (v.object->ctor->id, ==, CVN_TL_API_AUTH_AUTHORIZATION_ID);
  g_assert_cmpint (cvn_sandbox_session_get_user_id (s), ==, 1003);
  cvn_sandbox_world_close_session (f->world, s);
}

static void
test_qr_login_and_difference (Fixture       *f,
                              gconstpointer  data)
{
  CvnSandboxSession *fresh = cvn_sandbox_world_open_session (f->world);
  CvnTlValue v;
  g_autofree char *token = NULL;
  CvnTlApiUpdatesState *state;
  gint32 pts;
  CvnSandboxUser *brian = cvn_sandbox_world_get_user (f->world, 1002);
  CvnSandboxCall *lounge = lounge_call (f);
  char *call = call_json (lounge);

  /* QR login: shown by a fresh session, accepted by a logged-in one, then imported */
  v = ok (f, fresh, req (f, "{\"_\":\"auth.exportLoginToken\",\"api_id\":1,\"api_hash\":\"x\",\"except_ids\":[]}"));
  g_assert_cmphex (v.object->ctor->id, ==, CVN_TL_API_AUTH_LOGIN_TOKEN_ID);
  token = g_strndup ((const char *) ((CvnTlApiAuthLoginToken *) v.object)->token.data,
                     ((CvnTlApiAuthLoginToken *) v.object)->token.len);
  fails (f, fresh, req (f, "{\"_\":\"auth.importLoginToken\",\"token\":{\"$hex\":\"00\"}}"), 400, "AUTH_TOKEN_INVALID");
  {
    GString *hex = g_string_new (NULL);

    for (const char *c = token; *c != '\0'; c++)
      g_string_append_printf (hex, "%02x", (guchar) *c);
    drain (fresh);
    ok (f, f->ada, req (f, "{\"_\":\"auth.acceptLoginToken\",\"token\":{\"$hex\":\"%s\"}}", hex->str));
    g_assert_cmpuint (cvn_sandbox_session_get_n_pending (fresh), ==, 1);   /* updateLoginToken */
    v = ok (f, fresh, req (f, "{\"_\":\"auth.importLoginToken\",\"token\":{\"$hex\":\"%s\"}}", hex->str));
    g_string_free (hex, TRUE);
  }
  g_assert_cmphex (v.object->ctor->id, ==, CVN_TL_API_AUTH_LOGIN_TOKEN_SUCCESS_ID);
  g_assert_cmpint (cvn_sandbox_session_get_user_id (fresh), ==, 1001);

  /* getDifference: Brian catches up with a conference invitation he missed */
  v = ok (f, f->brian, req (f, "{\"_\":\"updates.getState\"}"));
  state = (CvnTlApiUpdatesState *) v.object;
  pts = state->pts;
  v = ok (f, f->brian, req (f, "{\"_\":\"updates.getDifference\",\"pts\":%d,\"date\":0,\"qts\":0}", pts));
  g_assert_cmphex (v.object->ctor->id, ==, CVN_TL_API_UPDATES_DIFFERENCE_EMPTY_ID);
  {
    CvnSandboxCall *conf = NULL;
    GHashTableIter iter;
    gpointer value;
    char *conf_json;

    g_hash_table_iter_init (&iter, f->world->calls);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      if (((CvnSandboxCall *) value)->conference)
        conf = value;
    conf_json = call_json (conf);
    /* Brian created the demo conference and is not in it: joins, then invites Ada */
    ok (f, f->brian, req (f, "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":{\"_\":\"inputPeerSelf\"},"
                            "\"params\":%s}", conf_json, payload_json (9000, FALSE)));
    ok (f, f->brian, req (f, "{\"_\":\"phone.inviteConferenceCallParticipant\",\"call\":%s,"
                            "\"user_id\":{\"_\":\"inputUser\",\"user_id\":\"1001\",\"access_hash\":\"%" G_GINT64_FORMAT "\"}}",
                            conf_json, cvn_sandbox_world_get_user (f->world, 1001)->access_hash));
  }
  v = ok (f, f->brian, req (f, "{\"_\":\"updates.getDifference\",\"pts\":%d,\"date\":0,\"qts\":0}", pts));
  g_assert_cmphex (v.object->ctor->id, ==, CVN_TL_API_UPDATES_DIFFERENCE_ID);
  g_assert_cmpuint (((CvnTlApiUpdatesDifference *) v.object)->new_messages->len, ==, 1);
  fails (f, f->brian, req (f, "{\"_\":\"updates.getDifference\",\"pts\":%d,\"date\":0,\"qts\":0}", brian->pts + 5),
         400, "PERSISTENT_TIMESTAMP_INVALID");

  /* inviteToGroupCall: only from inside the call, not someone already in it */
  fails (f, f->brian, req (f, "{\"_\":\"phone.inviteToGroupCall\",\"call\":%s,\"users\":[{\"_\":\"inputUser\","
                              "\"user_id\":\"1003\",\"access_hash\":\"%" G_GINT64_FORMAT "\"}]}",
                              call, cvn_sandbox_world_get_user (f->world, 1003)->access_hash), 403, "GROUPCALL_FORBIDDEN");
  ok (f, f->ada, req (f, "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":{\"_\":\"inputPeerSelf\"},"
                        "\"params\":%s}", call, payload_json (9100, FALSE)));
  ok (f, f->ada, req (f, "{\"_\":\"phone.inviteToGroupCall\",\"call\":%s,\"users\":[{\"_\":\"inputUser\","
                        "\"user_id\":\"1003\",\"access_hash\":\"%" G_GINT64_FORMAT "\"}]}",
                        call, cvn_sandbox_world_get_user (f->world, 1003)->access_hash));
  fails (f, f->ada, req (f, "{\"_\":\"phone.inviteToGroupCall\",\"call\":%s,\"users\":[{\"_\":\"inputUser\","
                            "\"user_id\":\"2001\",\"access_hash\":\"%" G_GINT64_FORMAT "\"}]}",
                            call, cvn_sandbox_world_get_user (f->world, 2001)->access_hash), 400, "USER_ALREADY_INVITED");
  cvn_sandbox_world_close_session (f->world, fresh);
}

/* --- the rest of what a call client needs -------------------------------------------------------------- */

static void
test_chats_and_history (Fixture       *f,
                        gconstpointer  data)
{
  CvnSandboxChat *lounge = cvn_sandbox_world_get_chat (f->world, LOUNGE);
  CvnTlValue v;
  CvnTlApiMessagesChatFull *full;
  CvnTlApiMessagesMessages *history;
  gboolean found = FALSE;

  v = ok (f, f->ada, req (f, "{\"_\":\"channels.getFullChannel\",\"channel\":{\"_\":\"inputChannel\","
                             "\"channel_id\":\"%d\",\"access_hash\":\"%" G_GINT64_FORMAT "\"}}", LOUNGE, lounge->access_hash));
  full = (CvnTlApiMessagesChatFull *) v.object;
  g_assert_nonnull (((CvnTlApiChannelFull *) full->full_chat)->call);
  g_assert_nonnull (((CvnTlApiChannelFull *) full->full_chat)->groupcall_default_join_as);
  v = ok (f, f->ada, req (f, "{\"_\":\"messages.getFullChat\",\"chat_id\":\"%d\"}", BOOK_CLUB));
  full = (CvnTlApiMessagesChatFull *) v.object;
  g_assert_nonnull (((CvnTlApiChatFull *) full->full_chat)->call);
  fails (f, f->ada, req (f, "{\"_\":\"messages.getFullChat\",\"chat_id\":\"4\"}"), 400, "CHAT_ID_INVALID");

  v = ok (f, f->ada, req (f, "{\"_\":\"messages.getHistory\",\"peer\":%s,\"offset_id\":0,\"offset_date\":0,"
                             "\"add_offset\":0,\"limit\":10,\"max_id\":0,\"min_id\":0,\"hash\":\"0\"}", peer_json (f, BOOK_CLUB)));
  history = (CvnTlApiMessagesMessages *) v.object;
  for (guint i = 0; i < history->messages->len; i++)
    {
      CvnTlObject *m = history->messages->objects[i];

      if (m->ctor->id == CVN_TL_API_MESSAGE_SERVICE_ID &&
          ((CvnTlApiMessageService *) m)->action->ctor->id == CVN_TL_API_MESSAGE_ACTION_GROUP_CALL_SCHEDULED_ID)
        found = TRUE;
    }
  g_assert_true (found);

  v = ok (f, f->ada, req (f, "{\"_\":\"messages.getDialogs\",\"offset_date\":0,\"offset_id\":0,"
                             "\"offset_peer\":{\"_\":\"inputPeerEmpty\"},\"limit\":20,\"hash\":\"0\"}"));
  g_assert_cmpuint (((CvnTlApiMessagesDialogs *) v.object)->dialogs->len, ==, 4);
  v = ok (f, f->ada, req (f, "{\"_\":\"contacts.resolveUsername\",\"username\":\"big_stage\"}"));
  g_assert_cmphex (((CvnTlApiContactsResolvedPeer *) v.object)->peer->ctor->id, ==, CVN_TL_API_PEER_CHANNEL_ID);
  fails (f, f->ada, req (f, "{\"_\":\"contacts.resolveUsername\",\"username\":\"nobody_here\"}"), 400, "USERNAME_NOT_OCCUPIED");
  ok (f, f->ada, req (f, "{\"_\":\"help.getConfig\"}"));
  ok (f, f->ada, req (f, "{\"_\":\"users.getFullUser\",\"id\":{\"_\":\"inputUserSelf\"}}"));
  v = ok (f, f->ada, req (f, "{\"_\":\"phone.getGroupCallJoinAs\",\"peer\":%s}", peer_json (f, LOUNGE)));
  g_assert_cmpuint (((CvnTlApiPhoneJoinAsPeers *) v.object)->peers->len, ==, 2);   /* Ada, Convene Radio */
  ok (f, f->ada, req (f, "{\"_\":\"phone.saveDefaultGroupCallJoinAs\",\"peer\":%s,\"join_as\":%s}",
                      peer_json (f, LOUNGE), peer_json (f, RADIO)));
  fails (f, f->brian, req (f, "{\"_\":\"phone.saveDefaultGroupCallJoinAs\",\"peer\":%s,\"join_as\":%s}",
                           peer_json (f, LOUNGE), peer_json (f, RADIO)), 400, "JOIN_AS_PEER_INVALID");
}

static void
test_rtmp_and_invites (Fixture       *f,
                       gconstpointer  data)
{
  CvnSandboxCall *radio = cvn_sandbox_world_get_call (f->world, cvn_sandbox_world_find_call (f->world, RADIO));
  char *call = call_json (radio);
  char *lounge = call_json (lounge_call (f));
  CvnTlValue v;
  CvnTlApiUpdates *u;
  CvnTlApiUpdateGroupCallConnection *conn;
  char *key;

  u = as_updates (ok (f, f->brian, req (f, "{\"_\":\"phone.joinGroupCall\",\"muted\":true,\"video_stopped\":true,"
                                           "\"call\":%s,\"join_as\":{\"_\":\"inputPeerSelf\"},\"params\":%s}",
                                        call, payload_json (99, FALSE))));
  conn = (CvnTlApiUpdateGroupCallConnection *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_CONNECTION_ID);
  g_assert_cmpstr (((CvnTlApiDataJSON *) conn->params)->data.str, ==, "{\"stream\":true,\"rtmp\":true}");
  v = ok (f, f->brian, req (f, "{\"_\":\"phone.getGroupCallStreamChannels\",\"call\":%s}", call));
  g_assert_cmpuint (((CvnTlApiPhoneGroupCallStreamChannels *) v.object)->channels->len, ==, 1);

  v = ok (f, f->ada, req (f, "{\"_\":\"phone.getGroupCallStreamRtmpUrl\",\"peer\":%s,\"revoke\":false}", peer_json (f, RADIO)));
  key = g_strdup (((CvnTlApiPhoneGroupCallStreamRtmpUrl *) v.object)->key.str);
  v = ok (f, f->ada, req (f, "{\"_\":\"phone.getGroupCallStreamRtmpUrl\",\"peer\":%s,\"revoke\":true}", peer_json (f, RADIO)));
  g_assert_cmpstr (((CvnTlApiPhoneGroupCallStreamRtmpUrl *) v.object)->key.str, !=, key);
  g_free (key);
  fails (f, f->brian, req (f, "{\"_\":\"phone.getGroupCallStreamRtmpUrl\",\"peer\":%s,\"revoke\":false}",
                           peer_json (f, RADIO)), 400, "CHAT_ADMIN_REQUIRED");

  /* invite links: listener and speaker */
  v = ok (f, f->ada, req (f, "{\"_\":\"phone.exportGroupCallInvite\",\"can_self_unmute\":true,\"call\":%s}", lounge));
  g_assert_true (g_str_has_prefix (((CvnTlApiPhoneExportedGroupCallInvite *) v.object)->link.str,
                                   "https://t.me/convene_lounge?videochat="));
  fails (f, f->brian, req (f, "{\"_\":\"phone.exportGroupCallInvite\",\"can_self_unmute\":true,\"call\":%s}", lounge),
         400, "CHAT_ADMIN_REQUIRED");
  fails (f, f->brian, req (f, "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":{\"_\":\"inputPeerSelf\"},"
                              "\"invite_hash\":\"bogus\",\"params\":%s}", lounge, payload_json (31, FALSE)),
         400, "INVITE_HASH_INVALID");

  /* a live story: one per peer */
  v = ok (f, f->ada, req (f, "{\"_\":\"stories.startLive\",\"peer\":{\"_\":\"inputPeerSelf\"},\"privacy_rules\":[],"
                             "\"random_id\":\"5\"}"));
  fails (f, f->ada, req (f, "{\"_\":\"stories.startLive\",\"peer\":{\"_\":\"inputPeerSelf\"},\"privacy_rules\":[],"
                            "\"random_id\":\"6\"}"), 400, "STORY_LIVE_ALREADY_1");
}

static void
test_conference (Fixture       *f,
                 gconstpointer  data)
{
  CvnTlApiUpdates *u;
  CvnTlApiUpdateGroupCall *ugc;
  CvnTlApiGroupCall *gc;
  CvnTlValue v;
  g_autofree char *call = NULL;
  CvnSandboxUser *brian = cvn_sandbox_world_get_user (f->world, 1002);
  CvnTlApiUpdateNewMessage *msg;
  gint32 msg_id;

  u = as_updates (ok (f, f->ada, req (f, "{\"_\":\"phone.createConferenceCall\",\"join\":true,\"random_id\":3,"
                                         "\"public_key\":{\"$hex\":\"%064x\"},\"block\":{\"$hex\":\"0102\"},"
                                         "\"params\":%s}", 1, payload_json (4242, FALSE))));
  ugc = (CvnTlApiUpdateGroupCall *) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_ID);
  gc = (CvnTlApiGroupCall *) ugc->call;
  g_assert_true (gc->conference);
  g_assert_true (g_str_has_prefix (gc->invite_link.str, "https://t.me/call/"));
  g_assert_nonnull (find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_CONNECTION_ID));
  call = g_strdup_printf ("{\"_\":\"inputGroupCall\",\"id\":\"%" G_GINT64_FORMAT "\",\"access_hash\":\"%" G_GINT64_FORMAT "\"}",
                          gc->id, gc->access_hash);
  /* by link */
  v = ok (f, f->brian, req (f, "{\"_\":\"phone.getGroupCall\",\"call\":{\"_\":\"inputGroupCallSlug\",\"slug\":\"%s\"},"
                               "\"limit\":5}", gc->invite_link.str + strlen ("https://t.me/call/")));
  g_assert_cmpuint (((CvnTlApiPhoneGroupCall *) v.object)->participants->len, ==, 1);
  /* join as a channel is refused for conferences */
  fails (f, f->ada, req (f, "{\"_\":\"phone.joinGroupCall\",\"call\":%s,\"join_as\":%s,\"params\":%s}",
                         call, peer_json (f, RADIO), payload_json (5151, FALSE)), 400, "JOIN_AS_PEER_INVALID");
  /* invite Brian: a messageActionConferenceCall in his private chat */
  drain_all (f);
  ok (f, f->ada, req (f, "{\"_\":\"phone.inviteConferenceCallParticipant\",\"call\":%s,\"user_id\":{\"_\":\"inputUser\","
                         "\"user_id\":\"1002\",\"access_hash\":\"%" G_GINT64_FORMAT "\"}}", call, brian->access_hash));
  u = pushed (f, f->brian);
  g_assert_nonnull (u);
  msg = (CvnTlApiUpdateNewMessage *) find_update (u, CVN_TL_API_UPDATE_NEW_MESSAGE_ID);
  g_assert_cmphex (((CvnTlApiMessageService *) msg->message)->action->ctor->id, ==,
                   CVN_TL_API_MESSAGE_ACTION_CONFERENCE_CALL_ID);
  msg_id = ((CvnTlApiMessageService *) msg->message)->id;
  /* the invite message names the call */
  v = ok (f, f->brian, req (f, "{\"_\":\"phone.getGroupCall\",\"call\":{\"_\":\"inputGroupCallInviteMessage\","
                               "\"msg_id\":%d},\"limit\":5}", msg_id));
  g_assert_cmpint (((CvnTlApiGroupCall *) ((CvnTlApiPhoneGroupCall *) v.object)->call)->id, ==, gc->id);
  ok (f, f->brian, req (f, "{\"_\":\"phone.declineConferenceCallInvite\",\"msg_id\":%d}", msg_id));
  fails (f, f->brian, req (f, "{\"_\":\"phone.declineConferenceCallInvite\",\"msg_id\":99999}"), 400, "MESSAGE_ID_INVALID");

  /* chain blocks: stored and relayed in order */
  ok (f, f->ada, req (f, "{\"_\":\"phone.sendConferenceCallBroadcast\",\"call\":%s,\"block\":{\"$hex\":\"aa\"}}", call));
  ok (f, f->ada, req (f, "{\"_\":\"phone.sendConferenceCallBroadcast\",\"call\":%s,\"block\":{\"$hex\":\"bb\"}}", call));
  u = as_updates (ok (f, f->ada, req (f, "{\"_\":\"phone.getGroupCallChainBlocks\",\"call\":%s,\"sub_chain_id\":1,"
                                         "\"offset\":0,\"limit\":10}", call)));
  {
    CvnTlApiUpdateGroupCallChainBlocks *b = (gpointer) find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_CHAIN_BLOCKS_ID);

    g_assert_cmpuint (b->blocks->len, ==, 2);
    g_assert_cmpuint (b->blocks->bytes[0].data[0], ==, 0xaa);
    g_assert_cmpuint (b->blocks->bytes[1].data[0], ==, 0xbb);
    g_assert_cmpint (b->next_offset, ==, 2);
  }
  fails (f, f->ada, req (f, "{\"_\":\"phone.getGroupCallChainBlocks\",\"call\":%s,\"sub_chain_id\":5,"
                            "\"offset\":0,\"limit\":10}", call), 400, "SUB_CHAIN_ID_INVALID");
  fails (f, f->brian, req (f, "{\"_\":\"phone.sendConferenceCallBroadcast\",\"call\":%s,\"block\":{\"$hex\":\"aa\"}}", call),
         403, "GROUPCALL_FORBIDDEN");

  /* in-call messages */
  u = as_updates (ok (f, f->ada, req (f, "{\"_\":\"phone.sendGroupCallMessage\",\"call\":%s,\"random_id\":\"1\","
                                         "\"message\":{\"_\":\"textWithEntities\",\"text\":\"hello\",\"entities\":[]}}", call)));
  g_assert_nonnull (find_update (u, CVN_TL_API_UPDATE_GROUP_CALL_MESSAGE_ID));
  ok (f, f->ada, req (f, "{\"_\":\"phone.deleteGroupCallMessages\",\"call\":%s,\"messages\":[1]}", call));
  fails (f, f->ada, req (f, "{\"_\":\"phone.deleteGroupCallMessages\",\"call\":%s,\"messages\":[1]}", call),
         400, "MESSAGE_ID_INVALID");
  v = ok (f, f->ada, req (f, "{\"_\":\"phone.sendGroupCallEncryptedMessage\",\"call\":%s,"
                             "\"encrypted_message\":{\"$hex\":\"00ff\"}}", call));
  g_assert_cmphex (v.object->ctor->id, ==, CVN_TL_API_BOOL_TRUE_ID);
  ok (f, f->ada, req (f, "{\"_\":\"phone.getGroupCallStars\",\"call\":%s}", call));
}

/* Every method of the schema with every field zero or NULL: an answer, never a crash. */
static void
test_malformed (Fixture       *f,
                gconstpointer  data)
{
  guint answered = 0;

  for (guint i = 0; i < CVN_TL_N_CONSTRUCTORS; i++)
    {
      const CvnTlConstructor *ctor = &cvn_tl_constructors[i];
      CvnTlObject *request;
      CvnTlValue value;
      g_autoptr(GError) error = NULL;

      if (!ctor->is_method || ctor->schema != CVN_TL_SCHEMA_API)
        continue;
      request = cvn_tl_object_new (f->arena, ctor);
      cvn_sandbox_session_set_user_id (f->ada, 1001);
      if (cvn_sandbox_dispatch (f->world, f->ada, request, f->arena, &value, &error))
        {
          g_autoptr(GBytes) bytes = cvn_sandbox_encode_result (&value, &error);
          g_assert_no_error (error);
        }
      else
        g_assert_true (error->domain == CVN_SANDBOX_RPC_ERROR);
      answered++;
      cvn_tl_arena_reset (f->arena);
    }
  g_assert_cmpuint (answered, >, 500);
  /* the world still works */
  cvn_sandbox_session_set_user_id (f->ada, 1001);
  ok (f, f->ada, req (f, "{\"_\":\"phone.getGroupCall\",\"call\":%s,\"limit\":3}", call_json (lounge_call (f))));
}

/* --- world file and state -------------------------------------------------------------------------- */

static void
test_world_roundtrip (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *first = NULL;
  g_autoptr(CvnSandboxWorld) copy = cvn_sandbox_world_new (f->clock, 42);
  g_autofree char *second = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("sandbox-state-XXXXXX", NULL);
  g_autoptr(CvnSandboxWorld) restored = cvn_sandbox_world_new (f->clock, 1);
  g_autofree char *third = NULL;
  g_autofree char *path = NULL;

  /* a live story of a channel is saved without taking the channel's video chat */
  ok (f, f->ada, req (f, "{\"_\":\"stories.startLive\",\"peer\":%s,\"privacy_rules\":[],\"random_id\":\"5\"}",
                      peer_json (f, RADIO)));
  first = cvn_sandbox_world_to_data (f->world);
  g_assert_true (cvn_sandbox_world_load_data (copy, first, -1, &error));
  g_assert_no_error (error);
  second = cvn_sandbox_world_to_data (copy);
  g_assert_cmpstr (first, ==, second);

  /* state directory: survives a restart */
  cvn_sandbox_world_set_state_dir (f->world, dir);
  g_assert_true (cvn_sandbox_world_save_state (f->world, &error));
  cvn_sandbox_world_set_state_dir (restored, dir);
  g_assert_true (cvn_sandbox_world_load_state (restored, &error));
  g_assert_no_error (error);
  third = cvn_sandbox_world_to_data (restored);
  g_assert_cmpstr (first, ==, third);
  path = g_build_filename (dir, "world.json", NULL);
  g_remove (path);
  g_rmdir (dir);

  /* bad files are errors, not crashes */
  {
    static const char *const bad[] = {
      "", "[]", "{}", "{\"format\":\"convene-sandbox-world/1\",\"users\":{}}",
      "{\"format\":\"convene-sandbox-world/1\",\"users\":[{\"id\":-1}]}",
      "{\"format\":\"convene-sandbox-world/1\",\"chats\":[{\"id\":5,\"kind\":\"channel\",\"title\":\"x\"}]}",
      "{\"format\":\"convene-sandbox-world/1\",\"calls\":[{\"chat\":77}]}",
      "{\"format\":\"convene-sandbox-world/1\",\"calls\":[{\"conference\":true,\"listeners\":-4}]}",
      "{\"format\":\"convene-sandbox-world/1\",\"users\":[{\"id\":1,\"phone\":\"9996610001\"}],"
        "\"chats\":[{\"id\":5,\"kind\":\"group\",\"title\":\"x\",\"members\":[{\"user\":1,\"rights\":[{}]}]}]}",
      "{\"format\":\"convene-sandbox-world/1\",\"users\":[{\"id\":1,\"simulated\":true}],"
        "\"calls\":[{\"conference\":true,\"participants\":[{\"peer\":{\"type\":\"user\",\"id\":1},"
        "\"video\":{\"groups\":[{\"semantics\":\"SIM\",\"sources\":[\"x\"]}]}}]}]}",
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(CvnSandboxWorld) w = cvn_sandbox_world_new (f->clock, 1);
        g_autoptr(GError) e = NULL;

        g_assert_false (cvn_sandbox_world_load_data (w, bad[i], -1, &e));
        g_assert_error (e, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_INVALID_WORLD);
      }
  }
}

static void
test_simulation (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(CvnSandboxWorld) twin = cvn_sandbox_world_new (f->clock, 42);
  guint64 before, after;

  cvn_sandbox_world_load_default (twin);
  /* the same seed, the same script */
  for (int i = 0; i < 50; i++)
    {
      g_autofree char *a = cvn_sandbox_world_simulate_step (f->world);
      g_autofree char *b = cvn_sandbox_world_simulate_step (twin);

      g_assert_cmpstr (a, ==, b);
    }
  /* on the clock: updates reach the sessions */
  drain_all (f);
  cvn_sandbox_world_get_counters (f->world, &before, NULL, NULL);
  cvn_sandbox_world_set_simulation (f->world, 1000);
  cvn_clock_advance (f->clock, 30 * 1000);
  cvn_sandbox_world_set_simulation (f->world, 0);
  cvn_sandbox_world_get_counters (f->world, &after, NULL, NULL);
  g_assert_cmpuint (after, >, before);
  g_assert_cmpuint (cvn_sandbox_session_get_n_pending (f->brian), >, 0);
  g_assert_cmpuint (cvn_clock_get_n_pending (f->clock), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/sandbox/default-world", test_default_world);
  ADD ("/sandbox/pagination/seed-example", test_pagination_seed);
  ADD ("/sandbox/pagination/5000-listeners", test_pagination_at_scale);
  ADD ("/sandbox/create/schedule", test_schedule);
  ADD ("/sandbox/join", test_join);
  ADD ("/sandbox/versions-and-fan-out", test_versions_and_fanout);
  ADD ("/sandbox/faults", test_faults);
  ADD ("/sandbox/login", test_login);
  ADD ("/sandbox/chats-and-history", test_chats_and_history);
  ADD ("/sandbox/qr-login-and-difference", test_qr_login_and_difference);
  ADD ("/sandbox/rtmp-and-invites", test_rtmp_and_invites);
  ADD ("/sandbox/conference", test_conference);
  ADD ("/sandbox/malformed", test_malformed);
  ADD ("/sandbox/world-file", test_world_roundtrip);
  ADD ("/sandbox/simulation", test_simulation);
#undef ADD

  return g_test_run ();
}
