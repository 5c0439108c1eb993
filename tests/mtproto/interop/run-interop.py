#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Run a node script of tests/mtproto/interop with its npm dependencies.

Usage: run-interop.py SRCDIR PREFIX NODE NPM SCRIPT [ARGS...]

Copies package.json, package-lock.json and the *.mjs scripts of SRCDIR to PREFIX (in the
build directory, never the source tree), runs `npm ci --ignore-scripts` there when the
lock file changed (no native module is needed: mtcute's optional SQLite storage is not
used), then runs `NODE PREFIX/SCRIPT ARGS...` and exits with its status.
"""
import filecmp
import glob
import os
import shutil
import subprocess
import sys


def main():
    src, prefix, node, npm, script = sys.argv[1:6]
    args = sys.argv[6:]
    os.makedirs(prefix, exist_ok=True)
    stamp = os.path.join(prefix, '.npm-ci-lock')
    lock = os.path.join(src, 'package-lock.json')
    names = ['package.json', 'package-lock.json'] + [os.path.basename(p) for p in glob.glob(os.path.join(src, '*.mjs'))]
    for name in names:
        shutil.copyfile(os.path.join(src, name), os.path.join(prefix, name))
    if not (os.path.exists(stamp) and filecmp.cmp(stamp, lock, shallow=False)
            and os.path.isdir(os.path.join(prefix, 'node_modules'))):
        res = subprocess.run([npm, 'ci', '--prefix', prefix, '--ignore-scripts', '--no-audit',
                              '--no-fund', '--loglevel=error'], stdout=sys.stderr)
        if res.returncode != 0:
            sys.stderr.write('run-interop: npm ci failed\n')
            return 1
        shutil.copyfile(lock, stamp)
    env = dict(os.environ)
    env['NODE_NO_WARNINGS'] = '1'
    return subprocess.run([node, os.path.join(prefix, script)] + args, env=env).returncode


if __name__ == '__main__':
    sys.exit(main())
