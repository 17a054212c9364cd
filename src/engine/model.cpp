// Model loading: open the GGUF, pick the architecture from the table, read
// hyper-parameters and weights through it, then the tokenizer and chat
// template.
#include <map>

#include "core/log.h"
#include "core/text.h"
#include "engine/engine.h"
#include "engine/forward.h"
#include "engine/gguf.h"
#include "engine/model.h"
#include "engine/tokenizer.h"

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

Result<std::unique_ptr<Session>> Model::new_session(const SessionOptions& options) const {
    int n_ctx = options.n_ctx > 0 ? options.n_ctx : m_options.n_ctx;
    if (n_ctx <= 0) n_ctx = std::min(m_info.n_ctx_train, 4096);
    if (n_ctx > m_info.n_ctx_train)
        log::warn("context of ", n_ctx, " tokens is longer than the ", m_info.n_ctx_train,
                  " the model was trained with; quality may drop past that");
    if (n_ctx > (1 << 20)) return Error::invalid("context of ", n_ctx, " tokens is too large (at most 1048576)");
    // The KV cache: 2 (K and V) x n_layer x n_ctx x n_embd_kv halves.
    const double kv_bytes = 2.0 * m_hparams->n_layer * n_ctx * m_hparams->n_embd_kv() * sizeof(uint16_t);
    if (kv_bytes > 64.0 * (1ull << 30))
        return Error::invalid("a context of ", n_ctx, " tokens needs ", static_cast<int64_t>(kv_bytes / (1 << 20)),
                              " MiB of KV cache; choose a smaller context (-c)");
    int n_threads = options.n_threads > 0 ? options.n_threads : m_options.n_threads;
    int n_batch = options.n_batch > 0 ? options.n_batch : 256;
    n_batch = std::min(n_batch, n_ctx);
    std::unique_ptr<ForwardState> state;
    try {
        state = std::make_unique<ForwardState>(*m_hparams, n_ctx, n_batch, n_threads);
        // Quantized activations for the widest product of a batch.
        std::vector<const Weight*> products{&m_weights->output};
        for (const LayerWeights& L : m_weights->layers)
            for (const Weight* w : {&L.wq, &L.wk, &L.wv, &L.wo, &L.w_gate, &L.w_up, &L.w_down}) products.push_back(w);
        state->mm.reserve(max_act_bytes(products, n_batch));
    } catch (const std::bad_alloc&) {
        return Error::out_of_range("not enough memory for a context of ", n_ctx, " tokens (",
                                   static_cast<int64_t>(kv_bytes / (1 << 20)), " MiB of KV cache); choose a smaller context (-c)");
    }
    return std::unique_ptr<Session>(new Session(*this, std::move(state)));
}

}  // namespace os1::engine
