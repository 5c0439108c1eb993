/* main.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "cvn-application.h"
#include "cvn-log.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CvnApplication) app = NULL;

  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  cvn_log_init ();

  app = cvn_application_new (APPLICATION_ID);
  return g_application_run (G_APPLICATION (app), argc, argv);
}
