/* cvn-srp.h: two-step verification (SRP-6a with Telegram's password KDF), both roles.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * For passwordKdfAlgoSHA256SHA256PBKDF2HMACSHA512iter100000SHA256ModPow
 * (https://core.telegram.org/api/srp). With H = SHA256, SH (data, salt) =
 * H (salt | data | salt), numbers big-endian and padded to 256 bytes when hashed:
 *
 *   x  = PH2 = SH (PBKDF2-HMAC-SHA512 (PH1, salt1, 100000), salt2),
 *        PH1 = SH (SH (password, salt1), salt2)
 *   v  = g^x mod p                    (the verifier the server keeps)
 *   k  = H (p | g)        u = H (g_a | g_b)        g_a = g^a mod p
 *   s  = (g_b - k v)^(a + u x) mod p  (client)  =  (g_a v^u)^b mod p  (server)
 *   M1 = H (H (p) xor H (g) | H (salt1) | H (salt2) | g_a | g_b | H (s))
 *
 * Client (account.getPassword gives params, srp_B and srp_id):
 *   cvn_srp_compute_check (&params, password, len, srp_B, len, NULL, 0, A, M1, &error)
 *   then send inputCheckPasswordSRP (srp_id, A, M1). @a may be given (256 bytes) for
 *   known-answer tests; NULL draws it at random. p and g go through cvn_dh_check_params()
 *   and srp_B through the range check of cvn_dh_check_public().
 *
 * Setting a password / the server's record: cvn_srp_compute_verifier () gives v.
 *
 * Server: cvn_srp_server_generate (&params, v, b, B) draws b and B = k v + g^b mod p
 *   (srp_B of account.password); cvn_srp_server_verify (&params, v, b, B, A, M1) checks
 *   the client's answer in constant time (CVN_CRYPTO_ERROR_INTEGRITY when it is wrong).
 *
 * The KDF runs 100000 rounds of HMAC-SHA512: call these off the main thread.
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define CVN_SRP_LEN      256
#define CVN_SRP_M1_LEN   32

typedef struct
{
  const guint8 *salt1;
  gsize         salt1_len;
  const guint8 *salt2;
  gsize         salt2_len;
  gint32        g;
  const guint8 *p;
  gsize         p_len;
} CvnSrpParams;

gboolean cvn_srp_compute_x        (const CvnSrpParams  *params,
                                   const char          *password,
                                   gsize                password_len,
                                   guint8               x[32],
                                   GError             **error);
gboolean cvn_srp_compute_verifier (const CvnSrpParams  *params,
                                   const char          *password,
                                   gsize                password_len,
                                   guint8               v[CVN_SRP_LEN],
                                   GError             **error);
gboolean cvn_srp_compute_check    (const CvnSrpParams  *params,
                                   const char          *password,
                                   gsize                password_len,
                                   const guint8        *srp_B,
                                   gsize                srp_B_len,
                                   const guint8        *a,
                                   gsize                a_len,
                                   guint8               A[CVN_SRP_LEN],
                                   guint8               M1[CVN_SRP_M1_LEN],
                                   GError             **error);

gboolean cvn_srp_server_generate  (const CvnSrpParams  *params,
                                   const guint8         v[CVN_SRP_LEN],
                                   guint8               b[CVN_SRP_LEN],
                                   guint8               B[CVN_SRP_LEN],
                                   GError             **error);
gboolean cvn_srp_server_verify    (const CvnSrpParams  *params,
                                   const guint8         v[CVN_SRP_LEN],
                                   const guint8         b[CVN_SRP_LEN],
                                   const guint8         B[CVN_SRP_LEN],
                                   const guint8        *A,
                                   gsize                A_len,
                                   const guint8        *M1,
                                   gsize                M1_len,
                                   GError             **error);

G_END_DECLS
