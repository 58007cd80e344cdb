/* Power-cut test: a child process writes a stream of screenings and tickets
 * to a real database, printing each id to a pipe only after the commit
 * returned; the parent kill -9s it at a random moment, then reopens the
 * database, requires PRAGMA integrity_check to say "ok", finds every id
 * that was reported committed, and finds no half-written screening (each
 * has all its calculates, and its outbox row when it asked for one).
 *
 * Usage: test_store_powercut [ROUNDS [SEED]]  (default 30 rounds; ctest
 * runs the default, bench/store/powercut.sh runs hundreds). The same file
 * is cut again and again, so damage would accumulate and be seen.
 *
 * SIGKILL ends the process, not the kernel: the page cache survives, so
 * this proves SQLite's commit protocol and our transactions, not the SD
 * card's honesty about fsync. See src/store/README.md. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store/store.h"
#include "store/store_private.h"
#include "helpers.h"
#include "test.h"

#define MAX_IDS 200000

static int64_t *screening_ids, *ticket_ids;
static int n_screenings, n_tickets;

static uint64_t rng_state;

/* splitmix64: small, deterministic from the printed seed. */
static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* The writer. Never returns: killed by the parent, or _exit. */
static void child(const char *path, int round, int fd)
{
    struct store_opts o = test_opts();
    struct store *st = NULL;
    if (store_open(path, &o, &st) != KIOSK_OK) {
        _exit(3);
    }
    /* open: the parent may now time its cut from here (on a slow machine
     * or under emulation, opening alone can take longer than the cut's
     * window, and the writer would never be seen writing) */
    if (write(fd, "R\n", 2) != 2) {
        _exit(6);
    }
    unsigned char answers[2048];
    for (int i = 0; i < 1000000; i++) {
        char line[64];
        int64_t id = 0;
        if (i % 3 != 2) {
            char score[16];
            snprintf(score, sizeof score, "%d", i % 40);
            struct store_value v[] = {
                {"assist_score", score},
                {"assist_risk", i % 2 ? "moderate" : "low"},
                {"phq4_level", "none"},
            };
            randombytes_buf(answers, sizeof answers);
            struct store_screening sc = {
                .form_id = "assist_lite", .form_version = "1",
                .language = "vi", .time = TEST_NOW + i, .values = v,
                .n_values = 3, .tallies = v + 1, .n_tallies = 2,
                .answers = answers,
                .answers_len = 100 + (size_t)(i % 1900),
            };
            struct store_outbox_new ob = {.kind = "odk", .form = "f",
                                          .body = answers, .len = 64,
                                          .att = answers, .att_len = 32};
            sc.outbox = i % 2 ? &ob : NULL;
            if (store_save_screening(st, &sc, &id) != KIOSK_OK) {
                _exit(4);
            }
            snprintf(line, sizeof line, "S %lld\n", (long long)id);
        } else {
            char code[32];
            snprintf(code, sizeof code, "PC%d-%d", round, i);
            struct store_ticket_new t = {.code = code,
                                         .created = TEST_NOW + i,
                                         .language = "km"};
            if (store_ticket_insert(st, &t, &id) != KIOSK_OK) {
                _exit(5);
            }
            snprintf(line, sizeof line, "T %lld\n", (long long)id);
        }
        /* One write() of a short line is atomic on a pipe. */
        size_t len = strlen(line);
        if (write(fd, line, len) != (ssize_t)len) {
            _exit(6);
        }
    }
    _exit(0);
}

/* Waits (at most 60 s) for the writer's "R\n": its database is open. */
static void wait_open(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    char r[2];
    if (poll(&p, 1, 60000) == 1 && read(fd, r, 2) == 2 && r[0] == 'R') {
        return;
    }
    fprintf(stderr, "power cut: the writer did not open the database\n");
}

/* Reads the child's reports; a cut-off last line is ignored. */
static void read_reports(int fd)
{
    static char buf[1 << 20];
    size_t used = 0;
    for (;;) {
        ssize_t r = read(fd, buf + used, sizeof buf - 1 - used);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            break;
        }
        used += (size_t)r;
        if (used == sizeof buf - 1) {
            break;
        }
    }
    buf[used] = '\0';
    char *p = buf;
    char *nl;
    while ((nl = strchr(p, '\n')) != NULL) {
        *nl = '\0';
        long long id = strtoll(p + 2, NULL, 10);
        if (p[0] == 'S' && n_screenings < MAX_IDS) {
            screening_ids[n_screenings++] = id;
        } else if (p[0] == 'T' && n_tickets < MAX_IDS) {
            ticket_ids[n_tickets++] = id;
        }
        p = nl + 1;
    }
}

static int64_t scalar(sqlite3 *db, const char *sql, int64_t arg)
{
    sqlite3_stmt *s = NULL;
    int64_t v = -1;
    if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) == SQLITE_OK) {
        if (sqlite3_bind_parameter_count(s) > 0) {
            sqlite3_bind_int64(s, 1, arg);
        }
        if (sqlite3_step(s) == SQLITE_ROW) {
            v = sqlite3_column_int64(s, 0);
        }
    }
    sqlite3_finalize(s);
    return v;
}

/* After a cut: integrity, every reported id, no partial screening. */
static void verify(const char *path, int round)
{
    struct store_opts o = test_opts();
    struct store *st = NULL;
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK);
    if (!st) {
        return;
    }
    char msg[128] = "";
    CHECK_INT(store_check(st, 1, msg, sizeof msg), KIOSK_OK);
    if (strcmp(msg, "ok") != 0) {
        fprintf(stderr, "round %d: integrity_check: %s\n", round, msg);
    }
    sqlite3 *db = store_db(st);
    int missing = 0;
    for (int i = 0; i < n_screenings; i++) {
        missing += scalar(db, "SELECT count(*) FROM screenings WHERE id = ?1",
                          screening_ids[i]) != 1;
    }
    for (int i = 0; i < n_tickets; i++) {
        missing += scalar(db, "SELECT count(*) FROM tickets WHERE id = ?1",
                          ticket_ids[i]) != 1;
    }
    if (missing) {
        fprintf(stderr, "round %d: %d committed ids missing\n", round,
                missing);
    }
    CHECK_INT(missing, 0);
    /* each screening is its sealed row, its counts and (every other
     * one) its outbox row, or none of them */
    CHECK_INT(scalar(db,
                     "SELECT (SELECT count(*) FROM screenings) - (SELECT"
                     " coalesce(sum(n), 0) FROM tally WHERE kind = 1)", 0),
              0);
    CHECK_INT(scalar(db,
                     "SELECT 2 * (SELECT count(*) FROM screenings) - (SELECT"
                     " coalesce(sum(n), 0) FROM tally WHERE kind = 2)", 0),
              0);
    CHECK_INT(scalar(db,
                     "SELECT (SELECT coalesce(sum(n), 0) FROM tally WHERE"
                     " kind = 2 AND value = 'moderate') - (SELECT count(*)"
                     " FROM outbox WHERE screening_id IS NOT NULL)", 0), 0);
    store_close(st);
}

int main(int argc, char **argv)
{
    int rounds = 30;
    uint64_t seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 16);
    if (argc > 1) {
        char *end = NULL;
        long v = strtol(argv[1], &end, 10);
        if (!end || *end || v < 1 || v > 100000) {
            fprintf(stderr, "usage: %s [ROUNDS [SEED]]\n", argv[0]);
            return 2;
        }
        rounds = (int)v;
    }
    if (argc > 2) {
        seed = strtoull(argv[2], NULL, 10);
    }
    rng_state = seed;
    printf("power cut: %d rounds, seed %llu\n", rounds,
           (unsigned long long)seed);
    fflush(stdout);
    screening_ids = malloc(MAX_IDS * sizeof *screening_ids);
    ticket_ids = malloc(MAX_IDS * sizeof *ticket_ids);
    if (!screening_ids || !ticket_ids || sodium_init() < 0) {
        return 2;
    }
    char path[512];
    test_path(path, sizeof path, "powercut.db");
    test_unlink_db(path);
    struct store_opts o = test_opts();
    struct store *st = NULL;
    CHECK_INT(store_open(path, &o, &st), KIOSK_OK); /* schema */
    /* a staff account, so that screenings keep their sealed record (its
     * Argon2id is too slow to leave to a writer cut within 120 ms) */
    unsigned char card[STORE_CARD_BYTES] = {1};
    CHECK_INT(store_staff_create_first(st, TEST_SETUP_CODE, "Lan", "123456",
                                       card, TEST_NOW, NULL),
              KIOSK_OK);
    store_close(st);

    int before_total = 0;
    for (int round = 0; round < rounds; round++) {
        int fds[2];
        if (pipe(fds) != 0) {
            perror("pipe");
            return 2;
        }
        pid_t pid = fork();
        if (pid < 0) {
            perror("fork");
            return 2;
        }
        if (pid == 0) {
            close(fds[0]);
            child(path, round, fds[1]);
        }
        close(fds[1]);
        if (round % 2) {
            wait_open(fds[0]); /* odd rounds: cut while writing */
        }
        /* 5..120 ms: even rounds sometimes during open, all mostly
         * mid-stream. */
        useconds_t delay = (useconds_t)(5000 + rng() % 115000);
        usleep(delay);
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        int killed = WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
        if (!killed) {
            fprintf(stderr, "round %d: writer exited with %d\n", round,
                    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        }
        CHECK(killed);
        read_reports(fds[0]);
        close(fds[0]);
        verify(path, round);
    }
    int total = n_screenings + n_tickets;
    printf("%d committed rows reported and verified (%d screenings, "
           "%d tickets)\n", total, n_screenings, n_tickets);
    CHECK(total > before_total); /* the writer really wrote */
    free(screening_ids);
    free(ticket_ids);
    test_cleanup();
    TEST_MAIN_END();
}
