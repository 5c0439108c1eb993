/* cvn-rtc-srtp.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include <srtp2/srtp.h>

#include "cvn-rtc-error.h"
#include "cvn-rtc-srtp-private.h"

G_STATIC_ASSERT (CVN_RTC_SRTP_MAX_OVERHEAD >= SRTP_MAX_TRAILER_LEN + 4);

struct _CvnRtcSrtp
{
  srtp_t outbound;
  srtp_t inbound;
};

static gboolean
srtp_library_init (GError **error)
{
  static gsize done = 0;
  static srtp_err_status_t status;

  if (g_once_init_enter (&done))
    {
      status = srtp_init ();
      g_once_init_leave (&done, 1);
    }
  if (status != srtp_err_status_ok)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_SRTP, "srtp_init failed (%d)", status);
      return FALSE;
    }
  return TRUE;
}

void
cvn_rtc_srtp_profile_key_lengths (CvnRtcSrtpProfile  profile,
                                  gsize             *key_len,
                                  gsize             *salt_len)
{
  *key_len = SRTP_AES_128_KEY_LEN;
  *salt_len = profile == CVN_RTC_SRTP_PROFILE_AEAD_AES_128_GCM ? SRTP_AEAD_SALT_LEN : SRTP_SALT_LEN;
}

static gboolean
create_session (srtp_t             *session,
                CvnRtcSrtpProfile   profile,
                const guint8       *key,
                srtp_ssrc_type_t    direction,
                GError            **error)
{
  srtp_policy_t policy;
  srtp_err_status_t status;
  guint8 key_copy[SRTP_MAX_KEY_LEN];
  gsize key_len, salt_len;

  cvn_rtc_srtp_profile_key_lengths (profile, &key_len, &salt_len);
  memcpy (key_copy, key, key_len + salt_len);

  memset (&policy, 0, sizeof policy);
  if (profile == CVN_RTC_SRTP_PROFILE_AEAD_AES_128_GCM)
    {
      srtp_crypto_policy_set_aes_gcm_128_16_auth (&policy.rtp);
      srtp_crypto_policy_set_aes_gcm_128_16_auth (&policy.rtcp);
    }
  else
    {
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80 (&policy.rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80 (&policy.rtcp);
    }
  policy.ssrc.type = direction;
  policy.key = key_copy;
  policy.window_size = 1024;
  policy.allow_repeat_tx = 0;
  policy.next = NULL;

  status = srtp_create (session, &policy);
  memset (key_copy, 0, sizeof key_copy);
  if (status != srtp_err_status_ok)
    {
      *session = NULL;
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_SRTP, "srtp_create failed (%d)", status);
      return FALSE;
    }
  return TRUE;
}

CvnRtcSrtp *
cvn_rtc_srtp_new (CvnRtcSrtpProfile   profile,
                  const guint8       *local_key,
                  const guint8       *remote_key,
                  GError            **error)
{
  g_autoptr(CvnRtcSrtp) self = NULL;

  if (!srtp_library_init (error))
    return NULL;
  self = g_new0 (CvnRtcSrtp, 1);
  if (!create_session (&self->outbound, profile, local_key, ssrc_any_outbound, error) ||
      !create_session (&self->inbound, profile, remote_key, ssrc_any_inbound, error))
    return NULL;
  return g_steal_pointer (&self);
}

void
cvn_rtc_srtp_free (CvnRtcSrtp *self)
{
  if (self == NULL)
    return;
  if (self->outbound != NULL)
    srtp_dealloc (self->outbound);
  if (self->inbound != NULL)
    srtp_dealloc (self->inbound);
  g_free (self);
}

static gboolean
check_status (srtp_err_status_t   status,
              const char         *what,
              GError            **error)
{
  if (status == srtp_err_status_ok)
    return TRUE;
  g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_SRTP, "%s failed (libsrtp2 status %d)", what, status);
  return FALSE;
}

gboolean
cvn_rtc_srtp_protect_rtp (CvnRtcSrtp  *self,
                          guint8      *buf,
                          gsize       *len,
                          GError     **error)
{
  int n = (int) *len;

  if (*len > G_MAXINT - CVN_RTC_SRTP_MAX_OVERHEAD ||
      !check_status (srtp_protect (self->outbound, buf, &n), "SRTP protect", error))
    return FALSE;
  *len = n;
  return TRUE;
}

gboolean
cvn_rtc_srtp_protect_rtcp (CvnRtcSrtp  *self,
                           guint8      *buf,
                           gsize       *len,
                           GError     **error)
{
  int n = (int) *len;

  if (*len > G_MAXINT - CVN_RTC_SRTP_MAX_OVERHEAD ||
      !check_status (srtp_protect_rtcp (self->outbound, buf, &n), "SRTCP protect", error))
    return FALSE;
  *len = n;
  return TRUE;
}

gboolean
cvn_rtc_srtp_unprotect_rtp (CvnRtcSrtp  *self,
                            guint8      *buf,
                            gsize       *len,
                            GError     **error)
{
  int n = (int) *len;

  if (*len > G_MAXINT ||
      !check_status (srtp_unprotect (self->inbound, buf, &n), "SRTP unprotect", error))
    return FALSE;
  *len = n;
  return TRUE;
}

gboolean
cvn_rtc_srtp_unprotect_rtcp (CvnRtcSrtp  *self,
                             guint8      *buf,
                             gsize       *len,
                             GError     **error)
{
  int n = (int) *len;

  if (*len > G_MAXINT ||
      !check_status (srtp_unprotect_rtcp (self->inbound, buf, &n), "SRTCP unprotect", error))
    return FALSE;
  *len = n;
  return TRUE;
}
