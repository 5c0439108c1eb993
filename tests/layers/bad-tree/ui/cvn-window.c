/* Fine: ui includes GTK, libadwaita and core. Bad: ui includes mtproto directly. */
#include <gtk/gtk.h>
#include <adwaita.h>
#include "cvn-thing.h"
#include "cvn-session.h"
