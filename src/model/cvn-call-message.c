/* cvn-call-message.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-call-message-private.h"

struct _CvnCallMessage
{
  GObject      parent_instance;

  int          id;
  CvnPeerType  from_type;
  gint64       from_id;
  int          date;
  char        *text;
  gboolean     from_admin;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_FROM_TYPE,
  PROP_FROM_ID,
  PROP_DATE,
  PROP_TEXT,
  PROP_FROM_ADMIN,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (CvnCallMessage, cvn_call_message, G_TYPE_OBJECT)

static void
cvn_call_message_finalize (GObject *object)
{
  CvnCallMessage *self = CVN_CALL_MESSAGE (object);

  g_free (self->text);

  G_OBJECT_CLASS (cvn_call_message_parent_class)->finalize (object);
}

static void
cvn_call_message_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  CvnCallMessage *self = CVN_CALL_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int (value, self->id);
      break;
    case PROP_FROM_TYPE:
      g_value_set_enum (value, self->from_type);
      break;
    case PROP_FROM_ID:
      g_value_set_int64 (value, self->from_id);
      break;
    case PROP_DATE:
      g_value_set_int (value, self->date);
      break;
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;
    case PROP_FROM_ADMIN:
      g_value_set_boolean (value, self->from_admin);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_call_message_class_init (CvnCallMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags ro = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = cvn_call_message_finalize;
  object_class->get_property = cvn_call_message_get_property;

  properties[PROP_ID] = g_param_spec_int ("id", NULL, NULL, G_MININT32, G_MAXINT32, 0, ro);
  properties[PROP_FROM_TYPE] = g_param_spec_enum ("from-type", NULL, NULL, CVN_TYPE_PEER_TYPE, CVN_PEER_TYPE_USER, ro);
  properties[PROP_FROM_ID] = g_param_spec_int64 ("from-id", NULL, NULL, G_MININT64, G_MAXINT64, 0, ro);
  properties[PROP_DATE] = g_param_spec_int ("date", NULL, NULL, G_MININT32, G_MAXINT32, 0, ro);
  properties[PROP_TEXT] = g_param_spec_string ("text", NULL, NULL, NULL, ro);
  properties[PROP_FROM_ADMIN] = g_param_spec_boolean ("from-admin", NULL, NULL, FALSE, ro);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cvn_call_message_init (CvnCallMessage *self)
{
}

CvnCallMessage *
_cvn_call_message_new (int          id,
                       CvnPeerType  from_type,
                       gint64       from_id,
                       int          date,
                       const char  *text,
                       gboolean     from_admin)
{
  CvnCallMessage *self = g_object_new (CVN_TYPE_CALL_MESSAGE, NULL);

  self->id = id;
  self->from_type = from_type;
  self->from_id = from_id;
  self->date = date;
  self->text = g_strdup (text != NULL ? text : "");
  self->from_admin = from_admin;
  return self;
}

int
cvn_call_message_get_id (CvnCallMessage *self)
{
  g_return_val_if_fail (CVN_IS_CALL_MESSAGE (self), 0);
  return self->id;
}

CvnPeerType
cvn_call_message_get_from_type (CvnCallMessage *self)
{
  g_return_val_if_fail (CVN_IS_CALL_MESSAGE (self), CVN_PEER_TYPE_USER);
  return self->from_type;
}

gint64
cvn_call_message_get_from_id (CvnCallMessage *self)
{
  g_return_val_if_fail (CVN_IS_CALL_MESSAGE (self), 0);
  return self->from_id;
}

int
cvn_call_message_get_date (CvnCallMessage *self)
{
  g_return_val_if_fail (CVN_IS_CALL_MESSAGE (self), 0);
  return self->date;
}

const char *
cvn_call_message_get_text (CvnCallMessage *self)
{
  g_return_val_if_fail (CVN_IS_CALL_MESSAGE (self), NULL);
  return self->text;
}

gboolean
cvn_call_message_get_from_admin (CvnCallMessage *self)
{
  g_return_val_if_fail (CVN_IS_CALL_MESSAGE (self), FALSE);
  return self->from_admin;
}
