/* fuzz-sandbox-dispatch.c: random well-typed requests to the sandbox's dispatcher.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Input: byte 0 chooses the session (bits 0-1: Ada, Brian, Cleo or a logged-out one) and
 * the mode (bit 2).  Typed mode (bit 2 clear): the rest drives a generator that builds a
 * request from the TL registry: one of the methods the sandbox serves, every field of the
 * right TL type, optional fields present or not, constructors of the field's type chosen at
 * random, and values drawn mostly from the world (real call ids with their access hashes,
 * slugs, chats and users with their access hashes, the sources in use, dates around the
 * scheduling bounds, valid and broken join payloads, the phone code hashes the sessions were
 * given) so the requests get past the first
 * checks into the method handlers.  The request is encoded and decoded again (it is what a
 * client could send) and dispatched.  Raw mode (bit 2 set): the rest is one boxed TL object,
 * dispatched if it decodes as a method (the committed corpus-dispatch/ seeds).
 *
 * The world (seed 42, fake clock) is rebuilt every 2000 inputs.  Every answer must be a
 * result that encodes or an rpc_error; pushed updates must encode too (they are decoded
 * back).
 */
#include "config.h"

#include "cvn-sandbox-dispatch.h"
#include "cvn-sandbox-error.h"
#include "cvn-sandbox-private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

#define MAX_DEPTH 6

static CvnClock *clock_;
static CvnSandboxWorld *world;
static CvnSandboxSession *sessions[4];
static guint runs;
static GPtrArray *methods;   /* const CvnTlConstructor * */

/* Every method the sandbox serves (cvn-sandbox-calls.c, cvn-sandbox-account.c). */
static const char * const method_names[] = {
  "phone.createGroupCall", "phone.toggleGroupCallStartSubscription", "phone.startScheduledGroupCall",
  "phone.joinGroupCall", "phone.leaveGroupCall", "phone.inviteToGroupCall", "phone.discardGroupCall",
  "phone.toggleGroupCallSettings", "phone.getGroupCall", "phone.getGroupParticipants",
  "phone.checkGroupCall", "phone.toggleGroupCallRecord", "phone.editGroupCallParticipant",
  "phone.editGroupCallTitle", "phone.getGroupCallJoinAs", "phone.saveDefaultGroupCallJoinAs",
  "phone.exportGroupCallInvite", "phone.joinGroupCallPresentation", "phone.leaveGroupCallPresentation",
  "phone.getGroupCallStreamChannels", "phone.getGroupCallStreamRtmpUrl", "phone.createConferenceCall",
  "phone.inviteConferenceCallParticipant", "phone.declineConferenceCallInvite",
  "phone.deleteConferenceCallParticipants", "phone.sendConferenceCallBroadcast",
  "phone.getGroupCallChainBlocks", "phone.sendGroupCallMessage", "phone.sendGroupCallEncryptedMessage",
  "phone.deleteGroupCallMessages", "phone.deleteGroupCallParticipantMessages", "phone.getGroupCallStars",
  "phone.saveDefaultSendAs", "stories.startLive",
  "help.getConfig", "help.getNearestDc", "auth.sendCode", "auth.resendCode", "auth.cancelCode",
  "auth.signIn", "auth.signUp", "auth.logOut", "account.getPassword", "auth.checkPassword",
  "auth.exportLoginToken", "auth.acceptLoginToken", "auth.importLoginToken", "users.getUsers",
  "users.getFullUser", "contacts.resolveUsername", "messages.getDialogs", "messages.getPeerDialogs",
  "messages.getHistory", "messages.getFullChat", "channels.getFullChannel", "updates.getState",
  "updates.getDifference",
};

/* --- the input as a source of choices ------------------------------------------------------ */

typedef struct
{
  const guint8 *data;
  gsize         len;
  gsize         pos;
  CvnTlArena   *arena;
} Gen;

static guint32
take (Gen  *g,
      guint n)
{
  guint32 v = 0;

  for (guint i = 0; i < n; i++)
    v = (v << 8) | (g->pos < g->len ? g->data[g->pos++] : 0);
  return v;
}

static guint
pick (Gen  *g,
      guint n)
{
  return n <= 1 ? 0 : (n <= 256 ? take (g, 1) : take (g, 2)) % n;
}

static gboolean
coin (Gen *g)
{
  return take (g, 1) & 1;
}

/* --- values from the world ---------------------------------------------------------------- */

static gpointer
pick_value (Gen        *g,
            GHashTable *table)
{
  guint n = g_hash_table_size (table), k;
  GHashTableIter iter;
  gpointer value = NULL;

  if (n == 0)
    return NULL;
  k = pick (g, n);
  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value) && k-- > 0)
    ;
  return value;
}

static guint32
some_source (Gen *g)
{
  CvnSandboxCall *call = pick_value (g, world->calls);

  if (call == NULL || call->participants->len == 0 || coin (g))
    return 1000 + pick (g, 64);
  return ((CvnSandboxParticipant *) g_ptr_array_index (call->participants,
                                                       pick (g, call->participants->len)))->source;
}

static gint32
gen_int (Gen *g)
{
  gint32 now = cvn_sandbox_world_now (world);

  switch (pick (g, 10))
    {
    case 0: return pick (g, 16);
    case 1: return (gint32) some_source (g);
    case 2: return -1 - (gint32) pick (g, 4);
    case 3: return G_MAXINT32 - (gint32) pick (g, 2);
    case 4:
      {
        static const gint32 offsets[] = { -100, 0, 5, 9, 10, 11, 600, 8 * 86400 - 1, 8 * 86400, 8 * 86400 + 1 };
        return now + offsets[pick (g, G_N_ELEMENTS (offsets))];
      }
    case 5:
      {
        static const gint32 limits[] = { 0, 1, 3, 5, 10, 100, 500, 501, 20000, 20001 };
        return limits[pick (g, G_N_ELEMENTS (limits))];
      }
    case 6: return 1 + pick (g, 40);   /* message ids */
    default: return (gint32) take (g, 4);
    }
}

static gint64
gen_long (Gen *g)
{
  switch (pick (g, 6))
    {
    case 0:
      {
        CvnSandboxCall *call = pick_value (g, world->calls);
        return call != NULL ? (coin (g) ? call->id : call->access_hash) : 0;
      }
    case 1:
      {
        CvnSandboxChat *chat = pick_value (g, world->chats);
        return chat != NULL ? (coin (g) ? chat->id : chat->access_hash) : 0;
      }
    case 2:
      {
        CvnSandboxUser *user = pick_value (g, world->users);
        return user != NULL ? (coin (g) ? user->id : user->access_hash) : 0;
      }
    case 3: return pick (g, 8) - 1;
    default: return (gint64) (((guint64) take (g, 4) << 32) | take (g, 4));
    }
}

static char *
join_payload (Gen *g)
{
  guint32 ssrc = coin (g) ? some_source (g) : take (g, 4);

  switch (pick (g, 8))
    {
    case 0: return g_strdup ("{}");
    case 1: return g_strdup ("not json");
    case 2: return g_strdup_printf ("{\"ssrc\":%u,\"ufrag\":\"\",\"pwd\":\"p\",\"fingerprints\":[]}", ssrc);
    case 3:
      return g_strdup_printf ("{\"ssrc\":%u,\"ufrag\":\"u\",\"pwd\":\"p\",\"fingerprints\":[{\"hash\":\"sha-256\","
                              "\"fingerprint\":\"AA\",\"setup\":\"%s\"}],\"ssrc-groups\":[{\"semantics\":\"SIM\","
                              "\"sources\":[%u,%u,%u]},{\"semantics\":\"FID\",\"sources\":[%u,%u]}]}",
                              ssrc, coin (g) ? "passive" : "actpass", ssrc + 1, ssrc + 2, ssrc + 3, ssrc + 1,
                              coin (g) ? some_source (g) : ssrc + 4);
    case 4:
      return g_strdup_printf ("{\"ssrc\":%u,\"ufrag\":\"u\",\"pwd\":\"p\",\"fingerprints\":[{\"hash\":\"sha-256\","
                              "\"fingerprint\":\"AA\"}],\"ssrc-groups\":[{\"semantics\":\"SIM\",\"sources\":[]}]}", ssrc);
    case 5:
      return g_strdup_printf ("{\"ssrc\":%u,\"ufrag\":\"u\",\"pwd\":\"p\",\"fingerprints\":[{\"hash\":\"sha-256\","
                              "\"fingerprint\":\"AA\",\"setup\":\"bogus\"}],\"ssrc-groups\":7}", ssrc);
    default:
      return g_strdup_printf ("{\"ssrc\":%u,\"ufrag\":\"u\",\"pwd\":\"p\",\"fingerprints\":[{\"hash\":\"sha-256\","
                              "\"fingerprint\":\"AA\",\"setup\":\"active\"}]}", ssrc);
    }
}

static void
gen_string (Gen         *g,
            CvnTlString *string)
{
  g_autofree char *s = NULL;

  switch (pick (g, 12))
    {
    case 0: s = g_strdup (""); break;
    case 1: s = g_strdup ("convene-demo"); break;
    case 2:
      {
        CvnSandboxCall *call = pick_value (g, world->calls);
        s = g_strdup (call != NULL && call->slug != NULL ? call->slug : "x");
        break;
      }
    case 3:
      {
        static const char * const names[] = { "convene_lounge", "ada_demo", "brian_second", "big_stage", "no", "_x_" };
        s = g_strdup (names[pick (g, G_N_ELEMENTS (names))]);
        break;
      }
    case 4:
      {
        static const char * const phones[] = { "9996610001", "9996620002", "9996630003", "9996641234", "+1 555" };
        s = g_strdup (phones[pick (g, G_N_ELEMENTS (phones))]);
        break;
      }
    case 5:
      {
        static const char * const codes[] = { "11111", "22222", "33333", "44444", "0" };
        s = g_strdup (codes[pick (g, G_N_ELEMENTS (codes))]);
        break;
      }
    case 6: s = join_payload (g); break;
    case 7:
      {
        CvnSandboxCall *call = pick_value (g, world->calls);
        s = g_strdup (call != NULL && call->listener_hash != NULL ? (coin (g) ? call->listener_hash : call->speaker_hash) : "h");
        break;
      }
    case 8: s = g_strnfill (pick (g, 300) * 20, 'x'); break;
    case 9:
      {
        /* a phone_code_hash sendCode gave a session, so resendCode/cancelCode/signIn get past it */
        const char *hash = cvn_sandbox_session_get_login_hash (sessions[pick (g, G_N_ELEMENTS (sessions))]);
        s = g_strdup (hash != NULL ? hash : "h");
        break;
      }
    default:
      {
        guint n = pick (g, 24);
        char *raw = cvn_tl_arena_alloc (g->arena, n + 1);

        for (guint i = 0; i < n; i++)
          raw[i] = (char) take (g, 1);
        raw[n] = '\0';
        string->str = raw;
        string->len = n;
        return;
      }
    }
  cvn_tl_string_set (g->arena, string, s);
}

static void
gen_bytes (Gen        *g,
           CvnTlBytes *bytes)
{
  guint n = pick (g, 5) == 0 ? 0 : 1 + pick (g, 48);
  guint8 *raw = cvn_tl_arena_alloc (g->arena, n + 1);

  for (guint i = 0; i < n; i++)
    raw[i] = take (g, 1);
  bytes->data = raw;
  bytes->len = n;
}

/* --- objects ------------------------------------------------------------------------------- */

static CvnTlObject *gen_object (Gen *g, const CvnTlConstructor *ctor, guint depth);

static CvnTlObject *
peer_object (Gen        *g,
             const char *type_name)
{
  const CvnTlConstructor *ctor;
  CvnTlObject *o;

  if (g_str_equal (type_name, "InputPeer"))
    {
      guint k = pick (g, 4);

      if (k == 0)
        return cvn_tl_object_new (g->arena, CVN_TL_API_INPUT_PEER_SELF_CTOR);
      if (k == 1)
        {
          CvnSandboxUser *user = pick_value (g, world->users);
          CvnTlApiInputPeerUser *p = (gpointer) cvn_tl_object_new (g->arena, CVN_TL_API_INPUT_PEER_USER_CTOR);

          p->user_id = user->id;
          p->access_hash = user->access_hash;
          return &p->parent;
        }
      {
        CvnSandboxChat *chat = pick_value (g, world->chats);

        if (chat->kind == CVN_SANDBOX_CHAT_GROUP)
          {
            CvnTlApiInputPeerChat *p = (gpointer) cvn_tl_object_new (g->arena, CVN_TL_API_INPUT_PEER_CHAT_CTOR);

            p->chat_id = chat->id;
            return &p->parent;
          }
        else
          {
            CvnTlApiInputPeerChannel *p = (gpointer) cvn_tl_object_new (g->arena, CVN_TL_API_INPUT_PEER_CHANNEL_CTOR);

            p->channel_id = chat->id;
            p->access_hash = chat->access_hash;
            return &p->parent;
          }
      }
    }
  if (g_str_equal (type_name, "InputUser"))
    {
      CvnSandboxUser *user = pick_value (g, world->users);
      CvnTlApiInputUser *u;

      if (coin (g))
        return cvn_tl_object_new (g->arena, CVN_TL_API_INPUT_USER_SELF_CTOR);
      u = (gpointer) cvn_tl_object_new (g->arena, CVN_TL_API_INPUT_USER_CTOR);
      u->user_id = user->id;
      u->access_hash = user->access_hash;
      return &u->parent;
    }
  if (g_str_equal (type_name, "InputChannel"))
    {
      CvnSandboxChat *chat = pick_value (g, world->chats);
      CvnTlApiInputChannel *c = (gpointer) cvn_tl_object_new (g->arena, CVN_TL_API_INPUT_CHANNEL_CTOR);

      c->channel_id = chat->id;
      c->access_hash = chat->access_hash;
      return &c->parent;
    }
  if (g_str_equal (type_name, "InputGroupCall"))
    {
      CvnSandboxCall *call = pick_value (g, world->calls);
      guint k = pick (g, 6);

      if (k == 0 && call != NULL && call->slug != NULL)
        {
          CvnTlApiInputGroupCallSlug *s = (gpointer) cvn_tl_object_new (g->arena, CVN_TL_API_INPUT_GROUP_CALL_SLUG_CTOR);

          cvn_tl_string_set (g->arena, &s->slug, call->slug);
          return &s->parent;
        }
      if (k == 1)
        {
          CvnTlApiInputGroupCallInviteMessage *m =
            (gpointer) cvn_tl_object_new (g->arena, CVN_TL_API_INPUT_GROUP_CALL_INVITE_MESSAGE_CTOR);

          m->msg_id = 1 + pick (g, 20);
          return &m->parent;
        }
      if (call != NULL)
        {
          CvnTlApiInputGroupCall *c = (gpointer) cvn_tl_object_new (g->arena, CVN_TL_API_INPUT_GROUP_CALL_CTOR);

          c->id = call->id;
          c->access_hash = k == 2 ? gen_long (g) : call->access_hash;
          return &c->parent;
        }
      return NULL;
    }
  if (g_str_equal (type_name, "DataJSON"))
    {
      CvnTlApiDataJSON *d = (gpointer) cvn_tl_object_new (g->arena, CVN_TL_API_DATA_JSON_CTOR);
      g_autofree char *s = join_payload (g);

      cvn_tl_string_set (g->arena, &d->data, s);
      return &d->parent;
    }
  if (g_str_equal (type_name, "TextWithEntities"))
    {
      ctor = CVN_TL_API_TEXT_WITH_ENTITIES_CTOR;
      o = cvn_tl_object_new (g->arena, ctor);
      gen_string (g, &((CvnTlApiTextWithEntities *) o)->text);
      ((CvnTlApiTextWithEntities *) o)->entities = cvn_tl_vector_new (g->arena, CVN_TL_KIND_OBJECT, 0);
      return o;
    }
  return NULL;
}

static CvnTlObject *
gen_boxed (Gen   *g,
           guint  type,
           guint  depth)
{
  const CvnTlType *t;
  const CvnTlConstructor *ctor;
  CvnTlObject *o;

  g_assert (type != CVN_TL_ANY);
  t = &cvn_tl_types[type];
  /* mostly world-aware values for the types that name things */
  if (pick (g, 8) != 0 && (o = peer_object (g, t->name)) != NULL)
    return o;
  if (depth >= MAX_DEPTH)
    {
      /* the constructor with the fewest fields, to end the recursion */
      ctor = &cvn_tl_constructors[t->ctors[0]];
      for (guint i = 1; i < t->n_ctors; i++)
        if (cvn_tl_constructors[t->ctors[i]].n_fields < ctor->n_fields)
          ctor = &cvn_tl_constructors[t->ctors[i]];
    }
  else
    ctor = &cvn_tl_constructors[t->ctors[pick (g, t->n_ctors)]];
  return gen_object (g, ctor, depth + 1);
}

static void
gen_value (Gen              *g,
           guint8            kind,
           guint8            elem_kind,
           guint16           ref,
           gpointer          slot,
           guint             depth);

static CvnTlVector *
gen_vector (Gen     *g,
            guint8   elem_kind,
            guint16  ref,
            guint    depth)
{
  guint n = depth >= MAX_DEPTH ? 0 : pick (g, 4);
  CvnTlVector *v = cvn_tl_vector_new (g->arena, elem_kind, n);
  gsize size;

  switch (elem_kind)
    {
    case CVN_TL_KIND_INT: size = sizeof (gint32); break;
    case CVN_TL_KIND_LONG: size = sizeof (gint64); break;
    case CVN_TL_KIND_DOUBLE: size = sizeof (gdouble); break;
    case CVN_TL_KIND_INT128: size = 16; break;
    case CVN_TL_KIND_INT256: size = 32; break;
    case CVN_TL_KIND_STRING: size = sizeof (CvnTlString); break;
    case CVN_TL_KIND_BYTES: size = sizeof (CvnTlBytes); break;
    case CVN_TL_KIND_BOOL:
    case CVN_TL_KIND_TRUE: size = sizeof (gboolean); break;
    default: size = sizeof (gpointer); break;
    }
  for (guint i = 0; i < n; i++)
    gen_value (g, elem_kind, CVN_TL_KIND_NONE, ref, (guint8 *) v->data + i * size, depth + 1);
  return v;
}

static void
gen_value (Gen     *g,
           guint8   kind,
           guint8   elem_kind,
           guint16  ref,
           gpointer slot,
           guint    depth)
{
  switch (kind)
    {
    case CVN_TL_KIND_INT: *(gint32 *) slot = gen_int (g); break;
    case CVN_TL_KIND_LONG: *(gint64 *) slot = gen_long (g); break;
    case CVN_TL_KIND_DOUBLE: *(gdouble *) slot = (gdouble) gen_int (g) / 7.0; break;
    case CVN_TL_KIND_INT128:
      for (guint i = 0; i < 16; i++)
        ((guint8 *) slot)[i] = take (g, 1);
      break;
    case CVN_TL_KIND_INT256:
      for (guint i = 0; i < 32; i++)
        ((guint8 *) slot)[i] = take (g, 1);
      break;
    case CVN_TL_KIND_STRING: gen_string (g, slot); break;
    case CVN_TL_KIND_BYTES: gen_bytes (g, slot); break;
    case CVN_TL_KIND_BOOL:
    case CVN_TL_KIND_TRUE: *(gboolean *) slot = coin (g); break;
    case CVN_TL_KIND_OBJECT: *(CvnTlObject **) slot = gen_boxed (g, ref, depth); break;
    case CVN_TL_KIND_BARE: *(CvnTlObject **) slot = gen_object (g, &cvn_tl_constructors[ref], depth + 1); break;
    case CVN_TL_KIND_VECTOR:
    case CVN_TL_KIND_BARE_VECTOR: *(CvnTlVector **) slot = gen_vector (g, elem_kind, ref, depth); break;
    default: break;
    }
}

static CvnTlObject *
gen_object (Gen                    *g,
            const CvnTlConstructor *ctor,
            guint                   depth)
{
  CvnTlObject *o = cvn_tl_object_new (g->arena, ctor);
  guint32 decided[64] = { 0 };   /* per `#` field: the bits already chosen */

  for (guint i = 0; i < ctor->n_fields; i++)
    {
      const CvnTlField *field = &ctor->fields[i];
      gpointer slot = (guint8 *) o + field->offset;

      if (field->kind == CVN_TL_KIND_FLAGS)
        continue;
      if (field->flag_field >= 0)
        {
          guint32 *flags = (guint32 *) ((guint8 *) o + ctor->fields[field->flag_field].offset);
          guint32 bit = 1u << field->flag_bit;
          guint k = MIN ((guint) field->flag_field, G_N_ELEMENTS (decided) - 1);

          /* fields sharing a bit are present together */
          if ((decided[k] & bit) == 0)
            {
              decided[k] |= bit;
              if (depth < MAX_DEPTH && coin (g))
                *flags |= bit;
            }
          if ((*flags & bit) == 0)
            continue;   /* absent */
        }
      gen_value (g, field->kind, field->elem_kind, field->ref, slot, depth);
    }
  return o;
}

/* --- the target ---------------------------------------------------------------------------- */

static void
rebuild (void)
{
  g_clear_object (&world);
  if (clock_ == NULL)
    clock_ = cvn_clock_new_fake ();
  if (methods == NULL)
    {
      methods = g_ptr_array_new ();
      for (guint i = 0; i < G_N_ELEMENTS (method_names); i++)
        {
          const CvnTlConstructor *ctor = cvn_tl_lookup_name (method_names[i], CVN_TL_SCHEMA_API);

          if (ctor == NULL)
            g_error ("%s is not in the schema", method_names[i]);
          g_ptr_array_add (methods, (gpointer) ctor);
        }
    }
  world = cvn_sandbox_world_new (clock_, 42);
  cvn_sandbox_world_load_default (world);
  for (guint i = 0; i < G_N_ELEMENTS (sessions); i++)
    sessions[i] = cvn_sandbox_world_open_session (world);
}

static void
check_pushed (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (sessions); i++)
    {
      GBytes *bytes;

      while ((bytes = cvn_sandbox_session_pop_update (sessions[i])) != NULL)
        {
          g_autoptr(CvnTlArena) arena = cvn_tl_arena_new ();
          g_autoptr(GError) error = NULL;
          gsize len;
          const guint8 *raw = g_bytes_get_data (bytes, &len);

          if (cvn_tl_decode (raw, len, arena, &error) == NULL)
            g_error ("a pushed update does not decode: %s", error->message);
          g_bytes_unref (bytes);
        }
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const gint64 users[] = { 1001, 1002, 1003, 0 };
  g_autoptr(CvnTlArena) arena = NULL;
  g_autoptr(CvnTlArena) wire_arena = NULL;
  g_autoptr(GError) error = NULL;
  CvnSandboxSession *session;
  CvnTlObject *request;
  CvnTlValue result;

  if (size < 2)
    return 0;
  if (world == NULL || ++runs % 2000 == 0)
    rebuild ();
  session = sessions[data[0] & 3];
  cvn_sandbox_session_set_user_id (session, users[data[0] & 3]);
  arena = cvn_tl_arena_new ();
  if (data[0] & 4)
    {
      request = cvn_tl_decode (data + 1, size - 1, arena, NULL);
      if (request == NULL || !request->ctor->is_method)
        return 0;
    }
  else
    {
      Gen g = { data + 1, size - 1, 0, arena };
      const CvnTlConstructor *method = g_ptr_array_index (methods, pick (&g, methods->len));
      CvnTlObject *built = gen_object (&g, method, 0);
      g_autoptr(GBytes) wire = cvn_tl_encode (built, &error);

      /* what a client could send: through the encoder and the decoder */
      if (wire == NULL)
        g_error ("%s: a generated request that does not encode: %s", method->name, error->message);
      wire_arena = cvn_tl_arena_new ();
      request = cvn_tl_decode (g_bytes_get_data (wire, NULL), g_bytes_get_size (wire), wire_arena, &error);
      if (request == NULL)
        g_error ("%s: a generated request that does not decode: %s", method->name, error->message);
    }
  if (cvn_sandbox_dispatch (world, session, request, arena, &result, &error))
    {
      g_autoptr(GBytes) bytes = cvn_sandbox_encode_result (&result, &error);

      if (bytes == NULL)
        g_error ("%s: a result that does not encode: %s", request->ctor->name, error->message);
    }
  else if (error == NULL || error->domain != CVN_SANDBOX_RPC_ERROR)
    g_error ("%s: no rpc_error", request->ctor->name);
  check_pushed ();
  cvn_clock_advance (clock_, 100);
  return 0;
}
