package dev.lookout.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lookout.config.Config;
import dev.lookout.config.ConfigException;
import dev.lookout.config.ConfigLoader;
import dev.lookout.config.StatusAuth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code agent.auth}: how it is configured and which headers it lets through. */
class StatusAuthTest {
  static final String TARGETS = "targets:\n  - name: a\n    http: {url: \"http://127.0.0.1:1/\"}\n";

  static Config parse(String agent) throws ConfigException {
    return new ConfigLoader(Map.of("LOOKOUT_TOKEN", "s3cret-token")::get)
        .parse("lookout.yaml", Path.of("."), agent + TARGETS);
  }

  @Test
  void offByDefault() throws Exception {
    assertThat(parse("agent: {listen: \"127.0.0.1:0\"}\n").agent().auth()).isNull();
    assertThat(parse("").agent().auth()).isNull();
  }

  @Test
  void bearerTokenFromTheEnvironment() throws Exception {
    StatusAuth auth =
        parse("agent:\n  auth: {bearer_token: \"${LOOKOUT_TOKEN}\"}\n").agent().auth();
    assertThat(auth.bearerToken()).isEqualTo("s3cret-token");
    assertThat(auth.toString()).doesNotContain("s3cret");
    assertThat(StatusAuthCheck.allowed(auth, "Bearer s3cret-token")).isTrue();
    assertThat(StatusAuthCheck.allowed(auth, "bearer s3cret-token")).isTrue();
    assertThat(StatusAuthCheck.allowed(auth, "Bearer s3cret-toke")).isFalse();
    assertThat(StatusAuthCheck.allowed(auth, "Basic czNjcmV0LXRva2Vu")).isFalse();
    assertThat(StatusAuthCheck.allowed(auth, null)).isFalse();
  }

  @Test
  void basicAuthWithThePasswordFromAFile(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("password");
    Files.writeString(secret, "pa:ss w\u00f6rd\n");
    StatusAuth auth =
        parse("agent:\n  auth: {username: ops, password_file: \"" + secret + "\"}\n")
            .agent()
            .auth();
    assertThat(auth.basic()).isTrue();
    assertThat(auth.toString()).isEqualTo("StatusAuth[basic, username=ops]");
    assertThat(StatusAuthCheck.allowed(auth, basic("ops:pa:ss w\u00f6rd"))).isTrue();
    assertThat(StatusAuthCheck.allowed(auth, basic("ops:wrong"))).isFalse();
    assertThat(StatusAuthCheck.allowed(auth, "Basic not-base64!")).isFalse();
    assertThat(StatusAuthCheck.allowed(auth, "Bearer pa:ss")).isFalse();
  }

  @Test
  void bothKindsAtOnceIsAnErrorWithItsPlace() {
    assertThatThrownBy(
            () ->
                parse(
                    "agent:\n  auth: {bearer_token: \"${LOOKOUT_TOKEN}\", username: ops, password: x}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "lookout.yaml:2:9: agent.auth: give either bearer_token or username and password");
  }

  @Test
  void unknownKeysGetAHint() {
    assertThatThrownBy(() -> parse("agent:\n  auth: {bearer: x}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "lookout.yaml:2:10: unknown key \"bearer\" in agent.auth (valid keys: bearer_token,"
                + " bearer_token_file, username, password, password_file)");
  }

  static String basic(String userPass) {
    return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
  }
}
