package dev.jgrad.nn;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Child modules by name, PyTorch's {@code nn.ModuleDict}: insertion-ordered, registered, so their parameters appear
 * as {@code "<name>.weight"}, ... It has no forward of its own.
 *
 * <pre>{@code
 * ModuleDict heads = new ModuleDict();
 * heads.put("species", new Linear(16, 3));
 * heads.put("mass", new Linear(16, 1));
 * Tensor logits = heads.get("species").forward(features);
 * }</pre>
 */
public class ModuleDict extends Module {
  private final Map<String, Module> items = new LinkedHashMap<>();

  public ModuleDict() {}

  /** The entries of {@code modules} in their iteration order. */
  public ModuleDict(Map<String, ? extends Module> modules) {
    modules.forEach(this::put);
  }

  /**
   * Adds or replaces the module {@code name} (replacing keeps its position, as in PyTorch); returns this.
   *
   * @throws IllegalArgumentException if the name is empty or contains a dot, or the module is null
   */
  public ModuleDict put(String name, Module m) {
    registerModule(name, m);
    items.put(name, m);
    return this;
  }

  /**
   * The module named {@code name}.
   *
   * @throws IllegalArgumentException naming the missing key and the keys that exist
   */
  public Module get(String name) {
    Module m = items.get(name);
    if (m == null) {
      throw new IllegalArgumentException("ModuleDict.get: no module named '" + name + "' (keys: " + keys() + ")");
    }
    return m;
  }

  /** Removes the module {@code name} (nothing when absent). */
  void remove(String name) {
    items.remove(name);
    unregisterModule(name);
  }

  public boolean containsKey(String name) {
    return items.containsKey(name);
  }

  /** The names, in insertion order. */
  public Set<String> keys() {
    return java.util.Collections.unmodifiableSet(items.keySet());
  }

  /** The modules, in insertion order. */
  public List<Module> values() {
    return new ArrayList<>(items.values());
  }

  public int size() {
    return items.size();
  }

  /**
   * A ModuleDict only holds modules; PyTorch raises the same way.
   *
   * @throws UnsupportedOperationException always
   */
  @Override
  public Tensor forward(Tensor input) {
    throw new UnsupportedOperationException("ModuleDict.forward: Module [ModuleDict] is missing the required "
        + "\"forward\" function: pick a module by name inside your own module's forward");
  }
}
