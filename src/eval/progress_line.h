// The progress of an evaluation on stderr: items done of all, the current configuration's
// accuracy so far, and the time left at the pace of this session's items (resumed ones took no
// time now, so they do not count toward the pace).
#pragma once

#include <string>

namespace r1tune::eval {

struct EvalProgress {
    int done = 0;              // items finished, resumed ones included
    int total = 0;
    int run_now = 0;           // of `done`, finished in this session
    double seconds_now = 0;    // the run's wall time spent on those: items answered at once share it (eval/time_share.h)
    std::string config;        // the configuration running
    int config_done = 0;
    int config_correct = 0;
};

// "[ 37/120]  deepseek scaffold: 21/37 correct (57%)  ETA 12m05s"; "ETA …" is left out until an
// item has finished in this session.
std::string format_eval_progress(const EvalProgress & progress);

// "45s", "12m05s", "3h02m".
std::string format_duration(double seconds);

} // namespace r1tune::eval
