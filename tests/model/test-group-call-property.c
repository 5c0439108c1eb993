/* test-group-call-property.c: the group-call model against a simulated server, with updates
 * dropped, duplicated, reordered and delayed, refetches answered late (page by page, from a
 * state that keeps changing) or failing. After quiescence the model must equal the server.
 *
 * Each seed is one schedule; a failure prints its seed. CVN_PROPERTY_SEEDS=N runs N seeds
 * (default 1000, 50 under valgrind), CVN_PROPERTY_SEED=S runs only seed S.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "group-call-test-util.h"

#define CALL_ID      7
#define MAX_PEER_ID  40
#define N_OPS        300

typedef struct
{
  gint64   id;
  gint32   date;
  gint32   active_date;
  gint32   volume;          /* 0: none */
  gint64   rating;
  gboolean muted;
  gint32   nv_version;      /* version of its last non-versioned update */
} SrvParticipant;

typedef struct
{
  gboolean            is_call;
  gint32              version;
  CvnGroupCallInfo    call;
  CvnParticipantInfo  part;
} Msg;

typedef enum
{
  REQ_CALL,
  REQ_PAGE,
  REQ_BY_ID,
} ReqKind;

typedef struct
{
  ReqKind  kind;
  gint64   offset;          /* REQ_PAGE: last id returned */
  GArray  *peers;           /* REQ_BY_ID */
} Req;

typedef struct
{
  GRand        *rand;
  guint32       seed;
  CvnClock     *clock;
  CvnGroupCall *call;

  /* server */
  gint32        version;
  int           title;
  GArray       *participants;   /* SrvParticipant, sorted by id */
  gint32        now;            /* server "unix time" for dates */

  GPtrArray    *in_flight;      /* Msg* */
  GPtrArray    *requests;       /* Req* */
  guint         page_size;
} Sim;

static void
req_free (gpointer data)
{
  Req *req = data;

  g_clear_pointer (&req->peers, g_array_unref);
  g_free (req);
}

static SrvParticipant *
srv_find (Sim    *sim,
          gint64  id,
          guint  *index)
{
  for (guint i = 0; i < sim->participants->len; i++)
    {
      SrvParticipant *p = &g_array_index (sim->participants, SrvParticipant, i);

      if (p->id == id)
        {
          if (index)
            *index = i;
          return p;
        }
    }
  return NULL;
}

static CvnParticipantInfo
srv_to_info (const SrvParticipant *p,
             guint32               extra)
{
  CvnParticipantInfo info = test_participant (p->id, p->date, extra);

  if (p->muted)
    info.flags |= CVN_PARTICIPANT_FLAG_MUTED;
  if (p->active_date)
    {
      info.flags |= CVN_PARTICIPANT_FLAG_HAS_ACTIVE_DATE;
      info.active_date = p->active_date;
    }
  if (p->volume)
    {
      info.flags |= CVN_PARTICIPANT_FLAG_HAS_VOLUME;
      info.volume = p->volume;
    }
  if (p->rating)
    {
      info.flags |= CVN_PARTICIPANT_FLAG_HAS_RAISE_HAND_RATING;
      info.raise_hand_rating = p->rating;
    }
  return info;
}

static CvnGroupCallInfo
srv_call (Sim *sim)
{
  CvnGroupCallInfo info = test_call_info (CALL_ID, sim->version, 0);

  info.participants_count = sim->participants->len;
  /* title: an index into a static set, so no allocation */
  if (sim->title % 3 != 0)
    {
      static const char *titles[] = { NULL, "one", "two" };

      info.flags |= CVN_GROUP_CALL_FLAG_HAS_TITLE;
      info.title = (char *) titles[sim->title % 3];
    }
  return info;
}

static void
emit_part (Sim                      *sim,
           const CvnParticipantInfo *info,
           gint32                    version)
{
  Msg *msg = g_new0 (Msg, 1);

  msg->version = version;
  msg->part = *info;
  g_ptr_array_add (sim->in_flight, msg);
}

static void
srv_op (Sim *sim)
{
  guint r = g_rand_int_range (sim->rand, 0, 100);
  gint64 id = g_rand_int_range (sim->rand, 1, MAX_PEER_ID + 1);
  guint index = 0;
  SrvParticipant *p = srv_find (sim, id, &index);

  sim->now += g_rand_int_range (sim->rand, 0, 3);

  if (r < 10)
    {
      /* the call changes (updateGroupCall) */
      Msg *msg = g_new0 (Msg, 1);

      sim->version++;
      sim->title++;
      msg->is_call = TRUE;
      msg->version = sim->version;
      msg->call = srv_call (sim);
      g_ptr_array_add (sim->in_flight, msg);
    }
  else if (p == NULL && r < 45)
    {
      /* join */
      SrvParticipant np = { id, sim->now, 0, 0, 0, g_rand_boolean (sim->rand), 0 };
      CvnParticipantInfo info;
      guint at = 0;

      while (at < sim->participants->len && g_array_index (sim->participants, SrvParticipant, at).id < id)
        at++;
      g_array_insert_val (sim->participants, at, np);
      sim->version++;
      info = srv_to_info (&np, CVN_PARTICIPANT_FLAG_JUST_JOINED);
      emit_part (sim, &info, sim->version);
    }
  else if (p != NULL && r < 55)
    {
      /* leave */
      CvnParticipantInfo info = srv_to_info (p, CVN_PARTICIPANT_FLAG_LEFT);

      g_array_remove_index (sim->participants, index);
      sim->version++;
      emit_part (sim, &info, sim->version);
    }
  else if (p != NULL && r < 80)
    {
      /* a versioned change: mute, hand, volume */
      CvnParticipantInfo info;

      switch (g_rand_int_range (sim->rand, 0, 3))
        {
        case 0: p->muted = !p->muted; break;
        case 1: p->rating = p->rating ? 0 : g_rand_int_range (sim->rand, 1, 1000); break;
        default: p->volume = g_rand_int_range (sim->rand, 0, 3) * 5000; break;
        }
      sim->version++;
      info = srv_to_info (p, CVN_PARTICIPANT_FLAG_VERSIONED);
      emit_part (sim, &info, sim->version);
    }
  else if (p != NULL && p->nv_version != sim->version)
    {
      /* a non-versioned change (activity), sometimes as min: at most one per participant per
       * version, since equal versions cannot be ordered by anyone */
      CvnParticipantInfo info;

      p->active_date = sim->now;
      p->nv_version = sim->version;
      info = srv_to_info (p, g_rand_int_range (sim->rand, 0, 4) == 0 ? CVN_PARTICIPANT_FLAG_MIN : 0);
      emit_part (sim, &info, sim->version);
    }
}

static void
deliver (Sim *sim,
         Msg *msg)
{
  if (msg->is_call)
    _cvn_group_call_handle_update_group_call (sim->call, &msg->call);
  else
    _cvn_group_call_handle_update_participants (sim->call, &msg->part, 1, msg->version);
}

/* --- fetcher: requests are recorded and answered later by the driver --- */

static void
sim_fetch_call (CvnGroupCall *call,
                gpointer      user_data)
{
  Sim *sim = user_data;
  Req *req = g_new0 (Req, 1);

  req->kind = REQ_CALL;
  g_ptr_array_add (sim->requests, req);
}

static void
sim_fetch_participants (CvnGroupCall *call,
                        const char   *offset,
                        gpointer      user_data)
{
  Sim *sim = user_data;
  Req *req = g_new0 (Req, 1);

  req->kind = REQ_PAGE;
  req->offset = g_ascii_strtoll (offset, NULL, 10);
  g_ptr_array_add (sim->requests, req);
}

static void
sim_fetch_by_id (CvnGroupCall  *call,
                 const CvnPeer *peers,
                 guint          n_peers,
                 gpointer       user_data)
{
  Sim *sim = user_data;
  Req *req = g_new0 (Req, 1);

  req->kind = REQ_BY_ID;
  req->peers = g_array_new (FALSE, FALSE, sizeof (CvnPeer));
  g_array_append_vals (req->peers, peers, n_peers);
  g_ptr_array_add (sim->requests, req);
}

/* Participants with id > @after, up to the page size, and the offset of the next page. */
static void
page (Sim     *sim,
      gint64   after,
      GArray  *out,
      char   **next_offset)
{
  gint64 last = after;

  for (guint i = 0; i < sim->participants->len && out->len < sim->page_size; i++)
    {
      SrvParticipant *p = &g_array_index (sim->participants, SrvParticipant, i);
      CvnParticipantInfo info;

      if (p->id <= after)
        continue;
      info = srv_to_info (p, 0);
      g_array_append_val (out, info);
      last = p->id;
    }

  *next_offset = out->len < sim->page_size ? g_strdup ("") : g_strdup_printf ("%" G_GINT64_FORMAT, last);
}

static void
answer (Sim      *sim,
        guint     index,
        gboolean  allow_failure)
{
  Req *req = g_ptr_array_steal_index (sim->requests, index);
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (CvnParticipantInfo));
  g_autofree char *next_offset = NULL;

  if (allow_failure && g_rand_int_range (sim->rand, 0, 10) == 0)
    {
      if (req->kind == REQ_BY_ID)
        _cvn_group_call_fetch_participants_by_id_failed (sim->call);
      else
        _cvn_group_call_fetch_failed (sim->call);
      req_free (req);
      return;
    }

  switch (req->kind)
    {
    case REQ_CALL:
      {
        CvnGroupCallInfo info = srv_call (sim);

        page (sim, 0, parts, &next_offset);
        _cvn_group_call_apply_snapshot (sim->call, &info, (CvnParticipantInfo *) (gpointer) parts->data,
                                        parts->len, next_offset, sim->version);
      }
      break;
    case REQ_PAGE:
      page (sim, req->offset, parts, &next_offset);
      _cvn_group_call_apply_snapshot (sim->call, NULL, (CvnParticipantInfo *) (gpointer) parts->data,
                                      parts->len, next_offset, sim->version);
      break;
    case REQ_BY_ID:
      for (guint i = 0; i < req->peers->len; i++)
        {
          SrvParticipant *p = srv_find (sim, g_array_index (req->peers, CvnPeer, i).id, NULL);

          if (p != NULL)
            {
              CvnParticipantInfo info = srv_to_info (p, 0);

              g_array_append_val (parts, info);
            }
        }
      _cvn_group_call_apply_participants_by_id (sim->call, (CvnParticipantInfo *) (gpointer) parts->data,
                                                parts->len, sim->version);
      break;
    default:
      g_assert_not_reached ();
    }

  req_free (req);
}

/* --- comparison --- */

static gboolean
check_equal (Sim      *sim,
             GString  *why)
{
  GListModel *list = cvn_group_call_get_participants (sim->call);
  guint n = g_list_model_get_n_items (list);
  gboolean ok = TRUE;

  if (cvn_group_call_get_version (sim->call) != sim->version)
    {
      g_string_append_printf (why, "version %d, server %d; ", cvn_group_call_get_version (sim->call), sim->version);
      ok = FALSE;
    }
  {
    CvnGroupCallInfo info = srv_call (sim);

    if (g_strcmp0 (cvn_group_call_get_title (sim->call), info.title) != 0)
      {
        g_string_append_printf (why, "title %s, server %s; ", cvn_group_call_get_title (sim->call), info.title);
        ok = FALSE;
      }
  }
  if (n != sim->participants->len)
    {
      g_string_append_printf (why, "%u participants, server %u; ", n, sim->participants->len);
      ok = FALSE;
    }

  for (guint i = 0; i < sim->participants->len; i++)
    {
      SrvParticipant *s = &g_array_index (sim->participants, SrvParticipant, i);
      CvnGroupCallParticipant *c =
        cvn_group_call_participant_list_lookup (CVN_GROUP_CALL_PARTICIPANT_LIST (list), CVN_PEER_TYPE_USER, s->id);

      if (c == NULL)
        {
          g_string_append_printf (why, "%" G_GINT64_FORMAT " missing; ", s->id);
          ok = FALSE;
          continue;
        }
      if (cvn_group_call_participant_get_muted (c) != s->muted
          || cvn_group_call_participant_get_raise_hand_rating (c) != s->rating
          || cvn_group_call_participant_get_active_date (c) != s->active_date
          || cvn_group_call_participant_get_date (c) != s->date
          || cvn_group_call_participant_get_volume (c) != (s->volume ? s->volume : 10000))
        {
          g_string_append_printf (why, "%" G_GINT64_FORMAT " differs (muted %d/%d rating %" G_GINT64_FORMAT "/%" G_GINT64_FORMAT
                                  " active %d/%d volume %d/%d); ", s->id,
                                  cvn_group_call_participant_get_muted (c), s->muted,
                                  cvn_group_call_participant_get_raise_hand_rating (c), s->rating,
                                  cvn_group_call_participant_get_active_date (c), s->active_date,
                                  cvn_group_call_participant_get_volume (c), s->volume);
          ok = FALSE;
        }
    }

  /* the list is sorted and every item is where get_position says */
  for (guint i = 0; i + 1 < n; i++)
    {
      g_autoptr(CvnGroupCallParticipant) a = g_list_model_get_item (list, i);
      g_autoptr(CvnGroupCallParticipant) b = g_list_model_get_item (list, i + 1);
      gint64 ra = cvn_group_call_participant_get_raise_hand_rating (a);
      gint64 rb = cvn_group_call_participant_get_raise_hand_rating (b);

      if (ra < rb || cvn_group_call_participant_list_get_position (CVN_GROUP_CALL_PARTICIPANT_LIST (list), a) != i)
        {
          g_string_append_printf (why, "order broken at %u; ", i);
          ok = FALSE;
          break;
        }
    }

  return ok;
}

/* A mirror of the list kept only through items-changed: it must always equal the list. */
typedef struct
{
  GPtrArray *items;
  gboolean   broken;
} Mirror;

static void
mirror_changed_cb (GListModel *list,
                   guint       position,
                   guint       removed,
                   guint       added,
                   Mirror     *mirror)
{
  if (position + removed > mirror->items->len)
    {
      mirror->broken = TRUE;
      return;
    }
  g_ptr_array_remove_range (mirror->items, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (mirror->items, position + i, g_list_model_get_item (list, position + i));
}

static gboolean
mirror_matches (Mirror     *mirror,
                GListModel *list)
{
  if (mirror->broken || mirror->items->len != g_list_model_get_n_items (list))
    return FALSE;
  for (guint i = 0; i < mirror->items->len; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (list, i);

      if (item != g_ptr_array_index (mirror->items, i))
        return FALSE;
    }
  return TRUE;
}

static gboolean
run_seed (guint32  seed,
          GString *why)
{
  static const CvnGroupCallFetcher vtable = { sim_fetch_call, sim_fetch_participants, sim_fetch_by_id };
  Sim sim = { 0 };
  Mirror mirror = { g_ptr_array_new_with_free_func (g_object_unref), FALSE };
  gboolean ok;
  guint rounds;

  sim.seed = seed;
  sim.rand = g_rand_new_with_seed (seed);
  sim.clock = cvn_clock_new_fake ();
  sim.call = cvn_group_call_new (sim.clock);
  sim.participants = g_array_new (FALSE, FALSE, sizeof (SrvParticipant));
  sim.in_flight = g_ptr_array_new_with_free_func (g_free);
  sim.requests = g_ptr_array_new_with_free_func (req_free);
  sim.version = g_rand_int_range (sim.rand, 1, 100);
  sim.now = 1000;
  sim.page_size = g_rand_int_range (sim.rand, 1, 6);
  _cvn_group_call_set_fetcher (sim.call, &vtable, &sim);
  g_signal_connect (cvn_group_call_get_participants (sim.call), "items-changed",
                    G_CALLBACK (mirror_changed_cb), &mirror);

  /* a few participants before the client loads */
  for (guint i = 0; i < 10; i++)
    srv_op (&sim);
  g_ptr_array_set_size (sim.in_flight, 0);
  _cvn_group_call_request_refetch (sim.call);

  for (guint op = 0; op < N_OPS; op++)
    {
      guint r = g_rand_int_range (sim.rand, 0, 100);

      if (r < 40)
        srv_op (&sim);
      else if (r < 70 && sim.in_flight->len > 0)
        {
          Msg *msg = g_ptr_array_steal_index (sim.in_flight, 0);

          deliver (&sim, msg);
          g_free (msg);
        }
      else if (r < 78 && sim.in_flight->len > 0)
        {
          /* reorder */
          Msg *msg = g_ptr_array_steal_index (sim.in_flight, g_rand_int_range (sim.rand, 0, sim.in_flight->len));

          deliver (&sim, msg);
          g_free (msg);
        }
      else if (r < 83 && sim.in_flight->len > 0)
        {
          /* drop (versioned and call updates: a lost activity update is never repaired
           * by anything but a refetch, on Telegram too) */
          guint i = g_rand_int_range (sim.rand, 0, sim.in_flight->len);
          Msg *msg = g_ptr_array_index (sim.in_flight, i);

          if (msg->is_call || _cvn_participant_info_is_versioned (&msg->part))
            g_ptr_array_remove_index (sim.in_flight, i);
        }
      else if (r < 87 && sim.in_flight->len > 0)
        {
          /* duplicate */
          deliver (&sim, g_ptr_array_index (sim.in_flight, g_rand_int_range (sim.rand, 0, sim.in_flight->len)));
        }
      else if (r < 95 && sim.requests->len > 0)
        answer (&sim, g_rand_int_range (sim.rand, 0, sim.requests->len), TRUE);
      else
        cvn_clock_advance (sim.clock, g_rand_int_range (sim.rand, 0, 1500));

      if (!mirror_matches (&mirror, cvn_group_call_get_participants (sim.call)))
        {
          g_string_append_printf (why, "items-changed mirror differs after op %u; ", op);
          break;
        }
    }

  /* quiescence: everything still in flight arrives (in random order), then one last update
   * that is not lost (so a lost last update shows as a gap), then fetches are answered and
   * time passes until nothing is left to do */
  while (sim.in_flight->len > 0)
    {
      Msg *msg = g_ptr_array_steal_index (sim.in_flight, g_rand_int_range (sim.rand, 0, sim.in_flight->len));

      deliver (&sim, msg);
      g_free (msg);
    }
  {
    CvnGroupCallInfo info;

    sim.version++;
    info = srv_call (&sim);
    _cvn_group_call_handle_update_group_call (sim.call, &info);
  }
  for (rounds = 0; rounds < 100; rounds++)
    {
      while (sim.requests->len > 0)
        answer (&sim, 0, FALSE);
      cvn_clock_advance (sim.clock, 1100);
      if (sim.requests->len == 0 && cvn_clock_get_n_pending (sim.clock) == 0
          && !cvn_group_call_get_syncing (sim.call) && _cvn_group_call_get_n_pending (sim.call) == 0)
        break;
    }
  if (rounds == 100)
    g_string_append (why, "no quiescence; ");

  ok = why->len == 0 && check_equal (&sim, why);
  if (ok && !mirror_matches (&mirror, cvn_group_call_get_participants (sim.call)))
    {
      g_string_append (why, "items-changed mirror differs at the end; ");
      ok = FALSE;
    }

  g_signal_handlers_disconnect_by_data (cvn_group_call_get_participants (sim.call), &mirror);
  g_ptr_array_unref (mirror.items);
  g_assert_finalize_object (sim.call);
  g_assert_finalize_object (sim.clock);
  g_array_unref (sim.participants);
  g_ptr_array_unref (sim.in_flight);
  g_ptr_array_unref (sim.requests);
  g_rand_free (sim.rand);

  return ok;
}

static void
test_property (void)
{
  const char *one = g_getenv ("CVN_PROPERTY_SEED");
  const char *count = g_getenv ("CVN_PROPERTY_SEEDS");
  guint32 first = one ? (guint32) g_ascii_strtoull (one, NULL, 10) : 1;
  /* 1000 seeds take about a second; under valgrind, fewer. */
  guint n = one ? 1 : (count ? (guint) g_ascii_strtoull (count, NULL, 10)
                             : (g_getenv ("CVN_UNDER_VALGRIND") ? 50 : 1000));
  guint failures = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GString) why = g_string_new (NULL);
      guint32 seed = first + i;

      if (!run_seed (seed, why))
        {
          g_test_message ("seed %u failed: %s (rerun with CVN_PROPERTY_SEED=%u)", seed, why->str, seed);
          failures++;
        }
    }

  g_test_message ("%u seeds, %u failures", n, failures);
  g_assert_cmpuint (failures, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/group-call/property", test_property);

  return g_test_run ();
}
