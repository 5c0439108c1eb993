/* cvn-mtproto-auth-key.h: creating an auth key (https://core.telegram.org/mtproto/auth_key),
 * both roles, as a pure state machine over unencrypted messages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 *   client                                     server
 *   req_pq_multi (nonce)                 ->
 *                                        <-    resPQ (nonce, server_nonce, pq, fingerprints)
 *   req_DH_params (p, q, fingerprint,
 *     RSA_PAD (p_q_inner_data_dc))       ->
 *                                        <-    server_DH_params_ok (AES-IGE (server_DH_inner_data))
 *   set_client_DH_params
 *     (AES-IGE (client_DH_inner_data))   ->
 *                                        <-    dh_gen_ok / dh_gen_retry / dh_gen_fail
 *
 * Every check of the documentation and of the security guidelines is made: nonces and
 * server nonces echoed, a known RSA fingerprint, pq factorised and p < q, the SHA1 of the
 * decrypted answers and their padding (< 16 bytes), the DH prime (2048-bit safe prime) and
 * g, 1 < g_a, g_b < p - 1 within 2^(2048-64) of both ends, new_nonce_hash1/2/3, retry_id.
 * A failure is a GError in CVN_MTPROTO_ERROR_AUTH_KEY (or the crypto layer's CHECK_FAILED
 * wrapped in it) and the handshake is then dead.
 *
 * The caller moves the bytes: cvn_mtproto_handshake_receive() takes the payload of a
 * transport frame and returns the next message to send (or none).
 */
#pragma once

#include <glib.h>

#include "cvn-mtproto-message.h"
#include "cvn-rsa.h"

G_BEGIN_DECLS

typedef struct _CvnMtprotoHandshake CvnMtprotoHandshake;

/* @keys: CvnRsaKey * (public keys the client trusts). @dc_id goes into p_q_inner_data_dc. */
CvnMtprotoHandshake *cvn_mtproto_handshake_new_client (GPtrArray    *keys,
                                                       gint32        dc_id);
/* @key: the server's key pair. @dh_prime: 256 bytes, NULL for the default prime with
 * g = 3. */
CvnMtprotoHandshake *cvn_mtproto_handshake_new_server (CvnRsaKey    *key,
                                                       const guint8 *dh_prime,
                                                       gint32        g,
                                                       gint32        dc_id);
void                 cvn_mtproto_handshake_free       (CvnMtprotoHandshake *self);

/* Client: the first message (req_pq_multi). */
GBytes   *cvn_mtproto_handshake_start          (CvnMtprotoHandshake  *self,
                                                gint64                now_us,
                                                GError              **error);
/* Takes one received frame; *@reply is the message to send next, or NULL. */
gboolean  cvn_mtproto_handshake_receive        (CvnMtprotoHandshake  *self,
                                                const guint8         *data,
                                                gsize                 len,
                                                gboolean              transport_padding,
                                                gint64                now_us,
                                                GBytes              **reply,
                                                GError              **error);
gboolean  cvn_mtproto_handshake_is_done        (CvnMtprotoHandshake  *self);
const CvnMtprotoAuthKey *
          cvn_mtproto_handshake_get_auth_key   (CvnMtprotoHandshake  *self);
/* substr (new_nonce, 0, 8) XOR substr (server_nonce, 0, 8) */
gint64    cvn_mtproto_handshake_get_server_salt (CvnMtprotoHandshake *self);
/* Client: server time minus local time (µs), from server_DH_inner_data.server_time. */
gint64    cvn_mtproto_handshake_get_time_offset (CvnMtprotoHandshake *self);
/* Server: pretend the clock is @offset_us ahead (tests of clock skew). */
void      cvn_mtproto_handshake_set_clock_offset (CvnMtprotoHandshake *self,
                                                  gint64               offset_us);
/* The number of dh_gen_retry rounds a client went through. */
guint     cvn_mtproto_handshake_get_retries    (CvnMtprotoHandshake  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (CvnMtprotoHandshake, cvn_mtproto_handshake_free)

G_END_DECLS
