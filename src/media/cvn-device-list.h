/* cvn-device-list.h: the microphones, speakers or cameras of the system, as a GListModel of
 * GstDevice that follows hot-plug and the system default (GstDeviceMonitor).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>
#include <gst/gst.h>

G_BEGIN_DECLS

/**
 * CvnDeviceKind:
 * @CVN_DEVICE_KIND_MICROPHONE: audio sources (device class `Audio/Source`)
 * @CVN_DEVICE_KIND_SPEAKER: audio sinks (`Audio/Sink`)
 * @CVN_DEVICE_KIND_CAMERA: video sources (`Video/Source`)
 */
typedef enum
{
  CVN_DEVICE_KIND_MICROPHONE,
  CVN_DEVICE_KIND_SPEAKER,
  CVN_DEVICE_KIND_CAMERA,
} CvnDeviceKind;

GType cvn_device_kind_get_type (void) G_GNUC_CONST;
#define CVN_TYPE_DEVICE_KIND (cvn_device_kind_get_type ())

#define CVN_TYPE_DEVICE_LIST (cvn_device_list_get_type ())

G_DECLARE_FINAL_TYPE (CvnDeviceList, cvn_device_list, CVN, DEVICE_LIST, GObject)

/* An empty list of @kind; cvn_device_list_start() fills it and keeps it current. */
CvnDeviceList *cvn_device_list_new                  (CvnDeviceKind   kind);
CvnDeviceKind  cvn_device_list_get_kind             (CvnDeviceList  *self);

/* Starts the device monitor: the list fills at once and follows devices coming and going
 * (bus messages on the thread-default main context of the caller). FALSE with an error when
 * GStreamer has no monitor for the kind; the list then stays empty. */
gboolean       cvn_device_list_start                (CvnDeviceList  *self,
                                                     GError        **error);
void           cvn_device_list_stop                 (CvnDeviceList  *self);

/* The device the system uses by default (the provider's "is-default" property), or the
 * first one, or NULL when the list is empty. Notifies "default-device". */
GstDevice     *cvn_device_list_get_default_device   (CvnDeviceList  *self);

/* A stable identifier of @device for settings (the provider's node or device name, else the
 * display name); free with g_free(). */
char          *cvn_device_list_dup_device_id        (GstDevice      *device);
/* The device with @device_id, or NULL (transfer none). */
GstDevice     *cvn_device_list_find                 (CvnDeviceList  *self,
                                                     const char     *device_id);

G_END_DECLS
