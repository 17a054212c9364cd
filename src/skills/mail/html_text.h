// HTML mail → the plain text a person sees. Block elements (p, div, br,
// li, tr, h1..h6) become line breaks, entities are decoded, and what a
// reader never sees is left out: comments, <script>, <style>, <head>, and
// elements hidden by their markup (hidden, display:none,
// visibility:hidden, opacity:0, font-size:0, white text on no or a white
// background). Hidden text is a classic way to slip instructions to a
// machine reader; what the person cannot see, the companion does not read.
//
// Linear in the input; open elements tracked to a bounded depth.
#pragma once

#include <string>
#include <string_view>

namespace os1::mail {

std::string html_to_text(std::string_view html);

}  // namespace os1::mail
