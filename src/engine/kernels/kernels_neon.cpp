// NEON matmul kernels for every aarch64 CPU (Advanced SIMD is part of the
// base architecture): int8 products by SMULL + SADALP. The kernels are
// kernels_neon.inc, shared with the dotprod build (kernels_neondot.cpp);
// they give the scalar twins' bits (see there).
#include <arm_neon.h>

#include <cmath>
#include <cstring>

#include "engine/kernels/layout.h"
#include "engine/kernels/tile_dispatch.h"

namespace os1::engine::kernels {

namespace {
#include "engine/kernels/kernels_neon.inc"
}  // namespace

const KernelTable* neon_table() {
    static const KernelTable table = make_neon_table();
    return &table;
}

}  // namespace os1::engine::kernels
