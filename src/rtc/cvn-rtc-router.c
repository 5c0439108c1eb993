/* cvn-rtc-router.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "cvn-rtc-demux.h"
#include "cvn-rtc-error.h"
#include "cvn-rtc-router.h"

typedef struct
{
  CvnRtcRouter    *router;
  CvnRtcTransport *transport;
  gulong           rtp_handler;
  gulong           rtcp_handler;
} Member;

struct _CvnRtcRouter
{
  GObject     parent_instance;

  GPtrArray  *members;  /* of Member */
  GHashTable *owners;   /* SSRC -> CvnRtcTransport (not owned) */
  guint64     forwarded;
  guint64     dropped;
  double      loss;
  GRand      *rand;
};

G_DEFINE_FINAL_TYPE (CvnRtcRouter, cvn_rtc_router, G_TYPE_OBJECT)

/* The owner of the SSRCs of local sources in self->owners: never a transport. */
static int local_source_owner;
#define LOCAL_OWNER ((gpointer) &local_source_owner)

static void
member_free (Member *member)
{
  g_clear_signal_handler (&member->rtp_handler, member->transport);
  g_clear_signal_handler (&member->rtcp_handler, member->transport);
  g_clear_object (&member->transport);
  g_free (member);
}

static void
forward (CvnRtcRouter    *self,
         CvnRtcTransport *to,
         gboolean         rtcp,
         GBytes          *bytes)
{
  g_autoptr(GError) error = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  gboolean ok;

  if (cvn_rtc_transport_get_state (to) != CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE)
    return;
  if (!rtcp && self->loss > 0 && g_rand_double (self->rand) < self->loss)
    {
      self->dropped++;
      return;
    }
  ok = rtcp ? cvn_rtc_transport_send_rtcp (to, data, len, &error) : cvn_rtc_transport_send_rtp (to, data, len, &error);
  if (ok)
    self->forwarded++;
  else
    {
      self->dropped++;
      g_debug ("router %p: not forwarded: %s", self, error->message);
    }
}

static void
forward_to_others (CvnRtcRouter    *self,
                   CvnRtcTransport *from,
                   gboolean         rtcp,
                   GBytes          *bytes)
{
  for (guint i = 0; i < self->members->len; i++)
    {
      Member *member = g_ptr_array_index (self->members, i);

      if (member->transport != from)
        forward (self, member->transport, rtcp, bytes);
    }
}

static void
rtp_received_cb (CvnRtcTransport *transport,
                 GBytes          *bytes,
                 Member          *member)
{
  CvnRtcRouter *self = member->router;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  guint32 ssrc;
  CvnRtcTransport *owner;

  if (cvn_rtc_demux_classify (data, len) != CVN_RTC_PACKET_RTP)
    {
      self->dropped++;
      return;
    }
  ssrc = cvn_rtc_rtp_get_ssrc (data);
  owner = g_hash_table_lookup (self->owners, GUINT_TO_POINTER (ssrc));
  if (owner == NULL)
    g_hash_table_insert (self->owners, GUINT_TO_POINTER (ssrc), transport);
  else if (owner != transport)
    {
      self->dropped++;
      g_debug ("router %p: SSRC %u belongs to another participant; dropped", self, ssrc);
      return;
    }
  forward_to_others (self, transport, FALSE, bytes);
}

static void
rtcp_received_cb (CvnRtcTransport *transport,
                  GBytes          *bytes,
                  Member          *member)
{
  CvnRtcRouter *self = member->router;
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);
  guint32 media_ssrc;
  CvnRtcTransport *owner;

  if (cvn_rtc_demux_classify (data, len) != CVN_RTC_PACKET_RTCP)
    {
      self->dropped++;
      return;
    }
  /* Feedback about someone's media goes to that someone only. */
  if (cvn_rtc_rtcp_find_media_ssrc (data, len, &media_ssrc) &&
      (owner = g_hash_table_lookup (self->owners, GUINT_TO_POINTER (media_ssrc))) != NULL)
    {
      if (owner == LOCAL_OWNER)
        self->dropped++;   /* a local source does not act on feedback */
      else if (owner != transport)
        forward (self, owner, TRUE, bytes);
      return;
    }
  forward_to_others (self, transport, TRUE, bytes);
}

static gboolean
reserve (CvnRtcRouter    *self,
         CvnRtcTransport *transport,
         guint32          ssrc,
         GError         **error)
{
  CvnRtcTransport *owner = g_hash_table_lookup (self->owners, GUINT_TO_POINTER (ssrc));

  if (owner != NULL && owner != transport)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_INVALID_PAYLOAD,
                   "SSRC %u is already used in this call", ssrc);
      return FALSE;
    }
  g_hash_table_insert (self->owners, GUINT_TO_POINTER (ssrc), transport);
  return TRUE;
}

static void
release_ssrcs (CvnRtcRouter    *self,
               CvnRtcTransport *transport)
{
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->owners);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      if (value == transport)
        g_hash_table_iter_remove (&iter);
    }
}

gboolean
cvn_rtc_router_add_transport (CvnRtcRouter             *self,
                              CvnRtcTransport          *transport,
                              const CvnRtcJoinPayload  *payload,
                              GError                  **error)
{
  Member *member;

  g_return_val_if_fail (CVN_IS_RTC_ROUTER (self), FALSE);
  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (transport), FALSE);

  for (guint i = 0; i < self->members->len; i++)
    g_return_val_if_fail (((Member *) g_ptr_array_index (self->members, i))->transport != transport, FALSE);

  if (payload != NULL)
    {
      gboolean ok = reserve (self, transport, payload->ssrc, error);

      for (guint i = 0; ok && i < payload->ssrc_groups->len; i++)
        {
          const CvnRtcSsrcGroup *group = g_ptr_array_index (payload->ssrc_groups, i);

          for (guint j = 0; ok && j < group->sources->len; j++)
            ok = reserve (self, transport, g_array_index (group->sources, guint32, j), error);
        }
      if (!ok)
        {
          release_ssrcs (self, transport);
          return FALSE;
        }
    }

  member = g_new0 (Member, 1);
  member->router = self;
  member->transport = g_object_ref (transport);
  member->rtp_handler = g_signal_connect (transport, "rtp-received", G_CALLBACK (rtp_received_cb), member);
  member->rtcp_handler = g_signal_connect (transport, "rtcp-received", G_CALLBACK (rtcp_received_cb), member);
  g_ptr_array_add (self->members, member);
  return TRUE;
}

void
cvn_rtc_router_remove_transport (CvnRtcRouter    *self,
                                 CvnRtcTransport *transport)
{
  g_return_if_fail (CVN_IS_RTC_ROUTER (self));

  for (guint i = 0; i < self->members->len; i++)
    {
      Member *member = g_ptr_array_index (self->members, i);

      if (member->transport == transport)
        {
          release_ssrcs (self, transport);
          g_ptr_array_remove_index (self->members, i);
          return;
        }
    }
}

guint
cvn_rtc_router_get_n_transports (CvnRtcRouter *self)
{
  g_return_val_if_fail (CVN_IS_RTC_ROUTER (self), 0);
  return self->members->len;
}

CvnRtcTransport *
cvn_rtc_router_lookup_ssrc (CvnRtcRouter *self,
                            guint32       ssrc)
{
  CvnRtcTransport *owner;

  g_return_val_if_fail (CVN_IS_RTC_ROUTER (self), NULL);
  owner = g_hash_table_lookup (self->owners, GUINT_TO_POINTER (ssrc));
  return owner == LOCAL_OWNER ? NULL : owner;
}

gboolean
cvn_rtc_router_add_local_source (CvnRtcRouter  *self,
                                 guint32        ssrc,
                                 GError       **error)
{
  g_return_val_if_fail (CVN_IS_RTC_ROUTER (self), FALSE);
  return reserve (self, LOCAL_OWNER, ssrc, error);
}

void
cvn_rtc_router_remove_local_source (CvnRtcRouter *self,
                                    guint32       ssrc)
{
  g_return_if_fail (CVN_IS_RTC_ROUTER (self));
  if (g_hash_table_lookup (self->owners, GUINT_TO_POINTER (ssrc)) == LOCAL_OWNER)
    g_hash_table_remove (self->owners, GUINT_TO_POINTER (ssrc));
}

guint
cvn_rtc_router_send_local_rtp (CvnRtcRouter *self,
                               const guint8 *data,
                               gsize         len)
{
  g_autoptr(GBytes) bytes = NULL;
  guint64 before;

  g_return_val_if_fail (CVN_IS_RTC_ROUTER (self), 0);
  if (cvn_rtc_demux_classify (data, len) != CVN_RTC_PACKET_RTP ||
      g_hash_table_lookup (self->owners, GUINT_TO_POINTER (cvn_rtc_rtp_get_ssrc (data))) != LOCAL_OWNER)
    {
      self->dropped++;
      return 0;
    }
  bytes = g_bytes_new (data, len);
  before = self->forwarded;
  forward_to_others (self, NULL, FALSE, bytes);
  return (guint) (self->forwarded - before);
}

guint64
cvn_rtc_router_get_forwarded_count (CvnRtcRouter *self)
{
  g_return_val_if_fail (CVN_IS_RTC_ROUTER (self), 0);
  return self->forwarded;
}

guint64
cvn_rtc_router_get_dropped_count (CvnRtcRouter *self)
{
  g_return_val_if_fail (CVN_IS_RTC_ROUTER (self), 0);
  return self->dropped;
}

void
cvn_rtc_router_set_loss (CvnRtcRouter *self,
                         double        fraction,
                         guint32       seed)
{
  g_return_if_fail (CVN_IS_RTC_ROUTER (self));
  g_return_if_fail (fraction >= 0 && fraction <= 1);

  self->loss = fraction;
  g_clear_pointer (&self->rand, g_rand_free);
  self->rand = g_rand_new_with_seed (seed);
}

CvnRtcRouter *
cvn_rtc_router_new (void)
{
  return g_object_new (CVN_TYPE_RTC_ROUTER, NULL);
}

static void
cvn_rtc_router_dispose (GObject *object)
{
  CvnRtcRouter *self = CVN_RTC_ROUTER (object);

  if (self->owners != NULL)
    g_hash_table_remove_all (self->owners);
  if (self->members != NULL)
    g_ptr_array_set_size (self->members, 0);
  G_OBJECT_CLASS (cvn_rtc_router_parent_class)->dispose (object);
}

static void
cvn_rtc_router_finalize (GObject *object)
{
  CvnRtcRouter *self = CVN_RTC_ROUTER (object);

  g_clear_pointer (&self->members, g_ptr_array_unref);
  g_clear_pointer (&self->owners, g_hash_table_unref);
  g_clear_pointer (&self->rand, g_rand_free);
  G_OBJECT_CLASS (cvn_rtc_router_parent_class)->finalize (object);
}

static void
cvn_rtc_router_class_init (CvnRtcRouterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cvn_rtc_router_dispose;
  object_class->finalize = cvn_rtc_router_finalize;
}

static void
cvn_rtc_router_init (CvnRtcRouter *self)
{
  self->members = g_ptr_array_new_with_free_func ((GDestroyNotify) member_free);
  self->owners = g_hash_table_new (NULL, NULL);
}
