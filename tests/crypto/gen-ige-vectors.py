#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Independent AES-256-IGE regression vectors for test-aes.c: IGE written out block by
# block over the AES primitive of python3-cryptography (ECB on one block), not over
# OpenSSL's EVP through our code. Run once; the output is pasted into test-aes.c.
#   c[i] = E(m[i] ^ c[i-1]) ^ m[i-1], iv = c[0] | m[0]

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes


def xor(a, b):
    return bytes(x ^ y for x, y in zip(a, b))


def ige_encrypt(key, iv, data):
    enc = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    c_prev, m_prev = iv[:16], iv[16:]
    out = b""
    for i in range(0, len(data), 16):
        m = data[i:i + 16]
        c = xor(enc.update(xor(m, c_prev)), m_prev)
        out += c
        c_prev, m_prev = c, m
    return out


key = bytes(range(32))
iv = bytes(range(0x20, 0x40))
plain = bytes((i * 7 + 3) & 0xff for i in range(96))
print("key   ", key.hex())
print("iv    ", iv.hex())
print("plain ", plain.hex())
print("cipher", ige_encrypt(key, iv, plain).hex())
