package dev.lookout.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lookout.check.http.HttpCheck;
import dev.lookout.check.http.HttpExpect;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {
  private final ConfigLoader loader =
      new ConfigLoader(Map.of("API_TOKEN", "s3cret", "EMPTY", "")::get);

  private static final Path FIXTURES = Path.of("src/test/resources/config/testdata");
  private static final String ERROR_LINE = "# error: ";

  /**
   * The broken files: the table below, and every fixture that lists its expected errors in trailing
   * {@code # error: } comment lines, so a new check type adds its fixture without editing this
   * test. (Comments at the end leave every line and column above them as they are.)
   */
  static Stream<Arguments> brokenFiles() throws java.io.IOException {
    return Stream.concat(table(), annotatedFixtures());
  }

  static Stream<Arguments> annotatedFixtures() throws java.io.IOException {
    List<Arguments> out = new java.util.ArrayList<>();
    for (Path f : fixtures()) {
      List<String> errors = declaredErrors(f);
      if (!errors.isEmpty()) {
        out.add(Arguments.of(f.getFileName().toString(), errors));
      }
    }
    return out.stream();
  }

  private static List<Path> fixtures() throws java.io.IOException {
    try (Stream<Path> files = java.nio.file.Files.list(FIXTURES)) {
      return files
          .filter(f -> f.getFileName().toString().matches("invalid-.*\\.yaml"))
          .sorted()
          .toList();
    }
  }

  private static List<String> declaredErrors(Path fixture) throws java.io.IOException {
    return java.nio.file.Files.readAllLines(fixture).stream()
        .filter(l -> l.startsWith(ERROR_LINE))
        .map(l -> l.substring(ERROR_LINE.length()))
        .toList();
  }

  @Test
  void everyInvalidFixtureIsAsserted() throws java.io.IOException {
    List<Object> listed = table().map(a -> a.get()[0]).toList();
    for (Path f : fixtures()) {
      assertThat(listed.contains(f.getFileName().toString()) || !declaredErrors(f).isEmpty())
          .as("%s has \"%s\" lines or a row in ConfigLoaderTest.table()", f, ERROR_LINE.trim())
          .isTrue();
    }
  }

  private static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of(
            "invalid-unknown-key.yaml",
            List.of(
                "invalid-unknown-key.yaml:3:5: unknown key \"intervall\" in target \"homepage\" (did you mean \"interval\"?)")),
        Arguments.of(
            "invalid-duration.yaml",
            List.of(
                "invalid-duration.yaml:2:13: defaults.interval: \"10 seconds\" is not a duration (use a number and a unit: 250ms, 10s, 5m, 4h, 7d)")),
        Arguments.of(
            "invalid-missing-env.yaml",
            List.of(
                "invalid-missing-env.yaml:5:32: target \"api\".http.headers.Authorization: environment variable LOOKOUT_TEST_UNSET_TOKEN is not set (write ${LOOKOUT_TEST_UNSET_TOKEN:-default} for a default)")),
        Arguments.of(
            "invalid-two-checks.yaml",
            List.of(
                "invalid-two-checks.yaml:4:5: target \"homepage\" has more than one check (http, tls): keep one of http, tls, dns, email_auth, queue, heartbeat, flow, redirects, mail_delivery")),
        Arguments.of(
            "invalid-no-check.yaml",
            List.of(
                "invalid-no-check.yaml:2:5: target \"homepage\" has no check: add one of http, tls, dns, email_auth, queue, heartbeat, flow, redirects, mail_delivery")),
        Arguments.of(
            "invalid-duplicate-name.yaml",
            List.of(
                "invalid-duplicate-name.yaml:4:11: target name \"homepage\" is used twice (first at line 2)")),
        Arguments.of(
            "invalid-url.yaml",
            List.of(
                "invalid-url.yaml:3:17: target \"homepage\".http.url: \"ftp://127.0.0.1/\" must start with http:// or https://")),
        Arguments.of(
            "invalid-status.yaml",
            List.of(
                "invalid-status.yaml:4:28: target \"homepage\".expect.status: \"2x\" is not a status (write a code like 200, a class like 2xx, or 200-299)")),
        Arguments.of(
            "invalid-expect-key.yaml",
            List.of(
                "invalid-expect-key.yaml:4:14: unknown key \"p95_bellow\" in target \"homepage\".expect (did you mean \"p95_below\"?)")),
        Arguments.of(
            "invalid-unknown-notifier.yaml",
            List.of(
                "invalid-unknown-notifier.yaml:4:20: defaults.alert.notify: no notifier named \"opz\" (did you mean \"ops\"?)")),
        Arguments.of(
            "invalid-yaml-syntax.yaml",
            List.of(
                "invalid-yaml-syntax.yaml:4:1: invalid YAML: expected ',' or '}', but got <stream end>")),
        Arguments.of(
            "invalid-regex.yaml",
            List.of(
                "invalid-regex.yaml:4:28: target \"homepage\".expect.body_matches: \"Sign (in\" is not a valid regular expression: Unclosed group")),
        Arguments.of(
            "invalid-no-targets.yaml",
            List.of(
                "invalid-no-targets.yaml:1:1: the file needs a \"targets:\" list (what should Lookout watch?)")),
        Arguments.of(
            "invalid-misspelt-check.yaml",
            List.of(
                "invalid-misspelt-check.yaml:2:5: target \"jobs\" has no check: add one of http, tls, dns, email_auth, queue, heartbeat, flow, redirects, mail_delivery",
                "invalid-misspelt-check.yaml:3:5: unknown key \"kueue\" in target \"jobs\" (did you mean \"queue\"?)")),
        Arguments.of(
            "invalid-many.yaml",
            List.of(
                "invalid-many.yaml:2:11: agent.listen: \"127.0.0.1:99999\": port must be a number from 0 to 65535",
                "invalid-many.yaml:5:43: unknown key \"methd\" in target \"homepage\".http (did you mean \"method\"?)",
                "invalid-many.yaml:6:14: target \"homepage\".timeout: \"soon\" is not a duration (use a number and a unit: 250ms, 10s, 5m, 4h, 7d)",
                "invalid-many.yaml:7:5: targets[1] needs \"name\"")),
        Arguments.of(
            "invalid-header-crlf.yaml",
            List.of(
                "invalid-header-crlf.yaml:5:26: target \"api\".http.headers.X-Token contains a carriage return (\\r), which would break the line it is sent on")),
        Arguments.of(
            "invalid-header-name.yaml",
            List.of(
                "invalid-header-name.yaml:5:17: target \"api\".http.headers: \"X-Token\\r\\nX-Injected\" is not a header name: it contains a carriage return (\\r) (a name may only have letters, digits and !#$%&'*+-.^_`|~)",
                "invalid-header-name.yaml:5:47: target \"api\".http.headers: \"X Token\" is not a header name: it contains a space (a name may only have letters, digits and !#$%&'*+-.^_`|~)",
                "invalid-header-name.yaml:5:63: target \"api\".http.headers: \"\" is not a header name: it is empty")),
        Arguments.of(
            "invalid-method.yaml",
            List.of(
                "invalid-method.yaml:3:51: target \"api\".http.method: \"GET / HTTP/1.1\\r\\nX: 1\" is not one of [GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS]")),
        Arguments.of(
            "invalid-queue-header.yaml",
            List.of(
                "invalid-queue-header.yaml:7:29: target \"jobs\".queue.headers.Authorization contains a carriage return (\\r), which would break the line it is sent on",
                "invalid-queue-header.yaml:8:17: target \"jobs\".queue.headers.X-Null contains a NUL character (\\0), which would break the line it is sent on",
                "invalid-queue-header.yaml:9:17: target \"jobs\".queue.headers.X-Bell contains the control character \\u0007, which would break the line it is sent on")),
        Arguments.of(
            "invalid-email-fields.yaml",
            List.of(
                "invalid-email-fields.yaml:4:18: notifiers.mail.smtp.host contains a carriage return (\\r) (write it without spaces or control characters)",
                "invalid-email-fields.yaml:4:56: notifiers.mail.smtp.username contains a carriage return (\\r), which would break the line it is sent on",
                "invalid-email-fields.yaml:4:85: notifiers.mail.smtp.password contains a NUL character (\\0), which would break the line it is sent on",
                "invalid-email-fields.yaml:5:11: notifiers.mail.from: \"lookout@example.com\\r\\nBcc: x@example.org\" is not a plain mail address (write it as name@example.com)",
                "invalid-email-fields.yaml:6:27: notifiers.mail.to: \"dev@example.com\\0\" is not a plain mail address (write it as name@example.com)")),
        Arguments.of(
            "invalid-yaml-aliases.yaml",
            List.of(
                "invalid-yaml-aliases.yaml:52:6: invalid YAML: more than 50 aliases (*name) of lists and mappings; write the values out, or use fewer")),
        Arguments.of(
            "invalid-yaml-nesting.yaml",
            List.of(
                "invalid-yaml-nesting.yaml:1:60: invalid YAML: lists and mappings are nested more than 50 deep")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void everyBrokenFileIsReportedWithPositions(String file, List<String> expected)
      throws URISyntaxException {
    Path path = Path.of(getClass().getResource("/config/testdata/" + file).toURI());
    assertThatThrownBy(
            () ->
                new ConfigLoader(Map.<String, String>of()::get)
                    .parse(file, path.getParent(), java.nio.file.Files.readString(path)))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.errors())
                    .map(ConfigError::toString)
                    .containsExactlyElementsOf(expected));
  }

  @Test
  void theStartGridIsSetOrSwitchedOff() throws ConfigException {
    String targets = "targets:\n  - {name: a, http: {url: \"http://127.0.0.1:1/\"}}\n";
    assertThat(parse("agent: {start_grid: 250ms}\n" + targets).agent().startGrid())
        .isEqualTo(Duration.ofMillis(250));
    assertThat(parse("agent: {start_grid: 0s}\n" + targets).agent().startGrid()).isZero();
  }

  @Test
  void defaultsAreInheritedAndOverridable() throws ConfigException {
    Config c =
        parse(
            """
            agent:
              listen: "[::1]:9500"
              labels: {env: prod, location: fra1}
              shard: 2/3
              max_in_flight: 64
            defaults:
              interval: 15s
              timeout: 3s
              window: 10m
              alert: {after: 2, resolve_after: 3, repeat: 4h}
            targets:
              - name: homepage
                http: {url: "https://www.example.test/"}
              - name: api
                interval: 5s
                alert: {after: 5}
                http: {url: "http://127.0.0.1:8080/health", method: post, body: "{}", follow_redirects: false, max_body: 64KiB, keep_alive: true, ip: ipv6}
                expect: {status: [2xx, 301], p95_below: 800ms, json: {/status: ok}, header: {Location: {matches: "^https://"}}}
            """);
    assertThat(c.agent().listen()).isEqualTo(new HostPort("::1", 9500));
    assertThat(c.agent().labels()).containsEntry("env", "prod").containsEntry("location", "fra1");
    assertThat(c.agent().shard()).isEqualTo(new Shard(2, 3));
    assertThat(c.agent().maxInFlight()).isEqualTo(64);
    assertThat(c.agent().startGrid()).isEqualTo(Duration.ofMillis(100));
    Target home = c.targets().get(0);
    assertThat(home.interval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(home.timeout()).isEqualTo(Duration.ofSeconds(3));
    assertThat(home.window()).isEqualTo(Duration.ofMinutes(10));
    assertThat(home.alert().after()).isEqualTo(2);
    assertThat(home.alert().notifierNames()).containsExactly("log");
    HttpCheck homeCheck = (HttpCheck) home.check();
    assertThat(homeCheck.method()).isEqualTo("GET");
    assertThat(homeCheck.followRedirects()).isTrue();
    assertThat(homeCheck.maxRedirects()).isEqualTo(10);
    assertThat(homeCheck.maxBody()).isEqualTo(1024 * 1024);
    assertThat(homeCheck.keepAlive()).isFalse();
    assertThat(homeCheck.expect().status()).containsExactly(new HttpExpect.StatusRange(200, 299));

    Target api = c.targets().get(1);
    assertThat(api.interval()).isEqualTo(Duration.ofSeconds(5));
    assertThat(api.alert().after()).isEqualTo(5);
    assertThat(api.alert().resolveAfter()).isEqualTo(3);
    assertThat(api.alert().repeat()).isEqualTo(Duration.ofHours(4));
    HttpCheck apiCheck = (HttpCheck) api.check();
    assertThat(apiCheck.method()).isEqualTo("POST");
    assertThat(apiCheck.body()).isEqualTo("{}");
    assertThat(apiCheck.followRedirects()).isFalse();
    assertThat(apiCheck.maxBody()).isEqualTo(64 * 1024);
    assertThat(apiCheck.keepAlive()).isTrue();
    assertThat(apiCheck.ip()).isEqualTo(HttpCheck.IpVersion.IPV6);
    assertThat(apiCheck.expect().status())
        .containsExactly(
            new HttpExpect.StatusRange(200, 299), new HttpExpect.StatusRange(301, 301));
    assertThat(apiCheck.expect().p95Below()).isEqualTo(Duration.ofMillis(800));
    assertThat(apiCheck.expect().json()).containsEntry("/status", "ok");
    assertThat(apiCheck.expect().headers().get("Location").test("https://www.example.test/"))
        .isTrue();
  }

  @Test
  void theSameFileLoadsToEqualChecksSoAReloadKeepsHistory() throws ConfigException {
    String yaml =
        """
        targets:
          - name: home
            http: {url: "http://127.0.0.1:8080/"}
            expect: {body_matches: 'Sign\\s+in', header: {Location: {matches: "^https://"}}}
        """;
    assertThat(parse(yaml).targets().get(0).check())
        .isEqualTo(parse(yaml).targets().get(0).check());
    assertThat(parse(yaml).targets().get(0).check())
        .isNotEqualTo(parse(yaml.replace("Sign", "Log")).targets().get(0).check());
  }

  @Test
  void environmentVariablesAreInterpolated() throws ConfigException {
    Config c =
        parse(
            """
            targets:
              - name: api
                http:
                  url: "http://127.0.0.1:${PORT:-8080}/"
                  headers: {Authorization: "Bearer ${API_TOKEN}", X-Empty: "${EMPTY:-fallback}", X-Literal: "$${NOT_A_VAR}"}
            """);
    HttpCheck check = (HttpCheck) c.targets().get(0).check();
    assertThat(check.url().toString()).isEqualTo("http://127.0.0.1:8080/");
    assertThat(check.headers())
        .containsEntry("Authorization", "Bearer s3cret")
        .containsEntry("X-Empty", "fallback")
        .containsEntry("X-Literal", "${NOT_A_VAR}");
  }

  @Test
  void secretsAreReadFromFiles(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    java.nio.file.Files.writeString(dir.resolve("token"), "from-file\n");
    ConfigReader reader = new ConfigReader("t.yaml", dir, Map.<String, String>of()::get);
    org.yaml.snakeyaml.nodes.Node node =
        new org.yaml.snakeyaml.Yaml().compose(new java.io.StringReader("password_file: token\n"));
    MapReader m = new MapReader(reader, node, "smtp");
    assertThat(m.secret("password")).isEqualTo("from-file");
    m.finish();
    assertThat(reader.errors()).isEmpty();
  }

  @Test
  void httpHeadersTakeSecretsFromFilesAsQueueHeadersDo(@org.junit.jupiter.api.io.TempDir Path dir)
      throws Exception {
    java.nio.file.Files.writeString(dir.resolve("token"), "Bearer from-file\n");
    Config c =
        loader.parse(
            "t.yaml",
            dir,
            """
            targets:
              - name: api
                http:
                  url: "http://127.0.0.1:8080/"
                  headers: {Authorization_file: token, X-Tabbed: "a\tb", Host: api.internal}
            """);
    assertThat(((HttpCheck) c.targets().get(0).check()).headers())
        .containsOnly(
            Map.entry("Authorization", "Bearer from-file"),
            Map.entry("X-Tabbed", "a\tb"),
            Map.entry("Host", "api.internal"));
  }

  @Test
  void aHeaderValueFromTheEnvironmentIsHeldToTheSameRule() {
    ConfigLoader withNewline = new ConfigLoader(Map.of("TOKEN", "abc\nX-Injected: 1")::get);
    assertThatThrownBy(
            () ->
                withNewline.parse(
                    "t.yaml",
                    Path.of("."),
                    """
                    targets:
                      - name: api
                        http: {url: "http://127.0.0.1:8080/", headers: {X-Token: "${TOKEN}"}}
                    """))
        .hasMessage(
            "t.yaml:3:62: target \"api\".http.headers.X-Token contains a line feed (\\n), which"
                + " would break the line it is sent on");
  }

  @Test
  void aSecretFileThatCannotBeReadIsAnErrorNotAnEmptyValue(
      @org.junit.jupiter.api.io.TempDir Path dir) {
    ConfigReader reader = new ConfigReader("t.yaml", dir, Map.<String, String>of()::get);
    org.yaml.snakeyaml.nodes.Node node =
        new org.yaml.snakeyaml.Yaml().compose(new java.io.StringReader("password_file: missing\n"));
    assertThat(new MapReader(reader, node, "smtp").secret("password")).isNull();
    assertThat(reader.errors())
        .singleElement()
        .asString()
        .startsWith("t.yaml:1:16: smtp.password_file: cannot read");
  }

  @Test
  void theExamplesShippedWithLookoutAreValid() throws Exception {
    Path examples = Path.of("..", "config-examples");
    try (Stream<Path> files = java.nio.file.Files.list(examples)) {
      List<Path> yaml = files.filter(p -> p.toString().endsWith(".yaml")).toList();
      assertThat(yaml).isNotEmpty();
      ConfigLoader lenient =
          new ConfigLoader(name -> "example-" + name.toLowerCase(java.util.Locale.ROOT));
      for (Path p : yaml) {
        assertThat(lenient.load(p).targets()).as(p.toString()).isNotEmpty();
      }
    }
  }

  private Config parse(String yaml) throws ConfigException {
    return loader.parse("test.yaml", Path.of("."), yaml);
  }
}
