// Chat templates: turn a conversation into the prompt text a model was
// trained on. We do not run Jinja; instead the family is recognised from
// distinctive markers in `tokenizer.chat_template` (or chosen by name) and
// rendered by hand-written code that matches each family's format.
//
// Families: chatml (Qwen, SmolLM, many others), llama3, llama2, mistral,
// gemma, phi3, zephyr. System messages: families without a system role
// (gemma, mistral) fold the system text into the first user message.
//
// render() output never includes BOS: the caller encodes with
// add_bos = Tokenizer::add_bos_default() and parse_special = true. (Where a
// template spells "<s>"/"<|begin_of_text|>" literally, that is BOS; we leave
// it out to avoid a double BOS.)
//
// Thread safety: immutable value type.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace os1::engine {

struct ChatMessage {
    std::string role;  // "system", "user", "assistant"
    std::string content;
};

enum class ChatFamily { ChatMl, Llama3, Llama2, Mistral, Gemma, Phi3, Zephyr };

class ChatTemplate {
public:
    // Recognises the family from Jinja source; an unknown template is an
    // Unsupported error listing the families that can be chosen by name.
    static Result<ChatTemplate> detect(std::string_view jinja);
    // "chatml" (aliases "qwen", "qwen2", "smollm"), "qwen3" (chatml with the
    // thinking switch, off), "llama3", "llama2", "mistral", "gemma", "phi3",
    // "phi4" (phi3 without newlines after the role tags), "zephyr";
    // case-insensitive.
    static Result<ChatTemplate> by_name(std::string_view name);
    // Names accepted by by_name(), for help texts and errors.
    static std::vector<std::string> family_names();

    ChatTemplate() = default;
    explicit ChatTemplate(ChatFamily family) : m_family(family) {}

    // The prompt text. add_generation_prompt appends the header that starts
    // the assistant's turn. Unknown roles are rendered as user turns.
    std::string render(std::span<const ChatMessage> messages, bool add_generation_prompt) const;
    // Text that ends the assistant's turn (in addition to the tokenizer's
    // end-of-generation tokens), e.g. "<|im_end|>".
    std::vector<std::string> stop_strings() const;
    std::string name() const;
    ChatFamily family() const { return m_family; }

    // A system prompt the template inserts when the conversation has none
    // (Qwen2, SmolLM2); empty when it inserts none.
    const std::string& default_system() const { return m_default_system; }

    // Templates with a thinking switch (Qwen3, SmolLM3: `<think>` blocks,
    // `enable_thinking`). Thinking is off by default, as a companion answers
    // directly: the generation prompt then carries an empty think block
    // ("<think>\n\n</think>\n\n", what the template writes for
    // enable_thinking = false). Earlier assistant turns are rendered without
    // their reasoning (the text up to "</think>"), as these templates do.
    bool has_thinking_switch() const { return m_thinking_switch; }
    bool thinking() const { return m_thinking; }
    void set_thinking(bool on) { m_thinking = on; }

private:
    ChatFamily m_family = ChatFamily::ChatMl;
    std::string m_default_system;
    bool m_thinking_switch = false;
    bool m_thinking = false;
    // Phi-3/3.5 put a newline after the role tag ("<|user|>\n"); Phi-4-mini
    // does not ("<|user|>Hi<|end|>").
    bool m_role_newline = true;
};

}  // namespace os1::engine
