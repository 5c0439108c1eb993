/* tl-test-fill.h: random instances of any constructor, for the TL tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "cvn-tl.h"

G_BEGIN_DECLS

typedef enum
{
  FILL_RANDOM,
  FILL_ALL_PRESENT,
  FILL_ALL_ABSENT,
} FillMode;

CvnTlObject *tl_test_fill (CvnTlArena             *arena,
                           GRand                  *rand,
                           const CvnTlConstructor *ctor,
                           FillMode                mode,
                           guint                   depth);

G_END_DECLS
