// HDF5 C API plus static inline accessors for the macros and globals Swift cannot import.
//
// HDF5's type and property-list ids (H5T_NATIVE_DOUBLE, H5P_DATASET_CREATE, ...) are macros
// that expand to `H5open(), some_global_g`: Swift cannot import them, and Swift 6 rejects the
// mutable globals as not concurrency-safe. These accessors return their values instead.
#ifndef NNBENCH_CHDF5_SHIM_H
#define NNBENCH_CHDF5_SHIM_H

#include <hdf5.h>

// MARK: - Constants

static inline hid_t nnb_H5P_DEFAULT(void) { return H5P_DEFAULT; }
static inline hid_t nnb_H5E_DEFAULT(void) { return H5E_DEFAULT; }
static inline hid_t nnb_H5S_ALL(void) { return H5S_ALL; }
static inline hsize_t nnb_H5S_UNLIMITED(void) { return H5S_UNLIMITED; }
static inline size_t nnb_H5T_VARIABLE(void) { return H5T_VARIABLE; }
static inline unsigned nnb_H5F_ACC_TRUNC(void) { return H5F_ACC_TRUNC; }
static inline unsigned nnb_H5F_ACC_RDONLY(void) { return H5F_ACC_RDONLY; }

// MARK: - Native types

static inline hid_t nnb_H5T_NATIVE_DOUBLE(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t nnb_H5T_NATIVE_FLOAT(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t nnb_H5T_NATIVE_INT64(void) { return H5T_NATIVE_INT64; }
static inline hid_t nnb_H5T_NATIVE_UINT64(void) { return H5T_NATIVE_UINT64; }
static inline hid_t nnb_H5T_NATIVE_UINT8(void) { return H5T_NATIVE_UINT8; }
static inline hid_t nnb_H5T_C_S1(void) { return H5T_C_S1; }

// MARK: - File-format types (what is stored on disk: little-endian IEEE and two's complement)

static inline hid_t nnb_H5T_IEEE_F64LE(void) { return H5T_IEEE_F64LE; }
static inline hid_t nnb_H5T_IEEE_F32LE(void) { return H5T_IEEE_F32LE; }
static inline hid_t nnb_H5T_STD_I64LE(void) { return H5T_STD_I64LE; }
static inline hid_t nnb_H5T_STD_U64LE(void) { return H5T_STD_U64LE; }
static inline hid_t nnb_H5T_STD_U8LE(void) { return H5T_STD_U8LE; }

// MARK: - Property-list classes

static inline hid_t nnb_H5P_FILE_ACCESS(void) { return H5P_FILE_ACCESS; }
static inline hid_t nnb_H5P_DATASET_CREATE(void) { return H5P_DATASET_CREATE; }

// MARK: - Helpers over versioned structs

/// The number of attributes attached to an object, or -1 on failure.
static inline long long nnb_num_attrs(hid_t obj) {
    H5O_info_t info;
    if (H5Oget_info2(obj, &info, H5O_INFO_NUM_ATTRS) < 0) return -1;
    return (long long)info.num_attrs;
}

/// The number of links in a group, or -1 on failure.
static inline long long nnb_num_links(hid_t group) {
    H5G_info_t info;
    if (H5Gget_info(group, &info) < 0) return -1;
    return (long long)info.nlinks;
}

#endif
