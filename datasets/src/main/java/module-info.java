/**
 * Datasets, the DataLoader, CSV and JDBC loading through Tablesaw and the preprocessing fitted on the training split.
 * Tablesaw and univocity publish no module name, so theirs are derived from the jar names.
 */
module dev.jgrad.datasets {
  requires transitive dev.jgrad.autograd;
  requires transitive tablesaw.core;
  // Datasets.fromJdbc takes a java.sql.Connection or a javax.sql.DataSource.
  requires transitive java.sql;
  requires univocity.parsers;
  requires com.google.common;
  requires com.fasterxml.jackson.databind;

  exports dev.jgrad.datasets;
  // The bundled CSV files sit in this package; the cli reads them by name.
  opens dev.jgrad.datasets to dev.jgrad.cli;
}
