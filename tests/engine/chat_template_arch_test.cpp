// Chat templates of the newer architectures, detected from (abridged) real
// Jinja sources: Qwen3 (ChatML with a thinking switch, off for a
// companion), Gemma 2/3's turns, Phi-3.5 and Phi-4-mini.
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
