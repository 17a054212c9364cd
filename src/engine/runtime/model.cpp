// Model loading: open the GGUF, pick the architecture from the table, read
// hyper-parameters and weights through it, then the tokenizer and chat
// template.
#include <map>

#include "core/log.h"
#include "core/text.h"
#include "engine/engine.h"
#include "engine/runtime/forward.h"
#include "engine/gguf/gguf.h"
#include "engine/gguf/tensor_types.h"
#include "engine/kernels/kernels.h"
#include "engine/runtime/model.h"
#include "engine/text/tokenizer.h"

namespace os1::engine {


Model::Model() = default;
Model::~Model() = default;

Result<std::unique_ptr<Model>> Model::load(const std::filesystem::path& path, const ModelOptions& options) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        return Error::not_found("model file '", path.string(), "' does not exist");
    auto file = GgufFile::open(path);
    if (!file) return file.release_error().context(str("cannot load model '", path.string(), "'"));
    auto model = from_gguf(file.release_value(), options);
    if (!model) return model.release_error().context(str("cannot load model '", path.string(), "'"));
    // Loading read the header, metadata and tensor table (the tokenizer
    // copied the vocabulary out, the fingerprint is taken): give their
    // pages (~5-8 MiB for 150k tokens) back; a later metadata lookup reads
    // them from the file again.
    (*model)->gguf().release_pages(0, (*model)->gguf().data_offset());
    return model;
}

namespace {

// The most common weight type by elements, e.g. "q4_K".
std::string type_summary(const GgufFile& file, int64_t& n_params) {
    std::map<std::string, int64_t> by_type;
    n_params = 0;
    for (const auto& t : file.tensors()) {
        by_type[type_traits(t.type).name] += t.n_elements();
        n_params += t.n_elements();
    }
    std::string best;
    int64_t most = -1;
    for (const auto& [name, n] : by_type)
        if (n > most) best = name, most = n;
    return best;
}

}  // namespace

Result<std::unique_ptr<Model>> Model::from_gguf(std::unique_ptr<GgufFile> file, const ModelOptions& options) {
    std::unique_ptr<Model> model(new Model());
    model->m_options = options;
    const std::string arch_name = file->architecture();
    if (arch_name.empty())
        return Error::invalid("the file has no general.architecture; it is not a model (maybe a vocabulary-only GGUF)");
    const Architecture* arch = find_architecture(arch_name);
    if (!arch)
        return Error::unsupported("architecture '", escape_capped(arch_name), "' is not supported (supported: ",
                                  supported_architectures(), ")");
    model->m_architecture = arch;

    auto hp = std::make_unique<HParams>();
    hp->arch = arch_name;
    TRY(arch->load_hparams(*file, *hp));
    // Before the weights are copied and the mapping's pages given back.
    model->m_fingerprint = file_fingerprint(*file, *hp);
    auto weights = std::make_unique<ModelWeights>();
    TRY(arch->load_weights(*file, *hp, *weights));

    auto tokenizer = Tokenizer::from_gguf(*file);
    if (!tokenizer) return tokenizer.release_error().context("tokenizer");
    model->m_tokenizer = tokenizer.release_value();
    if (model->m_tokenizer->n_vocab() != hp->n_vocab)
        return Error::invalid("the tokenizer has ", model->m_tokenizer->n_vocab(), " tokens but token_embd.weight has ",
                              hp->n_vocab, " rows");
    if (auto jinja = file->string_or_none("tokenizer.chat_template")) {
        auto tmpl = ChatTemplate::detect(*jinja);
        if (tmpl)
            model->m_chat_template = tmpl.release_value();
        else
            log::info("chat template not recognised: ", tmpl.error().message);
    }

    ModelInfo& info = model->m_info;
    info.name = file->string_or_none("general.name").value_or(file->path().filename().string());
    info.architecture = arch_name;
    info.path = file->path();
    info.file_size = file->file_size();
    info.type_summary = type_summary(*file, info.n_params);
    info.n_ctx_train = hp->n_ctx_train;
    info.n_vocab = hp->n_vocab;
    info.n_embd = hp->n_embd;
    info.n_layer = hp->n_layer;
    info.n_head = hp->n_head;
    info.n_head_kv = hp->n_head_kv;
    info.head_dim = hp->head_dim;
    info.n_ff = hp->n_ff;

    model->m_hparams = std::move(hp);
    model->m_weights = std::move(weights);
    model->m_file = std::move(file);
    return model;
}

std::string_view tensor_type_name(GgmlType type) { return type_traits(type).name; }

std::string_view kernels_isa_name() { return kernels::isa_name(kernels::active_isa()); }

}  // namespace os1::engine
