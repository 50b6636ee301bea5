#pragma once
// Temporal cells in row events (DATE, TIME, DATETIME, TIMESTAMP, YEAR; old and fsp formats):
// binary layout to a plain struct, and the struct to the text forms of DESIGN.md.
//
// Rendering (docs/value-encoding-temporal.md):
//   DATE       "2024-02-29"
//   DATETIME   "2024-02-29T13:45:01.250000"   exactly fsp fraction digits, no '.' when fsp = 0
//   TIMESTAMP  "2024-02-29T13:45:01.250000Z"  UTC, from epoch seconds
//   TIME       "-838:59:59.000000"            hours at least two digits
//   zero or invalid dates (a month or day of 0, a day past the month's end, the zero
//   TIMESTAMP) are flagged zero_or_invalid and become JSON null.
//
// Not handled: MariaDB's pre-10.1 "hires" TIME/DATETIME/TIMESTAMP with fractional seconds
// (written with mysql56_temporal_format=OFF under the old type codes 7/11/12); see
// decode_temporal(). With fsp 0 MariaDB writes the old formats, which are handled.

#include <cstddef>
#include <cstdint>
#include <string>

#include "binlog/column_type.h"
#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::binlog {

enum class TemporalKind : std::uint8_t { date, datetime, time, timestamp };

// One decoded temporal value. Allocation-free; every field is in range for its kind unless
// zero_or_invalid is set (then only the date fields may be out of calendar range).
struct Temporal {
    TemporalKind kind = TemporalKind::date;
    bool negative = false;           // TIME only: below zero (never set for a zero value)
    bool zero_or_invalid = false;    // "0000-00-00", month or day 0, Feb 30, TIMESTAMP 0: null
    std::uint32_t year = 0;          // 0..9999
    std::uint32_t month = 0;         // 1..12 (0 only when zero_or_invalid)
    std::uint32_t day = 0;           // 1..31 (0 only when zero_or_invalid)
    std::uint32_t hour = 0;          // 0..23; TIME: 0..838
    std::uint32_t minute = 0;        // 0..59
    std::uint32_t second = 0;        // 0..59
    std::uint32_t microsecond = 0;   // 0..999999
    std::uint32_t fsp = 0;           // fraction digits to print, 0..6
    std::int64_t epoch_seconds = 0;  // TIMESTAMP only: seconds since 1970-01-01 00:00:00 UTC
};

inline constexpr unsigned kMaxFsp = 6;

// Bytes of the fractional part that follows TIME2/DATETIME2/TIMESTAMP2: (fsp + 1) / 2.
constexpr std::size_t temporal_fraction_size(unsigned fsp) noexcept {
    return (fsp + 1) / 2;
}

// Bytes one value takes in a row image for a temporal column type (YEAR included) with its
// TABLE_MAP metadata (the fsp for the *2 types); 0 if `type` is not temporal or fsp > 6.
std::size_t temporal_binary_size(ColumnType type, std::uint16_t meta) noexcept;

// All decoders read exactly one value from `r`. Errors: truncated (the reader's sticky error)
// or bad_value for field values no server writes (month 13, minute 60, a negative DATETIME,
// fsp > 6, ...); on error the reader is marked failed.

// MYSQL_TYPE_DATE (10), also accepted for MYSQL_TYPE_NEWDATE (14), which servers do not put in
// TABLE_MAP events.
[[nodiscard]] Result<Temporal> decode_date(wire::ByteReader& r);
// MYSQL_TYPE_TIME (11), the pre-5.6.4 format.
[[nodiscard]] Result<Temporal> decode_time(wire::ByteReader& r);
// MYSQL_TYPE_DATETIME (12), the pre-5.6.4 format.
[[nodiscard]] Result<Temporal> decode_datetime(wire::ByteReader& r);
// MYSQL_TYPE_TIMESTAMP (7), the pre-5.6.4 format.
[[nodiscard]] Result<Temporal> decode_timestamp(wire::ByteReader& r);
// MYSQL_TYPE_TIMESTAMP2 (17).
[[nodiscard]] Result<Temporal> decode_timestamp2(wire::ByteReader& r, unsigned fsp);
// MYSQL_TYPE_DATETIME2 (18).
[[nodiscard]] Result<Temporal> decode_datetime2(wire::ByteReader& r, unsigned fsp);
// MYSQL_TYPE_TIME2 (19).
[[nodiscard]] Result<Temporal> decode_time2(wire::ByteReader& r, unsigned fsp);

// Dispatch on the TABLE_MAP column type and metadata, for types 7, 10, 11, 12, 14, 17, 18, 19.
// Metadata other than 0 for the old types 7/11/12 is Errc::unsupported (MySQL and MariaDB
// write none for them); a non-temporal type is Errc::internal (the caller's bug).
[[nodiscard]] Result<Temporal> decode_temporal(wire::ByteReader& r, ColumnType type,
                                               std::uint16_t meta);

// MYSQL_TYPE_YEAR (13): one byte, 0 is the year 0000, otherwise 1900 + v (1901..2155).
constexpr std::uint32_t year_from_byte(std::uint8_t v) noexcept {
    return v == 0 ? 0 : 1900U + v;
}
[[nodiscard]] Result<std::uint32_t> decode_year(wire::ByteReader& r);

// Appends the text form (no quotes) and returns true; appends nothing and returns false when
// t.zero_or_invalid.
bool append_temporal_text(const Temporal& t, std::string& out);
// Appends the JSON value: the text form in quotes, or null when t.zero_or_invalid.
void append_temporal_json(const Temporal& t, std::string& out);

}  // namespace b2k::binlog
