// Memory's internals shared by its .cpp files (not part of the contract).
#pragma once

#include <mutex>
#include <set>

#include "memory/memory.h"
#include "store/database.h"
#include "store/scope.h"

namespace os1::memory {

// The schema, one migration per version (schema.cpp).
std::span<const store::Migration> migrations();

struct Memory::Impl {
    std::unique_ptr<store::Database> conn;  // transactions and maintenance only
    // Every query goes through the owner's scope: a statement without
    // :owner is refused (store/scope.h), so no query sees another person.
    std::optional<store::OwnerScope> db;
    MemoryOptions options;
    std::mutex mutex;  // guards everything below and every use of conn/db
    std::shared_ptr<Embedder> embedder;
    ExtraExtractor extra_extractor;
    std::set<std::string> speakers;  // lowercased names seen (speaker-aware recall)

    bool is_assistant(const std::string& speaker) const;
    // Inside a transaction: stores one episode and its facts.
    Result<AddResult> add_locked(const Episode& episode);
    Result<int64_t> store_fact(Fact fact, int64_t episode_id, std::vector<int64_t>& superseded);
    Result<std::vector<std::string>> fact_sources(int64_t fact_id);
    Result<std::vector<std::string>> note_sources(int64_t note_id);
    Result<Fact> read_fact(store::Statement& st);
    Result<std::vector<Hit>> search_locked(const std::string& query, int k, const SearchOptions& options);
    // All scopes, or only these ("session:x", "profile:user:relation"):
    // after a forget the scopes that cited it are rebuilt without it.
    Result<ReflectResult> reflect_locked(const std::set<std::string>* only = nullptr);
    Result<ForgetReport> forget_locked(const std::string& ref);
    Result<std::string> export_locked();
    Result<void> load_speakers();
};

// Deletes a summary/profile entry and its FTS row (its sources cascade).
Result<void> delete_note(store::OwnerScope& db, int64_t id);

// "e12" for an episode without an external id, else the external id.
std::string source_ref(int64_t episode_id, std::string_view external_id);
FactKind fact_kind_from_name(std::string_view name);

}  // namespace os1::memory
