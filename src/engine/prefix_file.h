// The on-disk form of a session's cached prompt prefix (Session::save_prefix, load_prefix), so
// a new process starts with the scaffold already evaluated.
//
// llama.cpp's own sequence file (llama_state_seq_save_file) holds the tokens and the KV cells
// but says nothing about the model beyond its layer count and row sizes: a prefix saved with
// another model of the same shape (a fine-tune, another quantization of equal size) loads
// without complaint and poisons every answer after it. So r1tune wraps the same per-sequence
// state (llama_state_seq_get_data) in a header of its own: a fingerprint of the model file, the
// KV cache type, the tokens, and a checksum over all of it, which also keeps a damaged file from
// ever reaching llama.cpp's reader. Numbers are in host byte order, as in llama.cpp's files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/kv_cache_type.h"
#include "engine/types.h"
#include "util/status.h"

namespace r1tune::engine {

struct PrefixFile {
    std::uint64_t model_fingerprint = 0;
    std::string model_name;          // the model file's name, to say which model it was made with
    KvCacheType kv_type = KvCacheType::kF16;
    std::vector<Token> tokens;       // what the KV cells hold, position 0 first
    std::vector<std::uint8_t> state; // llama_state_seq_get_data's bytes for those cells
};

// Identifies a model file by its size and 256 blocks of 4 KiB spread evenly over it (its header
// and metadata, and samples of nearly every large tensor): two files that differ in their
// weights differ in many blocks, and reading 1 MiB costs next to nothing beside a prompt.
Status model_fingerprint(const std::filesystem::path & model_path, std::uint64_t & out);

// Writes `file` to a temporary file beside `path`, flushes it to disk and renames it over
// `path`, so an interrupted save leaves the old file or none, never half of one. A file at
// `path` that is neither empty nor a prefix file (of any version) is left alone: an input error.
Status write_prefix_file(const std::filesystem::path & path, const PrefixFile & file);

// Reads a file write_prefix_file wrote. A missing or unreadable file is an I/O error naming it;
// one that is not a prefix file, from another format version, or damaged is an input error.
Status read_prefix_file(const std::filesystem::path & path, PrefixFile & out);

} // namespace r1tune::engine
