package dev.lookout.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** The {@code lookout} command line: a plain {@code main}, subcommands by picocli. */
@Command(
    name = "lookout",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "A lightweight, always-on monitoring agent.")
public final class Main implements Runnable {
  /**
   * The subcommands, by the name each one's {@code @Command} gives it, in the order the usage lists
   * them. picocli reads a command's annotations and fields by reflection when it is added: for all
   * ten, cold, that is a fifth of a second of {@code lookout run}'s start, so a command line adds
   * only the subcommand it names ({@link #commandLine}).
   */
  static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

  private static Map<String, Supplier<Object>> subcommands() {
    Map<String, Supplier<Object>> all = new LinkedHashMap<>();
    all.put("run", RunCommand::new);
    all.put("check", CheckCommand::new);
    all.put("once", OnceCommand::new);
    all.put("health", HealthCommand::new);
    all.put("dns-accept", AcceptDnsCommand::new);
    all.put("test-alert", TestAlertCommand::new);
    all.put("ping", PingCommand::new);
    all.put("slo-rules", SloRulesCommand::new);
    all.put("incidents", IncidentsCommand::new);
    all.put("report", ReportCommand::new);
    return java.util.Collections.unmodifiableMap(all);
  }

  @Option(
      names = "--log-format",
      scope = ScopeType.INHERIT,
      paramLabel = "text|json",
      description = "Log format on stderr: text (default) or json (one object per line).")
  String logFormat = "text";

  @Override
  public void run() {
    commandLine().usage(System.out);
  }

  /**
   * A subcommand with slow set-up that does not depend on its options (threads, logging): {@link
   * #main} has it begin before picocli parses the command line and {@code call()} runs it.
   */
  interface StartsEarly {
    void startEarly();
  }

  public static void main(String[] args) {
    configureLogging(args);
    sizeNettyForASmallAgent();
    CommandLine cli = commandLine(args);
    if (cli.getSubcommands().size() == 1
        && cli.getSubcommands().values().iterator().next().getCommand()
            instanceof StartsEarly early) {
      early.startEarly();
    }
    System.exit(execute(cli, args));
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
    return execute(commandLine(args), args);
  }

  private static int execute(CommandLine cli, String... args) {
    return cli.setCaseInsensitiveEnumValuesAllowed(true).execute(args);
  }

  /**
   * The command line for {@code args}: with only the subcommand they name, or with every one when
   * they name none (the usage, {@code --help}, a mistyped name and its suggestions).
   */
  static CommandLine commandLine(String... args) {
    CommandLine cli = new CommandLine(new Main());
    String named = subcommandOf(args);
    if (named != null) {
      cli.addSubcommand(SUBCOMMANDS.get(named).get());
    } else {
      SUBCOMMANDS.values().forEach(s -> cli.addSubcommand(s.get()));
    }
    return cli;
  }

  /**
   * The subcommand picocli will run: the first argument that names one, past the top-level options
   * (only {@code --log-format} takes a value); null if the first other argument names none.
   */
  static String subcommandOf(String... args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--log-format")) {
        i++;
      } else if (!args[i].startsWith("-")) {
        return SUBCOMMANDS.containsKey(args[i]) ? args[i] : null;
      }
    }
    return null;
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
