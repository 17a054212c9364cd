// Word error rate and the text normalisation both sides of a comparison
// get (bench/voice_wer.cpp): lower case, punctuation dropped (apostrophes
// inside words kept), numbers spelled out.
#pragma once

#include <algorithm>
#include <cctype>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace os1::bench {

// 0..999999 in words: "1990" -> "one thousand nine hundred ninety".
inline std::string number_words(long n) {
    static const char* ONES[] = {"zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                 "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen",
                                 "seventeen", "eighteen", "nineteen"};
    static const char* TENS[] = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};
    if (n < 20) return ONES[n];
    if (n < 100) return std::string(TENS[n / 10]) + (n % 10 ? std::string(" ") + ONES[n % 10] : "");
    if (n < 1000) return std::string(ONES[n / 100]) + " hundred" + (n % 100 ? " " + number_words(n % 100) : "");
    return number_words(n / 1000) + " thousand" + (n % 1000 ? " " + number_words(n % 1000) : "");
}

inline std::vector<std::string> normalise_words(std::string_view text) {
    std::string clean;
    for (char c : text) {
        unsigned char u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '\'') clean.push_back(static_cast<char>(std::tolower(u)));
        else clean.push_back(' ');
    }
    std::vector<std::string> words;
    std::istringstream in(clean);
    for (std::string w; in >> w;) {
        while (!w.empty() && w.front() == '\'') w.erase(w.begin());
        while (!w.empty() && w.back() == '\'') w.pop_back();
        if (w.empty()) continue;
        if (std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }) &&
            w.size() <= 6) {
            std::istringstream spelled(number_words(std::stol(w)));
            for (std::string s; spelled >> s;) words.push_back(s);
        } else {
            words.push_back(w);
        }
    }
    return words;
}

// Substitutions + deletions + insertions turning `ref` into `hyp`.
inline int word_errors(const std::vector<std::string>& ref, const std::vector<std::string>& hyp) {
    std::vector<int> prev(hyp.size() + 1), cur(hyp.size() + 1);
    for (size_t j = 0; j <= hyp.size(); ++j) prev[j] = static_cast<int>(j);
    for (size_t i = 1; i <= ref.size(); ++i) {
        cur[0] = static_cast<int>(i);
        for (size_t j = 1; j <= hyp.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ref[i - 1] == hyp[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[hyp.size()];
}

}  // namespace os1::bench
