// sync_file_range is a GNU extension, which Swift's Glibc module does not declare.
#define _GNU_SOURCE
#include <fcntl.h>
#include "CWriteback.h"

int outagecal_start_writeback(int descriptor, long long offset, long long count) {
#ifdef __linux__
    return sync_file_range(descriptor, offset, count, SYNC_FILE_RANGE_WRITE);
#else
    (void)descriptor;
    (void)offset;
    (void)count;
    return 0;
#endif
}
