package dev.traitlab.lab;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a config record component as a command-line option of {@code traitlab run NAME}. The option
 * is {@code --kebab-case} of the component's name unless {@link #names()} says otherwise; its
 * default is the component's value in {@link Experiment#defaults()}. Supported types: int, long,
 * double, boolean, their boxed forms (null: no default), String, Path, enums (written in lower case
 * with hyphens) and {@code List<String>} (comma-separated).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface Param {
  /** What the option does, for --help; the default is appended. */
  String value();

  /** The option's names; empty means {@code --kebab-case} of the component. */
  String[] names() default {};

  /** The placeholder of the value in --help, e.g. {@code N}, {@code FILE}. */
  String label() default "";
}
