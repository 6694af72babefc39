package dev.traitlab.lowprob;

/**
 * A model as the estimators of rare outputs see it: a map from token rows of equal length to the
 * argmax next token at the last position, with the target logit, its gradient with respect to the
 * one-hot input tokens, and the activations the unembedding reads (logits = hidden . unembedding,
 * no bias). A toy model with closed-form answers implements it as readily as a transformer does.
 */
public interface ArgmaxModel {

  int vocabSize();

  /** Width of the activations before the unembedding. */
  int hiddenSize();

  /** The unembedding, [hiddenSize][vocabSize]: logits = hidden . unembedding. */
  float[][] unembedding();

  /**
   * Evaluates rows [B][T] of equal length.
   *
   * @param targets a target token per row, or null (then no target logits and no gradients)
   * @param wantHidden whether to return the activations before the unembedding
   * @param wantGradients whether to return the gradients of the target logits
   */
  Evaluation evaluate(int[][] rows, int[] targets, boolean wantHidden, boolean wantGradients);

  /**
   * The gradient of a row's target logit with respect to the one-hot encoding of its tokens: {@code
   * at(r, p, u)} is d logit[target r] / d onehot[r, p, u], the first-order change from putting
   * token u at position p.
   */
  interface OneHotGradient {
    double at(int row, int position, int token);
  }

  /**
   * One evaluation, rows in input order.
   *
   * @param argmax the argmax next token of each row
   * @param targetLogits each row's target logit (null without targets)
   * @param hidden activations [B][hiddenSize] (null unless asked for)
   * @param gradients one-hot gradients (null unless asked for)
   */
  record Evaluation(
      int[] argmax, float[] targetLogits, float[][] hidden, OneHotGradient gradients) {}
}
