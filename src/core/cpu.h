// What this CPU can do, detected once at run time (x86: cpuid + xgetbv, so
// features the OS does not save across context switches count as absent;
// aarch64: NEON is baseline, dotprod from the kernel's HWCAP_ASIMDDP).
// Kernels dispatch on this: scalar -> AVX2/FMA -> AVX-512/VNNI/BF16 on x86,
// scalar -> NEON -> NEON + dotprod on aarch64.
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
    bool neon = false;     // aarch64 Advanced SIMD (always there on aarch64)
    bool dotprod = false;  // aarch64 SDOT/UDOT (Armv8.2+, HWCAP_ASIMDDP)
    std::string brand;

    // "avx2 fma f16c avx512f ..." for `os1 doctor`.
    std::string summary() const;
};

// Detected once; OS1_CPU=scalar|avx2|neon caps it (for testing the fallbacks).
const CpuFeatures& cpu_features();

}  // namespace os1
