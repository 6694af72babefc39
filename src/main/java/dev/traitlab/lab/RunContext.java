package dev.traitlab.lab;

import dev.traitlab.core.Progress;
import dev.traitlab.lab.stages.Stages;
import java.nio.file.Path;

/**
 * What a running experiment gets: the lab it runs in, its run id and directory (for files a reader
 * opens, such as eval sample logs), and the stage cache every expensive step goes through.
 */
public record RunContext(Lab lab, String runId, Path runDir, Stages stages) {

  public Progress progress() {
    return lab.progress();
  }
}
