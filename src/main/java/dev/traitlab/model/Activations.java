package dev.traitlab.model;

import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.cache.CachedModel;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Activations inside a model, read and steered: what probes, monitors and activation oracles work
 * on. Only embedded models have them ({@link dev.traitlab.model.embedded.EmbeddedModel} implements
 * this); {@link #of} finds them behind a model, or says clearly that there are none.
 *
 * <p>Points are named as the engine names them: {@code embed} (the token embeddings), {@code
 * blocks.N.attn_out} (block N's attention output, before the residual add), {@code
 * blocks.N.mlp_out} (its MLP output, likewise) and {@code blocks.N.resid_post} (the residual stream
 * after block N), N from 0. At every point a token has a vector of {@link #hiddenSize()} floats.
 */
public interface Activations {

  /** The points of this model, in the order a forward pass reaches them. */
  List<String> points();

  /** The length of an activation vector at every point. */
  int hiddenSize();

  /**
   * The activations at {@code points} while the model reads each raw text (no chat template, as
   * {@link LanguageModel#complete} reads a prompt): item i holds text i's tokens and, per point, an
   * array of shape [tokens][hiddenSize].
   */
  List<Captured> capture(List<String> texts, Set<String> points);

  /**
   * As {@link #capture}, for conversations in the model's chat template. A conversation that ends
   * with an assistant message is read as it stands (a finished exchange, what a monitor judges);
   * any other ends with the assistant header, as the model reads it before answering.
   */
  List<Captured> captureChats(List<List<ChatMessage>> conversations, Set<String> points);

  /**
   * A view of this model that adds {@code scale * vector} (length {@link #hiddenSize()}) to the
   * activation at {@code point}, at every position, in every call: chat, complete, score and
   * capture. The view shares this model's weights (closing it frees nothing, and it must not
   * outlive this model); it has activations too, so steering composes.
   */
  LanguageModel steered(String point, float[] vector, double scale);

  /** One text's tokens (as text) and, per requested point, its activations [tokens][hidden]. */
  record Captured(List<String> tokens, Map<String, float[][]> activations) {
    /** The activations at one point, shape [tokens][hidden]. */
    public float[][] at(String point) {
      float[][] a = activations.get(point);
      if (a == null) {
        throw new IllegalArgumentException(
            "point '" + point + "' was not captured (captured: " + activations.keySet() + ")");
      }
      return a;
    }
  }

  /**
   * The activations of a model, looking through the call cache and serving wrappers; a model
   * without them (one behind an HTTP API) is a {@link TraitlabException} that says so.
   */
  static Activations of(LanguageModel model) {
    if (model instanceof Activations activations) {
      return activations;
    }
    if (model instanceof CachedModel cached) {
      return of(cached.inner());
    }
    if (model instanceof FineTunableEmbeddedModel servable) {
      return servable.embedded();
    }
    throw new TraitlabException(
        "model "
            + model.name()
            + " has no activations to read or steer: activations and steering need an embedded"
            + " model (local:NAME), not one behind an API");
  }
}
