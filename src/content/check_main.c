/* pack-check DIR...: the loader's checks and the coverage table without the
 * SDL fit check, for content authors working away from a kiosk build.
 * `kiosk --check-pack DIR` adds the fit check with the real fonts.
 * Exit status: 0 if every pack is OK, 1 if any has errors, 2 on bad usage. */
#include <stdio.h>

#include "content/pack.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s PACK_DIR...\n", argv[0]);
        return 2;
    }
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        if (i > 1) {
            putchar('\n');
        }
        bad |= pack_check(argv[i], stdout, NULL, NULL) != 0;
    }
    return bad;
}
