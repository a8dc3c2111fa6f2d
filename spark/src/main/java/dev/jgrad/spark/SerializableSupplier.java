package dev.jgrad.spark;

import java.io.Serializable;
import java.util.function.Supplier;

/**
 * A {@link Supplier} Spark can ship to executors: a lambda or method reference whose target type is this interface
 * is compiled serializable ({@code () -> new Net()}, {@code CrossEntropyLoss::new}), as long as what it captures is.
 *
 * @param <T> what it supplies
 */
@FunctionalInterface
public interface SerializableSupplier<T> extends Supplier<T>, Serializable {}
