package dev.jgrad.optim.conformance;

import dev.jgrad.autograd.Tensor;
import dev.jgrad.optim.ASGD;
import dev.jgrad.optim.Adadelta;
import dev.jgrad.optim.Adagrad;
import dev.jgrad.optim.Adam;
import dev.jgrad.optim.AdamW;
import dev.jgrad.optim.Adamax;
import dev.jgrad.optim.NAdam;
import dev.jgrad.optim.Optimizer;
import dev.jgrad.optim.RAdam;
import dev.jgrad.optim.RMSprop;
import dev.jgrad.optim.Rprop;
import dev.jgrad.optim.SGD;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One PyTorch reference trajectory: a built-in optimizer configuration run for {@code steps} steps on a {@link
 * ReferenceProblem} by {@code torch.optim} (float32, single-tensor path), as recorded by {@code
 * tools/gen_optim_golden.py} into {@code reference-trajectories.txt} next to this class (SGD, Adam, AdamW, RMSprop,
 * Adagrad), and by {@code tools/gen_optim2_golden.py} into {@code reference-trajectories-2.txt} (Adamax, NAdam,
 * RAdam, Adadelta, ASGD, Rprop).
 *
 * <pre>{@code
 * for (ReferenceCase c : ReferenceCase.all()) {
 *   OptimizerConformance.assertMatchesReference(c);      // runs c.newOptimizer(...) and compares
 * }
 * }</pre>
 *
 * @param name e.g. {@code "sgd_nesterov/rosenbrock"}
 * @param optimizer the class name: SGD, Adam, AdamW, RMSprop, Adagrad, Adamax, NAdam, RAdam, Adadelta, ASGD or
 *     Rprop
 * @param options PyTorch-keyed options ({@code lr}, {@code momentum}, {@code betas}, ...)
 * @param problem the problem
 * @param negate whether the gradients were negated (maximize cases run on {@code -f})
 * @param rtol relative tolerance stated for the case
 * @param atol absolute tolerance stated for the case
 * @param expected PyTorch's parameter values after each step
 */
public record ReferenceCase(String name, String optimizer, Map<String, Object> options, ReferenceProblem problem,
    boolean negate, double rtol, double atol, Trajectory expected) {

  private static final List<String> RESOURCES =
      List.of("reference-trajectories.txt", "reference-trajectories-2.txt");
  private static volatile List<ReferenceCase> cache;

  public ReferenceCase {
    options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
  }

  /** The number of steps recorded. */
  public int steps() {
    return expected.steps();
  }

  /**
   * The built-in optimizer this case describes, over {@code params}.
   *
   * @throws IllegalStateException for an optimizer name this kit does not know
   */
  public Optimizer newOptimizer(List<Tensor> params) {
    return switch (optimizer) {
      case "SGD" -> new SGD(params, SGD.Options.fromMap(options));
      case "Adam" -> new Adam(params, Adam.Options.fromMap(options));
      case "AdamW" -> new AdamW(params, AdamW.Options.fromMap(options));
      case "RMSprop" -> new RMSprop(params, RMSprop.Options.fromMap(options));
      case "Adagrad" -> new Adagrad(params, Adagrad.Options.fromMap(options));
      case "Adamax" -> new Adamax(params, Adamax.Options.fromMap(options));
      case "NAdam" -> new NAdam(params, NAdam.Options.fromMap(options));
      case "RAdam" -> new RAdam(params, RAdam.Options.fromMap(options));
      case "Adadelta" -> new Adadelta(params, Adadelta.Options.fromMap(options));
      case "ASGD" -> new ASGD(params, ASGD.Options.fromMap(options));
      case "Rprop" -> new Rprop(params, Rprop.Options.fromMap(options));
      default -> throw new IllegalStateException("ReferenceCase: unknown optimizer '" + optimizer + "' in " + name);
    };
  }

  /** Every reference case, in file order (read once). */
  public static List<ReferenceCase> all() {
    List<ReferenceCase> c = cache;
    if (c == null) {
      List<ReferenceCase> read = new ArrayList<>();
      for (String resource : RESOURCES) {
        try (InputStream in = ReferenceCase.class.getResourceAsStream(resource)) {
          if (in == null) {
            throw new IllegalStateException("ReferenceCase: resource " + resource + " is missing from the classpath");
          }
          read.addAll(parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))));
        } catch (IOException e) {
          throw new UncheckedIOException("ReferenceCase: cannot read " + resource, e);
        }
      }
      c = Collections.unmodifiableList(read);
      cache = c;
    }
    return c;
  }

  /** The cases of one optimizer (e.g. {@code "Adam"}), in file order. */
  public static List<ReferenceCase> forOptimizer(String optimizer) {
    List<ReferenceCase> out = new ArrayList<>();
    for (ReferenceCase c : all()) {
      if (c.optimizer.equals(optimizer)) {
        out.add(c);
      }
    }
    return out;
  }

  /** The case with this name. */
  public static ReferenceCase named(String name) {
    for (ReferenceCase c : all()) {
      if (c.name.equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("ReferenceCase: no case named '" + name + "'");
  }

  private static List<ReferenceCase> parse(BufferedReader reader) throws IOException {
    List<ReferenceCase> out = new ArrayList<>();
    Map<String, String> header = new LinkedHashMap<>();
    List<float[]> rows = new ArrayList<>();
    int lineNo = 0;
    String line;
    while ((line = reader.readLine()) != null) {
      lineNo++;
      line = line.trim();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = line.indexOf(' ');
      String key = space < 0 ? line : line.substring(0, space);
      String rest = space < 0 ? "" : line.substring(space + 1).trim();
      if (key.equals("end")) {
        out.add(build(header, rows, lineNo));
        header.clear();
        rows = new ArrayList<>();
      } else if (Character.isDigit(key.charAt(0))) {
        String[] parts = rest.split(" ");
        float[] row = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
          row[i] = Float.parseFloat(parts[i]);
        }
        if (Integer.parseInt(key) != rows.size() + 1) {
          throw new IllegalStateException("ReferenceCase: line " + lineNo + ": expected step " + (rows.size() + 1));
        }
        rows.add(row);
      } else {
        header.put(key, rest);
      }
    }
    return out;
  }

  private static ReferenceCase build(Map<String, String> h, List<float[]> rows, int lineNo) {
    Map<String, Object> options = new LinkedHashMap<>();
    for (String kv : h.get("options").split(" ")) {
      int eq = kv.indexOf('=');
      String k = kv.substring(0, eq);
      String v = kv.substring(eq + 1);
      if (v.equals("true") || v.equals("false")) {
        options.put(k, Boolean.valueOf(v));
      } else if (v.contains(",")) {
        List<Double> pair = new ArrayList<>();
        for (String part : v.split(",")) {
          pair.add(Double.parseDouble(part));
        }
        options.put(k, pair);
      } else {
        options.put(k, Double.parseDouble(v));
      }
    }
    ReferenceProblem problem = ReferenceProblem.valueOf(h.get("problem"));
    int steps = Integer.parseInt(h.get("steps"));
    if (rows.size() != steps) {
      throw new IllegalStateException(
          "ReferenceCase: case ending at line " + lineNo + " has " + rows.size() + " steps, header says " + steps);
    }
    return new ReferenceCase(h.get("case"), h.get("optimizer"), options, problem, Boolean.parseBoolean(h.get("negate")),
        Double.parseDouble(h.get("rtol")), Double.parseDouble(h.get("atol")),
        new Trajectory(problem, rows.toArray(new float[0][])));
  }

  @Override
  public String toString() {
    return name + " " + optimizer + options;
  }
}
