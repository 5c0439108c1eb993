/* Deliberately bad: core reaches up into mtproto. */
#include "cvn-thing.h"
#include "cvn-session.h"
