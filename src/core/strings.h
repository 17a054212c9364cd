// Small string helpers every module needs (they were copied file to file):
// ASCII whitespace trimming and ASCII lower case. Text from a person is
// UTF-8; these leave every byte >= 0x80 as it is.
//
//   trim("  hello \n") == "hello"        lower("Amy") == "amy"
#pragma once

#include <string>
#include <string_view>

namespace os1 {

// Without leading and trailing whitespace (space, \t, \n, \v, \f, \r).
std::string trim(std::string_view s);
// ASCII A-Z to a-z; other bytes unchanged.
std::string lower(std::string_view s);

}  // namespace os1
