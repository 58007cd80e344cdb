/* Shared by the staff screens (screens_staff.c, staff_login.c): their
 * language, the PIN keypad, and opening staff mode. Not for visitor
 * screens. */
#ifndef KIOSK_APP_STAFF_INT_H
#define KIOSK_APP_STAFF_INT_H

#include "app/screens.h"

/** A UI string in the staff member's language (Vietnamese by default). */
const char *st_tr(const struct app *a, const char *key);

/** Says `key` (a pack string) to staff on the next frames. */
void staff_say(struct app *a, const char *key);

/** A PIN (or other number) typed on the keypad, shown as dots; calls
 * done(a) when OK is tapped with at least min_len digits. */
void staff_pin_pad(struct app *a, struct ui_rect c, const char *prompt,
                   int min_len, void (*done)(struct app *a));

/** Keeps what the keypad typed in dst, wipes the keypad, goes to `next`. */
void staff_take_entry(struct app *a, char *dst, size_t n,
                      enum staff_step next);

/** Opens staff mode at the login, with a ticket to show once logged in
 * (code may be "") or a card already scanned (card may be NULL). */
void staff_open(struct app *a, const char *code, const unsigned char *card);

/** A scanned or typed staff card: finds its account and asks for the
 * PIN, or says the card is not known. */
void staff_card_scanned(struct app *a, const unsigned char *card);

/** Starts making a new card `what` for account `id` (0 for a new one):
 * asks the name (new accounts) and the PIN twice, then makes, prints and
 * shows the card. Used by the login (first account, enrolment) and the
 * accounts room. */
void staff_card_begin(struct app *a, enum staff_card_for what, int64_t id,
                      const char *name);

/** Draws the card-making steps (name, PIN, PIN again, the card). Returns
 * 1 while one of them is showing. */
int staff_card_steps(struct app *a, struct ui_rect c);

/** The current staff screen's view model: `size` bytes, zeroed, with
 * *load = 1 when the screen must fill it from the store (just entered, or
 * app_view_changed after an action); otherwise what the last load read,
 * *load = 0. NULL when out of memory. Wiped and freed with the session. */
void *staff_view(struct app *a, size_t size, int *load);

/** An action that is only an audit row (the clock, send now): the row
 * first; 0 if it could not be written (staff are told), and then the
 * action is not done. */
int staff_audit_first(struct app *a, const char *action, const char *detail);

/** The loaded form with this id (a record's form), or NULL when the pack
 * no longer has it. */
struct survey_form;
const struct survey_form *staff_form_by_id(const struct app *a,
                                           const char *id);

/** Forgets the session: key wiped, every field zeroed (staff_exit's work;
 * also run whenever a non-staff screen shows). */
void staff_session_wipe(struct app *a);

#endif
