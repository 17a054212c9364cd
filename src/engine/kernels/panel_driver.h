// The call shape shared by the k-quant panel kernels (panels_k_avx512.cpp,
// panels_q6k_avx512.cpp, panels_k_avx2.cpp, panels_q6k_avx2.cpp; no
// intrinsics here, file-private like tile_dispatch.h). K supplies, for its
// weight type and ISA:
//   PANEL_SB_BYTES, DEC_SB_BYTES        a panel's and a decoded super-block's bytes
//   K::stream<NT>(panel, n_sb, L, act, as, y, ys)       NT < 4 tokens over the packed panel
//   K::decode(panel, n_sb, dec)                          a panel into the scratch layout
//   K::tile<P>(nt, dec, n_sb, L, act, as, y, ys)         P decoded panels x nt tokens
//   TILE_PANELS (<= 3), TILE_TOKENS                      the prompt tile
// Few tokens (generation) stream the packed panels; prompts decode a block
// of panels (~256 KiB, kept in L2) into a thread scratch and run every
// token tile over it, TILE_PANELS panels at a time (AVX-512: 3 x 3, AVX2:
// 1 x 3 for q4_K, 1 x 2 for q6_K). Tokens<NT> points into the activation
// rows of a tile; by_tokens picks a tile's compile-time width (the q5_0
// panels use it too). Every (row, token) gets the same arithmetic in every
// path (layout.h), so the blocking changes no bits.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "engine/kernels/layout.h"
#include "engine/kernels/scratch.h"

namespace os1::engine::kernels {
namespace {

// The ActQ8KP rows of one tile's NT tokens (q4_K reads b32, q6_K neg16).
template <int NT>
struct Tokens {
    const int8_t* qs[NT];
    const float* dx[NT];
    const int16_t* b32[NT];
    const int32_t* neg16[NT];
    Tokens(const ActQ8KPLayout& L, const uint8_t* act, size_t as) {
        for (int t = 0; t < NT; t++) {
            const uint8_t* a = act + t * as;
            qs[t] = reinterpret_cast<const int8_t*>(a + L.qs_off);
            dx[t] = reinterpret_cast<const float*>(a + L.d_off);
            b32[t] = reinterpret_cast<const int16_t*>(a + L.bsum32_off);
            neg16[t] = reinterpret_cast<const int32_t*>(a + L.negoff16_off);
        }
    }
};

// f.template operator()<NT>() for a run-time token count nt in 1..MAX: a
// tile's compile-time width (the last tile of a call may be partial).
template <int MAX, typename F>
void by_tokens(int nt, F&& f) {
    if constexpr (MAX > 1)
        if (nt < MAX) return by_tokens<MAX - 1>(nt, f);
    f.template operator()<MAX>();
}

template <typename K>
void run_k_panels(const uint8_t* w, int64_t n, const uint8_t* act, size_t as, int64_t n_tokens, float* y, int64_t ys,
                  int64_t r0, int64_t r1) {
    constexpr int TILE_PANELS = K::TILE_PANELS;
    constexpr int TILE_TOKENS = K::TILE_TOKENS;
    static_assert(TILE_PANELS >= 1 && TILE_PANELS <= 3);
    // Below this many tokens decoding a block first costs more than it saves.
    constexpr int64_t MIN_DECODE_TOKENS = 4;
    constexpr size_t BLOCK_BYTES = size_t{256} << 10;
    const ActQ8KPLayout L(n);
    const int64_t n_sb = L.n_sb;
    const size_t panel_bytes = static_cast<size_t>(n_sb) * K::PANEL_SB_BYTES;
    const int64_t p0 = r0 / PANEL_ROWS, p1 = r1 / PANEL_ROWS;
    if (n_tokens < MIN_DECODE_TOKENS) {
        for (int64_t p = p0; p < p1; p++) {
            const uint8_t* panel = w + p * panel_bytes;
            float* yp = y + p * PANEL_ROWS;
            switch (n_tokens) {
                case 1: K::template stream<1>(panel, n_sb, L, act, as, yp, ys); break;
                case 2: K::template stream<2>(panel, n_sb, L, act, as, yp, ys); break;
                default: K::template stream<3>(panel, n_sb, L, act, as, yp, ys); break;
            }
        }
        return;
    }
    const size_t dec_bytes = static_cast<size_t>(n_sb) * K::DEC_SB_BYTES;
    const int64_t block =
        std::max<int64_t>(TILE_PANELS, static_cast<int64_t>(BLOCK_BYTES / dec_bytes) / TILE_PANELS * TILE_PANELS);
    uint8_t* scratch = thread_scratch(static_cast<size_t>(block) * dec_bytes);
    for (int64_t pb = p0; pb < p1; pb += block) {
        const int64_t pe = std::min(p1, pb + block);
        for (int64_t p = pb; p < pe; p++) K::decode(w + p * panel_bytes, n_sb, scratch + (p - pb) * dec_bytes);
        for (int64_t t = 0; t < n_tokens; t += TILE_TOKENS) {
            const int nt = static_cast<int>(std::min<int64_t>(TILE_TOKENS, n_tokens - t));
            for (int64_t p = pb; p < pe; p += TILE_PANELS) {
                const int np = static_cast<int>(std::min<int64_t>(TILE_PANELS, pe - p));
                const uint8_t* dp[TILE_PANELS];
                for (int i = 0; i < np; i++) dp[i] = scratch + (p - pb + i) * dec_bytes;
                float* yt = y + t * ys + p * PANEL_ROWS;
                const uint8_t* at = act + t * as;
                if constexpr (TILE_PANELS == 3)
                    if (np == 3) { K::template tile<3>(nt, dp, n_sb, L, at, as, yt, ys); continue; }
                if constexpr (TILE_PANELS >= 2)
                    if (np == 2) { K::template tile<2>(nt, dp, n_sb, L, at, as, yt, ys); continue; }
                K::template tile<1>(nt, dp, n_sb, L, at, as, yt, ys);
            }
        }
    }
}

}  // namespace
}  // namespace os1::engine::kernels
