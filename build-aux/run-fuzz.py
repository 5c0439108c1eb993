#!/usr/bin/env python3
"""Runs one libFuzzer target the way every fuzz test of the project does.

Usage: run-fuzz.py FUZZER WORK_DIR SEED_DIR [SECONDS]

The committed seed corpus (SEED_DIR) is only read; what libFuzzer finds, and any crash
artifact, goes to WORK_DIR in the build directory. A finding exits 1 (libFuzzer's own default,
77, would read as "skipped" to meson), and so does a timeout.
"""

import os
import subprocess
import sys


def main():
    if len(sys.argv) not in (4, 5):
        print(__doc__, file=sys.stderr)
        return 2
    fuzzer, work_dir, seed_dir = sys.argv[1:4]
    seconds = sys.argv[4] if len(sys.argv) == 5 else '20'
    os.makedirs(work_dir, exist_ok=True)
    command = [fuzzer, '-max_total_time=' + seconds, '-timeout=10', '-error_exitcode=1',
               '-timeout_exitcode=1', '-artifact_prefix=' + os.path.join(work_dir, ''),
               work_dir, seed_dir]
    return subprocess.call(command)


if __name__ == '__main__':
    sys.exit(main())
