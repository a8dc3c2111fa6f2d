package dev.jgrad.cli;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.logging.Logger;

/**
 * A JDBC driver loaded from a jar at run time ({@code --jdbc-driver JAR}), registered with {@link DriverManager}
 * through this delegating driver: DriverManager hands out only drivers whose class its caller's class loader can
 * see, which a driver from a separate {@link URLClassLoader} is not, but this class is.
 */
final class DriverShim implements Driver {
  private final Driver driver;

  private DriverShim(Driver driver) {
    this.driver = driver;
  }

  /**
   * Loads the drivers the jar declares ({@code META-INF/services/java.sql.Driver}) and registers each.
   *
   * @return the number of drivers registered
   * @throws CliException (usage) if the file is missing or holds no driver; (failure) if a driver cannot be loaded
   */
  static int register(Path jar) {
    if (!Files.isRegularFile(jar)) {
      throw CliException.usage("--jdbc-driver: no such file '" + jar + "'");
    }
    URL url;
    try {
      url = jar.toUri().toURL();
    } catch (MalformedURLException e) {
      throw CliException.usage("--jdbc-driver: cannot read '" + jar + "': " + e.getMessage());
    }
    // The platform loader as parent: the jar's classes come from the jar, not from a copy on the class path.
    URLClassLoader loader = new URLClassLoader(new URL[] {url}, ClassLoader.getPlatformClassLoader());
    int registered = 0;
    try {
      for (Driver d : ServiceLoader.load(Driver.class, loader)) {
        if (d.getClass().getClassLoader() == loader) {
          DriverManager.registerDriver(new DriverShim(d));
          registered++;
        }
      }
    } catch (ServiceConfigurationError | SQLException e) {
      throw CliException.failure("--jdbc-driver: cannot load the driver in " + jar + ": " + e.getMessage(), e);
    }
    if (registered == 0) {
      try {
        loader.close();
      } catch (IOException e) {
        // nothing was loaded from it
      }
      throw CliException.usage("--jdbc-driver: " + jar + " holds no JDBC driver (no META-INF/services/"
          + "java.sql.Driver entry naming one)");
    }
    return registered;
  }

  /** The driver this shim delegates to. */
  Driver driver() {
    return driver;
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    return driver.connect(url, info);
  }

  @Override
  public boolean acceptsURL(String url) throws SQLException {
    return driver.acceptsURL(url);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    return driver.getPropertyInfo(url, info);
  }

  @Override
  public int getMajorVersion() {
    return driver.getMajorVersion();
  }

  @Override
  public int getMinorVersion() {
    return driver.getMinorVersion();
  }

  @Override
  public boolean jdbcCompliant() {
    return driver.jdbcCompliant();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return driver.getParentLogger();
  }

  @Override
  public String toString() {
    return "DriverShim(" + driver.getClass().getName() + ")";
  }
}
