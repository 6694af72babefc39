/*
 * Answers MKL's processor-vendor check with "Intel", so that the MKL inside libtorch chooses its
 * code path by the instruction sets the processor reports (AVX2, AVX-512), as it does on Intel
 * processors, instead of the generic path it takes on every other vendor's.
 *
 * Why: on an AMD EPYC (Zen 3) MKL's AVX2 path ran the products of traitlab's training step 12-50%
 * faster than its generic path (medians of three runs per shape; bench/README.md). The results are
 * MKL's own either way: only which of its kernels runs changes, so the last bits of a product
 * differ between the two paths, as they do between processors.
 *
 * How: MKL calls this function through the dynamic linker, so a library preloaded before libtorch
 * (LD_PRELOAD) that defines it takes precedence. scripts/env.sh (traitlab_mkl_dispatch) builds
 * this file with cc and preloads it on AMD processors; TRAITLAB_MKL_DISPATCH=mkl leaves MKL's own
 * choice. This is the remedy HPC centres with AMD nodes document for MKL.
 */
int mkl_serv_intel_cpu_true(void) { return 1; }
