// place_weights_in_memory (model.h): the weight matrices move from the
// read-only file mapping into one anonymous buffer on transparent huge
// pages. Token generation streams every weight byte once per token; on
// 4 KiB file pages each page costs a TLB miss (two-level walks under a
// hypervisor) and the hardware prefetcher stops at every page end, which
// held a 2-thread generation to ~20 GB/s where huge pages read ~31 GB/s.
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>
#include <unordered_map>

#include "core/log.h"
#include "engine/kernels/kernels.h"
#include "engine/runtime/model.h"

namespace os1::engine {

namespace {

constexpr size_t HUGE_PAGE = size_t(2) << 20;
constexpr size_t CHUNK = size_t(8) << 20;  // copied, then the mapping's pages given back

// OS1_PANELS=0 keeps q8_0/q4_K/q6_K matrices in row layout (A/B comparisons).
bool pack_panels_wanted() {
    const char* v = std::getenv("OS1_PANELS");
    return !(v && std::string_view(v) == "0");
}

bool keep_mapping() {
    const char* v = std::getenv("OS1_WEIGHTS");
    return v && std::string_view(v) == "mmap";
}

// An anonymous, huge-page-aligned region of at least `bytes`; null if none.
std::shared_ptr<const uint8_t> anonymous_memory(size_t bytes) {
    const size_t size = (bytes + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
    void* raw = mmap(nullptr, size + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) return nullptr;
    // Trim to a 2 MiB-aligned start so every huge page is whole.
    auto* base = static_cast<uint8_t*>(raw);
    auto* start = reinterpret_cast<uint8_t*>((reinterpret_cast<uintptr_t>(base) + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1));
    if (start > base) munmap(base, static_cast<size_t>(start - base));
    const size_t tail = static_cast<size_t>(base + size + HUGE_PAGE - (start + size));
    if (tail > 0) munmap(start + size, tail);
#ifdef MADV_HUGEPAGE
    madvise(start, size, MADV_HUGEPAGE);  // best effort: THP may be off
#endif
    return std::shared_ptr<const uint8_t>(start, [size](const uint8_t* p) { munmap(const_cast<uint8_t*>(p), size); });
}

// dst = the n bytes at `file_offset` of `file` (src: their view in the
// mapping; fd: the file, open). pread copies from the page cache without
// faulting the mapping in page by page (several times faster); its first
// bytes are checked against the mapping in case the path now names another
// file. Otherwise, or on a short read, the bytes come from the mapping,
// whose pages are given back behind the copy so that the file pages and the
// copy are never both resident.
void copy_weight(const GgufFile& file, uint8_t* dst, const uint8_t* src, size_t n, int fd, size_t file_offset) {
    size_t done = 0;
    while (fd >= 0 && done < n) {
        const ssize_t r = pread(fd, dst + done, n - done, static_cast<off_t>(file_offset + done));
        if (r <= 0) break;
        done += static_cast<size_t>(r);
    }
    // (The check faults in the mapping around src; place_weights_in_memory
    // gives those pages back at the end.)
    if (done == n && std::memcmp(dst, src, std::min<size_t>(n, 64)) == 0) return;
    for (done = 0; done < n; done += CHUNK) {
        const size_t len = std::min(CHUNK, n - done);
        std::memcpy(dst + done, src + done, len);
        file.release_pages(file_offset + done, file_offset + done + len);
    }
}

// MemAvailable from /proc/meminfo in bytes (what can be had without
// swapping: free memory plus reclaimable page cache); 0 if unknown.
size_t available_memory() {
    FILE* f = std::fopen("/proc/meminfo", "r");
    if (!f) return 0;
    char line[256];
    unsigned long long kib = 0;
    while (std::fgets(line, sizeof line, f))
        if (std::sscanf(line, "MemAvailable: %llu kB", &kib) == 1) break;
    std::fclose(f);
    return static_cast<size_t>(kib) * 1024;
}

}  // namespace

void place_weights_in_memory(const GgufFile& file, ModelWeights& w) {
    if (file.path().empty() || keep_mapping()) return;  // a caller's buffer is memory already
    std::vector<Weight*> all{&w.tok_embd, &w.output};
    for (LayerWeights& L : w.layers)
        for (Weight* m : {&L.wq, &L.wk, &L.wv, &L.wo, &L.w_gate, &L.w_up, &L.w_down}) all.push_back(m);
    // One place per distinct source (tied output = token_embd), 64-byte aligned.
    std::unordered_map<const uint8_t*, size_t> offset;
    size_t total = 0;
    for (const Weight* m : all) {
        if (m->empty() || offset.count(m->data)) continue;
        offset[m->data] = total;
        total += (m->row_bytes * static_cast<size_t>(m->n_rows) + 63) & ~size_t(63);
    }
    if (total == 0) return;
    // A copy is memory the kernel cannot drop under pressure, where file
    // pages it can re-read: a model that does not fit comfortably stays
    // mapped (slower generation, but no swapping or out-of-memory kill).
    // The file's own pages are given back as the copy proceeds.
    if (const size_t avail = available_memory(); avail > 0 && total > avail / 10 * 8) {
        log::info("the weights (", total >> 20, " MiB) are read from the file mapping: only ", avail >> 20,
                  " MiB of memory is available for a copy");
        return;
    }
    auto memory = anonymous_memory(total);
    if (!memory) {
        log::warn("no memory for a ", total >> 20, " MiB copy of the weights; reading them from the file mapping");
        return;
    }
    auto* base = const_cast<uint8_t*>(memory.get());
    const int fd = ::open(file.path().c_str(), O_RDONLY | O_CLOEXEC);
    // Per source: copied yet, and repacked in panels.
    std::unordered_map<const uint8_t*, std::pair<bool, bool>> done;
    for (Weight* m : all) {
        if (m->empty()) continue;
        uint8_t* dst = base + offset.at(m->data);
        auto& [copied, panels] = done[m->data];
        if (!copied) {
            // (A view of part of a fused tensor starts past the tensor's first byte.)
            copy_weight(file, dst, m->data, m->row_bytes * static_cast<size_t>(m->n_rows), fd,
                        file.data_offset() + m->tensor->offset + static_cast<size_t>(m->data - m->tensor->data));
            copied = true;
            // Matrices of a type with SIMD panel kernels go into 16-row
            // panels. The output (or tied token_embd), generation's largest
            // product, only when q8_0 (Qwen2.5-0.5B: 144 of ~400 MB): its
            // panels cut AVX2 generation's CPU time per token by ~11%, where
            // a q6_K output (Llama-3.2-1B) streamed from memory no faster
            // than its rows (AVX-512: 6% slower; BENCHMARKS.md, issue 19).
            // get_row() reads an embedding row back from its panel.
            const bool output = m == &w.tok_embd || m == &w.output;
            panels = pack_panels_wanted() && (!output || m->type == GgmlType::Q8_0) &&
                     kernels::can_pack(m->type, m->n_rows, m->n_cols);
            if (panels) kernels::pack_panels(m->type, dst, m->n_rows, m->n_cols);
        }
        m->data = dst;
        m->panels = panels;
    }
    if (fd >= 0) ::close(fd);
    size_t n_panels = 0;
    for (const Weight* m : all) n_panels += m->panels;
    if (n_panels) log::debug(n_panels, " matrices repacked in 16-row panels");
    w.memory = std::move(memory);
    // The vectors (norms, biases) were read through the mapping before and
    // the copy checked each matrix's first bytes there; each touch mapped
    // up to 64 KiB around it (fault-around): ~8-11 MiB for a 24-layer
    // model. They live in std::vectors now: give the whole tensor data
    // section of the mapping back (the metadata before it stays).
    file.release_pages(file.data_offset(), file.file_size());
}

}  // namespace os1::engine
