package org.dsas.healthcheck.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.nio.NioEventLoopGroup;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NotifyScriptsTest {

    @TempDir
    Path dir;

    private final NioEventLoopGroup loops = new NioEventLoopGroup(1);
    private final NotifyScripts scripts = new NotifyScripts(new NettyCheckScheduler(loops), Duration.ofMillis(300));

    @AfterEach
    void stop() {
        loops.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    private Path script(String body) throws Exception {
        Path p = dir.resolve("script.sh");
        Files.writeString(p, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void aScriptThatNeverExitsIsKilledAtItsTimeout() throws Exception {
        Path pid = dir.resolve("pid");
        Path s = script("echo $$ > " + pid + "\nexec sleep 600");
        NotifyScripts.Outcome outcome = scripts.run(s.toString(), List.of(), "notify_down of test").get(30, TimeUnit.SECONDS);
        assertEquals(NotifyScripts.Outcome.KILLED_AT_TIMEOUT, outcome);
        long p = Long.parseLong(Files.readString(pid).trim());
        ProcessHandle h = ProcessHandle.of(p).orElse(null);
        if (h != null) {
            h.onExit().get(30, TimeUnit.SECONDS);
            assertFalse(h.isAlive());
        }
    }

    @Test
    void wordsOfTheScriptLineAndArgumentsReachTheScriptAndTheExitCodeCounts() throws Exception {
        Path out = dir.resolve("out");
        Path s = script("echo \"$@\" > " + out + "\nexit 3");
        assertEquals(NotifyScripts.Outcome.EXITED_NONZERO,
                scripts.run(s + " first", List.of("second"), "test").get(30, TimeUnit.SECONDS));
        assertEquals("first second", Files.readString(out).trim());
        assertEquals(NotifyScripts.Outcome.NOT_STARTED,
                scripts.run(dir.resolve("missing").toString(), List.of(), "test").get(30, TimeUnit.SECONDS));
    }
}
