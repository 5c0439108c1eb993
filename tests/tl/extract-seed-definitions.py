#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Extract the TL definitions quoted in the seed documents (../shared/seeds/*.txt)
into tests/tl/seed-definitions.txt, one per line, sorted and deduplicated.

Usage: tests/tl/extract-seed-definitions.py SEEDS_DIR > tests/tl/seed-definitions.txt
"""
import os
import re
import sys

DEF = re.compile(r'((?:[a-z]\w*\.)?[a-zA-Z_]\w*#[0-9a-f]{1,8}(?: [^;]*)?;)')

seen = set()
for name in sorted(os.listdir(sys.argv[1])):
    with open(os.path.join(sys.argv[1], name), encoding='utf-8') as f:
        for m in DEF.finditer(f.read()):
            seen.add(m.group(1))
for d in sorted(seen):
    print(d)
