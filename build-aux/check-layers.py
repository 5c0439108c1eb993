#!/usr/bin/env python3
"""Checks Convene's layering (DESIGN.md, "Layers") by reading the sources.

Usage: check-layers.py [SRC_DIR]

Every folder under SRC_DIR is a layer. A file may include the headers of its own layer and of
the layers below it that the table allows, and only src/ui may include GTK or libadwaita
(GDK, which ships inside GTK, is allowed for the paintable in media). Headers are found by
file name in the layer folders (a `.h.in` counts as the `.h` it generates); generated headers
that are not in the tree must be named `cvn-<layer>-...h`. Exits 1 and prints one line per
violation, 0 when the tree is clean. The meson dependency of each layer enforces the same
table at compile time; this script is the readable second line of defence.
"""

import os
import re
import sys

ALLOWED = {
    'core': set(),
    'crypto': {'core'},
    'tl': {'core'},
    'mtproto': {'tl', 'crypto', 'core'},
    'rtc': {'crypto', 'core'},
    'media': {'rtc', 'core'},
    'e2e': {'tl', 'crypto', 'core'},
    'model': {'mtproto', 'rtc', 'media', 'e2e', 'tl', 'crypto', 'core'},
    'sandbox': {'mtproto', 'rtc', 'media', 'e2e', 'tl', 'crypto', 'core'},
    'ui': {'model', 'media', 'core'},
}

# System headers only some layers may use.
RESTRICTED_SYSTEM = [
    (re.compile(r'^gtk/'), {'ui'}, 'GTK'),
    (re.compile(r'^adwaita\.h$'), {'ui'}, 'libadwaita'),
    (re.compile(r'^gdk/'), {'ui', 'media'}, 'GDK'),
]

INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
SOURCE_SUFFIXES = ('.c', '.h', '.h.in', '.c.in')


def header_name(filename):
    return filename[:-3] if filename.endswith('.h.in') else filename


def scan(src_dir):
    layers = {}
    headers = {}
    for entry in sorted(os.listdir(src_dir)):
        path = os.path.join(src_dir, entry)
        if not os.path.isdir(path):
            continue
        layers[entry] = path
        for root, _dirs, files in os.walk(path):
            for name in files:
                if name.endswith('.h') or name.endswith('.h.in'):
                    headers.setdefault(header_name(name), set()).add(entry)
    return layers, headers


def layer_of_generated(name):
    for layer in ALLOWED:
        if name.startswith('cvn-%s-' % layer) or name == 'cvn-%s.h' % layer:
            return layer
    return None


def check(src_dir):
    layers, headers = scan(src_dir)
    problems = []
    for layer, path in layers.items():
        if layer not in ALLOWED:
            problems.append('%s: folder is not a layer of DESIGN.md' % os.path.relpath(path))
            continue
        allowed = ALLOWED[layer] | {layer}
        for root, _dirs, files in os.walk(path):
            for name in sorted(files):
                if not name.endswith(SOURCE_SUFFIXES):
                    continue
                file_path = os.path.join(root, name)
                with open(file_path, encoding='utf-8', errors='replace') as f:
                    for lineno, line in enumerate(f, 1):
                        m = INCLUDE_RE.match(line)
                        if not m:
                            continue
                        kind, target = m.groups()
                        where = '%s:%d' % (os.path.relpath(file_path), lineno)
                        for pattern, layers_ok, what in RESTRICTED_SYSTEM:
                            if pattern.search(target) and layer not in layers_ok:
                                problems.append('%s: %s includes %s (%s is for %s only)'
                                                % (where, layer, target, what,
                                                   ', '.join(sorted(layers_ok))))
                        base = os.path.basename(target)
                        if kind != '"' or not base.startswith('cvn-'):
                            continue
                        owners = headers.get(base)
                        if owners is None:
                            owner = layer_of_generated(base)
                            if owner is None:
                                problems.append('%s: %s is in no layer' % (where, target))
                                continue
                            owners = {owner}
                        if not owners & allowed:
                            problems.append('%s: %s includes %s from %s, which it may not use'
                                            % (where, layer, target,
                                               ', '.join(sorted(owners))))
    return problems


def main():
    src_dir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.path.dirname(os.path.abspath(__file__)), '..', 'src')
    if not os.path.isdir(src_dir):
        print('check-layers: %s is not a directory' % src_dir, file=sys.stderr)
        return 2
    problems = check(src_dir)
    for p in problems:
        print(p)
    if problems:
        print('check-layers: %d violation(s)' % len(problems), file=sys.stderr)
        return 1
    print('check-layers: %s is clean' % src_dir)
    return 0


if __name__ == '__main__':
    sys.exit(main())
