package dev.traitlab.cli;

import dev.traitlab.model.Sampling;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Sampling options shared by chat and generate. */
final class SamplingOptions implements Validated {
  @Option(
      names = {"-t", "--temperature"},
      paramLabel = "T",
      defaultValue = "1.0",
      description = "Sampling temperature, 0 = greedy (default: ${DEFAULT-VALUE}).")
  double temperature;

  @Option(
      names = "--top-p",
      paramLabel = "P",
      defaultValue = "1.0",
      description = "Nucleus sampling mass (default: ${DEFAULT-VALUE}).")
  double topP;

  @Option(
      names = "--max-tokens",
      paramLabel = "N",
      defaultValue = "128",
      description = "Most tokens per answer (default: ${DEFAULT-VALUE}).")
  int maxTokens;

  @Option(
      names = "--seed",
      paramLabel = "S",
      defaultValue = "0",
      description = "Sampling seed (default: 0).")
  long seed;

  @Option(
      names = "--stop",
      paramLabel = "TEXT",
      description = "Stop when this text appears (repeatable); it is cut from the answer.")
  List<String> stop = new ArrayList<>();

  @Override
  public void validate() {
    if (!(temperature >= 0) || Double.isInfinite(temperature)) {
      throw new IllegalArgumentException("--temperature must be a number >= 0, got " + temperature);
    }
    if (!(topP > 0 && topP <= 1)) {
      throw new IllegalArgumentException("--top-p must be in (0, 1], got " + topP);
    }
    if (maxTokens < 1) {
      throw new IllegalArgumentException("--max-tokens must be >= 1, got " + maxTokens);
    }
    if (stop.stream().anyMatch(String::isEmpty)) {
      throw new IllegalArgumentException("--stop must not be empty");
    }
  }

  Sampling sampling(int n, long seedOffset) {
    return Sampling.builder()
        .optN(n)
        .optTemperature(temperature)
        .optTopP(topP)
        .optMaxTokens(maxTokens)
        .optSeed(seed + seedOffset)
        .optStop(stop)
        .build();
  }
}
