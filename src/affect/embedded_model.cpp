// The trained weights (model/affect.bin) compiled into the binary with the
// assembler's .incbin, so os1 needs no file at run time. CMake passes the
// file's absolute path as OS1_AFFECT_MODEL_FILE and rebuilds this object
// when the file changes. Without a model file (a tree before its first
// training) the blob is empty and load_embedded() says so.
#include "affect/affect.h"

#ifdef OS1_AFFECT_MODEL_FILE
asm(".section .rodata\n"
    ".balign 16\n"
    ".hidden os1_affect_model_begin\n"
    ".globl os1_affect_model_begin\n"
    "os1_affect_model_begin:\n"
    ".incbin \"" OS1_AFFECT_MODEL_FILE "\"\n"
    ".hidden os1_affect_model_end\n"
    ".globl os1_affect_model_end\n"
    "os1_affect_model_end:\n"
    ".previous\n");
extern "C" const char os1_affect_model_begin[];
extern "C" const char os1_affect_model_end[];
#endif

namespace os1::affect {

Result<AffectModel> AffectModel::load_embedded() {
#ifdef OS1_AFFECT_MODEL_FILE
    std::string_view bytes(os1_affect_model_begin, size_t(os1_affect_model_end - os1_affect_model_begin));
    return from_bytes(bytes, "built-in affect model");
#else
    return Error::not_found("this os1 was built without affect weights (src/affect/model/affect.bin is missing); "
                            "train them with bench/affect_train (see src/affect/README.md) and rebuild");
#endif
}

}  // namespace os1::affect
