# Brings the pinned llama.cpp into the build as static libraries (llama, ggml, llama-common).
# The source comes from scripts/fetch-llama-cpp.sh, which verifies the registry package and
# unpacks it outside the repository; no llama.cpp source is ever committed here.

set(R1TUNE_LLAMA_CPP_DIR "" CACHE PATH "llama.cpp source tree (default: fetched into the r1tune cache)")
if(NOT R1TUNE_LLAMA_CPP_DIR)
  execute_process(
    COMMAND bash "${PROJECT_SOURCE_DIR}/scripts/fetch-llama-cpp.sh"
    OUTPUT_VARIABLE fetched_dir
    OUTPUT_STRIP_TRAILING_WHITESPACE
    RESULT_VARIABLE fetch_status)
  if(NOT fetch_status EQUAL 0)
    message(FATAL_ERROR "could not fetch the pinned llama.cpp source (scripts/fetch-llama-cpp.sh)")
  endif()
  set(R1TUNE_LLAMA_CPP_DIR "${fetched_dir}" CACHE PATH "llama.cpp source tree" FORCE)
endif()
if(NOT EXISTS "${R1TUNE_LLAMA_CPP_DIR}/include/llama.h")
  message(FATAL_ERROR "${R1TUNE_LLAMA_CPP_DIR} is not a llama.cpp source tree")
endif()
message(STATUS "llama.cpp source: ${R1TUNE_LLAMA_CPP_DIR}")

set(BUILD_SHARED_LIBS OFF CACHE BOOL "" FORCE)
set(LLAMA_BUILD_COMMON ON CACHE BOOL "" FORCE)
set(LLAMA_BUILD_TESTS OFF CACHE BOOL "" FORCE)
set(LLAMA_BUILD_EXAMPLES OFF CACHE BOOL "" FORCE)
set(LLAMA_BUILD_APP OFF CACHE BOOL "" FORCE)
# The tools are configured so that llama-bench, llama-batched-bench, llama-server and
# llama-quantize can be built from the very same source for comparisons; EXCLUDE_FROM_ALL
# below keeps them out of the default build.
set(LLAMA_BUILD_TOOLS ON CACHE BOOL "" FORCE)
set(LLAMA_BUILD_SERVER ON CACHE BOOL "" FORCE)
set(LLAMA_OPENSSL OFF CACHE BOOL "" FORCE)
set(LLAMA_ALL_WARNINGS OFF CACHE BOOL "" FORCE)

# A native build (-march=native) by default; R1TUNE_PORTABLE gives a binary that runs on any x86-64.
option(R1TUNE_PORTABLE "build for any CPU of the architecture instead of this one" OFF)
if(R1TUNE_PORTABLE)
  set(GGML_NATIVE OFF CACHE BOOL "" FORCE)
else()
  set(GGML_NATIVE ON CACHE BOOL "" FORCE)
endif()

add_subdirectory("${R1TUNE_LLAMA_CPP_DIR}" "${CMAKE_BINARY_DIR}/llama.cpp" EXCLUDE_FROM_ALL SYSTEM)

# llama.cpp's common library links its own cpp-httplib (vendor/, 0.54 in the pinned release), so
# every r1tune binary holds that copy; `r1tune serve` uses it too. A second copy (Debian's
# libcpp-httplib 0.11) in the same binary binds the same symbols to two layouts of the same
# classes: the first request to such a build crashed (std::bad_array_new_length, then SIGSEGV).
target_include_directories(cpp-httplib INTERFACE "${R1TUNE_LLAMA_CPP_DIR}/vendor/cpp-httplib")

# Where the fixture tool finds the real Qwen2 tokenizer and the official R1-distill template.
set(R1TUNE_LLAMA_MODELS_DIR "${R1TUNE_LLAMA_CPP_DIR}/models")

# GCC 12 with -march=native on CPUs that have AMX (Sapphire Rapids and later) compiles ggml's AMX
# kernels into code that dies with SIGILL on the first multi-token batch of a Q4_K or Q8_0 model
# (upstream llama.cpp PR #26954 turns AMX off the same way). The AVX-512 paths remain and are fast.
include(CheckCXXCompilerFlag)
check_cxx_compiler_flag("-mno-amx-tile" R1TUNE_COMPILER_HAS_NO_AMX)
if(R1TUNE_COMPILER_HAS_NO_AMX AND TARGET ggml-cpu AND NOT R1TUNE_PORTABLE)
  target_compile_options(ggml-cpu PRIVATE -mno-amx-tile -mno-amx-int8 -mno-amx-bf16)
endif()

# With AVX512-FP16 (Sapphire Rapids and later), ggml's F16 vector code adds and multiplies in
# half precision (simd-mappings.h): flash attention over an f16 KV cache then sums K·Q and V in
# fp16, which Qwen2.5's large attention activations overflow, and Qwen2.5-Coder-1.5B-Instruct
# answers noise (llama-server built the same way does too; with a q8_0 cache or without flash
# attention it answers right). Without it ggml converts F16 to F32 and computes there, as on
# every older CPU. tests/cli's default-model test catches a build that computes garbage.
if(TARGET ggml-cpu AND NOT R1TUNE_PORTABLE)
  check_cxx_compiler_flag("-mno-avx512fp16" R1TUNE_COMPILER_HAS_NO_AVX512FP16)
  if(R1TUNE_COMPILER_HAS_NO_AVX512FP16)
    target_compile_options(ggml-cpu PRIVATE -mno-avx512fp16)
  endif()
endif()
