/* cvn-participant-model.h: the call's participants as the list views see them, a mirror of
 * the model's list that always matches the change it announces
 *
 * The model's CvnGroupCallParticipantList moves a participant by emitting (old, 1, 0) and then
 * (new, 0, 1) after it has already moved it, so during the first emission its items do not
 * match the change (GtkListView asserts on that). This mirror copies the items each change
 * names at the time of the change, so it stays consistent whatever the order of emissions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CVN_TYPE_PARTICIPANT_MODEL (cvn_participant_model_get_type ())

G_DECLARE_FINAL_TYPE (CvnParticipantModel, cvn_participant_model, CVN, PARTICIPANT_MODEL, GObject)

/* A GListModel of the items of @source (nullable), following it. */
CvnParticipantModel *cvn_participant_model_new        (GListModel          *source);
GListModel          *cvn_participant_model_get_source (CvnParticipantModel *self);
void                 cvn_participant_model_set_source (CvnParticipantModel *self,
                                                       GListModel          *source);
/* During an items-changed emission that adds @item: TRUE when the change just before removed
 * it, i.e. @item moved (a raised hand, a new speaker) rather than arrived. */
gboolean             cvn_participant_model_is_moving  (CvnParticipantModel *self,
                                                       gpointer             item);

G_END_DECLS
