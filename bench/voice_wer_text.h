// Word error rate and the text normalisation both sides of a comparison
// get (bench/voice_wer.cpp, voice_roundtrip.cpp, voice_latency.cpp): lower
// case, punctuation dropped (apostrophes inside words kept), numbers
// spelled out, and the spellings that say the same words made one:
// contractions spelled out ("I'm" -> "i am", "don't" -> "do not", "let's"
// -> "let us"; "he's" is always "he is"), "alright" -> "all right",
// "cannot" -> "can not", "okay" -> "ok". The same function runs on the
// reference and on the transcript, so a recogniser that writes "I'm" for
// "I am" is not counted wrong, and one that writes "I'm" for "I" still is.
#pragma once

#include <algorithm>
#include <utility>
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

// A contraction or variant spelling as its words ("" when `w` is none).
inline std::string_view spelled_out(std::string_view w) {
    static const std::pair<std::string_view, std::string_view> FORMS[] = {
        {"i'm", "i am"}, {"you're", "you are"}, {"we're", "we are"}, {"they're", "they are"}, {"he's", "he is"},
        {"she's", "she is"}, {"it's", "it is"}, {"that's", "that is"}, {"what's", "what is"}, {"there's", "there is"},
        {"here's", "here is"}, {"who's", "who is"}, {"let's", "let us"}, {"i've", "i have"}, {"you've", "you have"},
        {"we've", "we have"}, {"they've", "they have"}, {"i'll", "i will"}, {"you'll", "you will"},
        {"we'll", "we will"}, {"he'll", "he will"}, {"she'll", "she will"}, {"they'll", "they will"},
        {"it'll", "it will"}, {"i'd", "i would"}, {"you'd", "you would"}, {"he'd", "he would"},
        {"she'd", "she would"}, {"we'd", "we would"}, {"they'd", "they would"}, {"don't", "do not"},
        {"doesn't", "does not"}, {"didn't", "did not"}, {"can't", "can not"}, {"cannot", "can not"},
        {"won't", "will not"}, {"isn't", "is not"}, {"aren't", "are not"}, {"wasn't", "was not"},
        {"weren't", "were not"}, {"haven't", "have not"}, {"hasn't", "has not"}, {"hadn't", "had not"},
        {"wouldn't", "would not"}, {"couldn't", "could not"}, {"shouldn't", "should not"},
        {"alright", "all right"}, {"okay", "ok"},
    };
    for (const auto& [form, words] : FORMS)
        if (w == form) return words;
    return {};
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
        } else if (auto spelled = spelled_out(w); !spelled.empty()) {
            std::istringstream parts{std::string(spelled)};
            for (std::string s; parts >> s;) words.push_back(s);
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
