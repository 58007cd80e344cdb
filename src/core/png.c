/* PNG header reading (see png.h). The layout: an 8-byte signature, then
 * the IHDR chunk: 4-byte length (13), "IHDR", width and height as 4-byte
 * big-endian numbers (PNG specification, section 11.2.2). */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/io.h"
#include "core/png.h"

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 |
           (unsigned long)p[2] << 8 | (unsigned long)p[3];
}

enum kiosk_err kiosk_png_size(const char *path, long *w, long *h)
{
    static const unsigned char sig[8] = {0x89, 'P', 'N', 'G',
                                         '\r', '\n', 0x1A, '\n'};
    unsigned char b[24];
    *w = *h = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        return errno == ENOENT || errno == ENOTDIR ? KIOSK_ENOENT : KIOSK_EIO;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return KIOSK_EINVAL;
    }
    size_t got = io_read_full(fd, b, sizeof b, NULL);
    close(fd);
    if (got < sizeof b || memcmp(b, sig, 8) != 0 || be32(b + 8) != 13 ||
        memcmp(b + 12, "IHDR", 4) != 0) {
        return KIOSK_EINVAL;
    }
    unsigned long ww = be32(b + 16), hh = be32(b + 20);
    /* the specification caps both at 2^31 - 1; 0 is invalid */
    if (ww == 0 || hh == 0 || ww > 0x7FFFFFFFul || hh > 0x7FFFFFFFul) {
        return KIOSK_EINVAL;
    }
    *w = (long)ww;
    *h = (long)hh;
    return KIOSK_OK;
}

int kiosk_image_size_ok(long w, long h)
{
    return w > 0 && h > 0 && w <= KIOSK_IMAGE_MAX_SIDE &&
           h <= KIOSK_IMAGE_MAX_SIDE && w * h <= KIOSK_IMAGE_MAX_PIXELS;
}
