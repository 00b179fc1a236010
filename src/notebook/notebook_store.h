// The mistake notebook's file: one SQLite database that several processes can share (WAL
// journal, a busy timeout), searched through an FTS5 index of the entries' terms
// (notebook/search_terms). Opening checks what the file is before touching it: a database of
// another program, a damaged file or one from a newer r1tune is an error naming it, and is
// never rewritten.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>
#include <vector>

#include "notebook/entry.h"
#include "util/status.h"

namespace r1tune::notebook {

// An entry found by a search, with its relevance (higher is closer; FTS5's bm25, negated).
struct Hit {
    Entry entry;
    double score = 0;
};

class NotebookStore {
public:
    // Opens the notebook at `path`. Where there is none, kExisting is an input error (reading a
    // notebook that a typo named must not look like reading an empty one); kMakeIfMissing makes
    // it, and its folder (commands that add entries).
    enum class Opening { kExisting, kMakeIfMissing };
    static Status open(const std::filesystem::path & path, Opening opening, std::unique_ptr<NotebookStore> & out);
    NotebookStore(const NotebookStore &) = delete;
    NotebookStore & operator=(const NotebookStore &) = delete;
    ~NotebookStore();

    const std::filesystem::path & path() const { return path_; }

    // Stores a valid entry (notebook/entry.h) under a new id, which it sets; the day it was
    // recorded defaults to today.
    Status add(Entry & entry);
    // The entry `id`; an input error when there is none.
    Status get(std::int64_t id, Entry & out);
    // add() unless an entry of the same question with the same correction or the same mistake is
    // there already (an import or a harvest run twice adds nothing; a question solved again
    // with the same failure, but another sampled correction, neither); `added` says which.
    Status add_if_new(Entry & entry, bool & added);
    // A digest of every entry's text and id: a measurement with the notebook records it, so that
    // a notebook changed between its parts is noticed.
    Status fingerprint(std::uint64_t & out);
    // Every entry, oldest first.
    Status list(std::vector<Entry> & out);
    // The `limit` entries whose question and scene share most terms with `query`, closest first;
    // none when the query has no terms.
    Status search(std::string_view query, int limit, std::vector<Hit> & out);
    // Rewrites entry `entry.id` (edit), all but its counters; an input error when there is none.
    Status replace(const Entry & entry);
    // Deletes entry `id`; an input error when there is none.
    Status remove(std::int64_t id);

    // How a question that entries were shown with ended: they count one more retrieval, and a
    // verified answer or a failed check adds to their record (notebook/retrieval's utility).
    enum class Ending { kUnchecked, kVerified, kFailed };
    Status count_shown(const std::vector<std::int64_t> & ids, Ending ending);

private:
    NotebookStore() = default;
    Status insert(Entry & entry, bool only_if_new, bool & added);
    Status open_handle(int flags);
    Status prepare_file(bool create);
    Status create_schema();
    Status error(std::string_view doing) const;
    Status write_terms(const Entry & entry);

    std::filesystem::path path_;
    sqlite3 * db_ = nullptr;
};

} // namespace r1tune::notebook
