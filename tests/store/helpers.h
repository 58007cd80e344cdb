/* Shared by the store tests: a temporary directory per test program with
 * real database files in it, and store options that keep Argon2 fast. */
#ifndef KIOSK_TESTS_STORE_HELPERS_H
#define KIOSK_TESTS_STORE_HELPERS_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "store/store.h"

#define TEST_SETUP_CODE "K7Q2-M9XD-setup"
#define TEST_DAY_OFFSET 25200 /* UTC+7 */
/* 2026-11-24 08:00 in Vietnam. */
#define TEST_NOW 1795482000LL

static char test_dir_[256];

/* Creates the temp directory (once) and returns dir/name in buf. */
static const char *test_path(char *buf, size_t n, const char *name)
{
    if (!test_dir_[0]) {
        snprintf(test_dir_, sizeof test_dir_, "/tmp/kiosk-store-XXXXXX");
        if (!mkdtemp(test_dir_)) {
            perror("mkdtemp");
            exit(2);
        }
    }
    snprintf(buf, n, "%s/%s", test_dir_, name);
    return buf;
}

/* Deletes the temp directory and the files in it. */
static void test_cleanup(void)
{
    if (!test_dir_[0]) {
        return;
    }
    DIR *d = opendir(test_dir_);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
                char p[600];
                snprintf(p, sizeof p, "%s/%s", test_dir_, e->d_name);
                unlink(p);
            }
        }
        closedir(d);
    }
    rmdir(test_dir_);
}

/* Removes a database and its -wal/-shm companions. */
static void test_unlink_db(const char *path)
{
    char p[600];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

/* Options with the libsodium minimum Argon2 limits: same code path, fast. */
static struct store_opts test_opts(void)
{
    struct store_opts o = {
        .setup_code = TEST_SETUP_CODE,
        .pwhash_ops = crypto_pwhash_OPSLIMIT_MIN,
        .pwhash_mem = crypto_pwhash_MEMLIMIT_MIN,
        .day_offset = TEST_DAY_OFFSET,
    };
    return o;
}

#endif
