/* ui-test-util.h: the ui tests' fixture: an in-process convene-sandbox on loopback with the
 * default world, the application started against it (as the README's main command does,
 * through --sandbox-address/--sandbox-key), and PNG snapshots of windows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "cvn-application.h"
#include "cvn-sandbox-server.h"
#include "cvn-window.h"

G_BEGIN_DECLS

#define UI_TEST_WAIT_MS 20000

typedef struct _UiTest UiTest;
typedef void (*UiTestFunc) (UiTest *test);

struct _UiTest
{
  CvnSandboxServer *server;
  CvnSandboxWorld *world;
  char *key_path;
  CvnApplication *app;
  CvnWindow *window;
  UiTestFunc func;
  gboolean done;
};

/* Call first in main(): private XDG folders for the whole test program (the MIME database
 * stays the system's, which G_TEST_OPTION_ISOLATE_DIRS would hide from gdk-pixbuf). */
void        ui_test_init            (int         *argc,
                                     char      ***argv);

/* Starts the sandbox, runs the app with the sandbox options (plus @extra_args, NULL
 * terminated) and calls @func with the window shown; @func ends by returning (the app quits). */
void        ui_test_run             (UiTestFunc   func,
                                     ...) G_GNUC_NULL_TERMINATED;

/* The same with a second start of the app (@second, plain sandbox options) against the same
 * sandbox after the first has quit, its stored session kept. */
void        ui_test_run_twice       (UiTestFunc   first,
                                     UiTestFunc   second,
                                     ...) G_GNUC_NULL_TERMINATED;

/* Waits (bounded) until the window shows @page ("loading", "login", "calls"). */
void        ui_test_wait_page       (UiTest      *test,
                                     const char  *page);
/* Waits (bounded) until the login page shows @page ("phone", "code", ...). */
void        ui_test_wait_login_page (UiTest      *test,
                                     const char  *page);
/* Waits until @condition (GSourceFunc-like) holds. */
void        ui_test_wait            (gboolean   (*condition) (gpointer user_data),
                                     gpointer      user_data);
/* Lets the main loop run for @ms. */
void        ui_test_iterate         (guint        ms);

/* Writes a PNG of @widget as drawn to the build directory; returns the path (free it). */
char       *ui_test_snapshot        (GtkWidget   *widget,
                                     const char  *name);

/* The first descendant of @widget of @type, or NULL. */
GtkWidget  *ui_test_find_descendant (GtkWidget   *widget,
                                     GType        type);

G_END_DECLS
