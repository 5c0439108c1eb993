/* test-shell-text.c: the texts of the shell that are pure functions: call subtitles in the
 * calls list (plural forms, digit grouping, countdown), the sandbox's code rule, the
 * scheduling bounds of the New menu. No display needed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-application.h"
#include "cvn-call-row.h"
#include "cvn-new-call-dialog.h"

#define NOW ((gint64) 1800000000)

static void
check_call (CvnGroupCallState  state,
            gboolean           broadcast,
            int                participants,
            gint64             schedule_date,
            const char        *expected)
{
  g_autofree char *text = cvn_call_row_format_call (state, broadcast, participants, schedule_date, NOW);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_subtitles (void)
{
  check_call (CVN_GROUP_CALL_STATE_LIVE, FALSE, 8, 0, "Live · 8 participants");
  check_call (CVN_GROUP_CALL_STATE_LIVE, FALSE, 1, 0, "Live · 1 participant");
  check_call (CVN_GROUP_CALL_STATE_LIVE, TRUE, 5000, 0, "Livestream · 5,000 watching");
  check_call (CVN_GROUP_CALL_STATE_LIVE, TRUE, 1234567, 0, "Livestream · 1,234,567 watching");
  check_call (CVN_GROUP_CALL_STATE_SCHEDULED, FALSE, 0, NOW + 240, "Starts in 4 min");
  /* Partial minutes round up: 3 min 1 s is "4 min", never "3 min" too early. */
  check_call (CVN_GROUP_CALL_STATE_SCHEDULED, FALSE, 0, NOW + 181, "Starts in 4 min");
  check_call (CVN_GROUP_CALL_STATE_SCHEDULED, FALSE, 0, NOW + 60, "Starts in 1 min");
  check_call (CVN_GROUP_CALL_STATE_SCHEDULED, FALSE, 0, NOW + 30, "Starts in less than a minute");
  check_call (CVN_GROUP_CALL_STATE_SCHEDULED, FALSE, 0, NOW - 5, "Starting now");
  check_call (CVN_GROUP_CALL_STATE_SCHEDULED, FALSE, 0, NOW + 3 * 3600, "Starts in 3 hours");
  check_call (CVN_GROUP_CALL_STATE_SCHEDULED, FALSE, 0, NOW + 3600, "Starts in 1 hour");
  check_call (CVN_GROUP_CALL_STATE_DISCARDED, FALSE, 0, 0, "Ended");
  /* Further away: a date ("Starts Mon 24 Nov, 18:00"), in the local time zone. */
  {
    g_autofree char *text = cvn_call_row_format_call (CVN_GROUP_CALL_STATE_SCHEDULED, TRUE, 0,
                                                      NOW + 5 * 86400, NOW);
    g_assert_true (g_str_has_prefix (text, "Starts "));
    g_assert_nonnull (strchr (text, ':'));
  }
}

static void
test_count (void)
{
  const struct { int n; const char *text; } cases[] = {
    { 0, "0" }, { 999, "999" }, { 1000, "1,000" }, { 5001, "5,001" }, { -1234, "-1,234" },
    { 100000, "100,000" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text = cvn_call_row_format_count (cases[i].n);
      g_assert_cmpstr (text, ==, cases[i].text);
    }
}

static void
test_sandbox_code (void)
{
  const struct { const char *phone; const char *code; } cases[] = {
    { "9996610001", "11111" }, { "+999 663 0003", "33333" }, { "999-66-9-1234", "99999" },
    { "9996600001", NULL },      /* X = 0 is not a test number */
    { "99966100011", NULL },     /* too long */
    { "4915112345678", NULL }, { "", NULL }, { NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *code = cvn_application_dup_sandbox_code (cases[i].phone);
      g_assert_cmpstr (code, ==, cases[i].code);
    }
}

static void
test_schedule_bounds (void)
{
  g_assert_nonnull (cvn_new_call_check_schedule (NOW, NOW));
  g_assert_nonnull (cvn_new_call_check_schedule (NOW + 9, NOW));
  g_assert_null (cvn_new_call_check_schedule (NOW + 10, NOW));
  g_assert_null (cvn_new_call_check_schedule (NOW + 8 * 86400, NOW));
  g_assert_nonnull (cvn_new_call_check_schedule (NOW + 8 * 86400 + 1, NOW));
  g_assert_nonnull (cvn_new_call_check_schedule (NOW - 3600, NOW));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/ui/text/subtitles", test_subtitles);
  g_test_add_func ("/ui/text/count", test_count);
  g_test_add_func ("/ui/text/sandbox-code", test_sandbox_code);
  g_test_add_func ("/ui/text/schedule-bounds", test_schedule_bounds);

  return g_test_run ();
}
