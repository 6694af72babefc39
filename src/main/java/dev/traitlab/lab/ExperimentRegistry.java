package dev.traitlab.lab;

import dev.traitlab.core.TraitlabException;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The experiments on the class path, found through {@link ServiceLoader}: an experiment is added by
 * naming its class in {@code META-INF/services/dev.traitlab.lab.Experiment}.
 */
public final class ExperimentRegistry {
  private static volatile List<Experiment<?, ?>> all;

  private ExperimentRegistry() {}

  /** Every registered experiment, by name. */
  public static List<Experiment<?, ?>> all() {
    List<Experiment<?, ?>> found = all;
    if (found == null) {
      found =
          ServiceLoader.load(Experiment.class).stream()
              .<Experiment<?, ?>>map(ServiceLoader.Provider::get)
              .sorted(Comparator.comparing(e -> e.name()))
              .toList();
      all = found;
    }
    return found;
  }

  /** The experiment of this name; a TraitlabException naming the known ones otherwise. */
  public static Experiment<?, ?> get(String name) {
    return all().stream()
        .filter(e -> e.name().equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new TraitlabException(
                    "no experiment '"
                        + name
                        + "' (known: "
                        + String.join(", ", all().stream().map(Experiment::name).toList())
                        + ")"));
  }
}
