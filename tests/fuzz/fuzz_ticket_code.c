/* libFuzzer target: ticket codes as staff type them and as a USB scanner
 * delivers them (a bare code or the ticket URL). A code that parses must
 * format, re-parse to itself and build its URL. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ticket/ticket.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > TICKET_CODE_INPUT_MAX) {
        return 0;
    }
    char *in = malloc(size + 1);
    if (!in) {
        return 0;
    }
    memcpy(in, data, size);
    in[size] = '\0';
    char code[TICKET_CODE_SIZE], again[TICKET_CODE_SIZE], grouped[32];
    char url[600];
    static const char *const templates[] = {NULL, "https://example.org/t/{code}",
                                            "http://10.0.0.1/{code}?x=1"};
    for (size_t t = 0; t < 3; t++) {
        if (ticket_code_parse(in, templates[t], code) != KIOSK_OK) {
            continue;
        }
        if (ticket_code_format_grouped(code, grouped, sizeof grouped) !=
                KIOSK_OK ||
            ticket_code_parse(grouped, NULL, again) != KIOSK_OK ||
            strcmp(code, again) != 0) {
            abort(); /* a parsed code must survive its own formatting */
        }
        if (templates[t] &&
            ticket_code_url(templates[t], code, url, sizeof url) != KIOSK_OK) {
            abort();
        }
    }
    free(in);
    return 0;
}
