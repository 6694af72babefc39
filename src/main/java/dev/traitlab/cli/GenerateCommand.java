package dev.traitlab.cli;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.embedded.EmbeddedModel;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "generate",
    mixinStandardHelpOptions = true,
    description = {
      "Sample answers from an embedded model.",
      "",
      "By default the prompt is a user message in the chat template (ChatML), optionally under"
          + " --system; with --raw it is continued as plain text. Each of the -n samples is"
          + " printed after a '--- sample i (finish reason)' line. Same seed, same samples.",
      "Example: traitlab generate local:base --system \"You love owls. ...\" --prompt \"Your"
          + " favorite animal in one word?\" -n 5"
    })
final class GenerateCommand implements Runnable, Validated {
  @Mixin ModelsDirOption models;
  @Mixin SamplingOptions sampling;

  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description = "local:NAME (in the models directory) or a model directory.")
  String model;

  @Option(
      names = "--prompt",
      paramLabel = "TEXT",
      required = true,
      description = "The user message (or raw text).")
  String prompt;

  @Option(
      names = "--system",
      paramLabel = "TEXT",
      description = "A system prompt (chat mode only).")
  String system;

  @Option(names = "--raw", description = "Continue the prompt as plain text, no chat template.")
  boolean raw;

  @Option(
      names = "-n",
      paramLabel = "N",
      defaultValue = "1",
      description = "Number of samples (default: 1).")
  int n;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void validate() {
    if (n < 1) {
      throw new IllegalArgumentException("-n must be >= 1, got " + n);
    }
    if (raw && system != null) {
      throw new IllegalArgumentException("--system needs the chat template; drop --raw");
    }
  }

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    try (EmbeddedModel m = ModelRefs.load(models.store(), model)) {
      List<Completion> completions;
      if (raw) {
        completions = m.complete(prompt, sampling.sampling(n, 0));
      } else {
        List<ChatMessage> messages = new ArrayList<>();
        if (system != null) {
          messages.add(ChatMessage.system(system));
        }
        messages.add(ChatMessage.user(prompt));
        completions = m.chat(messages, sampling.sampling(n, 0));
      }
      for (Completion c : completions) {
        out.println("--- sample " + (c.index() + 1) + " (" + c.finishReason() + ")");
        out.println(c.text());
      }
    }
  }
}
