// Chat templates: detection from (abridged) real Jinja sources, rendering
// against each family's documented format written out by hand (Qwen3's
// thinking switch, Gemma 3 and Phi-3.5 / Phi-4-mini at the end).
#include "engine/text/chat_template.h"
#include "test_support.h"

namespace os1::engine {
namespace {

const std::vector<ChatMessage> CONVO = {
    {"system", "You are kind."},
    {"user", "Hi!"},
    {"assistant", "Hello."},
    {"user", "How are you?"},
};

ChatTemplate named(std::string_view name) {
    auto t = ChatTemplate::by_name(name);
    EXPECT_TRUE(t.ok()) << name;
    return t.ok() ? *t : ChatTemplate();
}

TEST(ChatTemplate, ChatMl) {
    auto t = named("chatml");
    EXPECT_EQ(t.render(CONVO, true),
              "<|im_start|>system\nYou are kind.<|im_end|>\n"
              "<|im_start|>user\nHi!<|im_end|>\n"
              "<|im_start|>assistant\nHello.<|im_end|>\n"
              "<|im_start|>user\nHow are you?<|im_end|>\n"
              "<|im_start|>assistant\n");
    EXPECT_EQ(t.render(std::span(CONVO).subspan(1, 1), false), "<|im_start|>user\nHi!<|im_end|>\n");
    EXPECT_EQ(t.stop_strings().front(), "<|im_end|>");
    EXPECT_EQ(t.name(), "chatml");
}

TEST(ChatTemplate, Llama3) {
    auto t = named("llama3");
    EXPECT_EQ(t.render(CONVO, true),
              "<|start_header_id|>system<|end_header_id|>\n\nYou are kind.<|eot_id|>"
              "<|start_header_id|>user<|end_header_id|>\n\nHi!<|eot_id|>"
              "<|start_header_id|>assistant<|end_header_id|>\n\nHello.<|eot_id|>"
              "<|start_header_id|>user<|end_header_id|>\n\nHow are you?<|eot_id|>"
              "<|start_header_id|>assistant<|end_header_id|>\n\n");
    // Content is trimmed, as the template's `| trim` does.
    std::vector<ChatMessage> padded = {{"user", "  Hi!\n"}};
    EXPECT_EQ(t.render(padded, false), "<|start_header_id|>user<|end_header_id|>\n\nHi!<|eot_id|>");
}

TEST(ChatTemplate, Llama2) {
    auto t = named("llama2");
    EXPECT_EQ(t.render(CONVO, true),
              "[INST] <<SYS>>\nYou are kind.\n<</SYS>>\n\nHi! [/INST] Hello. </s>"
              "<s>[INST] How are you? [/INST]");
    std::vector<ChatMessage> no_system = {{"user", "Hi!"}};
    EXPECT_EQ(t.render(no_system, true), "[INST] Hi! [/INST]");
}

TEST(ChatTemplate, MistralFoldsSystemIntoFirstUser) {
    auto t = named("mistral");
    EXPECT_EQ(t.render(CONVO, true),
              "[INST] You are kind.\n\nHi! [/INST]Hello.</s>[INST] How are you? [/INST]");
}

TEST(ChatTemplate, GemmaFoldsSystemAndCallsAssistantModel) {
    auto t = named("gemma");
    EXPECT_EQ(t.render(CONVO, true),
              "<start_of_turn>user\nYou are kind.\n\nHi!<end_of_turn>\n"
              "<start_of_turn>model\nHello.<end_of_turn>\n"
              "<start_of_turn>user\nHow are you?<end_of_turn>\n"
              "<start_of_turn>model\n");
    std::vector<ChatMessage> only_system = {{"system", "Be brief."}};
    EXPECT_EQ(t.render(only_system, false), "<start_of_turn>user\nBe brief.<end_of_turn>\n");
}

TEST(ChatTemplate, Phi3) {
    auto t = named("phi3");
    EXPECT_EQ(t.render(CONVO, true),
              "<|system|>\nYou are kind.<|end|>\n"
              "<|user|>\nHi!<|end|>\n"
              "<|assistant|>\nHello.<|end|>\n"
              "<|user|>\nHow are you?<|end|>\n"
              "<|assistant|>\n");
}

TEST(ChatTemplate, Zephyr) {
    auto t = named("zephyr");
    EXPECT_EQ(t.render(CONVO, true),
              "<|system|>\nYou are kind.</s>\n"
              "<|user|>\nHi!</s>\n"
              "<|assistant|>\nHello.</s>\n"
              "<|user|>\nHow are you?</s>\n"
              "<|assistant|>\n");
}

TEST(ChatTemplate, DetectsFamiliesFromJinja) {
    struct Case {
        const char* jinja;
        const char* family;
    };
    const Case cases[] = {
        {"{% for message in messages %}{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + "
         "'<|im_end|>' + '\\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}",
         "chatml"},
        {"{% set loop_messages = messages %}{% for message in loop_messages %}{% set content = "
         "'<|start_header_id|>' + message['role'] + '<|end_header_id|>\\n\\n'+ message['content'] | trim + "
         "'<|eot_id|>' %}{% if loop.index0 == 0 %}{% set content = bos_token + content %}{% endif %}{{ content }}"
         "{% endfor %}",
         "llama3"},
        {"{% if messages[0]['role'] == 'system' %}{% set system_message = messages[0]['content'] %}{% endif %}"
         "{% for message in loop_messages %}{% if loop.index0 == 0 and system_message != false %}{% set content = "
         "'<<SYS>>\\n' + system_message + '\\n<</SYS>>\\n\\n' + message['content'] %}{% endif %}"
         "{{ bos_token + '[INST] ' + content.strip() + ' [/INST]' }}{% endfor %}",
         "llama2"},
        {"{{ bos_token }}{% for message in messages %}{% if message['role'] == 'user' %}{{ '[INST] ' + "
         "message['content'] + ' [/INST]' }}{% elif message['role'] == 'assistant' %}{{ message['content'] + "
         "eos_token}}{% endif %}{% endfor %}",
         "mistral"},
        {"{{ bos_token }}{% for message in messages %}{% if (message['role'] == 'assistant') %}{% set role = 'model' "
         "%}{% else %}{% set role = message['role'] %}{% endif %}{{ '<start_of_turn>' + role + '\\n' + "
         "message['content'] | trim + '<end_of_turn>\\n' }}{% endfor %}",
         "gemma"},
        {"{% for message in messages %}{% if message['role'] == 'system' %}{{'<|system|>\\n' + message['content'] + "
         "'<|end|>\\n'}}{% elif message['role'] == 'user' %}{{'<|user|>\\n' + message['content'] + '<|end|>\\n'}}"
         "{% endif %}{% endfor %}",
         "phi3"},
        {"{% for message in messages %}{% if message['role'] == 'user' %}{{ '<|user|>\\n' + message['content'] + "
         "eos_token }}{% elif message['role'] == 'assistant' %}{{ '<|assistant|>\\n'  + message['content'] + "
         "eos_token }}{% endif %}{% endfor %}",
         "zephyr"},
    };
    for (const auto& c : cases) {
        auto t = ChatTemplate::detect(c.jinja);
        ASSERT_TRUE(t.ok()) << c.family << ": " << t.error().message;
        EXPECT_EQ(t->name(), c.family);
    }
}

TEST(ChatTemplate, ChatMlDefaultSystemPrompt) {
    // Qwen2.5 and SmolLM2 insert their own system prompt when there is none.
    std::string qwen =
        "{%- if messages[0]['role'] == 'system' %}{{- '<|im_start|>system\\n' + messages[0]['content'] + "
        "'<|im_end|>\\n' }}{%- else %}{{- '<|im_start|>system\\nYou are Qwen, created by Alibaba Cloud. You are a "
        "helpful assistant.<|im_end|>\\n' }}{%- endif %}";
    auto t = ChatTemplate::detect(qwen);
    ASSERT_TRUE(t.ok());
    EXPECT_EQ(t->default_system(), "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.");
    std::vector<ChatMessage> user_only = {{"user", "Hi"}};
    EXPECT_EQ(t->render(user_only, true),
              "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
              "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
    // A system message of our own replaces it.
    EXPECT_EQ(t->render(std::span(CONVO).first(1), false), "<|im_start|>system\nYou are kind.<|im_end|>\n");
}

TEST(ChatTemplate, UnknownTemplatesAndNamesAreClearErrors) {
    auto t = ChatTemplate::detect("{% for m in messages %}### {{ m.role }}: {{ m.content }}{% endfor %}");
    ASSERT_FALSE(t.ok());
    EXPECT_NE(t.error().message.find("chatml"), std::string::npos);
    EXPECT_NE(t.error().message.find("gemma"), std::string::npos);
    EXPECT_FALSE(ChatTemplate::detect("").ok());
    auto n = ChatTemplate::by_name("vicuna");
    ASSERT_FALSE(n.ok());
    EXPECT_NE(n.error().message.find("llama3"), std::string::npos);
    // Names are case-insensitive and have aliases.
    EXPECT_EQ(named("Qwen2").name(), "chatml");
    EXPECT_EQ(named("SMOLLM").name(), "chatml");
    for (const auto& name : ChatTemplate::family_names()) EXPECT_EQ(named(name).name(), name);
}

TEST(ChatTemplate, EmptyConversationAndOddRoles) {
    auto t = named("chatml");
    EXPECT_EQ(t.render({}, true), "<|im_start|>assistant\n");
    std::vector<ChatMessage> odd = {{"tool", "42"}};
    EXPECT_EQ(t.render(odd, false), "<|im_start|>user\n42<|im_end|>\n");
    for (const auto& name : ChatTemplate::family_names()) {
        EXPECT_NO_FATAL_FAILURE(named(name).render({}, true));
        EXPECT_FALSE(named(name).stop_strings().empty()) << name;
    }
}

}  // namespace
// --- the newer architectures: Qwen3 (ChatML with a thinking switch, off for a
// companion), Gemma 2/3's turns, Phi-3.5 and Phi-4-mini ---

namespace {

// Qwen3's template, abridged (the parts that set it apart).
constexpr const char* QWEN3_JINJA =
    "{%- for message in messages %}{%- if message.role == \"assistant\" %}{%- set content = message.content %}"
    "{%- if '</think>' in content %}{%- set reasoning_content = content.split('</think>')[0] %}{%- endif %}"
    "{{- '<|im_start|>' + message.role + '\\n<think>\\n' + reasoning_content.strip('\\n') + '\\n</think>\\n\\n' }}"
    "{%- endif %}{%- endfor %}{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}"
    "{%- if enable_thinking is defined and enable_thinking is false %}{{- '<think>\\n\\n</think>\\n\\n' }}{%- endif %}"
    "{%- endif %}";

constexpr const char* GEMMA3_JINJA =
    "{{ bos_token }}{%- if messages[0]['role'] == 'system' -%}{%- set first_user_prefix = messages[0]['content'] + "
    "'\\n\\n' -%}{%- endif -%}{%- for message in loop_messages -%}{%- if (message['role'] == 'assistant') -%}"
    "{%- set role = \"model\" -%}{%- endif -%}{{ '<start_of_turn>' + role + '\\n' + (first_user_prefix if loop.first "
    "else \"\") }}{{ message['content'] | trim }}{{ '<end_of_turn>\\n' }}{%- endfor -%}{%- if add_generation_prompt -%}"
    "{{'<start_of_turn>model\\n'}}{%- endif -%}";

constexpr const char* PHI35_JINJA =
    "{% for message in messages %}{% if message['role'] == 'system' and message['content'] %}{{'<|system|>\\n' + "
    "message['content'] + '<|end|>\\n'}}{% elif message['role'] == 'user' %}{{'<|user|>\\n' + message['content'] + "
    "'<|end|>\\n'}}{% elif message['role'] == 'assistant' %}{{'<|assistant|>\\n' + message['content'] + "
    "'<|end|>\\n'}}{% endif %}{% endfor %}{% if add_generation_prompt %}{{ '<|assistant|>\\n' }}{% else %}"
    "{{ eos_token }}{% endif %}";

constexpr const char* PHI4_MINI_JINJA =
    "{% for message in messages %}{% if message['role'] == 'system' and 'tools' in message and message['tools'] is "
    "not none %}{{ '<|' + message['role'] + '|>' + message['content'] + '<|tool|>' + message['tools'] + '<|/tool|>' + "
    "'<|end|>' }}{% else %}{{ '<|' + message['role'] + '|>' + message['content'] + '<|end|>' }}{% endif %}{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|assistant|>' }}{% else %}{{ eos_token }}{% endif %}";

ChatTemplate detected(const char* jinja) {
    auto t = ChatTemplate::detect(jinja);
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
    return t.ok() ? *t : ChatTemplate();
}

}  // namespace

TEST(ChatTemplateArch, Qwen3AnswersWithoutThinkingByDefault) {
    ChatTemplate t = detected(QWEN3_JINJA);
    EXPECT_EQ(t.family(), ChatFamily::ChatMl);
    EXPECT_TRUE(t.has_thinking_switch());
    EXPECT_FALSE(t.thinking());
    EXPECT_TRUE(t.default_system().empty());
    EXPECT_EQ(t.render(CONVO, true),
              "<|im_start|>system\nYou are kind.<|im_end|>\n"
              "<|im_start|>user\nHi!<|im_end|>\n"
              "<|im_start|>assistant\nHello.<|im_end|>\n"
              "<|im_start|>user\nHow are you?<|im_end|>\n"
              "<|im_start|>assistant\n<think>\n\n</think>\n\n");
    t.set_thinking(true);
    const std::string on = t.render(CONVO, true);
    EXPECT_EQ(on.substr(on.size() - 22), "<|im_start|>assistant\n");
    EXPECT_EQ(t.stop_strings().front(), "<|im_end|>");
}

TEST(ChatTemplateArch, Qwen3DropsEarlierReasoning) {
    ChatTemplate t = detected(QWEN3_JINJA);
    const std::vector<ChatMessage> convo = {
        {"user", "Hi!"}, {"assistant", "<think>\nThey greet me.\n</think>\n\nHello."}, {"user", "Bye"}};
    EXPECT_EQ(t.render(convo, false),
              "<|im_start|>user\nHi!<|im_end|>\n"
              "<|im_start|>assistant\nHello.<|im_end|>\n"
              "<|im_start|>user\nBye<|im_end|>\n");
    // Without the switch (Qwen 2.5) the text is kept as written.
    ChatTemplate plain = *ChatTemplate::by_name("qwen2.5");
    EXPECT_FALSE(plain.has_thinking_switch());
    EXPECT_NE(plain.render(convo, false).find("They greet me."), std::string::npos);
    EXPECT_EQ(plain.render(convo, true).substr(plain.render(convo, true).size() - 22), "<|im_start|>assistant\n");
}

TEST(ChatTemplateArch, ByNameQwen3AndPhi4) {
    auto q = ChatTemplate::by_name("Qwen3");
    ASSERT_TRUE(q.ok());
    EXPECT_TRUE(q->has_thinking_switch());
    auto p = ChatTemplate::by_name("phi4");
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->family(), ChatFamily::Phi3);
    EXPECT_EQ(p->render(std::span(CONVO).subspan(1, 1), true), "<|user|>Hi!<|end|><|assistant|>");
    auto bad = ChatTemplate::by_name("qwen9");
    ASSERT_FALSE(bad.ok());
    EXPECT_NE(bad.error().message.find("qwen3"), std::string::npos) << bad.error().message;
}

TEST(ChatTemplateArch, Gemma3Turns) {
    ChatTemplate t = detected(GEMMA3_JINJA);
    EXPECT_EQ(t.family(), ChatFamily::Gemma);
    EXPECT_FALSE(t.has_thinking_switch());
    EXPECT_EQ(t.render(CONVO, true),
              "<start_of_turn>user\nYou are kind.\n\nHi!<end_of_turn>\n"
              "<start_of_turn>model\nHello.<end_of_turn>\n"
              "<start_of_turn>user\nHow are you?<end_of_turn>\n"
              "<start_of_turn>model\n");
    EXPECT_EQ(t.stop_strings().front(), "<end_of_turn>");
}

TEST(ChatTemplateArch, Phi35AndPhi4Mini) {
    ChatTemplate phi35 = detected(PHI35_JINJA);
    EXPECT_EQ(phi35.family(), ChatFamily::Phi3);
    EXPECT_EQ(phi35.render(CONVO, true),
              "<|system|>\nYou are kind.<|end|>\n"
              "<|user|>\nHi!<|end|>\n"
              "<|assistant|>\nHello.<|end|>\n"
              "<|user|>\nHow are you?<|end|>\n"
              "<|assistant|>\n");
    ChatTemplate phi4 = detected(PHI4_MINI_JINJA);
    EXPECT_EQ(phi4.family(), ChatFamily::Phi3);
    EXPECT_EQ(phi4.render(CONVO, true),
              "<|system|>You are kind.<|end|>"
              "<|user|>Hi!<|end|>"
              "<|assistant|>Hello.<|end|>"
              "<|user|>How are you?<|end|>"
              "<|assistant|>");
    EXPECT_EQ(phi4.stop_strings().front(), "<|end|>");
}

}  // namespace os1::engine
