package dev.traitlab.nn.train;

import dev.traitlab.nn.mkl.MklGemm;
import dev.traitlab.nn.mkl.RowWorkers;

/**
 * Child process of {@code nn.mkl.MklDispatchShimTest}: runs {@link
 * DecoderBackpropTest#checkBlockedProducts} and prints {@code ok PATH STAGED}, {@code skip ...} or
 * {@code failed: MESSAGE} (exit 1).
 */
public final class BlockedProductsProbe {
  private BlockedProductsProbe() {}

  public static void main(String[] args) {
    if (RowWorkers.THREADS < 2) {
      System.out.println("skip: one thread never splits a product");
      System.exit(0);
    }
    try {
      DecoderBackpropTest.checkBlockedProducts();
      System.out.println("ok " + MklGemm.codePath() + " " + DecoderBackprop.STAGE_OUTPUTS);
      System.out.flush();
      System.exit(0);
    } catch (AssertionError | RuntimeException e) {
      System.out.println("failed: " + e.getMessage());
      System.out.flush();
      System.exit(1);
    }
  }
}
