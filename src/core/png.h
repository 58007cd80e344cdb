/* The size of a PNG image from its header, without decoding it: a picture
 * of 20000 x 20000 dots compresses to a few hundred kilobytes and decodes
 * to 1.6 GB, so images are judged by their header first. */
#ifndef KIOSK_CORE_PNG_H
#define KIOSK_CORE_PNG_H

#include "core/err.h"

/* What a pack image may be: no side longer than the largest screen the
 * kiosk supports, and at most a full-HD screen's pixels (8 MB as a
 * texture). Files: at most 4 MiB. */
#define KIOSK_IMAGE_MAX_SIDE 1920
#define KIOSK_IMAGE_MAX_PIXELS (1920L * 1080L)
#define KIOSK_IMAGE_MAX_BYTES (4L * 1024 * 1024)

/** Reads width and height from the IHDR chunk of the PNG file at path.
 * Returns KIOSK_OK, KIOSK_ENOENT (no such file), KIOSK_EINVAL (not a
 * regular file, or not a PNG: signature or IHDR wrong), KIOSK_EIO. Never
 * blocks on a FIFO or a device. */
enum kiosk_err kiosk_png_size(const char *path, long *w, long *h)
    KIOSK_NODISCARD;

/** 1 if a w x h image is within KIOSK_IMAGE_MAX_SIDE and _PIXELS. */
int kiosk_image_size_ok(long w, long h);

#endif
