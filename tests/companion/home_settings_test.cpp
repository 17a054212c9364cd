// The settings use cases of the one front door (home.h, home_settings.cpp)
// and correcting a fact (Home::correct): each person's style goes to their
// own persona.toml, their brain choice to their own config (the local
// owner's to config.toml, as the CLI keeps it), a model is chosen by name
// only, and one person's choices and corrections never reach another.
#include <gtest/gtest.h>

#include <cstdlib>
#include <optional>
#include <string>

#include "companion/home.h"
#include "core/files.h"
#include "test_support.h"

using namespace os1;
using namespace os1::companion;

namespace {

class SettingsHome {
public:
    explicit SettingsHome(const std::filesystem::path& home) {
        if (const char* v = std::getenv("OS1_HOME")) m_old = v;
        ::setenv("OS1_HOME", home.c_str(), 1);
    }
    ~SettingsHome() {
        if (m_old) ::setenv("OS1_HOME", m_old->c_str(), 1);
        else ::unsetenv("OS1_HOME");
    }

private:
    std::optional<std::string> m_old;
};

std::unique_ptr<Home> settings_home(const std::string& owner) {
    auto home = Home::open({.owner = owner});
    EXPECT_TRUE(home) << home.error().message;
    if (!home) return nullptr;
    auto woke = (*home)->wake(brain::BrainFlags{.brain = "none"});
    EXPECT_TRUE(woke) << woke.error().message;
    return home.release_value();
}

std::string settings_file_text(const std::filesystem::path& file) { return read_file(file).value_or(""); }

}  // namespace

TEST(HomeSettings, StyleChangesOnlyThisPersonsPersonaAsSetupWould) {
    test::TempDir dir;
    SettingsHome scoped(dir.path());
    auto ann = settings_home("ann");
    auto bob = settings_home("bob");
    ASSERT_TRUE(ann && bob);

    auto early = ann->change_style({{"style.tone", "playful"}});
    ASSERT_FALSE(early);  // before the first meeting
    EXPECT_EQ(early.error().code, ErrorCode::Invalid);

    ASSERT_TRUE(ann->complete_meeting({{"you.name", "Ann"}, {"style.tone", "warm"}}, false));
    ASSERT_TRUE(bob->complete_meeting({{"you.name", "Bob"}, {"style.tone", "warm"}}, false));
    const std::string name = ann->setup().persona.name;
    const std::string bob_file = settings_file_text(bob->persona_file());

    auto changed = ann->change_style({{"style.tone", "Playful "}, {"style.humour", "lots"}, {"style.length", "long"}});
    ASSERT_TRUE(changed) << changed.error().message;
    EXPECT_EQ(changed->persona.tone, persona::Tone::Playful);
    EXPECT_EQ(changed->persona.humour, persona::Humour::Lots);
    EXPECT_EQ(changed->persona.length, persona::Length::Long);
    EXPECT_EQ(changed->persona.name, name);  // the name is kept
    EXPECT_EQ(changed->profile.name, "Ann");
    EXPECT_EQ(ann->setup().persona.tone, persona::Tone::Playful);
    // On disk, where `os1 setup` writes it; read back by a fresh Home.
    auto again = settings_home("ann");
    EXPECT_EQ(again->setup().persona.tone, persona::Tone::Playful);
    EXPECT_EQ(again->setup().persona.length, persona::Length::Long);
    EXPECT_EQ(settings_file_text(bob->persona_file()), bob_file);

    auto bad = ann->change_style({{"style.tone", "sarcastic"}});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::Invalid);
    EXPECT_NE(bad.error().message.find("warm"), std::string::npos) << bad.error().message;  // the choices named
    auto other = ann->change_style({{"you.name", "Mallory"}});
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().code, ErrorCode::Invalid);
    EXPECT_EQ(settings_home("ann")->setup().profile.name, "Ann");
}

TEST(HomeSettings, ABrainChoiceIsEachPersonsOwnAndChecked) {
    test::TempDir dir;
    SettingsHome scoped(dir.path());
    auto ann = settings_home("ann");
    auto bob = settings_home("bob");
    ASSERT_TRUE(ann && bob);
    const brain::BrainFlags server{.brain = "local"};

    // Nothing chosen: the server's flags as they are.
    EXPECT_EQ(ann->brain_choice()->brain, "");
    EXPECT_EQ(ann->brain_flags(server)->brain, "local");

    // Local with no model installed, a model by path, an unknown brain, openai without a URL: refused.
    auto no_model = ann->choose_brain({"local", ""}, {});
    ASSERT_FALSE(no_model);
    EXPECT_EQ(no_model.error().code, ErrorCode::Invalid);
    EXPECT_NE(no_model.error().message.find("os1 pull"), std::string::npos) << no_model.error().message;
    auto by_path = ann->choose_brain({"local", (dir.path() / "x.gguf").string()}, {});
    ASSERT_FALSE(by_path);
    EXPECT_EQ(by_path.error().code, ErrorCode::Invalid);
    EXPECT_FALSE(ann->choose_brain({"clever", ""}, {}));
    auto openai = ann->choose_brain({"openai", ""}, {});
    ASSERT_FALSE(openai);
    EXPECT_NE(openai.error().message.find("URL"), std::string::npos) << openai.error().message;
    EXPECT_FALSE(ann->choose_brain({"none", "some-model"}, {}));  // a model is the local brain's
    EXPECT_EQ(ann->brain_choice()->brain, "");

    // None for Ann: saved in her own folder, over the server's flags; Bob keeps the server's.
    ASSERT_TRUE(ann->choose_brain({"none", ""}, server));
    EXPECT_EQ(ann->brain_choice()->brain, "none");
    EXPECT_EQ(settings_home("ann")->brain_choice()->brain, "none");
    EXPECT_EQ(ann->brain_flags(server)->brain, "none");
    auto s = ann->brain_settings(server);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->brain, "none");
    EXPECT_EQ(bob->brain_choice()->brain, "");
    EXPECT_EQ(bob->brain_flags(server)->brain, "local");
    EXPECT_NE(settings_file_text(dir.path() / "data" / "people" / "ann" / "config.toml").find("none"), std::string::npos);
    EXPECT_EQ(settings_file_text(dir.path() / "config.toml").find("backend"), std::string::npos);

    // Back to the defaults.
    ASSERT_TRUE(ann->choose_brain({"default", ""}, server));
    EXPECT_EQ(ann->brain_flags(server)->brain, "local");
}

TEST(HomeSettings, TheLocalPersonsChoiceIsConfigTomlAndAnInstalledModelIsChosenByName) {
    OS1_REQUIRE_SHARED(kit);
    const auto model = kit / "models" / "stories260K.gguf";
    if (!std::filesystem::exists(model)) GTEST_SKIP() << "the kit has no models/stories260K.gguf";
    test::TempDir dir;
    SettingsHome scoped(dir.path());
    auto local = settings_home(LOCAL_OWNER);
    ASSERT_TRUE(local);
    std::filesystem::create_directories(local->paths().models_dir);
    std::filesystem::copy_file(model, local->paths().models_dir / "stories260K.gguf");

    auto chosen = local->choose_brain({"local", "stories260K.gguf"}, {});
    ASSERT_TRUE(chosen) << chosen.error().message;
    const std::string config = settings_file_text(local->paths().config_file);
    EXPECT_NE(config.find("backend = \"local\""), std::string::npos) << config;
    EXPECT_NE(config.find("stories260K.gguf"), std::string::npos) << config;
    auto s = local->brain_settings({});
    ASSERT_TRUE(s) << s.error().message;
    EXPECT_EQ(s->brain, "local");
    EXPECT_EQ(s->model, "stories260K.gguf");
    ASSERT_EQ(s->models.size(), 1u);
    // A server started with --brain none: the person's choice goes over it.
    auto flags = local->brain_flags({.brain = "none"});
    EXPECT_EQ(flags->brain, "local");
    EXPECT_EQ(flags->model, "stories260K.gguf");
}

TEST(HomeSettings, CorrectingAFactKeepsTheOldOneInItsHistoryForThatPersonOnly) {
    test::TempDir dir;
    SettingsHome scoped(dir.path());
    auto ann = settings_home("ann");
    auto bob = settings_home("bob");
    ASSERT_TRUE(ann && bob);
    ASSERT_TRUE(ann->complete_meeting({{"you.name", "Ann"}, {"life.people", "My sister Amy lives in Lisbon."}}, false));
    std::string id, text;
    for (const auto& f : ann->facts(false).value_or({}))
        if (f.value == "Amy") {
            id = "f" + std::to_string(f.id);
            text = f.text;
        }
    ASSERT_FALSE(id.empty()) << "no fact of Amy";
    std::string fixed = text;
    fixed.replace(fixed.find("Amy"), 3, "Amelia");

    auto bobs = bob->correct(id, fixed);  // Bob cannot touch Ann's fact
    ASSERT_FALSE(bobs);
    EXPECT_EQ(bobs.error().code, ErrorCode::NotFound);

    auto r = ann->correct(id, fixed);
    ASSERT_TRUE(r) << r.error().message;
    const std::string new_id = "f" + std::to_string(r->after.id);
    auto shown = ann->show(new_id);
    ASSERT_TRUE(shown);
    EXPECT_EQ((*shown)["text"], fixed);
    EXPECT_EQ((*shown)["origin"], "person");
    EXPECT_EQ((*shown)["provenance"], "corrected by you");
    ASSERT_EQ((*shown)["versions"].size(), 2u) << dump_json(*shown);
    EXPECT_EQ((*shown)["versions"][0]["id"], id);
    EXPECT_EQ((*shown)["versions"][0]["text"], text);
    EXPECT_EQ((*shown)["versions"][0]["corrected_by_you"], true);
    EXPECT_FALSE((*shown)["versions"][0]["sources"].empty());
    EXPECT_EQ((*shown)["versions"][1]["id"], new_id);
    auto old = ann->show(id);
    ASSERT_TRUE(old);
    EXPECT_EQ((*old)["current"], false);
    EXPECT_EQ((*old)["superseded_by"], new_id);

    auto message = ann->correct("e1", "something else");
    ASSERT_FALSE(message);
    EXPECT_EQ(message.error().code, ErrorCode::Invalid);
    EXPECT_EQ(ann->correct("x9", "something").error().code, ErrorCode::NotFound);
    EXPECT_EQ(ann->correct("f999999", "something").error().code, ErrorCode::NotFound);
}
