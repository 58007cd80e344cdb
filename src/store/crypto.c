/* Encryption at rest: the site keypair, its staff-wrapped copies, the
 * setup code's lockout, unlocking with lockout, and sealed screening
 * records.
 *
 * Wrapping: key = Argon2id(PIN || 0x00 || staff card, 16-byte random salt,
 * ops, mem) -> 32 bytes; wrapped = crypto_secretbox(site secret key,
 * random nonce, key). The card is 256 random bits the staff member carries
 * as a printed QR, so the file alone cannot be searched: a 6-digit PIN
 * would fall to an offline search in about a core-day, PIN + card never.
 * Copies made before schema version 6 were wrapped by the PIN alone; they
 * still open (password = PIN) until store_staff_rewrap gives them a card.
 * The ops/mem used are stored with each copy. Secrets only ever live in
 * sodium_malloc'd memory and are wiped when freed.
 *
 * A card is identified without being stored: card_id is a keyed BLAKE2b
 * hash of it, so a scanned card finds its account, and the hash says
 * nothing about the 256 bits. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_private.h"

#define SK_BYTES crypto_box_SECRETKEYBYTES
#define WRAP_BYTES (SK_BYTES + crypto_secretbox_MACBYTES)
#define CARD_ID_BYTES 16
#define LOCK_BASE_SECONDS 60
#define LOCK_MAX_SECONDS 3600
#define RECORD_MAGIC "KSR2\n"

struct store_key {
    unsigned char sk[SK_BYTES];                 /* site secret key */
    unsigned char pk[crypto_box_PUBLICKEYBYTES]; /* its public half */
    int64_t staff_id;                           /* who unlocked it */
};

/* One wrapped copy of the secret key as stored in a row. */
struct wrap {
    unsigned char salt[crypto_pwhash_SALTBYTES];
    unsigned char nonce[crypto_secretbox_NONCEBYTES];
    unsigned char box[WRAP_BYTES];
    unsigned long long ops;
    size_t mem;
};

static int pin_ok(const char *pin)
{
    if (!pin) {
        return 0;
    }
    size_t n = strnlen(pin, STORE_PIN_MAX + 1);
    if (n < STORE_PIN_MIN || n > STORE_PIN_MAX) {
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (pin[i] < '0' || pin[i] > '9') {
            return 0;
        }
    }
    return 1;
}

static void card_id(const unsigned char card[STORE_CARD_BYTES],
                    unsigned char id[CARD_ID_BYTES])
{
    static const char ctx[] = "kiosk staff card id, v1";
    crypto_generichash(id, CARD_ID_BYTES, card, STORE_CARD_BYTES,
                       (const unsigned char *)ctx, sizeof ctx - 1);
}

/* Derives the wrapping key for PIN (+ card, may be NULL) under w. */
static enum kiosk_err derive(const char *pin, const unsigned char *card,
                             const struct wrap *w, unsigned char *key)
{
    if (w->ops < crypto_pwhash_OPSLIMIT_MIN ||
        w->ops > crypto_pwhash_OPSLIMIT_MAX ||
        w->mem < crypto_pwhash_MEMLIMIT_MIN ||
        w->mem > crypto_pwhash_MEMLIMIT_MAX) {
        return KIOSK_EINVAL;
    }
    size_t pn = strlen(pin);
    size_t n = pn + (card ? 1 + STORE_CARD_BYTES : 0);
    unsigned char *pw = sodium_malloc(n ? n : 1);
    if (!pw) {
        return KIOSK_ENOMEM;
    }
    memcpy(pw, pin, pn);
    if (card) {
        pw[pn] = 0;
        memcpy(pw + pn + 1, card, STORE_CARD_BYTES);
    }
    int rc = crypto_pwhash(key, crypto_secretbox_KEYBYTES, (const char *)pw,
                           n, w->salt, w->ops, w->mem,
                           crypto_pwhash_ALG_ARGON2ID13);
    sodium_free(pw);
    /* the only documented failure: no memory */
    return rc == 0 ? KIOSK_OK : KIOSK_ENOMEM;
}

/* Wraps sk under PIN + card with fresh salt and nonce into *w. */
static enum kiosk_err wrap_key(const struct store *st, const char *pin,
                               const unsigned char *card,
                               const unsigned char *sk, struct wrap *w)
{
    w->ops = st->ops;
    w->mem = st->mem;
    randombytes_buf(w->salt, sizeof w->salt);
    randombytes_buf(w->nonce, sizeof w->nonce);
    unsigned char *key = sodium_malloc(crypto_secretbox_KEYBYTES);
    if (!key) {
        return KIOSK_ENOMEM;
    }
    enum kiosk_err e = derive(pin, card, w, key);
    if (e == KIOSK_OK) {
        crypto_secretbox_easy(w->box, sk, SK_BYTES, w->nonce, key);
    }
    sodium_free(key);
    return e;
}

/* Unwraps *w with PIN + card into sk, and checks that sk really is the
 * secret half of pk. KIOSK_EDENIED when a secret is wrong. */
static enum kiosk_err unwrap_key(const char *pin, const unsigned char *card,
                                 const struct wrap *w,
                                 const unsigned char *pk, unsigned char *sk)
{
    unsigned char *key = sodium_malloc(crypto_secretbox_KEYBYTES);
    if (!key) {
        return KIOSK_ENOMEM;
    }
    enum kiosk_err e = derive(pin, card, w, key);
    if (e == KIOSK_OK &&
        crypto_secretbox_open_easy(sk, w->box, WRAP_BYTES, w->nonce,
                                   key) != 0) {
        e = KIOSK_EDENIED;
    }
    sodium_free(key);
    if (e == KIOSK_OK) {
        unsigned char check[crypto_box_PUBLICKEYBYTES];
        crypto_scalarmult_base(check, sk);
        if (sodium_memcmp(check, pk, sizeof check) != 0) {
            e = KIOSK_EIO; /* a valid box around the wrong key: corrupt */
        }
    }
    return e;
}

/* Reads salt/ops/mem/nonce/wrapped from columns c..c+4 of s. */
static enum kiosk_err read_wrap(sqlite3_stmt *s, int c, struct wrap *w)
{
    if (sqlite3_column_bytes(s, c) != (int)sizeof w->salt ||
        sqlite3_column_bytes(s, c + 3) != (int)sizeof w->nonce ||
        sqlite3_column_bytes(s, c + 4) != (int)sizeof w->box ||
        sqlite3_column_int64(s, c + 1) <= 0 ||
        sqlite3_column_int64(s, c + 2) <= 0) {
        return KIOSK_EIO;
    }
    memcpy(w->salt, sqlite3_column_blob(s, c), sizeof w->salt);
    w->ops = (unsigned long long)sqlite3_column_int64(s, c + 1);
    w->mem = (size_t)sqlite3_column_int64(s, c + 2);
    memcpy(w->nonce, sqlite3_column_blob(s, c + 3), sizeof w->nonce);
    memcpy(w->box, sqlite3_column_blob(s, c + 4), sizeof w->box);
    return KIOSK_OK;
}

/* Binds salt/ops/mem/nonce/wrapped to parameters i..i+4. */
static void bind_wrap(sqlite3_stmt *s, int i, const struct wrap *w)
{
    sqlite3_bind_blob(s, i, w->salt, sizeof w->salt, SQLITE_STATIC);
    sqlite3_bind_int64(s, i + 1, (sqlite3_int64)w->ops);
    sqlite3_bind_int64(s, i + 2, (sqlite3_int64)w->mem);
    sqlite3_bind_blob(s, i + 3, w->nonce, sizeof w->nonce, SQLITE_STATIC);
    sqlite3_bind_blob(s, i + 4, w->box, sizeof w->box, SQLITE_STATIC);
}

/* Removes the WAL's old page images (which still hold a deleted wrap)
 * from the file system. Best effort: a reader may hold the WAL open. */
static void checkpoint(struct store *st)
{
    (void)sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
                                    NULL, NULL);
}

/* The delay a lock lasts after `fails` wrong secrets in a row (0: none). */
static int64_t lock_delay(int fails)
{
    if (fails < STORE_FAILS_BEFORE_LOCK) {
        return 0;
    }
    int shift = fails - STORE_FAILS_BEFORE_LOCK;
    int64_t delay = shift < 6 ? (int64_t)LOCK_BASE_SECONDS << shift
                              : LOCK_MAX_SECONDS;
    return delay > LOCK_MAX_SECONDS ? LOCK_MAX_SECONDS : delay;
}

/* ---- site key ---------------------------------------------------------- */

enum kiosk_err store_key_load(struct store *st)
{
    sqlite3_stmt *s = store_stmt(st,
        "SELECT public_key FROM site_key WHERE id = 1");
    enum kiosk_err e = store_row(s);
    if (e != KIOSK_OK) {
        return e;
    }
    if (sqlite3_column_bytes(s, 0) != (int)sizeof st->pk) {
        e = KIOSK_EIO;
    } else {
        memcpy(st->pk, sqlite3_column_blob(s, 0), sizeof st->pk);
        st->have_pk = 1;
    }
    sqlite3_reset(s);
    return e;
}

int store_keeps_answers(const struct store *st)
{
    return st && st->have_pk;
}

/* ---- staff ------------------------------------------------------------- */

enum kiosk_err store_staff_count(struct store *st, int *n)
{
    sqlite3_stmt *s = store_stmt(st, "SELECT count(*) FROM staff");
    enum kiosk_err e = store_row(s);
    if (e == KIOSK_OK) {
        *n = sqlite3_column_int(s, 0);
        sqlite3_reset(s);
    }
    return e;
}

#define STAFF_COLS                                                         \
    "SELECT id, name, failed, lock_until, created, card_id IS NOT NULL"    \
    " FROM staff "

static void read_staff(sqlite3_stmt *s, struct store_staff *o)
{
    o->id = sqlite3_column_int64(s, 0);
    store_copy_col(o->name, sizeof o->name, s, 1);
    o->failed = sqlite3_column_int(s, 2);
    o->lock_until = sqlite3_column_int64(s, 3);
    o->created = sqlite3_column_int64(s, 4);
    o->has_card = sqlite3_column_int(s, 5);
}

enum kiosk_err store_staff_list(struct store *st, struct store_staff *out,
                                int cap, int *n)
{
    if (!n || cap < 0 || (cap && !out)) {
        return KIOSK_EINVAL;
    }
    *n = 0;
    sqlite3_stmt *s = store_stmt(st, STAFF_COLS "ORDER BY name, id");
    if (!s) {
        return KIOSK_EIO;
    }
    int rc;
    enum kiosk_err e = KIOSK_OK;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        if (*n == cap) {
            e = KIOSK_ETOOBIG;
            break;
        }
        read_staff(s, &out[(*n)++]);
    }
    sqlite3_reset(s);
    if (e == KIOSK_OK && rc != SQLITE_DONE) {
        e = store_err(rc);
    }
    return e;
}

enum kiosk_err store_staff_get(struct store *st, int64_t id,
                               struct store_staff *out)
{
    sqlite3_stmt *s = store_stmt(st, STAFF_COLS "WHERE id = ?1");
    if (s) {
        sqlite3_bind_int64(s, 1, id);
    }
    enum kiosk_err e = store_row(s);
    if (e == KIOSK_OK) {
        read_staff(s, out);
        sqlite3_reset(s);
    }
    return e;
}

enum kiosk_err store_staff_by_card(struct store *st,
                                   const unsigned char card[STORE_CARD_BYTES],
                                   int64_t *id)
{
    if (!card || !id) {
        return KIOSK_EINVAL;
    }
    unsigned char cid[CARD_ID_BYTES];
    card_id(card, cid);
    sqlite3_stmt *s = store_stmt(st, "SELECT id FROM staff WHERE card_id = ?1");
    if (s) {
        sqlite3_bind_blob(s, 1, cid, sizeof cid, SQLITE_STATIC);
    }
    enum kiosk_err e = store_row(s);
    if (e == KIOSK_OK) {
        *id = sqlite3_column_int64(s, 0);
        sqlite3_reset(s);
    }
    return e;
}

static enum kiosk_err insert_staff(struct store *st, const char *name,
                                   const struct wrap *w,
                                   const unsigned char *card, int64_t now,
                                   int64_t *id)
{
    int n = 0;
    enum kiosk_err e = store_staff_count(st, &n);
    if (e == KIOSK_OK && n >= STORE_MAX_STAFF) {
        return KIOSK_ETOOBIG;
    }
    unsigned char cid[CARD_ID_BYTES];
    card_id(card, cid);
    sqlite3_stmt *s = store_stmt(st,
        "INSERT INTO staff(name, salt, ops, mem, nonce, wrapped, created,"
        " card_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    if (s) {
        store_bind_text(s, 1, name);
        bind_wrap(s, 2, w);
        sqlite3_bind_int64(s, 7, now);
        sqlite3_bind_blob(s, 8, cid, sizeof cid, SQLITE_STATIC);
    }
    e = e == KIOSK_OK ? store_run(s) : e;
    if (e == KIOSK_EINVAL) {
        e = KIOSK_EEXIST; /* the name or card is taken (UNIQUE) */
    }
    *id = sqlite3_last_insert_rowid(st->db);
    return e;
}

/* Counts one setup-code attempt and tells whether it may be checked. The
 * count is committed before the code is compared. */
static enum kiosk_err setup_attempt(struct store *st, int64_t now,
                                    int *fails)
{
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    int n = 0;
    e = store_staff_count(st, &n);
    if (e == KIOSK_OK && n > 0) {
        e = KIOSK_EEXIST;
    }
    sqlite3_stmt *s = NULL;
    if (e == KIOSK_OK) {
        s = store_stmt(st,
            "SELECT failed, lock_until FROM setup_lock WHERE id = 1");
        e = store_row(s);
    }
    int locked = 0;
    if (e == KIOSK_OK) {
        *fails = sqlite3_column_int(s, 0) + 1;
        locked = sqlite3_column_int64(s, 1) > now;
        sqlite3_reset(s);
    }
    if (e == KIOSK_OK && locked) {
        e = store_audit_in_tx(st, now, 0, "setup_while_locked", NULL);
        e = store_end(st, e);
        return e == KIOSK_OK ? KIOSK_ELOCKED : e;
    }
    if (e == KIOSK_OK) {
        e = store_run(store_stmt(st,
            "UPDATE setup_lock SET failed = failed + 1 WHERE id = 1"));
    }
    return store_end(st, e);
}

/* After a wrong secret: a lock from the fifth failure on, audited. The
 * statement updates the row of `table_id` with ?1 id, ?2 lock_until. */
static enum kiosk_err after_failure(struct store *st, const char *sql,
                                    int64_t id, int64_t staff_id, int fails,
                                    const char *what, int64_t now)
{
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    char detail[96];
    int64_t delay = lock_delay(fails);
    if (delay) {
        sqlite3_stmt *s = store_stmt(st, sql);
        if (s) {
            sqlite3_bind_int64(s, 1, id);
            sqlite3_bind_int64(s, 2, now + delay);
        }
        e = store_run(s);
        snprintf(detail, sizeof detail, "%d wrong %s; locked for %" PRId64
                 " s", fails, what, delay);
        if (e == KIOSK_OK) {
            e = store_audit_in_tx(st, now, staff_id, "locked", detail);
        }
    } else {
        snprintf(detail, sizeof detail, "%d wrong %s", fails, what);
        e = store_audit_in_tx(st, now, staff_id, "secret_wrong", detail);
    }
    return store_end(st, e);
}

enum kiosk_err store_setup_check(struct store *st, const char *typed,
                                 int64_t now)
{
    if (!st->setup_code) {
        return KIOSK_ENOENT;
    }
    if (!typed) {
        return KIOSK_EINVAL;
    }
    int fails = 0;
    enum kiosk_err e = setup_attempt(st, now, &fails);
    if (e != KIOSK_OK) {
        return e;
    }
    size_t a = strlen(st->setup_code), b = strlen(typed);
    /* compare in constant time over the longer of the two */
    unsigned char diff = (unsigned char)(a != b);
    for (size_t i = 0; i < (a > b ? a : b); i++) {
        unsigned char x = i < a ? (unsigned char)st->setup_code[i] : 0;
        unsigned char y = i < b ? (unsigned char)typed[i] : 0;
        diff |= (unsigned char)(x ^ y);
    }
    if (diff) {
        e = after_failure(st,
                          "UPDATE setup_lock SET lock_until = ?2"
                          " WHERE id = ?1", 1, 0, fails, "setup codes", now);
        return e == KIOSK_OK ? KIOSK_EDENIED : e;
    }
    e = store_begin(st);
    if (e == KIOSK_OK) {
        e = store_run(store_stmt(st,
            "UPDATE setup_lock SET failed = 0, lock_until = 0 WHERE id = 1"));
        e = store_end(st, e);
    }
    return e;
}

enum kiosk_err store_staff_create_first(struct store *st,
                                        const char *setup_code,
                                        const char *name, const char *pin,
                                        const unsigned char
                                            card[STORE_CARD_BYTES],
                                        int64_t now, int64_t *id)
{
    if (!setup_code || !store_text_ok(name, 63, 0) || !pin_ok(pin) ||
        !card) {
        return KIOSK_EINVAL;
    }
    enum kiosk_err e = store_setup_check(st, setup_code, now);
    if (e != KIOSK_OK) {
        return e;
    }
    unsigned char pk[crypto_box_PUBLICKEYBYTES];
    unsigned char *sk = sodium_malloc(SK_BYTES);
    if (!sk) {
        return KIOSK_ENOMEM;
    }
    crypto_box_keypair(pk, sk);
    struct wrap w;
    e = wrap_key(st, pin, card, sk, &w);
    sodium_free(sk);
    if (e != KIOSK_OK) {
        return e;
    }
    e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    int n = 0;
    e = store_staff_count(st, &n);
    if (e == KIOSK_OK && n > 0) {
        e = KIOSK_EEXIST; /* someone else made it meanwhile */
    }
    if (e == KIOSK_OK) {
        sqlite3_stmt *s = store_stmt(st,
            "INSERT INTO site_key(id, public_key, created)"
            " VALUES (1, ?1, ?2)");
        if (s) {
            sqlite3_bind_blob(s, 1, pk, sizeof pk, SQLITE_STATIC);
            sqlite3_bind_int64(s, 2, now);
        }
        e = store_run(s);
    }
    int64_t sid = 0;
    if (e == KIOSK_OK) {
        e = insert_staff(st, name, &w, card, now, &sid);
    }
    if (e == KIOSK_OK) {
        e = store_audit_in_tx(st, now, sid, "staff_first", name);
    }
    e = store_end(st, e);
    if (e == KIOSK_OK) {
        memcpy(st->pk, pk, sizeof pk);
        st->have_pk = 1;
        if (id) {
            *id = sid;
        }
    }
    return e;
}

enum kiosk_err store_staff_add(struct store *st, const struct store_key *k,
                               const char *name, const char *pin,
                               const unsigned char card[STORE_CARD_BYTES],
                               int64_t now, int64_t *id)
{
    if (!k || !store_text_ok(name, 63, 0) || !pin_ok(pin) || !card) {
        return KIOSK_EINVAL;
    }
    if (!st->have_pk || sodium_memcmp(k->pk, st->pk, sizeof st->pk) != 0) {
        return KIOSK_EDENIED; /* a key from another store */
    }
    struct wrap w;
    enum kiosk_err e = wrap_key(st, pin, card, k->sk, &w);
    if (e != KIOSK_OK) {
        return e;
    }
    e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    int64_t sid = 0;
    e = insert_staff(st, name, &w, card, now, &sid);
    if (e == KIOSK_OK) {
        e = store_audit_in_tx(st, now, k->staff_id, "staff_add", name);
    }
    e = store_end(st, e);
    if (e == KIOSK_OK && id) {
        *id = sid;
    }
    return e;
}

/* Checks PIN + card for account id: counts the attempt first (committed),
 * then unwraps into sk. */
static enum kiosk_err check_secrets(struct store *st, int64_t id,
                                    const char *pin,
                                    const unsigned char *card, int64_t now,
                                    unsigned char *sk)
{
    if (!pin_ok(pin)) {
        return KIOSK_EINVAL;
    }
    if (!st->have_pk) {
        return KIOSK_EIO;
    }
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    sqlite3_stmt *s = store_stmt(st,
        "SELECT salt, ops, mem, nonce, wrapped, failed, lock_until, card_id"
        " FROM staff WHERE id = ?1");
    if (s) {
        sqlite3_bind_int64(s, 1, id);
    }
    e = store_row(s);
    struct wrap w;
    int fails = 0, locked = 0, has_card = 0, card_match = 0;
    if (e == KIOSK_OK) {
        e = read_wrap(s, 0, &w);
        fails = sqlite3_column_int(s, 5) + 1;
        locked = sqlite3_column_int64(s, 6) > now;
        has_card = sqlite3_column_type(s, 7) != SQLITE_NULL;
        if (has_card && card &&
            sqlite3_column_bytes(s, 7) == CARD_ID_BYTES) {
            unsigned char cid[CARD_ID_BYTES];
            card_id(card, cid);
            card_match = sodium_memcmp(cid, sqlite3_column_blob(s, 7),
                                       CARD_ID_BYTES) == 0;
        }
        sqlite3_reset(s);
    }
    if (e == KIOSK_OK && locked) {
        e = store_audit_in_tx(st, now, id, "pin_while_locked", NULL);
        e = store_end(st, e);
        return e == KIOSK_OK ? KIOSK_ELOCKED : e;
    }
    if (e == KIOSK_OK) {
        s = store_stmt(st,
            "UPDATE staff SET failed = failed + 1 WHERE id = ?1");
        if (s) {
            sqlite3_bind_int64(s, 1, id);
        }
        e = store_run(s);
    }
    e = store_end(st, e);
    if (e != KIOSK_OK) {
        return e; /* not counted, so not checked either */
    }
    if (has_card && !card_match) {
        e = KIOSK_EDENIED; /* no card, or another one: no Argon2 needed */
    } else {
        e = unwrap_key(pin, has_card ? card : NULL, &w, st->pk, sk);
    }
    if (e == KIOSK_EDENIED) {
        enum kiosk_err e2 = after_failure(st,
            "UPDATE staff SET lock_until = ?2 WHERE id = ?1", id, id, fails,
            "PINs or cards", now);
        return e2 == KIOSK_OK ? KIOSK_EDENIED : e2;
    }
    return e;
}

enum kiosk_err store_staff_unlock(struct store *st, int64_t id,
                                  const char *pin,
                                  const unsigned char *card, int64_t now,
                                  struct store_key **out)
{
    if (!out) {
        return KIOSK_EINVAL;
    }
    *out = NULL;
    struct store_key *k = sodium_malloc(sizeof *k);
    if (!k) {
        return KIOSK_ENOMEM;
    }
    enum kiosk_err e = check_secrets(st, id, pin, card, now, k->sk);
    if (e == KIOSK_OK) {
        e = store_begin(st);
        if (e == KIOSK_OK) {
            sqlite3_stmt *s = store_stmt(st,
                "UPDATE staff SET failed = 0, lock_until = 0 WHERE id = ?1");
            if (s) {
                sqlite3_bind_int64(s, 1, id);
            }
            e = store_run(s);
            if (e == KIOSK_OK) {
                e = store_audit_in_tx(st, now, id, "login", NULL);
            }
            e = store_end(st, e);
        }
    }
    if (e != KIOSK_OK) {
        sodium_free(k);
        return e;
    }
    memcpy(k->pk, st->pk, sizeof k->pk);
    k->staff_id = id;
    /* Read-only from here: a stray write into the key faults. */
    sodium_mprotect_readonly(k);
    *out = k;
    return KIOSK_OK;
}

enum kiosk_err store_staff_rewrap(struct store *st, const struct store_key *k,
                                  int64_t id, const char *new_pin,
                                  const unsigned char
                                      new_card[STORE_CARD_BYTES],
                                  int64_t now)
{
    if (!k || !pin_ok(new_pin) || !new_card) {
        return KIOSK_EINVAL;
    }
    if (!st->have_pk || sodium_memcmp(k->pk, st->pk, sizeof st->pk) != 0) {
        return KIOSK_EDENIED;
    }
    struct wrap w;
    enum kiosk_err e = wrap_key(st, new_pin, new_card, k->sk, &w);
    if (e != KIOSK_OK) {
        return e;
    }
    e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    unsigned char cid[CARD_ID_BYTES];
    card_id(new_card, cid);
    char name[64] = "";
    sqlite3_stmt *s = store_stmt(st, "SELECT name FROM staff WHERE id = ?1");
    if (s) {
        sqlite3_bind_int64(s, 1, id);
    }
    e = store_row(s);
    if (e == KIOSK_OK) {
        store_copy_col(name, sizeof name, s, 0);
        sqlite3_reset(s);
        s = store_stmt(st,
            "UPDATE staff SET salt = ?2, ops = ?3, mem = ?4, nonce = ?5,"
            " wrapped = ?6, card_id = ?7, failed = 0, lock_until = 0"
            " WHERE id = ?1");
        if (s) {
            sqlite3_bind_int64(s, 1, id);
            bind_wrap(s, 2, &w);
            sqlite3_bind_blob(s, 7, cid, sizeof cid, SQLITE_STATIC);
        }
        e = store_run_one(st, s);
        if (e == KIOSK_EINVAL) {
            e = KIOSK_EEXIST; /* the card is another account's */
        }
    }
    if (e == KIOSK_OK) {
        e = store_audit_in_tx(st, now, k->staff_id, "new_card", name);
    }
    e = store_end(st, e);
    if (e == KIOSK_OK) {
        checkpoint(st);
    }
    return e;
}

enum kiosk_err store_staff_remove(struct store *st, const struct store_key *k,
                                  int64_t id, int64_t now)
{
    if (!k) {
        return KIOSK_EINVAL;
    }
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    int n = 0;
    e = store_staff_count(st, &n);
    char name[64] = "";
    sqlite3_stmt *s = NULL;
    if (e == KIOSK_OK) {
        s = store_stmt(st, "SELECT name FROM staff WHERE id = ?1");
        if (s) {
            sqlite3_bind_int64(s, 1, id);
        }
        e = store_row(s);
    }
    if (e == KIOSK_OK) {
        store_copy_col(name, sizeof name, s, 0);
        sqlite3_reset(s);
        /* The last account holds the last copy of the key. */
        e = n <= 1 ? KIOSK_EINUSE : KIOSK_OK;
    }
    if (e == KIOSK_OK) {
        s = store_stmt(st, "DELETE FROM staff WHERE id = ?1");
        if (s) {
            sqlite3_bind_int64(s, 1, id);
        }
        e = store_run(s);
    }
    if (e == KIOSK_OK) {
        e = store_audit_in_tx(st, now, k->staff_id, "staff_remove", name);
    }
    e = store_end(st, e);
    if (e == KIOSK_OK) {
        checkpoint(st);
    }
    return e;
}

int64_t store_key_staff(const struct store_key *k)
{
    return k ? k->staff_id : 0;
}

void store_key_free(struct store_key *k)
{
    if (k) {
        sodium_free(k); /* zeroes the pages before unmapping them */
    }
}

/* ---- sealed screening records --------------------------------------------- */

/* Appends to a growing plaintext buffer (sodium_malloc'd: it holds
 * answers). */
struct plain {
    unsigned char *p;
    size_t n, cap;
    int failed;
};

static void plain_put(struct plain *b, const void *src, size_t n)
{
    if (b->failed) {
        return;
    }
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->n + n) {
            cap *= 2;
        }
        unsigned char *np = sodium_malloc(cap);
        if (!np) {
            b->failed = 1;
            return;
        }
        if (b->p) {
            memcpy(np, b->p, b->n);
            sodium_free(b->p);
        }
        b->p = np;
        b->cap = cap;
    }
    memcpy(b->p + b->n, src, n);
    b->n += n;
}

static void plain_str(struct plain *b, const char *s)
{
    plain_put(b, s, strlen(s));
}

/* A value with backslash, newline and CR escaped. */
static void plain_escaped(struct plain *b, const char *s)
{
    for (; *s; s++) {
        const char *esc = *s == '\\' ? "\\\\" : *s == '\n' ? "\\n"
                          : *s == '\r' ? "\\r" : NULL;
        if (esc) {
            plain_str(b, esc);
        } else {
            plain_put(b, s, 1);
        }
    }
}

enum kiosk_err store_seal_record(const struct store *st,
                                 const struct store_screening *sc,
                                 const unsigned char *legacy,
                                 size_t legacy_len, unsigned char **out,
                                 size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!st->have_pk) {
        return KIOSK_EIO;
    }
    struct plain b = {0};
    char num[32];
    plain_str(&b, RECORD_MAGIC "form=");
    plain_escaped(&b, sc->form_id);
    plain_str(&b, "\nversion=");
    plain_escaped(&b, sc->form_version);
    plain_str(&b, "\nlanguage=");
    plain_escaped(&b, sc->language);
    snprintf(num, sizeof num, "\ntime=%" PRId64 "\n", sc->time);
    plain_str(&b, num);
    for (int i = 0; i < sc->n_values; i++) {
        plain_str(&b, "calc:");
        plain_str(&b, sc->values[i].name);
        plain_str(&b, "=");
        plain_escaped(&b, sc->values[i].value);
        plain_str(&b, "\n");
    }
    if (legacy) {
        plain_str(&b, "legacy\n");
        plain_put(&b, legacy, legacy_len);
    } else {
        plain_str(&b, "answers\n");
        if (sc->answers_len) {
            plain_put(&b, sc->answers, sc->answers_len);
        }
    }
    enum kiosk_err e = b.failed ? KIOSK_ENOMEM : KIOSK_OK;
    unsigned char *sealed = NULL;
    size_t sealed_len = b.n + crypto_box_SEALBYTES;
    if (e == KIOSK_OK) {
        sealed = malloc(sealed_len);
        e = sealed ? KIOSK_OK : KIOSK_ENOMEM;
    }
    if (e == KIOSK_OK &&
        crypto_box_seal(sealed, b.p, b.n, st->pk) != 0) {
        e = KIOSK_EIO;
    }
    if (b.p) {
        sodium_free(b.p); /* wipes the plaintext */
    }
    if (e != KIOSK_OK) {
        free(sealed);
        return e;
    }
    *out = sealed;
    *n = sealed_len;
    return KIOSK_OK;
}

/* Undoes plain_escaped in place; returns the new end. */
static char *unescape(char *s, char *end)
{
    char *w = s;
    for (char *r = s; r < end; r++) {
        if (*r == '\\' && r + 1 < end) {
            r++;
            *w++ = *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
        } else {
            *w++ = *r;
        }
    }
    *w = '\0';
    return w;
}

/* Opens a crypto_box_seal'd blob with k into a sodium_malloc'd,
 * NUL-terminated buffer. */
static enum kiosk_err open_sealed(const struct store_key *k,
                                  const unsigned char *c, size_t clen,
                                  char **out, size_t *plen)
{
    if (clen <= crypto_box_SEALBYTES) {
        return KIOSK_EIO;
    }
    *plen = clen - crypto_box_SEALBYTES;
    char *p = sodium_malloc(*plen + 1);
    if (!p) {
        return KIOSK_ENOMEM;
    }
    if (crypto_box_seal_open((unsigned char *)p, c, clen, k->pk, k->sk) !=
        0) {
        sodium_free(p);
        return KIOSK_EIO; /* another site's key, or a damaged record */
    }
    p[*plen] = '\0';
    *out = p;
    return KIOSK_OK;
}

/* Parses a record's plaintext (owned by o->text afterwards). */
static enum kiosk_err parse_record(const struct store_key *k,
                                   struct store_opened *o, char *p,
                                   size_t len)
{
    size_t ml = strlen(RECORD_MAGIC);
    if (len < ml || memcmp(p, RECORD_MAGIC, ml) != 0) {
        return KIOSK_EIO;
    }
    char *end = p + len, *line = p + ml;
    while (line < end) {
        char *nl = memchr(line, '\n', (size_t)(end - line));
        if (!nl) {
            return KIOSK_EIO;
        }
        *nl = '\0';
        if (strcmp(line, "answers") == 0 || strcmp(line, "legacy") == 0) {
            o->legacy = line[0] == 'l';
            o->answers = nl + 1;
            o->answers_len = (size_t)(end - (nl + 1));
            break;
        }
        char *eq = strchr(line, '=');
        if (!eq) {
            return KIOSK_EIO;
        }
        *eq = '\0';
        char *v = eq + 1;
        unescape(v, nl);
        if (strcmp(line, "form") == 0) {
            snprintf(o->form_id, sizeof o->form_id, "%s", v);
        } else if (strcmp(line, "version") == 0) {
            snprintf(o->form_version, sizeof o->form_version, "%s", v);
        } else if (strcmp(line, "language") == 0) {
            snprintf(o->language, sizeof o->language, "%s", v);
        } else if (strcmp(line, "time") == 0) {
            o->time = strtoll(v, NULL, 10);
        } else if (strncmp(line, "calc:", 5) == 0 &&
                   o->n_values < STORE_MAX_VALUES) {
            o->values[o->n_values].name = line + 5;
            o->values[o->n_values].value = v;
            o->n_values++;
        }
        line = nl + 1;
    }
    if (!o->answers) {
        return KIOSK_EIO;
    }
    if (o->legacy && o->answers_len) {
        /* sealed before version 6: the answers are a sealed blob of their
         * own, to the same key */
        char *inner = NULL;
        size_t ilen = 0;
        enum kiosk_err e = open_sealed(k, (const unsigned char *)o->answers,
                                       o->answers_len, &inner, &ilen);
        if (e != KIOSK_OK) {
            return e;
        }
        o->text2 = inner;
        o->answers = inner;
        o->answers_len = ilen;
    }
    return KIOSK_OK;
}

enum kiosk_err store_open_screening(struct store *st,
                                    const struct store_key *k, int64_t id,
                                    const char *what, int64_t now,
                                    struct store_opened **out)
{
    if (!k || !out) {
        return KIOSK_EINVAL;
    }
    *out = NULL;
    sqlite3_stmt *s = store_stmt(st,
        "SELECT sealed FROM screenings WHERE id = ?1");
    if (s) {
        sqlite3_bind_int64(s, 1, id);
    }
    enum kiosk_err e = store_row(s);
    if (e != KIOSK_OK) {
        return e;
    }
    size_t clen = (size_t)sqlite3_column_bytes(s, 0);
    unsigned char *c = malloc(clen ? clen : 1);
    if (c) {
        memcpy(c, sqlite3_column_blob(s, 0), clen);
    }
    sqlite3_reset(s);
    if (!c) {
        return KIOSK_ENOMEM;
    }
    /* nobody reads answers without a trace: the audit row first */
    e = store_begin(st);
    if (e == KIOSK_OK) {
        e = store_end(st, store_audit_in_tx(st, now, k->staff_id, "answers",
                                            what));
    }
    struct store_opened *o = NULL;
    if (e == KIOSK_OK) {
        o = sodium_malloc(sizeof *o);
        e = o ? KIOSK_OK : KIOSK_ENOMEM;
    }
    if (e == KIOSK_OK) {
        memset(o, 0, sizeof *o);
        size_t plen = 0;
        e = open_sealed(k, c, clen, &o->text, &plen);
        if (e == KIOSK_OK) {
            e = parse_record(k, o, o->text, plen);
        }
    }
    free(c);
    if (e != KIOSK_OK) {
        store_opened_free(o);
        return e;
    }
    *out = o;
    return KIOSK_OK;
}

void store_opened_free(struct store_opened *o)
{
    if (!o) {
        return;
    }
    if (o->text) {
        sodium_free(o->text);
    }
    if (o->text2) {
        sodium_free(o->text2);
    }
    sodium_free(o);
}

/* ---- upgrade from version 5 ------------------------------------------------ */

static int table_exists(struct store *st, const char *name)
{
    sqlite3_stmt *s = store_stmt(st,
        "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?1");
    if (!s) {
        return 0;
    }
    store_bind_text(s, 1, name);
    int found = sqlite3_step(s) == SQLITE_ROW;
    sqlite3_reset(s);
    return found;
}

/* Re-seals one legacy screening (its row is read by the caller). */
static enum kiosk_err upgrade_one(struct store *st, sqlite3_stmt *row)
{
    int64_t id = sqlite3_column_int64(row, 0);
    struct store_screening sc = {
        .form_id = (const char *)sqlite3_column_text(row, 1),
        .form_version = (const char *)sqlite3_column_text(row, 2),
        .language = (const char *)sqlite3_column_text(row, 3),
        .time = sqlite3_column_int64(row, 4),
    };
    int64_t day = sqlite3_column_int64(row, 5);
    size_t alen = (size_t)sqlite3_column_bytes(row, 6);
    unsigned char *answers = malloc(alen ? alen : 1);
    struct store_value *vals = calloc(STORE_MAX_VALUES, sizeof *vals);
    char *text = malloc(STORE_MAX_VALUES * (STORE_MAX_NAME + STORE_MAX_VALUE
                                            + 2));
    enum kiosk_err e = answers && vals && text ? KIOSK_OK : KIOSK_ENOMEM;
    if (e == KIOSK_OK) {
        memcpy(answers, sqlite3_column_blob(row, 6), alen);
    }
    sqlite3_stmt *v = e ? NULL : store_stmt(st,
        "SELECT name, value FROM v5_values WHERE screening_id = ?1"
        " ORDER BY name");
    if (e == KIOSK_OK && !v) {
        e = KIOSK_EIO;
    }
    size_t used = 0;
    if (e == KIOSK_OK) {
        sqlite3_bind_int64(v, 1, id);
        while (sc.n_values < STORE_MAX_VALUES &&
               sqlite3_step(v) == SQLITE_ROW) {
            char *name = text + used;
            used += (size_t)snprintf(name, STORE_MAX_NAME + 1, "%s",
                                     sqlite3_column_text(v, 0)) + 1;
            char *value = text + used;
            used += (size_t)snprintf(value, STORE_MAX_VALUE + 1, "%s",
                                     sqlite3_column_text(v, 1)) + 1;
            vals[sc.n_values].name = name;
            vals[sc.n_values].value = value;
            sc.n_values++;
        }
        sqlite3_reset(v);
        sc.values = vals;
    }
    unsigned char *sealed = NULL;
    size_t n = 0;
    if (e == KIOSK_OK) {
        e = store_seal_record(st, &sc, answers, alen, &sealed, &n);
    }
    if (e == KIOSK_OK) {
        sqlite3_stmt *ins = store_stmt(st,
            "INSERT OR IGNORE INTO screenings(id, day, sealed)"
            " VALUES (?1, ?2, ?3)");
        if (ins) {
            sqlite3_bind_int64(ins, 1, id);
            sqlite3_bind_int64(ins, 2, day);
            sqlite3_bind_blob64(ins, 3, sealed, n, SQLITE_STATIC);
        }
        e = store_run(ins);
    }
    if (text) {
        sodium_memzero(text, used);
    }
    free(sealed);
    free(answers);
    free(vals);
    free(text);
    return e;
}

enum kiosk_err store_upgrade_v6(struct store *st)
{
    if (!table_exists(st, "v5_screenings")) {
        return KIOSK_OK;
    }
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    if (st->have_pk) {
        sqlite3_stmt *s = store_stmt(st,
            "SELECT id, form_id, form_version, language, created, day,"
            " answers FROM v5_screenings ORDER BY id");
        if (!s) {
            e = KIOSK_EIO;
        }
        /* rows are copied out one at a time: upgrade_one uses other
         * statements but never this one */
        while (e == KIOSK_OK && sqlite3_step(s) == SQLITE_ROW) {
            e = upgrade_one(st, s);
        }
        if (s) {
            sqlite3_reset(s);
        }
    }
    static const char *const drop[] = {
        "DROP TABLE v5_values",
        "DROP TABLE v5_screenings",
        /* links to what could not be kept */
        "UPDATE tickets SET screening_id = NULL WHERE screening_id"
        " NOT IN (SELECT id FROM screenings)",
        "UPDATE outbox SET screening_id = NULL WHERE screening_id"
        " NOT IN (SELECT id FROM screenings)",
    };
    for (size_t i = 0; e == KIOSK_OK && i < sizeof drop / sizeof drop[0];
         i++) {
        char *msg = NULL;
        int rc = sqlite3_exec(st->db, drop[i], NULL, NULL, &msg);
        sqlite3_free(msg);
        e = store_err(rc);
    }
    e = store_end(st, e);
    if (e == KIOSK_OK) {
        /* the plaintext that was in the old tables must not linger in
         * free pages of the file or in the WAL */
        char *msg = NULL;
        checkpoint(st);
        int rc = sqlite3_exec(st->db, "VACUUM", NULL, NULL, &msg);
        sqlite3_free(msg);
        e = store_err(rc);
        checkpoint(st);
    }
    return e;
}
