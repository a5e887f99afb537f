package org.dsas.healthcheck.probe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;

import org.dsas.healthcheck.probe.ProbeResult;
import org.dsas.testsupport.Gate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiscFilePingFactoryTest {

    static final ProbeFixture FX = new ProbeFixture();

    @AfterAll
    static void close() {
        FX.close();
    }

    static Path script(Path dir, String body) throws Exception {
        Path p = dir.resolve("check.sh");
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void miscJudgesExitCodesAndDynamicWeights(@TempDir Path dir) throws Exception {
        Path s = script(dir, "exit \"$1\"");
        assertTrue(ProbeFixture.run(FX.probe("MISC_CHECK {\n misc_path \"" + s + " 0\"\n}\n", 0,
                Duration.ofSeconds(5))).ok());
        ProbeResult one = ProbeFixture.run(FX.probe("MISC_CHECK {\n misc_path \"" + s + " 3\"\n}\n", 0,
                Duration.ofSeconds(5)));
        assertFalse(one.ok());
        assertEquals(s + " exited 3", one.detail());
        ProbeResult dyn = ProbeFixture.run(FX.probe("MISC_CHECK {\n misc_path \"" + s + " 12\"\n misc_dynamic\n}\n", 0,
                Duration.ofSeconds(5)));
        assertTrue(dyn.ok(), dyn.toString());
        assertEquals(10, dyn.weight());
        ProbeResult down = ProbeFixture.run(FX.probe("MISC_CHECK {\n misc_path \"" + s + " 1\"\n misc_dynamic\n}\n", 0,
                Duration.ofSeconds(5)));
        assertFalse(down.ok());
        assertEquals(-1, down.weight());
    }

    @Test
    void aScriptThatNeverExitsIsKilledWithItsChildrenAtItsTimeout(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("child.pid");
        Path s = script(dir, "sleep 600 &\necho $! > " + pidFile + "\nwait");
        ProbeResult r = ProbeFixture.run(FX.probe("MISC_CHECK {\n misc_path " + s + "\n misc_timeout 0.5\n}\n", 0,
                Duration.ofSeconds(5)));
        assertFalse(r.ok());
        assertEquals(s + " still running after 500 ms: killed", r.detail());
        long child = Long.parseLong(Files.readString(pidFile).strip());
        ProcessHandle.of(child).ifPresent(h -> h.onExit().join()); // destroyForcibly was sent; reaped by init
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "the script's child survived");
    }

    @Test
    void fileWeightsFollowTrackFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("weight");
        Files.writeString(f, "0\n");
        String plain = "FILE_CHECK {\n file_path " + f + "\n}\n";
        assertTrue(ProbeFixture.run(FX.probe(plain, 0, Duration.ofSeconds(1))).ok());
        Files.writeString(f, "7\n");
        ProbeResult down = ProbeFixture.run(FX.probe(plain, 0, Duration.ofSeconds(1)));
        assertFalse(down.ok());
        assertEquals(f + " is 7", down.detail());
        ProbeResult weighted = ProbeFixture.run(FX.probe("FILE_CHECK {\n file_path " + f + "\n weight 3\n}\n", 0,
                Duration.ofSeconds(1)));
        assertTrue(weighted.ok());
        assertEquals(21, weighted.weight());
        Files.writeString(f, "garbage");
        assertFalse(ProbeFixture.run(FX.probe(plain, 0, Duration.ofSeconds(1))).ok());
    }

    @Test
    void pingOfLoopbackPasses() {
        Gate.requireTools("ICMP echo probe (raw socket)", true);
        ProbeResult r = ProbeFixture.run(FX.probe("PING_CHECK {\n}\n", 0, Duration.ofSeconds(2)));
        assertTrue(r.ok(), r.toString());
        assertEquals("ICMP echo reply from 127.0.0.1", r.detail());
    }

    static String problem(String block) {
        return assertThrows(IllegalArgumentException.class, () -> FX.probe(block, 80, Duration.ofSeconds(1)))
                .getMessage();
    }

    @Test
    void badBlocksAreRefusedWithOneLineNamingFileLineAndKeyword() {
        assertEquals("test.conf:3: status_code: 99 out of range 100..599",
                problem("HTTP_GET {\n url {\n status_code 99\n path /\n }\n}\n"));
        assertEquals("test.conf:3: digest: 32 hex digits (an MD5) expected, got 'abc'",
                problem("HTTP_GET {\n url {\n digest abc\n path /\n }\n}\n"));
        assertEquals("test.conf:1: HTTP_GET: no url block", problem("HTTP_GET {\n connect_timeout 3\n}\n"));
        assertEquals("test.conf:2: url: no path", problem("HTTP_GET {\n url {\n status_code 200\n }\n}\n"));
        assertEquals("test.conf:2: http_protocol: 1.0, 1.0C or 1.1 expected, got '2'",
                problem("HTTP_GET {\n http_protocol 2\n url {\n path /\n }\n}\n"));
        assertEquals("test.conf:2: type: unknown type 'BOGUS' (known: [A, AAAA, CNAME, MX, NS, SOA, TXT])",
                problem("DNS_CHECK {\n type BOGUS\n}\n"));
        assertEquals("test.conf:2: payload: not an even number of hex digits: 'abc'",
                problem("UDP_CHECK {\n payload abc\n}\n"));
        assertEquals("test.conf:2: misc_path: /nonexistent/check is not an executable file given by absolute path",
                problem("MISC_CHECK {\n misc_path /nonexistent/check\n}\n"));
        assertEquals("test.conf:3: misc_timeout: not a number of seconds: 'soon'",
                problem("MISC_CHECK {\n misc_path /bin/true\n misc_timeout soon\n}\n"));
        assertEquals("test.conf:2: helo: unknown keyword in SMTP_CHECK (known: helo_name)",
                problem("SMTP_CHECK {\n helo x\n}\n"));
        assertEquals("test.conf:3: helo_name: given twice (first at line 2)",
                problem("SMTP_CHECK {\n helo_name a\n helo_name b\n}\n"));
        assertEquals("test.conf:3: weight: reverse or noreverse expected, got 'sideways'",
                problem("FILE_CHECK {\n file_path /tmp/x\n weight 2 sideways\n}\n"));
        // the engine's keywords are accepted in every block
        FX.probe("TCP_CHECK {\n connect_timeout 3\n delay_loop 2\n retry 3\n}\n", 80, Duration.ofSeconds(1)).close();
    }
}
