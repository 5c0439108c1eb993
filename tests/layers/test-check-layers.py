#!/usr/bin/env python3
"""The layer checker passes on src/ and reports exactly the planted violations of bad-tree/."""

import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
checker = os.path.join(here, '..', '..', 'build-aux', 'check-layers.py')
src = os.path.join(here, '..', '..', 'src')
bad = os.path.join(here, 'bad-tree')

EXPECTED = [
    'core/cvn-thing.c:3: core includes cvn-session.h from mtproto',
    'media/cvn-player.c:3: media includes adwaita.h',
    'media/cvn-player.c:4: media includes cvn-group-call.h from model',
    'mtproto/cvn-session.h:4: mtproto includes cvn-ui-generated.h from ui',
    'tl/cvn-reader.c:2: tl includes gtk/gtk.h',
    'ui/cvn-window.c:5: ui includes cvn-session.h from mtproto',
]

print('1..2')
good = subprocess.run([sys.executable, checker, src], capture_output=True, text=True)
if good.returncode == 0:
    print('ok 1 - src/ is clean')
else:
    print('not ok 1 - src/ has violations')
    print('# ' + good.stdout.replace('\n', '\n# '))

res = subprocess.run([sys.executable, checker, bad], capture_output=True, text=True)
lines = [l for l in res.stdout.splitlines() if l.strip()]
missing = [e for e in EXPECTED if not any(e in l for l in lines)]
if res.returncode == 1 and not missing and len(lines) == len(EXPECTED):
    print('ok 2 - the bad tree fails with each planted violation')
else:
    print('not ok 2 - the bad tree: exit %d, missing %r, got %r' % (res.returncode, missing, lines))

sys.exit(0 if good.returncode == 0 and res.returncode == 1 and not missing
         and len(lines) == len(EXPECTED) else 1)
