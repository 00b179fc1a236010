// Chinese numerals as exact values. Models answering in Chinese write 二十三只 as readily as 23只,
// and datasets write 百分之五十 and 三分之二; the comparison must see one number in all of them.
#pragma once

#include "verify/number.h"

#include <cstddef>
#include <optional>
#include <string_view>

namespace r1tune::verify {

struct ChineseNumber {
    Rational value;          // a percentage (百分之…) already divided by 100
    std::size_t length = 0;  // bytes of `text` the numeral spans
    std::size_t characters = 0; // numeral characters read, for callers that distrust a lone 一
    bool percent = false;    // written 百分之…
};

// Parses the Chinese numeral that starts `text`, or nothing when none does. Accepted:
//   digits 零〇一二两三四五六七八九 and their financial forms 壹贰叁肆伍陆柒捌玖 (traditional too);
//   units 十百千 (拾佰仟) and 万亿, as in 十二, 二十三, 一百零五, 三千零二十, 两万五千, 一万零一,
//   三万亿, and the colloquial dropped last unit of 一百五 (150) and 两万五 (25000);
//   digit strings with a zero, as in 二〇二四 (a run of bare digits without one, like 三四只,
//   is a range "three or four", not a number);
//   负 for a negative, 点 for a decimal (三点五), A分之B for B/A (三分之二, 百分之五十,
//   百分之三点五, 百分之50) and W又A分之B for a mixed number (二又三分之一).
// Reading stops before the first character that does not continue a well-formed numeral, so
// 十分 reads 十 and 三点钟 reads 三.
std::optional<ChineseNumber> parse_chinese_number(std::string_view text);

// True when `text` starts with a character that can begin a Chinese numeral (a digit, 十, 负,
// 百分之…), so scanners can skip the whole run when parse_chinese_number reads nothing.
bool starts_chinese_numeral(std::string_view text);

} // namespace r1tune::verify
