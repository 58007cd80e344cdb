/* libFuzzer target: a server's answer as the report sender reads it (the
 * OpenRosa message with entity references, then what it means). Anything a
 * captive portal or a broken proxy can send must come out as bounded,
 * valid UTF-8 without control characters. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/csv.h"
#include "report/report_int.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2 || size > 65536) {
        return 0;
    }
    /* the first two bytes choose the status and the output size */
    long http = 100 + (long)(data[0] % 5) * 100 + data[1] % 32;
    size_t n = 1 + data[1] % 200;
    char out[201];
    memset(out, 'x', sizeof out);
    report_openrosa_message((const char *)data + 2, size - 2, out, n);
    size_t len = strnlen(out, n);
    if (len >= n || !kiosk_utf8_valid(out, len, NULL)) {
        abort();
    }
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)out[i] < 0x20 || out[i] == 0x7f) {
            abort();
        }
    }
    struct report_verdict v;
    report_classify(http, out, data[0] & 1, &v);
    if (!v.problem || !v.advice || v.outcome > REPORT_PARKED) {
        abort();
    }
    return 0;
}
