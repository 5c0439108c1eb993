// SPDX-License-Identifier: GPL-3.0-or-later
// Interop of Convene's TL layer with mtcute, both directions, as TAP.
//   node interop.cjs CONVENE_TL GOLDEN_DIR          check
//   node interop.cjs CONVENE_TL GOLDEN_DIR --write  (re)write the golden files
// For every golden vector: the committed .hex/.json are mtcute's bytes and decoding;
// `convene-tl decode` of mtcute's bytes gives mtcute's decoding; `convene-tl encode`
// of that JSON gives mtcute's bytes; mtcute's reader decodes our bytes (objects).
'use strict'

const fs = require('fs')
const path = require('path')
const { execFileSync } = require('child_process')
const assert = require('assert')
const m = require('./mtcute-tl.cjs')

const [convene, golden, mode] = process.argv.slice(2)
let n = 0
let failed = 0

function ok (cond, what, detail) {
  n++
  if (cond) {
    console.log('ok ' + n + ' - ' + what)
  } else {
    failed++
    console.log('not ok ' + n + ' - ' + what)
    if (detail) console.log('# ' + String(detail).split('\n').join('\n# '))
  }
}

function deepEq (a, b) {
  try {
    assert.deepStrictEqual(a, b)
    return null
  } catch (e) {
    return e.message
  }
}

function tool (args) {
  return execFileSync(convene, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

for (const v of m.vectors()) {
  const theirBytes = m.vectorBytes(v)
  const theirHex = m.hex(theirBytes)
  const json = m.vectorJson(v)
  const hexFile = path.join(golden, v.name + '.hex')
  const jsonFile = path.join(golden, v.name + '.json')

  if (mode === '--write') {
    fs.writeFileSync(hexFile, theirHex + '\n')
    fs.writeFileSync(jsonFile, JSON.stringify(json, null, 1) + '\n')
    continue
  }

  if (v.kind !== 'method') {
    const back = m.readJson(v, theirBytes)
    ok(deepEq(back, json) === null, v.name + ': mtcute reads its own bytes back', deepEq(back, json))
  }
  ok(fs.readFileSync(hexFile, 'utf8').trim() === theirHex, v.name + ': committed .hex is mtcute\'s serialization')
  const committed = JSON.parse(fs.readFileSync(jsonFile, 'utf8'))
  ok(deepEq(committed, json) === null, v.name + ': committed .json is mtcute\'s object', deepEq(committed, json))

  let ours
  try {
    ours = JSON.parse(tool(['decode', theirHex]))
    ok(deepEq(ours, json) === null, v.name + ': their bytes -> convene-tl decode == their JSON', deepEq(ours, json))
  } catch (e) {
    ok(false, v.name + ': convene-tl decode', e.stderr || e.message)
  }

  let ourHex
  try {
    ourHex = tool(['encode', JSON.stringify(json)])
    ok(ourHex === theirHex, v.name + ': convene-tl encode == their bytes', 'ours   ' + ourHex + '\ntheirs ' + theirHex)
  } catch (e) {
    ok(false, v.name + ': convene-tl encode', e.stderr || e.message)
    continue
  }
  if (v.kind !== 'method') {
    try {
      const theirs = m.readJson(v, Buffer.from(ourHex, 'hex'))
      ok(deepEq(theirs, json) === null, v.name + ': our bytes -> mtcute reader == JSON', deepEq(theirs, json))
    } catch (e) {
      ok(false, v.name + ': mtcute reader on our bytes', e.message)
    }
  }
}

if (mode !== '--write') {
  console.log('1..' + n)
  process.exit(failed ? 1 : 0)
}
