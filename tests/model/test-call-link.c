/* test-call-link.c: every call link form, and the malformed ones.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-call-link.h"
#include "cvn-model-error.h"

typedef struct
{
  const char *text;
  CvnCallLinkKind kind;
  const char *username;
  const char *invite_hash;
  const char *slug;
  const char *canonical;
} GoodLink;

static const GoodLink good_links[] = {
  { "tg://resolve?domain=convene_demo&videochat", CVN_CALL_LINK_VIDEO_CHAT, "convene_demo", NULL, NULL,
    "https://t.me/convene_demo?videochat" },
  { "tg://resolve?domain=convene_demo&videochat=AbC-_12", CVN_CALL_LINK_VIDEO_CHAT, "convene_demo", "AbC-_12", NULL,
    "https://t.me/convene_demo?videochat=AbC-_12" },
  { "tg://resolve?videochat=h4sh&domain=Convene", CVN_CALL_LINK_VIDEO_CHAT, "Convene", "h4sh", NULL, NULL },
  { "tg://resolve?domain=news_channel&livestream", CVN_CALL_LINK_LIVESTREAM, "news_channel", NULL, NULL,
    "https://t.me/news_channel?livestream" },
  { "tg://resolve?domain=oldgroup&voicechat=xyz", CVN_CALL_LINK_VOICE_CHAT, "oldgroup", "xyz", NULL, NULL },
  { "https://t.me/convene_demo?videochat=AbC", CVN_CALL_LINK_VIDEO_CHAT, "convene_demo", "AbC", NULL, NULL },
  { "  t.me/convene_demo?livestream  ", CVN_CALL_LINK_LIVESTREAM, "convene_demo", NULL, NULL, NULL },
  { "https://telegram.me/convene_demo?voicechat", CVN_CALL_LINK_VOICE_CHAT, "convene_demo", NULL, NULL, NULL },
  { "https://t.me/call/Slug-123_x", CVN_CALL_LINK_CONFERENCE, NULL, NULL, "Slug-123_x",
    "https://t.me/call/Slug-123_x" },
  { "https://t.me/call/Slug/", CVN_CALL_LINK_CONFERENCE, NULL, NULL, "Slug", NULL },
  { "tg://call?slug=Slug123", CVN_CALL_LINK_CONFERENCE, NULL, NULL, "Slug123", NULL },
  { "TG://RESOLVE?domain=convene_demo&videochat", CVN_CALL_LINK_VIDEO_CHAT, "convene_demo", NULL, NULL, NULL },
};

static const char *bad_links[] = {
  "",
  "   ",
  "hello",
  "tg://resolve?domain=convene_demo",                    /* no call in it */
  "tg://resolve?domain=convene_demo&videochat&livestream", /* two kinds */
  "tg://resolve?domain=abc&videochat",                    /* username too short */
  "tg://resolve?domain=1abcdef&videochat",                /* starts with a digit */
  "tg://resolve?domain=abcde_&videochat",                 /* trailing underscore */
  "tg://resolve?domain=ab__cde&videochat",                /* double underscore */
  "tg://resolve?domain=convene_demo&videochat=bad%20hash", /* space in the hash */
  "tg://resolve?domain=convene_demo&domain=x&videochat",  /* repeated key */
  "tg://resolve?domain=convene_demo&videochat=%zz",       /* broken escape */
  "tg://resolve/extra?domain=convene_demo&videochat",
  "tg://msg?text=hi",
  "tg://call",
  "tg://call?slug=",
  "https://example.com/convene_demo?videochat",
  "https://t.me/convene_demo",
  "https://t.me/call/",
  "https://t.me/call/a/b",
  "https://t.me/+AbCdEf",
  "ftp://t.me/call/abc",
  "https://t.me/call/\xff\xfe",
};

static void
test_good_links (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (good_links); i++)
    {
      const GoodLink *expected = &good_links[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(CvnCallLink) link = cvn_call_link_parse (expected->text, &error);

      g_test_message ("%s", expected->text);
      g_assert_no_error (error);
      g_assert_nonnull (link);
      g_assert_cmpint (cvn_call_link_get_kind (link), ==, expected->kind);
      g_assert_cmpstr (cvn_call_link_get_username (link), ==, expected->username);
      g_assert_cmpstr (cvn_call_link_get_invite_hash (link), ==, expected->invite_hash);
      g_assert_cmpstr (cvn_call_link_get_slug (link), ==, expected->slug);
      if (expected->canonical != NULL)
        {
          g_autofree char *uri = cvn_call_link_to_uri (link);
          g_autoptr(CvnCallLink) again = NULL;

          g_assert_cmpstr (uri, ==, expected->canonical);
          /* The canonical form reads back as the same link. */
          again = cvn_call_link_parse (uri, &error);
          g_assert_no_error (error);
          g_assert_cmpint (cvn_call_link_get_kind (again), ==, expected->kind);
          g_assert_cmpstr (cvn_call_link_get_invite_hash (again), ==, expected->invite_hash);
        }
      g_assert_finalize_object (g_steal_pointer (&link));
    }
}

static void
test_bad_links (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (bad_links); i++)
    {
      g_autoptr(GError) error = NULL;
      CvnCallLink *link = cvn_call_link_parse (bad_links[i], &error);
      g_autofree char *printable = g_strescape (bad_links[i], NULL);

      g_test_message ("%s", printable);
      g_assert_null (link);
      g_assert_error (error, CVN_MODEL_ERROR, CVN_MODEL_ERROR_INVALID_LINK);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
    }
}

static void
test_properties (void)
{
  g_autoptr(CvnCallLink) link = cvn_call_link_parse ("https://t.me/call/abc", NULL);
  g_autofree char *slug = NULL;
  CvnCallLinkKind kind;

  g_object_get (link, "slug", &slug, "kind", &kind, NULL);
  g_assert_cmpstr (slug, ==, "abc");
  g_assert_cmpint (kind, ==, CVN_CALL_LINK_CONFERENCE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/model/call-link/good", test_good_links);
  g_test_add_func ("/model/call-link/bad", test_bad_links);
  g_test_add_func ("/model/call-link/properties", test_properties);

  return g_test_run ();
}
