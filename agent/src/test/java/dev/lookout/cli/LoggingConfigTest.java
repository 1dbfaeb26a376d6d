package dev.lookout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.ClassicConstants;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Both log formats the CLI offers set up cleanly and write what they promise. */
class LoggingConfigTest {
  /** Sees no {@code logback-test.xml}, as in the packaged agent. */
  private static final ClassLoader NO_TEST_CONFIG = new ClassLoader(null) {};

  /** The system properties these tests set; Main.configureLogging sets the Vert.x one too. */
  private static final List<String> PROPERTIES =
      List.of(
          ClassicConstants.CONFIG_FILE_PROPERTY,
          LogSetup.FORMAT_PROPERTY,
          "vertx.logger-delegate-factory-class-name");

  private final Map<String, String> saved = new HashMap<>();

  @BeforeEach
  void saveProperties() {
    PROPERTIES.forEach(key -> saved.put(key, System.clearProperty(key)));
  }

  @AfterEach
  void restoreProperties() {
    saved.forEach(
        (key, value) -> {
          if (value == null) {
            System.clearProperty(key);
          } else {
            System.setProperty(key, value);
          }
        });
  }

  @ParameterizedTest
  @CsvSource({"false, 'WARN  lookout.test - hello'", "true, '\"level\":\"WARN\"'"})
  void theLogFormatsSetUpAndWrite(boolean json, String expected) {
    LoggerContext context = newContext();
    String written = stderrOf(context, c -> LogSetup.configure(c, json));

    assertThat(context.getStatusManager().getCopyOfStatusList())
        .noneMatch(s -> s.getLevel() == Status.ERROR);
    assertThat(written).contains(expected).contains("hello");
  }

  @Test
  void theLogFormatFlagSelectsJson() {
    Main.configureLogging(new String[] {"check", "--log-format", "json"});
    LoggerContext context = newContext();
    ExecutionStatus[] status = new ExecutionStatus[1];

    String written = stderrOf(context, c -> status[0] = setUp(c, NO_TEST_CONFIG));

    assertThat(status[0]).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
    assertThat(written).contains("\"level\":\"WARN\"").contains("\"formattedMessage\":\"hello\"");
  }

  @Test
  void aFileTheUserNamedIsLeftToJoran() {
    System.setProperty(ClassicConstants.CONFIG_FILE_PROPERTY, "/etc/lookout/logback.xml");
    LoggerContext context = newContext();

    assertThat(setUp(context, NO_TEST_CONFIG)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders()).isExhausted();
  }

  @Test
  void aLogbackTestXmlOnTheClasspathIsLeftToJoran() {
    LoggerContext context = newContext();

    assertThat(setUp(context, LogSetup.class.getClassLoader()))
        .isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders()).isExhausted();
  }

  private static ExecutionStatus setUp(LoggerContext context, ClassLoader classpath) {
    LogSetup setup = new LogSetup(classpath);
    setup.setContext(context);
    return setup.configure(context);
  }

  private static LoggerContext newContext() {
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new LogbackMDCAdapter());
    return context;
  }

  /**
   * Sets {@code context} up with stderr captured, logs one warning, and returns what was written.
   */
  private static String stderrOf(LoggerContext context, Consumer<LoggerContext> setUp) {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      setUp.accept(context);
      context.getLogger("lookout.test").warn("hello");
    } finally {
      context.stop();
      System.setErr(err);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
