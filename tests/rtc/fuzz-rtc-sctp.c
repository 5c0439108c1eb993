/* fuzz-rtc-sctp.c: libFuzzer target for the SCTP input of the SFU's data channel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A client and an SFU transport are connected on loopback once, with a data channel each,
 * and the channel "data" open. Every input is one SCTP packet handed to the SFU's channel as
 * if it had come out of DTLS (usrsctp parses it, our callbacks get what it delivers). The
 * first byte says what to fix so the packet gets past the outer checks: bit 0 the
 * verification tag (the association's), bit 1 the CRC32c, bit 2 the ports (5000 <-> 5000).
 * When an input ends the association (an ABORT that passes), the pair is made again.
 */
#include "config.h"

#include <string.h>

#include "cvn-rtc-answer.h"
#include "cvn-rtc-data-channel-private.h"
#include "cvn-rtc-transport.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

typedef struct
{
  CvnRtcTransport   *client;
  CvnRtcTransport   *sfu;
  CvnRtcDataChannel *client_channel;
  CvnRtcDataChannel *sfu_channel;
  guint32            vtag;
} Pair;

static Pair pair;

static guint32
crc32c (const guint8 *data,
        gsize         len)
{
  static guint32 table[256];
  guint32 crc = 0xffffffff;

  if (table[1] == 0)
    for (guint32 i = 0; i < 256; i++)
      {
        guint32 c = i;

        for (guint k = 0; k < 8; k++)
          c = c & 1 ? (c >> 1) ^ 0x82f63b78 : c >> 1;
        table[i] = c;
      }
  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

static void
drain (void)
{
  for (guint i = 0; i < 8 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

static void
pair_clear (void)
{
  g_clear_object (&pair.client_channel);
  g_clear_object (&pair.sfu_channel);
  if (pair.client != NULL)
    cvn_rtc_transport_close (pair.client);
  if (pair.sfu != NULL)
    cvn_rtc_transport_close (pair.sfu);
  g_clear_object (&pair.client);
  g_clear_object (&pair.sfu);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static gboolean
channel_open (void)
{
  return pair.sfu_channel != NULL &&
         cvn_rtc_data_channel_get_state (pair.sfu_channel) == CVN_RTC_DATA_CHANNEL_STATE_OPEN;
}

static void
pair_make (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnRtcJoinPayload) payload = NULL;
  g_autoptr(CvnRtcAnswer) answer = NULL;
  gint64 deadline = g_get_monotonic_time () + 15 * G_USEC_PER_SEC;
  guint64 n_in = 0;

  pair.client = cvn_rtc_transport_new (CVN_RTC_ROLE_CLIENT, NULL, "127.0.0.1", &error);
  g_assert_no_error (error);
  pair.sfu = cvn_rtc_transport_new (CVN_RTC_ROLE_SFU, NULL, "127.0.0.1", &error);
  g_assert_no_error (error);
  payload = cvn_rtc_transport_create_join_payload (pair.client, CVN_RTC_VIDEO_NONE, &error);
  g_assert_no_error (error);
  g_assert_true (cvn_rtc_transport_start_sfu (pair.sfu, payload, &error));
  answer = cvn_rtc_transport_create_answer (pair.sfu, NULL);
  g_assert_true (cvn_rtc_transport_start_client (pair.client, answer, &error));
  pair.client_channel = cvn_rtc_data_channel_new (pair.client, &error);
  g_assert_no_error (error);
  pair.sfu_channel = cvn_rtc_data_channel_new (pair.sfu, &error);
  g_assert_no_error (error);
  while (!channel_open () || n_in == 0)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("fuzz-rtc-sctp: the data channel did not open");
      g_main_context_iteration (NULL, TRUE);
      cvn_rtc_data_channel_get_sctp_counts (pair.sfu_channel, &n_in, NULL, &pair.vtag);
    }
}

/* A HEARTBEAT with the right tag and checksum must be answered: proof that inputs reach
 * past usrsctp's outer checks. */
static void
check_heartbeat (void)
{
  guint8 packet[24] = { 0x13, 0x88, 0x13, 0x88, 0, 0, 0, 0, 0, 0, 0, 0,
                        4, 0, 0, 12, 0, 1, 0, 8, 'c', 'v', 'n', '!' };
  guint64 out_before, out = 0;
  guint32 crc;
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  packet[4] = pair.vtag >> 24;
  packet[5] = pair.vtag >> 16;
  packet[6] = pair.vtag >> 8;
  packet[7] = pair.vtag;
  crc = crc32c (packet, sizeof packet);
  packet[8] = crc;
  packet[9] = crc >> 8;
  packet[10] = crc >> 16;
  packet[11] = crc >> 24;
  cvn_rtc_data_channel_get_sctp_counts (pair.sfu_channel, NULL, &out_before, NULL);
  cvn_rtc_data_channel_receive_sctp (pair.sfu_channel, packet, sizeof packet);
  while (out <= out_before)
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("fuzz-rtc-sctp: a valid HEARTBEAT got no answer (checksum or tag wrong?)");
      g_main_context_iteration (NULL, FALSE);
      cvn_rtc_data_channel_get_sctp_counts (pair.sfu_channel, NULL, &out, NULL);
    }
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree guint8 *packet = NULL;
  gsize len;
  guint8 fix;

  if (pair.client == NULL)
    {
      g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL);
      pair_make ();
      check_heartbeat ();
    }
  if (size < 1)
    return 0;
  fix = data[0];
  len = MAX (size - 1, 12);
  packet = g_malloc0 (len);
  memcpy (packet, data + 1, size - 1);
  if (fix & 4)
    {
      packet[0] = packet[2] = 0x13;
      packet[1] = packet[3] = 0x88;
    }
  if (fix & 1)
    {
      packet[4] = pair.vtag >> 24;
      packet[5] = pair.vtag >> 16;
      packet[6] = pair.vtag >> 8;
      packet[7] = pair.vtag;
    }
  if (fix & 2)
    {
      guint32 crc;

      memset (packet + 8, 0, 4);
      crc = crc32c (packet, len);
      packet[8] = crc;
      packet[9] = crc >> 8;
      packet[10] = crc >> 16;
      packet[11] = crc >> 24;
    }
  cvn_rtc_data_channel_receive_sctp (pair.sfu_channel, packet, len);
  drain ();
  if (!channel_open ())
    {
      static guint rebuilds;

      if (g_getenv ("CVN_FUZZ_VERBOSE") != NULL)
        g_printerr ("fuzz-rtc-sctp: rebuild %u after an input of %" G_GSIZE_FORMAT " bytes (fix %u, chunk type %u)\n",
                    ++rebuilds, size, fix, len > 12 ? packet[12] : 0);
      pair_clear ();
      pair_make ();
    }
  return 0;
}
