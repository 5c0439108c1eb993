/* Deliberately bad: media includes libadwaita and the model. GDK is fine here. */
#include <gdk/gdk.h>
#include <adwaita.h>
#include "cvn-group-call.h"
