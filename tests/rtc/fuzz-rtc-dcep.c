/* fuzz-rtc-dcep.c: libFuzzer target for what arrives on the data channel: DCEP messages
 * (PPID 50) and text messages (colibri classes, receiver and sender constraints).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A DATA_CHANNEL_OPEN that parses must encode back to the same bytes when it is a plain
 * reliable, ordered one.
 */
#include "config.h"

#include <string.h>

#include "cvn-rtc-colibri.h"
#include "cvn-rtc-dcep-private.h"

int LLVMFuzzerTestOneInput (const guint8 *data,
                            size_t        size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree guint8 *copy = g_malloc (MAX (size, 1));
  g_autofree char *text = NULL;
  g_autofree char *klass = NULL;
  CvnRtcDcepOpen open;

  memcpy (copy, data, size);
  if (cvn_rtc_dcep_parse_open (copy, size, &open, NULL))
    {
      if (open.channel_type == 0 && open.priority == 0 && open.reliability == 0)
        {
          g_autoptr(GBytes) again = cvn_rtc_dcep_build_open (open.label, open.protocol);

          if (g_bytes_get_size (again) != size || memcmp (g_bytes_get_data (again, NULL), copy, size) != 0)
            g_error ("DATA_CHANNEL_OPEN did not encode back to its bytes");
        }
      cvn_rtc_dcep_open_clear (&open);
    }

  text = g_strndup ((const char *) data, size);
  klass = cvn_rtc_colibri_message_get_class (text);
  if (g_strcmp0 (klass, "ReceiverVideoConstraints") == 0)
    {
      g_autoptr(CvnRtcReceiverVideoConstraints) constraints = cvn_rtc_receiver_video_constraints_parse (text, NULL);

      if (constraints != NULL)
        {
          /* What parses writes back to what parses the same. */
          g_autofree char *json = cvn_rtc_receiver_video_constraints_to_json (constraints->default_max_height,
                                                                              (const char * const *) constraints->on_stage_endpoints,
                                                                              constraints->constraints,
                                                                              constraints->n_constraints);
          g_autoptr(GError) error = NULL;
          g_autoptr(CvnRtcReceiverVideoConstraints) again = cvn_rtc_receiver_video_constraints_parse (json, &error);

          if (again == NULL || again->n_constraints != constraints->n_constraints)
            g_error ("receiver constraints did not survive a round trip (%s, %u -> %u): %s",
                     error != NULL ? error->message : "", constraints->n_constraints,
                     again != NULL ? again->n_constraints : 0, json);
        }
    }
  else if (g_strcmp0 (klass, "SenderVideoConstraints") == 0)
    {
      guint height;

      cvn_rtc_sender_video_constraints_parse (text, &height, NULL);
    }
  return 0;
}
