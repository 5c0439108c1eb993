#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Generate the TL registry of Convene from one or more TL schema files.

Usage: tl/tl-gen.py OUT.h OUT.c OUT-DEC.c PREFIX SCHEMA.tl [PREFIX SCHEMA.tl ...]

PREFIX is the C prefix of the schema ("api", "mt", "e2e").  Emits:
  OUT.h  one typed struct per constructor and method (CvnTl<Prefix><Name>), the
         id macros (CVN_TL_<PREFIX>_<NAME>_ID), descriptor macros
         (CVN_TL_<PREFIX>_<NAME>_CTOR) and flag bits of conditional fields
         (CVN_TL_<PREFIX>_<NAME>_<FIELD>_FLAG);
  OUT.c  the registry: constructor and field descriptor tables (the runtime's
         encoder, equality and JSON form are table driven), the type table and
         an open-addressing hash table from constructor id to descriptor;
  OUT-DEC.c  one straight-line decoder per constructor and method (the hot
         path: the field kinds are known statically), cvn_tl_decoders[].
Ids are taken from the schema text, never recomputed.  Standard library only.
"""

import re
import sys

BUILTIN_SKIP = {'vector', 'true'}
SCALARS = {
    'int': 'INT', 'long': 'LONG', 'double': 'DOUBLE', 'int128': 'INT128',
    'int256': 'INT256', 'string': 'STRING', 'bytes': 'BYTES', 'Bool': 'BOOL',
    'true': 'TRUE',
}
CTYPES = {
    'INT': 'gint32 %s', 'LONG': 'gint64 %s', 'DOUBLE': 'gdouble %s',
    'INT128': 'guint8 %s[16]', 'INT256': 'guint8 %s[32]', 'STRING': 'CvnTlString %s',
    'BYTES': 'CvnTlBytes %s', 'BOOL': 'gboolean %s', 'TRUE': 'gboolean %s',
    'FLAGS': 'guint32 %s', 'OBJECT': 'CvnTlObject *%s', 'BARE': 'CvnTlObject *%s',
    'VECTOR': 'CvnTlVector *%s', 'BARE_VECTOR': 'CvnTlVector *%s',
}
ANY = 0xffff
C_KEYWORDS = {'default', 'static', 'int', 'long', 'double', 'char', 'short', 'unsigned',
              'signed', 'const', 'volatile', 'register', 'return', 'if', 'else', 'for',
              'while', 'do', 'switch', 'case', 'break', 'continue', 'goto', 'struct',
              'union', 'enum', 'typedef', 'extern', 'auto', 'void', 'sizeof', 'inline',
              'restrict', 'bool', 'true', 'false', 'parent'}

LINE_RE = re.compile(r'^([A-Za-z_][\w.]*)#([0-9a-fA-F]{1,8})((?:\s+\{[^}]*\})*)\s*(.*?)\s*=\s*([^;]+);\s*$')


class GenError(Exception):
    pass


def camel(name):
    out = []
    for part in re.split(r'[._]', name):
        if part:
            out.append(part[0].upper() + part[1:])
    return ''.join(out)


def upper_snake(name):
    s = re.sub(r'([a-z0-9])([A-Z])', r'\1_\2', name.replace('.', '_'))
    return re.sub(r'_+', '_', s).upper()


class Ctor:
    def __init__(self, schema, prefix, name, cid, generics, args, result, is_method, where):
        self.schema, self.prefix, self.name, self.id = schema, prefix, name, cid
        self.generics, self.args, self.result, self.is_method = generics, args, result, is_method
        self.where = where
        self.cname = 'CvnTl%s%s' % (camel(prefix), camel(name))
        self.macro = 'CVN_TL_%s_%s' % (prefix.upper(), upper_snake(name))
        self.fields = []


def parse_schema(path, schema_index, prefix):
    ctors = []
    is_method = False
    with open(path, encoding='utf-8') as f:
        for lineno, line in enumerate(f, 1):
            line = line.split('//', 1)[0].strip()
            if not line:
                continue
            if line == '---functions---':
                is_method = True
                continue
            if line == '---types---':
                is_method = False
                continue
            m = LINE_RE.match(line)
            if not m:
                raise GenError('%s:%d: cannot parse: %s' % (path, lineno, line))
            name, cid, generics, args, result = m.groups()
            if name in BUILTIN_SKIP:
                continue
            gen = re.findall(r'\{(\w+):Type\}', generics)
            arglist = []
            for a in args.split():
                if ':' not in a:
                    raise GenError('%s:%d: bad argument %s' % (path, lineno, a))
                an, at = a.split(':', 1)
                arglist.append((an, at))
            ctors.append(Ctor(schema_index, prefix, name, int(cid, 16), gen, arglist,
                              result.strip(), is_method, '%s:%d' % (path, lineno)))
    return ctors


def main(argv):
    if len(argv) < 6 or len(argv) % 2 != 0:
        sys.stderr.write(__doc__)
        return 2
    out_h, out_c, out_dec = argv[1], argv[2], argv[3]
    schemas = []
    all_ctors = []
    for i in range((len(argv) - 4) // 2):
        prefix, path = argv[4 + 2 * i], argv[5 + 2 * i]
        schemas.append(prefix)
        all_ctors.extend(parse_schema(path, i, prefix))

    # Merge identical definitions shared by several schemas (boolTrue, ...).
    by_id = {}
    ctors = []
    for c in all_ctors:
        prev = by_id.get(c.id)
        if prev is not None:
            if prev.name == c.name and prev.args == c.args and prev.result == c.result:
                continue
            raise GenError('%s: id %08x already used by %s (%s)' % (c.where, c.id, prev.name, prev.where))
        by_id[c.id] = c
        ctors.append(c)
    cnames = {}
    for c in ctors:
        if c.cname in cnames:
            raise GenError('%s: C name %s clashes with %s' % (c.where, c.cname, cnames[c.cname].where))
        cnames[c.cname] = c

    # Types: (schema, name) -> index; constructors (not methods) only.
    types = []
    type_index = {}
    for c in ctors:
        if c.is_method:
            continue
        key = (c.schema, c.result)
        if key not in type_index:
            type_index[key] = len(types)
            types.append([c.schema, c.result, []])
        types[type_index[key]][2].append(c)
        c.type = type_index[key]
    ctor_index = {id(c): i for i, c in enumerate(ctors)}
    name_index = {}
    for c in ctors:
        name_index.setdefault((c.schema, c.name), c)

    def find_type(c, name):
        if (c.schema, name) in type_index:
            return type_index[(c.schema, name)]
        for s in range(len(schemas)):
            if (s, name) in type_index:
                return type_index[(s, name)]
        raise GenError('%s: unknown type %s' % (c.where, name))

    def find_bare(c, name):
        if name.startswith('%'):
            t = types[find_type(c, name[1:])]
            if len(t[2]) != 1:
                raise GenError('%s: bare %s has %d constructors' % (c.where, name, len(t[2])))
            return ctor_index[id(t[2][0])]
        for s in [c.schema] + list(range(len(schemas))):
            if (s, name) in name_index:
                return ctor_index[id(name_index[(s, name)])]
        raise GenError('%s: unknown bare constructor %s' % (c.where, name))

    def resolve(c, t):
        """-> (kind, elem_kind, ref)"""
        m = re.match(r'^([Vv])ector<(.+)>$', t)
        if m:
            ek, eek, ref = resolve(c, m.group(2))
            if ek in ('VECTOR', 'BARE_VECTOR', 'TRUE'):
                raise GenError('%s: unsupported vector element %s' % (c.where, t))
            return ('VECTOR' if m.group(1) == 'V' else 'BARE_VECTOR', ek, ref)
        if t in SCALARS:
            return (SCALARS[t], 'NONE', 0)
        if t == 'Object' or t == '!X' or t in c.generics or (t.startswith('!') and t[1:] in c.generics):
            return ('OBJECT', 'NONE', ANY)
        if t.startswith('%') or t.split('.')[-1][0].islower():
            return ('BARE', 'NONE', find_bare(c, t))
        return ('OBJECT', 'NONE', find_type(c, t))

    for c in ctors:
        flag_fields = {}
        for an, at in c.args:
            fname = an if an not in C_KEYWORDS else an + '_'
            if at == '#':
                flag_fields[an] = len(c.fields)
                c.fields.append(dict(name=an, cname=fname, kind='FLAGS', elem='NONE', ref=0, flag=-1, bit=0))
                continue
            flag, bit = -1, 0
            m = re.match(r'^(\w+)\.(\d+)\?(.+)$', at)
            if m:
                if m.group(1) not in flag_fields:
                    raise GenError('%s: unknown flags field %s' % (c.where, m.group(1)))
                flag, bit, at = flag_fields[m.group(1)], int(m.group(2)), m.group(3)
                if bit > 31:
                    raise GenError('%s: flag bit %d' % (c.where, bit))
            elif at == 'true':
                raise GenError('%s: unconditional true field' % c.where)
            kind, elem, ref = resolve(c, at)
            c.fields.append(dict(name=an, cname=fname, kind=kind, elem=elem, ref=ref, flag=flag, bit=bit))
        if len(c.fields) > 255 or len(flag_fields) > 8:
            raise GenError('%s: too many fields' % c.where)
        if c.is_method:
            r = c.result
            if r in c.generics:
                c.res = ('OBJECT', 'NONE', ANY, 1)
            else:
                k, e, ref = resolve(c, r)
                c.res = (k, e, ref, 0)
        else:
            c.res = ('NONE', 'NONE', 0, 0)

    # Hash table: open addressing, linear probing, power-of-two size >= 2n.
    size = 1
    while size < 2 * len(ctors):
        size *= 2
    shift = 32 - (size.bit_length() - 1)
    table = [ANY] * size
    max_probe = 0
    for i, c in enumerate(ctors):
        h = ((c.id * 0x9E3779B1) & 0xffffffff) >> shift
        probe = 0
        while table[h] != ANY:
            h = (h + 1) & (size - 1)
            probe += 1
        max_probe = max(max_probe, probe)
        table[h] = i

    write_h(out_h, ctors, schemas)
    write_c(out_c, out_h, ctors, types, schemas, table, shift, max_probe)
    write_dec(out_dec, out_h, ctors)
    return 0


DEC_MACROS = """\
#define RI(f) if (G_UNLIKELY (!cvn_tl_rd_u32 (r, (guint32 *) &o->f, error))) return FALSE
#define RL(f) if (G_UNLIKELY (!cvn_tl_rd_u64 (r, &o->f, error))) return FALSE
#define RR(f, n) if (G_UNLIKELY (!cvn_tl_rd_raw (r, o->f, n, error))) return FALSE
#define RS(f) if (G_UNLIKELY (!cvn_tl_reader_get_bytes (r, (CvnTlBytes *) &o->f, error))) return FALSE
#define RB(f) if (G_UNLIKELY (!cvn_tl_rd_bool (r, &o->f, error))) return FALSE
#define RO(f, t) if (G_UNLIKELY ((o->f = cvn_tl_reader_get_object (r, t, error)) == NULL)) return FALSE
#define RC(f, c) if (G_UNLIKELY ((o->f = cvn_tl_reader_get_bare (r, &cvn_tl_constructors[c], error)) == NULL)) return FALSE
#define RV(f, k, e, t) if (G_UNLIKELY (!cvn_tl_read_value (r, CVN_TL_KIND_##k, CVN_TL_KIND_##e, t, &o->f, error))) return FALSE
#define T(f, w, b) o->f = (o->w >> b) & 1
#define IF(w, b) if (o->w & (1u << b))
"""


def write_dec(path, hpath, ctors):
    import os
    o = ['/* Generated by tl/tl-gen.py; do not edit. */', '#include "config.h"\n',
         '#include "%s"' % os.path.basename(hpath), '#include "cvn-tl-private.h"\n', DEC_MACROS]
    names = []
    by_layout = {}
    for i, c in enumerate(ctors):
        # Constructors with the same field kinds have the same struct layout and
        # share one decoder (about half as many functions to compile).
        layout = tuple((f['kind'], f['elem'], f['ref'], f['flag'], f['bit']) for f in c.fields)
        if layout in by_layout:
            names.append(by_layout[layout])
            continue
        fn = 'd%d' % i
        by_layout[layout] = fn
        names.append(fn)
        o.append('static gboolean\n%s (CvnTlReader *r, CvnTlObject *obj, GError **error)\n{' % fn)
        if c.fields:
            o.append('  %s *o = (%s *) obj;' % (c.cname, c.cname))
        for f in c.fields:
            k, n = f['kind'], f['cname']
            if k == 'TRUE':
                o.append('  T (%s, %s, %d);' % (n, c.fields[f['flag']]['cname'], f['bit']))
                continue
            if k in ('INT', 'FLAGS'):
                st = 'RI (%s);' % n
            elif k in ('LONG', 'DOUBLE'):
                st = 'RL (%s);' % n
            elif k == 'INT128':
                st = 'RR (%s, 16);' % n
            elif k == 'INT256':
                st = 'RR (%s, 32);' % n
            elif k in ('STRING', 'BYTES'):
                st = 'RS (%s);' % n
            elif k == 'BOOL':
                st = 'RB (%s);' % n
            elif k == 'OBJECT':
                st = 'RO (%s, %d);' % (n, f['ref'])
            elif k == 'BARE':
                st = 'RC (%s, %d);' % (n, f['ref'])
            else:
                st = 'RV (%s, %s, %s, %d);' % (n, k, f['elem'], f['ref'])
            if f['flag'] >= 0:
                st = 'IF (%s, %d) %s' % (c.fields[f['flag']]['cname'], f['bit'], st)
            o.append('  ' + st)
        if not c.fields:
            o.append('  (void) r; (void) obj; (void) error;')
        o.append('  return TRUE;\n}\n')
    o.append('const CvnTlDecodeFunc cvn_tl_decoders[] = {')
    for i in range(0, len(names), 12):
        o.append('  ' + ', '.join(names[i:i + 12]) + ',')
    o.append('};')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(o) + '\n')


def write_h(path, ctors, schemas):
    o = []
    o.append('/* Generated by tl/tl-gen.py from %s; do not edit. */' % ', '.join(schemas))
    o.append('#pragma once\n')
    o.append('#include "cvn-tl-types.h"\n')
    o.append('G_BEGIN_DECLS\n')
    for i, s in enumerate(schemas):
        o.append('#define CVN_TL_SCHEMA_%s %d' % (s.upper(), i))
    o.append('#define CVN_TL_N_SCHEMAS %d' % len(schemas))
    o.append('#define CVN_TL_N_CONSTRUCTORS %d\n' % len(ctors))
    o.append('extern const CvnTlConstructor cvn_tl_constructors[];\n')
    for i, c in enumerate(ctors):
        o.append('/* %s#%08x%s */' % (c.name, c.id, ' (method)' if c.is_method else ''))
        o.append('#define %s_ID 0x%08xu' % (c.macro, c.id))
        o.append('#define %s_CTOR (&cvn_tl_constructors[%d])' % (c.macro, i))
        for f in c.fields:
            if f['flag'] >= 0:
                o.append('#define %s_%s_FLAG (1u << %d)' % (c.macro, upper_snake(f['name']), f['bit']))
        o.append('typedef struct {')
        o.append('  CvnTlObject parent;')
        for f in c.fields:
            o.append('  ' + (CTYPES[f['kind']] % f['cname']) + ';')
        o.append('} %s;\n' % c.cname)
    o.append('G_END_DECLS')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(o) + '\n')


def write_c(path, hpath, ctors, types, schemas, table, shift, max_probe):
    import os
    o = []
    o.append('/* Generated by tl/tl-gen.py; do not edit. */')
    o.append('#include "config.h"\n')
    o.append('#include <stddef.h>\n')
    o.append('#include "%s"\n' % os.path.basename(hpath))
    o.append('#define F(n, s, o, k, e, r, fl, b) { n, o, CVN_TL_KIND_##k, CVN_TL_KIND_##e, fl, b, r }')
    o.append('static const CvnTlField fields[] = {')
    starts = []
    n = 0
    for c in ctors:
        starts.append(n)
        for f in c.fields:
            o.append('  F ("%s", %s, offsetof (%s, %s), %s, %s, %d, %d, %d),'
                     % (f['name'], c.cname, c.cname, f['cname'], f['kind'], f['elem'],
                        f['ref'], f['flag'], f['bit']))
            n += 1
    if n == 0:
        o.append('  { 0 }')
    o.append('};\n')
    o.append('#undef F')
    o.append('const CvnTlConstructor cvn_tl_constructors[] = {')
    for i, c in enumerate(ctors):
        rk, re_, rref, rgen = c.res
        o.append('  { 0x%08xu, "%s", "%s", %d, %d, %d, %d, CVN_TL_KIND_%s, CVN_TL_KIND_%s, %d, %d, sizeof (%s), &fields[%d] },'
                 % (c.id, c.name, c.result, c.type if not c.is_method else ANY, c.schema,
                    1 if c.is_method else 0, len(c.fields), rk, re_, rref, rgen, c.cname, starts[i]))
    o.append('};\n')
    o.append('static const guint16 type_ctors[] = {')
    tstarts = []
    n = 0
    for t in types:
        tstarts.append(n)
        o.append('  ' + ', '.join(str(ctors.index(c)) for c in t[2]) + ',')
        n += len(t[2])
    o.append('};\n')
    o.append('const CvnTlType cvn_tl_types[] = {')
    for i, t in enumerate(types):
        o.append('  { "%s", %d, %d, &type_ctors[%d] },' % (t[1], t[0], len(t[2]), tstarts[i]))
    o.append('};')
    o.append('const guint cvn_tl_n_types = %d;\n' % len(types))
    o.append('const char * const cvn_tl_schema_names[] = { %s, NULL };\n'
             % ', '.join('"%s"' % s for s in schemas))
    # Slots hold the id next to the index: one cache line per lookup.
    o.append('const CvnTlIdSlot cvn_tl_id_table[] = {')
    for i in range(0, len(table), 8):
        o.append('  ' + ', '.join('{ 0x%08xu, %d }' % (ctors[x].id if x != ANY else 0, x)
                                  for x in table[i:i + 8]) + ',')
    o.append('};')
    o.append('const guint cvn_tl_id_table_shift = %d;' % shift)
    o.append('const guint cvn_tl_id_table_mask = %d;' % (len(table) - 1))
    o.append('const guint cvn_tl_id_table_max_probe = %d;' % max_probe)
    with open(path, 'w', encoding='utf-8') as f:
        f.write('\n'.join(o) + '\n')


if __name__ == '__main__':
    try:
        sys.exit(main(sys.argv))
    except GenError as e:
        sys.stderr.write('tl-gen: %s\n' % e)
        sys.exit(1)
