// LoCoMo evidence recall for os1 memory. For each conversation: convert it to
// the import JSONL (id = dia_id, time = the session's date, a shared photo's
// caption appended to the turn), import it into a fresh store through
// Memory::import_jsonl (the code path of `os1 memory import`), ask every
// question of categories 1-4 with Memory::search (the path of `os1 memory
// search`), and score evidence recall@5/@10: the fraction of a question's
// evidence turns among the first k distinct source ids, in rank order.
//
//   memory_locomo [--data DIR] [--reflect] [--cli PATH_TO_OS1] [--misses N] [--dump FILE] [--hard] [--explain TEXT]
//                 [--loo [--grid "W1;W2;..."]]
//
// --hard asks every question without its rarest word (see without_rarest_word).
//
// --loo: leave-one-conversation-out. Every setting of a grid of ranking
// weights (OS1_RECALL_WEIGHTS syntax, ';' between settings) is scored on
// every conversation; for each conversation the setting best on the OTHER
// conversations (by recall@5 + recall@10) is chosen and measured on the held-out
// one. The held-out figures are what to expect on unseen conversations.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "core/files.h"
#include "cpu_time.h"
#include "core/json.h"
#include "memory/memory.h"
#include "memory/text.h"

namespace fs = std::filesystem;
using namespace os1;

namespace {

std::string trim(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.erase(s.begin());
    return s;
}

std::vector<std::string> evidence_ids(const Json& q) {
    std::vector<std::string> out;
    for (auto& e : q["evidence"]) {
        if (!e.is_string()) continue;
        std::stringstream in(e.get<std::string>());
        std::string part;
        while (std::getline(in, part, ';')) {
            part = trim(part);
            if (!part.empty() && std::find(out.begin(), out.end(), part) == out.end()) out.push_back(part);
        }
    }
    return out;
}

// Writes the conversation as import JSONL; returns the number of turns.
int write_jsonl(const Json& conv, const fs::path& file) {
    std::ofstream out(file);
    int n = 0;
    for (int s = 1;; s++) {
        std::string key = "session_" + std::to_string(s);
        if (!conv.contains(key)) {
            if (s > 60) break;
            continue;
        }
        std::string when = conv.value(key + "_date_time", "");
        for (auto& turn : conv[key]) {
            std::string text = turn.value("text", "");
            if (turn.contains("blip_caption") && turn["blip_caption"].is_string())
                text += " [shared a photo: " + turn["blip_caption"].get<std::string>() + "]";
            Json line{{"id", turn.value("dia_id", "")}, {"speaker", turn.value("speaker", "")}, {"text", text},
                      {"time", when}, {"session", key}};
            out << dump_json(line) << "\n";
            n++;
        }
    }
    return n;
}

// --hard: the question without its rarest content word (fewest turns of the
// conversation contain it; names of the speakers kept). It stands in for
// questions worded unlike the turn that answers them, as on conversations we
// have not seen: what is left must be found by the other signals.
std::string without_rarest_word(const std::string& question, const Json& conv) {
    std::map<std::string, int> df;
    std::set<std::string> names;
    for (auto& [key, turns] : conv.items()) {
        if (!turns.is_array()) continue;
        for (auto& turn : turns) {
            names.insert(memory::tokenize(turn.value("speaker", "")).empty() ? "" : memory::tokenize(turn.value("speaker", ""))[0].lower);
            std::set<std::string> seen;
            for (auto& t : memory::tokenize(turn.value("text", ""))) seen.insert(t.lower);
            for (auto& w : seen) df[w]++;
        }
    }
    auto tokens = memory::tokenize(question);
    std::string rarest;
    int best = 1 << 30;
    for (auto& t : tokens) {
        if (memory::is_stopword(t.lower) || names.count(t.lower) || t.lower.size() < 3) continue;
        int f = df.count(t.lower) ? df[t.lower] : 0;
        if (f > 0 && f < best) best = f, rarest = t.lower;
    }
    if (rarest.empty()) return question;
    std::string out;
    for (auto& t : tokens)
        if (t.lower != rarest) out += (out.empty() ? "" : " ") + t.orig;
    return out + "?";
}

std::string shell_quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
        if (c == '\'') out += "'\\''";
        else out += c;
    }
    return out + "'";
}

std::vector<std::string> cli_sources(const std::string& os1, const fs::path& home, const std::string& question, int k) {
    std::string cmd = "OS1_HOME=" + shell_quote(home.string()) + " " + shell_quote(os1) + " memory search " +
                      shell_quote(question) + " -k " + std::to_string(k) + " --json";
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
        pclose(p);
    }
    std::vector<std::string> ids;
    auto j = parse_json(out);
    if (!j || !j->is_array()) return ids;
    for (auto& h : *j)
        for (auto& s : h["sources"]) ids.push_back(s.get<std::string>());
    return ids;
}

struct Question {
    int cat = 0;
    std::string text;
    std::vector<std::string> evidence;
};

struct Conversation {
    std::string name;
    std::unique_ptr<memory::Memory> mem;
    std::vector<Question> questions;
};

// Fraction of the evidence among the first k distinct source ids.
double recall_at(const std::vector<std::string>& ranked, const std::vector<std::string>& evidence, size_t k) {
    int found = 0;
    auto end = ranked.begin() + std::min(k, ranked.size());
    for (auto& e : evidence) found += std::find(ranked.begin(), end, e) != end;
    return static_cast<double>(found) / evidence.size();
}

// Sums of recall@5/@10 per category (index 0 = all) for one conversation.
struct Sums {
    double r5[5] = {}, r10[5] = {};
    int n[5] = {};
};

Sums score_conversation(Conversation& c) {
    Sums s;
    for (auto& q : c.questions) {
        auto hits = c.mem->search(q.text, 50);
        std::vector<std::string> ranked;
        if (hits)
            for (auto& h : *hits)
                for (auto& id : h.sources)
                    if (std::find(ranked.begin(), ranked.end(), id) == ranked.end()) ranked.push_back(id);
        double r5 = recall_at(ranked, q.evidence, 5), r10 = recall_at(ranked, q.evidence, 10);
        for (int i : {0, q.cat}) {
            s.r5[i] += r5;
            s.r10[i] += r10;
            s.n[i]++;
        }
    }
    return s;
}

// The default grid: the weights that matter most, around their defaults
// (time questions, replies to a matched question, speaker, neighbours).
std::vector<std::string> default_grid() {
    std::vector<std::string> grid;
    for (const char* temporal : {"1.1", "2.0"})
        for (const char* reply : {"0.3", "0.6"})
            for (const char* speaker : {"1.5", "2.0"})
                for (const char* nb : {"0.3", "0.5"})
                    grid.push_back(str("temporal=", temporal, ",reply=", reply, ",speaker=", speaker, ",nb=", nb));
    return grid;
}

void leave_one_out(std::vector<Conversation>& convs, const std::vector<std::string>& grid) {
    // table[g][c]: the sums of setting g on conversation c.
    std::vector<std::vector<Sums>> table(grid.size());
    for (size_t g = 0; g < grid.size(); g++) {
        ::setenv("OS1_RECALL_WEIGHTS", grid[g].c_str(), 1);
        for (auto& c : convs) table[g].push_back(score_conversation(c));
    }
    ::unsetenv("OS1_RECALL_WEIGHTS");
    for (size_t g = 0; g < grid.size(); g++) {
        Sums all;
        for (auto& s : table[g])
            for (int i = 0; i < 5; i++) all.r5[i] += s.r5[i], all.r10[i] += s.r10[i], all.n[i] += s.n[i];
        std::printf("setting %-44s all %.3f / %.3f", grid[g].c_str(), all.r5[0] / all.n[0], all.r10[0] / all.n[0]);
        for (int i = 1; i < 5; i++) std::printf("  c%d %.3f / %.3f", i, all.r5[i] / std::max(all.n[i], 1), all.r10[i] / std::max(all.n[i], 1));
        std::printf("\n       ");
        for (size_t c = 0; c < convs.size(); c++)
            std::printf("  %s %.3f / %.3f", convs[c].name.c_str(), table[g][c].r5[0] / std::max(table[g][c].n[0], 1),
                        table[g][c].r10[0] / std::max(table[g][c].n[0], 1));
        std::printf("\n");
    }
    std::printf("\nLeave-one-conversation-out over %zu weight settings\n", grid.size());
    std::printf("| held out | chosen on the others | held-out recall@5 | held-out recall@10 |\n|---|---|---|---|\n");
    Sums total;
    for (size_t c = 0; c < convs.size(); c++) {
        size_t best = 0;
        double best10 = -1, best5 = -1;
        for (size_t g = 0; g < grid.size(); g++) {
            double r5 = 0, r10 = 0;
            int n = 0;
            for (size_t o = 0; o < convs.size(); o++) {
                if (o == c && convs.size() > 1) continue;
                r5 += table[g][o].r5[0];
                r10 += table[g][o].r10[0];
                n += table[g][o].n[0];
            }
            r5 /= std::max(n, 1);
            r10 /= std::max(n, 1);
            if (r5 + r10 > best10 + best5 + 1e-12) {
                best = g;
                best10 = r10;
                best5 = r5;
            }
        }
        const Sums& h = table[best][c];
        for (int i = 0; i < 5; i++) {
            total.r5[i] += h.r5[i];
            total.r10[i] += h.r10[i];
            total.n[i] += h.n[i];
        }
        std::printf("| %s | %s | %.3f | %.3f |\n", convs[c].name.c_str(), grid[best].c_str(), h.r5[0] / h.n[0],
                    h.r10[0] / h.n[0]);
    }
    static const char* NAMES[5] = {"**all (held out)**", "1 multi-hop", "2 temporal", "3 open-domain", "4 single-hop"};
    std::printf("\n| category | questions | held-out recall@5 | held-out recall@10 |\n|---|---|---|---|\n");
    for (int i : {1, 2, 3, 4, 0})
        if (total.n[i])
            std::printf("| %s | %d | %.3f | %.3f |\n", NAMES[i], total.n[i], total.r5[i] / total.n[i],
                        total.r10[i] / total.n[i]);
    // The best setting on all conversations at once (in-sample, for reference).
    size_t best = 0;
    double best_sum = -1, best5 = 0, best10 = 0;
    for (size_t g = 0; g < grid.size(); g++) {
        double r5 = 0, r10 = 0;
        int n = 0;
        for (auto& s : table[g]) r5 += s.r5[0], r10 += s.r10[0], n += s.n[0];
        if ((r5 + r10) / n > best_sum) best_sum = (r5 + r10) / n, best = g, best5 = r5 / n, best10 = r10 / n;
    }
    std::printf("\nbest on all (in-sample): %s recall@5 %.3f, recall@10 %.3f\n", grid[best].c_str(), best5, best10);
}

}  // namespace

int main(int argc, char** argv) {
    fs::path data = fs::path(OS1_SHARED_DIR) / "data" / "locomo-dev";
    bool reflect = false;
    std::string cli;
    int misses = 0;
    int hits_asked = 50;
    bool loo = false, hard = false;
    std::string explain;  // --explain TEXT: the top hits, scores and texts of questions containing TEXT
    FILE* dump = nullptr;  // --dump FILE: one line per question (conversation, category, recall@5, recall@10, question)
    std::vector<std::string> grid;
    for (int i = 1; i < argc; i++) {
        std::string a = argv[i];
        if (a == "--data" && i + 1 < argc) data = argv[++i];
        else if (a == "--reflect") reflect = true;
        else if (a == "--cli" && i + 1 < argc) cli = argv[++i];
        else if (a == "--misses" && i + 1 < argc) misses = std::atoi(argv[++i]);
        else if (a == "--loo") loo = true;
        else if (a == "--hard") hard = true;
        else if (a == "--explain" && i + 1 < argc) explain = argv[++i];
        else if (a == "--dump" && i + 1 < argc) dump = std::fopen(argv[++i], "w");
        else if (a == "--grid" && i + 1 < argc) {
            std::stringstream in(argv[++i]);
            std::string item;
            while (std::getline(in, item, ';'))
                if (!trim(item).empty()) grid.push_back(trim(item));
        } else {
            std::fprintf(stderr, "usage: memory_locomo [--data DIR] [--reflect] [--cli OS1] [--misses N] [--dump FILE] [--hard] [--explain TEXT] [--loo [--grid \"W1;W2\"]]\n");
            return 2;
        }
    }
    std::vector<fs::path> files;
    std::error_code ec;
    for (auto& e : fs::directory_iterator(data, ec))
        if (e.path().extension() == ".json") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) {
        std::fprintf(stderr, "no LoCoMo .json files in %s\n", data.c_str());
        return 1;
    }
    fs::path tmp = fs::temp_directory_path() / ("os1-locomo-" + std::to_string(::getpid()));
    fs::create_directories(tmp);
    std::map<int, std::pair<double, double>> by_cat;
    std::map<int, int> n_cat;
    double sum5 = 0, sum10 = 0, cli_agree = 0;
    int n_q = 0, n_cli = 0, n_turns = 0, shown = 0;
    double ingest_s = 0, search_s = 0, search_cpu_s = 0;
    std::string per_conv;
    std::vector<Conversation> convs;
    for (auto& file : files) {
        auto text = read_file(file);
        if (!text) {
            std::fprintf(stderr, "%s\n", text.error().message.c_str());
            return 1;
        }
        auto doc = parse_json(*text, file.string());
        if (!doc) {
            std::fprintf(stderr, "%s\n", doc.error().message.c_str());
            return 1;
        }
        Json samples = doc->is_array() ? *doc : Json::array({*doc});
        for (auto& sample : samples) {
            std::string name = sample.value("sample_id", "conv");
            fs::path home = tmp / name;
            fs::create_directories(home / "data");
            fs::path jsonl = tmp / (name + ".jsonl");
            n_turns += write_jsonl(sample["conversation"], jsonl);
            auto mem = memory::Memory::open_at(home / "data" / "os1.db");
            if (!mem) {
                std::fprintf(stderr, "%s\n", mem.error().message.c_str());
                return 1;
            }
            auto t0 = std::chrono::steady_clock::now();
            auto report = (*mem)->import_jsonl(jsonl);
            if (!report) {
                std::fprintf(stderr, "%s\n", report.error().message.c_str());
                return 1;
            }
            if (reflect) (void)(*mem)->reflect();
            ingest_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            double conv5 = 0, conv10 = 0;
            int conv_n = 0;
            for (auto& q : sample["qa"]) {
                int cat = q.value("category", 0);
                if (cat < 1 || cat > 4) continue;
                auto evidence = evidence_ids(q);
                if (evidence.empty()) continue;
                std::string question = q.value("question", "");
                if (hard) question = without_rarest_word(question, sample["conversation"]);
                auto t1 = std::chrono::steady_clock::now();
                double c1 = cpu_seconds();
                auto hits = (*mem)->search(question, hits_asked);
                search_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t1).count();
                search_cpu_s += cpu_seconds() - c1;
                if (!hits) {
                    std::fprintf(stderr, "%s\n", hits.error().message.c_str());
                    return 1;
                }
                std::vector<std::string> ranked;
                for (auto& h : *hits)
                    for (auto& s : h.sources)
                        if (std::find(ranked.begin(), ranked.end(), s) == ranked.end()) ranked.push_back(s);
                auto recall = [&](size_t k) {
                    int found = 0;
                    for (auto& e : evidence)
                        if (std::find(ranked.begin(), ranked.begin() + std::min(k, ranked.size()), e) !=
                            ranked.begin() + std::min(k, ranked.size()))
                            found++;
                    return static_cast<double>(found) / evidence.size();
                };
                double r5 = recall(5), r10 = recall(10);
                sum5 += r5;
                sum10 += r10;
                conv5 += r5;
                conv10 += r10;
                conv_n++;
                by_cat[cat].first += r5;
                by_cat[cat].second += r10;
                n_cat[cat]++;
                n_q++;
                if (dump) std::fprintf(dump, "%s\t%d\t%.3f\t%.3f\t%s\n", name.c_str(), cat, r5, r10, question.c_str());
                if (r10 < 1.0 && shown < misses) {
                    shown++;
                    std::printf("MISS %s [cat %d] %s\n  evidence (rank):", name.c_str(), cat, question.c_str());
                    for (auto& e : evidence) {
                        auto at = std::find(ranked.begin(), ranked.end(), e);
                        if (at == ranked.end()) std::printf(" %s (-)", e.c_str());
                        else std::printf(" %s (%d)", e.c_str(), static_cast<int>(at - ranked.begin()) + 1);
                    }
                    std::printf("\n  top:");
                    for (size_t i = 0; i < ranked.size() && i < 10; i++) std::printf(" %s", ranked[i].c_str());
                    std::printf("\n");
                }
                if (!explain.empty() && question.find(explain) != std::string::npos) {
                    std::printf("EXPLAIN %s [cat %d] %s\n", name.c_str(), cat, question.c_str());
                    for (size_t i = 0; i < hits->size() && i < 15; i++)
                        std::printf("  %2zu %7.3f %s %s\n", i + 1, (*hits)[i].score,
                                    (*hits)[i].sources.empty() ? "-" : (*hits)[i].sources[0].c_str(),
                                    (*hits)[i].text.substr(0, 90).c_str());
                }
                if (!cli.empty()) {
                    auto via_cli = cli_sources(cli, home, question, hits_asked);
                    n_cli++;
                    std::vector<std::string> lib;
                    for (auto& h : *hits)
                        for (auto& s : h.sources) lib.push_back(s);
                    cli_agree += via_cli == lib;
                }
            }
            if (loo) {
                Conversation c;
                c.name = name;
                c.mem = std::move(*mem);
                for (auto& q : sample["qa"]) {
                    int cat = q.value("category", 0);
                    auto evidence = evidence_ids(q);
                    if (cat < 1 || cat > 4 || evidence.empty()) continue;
                    std::string question = q.value("question", "");
                    if (hard) question = without_rarest_word(question, sample["conversation"]);
                    c.questions.push_back({cat, question, std::move(evidence)});
                }
                convs.push_back(std::move(c));
            }
            per_conv += str(name, ": ", conv_n, " questions, recall@5 ", conv5 / conv_n, ", recall@10 ", conv10 / conv_n, "\n");
        }
    }
    if (dump) std::fclose(dump);
    std::printf("%s", per_conv.c_str());
    std::printf("\nLoCoMo evidence recall (%zu file(s), %d turns, %d questions of categories 1-4)%s\n", files.size(), n_turns,
                n_q, reflect ? " with reflection" : "");
    std::printf("| category | questions | recall@5 | recall@10 |\n|---|---|---|---|\n");
    static const char* NAMES[5] = {"", "1 multi-hop", "2 temporal", "3 open-domain", "4 single-hop"};
    for (auto& [cat, r] : by_cat)
        std::printf("| %s | %d | %.3f | %.3f |\n", NAMES[cat], n_cat[cat], r.first / n_cat[cat], r.second / n_cat[cat]);
    std::printf("| **all** | %d | **%.3f** | **%.3f** |\n", n_q, sum5 / n_q, sum10 / n_q);
    std::printf("\ningest %.0f messages/s (with extraction), search mean %.2f ms (CPU time %.2f ms)\n", n_turns / ingest_s,
                1000 * search_s / n_q, 1000 * search_cpu_s / n_q);
    if (!cli.empty()) std::printf("CLI agreement: %d/%d questions gave identical sources through `os1 memory search`\n",
                                  static_cast<int>(cli_agree), n_cli);
    if (loo) leave_one_out(convs, grid.empty() ? default_grid() : grid);
    convs.clear();
    fs::remove_all(tmp, ec);
    return 0;
}
