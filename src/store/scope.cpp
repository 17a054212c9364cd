// One owner's view of a database (scope.h).
#include "store/scope.h"

#include "core/text.h"

namespace os1::store {

Result<void> check_owner(std::string_view owner) {
    if (owner.empty()) return Error::invalid("an owner id cannot be empty");
    if (owner.size() > MAX_OWNER_BYTES)
        return Error::invalid("an owner id is at most ", MAX_OWNER_BYTES, " bytes (this one has ", owner.size(), ")");
    if (!is_valid_utf8(owner)) return Error::invalid("an owner id must be valid UTF-8");
    for (char ch : owner) {
        auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c == 0x7f) return Error::invalid("an owner id cannot contain control characters");
    }
    if (owner.front() == ' ' || owner.back() == ' ') return Error::invalid("an owner id cannot begin or end with a space");
    return ok();
}

Result<OwnerScope> OwnerScope::open(Database& db, std::string_view owner) {
    TRY(check_owner(owner));
    return OwnerScope(&db, std::string(owner));
}

namespace {

Result<Statement> bind_owner(Statement st, std::string_view sql, const std::string& owner) {
    int index = st.parameter_index(":owner");
    if (index == 0)
        return Error::internal("a statement for one owner must name :owner (", sql.substr(0, 60), ")");
    st.bind_kept(index, owner);
    return st;
}

}  // namespace

Result<Statement> OwnerScope::prepare(std::string_view sql) { return bind_owner(TRY(m_db->prepare(sql)), sql, m_owner); }

Result<Statement> OwnerScope::prepare_cached(std::string_view sql) {
    return bind_owner(TRY(m_db->prepare_cached(sql)), sql, m_owner);
}

}  // namespace os1::store
