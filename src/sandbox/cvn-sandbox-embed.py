#!/usr/bin/env python3
# Writes a C file defining `const char <name>[]` with the contents of a text file.
import sys

src, out, name = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(src, encoding='utf-8').read()
with open(out, 'w', encoding='utf-8') as f:
    f.write('/* Generated from %s by cvn-sandbox-embed.py; do not edit. */\n' % src.split('/')[-1])
    f.write('extern const char %s[];\n' % name)
    f.write('const char %s[] =\n' % name)
    for line in data.splitlines(True):
        f.write('  "%s"\n' % line.replace('\\', '\\\\').replace('"', '\\"').replace('\n', '\\n'))
    f.write(';\n')
