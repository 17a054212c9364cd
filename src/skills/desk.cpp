// The desk: yes/no to the question just asked, else the first skill that
// answers. A proposal is stored before it is said back, so the yes that
// follows finds it by conversation in the ledger (and survives a restart).
#include "skills/desk.h"

#include <algorithm>
#include <cctype>

#include "core/log.h"
#include "core/strings.h"

namespace os1::skills {

namespace {

// Lower case, letters, digits, apostrophes and single spaces; a trailing
// "please", "thanks" or "thank you" dropped ("yes please" = "yes").
std::string plain_words(std::string_view message) {
    std::string out;
    for (unsigned char c : message) {
        if (std::isalnum(c) || c == '\'') out += static_cast<char>(std::tolower(c));
        else if (c >= 0x80) out += static_cast<char>(c);  // UTF-8 text stays (never matches a short answer)
        else if (!out.empty() && out.back() != ' ') out += ' ';
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    for (std::string_view tail : {" please", " thanks", " thank you", " then"}) {
        if (out.size() > tail.size() && out.ends_with(tail)) out.resize(out.size() - tail.size());
    }
    return out;
}

bool one_of(const std::string& words, std::initializer_list<std::string_view> list) {
    return std::find(list.begin(), list.end(), words) != list.end();
}

constexpr const char* TOLD = "lapsed; said so";

}  // namespace

bool is_yes(std::string_view message) {
    const std::string w = plain_words(message);
    return one_of(w, {"yes", "yes please", "yeah", "yea", "yep", "yup", "sure", "ok", "okay", "k", "do it", "please do",
                      "go ahead", "go for it", "yes do it", "ok do it", "okay do it", "sure do it", "yes go ahead",
                      "sounds good", "that's right", "thats right", "correct", "perfect", "great", "lovely",
                      "yes that's right", "yes thanks", "ok thanks", "okay thanks", "absolutely", "of course", "y"});
}

bool is_no(std::string_view message) {
    const std::string w = plain_words(message);
    return one_of(w, {"no", "nope", "nah", "no thanks", "no thank you", "don't", "dont", "do not", "don't do it",
                      "no don't", "cancel", "cancel it", "never mind", "nevermind", "not now", "leave it", "forget it",
                      "no no", "n", "not yet", "no need", "stop"});
}

Json DeskReply::to_json() const {
    Json j{{"skill", skill}, {"text", text}, {"data", data}};
    if (proposal) j["proposal"] = proposal_json(*proposal);
    return j;
}

Result<std::unique_ptr<Desk>> Desk::open(const std::filesystem::path& dir, const std::string& owner) {
    return std::make_unique<Desk>(TRY(Ledger::open(dir, owner)));
}

void Desk::add(std::unique_ptr<Skill> skill) {
    if (!skill || this->skill(skill->name())) return;
    m_skills.push_back(std::move(skill));
}

Skill* Desk::skill(std::string_view name) {
    for (auto& s : m_skills)
        if (s->name() == name) return s.get();
    return nullptr;
}

std::vector<std::string> Desk::skill_names() const {
    std::vector<std::string> out;
    for (const auto& s : m_skills) out.emplace_back(s->name());
    return out;
}

Result<DeskReply> Desk::run(const Context& context, const Proposal& waiting) {
    Skill* s = skill(waiting.skill);
    DeskReply out;
    out.skill = waiting.skill;
    if (!s) {
        // A proposal of a skill this installation no longer has: nothing can run it.
        TRY(m_ledger->set_aside(waiting.conversation, context.clock->wall_ms()));
        out.text = str("I can't do that any more (", waiting.skill, " is not here), so I've left it.");
        out.proposal = TRY(m_ledger->get(waiting.id));
        return out;
    }
    Proposal p = TRY(m_ledger->accept(waiting.id, *s, context));
    out.proposal = p;
    if (p.status == "done") {
        out.data = p.result;
        if (p.result.is_object() && p.result.contains("said") && p.result["said"].is_string())
            out.text = p.result["said"].get<std::string>();
        else
            out.text = str("Done: ", p.summary, ".");
    } else {
        out.text = str("I'm sorry, I couldn't do that: ", p.error, ".");
    }
    return out;
}

Result<std::optional<DeskReply>> Desk::handle(const Context& context, std::string_view message, Trust trust) {
    using Out = std::optional<DeskReply>;
    if (trust != Trust::Person) return Out();  // third-party text never proposes nor answers a question
    if (!context.clock) return Error::internal("the desk needs a clock");
    const int64_t now = context.clock->wall_ms();

    if (!context.conversation.empty()) {
        auto waiting = TRY(m_ledger->pending(context.conversation, now));
        if (waiting && is_yes(message)) return Out(TRY(run(context, *waiting)));
        if (waiting && is_no(message)) {
            DeskReply out;
            out.skill = waiting->skill;
            out.proposal = TRY(m_ledger->decline(waiting->id, now));
            out.text = "All right, I won't.";
            return Out(std::move(out));
        }
        if (waiting) {
            // The person moved on: a later yes must not reach back to this question.
            TRY(m_ledger->set_aside(context.conversation, now));
        } else if (is_yes(message)) {
            // A yes to a question that lapsed (asked over PROPOSAL_TTL_MS ago): say so, once.
            auto last = TRY(m_ledger->latest(context.conversation));
            if (last && last->status == "expired" && last->error.empty()) {
                auto st = TRY(m_ledger->scope().prepare(
                    "UPDATE proposals SET error = ? WHERE id = ? AND owner = :owner"));
                st.bind(1, TOLD).bind(2, last->id);
                TRY(st.run());
                DeskReply out;
                out.skill = last->skill;
                out.proposal = TRY(m_ledger->get(last->id));
                out.text = str("I asked you that a while ago, so I haven't done it (", last->summary,
                               "). Ask me again if you'd still like me to.");
                return Out(std::move(out));
            }
        }
    }

    for (auto& s : m_skills) {
        auto answered = s->answer(context, message);
        if (!answered) {
            log::warn("the ", s->name(), " skill could not read a message: ", answered.error().message);
            continue;
        }
        if (!*answered) continue;
        Reply& reply = **answered;
        DeskReply out;
        out.skill = std::string(s->name());
        out.data = std::move(reply.data);
        out.text = std::move(reply.text);
        if (reply.proposal) {
            reply.proposal->skill = std::string(s->name());
            if (context.conversation.empty()) {
                // Nobody can say yes outside a conversation: it is not stored.
                out.text = "Tell me that in a conversation and I'll ask you first.";
                return Out(std::move(out));
            }
            Proposal stored = TRY(m_ledger->propose(std::move(*reply.proposal), context));
            if (out.text.empty()) out.text = str("Shall I ", stored.summary, "?");
            out.proposal = std::move(stored);
        }
        return Out(std::move(out));
    }
    return Out();
}

Result<Proposal> Desk::propose_and_run(const Context& context, Proposal proposal) {
    if (!context.conversation.empty())
        return Error::internal("propose_and_run is for commands the person typed, not for a conversation");
    Skill* s = skill(proposal.skill);
    if (!s) return Error::not_found("there is no skill called ", proposal.skill);
    Proposal stored = TRY(m_ledger->propose(std::move(proposal), context));
    return m_ledger->accept(stored.id, *s, context);
}

Result<Proposal> Desk::undo(const Context& context, int64_t id) {
    Proposal p = TRY(m_ledger->get(id));
    Skill* s = skill(p.skill);
    if (!s) return Error::not_found("there is no skill called ", p.skill, " to undo proposal ", id);
    return m_ledger->undo(id, *s, context);
}

}  // namespace os1::skills
