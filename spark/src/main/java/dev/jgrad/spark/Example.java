package dev.jgrad.spark;

import java.io.Serializable;
import java.util.Objects;

/**
 * One training sample as plain arrays, what the executors hold: the features of one row ({@code [F]}) and its
 * target (one class index, or {@code w} regression values).
 *
 * @param features the row's feature values, in model input order
 * @param target the class index as one exact float, or the target values
 */
public record Example(float[] features, float[] target) implements Serializable {
  public Example {
    Objects.requireNonNull(features, "Example: features must not be null");
    Objects.requireNonNull(target, "Example: target must not be null");
  }
}
