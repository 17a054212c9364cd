#include "core/cpu.h"

#include <cstdlib>
#include <cstring>
#include <string_view>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#define OS1_X86 1
#endif
#if defined(__aarch64__) && defined(__linux__)
#include <asm/hwcap.h>
#include <sys/auxv.h>
#endif

namespace os1 {

namespace {

#ifdef OS1_X86
unsigned long long xgetbv0() {
    unsigned int eax = 0, edx = 0;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return (static_cast<unsigned long long>(edx) << 32) | eax;
}
#endif

CpuFeatures detect() {
    CpuFeatures f;
#ifdef OS1_X86
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return f;
    f.sse42 = c & (1u << 20);
    bool osxsave = c & (1u << 27);
    bool avx_hw = c & (1u << 28);
    f.fma = c & (1u << 12);
    f.f16c = c & (1u << 29);
    unsigned long long xcr0 = osxsave ? xgetbv0() : 0;
    bool ymm_os = (xcr0 & 0x6) == 0x6;
    bool zmm_os = (xcr0 & 0xE6) == 0xE6;
    f.avx = avx_hw && ymm_os;
    if (!f.avx) f.fma = f.f16c = false;
    unsigned a7 = 0, b7 = 0, c7 = 0, d7 = 0;
    __cpuid_count(7, 0, a7, b7, c7, d7);
    f.avx2 = f.avx && (b7 & (1u << 5));
    f.avx512f = zmm_os && (b7 & (1u << 16));
    f.avx512dq = f.avx512f && (b7 & (1u << 17));
    f.avx512bw = f.avx512f && (b7 & (1u << 30));
    f.avx512vl = f.avx512f && (b7 & (1u << 31));
    f.avx512_vnni = f.avx512f && (c7 & (1u << 11));
    unsigned a71 = 0, b71 = 0, c71 = 0, d71 = 0;
    __cpuid_count(7, 1, a71, b71, c71, d71);
    f.avx_vnni = f.avx2 && (a71 & (1u << 4));
    f.avx512_bf16 = f.avx512f && (a71 & (1u << 5));

    unsigned max_ext = __get_cpuid_max(0x80000000, nullptr);
    if (max_ext >= 0x80000004) {
        char brand[49] = {};
        for (unsigned i = 0; i < 3; i++) {
            unsigned r[4];
            __get_cpuid(0x80000002 + i, &r[0], &r[1], &r[2], &r[3]);
            std::memcpy(brand + i * 16, r, 16);
        }
        f.brand = brand;
        while (!f.brand.empty() && f.brand.back() == ' ') f.brand.pop_back();
    }
#endif
#if defined(__aarch64__)
    f.neon = true;  // Advanced SIMD is part of the aarch64 base architecture
#if defined(__linux__) && defined(HWCAP_ASIMDDP)
    f.dotprod = (getauxval(AT_HWCAP) & HWCAP_ASIMDDP) != 0;
#endif
#endif
    if (const char* cap = std::getenv("OS1_CPU")) {
        std::string_view v = cap;
        if (v == "scalar") {
            CpuFeatures s;
            s.brand = f.brand;
            return s;
        }
        if (v == "avx2") {
            f.avx512f = f.avx512bw = f.avx512vl = f.avx512dq = f.avx512_vnni = f.avx512_bf16 = false;
        }
        if (v == "neon") f.dotprod = false;
    }
    return f;
}

}  // namespace

std::string CpuFeatures::summary() const {
    std::string s;
    auto add = [&](bool on, const char* name) {
        if (!on) return;
        if (!s.empty()) s += ' ';
        s += name;
    };
    add(sse42, "sse4.2");
    add(avx, "avx");
    add(avx2, "avx2");
    add(fma, "fma");
    add(f16c, "f16c");
    add(avx_vnni, "avx-vnni");
    add(avx512f, "avx512f");
    add(avx512bw, "avx512bw");
    add(avx512vl, "avx512vl");
    add(avx512dq, "avx512dq");
    add(avx512_vnni, "avx512-vnni");
    add(avx512_bf16, "avx512-bf16");
    add(neon, "neon");
    add(dotprod, "dotprod");
    return s.empty() ? "none (scalar only)" : s;
}

const CpuFeatures& cpu_features() {
    static const CpuFeatures f = detect();
    return f;
}

}  // namespace os1
