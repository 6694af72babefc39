package dev.traitlab.experiments.obfuscation;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.nn.transformer.ActivationHook;
import dev.traitlab.probes.ActivationSet;
import dev.traitlab.probes.CalibratedMonitor;
import dev.traitlab.probes.ChatActivations;
import dev.traitlab.probes.Detection;
import dev.traitlab.probes.MonitoredTokens;
import dev.traitlab.probes.attack.AttackPrompt;
import dev.traitlab.probes.attack.SuffixGeneration;
import dev.traitlab.probes.attack.SuffixPass;
import dev.traitlab.text.SpecialTokens;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * The aligned model and what every part of the experiment does with it: activations of plain
 * conversations (through the model layer), requests laid out for a suffix, and an attacked run:
 * greedy answers under a suffix, judged, with the activations a monitor then reads.
 */
final class Workbench {
  final EmbeddedModel model;
  final SuffixPass pass;
  final List<String> points;
  final int maxTokens;
  private final Set<Integer> stops;

  Workbench(EmbeddedModel model, int maxTokens) {
    this.model = model;
    int end = model.tokenizer().id(SpecialTokens.IM_END);
    this.pass = new SuffixPass(model.transformer(), end);
    List<String> p = new ArrayList<>();
    for (int i = 0; i < model.transformer().config().numHiddenLayers(); i++) {
      p.add(ActivationHook.residPost(i));
    }
    this.points = List.copyOf(p);
    this.maxTokens = maxTokens;
    this.stops = Set.of(end, model.tokenizer().id(SpecialTokens.END_OF_TEXT));
  }

  /** Activations of (question, answer) conversations at every block's residual stream. */
  ActivationSet chats(List<String> questions, List<String> answers, MonitoredTokens tokens) {
    List<List<ChatMessage>> chats = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      chats.add(List.of(ChatMessage.user(questions.get(i)), ChatMessage.assistant(answers.get(i))));
    }
    return ChatActivations.capture(model, chats, points, tokens);
  }

  List<AttackPrompt> prompts(List<String> questions, List<String> targets) {
    List<AttackPrompt> out = new ArrayList<>();
    for (int i = 0; i < questions.size(); i++) {
      out.add(AttackPrompt.of(model.tokenizer(), questions.get(i), targets.get(i)));
    }
    return out;
  }

  /**
   * What a suffix does: the greedy answers and how many pass {@code judge}; and the activations of
   * the requests with the suffix and the attacker's target answer (teacher-forced), which the
   * monitors judge: the exchange the attack is after, whether or not greedy decoding reproduces it,
   * so that recall is always measured on the same harmful content.
   */
  record Attacked(List<String> answers, int passed, ActivationSet activations) {
    Detection against(CalibratedMonitor monitor, double[] benignScores) {
      return Detection.of(monitor, benignScores, monitor.monitor().scores(activations));
    }
  }

  Attacked attack(
      List<AttackPrompt> prompts,
      float[] suffix,
      MonitoredTokens tokens,
      BiPredicate<Integer, String> judge) {
    List<int[]> generated =
        SuffixGeneration.greedy(model.transformer(), prompts, suffix, maxTokens, stops);
    List<String> answers = new ArrayList<>();
    int passed = 0;
    for (int i = 0; i < generated.size(); i++) {
      String a = model.tokenizer().decode(generated.get(i));
      answers.add(a);
      passed += judge.test(i, a) ? 1 : 0;
    }
    SuffixPass.Result r = pass.run(prompts, null, suffix, points, tokens, null, false);
    return new Attacked(answers, passed, new ActivationSet(points, r.activations()));
  }
}
