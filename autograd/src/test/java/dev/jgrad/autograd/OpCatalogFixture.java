package dev.jgrad.autograd;

import dev.jgrad.autograd.storage.Shapes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads golden/ops/ops.txt (written by tools/gen_ops_golden.py; the format is in the script's docstring) and
 * builds a case's inputs from its specs: the exact base values come from the fixture, the views (transpose,
 * slice, expand, permute) are applied here as the spec says, exactly as the script applied them in PyTorch.
 */
final class OpCatalogFixture {
  private OpCatalogFixture() {}

  /** One tensor of the fixture. */
  record Data(DType dtype, int[] shape, float[] values) {
    Tensor tensor() {
      Tensor t = Tensor.of(values, shape);
      switch (dtype) {
        case INT64:
          return t.to(DType.INT64);
        case BOOL:
          return t.ne(0);
        default:
          return t;
      }
    }
  }

  /** A golden case: inputs (spec and base values), outputs, grad_fn name, weights and gradients per leaf. */
  static final class Case {
    final String id;
    final List<String> specs = new ArrayList<>();
    final List<Data> bases = new ArrayList<>();
    final List<Data> outputs = new ArrayList<>();
    String gradFn;
    final Map<Integer, Data> weights = new TreeMap<>();
    /** Gradient per leaf index; a null value means PyTorch returned None (the leaf was not used). */
    final Map<Integer, Data> grads = new TreeMap<>();
    final Map<Integer, Data> u = new TreeMap<>();
    final Map<Integer, Data> grads2 = new TreeMap<>();
    String gradUnsupported;
    String grad2Unsupported;

    Case(String id) {
      this.id = id;
    }
  }

  /** A golden error: inputs (specs only) and PyTorch's exception type and message. */
  static final class ErrorCase {
    final String id;
    final List<String> specs = new ArrayList<>();
    String type;
    String message;

    ErrorCase(String id) {
      this.id = id;
    }
  }

  static final Map<String, Case> CASES = new LinkedHashMap<>();
  static final Map<String, ErrorCase> ERRORS = new LinkedHashMap<>();
  static String header;

  static {
    load();
  }

  private static void load() {
    String path = "/golden/ops/ops.txt";
    InputStream in = OpCatalogFixture.class.getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("missing fixture " + path + " (run tools/gen_ops_golden.py)");
    }
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      Case c = null;
      ErrorCase e = null;
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#")) {
          header = line;
          continue;
        }
        String[] tok = line.split(" ");
        switch (tok[0]) {
          case "case":
            c = new Case(tok[1]);
            CASES.put(c.id, c);
            break;
          case "error":
            e = new ErrorCase(tok[1]);
            ERRORS.put(e.id, e);
            break;
          case "in":
            if (e != null) {
              e.specs.add(tok[2]);
            } else {
              c.specs.add(tok[2]);
              c.bases.add(data(tok, 3));
            }
            break;
          case "out":
            c.outputs.add(data(tok, 2));
            break;
          case "gradfn":
            c.gradFn = tok[1];
            break;
          case "w":
            c.weights.put(Integer.parseInt(tok[1]), data(tok, 2));
            break;
          case "grad":
            if (tok[1].equals("unsupported")) {
              c.gradUnsupported = line;
            } else {
              c.grads.put(Integer.parseInt(tok[1]), tok[2].equals("none") ? null : data(tok, 2));
            }
            break;
          case "u":
            c.u.put(Integer.parseInt(tok[1]), data(tok, 2));
            break;
          case "grad2":
            if (tok[1].equals("unsupported")) {
              c.grad2Unsupported = line;
            } else {
              c.grads2.put(Integer.parseInt(tok[1]), tok[2].equals("none") ? null : data(tok, 2));
            }
            break;
          case "type":
            e.type = tok[1];
            break;
          case "msg":
            e.message = line.substring(4);
            break;
          case "end":
            c = null;
            e = null;
            break;
          default:
            throw new IllegalStateException("ops.txt: unexpected line: " + line);
        }
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  /** Parses "dtype [shape] v0 v1 ..." starting at token {@code from}. */
  static Data data(String[] tok, int from) {
    DType dtype = DType.valueOf(tok[from].toUpperCase());
    int[] shape = shape(tok[from + 1]);
    float[] values = new float[tok.length - from - 2];
    for (int i = 0; i < values.length; i++) {
      values[i] = parse(tok[from + 2 + i]);
    }
    return new Data(dtype, shape, values);
  }

  static float parse(String s) {
    switch (s) {
      case "nan":
        return Float.NaN;
      case "inf":
        return Float.POSITIVE_INFINITY;
      case "-inf":
        return Float.NEGATIVE_INFINITY;
      default:
        return Float.parseFloat(s);
    }
  }

  static int[] shape(String text) {
    String inner = text.substring(1, text.length() - 1);
    if (inner.isEmpty()) {
      return new int[0];
    }
    return Arrays.stream(inner.split(",")).mapToInt(Integer::parseInt).toArray();
  }

  // ---------------------------------------------------------------- specs

  private static final Pattern BASE =
      Pattern.compile("^(r|n|p|b|i-?\\d+:-?\\d+)(\\[[-\\d,]*\\])$|^([vclm])\\(([^)]*)\\)(\\[[\\d,]*\\])?$");

  /** A spec's base: its kind letter and whether the leaf requires grad. */
  static boolean requiresGrad(String spec) {
    char k = spec.charAt(0);
    return k == 'r' || k == 'p' || k == 'v';
  }

  /** The leaf for {@code spec} holding {@code base}'s values (requiring grad for kinds r, p, v). */
  static Tensor leaf(String spec, Data base) {
    Tensor t = base.tensor();
    return requiresGrad(spec) ? t.requiresGrad_(true) : t;
  }

  /**
   * The leaf for {@code spec} with arbitrary values, for error cases (whose values do not matter): explicit lists
   * as written, everything else filled with 0.5 (floats), the lower bound (ints) or true (bools).
   */
  static Tensor leafWithoutFixture(String spec) {
    Matcher m = BASE.matcher(spec.split("\\|")[0]);
    if (!m.matches()) {
      throw new IllegalArgumentException("bad spec " + spec);
    }
    Data d;
    if (m.group(1) != null) {
      String kind = m.group(1);
      int[] shape = shape(m.group(2));
      float[] v = new float[Shapes.numel(shape)];
      DType type = DType.FLOAT32;
      if (kind.startsWith("i")) {
        Arrays.fill(v, Integer.parseInt(kind.substring(1).split(":")[0]));
        type = DType.INT64;
      } else if (kind.equals("b")) {
        Arrays.fill(v, 1f);
        type = DType.BOOL;
      } else {
        Arrays.fill(v, 0.5f);
      }
      d = new Data(type, shape, v);
    } else {
      String kind = m.group(3);
      String[] parts = m.group(4).isEmpty() ? new String[0] : m.group(4).split(",");
      float[] v = new float[parts.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = Float.parseFloat(parts[i]);
      }
      int[] shape = m.group(5) != null ? shape(m.group(5)) : new int[] {v.length};
      DType type = kind.equals("l") ? DType.INT64 : kind.equals("m") ? DType.BOOL : DType.FLOAT32;
      d = new Data(type, shape, v);
    }
    return leaf(spec, d);
  }

  /** Applies the spec's views (everything after the first '|') to the leaf. */
  static Tensor view(String spec, Tensor leaf) {
    String[] parts = spec.split("\\|");
    Tensor x = leaf;
    for (int i = 1; i < parts.length; i++) {
      String mod = parts[i];
      if (mod.equals("t")) {
        x = x.transpose(-2, -1);
      } else if (mod.startsWith("T(")) {
        int[] a = ints(mod);
        x = x.transpose(a[0], a[1]);
      } else if (mod.startsWith("s(")) {
        int[] a = ints(mod);
        x = x.slice(a[0], a[1], a[2], a[3]);
      } else if (mod.startsWith("e[")) {
        x = x.expand(shape(mod.substring(1)));
      } else if (mod.startsWith("P(")) {
        x = x.permute(ints(mod));
      } else {
        throw new IllegalArgumentException("bad view " + mod + " in " + spec);
      }
    }
    return x;
  }

  private static int[] ints(String mod) {
    return Arrays.stream(mod.substring(2, mod.length() - 1).split(",")).mapToInt(Integer::parseInt).toArray();
  }

  /** Fresh leaves for a golden case (new tensors on every call, so tests cannot interfere). */
  static Tensor[] leaves(Case c) {
    Tensor[] out = new Tensor[c.specs.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = leaf(c.specs.get(i), c.bases.get(i));
    }
    return out;
  }

  /** The op's inputs: the leaves with the specs' views applied. */
  static Tensor[] inputs(Case c, Tensor[] leaves) {
    Tensor[] out = new Tensor[leaves.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = view(c.specs.get(i), leaves[i]);
    }
    return out;
  }
}
