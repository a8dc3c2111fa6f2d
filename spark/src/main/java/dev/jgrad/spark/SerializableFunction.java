package dev.jgrad.spark;

import java.io.Serializable;
import java.util.function.Function;

/**
 * A {@link Function} Spark can ship to executors (a lambda whose target type is this interface is compiled
 * serializable, as long as what it captures is).
 *
 * @param <T> the argument
 * @param <R> the result
 */
@FunctionalInterface
public interface SerializableFunction<T, R> extends Function<T, R>, Serializable {}
