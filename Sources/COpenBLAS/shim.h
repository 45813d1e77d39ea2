#ifndef MNEMO_COPENBLAS_SHIM_H
#define MNEMO_COPENBLAS_SHIM_H
// Debian installs OpenBLAS's cblas.h under an alternatives-managed include folder;
// pkg-config (openblas.pc) adds it to the search path.
#include <cblas.h>
#endif
