/* A minimal table-friendly test harness: CHECK* macros count failures and
 * print where; TEST_MAIN_END prints "N passed, N failed" and sets the exit
 * status. Every test file is a plain executable run by ctest. */
#ifndef KIOSK_TEST_H
#define KIOSK_TEST_H

#include <math.h>
#include <stdio.h>
#include <string.h>

static int test_passed_, test_failed_;

#define CHECK(cond)                                                        \
    do {                                                                   \
        if (cond) {                                                        \
            test_passed_++;                                                \
        } else {                                                           \
            test_failed_++;                                                \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__,         \
                    __LINE__, #cond);                                      \
        }                                                                  \
    } while (0)

#define CHECK_INT(a, b)                                                    \
    do {                                                                   \
        long long a_ = (long long)(a), b_ = (long long)(b);                \
        if (a_ == b_) {                                                    \
            test_passed_++;                                                \
        } else {                                                           \
            test_failed_++;                                                \
            fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n",          \
                    __FILE__, __LINE__, #a, a_, b_);                       \
        }                                                                  \
    } while (0)

#define CHECK_STR(a, b)                                                    \
    do {                                                                   \
        const char *a_ = (a), *b_ = (b);                                   \
        if (a_ && b_ && strcmp(a_, b_) == 0) {                             \
            test_passed_++;                                                \
        } else {                                                           \
            test_failed_++;                                                \
            fprintf(stderr, "%s:%d: %s == \"%s\", expected \"%s\"\n",      \
                    __FILE__, __LINE__, #a, a_ ? a_ : "(null)",            \
                    b_ ? b_ : "(null)");                                   \
        }                                                                  \
    } while (0)

#define CHECK_CONTAINS(hay, needle)                                        \
    do {                                                                   \
        const char *h_ = (hay), *n_ = (needle);                            \
        if (h_ && n_ && strstr(h_, n_)) {                                  \
            test_passed_++;                                                \
        } else {                                                           \
            test_failed_++;                                                \
            fprintf(stderr, "%s:%d: \"%s\" does not contain \"%s\"\n",     \
                    __FILE__, __LINE__, h_ ? h_ : "(null)",                \
                    n_ ? n_ : "(null)");                                   \
        }                                                                  \
    } while (0)

#define TEST_MAIN_END()                                                    \
    do {                                                                   \
        printf("%d passed, %d failed\n", test_passed_, test_failed_);      \
        return test_failed_ ? 1 : (test_passed_ ? 0 : 1);                  \
    } while (0)

#endif
