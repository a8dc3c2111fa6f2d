package dev.jgrad.datasets;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The text of a CSV file as {@link CsvLoader}'s Tablesaw path reads it: strict UTF-8 (invalid bytes are an error
 * naming the line and the byte offset, never replaced), a leading byte order mark dropped, and the CSV quoting
 * followed as the characters go by, so that a quote that never closes (which makes the parser read the rest of
 * the file as one value) is reported with the line and row where it opened.
 *
 * <p>Quoting as univocity reads it: a {@code "} at the start of a field (after blanks) opens a quoted value; inside
 * it {@code ""} is a literal quote, and a {@code "} followed by the separator or a line break closes it; any other
 * {@code "} is a literal.
 *
 * <p>Thread-safe: univocity reads its input on a thread of its own while the caller's thread parses.
 */
final class CsvTextReader extends Reader {
  private final InputStream in;
  private final String source;
  private final char separator;
  private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
  private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip();
  private boolean eof;
  private boolean done;
  private boolean first = true;
  /** Bytes the decoder consumed so far. */
  private long consumed;
  private MalformedDataException failure;

  // Position and quoting state, updated as characters are decoded.
  private long line = 1;
  private long row = 1;
  private boolean rowHasText;
  private boolean previousCr;
  private boolean fieldStart = true;
  private boolean quoted;
  private boolean quoteSeen;
  private long quoteLine;
  private long quoteRow;

  CsvTextReader(InputStream in, String source, char separator) {
    this.in = in;
    this.source = source;
    this.separator = separator;
  }

  @Override
  public synchronized int read(char[] buf, int off, int len) throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (len == 0) {
      return 0;
    }
    if (!chars.hasRemaining() && !fill()) {
      return -1;
    }
    int n = Math.min(len, chars.remaining());
    chars.get(buf, off, n);
    return n;
  }

  /** Decodes the next characters; false at the end of the input. */
  private boolean fill() throws IOException {
    chars.clear();
    while (chars.position() == 0 && !done) {
      if (!eof && bytes.remaining() < 16) {
        bytes.compact();
        int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (n < 0) {
          eof = true;
        } else {
          bytes.position(bytes.position() + n);
        }
        bytes.flip();
      }
      int before = bytes.position();
      CoderResult r = decoder.decode(bytes, chars, eof);
      consumed += bytes.position() - before;
      if (r.isError()) {
        chars.flip();
        follow(chars);
        int bad = bytes.get(bytes.position()) & 0xff;
        failure = new MalformedDataException(String.format(Locale.ROOT, "CsvLoader: %s is not valid UTF-8: line %d,"
            + " byte offset %d (0x%02X) cannot be decoded; save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)",
            source, line, consumed, bad), source, 0, null);
        throw failure;
      }
      if (eof && r.isUnderflow()) {
        decoder.flush(chars);
        done = true;
      }
    }
    chars.flip();
    if (first && chars.hasRemaining()) {
      first = false;
      if (chars.get(0) == '\ufeff') {
        chars.position(1); // a UTF-8 byte order mark, as written by Excel and Notepad
      }
    }
    follow(chars.duplicate());
    return chars.hasRemaining();
  }

  /** Updates the line, row and quoting state for {@code cb}'s remaining characters. */
  private void follow(CharBuffer cb) {
    while (cb.hasRemaining()) {
      char c = cb.get();
      boolean lineBreak = c == '\n' || c == '\r';
      if (lineBreak) {
        if (!(c == '\n' && previousCr)) {
          line++;
        }
        previousCr = c == '\r';
      } else {
        previousCr = false;
      }
      if (quoted) {
        if (quoteSeen) {
          quoteSeen = false;
          if (c == '"') {
            continue; // "" inside quotes: a literal quote
          }
          if (c == separator || lineBreak) {
            quoted = false; // closed
          } else {
            continue; // a stray quote inside the value: literal
          }
        } else {
          if (c == '"') {
            quoteSeen = true;
          }
          continue;
        }
      }
      if (c == '"' && fieldStart) {
        quoted = true;
        quoteLine = line;
        quoteRow = row;
        rowHasText = true;
        fieldStart = false;
      } else if (lineBreak) {
        if (rowHasText) {
          row++;
          rowHasText = false;
        }
        fieldStart = true;
      } else if (c == separator) {
        fieldStart = true;
        rowHasText = true;
      } else if (c != ' ' && c != '\t') {
        fieldStart = false;
        rowHasText = true;
      }
    }
  }

  /** The decoding error met so far, or null. */
  synchronized MalformedDataException failure() {
    return failure;
  }

  /**
   * After an error elsewhere: reads on to the end (a decoding error there is kept in {@link #failure()}), so that
   * {@link #unterminatedQuote()} sees the whole text.
   */
  synchronized void drain() {
    try {
      char[] skip = new char[1 << 14];
      while (read(skip, 0, skip.length) >= 0) {
        // only the position and quoting state matter
      }
    } catch (IOException e) {
      // a decoding error (kept in failure) or a read error: the quoting state is as far as it got
    }
  }

  /**
   * At the end of the input: an error naming where a quote that never closes opened, or null if every quote closed.
   */
  synchronized MalformedDataException unterminatedQuote() {
    if (!done || !quoted || quoteSeen) {
      return null;
    }
    return new MalformedDataException("CsvLoader: " + source + ", line " + quoteLine + " (row " + quoteRow
        + ", header = row 1): unterminated quote: the quoted value that opens there never closes, so the rest of the "
        + "file would be read as one value; close it with '\"' (a quote inside a quoted value is written \"\")",
        source, quoteRow, null);
  }

  /** Leaves the stream open: whoever opened it closes it. */
  @Override
  public void close() {}
}
