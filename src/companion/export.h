// The person's complete data as one JSON document: `os1 memory export` and
// the server's GET /api/memory/export (both through Home::export_json).
// Memory's own document (memory/README.md: "format": "os1-memory",
// "version", "exported_at", "episodes", "facts", "notes", ...) with one
// section per store of the life skills (src/skills/README.md), each present
// (empty when the person never used it):
//   "owner":      the person's owner id
//   "reminders":  [reminder_json]: every status, newest first
//   "proposals":  [proposal_json]: everything a skill offered and what became of it
//   "checkins":   [{"reason","kind","text","sent"}]
//   "calendar":   {"calendars": [{"id","name","source","kind","events","added","refreshed","ics"}],
//                  "events": "<the person's own events as one VCALENDAR>" ("" when none)}
//   "mail":       {"messages": [{"id","message_id","from","to","cc","subject","date","imported","source"}]
//                  (metadata only: the bodies are other people's words, in the person's own mailbox),
//                  "outbox": [{"id","proposal_id","to","subject","body","status","created","sent","error"}],
//                  "account": {"smtp","imap","user","from","name","password": "sealed"|"none"} or null}
//                  (a password, sealed or not, never leaves: only whether one is kept)
//   "letters":    [letter_json with "body" and "deleted" when deleted,
//                  "versions": [{"title","body","saved"}]]
// Nothing is created: a store that is not there exports as empty. Every
// row comes through the owner's scope (skills.db, calendar.db) or the
// owner's own folder (mail.db, letters.db).
//
//   Json doc = TRY(export_person(memory, forget_places(files, owner)));
#pragma once

#include "companion/forget.h"
#include "core/json.h"
#include "memory/memory.h"

namespace os1::companion {

Result<Json> export_person(memory::Memory& memory, const ForgetPlaces& places);

}  // namespace os1::companion
