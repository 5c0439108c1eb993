/* cvn-login-page.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-login-page.h"

#include "cvn-application.h"
#include "cvn-qr-code.h"

typedef struct
{
  const char *iso;
  const char *name;
  const char *code;
} Country;

/* Calling codes (ITU-T E.164). The first entry is Telegram's test numbers, which the
 * sandbox serves (99966XYYYY). */
static const Country countries[] = {
  { "XT", N_("Test numbers"), "999" },
  { "AR", N_("Argentina"), "54" },
  { "AU", N_("Australia"), "61" },
  { "AT", N_("Austria"), "43" },
  { "BE", N_("Belgium"), "32" },
  { "BR", N_("Brazil"), "55" },
  { "CA", N_("Canada"), "1" },
  { "CN", N_("China"), "86" },
  { "CZ", N_("Czechia"), "420" },
  { "DK", N_("Denmark"), "45" },
  { "EG", N_("Egypt"), "20" },
  { "FI", N_("Finland"), "358" },
  { "FR", N_("France"), "33" },
  { "DE", N_("Germany"), "49" },
  { "GR", N_("Greece"), "30" },
  { "IN", N_("India"), "91" },
  { "ID", N_("Indonesia"), "62" },
  { "IR", N_("Iran"), "98" },
  { "IE", N_("Ireland"), "353" },
  { "IL", N_("Israel"), "972" },
  { "IT", N_("Italy"), "39" },
  { "JP", N_("Japan"), "81" },
  { "KZ", N_("Kazakhstan"), "7" },
  { "KR", N_("South Korea"), "82" },
  { "MX", N_("Mexico"), "52" },
  { "NL", N_("Netherlands"), "31" },
  { "NG", N_("Nigeria"), "234" },
  { "NO", N_("Norway"), "47" },
  { "PK", N_("Pakistan"), "92" },
  { "PL", N_("Poland"), "48" },
  { "PT", N_("Portugal"), "351" },
  { "RU", N_("Russia"), "7" },
  { "SA", N_("Saudi Arabia"), "966" },
  { "ES", N_("Spain"), "34" },
  { "SE", N_("Sweden"), "46" },
  { "CH", N_("Switzerland"), "41" },
  { "TR", N_("Turkey"), "90" },
  { "UA", N_("Ukraine"), "380" },
  { "AE", N_("United Arab Emirates"), "971" },
  { "GB", N_("United Kingdom"), "44" },
  { "US", N_("United States"), "1" },
  { "UZ", N_("Uzbekistan"), "998" },
  { "VN", N_("Vietnam"), "84" },
};

struct _CvnLoginPage
{
  AdwBin parent_instance;

  CvnClient *client;
  char *unavailable_reason;
  char *error;
  GCancellable *cancellable;

  GtkWidget *back_button;
  GtkSpinner *spinner;
  GtkImage *page_icon;
  GtkLabel *page_title;
  GtkLabel *page_description;
  GtkStack *login_stack;
  AdwComboRow *country_row;
  AdwEntryRow *phone_row;
  GtkWidget *phone_button;
  GtkButton *demo_button;
  GtkWidget *qr_button;
  AdwEntryRow *code_row;
  GtkLabel *code_hint;
  GtkWidget *code_button;
  GtkWidget *resend_button;
  AdwEntryRow *password_row;
  GtkWidget *password_button;
  AdwEntryRow *first_name_row;
  AdwEntryRow *last_name_row;
  GtkWidget *sign_up_button;
  GtkWidget *qr_frame;
  GtkPicture *qr_picture;
  char *qr_url;
  AdwEntryRow *sandbox_address_row;
  AdwEntryRow *sandbox_key_row;
  GtkWidget *sandbox_button;
  GtkLabel *error_label;
  GtkLabel *connection_label;
};

G_DEFINE_FINAL_TYPE (CvnLoginPage, cvn_login_page, ADW_TYPE_BIN)

static CvnAccount *
get_account (CvnLoginPage *self)
{
  return self->client != NULL ? cvn_client_get_account (self->client) : NULL;
}

static void
set_error (CvnLoginPage *self,
           const char   *message)
{
  if (g_strcmp0 (self->error, message) == 0)
    return;
  g_free (self->error);
  self->error = g_strdup (message);
  gtk_label_set_label (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
clear_error_cb (CvnLoginPage *self)
{
  set_error (self, NULL);
}

/* Errors of the model carry a sentence for the user; a cancelled operation is no error. */
static void
show_error (CvnLoginPage *self,
            GError       *error)
{
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_error (self, error->message);
}

static char *
format_phone (const char *number)
{
  if (number == NULL || *number == '\0')
    return g_strdup ("");
  return g_str_has_prefix (number, "+") ? g_strdup (number) : g_strconcat ("+", number, NULL);
}

static const char *
description_for_code_type (CvnCodeType type)
{
  switch (type)
    {
    case CVN_CODE_TYPE_APP:
      /* Translators: %s is a phone number. */
      return _("The code was sent to the Telegram app on your other devices logged in as %s");
    case CVN_CODE_TYPE_SMS:
      return _("The code was sent by SMS to %s");
    case CVN_CODE_TYPE_CALL:
      return _("You will get a phone call at %s telling you the code");
    case CVN_CODE_TYPE_FLASH_CALL:
    case CVN_CODE_TYPE_MISSED_CALL:
      return _("You will get a missed call at %s: the code is the end of the calling number");
    case CVN_CODE_TYPE_EMAIL:
      return _("The code was sent to the email address of the account %s");
    case CVN_CODE_TYPE_FRAGMENT:
      return _("The code was sent to %s on Fragment");
    case CVN_CODE_TYPE_UNKNOWN:
    default:
      return _("Enter the code sent for %s");
    }
}

static const char *
page_for_state (CvnLoginPage *self)
{
  CvnAccount *account = get_account (self);

  if (account == NULL)
    return "unavailable";
  switch (cvn_account_get_state (account))
    {
    case CVN_ACCOUNT_STATE_WAITING_CODE:
      return "code";
    case CVN_ACCOUNT_STATE_WAITING_PASSWORD:
      return "password";
    case CVN_ACCOUNT_STATE_WAITING_SIGN_UP:
      return "sign-up";
    case CVN_ACCOUNT_STATE_WAITING_QR:
      return "qr";
    case CVN_ACCOUNT_STATE_RESTORING:
    case CVN_ACCOUNT_STATE_LOGGED_OUT:
    case CVN_ACCOUNT_STATE_LOGGED_IN:
    default:
      return "phone";
    }
}

static void
update_busy (CvnLoginPage *self)
{
  CvnAccount *account = get_account (self);
  gboolean busy = account != NULL && cvn_account_get_busy (account);
  GtkWidget *buttons[] = { self->phone_button, GTK_WIDGET (self->demo_button), self->qr_button,
                           self->code_button, self->resend_button, self->password_button,
                           self->sign_up_button };

  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  for (guint i = 0; i < G_N_ELEMENTS (buttons); i++)
    gtk_widget_set_sensitive (buttons[i], !busy);
}

static void
update_qr (CvnLoginPage *self)
{
  CvnAccount *account = get_account (self);

  const char *url = account != NULL ? cvn_account_get_qr_url (account) : NULL;
  g_autoptr(GdkTexture) texture = NULL;

  /* The model exports a new token before the old one expires: redraw for each. */
  if (g_strcmp0 (url, self->qr_url) == 0)
    return;
  g_free (self->qr_url);
  self->qr_url = g_strdup (url);
  if (url != NULL)
    {
      g_autoptr(GError) error = NULL;

      texture = cvn_qr_code_new_texture (url, 5, &error);
      if (texture == NULL)
        set_error (self, error->message);
    }
  gtk_picture_set_paintable (self->qr_picture, GDK_PAINTABLE (texture));
  gtk_widget_set_visible (self->qr_frame, texture != NULL);
}

static void
update_page (CvnLoginPage *self)
{
  CvnAccount *account = get_account (self);
  const char *page = page_for_state (self);
  gboolean changed = g_strcmp0 (gtk_stack_get_visible_child_name (self->login_stack), page) != 0;
  gboolean sandbox = self->client != NULL && cvn_client_get_is_sandbox (self->client);
  g_autofree char *description = NULL;
  const char *title = NULL;
  const char *icon = "io.github.convene.Convene-symbolic";

  if (g_str_equal (page, "phone"))
    {
      title = _("Welcome to Convene");
      description = g_strdup (_("Log in with the phone number of your Telegram account"));
    }
  else if (g_str_equal (page, "code"))
    {
      g_autofree char *phone = format_phone (cvn_account_get_phone_number (account));
      g_autofree char *code = cvn_application_dup_sandbox_code (cvn_account_get_phone_number (account));

      title = _("Enter the Code");
      icon = "mail-unread-symbolic";
      description = g_strdup_printf (description_for_code_type (cvn_account_get_code_type (account)),
                                     phone);
      if (sandbox && code != NULL)
        {
          /* Translators: %s is the login code of a sandbox test number. */
          g_autofree char *hint = g_strdup_printf (_("The sandbox’s code for this number is %s"), code);
          gtk_label_set_label (self->code_hint, hint);
        }
      gtk_widget_set_visible (GTK_WIDGET (self->code_hint), sandbox && code != NULL);
      gtk_widget_set_visible (self->resend_button,
                              cvn_account_get_next_code_type (account) != CVN_CODE_TYPE_UNKNOWN);
    }
  else if (g_str_equal (page, "password"))
    {
      const char *hint = cvn_account_get_password_hint (account);

      title = _("Two-Step Verification");
      icon = "dialog-password-symbolic";
      if (hint != NULL && *hint != '\0')
        /* Translators: %s is the hint the user chose for the password. */
        description = g_strdup_printf (_("This account is protected by a password. Hint: %s"), hint);
      else
        description = g_strdup (_("This account is protected by a password"));
    }
  else if (g_str_equal (page, "sign-up"))
    {
      title = _("Your Name");
      icon = "avatar-default-symbolic";
      description = g_strdup (_("This number has no Telegram account yet: choose the name others will see"));
    }
  else if (g_str_equal (page, "qr"))
    {
      title = _("Scan the QR Code");
      icon = NULL;
      description = g_strdup (_("On your phone, open Telegram, go to Settings → Devices → Link Desktop Device, and scan this code"));
    }
  else
    {
      title = _("Telegram Is Unavailable in This Build");
      icon = "network-offline-symbolic";
      description = g_strdup (self->unavailable_reason != NULL
                              ? self->unavailable_reason
                              : _("This build has no Telegram api_id and api_hash. You can use a local sandbox data centre instead."));
    }

  gtk_label_set_label (self->page_title, title);
  gtk_label_set_label (self->page_description, description);
  gtk_widget_set_visible (GTK_WIDGET (self->page_icon), icon != NULL);
  if (icon != NULL)
    gtk_image_set_from_icon_name (self->page_icon, icon);
  gtk_widget_set_visible (self->back_button,
                          !g_str_equal (page, "phone") && !g_str_equal (page, "unavailable"));

  /* The demo account is offered with a sandbox only. */
  gtk_widget_set_visible (GTK_WIDGET (self->demo_button), sandbox);
  gtk_label_set_label (self->connection_label,
                       self->client != NULL ? cvn_client_get_description (self->client) : "");

  update_busy (self);
  update_qr (self);

  if (!changed)
    return;

  set_error (self, NULL);
  gtk_stack_set_visible_child_name (self->login_stack, page);
  if (g_str_equal (page, "phone"))
    gtk_widget_grab_focus (GTK_WIDGET (self->phone_row));
  else if (g_str_equal (page, "code"))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->code_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
    }
  else if (g_str_equal (page, "password"))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), "");
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
    }
  else if (g_str_equal (page, "sign-up"))
    gtk_widget_grab_focus (GTK_WIDGET (self->first_name_row));
}

static void
account_notify_cb (CvnLoginPage *self,
                   GParamSpec   *pspec)
{
  if (g_str_equal (pspec->name, "busy"))
    update_busy (self);
  else if (g_str_equal (pspec->name, "qr-url"))
    update_qr (self);
  else
    update_page (self);
}

/* --- the phone number ------------------------------------------------------------ */

static const Country *
selected_country (CvnLoginPage *self)
{
  guint selected = adw_combo_row_get_selected (self->country_row);

  return selected < G_N_ELEMENTS (countries) ? &countries[selected] : NULL;
}

char *
cvn_login_page_dup_phone_number (CvnLoginPage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->phone_row));
  const Country *country = selected_country (self);
  GString *number = g_string_new (NULL);

  g_return_val_if_fail (CVN_IS_LOGIN_PAGE (self), NULL);

  /* A number typed with its + is complete; otherwise the country's code comes first. */
  while (g_unichar_isspace (g_utf8_get_char (text)))
    text = g_utf8_next_char (text);
  if (*text != '+' && country != NULL)
    g_string_append (number, country->code);
  for (const char *p = text; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (number, *p);
  return g_string_free (number, FALSE);
}

static void
code_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CvnLoginPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cvn_account_send_code_finish (CVN_ACCOUNT (object), result, &error))
    show_error (self, error);
}

static void
phone_activated_cb (CvnLoginPage *self)
{
  g_autofree char *number = cvn_login_page_dup_phone_number (self);
  const Country *country = selected_country (self);
  CvnAccount *account = get_account (self);

  if (account == NULL || cvn_account_get_busy (account))
    return;
  if (country != NULL ? strlen (number) <= strlen (country->code) : *number == '\0')
    {
      set_error (self, _("Enter your phone number"));
      return;
    }
  set_error (self, NULL);
  cvn_account_send_code_async (account, number, self->cancellable, code_sent_cb,
                               g_object_ref (self));
}

static void
select_country_code (CvnLoginPage *self,
                     const char   *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    if (g_str_equal (countries[i].code, code))
      {
        adw_combo_row_set_selected (self->country_row, i);
        return;
      }
}

static void
demo_clicked_cb (CvnLoginPage *self)
{
  /* 999 66 1 0001: the sandbox's demo account (Ada Demo). */
  select_country_code (self, "999");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_row), CVN_SANDBOX_DEMO_PHONE + 3);
  phone_activated_cb (self);
}

/* --- code, password, sign-up ---------------------------------------------------------- */

static void
code_submitted_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(CvnLoginPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cvn_account_submit_code_finish (CVN_ACCOUNT (object), result, &error))
    {
      show_error (self, error);
      gtk_widget_grab_focus (GTK_WIDGET (self->code_row));
    }
}

static void
code_activated_cb (CvnLoginPage *self)
{
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_row));
  CvnAccount *account = get_account (self);

  if (account == NULL || cvn_account_get_busy (account))
    return;
  if (*code == '\0')
    {
      set_error (self, _("Enter the code"));
      return;
    }
  cvn_account_submit_code_async (account, code, self->cancellable, code_submitted_cb,
                                 g_object_ref (self));
}

static void
code_changed_cb (CvnLoginPage *self)
{
  CvnAccount *account = get_account (self);
  const char *code = gtk_editable_get_text (GTK_EDITABLE (self->code_row));
  int length = account != NULL ? cvn_account_get_code_length (account) : 0;
  int digits = 0;

  set_error (self, NULL);
  for (const char *p = code; *p != '\0'; p++)
    if (g_ascii_isdigit (*p))
      digits++;
  /* The whole code typed (or pasted): no need to press Log In. */
  if (length > 0 && digits == length && (int) strlen (code) == length)
    code_activated_cb (self);
}

static void
code_resent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(CvnLoginPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cvn_account_resend_code_finish (CVN_ACCOUNT (object), result, &error))
    show_error (self, error);
  else
    update_page (self);
}

static void
resend_clicked_cb (CvnLoginPage *self)
{
  CvnAccount *account = get_account (self);

  if (account == NULL)
    return;
  cvn_account_resend_code_async (account, self->cancellable, code_resent_cb, g_object_ref (self));
}

static void
password_submitted_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(CvnLoginPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cvn_account_submit_password_finish (CVN_ACCOUNT (object), result, &error))
    {
      show_error (self, error);
      gtk_widget_grab_focus (GTK_WIDGET (self->password_row));
    }
}

static void
password_activated_cb (CvnLoginPage *self)
{
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));
  CvnAccount *account = get_account (self);

  if (account == NULL || cvn_account_get_busy (account))
    return;
  if (*password == '\0')
    {
      set_error (self, _("Enter your password"));
      return;
    }
  cvn_account_submit_password_async (account, password, self->cancellable,
                                     password_submitted_cb, g_object_ref (self));
}

static void
signed_up_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(CvnLoginPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cvn_account_sign_up_finish (CVN_ACCOUNT (object), result, &error))
    show_error (self, error);
}

static void
sign_up_activated_cb (CvnLoginPage *self)
{
  g_autofree char *first = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->first_name_row))));
  g_autofree char *last = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->last_name_row))));
  CvnAccount *account = get_account (self);

  if (account == NULL || cvn_account_get_busy (account))
    return;
  if (*first == '\0')
    {
      set_error (self, _("Enter your first name"));
      gtk_widget_grab_focus (GTK_WIDGET (self->first_name_row));
      return;
    }
  cvn_account_sign_up_async (account, first, last, self->cancellable, signed_up_cb,
                             g_object_ref (self));
}

/* --- QR and back --------------------------------------------------------------------- */

static void
qr_started_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(CvnLoginPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!cvn_account_start_qr_finish (CVN_ACCOUNT (object), result, &error))
    show_error (self, error);
}

static void
qr_clicked_cb (CvnLoginPage *self)
{
  CvnAccount *account = get_account (self);

  if (account == NULL || cvn_account_get_busy (account))
    return;
  set_error (self, NULL);
  cvn_account_start_qr_async (account, self->cancellable, qr_started_cb, g_object_ref (self));
}

static void
back_clicked_cb (CvnLoginPage *self)
{
  CvnAccount *account = get_account (self);

  if (account != NULL)
    cvn_account_cancel_login (account);
}

/* --- without a client: connect to a sandbox ------------------------------------------ */

static void
sandbox_activated_cb (CvnLoginPage *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  const char *address = gtk_editable_get_text (GTK_EDITABLE (self->sandbox_address_row));
  const char *key = gtk_editable_get_text (GTK_EDITABLE (self->sandbox_key_row));
  g_autoptr(GError) error = NULL;

  if (!CVN_IS_APPLICATION (app))
    return;
  if (!cvn_application_connect_sandbox (CVN_APPLICATION (app), address, key, &error))
    set_error (self, error->message);
}

/* --- public ----------------------------------------------------------------------------- */

void
cvn_login_page_set_client (CvnLoginPage *self,
                           CvnClient    *client)
{
  g_return_if_fail (CVN_IS_LOGIN_PAGE (self));
  g_return_if_fail (client == NULL || CVN_IS_CLIENT (client));

  if (self->client == client)
    return;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (cvn_client_get_account (self->client), self);
  g_set_object (&self->client, client);
  if (client != NULL)
    {
      g_signal_connect_object (cvn_client_get_account (client), "notify",
                               G_CALLBACK (account_notify_cb), self, G_CONNECT_SWAPPED);
      /* Sandboxes serve test numbers only. */
      if (cvn_client_get_is_sandbox (client))
        select_country_code (self, "999");
    }
  update_page (self);
}

void
cvn_login_page_set_unavailable_reason (CvnLoginPage *self,
                                       const char   *reason)
{
  g_return_if_fail (CVN_IS_LOGIN_PAGE (self));

  g_free (self->unavailable_reason);
  self->unavailable_reason = g_strdup (reason);
  update_page (self);
}

void
cvn_login_page_submit (CvnLoginPage *self,
                       const char   *text)
{
  const char *page;

  g_return_if_fail (CVN_IS_LOGIN_PAGE (self));

  page = cvn_login_page_get_page_name (self);
  if (g_strcmp0 (page, "phone") == 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->phone_row), text);
      phone_activated_cb (self);
    }
  else if (g_strcmp0 (page, "code") == 0)
    {
      /* Typing the whole code submits it. */
      gtk_editable_set_text (GTK_EDITABLE (self->code_row), text);
      if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->code_row)), text) == 0 &&
          (get_account (self) == NULL || cvn_account_get_code_length (get_account (self)) == 0 ||
           (int) strlen (text) != cvn_account_get_code_length (get_account (self))))
        code_activated_cb (self);
    }
  else if (g_strcmp0 (page, "password") == 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->password_row), text);
      password_activated_cb (self);
    }
  else if (g_strcmp0 (page, "sign-up") == 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->first_name_row), text);
      sign_up_activated_cb (self);
    }
  else if (g_strcmp0 (page, "unavailable") == 0)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->sandbox_address_row), text);
      sandbox_activated_cb (self);
    }
}

void
cvn_login_page_start_qr (CvnLoginPage *self)
{
  g_return_if_fail (CVN_IS_LOGIN_PAGE (self));

  qr_clicked_cb (self);
}

GdkPaintable *
cvn_login_page_get_qr_code (CvnLoginPage *self)
{
  g_return_val_if_fail (CVN_IS_LOGIN_PAGE (self), NULL);

  return gtk_picture_get_paintable (self->qr_picture);
}

void
cvn_login_page_go_back (CvnLoginPage *self)
{
  g_return_if_fail (CVN_IS_LOGIN_PAGE (self));

  back_clicked_cb (self);
}

const char *
cvn_login_page_get_page_name (CvnLoginPage *self)
{
  g_return_val_if_fail (CVN_IS_LOGIN_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->login_stack);
}

const char *
cvn_login_page_get_error (CvnLoginPage *self)
{
  g_return_val_if_fail (CVN_IS_LOGIN_PAGE (self), NULL);

  return self->error;
}

static void
cvn_login_page_dispose (GObject *object)
{
  CvnLoginPage *self = CVN_LOGIN_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (cvn_client_get_account (self->client), self);
  g_clear_object (&self->client);

  gtk_widget_dispose_template (GTK_WIDGET (self), CVN_TYPE_LOGIN_PAGE);

  G_OBJECT_CLASS (cvn_login_page_parent_class)->dispose (object);
}

static void
cvn_login_page_finalize (GObject *object)
{
  CvnLoginPage *self = CVN_LOGIN_PAGE (object);

  g_clear_object (&self->cancellable);
  g_free (self->unavailable_reason);
  g_free (self->error);
  g_free (self->qr_url);

  G_OBJECT_CLASS (cvn_login_page_parent_class)->finalize (object);
}

static void
cvn_login_page_class_init (CvnLoginPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = cvn_login_page_dispose;
  object_class->finalize = cvn_login_page_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/convene/Convene/cvn-login-page.ui");
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, spinner);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, page_icon);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, page_title);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, page_description);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, login_stack);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, country_row);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, phone_row);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, phone_button);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, qr_button);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, code_row);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, code_hint);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, code_button);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, resend_button);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, password_row);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, password_button);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, first_name_row);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, last_name_row);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, sign_up_button);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, qr_frame);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, qr_picture);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, sandbox_address_row);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, sandbox_key_row);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, sandbox_button);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, CvnLoginPage, connection_label);
  gtk_widget_class_bind_template_callback (widget_class, back_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, clear_error_cb);
  gtk_widget_class_bind_template_callback (widget_class, phone_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, demo_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, qr_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, code_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, resend_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, password_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sign_up_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, sandbox_activated_cb);
}

static void
cvn_login_page_init (CvnLoginPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autofree char *default_key = NULL;
  g_autofree char *demo_label = NULL;
  const char * const *languages = g_get_language_names ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();

  for (guint i = 0; i < G_N_ELEMENTS (countries); i++)
    {
      /* Translators: a country and its calling code, e.g. "France (+33)". */
      g_autofree char *label = g_strdup_printf (_("%s (+%s)"), _(countries[i].name), countries[i].code);
      gtk_string_list_append (names, label);
    }
  adw_combo_row_set_model (self->country_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->country_row, 0);

  /* The country of the locale ("de_AT.UTF-8" → AT) comes first for a real account. */
  for (guint l = 0; languages[l] != NULL; l++)
    {
      const char *underscore = strchr (languages[l], '_');

      if (underscore == NULL || strlen (underscore) < 3)
        continue;
      for (guint i = 1; i < G_N_ELEMENTS (countries); i++)
        if (g_ascii_strncasecmp (underscore + 1, countries[i].iso, 2) == 0)
          {
            adw_combo_row_set_selected (self->country_row, i);
            break;
          }
      break;
    }

  /* Translators: %s is the sandbox's demo phone number. */
  demo_label = g_strdup_printf (_("Use the _Demo Account (+%s)"), CVN_SANDBOX_DEMO_PHONE);
  gtk_button_set_label (self->demo_button, demo_label);
  gtk_button_set_use_underline (self->demo_button, TRUE);

  /* Where convene-sandbox keeps its key by default. */
  default_key = g_build_filename (g_get_user_data_dir (), "convene-sandbox", "server-key.pem.pub", NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->sandbox_key_row), default_key);

  update_page (self);
}
