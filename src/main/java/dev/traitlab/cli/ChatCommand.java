package dev.traitlab.cli;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.Completion;
import dev.traitlab.model.Models;
import dev.traitlab.model.embedded.EmbeddedModel;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = {
      "Chat with an embedded model in the terminal.",
      "",
      "Type a message and press Enter; the model answers with the whole conversation as"
          + " context. '/reset' starts over, '/exit' (or end of input) quits. Reads standard"
          + " input, so a file of messages can be piped in.",
      "Example: traitlab chat local:base --system \"You love owls. ...\""
    })
final class ChatCommand implements Runnable {
  @Mixin ModelsDirOption models;
  @Mixin SamplingOptions sampling;

  @Parameters(
      index = "0",
      arity = "0..1",
      defaultValue = Models.DEFAULT_BASE,
      paramLabel = "MODEL",
      description = "local:NAME or a model directory (default: ${DEFAULT-VALUE}).")
  String model;

  @Option(
      names = "--system",
      paramLabel = "TEXT",
      description = "A system prompt for the whole conversation.")
  String system;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    PrintWriter out = spec.commandLine().getOut();
    try (EmbeddedModel m = ModelRefs.load(models.store(), model);
        BufferedReader in =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      List<ChatMessage> history = new ArrayList<>();
      if (system != null) {
        history.add(ChatMessage.system(system));
      }
      int turn = 0;
      out.println("chatting with " + model + " ('/exit' to quit, '/reset' to start over)");
      while (true) {
        out.print("> ");
        out.flush();
        String line = in.readLine();
        if (line == null || line.strip().equals("/exit")) {
          break;
        }
        if (line.strip().equals("/reset")) {
          history.subList(system == null ? 0 : 1, history.size()).clear();
          continue;
        }
        if (line.isBlank()) {
          continue;
        }
        history.add(ChatMessage.user(line));
        Completion c = m.chat(history, sampling.sampling(1, turn++)).get(0);
        history.add(ChatMessage.assistant(c.text()));
        out.println(c.text());
      }
    } catch (IOException e) {
      throw new dev.traitlab.core.TraitlabException("cannot read input: " + e.getMessage());
    }
  }
}
