#pragma once
/* Fine: mtproto may include tl. Bad: a generated header of the ui layer. */
#include "cvn-reader.h"
#include "cvn-ui-generated.h"
