/* call-views-test-util.h: building calls through the model's private API, windows, waits
 * and PNG snapshots for the call-view tests and benchmark.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-clock.h"
#include "cvn-group-call-private.h"
#include "cvn-test-wait.h"
#include "cvn-ui-resources.h"

#define TEST_WALL_TIME 1700000000   /* the fake clock's wall time, seconds */

/* Names of the demo participants (user ids 1..). */
static const char * const test_names[] = {
  "Ada Demo", "Brian Second", "Cleo Twostep", "Dana Scully", "Eli Rivers", "Fay Moon",
  "Gus Grand", "Hana Kito", "Ivo Lark", "Jo Mare",
};

static inline char *
test_peer_name (CvnPeerType type,
                gint64      id,
                gpointer    user_data)
{
  if (type == CVN_PEER_TYPE_USER && id >= 1 && id <= (gint64) G_N_ELEMENTS (test_names))
    return g_strdup (test_names[id - 1]);
  if (type == CVN_PEER_TYPE_CHANNEL)
    return g_strdup ("Convene Lounge");
  return NULL;
}

static inline void
test_ui_init (void)
{
  static gboolean done;
  g_autoptr(GtkCssProvider) provider = NULL;

  if (done)
    return;
  done = TRUE;

  gtk_init ();
  adw_init ();
  cvn_ui_register_resource ();

  /* The application loads style.css by itself (AdwApplication); these tests have none. */
  provider = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (provider, "/io/github/convene/Convene/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (), GTK_STYLE_PROVIDER (provider),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  /* and adds its resources' icons to the theme (GtkApplication's resource-base-path). */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/convene/Convene/icons");
}

static inline CvnGroupCallInfo
test_ui_call_info (gint64  id,
                   gint32  version,
                   guint32 flags,
                   int     participants_count)
{
  CvnGroupCallInfo info = { 0 };

  info.id = id;
  info.access_hash = id * 7;
  info.version = version;
  info.flags = flags;
  info.participants_count = participants_count;
  info.unmuted_video_limit = 30;
  return info;
}

static inline CvnParticipantInfo
test_ui_participant (gint64  user_id,
                     gint32  date,
                     guint32 flags)
{
  CvnParticipantInfo info = { 0 };

  info.peer.type = CVN_PEER_TYPE_USER;
  info.peer.id = user_id;
  info.date = date;
  info.active_date = date;
  info.source = (gint32) (user_id * 3 + 1);
  info.flags = flags | CVN_PARTICIPANT_FLAG_HAS_ACTIVE_DATE;
  return info;
}

/* A live video chat of @n participants like the sandbox's Lounge: user 1 (self, admin)
 * unmuted, user 2 with a raised hand, 3 and 4 unmuted, the rest muted listeners. */
static inline CvnGroupCall *
test_ui_new_live_call (CvnClock *clock,
                       guint     n,
                       guint32   extra_call_flags)
{
  CvnGroupCall *call = cvn_group_call_new (clock);
  CvnGroupCallInfo info = test_ui_call_info (42, 10, CVN_GROUP_CALL_FLAG_HAS_TITLE |
                                             CVN_GROUP_CALL_FLAG_CAN_CHANGE_JOIN_MUTED | extra_call_flags,
                                             (int) n);
  g_autoptr(GArray) parts = g_array_new (FALSE, FALSE, sizeof (CvnParticipantInfo));

  info.title = (char *) "Stand-up";
  for (guint i = 1; i <= n; i++)
    {
      guint32 flags = CVN_PARTICIPANT_FLAG_CAN_SELF_UNMUTE;
      CvnParticipantInfo p;

      if (i > 4)
        flags |= CVN_PARTICIPANT_FLAG_MUTED;
      if (i == 1)
        flags |= CVN_PARTICIPANT_FLAG_SELF;
      p = test_ui_participant (i, TEST_WALL_TIME - 600 + (gint32) i, flags);
      if (i == 2)
        {
          p.flags |= CVN_PARTICIPANT_FLAG_MUTED | CVN_PARTICIPANT_FLAG_HAS_RAISE_HAND_RATING;
          p.raise_hand_rating = 1000;
        }
      g_array_append_val (parts, p);
    }
  _cvn_group_call_apply_snapshot (call, &info, (CvnParticipantInfo *) (gpointer) parts->data,
                                  parts->len, "", 10);
  return call;
}

static inline GtkWindow *
test_ui_window_new (GtkWidget *child,
                    int        width,
                    int        height)
{
  GtkWindow *window = GTK_WINDOW (adw_window_new ());

  gtk_window_set_default_size (window, width, height);
  adw_window_set_content (ADW_WINDOW (window), child);
  gtk_window_present (window);
  return window;
}

typedef struct
{
  GtkWidget *widget;
  int width;
} TestWidthWait;

static inline gboolean
test_ui_width_is (gpointer user_data)
{
  TestWidthWait *wait = user_data;

  /* The default size includes the frame of client-side decorations: close enough. */
  return gtk_widget_get_mapped (wait->widget) &&
         ABS (gtk_widget_get_width (wait->widget) - wait->width) <= 16;
}

/* Resizes @window and waits until it is laid out at @width. */
static inline void
test_ui_resize (GtkWindow *window,
                int        width,
                int        height)
{
  TestWidthWait wait = { GTK_WIDGET (window), width };

  g_autoptr(GError) error = NULL;

  gtk_window_set_default_size (window, width, height);
  if (!cvn_test_wait_until (NULL, test_ui_width_is, &wait, 10000, &error))
    g_error ("Window %d px wide instead of %d: %s (minimum width %d)", gtk_widget_get_width (GTK_WIDGET (window)),
             width, error->message, ({ int min; gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_HORIZONTAL, -1, &min, NULL, NULL, NULL); min; }));
}

/* Lets pending layout, idles and a few frames run. */
static inline void
test_ui_settle (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static inline void
test_ui_collect (GtkWidget *widget,
                 GType      type,
                 GPtrArray *out)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (G_TYPE_CHECK_INSTANCE_TYPE (child, type))
        g_ptr_array_add (out, child);
      test_ui_collect (child, type, out);
    }
}

static inline GtkWidget *
test_ui_find (GtkWidget *widget,
              GType      type)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  test_ui_collect (widget, type, found);
  return found->len > 0 ? g_ptr_array_index (found, 0) : NULL;
}

typedef struct
{
  GdkFrameClock *clock;
  gint64 until;
} TestFrameWait;

static inline gboolean
test_ui_frames_drawn (gpointer user_data)
{
  TestFrameWait *wait = user_data;

  return gdk_frame_clock_get_frame_counter (wait->clock) >= wait->until;
}

/* Waits until @widget's window has drawn two more frames (it may be starved by a busy main
 * loop, e.g. while 5,000 listeners load). */
static inline void
test_ui_wait_frames (GtkWidget *widget)
{
  TestFrameWait wait = { gtk_widget_get_frame_clock (widget), 0 };

  g_assert_nonnull (wait.clock);
  wait.until = gdk_frame_clock_get_frame_counter (wait.clock) + 2;
  gtk_widget_queue_draw (widget);
  cvn_test_assert_wait (NULL, test_ui_frames_drawn, &wait, 20000);
}

static inline void
test_ui_save_png (GtkWidget  *widget,
                  const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));

  test_ui_wait_frames (widget);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".", name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Snapshot written to %s", path);
}
