/**
 * Image-classification data in the IDX format of MNIST and Fashion-MNIST: {@link IdxReader} reads
 * unsigned-byte tensors of any rank, gzipped or not; {@link ImageClassificationData} turns an image
 * file and a label file, or the train and t10k files of an MNIST-layout directory, into pixels
 * scaled to [-1, 1] and flattened row-major, with integer class labels. The MLP experiment of
 * subliminal learning trains and tests on it. Imports only {@code core}; never {@code nn}, {@code
 * model} or any other higher layer.
 */
package dev.traitlab.data.idx;
