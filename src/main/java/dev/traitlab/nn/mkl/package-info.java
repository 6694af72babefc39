/**
 * Direct calls into the MKL that libtorch (the engine DJL loads) carries: single-precision matrix
 * products ({@code SGEMM}, and MKL's packed-weight variant) and vectorised exponentials, through
 * the Java foreign-function API on off-heap segments. For hand-written kernels (decoding steps)
 * where DJL's per-op dispatch, not the arithmetic, would set the time. Every entry point reports
 * whether MKL was found, so callers keep a DJL or plain-Java path where it is not.
 */
package dev.traitlab.nn.mkl;
