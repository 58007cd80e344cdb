/* Fills a new kiosk database with a month of plausible activity before a
 * headless staff test: a first staff account (LAN, PIN 147258, and the
 * staff card GEN_CARD below, which scripts scan), and for each
 * of the 30 days before the headless clock (2035-11-27 09:00, UTC+7) visits,
 * screenings with their bands, and tickets, from a fixed-seed PRNG through
 * the store's own API. Usage: gen_month DB SETUP_CODE */
#include <stdio.h>
#include <string.h>

#include "staff/card.h"
#include "store/store.h"

/* The staff card of LAN: bytes i * 7 + 3. Its text (scripts scan it) is
 * printed by `gen_month --card`. */
static void gen_card(unsigned char card[STORE_CARD_BYTES])
{
    for (int i = 0; i < STORE_CARD_BYTES; i++) {
        card[i] = (unsigned char)(i * 7 + 3);
    }
}

static unsigned long long seed = 20351127;

static unsigned rnd(unsigned n)
{
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((seed >> 33) % n);
}

int main(int argc, char **argv)
{
    unsigned char card[STORE_CARD_BYTES];
    gen_card(card);
    if (argc == 2 && strcmp(argv[1], "--card") == 0) {
        char text[STAFF_CARD_TEXT];
        staff_card_format(card, 0, text);
        printf("%s\n", text);
        return 0;
    }
    if (argc != 3) {
        fprintf(stderr, "usage: gen_month DB SETUP_CODE | gen_month --card\n");
        return 2;
    }
    struct store *st = NULL;
    struct store_opts o = {.setup_code = argv[2], .day_offset = 25200,
                           .pwhash_ops = 1, .pwhash_mem = 8192};
    const int64_t now = 2079741600; /* the headless clock */
    if (store_open(argv[1], &o, &st) ||
        store_staff_create_first(st, argv[2], "LAN", "147258", card,
                                 now - 40 * 86400, NULL)) {
        fprintf(stderr, "gen_month: cannot set up %s\n", argv[1]);
        return 1;
    }
    static const char *const langs[] = {"vi", "vi", "vi", "km", "en", "hmn"};
    static const char *const bands[] = {"low", "low", "moderate", "high"};
    int made = 0;
    for (int day = 30; day >= 1; day--) {
        int visits = 6 + (int)rnd(10);
        for (int v = 0; v < visits; v++) {
            int64_t t = now - day * 86400 + (int64_t)rnd(9 * 3600);
            const char *lang = langs[rnd(6)];
            if (store_visit_begin(st, t)) {
                return 1;
            }
            int outcome = rnd(10) < 6 ? STORE_VISIT_COMPLETED
                                      : rnd(2) ? STORE_VISIT_LEFT
                                               : STORE_VISIT_IDLE;
            int64_t sid = 0;
            if (outcome == STORE_VISIT_COMPLETED && rnd(3)) {
                int assist = rnd(3) != 0;
                struct store_value vals[2] = {
                    {assist ? "alcohol_risk" : "crafft_risk",
                     assist ? bands[rnd(4)] : (rnd(3) ? "low" : "high")},
                    {assist ? "injected" : "crafft_car",
                     assist ? "never" : "no"}};
                const char answers[] = "q1=alcohol\n";
                struct store_screening sc = {
                    .form_id = assist ? "assist" : "crafft",
                    .form_version = "2026112401", .language = lang,
                    .time = t + 300, .values = vals, .n_values = 2,
                    .tallies = vals, .n_tallies = 2,
                    .answers = (const unsigned char *)answers,
                    .answers_len = sizeof answers - 1};
                if (store_save_screening(st, &sc, &sid)) {
                    return 1;
                }
                made++;
            }
            if (sid && rnd(2)) {
                char code[16];
                snprintf(code, sizeof code, "GEN%02d%03d", day, v);
                struct store_ticket_new tk = {code, 0, t + 400, lang, sid};
                int64_t tid = 0;
                if (store_ticket_insert(st, &tk, &tid)) {
                    return 1;
                }
                if (rnd(3)) {
                    enum kiosk_err e = store_ticket_set_state(
                        st, tid, STORE_TICKET_ATTENDED, t + 86400, 0);
                    (void)e;
                }
            }
            if (store_visit_end(st, t, outcome, lang)) {
                return 1;
            }
        }
    }
    store_close(st);
    printf("gen_month: %d screenings over 30 days in %s\n", made, argv[1]);
    return 0;
}
