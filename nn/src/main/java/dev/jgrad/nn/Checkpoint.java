package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contents of a safetensors file read by {@link Checkpoints#load(java.nio.file.Path)}.
 *
 * @param tensors the tensors by name, in the file's header order
 * @param metadata the string pairs of the header's {@code __metadata__} in file order (empty when absent)
 */
public record Checkpoint(LinkedHashMap<String, Tensor> tensors, Map<String, String> metadata) {
  public Checkpoint {
    tensors = new LinkedHashMap<>(tensors);
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }
}
