// CPU time of the calling thread in seconds: the micro-benchmarks time with
// it so that a busy machine (other processes on the same cores) slows the
// wall clock but not the figures.
#pragma once

#include <time.h>

inline double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}
