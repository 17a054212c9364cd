#include "core/result.h"

namespace os1 {

std::string_view error_code_name(ErrorCode code) {
    switch (code) {
        case ErrorCode::Invalid: return "invalid";
        case ErrorCode::NotFound: return "not found";
        case ErrorCode::Io: return "i/o";
        case ErrorCode::Corrupt: return "corrupt";
        case ErrorCode::Unsupported: return "unsupported";
        case ErrorCode::OutOfRange: return "out of range";
        case ErrorCode::Network: return "network";
        case ErrorCode::Cancelled: return "cancelled";
        case ErrorCode::Internal: return "internal";
    }
    return "unknown";
}

}  // namespace os1
