package dev.jgrad.nn;

import static dev.jgrad.nn.Golden.assertContains;
import static dev.jgrad.nn.Golden.assertExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jgrad.autograd.Generator;
import dev.jgrad.autograd.Tensor;
import dev.jgrad.nn.Init.FanMode;
import dev.jgrad.nn.Init.Nonlinearity;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class InitTest {
  private static final Golden G = Golden.of("init.txt");

  static Stream<Arguments> seededFunctions() {
    // Drawn one after another after torch.manual_seed(7), in this order (see gen_nn_golden.py).
    return Stream.of(
        Arguments.of("uniform", new int[] {3, 4}, (UnaryOperator<Tensor>) t -> Init.uniform_(t, -2.0, 3.0)),
        Arguments.of("uniform_default", new int[] {5}, (UnaryOperator<Tensor>) Init::uniform_),
        Arguments.of("normal_vec", new int[] {5, 4}, (UnaryOperator<Tensor>) t -> Init.normal_(t, 1.0, 2.0)),
        Arguments.of("normal_scalar", new int[] {2, 3}, (UnaryOperator<Tensor>) Init::normal_),
        Arguments.of("constant", new int[] {2, 2}, (UnaryOperator<Tensor>) t -> Init.constant_(t, 0.25)),
        Arguments.of("xavier_uniform", new int[] {4, 6},
            (UnaryOperator<Tensor>) t -> Init.xavierUniform_(t, Init.calculateGain("relu"))),
        Arguments.of("xavier_normal", new int[] {20, 3}, (UnaryOperator<Tensor>) Init::xavierNormal_),
        Arguments.of("kaiming_uniform_fan_out", new int[] {8, 3, 2, 2},
            (UnaryOperator<Tensor>) t -> Init.kaimingUniform_(t, 0, FanMode.FAN_OUT, Nonlinearity.RELU)),
        Arguments.of("kaiming_uniform_default", new int[] {3, 7}, (UnaryOperator<Tensor>) Init::kaimingUniform_),
        Arguments.of("kaiming_normal_leaky", new int[] {6, 5},
            (UnaryOperator<Tensor>) t -> Init.kaimingNormal_(t, 0.2, FanMode.FAN_IN, Nonlinearity.LEAKY_RELU)),
        Arguments.of("kaiming_normal_tanh_fan_out", new int[] {3, 4},
            (UnaryOperator<Tensor>) t -> Init.kaimingNormal_(t, 0, FanMode.FAN_OUT, Nonlinearity.TANH)));
  }

  @Test
  void everyFunctionDrawsExactlyTorchsNumbersFromTheSharedStream() {
    Tensor.manualSeed(7);
    seededFunctions().forEach(a -> {
      Object[] v = a.get();
      @SuppressWarnings("unchecked")
      UnaryOperator<Tensor> fn = (UnaryOperator<Tensor>) v[2];
      Tensor t = Tensor.zeros((int[]) v[1]);
      assertSame(t, fn.apply(t));
      assertExact("fn." + v[0], G.tensor("fn." + v[0]), t);
    });
    // Non-contiguous targets: uniform_ follows memory order, normal_ takes the per-element (scalar) path.
    Tensor u = Tensor.zeros(5, 4).t();
    Init.uniform_(u, -1.0, 1.0);
    assertExact("fn.uniform_transposed", G.tensor("fn.uniform_transposed"), u);
    Tensor n = Tensor.zeros(5, 4).t();
    Init.normal_(n);
    assertExact("fn.normal_transposed", G.tensor("fn.normal_transposed"), n);
  }

  @ParameterizedTest
  @MethodSource("seededFunctions")
  void eachFunctionAloneKeepsShapeAndRunsWithoutGrad(String name, int[] shape, UnaryOperator<Tensor> fn) {
    Parameter p = new Parameter(Tensor.zeros(shape));
    fn.apply(p); // would throw if the fill were recorded (in-place on a leaf that requires grad)
    assertArrayEquals(shape, p.shape());
    assertEquals(null, p.gradFn(), name);
    assertTrue(p.requiresGrad());
  }

  @Test
  void gainsEqualTorchs() {
    assertEquals(G.number("gain.linear"), Init.calculateGain(Nonlinearity.LINEAR));
    assertEquals(G.number("gain.conv2d"), Init.calculateGain("conv2d"));
    assertEquals(G.number("gain.sigmoid"), Init.calculateGain(Nonlinearity.SIGMOID));
    assertEquals(G.number("gain.tanh"), Init.calculateGain(Nonlinearity.TANH));
    assertEquals(G.number("gain.relu"), Init.calculateGain(Nonlinearity.RELU));
    assertEquals(G.number("gain.leaky_relu"), Init.calculateGain(Nonlinearity.LEAKY_RELU));
    assertEquals(G.number("gain.leaky_relu_0p2"), Init.calculateGain(Nonlinearity.LEAKY_RELU, 0.2));
    assertEquals(G.number("gain.leaky_relu_2p23607"), Init.calculateGain(Nonlinearity.LEAKY_RELU, Math.sqrt(5)));
    assertEquals(G.number("gain.selu"), Init.calculateGain(Nonlinearity.SELU));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Init.calculateGain("swish"));
    assertContains(e.getMessage(), "Unsupported nonlinearity swish");
  }

  @Test
  void fansFollowTorchAndNeedTwoDims() {
    assertArrayEquals(new int[] {3 * 4, 8 * 4}, Init.fanInAndFanOut(Tensor.zeros(8, 3, 2, 2)));
    assertArrayEquals(new int[] {5, 7}, Init.fanInAndFanOut(Tensor.zeros(7, 5)));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform_(Tensor.zeros(3)));
    assertContains(e.getMessage(), "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions",
        "[3]");
  }

  @Test
  void zeroElementTensorsAreANoOpAndDrawNothing() {
    Generator.global().manualSeed(3);
    float expected = Tensor.rand(1).item();
    Generator.global().manualSeed(3);
    Init.kaimingUniform_(Tensor.zeros(0, 4));
    Init.xavierNormal_(Tensor.zeros(4, 0));
    assertEquals(expected, Tensor.rand(1).item());
  }

  @Test
  void constantsAndPrivateGenerators() {
    Tensor t = Tensor.zeros(2, 3);
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1}, Init.ones_(t).toArray());
    assertArrayEquals(new float[6], Init.zeros_(t).toArray());
    Tensor a = Init.uniform_(Tensor.zeros(4), -1, 1, new Generator(5));
    Tensor b = Init.uniform_(Tensor.zeros(4), -1, 1, new Generator(5));
    assertArrayEquals(a.toArray(), b.toArray());
    assertThrows(IllegalArgumentException.class, () -> Init.uniform_(Tensor.zeros(2), 1, -1));
    assertThrows(IllegalArgumentException.class, () -> Init.normal_(Tensor.zeros(2), 0, -1));
  }

  @Test
  void statisticsMatchTheDocumentedDistributions() {
    Tensor.manualSeed(11);
    // Linear's default: U(±1/√fan_in); the sample max comes close to the bound but never exceeds it.
    Tensor w = new Linear(100, 400).weight().detach();
    double bound = 1 / Math.sqrt(100);
    float[] v = w.toArray();
    double max = 0;
    double sum = 0;
    double sq = 0;
    for (float x : v) {
      max = Math.max(max, Math.abs(x));
      sum += x;
      sq += x * x;
    }
    assertTrue(max <= bound && max > 0.999 * bound, "max |w| = " + max);
    double mean = sum / v.length;
    double var = sq / v.length - mean * mean;
    assertEquals(0, mean, 0.002);
    assertEquals(bound * bound / 3, var, 0.03 * bound * bound / 3); // variance of U(-b, b) is b²/3
    // Kaiming normal (fan in, ReLU): std √2/√fan_in.
    Tensor k = Init.kaimingNormal_(Tensor.zeros(500, 200), 0, FanMode.FAN_IN, Nonlinearity.RELU);
    assertEquals(Math.sqrt(2.0 / 200), k.std().item(), 0.01 * Math.sqrt(2.0 / 200));
    assertEquals(0, k.mean().item(), 0.001);
    // Xavier uniform: variance 2 / (fan_in + fan_out).
    Tensor x = Init.xavierUniform_(Tensor.zeros(300, 700));
    assertEquals(Math.sqrt(2.0 / 1000), x.std().item(), 0.01 * Math.sqrt(2.0 / 1000));
  }
}
