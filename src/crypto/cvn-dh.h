/* cvn-dh.h: the Diffie-Hellman exchange of MTProto's auth key creation, with every check
 * of https://core.telegram.org/mtproto/security_guidelines.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * All numbers are big-endian byte strings, as in the TL objects.
 *
 * cvn_dh_check_params (p, 256, g, &error)
 *     p is a 2048-bit safe prime (p and (p - 1) / 2 both prime) and g is 2..7 and
 *     generates the subgroup of order (p - 1) / 2: g = 2: p mod 8 = 7; g = 3: p mod 3 = 2;
 *     g = 4: always; g = 5: p mod 5 = 1 or 4; g = 6: p mod 24 = 19 or 23; g = 7:
 *     p mod 7 = 3, 5 or 6. Proving primality takes a while, so primes that passed are
 *     remembered for the life of the process (cvn_dh_prime_is_cached,
 *     cvn_dh_prime_cache_clear); the cheap conditions on g run every time.
 *
 * cvn_dh_check_public (g_x, len, p, 256, &error)
 *     for g_a and g_b: 1 < g_x < p - 1, and 2^(2048-64) <= g_x <= p - 2^(2048-64).
 *
 * cvn_dh_generate (p, 256, g, secret, g_x, &error)
 *     a random 2048-bit secret and g_x = g^secret mod p, drawn again until g_x passes
 *     cvn_dh_check_public (); p and g must have passed cvn_dh_check_params ().
 *
 * cvn_dh_compute_shared (p, 256, secret, peer_g_x, len, key, &error)
 *     checks peer_g_x, then key = peer_g_x^secret mod p (the auth_key), 256 bytes.
 *
 * cvn_dh_get_default_prime () is the 2048-bit safe prime Telegram's servers send (the
 * sample value of the auth key documentation), with CVN_DH_DEFAULT_G as generator; the
 * server role uses them.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_DH_PRIME_LEN   256
#define CVN_DH_DEFAULT_G   3

gboolean      cvn_dh_check_params       (const guint8  *p,
                                         gsize          p_len,
                                         gint32         g,
                                         GError       **error);
gboolean      cvn_dh_check_public       (const guint8  *g_x,
                                         gsize          g_x_len,
                                         const guint8  *p,
                                         gsize          p_len,
                                         GError       **error);
gboolean      cvn_dh_generate           (const guint8  *p,
                                         gsize          p_len,
                                         gint32         g,
                                         guint8         secret[CVN_DH_PRIME_LEN],
                                         guint8         g_x[CVN_DH_PRIME_LEN],
                                         GError       **error);
gboolean      cvn_dh_compute_shared     (const guint8  *p,
                                         gsize          p_len,
                                         const guint8   secret[CVN_DH_PRIME_LEN],
                                         const guint8  *peer_g_x,
                                         gsize          peer_g_x_len,
                                         guint8         key[CVN_DH_PRIME_LEN],
                                         GError       **error);

gboolean      cvn_dh_prime_is_cached    (const guint8  *p,
                                         gsize          p_len);
void          cvn_dh_prime_cache_clear  (void);

const guint8 *cvn_dh_get_default_prime  (gsize         *len);

G_END_DECLS
