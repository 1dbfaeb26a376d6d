package dev.lookout.alert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lookout.config.NotifierConfig;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The notifier registry plays Gatus's compile-time line: every notifier package under {@code
 * alert.notify} is registered, in the order errors list the types, and the implicit {@code log}
 * builds through the same path as the others.
 */
class NotifierTypesTest {
  @Test
  void everyNotifierPackageIsRegisteredInTheDocumentedOrder()
      throws IOException, URISyntaxException {
    assertThat(NotifierTypes.all().stream().map(NotifierType::type))
        .containsExactly("log", "slack", "email", "webhook", "alertmanager");
    // The main classes, not the tests' (which mirror the packages).
    Path notify =
        Path.of(NotifierTypes.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("dev/lookout/alert/notify");
    try (Stream<Path> dirs = Files.list(notify)) {
      assertThat(dirs.filter(Files::isDirectory).map(d -> d.getFileName().toString()))
          .as("one package per notifier type, each registered")
          .containsExactlyInAnyOrderElementsOf(
              NotifierTypes.all().stream().map(NotifierType::type).toList());
    }
  }

  @Test
  void eachTypeParsesIntoTheRecordItBuildsFrom() {
    for (NotifierType<?> type : NotifierTypes.all()) {
      assertThat(type.configType()).as(type.type()).isNotNull();
      assertThat(type.getClass().getPackageName())
          .as("a type lives in its own package")
          .endsWith("." + type.type());
    }
  }

  @Test
  void theImplicitLogNotifierIsMadeUpOnceAndBuilds() {
    Map<String, NotifierConfig> running = NotifierConfig.running(Map.of());
    assertThat(running).containsOnlyKeys("log");
    assertThat(NotifierConfig.nameable(Map.of())).containsExactly("log");
    Vertx vertx = Vertx.vertx();
    try {
      Notifier log = NotifierTypes.create(running.get("log"), NotifierContext.of(vertx, Map.of()));
      assertThat(log.name()).isEqualTo("log");
    } finally {
      vertx.close();
    }
  }
}
