/* cvn-pq.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-crypto-error.h"
#include "cvn-hash.h"
#include "cvn-pq.h"

/* Brent: rounds of the cycle search before giving up on one constant c. */
#define MAX_RHO_STEPS (1u << 24)

static inline guint64
mul_mod (guint64 a,
         guint64 b,
         guint64 m)
{
  return (guint64) (((unsigned __int128) a * b) % m);
}

/* y^2 + c mod m, without overflow for any 64-bit m */
static inline guint64
step (guint64 y,
      guint64 c,
      guint64 m)
{
  return (guint64) (((unsigned __int128) y * y + c) % m);
}

static guint64
pow_mod (guint64 base,
         guint64 exp,
         guint64 m)
{
  guint64 result = 1 % m;

  base %= m;
  while (exp > 0)
    {
      if (exp & 1)
        result = mul_mod (result, base, m);
      base = mul_mod (base, base, m);
      exp >>= 1;
    }
  return result;
}

static guint64
gcd_u64 (guint64 a,
         guint64 b)
{
  while (b != 0)
    {
      guint64 t = a % b;

      a = b;
      b = t;
    }
  return a;
}

gboolean
cvn_pq_is_prime (guint64 n)
{
  /* These twelve bases decide every n < 3.3 * 10^24, so all 64-bit numbers. */
  static const guint64 bases[] = { 2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37 };
  guint64 d;
  int s = 0;

  if (n < 2)
    return FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (bases); i++)
    {
      if (n == bases[i])
        return TRUE;
      if (n % bases[i] == 0)
        return FALSE;
    }

  d = n - 1;
  while ((d & 1) == 0)
    {
      d >>= 1;
      s++;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (bases); i++)
    {
      guint64 x = pow_mod (bases[i], d, n);
      gboolean composite = TRUE;

      if (x == 1 || x == n - 1)
        continue;
      for (int r = 1; r < s; r++)
        {
          x = mul_mod (x, x, n);
          if (x == n - 1)
            {
              composite = FALSE;
              break;
            }
        }
      if (composite)
        return FALSE;
    }
  return TRUE;
}

/* One run of Pollard-Brent with f(y) = y^2 + c; 0 when it found nothing. */
static guint64
rho_brent (guint64 n,
           guint64 y,
           guint64 c)
{
  const guint64 m = 128;  /* products accumulated before each gcd */
  guint64 g = 1, r = 1, q = 1, x = 0, ys = 0;
  guint64 steps = 0;

  while (g == 1)
    {
      x = y;
      for (guint64 i = 0; i < r; i++)
        y = step (y, c, n);

      for (guint64 k = 0; k < r && g == 1; k += m)
        {
          ys = y;
          for (guint64 i = 0; i < MIN (m, r - k); i++)
            {
              y = step (y, c, n);
              q = mul_mod (q, x > y ? x - y : y - x, n);
            }
          g = gcd_u64 (q, n);
          steps += m;
        }
      r *= 2;
      if (steps > MAX_RHO_STEPS)
        return 0;
    }

  if (g == n)
    {
      /* The batch overshot: walk it again one step at a time. */
      do
        {
          ys = step (ys, c, n);
          g = gcd_u64 (x > ys ? x - ys : ys - x, n);
        }
      while (g == 1);
    }
  return g == n ? 0 : g;
}

gboolean
cvn_pq_factorize (guint64   pq,
                  guint64  *p,
                  guint64  *q,
                  GError  **error)
{
  guint64 factor = 0;

  g_return_val_if_fail (p != NULL && q != NULL, FALSE);

  if (pq < 6 || (pq & 1) == 0 || cvn_pq_is_prime (pq))
    {
      g_set_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT,
                   "pq %" G_GUINT64_FORMAT " is not a product of two odd primes", pq);
      return FALSE;
    }

  /* Fixed starting points: the result is the same on every run. */
  for (guint64 c = 1; c < 64 && factor == 0; c++)
    factor = rho_brent (pq, 2 + c, c);

  if (factor == 0)
    {
      g_set_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_FAILED,
                   "Could not factorize pq %" G_GUINT64_FORMAT, pq);
      return FALSE;
    }

  *p = MIN (factor, pq / factor);
  *q = MAX (factor, pq / factor);
  if (*p == *q || !cvn_pq_is_prime (*p) || !cvn_pq_is_prime (*q))
    {
      g_set_error (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INVALID_INPUT,
                   "pq %" G_GUINT64_FORMAT " is not a product of two distinct primes", pq);
      return FALSE;
    }
  return TRUE;
}

static gboolean
random_prime_31 (guint64  *out,
                 GError  **error)
{
  for (;;)
    {
      guint32 r;

      if (!cvn_random_bytes (&r, sizeof r, error))
        return FALSE;
      /* 31 bits with the top one set, odd */
      r = (r & 0x7fffffffu) | 0x40000001u;
      if (cvn_pq_is_prime (r))
        {
          *out = r;
          return TRUE;
        }
    }
}

gboolean
cvn_pq_generate (guint64  *pq,
                 guint64  *p,
                 guint64  *q,
                 GError  **error)
{
  guint64 a, b;

  g_return_val_if_fail (pq != NULL && p != NULL && q != NULL, FALSE);

  do
    {
      if (!random_prime_31 (&a, error) || !random_prime_31 (&b, error))
        return FALSE;
    }
  while (a == b);

  *p = MIN (a, b);
  *q = MAX (a, b);
  *pq = *p * *q;
  return TRUE;
}
