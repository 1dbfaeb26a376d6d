package dev.lookout.check.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lookout.check.queue.QueueCheck.AgeUnit;
import dev.lookout.check.queue.QueueCheck.At;
import dev.lookout.check.queue.QueueCheck.Sum;
import dev.lookout.config.Config;
import dev.lookout.config.ConfigError;
import dev.lookout.config.ConfigException;
import dev.lookout.config.ConfigLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class QueueCheckParserTest {
  private static String yaml(String queue, String expect) {
    return "targets:\n"
        + "  - name: jobs\n"
        + "    queue: "
        + queue
        + "\n"
        + (expect == null ? "" : "    expect: " + expect + "\n");
  }

  private static QueueCheck parse(String queue, String expect) throws ConfigException {
    return parse(yaml(queue, expect), Map.of(), Path.of("."));
  }

  private static QueueCheck parse(String text, Map<String, String> env, Path dir)
      throws ConfigException {
    Config c = new ConfigLoader(env::get).parse("lookout.yaml", dir, text);
    return (QueueCheck) c.targets().get(0).check();
  }

  private static List<String> errors(String queue, String expect) {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(queue, expect));
    assertThat(e).as("config should be rejected").isNotNull();
    return e.errors().stream().map(ConfigError::toString).toList();
  }

  @Test
  void theDesignExampleLoads() throws Exception {
    String text =
        "targets:\n"
            + "  - name: jobs\n"
            + "    queue: {url: \"http://rabbit:15672/api/queues/%2F/jobs\", depth: /messages_ready,\n"
            + "            headers: {Authorization: \"Basic ${RABBIT_BASIC}\"}}\n"
            + "    expect: {depth_below: 1000, growth_per_min_below: 50}\n"
            + "    interval: 15s\n";
    QueueCheck q = parse(text, Map.of("RABBIT_BASIC", "abc"), Path.of("."));
    assertThat(q.url().toString()).isEqualTo("http://rabbit:15672/api/queues/%2F/jobs");
    assertThat(q.depth()).isEqualTo(new At("/messages_ready"));
    assertThat(q.headers()).containsEntry("Authorization", "Basic abc");
    assertThat(q.method()).isEqualTo("GET");
    assertThat(q.window()).isEqualTo(Duration.ofMinutes(10));
    assertThat(q.maxBody()).isEqualTo(1024 * 1024);
    assertThat(q.expect()).isEqualTo(new QueueExpect(1000L, 50.0, null, null, null));
    assertThat(q.type()).isEqualTo("queue");
  }

  @Test
  void presetsFillThePointers() throws Exception {
    QueueCheck rabbit = parse("{url: \"http://r/api/queues/%2F/jobs\", preset: rabbitmq}", null);
    assertThat(rabbit.depth()).isEqualTo(new At("/messages_ready"));
    assertThat(rabbit.consumers()).isEqualTo("/consumers");
    assertThat(rabbit.oldestAge()).isEqualTo("/head_message_timestamp");
    assertThat(rabbit.oldestAgeUnit()).isEqualTo(AgeUnit.EPOCH_SECONDS);
    assertThat(rabbit.oldestAgeRequired()).isFalse();

    QueueCheck sidekiq = parse("{url: \"http://s/stats\", preset: sidekiq}", null);
    assertThat(sidekiq.depth()).isEqualTo(new At("/sidekiq/enqueued"));
    assertThat(sidekiq.consumers()).isEqualTo("/sidekiq/processes");
    assertThat(sidekiq.oldestAge()).isEqualTo("/sidekiq/default_latency");
    assertThat(sidekiq.oldestAgeUnit()).isEqualTo(AgeUnit.SECONDS);

    QueueCheck flower = parse("{url: \"http://f/api/queues/length\", preset: flower}", null);
    assertThat(flower.depth()).isEqualTo(new Sum("/active_queues", "/messages"));
    assertThat(flower.consumers()).isNull();
    assertThat(flower.oldestAge()).isNull();
  }

  @Test
  void explicitKeysOverrideAPreset() throws Exception {
    QueueCheck q =
        parse(
            "{url: \"http://r/q\", preset: rabbitmq, depth: /messages, oldest_age: /t,"
                + " oldest_age_unit: epoch_millis}",
            null);
    assertThat(q.depth()).isEqualTo(new At("/messages"));
    assertThat(q.consumers()).isEqualTo("/consumers");
    assertThat(q.oldestAge()).isEqualTo("/t");
    assertThat(q.oldestAgeUnit()).isEqualTo(AgeUnit.EPOCH_MILLIS);
    assertThat(q.oldestAgeRequired()).isTrue();
  }

  @Test
  void sumDefaultsToTheRootArrayAndItsElements() throws Exception {
    assertThat(parse("{url: \"http://r/q\", sum: {field: /messages_ready}}", null).depth())
        .isEqualTo(new Sum("", "/messages_ready"));
    assertThat(parse("{url: \"http://r/q\", sum: {}}", null).depth()).isEqualTo(new Sum("", ""));
  }

  @Test
  void everyKeyIsRead() throws Exception {
    QueueCheck q =
        parse(
            "{url: \"https://r/q\", method: post, depth: /n, window: 30m, max_body: 64KiB,"
                + " verify_tls: false, ca_file: ca.pem}",
            "{depth_below: 10, growth_per_min_below: 0.5, time_to_limit_above: 1h}");
    assertThat(q.method()).isEqualTo("POST");
    assertThat(q.window()).isEqualTo(Duration.ofMinutes(30));
    assertThat(q.maxBody()).isEqualTo(64 * 1024);
    assertThat(q.verifyTls()).isFalse();
    assertThat(q.caFile()).isEqualTo(Path.of(".").resolve("ca.pem"));
    assertThat(q.expect()).isEqualTo(new QueueExpect(10L, 0.5, null, null, Duration.ofHours(1)));
  }

  @Test
  void aHeaderValueCanComeFromAFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("rabbit-auth"), "Basic Zm9vOmJhcg==\n");
    QueueCheck q =
        parse(
            yaml(
                "{url: \"http://r/q\", depth: /n, headers: {Authorization_file: rabbit-auth}}",
                null),
            Map.of(),
            dir);
    assertThat(q.headers()).isEqualTo(Map.of("Authorization", "Basic Zm9vOmJhcg=="));
    assertThat(q.toString()).doesNotContain("Zm9v");
  }

  @Test
  void aReloadOfTheSameFileGivesAnEqualCheck() throws Exception {
    String queue = "{url: \"http://r/q\", preset: flower, window: 5m}";
    assertThat(parse(queue, "{depth_below: 5}")).isEqualTo(parse(queue, "{depth_below: 5}"));
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            "{url: \"http://r/q\"}",
            null,
            "lookout.yaml:3:12: target \"jobs\".queue needs \"depth\" (a JSON Pointer such as"
                + " /messages_ready), \"sum\" ({array: /queues, field: /messages}) or \"preset\""
                + " (rabbitmq, sidekiq, flower)"),
        Arguments.of(
            "{url: \"http://r/q\", depth: /a, sum: {field: /b}}",
            null,
            "lookout.yaml:3:43: target \"jobs\".queue has both \"depth\" and \"sum\": keep one (a"
                + " pointer, or a sum)"),
        Arguments.of(
            "{url: \"http://r/q\", depth: messages_ready}",
            null,
            "lookout.yaml:3:39: target \"jobs\".queue.depth: \"messages_ready\" is not a JSON Pointer"
                + " (write it as /messages_ready; keys are separated by /, as in /queue/messages)"),
        Arguments.of(
            "{url: \"http://r/q\", preset: rabitmq}",
            null,
            "lookout.yaml:3:40: target \"jobs\".queue.preset: \"rabitmq\" is not a known preset (did"
                + " you mean \"rabbitmq\"?); presets: rabbitmq, sidekiq, flower"),
        Arguments.of(
            "{url: \"http://r/q\", depth: /n, oldest_age: /t, oldest_age_unit: hours}",
            null,
            "lookout.yaml:3:76: target \"jobs\".queue.oldest_age_unit: \"hours\" is not one of"
                + " seconds, milliseconds, epoch_seconds, epoch_millis, iso8601"),
        Arguments.of(
            "{url: \"http://r/q\", sum: {aray: /a, field: /b}}",
            null,
            "lookout.yaml:3:38: unknown key \"aray\" in target \"jobs\".queue.sum (did you mean"
                + " \"array\"?)"),
        Arguments.of(
            "{url: \"http://r/q\", depth: /n, depht: /m}",
            null,
            "lookout.yaml:3:43: unknown key \"depht\" in target \"jobs\".queue (did you mean"
                + " \"depth\"?)"),
        Arguments.of(
            "{url: \"ftp://r/q\", depth: /n}",
            null,
            "lookout.yaml:3:18: target \"jobs\".queue.url must start with http:// or https://"),
        Arguments.of(
            "{url: \"http://r/q\", method: DELETE, depth: /n}",
            null,
            "lookout.yaml:3:40: target \"jobs\".queue.method: \"DELETE\" is not one of [GET, POST]"),
        Arguments.of(
            "{url: \"http://r/q\", preset: flower}",
            "{consumers_at_least: 1}",
            "lookout.yaml:4:34: target \"jobs\".expect.consumers_at_least needs the queue block to"
                + " read consumers (a \"consumers\" pointer, or a preset that reports them)"),
        Arguments.of(
            "{url: \"http://r/q\", depth: /n}",
            "{oldest_age_below: 5m}",
            "lookout.yaml:4:32: target \"jobs\".expect.oldest_age_below needs the queue block to read"
                + " an age (an \"oldest_age\" pointer, or a preset that reports it)"),
        Arguments.of(
            "{url: \"http://r/q\", depth: /n}",
            "{time_to_limit_above: 10m}",
            "lookout.yaml:4:35: target \"jobs\".expect.time_to_limit_above needs depth_below: it is"
                + " the limit the time is counted to"),
        Arguments.of(
            "{url: \"http://r/q\", depth: /n}",
            "{depth_below: 0}",
            "lookout.yaml:4:27: target \"jobs\".expect.depth_below: 0 must be more than 0"),
        Arguments.of(
            "{url: \"http://r/q\", depth: /n}",
            "{growth_per_min_below: -2}",
            "lookout.yaml:4:36: target \"jobs\".expect.growth_per_min_below must be more than 0"),
        Arguments.of(
            "{url: \"http://r/q\", depth: /n}",
            "{depth_belowe: 5}",
            "lookout.yaml:4:14: unknown key \"depth_belowe\" in target \"jobs\".expect (did you mean"
                + " \"depth_below\"?)"),
        Arguments.of(
            "{url: \"http://r/q\", depth: /n, headers: {X-Key: a, X-Key_file: k}}",
            null,
            "lookout.yaml:3:75: target \"jobs\".queue.headers.X-Key is given twice: use either X-Key"
                + " or X-Key_file"));
  }

  @ParameterizedTest(name = "{2}")
  @MethodSource("invalid")
  void invalidBlocksAreRejectedWithOneExactError(String queue, String expect, String error) {
    assertThat(errors(queue, expect)).containsExactly(error);
  }
}
