package dev.lookout.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code lookout} command line: a plain {@code main}, subcommands by picocli. */
@Command(
    name = "lookout",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A lightweight, always-on monitoring agent.",
    subcommands = {
      RunCommand.class,
      CheckCommand.class,
      OnceCommand.class,
      HealthCommand.class,
      AcceptDnsCommand.class,
      TestAlertCommand.class,
      PingCommand.class,
      SloRulesCommand.class,
      IncidentsCommand.class,
      ReportCommand.class
    })
public final class Main implements Runnable {
  @Option(
      names = "--log-format",
      scope = ScopeType.INHERIT,
      paramLabel = "text|json",
      description = "Log format on stderr: text (default) or json (one object per line).")
  String logFormat = "text";

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    configureLogging(args);
    sizeNettyForASmallAgent();
    System.exit(execute(args));
  }

  /**
   * Netty's defaults suit a server moving gigabytes; each can still be set with {@code -D}.
   *
   * <ul>
   *   <li>Netty 4.2 defines JFR events for its buffer pools and loads JFR's machinery (about a
   *       hundred classes) to register them, whether a recording ever runs or not.
   *   <li>The classic pooled allocator with 1 MiB chunks and one arena per event loop holds a few
   *       MiB less than 4.2's adaptive allocator after a scrape of a thousand targets, at the same
   *       probe throughput.
   * </ul>
   */
  static void sizeNettyForASmallAgent() {
    int loops = Runtimes.lanes();
    defaultProperty("io.netty.jfr.enabled", "false");
    defaultProperty("io.netty.allocator.type", "pooled");
    defaultProperty("io.netty.allocator.maxOrder", "7");
    defaultProperty("io.netty.allocator.numDirectArenas", Integer.toString(loops));
    defaultProperty("io.netty.allocator.numHeapArenas", Integer.toString(loops));
  }

  private static void defaultProperty(String name, String value) {
    if (System.getProperty(name) == null) {
      System.setProperty(name, value);
    }
  }

  /** Runs the command line and returns its exit code (for tests, without exiting the JVM). */
  public static int execute(String... args) {
    return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  /**
   * Logback configures itself on first use, before picocli has parsed anything, so the log format
   * is picked from the raw arguments first, for {@link LogSetup} to read.
   */
  static void configureLogging(String[] args) {
    System.setProperty(
        "vertx.logger-delegate-factory-class-name",
        "io.vertx.core.logging.SLF4JLogDelegateFactory");
    for (int i = 0; i < args.length; i++) {
      boolean json =
          args[i].equals("--log-format=json")
              || (args[i].equals("--log-format")
                  && i + 1 < args.length
                  && args[i + 1].equals("json"));
      if (json) {
        System.setProperty(LogSetup.FORMAT_PROPERTY, "json");
      }
    }
  }

  public static String version() {
    try (InputStream in = Main.class.getResourceAsStream("/lookout-version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "dev");
    } catch (IOException e) {
      return "dev";
    }
  }

  /** Reports the build's version. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"lookout " + version()};
    }
  }
}
