// Today's date as people write it in records: YYYY-MM-DD, in the machine's time zone.
#pragma once

#include <ctime>
#include <string>

namespace r1tune {

inline std::string today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[16];
    std::strftime(text, sizeof text, "%Y-%m-%d", &local);
    return text;
}

} // namespace r1tune
