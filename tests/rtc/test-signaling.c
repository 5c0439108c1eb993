/* test-signaling.c: the join payload, the SFU's answer and the DTLS certificate.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "cvn-rtc-answer.h"
#include "cvn-rtc-certificate.h"
#include "cvn-rtc-error.h"
#include "cvn-rtc-join-payload.h"

static char *
read_corpus (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "rtc", "corpus", "signaling", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;

  g_file_get_contents (path, &contents, NULL, &error);
  g_assert_no_error (error);
  return contents;
}

static guint32
group_source (const CvnRtcJoinPayload *payload,
              guint                    group,
              guint                    index)
{
  const CvnRtcSsrcGroup *g = g_ptr_array_index (payload->ssrc_groups, group);

  g_assert_cmpuint (index, <, g->sources->len);
  return g_array_index (g->sources, guint32, index);
}

/* --- certificate ------------------------------------------------------------------ */

static void
test_certificate (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnRtcCertificate) a = cvn_rtc_certificate_new (&error);
  g_autoptr(CvnRtcCertificate) b = NULL;
  const char *fp;
  guint8 digest[32];
  g_autofree char *again = NULL;

  g_assert_no_error (error);
  g_assert_nonnull (a);
  b = cvn_rtc_certificate_new (&error);
  g_assert_no_error (error);

  fp = cvn_rtc_certificate_get_fingerprint (a);
  g_assert_cmpuint (strlen (fp), ==, CVN_RTC_FINGERPRINT_LEN);
  for (guint i = 0; i < CVN_RTC_FINGERPRINT_LEN; i++)
    {
      if (i % 3 == 2)
        g_assert_cmpint (fp[i], ==, ':');
      else
        g_assert_true (g_ascii_isdigit (fp[i]) || (fp[i] >= 'A' && fp[i] <= 'F'));
    }
  g_assert_true (cvn_rtc_fingerprint_parse (fp, digest));
  again = cvn_rtc_fingerprint_format (digest);
  g_assert_cmpstr (again, ==, fp);
  /* A fresh certificate per connection. */
  g_assert_cmpstr (fp, !=, cvn_rtc_certificate_get_fingerprint (b));

  g_assert_false (cvn_rtc_fingerprint_parse ("", NULL));
  g_assert_false (cvn_rtc_fingerprint_parse ("AB:CD", NULL));
  {
    g_autofree char *broken = g_strdup (fp);

    broken[2] = '-';
    g_assert_false (cvn_rtc_fingerprint_parse (broken, NULL));
    broken[2] = ':';
    broken[0] = 'G';
    g_assert_false (cvn_rtc_fingerprint_parse (broken, NULL));
  }
}

/* --- join payload ----------------------------------------------------------------- */

static void
test_payload_client (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnRtcCertificate) cert = cvn_rtc_certificate_new (&error);
  g_autoptr(CvnRtcJoinPayload) a = NULL;
  g_autoptr(CvnRtcJoinPayload) b = NULL;
  g_autoptr(CvnRtcJoinPayload) parsed = NULL;
  g_autofree char *json = NULL;
  const CvnRtcFingerprint *fp;

  g_assert_no_error (error);
  a = cvn_rtc_join_payload_new_client (cvn_rtc_certificate_get_fingerprint (cert), CVN_RTC_VIDEO_NONE, &error);
  g_assert_no_error (error);
  b = cvn_rtc_join_payload_new_client (cvn_rtc_certificate_get_fingerprint (cert), CVN_RTC_VIDEO_NONE, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (strlen (a->ufrag), ==, 8);
  g_assert_cmpuint (strlen (a->pwd), ==, 24);
  g_assert_cmpstr (a->ufrag, !=, b->ufrag);
  g_assert_cmpstr (a->pwd, !=, b->pwd);
  g_assert_cmpuint (a->ssrc, !=, 0);
  g_assert_cmpuint (a->ssrc, <=, 0x7fffffff);
  g_assert_cmpuint (a->ssrc_groups->len, ==, 0);
  g_assert_cmpuint (a->fingerprints->len, ==, 1);
  fp = g_ptr_array_index (a->fingerprints, 0);
  g_assert_cmpstr (fp->hash, ==, "sha-256");
  g_assert_cmpint (fp->setup, ==, CVN_RTC_SETUP_ACTIVE);
  g_assert_cmpstr (fp->fingerprint, ==, cvn_rtc_certificate_get_fingerprint (cert));

  json = cvn_rtc_join_payload_to_json (a);
  g_assert_nonnull (strstr (json, "\"setup\":\"active\""));
  g_assert_nonnull (strstr (json, "\"ssrc-groups\":[]"));
  parsed = cvn_rtc_join_payload_parse (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->ufrag, ==, a->ufrag);
  g_assert_cmpstr (parsed->pwd, ==, a->pwd);
  g_assert_cmpuint (parsed->ssrc, ==, a->ssrc);
  g_assert_true (cvn_rtc_join_payload_has_transport (parsed));
}

static void
test_payload_ssrcs_are_signed (void)
{
  const char *fp = "3A:9F:12:C4:5B:E0:77:1D:AA:08:6E:4F:91:2B:C3:D5:60:0A:BE:7C:19:F2:84:3D:5E:6A:0B:C1:D7:22:9E:4F";
  g_autoptr(CvnRtcJoinPayload) payload = NULL;
  g_autoptr(CvnRtcJoinPayload) parsed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *json = NULL;

  payload = cvn_rtc_join_payload_new ("Hx7q", "m3Zr8pQ2vL0aT6yK9cW1nB", fp, CVN_RTC_SETUP_ACTIVE,
                                      2692853796u, CVN_RTC_VIDEO_CAMERA);
  /* SIM of three primaries, then FID [primary, rtx] per layer, following the audio SSRC. */
  g_assert_cmpuint (payload->ssrc_groups->len, ==, 4);
  g_assert_cmpstr (((CvnRtcSsrcGroup *) g_ptr_array_index (payload->ssrc_groups, 0))->semantics, ==, "SIM");
  g_assert_cmpuint (group_source (payload, 0, 0), ==, 2692853797u);
  g_assert_cmpuint (group_source (payload, 0, 1), ==, 2692853799u);
  g_assert_cmpuint (group_source (payload, 0, 2), ==, 2692853801u);
  for (guint i = 1; i <= 3; i++)
    {
      g_assert_cmpstr (((CvnRtcSsrcGroup *) g_ptr_array_index (payload->ssrc_groups, i))->semantics, ==, "FID");
      g_assert_cmpuint (group_source (payload, i, 0), ==, group_source (payload, 0, i - 1));
      g_assert_cmpuint (group_source (payload, i, 1), ==, group_source (payload, 0, i - 1) + 1);
    }

  json = cvn_rtc_join_payload_to_json (payload);
  /* 2692853796 as a signed 32-bit number. */
  g_assert_nonnull (strstr (json, "\"ssrc\":-1602113500"));
  g_assert_nonnull (strstr (json, "[-1602113499,-1602113497,-1602113495]"));
  g_assert_null (strstr (json, "2692853796"));

  parsed = cvn_rtc_join_payload_parse (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (parsed->ssrc, ==, 2692853796u);
  g_assert_cmpuint (group_source (parsed, 3, 1), ==, 2692853802u);
}

static void
test_payload_layouts (void)
{
  const char *fp = "3A:9F:12:C4:5B:E0:77:1D:AA:08:6E:4F:91:2B:C3:D5:60:0A:BE:7C:19:F2:84:3D:5E:6A:0B:C1:D7:22:9E:4F";
  g_autoptr(CvnRtcJoinPayload) single = cvn_rtc_join_payload_new ("abcd", "0123456789abcdefghijkl", fp, CVN_RTC_SETUP_ACTIVE, 1000, CVN_RTC_VIDEO_SINGLE);
  g_autoptr(CvnRtcJoinPayload) screen = cvn_rtc_join_payload_new ("abcd", "0123456789abcdefghijkl", fp, CVN_RTC_SETUP_ACTIVE, 1000, CVN_RTC_VIDEO_SCREEN);

  g_assert_cmpuint (single->ssrc_groups->len, ==, 1);
  g_assert_cmpstr (((CvnRtcSsrcGroup *) g_ptr_array_index (single->ssrc_groups, 0))->semantics, ==, "FID");
  g_assert_cmpuint (group_source (single, 0, 0), ==, 1001);
  g_assert_cmpuint (group_source (single, 0, 1), ==, 1002);

  g_assert_cmpuint (screen->ssrc_groups->len, ==, 3);
  g_assert_cmpuint (((CvnRtcSsrcGroup *) g_ptr_array_index (screen->ssrc_groups, 0))->sources->len, ==, 2);
  g_assert_cmpuint (group_source (screen, 0, 1), ==, 1003);
  g_assert_cmpuint (group_source (screen, 2, 1), ==, 1004);
}

static void
test_payload_corpus (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *camera = read_corpus ("payload-camera.json");
  g_autofree char *rtmp = read_corpus ("payload-rtmp.json");
  g_autoptr(CvnRtcJoinPayload) a = cvn_rtc_join_payload_parse (camera, -1, &error);
  g_autoptr(CvnRtcJoinPayload) b = NULL;

  g_assert_no_error (error);
  g_assert_cmpuint (a->ssrc, ==, (guint32) -1602113500);
  g_assert_cmpuint (a->ssrc_groups->len, ==, 4);
  g_assert_cmpint (((CvnRtcFingerprint *) g_ptr_array_index (a->fingerprints, 0))->setup, ==, CVN_RTC_SETUP_ACTIVE);

  b = cvn_rtc_join_payload_parse (rtmp, -1, &error);
  g_assert_no_error (error);
  g_assert_false (cvn_rtc_join_payload_has_transport (b));
  g_assert_cmpuint (b->ssrc, ==, (guint32) -31337);
}

#define GOOD_FP "3A:9F:12:C4:5B:E0:77:1D:AA:08:6E:4F:91:2B:C3:D5:60:0A:BE:7C:19:F2:84:3D:5E:6A:0B:C1:D7:22:9E:4F"
#define FPS "\"fingerprints\":[{\"hash\":\"sha-256\",\"setup\":\"active\",\"fingerprint\":\"" GOOD_FP "\"}]"
#define CREDS "\"ufrag\":\"Hx7q\",\"pwd\":\"m3Zr8pQ2vL0aT6yK9cW1nB\""

static void
test_payload_rejects (void)
{
  static const char *const bad[] = {
    "",
    "not json",
    "[]",
    "{" CREDS "," FPS "}",                                  /* no ssrc */
    "{" CREDS "," FPS ",\"ssrc\":0}",
    "{" CREDS "," FPS ",\"ssrc\":4294967296}",
    "{" CREDS "," FPS ",\"ssrc\":-2147483649}",
    "{" CREDS "," FPS ",\"ssrc\":\"abc\"}",
    "{" CREDS "," FPS ",\"ssrc\":1.5}",
    "{" CREDS ",\"ssrc\":1}",                               /* no fingerprints */
    "{" CREDS ",\"fingerprints\":[],\"ssrc\":1}",           /* transport without fingerprint */
    "{" CREDS ",\"fingerprints\":[{\"hash\":\"sha-256\",\"fingerprint\":\"AB:CD\"}],\"ssrc\":1}",
    "{" CREDS ",\"fingerprints\":[{\"hash\":\"sha-1\",\"fingerprint\":\"AB:CD\"}],\"ssrc\":1}",
    "{" CREDS ",\"fingerprints\":[{\"hash\":\"sha-256\",\"setup\":\"sideways\",\"fingerprint\":\"" GOOD_FP "\"}],\"ssrc\":1}",
    "{" CREDS ",\"fingerprints\":[7],\"ssrc\":1}",
    "{\"ufrag\":\"Hx\",\"pwd\":\"m3Zr8pQ2vL0aT6yK9cW1nB\"," FPS ",\"ssrc\":1}",
    "{\"ufrag\":\"Hx7q\",\"pwd\":\"short\"," FPS ",\"ssrc\":1}",
    "{\"ufrag\":\"Hx 7q\",\"pwd\":\"m3Zr8pQ2vL0aT6yK9cW1nB\"," FPS ",\"ssrc\":1}",
    "{\"ufrag\":7,\"pwd\":\"m3Zr8pQ2vL0aT6yK9cW1nB\"," FPS ",\"ssrc\":1}",
    "{" CREDS "," FPS ",\"ssrc\":1,\"ssrc-groups\":{}}",
    "{" CREDS "," FPS ",\"ssrc\":1,\"ssrc-groups\":[{\"semantics\":\"FID\",\"sources\":[]}]}",
    "{" CREDS "," FPS ",\"ssrc\":1,\"ssrc-groups\":[{\"semantics\":\"FID\",\"sources\":[0]}]}",
    "{" CREDS "," FPS ",\"ssrc\":1,\"ssrc-groups\":[{\"sources\":[5]}]}",
    "{" CREDS "," FPS ",\"ssrc\":1,\"ssrc-groups\":[3]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CvnRtcJoinPayload) payload = cvn_rtc_join_payload_parse (bad[i], -1, &error);

      if (payload != NULL)
        g_error ("payload %u was accepted: %s", i, bad[i]);
      g_assert_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_INVALID_PAYLOAD);
      g_test_message ("payload %u: %s", i, error->message);
    }

  /* The same, minimal, is accepted: the list above fails for the reason it shows. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CvnRtcJoinPayload) payload = cvn_rtc_join_payload_parse ("{" CREDS "," FPS ",\"ssrc\":\"-5\"}", -1, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (payload->ssrc, ==, (guint32) -5);
  }
}

/* --- answer ----------------------------------------------------------------------- */

static const CvnRtcFeedback *
feedback_at (const CvnRtcPayloadType *pt,
             guint                    i)
{
  g_assert_cmpuint (i, <, pt->feedback->len);
  return g_ptr_array_index (pt->feedback, i);
}

static void
test_answer_rtc (void)
{
  g_autofree char *text = read_corpus ("answer-rtc.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnRtcAnswer) answer = cvn_rtc_answer_parse (text, -1, &error);
  const CvnRtcCandidate *c;
  const CvnRtcPayloadType *pt;
  const CvnRtcFingerprint *fp;

  g_assert_no_error (error);
  g_assert_cmpint (answer->mode, ==, CVN_RTC_ANSWER_MODE_RTC);
  g_assert_cmpstr (answer->ufrag, ==, "5ab0k1tk3dq4vo");
  g_assert_cmpstr (answer->pwd, ==, "1n2jd8v0b3e7k3qj4f0r6mgu0h");
  g_assert_true (answer->rtcp_mux);
  fp = cvn_rtc_fingerprints_find (answer->fingerprints, "sha-256");
  g_assert_nonnull (fp);
  g_assert_cmpint (fp->setup, ==, CVN_RTC_SETUP_PASSIVE);

  g_assert_cmpuint (answer->candidates->len, ==, 3);
  c = g_ptr_array_index (answer->candidates, 0);
  g_assert_cmpstr (c->ip, ==, "198.51.100.23");
  g_assert_cmpuint (c->port, ==, 32001);
  g_assert_cmpuint (c->priority, ==, 2130706431u);
  g_assert_cmpuint (c->component, ==, 1);
  g_assert_cmpstr (c->protocol, ==, "udp");
  g_assert_cmpstr (c->type, ==, "host");
  c = g_ptr_array_index (answer->candidates, 1);
  g_assert_cmpstr (c->ip, ==, "2001:db8::23");
  c = g_ptr_array_index (answer->candidates, 2);
  g_assert_cmpstr (c->protocol, ==, "tcp");  /* "TCP" in the answer */
  g_assert_cmpstr (c->tcptype, ==, "passive");
  g_assert_cmpuint (c->port, ==, 443);

  g_assert_nonnull (answer->audio);
  pt = cvn_rtc_media_description_find_payload_type (answer->audio, 111);
  g_assert_cmpstr (pt->name, ==, "opus");
  g_assert_cmpuint (pt->clockrate, ==, 48000);
  g_assert_cmpuint (pt->channels, ==, 2);
  g_assert_cmpstr (cvn_rtc_payload_type_get_parameter (pt, "useinbandfec"), ==, "1");
  g_assert_cmpstr (cvn_rtc_payload_type_get_parameter (pt, "minptime"), ==, "10");
  pt = cvn_rtc_media_description_find_payload_type (answer->audio, 126);
  g_assert_cmpuint (pt->clockrate, ==, 8000);
  g_assert_cmpuint (pt->channels, ==, 1);  /* missing: 1 */
  g_assert_cmpuint (answer->audio->header_extensions->len, ==, 3);
  g_assert_cmpuint (((CvnRtcHeaderExtension *) g_ptr_array_index (answer->audio->header_extensions, 0))->id, ==, 1);

  g_assert_nonnull (answer->video);
  g_assert_cmpstr (answer->video->endpoint, ==, "c1a7e08f");
  g_assert_cmpuint (answer->video->server_sources->len, ==, 1);
  g_assert_cmpuint (g_array_index (answer->video->server_sources, guint32, 0), ==, (guint32) -1285431202);
  pt = cvn_rtc_media_description_find_payload_type (answer->video, 100);
  g_assert_cmpuint (pt->feedback->len, ==, 5);
  g_assert_cmpstr (feedback_at (pt, 2)->type, ==, "ccm");
  g_assert_cmpstr (feedback_at (pt, 2)->subtype, ==, "fir");
  g_assert_cmpstr (feedback_at (pt, 3)->type, ==, "nack");
  g_assert_null (feedback_at (pt, 3)->subtype);
  /* "nack pli" in one string */
  g_assert_cmpstr (feedback_at (pt, 4)->type, ==, "nack");
  g_assert_cmpstr (feedback_at (pt, 4)->subtype, ==, "pli");
  pt = cvn_rtc_media_description_find_payload_type (answer->video, 104);
  g_assert_cmpstr (cvn_rtc_payload_type_get_parameter (pt, "packetization-mode"), ==, "1");
  g_assert_cmpstr (cvn_rtc_payload_type_get_parameter (pt, "level-asymmetry-allowed"), ==, "true");
  pt = cvn_rtc_media_description_find_payload_type (answer->video, 105);
  g_assert_cmpuint (pt->parameters->len, ==, 0);  /* "parameters": [] */
  g_assert_null (cvn_rtc_media_description_find_payload_type (answer->video, 102));
}

static void
test_answer_presentation (void)
{
  g_autofree char *text = read_corpus ("answer-presentation.json");
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnRtcAnswer) answer = cvn_rtc_answer_parse (text, -1, &error);

  g_assert_no_error (error);
  g_assert_null (answer->audio);
  g_assert_nonnull (answer->video);
  g_assert_cmpstr (answer->video->endpoint, ==, "screen-1");
  g_assert_true (answer->rtcp_mux);  /* missing: on (it is mandatory) */
  g_assert_cmpuint (((CvnRtcCandidate *) g_ptr_array_index (answer->candidates, 0))->component, ==, 1);
  g_assert_cmpstr (((CvnRtcCandidate *) g_ptr_array_index (answer->candidates, 0))->foundation, ==, "1");
}

static void
test_answer_stream_modes (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stream_text = read_corpus ("answer-stream.json");
  g_autofree char *rtmp_text = read_corpus ("answer-rtmp.json");
  g_autoptr(CvnRtcAnswer) stream = cvn_rtc_answer_parse (stream_text, -1, &error);
  g_autoptr(CvnRtcAnswer) rtmp = NULL;
  g_autoptr(CvnRtcAnswer) built = NULL;
  g_autoptr(CvnRtcAnswer) reparsed = NULL;
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (stream->mode, ==, CVN_RTC_ANSWER_MODE_STREAM);
  g_assert_null (stream->ufrag);

  rtmp = cvn_rtc_answer_parse (rtmp_text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (rtmp->mode, ==, CVN_RTC_ANSWER_MODE_RTMP);
  g_assert_cmpstr (rtmp->rtmp_url, ==, "rtmps://dc4-1.rtmp.t.me/s/");
  g_assert_cmpstr (rtmp->rtmp_key, ==, "k3y");

  built = cvn_rtc_answer_new_stream (TRUE);
  json = cvn_rtc_answer_to_json (built);
  g_assert_cmpstr (json, ==, "{\"stream\":true,\"rtmp\":true}");
  reparsed = cvn_rtc_answer_parse (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (reparsed->mode, ==, CVN_RTC_ANSWER_MODE_RTMP);
}

static void
test_answer_sfu_round_trip (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_with_free_func ((GDestroyNotify) cvn_rtc_candidate_free);
  g_autoptr(CvnRtcAnswer) answer = NULL;
  g_autoptr(CvnRtcAnswer) parsed = NULL;
  g_autofree char *json = NULL;
  const CvnRtcCandidate *c;
  const CvnRtcPayloadType *pt;

  g_ptr_array_add (candidates, cvn_rtc_candidate_new ("1", 2130706431u, "127.0.0.1", 40001));
  answer = cvn_rtc_answer_new_sfu ("sfu0", "0123456789abcdefghijklmn", GOOD_FP,
                                   cvn_rtc_setup_complement (CVN_RTC_SETUP_ACTIVE), candidates, "ep-1");
  json = cvn_rtc_answer_to_json (answer);
  /* Real answers carry candidate numbers as strings. */
  g_assert_nonnull (strstr (json, "\"port\":\"40001\""));
  g_assert_nonnull (strstr (json, "\"setup\":\"passive\""));

  parsed = cvn_rtc_answer_parse (json, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (parsed->ufrag, ==, "sfu0");
  g_assert_cmpstr (parsed->pwd, ==, "0123456789abcdefghijklmn");
  c = g_ptr_array_index (parsed->candidates, 0);
  g_assert_cmpstr (c->ip, ==, "127.0.0.1");
  g_assert_cmpuint (c->port, ==, 40001);
  g_assert_cmpuint (c->priority, ==, 2130706431u);
  pt = cvn_rtc_media_description_find_payload_type (parsed->audio, 111);
  g_assert_cmpstr (pt->name, ==, "opus");
  g_assert_cmpuint (pt->channels, ==, 2);
  g_assert_cmpstr (cvn_rtc_payload_type_get_parameter (pt, "useinbandfec"), ==, "1");
  g_assert_cmpuint (parsed->video->payload_types->len, ==, 6);
  pt = cvn_rtc_media_description_find_payload_type (parsed->video, 105);
  g_assert_cmpstr (cvn_rtc_payload_type_get_parameter (pt, "apt"), ==, "104");
  g_assert_cmpstr (parsed->video->endpoint, ==, "ep-1");

  g_assert_cmpint (cvn_rtc_setup_complement (CVN_RTC_SETUP_PASSIVE), ==, CVN_RTC_SETUP_ACTIVE);
  g_assert_cmpint (cvn_rtc_setup_complement (CVN_RTC_SETUP_ACTPASS), ==, CVN_RTC_SETUP_ACTIVE);
}

#define T_CREDS "\"ufrag\":\"5ab0\",\"pwd\":\"1n2jd8v0b3e7k3qj4f0r6mgu0h\""
#define T_FPS "\"fingerprints\":[{\"hash\":\"sha-256\",\"setup\":\"passive\",\"fingerprint\":\"" GOOD_FP "\"}]"
#define T_CAND "{\"protocol\":\"udp\",\"port\":\"1\",\"ip\":\"127.0.0.1\",\"priority\":\"1\",\"type\":\"host\"}"
#define T_OK "\"transport\":{" T_CREDS "," T_FPS ",\"candidates\":[" T_CAND "]}"

static void
test_answer_rejects (void)
{
  static const char *const bad[] = {
    "",
    "{",
    "[1]",
    "\"text\"",
    "{}",                                   /* no transport */
    "{\"stream\":\"yes\"}",
    "{\"stream\":1}",
    "{\"transport\":[]}",
    "{\"transport\":{" T_FPS ",\"candidates\":[" T_CAND "]}}",
    "{\"transport\":{" T_CREDS ",\"candidates\":[" T_CAND "]}}",
    "{\"transport\":{" T_CREDS ",\"fingerprints\":[],\"candidates\":[" T_CAND "]}}",
    "{\"transport\":{" T_CREDS ",\"fingerprints\":[{\"hash\":\"sha-1\",\"fingerprint\":\"AB:CD\"}],\"candidates\":[" T_CAND "]}}",
    "{\"transport\":{" T_CREDS "," T_FPS "}}",
    "{\"transport\":{" T_CREDS "," T_FPS ",\"candidates\":[]}}",
    "{\"transport\":{" T_CREDS "," T_FPS ",\"candidates\":{}}}",
    "{\"transport\":{" T_CREDS "," T_FPS ",\"candidates\":[{\"protocol\":\"udp\",\"port\":\"0\",\"ip\":\"127.0.0.1\",\"priority\":1,\"type\":\"host\"}]}}",
    "{\"transport\":{" T_CREDS "," T_FPS ",\"candidates\":[{\"protocol\":\"udp\",\"port\":\"70000\",\"ip\":\"127.0.0.1\",\"priority\":1,\"type\":\"host\"}]}}",
    "{\"transport\":{" T_CREDS "," T_FPS ",\"candidates\":[{\"protocol\":\"udp\",\"port\":\"80a\",\"ip\":\"127.0.0.1\",\"priority\":1,\"type\":\"host\"}]}}",
    "{\"transport\":{" T_CREDS "," T_FPS ",\"candidates\":[{\"protocol\":\"udp\",\"port\":\" 80\",\"ip\":\"127.0.0.1\",\"priority\":1,\"type\":\"host\"}]}}",
    "{\"transport\":{" T_CREDS "," T_FPS ",\"candidates\":[{\"protocol\":\"udp\",\"port\":80,\"ip\":\"localhost\",\"priority\":1,\"type\":\"host\"}]}}",
    "{\"transport\":{" T_CREDS "," T_FPS ",\"candidates\":[{\"protocol\":\"sctp\",\"port\":80,\"ip\":\"127.0.0.1\",\"priority\":1,\"type\":\"host\"}]}}",
    "{\"transport\":{" T_CREDS "," T_FPS ",\"candidates\":[{\"protocol\":\"udp\",\"port\":80,\"ip\":\"127.0.0.1\",\"priority\":1,\"type\":\"nearby\"}]}}",
    "{\"transport\":{" T_CREDS "," T_FPS ",\"candidates\":[{\"protocol\":\"udp\",\"port\":80,\"ip\":\"127.0.0.1\",\"priority\":-1,\"type\":\"host\"}]}}",
    "{\"transport\":{" T_CREDS "," T_FPS ",\"candidates\":[{\"protocol\":\"udp\",\"port\":80,\"ip\":\"127.0.0.1\",\"type\":\"host\"}]}}",
    "{\"transport\":{" T_CREDS "," T_FPS ",\"rtcp-mux\":\"yes\",\"candidates\":[" T_CAND "]}}",
    "{" T_OK ",\"audio\":[]}",
    "{" T_OK ",\"audio\":{\"payload-types\":{}}}",
    "{" T_OK ",\"audio\":{\"payload-types\":[{\"id\":200,\"name\":\"opus\",\"clockrate\":48000}]}}",
    "{" T_OK ",\"audio\":{\"payload-types\":[{\"id\":111,\"clockrate\":48000}]}}",
    "{" T_OK ",\"audio\":{\"payload-types\":[{\"id\":111,\"name\":\"\",\"clockrate\":48000}]}}",
    "{" T_OK ",\"audio\":{\"payload-types\":[{\"id\":111,\"name\":\"opus\"}]}}",
    "{" T_OK ",\"audio\":{\"payload-types\":[{\"id\":111,\"name\":\"opus\",\"clockrate\":48000,\"channels\":0}]}}",
    "{" T_OK ",\"audio\":{\"payload-types\":[{\"id\":111,\"name\":\"opus\",\"clockrate\":48000,\"parameters\":\"x\"}]}}",
    "{" T_OK ",\"audio\":{\"payload-types\":[{\"id\":111,\"name\":\"opus\",\"clockrate\":48000,\"rtcp-fbs\":{}}]}}",
    "{" T_OK ",\"audio\":{\"payload-types\":[{\"id\":111,\"name\":\"opus\",\"clockrate\":48000,\"rtcp-fbs\":[{\"type\":\" \"}]}]}}",
    "{" T_OK ",\"audio\":{\"rtp-hdrexts\":[{\"id\":0,\"uri\":\"x\"}]}}",
    "{" T_OK ",\"audio\":{\"rtp-hdrexts\":[{\"id\":1}]}}",
    "{" T_OK ",\"video\":{\"server_sources\":[\"x\"]}}",
    "{" T_OK ",\"video\":{\"endpoint\":5}}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "{\"a\":\"\xff\xfe\"}",
    /* Text around the object (json-glib would leak on these). */
    "6{\"stream\":true}",
    "$a{\"stream\":true}",
    "{\"stream\":true}x",
    "{\"stream\":true}{}",
    "{\"stream\":true",
    "{\"stream\":\"true}",
    "{\"stream\":true}]",
    "{\"a\":[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]}",
    /* A lone surrogate before an escaped backslash: json-glib 1.6 accepts it and makes
     * bytes that are not UTF-8. */
    "{\"transport\":{\"ufrag\":\"x\\ud800\\\\\"}}",
    "{\"x\\ud800\\\\\":1}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(CvnRtcAnswer) answer = cvn_rtc_answer_parse (bad[i], -1, &error);

      if (answer != NULL)
        g_error ("answer %u was accepted: %s", i, bad[i]);
      g_assert_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_INVALID_ANSWER);
      g_test_message ("answer %u: %s", i, error->message);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(CvnRtcAnswer) answer = cvn_rtc_answer_parse ("{" T_OK "}", -1, &error);

    g_assert_no_error (error);
    g_assert_null (answer->audio);
    g_assert_null (answer->video);
  }
  {
    /* White space around the object is fine. */
    g_autoptr(GError) error = NULL;
    g_autoptr(CvnRtcAnswer) answer = cvn_rtc_answer_parse (" \n {\"stream\": true} \r\n", -1, &error);

    g_assert_no_error (error);
    g_assert_cmpint (answer->mode, ==, CVN_RTC_ANSWER_MODE_STREAM);
  }
  {
    /* A NUL inside the given length, and a document over the size bound. */
    g_autoptr(GError) error = NULL;
    g_autoptr(CvnRtcAnswer) answer = cvn_rtc_answer_parse ("{\"stream\":true}\0", 16, &error);
    g_autofree char *huge = g_strnfill (300 * 1024, ' ');

    g_assert_null (answer);
    g_assert_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_INVALID_ANSWER);
    g_clear_error (&error);
    huge[0] = '{';
    huge[300 * 1024 - 1] = '}';
    answer = cvn_rtc_answer_parse (huge, -1, &error);
    g_assert_null (answer);
    g_assert_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_INVALID_ANSWER);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/rtc/certificate", test_certificate);
  g_test_add_func ("/rtc/payload/client", test_payload_client);
  g_test_add_func ("/rtc/payload/ssrcs-are-signed", test_payload_ssrcs_are_signed);
  g_test_add_func ("/rtc/payload/layouts", test_payload_layouts);
  g_test_add_func ("/rtc/payload/corpus", test_payload_corpus);
  g_test_add_func ("/rtc/payload/rejects", test_payload_rejects);
  g_test_add_func ("/rtc/answer/rtc", test_answer_rtc);
  g_test_add_func ("/rtc/answer/presentation", test_answer_presentation);
  g_test_add_func ("/rtc/answer/stream-modes", test_answer_stream_modes);
  g_test_add_func ("/rtc/answer/sfu-round-trip", test_answer_sfu_round_trip);
  g_test_add_func ("/rtc/answer/rejects", test_answer_rejects);

  return g_test_run ();
}
