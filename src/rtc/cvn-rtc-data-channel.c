/* cvn-rtc-data-channel.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * usrsctp runs its own timer thread and may call back from it, and it calls back with its
 * locks held. So its callbacks do nothing but queue: outgoing SCTP packets and incoming
 * events go into the association's queues under a mutex, and an idle source on the
 * transport's context drains them. Associations are found from callbacks by a numeric id
 * in a global table, never by a pointer usrsctp could outlive.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <usrsctp.h>

#include "cvn-rtc-data-channel.h"
#include "cvn-rtc-data-channel-private.h"
#include "cvn-rtc-dcep-private.h"
#include "cvn-rtc-error.h"
#include "cvn-rtc-transport-private.h"

#define SCTP_PORT         5000
#define MAX_MESSAGE_SIZE  262144
#define STREAM_ID         0
#define MAX_QUEUED        1024

G_DEFINE_ENUM_TYPE (CvnRtcDataChannelState, cvn_rtc_data_channel_state,
  G_DEFINE_ENUM_VALUE (CVN_RTC_DATA_CHANNEL_STATE_CONNECTING, "connecting"),
  G_DEFINE_ENUM_VALUE (CVN_RTC_DATA_CHANNEL_STATE_OPEN, "open"),
  G_DEFINE_ENUM_VALUE (CVN_RTC_DATA_CHANNEL_STATE_CLOSED, "closed"),
  G_DEFINE_ENUM_VALUE (CVN_RTC_DATA_CHANNEL_STATE_FAILED, "failed"))

/* --- associations shared with usrsctp's threads -------------------------------------- */

typedef enum
{
  EVENT_MESSAGE,
  EVENT_UP,
  EVENT_DOWN,
} EventKind;

typedef struct
{
  EventKind  kind;
  guint16    sid;
  guint32    ppid;
  GBytes    *data;
} Event;

typedef struct
{
  gatomicrefcount  ref;
  guint            id;
  GMainContext    *context;
  GWeakRef         channel;
  GMutex           lock;
  GQueue           packets;  /* GBytes, to DTLS */
  GQueue           events;   /* Event */
  gboolean         drain_scheduled;
  GByteArray      *partial;  /* a message being reassembled (usrsctp thread or ours) */
} Association;

static GMutex registry_lock;
static GHashTable *registry;  /* id -> Association */
static guint next_id = 1;

static void
event_free (Event *event)
{
  g_clear_pointer (&event->data, g_bytes_unref);
  g_free (event);
}

static Association *
association_ref (Association *assoc)
{
  g_atomic_ref_count_inc (&assoc->ref);
  return assoc;
}

static void
association_unref (Association *assoc)
{
  if (!g_atomic_ref_count_dec (&assoc->ref))
    return;
  g_queue_clear_full (&assoc->packets, (GDestroyNotify) g_bytes_unref);
  g_queue_clear_full (&assoc->events, (GDestroyNotify) event_free);
  g_clear_pointer (&assoc->partial, g_byte_array_unref);
  g_weak_ref_clear (&assoc->channel);
  g_mutex_clear (&assoc->lock);
  g_main_context_unref (assoc->context);
  g_free (assoc);
}

static Association *
association_lookup (guint id)
{
  Association *assoc;

  g_mutex_lock (&registry_lock);
  assoc = registry != NULL ? g_hash_table_lookup (registry, GUINT_TO_POINTER (id)) : NULL;
  if (assoc != NULL)
    association_ref (assoc);
  g_mutex_unlock (&registry_lock);
  return assoc;
}

static gboolean drain_cb (gpointer user_data);

/* Called with assoc->lock held. */
static void
schedule_drain_locked (Association *assoc)
{
  GSource *source;

  if (assoc->drain_scheduled)
    return;
  assoc->drain_scheduled = TRUE;
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, drain_cb, association_ref (assoc), (GDestroyNotify) association_unref);
  g_source_set_static_name (source, "cvn-rtc-sctp-drain");
  g_source_attach (source, assoc->context);
  g_source_unref (source);
}

static void
queue_event (Association *assoc,
             Event       *event)
{
  g_mutex_lock (&assoc->lock);
  if (g_queue_get_length (&assoc->events) < MAX_QUEUED)
    {
      g_queue_push_tail (&assoc->events, event);
      event = NULL;
    }
  schedule_drain_locked (assoc);
  g_mutex_unlock (&assoc->lock);
  if (event != NULL)
    {
      g_debug ("sctp: association %u: event queue full, dropping", assoc->id);
      event_free (event);
    }
}

static int
conn_output_cb (void    *addr,
                void    *buffer,
                size_t   length,
                uint8_t  tos,
                uint8_t  set_df)
{
  Association *assoc = association_lookup (GPOINTER_TO_UINT (addr));

  if (assoc == NULL)
    return 0;  /* closed: drop */
  g_mutex_lock (&assoc->lock);
  if (g_queue_get_length (&assoc->packets) < MAX_QUEUED)
    g_queue_push_tail (&assoc->packets, g_bytes_new (buffer, length));
  schedule_drain_locked (assoc);
  g_mutex_unlock (&assoc->lock);
  association_unref (assoc);
  return 0;
}

static void
handle_notification (Association               *assoc,
                     const union sctp_notification *n,
                     size_t                     len)
{
  if (len < sizeof (struct sctp_tlv) || n->sn_header.sn_length > len)
    return;
  if (n->sn_header.sn_type == SCTP_ASSOC_CHANGE && len >= sizeof (struct sctp_assoc_change))
    {
      Event *event = g_new0 (Event, 1);

      switch (n->sn_assoc_change.sac_state)
        {
        case SCTP_COMM_UP:
        case SCTP_RESTART:
          event->kind = EVENT_UP;
          break;
        case SCTP_COMM_LOST:
        case SCTP_SHUTDOWN_COMP:
        case SCTP_CANT_STR_ASSOC:
          event->kind = EVENT_DOWN;
          break;
        default:
          g_free (event);
          return;
        }
      queue_event (assoc, event);
    }
  else if (n->sn_header.sn_type == SCTP_STREAM_RESET_EVENT)
    {
      /* The peer closed a channel: for the one channel we have, that is the end. */
      Event *event = g_new0 (Event, 1);

      event->kind = EVENT_DOWN;
      queue_event (assoc, event);
    }
}

static int
receive_cb (struct socket          *sock,
            union sctp_sockstore    addr,
            void                   *data,
            size_t                  datalen,
            struct sctp_rcvinfo     rcv,
            int                     flags,
            void                   *ulp_info)
{
  Association *assoc = association_lookup (GPOINTER_TO_UINT (ulp_info));

  if (assoc == NULL || data == NULL)
    {
      if (assoc != NULL)
        association_unref (assoc);
      free (data);
      return 1;
    }

  if (flags & MSG_NOTIFICATION)
    handle_notification (assoc, data, datalen);
  else
    {
      gboolean complete = (flags & MSG_EOR) != 0;
      g_autoptr(GBytes) message = NULL;

      g_mutex_lock (&assoc->lock);
      if (assoc->partial == NULL)
        assoc->partial = g_byte_array_new ();
      if (assoc->partial->len + datalen <= MAX_MESSAGE_SIZE)
        g_byte_array_append (assoc->partial, data, datalen);
      else
        {
          g_debug ("sctp: association %u: a message over %d bytes was dropped", assoc->id, MAX_MESSAGE_SIZE);
          g_byte_array_set_size (assoc->partial, 0);
          complete = FALSE;
        }
      if (complete)
        message = g_byte_array_free_to_bytes (g_steal_pointer (&assoc->partial));
      g_mutex_unlock (&assoc->lock);

      if (message != NULL)
        {
          Event *event = g_new0 (Event, 1);

          event->kind = EVENT_MESSAGE;
          event->sid = rcv.rcv_sid;
          event->ppid = g_ntohl (rcv.rcv_ppid);
          event->data = g_steal_pointer (&message);
          queue_event (assoc, event);
        }
    }
  free (data);
  association_unref (assoc);
  return 1;
}

static void
sctp_library_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      usrsctp_init (0, conn_output_cb, NULL);
      usrsctp_sysctl_set_sctp_ecn_enable (0);
      /* No heartbeats: DTLS and ICE already watch the path. */
      usrsctp_sysctl_set_sctp_heartbeat_interval_default (0);
      g_mutex_lock (&registry_lock);
      registry = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) association_unref);
      g_mutex_unlock (&registry_lock);
      g_once_init_leave (&done, 1);
    }
}

/* --- the channel ---------------------------------------------------------------------- */

struct _CvnRtcDataChannel
{
  GObject                 parent_instance;

  CvnRtcTransport        *transport;
  gulong                  state_handler;
  Association            *assoc;
  struct socket          *sock;
  gboolean                is_client;
  gboolean                sctp_started;
  gboolean                sctp_up;
  gboolean                open_sent;
  CvnRtcDataChannelState  state;
  GError                 *error;
  char                   *constraints;
  GSource                *constraints_timer;
  guint                   constraints_interval_ms;
  /* SCTP packets in from DTLS and out to it, the verification tag of the last one in */
  guint64                 n_sctp_in;
  guint64                 n_sctp_out;
  guint32                 last_vtag_in;
};

G_DEFINE_FINAL_TYPE (CvnRtcDataChannel, cvn_rtc_data_channel, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_STATE,
  PROP_ERROR,
  N_PROPS
};

enum {
  SIGNAL_MESSAGE_RECEIVED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
set_state (CvnRtcDataChannel      *self,
           CvnRtcDataChannelState  state)
{
  if (self->state == state)
    return;
  if (self->state == CVN_RTC_DATA_CHANNEL_STATE_FAILED || self->state == CVN_RTC_DATA_CHANNEL_STATE_CLOSED)
    return;
  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
}

static void
stop_constraints_timer (CvnRtcDataChannel *self)
{
  if (self->constraints_timer != NULL)
    {
      g_source_destroy (self->constraints_timer);
      g_clear_pointer (&self->constraints_timer, g_source_unref);
    }
}

static void
fail (CvnRtcDataChannel *self,
      GError            *error)
{
  if (self->state == CVN_RTC_DATA_CHANNEL_STATE_FAILED || self->state == CVN_RTC_DATA_CHANNEL_STATE_CLOSED)
    {
      g_error_free (error);
      return;
    }
  g_debug ("data channel %p failed: %s", self, error->message);
  stop_constraints_timer (self);
  g_clear_error (&self->error);
  self->error = error;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
  set_state (self, CVN_RTC_DATA_CHANNEL_STATE_FAILED);
}

static gboolean
sctp_send (CvnRtcDataChannel  *self,
           guint32             ppid,
           const void         *data,
           gsize               len,
           GError            **error)
{
  struct sctp_sndinfo info;

  memset (&info, 0, sizeof info);
  info.snd_sid = STREAM_ID;
  info.snd_ppid = g_htonl (ppid);
  info.snd_flags = SCTP_EOR;
  if (usrsctp_sendv (self->sock, data, len, NULL, 0, &info, sizeof info, SCTP_SENDV_SNDINFO, 0) < 0)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_SCTP, "SCTP send failed: %s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

static char *
default_constraints (void)
{
  return cvn_rtc_receiver_video_constraints_to_json (0, NULL, NULL, 0);
}

static void
send_constraints (CvnRtcDataChannel *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *fallback = NULL;
  const char *json = self->constraints;

  if (self->state != CVN_RTC_DATA_CHANNEL_STATE_OPEN || !self->is_client)
    return;
  if (json == NULL)
    json = fallback = default_constraints ();
  if (!cvn_rtc_data_channel_send_text (self, json, &error))
    g_debug ("data channel %p: constraints not sent: %s", self, error->message);
}

static gboolean
constraints_timer_cb (gpointer user_data)
{
  send_constraints (user_data);
  return G_SOURCE_CONTINUE;
}

static void
channel_opened (CvnRtcDataChannel *self)
{
  set_state (self, CVN_RTC_DATA_CHANNEL_STATE_OPEN);
  if (!self->is_client)
    return;
  send_constraints (self);
  stop_constraints_timer (self);
  self->constraints_timer = g_timeout_source_new (self->constraints_interval_ms);
  g_source_set_callback (self->constraints_timer, constraints_timer_cb, self, NULL);
  g_source_set_static_name (self->constraints_timer, "cvn-rtc-constraints");
  g_source_attach (self->constraints_timer, cvn_rtc_transport_get_context (self->transport));
}

static void
handle_dcep (CvnRtcDataChannel *self,
             guint16            sid,
             GBytes            *data)
{
  gsize len;
  const guint8 *p = g_bytes_get_data (data, &len);

  if (len == 1 && p[0] == CVN_RTC_DCEP_ACK)
    {
      if (self->is_client && sid == STREAM_ID && self->open_sent)
        channel_opened (self);
      return;
    }
  if (len > 0 && p[0] == CVN_RTC_DCEP_OPEN)
    {
      g_autoptr(GError) error = NULL;
      CvnRtcDcepOpen open;
      static const guint8 ack = CVN_RTC_DCEP_ACK;

      if (!cvn_rtc_dcep_parse_open (p, len, &open, &error))
        {
          g_debug ("data channel %p: %s", self, error->message);
          return;
        }
      if (sid != STREAM_ID || g_strcmp0 (open.label, CVN_RTC_DATA_CHANNEL_LABEL) != 0)
        g_debug ("data channel %p: the peer opened “%s” on stream %u; only “data” on 0 is used",
                 self, open.label, sid);
      else if (!sctp_send (self, CVN_RTC_PPID_DCEP, &ack, 1, &error))
        g_debug ("data channel %p: %s", self, error->message);
      else
        channel_opened (self);
      cvn_rtc_dcep_open_clear (&open);
      return;
    }
  g_debug ("data channel %p: unknown DCEP message of %" G_GSIZE_FORMAT " bytes", self, len);
}

static void
handle_message (CvnRtcDataChannel *self,
                Event             *event)
{
  gsize len;
  const char *text;

  if (event->ppid == CVN_RTC_PPID_DCEP)
    {
      handle_dcep (self, event->sid, event->data);
      return;
    }
  if (self->state != CVN_RTC_DATA_CHANNEL_STATE_OPEN || event->sid != STREAM_ID)
    return;
  if (event->ppid == CVN_RTC_PPID_STRING_EMPTY)
    {
      g_signal_emit (self, signals[SIGNAL_MESSAGE_RECEIVED], 0, "");
      return;
    }
  if (event->ppid != CVN_RTC_PPID_STRING)
    {
      g_debug ("data channel %p: ignoring a message with PPID %u", self, event->ppid);
      return;
    }
  text = g_bytes_get_data (event->data, &len);
  if (len == 0 || !g_utf8_validate_len (text, len, NULL) || memchr (text, '\0', len) != NULL)
    {
      g_debug ("data channel %p: dropping a text message that is not UTF-8", self);
      return;
    }
  {
    g_autofree char *copy = g_strndup (text, len);

    g_signal_emit (self, signals[SIGNAL_MESSAGE_RECEIVED], 0, copy);
  }
}

static void
sctp_up (CvnRtcDataChannel *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) open = NULL;

  if (self->sctp_up)
    return;
  self->sctp_up = TRUE;
  if (!self->is_client || self->open_sent)
    return;
  open = cvn_rtc_dcep_build_open (CVN_RTC_DATA_CHANNEL_LABEL, "");
  if (!sctp_send (self, CVN_RTC_PPID_DCEP, g_bytes_get_data (open, NULL), g_bytes_get_size (open), &error))
    {
      fail (self, g_steal_pointer (&error));
      return;
    }
  self->open_sent = TRUE;
}

static gboolean
drain_cb (gpointer user_data)
{
  Association *assoc = user_data;
  g_autoptr(CvnRtcDataChannel) self = g_weak_ref_get (&assoc->channel);
  GQueue packets = G_QUEUE_INIT;
  GQueue events = G_QUEUE_INIT;

  g_mutex_lock (&assoc->lock);
  packets = assoc->packets;
  events = assoc->events;
  g_queue_init (&assoc->packets);
  g_queue_init (&assoc->events);
  assoc->drain_scheduled = FALSE;
  g_mutex_unlock (&assoc->lock);

  for (GList *l = packets.head; self != NULL && l != NULL; l = l->next)
    {
      g_autoptr(GError) error = NULL;
      gsize len;
      const guint8 *data = g_bytes_get_data (l->data, &len);

      if (!cvn_rtc_transport_send_application_data (self->transport, data, len, &error))
        g_debug ("data channel %p: an SCTP packet was not sent: %s", self, error->message);
      else
        self->n_sctp_out++;
    }
  for (GList *l = events.head; self != NULL && l != NULL; l = l->next)
    {
      Event *event = l->data;

      if (self->state == CVN_RTC_DATA_CHANNEL_STATE_FAILED || self->state == CVN_RTC_DATA_CHANNEL_STATE_CLOSED)
        break;
      switch (event->kind)
        {
        case EVENT_UP:
          sctp_up (self);
          break;
        case EVENT_DOWN:
          stop_constraints_timer (self);
          if (self->state == CVN_RTC_DATA_CHANNEL_STATE_OPEN)
            set_state (self, CVN_RTC_DATA_CHANNEL_STATE_CLOSED);
          else
            fail (self, g_error_new_literal (CVN_RTC_ERROR, CVN_RTC_ERROR_SCTP, "the SCTP association could not be set up"));
          break;
        case EVENT_MESSAGE:
          handle_message (self, event);
          break;
        default:
          break;
        }
    }
  g_queue_clear_full (&packets, (GDestroyNotify) g_bytes_unref);
  g_queue_clear_full (&events, (GDestroyNotify) event_free);
  return G_SOURCE_REMOVE;
}

static void
application_data_cb (const guint8 *data,
                     gsize         len,
                     gpointer      user_data)
{
  CvnRtcDataChannel *self = user_data;

  if (self->sock == NULL || self->assoc == NULL)
    return;
  self->n_sctp_in++;
  if (len >= 8)
    self->last_vtag_in = (guint32) data[4] << 24 | data[5] << 16 | data[6] << 8 | data[7];
  usrsctp_conninput (GUINT_TO_POINTER (self->assoc->id), data, len, 0);
}

void
cvn_rtc_data_channel_receive_sctp (CvnRtcDataChannel *self,
                                   const guint8      *data,
                                   gsize              len)
{
  g_return_if_fail (CVN_IS_RTC_DATA_CHANNEL (self));
  application_data_cb (data, len, self);
}

void
cvn_rtc_data_channel_get_sctp_counts (CvnRtcDataChannel *self,
                                      guint64           *n_in,
                                      guint64           *n_out,
                                      guint32           *last_vtag_in)
{
  g_return_if_fail (CVN_IS_RTC_DATA_CHANNEL (self));
  if (n_in != NULL)
    *n_in = self->n_sctp_in;
  if (n_out != NULL)
    *n_out = self->n_sctp_out;
  if (last_vtag_in != NULL)
    *last_vtag_in = self->last_vtag_in;
}

static gboolean
set_option (struct socket  *sock,
            int             level,
            int             name,
            const void     *value,
            socklen_t       len,
            const char     *what,
            GError        **error)
{
  if (usrsctp_setsockopt (sock, level, name, value, len) < 0)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_SCTP, "SCTP option %s: %s", what, g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

static gboolean
start_sctp (CvnRtcDataChannel  *self,
            GError            **error)
{
  struct sockaddr_conn sconn;
  struct linger linger = { 1, 0 };
  struct sctp_initmsg init;
  const int on = 1;
  const uint16_t event_types[] = { SCTP_ASSOC_CHANGE, SCTP_STREAM_RESET_EVENT };
  int ret;

  self->sctp_started = TRUE;
  self->is_client = cvn_rtc_transport_get_role (self->transport) == CVN_RTC_ROLE_CLIENT;

  self->sock = usrsctp_socket (AF_CONN, SOCK_STREAM, IPPROTO_SCTP, receive_cb, NULL, 0,
                               GUINT_TO_POINTER (self->assoc->id));
  if (self->sock == NULL)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_SCTP, "SCTP socket: %s", g_strerror (errno));
      return FALSE;
    }
  usrsctp_register_address (GUINT_TO_POINTER (self->assoc->id));

  memset (&init, 0, sizeof init);
  init.sinit_num_ostreams = 16;
  init.sinit_max_instreams = 16;
  if (usrsctp_set_non_blocking (self->sock, 1) < 0 ||
      !set_option (self->sock, SOL_SOCKET, SO_LINGER, &linger, sizeof linger, "SO_LINGER", error) ||
      !set_option (self->sock, IPPROTO_SCTP, SCTP_RECVRCVINFO, &on, sizeof on, "SCTP_RECVRCVINFO", error) ||
      !set_option (self->sock, IPPROTO_SCTP, SCTP_NODELAY, &on, sizeof on, "SCTP_NODELAY", error) ||
      !set_option (self->sock, IPPROTO_SCTP, SCTP_INITMSG, &init, sizeof init, "SCTP_INITMSG", error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (event_types); i++)
    {
      struct sctp_event event;

      memset (&event, 0, sizeof event);
      event.se_assoc_id = SCTP_ALL_ASSOC;
      event.se_on = 1;
      event.se_type = event_types[i];
      if (!set_option (self->sock, IPPROTO_SCTP, SCTP_EVENT, &event, sizeof event, "SCTP_EVENT", error))
        return FALSE;
    }

  memset (&sconn, 0, sizeof sconn);
  sconn.sconn_family = AF_CONN;
  sconn.sconn_port = g_htons (SCTP_PORT);
  sconn.sconn_addr = GUINT_TO_POINTER (self->assoc->id);
  if (usrsctp_bind (self->sock, (struct sockaddr *) &sconn, sizeof sconn) < 0)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_SCTP, "SCTP bind: %s", g_strerror (errno));
      return FALSE;
    }
  /* Both ends connect (RFC 8831 6.2 allows the INIT collision); ports 5000 <-> 5000. */
  ret = usrsctp_connect (self->sock, (struct sockaddr *) &sconn, sizeof sconn);
  if (ret < 0 && errno != EINPROGRESS)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_SCTP, "SCTP connect: %s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

static void
transport_state_cb (CvnRtcTransport   *transport,
                    GParamSpec        *pspec,
                    CvnRtcDataChannel *self)
{
  g_autoptr(GError) error = NULL;

  switch (cvn_rtc_transport_get_state (transport))
    {
    case CVN_RTC_TRANSPORT_STATE_CONNECTED_SECURE:
      if (!self->sctp_started && !start_sctp (self, &error))
        fail (self, g_steal_pointer (&error));
      break;
    case CVN_RTC_TRANSPORT_STATE_FAILED:
      fail (self, g_error_new_literal (CVN_RTC_ERROR, CVN_RTC_ERROR_SCTP, "the transport failed"));
      break;
    case CVN_RTC_TRANSPORT_STATE_CLOSED:
      stop_constraints_timer (self);
      set_state (self, CVN_RTC_DATA_CHANNEL_STATE_CLOSED);
      break;
    default:
      break;
    }
}

CvnRtcDataChannel *
cvn_rtc_data_channel_new (CvnRtcTransport  *transport,
                          GError          **error)
{
  g_autoptr(CvnRtcDataChannel) self = NULL;
  Association *assoc;

  g_return_val_if_fail (CVN_IS_RTC_TRANSPORT (transport), NULL);

  sctp_library_init ();
  self = g_object_new (CVN_TYPE_RTC_DATA_CHANNEL, NULL);
  self->transport = g_object_ref (transport);

  assoc = g_new0 (Association, 1);
  g_atomic_ref_count_init (&assoc->ref);
  g_mutex_init (&assoc->lock);
  g_weak_ref_init (&assoc->channel, self);
  assoc->context = g_main_context_ref (cvn_rtc_transport_get_context (transport));
  g_mutex_lock (&registry_lock);
  assoc->id = next_id++;
  g_hash_table_insert (registry, GUINT_TO_POINTER (assoc->id), association_ref (assoc));
  g_mutex_unlock (&registry_lock);
  self->assoc = assoc;

  cvn_rtc_transport_set_application_data_func (transport, application_data_cb, self);
  self->state_handler = g_signal_connect (transport, "notify::state", G_CALLBACK (transport_state_cb), self);
  transport_state_cb (transport, NULL, self);
  if (self->state == CVN_RTC_DATA_CHANNEL_STATE_FAILED && self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return NULL;
    }
  return g_steal_pointer (&self);
}

CvnRtcDataChannelState
cvn_rtc_data_channel_get_state (CvnRtcDataChannel *self)
{
  g_return_val_if_fail (CVN_IS_RTC_DATA_CHANNEL (self), CVN_RTC_DATA_CHANNEL_STATE_FAILED);
  return self->state;
}

const GError *
cvn_rtc_data_channel_get_error (CvnRtcDataChannel *self)
{
  g_return_val_if_fail (CVN_IS_RTC_DATA_CHANNEL (self), NULL);
  return self->error;
}

gboolean
cvn_rtc_data_channel_send_text (CvnRtcDataChannel  *self,
                                const char         *text,
                                GError            **error)
{
  gsize len;

  g_return_val_if_fail (CVN_IS_RTC_DATA_CHANNEL (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (self->state != CVN_RTC_DATA_CHANNEL_STATE_OPEN)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_SCTP, "the data channel is not open");
      return FALSE;
    }
  len = strlen (text);
  if (len > MAX_MESSAGE_SIZE)
    {
      g_set_error (error, CVN_RTC_ERROR, CVN_RTC_ERROR_SCTP, "a message of %" G_GSIZE_FORMAT " bytes is over %d", len, MAX_MESSAGE_SIZE);
      return FALSE;
    }
  if (len == 0)
    {
      static const guint8 zero = 0;

      return sctp_send (self, CVN_RTC_PPID_STRING_EMPTY, &zero, 1, error);
    }
  return sctp_send (self, CVN_RTC_PPID_STRING, text, len, error);
}

void
cvn_rtc_data_channel_set_receiver_constraints (CvnRtcDataChannel *self,
                                               const char        *json)
{
  g_return_if_fail (CVN_IS_RTC_DATA_CHANNEL (self));

  if (g_strcmp0 (self->constraints, json) == 0)
    return;
  g_free (self->constraints);
  self->constraints = g_strdup (json);
  send_constraints (self);
}

void
cvn_rtc_data_channel_set_constraints_interval (CvnRtcDataChannel *self,
                                               guint              interval_ms)
{
  g_return_if_fail (CVN_IS_RTC_DATA_CHANNEL (self));
  g_return_if_fail (interval_ms >= 10);

  self->constraints_interval_ms = interval_ms;
  if (self->constraints_timer != NULL)
    {
      stop_constraints_timer (self);
      self->constraints_timer = g_timeout_source_new (self->constraints_interval_ms);
      g_source_set_callback (self->constraints_timer, constraints_timer_cb, self, NULL);
      g_source_set_static_name (self->constraints_timer, "cvn-rtc-constraints");
      g_source_attach (self->constraints_timer, cvn_rtc_transport_get_context (self->transport));
    }
}

static void
cvn_rtc_data_channel_dispose (GObject *object)
{
  CvnRtcDataChannel *self = CVN_RTC_DATA_CHANNEL (object);

  stop_constraints_timer (self);
  if (self->transport != NULL)
    {
      g_clear_signal_handler (&self->state_handler, self->transport);
      cvn_rtc_transport_set_application_data_func (self->transport, NULL, NULL);
    }
  if (self->assoc != NULL)
    {
      guint id = self->assoc->id;

      /* Out of the table first: usrsctp's threads find nothing from now on. */
      g_mutex_lock (&registry_lock);
      g_hash_table_remove (registry, GUINT_TO_POINTER (id));
      g_mutex_unlock (&registry_lock);
      if (self->sock != NULL)
        {
          usrsctp_close (self->sock);
          usrsctp_deregister_address (GUINT_TO_POINTER (id));
          self->sock = NULL;
        }
      g_clear_pointer (&self->assoc, association_unref);
    }
  g_clear_object (&self->transport);
  G_OBJECT_CLASS (cvn_rtc_data_channel_parent_class)->dispose (object);
}

static void
cvn_rtc_data_channel_finalize (GObject *object)
{
  CvnRtcDataChannel *self = CVN_RTC_DATA_CHANNEL (object);

  g_clear_error (&self->error);
  g_free (self->constraints);
  G_OBJECT_CLASS (cvn_rtc_data_channel_parent_class)->finalize (object);
}

static void
cvn_rtc_data_channel_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  CvnRtcDataChannel *self = CVN_RTC_DATA_CHANNEL (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
cvn_rtc_data_channel_class_init (CvnRtcDataChannelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = cvn_rtc_data_channel_dispose;
  object_class->finalize = cvn_rtc_data_channel_finalize;
  object_class->get_property = cvn_rtc_data_channel_get_property;

  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, CVN_TYPE_RTC_DATA_CHANNEL_STATE, CVN_RTC_DATA_CHANNEL_STATE_CONNECTING,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * CvnRtcDataChannel::message-received:
   * @text: one text message (UTF-8)
   */
  signals[SIGNAL_MESSAGE_RECEIVED] =
    g_signal_new ("message-received", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
cvn_rtc_data_channel_init (CvnRtcDataChannel *self)
{
  self->state = CVN_RTC_DATA_CHANNEL_STATE_CONNECTING;
  self->constraints_interval_ms = CVN_RTC_CONSTRAINTS_INTERVAL_MS;
}
