/* cvn-curve25519.h: Ed25519 signatures, X25519 key agreement and SHA-512 helpers for
 * the e2e and rtc layers. Keys are raw 32-byte strings (RFC 8032, RFC 7748).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   cvn_ed25519_generate (priv, pub, &error);
 *   cvn_ed25519_public_from_private (priv, pub, &error);
 *   cvn_ed25519_sign (priv, msg, len, sig, &error);
 *   cvn_ed25519_verify (pub, msg, len, sig, &error);     CVN_CRYPTO_ERROR_INTEGRITY if bad
 *
 *   cvn_x25519_generate (priv, pub, &error);
 *   cvn_x25519_public_from_private (priv, pub, &error);
 *   cvn_x25519_derive (priv, peer_pub, shared, &error);  refuses an all-zero result
 *                                                        (a small-order peer key)
 *
 * (SHA-512 itself is cvn_sha512() in cvn-hash.h.)
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_ED25519_KEY_LEN        32
#define CVN_ED25519_SIGNATURE_LEN  64
#define CVN_X25519_KEY_LEN         32

gboolean cvn_ed25519_generate            (guint8         priv[CVN_ED25519_KEY_LEN],
                                          guint8         pub[CVN_ED25519_KEY_LEN],
                                          GError       **error);
gboolean cvn_ed25519_public_from_private (const guint8   priv[CVN_ED25519_KEY_LEN],
                                          guint8         pub[CVN_ED25519_KEY_LEN],
                                          GError       **error);
gboolean cvn_ed25519_sign                (const guint8   priv[CVN_ED25519_KEY_LEN],
                                          const guint8  *msg,
                                          gsize          len,
                                          guint8         sig[CVN_ED25519_SIGNATURE_LEN],
                                          GError       **error);
gboolean cvn_ed25519_verify              (const guint8   pub[CVN_ED25519_KEY_LEN],
                                          const guint8  *msg,
                                          gsize          len,
                                          const guint8   sig[CVN_ED25519_SIGNATURE_LEN],
                                          GError       **error);

gboolean cvn_x25519_generate             (guint8         priv[CVN_X25519_KEY_LEN],
                                          guint8         pub[CVN_X25519_KEY_LEN],
                                          GError       **error);
gboolean cvn_x25519_public_from_private  (const guint8   priv[CVN_X25519_KEY_LEN],
                                          guint8         pub[CVN_X25519_KEY_LEN],
                                          GError       **error);
gboolean cvn_x25519_derive               (const guint8   priv[CVN_X25519_KEY_LEN],
                                          const guint8   peer_pub[CVN_X25519_KEY_LEN],
                                          guint8         shared[CVN_X25519_KEY_LEN],
                                          GError       **error);

G_END_DECLS
