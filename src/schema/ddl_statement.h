#pragma once
// A first look at a QUERY event's text: is it a schema change, and which table does it name?
// (The full DDL interpreter that keeps schema history belongs to the schema tracker.)

#include <string>
#include <string_view>

namespace b2k::schema {

struct DdlClassification {
    bool is_schema_change = false;  // CREATE/ALTER/DROP/RENAME/TRUNCATE of tables or databases
    std::string db;                 // qualifier named in the statement ("" if none)
    std::string table;              // first table named ("" for database statements)
};

DdlClassification classify_ddl(std::string_view query);

}  // namespace b2k::schema
