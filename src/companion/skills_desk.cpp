// Registration of the skills, in the order the desk asks them.
#include "companion/skills_desk.h"

#include "skills/calendar/calendar_skill.h"
#include "skills/reminders.h"

namespace os1::companion {

std::filesystem::path skills_dir(const OwnerFiles& files) { return files.data_dir / "skills"; }

std::string person_time_zone(const Config& config) { return config.get_string("time.zone", ""); }

Result<std::unique_ptr<skills::Desk>> build_desk(const OwnerFiles& files, const std::string& owner,
                                                 std::vector<std::unique_ptr<skills::Skill>> first) {
    auto desk = TRY(skills::Desk::open(skills_dir(files), owner));
    for (auto& skill : first) desk->add(std::move(skill));
    desk->add(std::make_unique<skills::RemindersSkill>(desk->ledger()));
    desk->add(calendar::make_calendar_skill());
    // The mail and letters skills are added here.
    return desk;
}

}  // namespace os1::companion
