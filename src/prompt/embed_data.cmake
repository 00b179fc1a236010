# Turns data files into a C++ source file that returns them from
# r1tune::prompt::embedded_files(), each under its path relative to data/ ("scaffolds/math.en.md").
# Run as: cmake -DDATA_DIR=… -DFILES="a|b|…" -DOUTPUT=… -P this-file
# Another library's files go through the same script with -DHEADER=… -DNAMESPACE=… -DFUNCTION=…
# (the function returns std::span<const prompt::EmbeddedFile>).
string(REPLACE "|" ";" files "${FILES}")
if(NOT HEADER)
  set(HEADER "prompt/embedded_data.h")
  set(NAMESPACE "r1tune::prompt")
  set(FUNCTION "embedded_files")
endif()
set(delimiter "r1tune_data")
set(entries "")
foreach(name IN LISTS files)
  file(READ "${DATA_DIR}/${name}" text)
  string(FIND "${text}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${DATA_DIR}/${name} contains the raw string terminator )${delimiter}\"")
  endif()
  string(APPEND entries "    {\"${name}\", R\"${delimiter}(${text})${delimiter}\"},\n")
endforeach()

file(WRITE "${OUTPUT}" "// Generated from ${DATA_DIR} by embed_data.cmake. Do not edit.
#include \"${HEADER}\"

namespace ${NAMESPACE} {

namespace {

constexpr r1tune::prompt::EmbeddedFile kFiles[] = {
${entries}};

} // namespace

std::span<const r1tune::prompt::EmbeddedFile> ${FUNCTION}() {
    return kFiles;
}

} // namespace ${NAMESPACE}
")
