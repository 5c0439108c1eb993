/* bench-call-audio.c: join-to-first-decoded-audio latency on loopback.
 *
 * B is in the call (through the in-process SFU of call-audio-test-util.h) and sends a
 * 440 Hz tone. A joins: the clock starts at cvn_call_audio_start() (the answer is in
 * hand) and stops when A's receiver puts out the first audible buffer of B's voice. That
 * is ICE + DTLS + the first packets through the SFU + the jitter buffer and mixer latency
 * (the receiver's default, 100 ms). A rejoins for each round (a new transport each time).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "call-audio-test-util.h"

#include <stdlib.h>

#define ROUNDS 7
#define WAIT_MS 15000

static gboolean
heard_cb (gpointer user_data)
{
  Client *client = user_data;

  return g_atomic_pointer_get (&client->first_audio_at) != 0;
}

static int
compare_double (const void *a,
                const void *b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(CvnRtcRouter) router = NULL;
  g_autoptr(GError) error = NULL;
  Client a, b;
  double total[ROUNDS], secure[ROUNDS];

  gst_init (&argc, &argv);
  g_timeout_add (5, client_poll_cb, NULL);

  router = cvn_rtc_router_new ();
  client_init (&a, "audiotestsrc wave=silence is-live=true", 100);
  client_init (&b, "audiotestsrc freq=440 is-live=true", 100);
  cvn_rtc_join_payload_free (client_join (&b, router, CVN_RTC_SRTP_PROFILES_ALL, NULL, NULL));
  if (!cvn_test_wait_until (NULL, client_connected_cb, &b, WAIT_MS, &error))
    g_error ("B did not connect: %s", error->message);

  for (guint i = 0; i < ROUNDS; i++)
    {
      gint64 started_at = 0, secure_at;

      client_remove_from_sfu (&a, router);
      cvn_rtc_join_payload_free (client_join (&a, router, CVN_RTC_SRTP_PROFILES_ALL, NULL, &started_at));
      if (!cvn_test_wait_until (NULL, client_connected_cb, &a, WAIT_MS, &error))
        g_error ("A did not connect: %s", error->message);
      secure_at = g_get_monotonic_time ();
      if (!cvn_test_wait_until (NULL, heard_cb, &a, WAIT_MS, &error))
        g_error ("A heard nothing: %s", error->message);
      secure[i] = (secure_at - started_at) / 1000.0;
      total[i] = (g_atomic_pointer_get (&a.first_audio_at) - started_at) / 1000.0;
      g_print ("# round %u: connected %.1f ms, first decoded audio %.1f ms\n", i + 1, secure[i], total[i]);
    }

  qsort (total, ROUNDS, sizeof (double), compare_double);
  qsort (secure, ROUNDS, sizeof (double), compare_double);
  g_print ("# call-audio: loopback, in-process SFU, Opus 20 ms, receiver latency 100 ms, %d joins\n", ROUNDS);
  g_print ("%-34s %7.1f ms median (min %.1f, max %.1f)\n", "start to connected-secure",
           secure[ROUNDS / 2], secure[0], secure[ROUNDS - 1]);
  g_print ("%-34s %7.1f ms median (min %.1f, max %.1f)\n", "start to first decoded audio",
           total[ROUNDS / 2], total[0], total[ROUNDS - 1]);

  client_clear (&a, router);
  client_clear (&b, router);
  drain_context ();
  return 0;
}
