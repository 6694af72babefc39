package dev.traitlab.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.traitlab.core.TraitlabException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortInUseTest {
  @Test
  void startingOnAHeldPortSaysSoInOneLine() throws Exception {
    try (ModelRegistry registry = new ModelRegistry();
        ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = held.getLocalPort();
      ServerConfig config = ServerConfig.builder().optHost("127.0.0.1").optPort(port).build();
      TraitlabException e =
          assertThrows(TraitlabException.class, () -> OpenAiServer.start(config, registry));
      assertEquals(
          "port "
              + port
              + " on 127.0.0.1 is in use (another server is listening there; choose another with"
              + " --port)",
          e.getMessage());
    }
  }

  @Test
  void aFreedPortCanBeServedAgain() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    try (ModelRegistry registry = new ModelRegistry();
        OpenAiServer server =
            OpenAiServer.start(
                ServerConfig.builder().optHost("127.0.0.1").optPort(port).build(), registry)) {
      assertEquals(port, server.port());
    }
  }
}
