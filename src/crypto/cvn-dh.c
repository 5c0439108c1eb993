/* cvn-dh.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cvn-crypto-error.h"
#include "cvn-crypto-private.h"
#include "cvn-dh.h"
#include "cvn-hash.h"

/* Safe primes that passed the primality proof. A client meets one or two primes in its
 * life; the bound only keeps a hostile peer from growing the set. */
#define PRIME_CACHE_MAX 16

static GMutex cache_lock;
static GHashTable *prime_cache;  /* GBytes -> itself */

/* 2048-bit safe prime from https://core.telegram.org/mtproto/samples-auth_key
 * (server_DH_inner_data, dh_prime), used with g = 3. */
static const guint8 default_prime[CVN_DH_PRIME_LEN] = {
  0xc7, 0x1c, 0xae, 0xb9, 0xc6, 0xb1, 0xc9, 0x04, 0x8e, 0x6c, 0x52, 0x2f, 0x70, 0xf1, 0x3f, 0x73,
  0x98, 0x0d, 0x40, 0x23, 0x8e, 0x3e, 0x21, 0xc1, 0x49, 0x34, 0xd0, 0x37, 0x56, 0x3d, 0x93, 0x0f,
  0x48, 0x19, 0x8a, 0x0a, 0xa7, 0xc1, 0x40, 0x58, 0x22, 0x94, 0x93, 0xd2, 0x25, 0x30, 0xf4, 0xdb,
  0xfa, 0x33, 0x6f, 0x6e, 0x0a, 0xc9, 0x25, 0x13, 0x95, 0x43, 0xae, 0xd4, 0x4c, 0xce, 0x7c, 0x37,
  0x20, 0xfd, 0x51, 0xf6, 0x94, 0x58, 0x70, 0x5a, 0xc6, 0x8c, 0xd4, 0xfe, 0x6b, 0x6b, 0x13, 0xab,
  0xdc, 0x97, 0x46, 0x51, 0x29, 0x69, 0x32, 0x84, 0x54, 0xf1, 0x8f, 0xaf, 0x8c, 0x59, 0x5f, 0x64,
  0x24, 0x77, 0xfe, 0x96, 0xbb, 0x2a, 0x94, 0x1d, 0x5b, 0xcd, 0x1d, 0x4a, 0xc8, 0xcc, 0x49, 0x88,
  0x07, 0x08, 0xfa, 0x9b, 0x37, 0x8e, 0x3c, 0x4f, 0x3a, 0x90, 0x60, 0xbe, 0xe6, 0x7c, 0xf9, 0xa4,
  0xa4, 0xa6, 0x95, 0x81, 0x10, 0x51, 0x90, 0x7e, 0x16, 0x27, 0x53, 0xb5, 0x6b, 0x0f, 0x6b, 0x41,
  0x0d, 0xba, 0x74, 0xd8, 0xa8, 0x4b, 0x2a, 0x14, 0xb3, 0x14, 0x4e, 0x0e, 0xf1, 0x28, 0x47, 0x54,
  0xfd, 0x17, 0xed, 0x95, 0x0d, 0x59, 0x65, 0xb4, 0xb9, 0xdd, 0x46, 0x58, 0x2d, 0xb1, 0x17, 0x8d,
  0x16, 0x9c, 0x6b, 0xc4, 0x65, 0xb0, 0xd6, 0xff, 0x9c, 0xa3, 0x92, 0x8f, 0xef, 0x5b, 0x9a, 0xe4,
  0xe4, 0x18, 0xfc, 0x15, 0xe8, 0x3e, 0xbe, 0xa0, 0xf8, 0x7f, 0xa9, 0xff, 0x5e, 0xed, 0x70, 0x05,
  0x0d, 0xed, 0x28, 0x49, 0xf4, 0x7b, 0xf9, 0x59, 0xd9, 0x56, 0x85, 0x0c, 0xe9, 0x29, 0x85, 0x1f,
  0x0d, 0x81, 0x15, 0xf6, 0x35, 0xb1, 0x05, 0xee, 0x2e, 0x4e, 0x15, 0xd0, 0x4b, 0x24, 0x54, 0xbf,
  0x6f, 0x4f, 0xad, 0xf0, 0x34, 0xb1, 0x04, 0x03, 0x11, 0x9c, 0xd8, 0xe3, 0xb9, 0x2f, 0xcc, 0x5b,
};

const guint8 *
cvn_dh_get_default_prime (gsize *len)
{
  if (len != NULL)
    *len = sizeof default_prime;
  return default_prime;
}

static BIGNUM *
bn_from_bytes (const guint8 *data,
               gsize         len)
{
  BIGNUM *bn = BN_bin2bn (data, (int) len, NULL);

  if (bn == NULL)
    g_error ("BN_bin2bn: out of memory");
  return bn;
}

gboolean
cvn_dh_prime_is_cached (const guint8 *p,
                        gsize         p_len)
{
  g_autoptr(GBytes) key = g_bytes_new (p, p_len);
  gboolean found;

  g_mutex_lock (&cache_lock);
  found = prime_cache != NULL && g_hash_table_contains (prime_cache, key);
  g_mutex_unlock (&cache_lock);
  return found;
}

void
cvn_dh_prime_cache_clear (void)
{
  g_mutex_lock (&cache_lock);
  g_clear_pointer (&prime_cache, g_hash_table_unref);
  g_mutex_unlock (&cache_lock);
}

static void
prime_cache_add (const guint8 *p,
                 gsize         p_len)
{
  GBytes *key = g_bytes_new (p, p_len);

  g_mutex_lock (&cache_lock);
  if (prime_cache == NULL)
    prime_cache = g_hash_table_new_full (g_bytes_hash, g_bytes_equal,
                                         (GDestroyNotify) g_bytes_unref, NULL);
  if (g_hash_table_size (prime_cache) >= PRIME_CACHE_MAX)
    g_hash_table_remove_all (prime_cache);
  g_hash_table_add (prime_cache, key);
  g_mutex_unlock (&cache_lock);
}

static gboolean
check_fail (GError     **error,
            const char  *message)
{
  g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_CHECK_FAILED, message);
  return FALSE;
}

static gboolean
g_generates_subgroup (const BIGNUM *p,
                      gint32        g)
{
  switch (g)
    {
    case 2:
      return BN_mod_word (p, 8) == 7;
    case 3:
      return BN_mod_word (p, 3) == 2;
    case 4:
      return TRUE;
    case 5:
      {
        BN_ULONG r = BN_mod_word (p, 5);
        return r == 1 || r == 4;
      }
    case 6:
      {
        BN_ULONG r = BN_mod_word (p, 24);
        return r == 19 || r == 23;
      }
    case 7:
      {
        BN_ULONG r = BN_mod_word (p, 7);
        return r == 3 || r == 5 || r == 6;
      }
    default:
      return FALSE;
    }
}

gboolean
cvn_dh_check_params (const guint8  *p,
                     gsize          p_len,
                     gint32         g,
                     GError       **error)
{
  g_autoptr(BIGNUM) prime = NULL;
  g_autoptr(BIGNUM) half = NULL;
  g_autoptr(BN_CTX) ctx = NULL;
  int r;

  g_return_val_if_fail (p != NULL, FALSE);

  if (p_len != CVN_DH_PRIME_LEN || (p[0] & 0x80) == 0)
    return check_fail (error, "dh_prime is not a 2048-bit number");
  if (g < 2 || g > 7)
    return check_fail (error, "g is not in 2..7");

  prime = bn_from_bytes (p, p_len);
  if (!g_generates_subgroup (prime, g))
    return check_fail (error, "g does not generate the subgroup of order (dh_prime - 1) / 2");

  if (cvn_dh_prime_is_cached (p, p_len))
    return TRUE;

  ctx = BN_CTX_new ();
  half = BN_dup (prime);
  if (ctx == NULL || half == NULL || !BN_rshift1 (half, half))
    return cvn_crypto_set_openssl_error (error, "DH prime check");

  r = BN_check_prime (prime, ctx, NULL);
  if (r < 0)
    return cvn_crypto_set_openssl_error (error, "DH prime check");
  if (r == 0)
    return check_fail (error, "dh_prime is not prime");

  r = BN_check_prime (half, ctx, NULL);
  if (r < 0)
    return cvn_crypto_set_openssl_error (error, "DH prime check");
  if (r == 0)
    return check_fail (error, "dh_prime is not a safe prime: (dh_prime - 1) / 2 is not prime");

  prime_cache_add (p, p_len);
  return TRUE;
}

gboolean
cvn_dh_check_public (const guint8  *g_x,
                     gsize          g_x_len,
                     const guint8  *p,
                     gsize          p_len,
                     GError       **error)
{
  g_autoptr(BIGNUM) x = NULL;
  g_autoptr(BIGNUM) prime = NULL;
  g_autoptr(BIGNUM) bound = NULL;
  g_autoptr(BIGNUM) upper = NULL;

  g_return_val_if_fail (g_x != NULL && p != NULL, FALSE);

  if (p_len != CVN_DH_PRIME_LEN || (p[0] & 0x80) == 0)
    return check_fail (error, "dh_prime is not a 2048-bit number");
  if (g_x_len > CVN_DH_PRIME_LEN * 2)
    return check_fail (error, "g_a/g_b is longer than dh_prime");

  x = bn_from_bytes (g_x, g_x_len);
  prime = bn_from_bytes (p, p_len);
  bound = BN_new ();
  upper = BN_new ();
  if (bound == NULL || upper == NULL ||
      !BN_sub (upper, prime, BN_value_one ()))  /* p - 1 */
    return cvn_crypto_set_openssl_error (error, "DH range check");

  /* 1 < g_x < p - 1 */
  if (BN_cmp (x, BN_value_one ()) <= 0 || BN_cmp (x, upper) >= 0)
    return check_fail (error, "g_a/g_b is not between 1 and dh_prime - 1");

  /* 2^(2048-64) <= g_x <= p - 2^(2048-64) */
  if (!BN_set_bit (bound, 2048 - 64) || !BN_sub (upper, prime, bound))
    return cvn_crypto_set_openssl_error (error, "DH range check");
  if (BN_cmp (x, bound) < 0 || BN_cmp (x, upper) > 0)
    return check_fail (error, "g_a/g_b is within 2^1984 of 0 or of dh_prime");

  return TRUE;
}

static gboolean
mod_exp_secret (BIGNUM        *result,
                const BIGNUM  *base,
                const guint8  *secret,
                const BIGNUM  *prime,
                GError       **error)
{
  g_autoptr(BIGNUM) exponent = bn_from_bytes (secret, CVN_DH_PRIME_LEN);
  g_autoptr(BN_CTX) ctx = BN_CTX_new ();

  if (ctx == NULL)
    return cvn_crypto_set_openssl_error (error, "DH");
  BN_set_flags (exponent, BN_FLG_CONSTTIME);
  if (!BN_mod_exp_mont_consttime (result, base, exponent, prime, ctx, NULL))
    return cvn_crypto_set_openssl_error (error, "DH modular exponentiation");
  return TRUE;
}

gboolean
cvn_dh_generate (const guint8  *p,
                 gsize          p_len,
                 gint32         g,
                 guint8         secret[CVN_DH_PRIME_LEN],
                 guint8         g_x[CVN_DH_PRIME_LEN],
                 GError       **error)
{
  g_autoptr(BIGNUM) prime = NULL;
  g_autoptr(BIGNUM) base = NULL;
  g_autoptr(BIGNUM) result = NULL;

  g_return_val_if_fail (p != NULL && secret != NULL && g_x != NULL, FALSE);

  if (p_len != CVN_DH_PRIME_LEN || (p[0] & 0x80) == 0)
    return check_fail (error, "dh_prime is not a 2048-bit number");
  if (g < 2 || g > 7)
    return check_fail (error, "g is not in 2..7");

  prime = bn_from_bytes (p, p_len);
  base = BN_new ();
  result = BN_new ();
  if (base == NULL || result == NULL || !BN_set_word (base, (BN_ULONG) g))
    return cvn_crypto_set_openssl_error (error, "DH");

  /* Outside the range only with probability ~2^-63 per draw; bound the loop anyway. */
  for (int attempt = 0; attempt < 16; attempt++)
    {
      if (!cvn_random_bytes (secret, CVN_DH_PRIME_LEN, error) ||
          !mod_exp_secret (result, base, secret, prime, error))
        {
          cvn_crypto_wipe (secret, CVN_DH_PRIME_LEN);
          return FALSE;
        }
      if (!cvn_crypto_bn_to_padded (result, g_x, CVN_DH_PRIME_LEN))
        return cvn_crypto_set_openssl_error (error, "DH");
      if (cvn_dh_check_public (g_x, CVN_DH_PRIME_LEN, p, p_len, NULL))
        return TRUE;
    }

  cvn_crypto_wipe (secret, CVN_DH_PRIME_LEN);
  return check_fail (error, "No random exponent gave g^x in the safe range");
}

gboolean
cvn_dh_compute_shared (const guint8  *p,
                       gsize          p_len,
                       const guint8   secret[CVN_DH_PRIME_LEN],
                       const guint8  *peer_g_x,
                       gsize          peer_g_x_len,
                       guint8         key[CVN_DH_PRIME_LEN],
                       GError       **error)
{
  g_autoptr(BIGNUM) prime = NULL;
  g_autoptr(BIGNUM) peer = NULL;
  g_autoptr(BIGNUM) result = NULL;

  g_return_val_if_fail (p != NULL && secret != NULL && peer_g_x != NULL && key != NULL, FALSE);

  if (!cvn_dh_check_public (peer_g_x, peer_g_x_len, p, p_len, error))
    return FALSE;

  prime = bn_from_bytes (p, p_len);
  peer = bn_from_bytes (peer_g_x, peer_g_x_len);
  result = BN_secure_new ();
  if (result == NULL)
    return cvn_crypto_set_openssl_error (error, "DH");
  if (!mod_exp_secret (result, peer, secret, prime, error))
    return FALSE;
  if (!cvn_crypto_bn_to_padded (result, key, CVN_DH_PRIME_LEN))
    return cvn_crypto_set_openssl_error (error, "DH");
  return TRUE;
}
