#include "test_support.h"

#include <sys/wait.h>

#include <cstdio>
#include <fstream>
#include <sstream>

namespace os1::test {

CommandResult run_command(const std::string& command) {
    CommandResult r;
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe) return r;
    char buf[4096];
    size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) r.out.append(buf, n);
    int status = ::pclose(pipe);
    r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return r;
}

static std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

CommandResult run_os1(const std::string& args, const std::filesystem::path& home, const std::string& stdin_text) {
    std::string input = "/dev/null";
    if (!stdin_text.empty()) {
        input = (home / ".stdin").string();
        std::filesystem::create_directories(home);
        std::ofstream(input) << stdin_text;
    }
    return run_command("OS1_HOME=" + quote(home.string()) + " " + quote(OS1_BINARY) + " " + args + " < " + quote(input) + " 2>&1");
}

std::vector<Json> json_lines(const std::string& out) {
    std::vector<Json> v;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);)
        if (!line.empty() && line[0] == '{')
            if (auto j = parse_json(line)) v.push_back(*j);
    return v;
}

}  // namespace os1::test
