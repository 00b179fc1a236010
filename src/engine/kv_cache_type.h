// The type of the KV cache's cells: what a session allocates and what a saved prefix records,
// so that a prefix is never restored into a cache of another type.
#pragma once

#include <string>
#include <string_view>

#include "util/status.h"

namespace r1tune::engine {

enum class KvCacheType { kF16, kQ8_0 };

// Parses "f16" or "q8_0"; anything else is a usage error.
Status parse_kv_cache_type(const std::string & name, KvCacheType & out);
std::string_view to_string(KvCacheType type);

} // namespace r1tune::engine
