/* test-dcep.c: DCEP messages (RFC 8832) and the colibri messages of the data channel.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cvn-rtc-colibri.h"
#include "cvn-rtc-dcep-private.h"
#include "cvn-rtc-error.h"

static void
test_open_round_trip (void)
{
  g_autoptr(GBytes) bytes = cvn_rtc_dcep_build_open ("data", "");
  g_autoptr(GError) error = NULL;
  static const guint8 expected[] = {
    0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 'd', 'a', 't', 'a',
  };
  CvnRtcDcepOpen open;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  g_assert_cmpmem (data, len, expected, sizeof expected);
  g_assert_true (cvn_rtc_dcep_parse_open (data, len, &open, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (open.label, ==, "data");
  g_assert_cmpstr (open.protocol, ==, "");
  g_assert_cmpuint (open.channel_type, ==, 0);
  cvn_rtc_dcep_open_clear (&open);

  /* With a protocol, unordered partial reliability and a priority. */
  {
    static const guint8 other[] = {
      0x03, 0x81, 0x01, 0x00, 0, 0, 0, 3, 0, 1, 0, 2, 'x', 'p', 'q',
    };

    g_assert_true (cvn_rtc_dcep_parse_open (other, sizeof other, &open, &error));
    g_assert_cmpstr (open.label, ==, "x");
    g_assert_cmpstr (open.protocol, ==, "pq");
    g_assert_cmpuint (open.priority, ==, 256);
    g_assert_cmpuint (open.reliability, ==, 3);
    cvn_rtc_dcep_open_clear (&open);
  }
}

static void
test_open_rejects (void)
{
  static const guint8 good[] = { 0x03, 0x00, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 'd', 'a', 't', 'a' };
  guint8 copy[sizeof good];
  CvnRtcDcepOpen open;

  /* Every truncation and one byte more. */
  for (gsize i = 0; i < sizeof good; i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (cvn_rtc_dcep_parse_open (good, i, &open, &error));
      g_assert_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_SCTP);
      g_assert_null (open.label);
    }
  {
    guint8 longer[sizeof good + 1];
    g_autoptr(GError) error = NULL;

    memcpy (longer, good, sizeof good);
    longer[sizeof good] = 'x';
    g_assert_false (cvn_rtc_dcep_parse_open (longer, sizeof longer, &open, &error));
  }
  /* An ACK is not an OPEN; an unknown channel type; a label that is not UTF-8 or has a NUL. */
  {
    g_autoptr(GError) error = NULL;
    static const guint8 ack[] = { 0x02 };

    g_assert_false (cvn_rtc_dcep_parse_open (ack, 1, &open, &error));
  }
  memcpy (copy, good, sizeof good);
  copy[1] = 0x07;
  g_assert_false (cvn_rtc_dcep_parse_open (copy, sizeof copy, &open, NULL));
  memcpy (copy, good, sizeof good);
  copy[13] = 0xff;
  g_assert_false (cvn_rtc_dcep_parse_open (copy, sizeof copy, &open, NULL));
  memcpy (copy, good, sizeof good);
  copy[13] = 0;
  g_assert_false (cvn_rtc_dcep_parse_open (copy, sizeof copy, &open, NULL));
  /* Lengths over the bound. */
  memcpy (copy, good, sizeof good);
  copy[8] = 0xff;
  g_assert_false (cvn_rtc_dcep_parse_open (copy, sizeof copy, &open, NULL));
}

static void
test_constraints_json (void)
{
  const CvnRtcEndpointConstraint wanted[] = { { "a", 180, 720 } };
  const char *const stage[] = { "a", NULL };
  g_autofree char *none = cvn_rtc_receiver_video_constraints_to_json (0, NULL, NULL, 0);
  g_autofree char *some = cvn_rtc_receiver_video_constraints_to_json (180, stage, wanted, 1);
  g_autofree char *klass = cvn_rtc_colibri_message_get_class (some);

  g_assert_cmpstr (none, ==,
                   "{\"colibriClass\":\"ReceiverVideoConstraints\",\"defaultConstraints\":{\"maxHeight\":0},"
                   "\"onStageEndpoints\":[],\"constraints\":{}}");
  g_assert_cmpstr (some, ==,
                   "{\"colibriClass\":\"ReceiverVideoConstraints\",\"defaultConstraints\":{\"maxHeight\":180},"
                   "\"onStageEndpoints\":[\"a\"],\"constraints\":{\"a\":{\"minHeight\":180,\"maxHeight\":720}}}");
  g_assert_cmpstr (klass, ==, "ReceiverVideoConstraints");
  g_assert_null (cvn_rtc_colibri_message_get_class ("[]"));
  g_assert_null (cvn_rtc_colibri_message_get_class ("{}"));
}

static void
test_receiver_constraints_parse (void)
{
  const CvnRtcEndpointConstraint wanted[] = { { "9b03f1d2", 360, 720 }, { "44ac01e7", 180, 180 } };
  const char *const stage[] = { "9b03f1d2", NULL };
  g_autofree char *json = cvn_rtc_receiver_video_constraints_to_json (0, stage, wanted, 2);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnRtcReceiverVideoConstraints) parsed = cvn_rtc_receiver_video_constraints_parse (json, &error);
  const CvnRtcEndpointConstraint *c;

  g_assert_no_error (error);
  g_assert_cmpuint (parsed->default_max_height, ==, 0);
  g_assert_cmpuint (g_strv_length (parsed->on_stage_endpoints), ==, 1);
  g_assert_cmpstr (parsed->on_stage_endpoints[0], ==, "9b03f1d2");
  g_assert_cmpuint (parsed->n_constraints, ==, 2);
  c = cvn_rtc_receiver_video_constraints_lookup (parsed, "44ac01e7");
  g_assert_nonnull (c);
  g_assert_cmpuint (c->min_height, ==, 180);
  g_assert_cmpuint (c->max_height, ==, 180);
  g_assert_null (cvn_rtc_receiver_video_constraints_lookup (parsed, "other"));

  /* What a browser sends: no onStageEndpoints, heights as numbers, defaults. */
  {
    g_autoptr(CvnRtcReceiverVideoConstraints) minimal =
      cvn_rtc_receiver_video_constraints_parse ("{\"colibriClass\":\"ReceiverVideoConstraints\",\"constraints\":{\"a\":{\"maxHeight\":\"360\"}}}", &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_strv_length (minimal->on_stage_endpoints), ==, 0);
    g_assert_cmpuint (minimal->constraints[0].min_height, ==, 0);
    g_assert_cmpuint (minimal->constraints[0].max_height, ==, 360);
  }

  static const char *const bad[] = {
    "{}",
    "{\"colibriClass\":\"SenderVideoConstraints\"}",
    "{\"colibriClass\":\"ReceiverVideoConstraints\",\"defaultConstraints\":[]}",
    "{\"colibriClass\":\"ReceiverVideoConstraints\",\"defaultConstraints\":{\"maxHeight\":-1}}",
    "{\"colibriClass\":\"ReceiverVideoConstraints\",\"onStageEndpoints\":[1]}",
    "{\"colibriClass\":\"ReceiverVideoConstraints\",\"constraints\":{\"a\":5}}",
    "{\"colibriClass\":\"ReceiverVideoConstraints\",\"constraints\":{\"a\":{\"maxHeight\":\"x\"}}}",
  };
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) bad_error = NULL;
      g_autoptr(CvnRtcReceiverVideoConstraints) none = cvn_rtc_receiver_video_constraints_parse (bad[i], &bad_error);

      if (none != NULL)
        g_error ("accepted: %s", bad[i]);
      g_assert_error (bad_error, CVN_RTC_ERROR, CVN_RTC_ERROR_INVALID_PACKET);
    }
}

static void
test_sender_constraints (void)
{
  g_autofree char *json = cvn_rtc_sender_video_constraints_to_json (360);
  g_autoptr(GError) error = NULL;
  guint height = 0;

  g_assert_cmpstr (json, ==, "{\"colibriClass\":\"SenderVideoConstraints\",\"videoConstraints\":{\"idealHeight\":360}}");
  g_assert_true (cvn_rtc_sender_video_constraints_parse (json, &height, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (height, ==, 360);
  g_assert_false (cvn_rtc_sender_video_constraints_parse ("{\"colibriClass\":\"SenderVideoConstraints\"}", &height, &error));
  g_assert_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_INVALID_PACKET);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rtc/dcep/open-round-trip", test_open_round_trip);
  g_test_add_func ("/rtc/dcep/open-rejects", test_open_rejects);
  g_test_add_func ("/rtc/dcep/constraints-json", test_constraints_json);
  g_test_add_func ("/rtc/colibri/receiver-constraints", test_receiver_constraints_parse);
  g_test_add_func ("/rtc/colibri/sender-constraints", test_sender_constraints);

  return g_test_run ();
}
