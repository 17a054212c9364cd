// A skill for tests of the desk and the ledger: it answers "note X" with a
// proposal to write X down, and keeps what it ran in memory (so a test sees
// whether a side effect happened).
#pragma once

#include <sys/stat.h>

#include <string>
#include <vector>

#include "core/clock.h"
#include "skills/desk.h"
#include "test_support.h"

namespace os1::skills::test {

class NoteSkill final : public Skill {
public:
    std::vector<std::string> written;  // the side effects, in order
    bool fail = false;

    std::string_view name() const override { return "notes"; }
    Result<std::optional<Reply>> answer(const Context&, std::string_view message) override {
        if (!message.starts_with("note ")) return std::optional<Reply>();
        Reply r;
        Proposal p;
        p.action = "write";
        p.summary = str("write down \"", message.substr(5), "\"");
        p.payload = {{"text", std::string(message.substr(5))}};
        r.proposal = p;
        return std::optional<Reply>(r);
    }
    Result<Json> run(const Context&, const Proposal& p) override {
        if (fail) return Error::io("the notebook is full");
        written.push_back(p.payload["text"].get<std::string>());
        return Json{{"index", written.size() - 1}};
    }
    Result<void> undo(const Context&, const Proposal& p) override {
        const size_t i = p.result["index"].get<size_t>();
        if (i < written.size()) written.erase(written.begin() + static_cast<long>(i));
        return ok();
    }
};

inline int mode_of(const std::filesystem::path& p) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return -1;
    return static_cast<int>(st.st_mode & 0777);
}

}  // namespace os1::skills::test
