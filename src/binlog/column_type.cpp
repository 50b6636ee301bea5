#include "binlog/column_type.h"

namespace b2k::binlog {

std::string_view column_type_name(ColumnType t) noexcept {
    switch (t) {
        case ColumnType::MYSQL_TYPE_DECIMAL:
            return "DECIMAL";
        case ColumnType::MYSQL_TYPE_TINY:
            return "TINY";
        case ColumnType::MYSQL_TYPE_SHORT:
            return "SHORT";
        case ColumnType::MYSQL_TYPE_LONG:
            return "LONG";
        case ColumnType::MYSQL_TYPE_FLOAT:
            return "FLOAT";
        case ColumnType::MYSQL_TYPE_DOUBLE:
            return "DOUBLE";
        case ColumnType::MYSQL_TYPE_NULL:
            return "NULL";
        case ColumnType::MYSQL_TYPE_TIMESTAMP:
            return "TIMESTAMP";
        case ColumnType::MYSQL_TYPE_LONGLONG:
            return "LONGLONG";
        case ColumnType::MYSQL_TYPE_INT24:
            return "INT24";
        case ColumnType::MYSQL_TYPE_DATE:
            return "DATE";
        case ColumnType::MYSQL_TYPE_TIME:
            return "TIME";
        case ColumnType::MYSQL_TYPE_DATETIME:
            return "DATETIME";
        case ColumnType::MYSQL_TYPE_YEAR:
            return "YEAR";
        case ColumnType::MYSQL_TYPE_NEWDATE:
            return "NEWDATE";
        case ColumnType::MYSQL_TYPE_VARCHAR:
            return "VARCHAR";
        case ColumnType::MYSQL_TYPE_BIT:
            return "BIT";
        case ColumnType::MYSQL_TYPE_TIMESTAMP2:
            return "TIMESTAMP2";
        case ColumnType::MYSQL_TYPE_DATETIME2:
            return "DATETIME2";
        case ColumnType::MYSQL_TYPE_TIME2:
            return "TIME2";
        case ColumnType::MYSQL_TYPE_TYPED_ARRAY:
            return "TYPED_ARRAY";
        case ColumnType::MYSQL_TYPE_VECTOR:
            return "VECTOR";
        case ColumnType::MYSQL_TYPE_VARCHAR_COMPRESSED:
            return "VARCHAR_COMPRESSED";
        case ColumnType::MYSQL_TYPE_BLOB_COMPRESSED:
            return "BLOB_COMPRESSED";
        case ColumnType::MYSQL_TYPE_INVALID:
            return "INVALID";
        case ColumnType::MYSQL_TYPE_BOOL:
            return "BOOL";
        case ColumnType::MYSQL_TYPE_JSON:
            return "JSON";
        case ColumnType::MYSQL_TYPE_NEWDECIMAL:
            return "NEWDECIMAL";
        case ColumnType::MYSQL_TYPE_ENUM:
            return "ENUM";
        case ColumnType::MYSQL_TYPE_SET:
            return "SET";
        case ColumnType::MYSQL_TYPE_TINY_BLOB:
            return "TINY_BLOB";
        case ColumnType::MYSQL_TYPE_MEDIUM_BLOB:
            return "MEDIUM_BLOB";
        case ColumnType::MYSQL_TYPE_LONG_BLOB:
            return "LONG_BLOB";
        case ColumnType::MYSQL_TYPE_BLOB:
            return "BLOB";
        case ColumnType::MYSQL_TYPE_VAR_STRING:
            return "VAR_STRING";
        case ColumnType::MYSQL_TYPE_STRING:
            return "STRING";
        case ColumnType::MYSQL_TYPE_GEOMETRY:
            return "GEOMETRY";
    }
    return "UNKNOWN";
}

}  // namespace b2k::binlog
