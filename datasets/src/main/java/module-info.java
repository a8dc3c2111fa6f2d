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
  // Tablesaw is an automatic module and declares no requires. The automatic modules it uses resolve with it, but
  // these two are named modules: required here, or an application on the module path fails loading Tablesaw.
  requires org.slf4j;
  requires io.github.classgraph;
  requires com.google.common;
  requires com.fasterxml.jackson.databind;

  exports dev.jgrad.datasets;
  // The bundled CSV files sit in this package; the cli reads them by name.
  opens dev.jgrad.datasets to dev.jgrad.cli;
}
