#pragma once
// NEWDECIMAL (column type 246) cells in row events: binary layout to exact decimal text.
//
// TABLE_MAP metadata for NEWDECIMAL is two bytes: precision first, scale second. Read as the
// 16-bit value other decoders use (first byte high), DECIMAL(4,2) is 0x0402 = 1026; see
// decimal_precision_from_meta() / decimal_scale_from_meta().

#include <cstddef>
#include <cstdint>
#include <string>

#include "common/result.h"
#include "wire/byte_reader.h"

namespace b2k::binlog {

inline constexpr unsigned kDecimalMaxPrecision = 65;  // DECIMAL(M): M <= 65
// DECIMAL(M,D): D <= M, and D <= 30 on MySQL but <= 38 on MariaDB (DECIMAL(38,38) exists there).
inline constexpr unsigned kDecimalMaxScale = 38;

constexpr unsigned decimal_precision_from_meta(std::uint16_t meta) noexcept {
    return meta >> 8;
}
constexpr unsigned decimal_scale_from_meta(std::uint16_t meta) noexcept {
    return meta & 0xffU;
}

// Bytes one DECIMAL(precision, scale) value takes in a row image; 0 when precision/scale are
// not a valid DECIMAL declaration (precision 0 or > 65, scale > 38 or > precision).
std::size_t decimal_binary_size(unsigned precision, unsigned scale) noexcept;

// Reads one NEWDECIMAL(precision, scale) value from `r` and appends its exact text to `out`:
// an optional '-', the integer digits without leading zeros ("0" when there are none), then
// '.' and exactly `scale` fraction digits when scale > 0 ("-12.340", "0.00", "7").
// A negative zero (sign bit clear, all digits zero) is written without the sign: "0.00".
//
// Errors: bad_value for an invalid precision/scale or a digit group out of range (>= 10^9,
// which no server writes); truncated when `r` holds fewer bytes than the value needs (the
// reader's sticky error). On error `out` is unchanged and `r` is marked failed.
// Allocation-free apart from appending to `out`.
[[nodiscard]] Result<void> decode_decimal(wire::ByteReader& r, unsigned precision, unsigned scale,
                                          std::string& out);

// The same for a DECIMAL inside binary JSON (an opaque value): its precision and scale are
// bytes of the value, up to 255, not bounded by the column limits.
[[nodiscard]] Result<void> decode_json_decimal(wire::ByteReader& r, unsigned precision,
                                               unsigned scale, std::string& out);
std::size_t json_decimal_binary_size(unsigned precision, unsigned scale) noexcept;

}  // namespace b2k::binlog
