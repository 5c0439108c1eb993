#!/usr/bin/env python3
"""Fails when a file with translatable strings is missing from po/POTFILES.in, or when
POTFILES.in names a file that does not exist. Translatable means: _( N_( C_( NC_( g_dngettext
ngettext in C, translatable="yes" in GtkBuilder files, and every .desktop.in / .metainfo.xml.in /
.gschema.xml (their strings are extracted by gettext's own rules)."""

import os
import re
import sys

top = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                      os.path.join(os.path.dirname(__file__), '..', '..'))
C_RE = re.compile(r'(?<![A-Za-z0-9_])(_|N_|C_|NC_|ngettext|g_dngettext)\s*\(')
UI_RE = re.compile(r'translatable\s*=\s*"(yes|true|1)"')
SKIP_DIRS = {'.git', 'node_modules', 'tests', 'po'}

listed = []
with open(os.path.join(top, 'po', 'POTFILES.in'), encoding='utf-8') as f:
    for line in f:
        line = line.strip()
        if line and not line.startswith('#'):
            listed.append(line)

problems = []
for path in listed:
    if not os.path.isfile(os.path.join(top, path)):
        problems.append('POTFILES.in lists %s, which does not exist' % path)

needed = []
for root, dirs, files in os.walk(top):
    rel_root = os.path.relpath(root, top)
    # Build directories (anything meson set up) hold generated copies, not sources.
    dirs[:] = [d for d in dirs if d not in SKIP_DIRS
               and not os.path.isdir(os.path.join(root, d, 'meson-private'))
               and not (rel_root == '.' and d.startswith('.'))]
    for name in files:
        rel = os.path.normpath(os.path.join(rel_root, name))
        full = os.path.join(root, name)
        if name.endswith(('.desktop.in', '.metainfo.xml.in', '.gschema.xml')):
            needed.append(rel)
            continue
        if not name.endswith(('.c', '.ui')):
            continue
        with open(full, encoding='utf-8', errors='replace') as f:
            text = f.read()
        if name.endswith('.ui') and UI_RE.search(text):
            needed.append(rel)
        elif name.endswith('.c'):
            # Comments and strings do not count as calls.
            code = re.sub(r'/\*.*?\*/', '', text, flags=re.S)
            code = re.sub(r'"(\\.|[^"\\])*"', '""', code)
            if C_RE.search(code):
                needed.append(rel)

for rel in sorted(needed):
    if rel not in listed:
        problems.append('%s has translatable strings but is missing from po/POTFILES.in' % rel)

print('1..1')
if problems:
    print('not ok 1 - po/POTFILES.in')
    for p in problems:
        print('# ' + p)
    sys.exit(1)
print('ok 1 - po/POTFILES.in lists all %d files with translatable strings' % len(needed))
