package dev.jgrad.datasets;

import static com.google.common.base.Preconditions.checkArgument;

import dev.jgrad.autograd.DType;
import dev.jgrad.autograd.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A text for character-level language modelling: its {@link CharAlphabet}, the text as ids, and a split into a
 * training part
 * (the beginning) and a validation part (the end, by default the last 10%, the customary split for the bundled
 * Shakespeare).
 *
 * <pre>{@code
 * CharCorpus corpus = CharCorpus.tinyShakespeare();
 * CharCorpus.Windows batch = corpus.randomWindows(CharCorpus.Part.TRAIN, 32, 64, rng);
 * // batch.inputs(): [32, 64] int64 ids; batch.targets(): the same windows shifted one character on
 * }</pre>
 */
public final class CharCorpus {
  /** The customary validation share: the last 10% of the text. */
  public static final double DEFAULT_VALIDATION_FRACTION = 0.1;

  private static final String SHAKESPEARE = "tinyshakespeare.txt";

  /** The two parts of the text. */
  public enum Part {
    /** The beginning of the text. */
    TRAIN,
    /** The end of the text. */
    VALIDATION
  }

  /**
   * Windows of the text: each row of {@code inputs} is {@code context} consecutive ids and the same row of {@code
   * targets} is the window one character later, so {@code targets[b, t]} is the character after {@code inputs[b,
   * t]}. Both are {@code [batch, context]} int64.
   */
  public record Windows(Tensor inputs, Tensor targets) {}

  private final CharAlphabet alphabet;
  private final int[] ids;
  private final int trainLength;

  private CharCorpus(CharAlphabet alphabet, int[] ids, int trainLength) {
    this.alphabet = alphabet;
    this.ids = ids;
    this.trainLength = trainLength;
  }

  /**
   * A corpus of {@code text} whose last {@code validationFraction} is the validation part.
   *
   * @throws IllegalArgumentException for an empty text, or a fraction outside (0, 1) or that leaves a part
   *     shorter than two characters
   */
  public static CharCorpus of(String text, double validationFraction) {
    checkArgument(validationFraction > 0 && validationFraction < 1,
        "CharCorpus: validationFraction must be in (0, 1), got %s", validationFraction);
    int[] codePoints = text.codePoints().toArray();
    int trainLength = (int) Math.round(codePoints.length * (1 - validationFraction));
    checkArgument(trainLength >= 2 && codePoints.length - trainLength >= 2,
        "CharCorpus: a text of %s characters split at %s leaves %s training and %s validation characters; each "
            + "part needs at least 2", codePoints.length, 1 - validationFraction, trainLength,
        codePoints.length - trainLength);
    CharAlphabet alphabet = CharAlphabet.of(text);
    int[] ids = new int[codePoints.length];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = alphabet.idOf(codePoints[i]);
    }
    return new CharCorpus(alphabet, ids, trainLength);
  }

  /**
   * Reads a UTF-8 text file.
   *
   * @throws IOException when the file cannot be read or is not valid UTF-8 (the message names the file)
   * @throws IllegalArgumentException as {@link #of}
   */
  public static CharCorpus read(Path file, double validationFraction) throws IOException {
    return of(decodeUtf8(Files.readAllBytes(file), file.toString()), validationFraction);
  }

  /**
   * The bundled Shakespeare text (1,115,394 characters, 65 distinct; source and licence in the datasets module's
   * NOTICE.md), with the customary last 10% for validation.
   */
  public static CharCorpus tinyShakespeare() {
    try (InputStream in = CharCorpus.class.getResourceAsStream(SHAKESPEARE)) {
      if (in == null) {
        throw new IllegalStateException("CharCorpus: the bundled " + SHAKESPEARE + " is missing from the class path");
      }
      return of(decodeUtf8(in.readAllBytes(), SHAKESPEARE), DEFAULT_VALIDATION_FRACTION);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String decodeUtf8(byte[] bytes, String source) throws IOException {
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new IOException("CharCorpus: " + source + " is not UTF-8 text (" + e.getMessage() + ")", e);
    }
  }

  /** The characters of the text and their ids. */
  public CharAlphabet alphabet() {
    return alphabet;
  }

  /** The number of distinct characters: the size of a model's embedding and output layers. */
  public int vocabularySize() {
    return alphabet.size();
  }

  /** The first {@code characters} characters of the text. */
  public String prefix(int characters) {
    checkArgument(characters >= 0 && characters <= ids.length, "CharCorpus.prefix: %s characters asked of a text "
        + "of %s", characters, ids.length);
    return alphabet.decode(Arrays.copyOf(ids, characters));
  }

  /** Characters in the whole text. */
  public int length() {
    return ids.length;
  }

  /** Characters in one part. */
  public int length(Part part) {
    return part == Part.TRAIN ? trainLength : ids.length - trainLength;
  }

  /**
   * {@code batchSize} windows of {@code context} characters starting at positions drawn uniformly from the part.
   *
   * @throws IllegalArgumentException for a non-positive size, or a context that does not fit in the part
   */
  public Windows randomWindows(Part part, int batchSize, int context, SplittableRandom random) {
    checkWindow(part, batchSize, context);
    int start = part == Part.TRAIN ? 0 : trainLength;
    int positions = length(part) - context;   // a window needs context + 1 characters
    int[] starts = new int[batchSize];
    for (int b = 0; b < batchSize; b++) {
      starts[b] = start + random.nextInt(positions);
    }
    return windows(starts, context);
  }

  /**
   * The part cut into consecutive, non-overlapping windows of {@code context} characters, {@code batchSize} per
   * batch (the last batch may be smaller): every character of the part but the last few is predicted once, which
   * is how a validation loss over the whole part is measured.
   *
   * @throws IllegalArgumentException for a non-positive size, or a context that does not fit in the part
   */
  public List<Windows> consecutiveWindows(Part part, int batchSize, int context) {
    checkWindow(part, batchSize, context);
    int start = part == Part.TRAIN ? 0 : trainLength;
    int count = (length(part) - 1) / context;
    List<Windows> out = new ArrayList<>();
    for (int first = 0; first < count; first += batchSize) {
      int[] starts = new int[Math.min(batchSize, count - first)];
      for (int b = 0; b < starts.length; b++) {
        starts[b] = start + (first + b) * context;
      }
      out.add(windows(starts, context));
    }
    return out;
  }

  private void checkWindow(Part part, int batchSize, int context) {
    checkArgument(batchSize > 0, "CharCorpus: batchSize must be positive, got %s", batchSize);
    checkArgument(context > 0 && context < length(part),
        "CharCorpus: a context of %s characters does not fit in the %s part of %s characters", context,
        part.name().toLowerCase(java.util.Locale.ROOT), length(part));
  }

  private Windows windows(int[] starts, int context) {
    float[] in = new float[starts.length * context];
    float[] out = new float[starts.length * context];
    for (int b = 0; b < starts.length; b++) {
      for (int t = 0; t < context; t++) {
        in[b * context + t] = ids[starts[b] + t];
        out[b * context + t] = ids[starts[b] + t + 1];
      }
    }
    return new Windows(Tensor.of(in, starts.length, context).to(DType.INT64),
        Tensor.of(out, starts.length, context).to(DType.INT64));
  }

  /**
   * The cross-entropy, in nats per character, of predicting the validation part from the training part's
   * character frequencies (add-one smoothed): the baseline a language model must beat (3.35 on the bundled
   * Shakespeare, whose own character entropy is 3.31).
   */
  public double unigramCrossEntropy() {
    double[] counts = new double[alphabet.size()];
    Arrays.fill(counts, 1);
    for (int i = 0; i < trainLength; i++) {
      counts[ids[i]]++;
    }
    double total = trainLength + alphabet.size();
    double nats = 0;
    for (int i = trainLength; i < ids.length; i++) {
      nats -= Math.log(counts[ids[i]] / total);
    }
    return nats / (ids.length - trainLength);
  }
}
