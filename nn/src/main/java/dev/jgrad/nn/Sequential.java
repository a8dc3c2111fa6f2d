package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Modules applied one after another, PyTorch's {@code nn.Sequential}. Children are named {@code "0"}, {@code "1"},
 * ..., so parameters are {@code "0.weight"}, {@code "0.bias"}, ...
 *
 * <pre>{@code
 * Sequential model = new Sequential(new Linear(4, 16), new ReLU(), new Linear(16, 3));
 * Tensor logits = model.forward(x);   // [N, 4] -> [N, 3]
 * Linear last = (Linear) model.get(-1);
 * }</pre>
 */
public class Sequential extends Module implements Iterable<Module> {
  private final List<Module> layers = new ArrayList<>();

  public Sequential(Module... modules) {
    this(List.of(modules));
  }

  public Sequential(List<? extends Module> modules) {
    for (Module m : modules) {
      add(m);
    }
  }

  /** Appends a module (PyTorch's {@code append}); returns this. */
  public Sequential add(Module m) {
    registerModule(Integer.toString(layers.size()), m);
    layers.add(m);
    return this;
  }

  /**
   * The module at {@code index}; negative indices count from the end.
   *
   * @throws IndexOutOfBoundsException {@code index 5 is out of range} for a Sequential of fewer modules
   */
  public Module get(int index) {
    int i = index < 0 ? index + layers.size() : index;
    if (i < 0 || i >= layers.size()) {
      throw new IndexOutOfBoundsException(
          "Sequential.get: index " + index + " is out of range for a Sequential of " + layers.size() + " modules");
    }
    return layers.get(i);
  }

  /** The number of modules (each position counts, even if a module appears twice). */
  public int size() {
    return layers.size();
  }

  @Override
  public Iterator<Module> iterator() {
    return List.copyOf(layers).iterator();
  }

  /** Feeds the input through every module in order ({@link Module#call}, so the children's hooks run). */
  @Override
  public Tensor forward(Tensor input) {
    Tensor x = input;
    for (Module m : layers) {
      x = m.call(x);
    }
    return x;
  }
}
