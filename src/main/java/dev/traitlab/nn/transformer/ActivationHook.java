package dev.traitlab.nn.transformer;

import ai.djl.ndarray.NDArray;

/**
 * Looks at, or replaces, the activation at named points of a forward pass: {@code embed}, {@code
 * blocks.N.attn_out} (attention output after o_proj, before the residual add), {@code
 * blocks.N.mlp_out} and {@code blocks.N.resid_post} (residual stream after block N). Activations
 * have shape [batch, positions, hidden_size].
 */
public interface ActivationHook {

  /** Whether this hook looks at the named point; the others cost nothing. */
  boolean wants(String point);

  /**
   * Called with the activation at {@code point}; returns it unchanged or a replacement of the same
   * shape (created from it, so it lives in the pass's memory scope). During training the value is
   * part of the graph, so a replacement is differentiated through.
   */
  NDArray apply(String point, NDArray activation);

  /**
   * {@code first}, then {@code then} on what {@code first} returned, at every point either wants
   * ({@code first} null: {@code then} alone).
   */
  static ActivationHook chain(ActivationHook first, ActivationHook then) {
    if (first == null) {
      return then;
    }
    return new ActivationHook() {
      @Override
      public boolean wants(String point) {
        return first.wants(point) || then.wants(point);
      }

      @Override
      public NDArray apply(String point, NDArray activation) {
        NDArray x = first.wants(point) ? first.apply(point, activation) : activation;
        return then.wants(point) ? then.apply(point, x) : x;
      }
    };
  }

  static String embed() {
    return "embed";
  }

  static String residPost(int layer) {
    return "blocks." + layer + ".resid_post";
  }

  static String attnOut(int layer) {
    return "blocks." + layer + ".attn_out";
  }

  static String mlpOut(int layer) {
    return "blocks." + layer + ".mlp_out";
  }
}
