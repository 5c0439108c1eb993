// SPDX-License-Identifier: GPL-3.0-or-later
// mtcute side of the TL benchmark: writes the corpus (mtcute's bytes) to OUTDIR and
// prints one JSON line per corpus item with mtcute's decode and encode time.
//   node bench.cjs OUTDIR
'use strict'

const fs = require('fs')
const path = require('path')
const m = require('./mtcute-tl.cjs')

const outdir = process.argv[2]
const corpus = [
  ['participants-1000', m.groupParticipants(1000)],
  ['updates-50', m.updatesParticipants(50)],
  ['dialogs-100', m.dialogs(100)],
]

// µs per run: the best batch of 10 runs within the budget (robust to a loaded machine;
// bench-tl.c measures our side the same way).
function time (fn, budgetMs) {
  for (let i = 0; i < 50; i++) fn() // warm up the JIT
  let best = Infinity
  const start = process.hrtime.bigint()
  while (process.hrtime.bigint() - start < BigInt(budgetMs) * 1000000n) {
    const t0 = process.hrtime.bigint()
    for (let i = 0; i < 10; i++) fn()
    const us = Number(process.hrtime.bigint() - t0) / 1000 / 10
    if (us < best) best = us
  }
  return best
}

for (const [name, obj] of corpus) {
  const bytes = m.serialize(obj)
  fs.writeFileSync(path.join(outdir, name + '.bin'), bytes)
  const decoded = m.deserialize(bytes)
  const decodeUs = time(() => m.deserialize(bytes), 1500)
  const encodeUs = time(() => m.serialize(decoded), 1500)
  console.log(JSON.stringify({ name, bytes: bytes.length, decode_us: decodeUs, encode_us: encodeUs }))
}
