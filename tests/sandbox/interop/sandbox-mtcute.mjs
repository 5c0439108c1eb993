// SPDX-License-Identifier: GPL-3.0-or-later
// mtcute (an independent Telegram client) against a running convene-sandbox, as TAP.
//   node sandbox-mtcute.mjs HOST PORT PUBLIC_KEY_FILE
// Starts nothing: the sandbox (default world) is started by run-sandbox-interop.py. mtcute
// creates an auth key with the sandbox's RSA key, logs in as Ada Demo (+9996610001, code
// 11111), resolves the supergroup "Convene Lounge", takes its call from
// channels.getFullChannel and checks the live video chat through phone.getGroupCall.
import fs from 'node:fs'
import { format } from 'node:util'
import { createRequire } from 'node:module'
import { createHash } from 'node:crypto'
import { TelegramClient, MemoryStorage, IntermediatePacketCodec } from '@mtcute/node'
import { connectTcp } from '@fuman/node'
import { addPublicKey } from '@mtcute/core/utils.js'

const require = createRequire(import.meta.url)
const { __publicKeyIndex } = require('@mtcute/tl/binary/rsa-keys.js')

const PHONE = '9996610001'
const CODE = '11111'
const USERNAME = 'convene_lounge'
const TITLE = 'Convene Lounge'
const STEP_MS = 20000
const GLOBAL_MS = 60000

const [host, portArg, keyFile] = process.argv.slice(2)
const port = Number(portArg)

const checks = [
  'key exchange and help.getConfig (DC 2)',
  'auth.sendCode for ' + PHONE + ' answers auth.sentCode',
  'auth.signIn with the code logs in as Ada Demo',
  'contacts.resolveUsername finds the supergroup "' + TITLE + '"',
  'channels.getFullChannel carries the call',
  'phone.getGroupCall answers a live groupCall',
  'participants_count >= 8',
  'at least 3 participants returned (limit 10)',
  'version > 0',
]
let n = 0
let failed = 0

function ok (cond, detail) {
  const what = checks[n++]
  if (cond) console.log('ok ' + n + ' - ' + what)
  else {
    failed++
    console.log('not ok ' + n + ' - ' + what)
    if (detail !== undefined) console.log('# ' + String(detail).split('\n').join('\n# '))
  }
  return cond
}

function finish () {
  while (n < checks.length) {
    n++
    failed++
    console.log('not ok ' + n + ' - ' + checks[n - 1] + ' # not reached')
  }
  process.exit(failed > 0 ? 1 : 0)
}

const globalTimer = setTimeout(() => {
  console.log('# global timeout of ' + GLOBAL_MS + ' ms')
  finish()
}, GLOBAL_MS)

async function step (promise, what) {
  let timer
  const t = new Promise((_resolve, reject) => { timer = setTimeout(() => reject(new Error(what + ': timed out')), STEP_MS) })
  try {
    return await Promise.race([promise, t])
  } finally {
    clearTimeout(timer)
  }
}

const show = (v) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x)).slice(0, 600)

async function main () {
  console.log('1..' + checks.length)
  if (!host || !Number.isInteger(port) || port <= 0 || !keyFile) throw new Error('usage: sandbox-mtcute.mjs HOST PORT PUBLIC_KEY_FILE')
  if (host !== '127.0.0.1' && host !== '::1') throw new Error('only loopback addresses: ' + host)

  // Register the sandbox key. mtcute stores it under a zero-padded fingerprint but looks
  // resPQ fingerprints up without leading zeros: register both forms.
  const before = new Set(Object.keys(__publicKeyIndex))
  addPublicKey({ sha1: (data) => new Uint8Array(createHash('sha1').update(data).digest()) },
    fs.readFileSync(keyFile, 'utf8'))
  for (const fp of Object.keys(__publicKeyIndex)) {
    if (before.has(fp)) continue
    console.log('# sandbox key fingerprint ' + fp)
    const unpadded = fp.replace(/^0+/, '')
    if (unpadded !== fp) __publicKeyIndex[unpadded] = __publicKeyIndex[fp]
  }

  const dc = { id: 2, ipAddress: host, port, ipv6: host.includes(':') }
  const tg = new TelegramClient({
    apiId: 1,
    apiHash: '00000000000000000000000000000000',
    storage: new MemoryStorage(),
    defaultDcs: { main: dc, media: dc },
    transport: {
      connect: (d) => connectTcp({ address: d.ipAddress, port: d.port }),
      packetCodec: () => new IntermediatePacketCodec(),
    },
    logLevel: 1,
    disableUpdates: true,
  })
  // mtcute logs to stdout; keep the TAP stream clean by sending its log to stderr.
  if (tg.log && tg.log.mgr) {
    tg.log.mgr.handler = (_color, level, tag, fmt, args) =>
      console.error('mtcute [' + level + '] [' + tag + '] ' + format(fmt, ...args))
  }
  try {
    const config = await step(tg.call({ _: 'help.getConfig' }), 'help.getConfig')
    if (!ok(config._ === 'config' && config.thisDc === 2, show(config))) return

    const sent = await step(tg.call({
      _: 'auth.sendCode',
      phoneNumber: PHONE,
      apiId: 1,
      apiHash: '00000000000000000000000000000000',
      settings: { _: 'codeSettings' },
    }), 'auth.sendCode')
    if (!ok(sent._ === 'auth.sentCode' && typeof sent.phoneCodeHash === 'string' && sent.phoneCodeHash.length > 0, show(sent))) return

    const auth = await step(tg.call({
      _: 'auth.signIn',
      phoneNumber: PHONE,
      phoneCodeHash: sent.phoneCodeHash,
      phoneCode: CODE,
    }), 'auth.signIn')
    if (!ok(auth._ === 'auth.authorization' && auth.user._ === 'user' && auth.user.firstName === 'Ada' &&
      auth.user.phone === PHONE, show(auth))) return

    const resolved = await step(tg.call({ _: 'contacts.resolveUsername', username: USERNAME }), 'contacts.resolveUsername')
    const chat = (resolved.chats || []).find((c) => c._ === 'channel' && resolved.peer &&
      resolved.peer._ === 'peerChannel' && c.id === resolved.peer.channelId)
    if (!ok(chat !== undefined && chat.title === TITLE && chat.megagroup === true && chat.callActive === true, show(resolved))) return

    const full = await step(tg.call({
      _: 'channels.getFullChannel',
      channel: { _: 'inputChannel', channelId: chat.id, accessHash: chat.accessHash },
    }), 'channels.getFullChannel')
    const call = full.fullChat && full.fullChat.call
    if (!ok(full._ === 'messages.chatFull' && full.fullChat._ === 'channelFull' && call !== undefined &&
      call._ === 'inputGroupCall', show(full))) return

    const gc = await step(tg.call({ _: 'phone.getGroupCall', call, limit: 10 }), 'phone.getGroupCall')
    const g = gc.call
    console.log('# ' + show({ participantsCount: g && g.participantsCount, version: g && g.version, returned: gc.participants && gc.participants.length, title: g && g.title }))
    if (!ok(gc._ === 'phone.groupCall' && g._ === 'groupCall' && String(g.id) === String(call.id), show(gc))) return
    ok(g.participantsCount >= 8, 'participantsCount ' + g.participantsCount)
    const parts = gc.participants || []
    ok(parts.length >= 3 && parts.length <= 10 && parts.every((p) => p._ === 'groupCallParticipant'),
      parts.length + ' participants returned')
    ok(Number.isInteger(g.version) && g.version > 0, 'version ' + g.version)
  } finally {
    await tg.destroy().catch(() => {})
  }
}

main().catch((e) => {
  // the step that threw fails with the error; the ones after it are not reached
  if (n < checks.length) ok(false, String(e && e.stack ? e.stack : e))
  else console.log('# ' + String(e && e.stack ? e.stack : e).split('\n').join('\n# '))
}).finally(() => {
  clearTimeout(globalTimer)
  finish()
})
