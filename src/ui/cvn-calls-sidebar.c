/* cvn-calls-sidebar.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-calls-sidebar.h"

#include "cvn-call-row.h"

struct _CvnCallsSidebar
{
  AdwBin parent_instance;

  CvnClient *client;
  GtkFilterListModel *filtered;
  GtkCustomFilter *filter;
  char *search;              /* casefolded, NULL when empty */
  CvnChat *selected;

  AdwHeaderBar *header_bar;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkStack *list_stack;
  GtkListBox *list_box;
};

G_DEFINE_FINAL_TYPE (CvnCallsSidebar, cvn_calls_sidebar, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_SHOW_TITLE_BUTTONS,
  N_PROPS
};

enum {
  SIGNAL_CHAT_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static gboolean
chat_matches (gpointer item,
              gpointer user_data)
{
  CvnCallsSidebar *self = user_data;
  const char *title = cvn_chat_get_title (item);
  g_autofree char *folded = NULL;

  if (self->search == NULL)
    return TRUE;
  if (title == NULL)
    return FALSE;
  folded = g_utf8_casefold (title, -1);
  return strstr (folded, self->search) != NULL ||
         g_str_match_string (self->search, title, TRUE);
}

static void
update_stack (CvnCallsSidebar *self)
{
  GListModel *all = self->client != NULL ? cvn_client_get_chats (self->client) : NULL;
  guint n_all = all != NULL ? g_list_model_get_n_items (all) : 0;
  guint n_shown = self->filtered != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) : 0;

  if (n_all == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
  else if (n_shown == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "no-results");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

static void
reselect (CvnCallsSidebar *self)
{
  GtkListBoxRow *row;

  if (self->selected == NULL)
    {
      gtk_list_box_unselect_all (self->list_box);
      return;
    }
  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->list_box, i)) != NULL; i++)
    if (CVN_IS_CALL_ROW (row) && cvn_call_row_get_chat (CVN_CALL_ROW (row)) == self->selected)
      {
        gtk_list_box_select_row (self->list_box, row);
        return;
      }
  gtk_list_box_unselect_all (self->list_box);
}

static void
items_changed_cb (CvnCallsSidebar *self)
{
  update_stack (self);
  /* Rows are made anew when the list reorders; keep the chat shown selected. */
  reselect (self);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  return cvn_call_row_new (item);
}

static void
row_activated_cb (CvnCallsSidebar *self,
                  GtkListBoxRow   *row)
{
  CvnChat *chat;

  if (!CVN_IS_CALL_ROW (row))
    return;
  chat = cvn_call_row_get_chat (CVN_CALL_ROW (row));
  g_set_object (&self->selected, chat);
  g_signal_emit (self, signals[SIGNAL_CHAT_ACTIVATED], 0, chat);
}

static void
search_changed_cb (CvnCallsSidebar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_clear_pointer (&self->search, g_free);
  if (text != NULL && *text != '\0')
    self->search = g_utf8_casefold (text, -1);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_stack (self);
}

static void
search_activate_cb (CvnCallsSidebar *self)
{
  GtkListBoxRow *first = gtk_list_box_get_row_at_index (self->list_box, 0);

  if (first != NULL)
    {
      gtk_list_box_select_row (self->list_box, first);
      row_activated_cb (self, first);
    }
}

void
cvn_calls_sidebar_set_client (CvnCallsSidebar *self,
                              CvnClient       *client)
{
  g_return_if_fail (CVN_IS_CALLS_SIDEBAR (self));
  g_return_if_fail (client == NULL || CVN_IS_CLIENT (client));

  if (self->client == client)
    return;

  g_set_object (&self->client, client);
  g_clear_object (&self->selected);
  gtk_filter_list_model_set_model (self->filtered,
                                   client != NULL ? cvn_client_get_chats (client) : NULL);
  update_stack (self);
}

void
cvn_calls_sidebar_select_chat (CvnCallsSidebar *self,
                               CvnChat         *chat)
{
  g_return_if_fail (CVN_IS_CALLS_SIDEBAR (self));

  g_set_object (&self->selected, chat);
  reselect (self);
}

void
cvn_calls_sidebar_start_search (CvnCallsSidebar *self)
{
  g_return_if_fail (CVN_IS_CALLS_SIDEBAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
cvn_calls_sidebar_search (CvnCallsSidebar *self,
                          const char      *text)
{
  g_return_if_fail (CVN_IS_CALLS_SIDEBAR (self));

  gtk_search_bar_set_search_mode (self->search_bar, text != NULL && *text != '\0');
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text != NULL ? text : "");
  /* Not waiting for the entry's delay. */
  search_changed_cb (self);
}

GtkListBox *
cvn_calls_sidebar_get_list_box (CvnCallsSidebar *self)
{
  g_return_val_if_fail (CVN_IS_CALLS_SIDEBAR (self), NULL);

  return self->list_box;
}

GListModel *
cvn_calls_sidebar_get_model (CvnCallsSidebar *self)
{
  g_return_val_if_fail (CVN_IS_CALLS_SIDEBAR (self), NULL);

  return G_LIST_MODEL (self->filtered);
}

static void
cvn_calls_sidebar_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  CvnCallsSidebar *self = CVN_CALLS_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SHOW_TITLE_BUTTONS:
      g_value_set_boolean (value, adw_header_bar_get_show_end_title_buttons (self->header_bar));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_calls_sidebar_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  CvnCallsSidebar *self = CVN_CALLS_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SHOW_TITLE_BUTTONS:
      if (adw_header_bar_get_show_end_title_buttons (self->header_bar) != g_value_get_boolean (value))
        {
          adw_header_bar_set_show_end_title_buttons (self->header_bar, g_value_get_boolean (value));
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_calls_sidebar_dispose (GObject *object)
{
  CvnCallsSidebar *self = CVN_CALLS_SIDEBAR (object);

  if (self->list_box != NULL)
    gtk_list_box_bind_model (self->list_box, NULL, NULL, NULL, NULL);
  g_clear_object (&self->filtered);
  g_clear_object (&self->client);
  g_clear_object (&self->selected);

  gtk_widget_dispose_template (GTK_WIDGET (self), CVN_TYPE_CALLS_SIDEBAR);

  G_OBJECT_CLASS (cvn_calls_sidebar_parent_class)->dispose (object);
}

static void
cvn_calls_sidebar_finalize (GObject *object)
{
  CvnCallsSidebar *self = CVN_CALLS_SIDEBAR (object);

  g_free (self->search);

  G_OBJECT_CLASS (cvn_calls_sidebar_parent_class)->finalize (object);
}

static void
cvn_calls_sidebar_class_init (CvnCallsSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = cvn_calls_sidebar_get_property;
  object_class->set_property = cvn_calls_sidebar_set_property;
  object_class->dispose = cvn_calls_sidebar_dispose;
  object_class->finalize = cvn_calls_sidebar_finalize;

  properties[PROP_SHOW_TITLE_BUTTONS] =
    g_param_spec_boolean ("show-title-buttons", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHAT_ACTIVATED] =
    g_signal_new ("chat-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, CVN_TYPE_CHAT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/convene/Convene/cvn-calls-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, CvnCallsSidebar, header_bar);
  gtk_widget_class_bind_template_child (widget_class, CvnCallsSidebar, search_bar);
  gtk_widget_class_bind_template_child (widget_class, CvnCallsSidebar, search_entry);
  gtk_widget_class_bind_template_child (widget_class, CvnCallsSidebar, list_stack);
  gtk_widget_class_bind_template_child (widget_class, CvnCallsSidebar, list_box);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
}

static void
cvn_calls_sidebar_init (CvnCallsSidebar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->filter = gtk_custom_filter_new (chat_matches, self, NULL);
  self->filtered = gtk_filter_list_model_new (NULL, GTK_FILTER (self->filter));
  gtk_list_box_bind_model (self->list_box, G_LIST_MODEL (self->filtered), create_row, self, NULL);
  g_signal_connect_object (self->filtered, "items-changed", G_CALLBACK (items_changed_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  update_stack (self);
}
