#include "mysql/column_definition.h"

namespace b2k::mysql {

Result<ColumnDefinition> parse_column_definition(wire::Bytes payload) {
    wire::ByteReader r(payload);
    ColumnDefinition c;
    const auto catalog = r.lenenc_str();
    c.schema = std::string(r.lenenc_str());
    c.table = std::string(r.lenenc_str());
    c.org_table = std::string(r.lenenc_str());
    c.name = std::string(r.lenenc_str());
    c.org_name = std::string(r.lenenc_str());
    const auto fixed_len = r.lenenc_int();
    B2K_TRY(r.status("column definition"));
    if (catalog != "def") {
        return failure(Errc::protocol, "column definition has catalog '" + std::string(catalog) +
                                           "' instead of 'def'");
    }
    if (fixed_len < 0x0c) {
        return failure(Errc::protocol, "column definition declares " + std::to_string(fixed_len) +
                                           " bytes of fixed fields (expected 12)");
    }
    wire::ByteReader fixed = r.sub(static_cast<std::size_t>(fixed_len));
    B2K_TRY(r.status("column definition"));
    c.character_set = fixed.u16le();
    c.column_length = fixed.u32le();
    c.type = fixed.u8();
    c.flags = fixed.u16le();
    c.decimals = fixed.u8();
    B2K_TRY(fixed.status("column definition"));
    return c;
}

}  // namespace b2k::mysql
