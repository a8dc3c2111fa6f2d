package dev.jgrad.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@link DoubleUpdateLoops} is {@link JavaUpdateRules}' element operations and range loops with {@code float}
 * replaced by {@code double} ({@link #generate}), so each rule's arithmetic is written once, in the float32 oracle.
 * The float32 rule cannot be run on widened values instead: {@code (float) Math.fma} of three widened floats rounds
 * twice and differs from the float fma (for example {@code fma(1+2^-12, 1+2^-12, 2^-80)}, {@link
 * #widenedFmaRoundsTwice}), and a loop written once over an abstraction of the dtype (values in double, each
 * operation rounded by its implementation) took 7 to 65 ms per NAdam pass over 663k float32 values against 0.6 to
 * 1.1 ms for the float loop, which C2 vectorises.
 *
 * <p>After editing a rule in {@code JavaUpdateRules}, regenerate with
 * {@code mvn -pl optim -am test -Dtest=DoubleUpdateLoopsTest -Djgrad.regenerate=true
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class DoubleUpdateLoopsTest {
  private static final Path FOLDER = Path.of("src/main/java/dev/jgrad/optim");
  private static final Path SOURCE = FOLDER.resolve("JavaUpdateRules.java");
  private static final Path GENERATED = FOLDER.resolve("DoubleUpdateLoops.java");

  /** A member to copy: the element operations, {@code sign} and every range loop. */
  private static final Pattern MEMBER =
      Pattern.compile("^  static (?:float|void) (add|addcmul|addcdiv|sign|\\w+Range)\\(");
  private static final Pattern TRAILING_COMMENT = Pattern.compile("^(\\s*\\S.*?\\S)(\\s{2,})(// .*)$");
  private static final Pattern STEP_RECORD = Pattern.compile("\\b([A-Z][a-z]+)Step\\b");
  private static final Pattern SCALARS_RECORD = Pattern.compile("\\b([A-Z][a-z]+Scalars)\\b");

  @Test
  void isJavaUpdateRulesInDouble() throws IOException {
    String want = generate(Files.readString(SOURCE));
    if (Boolean.getBoolean("jgrad.regenerate")) {
      Files.writeString(GENERATED, want);
    }
    assertEquals(want, Files.readString(GENERATED), GENERATED + " is not " + SOURCE + " in double; regenerate it: "
        + "mvn -pl optim -am test -Dtest=DoubleUpdateLoopsTest -Djgrad.regenerate=true "
        + "-Dsurefire.failIfNoSpecifiedTests=false");
  }

  @Test
  void widenedFmaRoundsTwice() {
    float a = 1f + 0x1p-12f;
    float c = 0x1p-80f;
    assertEquals(0x1.002002p0f, Math.fma(a, a, c));
    assertEquals(0x1.002p0f, (float) Math.fma((double) a, (double) a, (double) c));
  }

  /** Every rule and option combination in float64, five steps, against torch/optim/*.py transcribed in double. */
  @Test
  void loopsFollowADoubleTranscriptionOfPyTorchOverFiveSteps() {
    List<UpdateCase> cases = UpdateCase.all();
    for (int k = 0; k < cases.size(); k++) {
      UpdateCase c = cases.get(k);
      SplittableRandom random = new SplittableRandom(k);
      int n = 37;
      int pOff = 3;
      double[] p = new double[pOff + n];
      for (int i = 0; i < p.length; i++) {
        p[i] = random.nextGaussian();
      }
      double[][] state = new double[c.buffers()][n];
      for (double[] b : state) {
        Arrays.fill(b, c.initialState());
      }
      double[][] ref = new double[n][c.buffers() + 1];
      for (int i = 0; i < n; i++) {
        Arrays.fill(ref[i], c.initialState());
        ref[i][0] = p[pOff + i];
      }
      for (int step = 1; step <= 5; step++) {
        double[] g = new double[2 + n];
        for (int i = 0; i < g.length; i++) {
          g[i] = random.nextGaussian();
        }
        c.applyDoubles(p, pOff, g, 2, n, state, step);
        for (int i = 0; i < n; i++) {
          c.reference(ref[i], g[2 + i], step);
          double want = ref[i][0];
          double got = p[pOff + i];
          assertTrue(Math.abs(got - want) <= 1e-12 * (1 + Math.abs(want)),
              c + " step " + step + " p[" + i + "]: got " + got + ", want " + want);
        }
      }
    }
  }

  /**
   * The source of {@code DoubleUpdateLoops} from that of {@code JavaUpdateRules}: each selected member with its
   * doc comment, {@code float} types replaced by {@code double}, float casts and {@code f} suffixes dropped, and the
   * float step records ({@code AdamStep}) replaced by their double originals ({@code AdamScalars}).
   */
  static String generate(String javaUpdateRules) {
    List<String> lines = javaUpdateRules.lines().toList();
    List<String> body = new ArrayList<>();
    TreeSet<String> records = new TreeSet<>();
    int doc = -1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.startsWith("  /**")) {
        doc = i;
      }
      if (!MEMBER.matcher(line).find()) {
        continue;
      }
      int end = lines.subList(i, lines.size()).indexOf("  }") + i;
      body.add("");
      for (String member : lines.subList(doc >= 0 && lines.get(i - 1).endsWith("*/") ? doc : i, end + 1)) {
        String out = inDouble(member);
        Matcher m = SCALARS_RECORD.matcher(out);
        while (m.find()) {
          records.add(m.group(1));
        }
        body.add(out);
      }
      doc = -1;
      i = end;
    }
    StringBuilder text = new StringBuilder();
    text.append("// Generated by DoubleUpdateLoopsTest from JavaUpdateRules.java: edit the float32 rules there, then\n")
        .append("// mvn -pl optim -am test -Dtest=DoubleUpdateLoopsTest -Djgrad.regenerate=true "
            + "-Dsurefire.failIfNoSpecifiedTests=false\n")
        .append("package dev.jgrad.optim;\n\n");
    for (String r : records) {
      text.append("import dev.jgrad.optim.DoubleUpdateRules.").append(r).append(";\n");
    }
    text.append("\n/**\n")
        .append(" * The update loops of the built-in optimizers on float64 parameters: {@link JavaUpdateRules}' loops with\n")
        .append(" * every operation rounded to double instead of float, and the scalars of {@link DoubleUpdateRules}.\n")
        .append(" */\n")
        .append("final class DoubleUpdateLoops {\n")
        .append("  private DoubleUpdateLoops() {}\n");
    body.forEach(l -> text.append(l).append('\n'));
    return text.append("}\n").toString();
  }

  /** One line in double; a trailing comment keeps its column where the code leaves room. */
  private static String inDouble(String line) {
    Matcher trailing = TRAILING_COMMENT.matcher(line);
    if (!trailing.matches()) {
      return codeInDouble(line);
    }
    String code = codeInDouble(trailing.group(1));
    int column = trailing.start(3);
    return code + " ".repeat(Math.max(1, column - code.length())) + trailing.group(3);
  }

  private static String codeInDouble(String code) {
    String out = code.replace("(float) ", "")
        .replaceAll("\\bfloat32\\b", "float64")
        .replaceAll("\\bfloat\\b", "double")
        .replaceAll("\\b(\\d+)f\\b", "$1");
    return STEP_RECORD.matcher(out).replaceAll("$1Scalars");
  }
}
