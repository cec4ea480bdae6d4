// HDF5 C API plus static inline accessors for the macros and globals Swift cannot import.
#include <hdf5.h>
