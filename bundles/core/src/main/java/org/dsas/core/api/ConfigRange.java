package org.dsas.core.api;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The values a numeric setting of a typed configuration accepts, inclusive. {@link ConfigCheck}
 * refuses a value outside them (the component keeps its settings); nothing is clamped.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ConfigRange {
    double min();

    double max();
}
