/* test-transport.c: the MTProto transport frame codec, every framing, both directions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-aes.h"
#include "cvn-mtproto-error.h"
#include "cvn-mtproto-obfuscation.h"
#include "cvn-mtproto-transport.h"

#include <string.h>

typedef struct
{
  CvnMtprotoFraming framing;
  gboolean          obfuscated;
} Variant;

static const Variant variants[] = {
  { CVN_MTPROTO_FRAMING_ABRIDGED, FALSE },
  { CVN_MTPROTO_FRAMING_INTERMEDIATE, FALSE },
  { CVN_MTPROTO_FRAMING_PADDED_INTERMEDIATE, FALSE },
  { CVN_MTPROTO_FRAMING_ABRIDGED, TRUE },
  { CVN_MTPROTO_FRAMING_INTERMEDIATE, TRUE },
  { CVN_MTPROTO_FRAMING_PADDED_INTERMEDIATE, TRUE },
};

/* Payload sizes around the abridged one-byte/four-byte boundary (127 words). */
static const gsize sizes[] = { 4, 8, 20, 500, 504, 508, 512, 1024, 4096, 100004 };

static GBytes *
make_payload (gsize len,
              guint seed)
{
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) (i * 31 + seed * 7 + (i >> 8));
  return g_bytes_new_take (data, len);
}

/* Decodes everything buffered in @codec into @frames. */
static void
drain (CvnMtprotoCodec *codec,
       GPtrArray       *frames)
{
  g_autoptr(GError) error = NULL;
  CvnMtprotoFrame frame;

  while (cvn_mtproto_codec_next (codec, &frame, &error))
    {
      CvnMtprotoFrame *copy = g_memdup2 (&frame, sizeof frame);

      g_ptr_array_add (frames, copy);
    }
  g_assert_no_error (error);
}

static void
frame_free (gpointer data)
{
  cvn_mtproto_frame_clear (data);
  g_free (data);
}

static gsize
payload_len_of (const CvnMtprotoFrame *frame)
{
  return g_bytes_get_size (frame->payload);
}

/* In padded intermediate the payload carries 0..15 bytes of padding after the data. */
static void
assert_payload (const CvnMtprotoFrame *frame,
                GBytes                *expected,
                CvnMtprotoFraming      framing)
{
  gsize got = payload_len_of (frame), want = g_bytes_get_size (expected);

  g_assert_cmpint (frame->kind, ==, CVN_MTPROTO_FRAME_PAYLOAD);
  if (framing == CVN_MTPROTO_FRAMING_PADDED_INTERMEDIATE)
    {
      g_assert_cmpuint (got, >=, want);
      g_assert_cmpuint (got, <=, want + 15);
    }
  else
    g_assert_cmpuint (got, ==, want);
  g_assert_cmpmem (g_bytes_get_data (frame->payload, NULL), want,
                   g_bytes_get_data (expected, NULL), want);
}

/* Client -> server, every size, with and without quick ack; fed in one piece, byte by
 * byte, and split in two at every boundary of the first 700 bytes. */
static void
test_client_to_server (gconstpointer data)
{
  const Variant *v = data;
  g_autoptr(CvnMtprotoCodec) client = cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_CLIENT, v->framing,
                                                             v->obfuscated, -2, 0);
  g_autoptr(GByteArray) wire = g_byte_array_new ();
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GError) error = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      GBytes *p = make_payload (sizes[i], i);

      g_assert_true (cvn_mtproto_codec_encode (client, g_bytes_get_data (p, NULL), sizes[i],
                                               i % 2 == 1, wire, &error));
      g_assert_no_error (error);
      g_ptr_array_add (payloads, p);
    }
  /* The first bytes: the plain tag, or an obfuscation header. */
  if (!v->obfuscated)
    {
      if (v->framing == CVN_MTPROTO_FRAMING_ABRIDGED)
        g_assert_cmpuint (wire->data[0], ==, 0xef);
      else
        g_assert_cmpuint (wire->data[0], ==,
                          v->framing == CVN_MTPROTO_FRAMING_INTERMEDIATE ? 0xee : 0xdd);
    }
  else
    g_assert_true (cvn_mtproto_obfuscation_header_allowed (wire->data));

  for (guint mode = 0; mode < 3; mode++)
    {
      gsize max_split = mode == 2 ? MIN (wire->len, 700) : 1;

      for (gsize split = 0; split < max_split; split++)
        {
          g_autoptr(CvnMtprotoCodec) server = cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_SERVER, 0,
                                                                     FALSE, 0, 0);
          g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func (frame_free);

          if (mode == 0)
            {
              g_assert_true (cvn_mtproto_codec_feed (server, wire->data, wire->len, &error));
              drain (server, frames);
            }
          else if (mode == 1)
            {
              for (gsize i = 0; i < wire->len; i++)
                {
                  g_assert_true (cvn_mtproto_codec_feed (server, wire->data + i, 1, &error));
                  g_assert_no_error (error);
                  drain (server, frames);
                }
            }
          else
            {
              g_assert_true (cvn_mtproto_codec_feed (server, wire->data, split, &error));
              drain (server, frames);
              g_assert_true (cvn_mtproto_codec_feed (server, wire->data + split,
                                                     wire->len - split, &error));
              drain (server, frames);
            }
          g_assert_no_error (error);
          g_assert_true (cvn_mtproto_codec_get_header_done (server));
          g_assert_cmpint (cvn_mtproto_codec_get_framing (server), ==, v->framing);
          g_assert_cmpint (cvn_mtproto_codec_get_obfuscated (server), ==, v->obfuscated);
          if (v->obfuscated)
            g_assert_cmpint (cvn_mtproto_codec_get_dc_id (server), ==, -2);
          g_assert_cmpuint (frames->len, ==, payloads->len);
          for (guint i = 0; i < frames->len; i++)
            {
              const CvnMtprotoFrame *f = frames->pdata[i];

              assert_payload (f, payloads->pdata[i], v->framing);
              g_assert_cmpint (f->quick_ack, ==, i % 2 == 1);
            }
          g_assert_cmpuint (cvn_mtproto_codec_get_pending (server), ==, 0);
        }
    }
}

/* Server -> client: payloads, quick acks and a transport error, split at every byte. */
static void
test_server_to_client (gconstpointer data)
{
  const Variant *v = data;
  g_autoptr(CvnMtprotoCodec) client = cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_CLIENT, v->framing,
                                                             v->obfuscated, 3, 0);
  g_autoptr(CvnMtprotoCodec) server = cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_SERVER, 0, FALSE, 0, 0);
  g_autoptr(GByteArray) up = g_byte_array_new ();
  g_autoptr(GByteArray) down = g_byte_array_new ();
  g_autoptr(GPtrArray) payloads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  g_autoptr(GBytes) hello = make_payload (40, 99);
  g_autoptr(GError) error = NULL;
  CvnMtprotoFrame frame;

  /* The server cannot speak before it knows the client's transport. */
  g_assert_false (cvn_mtproto_codec_encode (server, g_bytes_get_data (hello, NULL), 40, FALSE,
                                            down, &error));
  g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT);
  g_clear_error (&error);

  g_assert_true (cvn_mtproto_codec_encode (client, g_bytes_get_data (hello, NULL), 40, FALSE, up, &error));
  g_assert_true (cvn_mtproto_codec_feed (server, up->data, up->len, &error));
  g_assert_true (cvn_mtproto_codec_next (server, &frame, &error));
  g_assert_no_error (error);
  cvn_mtproto_frame_clear (&frame);
  g_assert_cmpint (cvn_mtproto_codec_get_dc_id (server), ==, v->obfuscated ? 3 : 0);

  /* A server never asks for quick acks. */
  g_assert_false (cvn_mtproto_codec_encode (server, g_bytes_get_data (hello, NULL), 40, TRUE,
                                            down, &error));
  g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT);
  g_clear_error (&error);

  /* From index 1: a 4-byte frame to a client is a transport error code. */
  for (gsize i = 1; i < G_N_ELEMENTS (sizes); i++)
    {
      GBytes *p = make_payload (sizes[i], i + 5);

      g_assert_true (cvn_mtproto_codec_encode (server, g_bytes_get_data (p, NULL), sizes[i],
                                               FALSE, down, &error));
      g_ptr_array_add (payloads, p);
      g_assert_true (cvn_mtproto_codec_encode_quick_ack (server, 0x01020304u + i, down, &error));
      g_assert_no_error (error);
    }
  g_assert_true (cvn_mtproto_codec_encode_transport_error (server, -429, down, &error));
  g_assert_no_error (error);

  for (gsize split = 0; split < MIN (down->len, 600); split++)
    {
      g_autoptr(CvnMtprotoCodec) c = cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_CLIENT, v->framing,
                                                            v->obfuscated, 3, 0);
      g_autoptr(GByteArray) up2 = g_byte_array_new ();
      g_autoptr(GPtrArray) frames = g_ptr_array_new_with_free_func (frame_free);
      const guint8 *random;

      /* Same obfuscation keys as @client: replay its header. */
      if (v->obfuscated)
        {
          random = up->data;
          g_assert_true (cvn_mtproto_codec_set_obfuscation_random (c, random, &error));
        }
      g_assert_true (cvn_mtproto_codec_encode (c, g_bytes_get_data (hello, NULL), 40, FALSE, up2, &error));
      g_assert_no_error (error);
      if (v->obfuscated)
        g_assert_cmpmem (up2->data, 56, up->data, 56);

      g_assert_true (cvn_mtproto_codec_feed (c, down->data, split, &error));
      drain (c, frames);
      g_assert_true (cvn_mtproto_codec_feed (c, down->data + split, down->len - split, &error));
      drain (c, frames);
      g_assert_no_error (error);

      g_assert_cmpuint (frames->len, ==, 2 * payloads->len + 1);
      for (gsize i = 0; i < payloads->len; i++)
        {
          const CvnMtprotoFrame *f = frames->pdata[2 * i];
          const CvnMtprotoFrame *ack = frames->pdata[2 * i + 1];

          assert_payload (f, payloads->pdata[i], v->framing);
          g_assert_cmpint (ack->kind, ==, CVN_MTPROTO_FRAME_QUICK_ACK);
          g_assert_cmphex (ack->quick_ack_token, ==, (0x01020304u + i + 1) | 0x80000000u);
        }
      {
        const CvnMtprotoFrame *last = frames->pdata[frames->len - 1];

        g_assert_cmpint (last->kind, ==, CVN_MTPROTO_FRAME_TRANSPORT_ERROR);
        g_assert_cmpint (last->error_code, ==, -429);
      }
      /* Speed: only the first boundaries for the long streams. */
      if (split > 64 && down->len > 100000)
        split += 37;
    }
}

static void
test_transport_errors (void)
{
  static const struct { gint32 code; int error; } cases[] = {
    { -404, CVN_MTPROTO_ERROR_TRANSPORT_NOT_FOUND },
    { -429, CVN_MTPROTO_ERROR_TRANSPORT_FLOOD },
    { -444, CVN_MTPROTO_ERROR_TRANSPORT_INVALID_DC },
    { -500, CVN_MTPROTO_ERROR_TRANSPORT },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *code = g_strdup_printf ("%d", cases[i].code);

      g_assert_false (cvn_mtproto_transport_error_set (&error, cases[i].code));
      g_assert_error (error, CVN_MTPROTO_ERROR, cases[i].error);
      g_assert_nonnull (strstr (error->message, code));
    }
}

static CvnMtprotoCodec *
server_after (const guint8 *bytes,
              gsize         len,
              gsize         max,
              GError      **error)
{
  CvnMtprotoCodec *server = cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_SERVER, 0, FALSE, 0, max);
  CvnMtprotoFrame frame;

  if (cvn_mtproto_codec_feed (server, bytes, len, error))
    {
      while (cvn_mtproto_codec_next (server, &frame, error))
        cvn_mtproto_frame_clear (&frame);
    }
  return server;
}

static void
test_malformed (void)
{
  g_autoptr(GError) error = NULL;
  CvnMtprotoCodec *s;

  /* Longer than the bound: intermediate, abridged short and long forms. */
  {
    const guint8 wire[] = { 0xee, 0xee, 0xee, 0xee, 0x00, 0x08, 0x00, 0x00 };

    s = server_after (wire, sizeof wire, 1024, &error);
    g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT);
    g_assert_nonnull (strstr (error->message, "bound"));
    g_clear_error (&error);
    /* Sticky. */
    g_assert_false (cvn_mtproto_codec_feed (s, wire, 1, &error));
    g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT);
    g_clear_error (&error);
    cvn_mtproto_codec_free (s);
  }
  {
    const guint8 wire[] = { 0xef, 0x7f, 0xff, 0xff, 0xff };

    s = server_after (wire, sizeof wire, 0, &error);
    g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT);
    g_clear_error (&error);
    cvn_mtproto_codec_free (s);
  }
  {
    const guint8 wire[] = { 0xef, 0x7e };

    s = server_after (wire, sizeof wire, 256, &error);
    g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT);
    g_clear_error (&error);
    cvn_mtproto_codec_free (s);
  }
  /* Empty frames. */
  {
    const guint8 wire[] = { 0xef, 0x00 };

    s = server_after (wire, sizeof wire, 0, &error);
    g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT);
    g_clear_error (&error);
    cvn_mtproto_codec_free (s);
  }
  /* Intermediate length not a multiple of 4. */
  {
    const guint8 wire[] = { 0xee, 0xee, 0xee, 0xee, 0x05, 0x00, 0x00, 0x00 };

    s = server_after (wire, sizeof wire, 0, &error);
    g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT);
    g_clear_error (&error);
    cvn_mtproto_codec_free (s);
  }
  /* HTTP is not a transport of ours. */
  {
    const guint8 wire[] = "POST /api HTTP/1.1\r\n";

    s = server_after (wire, sizeof wire - 1, 0, &error);
    g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT);
    g_clear_error (&error);
    cvn_mtproto_codec_free (s);
  }
  /* 64 random bytes that are not an obfuscation header (the decrypted tag is wrong). */
  {
    guint8 wire[64];

    for (gsize i = 0; i < sizeof wire; i++)
      wire[i] = (guint8) (i * 13 + 1);
    s = server_after (wire, sizeof wire, 0, &error);
    g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT);
    g_assert_nonnull (strstr (error->message, "tag"));
    g_clear_error (&error);
    cvn_mtproto_codec_free (s);
  }
  /* A client receiving a 4-byte frame that is not negative. */
  {
    g_autoptr(CvnMtprotoCodec) c = cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_CLIENT,
                                                          CVN_MTPROTO_FRAMING_INTERMEDIATE,
                                                          FALSE, 0, 0);
    g_autoptr(GByteArray) out = g_byte_array_new ();
    const guint8 payload[4] = { 1, 2, 3, 4 };
    const guint8 wire[] = { 0x04, 0, 0, 0, 0x05, 0, 0, 0 };
    CvnMtprotoFrame frame;

    /* The server sent nothing before the client's first frame. */
    g_assert_false (cvn_mtproto_codec_feed (c, wire, sizeof wire, &error));
    g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT);
    g_clear_error (&error);
    cvn_mtproto_codec_free (c);

    c = cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_CLIENT, CVN_MTPROTO_FRAMING_INTERMEDIATE,
                               FALSE, 0, 0);
    g_assert_true (cvn_mtproto_codec_encode (c, payload, 4, FALSE, out, &error));
    g_assert_true (cvn_mtproto_codec_feed (c, wire, sizeof wire, &error));
    g_assert_false (cvn_mtproto_codec_next (c, &frame, &error));
    g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT);
    g_clear_error (&error);
  }
  /* Encoding: bad lengths. */
  {
    g_autoptr(CvnMtprotoCodec) c = cvn_mtproto_codec_new (CVN_MTPROTO_ROLE_CLIENT,
                                                          CVN_MTPROTO_FRAMING_ABRIDGED,
                                                          FALSE, 0, 64);
    g_autoptr(GByteArray) out = g_byte_array_new ();
    guint8 payload[128] = { 0 };

    g_assert_false (cvn_mtproto_codec_encode (c, payload, 6, FALSE, out, &error));
    g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT);
    g_clear_error (&error);
    g_assert_false (cvn_mtproto_codec_encode (c, payload, 128, FALSE, out, &error));
    g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT);
    g_clear_error (&error);
    g_assert_cmpuint (out->len, ==, 0);
  }
}

/* The obfuscation header against the rules of the documentation, computed here
 * independently: bytes 0..55 sent in clear, 56..63 encrypted with the key and IV at
 * bytes 8..55; the reply stream uses them reversed. */
static void
test_obfuscation_header (void)
{
  g_autoptr(GError) error = NULL;
  guint8 random[64], header[64], expected[64], reversed[48];
  g_autoptr(CvnMtprotoObfuscation) client = NULL;
  g_autoptr(CvnMtprotoObfuscation) server = NULL;
  g_autoptr(CvnAesCtr) ctr = NULL;
  guint8 msg[16], want[16];
  guint32 tag = 0;
  gint16 dc = 0;

  for (gsize i = 0; i < 64; i++)
    random[i] = (guint8) (0x10 + i * 3);

  client = cvn_mtproto_obfuscation_new_client_from (random, CVN_MTPROTO_TAG_PADDED_INTERMEDIATE,
                                                    -4, header, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (header, 56, random, 56);

  memcpy (expected, random, 64);
  memset (expected + 56, 0xdd, 4);
  expected[60] = 0xfc;
  expected[61] = 0xff;
  ctr = cvn_aes_ctr_new (random + 8, random + 40, &error);
  g_assert_true (cvn_aes_ctr_process (ctr, expected, expected, 64, &error));
  g_assert_cmpmem (header + 56, 8, expected + 56, 8);

  server = cvn_mtproto_obfuscation_new_server (header, &tag, &dc, &error);
  g_assert_no_error (error);
  g_assert_cmphex (tag, ==, CVN_MTPROTO_TAG_PADDED_INTERMEDIATE);
  g_assert_cmpint (dc, ==, -4);

  /* Server -> client uses the reversed key. */
  for (gsize i = 0; i < 48; i++)
    reversed[i] = random[55 - i];
  g_clear_pointer (&ctr, cvn_aes_ctr_free);
  ctr = cvn_aes_ctr_new (reversed, reversed + 32, &error);
  memset (msg, 0x5a, sizeof msg);
  g_assert_true (cvn_aes_ctr_process (ctr, msg, want, sizeof msg, &error));
  g_assert_true (cvn_mtproto_obfuscation_encrypt (server, msg, sizeof msg, &error));
  g_assert_cmpmem (msg, 16, want, 16);
  g_assert_true (cvn_mtproto_obfuscation_decrypt (client, msg, sizeof msg, &error));
  for (gsize i = 0; i < sizeof msg; i++)
    g_assert_cmpuint (msg[i], ==, 0x5a);

  /* The reserved first bytes. */
  {
    static const char *bad[] = { "HEAD", "POST", "GET ", "OPTI" };

    for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        memcpy (random, bad[i], 4);
        g_assert_false (cvn_mtproto_obfuscation_header_allowed (random));
      }
    memcpy (random, "\x16\x03\x01\x02", 4);
    g_assert_false (cvn_mtproto_obfuscation_header_allowed (random));
    memset (random, 0xdd, 4);
    g_assert_false (cvn_mtproto_obfuscation_header_allowed (random));
    memset (random, 0xee, 4);
    g_assert_false (cvn_mtproto_obfuscation_header_allowed (random));
    memcpy (random, "\xef\x01\x02\x03", 4);
    g_assert_false (cvn_mtproto_obfuscation_header_allowed (random));
    memcpy (random, "\x01\x02\x03\x04\0\0\0\0", 8);
    g_assert_false (cvn_mtproto_obfuscation_header_allowed (random));
    random[5] = 1;
    g_assert_true (cvn_mtproto_obfuscation_header_allowed (random));
    g_assert_null (cvn_mtproto_obfuscation_new_client_from (
        (const guint8 *) "HEAD0000000000000000000000000000000000000000000000000000000000000",
        CVN_MTPROTO_TAG_ABRIDGED, 1, header, &error));
    g_assert_error (error, CVN_MTPROTO_ERROR, CVN_MTPROTO_ERROR_TRANSPORT);
    g_clear_error (&error);
  }

  /* Many fresh headers all satisfy the rules. */
  for (guint i = 0; i < 2000; i++)
    {
      g_autoptr(CvnMtprotoObfuscation) o =
        cvn_mtproto_obfuscation_new_client (CVN_MTPROTO_TAG_ABRIDGED, 2, header, &error);

      g_assert_no_error (error);
      g_assert_true (cvn_mtproto_obfuscation_header_allowed (header));
    }
}

int
main (int   argc,
      char *argv[])
{
  static const char *names[] = {
    "abridged", "intermediate", "padded-intermediate",
    "obfuscated-abridged", "obfuscated-intermediate", "obfuscated-padded-intermediate",
  };

  g_test_init (&argc, &argv, NULL);

  for (gsize i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autofree char *up = g_strdup_printf ("/mtproto/transport/%s/client-to-server", names[i]);
      g_autofree char *down = g_strdup_printf ("/mtproto/transport/%s/server-to-client", names[i]);

      g_test_add_data_func (up, &variants[i], test_client_to_server);
      g_test_add_data_func (down, &variants[i], test_server_to_client);
    }
  g_test_add_func ("/mtproto/transport/errors", test_transport_errors);
  g_test_add_func ("/mtproto/transport/malformed", test_malformed);
  g_test_add_func ("/mtproto/transport/obfuscation-header", test_obfuscation_header);

  return g_test_run ();
}
