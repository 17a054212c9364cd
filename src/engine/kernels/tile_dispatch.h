// Maps a run-time token count (1..TILE) onto the compile-time tile width
// of a kernel template K<NT>::run (by_nt) or K<NT>::run2 (by_nt2).
// Shared by the ISA-specific kernel files.
//
// It sits in an unnamed namespace on purpose: each kernel file is compiled
// with its own instruction-set flags, and its instantiations must stay
// private to that file (no ODR merging of AVX-512 code into the AVX2 path).
#pragma once

#include <cstddef>
#include <cstdint>

#include "engine/kernels/layout.h"

namespace os1::engine::kernels {
namespace {

template <template <int> class K>
void by_nt(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int nt, float* out, int64_t os) {
    switch (nt) {
        case 1: K<1>::run(w, n, act, as, out, os); break;
        case 2: K<2>::run(w, n, act, as, out, os); break;
        case 3: K<3>::run(w, n, act, as, out, os); break;
        case 4: K<4>::run(w, n, act, as, out, os); break;
        case 5: K<5>::run(w, n, act, as, out, os); break;
        case 6: K<6>::run(w, n, act, as, out, os); break;
        case 7: K<7>::run(w, n, act, as, out, os); break;
        default: K<8>::run(w, n, act, as, out, os); break;
    }
}
// The same for two-row kernels K<NT>::run2.
template <template <int> class K>
void by_nt2(const uint8_t* w0, const uint8_t* w1, int64_t n, const uint8_t* act, size_t as, int nt, float* out,
            int64_t os) {
    switch (nt) {
        case 1: K<1>::run2(w0, w1, n, act, as, out, os); break;
        case 2: K<2>::run2(w0, w1, n, act, as, out, os); break;
        case 3: K<3>::run2(w0, w1, n, act, as, out, os); break;
        case 4: K<4>::run2(w0, w1, n, act, as, out, os); break;
        case 5: K<5>::run2(w0, w1, n, act, as, out, os); break;
        case 6: K<6>::run2(w0, w1, n, act, as, out, os); break;
        case 7: K<7>::run2(w0, w1, n, act, as, out, os); break;
        default: K<8>::run2(w0, w1, n, act, as, out, os); break;
    }
}
static_assert(TILE == 8, "by_nt and by_nt2 cover tiles of up to 8 tokens");

}  // namespace
}  // namespace os1::engine::kernels
