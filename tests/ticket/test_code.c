/* Ticket codes: Crockford Base32 + mod-37 check symbol, typed and scanned
 * input, URLs. Expected codes below were computed by hand from Crockford's
 * published alphabet and check rule, not by this module. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "test.h"
#include "ticket/ticket.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";

static void test_from_value(void)
{
    static const struct {
        uint64_t v;
        const char *code;
    } t[] = {
        {0, "000000000"},
        {1, "000000011"},
        {32, "00000010*"},          /* check 32 = '*' */
        {33, "00000011~"},          /* check 33 = '~' */
        {34, "00000012$"},          /* check 34 = '$' */
        {35, "00000013="},          /* check 35 = '=' */
        {36, "00000014U"},          /* check 36 = 'U' */
        {37, "000000150"},
        {661125736365ULL, "K7Q2M9XD0"},
        {588237697310ULL, "H3TV5W8YK"},
        {0xFFFFFFFFFFULL, "ZZZZZZZZF"},
        {0x123456789AULL, "28T5CY4TY"},
        {0x10000000000ULL, "000000000"}, /* only the low 40 bits count */
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char out[TICKET_CODE_SIZE];
        ticket_code_from_value(t[i].v, out);
        CHECK_STR(out, t[i].code);
    }
}

static void test_grouped(void)
{
    char g[TICKET_CODE_SIZE];

    CHECK_INT(ticket_code_format_grouped("K7Q2M9XD0", g, sizeof g), KIOSK_OK);
    CHECK_STR(g, "K7Q2-M9XD-0");
    CHECK_INT(ticket_code_format_grouped("00000014U", g, sizeof g), KIOSK_OK);
    CHECK_STR(g, "0000-0014-U");
    CHECK_INT(ticket_code_format_grouped("K7Q2M9XD0", g, 11), KIOSK_ETOOBIG);
    /* Not canonical: lower case, grouped, wrong check, wrong length. */
    static const char *bad[] = {"k7q2m9xd0", "K7Q2-M9XD-0", "K7Q2M9XD1",
                                "K7Q2M9XD", "K7Q2M9XD00", ""};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(ticket_code_format_grouped(bad[i], g, sizeof g),
                  KIOSK_EINVAL);
        CHECK_STR(g, "");
    }
}

#define TMPL "https://example.org/t/{code}"

static void test_parse_table(void)
{
    static const struct {
        const char *in;
        const char *tmpl;
        enum kiosk_err err;
        const char *code;
    } t[] = {
        {"K7Q2M9XD0", NULL, KIOSK_OK, "K7Q2M9XD0"},
        {"K7Q2-M9XD-0", NULL, KIOSK_OK, "K7Q2M9XD0"},
        {"k7q2-m9xd-0", NULL, KIOSK_OK, "K7Q2M9XD0"},
        {"K7Q2 M9XD 0", NULL, KIOSK_OK, "K7Q2M9XD0"},
        {"  k7Q2m9Xd0\r\n", NULL, KIOSK_OK, "K7Q2M9XD0"}, /* scanner Enter */
        {"K7Q2--M9XD--0", NULL, KIOSK_OK, "K7Q2M9XD0"},
        {"K7Q2M9XDO", NULL, KIOSK_OK, "K7Q2M9XD0"},       /* O -> 0 */
        {"K7Q2M9XDo", NULL, KIOSK_OK, "K7Q2M9XD0"},
        {"0000-0001-1", NULL, KIOSK_OK, "000000011"},
        {"oooo-oooi-i", NULL, KIOSK_OK, "000000011"},     /* o, i */
        {"OOOO-OOOL-l", NULL, KIOSK_OK, "000000011"},     /* L, l */
        {"1OZO-MIAB-C", NULL, KIOSK_OK, "10Z0M1ABC"},
        {"0000-0014-u", NULL, KIOSK_OK, "00000014U"},     /* check U */
        {"0000-0010-*", NULL, KIOSK_OK, "00000010*"},
        {"0000-0012-$", NULL, KIOSK_OK, "00000012$"},
        {"K7Q2M9XD1", NULL, KIOSK_EINVAL, ""},            /* wrong check */
        {"K7Q2M9XD", NULL, KIOSK_EINVAL, ""},             /* check missing */
        {"K7Q2M9XD00", NULL, KIOSK_EINVAL, ""},           /* too long */
        {"K7Q2M9XU0", NULL, KIOSK_EINVAL, ""},            /* U not data */
        {"K7Q2M9X*0", NULL, KIOSK_EINVAL, ""},            /* * not data */
        {"K7Q2_M9XD0", NULL, KIOSK_EINVAL, ""},           /* foreign */
        {"K7Q2.M9XD.0", NULL, KIOSK_EINVAL, ""},
        {"", NULL, KIOSK_EINVAL, ""},
        {"   ", NULL, KIOSK_EINVAL, ""},
        /* URLs from the QR */
        {"https://example.org/t/K7Q2M9XD0", TMPL, KIOSK_OK, "K7Q2M9XD0"},
        {"HTTPS://EXAMPLE.ORG/T/K7Q2M9XD0", TMPL, KIOSK_OK, "K7Q2M9XD0"},
        {"https://example.org/t/k7q2-m9xd-0\n", TMPL, KIOSK_OK, "K7Q2M9XD0"},
        {"https://example.org/t/00000012%24", TMPL, KIOSK_OK, "00000012$"},
        {"https://example.org/t/00000012%2", TMPL, KIOSK_EINVAL, ""},
        {"https://example.org/t/K7Q2M9XD1", TMPL, KIOSK_EINVAL, ""},
        {"https://other.example/t/K7Q2M9XD0", TMPL, KIOSK_EINVAL, ""},
        {"https://example.org/t/K7Q2M9XD0", NULL, KIOSK_EINVAL, ""},
        {"https://example.org/t/", TMPL, KIOSK_EINVAL, ""},
        {"K7Q2M9XD0", TMPL, KIOSK_OK, "K7Q2M9XD0"},  /* typed, with tmpl */
        {"https://x.example/c?id=K7Q2M9XD0&src=qr",
         "https://x.example/c?id={code}&src=qr", KIOSK_OK, "K7Q2M9XD0"},
        {"https://x.example/c?id=K7Q2M9XD0&src=web",
         "https://x.example/c?id={code}&src=qr", KIOSK_EINVAL, ""},
    };
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        char out[TICKET_CODE_SIZE] = "junk";
        enum kiosk_err e = ticket_code_parse(t[i].in, t[i].tmpl, out);
        if (e != t[i].err) {
            fprintf(stderr, "row %zu: \"%s\"\n", i, t[i].in);
        }
        CHECK_INT(e, t[i].err);
        CHECK_STR(out, t[i].code);
    }
}

/* Every substitution of one symbol by any other symbol, and every swap of
 * two different adjacent symbols, must be caught. */
static void test_typos_caught(void)
{
    static const uint64_t values[] = {661125736365ULL, 0, 36, 0xFFFFFFFFFFULL,
                                      0x123456789AULL, 588237697310ULL};
    int tried = 0, caught = 0;

    for (size_t k = 0; k < sizeof values / sizeof values[0]; k++) {
        char code[TICKET_CODE_SIZE], typo[TICKET_CODE_SIZE];
        char out[TICKET_CODE_SIZE];
        ticket_code_from_value(values[k], code);
        for (int pos = 0; pos < TICKET_CODE_LEN; pos++) {
            for (int s = 0; s < 37; s++) {
                if (alphabet[s] == code[pos]) {
                    continue;
                }
                memcpy(typo, code, sizeof code);
                typo[pos] = alphabet[s];
                tried++;
                if (ticket_code_parse(typo, NULL, out) == KIOSK_EINVAL) {
                    caught++;
                } else {
                    fprintf(stderr, "typo not caught: %s -> %s\n", code,
                            typo);
                }
            }
        }
        for (int pos = 0; pos + 1 < TICKET_CODE_LEN; pos++) {
            if (code[pos] == code[pos + 1]) {
                continue;
            }
            memcpy(typo, code, sizeof code);
            typo[pos] = code[pos + 1];
            typo[pos + 1] = code[pos];
            tried++;
            if (ticket_code_parse(typo, NULL, out) == KIOSK_EINVAL) {
                caught++;
            } else {
                fprintf(stderr, "swap not caught: %s -> %s\n", code, typo);
            }
        }
    }
    CHECK(tried > 6 * 9 * 36);
    CHECK_INT(caught, tried);
}

static void test_new_round_trip(void)
{
    enum { N = 2000 };
    static char codes[N][TICKET_CODE_SIZE];
    int seen[TICKET_CODE_DATA][32];
    int distinct = 1;

    memset(seen, 0, sizeof seen);
    for (int i = 0; i < N; i++) {
        char g[TICKET_CODE_SIZE], out[TICKET_CODE_SIZE], low[TICKET_CODE_SIZE];
        CHECK_INT(ticket_code_new(codes[i]), KIOSK_OK);
        CHECK_INT((long long)strlen(codes[i]), TICKET_CODE_LEN);
        CHECK_INT(ticket_code_parse(codes[i], NULL, out), KIOSK_OK);
        CHECK_STR(out, codes[i]);
        CHECK_INT(ticket_code_format_grouped(codes[i], g, sizeof g), KIOSK_OK);
        for (size_t c = 0; c <= strlen(g); c++) {
            low[c] = (char)((g[c] >= 'A' && g[c] <= 'Z') ? g[c] + 32 : g[c]);
        }
        CHECK_INT(ticket_code_parse(low, NULL, out), KIOSK_OK);
        CHECK_STR(out, codes[i]);
        for (int p = 0; p < TICKET_CODE_DATA; p++) {
            const char *at = strchr(alphabet, codes[i][p]);
            if (at && at - alphabet < 32) {
                seen[p][at - alphabet]++;
            }
        }
        for (int k = 0; k < i; k++) {
            if (strcmp(codes[k], codes[i]) == 0) {
                distinct = 0;
            }
        }
    }
    /* 2000 draws of 40 bits collide with probability ~2e-6. */
    CHECK(distinct);
    /* Each position takes all 32 symbols (a stuck bit would halve that);
     * a fair source misses one with probability ~32 * e^-62.5. */
    for (int p = 0; p < TICKET_CODE_DATA; p++) {
        int used = 0;
        for (int s = 0; s < 32; s++) {
            used += seen[p][s] > 0;
        }
        CHECK_INT(used, 32);
    }
}

static void test_url(void)
{
    char buf[128], out[TICKET_CODE_SIZE];

    CHECK_INT(ticket_code_url(TMPL, "K7Q2M9XD0", buf, sizeof buf), KIOSK_OK);
    CHECK_STR(buf, "https://example.org/t/K7Q2M9XD0");
    CHECK_INT(ticket_code_parse(buf, TMPL, out), KIOSK_OK);
    CHECK_STR(out, "K7Q2M9XD0");
    CHECK_INT(ticket_code_url("https://e.example/{code}?c={code}",
                              "00000012$", buf, sizeof buf),
              KIOSK_OK);
    CHECK_STR(buf, "https://e.example/00000012$?c=00000012$");
    /* exactly fits: 31 chars + NUL */
    CHECK_INT(ticket_code_url(TMPL, "K7Q2M9XD0", buf, 32), KIOSK_OK);
    CHECK_INT(ticket_code_url(TMPL, "K7Q2M9XD0", buf, 31), KIOSK_ETOOBIG);
    CHECK_STR(buf, "");
    CHECK_INT(ticket_code_url("https://example.org/t/", "K7Q2M9XD0", buf,
                              sizeof buf),
              KIOSK_EINVAL);
    CHECK_INT(ticket_code_url(TMPL, "K7Q2-M9XD-0", buf, sizeof buf),
              KIOSK_EINVAL);
    /* Over the input cap. */
    static char huge[TICKET_CODE_INPUT_MAX + 10];
    memset(huge, '0', sizeof huge - 1);
    huge[sizeof huge - 1] = '\0';
    CHECK_INT(ticket_code_parse(huge, NULL, out), KIOSK_ETOOBIG);
}

int main(void)
{
    test_from_value();
    test_grouped();
    test_parse_table();
    test_typos_caught();
    test_new_round_trip();
    test_url();
    TEST_MAIN_END();
}
