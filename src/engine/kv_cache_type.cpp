#include "engine/kv_cache_type.h"

namespace r1tune::engine {

Status parse_kv_cache_type(const std::string & name, KvCacheType & out) {
    if (name == "f16") { out = KvCacheType::kF16; return Status::ok(); }
    if (name == "q8_0") { out = KvCacheType::kQ8_0; return Status::ok(); }
    return Status::usage("KV cache type must be f16 or q8_0, not '" + name + "'");
}

std::string_view to_string(KvCacheType type) { return type == KvCacheType::kQ8_0 ? "q8_0" : "f16"; }

} // namespace r1tune::engine
