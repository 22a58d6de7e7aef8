#ifndef OUTAGECAL_CWRITEBACK_H
#define OUTAGECAL_CWRITEBACK_H

/// Asks the kernel to start writing the given range of an open file to disk now, without
/// waiting for it (Linux sync_file_range with SYNC_FILE_RANGE_WRITE). It promises nothing
/// about durability: fsync still does that, and then has less left to wait for.
/// Returns 0, or -1 with errno set. Elsewhere than Linux it does nothing and returns 0.
int outagecal_start_writeback(int descriptor, long long offset, long long count);

#endif
