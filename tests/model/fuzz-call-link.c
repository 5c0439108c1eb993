/* fuzz-call-link.c: links come from other applications (x-scheme-handler/tg) and from the
 * clipboard; any byte string must give a link or an error.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-call-link.h"

int LLVMFuzzerInitialize (int *argc, char ***argv);
int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

/* One-time allocations (the GType of the link, error quarks, gettext's and GUri's caches)
 * happen here, so that libFuzzer's per-input leak check sees only what an input leaks. */
int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  static const char *warm_up[] = {
    "", "x", "tg://resolve?domain=convene_demo&videochat=a", "tg://call?slug=s",
    "https://t.me/call/s", "https://t.me/convene_demo?livestream", "tg://msg", "ftp://x",
    "https://example.com/", "tg://resolve?domain=ab", "t.me/call/a/b", "\xff",
  };

  for (guint i = 0; i < G_N_ELEMENTS (warm_up); i++)
    {
      g_autoptr(CvnCallLink) link = cvn_call_link_parse (warm_up[i], NULL);

      if (link != NULL)
        g_free (cvn_call_link_to_uri (link));
    }

  return 0;
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GError) error = NULL;
  g_autoptr(CvnCallLink) link = cvn_call_link_parse (text, &error);

  /* Exactly one of the two. */
  g_assert_true ((link == NULL) != (error == NULL));
  if (link != NULL)
    {
      g_autofree char *uri = cvn_call_link_to_uri (link);
      g_autoptr(CvnCallLink) again = cvn_call_link_parse (uri, NULL);

      /* What we print, we read back. */
      g_assert_nonnull (again);
      g_assert_cmpint (cvn_call_link_get_kind (again), ==, cvn_call_link_get_kind (link));
    }

  return 0;
}
