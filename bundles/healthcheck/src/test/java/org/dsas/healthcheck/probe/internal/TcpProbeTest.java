package org.dsas.healthcheck.probe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.time.Duration;

import org.dsas.healthcheck.probe.ProbeResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TcpProbeTest {

    static final ProbeFixture FX = new ProbeFixture();

    @AfterAll
    static void close() {
        FX.close();
    }

    @Test
    void passesWhenSomethingListensAndFailsWhenTheConnectionIsRefused() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 5, ProbeFixture.LOOPBACK)) {
            ProbeResult up = ProbeFixture.run(FX.probe("TCP_CHECK {\n}\n", s.getLocalPort(), Duration.ofSeconds(2)));
            assertTrue(up.ok(), up.toString());
            assertEquals("connected to 127.0.0.1:" + s.getLocalPort(), up.detail());
            assertEquals(-1, up.weight());
        }
        int closed = ProbeFixture.closedPort();
        ProbeResult down = ProbeFixture.run(FX.probe("TCP_CHECK {\n}\n", closed, Duration.ofSeconds(2)));
        assertFalse(down.ok());
        assertTrue(down.detail().startsWith("connect to 127.0.0.1:" + closed + ": Connection refused"), down.detail());
        assertFalse(down.detail().contains("\n"));
    }
}
