package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleListTest {
  private static final Golden REPR = Golden.of("repr.txt");

  /** A module that runs its blocks itself, with a residual connection: ModuleList's reason to exist. */
  static final class Tower extends Module {
    final ModuleList blocks = registerModule("blocks", new ModuleList());

    Tower(int width, int depth) {
      for (int i = 0; i < depth; i++) {
        blocks.add(new Linear(width, width));
      }
    }

    @Override
    public Tensor forward(Tensor x) {
      for (Module b : blocks) {
        x = x.add(b.forward(x).relu());
      }
      return x;
    }
  }

  @Test
  void reprAndStateDictKeysAreTorchs() throws Exception {
    assertEquals(REPR.string("repr.module_list"), new ModuleList(new Linear(2, 3), new ReLU()).toString());
    assertEquals(REPR.string("repr.empty_module_list"), new ModuleList().toString());
    List<Object> keys = new ArrayList<>(new ModuleList(new Linear(2, 3), new ReLU()).stateDict().keySet());
    assertEquals(Golden.json(REPR.string("names.module_list_state")), keys);
  }

  @Test
  void registersItsModulesSoTheirParametersTrain() {
    Tower t = new Tower(3, 2);
    assertEquals(List.of("blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias"),
        new ArrayList<>(t.namedParameters().keySet()));
    t.forward(Tensor.ones(2, 3)).sum().backward();
    for (Parameter p : t.parameters()) {
      assertEquals(List.of(p.shape()[0]), List.of(p.grad().shape()[0]), "gradient reached " + p);
    }
  }

  @Test
  void indexingSizeIterationAndExtend() {
    Linear a = new Linear(2, 2);
    ReLU r = new ReLU();
    ModuleList list = new ModuleList(List.of(a));
    list.addAll(List.of(r, new Identity()));
    assertEquals(3, list.size());
    assertSame(a, list.get(0));
    assertSame(r, list.get(-2));
    List<Module> seen = new ArrayList<>();
    list.forEach(seen::add);
    assertEquals(3, seen.size());
    assertContains(assertThrows(IndexOutOfBoundsException.class, () -> list.get(3)).getMessage(),
        "ModuleList.get", "index 3", "3 modules");
  }

  @Test
  void hasNoForward() {
    assertContains(assertThrows(UnsupportedOperationException.class,
        () -> new ModuleList().forward(Tensor.ones(1))).getMessage(), "ModuleList", "missing the required \"forward\"");
  }
}
