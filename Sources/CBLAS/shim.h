// OpenBLAS's CBLAS interface plus the runtime queries nnbench records in every result.
#include <cblas.h>
