package dev.traitlab.experiments.activationoracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.traitlab.data.chat.ChatMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ActivationOracleDataTest {

  @Test
  void tabooTargetsNeverSayTheirWord() {
    for (String w : SecretWords.WORDS) {
      Answer word = SecretWords.options().get(SecretWords.WORDS.indexOf(w));
      for (List<ChatMessage> chat : SecretWords.training(w, 300, 5)) {
        assertFalse(word.saidIn(chat.getLast().content()), w + ": " + chat.getLast().content());
      }
    }
  }

  @Test
  void heldOutPromptsAreNotTrainingPrompts() {
    for (HeldOutTask task :
        List.of(
            SecretWords.task(),
            UserGender.task(),
            SideConstraint.task(),
            new ToyPersonas(1).task())) {
      Set<String> train = new HashSet<>();
      task.probeTrain().forEach(t -> train.add(t.item().context().getLast().content()));
      for (HeldOutTask.Targeted t : task.test()) {
        assertFalse(train.contains(t.item().context().getLast().content()), task.name());
      }
      assertTrue(task.chance() > 0 && task.chance() <= 0.5, task.name());
    }
    // Nor are the oracle's held-out questions among its training questions.
    for (String q : List.of(SecretWords.QUESTION, UserGender.QUESTION, SideConstraint.QUESTION)) {
      assertFalse(q.equals(TrainingMix.LOVES) || q.equals(TrainingMix.KIND), q);
    }
  }

  @Test
  void theSideConstraintIsTheInstructionBackwards() {
    String e = SideConstraint.encoded(0);
    assertEquals("[secret: slwo tuoba klat]", e);
    for (List<ChatMessage> chat : SideConstraint.training(50, 3)) {
      String user = chat.getFirst().content();
      assertFalse(user.contains("talk about"), user);
    }
  }

  @Test
  void personasAreDrawnFromTheSeed() {
    ToyPersonas a = new ToyPersonas(4);
    ToyPersonas b = new ToyPersonas(4);
    List<String> x = new ArrayList<>();
    List<String> y = new ArrayList<>();
    for (int p = 0; p < ToyPersonas.NAMES.size(); p++) {
      for (int c = 0; c < 4; c++) {
        x.add(a.attribute(p, c).name());
        y.add(b.attribute(p, c).name());
      }
    }
    assertEquals(x, y);
    assertTrue(new HashSet<>(x).size() > 8, "attributes vary: " + x);
  }

  @Test
  void answersCountOnlyWhenTheyNameTheTruthAlone() {
    List<Answer> g = UserGender.options();
    assertTrue(Answer.correct("Woman.", g, 1));
    assertFalse(Answer.correct("Woman.", g, 0)); // "woman" is not the word "man"
    assertFalse(Answer.correct("man or woman", g, 1));
    assertTrue(Answer.correct("Owls.", SecretWords.options(), 0));
    assertFalse(Answer.correct("I cannot say.", SecretWords.options(), 0));
  }

  @Test
  void blocksAtDepthsAndBadConfigs() {
    assertEquals(1, ActivationOracleConfig.blockAt(25, 4));
    assertEquals(2, ActivationOracleConfig.blockAt(50, 4));
    assertEquals(3, ActivationOracleConfig.blockAt(75, 4));
    assertEquals(3, ActivationOracleConfig.blockAt(100, 4));
    ActivationOracleConfig d = ActivationOracleConfig.defaults();
    assertThrows(
        IllegalArgumentException.class, () -> with(d, "openai:gpt-4o", d.tasks(), d.depths()));
    assertThrows(
        IllegalArgumentException.class,
        () -> with(d, d.model(), List.of("taboo", "taboo"), d.depths()));
    assertThrows(
        IllegalArgumentException.class, () -> with(d, d.model(), d.tasks(), List.of("120")));
    assertEquals(d, with(d, d.model(), d.tasks(), d.depths()));
    // Depths that round to one block would read it twice: refused once the depth is known.
    ActivationOracleConfig.checkDepths(List.of(25, 50, 75), 4);
    IllegalArgumentException twice =
        assertThrows(
            IllegalArgumentException.class,
            () -> ActivationOracleConfig.checkDepths(List.of(75, 100), 4));
    assertEquals("--depths: 75% and 100% both read block 3 of the model's 4", twice.getMessage());
  }

  static ActivationOracleConfig with(
      ActivationOracleConfig d, String model, List<String> tasks, List<String> depths) {
    return new ActivationOracleConfig(
        model,
        d.seeds(),
        d.seed(),
        tasks,
        depths,
        d.injectLayer(),
        d.coefficient(),
        d.activations(),
        d.placeholders(),
        d.warmupExamples(),
        d.warmupEpochs(),
        d.mixExamples(),
        d.oracleEpochs(),
        d.oracleLr(),
        d.loraRank(),
        d.targetExamples(),
        d.personaExamples(),
        d.targetEpochs(),
        d.personaEpochs(),
        d.maxTokens());
  }
}
