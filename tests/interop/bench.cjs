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

function time (fn, budgetMs) {
  for (let i = 0; i < 20; i++) fn() // warm up the JIT
  let n = 0
  const start = process.hrtime.bigint()
  let elapsed = 0n
  while (elapsed < BigInt(budgetMs) * 1000000n) {
    for (let i = 0; i < 10; i++) fn()
    n += 10
    elapsed = process.hrtime.bigint() - start
  }
  return Number(elapsed) / 1000 / n // µs per run
}

for (const [name, obj] of corpus) {
  const bytes = m.serialize(obj)
  fs.writeFileSync(path.join(outdir, name + '.bin'), bytes)
  const decoded = m.deserialize(bytes)
  const decodeUs = time(() => m.deserialize(bytes), 1500)
  const encodeUs = time(() => m.serialize(decoded), 1500)
  console.log(JSON.stringify({ name, bytes: bytes.length, decode_us: decodeUs, encode_us: encodeUs }))
}
