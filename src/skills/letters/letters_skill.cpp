// The letters skill's conversation: which letter a conversation is writing,
// what each message does to it, and what is said back.
#include "skills/letters/letters_skill.h"

#include "skills/letters/book.h"
#include "skills/letters/letter_store.h"
#include "skills/letters/letter_words.h"

namespace os1::skills::letters {
namespace {

const Clock& clock_of(const Context& c) { return c.clock ? *c.clock : SystemClock::instance(); }

Result<std::unique_ptr<LetterStore>> open_store(const Context& c) {
    if (c.dir.empty()) return Error::internal("the letters skill has no folder");
    return LetterStore::open(letters_file(c), clock_of(c));
}

Reply say(std::string text, Json data = Json::object()) {
    Reply r;
    r.text = std::move(text);
    r.data = std::move(data);
    return r;
}

std::string words_count(const Letter& l) {
    int n = letter_json(l, false)["words"].get<int>();
    return n == 1 ? "one word" : std::to_string(n) + " words";
}

std::string described(const Letter& l) {
    std::string when = book_date(l.status == LetterStatus::Finished ? l.finished_ms : l.updated_ms, false);
    return str("your letter to ", l.recipient, " (", status_name(l.status), ", ", when, ")");
}

// The letter a request names: by recipient, else the one this conversation
// is writing, else the newest (drafts first when `prefer_draft`).
Result<std::optional<Letter>> named_letter(LetterStore& store, const Context& c, const std::string& recipient,
                                           bool prefer_draft) {
    if (!recipient.empty()) {
        if (prefer_draft) {
            auto draft = TRY(store.find_by_recipient(recipient, LetterStatus::Draft));
            if (draft) return draft;
        }
        return store.find_by_recipient(recipient);
    }
    if (!c.conversation.empty()) {
        if (auto d = TRY(store.drafting(c.conversation))) {
            auto l = store.get(d->letter_id);
            if (l && !l->deleted_ms) return std::optional<Letter>(*l);
        }
    }
    auto all = TRY(store.list());
    if (prefer_draft)
        for (const Letter& l : all)
            if (l.status == LetterStatus::Draft) return std::optional<Letter>(l);
    if (all.empty()) return std::optional<Letter>{};
    return std::optional<Letter>(all.front());
}

std::string not_found(const std::string& recipient) {
    if (recipient.empty()) return "You haven't written any letters with me yet. Say \"help me write a letter to ...\" to begin one.";
    return str("I don't have a letter to ", recipient, " yet. Say \"help me write a letter to ", recipient,
               "\" to begin one.");
}

const char* SYSTEM =
    "You write letters for a person, in their own voice: first person, warm, plain and personal, as they would "
    "write it themselves. Write only the letter: a greeting, the body in short paragraphs, a closing. No notes, "
    "no headings, no markdown. Use only what you are told; never invent events, dates or people.";

std::string trimmed(std::string s) {
    size_t b = s.find_first_not_of(" \n\t\r"), e = s.find_last_not_of(" \n\t\r");
    return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

}  // namespace

std::filesystem::path letters_file(const Context& context) { return context.dir / "letters.db"; }

Proposal delete_proposal(const Context& context, int64_t id, const std::string& recipient, const std::string& title) {
    Proposal p;
    p.skill = "letters";
    p.action = "delete";
    p.summary = str("delete your letter to ", recipient, " (\"", title, "\"; it can be undone)");
    p.payload = {{"id", id}};
    p.source = context.conversation.empty() ? std::string("cli")
                                            : str("chat:", context.conversation, ":", context.message_id);
    p.conversation = context.conversation;
    p.created_ms = clock_of(context).wall_ms();
    return p;
}

Result<std::optional<Reply>> LettersSkill::answer(const Context& c, std::string_view message) {
    const int64_t now = clock_of(c).wall_ms();
    LetterRequest request = read_letter_request(message);
    std::optional<Drafting> drafting;
    std::unique_ptr<LetterStore> store;

    // A letter being written in this conversation takes the message first.
    if (!c.conversation.empty()) {
        // Open the file only when there is one to read (a chat with no letters creates nothing).
        if (std::filesystem::exists(letters_file(c)) || request.ask != LetterAsk::None) {
            store = TRY(open_store(c));
            drafting = TRY(store->drafting(c.conversation));
            if (drafting && now - drafting->touched_ms > DRAFTING_LAPSE_MS) {
                TRY(store->stop_drafting(c.conversation));
                drafting.reset();
            }
        }
    }
    if (drafting) {
        auto letter = store->get(drafting->letter_id);
        if (!letter || letter->deleted_ms) {
            TRY(store->stop_drafting(c.conversation));
            drafting.reset();
        } else {
            Letter l = letter.release_value();
            switch (dictation_cue(message)) {
            case DictationCue::Done: {
                l = TRY(store->finish(l.id));
                TRY(store->stop_drafting(c.conversation));
                return std::optional<Reply>(say(
                    str("Your letter to ", l.recipient, " is finished (", words_count(l), "). Say \"read me my letter to ",
                        l.recipient, "\" to hear it, or put it in your book with 'os1 book'."),
                    letter_json(l)));
            }
            case DictationCue::Pause:
                TRY(store->stop_drafting(c.conversation));
                return std::optional<Reply>(say(str("I've kept your letter to ", l.recipient,
                                                    " as a draft. Say \"continue my letter to ", l.recipient,
                                                    "\" whenever you want to go on."),
                                                letter_json(l)));
            case DictationCue::ReadBack:
                TRY(store->set_drafting(c.conversation, {l.id, drafting->mode, now}));
                return std::optional<Reply>(say(str("Here it is so far:\n\n", l.body, "\n\nGo on, or say \"that's all\" when it's done."),
                                                letter_json(l)));
            case DictationCue::Words:
                break;
            }
            if (drafting->mode == "revise" && m_helpers.write) {
                std::string user = str("Here is my letter to ", l.recipient, " so far:\n<<<\n", l.body,
                                       "\n>>>\nRewrite it as I ask: ", message,
                                       "\nReply with the whole letter only.");
                auto text = m_helpers.write(SYSTEM, user);
                TRY(store->set_drafting(c.conversation, {l.id, drafting->mode, now}));
                if (!text || trimmed(*text).empty())
                    return std::optional<Reply>(say(
                        str("I couldn't rewrite it just now (", text ? std::string("the model wrote nothing") : text.error().message,
                            "); your letter is as it was. Try again, or say \"that's all\" to finish it as it is.")));
                LetterEdit edit;
                edit.body = trimmed(*text);
                l = TRY(store->edit(l.id, edit));
                return std::optional<Reply>(say(str("Here it is now:\n\n", l.body,
                                                    "\n\nMore changes? Or say \"that's all\" when it's right."),
                                                letter_json(l)));
            }
            // Dictation: the person's words, as they said them, are the next paragraph.
            std::string words = trimmed(std::string(message));
            if (words.empty()) return std::optional<Reply>{};
            auto appended = store->append(l.id, words);
            if (!appended) return std::optional<Reply>(say(str("I couldn't add that to your letter: ", appended.error().message)));
            l = appended.release_value();
            TRY(store->set_drafting(c.conversation, {l.id, "dictate", now}));
            bool first = l.versions <= 1;
            return std::optional<Reply>(say(
                first ? std::string("I've written that down. Go on, a few sentences at a time; say \"read it back\" to hear it, "
                                    "or \"that's all\" when the letter is done.")
                      : std::string("Got it. Keep going, or say \"that's all\" when it's done."),
                letter_json(l)));
        }
    }

    if (request.ask == LetterAsk::None) return std::optional<Reply>{};
    if (!store) store = TRY(open_store(c));

    switch (request.ask) {
    case LetterAsk::None:
        break;
    case LetterAsk::Write: {
        if (request.recipient.empty())
            return std::optional<Reply>(say("Who is the letter to? Say, for example, \"help me write a letter to Catherine\"."));
        std::vector<std::string> known = m_helpers.recall ? m_helpers.recall(request.recipient) : std::vector<std::string>{};
        std::string note;
        if (m_helpers.write) {
            std::string user = str("Write a letter from ", m_helpers.person.empty() ? std::string("me") : m_helpers.person,
                                   " to ", request.recipient);
            if (!request.about.empty()) user += str(", about ", request.about);
            user += ".";
            if (!known.empty()) {
                user += str("\nWhat I have told you about ", request.recipient, ":");
                for (const std::string& k : known) user += "\n- " + k;
            }
            if (!m_helpers.person.empty()) user += str("\nSign it ", m_helpers.person, ".");
            auto text = m_helpers.write(SYSTEM, user);
            if (text && !trimmed(*text).empty()) {
                Letter l = TRY(store->create({request.recipient, "", trimmed(*text)}));
                if (!c.conversation.empty()) TRY(store->set_drafting(c.conversation, {l.id, "revise", now}));
                return std::optional<Reply>(say(str("Here's a first draft of your letter to ", l.recipient, ":\n\n", l.body,
                                                    "\n\nTell me what to change, or say \"that's all\" when it's right."),
                                                letter_json(l)));
            }
            note = str(" (I couldn't write a first draft just now: ",
                       text ? std::string("the model wrote nothing") : text.error().message, ".)");
        }
        Letter l = TRY(store->create({request.recipient, "", salutation(request.recipient)}));
        if (!c.conversation.empty()) TRY(store->set_drafting(c.conversation, {l.id, "dictate", now}));
        std::string text = str("Let's write to ", l.recipient, note, ". I've begun it with \"", salutation(l.recipient),
                               "\" Now tell me what you'd like to say, in your own words, a few sentences at a time, "
                               "and I'll keep each message as a paragraph. Say \"read it back\" to hear it, "
                               "or \"that's all\" when you're done.");
        if (!request.about.empty()) text += str(" You wanted to write about ", request.about, ": perhaps start there.");
        else if (!known.empty()) text += str(" You've told me: ", known.front(), ". Perhaps start there.");
        return std::optional<Reply>(say(text, letter_json(l)));
    }
    case LetterAsk::Read: {
        auto l = TRY(named_letter(*store, c, request.recipient, false));
        if (!l) return std::optional<Reply>(say(not_found(request.recipient)));
        std::string what = described(*l);
        what[0] = 'Y';
        return std::optional<Reply>(say(str(what, ":\n\n", l->body), letter_json(*l)));
    }
    case LetterAsk::Finish: {
        auto l = TRY(named_letter(*store, c, request.recipient, true));
        if (!l) return std::optional<Reply>(say(not_found(request.recipient)));
        if (l->status == LetterStatus::Finished)
            return std::optional<Reply>(say(str("Your letter to ", l->recipient, " is already finished."), letter_json(*l)));
        Letter done = TRY(store->finish(l->id));
        if (!c.conversation.empty()) TRY(store->stop_drafting(c.conversation));
        return std::optional<Reply>(say(str("Your letter to ", done.recipient, " is finished (", words_count(done),
                                            "). It can go in your book now: 'os1 book'."),
                                        letter_json(done)));
    }
    case LetterAsk::Continue: {
        auto l = TRY(named_letter(*store, c, request.recipient, true));
        if (!l) return std::optional<Reply>(say(not_found(request.recipient)));
        if (c.conversation.empty()) return std::optional<Reply>(say("Let's carry on in a conversation: 'os1 chat'."));
        std::string mode = m_helpers.write ? "revise" : "dictate";
        TRY(store->set_drafting(c.conversation, {l->id, mode, now}));
        return std::optional<Reply>(say(
            str("Here's your letter to ", l->recipient, " so far:\n\n", l->body, "\n\n",
                mode == "revise" ? "Tell me what to change" : "Go on, tell me what comes next",
                ", or say \"that's all\" when it's done."),
            letter_json(*l)));
    }
    case LetterAsk::List: {
        auto all = TRY(store->list());
        Json data = Json::array();
        for (const Letter& l : all) data.push_back(letter_json(l, false));
        if (all.empty()) return std::optional<Reply>(say(not_found(""), Json{{"letters", data}}));
        std::string text = all.size() == 1 ? "You've written one letter with me: " :
                                             str("You've written ", all.size(), " letters with me: ");
        for (size_t i = 0; i < all.size() && i < 12; ++i)
            text += str(i ? (i + 1 == all.size() ? " and " : ", ") : "", "to ", all[i].recipient, " (",
                        status_name(all[i].status), ")");
        if (all.size() > 12) text += str(", and ", all.size() - 12, " more ('os1 letter list')");
        text += ".";
        return std::optional<Reply>(say(text, Json{{"letters", data}}));
    }
    case LetterAsk::Delete: {
        auto l = TRY(named_letter(*store, c, request.recipient, false));
        if (!l) return std::optional<Reply>(say(not_found(request.recipient)));
        Reply r = say(str("Shall I delete your letter to ", l->recipient, " (\"", l->title, "\", ", words_count(*l),
                          ")? You could undo it afterwards."),
                      letter_json(*l, false));
        r.proposal = delete_proposal(c, l->id, l->recipient, l->title);
        return std::optional<Reply>(std::move(r));
    }
    }
    return std::optional<Reply>{};
}

Result<Json> LettersSkill::run(const Context& c, const Proposal& p) {
    if (p.action != "delete") return Error::unsupported("the letters skill cannot '", p.action, "'");
    if (!p.payload.contains("id") || !p.payload["id"].is_number_integer())
        return Error::invalid("a letter deletion needs the letter's id");
    int64_t id = p.payload["id"].get<int64_t>();
    auto store = TRY(open_store(c));
    TRY(store->mark_deleted(id));
    return Json{{"id", id}};
}

Result<void> LettersSkill::undo(const Context& c, const Proposal& p) {
    if (p.action != "delete") return Error::unsupported("'", p.action, "' of letters cannot be undone");
    Json id = p.result.contains("id") ? p.result["id"] : p.payload.value("id", Json());
    if (!id.is_number_integer()) return Error::invalid("the deletion does not say which letter it was");
    auto store = TRY(open_store(c));
    return store->restore(id.get<int64_t>());
}

}  // namespace os1::skills::letters
