/* Staff cards: the text round-trips, reads as people type and scanners
 * send it, and every single-symbol typo or swap of neighbours is caught
 * (a wrong card must never look like another valid one by accident). */
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "staff/card.h"
#include "test.h"

static void test_round_trip(void)
{
    for (int n = 0; n < 200; n++) {
        unsigned char card[STORE_CARD_BYTES], back[STORE_CARD_BYTES];
        if (n == 0) {
            memset(card, 0, sizeof card);
        } else if (n == 1) {
            memset(card, 0xff, sizeof card);
        } else {
            staff_card_new(card);
        }
        char plain[STAFF_CARD_TEXT], grouped[STAFF_CARD_TEXT];
        staff_card_format(card, 0, plain);
        staff_card_format(card, 1, grouped);
        CHECK_INT(strlen(plain), strlen(STAFF_CARD_PREFIX) +
                                     STAFF_CARD_SYMBOLS);
        CHECK_INT(strncmp(plain, "STAFF-", 6), 0);
        CHECK(staff_card_looks_like(plain));
        CHECK_INT(staff_card_parse(plain, back), KIOSK_OK);
        CHECK(memcmp(card, back, sizeof card) == 0);
        CHECK_INT(staff_card_parse(grouped, back), KIOSK_OK);
        CHECK(memcmp(card, back, sizeof card) == 0);
    }
}

static void test_as_typed(void)
{
    unsigned char card[STORE_CARD_BYTES], back[STORE_CARD_BYTES];
    for (int i = 0; i < STORE_CARD_BYTES; i++) {
        card[i] = (unsigned char)(i * 7 + 3);
    }
    char plain[STAFF_CARD_TEXT];
    staff_card_format(card, 0, plain);
    /* the headless scripts' card: the format is fixed */
    CHECK_STR(plain,
              "STAFF-0C51260Z4RPK8ET29585EQK5DHSQN0C8HYB9V95BPAWW1HYETQE07");
    static const char *const ok[] = {
        "staff-0c51260z4rpk8et29585eqk5dhsqn0c8hyb9v95bpaww1hyetqe07",
        "  STAFF-0C51260Z4RPK8ET29585EQK5DHSQN0C8HYB9V95BPAWW1HYETQE07\r\n",
        "0C51 260Z 4RPK 8ET2 9585 EQK5 DHSQ N0C8 HYB9 V95B PAWW 1HYE TQE0 7",
        "OC51260Z4RPK8ET29585EQK5DHSQNOC8HYB9V95BPAWWIHYETQEO7", /* O, I */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        memset(back, 0, sizeof back);
        CHECK_INT(staff_card_parse(ok[i], back), KIOSK_OK);
        CHECK(memcmp(card, back, sizeof card) == 0);
    }
    static const char *const bad[] = {
        "", "STAFF-", "STAFF-0C51", "https://example.org/t/BMX7S7H1K",
        "BMX7S7H1K",
        "STAFF-0C51260Z4RPK8ET29585EQK5DHSQN0C8HYB9V95BPAWW1HYETQE0",
        "STAFF-0C51260Z4RPK8ET29585EQK5DHSQN0C8HYB9V95BPAWW1HYETQE077",
        "STAFF-0C51260Z4RPK8ET29585EQK5DHSQN0C8HYB9V95BPAWW1HYETQE0U",
        "STAFF-0C51260Z4RPK8ET29585EQK5DHSQN0C8HYB9V95BPAWW1HYETQE07 x",
        "STAFF-0C51260Z4RPK8ET29585EQK5DHSQN0C8HYB9V95BPAWW1HYETQE*7",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        CHECK_INT(staff_card_parse(bad[i], back), KIOSK_EINVAL);
    }
    CHECK(!staff_card_looks_like("https://example.org/t/BMX7S7H1K"));
    CHECK(staff_card_looks_like(" staff-12"));
}

/* Every single-symbol change and every swap of two different neighbours
 * in the data or check part is refused. */
static void test_typos(void)
{
    unsigned char card[STORE_CARD_BYTES], back[STORE_CARD_BYTES];
    staff_card_new(card);
    char plain[STAFF_CARD_TEXT];
    staff_card_format(card, 0, plain);
    char *sym = plain + strlen(STAFF_CARD_PREFIX);
    static const char alpha[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    int accepted = 0, tried = 0;
    for (int i = 0; i < STAFF_CARD_SYMBOLS; i++) {
        char keep = sym[i];
        for (int k = 0; k < 32; k++) {
            if (alpha[k] == keep) {
                continue;
            }
            sym[i] = alpha[k];
            tried++;
            accepted += staff_card_parse(plain, back) == KIOSK_OK;
        }
        sym[i] = keep;
    }
    for (int i = 0; i + 1 < STAFF_CARD_SYMBOLS; i++) {
        if (sym[i] == sym[i + 1]) {
            continue;
        }
        char t = sym[i];
        sym[i] = sym[i + 1];
        sym[i + 1] = t;
        tried++;
        accepted += staff_card_parse(plain, back) == KIOSK_OK;
        sym[i + 1] = sym[i];
        sym[i] = t;
    }
    CHECK(tried > 1600);
    CHECK_INT(accepted, 0);
    CHECK_INT(staff_card_parse(plain, back), KIOSK_OK);
}

int main(void)
{
    if (sodium_init() < 0) {
        return 1;
    }
    test_round_trip();
    test_as_typed();
    test_typos();
    TEST_MAIN_END();
}
