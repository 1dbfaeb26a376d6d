package dev.lookout.check.http;

import dev.lookout.probe.Text;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.PrematureChannelClosureException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What was wrong with an answer Netty's HTTP decoder could not read, in words: the decoder reports
 * it with the JDK's and its own developer messages ({@code For input string: "abc"}, {@code invalid
 * version format: SSH-2.0-OPENSSH_9.6}), which say nothing to the person reading an alert.
 */
final class InvalidHttp {
  private static final Pattern NUMBER =
      Pattern.compile("For input string: \"(.*)\"", Pattern.DOTALL);
  private static final int EXCERPT = 40;

  private InvalidHttp() {}

  /** Whether {@code e} is the HTTP decoder's complaint about what the peer sent. */
  static boolean fromDecoder(Throwable e) {
    return e instanceof DecoderException
        || e instanceof PrematureChannelClosureException
        || (e instanceof IllegalArgumentException && thrownBy(e, "io.netty.handler.codec.http."));
  }

  /**
   * The problem with the answer; {@code start} is its first bytes (empty when they were not kept),
   * quoted where they show what came instead of HTTP.
   */
  static String describe(Throwable cause, byte[] start) {
    if (cause instanceof TooLongHttpHeaderException) {
      return "the response headers are larger than 8 KiB";
    }
    if (cause instanceof TooLongHttpLineException) {
      return "the status line is longer than 4 KiB" + quoted(start);
    }
    if (cause instanceof TooLongFrameException) {
      return "a line of the response is too long";
    }
    if (cause instanceof PrematureChannelClosureException && !looksLikeHttp(start)) {
      return "the status line is not HTTP" + quoted(start);
    }
    if (cause instanceof PrematureChannelClosureException) {
      return "the connection closed before the response headers were complete" + quoted(start);
    }
    if (thrownIn(cause, "readHeaders", "splitHeader")) {
      return "a header line is not valid HTTP";
    }
    if (thrownIn(cause, "getChunkSize", "readChunkSize")) {
      return "a chunk size of the chunked body is not valid";
    }
    if (start.length > 0) {
      return "the status line is not HTTP" + quoted(start);
    }
    Matcher number = NUMBER.matcher(String.valueOf(cause.getMessage()));
    if (number.find()) {
      return "the status line is not HTTP (the status code is \""
          + Text.printable(number.group(1), EXCERPT)
          + "\")";
    }
    return "the status line is not HTTP";
  }

  private static boolean looksLikeHttp(byte[] start) {
    return new String(start, java.nio.charset.StandardCharsets.ISO_8859_1).startsWith("HTTP/");
  }

  private static String quoted(byte[] start) {
    return start.length == 0 ? "" : " (starts \"" + Text.printable(start, EXCERPT) + "\")";
  }

  private static boolean thrownBy(Throwable e, String packagePrefix) {
    for (StackTraceElement frame : e.getStackTrace()) {
      if (frame.getClassName().startsWith(packagePrefix)) {
        return true;
      }
    }
    return false;
  }

  private static boolean thrownIn(Throwable e, String... methods) {
    for (StackTraceElement frame : e.getStackTrace()) {
      if (frame.getClassName().startsWith("io.netty.handler.codec.http.")) {
        for (String method : methods) {
          if (frame.getMethodName().equals(method)) {
            return true;
          }
        }
      }
    }
    return false;
  }
}
