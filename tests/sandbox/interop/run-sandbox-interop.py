#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Start convene-sandbox on loopback and run the mtcute script against it.

Usage: run-sandbox-interop.py RUN_INTEROP SRCDIR PREFIX NODE NPM SANDBOX_EXE

Creates a temporary state directory, starts `SANDBOX_EXE --listen 127.0.0.1:0 --state TMP
--seed 1`, waits (at most 20 s) for its "listening on" line, then runs the node script
sandbox-mtcute.mjs through RUN_INTEROP (tests/mtproto/interop/run-interop.py: npm ci of
SRCDIR's pinned package files into PREFIX, then node) with the address, port and public key
file. The sandbox is killed in every case; the exit status is the script's.
"""
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

START_TIMEOUT = 20
SCRIPT_TIMEOUT = 150  # npm ci on a cold prefix, then the script's own 60 s bound


def read(path):
    try:
        with open(path, encoding='utf-8', errors='replace') as f:
            return f.read()
    except FileNotFoundError:
        return ''


def comment(text):
    for line in text.splitlines():
        print('# ' + line, flush=True)


def main():
    run_interop, src, prefix, node, npm, sandbox = sys.argv[1:7]
    tmp = tempfile.mkdtemp(prefix='convene-sandbox-interop-')
    state = os.path.join(tmp, 'state')
    out_path = os.path.join(tmp, 'sandbox.out')
    err_path = os.path.join(tmp, 'sandbox.err')
    proc = None
    status = 1
    try:
        with open(out_path, 'wb') as out, open(err_path, 'wb') as err:
            proc = subprocess.Popen([sandbox, '--listen', '127.0.0.1:0', '--state', state, '--seed', '1'],
                                    stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                                    start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        port = key = None
        while time.monotonic() < deadline:
            text = read(out_path)
            m = re.search(r'^convene-sandbox listening on 127\.0\.0\.1:(\d+) \(DC 2\)$', text, re.M)
            k = re.search(r'^RSA public key: (.+)$', text, re.M)
            if m and k:
                port, key = m.group(1), k.group(1)
                break
            if proc.poll() is not None:
                break
            time.sleep(0.05)
        if port is None:
            print('1..1', flush=True)
            print('not ok 1 - convene-sandbox started (exit %s)' % proc.poll(), flush=True)
            comment(read(out_path) + read(err_path))
            return 1
        comment('convene-sandbox pid %d on 127.0.0.1:%s, key %s' % (proc.pid, port, key))
        # Its own process group, so that a timeout ends npm or node too.
        child = subprocess.Popen([sys.executable, run_interop, src, prefix, node, npm,
                                  'sandbox-mtcute.mjs', '127.0.0.1', port, key],
                                 stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            status = child.wait(timeout=SCRIPT_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()
            print('Bail out! the mtcute script did not finish in %d s' % SCRIPT_TIMEOUT, flush=True)
            status = 1
        if status != 0:
            comment('sandbox stderr (last 40 lines):\n' + '\n'.join(read(err_path).splitlines()[-40:]))
        return status
    finally:
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == '__main__':
    sys.exit(main())
