// Which recalled memory answers a question, for the none brain. A memory is
// used only when it shares the question's key words: every name the
// question has ("Rachel"), else at least one of the people or pets it asks
// about ("sister"), else at least one other key word ("live", "work").
//
//   Terms q = key_terms("Where does Rachel live?");      // anchors {rachel}, words {rachel, live}
//   Match m = match(q, "My sister Rachel lives in Boston.");  // m.anchors 1, m.others 1: answers it
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace os1::companion {

struct Terms {
    std::vector<std::string> words;    // canonical key words (stems, synonyms folded: job/work, scared/afraid)
    std::vector<std::string> anchors;  // names and relations among them ("rachel", "sister")
    std::vector<std::string> names;    // the names among the anchors
};

// Key words of a question or memory: stop words, question words and "name"
// dropped, the rest stemmed ("lives" -> "liv", "job" -> "work").
Terms key_terms(std::string_view text);

// The message's key words as a search query, with their plain stems and
// synonyms ("What am I scared of?" -> "scared afraid fear ..."), so recall
// finds "I'm afraid of heights" and not the talk around the question.
// Empty when the message has no key words.
std::string focused_query(std::string_view text);

struct Match {
    int anchors = 0;  // question anchors found in the memory
    int others = 0;   // other question key words found in it
    bool related() const { return anchors + others > 0; }
};

// How a memory's text meets a question. Unrelated (all zero) when the
// question names someone the memory does not mention.
Match match(const Terms& question, std::string_view memory_text);

}  // namespace os1::companion
