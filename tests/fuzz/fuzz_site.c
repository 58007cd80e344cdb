/* libFuzzer target: site.ini through its line reader and the key table. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "site/site.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 65536) {
        return 0;
    }
    char *text = malloc(size + 1);
    if (!text) {
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    struct site s;
    struct kiosk_diag d = {0};
    site_defaults(&s);
    (void)site_load_string(text, "fuzz.ini", &s, &d);
    (void)site_language_enabled(&s, "vi");
    kiosk_diag_free(&d);
    free(text);
    return 0;
}
