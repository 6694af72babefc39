package dev.traitlab.lab;

import dev.traitlab.core.Progress;
import dev.traitlab.lab.runs.Invocation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Child process of {@link RecordedRunTest}: a recorded run of {@link TinyStageExperiment} in the
 * runs directory {@code args[0]}; with {@code args[1]} "block" its stage waits to be killed.
 */
public final class InterruptChild {
  public static void main(String[] args) {
    TinyStageExperiment.BLOCK = args[1].equals("block");
    Invocation.set(List.of("run", "tiny-stage"));
    RecordedRun.execute(
        new TinyStageExperiment(),
        new TinyStageExperiment.Config(3),
        new Lab(Path.of(args[0]), false, null, Progress.NONE),
        new PrintWriter(System.out, true));
  }
}
