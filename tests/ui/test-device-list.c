/* test-device-list.c: CvnDeviceList over a fake GStreamer device provider (the only one:
 * the system's plugins are kept out), so devices can be plugged, unplugged and made the
 * default at will; and the preferences window's device rows following it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <gst/gst.h>

#include "cvn-application.h"
#include "cvn-device-list.h"
#include "cvn-preferences-window.h"
#include "cvn-test-wait.h"

/* --- a device and a provider of our own ------------------------------------------------ */

#define TEST_TYPE_DEVICE (test_device_get_type ())
G_DECLARE_FINAL_TYPE (TestDevice, test_device, TEST, DEVICE, GstDevice)
struct _TestDevice { GstDevice parent_instance; };
G_DEFINE_FINAL_TYPE (TestDevice, test_device, GST_TYPE_DEVICE)
static void test_device_class_init (TestDeviceClass *klass) { }
static void test_device_init (TestDevice *self) { }

#define TEST_TYPE_PROVIDER (test_provider_get_type ())
G_DECLARE_FINAL_TYPE (TestProvider, test_provider, TEST, PROVIDER, GstDeviceProvider)
struct _TestProvider { GstDeviceProvider parent_instance; };
G_DEFINE_FINAL_TYPE (TestProvider, test_provider, GST_TYPE_DEVICE_PROVIDER)

static GstDeviceProvider *the_provider;

static GstDevice *
make_device (const char *name,
             const char *node,
             gboolean    is_default)
{
  g_autoptr(GstStructure) props = gst_structure_new ("test-props", "node.name", G_TYPE_STRING, node,
                                                     "is-default", G_TYPE_BOOLEAN, is_default, NULL);
  g_autoptr(GstCaps) caps = gst_caps_new_empty_simple ("audio/x-raw");

  return g_object_new (TEST_TYPE_DEVICE, "display-name", name, "device-class", "Audio/Source",
                       "caps", caps, "properties", props, NULL);
}

static gboolean
test_provider_start (GstDeviceProvider *provider)
{
  the_provider = provider;
  gst_device_provider_device_add (provider, make_device ("Built-in Microphone", "builtin", FALSE));
  gst_device_provider_device_add (provider, make_device ("USB Headset", "usb-headset", TRUE));
  return TRUE;
}

static void
test_provider_stop (GstDeviceProvider *provider)
{
  the_provider = NULL;
}

static void
test_provider_class_init (TestProviderClass *klass)
{
  GstDeviceProviderClass *provider_class = GST_DEVICE_PROVIDER_CLASS (klass);

  provider_class->start = test_provider_start;
  provider_class->stop = test_provider_stop;
  gst_device_provider_class_set_static_metadata (provider_class, "Test devices", "Source/Audio",
                                                 "Devices plugged by the test", "Convene");
}

static void test_provider_init (TestProvider *self) { }

/* --- helpers ------------------------------------------------------------------------------ */

static GstDevice *
provider_device (const char *node)
{
  GList *devices = gst_device_provider_get_devices (the_provider);
  GstDevice *found = NULL;

  for (GList *l = devices; l != NULL; l = l->next)
    {
      g_autofree char *id = cvn_device_list_dup_device_id (l->data);
      if (found == NULL && g_str_equal (id, node))
        found = gst_object_ref (l->data);
    }
  g_list_free_full (devices, gst_object_unref);
  return found;
}

typedef struct
{
  CvnDeviceList *list;
  guint n_items;
  const char *default_id;
} ListWait;

static gboolean
list_is (gpointer user_data)
{
  ListWait *wait = user_data;
  GstDevice *def = cvn_device_list_get_default_device (wait->list);
  g_autofree char *id = def != NULL ? cvn_device_list_dup_device_id (def) : NULL;

  return g_list_model_get_n_items (G_LIST_MODEL (wait->list)) == wait->n_items &&
         g_strcmp0 (id, wait->default_id) == 0;
}

static void
wait_list (CvnDeviceList *list,
           guint          n_items,
           const char    *default_id)
{
  ListWait wait = { list, n_items, default_id };
  g_autoptr(GError) error = NULL;

  cvn_test_wait_until (NULL, list_is, &wait, 10000, &error);
  g_assert_no_error (error);
}

typedef struct
{
  CvnDeviceList *list;
  GstDevice *device;
} DefaultWait;

static gboolean
default_is (gpointer user_data)
{
  DefaultWait *wait = user_data;

  return cvn_device_list_get_default_device (wait->list) == wait->device;
}

/* --- tests --------------------------------------------------------------------------------- */

static void
test_hot_plug (void)
{
  g_autoptr(CvnDeviceList) list = cvn_device_list_new (CVN_DEVICE_KIND_MICROPHONE);
  g_autoptr(GError) error = NULL;
  g_autoptr(GstDevice) headset = NULL;
  g_autoptr(GstDevice) builtin = NULL;
  g_autoptr(GstDevice) builtin_default = NULL;
  GstDevice *webcam_mic;

  g_assert_true (cvn_device_list_start (list, &error));
  g_assert_no_error (error);

  /* Filled at once, the system default marked. */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (list)) == GST_TYPE_DEVICE);
  headset = provider_device ("usb-headset");
  g_assert_true (cvn_device_list_get_default_device (list) == headset);
  g_assert_true (cvn_device_list_find (list, "builtin") != NULL);
  g_assert_null (cvn_device_list_find (list, "nothing"));

  /* Plugged in. */
  webcam_mic = make_device ("Webcam Microphone", "webcam", FALSE);
  gst_device_provider_device_add (the_provider, webcam_mic);
  wait_list (list, 3, "usb-headset");

  /* The default unplugged: no device says it is the default, so the first one stands in. */
  gst_device_provider_device_remove (the_provider, headset);
  wait_list (list, 2, "builtin");

  /* The system makes another device the default (a changed device replaces its item). */
  builtin = provider_device ("builtin");
  builtin_default = make_device ("Built-in Microphone", "builtin", TRUE);
  gst_device_provider_device_changed (the_provider, g_object_ref_sink (builtin_default), builtin);
  {
    DefaultWait wait = { list, builtin_default };
    g_autoptr(GError) wait_error = NULL;

    cvn_test_wait_until (NULL, default_is, &wait, 10000, &wait_error);
    g_assert_no_error (wait_error);
  }
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  g_assert_true (g_list_model_get_item (G_LIST_MODEL (list), 0) == (gpointer) builtin_default);
  g_object_unref (builtin_default);   /* the reference get_item gave */

  cvn_device_list_stop (list);
}

static void
test_preferences_rows (void)
{
  CvnPreferencesWindow *window = cvn_preferences_window_new (NULL);
  CvnDeviceList *microphones = CVN_DEVICE_LIST (cvn_preferences_window_get_devices (window, CVN_DEVICE_KIND_MICROPHONE));
  g_autoptr(GSettings) settings = g_settings_new ("io.github.convene.Convene");
  AdwComboRow *row = NULL;
  GListModel *names;
  g_autofree char *first = NULL;

  gtk_window_present (GTK_WINDOW (window));

  /* The first combo row is the microphone: "Follow System (…)" and then every device. */
  for (GtkWidget *w = GTK_WIDGET (window); w != NULL && row == NULL;)
    {
      GtkWidget *child = gtk_widget_get_first_child (w);
      if (ADW_IS_COMBO_ROW (w))
        row = ADW_COMBO_ROW (w);
      else if (child != NULL)
        w = child;
      else
        {
          while (w != NULL && gtk_widget_get_next_sibling (w) == NULL)
            w = gtk_widget_get_parent (w);
          w = w != NULL ? gtk_widget_get_next_sibling (w) : NULL;
        }
    }
  g_assert_nonnull (row);
  names = adw_combo_row_get_model (row);
  g_assert_cmpuint (g_list_model_get_n_items (names), ==,
                    g_list_model_get_n_items (G_LIST_MODEL (microphones)) + 1);
  first = g_strdup (gtk_string_list_get_string (GTK_STRING_LIST (names), 0));
  g_assert_true (g_str_has_prefix (first, "Follow System ("));
  g_assert_cmpuint (adw_combo_row_get_selected (row), ==, 0);

  /* Choosing a device stores its id; back to the first entry follows the system again. */
  adw_combo_row_set_selected (row, 1);
  {
    g_autofree char *chosen = g_settings_get_string (settings, "microphone");
    g_autoptr(GstDevice) device = g_list_model_get_item (G_LIST_MODEL (microphones), 0);
    g_autofree char *id = cvn_device_list_dup_device_id (device);
    g_assert_cmpstr (chosen, ==, id);
  }
  adw_combo_row_set_selected (row, 0);
  {
    g_autofree char *chosen = g_settings_get_string (settings, "microphone");
    g_assert_cmpstr (chosen, ==, "");
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *registry = NULL;
  g_autofree char *empty = NULL;
  int status;

  /* Only our provider: no system plugins, a registry of our own. */
  empty = g_dir_make_tmp ("convene-gst-XXXXXX", NULL);
  registry = g_build_filename (empty, "registry.bin", NULL);
  g_setenv ("GST_PLUGIN_SYSTEM_PATH_1_0", empty, TRUE);
  g_setenv ("GST_PLUGIN_PATH_1_0", empty, TRUE);
  g_setenv ("GST_REGISTRY_1_0", registry, TRUE);
  g_setenv ("GST_REGISTRY_FORK", "no", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  gst_init (NULL, NULL);
  g_assert_true (gst_device_provider_register (NULL, "cvntestdevices", GST_RANK_PRIMARY,
                                               TEST_TYPE_PROVIDER));

  /* The application's class registers the resources (the preferences window's template). */
  g_type_class_unref (g_type_class_ref (CVN_TYPE_APPLICATION));

  g_test_add_func ("/media/device-list/hot-plug", test_hot_plug);
  g_test_add_func ("/ui/preferences/device-rows", test_preferences_rows);

  status = g_test_run ();
  g_unlink (registry);
  g_rmdir (empty);
  return status;
}
