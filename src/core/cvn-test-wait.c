/* cvn-test-wait.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-core-error.h"
#include "cvn-test-wait.h"

static gboolean
on_deadline_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
on_tick_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

gboolean
cvn_test_wait_until (GMainContext     *context,
                     CvnTestCondition  condition,
                     gpointer          user_data,
                     guint             timeout_ms,
                     GError          **error)
{
  g_autoptr(GSource) deadline = NULL;
  g_autoptr(GSource) tick = NULL;
  gboolean expired = FALSE;

  g_return_val_if_fail (condition != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (context == NULL)
    context = g_main_context_get_thread_default ();
  if (context == NULL)
    context = g_main_context_default ();

  if (condition (user_data))
    return TRUE;

  deadline = g_timeout_source_new (timeout_ms);
  g_source_set_callback (deadline, on_deadline_cb, &expired, NULL);
  g_source_set_name (deadline, "[cvn] test deadline");
  g_source_attach (deadline, context);

  /* Conditions may change on other threads (GStreamer streaming threads, say) without
   * waking this context: look again every 10 ms. */
  tick = g_timeout_source_new (10);
  g_source_set_callback (tick, on_tick_cb, NULL, NULL);
  g_source_set_name (tick, "[cvn] test tick");
  g_source_attach (tick, context);

  while (!condition (user_data))
    {
      if (expired)
        {
          g_set_error (error, CVN_CORE_ERROR, CVN_CORE_ERROR_TIMED_OUT,
                       "Condition not reached within %u ms", timeout_ms);
          g_source_destroy (tick);
          return FALSE;
        }
      g_main_context_iteration (context, TRUE);
    }

  if (!expired)
    g_source_destroy (deadline);
  g_source_destroy (tick);

  return TRUE;
}

static gboolean
flag_is_set (gpointer user_data)
{
  const gboolean *flag = user_data;

  return *flag;
}

gboolean
cvn_test_wait_for_flag (GMainContext    *context,
                        const gboolean  *flag,
                        guint            timeout_ms,
                        GError         **error)
{
  g_return_val_if_fail (flag != NULL, FALSE);

  return cvn_test_wait_until (context, flag_is_set, (gpointer) flag, timeout_ms, error);
}

static gboolean
result_is_set (gpointer user_data)
{
  GAsyncResult **result = user_data;

  return *result != NULL;
}

gboolean
cvn_test_wait_for_result (GMainContext  *context,
                          GAsyncResult **result,
                          guint          timeout_ms,
                          GError       **error)
{
  g_return_val_if_fail (result != NULL, FALSE);

  return cvn_test_wait_until (context, result_is_set, result, timeout_ms, error);
}
