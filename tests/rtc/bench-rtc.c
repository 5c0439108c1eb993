/* bench-rtc.c: SRTP cost per packet (both profiles) and SFU forwarding cost on loopback.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run with `meson test -C _build --benchmark --verbose rtc`. Prints one line per figure.
 */
#include "config.h"

#include <string.h>
#include <sys/resource.h>

#include "cvn-rtc-answer.h"
#include "cvn-rtc-join-payload.h"
#include "cvn-rtc-router.h"
#include "cvn-rtc-srtp-private.h"
#include "cvn-rtc-transport.h"
#include "cvn-test-wait.h"

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static void
bench_srtp (CvnRtcSrtpProfile profile,
            const char       *name)
{
  guint8 key_a[64], key_b[64];
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnRtcSrtp) a = NULL;
  g_autoptr(CvnRtcSrtp) b = NULL;
  const guint n = 200000;
  guint8 buf[12 + 160 + CVN_RTC_SRTP_MAX_OVERHEAD];
  gint64 start, elapsed;

  for (guint i = 0; i < sizeof key_a; i++)
    {
      key_a[i] = i;
      key_b[i] = 255 - i;
    }
  a = cvn_rtc_srtp_new (profile, key_a, key_b, &error);
  g_assert_no_error (error);
  b = cvn_rtc_srtp_new (profile, key_b, key_a, &error);
  g_assert_no_error (error);

  start = g_get_monotonic_time ();
  for (guint i = 0; i < n; i++)
    {
      gsize len = 12 + 160;

      memset (buf, 0, len);
      buf[0] = 0x80;
      buf[1] = 111;
      buf[2] = (i >> 8) & 0xff;
      buf[3] = i & 0xff;
      buf[4] = i >> 24; buf[5] = i >> 16; buf[6] = i >> 8; buf[7] = i;
      buf[11] = 1;
      g_assert_true (cvn_rtc_srtp_protect_rtp (a, buf, &len, &error));
      g_assert_true (cvn_rtc_srtp_unprotect_rtp (b, buf, &len, &error));
      g_assert_cmpuint (len, ==, 12 + 160);
    }
  elapsed = g_get_monotonic_time () - start;
  g_print ("srtp %s: protect+unprotect of a 172-byte Opus packet: %.0f ns\n", name, elapsed * 1000.0 / n);
}

typedef struct
{
  CvnRtcTransport *client;
  CvnRtcTransport *sfu;
  guint            received;
} Leg;

static void
on_rtp (CvnRtcTransport *transport,
        GBytes          *bytes,
        gpointer         user_data)
{
  ((Leg *) user_data)->received++;
}

static gboolean
all_secure (gpointer user_data)
{
  GPtrArray *legs = user_data;

  for (guint i = 0; i < legs->len; i++)
    {
      Leg *leg = g_ptr_array_index (legs, i);

      if (cvn_rtc_transport_get_state (leg->client) != CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE ||
          cvn_rtc_transport_get_state (leg->sfu) != CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE)
        return FALSE;
    }
  return TRUE;
}

static guint target;

static gboolean
all_received (gpointer user_data)
{
  GPtrArray *legs = user_data;

  for (guint i = 1; i < legs->len; i++)
    {
      if (((Leg *) g_ptr_array_index (legs, i))->received < target)
        return FALSE;
    }
  return TRUE;
}

static void
leg_free (Leg *leg)
{
  g_clear_object (&leg->client);
  g_clear_object (&leg->sfu);
  g_free (leg);
}

/* One speaker, @listeners listeners, everything in this process: the cost includes the
 * speaker's and the listeners' SRTP and the UDP round through the kernel. */
static void
bench_forwarding (guint listeners)
{
  g_autoptr(GPtrArray) legs = g_ptr_array_new_with_free_func ((GDestroyNotify) leg_free);
  g_autoptr(CvnRtcRouter) router = cvn_rtc_router_new ();
  g_autoptr(GError) error = NULL;
  const guint packets = 2000;
  guint32 ssrc = 0;
  gint64 start, elapsed;
  double cpu_start, cpu;

  for (guint i = 0; i <= listeners; i++)
    {
      Leg *leg = g_new0 (Leg, 1);
      g_autoptr(CvnRtcJoinPayload) payload = NULL;
      g_autoptr(CvnRtcAnswer) answer = NULL;

      leg->client = cvn_rtc_transport_new (CVN_RTC_ROLE_CLIENT, NULL, "127.0.0.1", &error);
      g_assert_no_error (error);
      leg->sfu = cvn_rtc_transport_new (CVN_RTC_ROLE_SFU, NULL, "127.0.0.1", &error);
      g_assert_no_error (error);
      g_signal_connect (leg->client, "rtp-received", G_CALLBACK (on_rtp), leg);
      payload = cvn_rtc_transport_create_join_payload (leg->client, CVN_RTC_VIDEO_NONE, &error);
      g_assert_no_error (error);
      if (i == 0)
        ssrc = payload->ssrc;
      g_assert_true (cvn_rtc_transport_start_sfu (leg->sfu, payload, &error));
      answer = cvn_rtc_transport_create_answer (leg->sfu, NULL);
      g_assert_true (cvn_rtc_transport_start_client (leg->client, answer, &error));
      g_assert_true (cvn_rtc_router_add_transport (router, leg->sfu, payload, &error));
      g_ptr_array_add (legs, leg);
    }
  cvn_test_assert_wait (NULL, all_secure, legs, 20000);

  target = packets;
  start = g_get_monotonic_time ();
  cpu_start = cpu_seconds ();
  for (guint i = 0; i < packets; i++)
    {
      guint8 rtp[12 + 160] = { 0x80, 111, i >> 8, i & 0xff, 0, 0, 0, 0,
                               ssrc >> 24, ssrc >> 16, ssrc >> 8, ssrc };
      Leg *speaker = g_ptr_array_index (legs, 0);

      g_assert_true (cvn_rtc_transport_send_rtp (speaker->client, rtp, sizeof rtp, &error));
      /* Pace a little so the socket buffers never overflow on loopback. */
      if (i % 50 == 49)
        while (g_main_context_iteration (NULL, FALSE))
          ;
    }
  cvn_test_assert_wait (NULL, all_received, legs, 30000);
  elapsed = g_get_monotonic_time () - start;
  cpu = cpu_seconds () - cpu_start;
  g_print ("forwarding, 1 speaker to %u listeners, %u packets: %.1f us CPU per delivered packet "
           "(whole process: client and SFU SRTP, UDP), %.0f delivered packets/s\n",
           listeners, packets, cpu * 1e6 / (packets * listeners), packets * listeners / (elapsed / 1e6));
}

int
main (int   argc,
      char *argv[])
{
  bench_srtp (CVN_RTC_SRTP_PROFILE_AEAD_AES_128_GCM, "AEAD_AES_128_GCM");
  bench_srtp (CVN_RTC_SRTP_PROFILE_AES128_CM_SHA1_80, "AES128_CM_SHA1_80");
  bench_forwarding (4);
  bench_forwarding (8);
  return 0;
}
