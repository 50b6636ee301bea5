#include "binlog/decimal.h"

#include <array>
#include <string_view>

namespace b2k::binlog {
namespace {

// Spec: MySQL strings/decimal.c, comment above decimal2bin() ("binary representation"), and
// https://dev.mysql.com/doc/refman/8.0/en/precision-math-decimal-characteristics.html
//
// The integer part and the fraction part are stored separately, each as groups of 9 decimal
// digits in 4 big-endian bytes. The integer part's leftover digits (intg % 9) come first, in
// the fewest bytes that hold them; the fraction part's leftover digits (scale % 9) come last.
// All groups are big-endian unsigned. The whole value is then "sign-flipped": the top bit of
// the first byte is set for positive values; a negative value additionally has every byte
// inverted (XOR 0xff), so that the bytes sort like the numbers.
constexpr std::size_t kDigitsPerGroup = 9;
constexpr std::size_t kBytesPerGroup = 4;
// Bytes needed for 0..9 leftover digits.
constexpr std::array<std::size_t, 10> kLeftoverBytes = {0, 1, 1, 2, 2, 3, 3, 4, 4, 4};
constexpr std::array<std::uint32_t, 10> kPow10 = {1,      10,      100,      1000,      10000,
                                                  100000, 1000000, 10000000, 100000000, 1000000000};

constexpr std::size_t digits_size(unsigned digits) noexcept {
    return digits / kDigitsPerGroup * kBytesPerGroup + kLeftoverBytes[digits % kDigitsPerGroup];
}

constexpr bool valid_declaration(unsigned precision, unsigned scale) noexcept {
    return precision >= 1 && precision <= kDecimalMaxPrecision && scale <= kDecimalMaxScale &&
           scale <= precision;
}

// Decimals inside binary JSON carry their own precision/scale bytes, not bounded by the
// column limits (MySQL keeps JSON numbers' full precision); one byte each.
constexpr unsigned kAnyMaxPrecision = 255;

constexpr std::size_t max_binary_size() noexcept {
    std::size_t m = 0;
    for (unsigned p = 1; p <= kAnyMaxPrecision; ++p) {
        for (unsigned s = 0; s <= p; ++s) {
            const std::size_t n = digits_size(p - s) + digits_size(s);
            if (n > m) m = n;
        }
    }
    return m;
}
constexpr std::size_t kMaxBinarySize = max_binary_size();
// '-' + up to 255 digits + '.'
constexpr std::size_t kMaxTextSize = 1 + kAnyMaxPrecision + 1;

// Walks the un-flipped bytes group by group, writing each group's digits zero-padded.
class GroupReader {
  public:
    GroupReader(const std::uint8_t* bytes, char* text) : bytes_(bytes), text_(text) {}

    // Reads one group of `digits` digits (1..9) and writes them; false if its value is too big.
    bool group(unsigned digits) noexcept {
        const std::size_t nbytes =
            digits == kDigitsPerGroup ? kBytesPerGroup : kLeftoverBytes[digits];
        std::uint32_t v = 0;
        for (std::size_t i = 0; i < nbytes; ++i)
            v = (v << 8) | bytes_[i];
        bytes_ += nbytes;
        if (v >= kPow10[digits]) return false;
        for (unsigned i = digits; i > 0; --i) {
            text_[i - 1] = static_cast<char>('0' + v % 10);
            v /= 10;
        }
        text_ += digits;
        return true;
    }
    // Reads all groups of a part with `digits` digits: leftover first or last.
    bool part(unsigned digits, bool leftover_first) noexcept {
        const unsigned leftover = digits % kDigitsPerGroup;
        if (leftover_first && leftover != 0 && !group(leftover)) return false;
        for (unsigned g = 0; g < digits / kDigitsPerGroup; ++g) {
            if (!group(kDigitsPerGroup)) return false;
        }
        if (!leftover_first && leftover != 0 && !group(leftover)) return false;
        return true;
    }

  private:
    const std::uint8_t* bytes_;
    char* text_;
};

std::string decl(unsigned precision, unsigned scale) {
    return "NEWDECIMAL(" + std::to_string(precision) + "," + std::to_string(scale) + ")";
}

}  // namespace

std::size_t decimal_binary_size(unsigned precision, unsigned scale) noexcept {
    if (!valid_declaration(precision, scale)) return 0;
    return digits_size(precision - scale) + digits_size(scale);
}

namespace {

Result<void> decode_digits(wire::ByteReader& r, unsigned precision, unsigned scale,
                           std::string& out) {
    const std::size_t size = digits_size(precision - scale) + digits_size(scale);
    const wire::Bytes raw = r.bytes(size);
    if (!r.ok()) return r.status(decl(precision, scale) + " value");

    // Undo the sign flip into a local copy.
    std::array<std::uint8_t, kMaxBinarySize> bytes{};
    const bool negative = (static_cast<std::uint8_t>(raw[0]) & 0x80U) == 0;
    const std::uint8_t mask = negative ? 0xff : 0x00;
    for (std::size_t i = 0; i < size; ++i) {
        bytes[i] = static_cast<std::uint8_t>(static_cast<std::uint8_t>(raw[i]) ^ mask);
    }
    bytes[0] ^= 0x80U;

    // Digits of both parts, zero-padded, straight from the groups.
    std::array<char, kAnyMaxPrecision> digits{};
    const unsigned intg = precision - scale;
    GroupReader groups(bytes.data(), digits.data());
    if (!groups.part(intg, /*leftover_first=*/true) || !groups.part(scale, false)) {
        r.fail();
        return failure(Errc::bad_value, decl(precision, scale) +
                                            " value has a 9-digit group above 999999999: the "
                                            "row image is corrupt");
    }

    const std::string_view int_digits(digits.data(), intg);
    const std::string_view frac_digits(digits.data() + intg, scale);
    const std::size_t first_nonzero = int_digits.find_first_not_of('0');
    const bool is_zero = first_nonzero == std::string_view::npos &&
                         frac_digits.find_first_not_of('0') == std::string_view::npos;

    std::array<char, kMaxTextSize> text{};
    std::size_t n = 0;
    if (negative && !is_zero) text[n++] = '-';
    if (first_nonzero == std::string_view::npos) {
        text[n++] = '0';
    } else {
        for (char c : int_digits.substr(first_nonzero))
            text[n++] = c;
    }
    if (scale > 0) {
        text[n++] = '.';
        for (char c : frac_digits)
            text[n++] = c;
    }
    out.append(text.data(), n);
    return success();
}

}  // namespace

Result<void> decode_decimal(wire::ByteReader& r, unsigned precision, unsigned scale,
                            std::string& out) {
    if (!valid_declaration(precision, scale)) {
        r.fail();
        return failure(Errc::bad_value,
                       decl(precision, scale) +
                           " column: precision must be 1..65 and scale 0..38 and at most the "
                           "precision; the TABLE_MAP metadata for this column is corrupt");
    }
    return decode_digits(r, precision, scale, out);
}

Result<void> decode_json_decimal(wire::ByteReader& r, unsigned precision, unsigned scale,
                                 std::string& out) {
    if (precision == 0 || scale > precision) {
        r.fail();
        return failure(Errc::bad_value,
                       decl(precision, scale) + " inside a JSON value is not valid");
    }
    return decode_digits(r, precision, scale, out);
}

std::size_t json_decimal_binary_size(unsigned precision, unsigned scale) noexcept {
    if (precision == 0 || scale > precision) return 0;
    return digits_size(precision - scale) + digits_size(scale);
}

}  // namespace b2k::binlog
