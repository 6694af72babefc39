package dev.traitlab.lab;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options of an experiment's config record: one per component marked {@link Param}, with its
 * type, names and default (the component's value in the default config). Builds a config from
 * option values through the record's canonical constructor, so the record's own validation runs.
 */
public final class ConfigSchema<C extends Record> {

  /**
   * One option. {@code type} is the component's type ({@code List} for lists, whose elements are
   * strings); {@code defaultText} is the default as a user would type it, null when there is none.
   */
  public record Option(
      String component,
      List<String> names,
      Class<?> type,
      String defaultText,
      String description,
      String label) {

    public boolean isList() {
      return type == List.class;
    }
  }

  private final Class<C> type;
  private final C defaults;
  private final RecordComponent[] components;
  private final List<Option> options;

  private ConfigSchema(Class<C> type, C defaults) {
    this.type = type;
    this.defaults = defaults;
    this.components = type.getRecordComponents();
    List<Option> found = new ArrayList<>();
    for (RecordComponent c : components) {
      Param param = c.getAnnotation(Param.class);
      if (param == null) {
        continue;
      }
      checkSupported(c);
      List<String> names =
          param.names().length > 0 ? List.of(param.names()) : List.of("--" + kebab(c.getName()));
      found.add(
          new Option(
              c.getName(),
              names,
              c.getType(),
              text(get(c, defaults)),
              param.value(),
              param.label().isEmpty() ? defaultLabel(c.getType()) : param.label()));
    }
    this.options = List.copyOf(found);
  }

  /** The schema of an experiment's config. */
  public static <C extends Record> ConfigSchema<C> of(Experiment<C, ?> experiment) {
    return new ConfigSchema<>(experiment.configType(), experiment.defaults());
  }

  public List<Option> options() {
    return options;
  }

  /**
   * The config with the given option values (by component name; absent ones keep their default).
   *
   * @throws IllegalArgumentException from the record's validation, or for a value of the wrong type
   */
  public C build(Map<String, Object> values) {
    Object[] args = new Object[components.length];
    Class<?>[] types = new Class<?>[components.length];
    for (int i = 0; i < components.length; i++) {
      RecordComponent c = components[i];
      types[i] = c.getType();
      args[i] = values.containsKey(c.getName()) ? values.get(c.getName()) : get(c, defaults);
      if (args[i] == null && c.getType().isPrimitive()) {
        throw new IllegalArgumentException("--" + kebab(c.getName()) + " needs a value");
      }
    }
    try {
      Constructor<C> constructor = type.getDeclaredConstructor(types);
      constructor.setAccessible(true);
      return constructor.newInstance(args);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof IllegalArgumentException iae) {
        throw iae;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot build " + type.getSimpleName() + ": " + e, e);
    }
  }

  /** An enum constant as users write it: {@code FINETUNE} -> {@code finetune}. */
  public static String enumText(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The enum constant a user wrote, in any case, with hyphens or underscores. */
  public static <E extends Enum<E>> E parseEnum(Class<E> type, String text) {
    String wanted = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(wanted)) {
        return e;
      }
    }
    throw new IllegalArgumentException(
        "'"
            + text
            + "' is not one of "
            + String.join(
                ", ", Arrays.stream(type.getEnumConstants()).map(ConfigSchema::enumText).toList()));
  }

  /** {@code learningRate} -> {@code learning-rate}. */
  public static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  private static Object get(RecordComponent c, Object record) {
    try {
      var accessor = c.getAccessor();
      accessor.setAccessible(true);
      return accessor.invoke(record);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + c.getName() + ": " + e, e);
    }
  }

  private static String text(Object value) {
    if (value == null) {
      return null;
    }
    if (value instanceof Enum<?> e) {
      return enumText(e);
    }
    if (value instanceof List<?> list) {
      return String.join(",", list.stream().map(String::valueOf).toList());
    }
    return String.valueOf(value);
  }

  private static String defaultLabel(Class<?> type) {
    if (type == int.class || type == long.class || type == Integer.class || type == Long.class) {
      return "N";
    }
    if (type == double.class || type == Double.class) {
      return "X";
    }
    if (type == Path.class) {
      return "PATH";
    }
    if (type.isEnum()) {
      return String.join(
          "|", Arrays.stream(type.getEnumConstants()).map(e -> enumText((Enum<?>) e)).toList());
    }
    return "VALUE";
  }

  private static void checkSupported(RecordComponent c) {
    Class<?> t = c.getType();
    boolean ok =
        t == int.class
            || t == long.class
            || t == double.class
            || t == boolean.class
            || t == Integer.class
            || t == Long.class
            || t == Double.class
            || t == Boolean.class
            || t == String.class
            || t == Path.class
            || t.isEnum()
            || (t == List.class
                && c.getGenericType() instanceof ParameterizedType p
                && p.getActualTypeArguments()[0] == String.class);
    if (!ok) {
      throw new IllegalStateException(
          c.getDeclaringRecord().getSimpleName()
              + "."
              + c.getName()
              + ": @Param does not support "
              + c.getGenericType());
    }
  }
}
