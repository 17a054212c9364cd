// What this CPU can do, detected once at run time (cpuid + xgetbv, so
// features the OS does not save across context switches count as absent).
// Kernels dispatch on this: scalar -> AVX2/FMA -> AVX-512/VNNI/BF16.
#pragma once

#include <string>

namespace os1 {

struct CpuFeatures {
    bool sse42 = false;
    bool avx = false;
    bool avx2 = false;
    bool fma = false;
    bool f16c = false;
    bool avx_vnni = false;
    bool avx512f = false;
    bool avx512bw = false;
    bool avx512vl = false;
    bool avx512dq = false;
    bool avx512_vnni = false;
    bool avx512_bf16 = false;
    std::string brand;

    // "avx2 fma f16c avx512f ..." for `os1 doctor`.
    std::string summary() const;
};

// Detected once; OS1_CPU=scalar|avx2 caps it (for testing the fallbacks).
const CpuFeatures& cpu_features();

}  // namespace os1
