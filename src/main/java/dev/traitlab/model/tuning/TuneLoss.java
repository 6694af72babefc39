package dev.traitlab.model.tuning;

import dev.traitlab.model.embedded.EmbeddedModel;

/**
 * What a fine-tune learns on the assistant turns: their tokens, or a teacher's next-token
 * distributions there.
 */
public sealed interface TuneLoss {

  /** Next-token cross-entropy on the assistant turns' tokens. */
  record Tokens() implements TuneLoss {}

  /**
   * KL(teacher || student) of the next-token distributions on the assistant turns (section 6 of the
   * subliminal-learning paper). The teacher, of the student's vocabulary, reads {@code
   * teacherSystem} (null: none) before each conversation, as when it wrote the answers; the student
   * does not.
   */
  record Distillation(EmbeddedModel teacher, String teacherSystem) implements TuneLoss {}

  static TuneLoss tokens() {
    return new Tokens();
  }

  static TuneLoss distillation(EmbeddedModel teacher, String teacherSystem) {
    return new Distillation(teacher, teacherSystem);
  }
}
