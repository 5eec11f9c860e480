package io.castellan.server.it;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A request whose body stops arriving is answered within the request timeout, not held open. */
class SlowBodyIntegrationTest {

  private static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.startWith(
            TestNode.newKeyspace("slow_body_it"), "castellan.http.request-timeout = 1 s");
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  void aBodyThatStopsArrivingIsAnsweredWith408() throws IOException {
    try (Socket socket =
        new Socket("127.0.0.1", Integer.parseInt(node.baseUrl().replaceAll(".*:", "")))) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      String firstChunk = "{\"tuple_key\": ";
      out.write(
          ("POST /v1/orgs/anything/check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                  + "Authorization: Bearer "
                  + TestNode.OPERATOR_KEY
                  + "\r\n"
                  + "Transfer-Encoding: chunked\r\n\r\n"
                  + Integer.toHexString(firstChunk.length())
                  + "\r\n"
                  + firstChunk
                  + "\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      long started = System.nanoTime();
      String answer = readAnswer(socket.getInputStream());
      long waitedMillis = (System.nanoTime() - started) / 1_000_000;
      assertTrue(answer.startsWith("HTTP/1.1 408"), answer);
      assertTrue(answer.contains("\"code\":\"body_timeout\""), answer);
      assertTrue(
          waitedMillis >= 900 && waitedMillis < 5_000, "answered after " + waitedMillis + " ms");
    }
  }

  private static String readAnswer(InputStream in) throws IOException {
    StringBuilder answer = new StringBuilder();
    byte[] buffer = new byte[4096];
    int read;
    while (!answer.toString().contains("}") && (read = in.read(buffer)) > 0) {
      answer.append(new String(buffer, 0, read, StandardCharsets.UTF_8));
    }
    return answer.toString();
  }
}
