package org.dsas.core.internal;

import static org.dsas.core.internal.PrivHelperProcess.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

import org.dsas.core.api.MountState;
import org.dsas.core.api.PrivilegedHelperException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FIFO client against the real {@code bin/dsas-privhelper}, started by the test as the current user. No entry is
 * ever mounted: the requests are status, unmounts of what is not mounted and mounts the helper refuses before mount(8)
 * runs (or that mount(8) refuses: a file system type that does not exist).
 */
class FifoPrivilegedHelperTest {

    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final Duration CONNECT = Duration.ofSeconds(2);

    @TempDir
    Path tmp;

    private final List<Thread> threads = Collections.synchronizedList(new ArrayList<>());
    private final ThreadFactory factory = r -> {
        Thread t = new Thread(r, "test-privhelper-" + threads.size());
        t.setDaemon(true);
        threads.add(t);
        return t;
    };
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        Collections.reverse(toClose);
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private Path mnt(String name) {
        return tmp.resolve("mnt").resolve(name);
    }

    /** scratch: a tmpfs entry (never mounted here); nofs: a type no kernel has; missing: no mount point. */
    private String mounts() throws IOException {
        Files.createDirectories(mnt("scratch"));
        Files.createDirectories(mnt("nofs"));
        return "# name device mountpoint fstype options\n"
                + "scratch tmpfs " + mnt("scratch") + " tmpfs size=1m,mode=0755   # comment after an entry\n"
                + "\n"
                + "nofs /dev/dsas-none " + mnt("nofs") + " dsasnofs defaults\n"
                + "missing /dev/dsas-none " + mnt("missing") + " dsasnofs defaults\n";
    }

    private PrivHelperProcess helper(String mounts) throws IOException {
        PrivHelperProcess h = new PrivHelperProcess(tmp, mounts);
        toClose.add(h);
        return h;
    }

    private FifoPrivilegedHelper client(PrivHelperProcess h, Duration deadline) {
        FifoPrivilegedHelper c = new FifoPrivilegedHelper(h.dir, deadline, CONNECT, factory);
        toClose.add(c);
        return c;
    }

    @Test
    void statusAndListingOfTheConfiguredMounts() throws Exception {
        PrivHelperProcess h = helper(mounts()).start();
        FifoPrivilegedHelper client = client(h, DEADLINE);

        assertEquals(new MountState("scratch", "tmpfs", mnt("scratch").toString(), "tmpfs", false, false),
                client.status("scratch"));
        assertEquals(List.of(
                new MountState("scratch", "tmpfs", mnt("scratch").toString(), "tmpfs", false, false),
                new MountState("nofs", "/dev/dsas-none", mnt("nofs").toString(), "dsasnofs", false, false),
                new MountState("missing", "/dev/dsas-none", mnt("missing").toString(), "dsasnofs", false, false)),
                client.mounts());
        assertEquals("reachable (" + h.dir + ")", client.state());
        assertFalse(client.alarmed());
        assertTrue(h.log().contains("dsas-privhelper: serving " + PrivHelperProcess.USER + " "), h.log());
    }

    @Test
    void theFifosAreTheHelpersAndTheUsersGroupMayOnlyWriteRequestsAndReadReplies() throws Exception {
        PrivHelperProcess h = helper(mounts()).start();
        Path request = h.dir.resolve("request");
        Path reply = h.dir.resolve("reply");

        assertEquals("rw--w----", PosixFilePermissions.toString(Files.getPosixFilePermissions(request)));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(reply)));
        int gid = (Integer) Files.getAttribute(h.dir, "unix:gid"); // the test's own group: the user's
        assertEquals(gid, Files.getAttribute(request, "unix:gid"));
        assertEquals(gid, Files.getAttribute(reply, "unix:gid"));
        assertEquals(Files.getAttribute(h.dir, "unix:uid"), Files.getAttribute(request, "unix:uid"));
    }

    @Test
    void unknownAndBadNamesAreRefusedInOneLine() throws Exception {
        PrivHelperProcess h = helper(mounts()).start();
        FifoPrivilegedHelper client = client(h, DEADLINE);

        PrivilegedHelperException unknown = assertThrows(PrivilegedHelperException.class, () -> client.mount("nosuch"));
        assertEquals("no mount named 'nosuch' in " + h.dir.resolve("mounts") + " (read when the helper started)",
                unknown.getMessage());
        for (String bad : List.of("Scratch", "a b", "../etc", "", "x".repeat(33), "scratch\n1 mount nofs")) {
            PrivilegedHelperException e = assertThrows(PrivilegedHelperException.class, () -> client.status(bad));
            assertTrue(e.getMessage().startsWith("bad mount name '") && e.getMessage().endsWith(
                    "': expected [a-z0-9][a-z0-9_-]{0,31}"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
        assertFalse(h.log().contains("mount nofs"), "a name with a newline smuggled a request: " + h.log());
    }

    @Test
    void mountsTheHelperMustNotAttemptAreRefusedBeforeMountRuns() throws Exception {
        Path open = Files.createDirectories(tmp.resolve("open"));
        Files.createDirectories(open.resolve("x"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere/x"));
        Files.createSymbolicLink(tmp.resolve("link"), elsewhere.getParent());
        PrivHelperProcess h = helper(mounts()
                + "opendir /dev/dsas-none " + open.resolve("x") + " dsasnofs defaults\n"
                + "linked /dev/dsas-none " + tmp.resolve("link/x") + " dsasnofs defaults\n").start();
        FifoPrivilegedHelper client = client(h, DEADLINE);

        assertEquals("mount missing: refused: " + mnt("missing") + " does not exist",
                assertThrows(PrivilegedHelperException.class, () -> client.mount("missing")).getMessage());
        assertEquals("mount opendir: refused: " + open + " is writable by group or others and not sticky (mode 0777)",
                assertThrows(PrivilegedHelperException.class, () -> client.mount("opendir")).getMessage());
        assertEquals("mount linked: refused: " + tmp.resolve("link") + " is a symbolic link, not a directory",
                assertThrows(PrivilegedHelperException.class, () -> client.mount("linked")).getMessage());
        assertEquals("umount linked: refused: " + tmp.resolve("link") + " is a symbolic link, not a directory",
                assertThrows(PrivilegedHelperException.class, () -> client.unmount("linked")).getMessage());
        assertTrue(h.logLines().contains("dsas-privhelper: mount linked: refused: " + tmp.resolve("link")
                + " is a symbolic link, not a directory"), h.log());
        // A safe path: mount(8) runs and refuses (no such type as root; not root otherwise): its reason in one line.
        String failed = assertThrows(PrivilegedHelperException.class, () -> client.mount("nofs")).getMessage();
        assertTrue(failed.startsWith("mount nofs: ") && failed.length() > "mount nofs: ".length(), failed);
        assertFalse(failed.contains("\n"), failed);
        assertEquals(new MountState("nofs", "/dev/dsas-none", mnt("nofs").toString(), "dsasnofs", false, false),
                client.status("nofs"));
        // Unmounting what is not mounted runs nothing and says so.
        assertEquals(new MountState("scratch", "tmpfs", mnt("scratch").toString(), "tmpfs", false, false),
                client.unmount("scratch"));
    }

    @Test
    void aBadConfigurationIsRefusedWholeWithEveryProblem() throws Exception {
        Path m = tmp.resolve("mnt");
        String mounts = "# a comment, then a blank line\n"
                + "\n"
                + "good tmpfs " + m.resolve("good") + " tmpfs size=1m\n"
                + "Bad tmpfs " + m.resolve("a") + " tmpfs size=1m\n"
                + "good tmpfs " + m.resolve("b") + " tmpfs size=1m\n"
                + "short tmpfs " + m.resolve("c") + "\n"
                + "rel tmpfs mnt/d tmpfs size=1m\n"
                + "etc tmpfs /etc/dsas tmpfs size=1m\n"
                + "opt -oloop " + m.resolve("e") + " tmpfs size=1m;reboot\n"
                + "dots tmpfs " + m + "/../f tmpfs defaults\n"
                + "same tmpfs " + m.resolve("good") + " tmpfs defaults\n";
        List<String> problems = List.of(
                "mounts:4: name 'Bad' is not [a-z0-9][a-z0-9_-]{0,31}",
                "mounts:5: name 'good' is already used on line 3",
                "mounts:6: expected 5 fields (name device mountpoint fstype options), found 3",
                "mounts:7: mountpoint 'mnt/d' is not an absolute path of [A-Za-z0-9._-] words (at most 255 characters)",
                "mounts:8: mountpoint '/etc/dsas' is in /etc, a system directory",
                "mounts:9: device '-oloop' is neither an absolute path nor a word such as tmpfs or UUID=...",
                "mounts:9: options 'size=1m;reboot' are not a comma-separated list of [A-Za-z0-9_.=:/+-] (defaults for none)",
                "mounts:10: mountpoint '" + m + "/../f' has a . or .. component",
                "mounts:11: mountpoint '" + m.resolve("good") + "' is already used on line 3");
        PrivHelperProcess h = helper(mounts);

        PrivHelperProcess.Result check = h.check();
        List<String> expected = new ArrayList<>(problems);
        expected.add("9 problem(s) in " + h.dir + "/mounts");
        assertEquals(expected, check.out().lines().toList());
        assertEquals(1, check.exit());

        assertEquals(1, h.runToEnd());
        expected = new ArrayList<>(problems);
        expected.add("dsas-privhelper: 9 problem(s) in " + h.dir + "/mounts; not serving");
        assertEquals(expected, h.logLines());
        assertFalse(Files.exists(h.dir.resolve("request")));
        FifoPrivilegedHelper client = client(h, DEADLINE);
        String state = client.state();
        assertTrue(state.startsWith("refused to start at ") && state.endsWith(": " + problems.get(0) + " and 8 more ("
                + h.dir.resolve("refused") + "): mount unavailable"), state);
        assertTrue(client.alarmed());
        assertEquals(state, assertThrows(PrivilegedHelperException.class, () -> client.mount("good")).getMessage());

        // fixed, it serves, and the refusal is gone
        Files.writeString(h.dir.resolve("mounts"), mounts());
        assertEquals(0, h.check().exit(), h.check().out());
        h.start();
        assertFalse(Files.exists(h.dir.resolve("refused")));
        assertEquals("reachable (" + h.dir + ")", awaitState(client, "reachable"));
    }

    @Test
    void aHelperDirectoryOthersMayWriteIsRefused() throws Exception {
        PrivHelperProcess h = helper(mounts());
        Files.setPosixFilePermissions(h.dir, PosixFilePermissions.fromString("rwxrwxr-x"));

        assertEquals(1, h.runToEnd());
        assertEquals(List.of("dsas-privhelper: " + h.dir + " is writable by group or others (mode 0775); not serving"),
                h.logLines());
    }

    @Test
    void malformedAndOversizedRequestsGetAnErrorAndTheHelperGoesOn() throws Exception {
        PrivHelperProcess h = helper(mounts()).start();
        try (RawFifos raw = new RawFifos(h.dir)) {
            raw.send("hello\n7 frob scratch\n8 status Scratch\n9 status a b\n10 status\n"
                    + "11 status " + "x".repeat(300) + "\n" + "y".repeat(5000) + "\n12 status scratch\n");
            assertEquals(List.of(
                    "0 error malformed request: expected '<id> mount|umount|status <name>' with an id of 1-9 digits",
                    "7 error unknown operation 'frob' (mount, umount, status)",
                    "8 error bad name 'Scratch': expected [a-z0-9][a-z0-9_-]{0,31}",
                    "9 error malformed request: expected '<id> mount|umount|status <name>', found 4 words",
                    "10 error malformed request: expected '<id> mount|umount|status <name>', found 2 words",
                    "11 error request longer than 256 bytes: ignored",
                    "0 error request longer than 256 bytes: ignored",
                    "12 ok unmounted tmpfs " + mnt("scratch") + " tmpfs"), raw.replies(8));
        }
    }

    @Test
    void aRequestWrittenInPartsIsServedWhole() throws Exception {
        PrivHelperProcess h = helper(mounts()).start();
        try (RawFifos raw = new RawFifos(h.dir)) {
            raw.send("21 sta");
            // longer than the helper's 1 s read timeout, so the line arrives across two reads; not an assertion delay
            Thread.sleep(1500);
            raw.send("tus scratch\n");
            assertEquals(List.of("21 ok unmounted tmpfs " + mnt("scratch") + " tmpfs"), raw.replies(1));
        }
    }

    @Test
    void concurrentRequestsEachGetTheirOwnReply() throws Exception {
        PrivHelperProcess h = helper(mounts()).start();
        FifoPrivilegedHelper client = client(h, DEADLINE);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String name = List.of("scratch", "nofs", "missing").get(i % 3);
                results.add(pool.submit(() -> {
                    MountState s = client.status(name);
                    return s.name() + " " + s.mountpoint();
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                String name = List.of("scratch", "nofs", "missing").get(i % 3);
                assertEquals(name + " " + mnt(name), results.get(i).get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void withoutHelperTheStateSaysAbsentAndRequestsFailAtOnce() throws Exception {
        PrivHelperProcess h = helper(mounts()); // never started
        FifoPrivilegedHelper client = client(h, DEADLINE);

        assertEquals("absent (the appliance was not started by bin/dsas-run as root): mount unavailable",
                client.state());
        assertFalse(client.alarmed());
        assertEquals("privileged helper absent (the appliance was not started by bin/dsas-run as root): mount "
                + "unavailable", assertThrows(PrivilegedHelperException.class, client::mounts).getMessage());
        assertTrue(threads.isEmpty(), "no thread for an absent helper: " + threads);
    }

    @Test
    void aHelperStoppedWhileConnectedIsReportedAndRequestsFail() throws Exception {
        PrivHelperProcess h = helper(mounts()).start();
        FifoPrivilegedHelper client = client(h, DEADLINE);
        client.status("scratch");

        h.terminate();

        assertFalse(Files.exists(h.dir.resolve("request")), "SIGTERM removes the FIFOs");
        String state = awaitState(client, "the privileged helper exited");
        assertTrue(state.matches("the privileged helper exited at \\d\\d:\\d\\d(:\\d\\d)?: mount unavailable"), state);
        assertTrue(client.alarmed());
        assertEquals(state, assertThrows(PrivilegedHelperException.class, () -> client.status("scratch")).getMessage());
    }

    @Test
    void aKilledHelperIsNotAnsweringAndAHelperStartedAgainIsUsed() throws Exception {
        PrivHelperProcess h = helper(mounts()).start();
        FifoPrivilegedHelper client = client(h, DEADLINE);
        client.status("scratch");

        h.kill();

        assertTrue(Files.exists(h.dir.resolve("request")), "SIGKILL leaves the FIFOs");
        String state = awaitState(client, "privileged helper not answering");
        assertEquals("privileged helper not answering: nothing reads " + h.dir.resolve("request")
                + " (the helper is not running): mount unavailable", state);
        assertTrue(client.alarmed());
        assertEquals("privileged helper not answering: nothing reads " + h.dir.resolve("request")
                + " (the helper is not running)",
                assertThrows(PrivilegedHelperException.class, () -> client.status("scratch")).getMessage());

        h.start();

        // the first request may still meet the FIFOs of the killed helper (that start releases them): it says so
        await("a request answered by the new helper", Duration.ofSeconds(20), () -> {
            try {
                return client.status("scratch").name().equals("scratch");
            } catch (PrivilegedHelperException e) {
                return false;
            }
        });
        assertEquals("reachable (" + h.dir + ")", client.state());
        assertFalse(client.alarmed());
    }

    @Test
    void aRequestWithoutReplyFailsAtItsDeadlineAndALateReplyIsIgnored() throws Exception {
        // A fake helper: the test holds both FIFOs and answers by hand.
        Path dir = Files.createDirectories(tmp.resolve("fake"));
        mkfifo(dir.resolve("request"));
        mkfifo(dir.resolve("reply"));
        try (RawFifos fake = RawFifos.asHelper(dir)) {
            FifoPrivilegedHelper client = new FifoPrivilegedHelper(dir, Duration.ofMillis(500), CONNECT, factory);
            toClose.add(client);

            PrivilegedHelperException e = assertThrows(PrivilegedHelperException.class, () -> client.status("scratch"));
            assertEquals("status scratch: no answer from the privileged helper within 500 ms", e.getMessage());
            String first = fake.requests(1).get(0);
            assertTrue(first.matches("[1-9][0-9]{0,8} status scratch"), first);
            String id = first.split(" ")[0];

            // the late reply and one with an unknown id are dropped; the next request gets its own
            ExecutorService pool = Executors.newSingleThreadExecutor();
            try {
                Future<MountState> next = pool.submit(() -> client.mount("scratch"));
                String second = fake.requests(1).get(0);
                assertTrue(second.endsWith(" mount scratch") && !second.startsWith(id + " "), second);
                fake.send(id + " ok unmounted tmpfs /late tmpfs\n0 error nobody's\n"
                        + second.split(" ")[0] + " ok mounted tmpfs /mnt/s tmpfs\n");
                assertEquals(new MountState("scratch", "tmpfs", "/mnt/s", "tmpfs", true, true),
                        next.get(10, TimeUnit.SECONDS));
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void closingTheClientEndsItsThreads() throws Exception {
        PrivHelperProcess h = helper(mounts()).start();
        FifoPrivilegedHelper client = client(h, DEADLINE);
        client.status("scratch");
        assertFalse(threads.isEmpty());

        client.close();

        await("the client's threads end", Duration.ofSeconds(10), () -> threads.stream().noneMatch(Thread::isAlive));
        assertEquals("closed", client.state());
    }

    @Test
    void theShippedMountsFileIsValidAndSoAreItsExamples() throws Exception {
        String shipped = Files.readString(Path.of("../../karaf-assembly/src/main/overlay/privileged/mounts"));
        PrivHelperProcess h = helper(shipped);
        assertEquals(new PrivHelperProcess.Result(0, h.dir + "/mounts: 0 mount(s), no problem\n"), h.check());

        Files.writeString(h.dir.resolve("mounts"), shipped.replaceAll("(?m)^#([a-z])", "$1"));
        assertEquals(new PrivHelperProcess.Result(0, h.dir + "/mounts: 2 mount(s), no problem\n"), h.check());
    }

    /** What a test does with a status component whose karaf.home is the test's directory. */
    interface WithComponent {
        void run(PrivilegedHelperComponent component) throws Exception;
    }

    /** Runs {@code test} with a fresh component on karaf.home = the test's directory, then restores karaf.home. */
    private void withComponent(WithComponent test) throws Exception {
        String home = System.getProperty("karaf.home");
        System.setProperty("karaf.home", tmp.toString());
        PrivilegedHelperComponent component = new PrivilegedHelperComponent();
        try {
            component.activate();
            test.run(component);
        } finally {
            component.deactivate();
            if (home == null) {
                System.clearProperty("karaf.home");
            } else {
                System.setProperty("karaf.home", home);
            }
        }
    }

    @Test
    void theStatusSectionSaysAbsentWithoutAlarmWhenNoHelperRuns() throws Exception {
        withComponent(component -> {
            assertEquals("privileged", component.section());
            assertEquals(java.util.Map.of("helper", FifoPrivilegedHelper.ABSENT), component.status());
            assertEquals(List.of(), component.alarms());
        });
    }

    @Test
    void theStatusSectionSaysReachableAndAnAlarmOnceTheHelperIsGone() throws Exception {
        PrivHelperProcess h = helper(mounts()).start();
        withComponent(component -> {
            await("reachable", Duration.ofSeconds(20), () -> component.state().startsWith("reachable"));
            assertEquals(java.util.Map.of("helper", "reachable (" + h.dir + ")"), component.status());
            assertEquals(List.of(), component.alarms());

            h.terminate();

            await("exited", Duration.ofSeconds(20), () -> component.state().startsWith("the privileged helper exited"));
            assertEquals(List.of("helper " + component.state()), component.alarms());
        });
    }

    @Test
    void namesAreTheFirstWordsOfTheEntries() {
        assertEquals(List.of("a", "b-1", "c_2"), FifoPrivilegedHelper.names(List.of(
                "# comment", "a tmpfs /x tmpfs defaults", "   ", "  b-1 /dev/x /y ext4 rw # note",
                "Bad /dev/x /z ext4 rw", "#c_1 x", "c_2 x", "a again")));
    }

    private static String awaitState(FifoPrivilegedHelper client, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        String state = client.state();
        while (!state.startsWith(prefix)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("state not '" + prefix + "...' within 20 s; last: " + state);
            }
            Thread.sleep(20);
            state = client.state();
        }
        return state;
    }

    private static void mkfifo(Path p) throws Exception {
        Process mk = new ProcessBuilder("mkfifo", p.toString()).inheritIO().start();
        assertEquals(0, mk.waitFor());
    }

    /** The helper's FIFOs opened by the test: as a client (write requests, read replies) or as a fake helper. */
    static final class RawFifos implements AutoCloseable {
        private final FileChannel out;
        private final FileChannel in;

        private RawFifos(FileChannel out, FileChannel in) {
            this.out = out;
            this.in = in;
        }

        /** One line, a byte at a time (a Reader over a FileChannel waits to fill its buffer). */
        private String readLine() throws IOException {
            StringBuilder line = new StringBuilder();
            ByteBuffer one = ByteBuffer.allocate(1);
            while (true) {
                one.clear();
                if (in.read(one) < 0) {
                    return line.length() == 0 ? null : line.toString();
                }
                char c = (char) one.get(0);
                if (c == '\n') {
                    return line.toString();
                }
                line.append(c);
            }
        }

        RawFifos(Path dir) throws IOException {
            this(FileChannel.open(dir.resolve("request"), StandardOpenOption.WRITE),
                    FileChannel.open(dir.resolve("reply"), StandardOpenOption.READ));
        }

        /** Both FIFOs held read-write, as the helper holds them: the client's opens return at once. */
        static RawFifos asHelper(Path dir) throws IOException {
            FileChannel reply = FileChannel.open(dir.resolve("reply"), StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileChannel request = FileChannel.open(dir.resolve("request"), StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            return new RawFifos(reply, request);
        }

        void send(String text) throws IOException {
            ByteBuffer b = ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
            while (b.hasRemaining()) {
                out.write(b);
            }
        }

        /** The next n lines from the other side, each within 10 s. */
        List<String> replies(int n) throws Exception {
            List<String> lines = new ArrayList<>();
            ExecutorService one = Executors.newSingleThreadExecutor();
            try {
                for (int i = 0; i < n; i++) {
                    lines.add(one.submit(this::readLine).get(10, TimeUnit.SECONDS));
                }
            } finally {
                one.shutdownNow();
            }
            return lines;
        }

        List<String> requests(int n) throws Exception {
            return replies(n);
        }

        @Override
        public void close() throws IOException {
            out.close();
            in.close();
        }
    }
}
