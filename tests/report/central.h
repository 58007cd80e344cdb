/* Test helpers: runs tests/report/central.py (a loopback stand-in for ODK
 * Central) as a child process and talks to its control port, plus the
 * fixtures every sender test needs (a store with queued records, a token
 * file, a virtual clock). Only 127.0.0.1 is ever contacted. */
#ifndef KIOSK_TESTS_REPORT_CENTRAL_H
#define KIOSK_TESTS_REPORT_CENTRAL_H

#include <stdatomic.h>
#include <stdint.h>
#include <sys/types.h>

#include <openssl/evp.h>

#include "odk_decrypt.h"
#include "report/report.h"
#include "store/store.h"

struct central {
    pid_t pid;
    int port;      /* submission port */
    int ctl_port;  /* control port */
};

/* One line of the server's /log. */
struct central_hit {
    int n;
    int status;          /* 0 = still being decided */
    char form[64];
    char instance[64];
    char sha[24];        /* of the manifest part */
    char ua[64];
    char device[64];
    int key_in_url;
    int enc;             /* 1 = an encrypted submission whose
                            submission.xml.enc part decrypted with the
                            province's key (and its signature matched);
                            0 = plaintext; -1 = encrypted but the part is
                            missing or does not decrypt */
    char problem[8];     /* Central's problem code answered, "-" */
};

/** Starts the server with `token` accepted and the private key of
 * test_key() to decrypt what it receives; extra (may be NULL) is one more
 * argument string such as "--down" or "--tls CERT KEY" (split on spaces).
 * Returns 0 on success. */
int central_start(struct central *c, const char *token, const char *extra);
/** Stops the server (SIGTERM, then waits). */
void central_stop(struct central *c);
/** GET /ctl?query on the control port; 0 on success. */
int central_ctl(struct central *c, const char *query);
/** Reads /log into hits[0..cap); returns how many (-1 on error). */
int central_log(struct central *c, struct central_hit *hits, int cap);
/** Reads /instances into a malloc'd text (one id a line); NULL on error. */
char *central_instances(struct central *c);
/** The decrypted instance XML the server stored for instance id (GET
 * /plain), malloc'd; NULL if it has none or on error. */
char *central_plain(struct central *c, const char *instance);

/** The province's key pair for this test process, made on first use:
 * returns the public half (base64 DER, for report_cfg.public_key); *priv
 * (may be NULL) gets the private half (owned here). test_key_pem() is the
 * private half's PEM file. */
const char *test_key(EVP_PKEY **priv);
const char *test_key_pem(void);

/* A virtual clock for report_cfg.clock. */
struct vclock {
    _Atomic int64_t now; /* set by the test, read by the sender thread */
};
int64_t vclock_now(void *ctx);

/** Writes `token` to path with `mode`; 0 on success. */
int write_token(const char *path, const char *token, unsigned mode);

/** A test directory under $TMPDIR (or /tmp), created fresh: dir/name. */
void test_file(char *out, size_t n, const char *name);

/** Creates a fresh store at path (libsodium-minimum Argon2 limits). */
struct store *fresh_store(const char *path);

/** Saves one screening with its kiosk_screening record (encrypted for
 * cfg->public_key) in the outbox, in one transaction, completed at time t
 * with seq; instance id into iid (may be NULL). Returns 0 on success. */
int queue_screening(struct store *st, const struct report_cfg *cfg,
                    int64_t t, int64_t seq, char *iid);

/** Waits until a pass that began after the current wake count has ended;
 * returns 1, or 0 after 60 s (a hang, reported, not a timing check). */
int wait_served(struct report_sender *s);

/** report_wake, then wait_served. */
int kick(struct report_sender *s);

/** report_send_now, then wait_served. */
int push(struct report_sender *s);

#endif
