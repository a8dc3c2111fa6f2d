package dev.jgrad.nn;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The warnings a logger receives while a piece of code runs. */
final class Warnings {
  private Warnings() {}

  static List<String> during(String logger, Runnable body) {
    List<String> messages = new ArrayList<>();
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord rec) {
        messages.add(rec.getMessage());
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    Logger log = Logger.getLogger(logger);
    log.addHandler(h);
    try {
      body.run();
    } finally {
      log.removeHandler(h);
    }
    return messages;
  }
}
