package dev.jgrad.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.datasets.DataLoader;
import dev.jgrad.datasets.TensorDataset;
import dev.jgrad.nn.CrossEntropyLoss;
import dev.jgrad.nn.Loss;
import dev.jgrad.nn.MSELoss;
import dev.jgrad.nn.Module;
import dev.jgrad.nn.Parameter;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.SGD;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Trainer trains a float64 4-16-3 MLP on float64 data as PyTorch does (tools/gen_float64_optim.py, torch 1.13):
 * full-batch, 100 steps, tanh + cross-entropy with SGD(momentum 0.9) and relu + MSE with Adam, from the fixture's
 * initial weights; every step's loss and the final weights agree to relative 1e-10. Needs the float64 forward and
 * backward of linear algebra, activations and losses.
 */
class Float64TrainingTest {
  private static final double REL = 1e-10;

  private static JsonNode fixture() throws IOException {
    try (InputStream in = Float64TrainingTest.class.getResourceAsStream("/golden/float64/mlp.json")) {
      return new ObjectMapper().readTree(in);
    }
  }

  private static double[] doubles(JsonNode a) {
    double[] out = new double[a.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = a.get(i).asDouble();
    }
    return out;
  }

  /** {@code fc2(act(fc1(x)))} with float64 parameters, as the fixture's {@code F.linear} composition. */
  static final class Mlp extends Module {
    final Parameter w1;
    final Parameter b1;
    final Parameter w2;
    final Parameter b2;
    private final boolean tanh;

    Mlp(JsonNode init, boolean tanh) {
      this.w1 = registerParameter("w1", param(init.get("w1"), 16, 4));
      this.b1 = registerParameter("b1", param(init.get("b1"), 16));
      this.w2 = registerParameter("w2", param(init.get("w2"), 3, 16));
      this.b2 = registerParameter("b2", param(init.get("b2"), 3));
      this.tanh = tanh;
    }

    private static Parameter param(JsonNode values, int... shape) {
      return new Parameter(Tensor.of(doubles(values), shape, DType.FLOAT64));
    }

    @Override
    public Tensor forward(Tensor x) {
      Tensor h = x.matmul(w1.t()).add(b1);
      h = tanh ? h.tanh() : h.relu();
      return h.matmul(w2.t()).add(b2);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sgd_momentum", "adam"})
  void float64MlpTrainsAsPyTorch(String name) throws IOException {
    JsonNode f = fixture();
    JsonNode run = null;
    for (JsonNode r : f.get("runs")) {
      if (r.get("name").asText().equals(name)) {
        run = r;
      }
    }
    boolean sgd = name.equals("sgd_momentum");
    Mlp model = new Mlp(f.get("init"), sgd);
    Tensor x = Tensor.of(doubles(f.get("x")), new int[] {32, 4}, DType.FLOAT64);
    long[] y = new long[32];
    double[] oneHot = new double[32 * 3];
    for (int i = 0; i < 32; i++) {
      y[i] = f.get("y").get(i).asLong();
      oneHot[i * 3 + (int) y[i]] = 1;
    }
    Tensor targets = sgd ? Tensor.ofLongs(y) : Tensor.of(oneHot, new int[] {32, 3}, DType.FLOAT64);
    Loss loss = sgd ? new CrossEntropyLoss() : new MSELoss();
    List<Parameter> params = List.of(model.w1, model.b1, model.w2, model.b2);
    Optimizer opt = sgd
        ? new SGD(params, SGD.Options.defaults().withLr(0.1).withMomentum(0.9))
        : new Adam(params, 0.01);
    History h = Trainer.builder().model(model).loss(loss).optimizer(opt).build()
        .fit(DataLoader.of(new TensorDataset(x, targets), 32, false, 0), 100);

    double[] losses = h.column("train_loss");
    double[] want = doubles(run.get("losses"));
    assertEquals(want.length, losses.length);
    for (int i = 0; i < want.length; i++) {
      assertEquals(want[i], losses[i], REL * Math.abs(want[i]), name + " loss at step " + (i + 1));
    }
    JsonNode fin = run.get("final");
    String[] names = {"w1", "b1", "w2", "b2"};
    for (int p = 0; p < names.length; p++) {
      assertEquals(DType.FLOAT64, params.get(p).dtype());
      double[] got = params.get(p).toDoubleArray();
      double[] exp = doubles(fin.get(names[p]));
      for (int i = 0; i < exp.length; i++) {
        assertEquals(exp[i], got[i], REL * Math.max(1e-2, Math.abs(exp[i])), name + " " + names[p] + "[" + i + "]");
      }
    }
  }
}
