/* cvn-device-list.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-device-list.h"
#include "cvn-media-error.h"
#include "cvn-media-private.h"

struct _CvnDeviceList
{
  GObject parent_instance;

  CvnDeviceKind kind;
  GPtrArray *devices;          /* GstDevice, owned */
  GstDevice *default_device;   /* one of devices, unowned */
  GstDeviceMonitor *monitor;
  guint bus_watch_id;
};

static void cvn_device_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (CvnDeviceList, cvn_device_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, cvn_device_list_model_init))

G_DEFINE_ENUM_TYPE (CvnDeviceKind, cvn_device_kind,
                    G_DEFINE_ENUM_VALUE (CVN_DEVICE_KIND_MICROPHONE, "microphone"),
                    G_DEFINE_ENUM_VALUE (CVN_DEVICE_KIND_SPEAKER, "speaker"),
                    G_DEFINE_ENUM_VALUE (CVN_DEVICE_KIND_CAMERA, "camera"))

enum {
  PROP_0,
  PROP_KIND,
  PROP_DEFAULT_DEVICE,
  PROP_N_ITEMS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
device_class_for_kind (CvnDeviceKind kind)
{
  switch (kind)
    {
    case CVN_DEVICE_KIND_MICROPHONE:
      return "Audio/Source";
    case CVN_DEVICE_KIND_SPEAKER:
      return "Audio/Sink";
    case CVN_DEVICE_KIND_CAMERA:
      return "Video/Source";
    default:
      g_assert_not_reached ();
    }
}

static GType
cvn_device_list_get_item_type (GListModel *model)
{
  return GST_TYPE_DEVICE;
}

static guint
cvn_device_list_get_n_items (GListModel *model)
{
  return CVN_DEVICE_LIST (model)->devices->len;
}

static gpointer
cvn_device_list_get_item (GListModel *model,
                          guint       position)
{
  CvnDeviceList *self = CVN_DEVICE_LIST (model);

  if (position >= self->devices->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->devices, position));
}

static void
cvn_device_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = cvn_device_list_get_item_type;
  iface->get_n_items = cvn_device_list_get_n_items;
  iface->get_item = cvn_device_list_get_item;
}

static gboolean
device_is_default (GstDevice *device)
{
  g_autoptr(GstStructure) props = gst_device_get_properties (device);
  gboolean is_default = FALSE;

  if (props != NULL && gst_structure_get_boolean (props, "is-default", &is_default))
    return is_default;
  return FALSE;
}

/* The system default, else the first device: what "follow the system" plays through. */
static void
update_default (CvnDeviceList *self)
{
  GstDevice *found = NULL;

  for (guint i = 0; i < self->devices->len && found == NULL; i++)
    if (device_is_default (g_ptr_array_index (self->devices, i)))
      found = g_ptr_array_index (self->devices, i);
  if (found == NULL && self->devices->len > 0)
    found = g_ptr_array_index (self->devices, 0);

  if (found == self->default_device)
    return;
  self->default_device = found;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEFAULT_DEVICE]);
}

static gboolean
find_device (CvnDeviceList *self,
             GstDevice     *device,
             guint         *position)
{
  return g_ptr_array_find (self->devices, device, position);
}

static void
add_device (CvnDeviceList *self,
            GstDevice     *device)
{
  if (find_device (self, device, NULL))
    return;
  g_ptr_array_add (self->devices, gst_object_ref (device));
  g_list_model_items_changed (G_LIST_MODEL (self), self->devices->len - 1, 0, 1);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static void
remove_device (CvnDeviceList *self,
               GstDevice     *device)
{
  guint position;

  if (!find_device (self, device, &position))
    return;
  if (self->default_device == device)
    self->default_device = NULL;
  g_ptr_array_remove_index (self->devices, position);
  g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
bus_message_cb (GstBus     *bus,
                GstMessage *message,
                gpointer    user_data)
{
  CvnDeviceList *self = user_data;

  switch (GST_MESSAGE_TYPE (message))
    {
    case GST_MESSAGE_DEVICE_ADDED:
      {
        g_autoptr(GstDevice) device = NULL;

        gst_message_parse_device_added (message, &device);
        GST_DEBUG ("%s added: %s", device_class_for_kind (self->kind),
                   GST_STR_NULL (gst_device_get_display_name (device)));
        add_device (self, device);
        update_default (self);
      }
      break;
    case GST_MESSAGE_DEVICE_REMOVED:
      {
        g_autoptr(GstDevice) device = NULL;

        gst_message_parse_device_removed (message, &device);
        remove_device (self, device);
        update_default (self);
      }
      break;
    case GST_MESSAGE_DEVICE_CHANGED:
      {
        g_autoptr(GstDevice) device = NULL;
        g_autoptr(GstDevice) previous = NULL;
        guint position;

        /* A device whose properties changed, typically the system default moving. */
        gst_message_parse_device_changed (message, &device, &previous);
        if (previous != NULL && find_device (self, previous, &position))
          {
            if (self->default_device == previous)
              self->default_device = NULL;
            g_ptr_array_index (self->devices, position) = gst_object_ref (device);
            gst_object_unref (previous);
            g_list_model_items_changed (G_LIST_MODEL (self), position, 1, 1);
          }
        else
          {
            add_device (self, device);
          }
        update_default (self);
      }
      break;
    default:
      break;
    }

  return G_SOURCE_CONTINUE;
}

static void
cvn_device_list_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  CvnDeviceList *self = CVN_DEVICE_LIST (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_DEFAULT_DEVICE:
      g_value_set_object (value, self->default_device);
      break;
    case PROP_N_ITEMS:
      g_value_set_uint (value, self->devices->len);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_device_list_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  CvnDeviceList *self = CVN_DEVICE_LIST (object);

  switch (prop_id)
    {
    case PROP_KIND:
      self->kind = g_value_get_enum (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_device_list_dispose (GObject *object)
{
  CvnDeviceList *self = CVN_DEVICE_LIST (object);

  cvn_device_list_stop (self);

  G_OBJECT_CLASS (cvn_device_list_parent_class)->dispose (object);
}

static void
cvn_device_list_finalize (GObject *object)
{
  CvnDeviceList *self = CVN_DEVICE_LIST (object);

  g_ptr_array_unref (self->devices);

  G_OBJECT_CLASS (cvn_device_list_parent_class)->finalize (object);
}

static void
cvn_device_list_class_init (CvnDeviceListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->get_property = cvn_device_list_get_property;
  object_class->set_property = cvn_device_list_set_property;
  object_class->dispose = cvn_device_list_dispose;
  object_class->finalize = cvn_device_list_finalize;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, CVN_TYPE_DEVICE_KIND, CVN_DEVICE_KIND_MICROPHONE,
                       G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DEFAULT_DEVICE] =
    g_param_spec_object ("default-device", NULL, NULL, GST_TYPE_DEVICE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
cvn_device_list_init (CvnDeviceList *self)
{
  self->devices = g_ptr_array_new_with_free_func (gst_object_unref);
}

CvnDeviceList *
cvn_device_list_new (CvnDeviceKind kind)
{
  return g_object_new (CVN_TYPE_DEVICE_LIST, "kind", kind, NULL);
}

CvnDeviceKind
cvn_device_list_get_kind (CvnDeviceList *self)
{
  g_return_val_if_fail (CVN_IS_DEVICE_LIST (self), CVN_DEVICE_KIND_MICROPHONE);

  return self->kind;
}

gboolean
cvn_device_list_start (CvnDeviceList  *self,
                       GError        **error)
{
  g_autoptr(GstBus) bus = NULL;
  GList *devices;

  g_return_val_if_fail (CVN_IS_DEVICE_LIST (self), FALSE);

  if (self->monitor != NULL)
    return TRUE;
  if (!cvn_media_init_check (error))
    return FALSE;

  self->monitor = gst_device_monitor_new ();
  gst_device_monitor_add_filter (self->monitor, device_class_for_kind (self->kind), NULL);
  bus = gst_device_monitor_get_bus (self->monitor);
  self->bus_watch_id = gst_bus_add_watch (bus, bus_message_cb, self);

  if (!gst_device_monitor_start (self->monitor))
    {
      g_clear_handle_id (&self->bus_watch_id, g_source_remove);
      g_clear_object (&self->monitor);
      g_set_error (error, CVN_MEDIA_ERROR, CVN_MEDIA_ERROR_DEVICE,
                   "No GStreamer device provider lists %s devices",
                   device_class_for_kind (self->kind));
      return FALSE;
    }

  devices = gst_device_monitor_get_devices (self->monitor);
  /* get_devices() lists the newest first; show them in the order the providers found them. */
  devices = g_list_reverse (devices);
  for (GList *l = devices; l != NULL; l = l->next)
    add_device (self, l->data);
  g_list_free_full (devices, gst_object_unref);
  update_default (self);

  return TRUE;
}

void
cvn_device_list_stop (CvnDeviceList *self)
{
  g_return_if_fail (CVN_IS_DEVICE_LIST (self));

  if (self->monitor == NULL)
    return;
  gst_device_monitor_stop (self->monitor);
  g_clear_handle_id (&self->bus_watch_id, g_source_remove);
  g_clear_object (&self->monitor);
}

GstDevice *
cvn_device_list_get_default_device (CvnDeviceList *self)
{
  g_return_val_if_fail (CVN_IS_DEVICE_LIST (self), NULL);

  return self->default_device;
}

char *
cvn_device_list_dup_device_id (GstDevice *device)
{
  static const char *const id_keys[] = { "node.name", "device.name", "api.v4l2.path",
                                         "device.path", "object.path" };
  g_autoptr(GstStructure) props = NULL;
  GParamSpec *pspec;

  g_return_val_if_fail (GST_IS_DEVICE (device), NULL);

  /* PulseAudio devices name their sink or source in a property of their own. */
  pspec = g_object_class_find_property (G_OBJECT_GET_CLASS (device), "internal-name");
  if (pspec != NULL && pspec->value_type == G_TYPE_STRING)
    {
      g_autofree char *name = NULL;

      g_object_get (device, "internal-name", &name, NULL);
      if (name != NULL && *name != '\0')
        return g_steal_pointer (&name);
    }

  props = gst_device_get_properties (device);
  for (guint i = 0; props != NULL && i < G_N_ELEMENTS (id_keys); i++)
    {
      const char *value = gst_structure_get_string (props, id_keys[i]);

      if (value != NULL && *value != '\0')
        return g_strdup (value);
    }

  return gst_device_get_display_name (device);
}

GstDevice *
cvn_device_list_find (CvnDeviceList *self,
                      const char    *device_id)
{
  g_return_val_if_fail (CVN_IS_DEVICE_LIST (self), NULL);

  if (device_id == NULL || *device_id == '\0')
    return NULL;

  for (guint i = 0; i < self->devices->len; i++)
    {
      GstDevice *device = g_ptr_array_index (self->devices, i);
      g_autofree char *id = cvn_device_list_dup_device_id (device);

      if (g_strcmp0 (id, device_id) == 0)
        return device;
    }
  return NULL;
}
