#include "format/schema_change_encoder.h"

#include "format/json_writer.h"

namespace b2k::format {

void encode_schema_change(const binlog::StatementChange& st, const schema::DdlClassification& ddl,
                          DebeziumEncoder& encoder, std::string& out) {
    const std::string_view db = ddl_database(st, ddl);
    out.append("{\"op\":\"ddl\",\"db\":");
    append_json_string(out, db);
    out.append(",\"table\":");
    if (ddl.table.empty()) {
        out.append("null");
    } else {
        append_json_string(out, ddl.table);
    }
    out.append(",\"ddl\":");
    append_json_string(out, st.query.query);
    if (st.query.error_code != 0) {
        out.append(",\"error_code\":");
        append_int(out, st.query.error_code);
    }
    out.append(",\"source\":");
    encoder.encode_source(st.source, db, ddl.table, 0, "", out);
    out.push_back('}');
}

}  // namespace b2k::format
