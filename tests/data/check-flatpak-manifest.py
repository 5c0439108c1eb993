#!/usr/bin/env python3
# Check the Flatpak manifest offline: flatpak-builder must parse it (--show-manifest needs
# no network), and it must name the expected application id and command, carry the
# finish-args the project settled on (ecosystem research §A.3), and build the app with meson
# and -Ddevelopment=true from the source tree.
#
# Usage: check-flatpak-manifest.py FLATPAK_BUILDER MANIFEST APP_ID COMMAND

import json
import subprocess
import sys

EXPECTED_FINISH_ARGS = {
    '--share=network',
    '--share=ipc',
    '--socket=wayland',
    '--socket=fallback-x11',
    '--socket=pulseaudio',
    '--device=dri',
}


def fail(message):
    print(f'FAIL: {message}', file=sys.stderr)
    sys.exit(1)


def main():
    if len(sys.argv) != 5:
        fail('usage: check-flatpak-manifest.py FLATPAK_BUILDER MANIFEST APP_ID COMMAND')
    flatpak_builder, manifest, app_id, command = sys.argv[1:]

    proc = subprocess.run([flatpak_builder, '--show-manifest', manifest],
                          capture_output=True, text=True, timeout=60)
    if proc.returncode != 0:
        fail(f'flatpak-builder --show-manifest exited with {proc.returncode}:\n{proc.stderr}')
    try:
        shown = json.loads(proc.stdout)
    except json.JSONDecodeError as e:
        fail(f'flatpak-builder printed something that is not JSON: {e}\n{proc.stdout[:2000]}')

    app = shown.get('id') or shown.get('app-id')
    if app != app_id:
        fail(f'manifest id is {app!r}, expected {app_id!r}')
    if shown.get('command') != command:
        fail(f'manifest command is {shown.get("command")!r}, expected {command!r}')
    for key, value in (('runtime', 'org.gnome.Platform'), ('sdk', 'org.gnome.Sdk')):
        if shown.get(key) != value:
            fail(f'manifest {key} is {shown.get(key)!r}, expected {value!r}')

    finish_args = set(shown.get('finish-args', []))
    if finish_args != EXPECTED_FINISH_ARGS:
        fail('finish-args differ from the agreed set: '
             f'missing {sorted(EXPECTED_FINISH_ARGS - finish_args)}, '
             f'extra {sorted(finish_args - EXPECTED_FINISH_ARGS)}')

    modules = shown.get('modules', [])
    if not modules or not isinstance(modules[-1], dict):
        fail('the last module must be the application itself')
    last = modules[-1]
    if last.get('buildsystem') != 'meson':
        fail(f'the application module must use meson, not {last.get("buildsystem")!r}')
    if '-Ddevelopment=true' not in last.get('config-opts', []):
        fail('the application module must configure with -Ddevelopment=true')
    if not any(s.get('type') == 'dir' for s in last.get('sources', [])):
        fail('the application module must build the source tree (a "dir" source)')

    for module in modules:
        if not isinstance(module, dict):
            continue
        for source in module.get('sources', []):
            if source.get('type') in ('archive', 'file') and not any(
                    k in source for k in ('sha256', 'sha512')):
                fail(f'module {module.get("name")}: source {source.get("url")} is not pinned by a checksum')
            if source.get('type') == 'git' and 'commit' not in source:
                fail(f'module {module.get("name")}: git source {source.get("url")} is not pinned to a commit')

    print(f'ok: {manifest} builds {app_id} with command {command}')


if __name__ == '__main__':
    main()
