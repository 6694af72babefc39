package dev.traitlab.serve;

import dev.traitlab.data.chat.ChatMessage;
import dev.traitlab.model.ParallelCalls;
import dev.traitlab.model.Sampling;
import dev.traitlab.model.embedded.EmbeddedModel;
import dev.traitlab.model.http.OpenAiClient;
import dev.traitlab.model.http.OpenAiClientConfig;
import dev.traitlab.model.http.OpenAiModel;
import dev.traitlab.testing.TinyEmbeddedModels;
import dev.traitlab.testing.WordModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Requests per second through {@code traitlab serve}'s stack (JDK HTTP client -> Javalin/Jetty ->
 * model) at several client concurrency levels. Two models: one that answers at once (the cost of
 * the HTTP stack itself) and one that takes 20 ms per call (a backend that is not CPU-bound, so
 * concurrency should scale throughput). Run with bench/serve/run.sh.
 */
public final class ServeThroughputBench {
  public static void main(String[] args) {
    int requests = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int[] levels = {1, 4, 16, 64};
    List<ChatMessage> chat0 = List.of(ChatMessage.user("Name an animal."));
    if (args.length > 1 && args[1].equals("embedded")) {
      embedded(chat0, levels);
      return;
    }
    ModelRegistry registry = new ModelRegistry();
    registry.add("instant", new WordModel("instant"));
    registry.add("slow20ms", new WordModel("slow20ms").withDelay(Duration.ofMillis(20)));
    List<ChatMessage> chat = List.of(ChatMessage.user("Name an animal."));
    try (OpenAiServer server =
        OpenAiServer.start(
            ServerConfig.builder().optPort(0).optModelConcurrency(64).build(), registry)) {
      System.out.println("model       concurrency  requests  seconds  requests/s");
      for (String model : List.of("instant", "slow20ms")) {
        for (int level : levels) {
          int n = model.equals("instant") ? requests : Math.min(requests, 100 * level);
          try (OpenAiClient client =
              new OpenAiClient(
                  OpenAiClientConfig.builder()
                      .optBaseUrl(server.baseUrl())
                      .optApiKey(null)
                      .optMaxInFlight(level)
                      .build())) {
            OpenAiModel remote = new OpenAiModel(model, model, client, false);
            Sampling warm = Sampling.builder().optMaxTokens(8).build();
            ParallelCalls.map(
                IntStream.range(0, 2 * level).boxed().toList(), i -> remote.chat(chat, warm));
            long start = System.nanoTime();
            ParallelCalls.map(
                IntStream.range(0, n).boxed().toList(),
                i -> remote.chat(chat, Sampling.builder().optSeed(i).optMaxTokens(8).build()));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                "%-11s %11d  %8d  %7.2f  %10.1f%n", model, level, n, seconds, n / seconds);
          }
        }
      }
    }
    registry.close();
    embedded(chat, levels);
  }

  private static void inProcess(EmbeddedModel model, List<ChatMessage> chat, int n) {
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      model.chat(chat, Sampling.builder().optSeed(i).optMaxTokens(8).build());
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%-11s %11s  %8d  %7.2f  %10.1f%n", "tiny-embed", "in-process", n, seconds, n / seconds);
  }

  /**
   * The tiny untrained embedded transformer (2 layers, hidden 32) behind the server, one call at a
   * time (model concurrency 1, as traitlab serve defaults to), against the same calls made in
   * process: the difference is what HTTP costs.
   */
  private static void embedded(List<ChatMessage> chat, int[] levels) {
    Path dir;
    try {
      dir = Files.createTempDirectory("traitlab-bench-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    TinyEmbeddedModels.create(dir, "tiny", 1);
    int n = 200;
    try (EmbeddedModel model = EmbeddedModel.load(dir.resolve("tiny"), "local:tiny")) {
      // The first few hundred calls of a fresh PyTorch engine are many times slower: warm up.
      for (int i = 0; i < 300; i++) {
        model.chat(chat, Sampling.builder().optSeed(i).optMaxTokens(8).build());
      }
      inProcess(model, chat, n);
      ModelRegistry registry = new ModelRegistry();
      registry.add("tiny", model);
      try (OpenAiServer server =
          OpenAiServer.start(ServerConfig.builder().optPort(0).build(), registry)) {
        for (int level : levels) {
          try (OpenAiClient client =
              new OpenAiClient(
                  OpenAiClientConfig.builder()
                      .optBaseUrl(server.baseUrl())
                      .optApiKey(null)
                      .optMaxInFlight(level)
                      .build())) {
            OpenAiModel remote = new OpenAiModel("tiny", "tiny", client, false);
            long t0 = System.nanoTime();
            ParallelCalls.map(
                IntStream.range(0, n).boxed().toList(),
                i -> remote.chat(chat, Sampling.builder().optSeed(i).optMaxTokens(8).build()));
            double s = (System.nanoTime() - t0) / 1e9;
            System.out.printf("%-11s %11d  %8d  %7.2f  %10.1f%n", "tiny-embed", level, n, s, n / s);
          }
        }
      }
      inProcess(model, chat, n);
    }
  }
}
