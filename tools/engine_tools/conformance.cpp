#include "engine_tools/conformance.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

#include "core/files.h"
#include "engine/engine.h"

namespace os1::engine {

namespace fs = std::filesystem;

Result<ReferenceCase> load_reference_case(const fs::path& model, const fs::path& ref_dir) {
    ReferenceCase c;
    c.name = model.stem().string();
    c.model = model;
    c.logits = ref_dir / (c.name + ".logits.f32");
    const fs::path tokens_path = ref_dir / (c.name + ".tokens.txt");
    std::string text = TRY(read_file(tokens_path));
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        std::istringstream words(line);
        std::string key;
        words >> key;
        if (key == "n_vocab") words >> c.n_vocab;
        std::vector<int32_t>* ids = key == "prompt" ? &c.prompt : key == "greedy" ? &c.greedy : nullptr;
        if (!ids) continue;
        int32_t id;
        while (words >> id) ids->push_back(id);
    }
    if (c.n_vocab <= 0 || c.prompt.empty())
        return Error::corrupt(tokens_path.string(), ": expected lines 'n_vocab N' and 'prompt ids...'");
    return c;
}

namespace {

// The .gguf files of a kit folder, sorted.
Result<std::vector<fs::path>> kit_models(const fs::path& dir) {
    std::vector<fs::path> models;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == ".gguf") models.push_back(e.path());
    if (ec) return Error::not_found("cannot list ", dir.string(), ": ", ec.message());
    std::sort(models.begin(), models.end());
    return models;
}

}  // namespace

Result<std::vector<ReferenceCase>> reference_cases(const fs::path& shared_dir) {
    const fs::path dir = shared_dir / "conformance" / "engine";
    std::vector<fs::path> models = TRY(kit_models(dir));
    models.push_back(shared_dir / "models" / "stories260K.gguf");
    std::vector<ReferenceCase> cases;
    for (const auto& m : models) cases.push_back(TRY(load_reference_case(m, dir / "ref")));
    return cases;
}

Result<std::vector<ReferenceCase>> arch_reference_cases(const fs::path& shared_dir) {
    const fs::path dir = shared_dir / "conformance" / "archs";
    std::vector<ReferenceCase> cases;
    for (const auto& m : TRY(kit_models(dir))) {
        ReferenceCase c = TRY(load_reference_case(m, dir / "ref"));
        c.kit = "archs";
        cases.push_back(std::move(c));
    }
    return cases;
}

ConformanceBounds conformance_bounds(const ReferenceCase& c, const std::string& weight_type) {
    if (c.kit != "archs") return {conformance_tolerance(weight_type), conformance_max_tolerance(weight_type)};
    if (weight_type == "f32") return {c.name == "syn-smollm3-f32" ? 2e-4 : 1e-4, 5e-4};
    return {conformance_tolerance(weight_type), conformance_tolerance(weight_type)};
}

double conformance_tolerance(const std::string& weight_type) {
    if (weight_type == "f32") return 1e-4;
    if (weight_type == "f16" || weight_type == "bf16") return 1e-2;
    return 5e-2;
}

double conformance_max_tolerance(const std::string& weight_type) {
    return weight_type == "f32" ? 1e-6 : conformance_tolerance(weight_type);
}

Result<ConformanceResult> check_conformance(const ReferenceCase& c, int n_threads) {
    ConformanceResult r;
    r.name = c.name;
    auto model = TRY(Model::load(c.model, {.n_ctx = 0, .n_threads = n_threads}));
    r.weight_type = model->info().type_summary;
    if (model->info().n_vocab != c.n_vocab)
        return Error::invalid(c.name, ": model has ", model->info().n_vocab, " tokens, reference ", c.n_vocab);

    std::string bytes = TRY(read_file(c.logits));
    const size_t n_rows = c.prompt.size(), n_vocab = static_cast<size_t>(c.n_vocab);
    if (bytes.size() != n_rows * n_vocab * sizeof(float))
        return Error::corrupt(c.logits.string(), ": ", bytes.size(), " bytes, expected ", n_rows, " x ", n_vocab, " floats");
    std::vector<float> ref(n_rows * n_vocab);
    std::memcpy(ref.data(), bytes.data(), bytes.size());

    auto session = TRY(model->new_session());
    std::vector<float> ours = TRY(session->eval(c.prompt, LogitsMode::All));
    int agree = 0;
    std::vector<double> errors;
    for (size_t i = 0; i < n_rows; i++) {
        const float* a = &ours[i * n_vocab];
        const float* b = &ref[i * n_vocab];
        double diff = 0, norm = 0;
        for (size_t j = 0; j < n_vocab; j++) {
            diff += (static_cast<double>(a[j]) - b[j]) * (static_cast<double>(a[j]) - b[j]);
            norm += static_cast<double>(b[j]) * b[j];
        }
        errors.push_back(std::sqrt(diff / std::max(norm, 1e-30)));
        r.max_rel_l2 = std::max(r.max_rel_l2, errors.back());
        if (std::max_element(a, a + n_vocab) - a == std::max_element(b, b + n_vocab) - b) agree++;
    }
    r.n_rows = static_cast<int>(n_rows);
    r.row_rel_l2 = errors;
    std::sort(errors.begin(), errors.end());
    r.median_rel_l2 = errors[errors.size() / 2];
    r.top1_agreement = static_cast<double>(agree) / static_cast<double>(n_rows);

    if (!c.greedy.empty()) {
        session->reset();
        GenerateOptions options;
        options.max_tokens = static_cast<int>(c.greedy.size());
        options.sampling = SamplerOptions::greedy();
        options.stop_at_eog = false;
        auto stats = TRY(session->generate(c.prompt, options));
        r.greedy_ours = stats.tokens;
        r.greedy_total = static_cast<int>(c.greedy.size());
        while (r.greedy_matched < r.greedy_total && static_cast<size_t>(r.greedy_matched) < stats.tokens.size() &&
               stats.tokens[r.greedy_matched] == c.greedy[r.greedy_matched])
            r.greedy_matched++;
    }
    return r;
}

}  // namespace os1::engine
