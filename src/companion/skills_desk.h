// The skills one owner's desk holds, registered in one place: reminders
// here, and the calendar, mail and letters skills as they arrive (each one
// line in build_desk). Home builds the desk on first use and asks it on
// every turn (after crisis care, before the brain).
//
// Where: <the owner's data folder>/skills/ (0700): skills.db (the ledger,
// reminders, check-ins; 0600) and each skill's own files. The local
// owner's is <data>/skills, another owner's <data>/people/<owner>/skills,
// so no person's skills can reach another's.
// Time zone: config `[time] zone = "Europe/Paris"` (env OS1_TIME_ZONE);
// unset, the machine's own.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "companion/owner_files.h"
#include "core/config.h"
#include "skills/desk.h"

namespace os1::companion {

std::filesystem::path skills_dir(const OwnerFiles& files);

// The person's IANA zone name from config ("" = the machine's).
std::string person_time_zone(const Config& config);

// The desk for `owner`, every skill registered (opens skills.db).
// `first`: skills asked before the others (Home lends the letters skill
// its brain and memory; it goes first so that, while a letter is being
// written, its words reach no other skill).
Result<std::unique_ptr<skills::Desk>> build_desk(const OwnerFiles& files, const std::string& owner,
                                                 std::vector<std::unique_ptr<skills::Skill>> first = {});

}  // namespace os1::companion
