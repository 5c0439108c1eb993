#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""convene-tl on the golden vectors and on bad input (TAP).

Usage: test-convene-tl.py CONVENE_TL GOLDEN_DIR
"""
import glob
import json
import os
import subprocess
import sys

tool, golden = sys.argv[1], sys.argv[2]
n = 0
failed = 0


def ok(cond, what, detail=''):
    global n, failed
    n += 1
    print(('ok %d - %s' if cond else 'not ok %d - %s') % (n, what))
    if not cond:
        failed += 1
        for line in str(detail).splitlines():
            print('# ' + line)


def run(*args, stdin=None):
    return subprocess.run([tool] + list(args), input=stdin, capture_output=True, text=True, timeout=60)


for hex_path in sorted(glob.glob(os.path.join(golden, '*.hex'))):
    name = os.path.basename(hex_path)[:-4]
    with open(hex_path) as f:
        hexdata = f.read().strip()
    with open(hex_path[:-4] + '.json') as f:
        want = json.load(f)
    r = run('decode', hexdata)
    ok(r.returncode == 0 and json.loads(r.stdout) == want, name + ': decode', r.stderr)
    r = run('encode', '-', stdin=json.dumps(want))
    ok(r.returncode == 0 and r.stdout.strip() == hexdata, name + ': encode from stdin', r.stderr)
    # Truncations (a sample; test-tl checks every one in-process): exit 2 with one line.
    cuts = sorted(set(list(range(0, min(len(hexdata), 64), 2)) +
                      [2 * (i * len(hexdata) // 80) for i in range(40)]))
    bad = [run('decode', hexdata[:cut]) for cut in cuts if cut < len(hexdata)]
    ok(all(b.returncode == 2 and b.stderr.count('\n') == 1 for b in bad), name + ': truncations exit 2')

BAD = [
    ('decode', 'zz'), ('decode', 'abc'), ('decode', '15c4b51c00000000'),
    ('encode', '{'), ('encode', '[]'), ('encode', '{"_":"nosuch"}'),
    ('encode', '{"_":"inputGroupCall","id":"x","access_hash":"1"}'),
    ('encode', '{"_":"inputGroupCall","id":"1","access_hash":"1","extra":1}'),
    ('encode', '{"_":"phone.getGroupCall","call":{"_":"peerUser","user_id":"1"},"limit":1}'),
    ('info', 'nosuchThing'), ('info', '#xyz'), ('frobnicate', 'x'),
]
for args in BAD:
    r = run(*args)
    ok(r.returncode == 2 and r.stderr.count('\n') == 1 and r.stderr.startswith('convene-tl: '),
       'bad input %r exits 2 with one line' % (args,), r.stderr)
r = run('--schema', 'nosuch', 'info', 'groupCall')
ok(r.returncode == 2, 'unknown schema exits 2')
r = run('info', 'groupCall')
ok(r.returncode == 0 and r.stdout.startswith('groupCall#efb2b617 flags:# join_muted:flags.1?true'), 'info groupCall')
r = run('--schema', 'mtproto', 'info', 'message')
ok(r.returncode == 0 and r.stdout.startswith('message#5bb8e511 msg_id:long'), 'info --schema mtproto message')
r = run('info', '#f35c6d01')
ok(r.returncode == 0 and r.stdout.startswith('rpc_result#f35c6d01'), 'info by id')

print('1..%d' % n)
sys.exit(1 if failed else 0)
