package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A list of child modules, PyTorch's {@code nn.ModuleList}: holds layers that a custom {@link Module#forward} uses
 * in its own order (skip connections, a variable number of blocks) while registering them, so their parameters
 * appear in {@link #parameters()} and {@link #stateDict()} as {@code "0.weight"}, {@code "1.bias"}, ... It has no
 * forward of its own.
 *
 * <pre>{@code
 * class Tower extends Module {
 *   final ModuleList blocks = registerModule("blocks", new ModuleList());
 *   Tower(int width, int depth) { for (int i = 0; i < depth; i++) blocks.add(new Linear(width, width)); }
 *   public Tensor forward(Tensor x) { for (Module b : blocks) x = x.add(b.forward(x).relu()); return x; }
 * }
 * }</pre>
 */
public class ModuleList extends Module implements Iterable<Module> {
  private final List<Module> items = new ArrayList<>();

  public ModuleList(Module... modules) {
    this(List.of(modules));
  }

  public ModuleList(List<? extends Module> modules) {
    for (Module m : modules) {
      add(m);
    }
  }

  /** Appends a module (PyTorch's {@code append}); returns this. */
  public ModuleList add(Module m) {
    registerModule(Integer.toString(items.size()), m);
    items.add(m);
    return this;
  }

  /** Appends every module of {@code modules} in order (PyTorch's {@code extend}); returns this. */
  public ModuleList addAll(Iterable<? extends Module> modules) {
    for (Module m : modules) {
      add(m);
    }
    return this;
  }

  /**
   * The module at {@code index}; negative indices count from the end.
   *
   * @throws IndexOutOfBoundsException {@code index 5 is out of range} for a list of fewer modules
   */
  public Module get(int index) {
    int i = index < 0 ? index + items.size() : index;
    if (i < 0 || i >= items.size()) {
      throw new IndexOutOfBoundsException(
          "ModuleList.get: index " + index + " is out of range for a ModuleList of " + items.size() + " modules");
    }
    return items.get(i);
  }

  /** The number of modules. */
  public int size() {
    return items.size();
  }

  @Override
  public Iterator<Module> iterator() {
    return List.copyOf(items).iterator();
  }

  /**
   * A ModuleList only holds modules; PyTorch raises the same way.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Tensor forward(Tensor input) {
    throw new UnsupportedOperationException("ModuleList.forward: Module [ModuleList] is missing the required "
        + "\"forward\" function: iterate over it inside your own module's forward");
  }
}
