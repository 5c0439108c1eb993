/* Deliberately bad: tl includes GTK. */
#include <gtk/gtk.h>
#include "cvn-thing.h"
