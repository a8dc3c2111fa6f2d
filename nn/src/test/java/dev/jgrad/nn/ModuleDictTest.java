package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModuleDictTest {
  private static final Golden REPR = Golden.of("repr.txt");

  private static ModuleDict heads() {
    Map<String, Module> m = new LinkedHashMap<>();
    m.put("head", new Linear(3, 1));
    m.put("act", new Tanh());
    return new ModuleDict(m);
  }

  @Test
  void reprAndStateDictKeysAreTorchs() throws Exception {
    assertEquals(REPR.string("repr.module_dict"), heads().toString());
    assertEquals(Golden.json(REPR.string("names.module_dict_state")), new ArrayList<Object>(heads().stateDict().keySet()));
  }

  @Test
  void getPutReplaceKeepsOrder() {
    ModuleDict d = heads();
    Linear other = new Linear(3, 1);
    d.put("head", other);
    assertSame(other, d.get("head"));
    assertEquals(List.of("head", "act"), new ArrayList<>(d.keys()));
    assertEquals(2, d.size());
    assertTrue(d.containsKey("act"));
    assertFalse(d.containsKey("tail"));
    assertEquals(List.of("head.weight", "head.bias"), new ArrayList<>(d.namedParameters().keySet()));
  }

  @Test
  void badNamesAndMissingKeysFailClearly() {
    ModuleDict d = heads();
    assertContains(assertThrows(IllegalArgumentException.class, () -> d.get("tail")).getMessage(),
        "ModuleDict.get", "'tail'", "head", "act");
    assertContains(assertThrows(IllegalArgumentException.class, () -> d.put("a.b", new ReLU())).getMessage(),
        "can't contain \".\"");
    assertContains(assertThrows(UnsupportedOperationException.class, () -> d.forward(Tensor.ones(1))).getMessage(),
        "ModuleDict", "missing the required \"forward\"");
  }
}
