/* Small file-descriptor helpers shared by the loaders. */
#ifndef KIOSK_CORE_IO_H
#define KIOSK_CORE_IO_H

#include <stddef.h>

/** Reads from fd until n bytes, the end of the file or an error, a read
 * interrupted by a signal being retried. Returns the number of bytes read;
 * *failed (may be NULL) is set to 1 when a read failed, else 0. */
size_t io_read_full(int fd, void *buf, size_t n, int *failed);

#endif
