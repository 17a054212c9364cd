#include "models/model_info.h"

#include <map>

#include "engine/engine.h"

namespace os1::models {

Result<GgufSummary> read_gguf_summary(const std::filesystem::path& path) {
    auto file = TRY(engine::GgufFile::open(path));
    GgufSummary s;
    s.name = file->string_or_none("general.name").value_or("");
    s.architecture = file->architecture();
    if (!s.architecture.empty())
        s.context_length = file->uint_or_none(s.architecture + ".context_length").value_or(0);
    s.has_chat_template = file->find("tokenizer.chat_template") != nullptr;
    std::map<std::string, uint64_t> by_type;
    for (const auto& t : file->tensors()) {
        auto n = static_cast<uint64_t>(t.n_elements());
        by_type[std::string(engine::tensor_type_name(t.type))] += n;
        s.n_params += n;
    }
    uint64_t most = 0;
    for (const auto& [type, n] : by_type)
        if (n > most) s.weight_type = type, most = n;
    return s;
}

}  // namespace os1::models
