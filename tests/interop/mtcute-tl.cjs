// SPDX-License-Identifier: GPL-3.0-or-later
// mtcute (an independent TL implementation from npm) as a reference for Convene's TL
// layer: its serializer makes the golden vectors, its reader checks our bytes.
'use strict'

const { TlBinaryReader, TlBinaryWriter } = require('@mtcute/tl-runtime')
const { __tlReaderMap: readerMap } = require('@mtcute/tl/binary/reader.js')
const { __tlWriterMap: writerMap } = require('@mtcute/tl/binary/writer.js')
const Long = require('long')

const apiSchema = require('@mtcute/tl/api-schema.json')
const mtpSchema = require('@mtcute/tl/mtp-schema.json')

const byName = new Map()
for (const e of apiSchema.e) byName.set(e.name, e)
for (const e of mtpSchema) byName.set(e.name, e)

function camel (s) {
  return s.replace(/_([a-z0-9])/gi, (_, c) => c.toUpperCase())
}

function hex (u8) {
  return Buffer.from(u8).toString('hex')
}

// mtcute object -> Convene's JSON form (tl/README.md).
function convValue (v, type, mods) {
  if (mods && (mods.isVector || mods.isBareVector)) {
    return v.map(x => convValue(x, type, null))
  }
  switch (type) {
    case 'int':
    case 'double':
    case 'Bool':
    case 'string':
      return v
    case 'long':
      return Long.isLong(v) ? v.toString() : String(v)
    case 'int53':
      return String(v)
    case 'bytes':
    case 'int128':
    case 'int256':
      return { $hex: hex(v) }
    default:
      return toOurJson(v)
  }
}

function toOurJson (o) {
  const e = byName.get(o._)
  if (!e) throw new Error('mtcute: unknown constructor ' + o._)
  const out = { _: o._.replace(/^mt_/, '') }
  for (const a of e.arguments) {
    if (a.type === '#') continue
    const v = o[camel(a.name)]
    if (a.type === 'true') {
      if (v === true) out[a.name] = true
      continue
    }
    if (v === undefined || v === null) continue
    out[a.name] = convValue(v, a.type, a.typeModifiers)
  }
  return out
}

function serialize (obj) {
  return TlBinaryWriter.serializeObject(writerMap, obj)
}

function deserialize (bytes) {
  const r = new TlBinaryReader(readerMap, bytes)
  const obj = r.object()
  if (r.pos !== bytes.length) throw new Error('mtcute: trailing bytes at ' + r.pos)
  return obj
}

function L (s) {
  return Long.fromString(String(s))
}

function bytesOf (n, seed) {
  const u8 = new Uint8Array(n)
  for (let i = 0; i < n; i++) u8[i] = (seed * 31 + i * 7) & 0xff
  return u8
}

const inputCall = { _: 'inputGroupCall', id: L('7200987654321098765'), accessHash: L('-4417384751234567890') }

function participant (i, full) {
  const p = {
    _: 'groupCallParticipant',
    muted: i % 3 === 0,
    canSelfUnmute: i % 2 === 0,
    versioned: true,
    peer: { _: 'peerUser', userId: 100000 + i },
    date: 1763700000 + i,
    source: (i * 2654435761) | 0,
  }
  if (i % 4 === 1) p.activeDate = 1763700500 + i
  if (i % 5 === 2) p.volume = 5000 + i
  if (i % 7 === 3) p.about = 'Participant number ' + i
  if (i % 11 === 4) p.raiseHandRating = L(String(1000000 + i))
  if (full || i % 6 === 5) {
    p.videoJoined = true
    p.video = {
      _: 'groupCallParticipantVideo',
      endpoint: 'endpoint-' + i,
      sourceGroups: [
        { _: 'groupCallParticipantVideoSourceGroup', semantics: 'SIM', sources: [-(i + 1) * 1000, (i + 2) * 1000, -(i + 3) * 1000] },
        { _: 'groupCallParticipantVideoSourceGroup', semantics: 'FID', sources: [-(i + 1) * 1000, (i + 4) * 1000] },
      ],
      audioSource: -(i + 7),
    }
  }
  if (full) {
    p.presentation = {
      _: 'groupCallParticipantVideo',
      paused: true,
      endpoint: 'screen-' + i,
      sourceGroups: [
        { _: 'groupCallParticipantVideoSourceGroup', semantics: 'FID', sources: [-2147483648, 2147483647] },
      ],
    }
    p.paidStarsTotal = L('250')
  }
  return p
}

function user (i) {
  return {
    _: 'user',
    contact: i % 2 === 0,
    id: 100000 + i,
    accessHash: L(String(-1234567890123 - i)),
    firstName: 'User' + i,
    lastName: i % 3 ? 'Surname' + i : undefined,
    username: i % 4 ? 'user_' + i : undefined,
    status: { _: 'userStatusRecently' },
  }
}

const joinParams = JSON.stringify({
  ufrag: 'a1b2', pwd: 'Zc0f3e2d1c0b0a09080706050', ssrc: -1234567890,
  'ssrc-groups': [{ semantics: 'FID', sources: [-1234567890, 987654321] }],
  fingerprints: [{ hash: 'sha-256', setup: 'active', fingerprint: 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89' }],
})

// The golden vectors of the issue.  kind: 'object' (mtcute can decode it), 'method'
// (mtcute has no method readers: bytes are compared), 'rpc_result' (framed by hand:
// mtcute handles rpc_result in its session code, not in the TL maps).
function vectors () {
  const list = []
  list.push({
    name: 'groupCall',
    kind: 'object',
    obj: {
      _: 'groupCall',
      joinMuted: true, canChangeJoinMuted: true, canStartVideo: true, rtmpStream: true,
      conference: true, creator: true, min: true,
      id: L('7200987654321098765'), accessHash: L('-4417384751234567890'),
      participantsCount: 1234, title: 'Weekly sync – ёжик 🦔', streamDcId: 2,
      scheduleDate: 1763800000, unmutedVideoCount: 3, unmutedVideoLimit: 30, version: 42,
      inviteLink: 'https://t.me/call/abcdef', sendPaidMessagesStars: L('15'),
      defaultSendAs: { _: 'peerChannel', channelId: 1987654321 },
    },
  })
  list.push({ name: 'groupCallParticipant', kind: 'object', obj: participant(1, true) })
  list.push({
    name: 'updates-groupCallParticipants',
    kind: 'object',
    obj: {
      _: 'updates',
      updates: [{ _: 'updateGroupCallParticipants', call: inputCall, participants: [participant(2, true), participant(3, false), participant(6, false)], version: 43 }],
      users: [user(2), user(3)],
      chats: [],
      date: 1763700123,
      seq: 0,
    },
  })
  list.push({
    name: 'phone.joinGroupCall',
    kind: 'method',
    obj: {
      _: 'phone.joinGroupCall', muted: true, videoStopped: true, call: inputCall,
      joinAs: { _: 'inputPeerSelf' }, inviteHash: 'speaker-hash', params: { _: 'dataJSON', data: joinParams },
    },
  })
  list.push({
    name: 'phone.joinGroupCall-conference',
    kind: 'method',
    obj: {
      _: 'phone.joinGroupCall', call: { _: 'inputGroupCallSlug', slug: 'aBcDeF123' },
      joinAs: { _: 'inputPeerSelf' }, publicKey: bytesOf(32, 5), block: bytesOf(300, 9),
      params: { _: 'dataJSON', data: joinParams },
    },
  })
  list.push({
    name: 'invokeWithLayer-initConnection-getGroupCall',
    kind: 'method',
    obj: {
      _: 'invokeWithLayer', layer: 223,
      query: {
        _: 'initConnection', apiId: 12345, deviceModel: 'Convene', systemVersion: 'Debian 12',
        appVersion: '0.1.0', systemLangCode: 'en', langPack: '', langCode: 'en',
        params: { _: 'jsonObject', value: [{ _: 'jsonObjectValue', key: 'tz_offset', value: { _: 'jsonNumber', value: 3600 } }] },
        query: { _: 'phone.getGroupCall', call: inputCall, limit: 100 },
      },
    },
  })
  list.push({
    name: 'rpc_result-rpc_error',
    kind: 'rpc_result',
    reqMsgId: L('7311234567890123456'),
    obj: { _: 'mt_rpc_error', errorCode: 400, errorMessage: 'GROUPCALL_JOIN_MISSING' },
  })
  list.push({ name: 'phone.groupParticipants', kind: 'object', obj: groupParticipants(20) })
  return list
}

function groupParticipants (n) {
  const participants = []
  const users = []
  for (let i = 0; i < n; i++) {
    participants.push(participant(i, false))
    users.push(user(i))
  }
  return { _: 'phone.groupParticipants', count: n, participants, nextOffset: 'offset-' + n, chats: [], users, version: 77 }
}

function updatesParticipants (n) {
  const updates = []
  for (let i = 0; i < n; i++) {
    updates.push({ _: 'updateGroupCallParticipants', call: inputCall, participants: [participant(i, i % 10 === 0)], version: 100 + i })
  }
  return { _: 'updates', updates, users: [user(1)], chats: [], date: 1763700999, seq: 5 }
}

function dialogs (n) {
  const dialogList = []
  const messages = []
  const users = []
  const chats = []
  for (let i = 0; i < n; i++) {
    const peer = i % 2 ? { _: 'peerUser', userId: 100000 + i } : { _: 'peerChannel', channelId: 200000 + i }
    dialogList.push({
      _: 'dialog', pinned: i < 3, peer, topMessage: 5000 + i, readInboxMaxId: 4990 + i, readOutboxMaxId: 4980 + i,
      unreadCount: i % 5, unreadMentionsCount: 0, unreadReactionsCount: 0,
      notifySettings: { _: 'peerNotifySettings', showPreviews: true, silent: false }, pts: i % 2 ? undefined : 12000 + i,
    })
    messages.push({
      _: 'message', out: i % 3 === 0, id: 5000 + i, fromId: { _: 'peerUser', userId: 100000 + i }, peerId: peer,
      date: 1763600000 + i, message: 'Hello from message ' + i + ', see you at the call',
      entities: i % 4 ? undefined : [{ _: 'messageEntityBold', offset: 0, length: 5 }],
    })
    if (i % 2) users.push(user(i))
    else {
      chats.push({
        _: 'channel', broadcast: i % 4 === 0, megagroup: i % 4 !== 0, id: 200000 + i, accessHash: L(String(9876543210 + i)),
        title: 'Channel ' + i, username: 'chan' + i, photo: { _: 'chatPhotoEmpty' }, date: 1700000000 + i,
        participantsCount: 1000 + i,
      })
    }
  }
  return { _: 'messages.dialogsSlice', count: 1000, dialogs: dialogList, messages, chats, users }
}

// Bytes of a vector as mtcute serializes it.
function vectorBytes (v) {
  if (v.kind !== 'rpc_result') return serialize(v.obj)
  const inner = serialize(v.obj)
  const w = TlBinaryWriter.manual(12 + inner.length)
  w.uint(0xf35c6d01)
  w.long(v.reqMsgId)
  w.raw(inner)
  return w.result()
}

function vectorJson (v) {
  const j = toOurJson(v.obj)
  if (v.kind !== 'rpc_result') return j
  return { _: 'rpc_result', req_msg_id: v.reqMsgId.toString(), result: j }
}

// mtcute's reading of bytes, in our JSON form (objects and rpc_result only).
function readJson (v, bytes) {
  if (v.kind === 'rpc_result') {
    const r = new TlBinaryReader(readerMap, bytes)
    if (r.uint() !== 0xf35c6d01) throw new Error('not rpc_result')
    const reqMsgId = r.long()
    const result = r.object()
    if (r.pos !== bytes.length) throw new Error('trailing bytes')
    return { _: 'rpc_result', req_msg_id: reqMsgId.toString(), result: toOurJson(result) }
  }
  return toOurJson(deserialize(bytes))
}

module.exports = {
  vectors, vectorBytes, vectorJson, readJson, toOurJson, serialize, deserialize, hex,
  groupParticipants, updatesParticipants, dialogs, readerMap, TlBinaryReader,
}
