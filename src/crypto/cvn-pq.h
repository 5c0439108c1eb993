/* cvn-pq.h: the proof of work of MTProto's key exchange (resPQ).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * cvn_pq_factorize() splits a 64-bit pq (the product of two distinct odd primes sent in
 * resPQ) into p < q with Pollard's rho in Brent's variant, using 128-bit products for
 * the modular multiplications. It refuses numbers that are prime, even, below 6 or
 * have more than two prime factors.
 *
 * cvn_pq_generate() is the server's side: a random pq = p * q with distinct 31-bit
 * primes p < q (so pq < 2^62).
 *
 * cvn_pq_is_prime() is a deterministic Miller-Rabin test for 64-bit numbers.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

gboolean cvn_pq_factorize (guint64   pq,
                           guint64  *p,
                           guint64  *q,
                           GError  **error);
gboolean cvn_pq_generate  (guint64  *pq,
                           guint64  *p,
                           guint64  *q,
                           GError  **error);
gboolean cvn_pq_is_prime  (guint64   n);

G_END_DECLS
