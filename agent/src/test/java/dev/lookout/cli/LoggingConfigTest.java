package dev.lookout.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Both log formats the CLI offers load cleanly and write what they promise. */
class LoggingConfigTest {
  @ParameterizedTest
  @CsvSource({
    "/logback.xml, 'WARN  lookout.test - hello'",
    "/logback-json.xml, '\"level\":\"WARN\"'"
  })
  void theLogConfigurationsLoadAndWrite(String resource, String expected) throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    LoggerContext context = new LoggerContext();
    context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter());
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      configurator.doConfigure(getClass().getResource(resource));
      context.getLogger("lookout.test").warn("hello");
    } finally {
      context.stop();
      System.setErr(err);
    }
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .noneMatch(s -> s.getLevel() == Status.ERROR);
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains(expected).contains("hello");
  }
}
