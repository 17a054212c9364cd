// Chat templates by family: detection from Jinja markers and hand-written
// rendering of each family's documented format. See chat_template.h.
#include "engine/text/chat_template.h"

#include <algorithm>
#include <cctype>

#include "core/strings.h"

namespace os1::engine {

namespace {

struct FamilyName {
    ChatFamily family;
    const char* name;
    std::vector<const char*> aliases;
};

const std::vector<FamilyName>& names() {
    static const std::vector<FamilyName> all = {
        {ChatFamily::ChatMl, "chatml", {"chatml", "qwen", "qwen2", "qwen2.5", "qwen3", "smollm", "smollm2"}},
        {ChatFamily::Llama3, "llama3", {"llama3", "llama-3", "llama3.1", "llama3.2"}},
        {ChatFamily::Llama2, "llama2", {"llama2", "llama-2"}},
        {ChatFamily::Mistral, "mistral", {"mistral", "mistral-v1", "mixtral"}},
        {ChatFamily::Gemma, "gemma", {"gemma", "gemma2", "gemma3"}},
        {ChatFamily::Phi3, "phi3", {"phi3", "phi-3", "phi3.5"}},
        {ChatFamily::Zephyr, "zephyr", {"zephyr"}},
    };
    return all;
}

bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

// A literal system prompt inside '<|im_start|>system\n...<|im_end|>' in the
// template source (Qwen2, SmolLM2 insert one when the conversation has none).
std::string chatml_default_system(std::string_view jinja) {
    const std::string_view open = "<|im_start|>system\\n";
    for (size_t pos = jinja.find(open); pos != std::string_view::npos; pos = jinja.find(open, pos + 1)) {
        size_t start = pos + open.size();
        size_t end = jinja.find("<|im_end|>", start);
        if (end == std::string_view::npos) break;
        std::string_view body = jinja.substr(start, end - start);
        if (body.empty() || body.find_first_of("'\"{}+") != std::string_view::npos) continue;
        std::string out;
        for (size_t i = 0; i < body.size(); ++i) {
            if (body[i] == '\\' && i + 1 < body.size() && body[i + 1] == 'n') {
                out += '\n';
                ++i;
            } else {
                out += body[i];
            }
        }
        return out;
    }
    return {};
}

// Messages with the system text split off (for families without a system role).
struct Split {
    std::string system;
    std::vector<ChatMessage> rest;
};

Split split_system(std::span<const ChatMessage> messages) {
    Split s;
    for (const auto& m : messages) {
        if (m.role == "system") {
            if (!s.system.empty()) s.system += "\n\n";
            s.system += m.content;
        } else {
            s.rest.push_back(m);
        }
    }
    return s;
}

std::string role_of(const ChatMessage& m) {
    if (m.role == "system" || m.role == "assistant" || m.role == "user") return m.role;
    return "user";
}

}  // namespace

std::vector<std::string> ChatTemplate::family_names() {
    std::vector<std::string> out;
    for (const auto& f : names()) out.emplace_back(f.name);
    return out;
}

static std::string joined_names() {
    std::string s;
    for (const auto& n : ChatTemplate::family_names()) s += (s.empty() ? "" : ", ") + n;
    return s;
}

Result<ChatTemplate> ChatTemplate::by_name(std::string_view name) {
    const std::string wanted = lower(name);
    for (const auto& f : names())
        for (const char* alias : f.aliases)
            if (wanted == alias) return ChatTemplate(f.family);
    return Error::invalid("unknown chat template '", name, "'; choose one of: ", joined_names());
}

Result<ChatTemplate> ChatTemplate::detect(std::string_view jinja) {
    if (trim(jinja).empty())
        return Error::not_found("the model has no chat template; choose one by name: ", joined_names());
    ChatTemplate t;
    if (contains(jinja, "<|start_header_id|>")) {
        t.m_family = ChatFamily::Llama3;
    } else if (contains(jinja, "<|im_start|>")) {
        t.m_family = ChatFamily::ChatMl;
        t.m_default_system = chatml_default_system(jinja);
    } else if (contains(jinja, "<start_of_turn>")) {
        t.m_family = ChatFamily::Gemma;
    } else if (contains(jinja, "<|user|>") || contains(jinja, "<|assistant|>")) {
        t.m_family = contains(jinja, "<|end|>") ? ChatFamily::Phi3 : ChatFamily::Zephyr;
    } else if (contains(jinja, "[INST]")) {
        t.m_family = contains(jinja, "<<SYS>>") ? ChatFamily::Llama2 : ChatFamily::Mistral;
    } else {
        return Error::unsupported("the model's chat template is not one os1 recognises; choose one by name: ",
                                  joined_names());
    }
    return t;
}

std::string ChatTemplate::name() const {
    for (const auto& f : names())
        if (f.family == m_family) return f.name;
    return "chatml";
}

std::vector<std::string> ChatTemplate::stop_strings() const {
    switch (m_family) {
        case ChatFamily::ChatMl: return {"<|im_end|>", "<|im_start|>"};
        case ChatFamily::Llama3: return {"<|eot_id|>", "<|start_header_id|>"};
        case ChatFamily::Llama2:
        case ChatFamily::Mistral: return {"</s>", "[INST]"};
        case ChatFamily::Gemma: return {"<end_of_turn>", "<start_of_turn>"};
        case ChatFamily::Phi3: return {"<|end|>", "<|user|>", "<|endoftext|>"};
        case ChatFamily::Zephyr: return {"</s>", "<|user|>"};
    }
    return {};
}

std::string ChatTemplate::render(std::span<const ChatMessage> messages, bool add_generation_prompt) const {
    std::string out;
    switch (m_family) {
        case ChatFamily::ChatMl: {
            // <|im_start|>ROLE\nCONTENT<|im_end|>\n ... <|im_start|>assistant\n
            if (!m_default_system.empty() && (messages.empty() || messages.front().role != "system"))
                out += "<|im_start|>system\n" + m_default_system + "<|im_end|>\n";
            for (const auto& m : messages) out += "<|im_start|>" + role_of(m) + "\n" + m.content + "<|im_end|>\n";
            if (add_generation_prompt) out += "<|im_start|>assistant\n";
            break;
        }
        case ChatFamily::Llama3: {
            // (BOS) <|start_header_id|>ROLE<|end_header_id|>\n\nCONTENT<|eot_id|> ...
            for (const auto& m : messages) {
                out += "<|start_header_id|>" + role_of(m) + "<|end_header_id|>\n\n";
                out += trim(m.content);
                out += "<|eot_id|>";
            }
            if (add_generation_prompt) out += "<|start_header_id|>assistant<|end_header_id|>\n\n";
            break;
        }
        case ChatFamily::Llama2: {
            // (BOS)[INST] <<SYS>>\nSYSTEM\n<</SYS>>\n\nUSER [/INST] ASSISTANT </s><s>[INST] USER [/INST]
            Split s = split_system(messages);
            bool first_user = true, first_turn = true;
            for (const auto& m : s.rest) {
                if (role_of(m) == "assistant") {
                    out += " ";
                    out += trim(m.content);
                    out += " </s>";
                    continue;
                }
                std::string content = m.content;
                if (first_user && !s.system.empty()) content = "<<SYS>>\n" + s.system + "\n<</SYS>>\n\n" + content;
                first_user = false;
                if (!first_turn) out += "<s>";
                out += "[INST] ";
                out += trim(content);
                out += " [/INST]";
                first_turn = false;
            }
            if (first_user && !s.system.empty())
                out += "[INST] " + std::string(trim("<<SYS>>\n" + s.system + "\n<</SYS>>\n\n")) + " [/INST]";
            break;
        }
        case ChatFamily::Mistral: {
            // (BOS)[INST] SYSTEM\n\nUSER [/INST]ASSISTANT</s>[INST] USER [/INST]
            Split s = split_system(messages);
            bool first_user = true;
            for (const auto& m : s.rest) {
                if (role_of(m) == "assistant") {
                    out += m.content + "</s>";
                    continue;
                }
                std::string content = m.content;
                if (first_user && !s.system.empty()) content = s.system + "\n\n" + content;
                first_user = false;
                out += "[INST] " + content + " [/INST]";
            }
            if (first_user && !s.system.empty()) out += "[INST] " + s.system + " [/INST]";
            break;
        }
        case ChatFamily::Gemma: {
            // (BOS)<start_of_turn>user\nSYSTEM\n\nUSER<end_of_turn>\n<start_of_turn>model\n...
            Split s = split_system(messages);
            bool first_user = true;
            for (const auto& m : s.rest) {
                std::string role = role_of(m) == "assistant" ? "model" : "user";
                std::string content(trim(m.content));
                if (role == "user" && first_user && !s.system.empty())
                    content = std::string(trim(s.system)) + "\n\n" + content;
                if (role == "user") first_user = false;
                out += "<start_of_turn>" + role + "\n" + content + "<end_of_turn>\n";
            }
            if (first_user && !s.system.empty())
                out += "<start_of_turn>user\n" + std::string(trim(s.system)) + "<end_of_turn>\n";
            if (add_generation_prompt) out += "<start_of_turn>model\n";
            break;
        }
        case ChatFamily::Phi3: {
            // <|ROLE|>\nCONTENT<|end|>\n ... <|assistant|>\n
            for (const auto& m : messages) out += "<|" + role_of(m) + "|>\n" + m.content + "<|end|>\n";
            if (add_generation_prompt) out += "<|assistant|>\n";
            break;
        }
        case ChatFamily::Zephyr: {
            // <|ROLE|>\nCONTENT</s>\n ... <|assistant|>\n
            for (const auto& m : messages) out += "<|" + role_of(m) + "|>\n" + m.content + "</s>\n";
            if (add_generation_prompt) out += "<|assistant|>\n";
            break;
        }
    }
    return out;
}

}  // namespace os1::engine
