/* bench-crypto.c: throughput of the ciphers and hashes, cost of the key exchange
 * primitives. Run with `meson test --benchmark crypto`.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <time.h>

#include <openssl/evp.h>

#include "cvn-aes.h"
#include "cvn-dh.h"
#include "cvn-hash.h"
#include "cvn-pq.h"
#include "cvn-rsa.h"
#include "cvn-srp.h"

#define BUF_LEN (1024 * 1024)
#define MIN_SECONDS 1.0

typedef gboolean (*BenchFunc) (gpointer data);

/* CPU time of this thread: the machine running the benchmarks is often busy with
 * builds, and wall-clock time would count the time the thread waits for a core. */
static double
thread_seconds (void)
{
  struct timespec ts;

  g_assert_cmpint (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts), ==, 0);
  return (double) ts.tv_sec + (double) ts.tv_nsec / 1e9;
}

/* Runs @func for at least @min_seconds of CPU time; returns CPU seconds per call. */
static double
run (BenchFunc func,
     gpointer  data,
     double    min_seconds)
{
  double start = thread_seconds ();
  double elapsed;
  guint64 calls = 0;

  do
    {
      g_assert_true (func (data));
      calls++;
      elapsed = thread_seconds () - start;
    }
  while (elapsed < min_seconds);

  return elapsed / (double) calls;
}

typedef struct
{
  guint8 key[32];
  guint8 iv[32];
  guint8 *in;
  guint8 *out;
  gsize len;
  CvnAesIgeContext *ige;
  EVP_CIPHER_CTX *cbc;
  CvnRsaKey *rsa;
  const guint8 *prime;
  guint8 encrypted[256];
  CvnSrpParams srp;
  guint8 srp_B[256];
} Bench;

static gboolean
ige_encrypt (gpointer data)
{
  Bench *b = data;

  return cvn_aes_ige_context_encrypt (b->ige, b->iv, b->in, b->out, b->len, NULL);
}

static gboolean
ige_decrypt (gpointer data)
{
  Bench *b = data;

  return cvn_aes_ige_context_decrypt (b->ige, b->iv, b->in, b->out, b->len, NULL);
}

static gboolean
ige_oneshot_message (gpointer data)
{
  Bench *b = data;

  /* A typical MTProto message: new key and IV each time. */
  return cvn_aes_ige_encrypt (b->key, b->iv, b->in, b->out, b->len, NULL);
}

/* OpenSSL's own AES-256-CBC encryption, one reused context: the serial bound. */
static gboolean
cbc_encrypt (gpointer data)
{
  Bench *b = data;
  int out_len;

  return EVP_EncryptInit_ex (b->cbc, NULL, NULL, NULL, b->iv) &&
         EVP_EncryptUpdate (b->cbc, b->out, &out_len, b->in, (int) b->len);
}

static gboolean
sha256_buf (gpointer data)
{
  Bench *b = data;
  guint8 d[32];

  cvn_sha256 (b->in, b->len, d);
  return TRUE;
}

static gboolean
rsa_pad_encrypt (gpointer data)
{
  Bench *b = data;

  return cvn_rsa_pad_encrypt (b->rsa, b->in, 144, b->encrypted, NULL);
}

static gboolean
rsa_pad_decrypt (gpointer data)
{
  Bench *b = data;
  guint8 out[192];

  return cvn_rsa_pad_decrypt (b->rsa, b->encrypted, 256, out, NULL);
}

static gboolean
dh_generate (gpointer data)
{
  Bench *b = data;
  guint8 secret[256], g_x[256];

  return cvn_dh_generate (b->prime, 256, 3, secret, g_x, NULL);
}

static gboolean
dh_check_uncached (gpointer data)
{
  Bench *b = data;

  cvn_dh_prime_cache_clear ();
  return cvn_dh_check_params (b->prime, 256, 3, NULL);
}

static gboolean
dh_check_cached (gpointer data)
{
  Bench *b = data;

  return cvn_dh_check_params (b->prime, 256, 3, NULL);
}

static gboolean
pq_factorize (gpointer data)
{
  guint64 p, q;

  return cvn_pq_factorize (G_GUINT64_CONSTANT (0x17ED48941A08F981), &p, &q, NULL);
}

static gboolean
srp_check (gpointer data)
{
  Bench *b = data;
  guint8 A[256], M1[32];

  return cvn_srp_compute_check (&b->srp, "password", 8, b->srp_B, 256, NULL, 0, A, M1, NULL);
}

static double
mb_per_s (double seconds_per_call,
          gsize  len)
{
  return (double) len / seconds_per_call / 1e6;
}

int
main (int   argc,
      char *argv[])
{
  Bench b = { 0 };
  double ige, ige_dec, cbc, msg, sha;
  guint8 v[256], srp_b[256];
  gsize prime_len;

  g_assert_true (cvn_random_bytes (b.key, sizeof b.key, NULL));
  g_assert_true (cvn_random_bytes (b.iv, sizeof b.iv, NULL));
  b.in = g_malloc (BUF_LEN);
  b.out = g_malloc (BUF_LEN);
  g_assert_true (cvn_random_bytes (b.in, BUF_LEN, NULL));
  b.len = BUF_LEN;
  b.ige = cvn_aes_ige_context_new (b.key, 32, NULL);
  b.cbc = EVP_CIPHER_CTX_new ();
  g_assert_true (EVP_EncryptInit_ex (b.cbc, EVP_aes_256_cbc (), NULL, b.key, b.iv));
  EVP_CIPHER_CTX_set_padding (b.cbc, 0);

  /* Alternate the two a few times so that frequency changes hit both alike. */
  cbc = ige = G_MAXDOUBLE;
  for (int i = 0; i < 5; i++)
    {
      cbc = MIN (cbc, run (cbc_encrypt, &b, MIN_SECONDS / 4));
      ige = MIN (ige, run (ige_encrypt, &b, MIN_SECONDS / 4));
    }
  ige_dec = run (ige_decrypt, &b, MIN_SECONDS);
  b.len = 4096;
  msg = run (ige_oneshot_message, &b, MIN_SECONDS);
  b.len = BUF_LEN;
  sha = run (sha256_buf, &b, MIN_SECONDS);

  g_print ("(CPU time of the benchmark thread; best of 5 alternating runs for IGE/CBC)\n");
  g_print ("AES-256-IGE encrypt        %8.1f MB/s  (1 MiB buffers)\n", mb_per_s (ige, BUF_LEN));
  g_print ("AES-256-CBC encrypt        %8.1f MB/s  (OpenSSL EVP, same buffers)\n", mb_per_s (cbc, BUF_LEN));
  g_print ("IGE / CBC encrypt ratio    %8.2f      (goal >= 0.80)\n", cbc / ige);
  g_print ("AES-256-IGE decrypt        %8.1f MB/s\n", mb_per_s (ige_dec, BUF_LEN));
  g_print ("AES-256-IGE 4 KiB message  %8.1f MB/s  (new key each message)\n", mb_per_s (msg, 4096));
  g_print ("SHA-256                    %8.1f MB/s\n", mb_per_s (sha, BUF_LEN));

  b.rsa = cvn_rsa_key_generate (2048, NULL);
  g_assert_nonnull (b.rsa);
  g_print ("RSA_PAD encrypt (2048)     %8.1f us\n", run (rsa_pad_encrypt, &b, MIN_SECONDS) * 1e6);
  g_print ("RSA_PAD decrypt (2048)     %8.1f us\n", run (rsa_pad_decrypt, &b, MIN_SECONDS) * 1e6);

  b.prime = cvn_dh_get_default_prime (&prime_len);
  g_print ("DH g^b mod p (2048)        %8.1f us  (random b, range-checked)\n", run (dh_generate, &b, MIN_SECONDS) * 1e6);
  g_print ("DH prime check, proof      %8.1f ms  (p and (p-1)/2 prime)\n", run (dh_check_uncached, &b, 0) * 1e3);
  g_print ("DH prime check, cached     %8.1f us\n", run (dh_check_cached, &b, MIN_SECONDS / 4) * 1e6);
  g_print ("PQ factorization (sample)  %8.1f us\n", run (pq_factorize, &b, MIN_SECONDS / 4) * 1e6);

  b.srp.salt1 = (const guint8 *) "salt-one";
  b.srp.salt1_len = 8;
  b.srp.salt2 = (const guint8 *) "salt-two";
  b.srp.salt2_len = 8;
  b.srp.g = 3;
  b.srp.p = b.prime;
  b.srp.p_len = prime_len;
  g_assert_true (cvn_srp_compute_verifier (&b.srp, "password", 8, v, NULL));
  g_assert_true (cvn_srp_server_generate (&b.srp, v, srp_b, b.srp_B, NULL));
  g_print ("SRP compute check          %8.1f ms  (PBKDF2 100000 + modpow)\n", run (srp_check, &b, 0) * 1e3);

  cvn_rsa_key_free (b.rsa);
  cvn_aes_ige_context_free (b.ige);
  EVP_CIPHER_CTX_free (b.cbc);
  g_free (b.in);
  g_free (b.out);
  return 0;
}
