package dev.traitlab.model;

import dev.traitlab.core.Progress;
import dev.traitlab.core.TraitlabException;
import dev.traitlab.data.chat.ChatExample;
import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.chat.PreferenceExample;
import java.util.List;

/**
 * A model that can be fine-tuned in-process (the embedded backend). {@code traitlab serve} runs
 * such fine-tunes in the background for {@code /v1/fine_tuning/jobs}.
 */
public interface FineTunable {

  /**
   * Trains a copy of this model on the conversations (the assistant turns are the targets) and
   * returns it under {@code newName}. Implementations report to {@code progress} (notes for events,
   * a task for the steps) and stop early, throwing {@link
   * java.util.concurrent.CancellationException}, once it says cancelled.
   */
  LanguageModel fineTune(
      List<List<ChatMessage>> conversations,
      FineTuneHyperparameters hyperparameters,
      long seed,
      String newName,
      Progress progress);

  /**
   * Trains a copy of this model by direct preference optimisation on the preferences (the preferred
   * reply over the non-preferred one, each after its input) and returns it under {@code newName};
   * reports and cancels as {@link #fineTune} does. Models that cannot say so.
   */
  default LanguageModel fineTunePreferences(
      List<PreferenceExample> preferences,
      FineTuneHyperparameters hyperparameters,
      FineTuneMethod.Dpo method,
      long seed,
      String newName,
      Progress progress) {
    throw new TraitlabException(name() + " cannot be fine-tuned by DPO");
  }

  /** The model's name. */
  String name();

  /** The conversations of chat JSONL examples. */
  static List<List<ChatMessage>> conversations(List<ChatExample> examples) {
    return examples.stream().map(ChatExample::messages).toList();
  }
}
