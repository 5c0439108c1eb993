/* cvn-sandbox-sim.c: simulated participants and the world commands of the control interface.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A simulated participant changes exactly as a real one would through the API (the same
 * version bumps and updates), driven by the world's clock and a generator seeded from the
 * world's seed, so a run is reproducible.  In world commands an id > 0 names a user, an id
 * < 0 names a channel (-channel_id), as participants can be channels.
 */
#include "config.h"

#include "cvn-sandbox-calls-private.h"

#include <string.h>

static gboolean
live_call (CvnSandboxWorld *self,
           gint64           call_id,
           CvnSandboxCall **call_out,
           GError         **error)
{
  CvnSandboxCall *call;

  if (call_id == 0)
    call_id = cvn_sandbox_world_find_call (self, 1000000001);
  call = cvn_sandbox_world_get_call (self, call_id);
  if (call == NULL || call->discarded || call->schedule_date != 0)
    {
      g_set_error (error, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_FAILED,
                   "no live call %" G_GINT64_FORMAT, call_id);
      return FALSE;
    }
  *call_out = call;
  return TRUE;
}

static CvnSandboxPeer
peer_of (gint64 id)
{
  CvnSandboxPeer peer;

  peer.type = id > 0 ? CVN_SANDBOX_PEER_USER : CVN_SANDBOX_PEER_CHANNEL;
  peer.id = id > 0 ? id : -id;
  return peer;
}

static gboolean
find_participant (CvnSandboxCall         *call,
                  gint64                  id,
                  CvnSandboxParticipant **p_out,
                  GError                **error)
{
  CvnSandboxPeer peer = peer_of (id);

  *p_out = cvn_sandbox_call_find (call, &peer);
  if (*p_out == NULL)
    {
      g_set_error (error, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_FAILED,
                   "%" G_GINT64_FORMAT " is not in call %" G_GINT64_FORMAT, id, call->id);
      return FALSE;
    }
  return TRUE;
}

static void
announce (CvnSandboxWorld       *self,
          CvnSandboxCall        *call,
          CvnSandboxParticipant *p,
          CvnSandboxChangeFlags  flags)
{
  cvn_sandbox_participants_changed (self, NULL, call, NULL, 0, p, flags, NULL);
}

gboolean
cvn_sandbox_world_sim_join (CvnSandboxWorld *self,
                            gint64           call_id,
                            gint64           id,
                            gboolean         as_channel,
                            GError         **error)
{
  CvnSandboxCall *call;
  CvnSandboxPeer peer;
  CvnSandboxParticipant *p;
  gint64 user_id;

  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), FALSE);
  if (!live_call (self, call_id, &call, error))
    return FALSE;
  if (as_channel)
    {
      g_autoptr(GList) chats = g_list_sort (g_hash_table_get_values (self->chats),
                                            (GCompareFunc) cvn_sandbox_chat_compare);

      peer.type = CVN_SANDBOX_PEER_NONE;
      for (GList *l = chats; l != NULL; l = l->next)
        {
          CvnSandboxChat *chat = l->data;
          CvnSandboxPeer candidate = { CVN_SANDBOX_PEER_CHANNEL, chat->id };

          if (chat->kind == CVN_SANDBOX_CHAT_GROUP || cvn_sandbox_call_find (call, &candidate) != NULL ||
              (id < 0 && chat->id != -id))
            continue;
          peer = candidate;
          break;
        }
      if (peer.type == CVN_SANDBOX_PEER_NONE)
        {
          g_set_error_literal (error, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_FAILED,
                               "no channel left to join as");
          return FALSE;
        }
      user_id = cvn_sandbox_world_get_chat (self, peer.id)->creator_id;
    }
  else
    {
      CvnSandboxUser *user;

      if (id <= 0)
        {
          g_autofree char *name = g_strdup_printf ("Guest %u", g_rand_int_range (self->sim_rand, 100, 1000));
          user = cvn_sandbox_world_add_user (self, 0, NULL, name, NULL, NULL);
        }
      else if ((user = cvn_sandbox_world_get_user (self, id)) == NULL || !user->simulated)
        {
          g_set_error (error, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_FAILED,
                       "%" G_GINT64_FORMAT " is not a simulated user", id);
          return FALSE;
        }
      peer.type = CVN_SANDBOX_PEER_USER;
      peer.id = user->id;
      user_id = user->id;
      if (call->chat_id != 0 && !cvn_sandbox_chat_is_member (cvn_sandbox_world_get_chat (self, call->chat_id), user_id))
        cvn_sandbox_chat_add_member (cvn_sandbox_world_get_chat (self, call->chat_id), user_id, 0);
    }
  if (cvn_sandbox_call_find (call, &peer) != NULL)
    {
      g_set_error_literal (error, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_FAILED, "already in the call");
      return FALSE;
    }
  p = cvn_sandbox_participant_new (self, &peer, user_id);
  p->simulated = TRUE;
  p->muted = TRUE;
  p->can_self_unmute = !call->join_muted && !call->rtmp_stream;
  p->source = cvn_sandbox_call_new_source (self, call);
  cvn_sandbox_call_add_participant (call, p);
  announce (self, call, p, CVN_SANDBOX_CHANGE_JUST_JOINED);
  cvn_sandbox_world_changed (self);
  return TRUE;
}

gboolean
cvn_sandbox_world_sim_leave (CvnSandboxWorld *self,
                             gint64           call_id,
                             gint64           id,
                             GError         **error)
{
  CvnSandboxCall *call;
  CvnSandboxParticipant *p;
  CvnSandboxSimLeft left;

  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), FALSE);
  if (!live_call (self, call_id, &call, error) || !find_participant (call, id, &p, error))
    return FALSE;
  left.peer = p->peer;
  left.user_id = p->user_id;
  left.call_id = call->id;
  if (p->simulated)
    g_array_append_val (self->sim_left, left);
  cvn_sandbox_call_leave (self, NULL, call, NULL, 0, p);
  cvn_sandbox_world_changed (self);
  return TRUE;
}

gboolean
cvn_sandbox_world_sim_speak (CvnSandboxWorld *self,
                             gint64           call_id,
                             gint64           id,
                             GError         **error)
{
  CvnSandboxCall *call;
  CvnSandboxParticipant *p;

  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), FALSE);
  if (!live_call (self, call_id, &call, error) || !find_participant (call, id, &p, error))
    return FALSE;
  if (p->muted)
    {
      if (!p->can_self_unmute)
        {
          g_set_error_literal (error, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_FAILED, "muted by an admin");
          return FALSE;
        }
      p->muted = FALSE;
      p->raise_hand_rating = 0;
      p->active_date = cvn_sandbox_world_now (self);
      announce (self, call, p, 0);
    }
  else
    {
      /* speaking only refreshes active_date: not versioned */
      p->active_date = cvn_sandbox_world_now (self);
      announce (self, call, p, CVN_SANDBOX_CHANGE_UNVERSIONED);
    }
  return TRUE;
}

gboolean
cvn_sandbox_world_sim_edit (CvnSandboxWorld *self,
                            gint64           call_id,
                            gint64           id,
                            const char      *what,
                            gboolean         on,
                            GError         **error)
{
  CvnSandboxCall *call;
  CvnSandboxParticipant *p;

  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), FALSE);
  if (!live_call (self, call_id, &call, error) || !find_participant (call, id, &p, error))
    return FALSE;
  if (g_strcmp0 (what, "mute") == 0)
    {
      if (!on && !p->can_self_unmute)
        {
          g_set_error_literal (error, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_FAILED, "muted by an admin");
          return FALSE;
        }
      p->muted = on;
    }
  else if (g_strcmp0 (what, "hand") == 0)
    p->raise_hand_rating = on ? cvn_sandbox_world_next_hand_rating (self) : 0;
  else if (g_strcmp0 (what, "video") == 0)
    {
      if (on && p->video == NULL)
        {
          if (p->camera == NULL)
            p->camera = cvn_sandbox_video_new_camera (self->sim_rand, p->source, 3);
          p->video = g_new0 (CvnSandboxVideo, 1);
          p->video->endpoint = g_strdup (p->camera->endpoint);
          p->video->groups = g_ptr_array_ref (p->camera->groups);
          p->video_joined = TRUE;
        }
      else if (!on)
        g_clear_pointer (&p->video, cvn_sandbox_video_free);
    }
  else if (g_strcmp0 (what, "screen") == 0)
    {
      if (on && p->presentation == NULL)
        p->presentation = cvn_sandbox_video_new_camera (self->sim_rand, p->source + 16, 2);
      else if (!on)
        g_clear_pointer (&p->presentation, cvn_sandbox_video_free);
    }
  else if (g_strcmp0 (what, "pause") == 0)
    {
      if (p->video == NULL)
        {
          g_set_error_literal (error, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_FAILED, "camera is off");
          return FALSE;
        }
      p->video->paused = on;
    }
  else
    {
      g_set_error (error, CVN_SANDBOX_ERROR, CVN_SANDBOX_ERROR_FAILED,
                   "unknown edit \"%s\" (mute, hand, video, screen, pause)", what);
      return FALSE;
    }
  announce (self, call, p, 0);
  cvn_sandbox_world_changed (self);
  return TRUE;
}

/* --- the script ----------------------------------------------------------------------------- */

static gint64
participant_id (CvnSandboxParticipant *p)
{
  return p->peer.type == CVN_SANDBOX_PEER_USER ? p->peer.id : -p->peer.id;
}

char *
cvn_sandbox_world_simulate_step (CvnSandboxWorld *self)
{
  g_autoptr(GList) calls = NULL;
  g_autoptr(GPtrArray) live = g_ptr_array_new ();
  g_autoptr(GPtrArray) actors = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  CvnSandboxCall *call;
  CvnSandboxParticipant *p;
  GHashTableIter iter;
  gpointer value;
  guint event;
  gint64 id;
  gboolean ok = FALSE;
  const char *what = "nothing";

  g_return_val_if_fail (CVN_IS_SANDBOX_WORLD (self), NULL);
  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    calls = g_list_prepend (calls, value);
  calls = g_list_sort (calls, (GCompareFunc) cvn_sandbox_id_compare);
  for (GList *l = calls; l != NULL; l = l->next)
    {
      CvnSandboxCall *c = l->data;

      if (!c->discarded && c->schedule_date == 0 && !c->rtmp_stream)
        g_ptr_array_add (live, c);
    }
  if (live->len == 0)
    return g_strdup ("no live call");
  call = g_ptr_array_index (live, g_rand_int_range (self->sim_rand, 0, live->len));
  /* actors: simulated participants who may speak (listeners of a big stage only leave/join) */
  for (guint i = 0; i < call->participants->len && actors->len < 64; i++)
    {
      CvnSandboxParticipant *c = g_ptr_array_index (call->participants, i);

      if (c->simulated)
        g_ptr_array_add (actors, c);
    }
  event = g_rand_int_range (self->sim_rand, 0, 8);
  if (actors->len == 0 || (event == 7 && self->sim_left->len > 0))
    {
      /* someone who left comes back (or a guest arrives) */
      for (guint i = 0; i < self->sim_left->len; i++)
        {
          CvnSandboxSimLeft *left = &g_array_index (self->sim_left, CvnSandboxSimLeft, i);

          if (left->call_id != call->id)
            continue;
          id = left->peer.type == CVN_SANDBOX_PEER_USER ? left->peer.id : -left->peer.id;
          g_array_remove_index (self->sim_left, i);
          ok = cvn_sandbox_world_sim_join (self, call->id, id, id < 0, &error);
          return g_strdup_printf ("call %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT " joins again%s",
                                  call->id, id, ok ? "" : " (failed)");
        }
      ok = cvn_sandbox_world_sim_join (self, call->id, 0, g_rand_int_range (self->sim_rand, 0, 4) == 0, &error);
      return g_strdup_printf ("call %" G_GINT64_FORMAT ": a guest joins%s", call->id, ok ? "" : " (failed)");
    }
  p = g_ptr_array_index (actors, g_rand_int_range (self->sim_rand, 0, actors->len));
  id = participant_id (p);
  switch (event)
    {
    case 0:
    case 1:
      what = "speaks";
      ok = cvn_sandbox_world_sim_speak (self, call->id, id, &error);
      break;
    case 2:
      what = p->muted ? "unmutes" : "mutes";
      ok = cvn_sandbox_world_sim_edit (self, call->id, id, "mute", !p->muted, &error);
      break;
    case 3:
      what = p->raise_hand_rating != 0 ? "lowers a hand" : "raises a hand";
      ok = cvn_sandbox_world_sim_edit (self, call->id, id, "hand", p->raise_hand_rating == 0, &error);
      break;
    case 4:
      what = p->video != NULL ? "stops the camera" : "starts the camera";
      ok = cvn_sandbox_world_sim_edit (self, call->id, id, "video", p->video == NULL, &error);
      break;
    case 5:
      what = p->presentation != NULL ? "stops sharing the screen" : "shares the screen";
      ok = cvn_sandbox_world_sim_edit (self, call->id, id, "screen", p->presentation == NULL, &error);
      break;
    case 6:
    case 7:
    default:
      what = "leaves";
      ok = cvn_sandbox_world_sim_leave (self, call->id, id, &error);
      break;
    }
  return g_strdup_printf ("call %" G_GINT64_FORMAT ": %" G_GINT64_FORMAT " %s%s", call->id, id, what,
                          ok ? "" : " (refused)");
}

/* On the clock, besides the script's one event, every live call has one of its unmuted
 * simulated participants talk (its voice runs CVN_SANDBOX_VOICE_TALK_SECONDS), so a demo call
 * sounds like a conversation instead of a rare remark. Its own random stream keeps the
 * script of cvn_sandbox_world_simulate_step () the same for a seed. */
static void
sim_chatter (CvnSandboxWorld *self)
{
  g_autoptr(GList) calls = NULL;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->calls);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    calls = g_list_prepend (calls, value);
  calls = g_list_sort (calls, (GCompareFunc) cvn_sandbox_id_compare);
  for (GList *l = calls; l != NULL; l = l->next)
    {
      CvnSandboxCall *call = l->data;
      g_autoptr(GPtrArray) talkers = NULL;
      CvnSandboxParticipant *p;
      g_autoptr(GError) error = NULL;

      if (call->discarded || call->schedule_date != 0 || call->rtmp_stream)
        continue;
      talkers = g_ptr_array_new ();
      for (guint i = 0; i < call->participants->len; i++)
        {
          p = g_ptr_array_index (call->participants, i);
          if (p->simulated && !p->muted)
            g_ptr_array_add (talkers, p);
        }
      if (talkers->len == 0)
        continue;
      p = g_ptr_array_index (talkers, g_rand_int_range (self->chatter_rand, 0, talkers->len));
      if (!cvn_sandbox_world_sim_speak (self, call->id, participant_id (p), &error))
        g_debug ("sandbox simulation: call %" G_GINT64_FORMAT ": chatter refused: %s", call->id, error->message);
    }
}

static void
sim_tick (gpointer user_data)
{
  CvnSandboxWorld *self = user_data;
  g_autofree char *what = NULL;

  self->sim_timeout = 0;
  what = cvn_sandbox_world_simulate_step (self);
  g_debug ("sandbox simulation: %s", what);
  sim_chatter (self);
  if (self->sim_interval != 0)
    self->sim_timeout = cvn_clock_add_timeout (self->clock, self->sim_interval, sim_tick, self);
}

void
cvn_sandbox_world_set_simulation (CvnSandboxWorld *self,
                                  guint            interval_ms)
{
  g_return_if_fail (CVN_IS_SANDBOX_WORLD (self));
  if (self->sim_timeout != 0)
    cvn_clock_remove_timeout (self->clock, self->sim_timeout);
  self->sim_timeout = 0;
  self->sim_interval = interval_ms;
  if (interval_ms != 0)
    self->sim_timeout = cvn_clock_add_timeout (self->clock, interval_ms, sim_tick, self);
}
