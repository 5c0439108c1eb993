/* cvn-rtc-dtls.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/srtp.h>
#include <openssl/ssl.h>

#include "cvn-rtc-certificate-private.h"
#include "cvn-rtc-dtls-private.h"
#include "cvn-rtc-error.h"
#include "cvn-rtc-srtp-private.h"
#include "cvn-hash.h"

struct _CvnRtcDtls
{
  SSL_CTX            *ctx;
  SSL                *ssl;
  BIO                *rbio;  /* memory BIO: datagrams from the peer */
  guint8              peer_fingerprint[32];
  gboolean            is_client;
  gboolean            connected;
  gboolean            fingerprint_checked;
  gboolean            fingerprint_mismatch;
  CvnRtcDtlsSendFunc  send_func;
  CvnRtcDtlsDataFunc  data_func;
  gpointer            user_data;
};

static int ssl_ex_index = -1;
static BIO_METHOD *out_method;

/* --- the output BIO: one write is one datagram ------------------------------------- */

static int
out_write (BIO        *bio,
           const char *data,
           int         len)
{
  CvnRtcDtls *self = BIO_get_data (bio);

  if (len <= 0)
    return 0;
  if (self != NULL && self->send_func != NULL)
    self->send_func ((const guint8 *) data, len, self->user_data);
  return len;
}

static long
out_ctrl (BIO  *bio,
          int   cmd,
          long  num,
          void *ptr)
{
  switch (cmd)
    {
    case BIO_CTRL_FLUSH:
      return 1;
    case BIO_CTRL_DGRAM_QUERY_MTU:
    case BIO_CTRL_DGRAM_GET_FALLBACK_MTU:
      return CVN_RTC_DTLS_MTU;
    case BIO_CTRL_WPENDING:
    case BIO_CTRL_PENDING:
    case BIO_CTRL_DGRAM_GET_MTU_OVERHEAD:
      return 0;
    default:
      return 0;
    }
}

static int
out_create (BIO *bio)
{
  BIO_set_init (bio, 1);
  return 1;
}

static int
out_destroy (BIO *bio)
{
  BIO_set_data (bio, NULL);
  return 1;
}

static void
global_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      ssl_ex_index = SSL_get_ex_new_index (0, (void *) "cvn-rtc-dtls", NULL, NULL, NULL);
      out_method = BIO_meth_new (BIO_get_new_index () | BIO_TYPE_SOURCE_SINK, "cvn-rtc-dtls-out");
      BIO_meth_set_write (out_method, out_write);
      BIO_meth_set_ctrl (out_method, out_ctrl);
      BIO_meth_set_create (out_method, out_create);
      BIO_meth_set_destroy (out_method, out_destroy);
      g_once_init_leave (&done, 1);
    }
}

/* --- errors ------------------------------------------------------------------------- */

static CvnRtcDtlsResult
fail (CvnRtcDtls  *self,
      const char  *what,
      GError     **error)
{
  unsigned long code = ERR_get_error ();
  char buf[256] = "";

  if (code != 0)
    ERR_error_string_n (code, buf, sizeof buf);
  ERR_clear_error ();

  if (self->fingerprint_mismatch)
    g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_FINGERPRINT_MISMATCH,
                 "the peer's DTLS certificate does not match the fingerprint it announced");
  else
    g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_DTLS, "DTLS %s failed%s%s",
                 what, buf[0] ? ": " : "", buf);
  return CVN_RTC_DTLS_FAILED;
}

/* --- the peer certificate ----------------------------------------------------------- */

static gboolean
peer_certificate_matches (CvnRtcDtls *self,
                          X509       *cert)
{
  guint8 digest[32];

  if (!cvn_rtc_x509_digest (cert, digest))
    return FALSE;
  return cvn_crypto_equal (digest, self->peer_fingerprint, sizeof digest);
}

static int
verify_cb (int             preverify_ok,
           X509_STORE_CTX *store)
{
  SSL *ssl = X509_STORE_CTX_get_ex_data (store, SSL_get_ex_data_X509_STORE_CTX_idx ());
  CvnRtcDtls *self = ssl != NULL ? SSL_get_ex_data (ssl, ssl_ex_index) : NULL;

  if (self == NULL)
    return 0;
  /* Self-signed certificates: the chain means nothing, the fingerprint is the check. */
  if (X509_STORE_CTX_get_error_depth (store) != 0)
    return 1;
  if (!peer_certificate_matches (self, X509_STORE_CTX_get_current_cert (store)))
    {
      self->fingerprint_mismatch = TRUE;
      X509_STORE_CTX_set_error (store, X509_V_ERR_CERT_REJECTED);
      return 0;
    }
  self->fingerprint_checked = TRUE;
  X509_STORE_CTX_set_error (store, X509_V_OK);
  return 1;
}

/* --- life cycle --------------------------------------------------------------------- */

CvnRtcDtls *
cvn_rtc_dtls_new (const CvnRtcCertificate  *certificate,
                  gboolean                  is_client,
                  const guint8              peer_fingerprint[32],
                  CvnRtcSrtpProfiles        profiles,
                  CvnRtcDtlsSendFunc        send_func,
                  CvnRtcDtlsDataFunc        data_func,
                  gpointer                  user_data,
                  GError                  **error)
{
  g_autoptr(CvnRtcDtls) self = g_new0 (CvnRtcDtls, 1);
  g_autoptr(GString) srtp = g_string_new (NULL);
  BIO *wbio;

  g_return_val_if_fail ((profiles & (CVN_RTC_SRTP_PROFILES_AES128_CM_SHA1_80 |
                                     CVN_RTC_SRTP_PROFILES_AEAD_AES_128_GCM)) != 0, NULL);
  global_init ();

  self->is_client = is_client;
  memcpy (self->peer_fingerprint, peer_fingerprint, 32);
  self->send_func = send_func;
  self->data_func = data_func;
  self->user_data = user_data;

  self->ctx = SSL_CTX_new (DTLS_method ());
  if (self->ctx == NULL)
    return fail (self, "context", error), NULL;
  /* GCM first: the profile Telegram's own engine uses. */
  if (profiles & CVN_RTC_SRTP_PROFILES_AEAD_AES_128_GCM)
    g_string_append (srtp, "SRTP_AEAD_AES_128_GCM");
  if (profiles & CVN_RTC_SRTP_PROFILES_AES128_CM_SHA1_80)
    g_string_append_printf (srtp, "%sSRTP_AES128_CM_SHA1_80", srtp->len > 0 ? ":" : "");
  if (!SSL_CTX_set_min_proto_version (self->ctx, DTLS1_2_VERSION) ||
      !SSL_CTX_set_max_proto_version (self->ctx, DTLS1_2_VERSION) ||
      SSL_CTX_use_certificate (self->ctx, cvn_rtc_certificate_get_x509 (certificate)) != 1 ||
      SSL_CTX_use_PrivateKey (self->ctx, cvn_rtc_certificate_get_key (certificate)) != 1 ||
      SSL_CTX_check_private_key (self->ctx) != 1 ||
      SSL_CTX_set_cipher_list (self->ctx, "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA") != 1 ||
      SSL_CTX_set_tlsext_use_srtp (self->ctx, srtp->str) != 0)
    return fail (self, "configuration", error), NULL;
  SSL_CTX_set_verify (self->ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, verify_cb);
  SSL_CTX_set_read_ahead (self->ctx, 1);

  self->ssl = SSL_new (self->ctx);
  if (self->ssl == NULL)
    return fail (self, "session", error), NULL;
  SSL_set_ex_data (self->ssl, ssl_ex_index, self);

  self->rbio = BIO_new (BIO_s_mem ());
  wbio = BIO_new (out_method);
  if (self->rbio == NULL || wbio == NULL)
    {
      BIO_free (wbio);
      return fail (self, "BIO", error), NULL;
    }
  BIO_set_mem_eof_return (self->rbio, -1);
  BIO_set_data (wbio, self);
  BIO_up_ref (self->rbio);
  SSL_set_bio (self->ssl, self->rbio, wbio);
  SSL_set_options (self->ssl, SSL_OP_NO_QUERY_MTU);
  SSL_set_mtu (self->ssl, CVN_RTC_DTLS_MTU);
  DTLS_set_link_mtu (self->ssl, CVN_RTC_DTLS_MTU);
  if (is_client)
    SSL_set_connect_state (self->ssl);
  else
    SSL_set_accept_state (self->ssl);

  return g_steal_pointer (&self);
}

void
cvn_rtc_dtls_free (CvnRtcDtls *self)
{
  if (self == NULL)
    return;
  if (self->ssl != NULL)
    {
      BIO *wbio = SSL_get_wbio (self->ssl);

      if (wbio != NULL)
        BIO_set_data (wbio, NULL);
      SSL_free (self->ssl);
    }
  BIO_free (self->rbio);
  SSL_CTX_free (self->ctx);
  g_free (self);
}

/* --- the handshake and records ------------------------------------------------------ */

static CvnRtcDtlsResult
drive (CvnRtcDtls  *self,
       GError     **error)
{
  if (!self->connected)
    {
      int ret = SSL_do_handshake (self->ssl);

      if (ret != 1)
        {
          int err = SSL_get_error (self->ssl, ret);

          if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE)
            return CVN_RTC_DTLS_CONTINUE;
          return fail (self, "handshake", error);
        }
      /* Belt and braces: the callback ran and accepted this very certificate. */
      {
        X509 *peer = SSL_get1_peer_certificate (self->ssl);
        gboolean ok = peer != NULL && self->fingerprint_checked && peer_certificate_matches (self, peer);

        X509_free (peer);
        if (!ok)
          {
            self->fingerprint_mismatch = TRUE;
            return fail (self, "certificate check", error);
          }
      }
      if (SSL_get_selected_srtp_profile (self->ssl) == NULL)
        {
          g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_DTLS,
                       "DTLS handshake completed without an SRTP protection profile in common");
          return CVN_RTC_DTLS_FAILED;
        }
      self->connected = TRUE;
      return CVN_RTC_DTLS_CONNECTED;
    }

  for (;;)
    {
      guint8 buf[16384];
      int n = SSL_read (self->ssl, buf, sizeof buf);

      if (n > 0)
        {
          if (self->data_func != NULL)
            self->data_func (buf, n, self->user_data);
          continue;
        }
      switch (SSL_get_error (self->ssl, n))
        {
        case SSL_ERROR_WANT_READ:
        case SSL_ERROR_WANT_WRITE:
          return CVN_RTC_DTLS_CONTINUE;
        case SSL_ERROR_ZERO_RETURN:
          return CVN_RTC_DTLS_CLOSED;
        default:
          return fail (self, "read", error);
        }
    }
}

CvnRtcDtlsResult
cvn_rtc_dtls_start (CvnRtcDtls  *self,
                    GError     **error)
{
  if (!self->is_client)
    return CVN_RTC_DTLS_CONTINUE;
  return drive (self, error);
}

CvnRtcDtlsResult
cvn_rtc_dtls_receive (CvnRtcDtls    *self,
                      const guint8  *data,
                      gsize          len,
                      GError       **error)
{
  CvnRtcDtlsResult result;

  if (len == 0 || len > 65536)
    return CVN_RTC_DTLS_CONTINUE;
  if (BIO_write (self->rbio, data, (int) len) != (int) len)
    return fail (self, "input", error);
  result = drive (self, error);
  /* Whatever the record layer did not take (a bad record) must not stay for the next one. */
  (void) BIO_reset (self->rbio);
  if (result == CVN_RTC_DTLS_CONNECTED)
    {
      /* Records that came with the last flight (application data) are read now. */
      CvnRtcDtlsResult more = drive (self, error);

      if (more == CVN_RTC_DTLS_FAILED)
        return more;
    }
  return result;
}

gint64
cvn_rtc_dtls_get_timeout_ms (CvnRtcDtls *self)
{
  struct timeval tv;

  if (self->connected || DTLSv1_get_timeout (self->ssl, &tv) != 1)
    return -1;
  return (gint64) tv.tv_sec * 1000 + (tv.tv_usec + 999) / 1000;
}

CvnRtcDtlsResult
cvn_rtc_dtls_handle_timeout (CvnRtcDtls  *self,
                             GError     **error)
{
  if (self->connected)
    return CVN_RTC_DTLS_CONTINUE;
  if (DTLSv1_handle_timeout (self->ssl) < 0)
    return fail (self, "retransmission", error);
  return CVN_RTC_DTLS_CONTINUE;
}

gboolean
cvn_rtc_dtls_is_connected (CvnRtcDtls *self)
{
  return self->connected;
}

gboolean
cvn_rtc_dtls_export_srtp (CvnRtcDtls         *self,
                          CvnRtcSrtpProfile  *profile,
                          guint8              local_key[64],
                          guint8              remote_key[64],
                          GError            **error)
{
  SRTP_PROTECTION_PROFILE *selected;
  guint8 material[2 * (16 + 14)];
  gsize key_len, salt_len;
  const guint8 *client_key, *server_key, *client_salt, *server_salt;

  selected = SSL_get_selected_srtp_profile (self->ssl);
  if (!self->connected || selected == NULL)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_DTLS, "no SRTP profile negotiated");
      return FALSE;
    }
  if (selected->id == SRTP_AEAD_AES_128_GCM)
    *profile = CVN_RTC_SRTP_PROFILE_AEAD_AES_128_GCM;
  else if (selected->id == SRTP_AES128_CM_SHA1_80)
    *profile = CVN_RTC_SRTP_PROFILE_AES128_CM_SHA1_80;
  else
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_DTLS, "unexpected SRTP profile %s", selected->name);
      return FALSE;
    }

  cvn_rtc_srtp_profile_key_lengths (*profile, &key_len, &salt_len);
  if (SSL_export_keying_material (self->ssl, material, 2 * (key_len + salt_len),
                                  "EXTRACTOR-dtls_srtp", strlen ("EXTRACTOR-dtls_srtp"),
                                  NULL, 0, 0) != 1)
    return fail (self, "key export", error) != CVN_RTC_DTLS_FAILED;

  /* RFC 5764 4.2: client key, server key, client salt, server salt. */
  client_key = material;
  server_key = material + key_len;
  client_salt = material + 2 * key_len;
  server_salt = material + 2 * key_len + salt_len;
  memcpy (local_key, self->is_client ? client_key : server_key, key_len);
  memcpy (local_key + key_len, self->is_client ? client_salt : server_salt, salt_len);
  memcpy (remote_key, self->is_client ? server_key : client_key, key_len);
  memcpy (remote_key + key_len, self->is_client ? server_salt : client_salt, salt_len);
  cvn_crypto_wipe (material, sizeof material);
  return TRUE;
}

gboolean
cvn_rtc_dtls_send (CvnRtcDtls    *self,
                   const guint8  *data,
                   gsize          len,
                   GError       **error)
{
  int n;

  if (!self->connected)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_DTLS, "DTLS is not connected");
      return FALSE;
    }
  if (len == 0 || len > 16384)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_DTLS, "%" G_GSIZE_FORMAT " bytes do not fit a DTLS record", len);
      return FALSE;
    }
  n = SSL_write (self->ssl, data, (int) len);
  if (n != (int) len)
    return fail (self, "write", error) != CVN_RTC_DTLS_FAILED;
  return TRUE;
}

void
cvn_rtc_dtls_shutdown (CvnRtcDtls *self)
{
  if (self->connected)
    {
      SSL_shutdown (self->ssl);
      ERR_clear_error ();
    }
}
