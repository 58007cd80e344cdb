/* File-descriptor helpers (see io.h). */
#include <errno.h>
#include <unistd.h>

#include "core/io.h"

size_t io_read_full(int fd, void *buf, size_t n, int *failed)
{
    unsigned char *b = buf;
    size_t got = 0;
    int bad = 0;
    while (got < n) {
        ssize_t r = read(fd, b + got, n - got);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            bad = r < 0;
            break;
        }
        got += (size_t)r;
    }
    if (failed) {
        *failed = bad;
    }
    return got;
}
