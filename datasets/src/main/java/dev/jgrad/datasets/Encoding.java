package dev.jgrad.datasets;

/** How a categorical feature column becomes numbers. Categories are ordered by {@link String#compareTo}. */
public enum Encoding {
  /** One 0/1 feature per training category (plus one for the unknown bucket when configured). */
  ONE_HOT,
  /** A single feature holding the category's index {@code 0 .. K-1} (K for the unknown bucket), e.g. for an embedding. */
  INDEX;

  String jsonName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
