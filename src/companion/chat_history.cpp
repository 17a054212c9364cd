// Forgetting from the line history: the file, and the front end's live copy.
#include "companion/chat_history.h"

#include <mutex>
#include <string>

#include "core/files.h"

namespace os1::companion {

namespace {

std::mutex g_live_mutex;
LiveHistory g_live;

}  // namespace

std::filesystem::path chat_history_path(const std::filesystem::path& data_dir) { return data_dir / "chat_history"; }

bool is_forget_line(std::string_view line) {
    auto a = line.find_first_not_of(" \t");
    return a != std::string_view::npos && line.substr(a).starts_with("/forget");
}

void set_live_history(LiveHistory live) {
    std::lock_guard lock(g_live_mutex);
    g_live = std::move(live);
}

Result<int> forget_history_lines(const std::filesystem::path& file, const std::function<bool(std::string_view)>& drop) {
    {
        // This process's history first (a chat in progress would otherwise
        // offer the words again with the up arrow).
        std::lock_guard lock(g_live_mutex);
        if (g_live) g_live(drop);
    }
    if (file.empty()) return 0;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return 0;
    auto text = TRY(read_file(file));
    std::string kept;
    int removed = 0;
    size_t start = 0;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string_view line(text.data() + start, end - start);
        if (drop(line) || is_forget_line(line)) removed++;
        else kept.append(line).push_back('\n');
        start = end + 1;
    }
    if (removed) TRY(write_file_atomic(file, kept));
    TRY(make_private(file));
    return removed;
}

}  // namespace os1::companion
