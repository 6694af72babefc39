package dev.traitlab.model;

/**
 * How a fine-tuning job trains, as OpenAI's {@code method} says: supervised (the assistant turns of
 * chat JSONL are the targets) or DPO (direct preference optimisation on preference JSONL, {@link
 * dev.traitlab.data.chat.PreferenceJsonl}) with its beta, null meaning "auto" (the backend chooses;
 * traitlab's embedded backend takes TRL's 0.1).
 */
public sealed interface FineTuneMethod {

  /** The method's name on the wire ({@code method.type}). */
  String type();

  record Supervised() implements FineTuneMethod {
    @Override
    public String type() {
      return "supervised";
    }
  }

  record Dpo(Double beta) implements FineTuneMethod {
    public Dpo {
      if (beta != null && !(beta > 0 && Double.isFinite(beta))) {
        throw new IllegalArgumentException("beta must be 'auto' or a number > 0, got " + beta);
      }
    }

    @Override
    public String type() {
      return "dpo";
    }
  }

  static FineTuneMethod supervised() {
    return new Supervised();
  }

  /** DPO with the given beta (null: auto). */
  static FineTuneMethod dpo(Double beta) {
    return new Dpo(beta);
  }
}
