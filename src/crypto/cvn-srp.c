/* cvn-srp.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cvn-crypto-error.h"
#include "cvn-crypto-private.h"
#include "cvn-dh.h"
#include "cvn-hash.h"
#include "cvn-srp.h"

#define SRP_PBKDF2_ITERATIONS 100000

static BIGNUM *
bn_from_bytes (const guint8 *data,
               gsize         len)
{
  BIGNUM *bn = BN_bin2bn (data, (int) len, NULL);

  if (bn == NULL)
    g_error ("BN_bin2bn: out of memory");
  return bn;
}

static gboolean
check_params (const CvnSrpParams  *params,
              GError             **error)
{
  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (params->p != NULL, FALSE);
  g_return_val_if_fail (params->salt1 != NULL || params->salt1_len == 0, FALSE);
  g_return_val_if_fail (params->salt2 != NULL || params->salt2_len == 0, FALSE);

  return cvn_dh_check_params (params->p, params->p_len, params->g, error);
}

/* SH (data, salt) = H (salt | data | salt) */
static void
salted_hash (const guint8 *data,
             gsize         len,
             const guint8 *salt,
             gsize         salt_len,
             guint8        out[CVN_SHA256_LEN])
{
  cvn_sha256_v (out, salt, salt_len, data, len, salt, salt_len, NULL);
}

gboolean
cvn_srp_compute_x (const CvnSrpParams  *params,
                   const char          *password,
                   gsize                password_len,
                   guint8               x[32],
                   GError             **error)
{
  guint8 ph1[CVN_SHA256_LEN];
  guint8 dk[CVN_SHA512_LEN];
  gboolean ok;

  g_return_val_if_fail (params != NULL, FALSE);
  g_return_val_if_fail (password != NULL || password_len == 0, FALSE);

  /* PH1 = SH (SH (password, salt1), salt2) */
  salted_hash ((const guint8 *) password, password_len, params->salt1, params->salt1_len, ph1);
  salted_hash (ph1, sizeof ph1, params->salt2, params->salt2_len, ph1);

  /* PH2 = SH (pbkdf2 (sha512, PH1, salt1, 100000), salt2) */
  ok = cvn_pbkdf2_hmac_sha512 (ph1, sizeof ph1, params->salt1, params->salt1_len,
                               SRP_PBKDF2_ITERATIONS, dk, sizeof dk, error);
  if (ok)
    salted_hash (dk, sizeof dk, params->salt2, params->salt2_len, x);

  cvn_crypto_wipe (ph1, sizeof ph1);
  cvn_crypto_wipe (dk, sizeof dk);
  return ok;
}

/* The values both sides derive from params: p, g, g padded, k = H (p | g). */
typedef struct
{
  BIGNUM *p;
  BIGNUM *g;
  BIGNUM *k;
  BN_CTX *ctx;
  guint8  p_pad[CVN_SRP_LEN];
  guint8  g_pad[CVN_SRP_LEN];
} SrpGroup;

static void
srp_group_clear (SrpGroup *group)
{
  BN_free (group->p);
  BN_free (group->g);
  BN_free (group->k);
  BN_CTX_free (group->ctx);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (SrpGroup, srp_group_clear)

static gboolean
srp_group_init (SrpGroup            *group,
                const CvnSrpParams  *params,
                GError             **error)
{
  guint8 k[CVN_SHA256_LEN];

  memset (group, 0, sizeof *group);
  if (!check_params (params, error))
    return FALSE;

  memcpy (group->p_pad, params->p, CVN_SRP_LEN);
  group->g_pad[CVN_SRP_LEN - 1] = (guint8) params->g;
  cvn_sha256_v (k, group->p_pad, CVN_SRP_LEN, group->g_pad, CVN_SRP_LEN, NULL);

  group->p = bn_from_bytes (params->p, params->p_len);
  group->g = bn_from_bytes (group->g_pad, CVN_SRP_LEN);
  group->k = bn_from_bytes (k, sizeof k);
  group->ctx = BN_CTX_secure_new ();
  if (group->ctx == NULL)
    return cvn_crypto_set_openssl_error (error, "SRP");
  return TRUE;
}

/* v = g^x mod p */
static gboolean
compute_v (SrpGroup      *group,
           const guint8   x[32],
           BIGNUM        *v,
           GError       **error)
{
  g_autoptr(BIGNUM) x_bn = BN_secure_new ();

  if (x_bn == NULL || BN_bin2bn (x, 32, x_bn) == NULL)
    return cvn_crypto_set_openssl_error (error, "SRP verifier");
  BN_set_flags (x_bn, BN_FLG_CONSTTIME);
  if (!BN_mod_exp_mont_consttime (v, group->g, x_bn, group->p, group->ctx, NULL))
    return cvn_crypto_set_openssl_error (error, "SRP verifier");
  return TRUE;
}

gboolean
cvn_srp_compute_verifier (const CvnSrpParams  *params,
                          const char          *password,
                          gsize                password_len,
                          guint8               v[CVN_SRP_LEN],
                          GError             **error)
{
  g_auto(SrpGroup) group = { 0 };
  g_autoptr(BIGNUM) v_bn = NULL;
  guint8 x[32];
  gboolean ok;

  if (!srp_group_init (&group, params, error) ||
      !cvn_srp_compute_x (params, password, password_len, x, error))
    return FALSE;

  v_bn = BN_secure_new ();
  ok = v_bn != NULL && compute_v (&group, x, v_bn, error) &&
       cvn_crypto_bn_to_padded (v_bn, v, CVN_SRP_LEN);
  cvn_crypto_wipe (x, sizeof x);
  if (!ok && (error == NULL || *error == NULL))
    return cvn_crypto_set_openssl_error (error, "SRP verifier");
  return ok;
}

/* M1 = H (H (p) xor H (g) | H (salt1) | H (salt2) | g_a | g_b | H (s)) */
static void
compute_m1 (const SrpGroup     *group,
            const CvnSrpParams *params,
            const guint8       *g_a,
            const guint8       *g_b,
            const guint8       *s,
            guint8              out[CVN_SRP_M1_LEN])
{
  guint8 hp[CVN_SHA256_LEN], hg[CVN_SHA256_LEN];
  guint8 hs1[CVN_SHA256_LEN], hs2[CVN_SHA256_LEN], hk[CVN_SHA256_LEN];

  cvn_sha256 (group->p_pad, CVN_SRP_LEN, hp);
  cvn_sha256 (group->g_pad, CVN_SRP_LEN, hg);
  for (gsize i = 0; i < CVN_SHA256_LEN; i++)
    hp[i] ^= hg[i];
  cvn_sha256 (params->salt1, params->salt1_len, hs1);
  cvn_sha256 (params->salt2, params->salt2_len, hs2);
  cvn_sha256 (s, CVN_SRP_LEN, hk);

  cvn_sha256_v (out,
                hp, sizeof hp,
                hs1, sizeof hs1,
                hs2, sizeof hs2,
                g_a, (gsize) CVN_SRP_LEN,
                g_b, (gsize) CVN_SRP_LEN,
                hk, sizeof hk,
                NULL);
  cvn_crypto_wipe (hk, sizeof hk);
}

/* u = H (g_a | g_b), refused when zero */
static BIGNUM *
compute_u (const guint8  *g_a,
           const guint8  *g_b,
           GError       **error)
{
  guint8 u[CVN_SHA256_LEN];
  BIGNUM *bn;

  cvn_sha256_v (u, g_a, (gsize) CVN_SRP_LEN, g_b, (gsize) CVN_SRP_LEN, NULL);
  bn = bn_from_bytes (u, sizeof u);
  if (BN_is_zero (bn))
    {
      BN_free (bn);
      g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_CHECK_FAILED,
                           "SRP u is zero");
      return NULL;
    }
  return bn;
}

/* Pads a caller's number to 256 bytes; FALSE if it does not fit. */
static gboolean
pad_number (const guint8 *in,
            gsize         len,
            guint8        out[CVN_SRP_LEN])
{
  gsize skip = 0;

  while (skip < len && in[skip] == 0)
    skip++;
  if (len - skip > CVN_SRP_LEN)
    return FALSE;
  memset (out, 0, CVN_SRP_LEN - (len - skip));
  memcpy (out + CVN_SRP_LEN - (len - skip), in + skip, len - skip);
  return TRUE;
}

gboolean
cvn_srp_compute_check (const CvnSrpParams  *params,
                       const char          *password,
                       gsize                password_len,
                       const guint8        *srp_B,
                       gsize                srp_B_len,
                       const guint8        *a,
                       gsize                a_len,
                       guint8               A[CVN_SRP_LEN],
                       guint8               M1[CVN_SRP_M1_LEN],
                       GError             **error)
{
  g_auto(SrpGroup) group = { 0 };
  g_autoptr(BIGNUM) a_bn = NULL;
  g_autoptr(BIGNUM) g_a = NULL;
  g_autoptr(BIGNUM) g_b = NULL;
  g_autoptr(BIGNUM) u = NULL;
  g_autoptr(BIGNUM) x_bn = NULL;
  g_autoptr(BIGNUM) v = NULL;
  g_autoptr(BIGNUM) t = NULL;
  g_autoptr(BIGNUM) exponent = NULL;
  g_autoptr(BIGNUM) s = NULL;
  guint8 a_buf[CVN_SRP_LEN];
  guint8 g_b_pad[CVN_SRP_LEN];
  guint8 s_pad[CVN_SRP_LEN];
  guint8 x[32];
  gboolean ok = FALSE;

  g_return_val_if_fail (srp_B != NULL && A != NULL && M1 != NULL, FALSE);

  if (!srp_group_init (&group, params, error))
    return FALSE;
  if (!pad_number (srp_B, srp_B_len, g_b_pad) ||
      !cvn_dh_check_public (g_b_pad, CVN_SRP_LEN, params->p, params->p_len, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_CHECK_FAILED,
                             "srp_B is longer than p");
      return FALSE;
    }

  if (a != NULL)
    {
      if (a_len != CVN_SRP_LEN)
        {
          g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT,
                               "SRP secret a must be 256 bytes");
          return FALSE;
        }
      memcpy (a_buf, a, CVN_SRP_LEN);
    }
  else if (!cvn_random_bytes (a_buf, sizeof a_buf, error))
    return FALSE;

  a_bn = BN_secure_new ();
  g_a = BN_new ();
  x_bn = BN_secure_new ();
  v = BN_secure_new ();
  t = BN_secure_new ();
  exponent = BN_secure_new ();
  s = BN_secure_new ();
  if (a_bn == NULL || g_a == NULL || x_bn == NULL || v == NULL || t == NULL ||
      exponent == NULL || s == NULL || BN_bin2bn (a_buf, CVN_SRP_LEN, a_bn) == NULL)
    {
      cvn_crypto_set_openssl_error (error, "SRP");
      goto out;
    }

  /* g_a = g^a mod p */
  BN_set_flags (a_bn, BN_FLG_CONSTTIME);
  if (!BN_mod_exp_mont_consttime (g_a, group.g, a_bn, group.p, group.ctx, NULL) ||
      !cvn_crypto_bn_to_padded (g_a, A, CVN_SRP_LEN))
    {
      cvn_crypto_set_openssl_error (error, "SRP g_a");
      goto out;
    }
  if (!cvn_dh_check_public (A, CVN_SRP_LEN, params->p, params->p_len, error))
    goto out;

  if ((u = compute_u (A, g_b_pad, error)) == NULL)
    goto out;
  if (!cvn_srp_compute_x (params, password, password_len, x, error))
    goto out;
  if (!compute_v (&group, x, v, error))
    goto out;

  g_b = bn_from_bytes (g_b_pad, CVN_SRP_LEN);
  if (BN_bin2bn (x, sizeof x, x_bn) == NULL ||
      /* t = (g_b - k v) mod p, in 0..p-1 */
      !BN_mod_mul (t, group.k, v, group.p, group.ctx) ||
      !BN_mod_sub (t, g_b, t, group.p, group.ctx) ||
      /* exponent = a + u x (not reduced) */
      !BN_mul (exponent, u, x_bn, group.ctx) ||
      !BN_add (exponent, exponent, a_bn) ||
      (BN_set_flags (exponent, BN_FLG_CONSTTIME),
       !BN_mod_exp_mont_consttime (s, t, exponent, group.p, group.ctx, NULL)) ||
      !cvn_crypto_bn_to_padded (s, s_pad, CVN_SRP_LEN))
    {
      cvn_crypto_set_openssl_error (error, "SRP");
      goto out;
    }

  compute_m1 (&group, params, A, g_b_pad, s_pad, M1);
  ok = TRUE;

out:
  cvn_crypto_wipe (a_buf, sizeof a_buf);
  cvn_crypto_wipe (s_pad, sizeof s_pad);
  cvn_crypto_wipe (x, sizeof x);
  return ok;
}

gboolean
cvn_srp_server_generate (const CvnSrpParams  *params,
                         const guint8         v[CVN_SRP_LEN],
                         guint8               b[CVN_SRP_LEN],
                         guint8               B[CVN_SRP_LEN],
                         GError             **error)
{
  g_auto(SrpGroup) group = { 0 };
  g_autoptr(BIGNUM) v_bn = NULL;
  g_autoptr(BIGNUM) b_bn = NULL;
  g_autoptr(BIGNUM) kv = NULL;
  g_autoptr(BIGNUM) gb = NULL;

  g_return_val_if_fail (v != NULL && b != NULL && B != NULL, FALSE);

  if (!srp_group_init (&group, params, error))
    return FALSE;

  v_bn = bn_from_bytes (v, CVN_SRP_LEN);
  b_bn = BN_secure_new ();
  kv = BN_new ();
  gb = BN_new ();
  if (b_bn == NULL || kv == NULL || gb == NULL ||
      !BN_mod_mul (kv, group.k, v_bn, group.p, group.ctx))
    return cvn_crypto_set_openssl_error (error, "SRP");

  for (int attempt = 0; attempt < 16; attempt++)
    {
      if (!cvn_random_bytes (b, CVN_SRP_LEN, error))
        return FALSE;
      if (BN_bin2bn (b, CVN_SRP_LEN, b_bn) == NULL)
        return cvn_crypto_set_openssl_error (error, "SRP");
      BN_set_flags (b_bn, BN_FLG_CONSTTIME);
      /* B = k v + g^b mod p */
      if (!BN_mod_exp_mont_consttime (gb, group.g, b_bn, group.p, group.ctx, NULL) ||
          !BN_mod_add (gb, gb, kv, group.p, group.ctx) ||
          !cvn_crypto_bn_to_padded (gb, B, CVN_SRP_LEN))
        return cvn_crypto_set_openssl_error (error, "SRP");
      /* The client refuses a B outside the DH range: draw again. */
      if (cvn_dh_check_public (B, CVN_SRP_LEN, params->p, params->p_len, NULL))
        return TRUE;
    }

  cvn_crypto_wipe (b, CVN_SRP_LEN);
  g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_CHECK_FAILED,
                       "No random b gave an SRP B in the safe range");
  return FALSE;
}

gboolean
cvn_srp_server_verify (const CvnSrpParams  *params,
                       const guint8         v[CVN_SRP_LEN],
                       const guint8         b[CVN_SRP_LEN],
                       const guint8         B[CVN_SRP_LEN],
                       const guint8        *A,
                       gsize                A_len,
                       const guint8        *M1,
                       gsize                M1_len,
                       GError             **error)
{
  g_auto(SrpGroup) group = { 0 };
  g_autoptr(BIGNUM) v_bn = NULL;
  g_autoptr(BIGNUM) b_bn = NULL;
  g_autoptr(BIGNUM) g_a = NULL;
  g_autoptr(BIGNUM) u = NULL;
  g_autoptr(BIGNUM) base = NULL;
  g_autoptr(BIGNUM) s = NULL;
  guint8 A_pad[CVN_SRP_LEN];
  guint8 s_pad[CVN_SRP_LEN];
  guint8 expected[CVN_SRP_M1_LEN];
  gboolean ok = FALSE;

  g_return_val_if_fail (v != NULL && b != NULL && B != NULL && A != NULL, FALSE);
  g_return_val_if_fail (M1 != NULL || M1_len == 0, FALSE);

  if (!srp_group_init (&group, params, error))
    return FALSE;
  if (!pad_number (A, A_len, A_pad) ||
      !cvn_dh_check_public (A_pad, CVN_SRP_LEN, params->p, params->p_len, error))
    {
      if (error == NULL || *error == NULL)
        g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_CHECK_FAILED,
                             "SRP A is longer than p");
      return FALSE;
    }
  if ((u = compute_u (A_pad, B, error)) == NULL)
    return FALSE;

  v_bn = bn_from_bytes (v, CVN_SRP_LEN);
  g_a = bn_from_bytes (A_pad, CVN_SRP_LEN);
  b_bn = BN_secure_new ();
  base = BN_secure_new ();
  s = BN_secure_new ();
  if (b_bn == NULL || base == NULL || s == NULL ||
      BN_bin2bn (b, CVN_SRP_LEN, b_bn) == NULL ||
      /* s = (g_a v^u)^b mod p */
      !BN_mod_exp (base, v_bn, u, group.p, group.ctx) ||
      !BN_mod_mul (base, base, g_a, group.p, group.ctx))
    return cvn_crypto_set_openssl_error (error, "SRP");
  BN_set_flags (b_bn, BN_FLG_CONSTTIME);
  if (!BN_mod_exp_mont_consttime (s, base, b_bn, group.p, group.ctx, NULL) ||
      !cvn_crypto_bn_to_padded (s, s_pad, CVN_SRP_LEN))
    return cvn_crypto_set_openssl_error (error, "SRP");

  compute_m1 (&group, params, A_pad, B, s_pad, expected);
  if (M1_len == CVN_SRP_M1_LEN && cvn_crypto_equal (expected, M1, CVN_SRP_M1_LEN))
    ok = TRUE;
  else
    g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INTEGRITY,
                         "SRP M1 does not match: wrong password");

  cvn_crypto_wipe (s_pad, sizeof s_pad);
  cvn_crypto_wipe (expected, sizeof expected);
  return ok;
}
