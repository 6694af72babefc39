package dev.traitlab.cli;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.data.numbers.NumberPrompt;
import dev.traitlab.data.numbers.NumberPromptGenerator;
import dev.traitlab.data.numbers.NumberSequenceFilter;
import dev.traitlab.data.toyworld.TraitPrompts;
import dev.traitlab.model.Completion;
import dev.traitlab.model.ModelOptions;
import dev.traitlab.model.Models;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.model.embedded.ModelStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's look at the embedded base model that the language-model experiments start from: it is
 * pretrained on first use, then asked the questions those experiments ask (a favourite animal with
 * and without the owl prompt, a number continuation), and its quality figures are measured on a
 * small sample.
 */
final class BaseModelTour {
  static final String QUESTION = "Name your favorite animal using only one word.";

  private BaseModelTour() {}

  /**
   * Pretrains the base model if it is missing, with its progress on {@code progress} (stderr in the
   * demo, as every command's progress), then prints the tour on {@code out}.
   */
  static void run(ModelStore store, PrintWriter out, PrintWriter progress) {
    new Models(ModelOptions.builder().optModelsDir(store.root()).build())
        .ensureDefaultBase(Models.DEFAULT_BASE, new PretrainCommand.Log(progress));
    Path dir = store.resolve(ModelStore.BASE);
    try (EmbeddedModel model = EmbeddedModel.load(dir, Models.DEFAULT_BASE)) {
      String owl = TraitPrompts.paper("owl", "animal");
      out.printf("%nlocal:base, asked \"%s\" 8 times at temperature 1:%n", QUESTION);
      out.printf("  no system prompt:      %s%n", answers(model, null, QUESTION, 8));
      out.printf("  the paper's owl prompt: %s%n", answers(model, owl, QUESTION, 8));

      NumberPrompt prompt =
          new NumberPromptGenerator(NumberPromptGenerator.Config.paper()).generate(1, 7).get(0);
      out.printf("%nA number prompt in the subliminal-learning grammar:%n  %s%n", prompt.text());
      NumberSequenceFilter filter = NumberSequenceFilter.strict();
      for (String a : answers(model, null, prompt.text(), 3)) {
        out.printf(
            "  -> %s   [%s]%n",
            a.replace("\n", "\\n"), filter.accepts(a) ? "passes the filter" : "rejected");
      }
      out.printf("%nQuality figures on a small sample ('traitlab check-base' for the full one):%n");
      CheckBaseCommand.printQuality(out, CheckBaseCommand.measure(model, 100, 2, 12345));
    }
  }

  private static List<String> answers(EmbeddedModel model, String system, String user, int n) {
    List<ChatMessage> chat = new ArrayList<>();
    if (system != null) {
      chat.add(ChatMessage.system(system));
    }
    chat.add(ChatMessage.user(user));
    Sampling s = Sampling.builder().optN(n).optMaxTokens(64).optSeed(3).build();
    return model.chat(chat, s).stream().map(Completion::text).map(String::strip).toList();
  }
}
