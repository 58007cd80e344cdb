/* quiz-check PACK_DIR...: the quiz checks of `kiosk --check-pack` for
 * teachers and content authors without a kiosk build.
 * Exit status: 0 if every quiz is OK, 1 if any has errors, 2 on bad usage. */
#include <stdio.h>

#include "quiz/quiz.h"

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s PACK_DIR...\n", argv[0]);
        return 2;
    }
    int bad = 0;
    for (int i = 1; i < argc; i++) {
        int errors = quiz_check_dir(argv[i], stdout);
        printf("%s: %d quiz errors\n", argv[i], errors);
        bad |= errors != 0;
    }
    return bad;
}
