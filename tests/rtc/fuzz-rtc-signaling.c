/* fuzz-rtc-signaling.c: libFuzzer target for the SFU's answer and the join payload.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Whatever parses must write back to JSON that parses again.
 */
#include "config.h"

#include "cvn-rtc-answer.h"
#include "cvn-rtc-join-payload.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autoptr(CvnRtcAnswer) answer = NULL;
  g_autoptr(CvnRtcJoinPayload) payload = NULL;

  answer = cvn_rtc_answer_parse ((const char *) data, size, NULL);
  if (answer != NULL)
    {
      g_autofree char *json = cvn_rtc_answer_to_json (answer);
      g_autoptr(GError) error = NULL;
      g_autoptr(CvnRtcAnswer) again = cvn_rtc_answer_parse (json, -1, &error);

      if (again == NULL || again->mode != answer->mode)
        g_error ("answer did not survive a round trip: %s\n%s", error ? error->message : "", json);
    }

  payload = cvn_rtc_join_payload_parse ((const char *) data, size, NULL);
  if (payload != NULL)
    {
      g_autofree char *json = cvn_rtc_join_payload_to_json (payload);
      g_autoptr(GError) error = NULL;
      g_autoptr(CvnRtcJoinPayload) again = cvn_rtc_join_payload_parse (json, -1, &error);

      if (again == NULL || again->ssrc != payload->ssrc)
        g_error ("payload did not survive a round trip: %s\n%s", error ? error->message : "", json);
    }
  return 0;
}
