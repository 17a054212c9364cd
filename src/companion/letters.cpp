// Letters and the book for one owner: the letters file in the owner's
// skills folder, deletions through the skills ledger, the book from the
// finished letters, and the letters skill lent this Home's brain and memory.
#include "companion/letters.h"

#include <algorithm>
#include <charconv>

#include "companion/home.h"
#include "companion/skills_desk.h"
#include "persona/persona.h"
#include "skills/ledger.h"
#include "skills/letters/book.h"
#include "skills/letters/letter_store.h"
#include "skills/letters/letters_skill.h"

namespace os1::companion {
namespace lt = skills::letters;

namespace {

// The owner's skills folder (skills_desk.h), for a command (no conversation).
skills::Context letters_context(Home& home) {
    skills::Context c;
    c.owner = home.owner();
    c.dir = skills_dir(home.files());
    c.clock = &SystemClock::instance();
    return c;
}

Result<std::unique_ptr<lt::LetterStore>> open_letters(Home& home) {
    TRY(ensure_owner_files(home.files()));
    skills::Context c = letters_context(home);
    return lt::LetterStore::open(lt::letters_file(c), *c.clock);
}

LetterInfo info(const lt::Letter& l) {
    LetterInfo i;
    i.id = l.id;
    i.recipient = l.recipient;
    i.title = l.title;
    i.body = l.body;
    i.status = std::string(lt::status_name(l.status));
    i.created_ms = l.created_ms;
    i.updated_ms = l.updated_ms;
    i.finished_ms = l.finished_ms;
    i.versions = l.versions;
    i.words = lt::letter_json(l, false)["words"].get<int>();
    return i;
}

Result<lt::Letter> live_letter(lt::LetterStore& store, int64_t id) {
    lt::Letter l = TRY(store.get(id));
    if (l.deleted_ms) return Error::not_found("letter ", id, " was deleted (bring it back with 'os1 letter restore ", id, "')");
    return l;
}

std::optional<int64_t> parse_id(const std::string& s) {
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return std::nullopt;
    return v;
}

std::string person_name(Home& home) {
    if (home.awake()) return home.setup().profile.name;
    auto setup = persona::load_setup(home.files().persona_file());
    return setup ? setup->profile.name : std::string();
}

}  // namespace

Json letter_info_json(const LetterInfo& l, bool with_body) {
    Json j = {{"id", l.id},
              {"recipient", l.recipient},
              {"title", l.title},
              {"status", l.status},
              {"created", format_iso8601_utc(l.created_ms)},
              {"updated", format_iso8601_utc(l.updated_ms)},
              {"versions", l.versions},
              {"words", l.words}};
    if (l.finished_ms) j["finished"] = format_iso8601_utc(l.finished_ms);
    if (with_body) j["body"] = l.body;
    return j;
}

Result<std::vector<LetterInfo>> list_letters(Home& home) {
    auto store = TRY(open_letters(home));
    std::vector<LetterInfo> out;
    for (const lt::Letter& l : TRY(store->list())) out.push_back(info(l));
    return out;
}

Result<LetterInfo> show_letter(Home& home, const std::string& ref) {
    auto store = TRY(open_letters(home));
    if (auto id = parse_id(ref)) return info(TRY(live_letter(*store, *id)));
    auto found = TRY(store->find_by_recipient(ref));
    if (!found) return Error::not_found("no letter to '", ref, "' (see 'os1 letter list')");
    return info(*found);
}

Result<std::vector<LetterVersionInfo>> letter_versions(Home& home, int64_t id) {
    auto store = TRY(open_letters(home));
    std::vector<LetterVersionInfo> out;
    for (const lt::LetterVersion& v : TRY(store->versions(id))) out.push_back({v.title, v.body, v.saved_ms});
    return out;
}

Result<LetterInfo> new_letter(Home& home, const LetterDraft& draft) {
    auto store = TRY(open_letters(home));
    return info(TRY(store->create({draft.recipient, draft.title, draft.body})));
}

Result<LetterInfo> edit_letter(Home& home, int64_t id, const LetterChange& change) {
    auto store = TRY(open_letters(home));
    TRY(live_letter(*store, id));
    lt::LetterEdit e;
    e.recipient = change.recipient;
    e.title = change.title;
    e.body = change.body;
    return info(TRY(store->edit(id, e)));
}

Result<LetterInfo> finish_letter(Home& home, int64_t id) {
    auto store = TRY(open_letters(home));
    TRY(live_letter(*store, id));
    return info(TRY(store->finish(id)));
}

Result<LetterDeletion> delete_letter(Home& home, int64_t id) {
    auto store = TRY(open_letters(home));
    lt::Letter l = TRY(live_letter(*store, id));
    skills::Context c = letters_context(home);
    auto ledger = TRY(skills::Ledger::open(c));
    lt::LettersSkill skill;
    skills::Proposal p = TRY(ledger->propose(lt::delete_proposal(c, l.id, l.recipient, l.title), c));
    p = TRY(ledger->accept(p.id, skill, c));
    if (p.status != "done") return Error::io("letter ", id, " could not be deleted: ", p.error);
    return LetterDeletion{info(l), p.id};
}

Result<LetterInfo> restore_letter(Home& home, int64_t id) {
    auto store = TRY(open_letters(home));
    TRY(store->get(id));
    skills::Context c = letters_context(home);
    auto ledger = TRY(skills::Ledger::open(c));
    skills::LedgerFilter filter;
    filter.skill = "letters";
    filter.status = "done";
    filter.limit = 1000;
    for (const skills::Proposal& p : TRY(ledger->list(filter))) {
        if (p.action != "delete" || p.payload.value("id", int64_t(0)) != id) continue;
        lt::LettersSkill skill;
        TRY(ledger->undo(p.id, skill, c));
        return info(TRY(store->get(id)));
    }
    return Error::not_found("letter ", id, " has not been deleted");
}

Result<BookOutcome> make_book(Home& home, const BookRequest& request) {
    lt::BookOptions o;
    o.page = TRY(lt::parse_page_size(request.page));
    o.title = request.title.empty() ? std::string("Letters") : request.title;
    o.author = request.author.empty() ? person_name(home) : request.author;
    o.utc = request.utc;
    if (request.ids.empty() && !request.all)
        return Error::invalid("say which letters: --letters 1,3,4 or --all (the finished ones)");
    auto store = TRY(open_letters(home));
    std::vector<lt::Letter> chosen;
    if (!request.ids.empty()) {
        for (int64_t id : request.ids) {
            lt::Letter l = TRY(live_letter(*store, id));
            if (l.status != lt::LetterStatus::Finished)
                return Error::invalid("letter ", id, " (to ", l.recipient,
                                      ") is still a draft: finish it first ('os1 letter finish ", id, "')");
            chosen.push_back(l);
        }
    } else {
        for (const lt::Letter& l : TRY(store->list()))
            if (l.status == lt::LetterStatus::Finished) chosen.push_back(l);
        std::stable_sort(chosen.begin(), chosen.end(),
                         [](const lt::Letter& a, const lt::Letter& b) { return a.finished_ms < b.finished_ms; });
        if (chosen.empty())
            return Error::invalid("no finished letters yet: finish one with 'os1 letter finish ID' (see 'os1 letter list')");
    }
    std::vector<lt::BookLetter> letters;
    for (const lt::Letter& l : chosen) letters.push_back({l.title, l.recipient, l.body, l.finished_ms ? l.finished_ms : l.updated_ms});
    lt::BookReport r = TRY(lt::typeset_book(request.out, o, letters));
    return BookOutcome{request.out, r.pages, r.letters, r.ms};
}

std::unique_ptr<skills::Skill> make_letters_skill(Home& home) {
    Home* h = &home;
    lt::LetterHelpers helpers;
    helpers.recall = [h](std::string_view recipient) {
        std::vector<std::string> lines;
        MemorySearch s;
        s.query = std::string(recipient);
        s.k = 8;
        auto hits = h->search(s);
        if (!hits) return lines;
        std::string want(recipient);
        std::transform(want.begin(), want.end(), want.begin(), [](unsigned char c) { return std::tolower(c); });
        for (const memory::Hit& hit : *hits) {
            std::string text = hit.text;
            std::string lower = text;
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
            if (lower.find(want) == std::string::npos) continue;
            if (text.size() > 240) text = text.substr(0, 240) + "...";
            lines.push_back(text);
            if (lines.size() == 5) break;
        }
        return lines;
    };
    if (home.awake() && home.brain().available()) {
        helpers.write = [h](const std::string& system, const std::string& user) -> Result<std::string> {
            brain::ChatRequest request;
            request.messages = {{"system", system}, {"user", user}};
            request.max_tokens = 600;
            auto result = TRY(h->brain().chat(request, [](std::string_view) { return true; }));
            if (result.finish_reason == brain::FinishReason::Error) return Error::network(result.error);
            return result.text;
        };
        helpers.person = home.setup().profile.name;
    }
    return std::make_unique<lt::LettersSkill>(std::move(helpers));
}

}  // namespace os1::companion
