/* cvn-sandbox-session.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-sandbox-private.h"

#include <string.h>

struct _CvnSandboxSession
{
  GObject  parent_instance;

  guint64  id;
  gint64   user_id;
  GQueue   pending;          /* GBytes* */
  gboolean queueing;

  char    *login_phone;
  char    *login_hash;
  guint8   srp_b[256];
  guint8   srp_B[256];
  gint64   srp_id;
  char    *login_token;
};

G_DEFINE_FINAL_TYPE (CvnSandboxSession, cvn_sandbox_session, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_USER_ID,
  N_PROPS
};

enum {
  SIGNAL_UPDATE,
  SIGNAL_CUT,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
cvn_sandbox_session_finalize (GObject *object)
{
  CvnSandboxSession *self = CVN_SANDBOX_SESSION (object);

  g_queue_clear_full (&self->pending, (GDestroyNotify) g_bytes_unref);
  g_free (self->login_phone);
  g_free (self->login_hash);
  g_free (self->login_token);
  memset (self->srp_b, 0, sizeof self->srp_b);

  G_OBJECT_CLASS (cvn_sandbox_session_parent_class)->finalize (object);
}

static void
cvn_sandbox_session_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  CvnSandboxSession *self = CVN_SANDBOX_SESSION (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_uint64 (value, self->id);
      break;
    case PROP_USER_ID:
      g_value_set_int64 (value, self->user_id);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_sandbox_session_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  CvnSandboxSession *self = CVN_SANDBOX_SESSION (object);

  switch (prop_id)
    {
    case PROP_ID:
      self->id = g_value_get_uint64 (value);
      break;
    case PROP_USER_ID:
      cvn_sandbox_session_set_user_id (self, g_value_get_int64 (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_sandbox_session_class_init (CvnSandboxSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = cvn_sandbox_session_finalize;
  object_class->get_property = cvn_sandbox_session_get_property;
  object_class->set_property = cvn_sandbox_session_set_property;

  properties[PROP_ID] =
    g_param_spec_uint64 ("id", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY |
                         G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_USER_ID] =
    g_param_spec_int64 ("user-id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* ::update (GBytes *updates): an encoded TL Updates pushed to this session. */
  signals[SIGNAL_UPDATE] =
    g_signal_new ("update", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BYTES);
  /* ::cut: the transport should drop the connection now. */
  signals[SIGNAL_CUT] =
    g_signal_new ("cut", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
cvn_sandbox_session_init (CvnSandboxSession *self)
{
  g_queue_init (&self->pending);
  self->queueing = TRUE;
}

CvnSandboxSession *
cvn_sandbox_session_new (guint64 id)
{
  return g_object_new (CVN_TYPE_SANDBOX_SESSION, "id", id, NULL);
}

guint64
cvn_sandbox_session_get_id (CvnSandboxSession *self)
{
  g_return_val_if_fail (CVN_IS_SANDBOX_SESSION (self), 0);
  return self->id;
}

gint64
cvn_sandbox_session_get_user_id (CvnSandboxSession *self)
{
  g_return_val_if_fail (CVN_IS_SANDBOX_SESSION (self), 0);
  return self->user_id;
}

void
cvn_sandbox_session_set_user_id (CvnSandboxSession *self,
                                 gint64             user_id)
{
  g_return_if_fail (CVN_IS_SANDBOX_SESSION (self));
  if (self->user_id == user_id)
    return;
  self->user_id = user_id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USER_ID]);
}

GBytes *
cvn_sandbox_session_pop_update (CvnSandboxSession *self)
{
  g_return_val_if_fail (CVN_IS_SANDBOX_SESSION (self), NULL);
  return g_queue_pop_head (&self->pending);
}

guint
cvn_sandbox_session_get_n_pending (CvnSandboxSession *self)
{
  g_return_val_if_fail (CVN_IS_SANDBOX_SESSION (self), 0);
  return self->pending.length;
}

void
cvn_sandbox_session_set_queueing (CvnSandboxSession *self,
                                  gboolean           queueing)
{
  g_return_if_fail (CVN_IS_SANDBOX_SESSION (self));
  self->queueing = queueing;
}

void
cvn_sandbox_session_cut (CvnSandboxSession *self)
{
  g_return_if_fail (CVN_IS_SANDBOX_SESSION (self));
  g_signal_emit (self, signals[SIGNAL_CUT], 0);
}

void
cvn_sandbox_session_deliver (CvnSandboxSession *self,
                             GBytes            *updates)
{
  if (self->queueing)
    g_queue_push_tail (&self->pending, g_bytes_ref (updates));
  g_signal_emit (self, signals[SIGNAL_UPDATE], 0, updates);
}

void
cvn_sandbox_session_set_login_state (CvnSandboxSession *self,
                                     const char        *phone,
                                     const char        *phone_code_hash)
{
  g_free (self->login_phone);
  g_free (self->login_hash);
  self->login_phone = g_strdup (phone);
  self->login_hash = g_strdup (phone_code_hash);
}

const char *
cvn_sandbox_session_get_login_phone (CvnSandboxSession *self)
{
  return self->login_phone;
}

const char *
cvn_sandbox_session_get_login_hash (CvnSandboxSession *self)
{
  return self->login_hash;
}

guint8 *
cvn_sandbox_session_get_srp_b (CvnSandboxSession *self,
                               gint64            *srp_id)
{
  *srp_id = self->srp_id;
  return self->srp_b;
}

const guint8 *
cvn_sandbox_session_get_srp_B (CvnSandboxSession *self)
{
  return self->srp_B;
}

void
cvn_sandbox_session_set_srp_b (CvnSandboxSession *self,
                               const guint8      *b,
                               const guint8      *B,
                               gint64             srp_id)
{
  memcpy (self->srp_b, b, sizeof self->srp_b);
  memcpy (self->srp_B, B, sizeof self->srp_B);
  self->srp_id = srp_id;
}

void
cvn_sandbox_session_set_login_token (CvnSandboxSession *self,
                                     const char        *token)
{
  g_free (self->login_token);
  self->login_token = g_strdup (token);
}

const char *
cvn_sandbox_session_get_login_token (CvnSandboxSession *self)
{
  return self->login_token;
}
