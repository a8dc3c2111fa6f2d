package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.jgrad.autograd.Tensor;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Test support for the scheduler tests: reads golden/optim/schedulers.txt (tools/gen_optim_golden.py) and
 * golden/optim/schedulers2.txt (tools/gen_sched_golden.py) and replays
 * a case against a Java scheduler; builds the same optimizers as the script; captures the optim logger.
 */
final class SchedulerCases {
  private SchedulerCases() {}

  /**
   * One recorded row: per-group lr, per-group momentum (or beta1) when recorded, the metric given, and the epoch
   * given to {@code step(epoch)}.
   */
  record Row(double[] lrs, double[] momentum, Double metric, Double epoch) {}

  /** The fixture files: tools/gen_optim_golden.py's and tools/gen_sched_golden.py's. */
  private static final List<String> FILES =
      List.of("/golden/optim/schedulers.txt", "/golden/optim/schedulers2.txt");

  private static Map<String, List<Row>> cases;

  static synchronized List<Row> rows(String name) {
    if (cases == null) {
      cases = load();
    }
    List<Row> rows = cases.get(name);
    assertNotNull(rows, "no scheduler case " + name);
    return rows;
  }

  private static Map<String, List<Row>> load() {
    Map<String, List<Row>> out = new LinkedHashMap<>();
    for (String file : FILES) {
      load(file, out);
    }
    return out;
  }

  private static void load(String file, Map<String, List<Row>> out) {
    try (InputStream in = SchedulerCases.class.getResourceAsStream(file);
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      List<Row> current = null;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("#") || line.isBlank()) {
          continue;
        }
        String[] t = line.trim().split(" ");
        if (t[0].equals("case")) {
          current = new ArrayList<>();
          out.put(t[1], current);
        } else if (t[0].equals("end")) {
          current = null;
        } else {
          current.add(parseRow(t));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Row parseRow(String[] t) {
    Double metric = null;
    Double epoch = null;
    List<Double> lrs = new ArrayList<>();
    List<Double> mom = new ArrayList<>();
    List<Double> target = null;
    for (int i = 1; i < t.length; i++) {
      switch (t[i]) {
        case "metric" -> metric = Double.parseDouble(t[++i]);
        case "epoch" -> epoch = Double.parseDouble(t[++i]);
        case "lr" -> target = lrs;
        case "momentum" -> target = mom;
        default -> target.add(Double.parseDouble(t[i]));
      }
    }
    return new Row(toArray(lrs), mom.isEmpty() ? null : toArray(mom), metric, epoch);
  }

  private static double[] toArray(List<Double> l) {
    double[] a = new double[l.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = l.get(i);
    }
    return a;
  }

  /**
   * Builds the scheduler, then runs optimizer.step(); scheduler.step() (or step(metric), or step(epoch)) for every recorded row,
   * comparing every group's lr (and momentum) with PyTorch's to 1e-12 relative.
   */
  static void replay(String name, Optimizer opt, Function<Optimizer, LRScheduler> make) {
    List<Row> rows = rows(name);
    LRScheduler sched = make.apply(opt);
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      if (i > 0) {
        opt.step();
        if (row.metric() != null) {
          ((MetricLRScheduler) sched).step(row.metric());
        } else if (row.epoch() != null) {
          ((CosineAnnealingWarmRestarts) sched).step(row.epoch());
        } else {
          sched.step();
        }
      }
      for (int g = 0; g < row.lrs().length; g++) {
        double actual = opt.paramGroups().get(g).lr();
        assertClose(row.lrs()[g], actual, name + " row " + i + " group " + g + " lr");
        assertClose(row.lrs()[g], sched.lastLrs().get(g), name + " row " + i + " group " + g + " lastLrs");
        if (row.momentum() != null) {
          double m = ((ParamGroup.MomentumOptions) opt.paramGroups().get(g).options()).cycledMomentum();
          assertClose(row.momentum()[g], m, name + " row " + i + " group " + g + " momentum");
        }
      }
    }
  }

  static void assertClose(double expected, double actual, String what) {
    assertEquals(expected, actual, 1e-12 * Math.abs(expected) + 1e-18, what);
  }

  /** SGD over fresh 2-element parameters; with two groups the second has lr / 10, as in the script. */
  static SGD sgd(double lr, double momentum, int groups) {
    SGD.Options o = SGD.Options.defaults().withLr(lr).withMomentum(momentum);
    SGD opt = new SGD(List.of(Tensor.zeros(2).requiresGrad_(true)), o);
    if (groups == 2) {
      opt.addParamGroup(List.of(Tensor.zeros(2).requiresGrad_(true)), o.withLr(lr / 10));
    }
    return opt;
  }

  static SGD sgd(double lr) {
    return sgd(lr, 0, 1);
  }

  /** Collects what is logged on the "dev.jgrad.optim" logger (System.Logger goes to java.util.logging). */
  static final class LogCapture extends Handler implements AutoCloseable {
    private final Logger logger = Logger.getLogger("dev.jgrad.optim");
    final List<String> messages = new ArrayList<>();

    LogCapture() {
      logger.addHandler(this);
    }

    @Override
    public void publish(LogRecord record) {
      messages.add(record.getLevel() + " " + record.getMessage());
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      logger.removeHandler(this);
    }
  }
}
