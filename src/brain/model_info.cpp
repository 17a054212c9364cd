#include "brain/model_info.h"

#ifdef OS1_BRAIN_HAVE_GGUF
#include <map>

#include "engine/gguf.h"
#include "engine/tensor_types.h"
#endif

namespace os1::brain {

#ifdef OS1_BRAIN_HAVE_GGUF
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
        by_type[engine::type_traits(t.type).name] += n;
        s.n_params += n;
    }
    uint64_t most = 0;
    for (const auto& [type, n] : by_type)
        if (n > most) s.weight_type = type, most = n;
    return s;
}
#else
Result<GgufSummary> read_gguf_summary(const std::filesystem::path&) {
    return Error::unsupported("this build has no GGUF reader");
}
#endif

}  // namespace os1::brain
