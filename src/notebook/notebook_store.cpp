#include "notebook/notebook_store.h"

#include <string>
#include <system_error>

#include "notebook/search_terms.h"
#include "util/fnv1a.h"
#include "util/today.h"

namespace r1tune::notebook {

namespace {

// "r1nb" in the database header: tells r1tune's notebook apart from any other SQLite file.
constexpr int kApplicationId = 0x72316e62;
// The schema this build writes. An older file is migrated on open; a newer one is refused.
constexpr int kSchemaVersion = 1;
// How long a writer waits for another process's transaction before giving up.
constexpr int kBusyTimeoutMs = 10000;

constexpr const char * kSchema = R"sql(
CREATE TABLE entries (
  id INTEGER PRIMARY KEY,
  task TEXT NOT NULL,
  family TEXT NOT NULL,
  tags TEXT NOT NULL,
  language TEXT NOT NULL,
  question TEXT NOT NULL,
  wrong_output TEXT NOT NULL,
  mistake TEXT NOT NULL,
  correction TEXT NOT NULL,
  model TEXT NOT NULL,
  verified_by TEXT NOT NULL,
  created TEXT NOT NULL,
  retrieved INTEGER NOT NULL DEFAULT 0,
  shown_right INTEGER NOT NULL DEFAULT 0,
  shown_failed INTEGER NOT NULL DEFAULT 0);
CREATE VIRTUAL TABLE entry_terms USING fts5(question, scene, tokenize = 'unicode61');
)sql";

constexpr const char * kColumns = "id, task, family, tags, language, question, wrong_output, mistake, correction, "
                                  "model, verified_by, created, retrieved, shown_right, shown_failed";

// One prepared statement, finalized when it goes.
class Statement {
public:
    Statement(sqlite3 * db, std::string_view sql) {
        rc_ = sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &statement_, nullptr);
    }
    ~Statement() { sqlite3_finalize(statement_); }
    Statement(const Statement &) = delete;
    Statement & operator=(const Statement &) = delete;

    bool prepared() const { return rc_ == SQLITE_OK; }
    void bind(int index, std::string_view text) {
        sqlite3_bind_text(statement_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    }
    void bind(int index, std::int64_t value) { sqlite3_bind_int64(statement_, index, value); }
    // SQLITE_ROW, SQLITE_DONE, or an error code.
    int step() { return rc_ = sqlite3_step(statement_); }
    std::string text(int column) const {
        const auto * p = reinterpret_cast<const char *>(sqlite3_column_text(statement_, column));
        return p == nullptr ? std::string() : std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(statement_, column)));
    }
    std::int64_t integer(int column) const { return sqlite3_column_int64(statement_, column); }
    double real(int column) const { return sqlite3_column_double(statement_, column); }

private:
    sqlite3_stmt * statement_ = nullptr;
    int rc_ = SQLITE_OK;
};

// A write transaction that rolls back unless committed. IMMEDIATE takes the write lock at the
// start, so two writers queue on the busy timeout instead of failing halfway.
class Transaction {
public:
    explicit Transaction(sqlite3 * db) : db_(db) { begun_ = sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) == SQLITE_OK; }
    ~Transaction() {
        if (begun_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    }
    Transaction(const Transaction &) = delete;
    Transaction & operator=(const Transaction &) = delete;
    bool begun() const { return begun_; }
    bool commit() {
        if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return false;
        begun_ = false;
        return true;
    }

private:
    sqlite3 * db_;
    bool begun_ = false;
};

std::string joined_tags(const std::vector<std::string> & tags) {
    std::string out;
    for (const std::string & tag : tags) out += (out.empty() ? "" : " ") + tag;
    return out;
}

std::vector<std::string> split_tags(const std::string & text) {
    std::vector<std::string> tags;
    for (std::size_t start = 0; start < text.size();) {
        const std::size_t space = std::min(text.find(' ', start), text.size());
        if (space > start) tags.push_back(text.substr(start, space - start));
        start = space + 1;
    }
    return tags;
}

Entry entry_from_row(const Statement & row) {
    Entry e;
    e.id = row.integer(0);
    e.task = row.text(1);
    e.family = row.text(2);
    e.tags = split_tags(row.text(3));
    e.language = row.text(4);
    e.question = row.text(5);
    e.wrong_output = row.text(6);
    e.mistake = row.text(7);
    e.correction = row.text(8);
    e.model = row.text(9);
    e.verified_by = row.text(10);
    e.created = row.text(11);
    e.retrieved = static_cast<int>(row.integer(12));
    e.shown_right = static_cast<int>(row.integer(13));
    e.shown_failed = static_cast<int>(row.integer(14));
    return e;
}

// Binds the stored fields of `e` (not the id) to parameters 1 to 14, in kColumns' order.
void bind_fields(Statement & s, const Entry & e) {
    s.bind(1, e.task);
    s.bind(2, e.family);
    s.bind(3, joined_tags(e.tags));
    s.bind(4, e.language);
    s.bind(5, e.question);
    s.bind(6, e.wrong_output);
    s.bind(7, e.mistake);
    s.bind(8, e.correction);
    s.bind(9, e.model);
    s.bind(10, e.verified_by);
    s.bind(11, e.created);
    s.bind(12, std::int64_t{e.retrieved});
    s.bind(13, std::int64_t{e.shown_right});
    s.bind(14, std::int64_t{e.shown_failed});
}

// The scene as the index holds it: task, family and tags.
std::string scene_text(const Entry & e) { return indexed_text(e.task + " " + e.family + " " + joined_tags(e.tags)); }

} // namespace

Status NotebookStore::open(const std::filesystem::path & path, Opening opening, std::unique_ptr<NotebookStore> & out) {
    std::unique_ptr<NotebookStore> store(new NotebookStore());
    store->path_ = path;
    if (Status s = store->prepare_file(opening == Opening::kMakeIfMissing); !s) return s;
    out = std::move(store);
    return Status::ok();
}

NotebookStore::~NotebookStore() { sqlite3_close(db_); }

Status NotebookStore::error(std::string_view doing) const {
    const int code = sqlite3_errcode(db_);
    std::string message = "notebook " + path_.string() + ": " + std::string(doing) + ": " + sqlite3_errmsg(db_);
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
        return Status::input(message + " (the file is left as it is; give another with --notebook)");
    }
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) return Status::io(message + " (another process held it too long)");
    return Status::io(message);
}

Status NotebookStore::open_handle(int flags) {
    sqlite3_close(db_);
    db_ = nullptr;
    if (sqlite3_open_v2(path_.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        return db_ == nullptr ? Status::io("cannot open notebook " + path_.string() + ": out of memory") : error("cannot open it");
    }
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    return Status::ok();
}

Status NotebookStore::prepare_file(bool create) {
    std::error_code ec;
    const bool exists = std::filesystem::exists(path_, ec);
    if (exists && !std::filesystem::is_regular_file(path_, ec)) return Status::input("notebook " + path_.string() + " is not a file");
    if (!exists && !create) {
        return Status::input("there is no notebook at " + path_.string() + " (`r1tune notebook add` or `import` makes one)");
    }
    if (!exists && path_.has_parent_path()) {
        std::filesystem::create_directories(path_.parent_path(), ec);
        if (ec) return Status::io("cannot make the notebook's folder " + path_.parent_path().string() + ": " + ec.message());
    }
    // What a file is gets read without the right to write: even closing a database opened for
    // writing can change it (a WAL folded back in), and a file that is not a notebook is left
    // exactly as it was.
    if (Status s = open_handle(exists ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE); !s) return s;
    const auto pragma = [&](const char * sql, std::int64_t & value) {
        Statement s(db_, sql);
        if (!s.prepared() || s.step() != SQLITE_ROW) return false;
        value = s.integer(0);
        return true;
    };
    // The three in one read transaction: another process making the notebook meanwhile is seen
    // either before (empty) or after (a notebook), never half made.
    std::int64_t application_id = 0, version = 0, objects = 0;
    if (sqlite3_exec(db_, "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK) return error("cannot read it");
    const bool read = pragma("PRAGMA application_id", application_id) && pragma("PRAGMA user_version", version) &&
                      pragma("SELECT count(*) FROM sqlite_schema", objects);
    if (!read) {
        const Status failed = error("cannot read it");
        sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
        return failed;
    }
    if (sqlite3_exec(db_, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK) return error("cannot read it");
    const bool empty = application_id == 0 && objects == 0;
    if (empty && !create) return Status::input("there is no notebook at " + path_.string() + " (the file is empty)");
    if (!empty && application_id != kApplicationId) {
        return Status::input("notebook " + path_.string() +
                             " is an SQLite database of another program, not an r1tune notebook; it is left as it is");
    }
    if (!empty && version > kSchemaVersion) {
        return Status::input("notebook " + path_.string() + " was written by a newer r1tune (schema " + std::to_string(version) +
                             "; this one knows up to " + std::to_string(kSchemaVersion) + "): update r1tune to use it");
    }
    // (Schema 1 is the first: a file of an older schema, to be migrated here, cannot exist yet.)
    if (!empty) {
        Statement check(db_, "PRAGMA quick_check");
        if (!check.prepared() || check.step() != SQLITE_ROW) return error("cannot check it");
        if (check.text(0) != "ok") {
            return Status::input("notebook " + path_.string() + " is damaged (" + check.text(0) +
                                 "); it is left as it is: restore it from an export or give another with --notebook");
        }
    }
    if (exists) {
        if (Status s = open_handle(SQLITE_OPEN_READWRITE); !s) return s;
    }
    if (empty) {
        if (Status s = create_schema(); !s) return s;
    }
    // Readers never wait for a writer, and a writer waits for another on the busy timeout.
    if (sqlite3_exec(db_, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr) != SQLITE_OK) return error("cannot set it up");
    return Status::ok();
}

Status NotebookStore::create_schema() {
    Transaction transaction(db_);
    if (!transaction.begun()) return error("cannot start writing it");
    // Another process may have made it meanwhile: then it is there to use.
    {
        Statement again(db_, "PRAGMA application_id");
        if (!again.prepared() || again.step() != SQLITE_ROW) return error("cannot read it");
        if (again.integer(0) == kApplicationId) return Status::ok();
    }
    const std::string pragmas = "PRAGMA application_id = " + std::to_string(kApplicationId) +
                                "; PRAGMA user_version = " + std::to_string(kSchemaVersion) + ";";
    if (sqlite3_exec(db_, kSchema, nullptr, nullptr, nullptr) != SQLITE_OK ||
        sqlite3_exec(db_, pragmas.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK || !transaction.commit()) {
        return error("cannot make it");
    }
    return Status::ok();
}

Status NotebookStore::write_terms(const Entry & entry) {
    Statement drop(db_, "DELETE FROM entry_terms WHERE rowid = ?1");
    drop.bind(1, entry.id);
    if (!drop.prepared() || drop.step() != SQLITE_DONE) return error("cannot index the entry");
    Statement insert(db_, "INSERT INTO entry_terms(rowid, question, scene) VALUES (?1, ?2, ?3)");
    insert.bind(1, entry.id);
    insert.bind(2, indexed_text(entry.question));
    insert.bind(3, scene_text(entry));
    if (!insert.prepared() || insert.step() != SQLITE_DONE) return error("cannot index the entry");
    return Status::ok();
}

Status NotebookStore::add(Entry & entry) {
    bool added = false;
    return insert(entry, /*only_if_new=*/false, added);
}

Status NotebookStore::add_if_new(Entry & entry, bool & added) { return insert(entry, /*only_if_new=*/true, added); }

Status NotebookStore::insert(Entry & entry, bool only_if_new, bool & added) {
    added = false;
    if (entry.created.empty()) entry.created = today();
    if (Status s = validate(entry); !s) return s;
    // The check and the insert in one transaction: two processes harvesting the same mistake add it once.
    Transaction transaction(db_);
    if (!transaction.begun()) return error("cannot start writing");
    if (only_if_new) {
        Statement same(db_, "SELECT 1 FROM entries WHERE question = ?1 AND (correction = ?2 OR mistake = ?3) LIMIT 1");
        same.bind(1, entry.question);
        same.bind(2, entry.correction);
        same.bind(3, entry.mistake);
        const int rc = same.prepared() ? same.step() : SQLITE_ERROR;
        if (rc == SQLITE_ROW) return Status::ok();
        if (rc != SQLITE_DONE) return error("cannot read");
    }
    Statement insert(db_, std::string("INSERT INTO entries(") + kColumns +
                              ") VALUES (NULL, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)");
    bind_fields(insert, entry);
    if (!insert.prepared() || insert.step() != SQLITE_DONE) return error("cannot add the entry");
    entry.id = sqlite3_last_insert_rowid(db_);
    if (Status s = write_terms(entry); !s) return s;
    if (!transaction.commit()) return error("cannot add the entry");
    added = true;
    return Status::ok();
}

Status NotebookStore::get(std::int64_t id, Entry & out) {
    Statement select(db_, std::string("SELECT ") + kColumns + " FROM entries WHERE id = ?1");
    select.bind(1, id);
    if (!select.prepared()) return error("cannot read");
    const int rc = select.step();
    if (rc == SQLITE_DONE) return Status::input("the notebook has no entry " + std::to_string(id));
    if (rc != SQLITE_ROW) return error("cannot read entry " + std::to_string(id));
    out = entry_from_row(select);
    return Status::ok();
}

Status NotebookStore::fingerprint(std::uint64_t & out) {
    std::vector<Entry> entries;
    if (Status s = list(entries); !s) return s;
    Fnv1a digest;
    for (const Entry & e : entries) {
        digest.add(std::to_string(e.id));
        for (const std::string * text : {&e.question, &e.mistake, &e.correction, &e.task, &e.family, &e.language}) {
            digest.add("\n");
            digest.add(*text);
        }
        digest.add("\n\n");
    }
    out = digest.value();
    return Status::ok();
}

Status NotebookStore::list(std::vector<Entry> & out) {
    out.clear();
    Statement select(db_, std::string("SELECT ") + kColumns + " FROM entries ORDER BY id");
    if (!select.prepared()) return error("cannot read");
    int rc = SQLITE_ROW;
    while ((rc = select.step()) == SQLITE_ROW) out.push_back(entry_from_row(select));
    return rc == SQLITE_DONE ? Status::ok() : error("cannot read");
}

Status NotebookStore::search(std::string_view query, int limit, std::vector<Hit> & out) {
    out.clear();
    // Each term quoted, with any quote in it doubled (terms of valid UTF-8 hold none): the query
    // is only words, whatever the text says.
    std::string match;
    for (const std::string & term : search_terms(query)) {
        std::string quoted;
        for (const char c : term) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        match += (match.empty() ? "\"" : " OR \"") + quoted + "\"";
    }
    if (match.empty() || limit <= 0) return Status::ok();
    Statement select(db_, std::string("SELECT ") + kColumns +
                              ", rank FROM entries JOIN (SELECT rowid AS hit, bm25(entry_terms) AS rank FROM entry_terms "
                              "WHERE entry_terms MATCH ?1) ON id = hit ORDER BY rank, id LIMIT ?2");
    select.bind(1, match);
    select.bind(2, std::int64_t{limit});
    if (!select.prepared()) return error("cannot search");
    int rc = SQLITE_ROW;
    while ((rc = select.step()) == SQLITE_ROW) out.push_back({entry_from_row(select), -select.real(15)});
    return rc == SQLITE_DONE ? Status::ok() : error("cannot search");
}

Status NotebookStore::replace(const Entry & entry) {
    if (Status s = validate(entry); !s) return s;
    Transaction transaction(db_);
    if (!transaction.begun()) return error("cannot start writing");
    // The counters are left as they are: another process may count a use meanwhile.
    Statement update(db_, "UPDATE entries SET task = ?1, family = ?2, tags = ?3, language = ?4, question = ?5, "
                          "wrong_output = ?6, mistake = ?7, correction = ?8, model = ?9, verified_by = ?10, created = ?11 "
                          "WHERE id = ?15");
    bind_fields(update, entry);
    update.bind(15, entry.id);
    if (!update.prepared() || update.step() != SQLITE_DONE) return error("cannot change entry " + std::to_string(entry.id));
    if (sqlite3_changes(db_) == 0) return Status::input("the notebook has no entry " + std::to_string(entry.id));
    if (Status s = write_terms(entry); !s) return s;
    if (!transaction.commit()) return error("cannot change entry " + std::to_string(entry.id));
    return Status::ok();
}

Status NotebookStore::remove(std::int64_t id) {
    Transaction transaction(db_);
    if (!transaction.begun()) return error("cannot start writing");
    Statement drop(db_, "DELETE FROM entries WHERE id = ?1");
    drop.bind(1, id);
    if (!drop.prepared() || drop.step() != SQLITE_DONE) return error("cannot remove entry " + std::to_string(id));
    if (sqlite3_changes(db_) == 0) return Status::input("the notebook has no entry " + std::to_string(id));
    Statement terms(db_, "DELETE FROM entry_terms WHERE rowid = ?1");
    terms.bind(1, id);
    if (!terms.prepared() || terms.step() != SQLITE_DONE || !transaction.commit()) {
        return error("cannot remove entry " + std::to_string(id));
    }
    return Status::ok();
}

Status NotebookStore::count_shown(const std::vector<std::int64_t> & ids, Ending ending) {
    if (ids.empty()) return Status::ok();
    Transaction transaction(db_);
    if (!transaction.begun()) return error("cannot start writing");
    for (const std::int64_t id : ids) {
        // An entry removed meanwhile by another process is simply not counted.
        Statement update(db_, "UPDATE entries SET retrieved = retrieved + 1, shown_right = shown_right + ?1, "
                              "shown_failed = shown_failed + ?2 WHERE id = ?3");
        update.bind(1, std::int64_t{ending == Ending::kVerified});
        update.bind(2, std::int64_t{ending == Ending::kFailed});
        update.bind(3, id);
        if (!update.prepared() || update.step() != SQLITE_DONE) return error("cannot count entry " + std::to_string(id));
    }
    if (!transaction.commit()) return error("cannot count the entries shown");
    return Status::ok();
}

} // namespace r1tune::notebook
