// Internal to the tokenizer: two open-addressing hash tables sized for
// vocabularies of 150k+ entries. A node-based std::unordered_map spends
// 40-60 bytes per entry on nodes and buckets; these hold 4 (text index) and
// 16 (merge table) bytes per slot at a load of at most 1/2, which is what
// keeps a 152k-token vocabulary (Qwen, Llama 3) to a few MiB of memory.
// Both are built once and then only read (any number of threads).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace os1::engine::detail {

// Slots for n entries: a power of two, at least twice n.
inline size_t table_slots(size_t n) {
    size_t slots = 16;
    while (slots < 2 * n) slots *= 2;
    return slots;
}

// Token text -> id. Holds only ids; the texts stay in the vocabulary the
// caller passes to every call (it must not change after build()).
class TokenIndex {
public:
    // Every token of `tokens`; a text that occurs twice maps to its last id
    // (as llama.cpp's vocabulary map does).
    void build(const std::vector<std::string>& tokens) {
        m_slots.assign(table_slots(tokens.size()), -1);
        m_mask = m_slots.size() - 1;
        for (size_t i = 0; i < tokens.size(); ++i) {
            size_t s = std::hash<std::string_view>{}(tokens[i]) & m_mask;
            while (m_slots[s] >= 0 && tokens[static_cast<size_t>(m_slots[s])] != tokens[i]) s = (s + 1) & m_mask;
            m_slots[s] = static_cast<int32_t>(i);
        }
    }
    std::optional<int32_t> find(const std::vector<std::string>& tokens, std::string_view text) const {
        if (m_slots.empty()) return std::nullopt;
        for (size_t s = std::hash<std::string_view>{}(text) & m_mask;; s = (s + 1) & m_mask) {
            const int32_t id = m_slots[s];
            if (id < 0) return std::nullopt;
            if (tokens[static_cast<size_t>(id)] == text) return id;
        }
    }

private:
    std::vector<int32_t> m_slots;  // token id, -1 = empty
    size_t m_mask = 0;
};

// (left id << 32 | right id) -> (rank, merged id). Keys are pairs of
// non-negative ids, so all-ones marks an empty slot.
class MergeTable {
public:
    using Value = std::pair<int32_t, int32_t>;
    void reserve(size_t n) {
        m_keys.assign(table_slots(n), EMPTY);
        m_values.assign(m_keys.size(), Value{-1, -1});
        m_mask = m_keys.size() - 1;
    }
    // Keeps the first value given for a key (the lowest rank). reserve()
    // must have made room for every key inserted.
    void insert(uint64_t key, Value value) {
        size_t s = slot(key);
        while (m_keys[s] != EMPTY && m_keys[s] != key) s = (s + 1) & m_mask;
        if (m_keys[s] == EMPTY) {
            m_keys[s] = key;
            m_values[s] = value;
        }
    }
    const Value* find(uint64_t key) const {
        if (m_keys.empty()) return nullptr;
        for (size_t s = slot(key);; s = (s + 1) & m_mask) {
            if (m_keys[s] == key) return &m_values[s];
            if (m_keys[s] == EMPTY) return nullptr;
        }
    }

private:
    static constexpr uint64_t EMPTY = ~uint64_t{0};
    size_t slot(uint64_t key) const { return static_cast<size_t>((key * 0x9E3779B97F4A7C15ull) >> 32) & m_mask; }
    std::vector<uint64_t> m_keys;
    std::vector<Value> m_values;
    size_t m_mask = 0;
};

}  // namespace os1::engine::detail
