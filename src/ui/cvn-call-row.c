/* cvn-call-row.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-call-row.h"

#include <locale.h>

struct _CvnCallRow
{
  GtkListBoxRow parent_instance;

  CvnChat *chat;
  char *subtitle;
  guint countdown_id;

  AdwAvatar *avatar;
  GtkWidget *live_badge;
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
};

G_DEFINE_FINAL_TYPE (CvnCallRow, cvn_call_row, GTK_TYPE_LIST_BOX_ROW)

enum {
  PROP_0,
  PROP_CHAT,
  PROP_SUBTITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

char *
cvn_call_row_format_count (int n)
{
  const struct lconv *conv = localeconv ();
  const char *separator = conv->thousands_sep;
  g_autofree char *digits = g_strdup_printf ("%d", ABS (n));
  GString *out = g_string_new (n < 0 ? "-" : NULL);
  gsize len = strlen (digits);

  /* The C locale has no grouping; English (the untranslated text) groups by thousands. */
  if (separator == NULL || *separator == '\0')
    separator = ",";
  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append (out, separator);
      g_string_append_c (out, digits[i]);
    }
  return g_string_free (out, FALSE);
}

char *
cvn_call_row_format_call (CvnGroupCallState state,
                          gboolean          broadcast,
                          int               participants,
                          gint64            schedule_date,
                          gint64            now)
{
  g_autofree char *count = cvn_call_row_format_count (participants);

  switch (state)
    {
    case CVN_GROUP_CALL_STATE_LIVE:
      if (broadcast)
        /* Translators: a channel's livestream; %s is a number of viewers. */
        return g_strdup_printf (ngettext ("Livestream · %s watching", "Livestream · %s watching",
                                          participants), count);
      /* Translators: %s is a number of participants. */
      return g_strdup_printf (ngettext ("Live · %s participant", "Live · %s participants",
                                        participants), count);

    case CVN_GROUP_CALL_STATE_SCHEDULED:
      {
        gint64 left = schedule_date - now;

        if (schedule_date == 0)
          return g_strdup (_("Scheduled"));
        if (left <= 0)
          return g_strdup (_("Starting now"));
        if (left < 60)
          return g_strdup (_("Starts in less than a minute"));
        if (left < 3600)
          {
            int minutes = (int) ((left + 59) / 60);
            /* Translators: a scheduled call; %d is a number of minutes. */
            return g_strdup_printf (ngettext ("Starts in %d min", "Starts in %d min", minutes),
                                    minutes);
          }
        if (left < 48 * 3600)
          {
            int hours = (int) ((left + 1799) / 3600);
            return g_strdup_printf (ngettext ("Starts in %d hour", "Starts in %d hours", hours),
                                    hours);
          }
        else
          {
            g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (schedule_date);
            /* Translators: a date and time format for g_date_time_format(), e.g. "Mon 24 Nov, 18:00". */
            g_autofree char *date = g_date_time_format (when, _("%a %e %b, %H:%M"));
            /* Translators: a scheduled call; %s is a date and time. */
            return g_strdup_printf (_("Starts %s"), date);
          }
      }

    case CVN_GROUP_CALL_STATE_DISCARDED:
      return g_strdup (_("Ended"));

    case CVN_GROUP_CALL_STATE_UNKNOWN:
    default:
      return g_strdup (broadcast ? _("Livestream") : _("Video chat"));
    }
}

char *
cvn_call_row_format_subtitle (CvnChat *chat,
                              gint64   now)
{
  g_return_val_if_fail (CVN_IS_CHAT (chat), NULL);

  return cvn_call_row_format_call (cvn_chat_get_call_state (chat),
                                   cvn_chat_get_broadcast (chat),
                                   cvn_chat_get_participants_count (chat),
                                   cvn_chat_get_schedule_date (chat),
                                   now);
}

static gboolean countdown_cb (gpointer user_data);

static void
update_row (CvnCallRow *self)
{
  g_autofree char *subtitle = NULL;
  gboolean scheduled;

  if (self->chat == NULL)
    return;

  subtitle = cvn_call_row_format_subtitle (self->chat, g_get_real_time () / G_USEC_PER_SEC);
  gtk_label_set_label (self->title_label, cvn_chat_get_title (self->chat));
  adw_avatar_set_text (self->avatar, cvn_chat_get_title (self->chat));
  gtk_widget_set_visible (self->live_badge,
                          cvn_chat_get_call_state (self->chat) == CVN_GROUP_CALL_STATE_LIVE);
  gtk_widget_set_tooltip_text (self->live_badge, _("Live"));

  if (g_strcmp0 (subtitle, self->subtitle) != 0)
    {
      g_free (self->subtitle);
      self->subtitle = g_steal_pointer (&subtitle);
      gtk_label_set_label (self->subtitle_label, self->subtitle);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SUBTITLE]);
    }

  /* A scheduled call counts down: the text changes at most every few seconds. */
  scheduled = cvn_chat_get_call_state (self->chat) == CVN_GROUP_CALL_STATE_SCHEDULED;
  if (scheduled && self->countdown_id == 0)
    self->countdown_id = g_timeout_add_seconds (1, countdown_cb, self);
  else if (!scheduled)
    g_clear_handle_id (&self->countdown_id, g_source_remove);

  {
    g_autofree char *label = g_strdup_printf ("%s, %s", cvn_chat_get_title (self->chat),
                                              self->subtitle);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                    label, -1);
  }
}

static gboolean
countdown_cb (gpointer user_data)
{
  CvnCallRow *self = user_data;

  update_row (self);
  return G_SOURCE_CONTINUE;
}

static void
chat_notify_cb (CvnCallRow *self)
{
  update_row (self);
}

static void
cvn_call_row_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  CvnCallRow *self = CVN_CALL_ROW (object);

  switch (prop_id)
    {
    case PROP_CHAT:
      g_value_set_object (value, self->chat);
      break;
    case PROP_SUBTITLE:
      g_value_set_string (value, self->subtitle);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_call_row_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  CvnCallRow *self = CVN_CALL_ROW (object);

  switch (prop_id)
    {
    case PROP_CHAT:
      self->chat = g_value_dup_object (value);
      if (self->chat != NULL)
        g_signal_connect_object (self->chat, "notify", G_CALLBACK (chat_notify_cb), self,
                                 G_CONNECT_SWAPPED);
      update_row (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_call_row_dispose (GObject *object)
{
  CvnCallRow *self = CVN_CALL_ROW (object);

  g_clear_handle_id (&self->countdown_id, g_source_remove);
  if (self->chat != NULL)
    g_signal_handlers_disconnect_by_data (self->chat, self);
  g_clear_object (&self->chat);

  gtk_widget_dispose_template (GTK_WIDGET (self), CVN_TYPE_CALL_ROW);

  G_OBJECT_CLASS (cvn_call_row_parent_class)->dispose (object);
}

static void
cvn_call_row_finalize (GObject *object)
{
  CvnCallRow *self = CVN_CALL_ROW (object);

  g_free (self->subtitle);

  G_OBJECT_CLASS (cvn_call_row_parent_class)->finalize (object);
}

static void
cvn_call_row_class_init (CvnCallRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cvn_call_row_get_property;
  object_class->set_property = cvn_call_row_set_property;
  object_class->dispose = cvn_call_row_dispose;
  object_class->finalize = cvn_call_row_finalize;

  properties[PROP_CHAT] =
    g_param_spec_object ("chat", NULL, NULL, CVN_TYPE_CHAT,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SUBTITLE] =
    g_param_spec_string ("subtitle", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/convene/Convene/cvn-call-row.ui");
  gtk_widget_class_bind_template_child (widget_class, CvnCallRow, avatar);
  gtk_widget_class_bind_template_child (widget_class, CvnCallRow, live_badge);
  gtk_widget_class_bind_template_child (widget_class, CvnCallRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, CvnCallRow, subtitle_label);
}

static void
cvn_call_row_init (CvnCallRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
cvn_call_row_new (CvnChat *chat)
{
  g_return_val_if_fail (CVN_IS_CHAT (chat), NULL);

  return g_object_new (CVN_TYPE_CALL_ROW, "chat", chat, NULL);
}

CvnChat *
cvn_call_row_get_chat (CvnCallRow *self)
{
  g_return_val_if_fail (CVN_IS_CALL_ROW (self), NULL);

  return self->chat;
}

const char *
cvn_call_row_get_subtitle (CvnCallRow *self)
{
  g_return_val_if_fail (CVN_IS_CALL_ROW (self), NULL);

  return self->subtitle;
}
