// The results file of an evaluation: JSON Lines, written as the run goes so that an interrupted
// run loses nothing and resumes where it stopped.
//
//   line 1: {"r1tune_eval": 2, "run": {…}}   what the results depend on (model, items, settings)
//   then:   one ItemResult per line, appended and flushed as each item finishes
//
// Resuming checks that the "run" object is the one of the new run (the same model, items and
// settings), because results of another run would be mixed in silently otherwise. An interrupted
// write leaves a last line without its newline: it is cut off before appending, and that item
// runs again.
#pragma once

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "eval/summary.h"
#include "util/status.h"

namespace r1tune::eval {

nlohmann::json to_json(const ItemResult & result);
// An input error naming the field that is missing or of the wrong type.
Status item_result_from_json(const nlohmann::json & doc, ItemResult & out);

class ResultsFile {
public:
    // Opens `path` for this run: creates it with the header, or reads the results it already
    // holds into `existing` after checking its header against `run`. A file that is not a
    // results file (checked before anything is changed, and then left alone), a header of another
    // run with results under it, or an unreadable line (other than a cut-off last one) is an
    // input error naming the file and line; a directory is a usage error.
    static Status open(const std::filesystem::path & path, const nlohmann::json & run, ResultsFile & out,
                       std::vector<ItemResult> & existing);

    // Reads the results a file holds for this run without changing it (for a report on a run
    // still going): a cut-off last line is left out, a missing file or one of another run is an
    // input error, as in open().
    static Status read(const std::filesystem::path & path, const nlohmann::json & run, std::vector<ItemResult> & existing);

    // Reads the results of whatever run wrote the file, and that run's description (harvesting
    // mistakes from it). A missing file or one that is not a results file is an input error.
    static Status read_any(const std::filesystem::path & path, nlohmann::json & run, std::vector<ItemResult> & results);

    // Appends one line and flushes it to the file.
    Status append(const ItemResult & result);

    const std::filesystem::path & path() const { return path_; }

private:
    std::filesystem::path path_;
    std::ofstream out_;
};

// (configuration, item id) pairs already done, for skipping them on resume.
std::set<std::pair<std::string, std::string>> finished_items(const std::vector<ItemResult> & results);

// Keeps the first result of each (configuration, item) of this run and drops rows of other
// configurations or items and repeats (a row copied by hand, two runs on one file); returns how
// many were dropped.
std::size_t keep_rows_of_run(std::vector<ItemResult> & results, const std::set<std::string> & configs,
                             const std::set<std::string> & item_ids);

} // namespace r1tune::eval
