// Stop strings for streamed generation: text passes through as soon as it
// can no longer be the start of a stop string; once a stop string appears,
// the text before it is released and everything from it on is dropped.
//
//   StopMatcher m({"\nUser:"});
//   emit(m.push("Hello\nUs"));  // "Hello" ("\nUs" may start "\nUser:")
//   emit(m.push("er: hi"));     // "" and m.stopped() == true
//
// Pieces must be whole UTF-8 characters (StreamDecoder output); what is
// released then is too.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace os1::engine {

class StopMatcher {
public:
    explicit StopMatcher(std::vector<std::string> stops);

    // Adds generated text; returns the text that is now final.
    std::string push(std::string_view text);
    // The held-back text once generation ended without a stop string.
    std::string flush();

    bool stopped() const { return m_stopped; }
    const std::string& matched() const { return m_matched; }  // the stop string that fired

private:
    std::vector<std::string> m_stops;  // non-empty strings only
    std::string m_pending;             // text that might begin a stop string
    bool m_stopped = false;
    std::string m_matched;
};

}  // namespace os1::engine
