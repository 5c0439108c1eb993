/* cvn-sandbox-world.h: the state of the sandbox data centre.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A CvnSandboxWorld holds accounts, users, basic groups, supergroups, channels, dialogs
 * with their history, group calls with their participants, and the sessions connected to
 * it.  It is built empty, from the built-in default world, or from a world file (JSON,
 * described in src/sandbox/README.md); with a state directory it saves itself after every
 * change and loads from there on the next start.  Everything random (access hashes,
 * sources, invite hashes, simulated participants) comes from the seed, so two worlds with
 * the same seed and the same requests are identical.
 *
 * Test phone numbers: 99966XYYYY (X a digit 1..9, YYYY any four digits), as on Telegram's
 * test data centres.  The login code of such a number is X repeated five times: 9996610001
 * gets 11111.  Numbers of other shapes are PHONE_NUMBER_INVALID.
 *
 * Time comes from a CvnClock (a fake one in tests); simulated participants run on its
 * timeouts.
 */
#pragma once

#include <glib-object.h>

#include "cvn-clock.h"
#include "cvn-sandbox-session.h"

G_BEGIN_DECLS

#define CVN_TYPE_SANDBOX_WORLD (cvn_sandbox_world_get_type ())

G_DECLARE_FINAL_TYPE (CvnSandboxWorld, cvn_sandbox_world, CVN, SANDBOX_WORLD, GObject)

/* Fault injection on pushed updates.  Each pushed update, per session, is dropped with
 * probability @drop, else delivered twice with @duplicate, else held back and delivered
 * after the next one with @reorder, else delayed by @delay_ms with @delay; draws come from
 * a generator seeded with @seed. */
typedef struct
{
  gdouble drop;
  gdouble duplicate;
  gdouble reorder;
  gdouble delay;
  guint   delay_ms;
  guint64 seed;
} CvnSandboxFaults;

/* Demo account ids of the default world. */
#define CVN_SANDBOX_DEMO_USER_ID     1001
#define CVN_SANDBOX_SECOND_USER_ID   1002
#define CVN_SANDBOX_2FA_USER_ID      1003

CvnSandboxWorld   *cvn_sandbox_world_new              (CvnClock         *clock,
                                                       guint64           seed);
CvnClock          *cvn_sandbox_world_get_clock        (CvnSandboxWorld  *self);
guint64            cvn_sandbox_world_get_seed         (CvnSandboxWorld  *self);

/* Fills an empty world. */
void               cvn_sandbox_world_load_default     (CvnSandboxWorld  *self);
gboolean           cvn_sandbox_world_load_data        (CvnSandboxWorld  *self,
                                                       const char       *data,
                                                       gssize            len,
                                                       GError          **error);
gboolean           cvn_sandbox_world_load_file        (CvnSandboxWorld  *self,
                                                       const char       *path,
                                                       GError          **error);
/* The whole world in the world file format (loading it gives the same world). */
char              *cvn_sandbox_world_to_data          (CvnSandboxWorld  *self);

/* State directory: `world.json` inside it.  load_state returns FALSE without error when
 * there is no saved state yet. */
void               cvn_sandbox_world_set_state_dir    (CvnSandboxWorld  *self,
                                                       const char       *dir);
gboolean           cvn_sandbox_world_load_state       (CvnSandboxWorld  *self,
                                                       GError          **error);
gboolean           cvn_sandbox_world_save_state       (CvnSandboxWorld  *self,
                                                       GError          **error);

/* The port help.getConfig advertises for the data centre. */
void               cvn_sandbox_world_set_listen_port  (CvnSandboxWorld  *self,
                                                       guint16           port);

/* A text listing the accounts that can log in (phone, code, password, name). */
char              *cvn_sandbox_world_describe_accounts (CvnSandboxWorld *self);

/* Sessions (the world keeps a reference until close_session). */
CvnSandboxSession *cvn_sandbox_world_open_session     (CvnSandboxWorld  *self);
void               cvn_sandbox_world_close_session    (CvnSandboxWorld  *self,
                                                       CvnSandboxSession *session);
guint              cvn_sandbox_world_get_n_sessions   (CvnSandboxWorld  *self);

/* Fault injection (see CvnSandboxFaults); NULL turns it off. */
void               cvn_sandbox_world_set_faults       (CvnSandboxWorld        *self,
                                                       const CvnSandboxFaults *faults);
/* Cuts every session of @user_id (0: every session). Returns how many. */
guint              cvn_sandbox_world_cut_sessions     (CvnSandboxWorld  *self,
                                                       gint64            user_id);

/* World commands for tests and the control interface.  @call_id 0 means "the live call of
 * the demo supergroup".  They act as the server would on the participant's request and push
 * the same updates. */
gint64             cvn_sandbox_world_find_call        (CvnSandboxWorld  *self,
                                                       gint64            chat_id);
gboolean           cvn_sandbox_world_sim_join         (CvnSandboxWorld  *self,
                                                       gint64            call_id,
                                                       gint64            user_id,
                                                       gboolean          as_channel,
                                                       GError          **error);
gboolean           cvn_sandbox_world_sim_leave        (CvnSandboxWorld  *self,
                                                       gint64            call_id,
                                                       gint64            user_id,
                                                       GError          **error);
gboolean           cvn_sandbox_world_sim_speak        (CvnSandboxWorld  *self,
                                                       gint64            call_id,
                                                       gint64            user_id,
                                                       GError          **error);
gboolean           cvn_sandbox_world_sim_edit         (CvnSandboxWorld  *self,
                                                       gint64            call_id,
                                                       gint64            user_id,
                                                       const char       *what,
                                                       gboolean          on,
                                                       GError          **error);

/* Simulated participants: every @interval_ms a deterministic (seeded) event in a call with
 * simulated participants: speak, mute/unmute, raise/lower hand, camera on/off, screen share
 * on/off, leave or join again (some joining as channels).  0 stops. */
void               cvn_sandbox_world_set_simulation   (CvnSandboxWorld  *self,
                                                       guint             interval_ms);
/* Runs one simulation step now; returns a short description of what happened. */
char              *cvn_sandbox_world_simulate_step    (CvnSandboxWorld  *self);

/* Counters: updates pushed to sessions, dropped by fault injection, requests rejected. */
void               cvn_sandbox_world_get_counters     (CvnSandboxWorld  *self,
                                                       guint64          *n_pushed,
                                                       guint64          *n_dropped,
                                                       guint64          *n_rejected);

/* Media: the SFU on @address (a loopback address; NULL: 127.0.0.1) and the simulated
 * participants' voices. Without it, joinGroupCall answers name a transport where nothing
 * listens (enough for signalling tests). */
typedef struct _CvnSandboxSfu   CvnSandboxSfu;
typedef struct _CvnSandboxVoice CvnSandboxVoice;

gboolean           cvn_sandbox_world_start_sfu        (CvnSandboxWorld  *self,
                                                       const char       *address,
                                                       GError          **error);
/* NULL before cvn_sandbox_world_start_sfu (). */
CvnSandboxSfu     *cvn_sandbox_world_get_sfu          (CvnSandboxWorld  *self);
CvnSandboxVoice   *cvn_sandbox_world_get_voice        (CvnSandboxWorld  *self);
/* Drops every SFU transport (clients must join again); returns how many. */
guint              cvn_sandbox_world_restart_sfu      (CvnSandboxWorld  *self);

G_END_DECLS
