package dev.lookout.cli;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Sets up logback in code instead of from an XML file: Joran, logback's XML reader, and the JDK's
 * Xerces parser it drives would load some 600 classes into metaspace for an always-on agent that
 * configures two fixed appenders once. Found by logback through {@code META-INF/services}.
 *
 * <p>A file named with {@code -Dlogback.configurationFile}, or a {@code logback-test.xml} on a test
 * classpath, still wins: then this steps aside and Joran reads that file as before.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class LogSetup extends ContextAwareBase implements Configurator {
  /** Set to {@code json} by {@link Main} for {@code --log-format json}; text otherwise. */
  static final String FORMAT_PROPERTY = "lookout.log.format";

  static final String TEXT_PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{24} - %msg%n";

  private final ClassLoader classpath;

  /** Used by logback's {@link java.util.ServiceLoader}. */
  public LogSetup() {
    this(LogSetup.class.getClassLoader());
  }

  /** For tests: {@code classpath} is searched for a {@code logback-test.xml}. */
  LogSetup(ClassLoader classpath) {
    this.classpath = classpath;
  }

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    String file = System.getProperty(ClassicConstants.CONFIG_FILE_PROPERTY);
    if (file != null) {
      addInfo("Leaving the configuration to " + file + " (logback.configurationFile)");
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    if (classpath.getResource(ClassicConstants.TEST_AUTOCONFIG_FILE) != null) {
      addInfo("Leaving the configuration to the test classpath's logback-test.xml");
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    configure(context, "json".equals(System.getProperty(FORMAT_PROPERTY)));
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * Logs to stderr, so that stdout stays clean for command output ({@code lookout once}'s table):
   * human-readable text, or one JSON object per line for journald, Loki or ELK.
   */
  static void configure(LoggerContext context, boolean json) {
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(json ? jsonEncoder(context) : textEncoder(context));
    stderr.start();

    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger("io.vertx").setLevel(Level.INFO);
    context.getLogger("org.xbill.DNS").setLevel(Level.INFO);
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(stderr);
  }

  private static Encoder<ILoggingEvent> textEncoder(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(TEXT_PATTERN);
    encoder.start();
    return encoder;
  }

  private static Encoder<ILoggingEvent> jsonEncoder(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    // The message once, already formatted; no logback internals a log reader has no use for.
    encoder.setWithFormattedMessage(true);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithContext(false);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.start();
    return encoder;
  }
}
