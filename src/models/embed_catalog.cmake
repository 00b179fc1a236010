# Turns the model catalog (INPUT, a JSON file) into a C++ source file (OUTPUT) that returns it
# from r1tune::models::embedded_catalog_json(). Run as: cmake -DINPUT=… -DOUTPUT=… -P this-file
file(READ "${INPUT}" catalog_text)
set(delimiter "r1tune_json")
string(FIND "${catalog_text}" ")${delimiter}\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${INPUT} contains the raw string terminator )${delimiter}\"")
endif()
file(WRITE "${OUTPUT}" "// Generated from ${INPUT} by embed_catalog.cmake. Do not edit.
#include \"models/catalog.h\"

namespace r1tune::models {

std::string_view embedded_catalog_json() {
    return R\"${delimiter}(${catalog_text})${delimiter}\";
}

} // namespace r1tune::models
")
