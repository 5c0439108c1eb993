// SPDX-License-Identifier: GPL-3.0-or-later
// mtcute (an independent MTProto client) against Convene's MTProto server role, as TAP.
//   node interop.mjs SERVER_EXE KEY_FILE
// For each framing (intermediate, padded intermediate, obfuscated intermediate): a fresh
// mtcute client creates an auth key with the server's public key, sends its first
// container (ping_delay_disconnect, get_future_salts, invokeWithLayer(initConnection(
// help.getConfig))), then phone.getCallConfig and help.getNearestDc.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import { createInterface } from 'node:readline'
import { createRequire } from 'node:module'
import {
  TelegramClient, MemoryStorage, IntermediatePacketCodec, PaddedIntermediatePacketCodec,
  ObfuscatedPacketCodec,
} from '@mtcute/node'
import { connectTcp } from '@fuman/node'
import { createHash } from 'node:crypto'
import { format } from 'node:util'
import { addPublicKey } from '@mtcute/core/utils.js'

const require = createRequire(import.meta.url)
const { __publicKeyIndex } = require('@mtcute/tl/binary/rsa-keys.js')

const [serverExe, keyFile] = process.argv.slice(2)
let n = 0
let failed = 0

function ok (cond, what, detail) {
  n++
  if (cond) console.log('ok ' + n + ' - ' + what)
  else {
    failed++
    console.log('not ok ' + n + ' - ' + what)
    if (detail) console.log('# ' + String(detail).split('\n').join('\n# '))
  }
}

function startServer () {
  return new Promise((resolve, reject) => {
    const proc = spawn(serverExe, [keyFile], { stdio: ['ignore', 'pipe', 'pipe'] })
    const log = []
    createInterface({ input: proc.stderr }).on('line', (l) => {
      log.push(l)
      if (process.env.INTEROP_SERVER_LOG) fs.appendFileSync(process.env.INTEROP_SERVER_LOG, l + '\n')
    })
    createInterface({ input: proc.stdout }).on('line', (l) => {
      if (process.env.INTEROP_SERVER_LOG) fs.appendFileSync(process.env.INTEROP_SERVER_LOG, l + '\n')
      const m = /^READY (\d+) ([0-9a-f]+)$/.exec(l)
      if (m) resolve({ proc, port: Number(m[1]), fingerprint: m[2], log })
    })
    proc.on('exit', (code) => reject(new Error('server exited with ' + code + '\n' + log.join('\n'))))
    setTimeout(() => reject(new Error('server did not start')), 30000)
  })
}

const framings = {
  intermediate: () => new IntermediatePacketCodec(),
  'padded intermediate': () => new PaddedIntermediatePacketCodec(),
  'obfuscated intermediate': () => new ObfuscatedPacketCodec(new IntermediatePacketCodec()),
}

async function withTimeout (promise, ms, what) {
  let timer
  const t = new Promise((_resolve, reject) => { timer = setTimeout(() => reject(new Error(what + ': timed out')), ms) })
  try {
    return await Promise.race([promise, t])
  } finally {
    clearTimeout(timer)
  }
}

async function main () {
  const server = await startServer()
  console.log('# server on port ' + server.port + ', key ' + server.fingerprint)
  console.log('1..' + Object.keys(framings).length * 4)

  for (const [name, codec] of Object.entries(framings)) {
    const dc = { id: 2, ipAddress: '127.0.0.1', port: server.port, ipv6: false }
    const tg = new TelegramClient({
      apiId: 1,
      apiHash: '00000000000000000000000000000000',
      storage: new MemoryStorage(),
      defaultDcs: { main: dc, media: dc },
      transport: {
        connect: (d) => connectTcp({ address: d.ipAddress, port: d.port }),
        packetCodec: codec,
      },
      logLevel: 1,
      disableUpdates: true,
    })
    // mtcute logs to stdout; its log goes to stderr so the TAP stream stays clean. (It logs
    // an error when its own auth key has a leading zero byte: it drops that byte before
    // hashing, so about one key exchange in 256 is retried. Our server is right there.)
    if (tg.log && tg.log.mgr) {
      tg.log.mgr.handler = (_color, level, tag, fmt, args) =>
        console.error('mtcute [' + level + '] [' + tag + '] ' + format(fmt, ...args))
    }
    // mtcute registers keys zero-padded but looks them up without leading zeros: both.
    const pem = fs.readFileSync(keyFile + '.pub', 'utf8')
    // parsePublicKey only needs SHA-1 from the crypto provider.
    addPublicKey({ sha1: (data) => new Uint8Array(createHash('sha1').update(data).digest()) }, pem)
    const padded = server.fingerprint
    const unpadded = padded.replace(/^0+/, '')
    if (unpadded !== padded) __publicKeyIndex[unpadded] = __publicKeyIndex[padded]
    try {
      const config = await withTimeout(tg.call({ _: 'help.getConfig' }), 30000, 'help.getConfig')
      ok(config._ === 'config' && config.thisDc === 2 && config.dcOptions.length === 1,
        name + ': key exchange and invokeWithLayer(initConnection(help.getConfig))', JSON.stringify(config).slice(0, 300))
      const init = server.log.find((l) => l.startsWith('REQUEST help.getConfig 223 init'))
      ok(init !== undefined, name + ': the server saw layer 223 and initConnection', server.log.join('\n'))
      const call = await withTimeout(tg.call({ _: 'phone.getCallConfig' }), 30000, 'phone.getCallConfig')
      ok(call._ === 'dataJSON' && JSON.parse(call.data).convene === true, name + ': phone.getCallConfig', JSON.stringify(call))
      const nearest = await withTimeout(tg.call({ _: 'help.getNearestDc' }), 30000, 'help.getNearestDc')
      ok(nearest._ === 'nearestDc' && nearest.country === 'XX', name + ': help.getNearestDc', JSON.stringify(nearest))
    } catch (e) {
      ok(false, name + ': ' + e.message, (e.stack || '') + '\n' + server.log.slice(-30).join('\n'))
    } finally {
      await tg.destroy().catch(() => {})
    }
    server.log.length = 0
  }
  server.proc.kill()
  process.exit(failed > 0 ? 1 : 0)
}

main().catch((e) => {
  console.log('Bail out! ' + e.message)
  process.exit(1)
})
