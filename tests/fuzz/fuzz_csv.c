/* libFuzzer target: the RFC 4180 reader behind every content file. Any
 * input must parse or fail with a diagnostic; never crash, never leak. */
#include <stddef.h>
#include <stdint.h>

#include "core/csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct csv_table t;
    struct kiosk_diag d = {0};
    if (csv_parse((const char *)data, size, "fuzz.csv", &t, &d) == KIOSK_OK) {
        /* every cell is reachable and NUL-terminated */
        size_t total = 0;
        for (int r = 0; r < t.nrows; r++) {
            for (int c = 0; c < t.rows[r].ncells; c++) {
                total += csv_cell(&t, r, c)[0] != '\0';
            }
            (void)csv_row_blank(&t, r);
        }
        (void)csv_col(&t, "key");
        (void)total;
        csv_free(&t);
    }
    kiosk_diag_free(&d);
    return 0;
}
