#include "binlog/temporal.h"

#include <array>
#include <chrono>
#include <string_view>

namespace b2k::binlog {
namespace {

// Layouts: MySQL Internals Manual, "Date and Time Data Type Representation"
// (https://dev.mysql.com/doc/internals/en/date-and-time-data-type-representation.html), and
// for the fsp formats mysys/my_time.cc (my_datetime_packed_from_binary,
// my_time_packed_from_binary, my_timestamp_from_binary) in mysql-server.

constexpr std::uint32_t kMicrosPerSecond = 1'000'000;
constexpr std::uint32_t kMaxYear = 9999;
constexpr std::uint32_t kMaxTimeHour = 838;  // TIME range is -838:59:59 .. 838:59:59

bool is_leap(std::uint32_t y) noexcept {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

std::uint32_t days_in_month(std::uint32_t y, std::uint32_t m) noexcept {
    static constexpr std::array<std::uint32_t, 12> kDays = {31, 28, 31, 30, 31, 30,
                                                            31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : kDays[m - 1];
}

Result<Temporal> bad(wire::ByteReader& r, std::string_view what, std::string_view why) {
    r.fail();
    return failure(Errc::bad_value, std::string(what) + " value " + std::string(why) +
                                        ", which no server writes: the row image is corrupt or "
                                        "the column type in the TABLE_MAP is wrong");
}

Result<Temporal> bad_fsp(wire::ByteReader& r, std::string_view what, unsigned fsp) {
    r.fail();
    return failure(Errc::bad_value, std::string(what) +
                                        " column with fractional-second "
                                        "precision " +
                                        std::to_string(fsp) +
                                        " (allowed 0..6): the TABLE_MAP metadata is corrupt");
}

// Checks the fields of a date-bearing value (DATE, DATETIME): impossible fields are an error;
// a zero or calendar-invalid date (which MySQL stores under some sql_modes) is flagged.
Result<Temporal> finish_date(wire::ByteReader& r, std::string_view what, Temporal t) {
    if (t.year > kMaxYear) return bad(r, what, "has a year above 9999");
    if (t.month > 12) return bad(r, what, "has a month above 12");
    if (t.day > 31) return bad(r, what, "has a day above 31");
    if (t.hour > 23 || t.minute > 59 || t.second > 59) {
        return bad(r, what, "has a time of day past 23:59:59");
    }
    if (t.microsecond >= kMicrosPerSecond) return bad(r, what, "has a fraction of 1s or more");
    t.zero_or_invalid = t.month == 0 || t.day == 0 || t.day > days_in_month(t.year, t.month);
    return t;
}

Result<Temporal> finish_time(wire::ByteReader& r, std::string_view what, Temporal t) {
    if (t.hour > kMaxTimeHour) return bad(r, what, "has more than 838 hours");
    if (t.minute > 59 || t.second > 59) return bad(r, what, "has minutes or seconds above 59");
    if (t.microsecond >= kMicrosPerSecond) return bad(r, what, "has a fraction of 1s or more");
    return t;
}

// Reads the big-endian fraction of the fsp formats as microseconds: fsp 1-2 store hundredths
// in 1 byte, fsp 3-4 ten-thousandths in 2 bytes, fsp 5-6 microseconds in 3 bytes.
std::uint32_t read_fraction_us(wire::ByteReader& r, unsigned fsp) {
    const std::size_t n = temporal_fraction_size(fsp);
    const auto v = static_cast<std::uint32_t>(r.uint_be(n));
    switch (n) {
        case 1:
            return v * 10000;
        case 2:
            return v * 100;
        default:
            return v;
    }
}

// Seconds since the epoch to a UTC civil date and time (proleptic Gregorian, no time zone):
// std::chrono's calendar arithmetic, not the C library's time-zone-dependent functions.
void set_from_epoch(Temporal& t, std::uint32_t seconds) {
    using std::chrono::sys_days;
    using std::chrono::year_month_day;
    constexpr std::uint32_t kSecondsPerDay = 86400;
    const year_month_day ymd{sys_days{std::chrono::days{seconds / kSecondsPerDay}}};
    const std::uint32_t sod = seconds % kSecondsPerDay;
    t.year = static_cast<std::uint32_t>(static_cast<int>(ymd.year()));
    t.month = static_cast<unsigned>(ymd.month());
    t.day = static_cast<unsigned>(ymd.day());
    t.hour = sod / 3600;
    t.minute = sod / 60 % 60;
    t.second = sod % 60;
    t.epoch_seconds = seconds;
}

Result<Temporal> timestamp_from(wire::ByteReader& r, std::string_view what, std::uint32_t seconds,
                                std::uint32_t micros, unsigned fsp) {
    if (micros >= kMicrosPerSecond) return bad(r, what, "has a fraction of 1s or more");
    Temporal t;
    t.kind = TemporalKind::timestamp;
    t.fsp = fsp;
    t.microsecond = micros;
    // MySQL treats seconds == 0 as the zero TIMESTAMP "0000-00-00 00:00:00" whatever the
    // fraction (the smallest real TIMESTAMP is 1970-01-01 00:00:01 UTC).
    if (seconds == 0) {
        t.zero_or_invalid = true;
        t.microsecond = 0;
        return t;
    }
    set_from_epoch(t, seconds);
    return t;
}

void put2(char*& p, std::uint32_t v) {
    *p++ = static_cast<char>('0' + v / 10 % 10);
    *p++ = static_cast<char>('0' + v % 10);
}
void put4(char*& p, std::uint32_t v) {
    put2(p, v / 100);
    put2(p, v);
}
void put_fraction(char*& p, std::uint32_t micros, std::uint32_t fsp) {
    if (fsp == 0) return;
    *p++ = '.';
    std::uint32_t div = 100000;
    for (std::uint32_t i = 0; i < fsp; ++i, div /= 10) {
        *p++ = static_cast<char>('0' + micros / div % 10);
    }
}

}  // namespace

std::size_t temporal_binary_size(ColumnType type, std::uint16_t meta) noexcept {
    switch (type) {
        case ColumnType::MYSQL_TYPE_YEAR:
            return 1;
        case ColumnType::MYSQL_TYPE_DATE:
        case ColumnType::MYSQL_TYPE_NEWDATE:
        case ColumnType::MYSQL_TYPE_TIME:
            return 3;
        case ColumnType::MYSQL_TYPE_TIMESTAMP:
            return 4;
        case ColumnType::MYSQL_TYPE_DATETIME:
            return 8;
        case ColumnType::MYSQL_TYPE_TIMESTAMP2:
            return meta > kMaxFsp ? 0 : 4 + temporal_fraction_size(meta);
        case ColumnType::MYSQL_TYPE_DATETIME2:
            return meta > kMaxFsp ? 0 : 5 + temporal_fraction_size(meta);
        case ColumnType::MYSQL_TYPE_TIME2:
            return meta > kMaxFsp ? 0 : 3 + temporal_fraction_size(meta);
        default:
            return 0;
    }
}

// DATE: 3 bytes little-endian, day in bits 0-4, month in bits 5-8, year in bits 9-23
// (Field_newdate; the Internals Manual's "DATE: 3 bytes ... YYYY×16×32 + MM×32 + DD").
Result<Temporal> decode_date(wire::ByteReader& r) {
    const std::uint32_t v = r.u24le();
    B2K_TRY(r.status("DATE value"));
    Temporal t;
    t.kind = TemporalKind::date;
    t.day = v & 31U;
    t.month = (v >> 5) & 15U;
    t.year = v >> 9;
    return finish_date(r, "DATE", t);
}

// Old TIME: 3 bytes little-endian two's complement, the decimal number ±HHMMSS (Field_time).
Result<Temporal> decode_time(wire::ByteReader& r) {
    const std::uint32_t raw = r.u24le();
    B2K_TRY(r.status("TIME value"));
    const std::int32_t v = (raw & 0x800000U) != 0 ? static_cast<std::int32_t>(raw) - 0x1000000
                                                  : static_cast<std::int32_t>(raw);
    const auto mag = static_cast<std::uint32_t>(v < 0 ? -v : v);
    Temporal t;
    t.kind = TemporalKind::time;
    t.negative = v < 0;
    t.hour = mag / 10000;
    t.minute = mag / 100 % 100;
    t.second = mag % 100;
    return finish_time(r, "TIME", t);
}

// Old DATETIME: 8 bytes little-endian, the decimal number YYYYMMDDhhmmss (Field_datetime).
Result<Temporal> decode_datetime(wire::ByteReader& r) {
    const std::uint64_t v = r.u64le();
    B2K_TRY(r.status("DATETIME value"));
    if (v > 99991231235959ULL) return bad(r, "DATETIME", "is above 9999-12-31 23:59:59");
    const auto date = static_cast<std::uint32_t>(v / 1000000);
    const auto tod = static_cast<std::uint32_t>(v % 1000000);
    Temporal t;
    t.kind = TemporalKind::datetime;
    t.year = date / 10000;
    t.month = date / 100 % 100;
    t.day = date % 100;
    t.hour = tod / 10000;
    t.minute = tod / 100 % 100;
    t.second = tod % 100;
    return finish_date(r, "DATETIME", t);
}

// Old TIMESTAMP: 4 bytes little-endian, seconds since the epoch; 0 is the zero TIMESTAMP.
Result<Temporal> decode_timestamp(wire::ByteReader& r) {
    const std::uint32_t seconds = r.u32le();
    B2K_TRY(r.status("TIMESTAMP value"));
    return timestamp_from(r, "TIMESTAMP", seconds, 0, 0);
}

// TIMESTAMP2: 4 bytes big-endian seconds since the epoch, then the fraction (big-endian,
// (fsp+1)/2 bytes) (my_timestamp_from_binary).
Result<Temporal> decode_timestamp2(wire::ByteReader& r, unsigned fsp) {
    if (fsp > kMaxFsp) return bad_fsp(r, "TIMESTAMP2", fsp);
    const auto seconds = static_cast<std::uint32_t>(r.uint_be(4));
    const std::uint32_t micros = read_fraction_us(r, fsp);
    B2K_TRY(r.status("TIMESTAMP2 value"));
    return timestamp_from(r, "TIMESTAMP2", seconds, micros, fsp);
}

// DATETIME2: 5 bytes big-endian, offset by 0x8000000000 (the top bit is the sign, set for
// every value a server writes): 17 bits year*13+month, 5 bits day, 5 bits hour, 6 bits
// minute, 6 bits second; then the fraction (my_datetime_packed_from_binary).
Result<Temporal> decode_datetime2(wire::ByteReader& r, unsigned fsp) {
    if (fsp > kMaxFsp) return bad_fsp(r, "DATETIME2", fsp);
    constexpr std::uint64_t kOffset = 0x8000000000ULL;
    const std::uint64_t packed = r.uint_be(5);
    const std::uint32_t micros = read_fraction_us(r, fsp);
    B2K_TRY(r.status("DATETIME2 value"));
    if (packed < kOffset) return bad(r, "DATETIME2", "is negative (sign bit clear)");
    const std::uint64_t v = packed - kOffset;
    const std::uint64_t ymd = v >> 17;
    const std::uint64_t ym = ymd >> 5;
    const auto hms = static_cast<std::uint32_t>(v & 0x1ffffU);
    Temporal t;
    t.kind = TemporalKind::datetime;
    t.fsp = fsp;
    t.year = static_cast<std::uint32_t>(ym / 13);
    t.month = static_cast<std::uint32_t>(ym % 13);
    t.day = static_cast<std::uint32_t>(ymd & 31U);
    t.hour = hms >> 12;
    t.minute = (hms >> 6) & 63U;
    t.second = hms & 63U;
    t.microsecond = micros;
    return finish_date(r, "DATETIME2", t);
}

// TIME2: 3 bytes big-endian hour (10 bits, after a sign bit and a reserved bit), minute (6),
// second (6), then the fraction. The integer part and fraction together form one big-endian
// number offset by 2^(bits-1); a negative time is the two's complement of the positive one
// over all those bits (my_time_packed_from_binary). So -00:00:00.01 at fsp 2 is 0x7fffffff,
// and the fraction "borrows" from the seconds: reading the whole field as one signed number
// and negating it gives the magnitude's fields directly.
Result<Temporal> decode_time2(wire::ByteReader& r, unsigned fsp) {
    if (fsp > kMaxFsp) return bad_fsp(r, "TIME2", fsp);
    const std::size_t frac_bytes = temporal_fraction_size(fsp);
    const std::size_t total_bytes = 3 + frac_bytes;
    const std::uint64_t packed = r.uint_be(total_bytes);
    B2K_TRY(r.status("TIME2 value"));
    const std::uint64_t offset = std::uint64_t{1} << (8 * total_bytes - 1);
    const bool negative = packed < offset;
    const std::uint64_t mag = negative ? offset - packed : packed - offset;
    const auto hms = static_cast<std::uint32_t>(mag >> (8 * frac_bytes));
    const auto frac =
        static_cast<std::uint32_t>(mag & ((std::uint64_t{1} << (8 * frac_bytes)) - 1));
    Temporal t;
    t.kind = TemporalKind::time;
    t.fsp = fsp;
    t.negative = negative;  // mag > 0 here: zero is encoded as exactly the offset
    t.hour = (hms >> 12) & 1023U;
    t.minute = (hms >> 6) & 63U;
    t.second = hms & 63U;
    t.microsecond = frac_bytes == 1 ? frac * 10000 : frac_bytes == 2 ? frac * 100 : frac;
    if ((hms >> 22) != 0) return bad(r, "TIME2", "has its reserved bit (above the hours) set");
    return finish_time(r, "TIME2", t);
}

Result<Temporal> decode_temporal(wire::ByteReader& r, ColumnType type, std::uint16_t meta) {
    const auto old_format = [&](std::string_view what) -> Result<void> {
        if (meta == 0) return success();
        r.fail();
        return failure(Errc::unsupported,
                       std::string(what) + " column with metadata " + std::to_string(meta) +
                           ": the old temporal formats carry no metadata; fractional seconds "
                           "in the old format (MariaDB with mysql56_temporal_format=OFF) are "
                           "not supported. Set mysql56_temporal_format=ON and rebuild the table");
    };
    switch (type) {
        case ColumnType::MYSQL_TYPE_DATE:
        case ColumnType::MYSQL_TYPE_NEWDATE:
            return decode_date(r);
        case ColumnType::MYSQL_TYPE_TIME:
            B2K_TRY(old_format("TIME"));
            return decode_time(r);
        case ColumnType::MYSQL_TYPE_DATETIME:
            B2K_TRY(old_format("DATETIME"));
            return decode_datetime(r);
        case ColumnType::MYSQL_TYPE_TIMESTAMP:
            B2K_TRY(old_format("TIMESTAMP"));
            return decode_timestamp(r);
        case ColumnType::MYSQL_TYPE_TIMESTAMP2:
            return decode_timestamp2(r, meta);
        case ColumnType::MYSQL_TYPE_DATETIME2:
            return decode_datetime2(r, meta);
        case ColumnType::MYSQL_TYPE_TIME2:
            return decode_time2(r, meta);
        default:
            return failure(Errc::internal, "decode_temporal called for column type " +
                                               std::to_string(static_cast<unsigned>(type)));
    }
}

// YEAR: 1 byte, 0 or 1900 + v (Field_year).
Result<std::uint32_t> decode_year(wire::ByteReader& r) {
    const std::uint8_t v = r.u8();
    B2K_TRY(r.status("YEAR value"));
    return year_from_byte(v);
}

bool append_temporal_text(const Temporal& t, std::string& out) {
    if (t.zero_or_invalid) return false;
    // Longest: "-838:59:59.000000" (17) or "9999-12-31T23:59:59.999999Z" (27).
    std::array<char, 32> buf{};
    char* p = buf.data();
    if (t.kind == TemporalKind::time) {
        if (t.negative) *p++ = '-';
        if (t.hour >= 100) *p++ = static_cast<char>('0' + t.hour / 100 % 10);
        put2(p, t.hour);
    } else {
        put4(p, t.year);
        *p++ = '-';
        put2(p, t.month);
        *p++ = '-';
        put2(p, t.day);
        if (t.kind == TemporalKind::date) {
            out.append(buf.data(), p);
            return true;
        }
        *p++ = 'T';
        put2(p, t.hour);
    }
    *p++ = ':';
    put2(p, t.minute);
    *p++ = ':';
    put2(p, t.second);
    put_fraction(p, t.microsecond, t.fsp > kMaxFsp ? kMaxFsp : t.fsp);
    if (t.kind == TemporalKind::timestamp) *p++ = 'Z';
    out.append(buf.data(), p);
    return true;
}

void append_temporal_json(const Temporal& t, std::string& out) {
    if (t.zero_or_invalid) {
        out.append("null");
        return;
    }
    out.push_back('"');
    append_temporal_text(t, out);
    out.push_back('"');
}

}  // namespace b2k::binlog
