// A request turned into the pipeline's terms before it waits for the model: the server's own
// options with the request's sampler values and levers laid over them, the solver they make, and
// the question's plan. Everything here needs the model's family but not the model, so a bad
// lever is refused at once instead of after the queue.
#pragma once

#include <cstdint>

#include "pipeline/solver.h"
#include "serve/chat_request.h"

namespace r1tune::serve {

struct RequestPlan {
    pipeline::Solver solver;
    pipeline::SolvePlan plan;
};

// `server` is the server's command line; `seed` is used when the request names none.
Status plan_request(const ChatRequest & request, const pipeline::SolverOptions & server, prompt::ModelFamily family,
                    std::uint32_t seed, RequestPlan & out);

// Whether the plan's answer is final as it is written: one sample that no loop restarts, and no
// check that could send it back for another round.
bool answer_is_final_as_written(const RequestPlan & planned);

} // namespace r1tune::serve
