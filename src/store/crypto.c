/* Encryption at rest: the site keypair, its PIN-wrapped copies (one per
 * staff account, or one setup-code copy before the first account exists),
 * unlocking with lockout, and opening sealed answers.
 *
 * Wrapping: key = Argon2id(PIN or setup code, 16-byte random salt, ops,
 * mem) -> 32 bytes; wrapped = crypto_secretbox(site secret key, random
 * nonce, key). The ops/mem used are stored with each copy, so changing the
 * defaults later only affects new wraps. Secrets only ever live in
 * sodium_malloc'd memory and are wiped when freed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store_private.h"

#define SK_BYTES crypto_box_SECRETKEYBYTES
#define WRAP_BYTES (SK_BYTES + crypto_secretbox_MACBYTES)
#define LOCK_BASE_SECONDS 60
#define LOCK_MAX_SECONDS 3600

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

/* Derives the wrapping key for `secret` under w's salt and limits. */
static enum kiosk_err derive(const char *secret, const struct wrap *w,
                             unsigned char *key)
{
    if (w->ops < crypto_pwhash_OPSLIMIT_MIN ||
        w->ops > crypto_pwhash_OPSLIMIT_MAX ||
        w->mem < crypto_pwhash_MEMLIMIT_MIN ||
        w->mem > crypto_pwhash_MEMLIMIT_MAX) {
        return KIOSK_EINVAL;
    }
    if (crypto_pwhash(key, crypto_secretbox_KEYBYTES, secret, strlen(secret),
                      w->salt, w->ops, w->mem,
                      crypto_pwhash_ALG_ARGON2ID13) != 0) {
        return KIOSK_ENOMEM; /* the only documented failure: no memory */
    }
    return KIOSK_OK;
}

/* Wraps sk under `secret` with fresh salt and nonce into *w. */
static enum kiosk_err wrap_key(const struct store *st, const char *secret,
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
    enum kiosk_err e = derive(secret, w, key);
    if (e == KIOSK_OK) {
        crypto_secretbox_easy(w->box, sk, SK_BYTES, w->nonce, key);
    }
    sodium_free(key);
    return e;
}

/* Unwraps *w with `secret` into sk, and checks that sk really is the
 * secret half of pk. KIOSK_EDENIED when the secret is wrong. */
static enum kiosk_err unwrap_key(const char *secret, const struct wrap *w,
                                 const unsigned char *pk, unsigned char *sk)
{
    unsigned char *key = sodium_malloc(crypto_secretbox_KEYBYTES);
    if (!key) {
        return KIOSK_ENOMEM;
    }
    enum kiosk_err e = derive(secret, w, key);
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

enum kiosk_err store_key_init(struct store *st, const char *setup_code)
{
    if (!setup_code || strnlen(setup_code, STORE_SETUP_CODE_MIN) <
                           STORE_SETUP_CODE_MIN) {
        return KIOSK_EINVAL;
    }
    unsigned char pk[crypto_box_PUBLICKEYBYTES];
    unsigned char *sk = sodium_malloc(SK_BYTES);
    if (!sk) {
        return KIOSK_ENOMEM;
    }
    crypto_box_keypair(pk, sk);
    struct wrap w;
    enum kiosk_err e = wrap_key(st, setup_code, sk, &w);
    sodium_free(sk);
    if (e != KIOSK_OK) {
        return e;
    }
    e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    sqlite3_stmt *s = store_stmt(st,
        "INSERT INTO site_key(id, public_key, created)"
        " VALUES (1, ?1, strftime('%s', 'now'))");
    if (s) {
        sqlite3_bind_blob(s, 1, pk, sizeof pk, SQLITE_STATIC);
    }
    e = store_run(s);
    if (e == KIOSK_OK) {
        s = store_stmt(st,
            "INSERT INTO setup_key(id, salt, ops, mem, nonce, wrapped)"
            " VALUES (1, ?1, ?2, ?3, ?4, ?5)");
        if (s) {
            bind_wrap(s, 1, &w);
        }
        e = store_run(s);
    }
    return store_end(st, e);
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

enum kiosk_err store_staff_list(struct store *st, struct store_staff *out,
                                int cap, int *n)
{
    if (!n || cap < 0 || (cap && !out)) {
        return KIOSK_EINVAL;
    }
    *n = 0;
    sqlite3_stmt *s = store_stmt(st,
        "SELECT id, name, failed, lock_until, created FROM staff"
        " ORDER BY name, id");
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
        struct store_staff *o = &out[(*n)++];
        o->id = sqlite3_column_int64(s, 0);
        store_copy_col(o->name, sizeof o->name, s, 1);
        o->failed = sqlite3_column_int(s, 2);
        o->lock_until = sqlite3_column_int64(s, 3);
        o->created = sqlite3_column_int64(s, 4);
    }
    sqlite3_reset(s);
    if (e == KIOSK_OK && rc != SQLITE_DONE) {
        e = store_err(rc);
    }
    return e;
}

static enum kiosk_err insert_staff(struct store *st, const char *name,
                                   const struct wrap *w, int64_t now,
                                   int64_t *id)
{
    sqlite3_stmt *s = store_stmt(st,
        "INSERT INTO staff(name, salt, ops, mem, nonce, wrapped, created)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    if (s) {
        store_bind_text(s, 1, name);
        bind_wrap(s, 2, w);
        sqlite3_bind_int64(s, 7, now);
    }
    enum kiosk_err e = store_run(s);
    *id = sqlite3_last_insert_rowid(st->db);
    return e;
}

/* Removes the WAL's old page images (which still hold a deleted wrap)
 * from the file system. Best effort: a reader may hold the WAL open. */
static void checkpoint(struct store *st)
{
    (void)sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_TRUNCATE,
                                    NULL, NULL);
}

enum kiosk_err store_staff_create_first(struct store *st,
                                        const char *setup_code,
                                        const char *name, const char *pin,
                                        int64_t now, int64_t *id)
{
    if (!setup_code || !store_text_ok(name, 63, 0) || !pin_ok(pin)) {
        return KIOSK_EINVAL;
    }
    if (!st->have_pk) {
        return KIOSK_EIO;
    }
    unsigned char *sk = sodium_malloc(SK_BYTES);
    if (!sk) {
        return KIOSK_ENOMEM;
    }
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        sodium_free(sk);
        return e;
    }
    int n = 0;
    e = store_staff_count(st, &n);
    if (e == KIOSK_OK && n > 0) {
        e = KIOSK_EBUSY;
    }
    struct wrap w;
    if (e == KIOSK_OK) {
        sqlite3_stmt *s = store_stmt(st,
            "SELECT salt, ops, mem, nonce, wrapped FROM setup_key"
            " WHERE id = 1");
        e = store_row(s);
        if (e == KIOSK_OK) {
            e = read_wrap(s, 0, &w);
            sqlite3_reset(s);
        } else if (e == KIOSK_ENOENT) {
            e = KIOSK_EIO; /* no staff and no setup copy: key is lost */
        }
    }
    if (e == KIOSK_OK) {
        e = unwrap_key(setup_code, &w, st->pk, sk);
    }
    int64_t sid = 0;
    if (e == KIOSK_OK) {
        e = wrap_key(st, pin, sk, &w);
    }
    if (e == KIOSK_OK) {
        e = insert_staff(st, name, &w, now, &sid);
    }
    if (e == KIOSK_OK) {
        e = store_run(store_stmt(st, "DELETE FROM setup_key"));
    }
    if (e == KIOSK_OK) {
        e = store_audit_in_tx(st, now, sid, "staff_first", name);
    }
    sodium_free(sk);
    enum kiosk_err failed = e;
    e = store_end(st, e);
    if (failed == KIOSK_EDENIED) {
        /* Outside the rolled-back transaction, so the attempt is kept. */
        enum kiosk_err ea = store_audit_add(st, now, 0, "setup_code_wrong",
                                            name);
        if (ea != KIOSK_OK) {
            e = ea;
        }
    }
    if (e == KIOSK_OK) {
        checkpoint(st);
        if (id) {
            *id = sid;
        }
    }
    return e;
}

enum kiosk_err store_staff_add(struct store *st, const struct store_key *k,
                               const char *name, const char *pin,
                               int64_t now, int64_t *id)
{
    if (!k || !store_text_ok(name, 63, 0) || !pin_ok(pin)) {
        return KIOSK_EINVAL;
    }
    if (!st->have_pk || sodium_memcmp(k->pk, st->pk, sizeof st->pk) != 0) {
        return KIOSK_EDENIED; /* a key from another store */
    }
    struct wrap w;
    enum kiosk_err e = wrap_key(st, pin, k->sk, &w);
    if (e != KIOSK_OK) {
        return e;
    }
    e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    int64_t sid = 0;
    e = insert_staff(st, name, &w, now, &sid);
    if (e == KIOSK_OK) {
        e = store_audit_in_tx(st, now, k->staff_id, "staff_add", name);
    }
    e = store_end(st, e);
    if (e == KIOSK_OK && id) {
        *id = sid;
    }
    return e;
}

/* Records a failed attempt's consequences: a lock from the fifth failure
 * on, with the delay doubling each time. */
static enum kiosk_err after_failure(struct store *st, int64_t id, int fails,
                                    int64_t now)
{
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    char detail[96];
    if (fails >= STORE_FAILS_BEFORE_LOCK) {
        int shift = fails - STORE_FAILS_BEFORE_LOCK;
        int64_t delay = LOCK_MAX_SECONDS;
        if (shift < 6) {
            delay = (int64_t)LOCK_BASE_SECONDS << shift;
        }
        if (delay > LOCK_MAX_SECONDS) {
            delay = LOCK_MAX_SECONDS;
        }
        sqlite3_stmt *s = store_stmt(st,
            "UPDATE staff SET lock_until = ?2 WHERE id = ?1");
        if (s) {
            sqlite3_bind_int64(s, 1, id);
            sqlite3_bind_int64(s, 2, now + delay);
        }
        e = store_run(s);
        snprintf(detail, sizeof detail, "%d wrong PINs; locked for %lld s",
                 fails, (long long)delay);
        if (e == KIOSK_OK) {
            e = store_audit_in_tx(st, now, id, "staff_locked", detail);
        }
    } else {
        snprintf(detail, sizeof detail, "%d wrong PINs", fails);
        e = store_audit_in_tx(st, now, id, "pin_wrong", detail);
    }
    return store_end(st, e);
}

/* Checks `pin` for account id: counts the attempt first (committed), then
 * unwraps into sk. KIOSK_EDENIED wrong PIN or locked. */
static enum kiosk_err check_pin(struct store *st, int64_t id,
                                const char *pin, int64_t now,
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
        "SELECT salt, ops, mem, nonce, wrapped, failed, lock_until"
        " FROM staff WHERE id = ?1");
    if (s) {
        sqlite3_bind_int64(s, 1, id);
    }
    e = store_row(s);
    struct wrap w;
    int fails = 0;
    int locked = 0;
    if (e == KIOSK_OK) {
        e = read_wrap(s, 0, &w);
        fails = sqlite3_column_int(s, 5) + 1;
        locked = sqlite3_column_int64(s, 6) > now;
        sqlite3_reset(s);
    }
    if (e == KIOSK_OK && locked) {
        e = store_audit_in_tx(st, now, id, "pin_while_locked", NULL);
        e = store_end(st, e);
        return e == KIOSK_OK ? KIOSK_EDENIED : e;
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
    e = unwrap_key(pin, &w, st->pk, sk);
    if (e == KIOSK_EDENIED) {
        enum kiosk_err e2 = after_failure(st, id, fails, now);
        return e2 == KIOSK_OK ? KIOSK_EDENIED : e2;
    }
    return e;
}

/* Clears the fail count after a good PIN and audits `action`. */
static enum kiosk_err after_success(struct store *st, int64_t id,
                                    int64_t now, const char *action)
{
    enum kiosk_err e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    sqlite3_stmt *s = store_stmt(st,
        "UPDATE staff SET failed = 0, lock_until = 0 WHERE id = ?1");
    if (s) {
        sqlite3_bind_int64(s, 1, id);
    }
    e = store_run(s);
    if (e == KIOSK_OK) {
        e = store_audit_in_tx(st, now, id, action, NULL);
    }
    return store_end(st, e);
}

enum kiosk_err store_staff_unlock(struct store *st, int64_t id,
                                  const char *pin, int64_t now,
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
    enum kiosk_err e = check_pin(st, id, pin, now, k->sk);
    if (e == KIOSK_OK) {
        e = after_success(st, id, now, "unlock");
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

enum kiosk_err store_staff_change_pin(struct store *st, int64_t id,
                                      const char *old_pin,
                                      const char *new_pin, int64_t now)
{
    if (!pin_ok(new_pin)) {
        return KIOSK_EINVAL;
    }
    unsigned char *sk = sodium_malloc(SK_BYTES);
    if (!sk) {
        return KIOSK_ENOMEM;
    }
    struct wrap w;
    enum kiosk_err e = check_pin(st, id, old_pin, now, sk);
    if (e == KIOSK_OK) {
        e = wrap_key(st, new_pin, sk, &w);
    }
    sodium_free(sk);
    if (e != KIOSK_OK) {
        return e;
    }
    e = store_begin(st);
    if (e != KIOSK_OK) {
        return e;
    }
    sqlite3_stmt *s = store_stmt(st,
        "UPDATE staff SET salt = ?2, ops = ?3, mem = ?4, nonce = ?5,"
        " wrapped = ?6, failed = 0, lock_until = 0 WHERE id = ?1");
    if (s) {
        sqlite3_bind_int64(s, 1, id);
        bind_wrap(s, 2, &w);
    }
    e = store_run(s);
    if (e == KIOSK_OK) {
        e = store_audit_in_tx(st, now, id, "pin_changed", NULL);
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
        e = n <= 1 ? KIOSK_EBUSY : KIOSK_OK;
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
    return store_end(st, e);
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

enum kiosk_err store_open_answers(struct store *st, const struct store_key *k,
                                  int64_t id, unsigned char **bytes,
                                  size_t *len)
{
    if (!k || !bytes || !len) {
        return KIOSK_EINVAL;
    }
    *bytes = NULL;
    *len = 0;
    sqlite3_stmt *s = store_stmt(st,
        "SELECT answers FROM screenings WHERE id = ?1");
    if (s) {
        sqlite3_bind_int64(s, 1, id);
    }
    enum kiosk_err e = store_row(s);
    if (e != KIOSK_OK) {
        return e;
    }
    int clen = sqlite3_column_bytes(s, 0);
    const unsigned char *c = sqlite3_column_blob(s, 0);
    if (clen <= (int)crypto_box_SEALBYTES) {
        sqlite3_reset(s);
        return KIOSK_EIO;
    }
    size_t plen = (size_t)clen - crypto_box_SEALBYTES;
    unsigned char *p = sodium_malloc(plen);
    if (!p) {
        sqlite3_reset(s);
        return KIOSK_ENOMEM;
    }
    if (crypto_box_seal_open(p, c, (unsigned long long)clen, k->pk,
                             k->sk) != 0) {
        e = KIOSK_EIO; /* another site's key, or a damaged row */
    }
    sqlite3_reset(s);
    if (e != KIOSK_OK) {
        sodium_free(p);
        return e;
    }
    *bytes = p;
    *len = plen;
    return KIOSK_OK;
}

void store_answers_free(unsigned char *bytes)
{
    if (bytes) {
        sodium_free(bytes);
    }
}
