/* cvn-curve25519.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <openssl/err.h>

#include "cvn-crypto-error.h"
#include "cvn-crypto-private.h"
#include "cvn-curve25519.h"
#include "cvn-hash.h"

static gboolean
generate (int       type,
          guint8   *priv,
          guint8   *pub,
          GError  **error)
{
  g_autoptr(EVP_PKEY_CTX) ctx = EVP_PKEY_CTX_new_id (type, NULL);
  g_autoptr(EVP_PKEY) pkey = NULL;
  size_t priv_len = 32, pub_len = 32;

  if (ctx == NULL || EVP_PKEY_keygen_init (ctx) <= 0 || EVP_PKEY_keygen (ctx, &pkey) <= 0 ||
      !EVP_PKEY_get_raw_private_key (pkey, priv, &priv_len) ||
      !EVP_PKEY_get_raw_public_key (pkey, pub, &pub_len) ||
      priv_len != 32 || pub_len != 32)
    return cvn_crypto_set_openssl_error (error, "Key generation");
  return TRUE;
}

static EVP_PKEY *
private_key (int            type,
             const guint8  *priv,
             GError       **error)
{
  EVP_PKEY *pkey = EVP_PKEY_new_raw_private_key (type, NULL, priv, 32);

  if (pkey == NULL)
    cvn_crypto_set_openssl_error (error, "Loading a private key");
  return pkey;
}

static gboolean
public_from_private (int            type,
                     const guint8  *priv,
                     guint8        *pub,
                     GError       **error)
{
  g_autoptr(EVP_PKEY) pkey = private_key (type, priv, error);
  size_t pub_len = 32;

  if (pkey == NULL)
    return FALSE;
  if (!EVP_PKEY_get_raw_public_key (pkey, pub, &pub_len) || pub_len != 32)
    return cvn_crypto_set_openssl_error (error, "Deriving a public key");
  return TRUE;
}

gboolean
cvn_ed25519_generate (guint8   priv[CVN_ED25519_KEY_LEN],
                      guint8   pub[CVN_ED25519_KEY_LEN],
                      GError **error)
{
  return generate (EVP_PKEY_ED25519, priv, pub, error);
}

gboolean
cvn_ed25519_public_from_private (const guint8   priv[CVN_ED25519_KEY_LEN],
                                 guint8         pub[CVN_ED25519_KEY_LEN],
                                 GError       **error)
{
  return public_from_private (EVP_PKEY_ED25519, priv, pub, error);
}

gboolean
cvn_ed25519_sign (const guint8   priv[CVN_ED25519_KEY_LEN],
                  const guint8  *msg,
                  gsize          len,
                  guint8         sig[CVN_ED25519_SIGNATURE_LEN],
                  GError       **error)
{
  g_autoptr(EVP_PKEY) pkey = private_key (EVP_PKEY_ED25519, priv, error);
  g_autoptr(EVP_MD_CTX) ctx = NULL;
  size_t sig_len = CVN_ED25519_SIGNATURE_LEN;

  g_return_val_if_fail (msg != NULL || len == 0, FALSE);

  if (pkey == NULL)
    return FALSE;
  ctx = EVP_MD_CTX_new ();
  if (ctx == NULL || EVP_DigestSignInit (ctx, NULL, NULL, NULL, pkey) <= 0 ||
      EVP_DigestSign (ctx, sig, &sig_len, msg != NULL ? msg : (const guint8 *) "", len) <= 0 ||
      sig_len != CVN_ED25519_SIGNATURE_LEN)
    return cvn_crypto_set_openssl_error (error, "Ed25519 signing");
  return TRUE;
}

gboolean
cvn_ed25519_verify (const guint8   pub[CVN_ED25519_KEY_LEN],
                    const guint8  *msg,
                    gsize          len,
                    const guint8   sig[CVN_ED25519_SIGNATURE_LEN],
                    GError       **error)
{
  g_autoptr(EVP_PKEY) pkey = EVP_PKEY_new_raw_public_key (EVP_PKEY_ED25519, NULL, pub, 32);
  g_autoptr(EVP_MD_CTX) ctx = NULL;
  int r;

  g_return_val_if_fail (msg != NULL || len == 0, FALSE);

  if (pkey == NULL)
    {
      ERR_clear_error ();
      g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_BAD_KEY,
                           "Not an Ed25519 public key");
      return FALSE;
    }
  ctx = EVP_MD_CTX_new ();
  if (ctx == NULL || EVP_DigestVerifyInit (ctx, NULL, NULL, NULL, pkey) <= 0)
    return cvn_crypto_set_openssl_error (error, "Ed25519 verification");
  r = EVP_DigestVerify (ctx, sig, CVN_ED25519_SIGNATURE_LEN,
                        msg != NULL ? msg : (const guint8 *) "", len);
  ERR_clear_error ();
  if (r != 1)
    {
      g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_INTEGRITY,
                           "Ed25519 signature does not verify");
      return FALSE;
    }
  return TRUE;
}

gboolean
cvn_x25519_generate (guint8   priv[CVN_X25519_KEY_LEN],
                     guint8   pub[CVN_X25519_KEY_LEN],
                     GError **error)
{
  return generate (EVP_PKEY_X25519, priv, pub, error);
}

gboolean
cvn_x25519_public_from_private (const guint8   priv[CVN_X25519_KEY_LEN],
                                guint8         pub[CVN_X25519_KEY_LEN],
                                GError       **error)
{
  return public_from_private (EVP_PKEY_X25519, priv, pub, error);
}

gboolean
cvn_x25519_derive (const guint8   priv[CVN_X25519_KEY_LEN],
                   const guint8   peer_pub[CVN_X25519_KEY_LEN],
                   guint8         shared[CVN_X25519_KEY_LEN],
                   GError       **error)
{
  g_autoptr(EVP_PKEY) pkey = private_key (EVP_PKEY_X25519, priv, error);
  g_autoptr(EVP_PKEY) peer = NULL;
  g_autoptr(EVP_PKEY_CTX) ctx = NULL;
  size_t len = CVN_X25519_KEY_LEN;

  if (pkey == NULL)
    return FALSE;
  peer = EVP_PKEY_new_raw_public_key (EVP_PKEY_X25519, NULL, peer_pub, 32);
  if (peer == NULL)
    return cvn_crypto_set_openssl_error (error, "Loading the X25519 peer key");

  ctx = EVP_PKEY_CTX_new (pkey, NULL);
  /* OpenSSL fails the derivation when the result is all zero (small-order peer). */
  if (ctx == NULL || EVP_PKEY_derive_init (ctx) <= 0 ||
      EVP_PKEY_derive_set_peer (ctx, peer) <= 0 ||
      EVP_PKEY_derive (ctx, shared, &len) <= 0 || len != CVN_X25519_KEY_LEN)
    {
      ERR_clear_error ();
      cvn_crypto_wipe (shared, CVN_X25519_KEY_LEN);
      g_set_error_literal (error, CVN_CRYPTO_ERROR, CVN_CRYPTO_ERROR_CHECK_FAILED,
                           "X25519 derivation failed (invalid peer key)");
      return FALSE;
    }
  return TRUE;
}
