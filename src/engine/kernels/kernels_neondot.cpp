// NEON matmul kernels with the dotprod extension (SDOT: 16 int8 products
// into 4 int32 lanes in one instruction; Armv8.2+, optional before 8.4,
// reported by HWCAP_ASIMDDP). Compiled with -march=armv8.2-a+dotprod (by
// file name; arm_neon.h declares SDOT for v8.2) and reached only through
// neondot_table() after that check. The kernels are kernels_neon.inc, the
// same source as kernels_neon.cpp, in an unnamed namespace: nothing of
// this file's v8.2 code can stand in for a baseline function at link time
// (the headers' inline helpers it uses are plain integer code).
#include <arm_neon.h>

#include <cmath>
#include <cstring>

#include "engine/kernels/layout.h"
#include "engine/kernels/tile_dispatch.h"

#if !defined(__ARM_FEATURE_DOTPROD)
#error "kernels_neondot.cpp needs -march=armv8.2-a+dotprod (src/engine/CMakeLists.txt)"
#endif

namespace os1::engine::kernels {

namespace {
#include "engine/kernels/kernels_neon.inc"
}  // namespace

const KernelTable* neondot_table() {
    static const KernelTable table = make_neon_table();
    return &table;
}

}  // namespace os1::engine::kernels
